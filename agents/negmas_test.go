package agents

import (
	"slices"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// TestNegMASTrace replays sessions derived by hand from NegMAS's rules for
// its time-based negotiators (BoulwareTBNegotiator and friends):
//
//   - target u*(t) = max(lo, (hi − lo)(1 − t^e) + lo − 0.0001), lo = max(worst
//     utility, reservation), hi = best utility;
//   - at its turn a party accepts the standing offer iff u(offer) ≥ u*(t),
//     otherwise it offers the outcome of lowest utility ≥ u*(t) at the same t;
//   - round r is at t = (r+1)/(D+1) for both parties; in round 0 the first
//     mover only proposes.
//
// Every number below was computed from these rules, not from the code.
func TestNegMASTrace(t *testing.T) {
	ev := func(round, actor int, k sim.EventKind, o sim.Outcome) sim.Event {
		return sim.Event{Round: round, Actor: actor, Kind: k, Outcome: o}
	}
	const offer, accept, reject = sim.EventOffer, sim.EventAccept, sim.EventReject
	tests := []struct {
		name   string
		ua, ub []float64
		res    [2]float64
		a, b   string
		d      int
		first  int
		end    sim.EndReason
		trace  []sim.Event
	}{
		{
			// Boulware (e = 4) vs Conceder (e = 0.25), D = 5, A first.
			// A: lo = 0, hi = 1. B: lo = max(0, 0.2) = 0.2, hi = 1.
			//
			//  r  t    t^4       u*_A = 1 − t^4 − .0001   t^.25     u*_B = .8(1 − t^.25) + .2 − .0001
			//  0  1/6  0.000772  0.999128                 0.638943  0.488746
			//  1  1/3  0.012346  0.987554                 0.759836  0.392031
			//  2  1/2  0.062500  0.937400                 0.840896  0.327183
			//  3  2/3  0.197531  0.802369                 0.903602  0.277018
			//
			// x:      0    1    2    3     4       5    6
			// u_A:    0    .2   .4   .6    .8024   .9   1
			// u_B:    1    .8   .6   .45   .33     .28  0
			//
			// r0: A offers lowest u_A ≥ .999128 → 6. B: u_B(6) = 0 < .488746,
			//     reject; offers lowest u_B ≥ .488746 → .6 → 2.
			// r1: A: u_A(2) = .4 < .987554, reject; offers 6. B: 0 < .392031,
			//     reject; offers lowest u_B ≥ .392031 → .45 → 3.
			// r2: A: .6 < .9374, reject; offers 6 (.9 < .9374). B rejects 6;
			//     offers lowest u_B ≥ .327183 → .33 → 4.
			// r3: A: u_A(4) = .8024 ≥ .802369: accept. (Without NegMAS's
			//     .0001 tolerance the target would be .802469 and A would
			//     reject.)
			name: "boulware vs conceder", a: "boulware", b: "conceder",
			ua:  []float64{0, 0.2, 0.4, 0.6, 0.8024, 0.9, 1},
			ub:  []float64{1, 0.8, 0.6, 0.45, 0.33, 0.28, 0},
			res: [2]float64{0, 0.2}, d: 5, first: 0, end: sim.EndAgreement,
			trace: []sim.Event{
				ev(0, 0, offer, 6), ev(0, 1, reject, 6), ev(0, 1, offer, 2),
				ev(1, 0, reject, 2), ev(1, 0, offer, 6), ev(1, 1, reject, 6), ev(1, 1, offer, 3),
				ev(2, 0, reject, 3), ev(2, 0, offer, 6), ev(2, 1, reject, 6), ev(2, 1, offer, 4),
				ev(3, 0, accept, 4),
			},
		},
		{
			// Linear (e = 1) with reservation .6 vs Conceder (e = .25) with
			// reservation .3, D = 4, B first. A: lo = .6, hi = 1.
			// B: lo = .3, hi = 1.
			//
			//  r  t   u*_A = .4(1 − t) + .6 − .0001   t^.25     u*_B = .7(1 − t^.25) + .3 − .0001
			//  0  .2  .919900                         0.668740  .531782
			//  1  .4  .839900                         0.795271  .443210
			//  2  .6  .759900                         0.880112  .383822
			//  3  .8  .679900                         0.945742  .337881
			//
			// x:      0    1    2    3    4
			// u_A:    0    .25  .5   .75  1
			// u_B:    1    .75  .5   .25  0
			//
			// r0: B offers lowest u_B ≥ .531782 → .75 → 1. A: u_A(1) = .25 <
			//     .9199, reject; offers lowest u_A ≥ .9199 → 4.
			// r1: B: u_B(4) = 0, reject; offers lowest u_B ≥ .44321 → .5 → 2.
			//     A: .5 < .8399, reject; offers 4 (.75 < .8399).
			// r2: B rejects 4; offers 2 (.25 < .383822). A: .5 < .7599,
			//     reject; offers 4.
			// r3: B rejects 4; offers 2 — never 3, worth .25 to B, below its
			//     reservation .3. A: .5 < .6799, reject (and .5 is below A's
			//     reservation); offers lowest u_A ≥ .6799 → .75 → 3.
			// The deadline passes with 3 on the table.
			name: "reservations bind", a: "linear", b: "conceder",
			ua:  []float64{0, 0.25, 0.5, 0.75, 1},
			ub:  []float64{1, 0.75, 0.5, 0.25, 0},
			res: [2]float64{0.6, 0.3}, d: 4, first: 1, end: sim.EndDeadline,
			trace: []sim.Event{
				ev(0, 1, offer, 1), ev(0, 0, reject, 1), ev(0, 0, offer, 4),
				ev(1, 1, reject, 4), ev(1, 1, offer, 2), ev(1, 0, reject, 2), ev(1, 0, offer, 4),
				ev(2, 1, reject, 4), ev(2, 1, offer, 2), ev(2, 0, reject, 2), ev(2, 0, offer, 4),
				ev(3, 1, reject, 4), ev(3, 1, offer, 2), ev(3, 0, reject, 2), ev(3, 0, offer, 3),
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			negmas := Params{"convention": "negmas"}
			n := oneIssue(t, tc.ua, tc.ub, tc.res, maker(t, tc.a, negmas), maker(t, tc.b, negmas), tc.d, tc.first)
			res := sim.NewSession(n).Play(0, 1, true)
			if res.End != tc.end {
				t.Errorf("ended by %v, want %v", res.End, tc.end)
			}
			for i := range max(len(res.Trace), len(tc.trace)) {
				var got, want sim.Event
				if i < len(res.Trace) {
					got = res.Trace[i]
				}
				if i < len(tc.trace) {
					want = tc.trace[i]
				}
				if got != want {
					t.Errorf("event %d: got round %d actor %d %v %d, want round %d actor %d %v %d",
						i, got.Round, got.Actor, got.Kind, got.Outcome, want.Round, want.Actor, want.Kind, want.Outcome)
				}
			}
			if t.Failed() {
				t.Logf("trace: %v", res.Trace)
			}
			if !slices.Equal(res.Trace, tc.trace) {
				t.Fatal("trace differs")
			}
		})
	}
}
