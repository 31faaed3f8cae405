package scenarios

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// certainFlagship pins every range the flagship states to its centre (and
// drops its Dirichlet weights), so that a test that adds uncertain fields
// of its own to the flagship draws only those. TestCertainFlagship checks
// that it leaves no range.
var certainFlagship = []string{
	"parties.armenia.reservation=0.35", "parties.armenia.discount=0.995", "parties.armenia.weights_concentration=",
	"parties.armenia.values.corridor.operator=0.6", "parties.armenia.strategy.e=0.2",
	"parties.azerbaijan.reservation=0.4", "parties.azerbaijan.discount=0.998", "parties.azerbaijan.weights_concentration=",
	"parties.azerbaijan.values.corridor.operator=0.6", "parties.azerbaijan.strategy.e=0.1",
	"protocol.breakdown=0.01", "facilitator.invite_when.stalled_rounds=10", "facilitator.invite_when.window=10", "facilitator.bias=0",
	"facilitator.guarantees.route_security_guarantee.evaluation_delta.armenia={corridor.operator: 0.2}",
	"facilitator.guarantees.route_security_guarantee.evaluation_delta.azerbaijan={corridor.operator: 0.2}",
}

// TestCertainFlagship checks that certainFlagship leaves the flagship
// without a range, and that the flagship states some.
func TestCertainFlagship(t *testing.T) {
	for _, c := range []struct {
		sets []string
		want bool
	}{{nil, true}, {certainFlagship, false}} {
		s, err := Load("south-caucasus", c.sets)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(s.Assumptions) > 0; got != c.want {
			t.Errorf("with %d sets: %d assumptions", len(c.sets), len(s.Assumptions))
		}
	}
}

// uncertainFlagship makes most kinds of field of the certain flagship
// (certainFlagship) uncertain:
// both parties' reservation values and discounts, weights of one party one
// by one, option values and ideal points of both, a perception, a
// strategy parameter and a choice of strategy type, the deadline, the
// first mover and the breakdown risk, the facilitator's mode, bias and a
// common trigger overridden by one party, a guarantee's change and cost,
// and the budget. Every range keeps each guarantee's change within its
// bounds, so that the scenario with the drawn values written in is valid.
var uncertainFlagship = append(slices.Clone(certainFlagship),
	"parties.armenia.reservation={normal: {mean: 0.35, sd: 0.05}}",
	"parties.armenia.discount={uniform: [0.98, 1]}",
	"parties.azerbaijan.reservation={triangular: [0.3, 0.4, 0.45]}",
	"parties.azerbaijan.breakdown_value=0.3",
	"parties.azerbaijan.discount={beta: {mean: 0.99, concentration: 500}}",
	"parties.armenia.weights.corridor={uniform: [0.2, 0.4]}",
	"parties.armenia.weights.monitors={uniform: [0.1, 0.2]}",
	"parties.armenia.values.enclaves.exchange={uniform: [0.6, 0.9]}",
	"parties.armenia.values.border_north.ideal={uniform: [0, 1]}",
	"parties.azerbaijan.values.constitution.amend_after={normal: {mean: 0.6, sd: 0.1}}",
	"parties.azerbaijan.values.border_north.tolerance={uniform: [0, 1]}",
	"parties.azerbaijan.perception.noise={uniform: [0, 0.1]}",
	"parties.armenia.strategy.e={uniform: [0.1, 0.3]}",
	"parties.azerbaijan.strategy.type={choice: {time-dependent: 0.5, boulware: 0.3, conceder: 0.2}}",
	"parties.azerbaijan.strategy.acceptance={choice: {auto: 0.5, next: 0.5}}",
	"protocol.deadline={uniform: [40, 80]}",
	"protocol.first={choice: {armenia: 0.4, azerbaijan: 0.4, random: 0.2}}",
	"protocol.breakdown={uniform: [0, 0.02]}",
	"protocol.discount_reservation={choice: {true: 0.3, false: 0.7}}",
	"facilitator.mode={choice: {on_request: 0.8, never: 0.2}}",
	"facilitator.bias={uniform: [-0.3, 0.3]}",
	"facilitator.invite_when.stalled_rounds={uniform: [5, 15]}",
	"facilitator.invite_when.projected_no_deal={choice: {true: 0.5, false: 0.5}}",
	"parties.armenia.invite_when.stalled_rounds={triangular: [8, 10, 20]}",
	"facilitator.guarantees.route_security_guarantee.evaluation_delta.armenia={corridor.operator: {uniform: [0, 0.3]}}",
	"facilitator.guarantees.route_security_guarantee.cost={uniform: [0, 0.1]}",
	"facilitator.budget={uniform: [0.05, 0.15]}",
	"parties.azerbaijan.weights_concentration=300",
)

// drawnSets returns the --set arguments that write the values drawn for
// the assumptions into the scenario as plain values (the weights drawn
// with weights_concentration too, which they remove).
func drawnSets(as []Assumption, draw []float64) []string {
	var pre, out []string
	for i, a := range as {
		v := strconv.FormatFloat(draw[i], 'g', -1, 64)
		if a.Kind == KindCategory {
			v = a.Values[int(draw[i])]
		}
		set := a.Path + "=" + v
		if j := strings.Index(a.Path, ".evaluation_delta."); j >= 0 {
			// "issue.value" keys cannot be named in a path: set the party's
			// whole mapping.
			party, key, _ := strings.Cut(a.Path[j+len(".evaluation_delta."):], ".")
			set = a.Path[:j] + ".evaluation_delta." + party + "={" + key + ": " + v + "}"
		}
		if strings.HasPrefix(a.Dist, "{dirichlet:") {
			weights, _, _ := strings.Cut(a.Path, ".weights.")
			if c := weights + ".weights_concentration="; !slices.Contains(pre, c) {
				pre = append(pre, c)
			}
		}
		out = append(out, set)
	}
	return append(pre, out...)
}

// sameNegotiation reports how a and b differ, or "".
func sameNegotiation(a, b *sim.Negotiation) string {
	if a.Space.Size() != b.Space.Size() {
		return "outcome spaces"
	}
	for k := range 2 {
		pa, pb := a.Parties[k], b.Parties[k]
		if !slices.Equal(pa.Utility.Values(), pb.Utility.Values()) || !slices.Equal(pa.Utility.Ranked(), pb.Utility.Ranked()) {
			return "utility of " + pa.ID
		}
		if (pa.Perceived == nil) != (pb.Perceived == nil) || (pa.Perceived != nil && !slices.Equal(pa.Perceived.Values(), pb.Perceived.Values())) {
			return "perception of " + pa.ID
		}
		pa.Utility, pb.Utility, pa.Perceived, pb.Perceived, pa.Strategy, pb.Strategy = nil, nil, nil, nil, nil, nil
		if pa != pb {
			return "party " + pa.ID
		}
	}
	if a.Protocol != b.Protocol {
		return "protocol"
	}
	if (a.Facilitator == nil) != (b.Facilitator == nil) {
		return "facilitator"
	}
	if a.Facilitator != nil {
		fa, fb := *a.Facilitator, *b.Facilitator
		if (fa.Utility == nil) != (fb.Utility == nil) || (fa.Utility != nil && !slices.Equal(fa.Utility.Values(), fb.Utility.Values())) {
			return "facilitator's utility"
		}
		fa.Utility, fb.Utility = nil, nil
		if !reflect.DeepEqual(fa, fb) {
			return "facilitator"
		}
	}
	return ""
}

// TestSamplerIsTheScenarioDrawn checks the sampler against its
// definition: the negotiation of each run is the scenario with the values
// drawn written in as plain values, built from scratch, and plays the
// same session.
func TestSamplerIsTheScenarioDrawn(t *testing.T) {
	s, err := Load("south-caucasus", uncertainFlagship)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Assumptions) != len(uncertainFlagship)-len(certainFlagship)-2+7 {
		t.Fatalf("%d assumptions: %+v", len(s.Assumptions), s.Assumptions)
	}
	smp := s.NewSampler()
	for run := range 12 {
		seed := sim.RunSeed(s.Seed, run)
		n, draw, err := smp.Sample(0, seed, nil)
		if err != nil {
			t.Fatal(err)
		}
		o, err := Load("south-caucasus", append(slices.Clone(uncertainFlagship), drawnSets(s.Assumptions, draw)...))
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if len(o.Assumptions) != 0 {
			t.Fatalf("run %d: the scenario drawn has assumptions: %v", run, o.Assumptions)
		}
		if d := sameNegotiation(n, o.Negotiation); d != "" {
			t.Fatalf("run %d: the %s differs from the scenario drawn (%v)", run, d, drawnSets(s.Assumptions, draw))
		}
		got := sim.NewSession(n).Play(run, seed, true)
		want := sim.NewSession(o.Negotiation).Play(run, seed, true)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("run %d: sessions differ:\n%+v\n%+v", run, got, want)
		}
	}
}

// TestSamplerWorkers checks that the values drawn and the results are
// the same whatever the number of workers.
func TestSamplerWorkers(t *testing.T) {
	s, err := Load("south-caucasus", uncertainFlagship)
	if err != nil {
		t.Fatal(err)
	}
	play := func(workers int) []sim.Result {
		var out []sim.Result
		b := sim.Batch{NewSampler: s.NewSampler, Runs: 200, Seed: s.Seed, Workers: workers}
		if err := b.Run(context.Background(), func(r *sim.Result) error {
			out = append(out, *r)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	one := play(1)
	for _, w := range []int{2, 8} {
		got := play(w)
		for i := range got {
			if g, o := resultText(got[i]), resultText(one[i]); g != o {
				t.Errorf("%d workers play run %d differently from 1:\n%s\n%s", w, i, g, o)
				break
			}
		}
	}
	agreed := 0
	for _, r := range one {
		if len(r.Draw) != len(s.Assumptions) {
			t.Fatalf("run %d drew %d values", r.Run, len(r.Draw))
		}
		if r.Agreed() {
			agreed++
		}
	}
	t.Logf("%d of %d runs agreed", agreed, len(one))
}

// resultText writes a result with its metrics, to compare results whose
// metrics hold NaN.
func resultText(r sim.Result) string {
	m := r.Metrics
	r.Metrics = nil
	if m == nil {
		return fmt.Sprintf("%+v", r)
	}
	return fmt.Sprintf("%+v %+v", r, *m)
}

// uncertainSweep varies a distribution and a value of the flagship, whose
// other assumptions are fixed.
const uncertainSweep = `name: uncertain-sweep
scenario: south-caucasus
replications: 6
seed: 5
fixed:
  parties.armenia.reservation: 0.35
  parties.armenia.weights_concentration: null
  parties.armenia.values.corridor.operator: 0.6
  parties.armenia.strategy.e: 0.2
  parties.azerbaijan.reservation: 0.4
  parties.azerbaijan.discount: 0.998
  parties.azerbaijan.values.corridor.operator: 0.6
  parties.azerbaijan.strategy.e: 0.1
  protocol.breakdown: 0.01
  facilitator.invite_when.stalled_rounds: 10
  facilitator.invite_when.window: 10
  facilitator.bias: 0
  facilitator.guarantees.route_security_guarantee.evaluation_delta.armenia: {corridor.operator: 0.2}
  facilitator.guarantees.route_security_guarantee.evaluation_delta.azerbaijan: {corridor.operator: 0.2}
  parties.azerbaijan.weights_concentration: 100
  protocol.deadline: {uniform: [40, 80]}
parameters:
  parties.armenia.discount: [{uniform: [0.9, 0.95]}, {uniform: [0.95, 1]}]
  facilitator.mode: [on_request, never]
`

// TestSweepSampler checks that a sweep's runs, with assumptions drawn for
// each, are the same whatever the number of workers, and that each is the
// run of the point's scenario (Load with Sets) drawn with the same seed.
func TestSweepSampler(t *testing.T) {
	sw, err := ParseSweep("u.yaml", []byte(uncertainSweep), SweepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, a := range sw.Assumptions {
		paths = append(paths, a.Path)
	}
	want := []string{"parties.armenia.discount", "parties.azerbaijan.weights.corridor", "parties.azerbaijan.weights.border_north",
		"parties.azerbaijan.weights.border_south", "parties.azerbaijan.weights.enclaves", "parties.azerbaijan.weights.constitution",
		"parties.azerbaijan.weights.legal_claims", "parties.azerbaijan.weights.monitors", "protocol.deadline"}
	if !slices.Equal(paths, want) {
		t.Fatalf("assumptions %v, want %v", paths, want)
	}
	play := func(workers int) ([]int, []sim.Result) {
		var points []int
		var out []sim.Result
		run := sim.Sweep{Points: sw.Points(), NewSampler: sw.NewSampler, Replications: sw.Replications, Seed: sw.Seed, Workers: workers,
			Emit: func(p int, r *sim.Result, _ []byte) error {
				points = append(points, p)
				out = append(out, *r)
				return nil
			}}
		if err := run.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		return points, out
	}
	points, one := play(1)
	_, two := play(2)
	for i := range one {
		if resultText(one[i]) != resultText(two[i]) {
			t.Fatalf("result %d differs between 1 and 2 workers", i)
		}
	}
	samplers := make(map[int]sim.Sampler)
	for i, r := range one {
		p := points[i]
		if samplers[p] == nil {
			s, err := Load("south-caucasus", sw.Sets(p))
			if err != nil {
				t.Fatal(err)
			}
			if msg := sameAssumptions(sw.Assumptions, s.Assumptions); msg != "" {
				t.Fatalf("point %d: %s", p, msg)
			}
			samplers[p] = s.NewSampler()
		}
		n, draw, err := samplers[p].Sample(0, r.Seed, nil)
		if err != nil {
			t.Fatal(err)
		}
		res := sim.NewSession(n).Play(r.Run, r.Seed, false)
		res.Draw = draw
		want := r
		want.Metrics = nil
		if resultText(res) != resultText(want) {
			t.Fatalf("point %d run %d: the sweep played\n%s\nthe point's scenario\n%s", p, r.Run, resultText(want), resultText(res))
		}
	}
}

// TestSweepAssumptionsDiffer checks that a sweep whose values change which
// fields are uncertain is refused where the value is written, and that a
// point built anyway says why at its first run.
func TestSweepAssumptionsDiffer(t *testing.T) {
	src := strings.Replace(uncertainSweep, "{uniform: [0.95, 1]}]", "0.99]", 1)
	_, err := ParseSweep("u.yaml", []byte(src), SweepOptions{})
	line := 1 + strings.Count(src[:strings.Index(src, "  parties.armenia.discount: [")], "\n")
	want := "u.yaml:" + strconv.Itoa(line) + ":54: parties.armenia.discount: every point of a sweep must draw the same assumptions, but with this value parties.armenia.discount is not uncertain, unlike at the sweep's first values"
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
	sw, err := ParseSweep("u.yaml", []byte(uncertainSweep), SweepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sw.Assumptions = sw.Assumptions[1:]
	_, _, err = sw.NewSampler().Sample(0, 1, nil)
	if err == nil || !strings.Contains(err.Error(), "differ from those of the sweep's first point") {
		t.Errorf("sampling a point of other assumptions: %v", err)
	}
}

// TestComparable checks the check of parley compare BASE OTHER: another
// scenario over the same issues and parties, every other difference
// allowed, and the first difference named otherwise.
func TestComparable(t *testing.T) {
	a := mustParse(t, base)
	tests := []struct {
		name string
		src  string
		sets []string
		want string
	}{
		{"everything else differs", edit("label: Simplified checks", "label: Simpler", "kind: border", "kind: line", "unit: km", "unit: mi", "discount: 0.9", "discount: 0.5"),
			[]string{"parties.a.strategy={type: conceder}", "parties.b.weights={corridor: {uniform: [0, 1]}, border: 1}", "protocol.deadline=20", "facilitator.mode=always"}, ""},
		{"an issue renamed", edit("  - id: border", "  - id: line", "corridor: 0.5, border: 0.5", "corridor: 0.5, line: 0.5", "border: {linear", "line: {linear",
			"corridor: 0.25, border: 0.75", "corridor: 0.25, line: 0.75", "border: {ideal", "line: {ideal"), nil,
			`b.yaml: issues.1: issue 2 is "line", not "border"; a comparison needs another scenario over the issues and parties of a.yaml, in the same order`},
		{"issues swapped", edit("  - id: corridor\n    options: [national, {id: simplified, label: Simplified checks}]\n", "", "    unit: km\n", "    unit: km\n  - id: corridor\n    options: [national, {id: simplified, label: Simplified checks}]\n"), nil,
			`b.yaml: issues.0: issue 1 is "border", not "corridor"; a comparison needs another scenario over the issues and parties of a.yaml, in the same order`},
		{"an option more", edit("options: [national, {id", "options: [national, joint, {id"), []string{"parties.a.values.corridor.joint=0.5", "parties.b.values.corridor.joint=0.5"},
			`b.yaml: issues.corridor: option 2 is "joint", not "simplified"; a comparison needs another scenario over the issues and parties of a.yaml, in the same order`},
		{"a point less", edit("max: 10", "max: 5"), []string{"parties.b.values.border.ideal=4"},
			`b.yaml: issues.border: has 2 points, not 3; a comparison needs another scenario over the issues and parties of a.yaml, in the same order`},
		{"points moved", edit("min: 0", "min: 1"), []string{"parties.b.values.border={linear: decreasing}"},
			`b.yaml: issues.border: point 1 is 1, not 0; a comparison needs another scenario over the issues and parties of a.yaml, in the same order`},
		{"an issue more", edit("    unit: km\n", "    unit: km\n  - id: extra\n    options: [x]\n"), []string{"parties.a.weights.extra=0", "parties.b.weights.extra=0"},
			`b.yaml: issues: has 3 issues, not 2; a comparison needs another scenario over the issues and parties of a.yaml, in the same order`},
		{"parties swapped", edit("  a:\n", "  c:\n", "  b:\n", "  a:\n"), nil,
			`b.yaml: parties: party A is "c", not "a"; a comparison needs another scenario over the issues and parties of a.yaml, in the same order`},
	}
	a.Source = "a.yaml"
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := parse("b.yaml", []byte(tc.src), tc.sets, testCatalog())
			if err != nil {
				t.Fatal(err)
			}
			err = Comparable(a, b)
			got := ""
			if err != nil {
				got = err.Error()
				var e *Error
				if !errors.As(err, &e) {
					t.Errorf("%T is not a *Error", err)
				}
			}
			if got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
