package agents

import (
	"math"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// TestAcceptors checks each acceptance condition on its own.
func TestAcceptors(t *testing.T) {
	empty := &sim.Turn{Offers: &sim.History{}}
	tests := []struct {
		name string
		acc  acceptor
		d    decision
		want bool
	}{
		{"next: better than my next", acNext{}, decision{u: 0.7, next: 0.6}, true},
		{"next: equal to my next", acNext{}, decision{u: 0.6, next: 0.6}, true},
		{"next: worse than my next", acNext{}, decision{u: 0.59, next: 0.6}, false},
		{"const: above c", &acConst{c: 0.8}, decision{u: 0.81, next: 1}, true},
		{"const: at c", &acConst{c: 0.8}, decision{u: 0.8, next: 1}, true},
		{"const: below c, though better than my next", &acConst{c: 0.8}, decision{u: 0.7, next: 0.5}, false},
		{"time: before T, even the best offer", &acTime{t: 0.9}, decision{time: 0.89, u: 1, next: 0.5}, false},
		{"time: at T", &acTime{t: 0.9}, decision{time: 0.9, u: 0}, true},
		{"time: after T", &acTime{t: 0.9}, decision{time: 0.95, u: 0.1, next: 1}, true},
		{"target: meets target", acTarget{}, decision{u: 0.5, target: 0.4999, next: 0.6}, true},
		{"target: below target", acTarget{}, decision{u: 0.4998, target: 0.4999, next: 0.6}, false},
		{"combi: AC_next branch before T", &acCombi{t: 0.9}, decision{turn: empty, time: 0.1, u: 0.6, next: 0.6}, true},
		{"combi: before T, worse than next", &acCombi{t: 0.9}, decision{turn: empty, time: 0.5, u: 0.5, next: 0.6}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.acc.accept(tc.d); got != tc.want {
				t.Errorf("accept(%+v) = %v, want %v", tc.d, got, tc.want)
			}
		})
	}
}

// TestReservationAlwaysApplies checks that every acceptance condition is
// joined with "u ≥ reservation value", through Respond.
func TestReservationAlwaysApplies(t *testing.T) {
	// Utilities 0, 0.25, 0.5, 0.75, 1; reservation 0.6.
	self := &sim.Self{Utility: sim.NewUtilityFromValues([]float64{0, 0.25, 0.5, 0.75, 1}), Reservation: 0.6, Deadline: 10}
	tests := []struct {
		params Params
		offer  sim.Outcome
		time   float64
		want   sim.Action
	}{
		// AC_time at t ≥ T accepts anything — but not below the reservation value.
		{Params{"acceptance": "time", "accept_time": 0.5}, 2, 0.9, sim.Reject},
		{Params{"acceptance": "time", "accept_time": 0.5}, 3, 0.9, sim.Accept},
		{Params{"acceptance": "const", "accept_threshold": 0.1}, 2, 0.1, sim.Reject},
		{Params{"acceptance": "const", "accept_threshold": 0.1}, 3, 0.1, sim.Accept},
		// Linear genius at t = 0.9 targets 0.6 + 0.4·0.1 = 0.64; next = 0.75.
		{Params{"acceptance": "next"}, 3, 0.9, sim.Accept},
		{Params{"acceptance": "next"}, 2, 0.9, sim.Reject},
		{Params{"acceptance": "target"}, 2, 0.9, sim.Reject},
		{Params{"acceptance": "combi", "accept_time": 0}, 2, 0.9, sim.Reject},
	}
	for _, tc := range tests {
		s := maker(t, "linear", tc.params).NewStrategy(self)
		if got := s.Respond(&sim.Turn{Round: 8, Time: tc.time, Offers: &sim.History{}}, tc.offer); got != tc.want {
			t.Errorf("%v: Respond(%d) at t=%v = %v, want %v", tc.params, tc.offer, tc.time, got, tc.want)
		}
	}
}

// TestCombiWindow plays AC_combi through the engine against a scripted
// opponent, so that the window reads a real offer history.
//
// A (party 0) is a hardliner with utility x/10 on x = 0..10: AC_next only
// accepts 1.0. acceptance combi, T = 0.5, deadline D = 9, so round r is at
// t = (r+1)/10 and the window at round r holds the opponent's offers of
// rounds r' ≥ 2r − 9. B opens every round, so A answers B's round-r offer
// at round r:
//
//	round  t    B offers (u_A)  window rounds  max in window       A
//	0..3   ≤.4  5,7,3,4         —              (t < T)             reject
//	4      .5   2 (0.2)         −1..4          0.7 (round 1)       reject
//	5      .6   6 (0.6)         1..5           0.7 (round 1)       reject
//	6      .7   6 (0.6)         3..6           0.6 (rounds 5, 6)   accept
//
// Without the window (max over all offers, 0.7) A would not accept at
// round 6; with AC_next alone it would never accept.
func TestCombiWindow(t *testing.T) {
	ua, ub := unitPie(11)
	opp := script{offers: []sim.Outcome{5, 7, 3, 4, 2, 6, 6, 5, 5}}
	a := maker(t, "hardliner", Params{"acceptance": "combi", "accept_time": 0.5})
	n := oneIssue(t, ua, ub, [2]float64{0, 0}, a, opp, 9, 1)
	res := sim.NewSession(n).Play(0, 1, true)
	if res.End != sim.EndAgreement || res.By != 0 || res.Round != 6 || res.Agreement != 6 {
		t.Fatalf("got %v by %d in round %d on %d, want agreement by 0 in round 6 on 6\ntrace: %v",
			res.End, res.By, res.Round, res.Agreement, res.Trace)
	}

	// Same opponent, acceptance next: the hardliner never accepts.
	a = maker(t, "hardliner", nil)
	n = oneIssue(t, ua, ub, [2]float64{0, 0}, a, opp, 9, 1)
	if res := sim.NewSession(n).Play(0, 1, false); res.End != sim.EndDeadline {
		t.Fatalf("hardliner with AC_next ended by %v, want the deadline", res.End)
	}
}

func TestMaxWindow(t *testing.T) {
	var w maxWindow
	w.buf = make([]received, 0, 2) // small, to exercise compaction
	steps := []struct {
		push  bool
		round int32
		u     float64
		from  int
		want  float64
	}{
		{push: true, round: 0, u: 0.5},
		{push: true, round: 1, u: 0.3},
		{from: 0, want: 0.5},
		{push: true, round: 2, u: 0.4}, // pops 0.3
		{from: 1, want: 0.4},           // 0.5 of round 0 leaves
		{push: true, round: 3, u: 0.2},
		{push: true, round: 4, u: 0.1},
		{from: 3, want: 0.2},
		{from: 5, want: math.Inf(-1)},
		{push: true, round: 5, u: 0.9},
		{from: 5, want: 0.9},
		{push: true, round: 6, u: 0.9}, // equal: the newer one stays longer
		{from: 6, want: 0.9},
	}
	for i, s := range steps {
		if s.push {
			w.push(s.round, s.u)
			continue
		}
		if got := w.max(s.from); got != s.want {
			t.Fatalf("step %d: max(%d) = %v, want %v (queue %v from %d)", i, s.from, got, s.want, w.buf, w.head)
		}
	}
}

func TestWindowStart(t *testing.T) {
	// t − (1 − t) ≤ τ with t = (r+1)/(D+1), τ = (r'+1)/(D+1); check the
	// integer form against the real-valued one for every pair.
	for _, d := range []int{1, 2, 9, 10, 100} {
		for r := range d {
			for rp := 0; rp <= r; rp++ {
				tm := float64(r+1) / float64(d+1)
				tau := float64(rp+1) / float64(d+1)
				in := tau >= 2*tm-1-1e-12
				if got := rp >= windowStart(r, d); got != in {
					t.Fatalf("D=%d r=%d r'=%d: integer window says %v, real %v", d, r, rp, got, in)
				}
			}
		}
	}
}
