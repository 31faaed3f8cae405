package scenarios

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// facBlock is a facilitator block for base with every field set away from
// its default.
const facBlock = `facilitator:
  name: Mediator
  mode: on_request
  consent: either
  invite_when: {stalled_rounds: 3, eps: 0.02, projected_no_deal: false, window: 4, continuation_below: 0.1, after_time: 0.5, accept_offer: 0.25}
  information: observed
  proposal: kalai_smorodinsky
  bias: 0.5
  self_interest: 0.2
  preferences:
    weights: {corridor: 1, border: 0}
    values:
      corridor: {national: 0, simplified: 1}
  text: {max_drafts: 7, moves: one_issue}
  guarantees:
    - name: checks
      when: {corridor: simplified, border: 5}
      evaluation_delta:
        a: {corridor.simplified: 0.25, border.5: 0.5}
        b: {corridor.simplified: -0.5}
      cost: 0.05
  budget: 0.1
`

// facCase is base with a facilitator, an override of one party's
// triggers, costs, a breakdown value and perceptions.
var facCase = edit(
	"    strategy: {type: boulware}\n", "    cost: 0.01\n    breakdown_value: 0.1\n    perception: {noise: 0}\n    strategy: {type: boulware}\n",
	"    strategy: {type: linear, acceptance: next}\n", "    perception: {noise: 0.1}\n    strategy: {type: linear, acceptance: next}\n    invite_when: {stalled_rounds: 0, after_time: 0.8}\n",
) + facBlock

// editFac returns facCase with each old string replaced by the new one that
// follows it; every old string must occur.
func editFac(pairs ...string) string {
	return editOf(facCase, pairs...)
}

// editOf is edit for any source.
func editOf(s string, pairs ...string) string {
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			panic("edit: " + pairs[i] + " not in the source")
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

func TestFacilitator(t *testing.T) {
	s := mustParse(t, facCase)
	n := s.Negotiation
	f := n.Facilitator
	if f == nil {
		t.Fatal("no facilitator")
	}
	common := sim.Triggers{StalledRounds: 3, Eps: 0.02, ProjectedNoDeal: false, Window: 4, ContinuationBelow: 0.1, AfterTime: 0.5, AcceptOffer: 0.25}
	b := common
	b.StalledRounds, b.AfterTime = 0, 0.8
	// Guarantee deltas by hand: a has weights 0.5, 0.5, so 0.5·0.25 +
	// 0.5·0.5 = 0.375; b has weight 0.25 on corridor: 0.25·(−0.5).
	want := sim.Facilitator{
		Name: "Mediator", Mode: sim.OnRequest, Consent: sim.ConsentEither,
		Triggers:    [2]sim.Triggers{common, b},
		Information: sim.Observed, Draft: sim.DraftKalaiSmorodinsky,
		Bias: 0.5, SelfInterest: 0.2, Utility: f.Utility, MaxDrafts: 7, Moves: sim.OneIssue,
		Guarantees: []sim.Guarantee{{Name: "checks", When: []sim.Condition{{Issue: 0, Value: 1}, {Issue: 1, Value: 1}}, Delta: [2]float64{0.375, -0.125}, Cost: 0.05}},
		Budget:     0.1,
	}
	if !reflect.DeepEqual(*f, want) {
		t.Errorf("facilitator\n%+v\nwant\n%+v", *f, want)
	}
	sp := n.Space
	for idx, wantU := range map[[2]int]float64{{0, 0}: 0, {1, 2}: 1, {1, 0}: 1} {
		if got := f.Utility.Of(sp.Encode(idx[:])); got != wantU {
			t.Errorf("u_F%v = %v, want %v", idx, got, wantU)
		}
	}
	a := n.Parties[0]
	if a.Cost != 0.01 || a.BreakdownValue != 0.1 || a.Reservation != 0 {
		t.Errorf("party a: cost %v breakdown value %v reservation %v", a.Cost, a.BreakdownValue, a.Reservation)
	}
	if pb := n.Parties[1]; pb.BreakdownValue != pb.Reservation || pb.Cost != 0 {
		t.Errorf("party b: breakdown value %v (reservation %v), cost %v", pb.BreakdownValue, pb.Reservation, pb.Cost)
	}
	if err := n.Validate(); err != nil {
		t.Error(err)
	}
	wantWarn := []string{}
	if got := errStrings(s.Warnings); !slices.Equal(got, wantWarn) {
		t.Errorf("warnings %q", got)
	}
}

func TestFacilitatorDefaults(t *testing.T) {
	s := mustParse(t, base+"facilitator: {}\n")
	d := sim.Triggers{StalledRounds: 5, Eps: 0.01, ProjectedNoDeal: true, Window: 5, ContinuationBelow: 0.05}
	want := sim.Facilitator{Name: "facilitator", Mode: sim.OnRequest, Consent: sim.ConsentBoth, Triggers: [2]sim.Triggers{d, d},
		Information: sim.Confidential, Draft: sim.DraftNash, MaxDrafts: 23, Moves: sim.Package2}
	if got := s.Negotiation.Facilitator; got == nil || !reflect.DeepEqual(*got, want) {
		t.Errorf("facilitator %+v\nwant %+v", got, want)
	}
	const wantResolved = `facilitator:
  name: facilitator
  mode: on_request
  consent: both
  invite_when: {stalled_rounds: 5, eps: 0.01, projected_no_deal: true, window: 5, continuation_below: 0.05, after_time: 0, accept_offer: 0}
  information: confidential
  proposal: nash
  bias: 0
  self_interest: 0
  text: {max_drafts: 23, moves: package2}
  guarantees: []
  budget: 0
`
	if got := string(s.Resolved); !strings.HasSuffix(got, wantResolved) {
		t.Errorf("resolved:\n%s\nwant suffix:\n%s", got, wantResolved)
	}
	for _, src := range []string{base, base + "facilitator:\n", base + "facilitator: null\n"} {
		if f := mustParse(t, src).Negotiation.Facilitator; f != nil {
			t.Errorf("facilitator %+v, want none", f)
		}
	}
	// Removing the facilitator with --set facilitator= makes the parties'
	// invite_when moot: a warning, not an error.
	s = mustParse(t, facCase, "facilitator=", "protocol.type=monotonic")
	if f := s.Negotiation.Facilitator; f != nil {
		t.Errorf("--set facilitator= left %+v", f)
	}
	const warn = "x.yaml:31:5: parties.b.invite_when: ignored: the scenario's facilitator is null (none)"
	if got := errStrings(s.Warnings); !slices.Equal(got, []string{warn}) {
		t.Errorf("warnings %q, want %q", got, warn)
	}
}

// TestResolvedNewFields pins the canonical form of the new fields of
// facCase: party costs, breakdown values and perception, the override of
// b's triggers (only the keys that differ), the protocol's defaults and the
// whole facilitator.
func TestResolvedNewFields(t *testing.T) {
	got := string(mustParse(t, facCase).Resolved)
	for _, want := range []string{
		"  a:\n    label: a\n    reservation: 0\n    breakdown_value: 0.1\n    discount: 1\n    cost: 0.01\n",
		"    perception: {noise: 0}\n    strategy: {type: boulware,",
		"  b:\n    label: b\n    reservation: 0.2\n    breakdown_value: 0.2\n    discount: 0.9\n    cost: 0\n",
		"    perception: {noise: 0.1}\n",
		"    invite_when: {stalled_rounds: 0, after_time: 0.8}\n",
		"protocol:\n  type: alternating\n  deadline: 10\n  first: a\n  breakdown: 0\n  discount_per: round\n",
		`facilitator:
  name: Mediator
  mode: on_request
  consent: either
  invite_when: {stalled_rounds: 3, eps: 0.02, projected_no_deal: false, window: 4, continuation_below: 0.1, after_time: 0.5, accept_offer: 0.25}
  information: observed
  proposal: kalai_smorodinsky
  bias: 0.5
  self_interest: 0.2
  preferences:
    weights: {corridor: 1, border: 0}
    values:
      corridor: {national: 0, simplified: 1}
  text: {max_drafts: 7, moves: one_issue}
  guarantees:
    - name: checks
      when: {corridor: simplified, border: 5}
      evaluation_delta: {a: {corridor.simplified: 0.25, border.5: 0.5}, b: {corridor.simplified: -0.5}}
      cost: 0.05
  budget: 0.1
`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("resolved lacks\n%s\nresolved:\n%s", want, got)
		}
	}
	if strings.Contains(got, "moves:") && !strings.Contains(got, "text: {max_drafts: 7, moves: one_issue}") {
		t.Errorf("protocol.moves written for alternating offers:\n%s", got)
	}
}

func TestProtocols(t *testing.T) {
	tests := []struct {
		sets []string
		want sim.Protocol
		yaml string
	}{
		{nil, sim.Protocol{Type: sim.Alternating, Deadline: 10}, "  type: alternating\n  deadline: 10\n"},
		{[]string{"protocol.type=monotonic"}, sim.Protocol{Type: sim.MonotonicConcession, Deadline: 10}, "  type: monotonic\n  deadline: 10\n"},
		{[]string{"protocol.type=single_text"}, sim.Protocol{Type: sim.SingleText, Moves: sim.OneIssue, Deadline: 10}, "  type: single_text\n  moves: one_issue\n  deadline: 10\n"},
		{[]string{"protocol.type=single_text", "protocol.moves=package2"}, sim.Protocol{Type: sim.SingleText, Moves: sim.Package2, Deadline: 10}, "  type: single_text\n  moves: package2\n"},
		{[]string{"protocol.discount_per=offer"}, sim.Protocol{Deadline: 10, DiscountPerOffer: true}, "  discount_per: offer\n"},
		{[]string{"protocol.discount_per=round", "protocol.type=monotonic"}, sim.Protocol{Type: sim.MonotonicConcession, Deadline: 10}, "  discount_per: round\n"},
		{[]string{"protocol.discount_reservation=true"}, sim.Protocol{Deadline: 10, DiscountReservation: true}, "  discount_per: round\n  discount_reservation: true\n"},
		{[]string{"protocol.discount_reservation=false"}, sim.Protocol{Deadline: 10}, "  discount_per: round\n"},
	}
	for _, tc := range tests {
		s := mustParse(t, base, tc.sets...)
		if got := s.Negotiation.Protocol; got != tc.want {
			t.Errorf("%v: protocol %+v, want %+v", tc.sets, got, tc.want)
		}
		if !strings.Contains(string(s.Resolved), tc.yaml) {
			t.Errorf("%v: resolved lacks %q:\n%s", tc.sets, tc.yaml, s.Resolved)
		}
		// The switch is written only when on: a scenario without it
		// resolves, and fingerprints, as before the switch existed.
		if on := strings.Contains(string(s.Resolved), "discount_reservation"); on != tc.want.DiscountReservation {
			t.Errorf("%v: discount_reservation written = %v, switched on = %v", tc.sets, on, tc.want.DiscountReservation)
		}
		assertSame(t, s, mustParse(t, string(s.Resolved)))
	}
}

func TestPerception(t *testing.T) {
	s := mustParse(t, facCase)
	n := s.Negotiation
	// Noise 0: a knows b's utility exactly.
	if n.Parties[0].Perceived != n.Parties[1].Utility {
		t.Errorf("noise 0: perceived utility is not the opponent's")
	}
	// Noise 0.1: b's belief of a's utility, drawn as documented, by hand.
	rng := sim.NewRand(sim.RunSeed(1, -1-1), sim.PartyRole(1))
	aVals := [][]float64{{1, 0.5}, {0, 0.5, 1}} // a's evaluations
	aW := []float64{0.5, 0.5}
	w := make([]float64, 2)
	v := [][]float64{make([]float64, 2), make([]float64, 3)}
	sum := 0.0
	for i := range aW {
		w[i] = math.Max(0, aW[i]+0.1*rng.NormFloat64())
		sum += w[i]
		for j := range aVals[i] {
			v[i][j] = math.Min(1, math.Max(0, aVals[i][j]+0.1*rng.NormFloat64()))
		}
	}
	pb := n.Parties[1].Perceived
	if pb == nil {
		t.Fatal("b has no perception")
	}
	sp := n.Space
	differs := false
	for i := range 2 {
		for j := range 3 {
			o := sp.Encode([]int{i, j})
			want := (w[0]*v[0][i] + w[1]*v[1][j]) / sum
			if got := pb.Of(o); math.Abs(got-want) > 1e-11 {
				t.Errorf("perceived u_a(%d,%d) = %v, want %v", i, j, got, want)
			}
			if pb.Of(o) != n.Parties[0].Utility.Of(o) {
				differs = true
			}
		}
	}
	if !differs {
		t.Error("noise 0.1 left the perception exact")
	}
	// The same seed gives the same perception; another seed another.
	again := mustParse(t, facCase).Negotiation.Parties[1].Perceived.Values()
	if !slices.Equal(pb.Values(), again) {
		t.Error("perception differs between two parses with the same seed")
	}
	other := mustParse(t, facCase, "seed=2").Negotiation.Parties[1].Perceived.Values()
	if slices.Equal(pb.Values(), other) {
		t.Error("perception is the same for seeds 1 and 2")
	}
	// No perception block, or a null one: no knowledge.
	if p := mustParse(t, base).Negotiation.Parties[0].Perceived; p != nil {
		t.Error("perception without a perception block")
	}
	if p := mustParse(t, facCase, "parties.b.perception=").Negotiation.Parties[1].Perceived; p != nil {
		t.Error("perception after --set parties.b.perception=")
	}
	// Very large noise clamps everything: utilities stay in [0, 1].
	big := mustParse(t, facCase, "parties.b.perception.noise=1", "seed=3").Negotiation.Parties[1].Perceived
	for _, u := range big.Values() {
		if u < 0 || u > 1 {
			t.Fatalf("perceived utility %v outside [0, 1]", u)
		}
	}
}

func TestFacilitatorWarnings(t *testing.T) {
	tests := []struct {
		name string
		src  string
		sets []string
		want []string
	}{
		{"accept_offer with consent both", facCase, []string{"facilitator.consent=both"},
			[]string{"x.yaml:38:140: facilitator.invite_when.accept_offer: accept_offer has no effect with consent: both; it applies only with consent: either"}},
		{"a party that never asks", base + "facilitator: {invite_when: {stalled_rounds: 0, projected_no_deal: false, continuation_below: 0}}\n", nil,
			[]string{
				"x.yaml:29:15: facilitator.invite_when: party \"a\" never asks for help: stalled_rounds, projected_no_deal, continuation_below and after_time are all off",
				"x.yaml:29:15: facilitator.invite_when: party \"b\" never asks for help: stalled_rounds, projected_no_deal, continuation_below and after_time are all off",
			}},
		{"a party that never asks, by override", facCase, []string{"parties.b.invite_when={stalled_rounds: 0, continuation_below: 0, after_time: 0}"},
			[]string{"--set parties.b.invite_when={stalled_rounds: 0, continuation_below: 0, after_time: 0}: parties.b.invite_when: party \"b\" never asks for help: stalled_rounds, projected_no_deal, continuation_below and after_time are all off"}},
		{"no warning in never mode", base + "facilitator: {mode: never, invite_when: {stalled_rounds: 0, projected_no_deal: false, continuation_below: 0}}\n", nil, nil},
		{"guarantee over budget", facCase, []string{"facilitator.budget=0.01"},
			[]string{"x.yaml:54:13: facilitator.guarantees.checks.cost: guarantee \"checks\" costs 0.05, more than the budget 0.01: it is never attached"}},
		{"delta on an issue of weight zero", facCase, []string{"parties.b.weights={corridor: 0, border: 1}"},
			[]string{"x.yaml:53:13: facilitator.guarantees.checks.evaluation_delta.b.corridor.simplified: has no effect: b's weight of issue \"corridor\" is 0"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := mustParse(t, tc.src, tc.sets...)
			if got := errStrings(s.Warnings); !slices.Equal(got, tc.want) {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// errStrings returns the texts of errs.
func errStrings(errs []error) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

// facInvalidCases are mistakes in the fields of protocols, costs,
// perception and the facilitator, with the exact report expected.
var facInvalidCases = []invalidCase{
	{name: "unknown protocol type", src: edit("  deadline: 10\n", "  type: single-text\n  deadline: 10\n"),
		want: "x.yaml:28:9: protocol.type: expected one of \"alternating\", \"monotonic\" or \"single_text\", found \"single-text\" (did you mean \"single_text\"?)"},
	{name: "moves outside the single text", src: edit("  deadline: 10\n", "  deadline: 10\n  moves: package2\n"),
		want: "x.yaml:29:3: protocol.moves: moves applies only to the single_text protocol, not to alternating"},
	{name: "unknown move set", src: edit("  deadline: 10\n", "  type: single_text\n  moves: package\n  deadline: 10\n"),
		want: "x.yaml:29:10: protocol.moves: expected \"one_issue\" or \"package2\", found \"package\" (did you mean \"package2\"?)"},
	{name: "discount per offer outside alternating offers", src: edit("  deadline: 10\n", "  type: monotonic\n  deadline: 10\n  discount_per: offer\n"),
		want: "x.yaml:30:17: protocol.discount_per: expected \"round\" for the monotonic protocol, found \"offer\"; discounting per offer applies only to alternating offers"},
	{name: "unknown discount convention", src: edit("  deadline: 10\n", "  deadline: 10\n  discount_per: rounds\n"),
		want: "x.yaml:29:17: protocol.discount_per: expected \"round\" or \"offer\", found \"rounds\" (did you mean \"round\"?)"},
	{name: "discount_reservation not a boolean", src: edit("  deadline: 10\n", "  deadline: 10\n  discount_reservation: yes please\n"),
		want: "x.yaml:29:25: protocol.discount_reservation: expected true or false, found \"yes please\""},
	{name: "breakdown under the single text", src: edit("  deadline: 10\n", "  type: single_text\n  deadline: 10\n  breakdown: 0.1\n"),
		want: "x.yaml:30:14: protocol.breakdown: expected 0 for the single_text protocol, which has no chance breakdown, found 0.1"},
	{name: "cost and breakdown value out of range", src: edit("    reservation: 0.2\n", "    reservation: 0.2\n    cost: 1.5\n    breakdown_value: -0.1\n"),
		want: "x.yaml:21:11: parties.b.cost: expected a number in [0, 1], found 1.5\nx.yaml:22:22: parties.b.breakdown_value: expected a number in [0, 1], found -0.1"},
	{name: "perception noise out of range", src: edit("    reservation: 0.2\n", "    reservation: 0.2\n    perception: {noise: 2}\n"), sets: []string{"parties.a.perception.noise=-0.1"},
		want: "x.yaml:21:25: parties.b.perception.noise: expected a number in [0, 1], found 2\n--set parties.a.perception.noise=-0.1: parties.a.perception.noise: expected a number in [0, 1], found -0.1"},
	{name: "perception without noise", src: edit("    reservation: 0.2\n", "    reservation: 0.2\n    perception: {nosie: 0.1}\n"),
		want: "x.yaml:21:18: parties.b.perception.nosie: unknown field (did you mean \"noise\"?)"},
	{name: "perception without its field", src: edit("    reservation: 0.2\n", "    reservation: 0.2\n    perception: {}\n"),
		want: "x.yaml:21:5: parties.b.perception.noise: missing required field: the standard deviation of the perception noise, in [0, 1] (0 for exact knowledge)"},
	{name: "facilitator of the wrong shape", src: base + "facilitator: [Russia]\n",
		want: "x.yaml:29:14: facilitator: expected a facilitator: a mapping with mode, consent, invite_when, proposal and the other fields of the README, found a sequence"},
	{name: "guarantee values of the wrong shape", src: editFac("when: {corridor: simplified, border: 5}", "when: {corridor: [simplified], border: x}", "        b: {corridor.simplified: -0.5}\n", "        b: 0.5\n"),
		want: "x.yaml:50:24: facilitator.guarantees.checks.when.corridor: expected an option of issue \"corridor\", found a sequence\nx.yaml:50:46: facilitator.guarantees.checks.when.border: expected a point of the range (points from 0 to 10 in steps of 5), found \"x\"\nx.yaml:53:12: facilitator.guarantees.checks.evaluation_delta.b: expected a mapping from \"issue.value\" to a change of its evaluation, found 0.5"},
	{name: "evaluation delta of a party with mistakes", src: editFac("      corridor: {national: 0, simplified: 1}\n      border: {ideal", "      corridor: {national: 0, simplified: 2}\n      border: {ideal", "{corridor.simplified: -0.5}", "{corridor.simplified: -1.5, border.5: 0.5}"),
		want: "x.yaml:27:43: parties.b.values.corridor.simplified: expected a number in [0, 1], found 2\nx.yaml:53:34: facilitator.guarantees.checks.evaluation_delta.b.corridor.simplified: expected a number in [-1, 1], found -1.5\nx.yaml:53:50: facilitator.guarantees.checks.evaluation_delta.b.border.5: expected a number in [-1, 0], found 0.5: b's evaluation of border.5 is 1, and with the change it must stay in [0, 1]"},
	{name: "perception of the wrong shape", src: edit("    reservation: 0.2\n", "    reservation: 0.2\n    perception: 0.1\n"),
		want: "x.yaml:21:17: parties.b.perception: expected a perception: a mapping with noise, found 0.1"},
	{name: "invite_when without a facilitator", src: edit("    reservation: 0.2\n", "    reservation: 0.2\n    invite_when: {stalled_rounds: 3}\n"),
		want: "x.yaml:21:5: parties.b.invite_when: invite_when applies only to a scenario with a facilitator; add a facilitator block or remove invite_when"},
	{name: "facilitator under another protocol", src: editFac("  deadline: 10\n", "  type: monotonic\n  deadline: 10\n"),
		want: "x.yaml:33:9: protocol.type: expected \"alternating\", since the scenario has a facilitator (given at line 35, column 1), found \"monotonic\"; a facilitator acts only between rounds of alternating offers (remove it with facilitator: null)"},
	{name: "facilitator under a protocol set later", src: facCase, sets: []string{"protocol.type=single_text"},
		want: "--set protocol.type=single_text: protocol.type: expected \"alternating\", since the scenario has a facilitator (given at line 34, column 1), found \"single_text\"; a facilitator acts only between rounds of alternating offers (remove it with facilitator: null)"},
	{name: "facilitator enumerations", src: editFac("mode: on_request", "mode: on-request", "consent: either", "consent: all", "information: observed", "information: confidental", "proposal: kalai_smorodinsky", "proposal: kalai"),
		want: "x.yaml:36:9: facilitator.mode: expected one of \"never\", \"on_request\" or \"always\", found \"on-request\" (did you mean \"on_request\"?)\nx.yaml:37:12: facilitator.consent: expected \"both\" or \"either\", found \"all\"\nx.yaml:39:16: facilitator.information: expected \"confidential\" or \"observed\", found \"confidental\" (did you mean \"confidential\"?)\nx.yaml:40:13: facilitator.proposal: expected one of \"nash\", \"kalai_smorodinsky\" or \"equal_concession\", found \"kalai\""},
	{name: "facilitator numbers out of range", src: editFac("bias: 0.5", "bias: 2", "self_interest: 0.2", "self_interest: 1.5", "budget: 0.1", "budget: -1"),
		want: "x.yaml:41:9: facilitator.bias: expected a number in [-1, 1], found 2\nx.yaml:42:18: facilitator.self_interest: expected a number in [0, 1], found 1.5\nx.yaml:55:11: facilitator.budget: expected a number in [0, 1], found -1"},
	{name: "self-interest without preferences", src: editFac("  preferences:\n    weights: {corridor: 1, border: 0}\n    values:\n      corridor: {national: 0, simplified: 1}\n", ""),
		want: "x.yaml:42:18: facilitator.self_interest: self_interest 0.2 weighs the facilitator's own utility, but it has none; give facilitator.preferences (weights and values), or set self_interest to 0"},
	{name: "empty facilitator name", src: editFac("name: Mediator", `name: " "`),
		want: "x.yaml:35:9: facilitator.name: expected a name, found an empty one"},
	{name: "unknown facilitator field", src: editFac("  budget: 0.1\n", "  budget: 0.1\n  biass: 0\n"),
		want: "x.yaml:56:3: facilitator.biass: unknown field (did you mean \"bias\"?)"},
	{name: "trigger errors", src: editFac("{stalled_rounds: 3, eps: 0.02, projected_no_deal: false, window: 4, continuation_below: 0.1, after_time: 0.5, accept_offer: 0.25}",
		"{stalled_rounds: -1, eps: 0, projected_no_deal: yes, window: 0, continuation_below: 2, after_time: 1.5, accept_offer: 2, stalled_round: 1}"),
		want: "x.yaml:38:33: facilitator.invite_when.stalled_rounds: expected an integer in [0, 1000000], found -1\nx.yaml:38:42: facilitator.invite_when.eps: expected a number in (0, 1], found 0\nx.yaml:38:64: facilitator.invite_when.projected_no_deal: expected true or false, found \"yes\"\nx.yaml:38:77: facilitator.invite_when.window: expected an integer in [1, 1000], found 0\nx.yaml:38:100: facilitator.invite_when.continuation_below: expected a number in [0, 1], found 2\nx.yaml:38:115: facilitator.invite_when.after_time: expected a number in [0, 1], found 1.5\nx.yaml:38:134: facilitator.invite_when.accept_offer: expected a number in [0, 1], found 2\nx.yaml:38:137: facilitator.invite_when.stalled_round: unknown field (did you mean \"stalled_rounds\"?)"},
	{name: "party trigger errors", src: editFac("{stalled_rounds: 0, after_time: 0.8}", "{stalled_rounds: 2.5, window: 1001, colour: red}"),
		want: "x.yaml:31:35: parties.b.invite_when.stalled_rounds: expected an integer in [0, 1000000], found 2.5\nx.yaml:31:48: parties.b.invite_when.window: expected an integer in [1, 1000], found 1001\nx.yaml:31:54: parties.b.invite_when.colour: unknown field (expected one of stalled_rounds, eps, projected_no_deal, window, continuation_below, after_time, accept_offer)"},
	{name: "text errors", src: editFac("{max_drafts: 7, moves: one_issue}", "{max_drafts: 0, moves: random, order: best_np}"),
		want: "x.yaml:47:22: facilitator.text.max_drafts: expected an integer in [1, 1000], found 0\nx.yaml:47:32: facilitator.text.moves: expected \"one_issue\" or \"package2\", found \"random\"\nx.yaml:47:40: facilitator.text.order: not supported yet: refinements are always tried best first (highest criterion J, ties by outcome index) (see the README, \"Not implemented\")"},
	{name: "keys not supported yet", src: editFac("  budget: 0.1\n", "  budget: 0.1\n  credibility_unbiased: 0.5\n  dismissible: true\n  recommendations: true\n", "    weights: {corridor: 1, border: 0}\n", "    weights: {corridor: 1, border: 0}\n    peace_value: 0.5\n"),
		want: "x.yaml:45:5: facilitator.preferences.peace_value: not supported yet: the facilitator's utility of no agreement is always 0 (see the README, \"Not implemented\")\nx.yaml:57:3: facilitator.credibility_unbiased: not supported yet: the facilitator makes no recommendations, so there is no credibility to set (see the README, \"Not implemented\")\nx.yaml:58:3: facilitator.dismissible: not supported yet: either party can always turn the facilitator's text down; this cannot be switched off (see the README, \"Not implemented\")\nx.yaml:59:3: facilitator.recommendations: not supported yet: the facilitator makes no recommendations to the parties (see the README, \"Not implemented\")"},
	{name: "preferences errors", src: editFac("    weights: {corridor: 1, border: 0}\n    values:\n      corridor: {national: 0, simplified: 1}\n", "    weights: {corridor: 1, bordr: 0}\n"),
		want: "x.yaml:43:3: facilitator.preferences.values: missing required field: a mapping from issue id to value function\nx.yaml:44:28: facilitator.preferences.weights.bordr: unknown issue (did you mean \"border\"?)"},
	{name: "guarantee names an unknown issue and option", src: editFac("when: {corridor: simplified, border: 5}", "when: {corridr: simplified, border: 3}"),
		want: "x.yaml:50:14: facilitator.guarantees.checks.when.corridr: unknown issue (did you mean \"corridor\"?)\nx.yaml:50:43: facilitator.guarantees.checks.when.border: 3 is not a point of the range (points from 0 to 10 in steps of 5)"},
	{name: "guarantee names an unknown option", src: editFac("when: {corridor: simplified, border: 5}", "when: {corridor: simplfied, border: 5}"),
		want: "x.yaml:50:24: facilitator.guarantees.checks.when.corridor: unknown option \"simplfied\" of issue \"corridor\" (did you mean \"simplified\"?)"},
	{name: "guarantee names an unknown party", src: editFac("        b: {corridor.simplified: -0.5}\n", "        c: {corridor.simplified: -0.5}\n"),
		want: "x.yaml:53:9: facilitator.guarantees.checks.evaluation_delta.c: unknown party (expected one of a, b)"},
	{name: "evaluation delta outside when", src: editFac("{corridor.simplified: 0.25, border.5: 0.5}", "{corridor.national: 0.25, border.10: 0.5, monitors.stays: 1, corridor: 1}"),
		want: "x.yaml:52:13: facilitator.guarantees.checks.evaluation_delta.a.corridor.national: expected \"corridor.simplified\" or \"border.5\" (the values in when: a guarantee changes utilities only for outcomes that meet when), found \"corridor.national\"\nx.yaml:52:38: facilitator.guarantees.checks.evaluation_delta.a.border.10: expected \"corridor.simplified\" or \"border.5\" (the values in when: a guarantee changes utilities only for outcomes that meet when), found \"border.10\" (did you mean \"border.5\"?)\nx.yaml:52:54: facilitator.guarantees.checks.evaluation_delta.a.monitors.stays: expected \"corridor.simplified\" or \"border.5\" (the values in when: a guarantee changes utilities only for outcomes that meet when), found \"monitors.stays\"\nx.yaml:52:73: facilitator.guarantees.checks.evaluation_delta.a.corridor: expected \"corridor.simplified\" or \"border.5\" (the values in when: a guarantee changes utilities only for outcomes that meet when), found \"corridor\""},
	{name: "evaluation leaves [0, 1]", src: editFac("{corridor.simplified: 0.25, border.5: 0.5}", "{corridor.simplified: 0.6, border.5.0: -0.75}", "{corridor.simplified: -0.5}", "{corridor.simplified: 1.5}"),
		want: "x.yaml:52:34: facilitator.guarantees.checks.evaluation_delta.a.corridor.simplified: expected a number in [-0.5, 0.5], found 0.6: a's evaluation of corridor.simplified is 0.5, and with the change it must stay in [0, 1]\nx.yaml:52:51: facilitator.guarantees.checks.evaluation_delta.a.border.5.0: expected a number in [-0.5, 0.5], found -0.75: a's evaluation of border.5 is 0.5, and with the change it must stay in [0, 1]\nx.yaml:53:34: facilitator.guarantees.checks.evaluation_delta.b.corridor.simplified: expected a number in [-1, 1], found 1.5"},
	{name: "one value changed twice by a guarantee", src: editFac("{corridor.simplified: 0.25, border.5: 0.5}", "{corridor.simplified: 0.25, border.5: 0.5, border.5.0: 0.1}"),
		want: "x.yaml:52:55: facilitator.guarantees.checks.evaluation_delta.a.border.5.0: border.5.0 names the same value as border.5 (given at line 52, column 40); give each value's change once"},
	{name: "guarantee shape errors", src: editFac("    - name: checks\n      when: {corridor: simplified, border: 5}\n", "    - name: checks\n      when: {}\n      cost: -0.1\n    - name: checks\n      when: {corridor: simplified}\n      evaluation_delta: {}\n    - when: {corridor: national}\n      evaluation_delta: {}\n      cost_to_F: 0.1\n      evaluation_delta: {}\n"),
		want: "x.yaml:49:7: facilitator.guarantees.checks.evaluation_delta: missing required field: a mapping from party id to changes of evaluations\nx.yaml:50:13: facilitator.guarantees.checks.when: expected at least one condition, found an empty mapping\nx.yaml:51:13: facilitator.guarantees.checks.cost: expected a number in [0, 1], found -0.1\nx.yaml:52:13: facilitator.guarantees.1.name: duplicate guarantee name \"checks\" (first given at line 49, column 13)\nx.yaml:54:25: facilitator.guarantees.1.evaluation_delta: expected at least one party's changes, found an empty mapping; a guarantee that changes no utility has no effect\nx.yaml:55:7: facilitator.guarantees.2.name: missing required field: the guarantee's name\nx.yaml:56:25: facilitator.guarantees.2.evaluation_delta: expected at least one party's changes, found an empty mapping; a guarantee that changes no utility has no effect\nx.yaml:57:7: facilitator.guarantees.2.cost_to_F: unknown field (expected one of name, when, evaluation_delta, cost)\nx.yaml:58:7: facilitator.guarantees.2.evaluation_delta: duplicate key (first given at line 56, column 7)\nx.yaml:59:7: facilitator.guarantees.2.evaluation_delta: duplicate key (first given at line 56, column 7)"},
	{name: "guarantees not a list", src: editFac("  guarantees:\n", "  guarantees: {}\n  old:\n"),
		want: "x.yaml:48:15: facilitator.guarantees: expected a list of guarantees, found a mapping\nx.yaml:49:3: facilitator.old: unknown field (expected one of name, mode, consent, invite_when, information, proposal, bias, self_interest, preferences, text, guarantees, budget)"},
	{name: "set unknown facilitator field", src: facCase, sets: []string{"facilitator.modee=always", "facilitator.text.order=first", "facilitator.guarantees.check.cost=1", "facilitator.dismissible=false"},
		want: "--set facilitator.modee=always: facilitator.modee: unknown field (did you mean \"mode\"?)\n--set facilitator.text.order=first: facilitator.text.order: not supported yet: refinements are always tried best first (highest criterion J, ties by outcome index) (see the README, \"Not implemented\")\n--set facilitator.guarantees.check.cost=1: facilitator.guarantees.check: no element with id \"check\" (did you mean \"checks\"?)\n--set facilitator.dismissible=false: facilitator.dismissible: not supported yet: either party can always turn the facilitator's text down; this cannot be switched off (see the README, \"Not implemented\")"},
	{name: "set the mode of a facilitator absent from the file", src: base, sets: []string{"facilitator.mode=sometimes"},
		want: "--set facilitator.mode=sometimes: facilitator.mode: expected one of \"never\", \"on_request\" or \"always\", found \"sometimes\""},
}

func init() {
	invalidCases = append(invalidCases, facInvalidCases...)
}

// facSetCases are valid --set arguments on the new fields.
var facSetCases = []struct {
	name  string
	src   string
	sets  []string
	check func(t *testing.T, s *Scenario)
}{
	{"guarantee by name", facCase, []string{"facilitator.guarantees.checks.cost=0.01", "facilitator.guarantees.checks.when.border=10", "facilitator.guarantees.checks.evaluation_delta.a={border.10: -0.5}"}, func(t *testing.T, s *Scenario) {
		g := s.Negotiation.Facilitator.Guarantees[0]
		// a's weight of border is 0.5: 0.5·(−0.5).
		if g.Cost != 0.01 || g.When[1] != (sim.Condition{Issue: 1, Value: 2}) || g.Delta != [2]float64{-0.25, -0.125} {
			t.Errorf("guarantee %+v", g)
		}
	}},
	{"perception added", base, []string{"parties.a.perception.noise=0.2"}, func(t *testing.T, s *Scenario) {
		if s.Negotiation.Parties[0].Perceived == nil || s.Negotiation.Parties[1].Perceived != nil {
			t.Error("want a perception for a only")
		}
	}},
	{"facilitator added", base, []string{"facilitator.mode=always", "parties.a.invite_when.eps=0.5"}, func(t *testing.T, s *Scenario) {
		f := s.Negotiation.Facilitator
		if f == nil || f.Mode != sim.Always || f.Triggers[0].Eps != 0.5 || f.Triggers[1].Eps != 0.01 {
			t.Errorf("facilitator %+v", f)
		}
	}},
	{"common trigger under an override", facCase, []string{"facilitator.invite_when.window=9", "parties.b.invite_when.window=2"}, func(t *testing.T, s *Scenario) {
		tr := s.Negotiation.Facilitator.Triggers
		if tr[0].Window != 9 || tr[1].Window != 2 || tr[1].AfterTime != 0.8 || tr[1].Eps != 0.02 {
			t.Errorf("triggers %+v", tr)
		}
	}},
	{"protocol switched", facCase, []string{"facilitator=", "protocol.type=single_text", "protocol.moves=package2", "parties.a.cost=0.5"}, func(t *testing.T, s *Scenario) {
		n := s.Negotiation
		if n.Facilitator != nil || n.Protocol.Type != sim.SingleText || n.Protocol.Moves != sim.Package2 || n.Parties[0].Cost != 0.5 {
			t.Errorf("protocol %+v facilitator %v cost %v", n.Protocol, n.Facilitator, n.Parties[0].Cost)
		}
	}},
}

func init() {
	setCases = append(setCases, facSetCases...)
}
