package agents

import (
	"slices"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// microDomain is a one-issue domain of 6 values with opposed, distinct
// utilities: A ranks 5, 4, 3, 2, 1, 0; B ranks 0, 1, …, 5.
//
//	x:    0     1     2     3     4     5
//	u_A:  0     0.2   0.4   0.6   0.8   1
//	u_B:  1     0.85  0.65  0.45  0.25  0
var microA, microB = []float64{0, 0.2, 0.4, 0.6, 0.8, 1}, []float64{1, 0.85, 0.65, 0.45, 0.25, 0}

// TestMiCROTrace replays MiCRO against MiCRO, derived by hand from the rule
// (de Jonge 2022, as NegMAS implements it: the offer answered counts as
// received):
//
//	r0  A: sent 0 ≤ received 0: offers its best, 5.
//	    B: received {5}; sent 0 ≤ 1, its next is 0 (1 for B) > u_B(5) = 0:
//	       rejects; offers 0.
//	r1  A: received {0}; 1 ≤ 1, next 4 (0.8) > u_A(0) = 0: rejects, offers 4.
//	    B: received {5, 4}; 1 ≤ 2, next 1 (0.85) > 0.25: rejects, offers 1.
//	r2  A: received {0, 1}; 2 ≤ 2, next 3 (0.6) > 0.2: rejects, offers 3.
//	    B: received {5, 4, 3}; 2 ≤ 3, next 2 (0.65) > 0.45: rejects, offers 2.
//	r3  A: received {0, 1, 2}; 3 ≤ 3, next 2 (0.4) and u_A(2) = 0.4: accepts.
func TestMiCROTrace(t *testing.T) {
	ev := func(round, actor int, k sim.EventKind, o sim.Outcome) sim.Event {
		return sim.Event{Round: round, Actor: actor, Kind: k, Outcome: o}
	}
	const offer, accept, reject = sim.EventOffer, sim.EventAccept, sim.EventReject
	want := []sim.Event{
		ev(0, 0, offer, 5), ev(0, 1, reject, 5), ev(0, 1, offer, 0),
		ev(1, 0, reject, 0), ev(1, 0, offer, 4), ev(1, 1, reject, 4), ev(1, 1, offer, 1),
		ev(2, 0, reject, 1), ev(2, 0, offer, 3), ev(2, 1, reject, 3), ev(2, 1, offer, 2),
		ev(3, 0, accept, 2),
	}
	n := oneIssue(t, microA, microB, [2]float64{0, 0}, maker(t, "micro", nil), maker(t, "micro", nil), 10, 0)
	res := sim.NewSession(n).Play(0, 1, true)
	if !slices.Equal(res.Trace, want) {
		t.Errorf("trace\n%v\nwant\n%v", res.Trace, want)
	}
}

// TestMiCRORepeats plays MiCRO (A) against a hardliner that always offers
// 0: A concedes once for the one distinct offer it received and from then
// on repeats one of its two offers, 5 or 4. With reservation 0.9 A never
// concedes to 4 (0.8): it repeats 5.
func TestMiCRORepeats(t *testing.T) {
	for _, tc := range []struct {
		res  float64
		want []sim.Outcome // the outcomes A may offer from round 2
	}{
		{0, []sim.Outcome{5, 4}},
		{0.9, []sim.Outcome{5}},
	} {
		n := oneIssue(t, microA, microB, [2]float64{tc.res, 0}, maker(t, "micro", nil), maker(t, "hardliner", nil), 40, 0)
		seen := map[sim.Outcome]int{}
		for run := range 5 {
			res := sim.NewSession(n).Play(run, sim.RunSeed(1, run), true)
			if res.End != sim.EndDeadline {
				t.Fatalf("reservation %v: ended by %v", tc.res, res.End)
			}
			for _, e := range res.Trace {
				if e.Kind == sim.EventOffer && e.Actor == 0 && e.Round >= 2 {
					seen[e.Outcome]++
				}
			}
		}
		for o := range seen {
			if !slices.Contains(tc.want, o) {
				t.Errorf("reservation %v: A offered %d after round 1; want only %v", tc.res, o, tc.want)
			}
		}
		if len(seen) != len(tc.want) {
			t.Errorf("reservation %v: A repeated %v; want each of %v", tc.res, seen, tc.want)
		}
	}
}

// TestMiCROAcceptance checks the acceptance rule's two cases directly:
// when not ready to concede MiCRO compares with its last new offer, and
// never accepts below its reservation value.
func TestMiCROAcceptance(t *testing.T) {
	self := &sim.Self{Utility: sim.NewUtilityFromValues(microA), Reservation: 0.3, Deadline: 10}
	s := microMaker{}.NewStrategy(self).(*micro)
	// Sent two (5, 4), received one: not ready; its last new offer is 4
	// (0.8).
	s.sent, s.nRecv = 2, 1
	for _, tc := range []struct {
		offer sim.Outcome
		want  sim.Action
	}{{4, sim.Accept}, {3, sim.Reject}, {5, sim.Accept}} {
		s.planRound = -1
		if got := s.Respond(&sim.Turn{Round: 3, Time: 0.4}, tc.offer); got != tc.want {
			t.Errorf("not ready, offer %d: %v, want %v", tc.offer, got, tc.want)
		}
	}
	// Ranking exhausted down to the reservation value: anything ≥ 0.3.
	s.sent, s.nRecv = 4, 10 // next would be 1 (0.2) < 0.3
	for _, tc := range []struct {
		offer sim.Outcome
		want  sim.Action
	}{{2, sim.Accept}, {1, sim.Reject}} {
		s.planRound = -1
		if got := s.Respond(&sim.Turn{Round: 5, Time: 0.6}, tc.offer); got != tc.want {
			t.Errorf("exhausted, offer %d: %v, want %v", tc.offer, got, tc.want)
		}
	}
}
