package sim

import (
	"reflect"
	"testing"
)

// logroll returns two opposed issues with two values each: A prefers value
// 1 on both and cares most about the first, B prefers value 0 on both and
// cares most about the second. From the text (0, 1), worth 0.3 to both, no
// single-issue change pleases both; the package (1, 0), worth 0.7 to both,
// does.
func logroll(t testing.TB, a, b Maker) *Negotiation {
	t.Helper()
	bin := []Value{{ID: "0"}, {ID: "1"}}
	sp, err := NewSpace([]Issue{{ID: "x", Values: bin}, {ID: "y", Values: bin}})
	if err != nil {
		t.Fatal(err)
	}
	ua, _ := NewUtility(sp, Additive{Weights: []float64{0.7, 0.3}, Values: [][]float64{{0, 1}, {0, 1}}})
	ub, _ := NewUtility(sp, Additive{Weights: []float64{0.3, 0.7}, Values: [][]float64{{1, 0}, {1, 0}}})
	return &Negotiation{
		Name:  "logroll",
		Space: sp,
		Parties: [2]Party{
			{ID: "a", Utility: ua, Discount: 1, Strategy: a, StrategyName: "test"},
			{ID: "b", Utility: ub, Discount: 1, Strategy: b, StrategyName: "test"},
		},
		Protocol: Protocol{Deadline: 50},
	}
}

func TestMonotonicConcession(t *testing.T) {
	tests := []struct {
		name      string
		a, b      script
		wantEnd   EndReason
		wantRound int
		wantDeal  Outcome
	}{
		{
			name: "B concedes to A's proposal", // A: 10, 10; B: 0, 10 -> B's second proposal equals A's
			a:    script{offers: []Outcome{8}}, b: script{offers: []Outcome{0, 5, 8}},
			wantEnd: EndAgreement, wantRound: 2, wantDeal: 8,
		},
		{
			name: "nobody concedes: conflict",
			a:    script{offers: []Outcome{9}}, b: script{offers: []Outcome{1}},
			wantEnd: EndConflict, wantRound: 1, wantDeal: NoOutcome,
		},
		{
			name: "backtracking counts as standing still",
			// A proposes 9 then 10 (worse for B): stands still at 9; B
			// proposes 1 then 1: nobody conceded.
			a: script{offers: []Outcome{9, 10}}, b: script{offers: []Outcome{1}},
			wantEnd: EndConflict, wantRound: 1, wantDeal: NoOutcome,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := pie(t, 11, tc.a, tc.b, 10)
			n.Protocol.Type = MonotonicConcession
			if err := n.Validate(); err != nil {
				t.Fatal(err)
			}
			res := NewSession(n).Play(0, 1, true)
			if res.End != tc.wantEnd || res.Round != tc.wantRound || res.Agreement != tc.wantDeal {
				t.Errorf("end %v round %d deal %d; want %v %d %d\ntrace %v", res.End, res.Round, res.Agreement, tc.wantEnd, tc.wantRound, tc.wantDeal, res.Trace)
			}
		})
	}
	// When each finds the other's proposal at least as good, the deal is
	// one of the two, drawn at random.
	n := pie(t, 11, script{offers: []Outcome{4}}, script{offers: []Outcome{6}}, 10)
	n.Protocol.Type = MonotonicConcession
	seen := map[Outcome]int{}
	s := NewSession(n)
	for i := range 200 {
		seen[s.Play(i, RunSeed(1, i), false).Agreement]++
	}
	if len(seen) != 2 || seen[4] < 60 || seen[6] < 60 {
		t.Errorf("deals drawn %v, want both 4 and 6 about equally", seen)
	}
}

func TestSingleText(t *testing.T) {
	none := script{offers: []Outcome{0}}
	for _, tc := range []struct {
		moves Moves
		// From the start (0, 1) = outcome 1, one-issue hill-climbers are stuck.
		wantFromStuck Outcome
	}{
		{OneIssue, 1},
		{Package2, 2}, // (1, 0)
	} {
		t.Run(tc.moves.String(), func(t *testing.T) {
			n := logroll(t, none, none)
			n.Protocol.Type = SingleText
			n.Protocol.Moves = tc.moves
			ua, ub := n.Parties[0].Utility, n.Parties[1].Utility
			s := NewSession(n)
			sawStuck := false
			for i := range 200 {
				res := s.Play(i, RunSeed(9, i), true)
				start := res.Trace[0].Outcome
				if res.End != EndAgreement {
					t.Fatalf("run %d ended by %v", i, res.End)
				}
				// Veto property: the final text weakly dominates the first.
				if ua.Of(res.Agreement) < ua.Of(start) || ub.Of(res.Agreement) < ub.Of(start) {
					t.Fatalf("run %d: final text %d is worse for someone than the first %d", i, res.Agreement, start)
				}
				if start == 1 {
					sawStuck = true
					if res.Agreement != tc.wantFromStuck {
						t.Errorf("run %d: from (0, 1) the text ends at %d, want %d", i, res.Agreement, tc.wantFromStuck)
					}
				}
				if tc.moves == Package2 {
					// With two issues every outcome is a package neighbour, so
					// the text ends on the Pareto frontier.
					for o := range Outcome(4) {
						if ua.Of(o) >= ua.Of(res.Agreement) && ub.Of(o) >= ub.Of(res.Agreement) &&
							(ua.Of(o) > ua.Of(res.Agreement) || ub.Of(o) > ub.Of(res.Agreement)) {
							t.Fatalf("run %d: final text %d is dominated by %d", i, res.Agreement, o)
						}
					}
				}
			}
			if !sawStuck {
				t.Fatal("no run started from (0, 1)")
			}
		})
	}
}

func TestNeighbourEnumeration(t *testing.T) {
	sp, err := NewSpace(issues(3, 2, 4))
	if err != nil {
		t.Fatal(err)
	}
	idx, nidx := make([]int, 3), make([]int, 3)
	for _, m := range []Moves{OneIssue, Package2} {
		for text := range Outcome(sp.Size()) {
			seen := map[Outcome]bool{}
			sp.Decode(text, idx)
			for k := range neighbours(sp, m) {
				o := neighbour(sp, text, k)
				if seen[o] {
					t.Fatalf("%v: neighbour %d of %d repeats %d", m, k, text, o)
				}
				seen[o] = true
				sp.Decode(o, nidx)
				diff := 0
				for i := range idx {
					if idx[i] != nidx[i] {
						diff++
					}
				}
				if diff == 0 || diff > 1 && m == OneIssue || diff > 2 {
					t.Fatalf("%v: neighbour %d of %v is %v", m, k, idx, nidx)
				}
			}
			// One-issue: 2+1+3 = 6; package: 6 + 2·1 + 2·3 + 1·3 = 17.
			want := map[Moves]int{OneIssue: 6, Package2: 17}[m]
			if len(seen) != want {
				t.Fatalf("%v: %d neighbours, want %d", m, len(seen), want)
			}
		}
	}
}

func TestProtocolTraceDeterministic(t *testing.T) {
	for _, typ := range []ProtocolType{Alternating, MonotonicConcession, SingleText} {
		n := pie(t, 21, linear{jitter: 0.1}, linear{jitter: 0.1}, 30)
		n.Protocol.Type = typ
		a := NewSession(n).Play(5, 77, true)
		b := NewSession(n).Play(5, 77, true)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%v: the same seed gives different sessions", typ)
		}
	}
}
