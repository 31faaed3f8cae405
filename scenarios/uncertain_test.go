package scenarios

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// distInvalidCases are mistakes in distributions, with the exact report
// expected.
var distInvalidCases = []invalidCase{
	{name: "uniform with lo above hi", src: edit("discount: 0.9", "discount: {uniform: [0.99, 0.9]}"),
		want: "x.yaml:21:25: parties.b.discount.uniform: expected [lo, hi] with lo < hi, both in (0, 1], found [0.99, 0.9]"},
	{name: "uniform beyond the range", src: edit("discount: 0.9", "discount: {uniform: [0.9, 1.1]}"),
		want: "x.yaml:21:25: parties.b.discount.uniform: expected [lo, hi] with lo < hi, both in (0, 1], found [0.9, 1.1]"},
	{name: "uniform of one number", src: edit("reservation: 0.2", "reservation: {uniform: [0.1]}"),
		want: "x.yaml:20:28: parties.b.reservation.uniform: expected [lo, hi], two numbers, found a list of 1 number"},
	{name: "uniform of a word", src: edit("reservation: 0.2", "reservation: {uniform: [low, 0.5]}"),
		want: "x.yaml:20:29: parties.b.reservation.uniform: expected a number, found \"low\""},
	{name: "uniform of a mapping", src: edit("reservation: 0.2", "reservation: {uniform: {lo: 0, hi: 1}}"),
		want: "x.yaml:20:28: parties.b.reservation.uniform: expected [lo, hi], two numbers, found a mapping"},
	{name: "triangular mode outside", src: edit("reservation: 0.2", "reservation: {triangular: [0.1, 0.9, 0.5]}"),
		want: "x.yaml:20:31: parties.b.reservation.triangular: expected [lo, mode, hi] with lo <= mode <= hi and lo < hi, all in [0, 1], found [0.1, 0.9, 0.5]"},
	{name: "normal misspelt", src: edit("reservation: 0.2", "reservation: {normal: {mean: 0.5, sdd: 0.1}}"),
		want: "x.yaml:20:39: parties.b.reservation.normal.sdd: unknown field (did you mean \"sd\"?)"},
	{name: "normal out of range", src: edit("reservation: 0.2", "reservation: {normal: {mean: 1.5, sd: 0}}"),
		want: "x.yaml:20:34: parties.b.reservation.normal.mean: expected a number in [0, 1], found 1.5\nx.yaml:20:43: parties.b.reservation.normal.sd: expected a number > 0, found 0"},
	{name: "beta out of range", src: edit("reservation: 0.2", "reservation: {beta: {mean: 1, concentration: -2}}"),
		want: "x.yaml:20:32: parties.b.reservation.beta.mean: expected a number in (0, 1), found 1\nx.yaml:20:50: parties.b.reservation.beta.concentration: expected a number in (0, 1000000], found -2"},
	{name: "beta of an integer", src: edit("deadline: 10", "deadline: {beta: {mean: 0.5, concentration: 2}}"),
		want: "x.yaml:28:14: protocol.deadline.beta: a beta distribution draws numbers in (0, 1), but this field takes an integer in [1, 1000000]; use uniform, triangular, normal or choice"},
	{name: "unknown distribution", src: edit("reservation: 0.2", "reservation: {unifrom: [0.1, 0.2]}"),
		want: "x.yaml:20:19: parties.b.reservation.unifrom: unknown distribution \"unifrom\" (did you mean \"uniform\"?)"},
	{name: "two distributions", src: edit("reservation: 0.2", "reservation: {uniform: [0.1, 0.2], normal: {mean: 0.1, sd: 0.1}}"),
		want: "x.yaml:20:18: parties.b.reservation: expected a number in [0, 1] or a distribution such as {uniform: [lo, hi]}, found a mapping of 2 fields"},
	{name: "empty distribution", src: edit("reservation: 0.2", "reservation: {}"),
		want: "x.yaml:20:18: parties.b.reservation: expected a number in [0, 1] or a distribution such as {uniform: [lo, hi]}, found an empty mapping"},
	{name: "probabilities do not sum to 1", src: edit("strategy: {type: linear, acceptance: next}", "strategy: {type: {choice: {boulware: 0.5, linear: 0.4}}}"),
		want: "x.yaml:26:31: parties.b.strategy.type.choice: probabilities sum to 0.9, not 1"},
	{name: "choice of unknown strategies", src: edit("strategy: {type: linear, acceptance: next}", "strategy: {type: {choice: {bulware: 0.5, linear: 0.5, tit_for_tat: 0}}}"),
		want: "x.yaml:26:32: parties.b.strategy.type.choice.bulware: expected one of \"boulware\", \"conceder\", \"hardliner\" or \"linear\", found \"bulware\" (did you mean \"boulware\"?)\nx.yaml:26:59: parties.b.strategy.type.choice.tit_for_tat: expected one of \"boulware\", \"conceder\", \"hardliner\" or \"linear\", found \"tit_for_tat\""},
	{name: "uniform of a categorical field", src: edit("deadline: 10", "deadline: 10\n  first: {uniform: [0, 1]}"),
		want: "x.yaml:29:11: protocol.first.uniform: a uniform distribution draws numbers, but this field takes one of \"a\", \"b\" or \"random\"; use {choice: {value: probability, ...}}"},
	{name: "no distribution allowed", src: edit("deadline: 10", "deadline: 10\n  type: {choice: {alternating: 1}}", "step: 5", "step: {uniform: [1, 5]}", "description: A test scenario.", "description: A test scenario.\nruns: {uniform: [10, 20]}"),
		want: "x.yaml:3:7: runs: expected an integer in [1, 100000000], found a uniform distribution; this field cannot be uncertain (see \"Uncertain assumptions\" in the README)\nx.yaml:11:11: issues.border.step: expected a number > 0, found a uniform distribution; this field cannot be uncertain (see \"Uncertain assumptions\" in the README)\nx.yaml:30:9: protocol.type: expected one of \"alternating\", \"monotonic\" or \"single_text\", found a choice distribution; this field cannot be uncertain (see \"Uncertain assumptions\" in the README)"},
	{name: "label given a distribution", src: edit("{id: simplified, label: Simplified checks}", "{id: simplified, label: {choice: {a: 0.5, b: 0.5}}}"),
		want: "x.yaml:5:49: issues.corridor.options.1.label: expected a label, found a choice distribution; this field cannot be uncertain (see \"Uncertain assumptions\" in the README)"},
	{name: "parameter of one strategy of the choice", src: edit("strategy: {type: linear, acceptance: next}", "strategy: {type: {choice: {linear: 0.5, hardliner: 0.5}}, e: 2, acceptance: next}"),
		want: "x.yaml:26:63: parties.b.strategy.e: unknown parameter of strategy \"hardliner\", which the choice of type may draw: a parameter given must fit every strategy of the choice (expected one of acceptance, accept_threshold)"},
	{name: "parameters that clash at an end", src: edit("strategy: {type: linear, acceptance: next}", "strategy: {type: linear, convention: {choice: {genius: 0.7, negmas: 0.3}}, k: 0.1}"),
		want: "x.yaml:26:42: parties.b.strategy.convention: strategy \"linear\": k must be 0 with convention negmas, when convention is \"negmas\", which its distribution may draw"},
	{name: "parameter distributions", src: edit("strategy: {type: linear, acceptance: next}", "strategy: {type: linear, e: {uniform: [1, 200]}, verbose: {choice: {true: 0.5, maybe: 0.5}}, acceptance: {choice: {nxt: 1}}}"),
		want: "x.yaml:26:43: parties.b.strategy.e.uniform: expected [lo, hi] with lo < hi, both in [0, 100], found [1, 200]\nx.yaml:26:84: parties.b.strategy.verbose.choice.maybe: expected true or false, found \"maybe\"\nx.yaml:26:120: parties.b.strategy.acceptance.choice.nxt: expected one of \"auto\", \"next\" or \"const\", found \"nxt\" (did you mean \"next\"?)"},
	{name: "integer bounds", src: edit("deadline: 10", "deadline: {uniform: [10.5, 20]}"),
		want: "x.yaml:28:23: protocol.deadline.uniform: expected [lo, hi] with lo < hi, both integers in [1, 1000000], found [10.5, 20]"},
	{name: "choice of duplicate numbers", src: edit("deadline: 10", "deadline: {choice: {10: 0.5, 10.0: 0.25, 0: 0.25}}"),
		want: "x.yaml:28:32: protocol.deadline.choice.10.0: duplicate value 10 (first given at line 28, column 23)\nx.yaml:28:44: protocol.deadline.choice.0: expected a number in [1, 1000000], found 0"},
	{name: "breakdown risk under the single text", src: edit("deadline: 10", "deadline: 10\n  type: single_text\n  breakdown: {uniform: [0, 0.1]}"),
		want: "x.yaml:30:14: protocol.breakdown: expected 0 for the single_text protocol, which has no chance breakdown, found a uniform distribution"},
	{name: "discount per offer may be drawn outside alternating offers", src: edit("deadline: 10", "deadline: 10\n  type: monotonic\n  discount_per: {choice: {round: 0.5, offer: 0.5}}"),
		want: "x.yaml:30:17: protocol.discount_per: expected \"round\" for the monotonic protocol, found a choice that may draw \"offer\"; discounting per offer applies only to alternating offers"},
	{name: "concentration of uncertain weights", src: edit("weights: {corridor: 0.25, border: 0.75}", "weights: {corridor: {uniform: [0.2, 0.3]}, border: 0.75}\n    weights_concentration: 100"),
		want: "x.yaml:23:28: parties.b.weights_concentration: weights_concentration draws every weight at once, centred on the weights given; give the weights as numbers, not distributions"},
	{name: "concentration of one weight", src: edit("weights: {corridor: 0.25, border: 0.75}", "weights: {corridor: 0, border: 1}\n    weights_concentration: 100", "      corridor: {national: 0, simplified: 1}\n", ""),
		want: "x.yaml:23:28: parties.b.weights_concentration: weights_concentration needs at least two issues of weight above 0, found 1"},
	{name: "concentration not positive", src: edit("weights: {corridor: 0.25, border: 0.75}", "weights: {corridor: 0.25, border: 0.75}\n    weights_concentration: {uniform: [1, 2]}"),
		want: "x.yaml:23:28: parties.b.weights_concentration: expected a number in (0, 1000000], found a uniform distribution; this field cannot be uncertain (see \"Uncertain assumptions\" in the README)"},
	{name: "uncertain self-interest without preferences", src: editFac("  preferences:\n    weights: {corridor: 1, border: 0}\n    values:\n      corridor: {national: 0, simplified: 1}\n", "", "self_interest: 0.2", "self_interest: {uniform: [0, 0.2]}"),
		want: "x.yaml:42:18: facilitator.self_interest: self_interest {uniform: [0, 0.2]} may draw values above 0, which weigh the facilitator's own utility, but it has none; give facilitator.preferences (weights and values), or set self_interest to 0"},
	{name: "uncertain change beyond the evaluation", src: editFac("{corridor.simplified: 0.25, border.5: 0.5}", "{corridor.simplified: {uniform: [0, 0.6]}, border.5: 0.5}"),
		want: "x.yaml:52:34: facilitator.guarantees.checks.evaluation_delta.a.corridor.simplified: expected a number in [-0.5, 0.5], found a uniform distribution, which may draw 0.6: a's evaluation of corridor.simplified is 0.5, and with the change it must stay in [0, 1]"},
	{name: "distribution in a set", src: base, sets: []string{"parties.a.discount={uniform: [1, 2]}", "parties.b.strategy.type={choice: {boulware: 1.5}}"},
		want: "--set parties.a.discount={uniform: [1, 2]}: parties.a.discount.uniform: expected [lo, hi] with lo < hi, both in (0, 1], found [1, 2]\n--set parties.b.strategy.type={choice: {boulware: 1.5}}: parties.b.strategy.type.choice.boulware: expected a number in [0, 1], found 1.5"},
}

func init() {
	invalidCases = append(invalidCases, distInvalidCases...)
}

// uncertainCase gives every kind of field that may be uncertain a
// distribution, each form at least once, the Dirichlet weights of a party
// and of the facilitator included.
const uncertainCase = `name: uncertain
description: Every kind of uncertain field.
issues:
  - id: corridor
    options: [national, {id: simplified, label: Simplified checks}]
  - id: border
    kind: border
    min: 0
    max: 10
    step: 5
    unit: km
parties:
  a:
    reservation: {uniform: [0.1, 0.3]}
    discount: {triangular: [0.9, 0.97, 1]}
    cost: {beta: {mean: 0.01, concentration: 100}}
    weights: {corridor: {uniform: [1, 3]}, border: 1}
    values:
      corridor: {national: 1, simplified: {normal: {mean: 0.5, sd: 0.1}}}
      border: {ideal: {uniform: [2, 8]}, loss: {choice: {linear: 0.5, quadratic: 0.5}}, tolerance: {uniform: [0, 2]}}
    perception: {noise: {uniform: [0, 0.2]}}
    strategy: {type: {choice: {boulware: 0.5, conceder: 0.5}}, e: {uniform: [0.1, 2]}, verbose: {choice: {true: 0.3, false: 0.7}}}
    invite_when: {stalled_rounds: 4}
  b:
    reservation: 0.2
    breakdown_value: {uniform: [0, 0.2]}
    discount: 0.9
    weights: {corridor: 0.25, border: 0.75}
    weights_concentration: 50
    values:
      corridor: {national: 0, simplified: 1}
      border: {table: {0: {uniform: [0, 0.2]}, 5: 1, 10.0: 0.4}}
    strategy: {type: linear, acceptance: {choice: {next: 0.6, const: 0.4}}}
protocol:
  deadline: {uniform: [5, 15]}
  first: {choice: {a: 0.5, random: 0.5}}
  breakdown: {uniform: [0, 0.05]}
facilitator:
  mode: {choice: {on_request: 0.9, always: 0.1}}
  consent: {choice: {either: 0.5, both: 0.5}}
  invite_when: {stalled_rounds: {uniform: [2, 6]}, eps: {uniform: [0.01, 0.05]}, projected_no_deal: {choice: {true: 0.5, false: 0.5}}, window: {triangular: [2, 4, 8]}, continuation_below: {uniform: [0, 0.1]}, after_time: {uniform: [0.5, 1]}, accept_offer: {uniform: [0, 1]}}
  information: {choice: {confidential: 0.5, observed: 0.5}}
  proposal: {choice: {nash: 0.4, kalai_smorodinsky: 0.3, equal_concession: 0.3}}
  bias: {uniform: [-0.5, 0.5]}
  self_interest: {uniform: [0, 0.3]}
  preferences:
    weights: {corridor: 1, border: 1}
    weights_concentration: 20
    values:
      corridor: {national: 0, simplified: 1}
      border: {linear: {choice: {increasing: 0.5, decreasing: 0.5}}}
  text: {max_drafts: {uniform: [1, 10]}, moves: {choice: {one_issue: 0.5, package2: 0.5}}}
  guarantees:
    - name: checks
      when: {corridor: simplified, border: 5}
      evaluation_delta:
        a: {corridor.simplified: {uniform: [-0.2, 0.2]}, border.5: 0.1}
        b: {corridor.simplified: {uniform: [-0.5, 0]}}
      cost: {uniform: [0, 0.1]}
  budget: {uniform: [0.05, 0.2]}
`

// update rewrites the golden files of this package's tests.
var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// golden compares got with the file testdata/name, or writes it with
// -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -run %s -update to rewrite it):\n%s", name, t.Name(), got)
	}
}

// assumptionsText writes assumptions one per line.
func assumptionsText(as []Assumption) []byte {
	var b bytes.Buffer
	for _, a := range as {
		fmt.Fprintf(&b, "%s\t%s\t%s", a.Path, a.Kind, a.Dist)
		if a.Values != nil {
			fmt.Fprintf(&b, "\t%s", strings.Join(a.Values, " "))
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// TestUncertainResolved checks the resolved scenario and the list of
// assumptions of a scenario with every kind of uncertain field, and that
// the resolved scenario reads back as the same.
func TestUncertainResolved(t *testing.T) {
	s, err := parse("u.yaml", []byte(uncertainCase), nil, testCatalog())
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "uncertain.resolved.yaml", s.Resolved)
	golden(t, "uncertain.assumptions.txt", assumptionsText(s.Assumptions))
	again, err := parse("resolved.yaml", s.Resolved, nil, testCatalog())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Resolved, s.Resolved) || !reflect.DeepEqual(again.Assumptions, s.Assumptions) {
		t.Errorf("the resolved scenario reads back differently:\n%s", again.Resolved)
	}
}

// TestNominal checks the negotiation of a scenario with uncertain fields:
// each at its median, a choice at its most probable value, the weights of
// weights_concentration as stated.
func TestNominal(t *testing.T) {
	s, err := parse("u.yaml", []byte(uncertainCase), nil, testCatalog())
	if err != nil {
		t.Fatal(err)
	}
	n := s.Negotiation
	a, b := n.Parties[0], n.Parties[1]
	triMedian := 0.9 + math.Sqrt(0.5*0.1*0.07) // triangular [0.9, 0.97, 1]: F(0.97) = 0.7, so the median lies below the mode
	space := n.Space
	o := space.Encode([]int{1, 1}) // simplified, 5 km
	// a: weights corridor 2 (median of [1, 3]) and border 1; simplified 0.5;
	// border ideal 5 (median of [2, 8]), tolerance 1, loss linear: 5 km is
	// the ideal.
	wantA := 2.0/3*0.5 + 1.0/3*1
	// b: weights as stated, simplified 1, table 1 at 5 km.
	wantB := 0.25*1 + 0.75*1
	switch {
	case a.Reservation != 0.2 || math.Abs(a.Discount-triMedian) > 1e-15:
		t.Errorf("a: reservation %v, discount %v (want 0.2, %v)", a.Reservation, a.Discount, triMedian)
	case math.Abs(a.Utility.Of(o)-wantA) > 1e-12 || math.Abs(b.Utility.Of(o)-wantB) > 1e-12:
		t.Errorf("utilities %v %v, want %v %v", a.Utility.Of(o), b.Utility.Of(o), wantA, wantB)
	case b.BreakdownValue != 0.1 || a.BreakdownValue != a.Reservation:
		t.Errorf("breakdown values %v %v", a.BreakdownValue, b.BreakdownValue)
	case a.StrategyName != "boulware" || n.Protocol.Deadline != 10 || n.Protocol.FirstMover != 0:
		t.Errorf("strategy %s, deadline %d, first %d", a.StrategyName, n.Protocol.Deadline, n.Protocol.FirstMover)
	case n.Facilitator.Mode != sim.OnRequest || n.Facilitator.Consent != sim.ConsentEither || n.Facilitator.Triggers[0].StalledRounds != 4 || n.Facilitator.Triggers[1].StalledRounds != 4:
		t.Errorf("facilitator %+v", n.Facilitator)
	}
}

// TestTruncationWarning checks the warning about a normal distribution
// that loses mass to the field's range.
func TestTruncationWarning(t *testing.T) {
	s, err := parse("x.yaml", []byte(edit("discount: 0.9", "discount: {normal: {mean: 0.99, sd: 0.02}}", "reservation: 0.2", "reservation: {normal: {mean: 0.5, sd: 0.1}}")), nil, testCatalog())
	if err != nil {
		t.Fatal(err)
	}
	// Φ(0.5) = 0.6915 of the mass is kept; the mean is
	// 0.99 − 0.02·φ(0.5)/Φ(0.5) = 0.99 − 0.02·0.3521/0.6915 = 0.9798.
	want := "x.yaml:21:24: parties.b.discount: normal {mean: 0.99, sd: 0.02} is truncated to values in (0, 1], which cuts 30.85% of its mass: the values drawn have mean 0.9798"
	if len(s.Warnings) != 1 || s.Warnings[0].Error() != want {
		t.Errorf("warnings %v, want\n%s", s.Warnings, want)
	}
}

// TestReadmeUncertain checks the README's example of uncertain
// assumptions: the assumptions and the warning the text below it shows.
func TestReadmeUncertain(t *testing.T) {
	blocks, _ := readmeBlocks(t)
	i := slices.IndexFunc(blocks, func(b block) bool { return strings.Contains(b.marker, "uncertain-example") })
	if i < 0 || i+1 >= len(blocks) || blocks[i+1].lang != "text" {
		t.Fatal("no uncertain-example followed by a text block in the README")
	}
	s, err := Parse("uncertain.yaml", []byte(blocks[i].body), nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range s.Assumptions {
		line := a.Path + "  " + string(a.Kind) + "  " + a.Dist
		if a.Values != nil {
			line += "  " + strings.Join(a.Values, " ")
		}
		got = append(got, line)
	}
	for _, w := range s.Warnings {
		got = append(got, w.Error())
	}
	if want := strings.TrimSpace(blocks[i+1].body); strings.Join(got, "\n") != want {
		t.Errorf("the example gives\n%s\nthe README shows\n%s", strings.Join(got, "\n"), want)
	}
}

// TestEffectiveUncertain checks how the resolved scenario writes the
// parameters of an uncertain strategy: a certain parameter as played when
// every draw plays it the same (a preset's e of 0 as its exponent), as
// given when what it stands for depends on a draw.
func TestEffectiveUncertain(t *testing.T) {
	for _, tc := range []struct {
		set, want string
	}{
		{"parties.seller.strategy={type: boulware, acceptance: {choice: {next: 0.5, const: 0.5}}}", "{type: boulware, e: 0.2, convention: parley,"},
		{"parties.seller.strategy={type: boulware, convention: {choice: {genius: 0.5, negmas: 0.5}}}", "{type: boulware, e: 0, convention: {choice: {genius: 0.5, negmas: 0.5}},"},
		{"parties.seller.strategy={type: {choice: {boulware: 0.5, conceder: 0.5}}, e: 0}", "{type: {choice: {boulware: 0.5, conceder: 0.5}}, e: 0}"},
	} {
		s, err := Load("used-car", []string{tc.set})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(s.Resolved), "strategy: "+tc.want) {
			t.Errorf("%s: resolved\n%s\nwant the strategy %s", tc.set, s.Resolved, tc.want)
		}
		again, err := Parse("r.yaml", s.Resolved, nil)
		if err != nil || !bytes.Equal(again.Resolved, s.Resolved) {
			t.Errorf("%s: the resolved scenario reads back as\n%s (%v)", tc.set, again.Resolved, err)
		}
	}
}
