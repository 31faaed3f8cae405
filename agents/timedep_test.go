package agents

import (
	"math"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// TestTarget checks the target curves against numbers computed by hand
// from the formulas of Faratin et al. (1998) and GENIUS's
// TimeDependentAgent (the genius rows) and NegMAS's PolyAspiration.
func TestTarget(t *testing.T) {
	tests := []struct {
		name     string
		strategy string
		params   Params
		t        float64
		lo, hi   float64
		want     float64
	}{
		// Genius: target = lo + (hi − lo)(1 − f), f = k + (1 − k)t^(1/e).
		{"genius boulware t=0.5", "boulware", nil, 0.5, 0, 1, 0.96875}, // 1 − 0.5^5
		{"genius linear t=0.5", "linear", nil, 0.5, 0, 1, 0.5},
		{"genius conceder t=0.5", "conceder", nil, 0.5, 0, 1, 0.292893}, // 1 − √0.5
		{"genius boulware t=0", "boulware", nil, 0, 0, 1, 1},
		{"genius boulware t=1", "boulware", nil, 1, 0, 1, 0},
		// κ = 0.1, β = 0.5 (e = 0.5): α = 0.1 + 0.9·0.25 = 0.325.
		{"genius k=0.1 e=0.5", "time-dependent", Params{"e": 0.5, "k": 0.1}, 0.5, 0, 1, 0.675},
		// κ = 0.1, e = 2: α = 0.1 + 0.9·√0.5 = 0.736396.
		{"genius k=0.1 e=2", "time-dependent", Params{"e": 2.0, "k": 0.1}, 0.5, 0, 1, 0.263604},
		{"genius k=0.1 at t=0", "time-dependent", Params{"e": 2.0, "k": 0.1}, 0, 0, 1, 0.9},
		// Range [0.2, 0.8]: 0.2 + 0.6·(1 − 0.5) = 0.5.
		{"genius linear scaled", "linear", nil, 0.5, 0.2, 0.8, 0.5},
		{"genius e=0 never concedes", "time-dependent", Params{"e": 0.0}, 0.9, 0.2, 0.8, 0.8},
		{"genius hardliner", "hardliner", nil, 0.99, 0, 1, 1},
		// NegMAS: target = max(lo, (hi − lo)(1 − t^e) + lo − 0.0001).
		{"negmas boulware t=0.5", "boulware", Params{"convention": "negmas"}, 0.5, 0, 1, 0.9374},   // 1 − 0.0625 − 0.0001
		{"negmas linear t=0.5", "linear", Params{"convention": "negmas"}, 0.5, 0, 1, 0.4999},       // 1 − 0.5 − 0.0001
		{"negmas conceder t=0.5", "conceder", Params{"convention": "negmas"}, 0.5, 0, 1, 0.159004}, // 1 − 0.840896 − 0.0001
		// Range [0.2, 1]: 0.8·(1 − 0.0625) + 0.2 − 0.0001 = 0.9499.
		{"negmas boulware scaled", "boulware", Params{"convention": "negmas"}, 0.5, 0.2, 1, 0.9499},
		{"negmas t=0 is hi − 0.0001", "conceder", Params{"convention": "negmas"}, 0, 0, 1, 0.9999},
		{"negmas clamps at lo", "linear", Params{"convention": "negmas"}, 1, 0.3, 1, 0.3},
		// 0.7·(1 − 0.99995) + 0.3 − 0.0001 = 0.299935 < lo.
		{"negmas clamps near the end", "linear", Params{"convention": "negmas"}, 0.99995, 0.3, 1, 0.3},
		{"negmas hardliner", "hardliner", Params{"convention": "negmas"}, 0.99, 0, 1, 0.9999},
		{"negmas hardliner degenerate range", "hardliner", Params{"convention": "negmas"}, 0.5, 0.5, 0.50005, 0.5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := maker(t, tc.strategy, tc.params).(*timeDependentMaker)
			if got := m.target(tc.t, tc.lo, tc.hi); math.Abs(got-tc.want) > 5e-7 {
				t.Errorf("target(%v, %v, %v) = %.9f, want %v", tc.t, tc.lo, tc.hi, got, tc.want)
			}
		})
	}
}

// FuzzTarget checks that the target stays in [lo, hi] and never rises with
// time, for any exponent, κ and range.
func FuzzTarget(f *testing.F) {
	f.Add(0.2, 0.0, 0.5, 0.6, 0.0, 1.0, false)
	f.Add(4.0, 0.0, 0.5, 0.6, 0.2, 0.9, true)
	f.Add(0.0, 0.3, 0.0, 1.0, 0.5, 0.5, false)
	f.Add(100.0, 1.0, 0.99, 1.0, 0.0, 1e-9, true)
	f.Fuzz(func(t *testing.T, e, k, t1, t2, lo, hi float64, negmas bool) {
		if !(e >= 0 && e <= maxExponent && k >= 0 && k <= 1 && lo >= 0 && lo <= hi && hi <= 1) {
			return
		}
		if negmas && (e == 0 || k != 0) {
			return
		}
		t1, t2 = clampTime(t1), clampTime(t2)
		if t1 > t2 {
			t1, t2 = t2, t1
		}
		m := &timeDependentMaker{conv: conventionParley, e: e, k: k, tol: negmasTolerance}
		if negmas {
			m.conv = conventionNegmas
		}
		a, b := m.target(t1, lo, hi), m.target(t2, lo, hi)
		if !(a >= lo && a <= hi && b >= lo && b <= hi) {
			t.Fatalf("targets %v, %v outside [%v, %v]", a, b, lo, hi)
		}
		if b > a {
			t.Fatalf("target rose from %v at t=%v to %v at t=%v", a, t1, b, t2)
		}
	})
}

// TestOffers checks the offer rule: the outcome of lowest own utility that
// meets the target, ties to the lowest index, never below the reservation
// value; and walking away when nothing is worth the reservation value.
func TestOffers(t *testing.T) {
	// Values 0..5; utility 0.5 appears twice (1 and 4), 0.9 twice (2, 5).
	u := []float64{0.1, 0.5, 0.9, 0.3, 0.5, 0.9}
	tests := []struct {
		name        string
		strategy    string
		params      Params
		reservation float64
		time        float64
		want        sim.Outcome
	}{
		// lo = 0.1, hi = 0.9; linear target at t = 0.5 is 0.5: ties 1 and 4 → 1.
		{"tie to lowest index", "linear", nil, 0, 0.5, 1},
		// target 0.1 + 0.8·0.6 = 0.58 → lowest ≥ is 0.9 at index 2.
		{"next level up", "linear", nil, 0, 0.4, 2},
		{"best at t=0, lowest index of ties", "conceder", nil, 0, 0, 2},
		// t = 1: target = lo = 0.1 → outcome 0.
		{"lo at the end", "linear", nil, 0, 1, 0},
		// Reservation 0.4: lo = 0.4, so the end offer is 0.5 (index 1), never 0.3 or 0.1.
		{"never below reservation", "linear", nil, 0.4, 1, 1},
		{"never below reservation negmas", "conceder", Params{"convention": "negmas"}, 0.4, 0.99, 1},
		{"hardliner", "hardliner", nil, 0, 0.99, 2},
		{"walk when nothing is worth the reservation", "linear", nil, 0.95, 0.5, sim.NoOutcome},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			self := &sim.Self{Utility: sim.NewUtilityFromValues(u), Reservation: tc.reservation, Deadline: 10}
			s := maker(t, tc.strategy, tc.params).NewStrategy(self)
			turn := &sim.Turn{Time: tc.time, Offers: &sim.History{}}
			if got := s.Propose(turn); got != tc.want {
				t.Errorf("Propose at t=%v = %d, want %d", tc.time, got, tc.want)
			}
			if tc.want == sim.NoOutcome {
				if a := s.Respond(turn, 2); a != sim.Walk {
					t.Errorf("Respond = %v, want walk", a)
				}
			}
		})
	}
}

// TestRobustInputs feeds a strategy what a careless library user might.
func TestRobustInputs(t *testing.T) {
	m := maker(t, "boulware", nil)
	if s := m.NewStrategy(nil); s.Propose(&sim.Turn{}) != sim.NoOutcome || s.Respond(&sim.Turn{}, 0) != sim.Walk {
		t.Error("a strategy without a Self should walk away")
	}
	self := &sim.Self{Utility: sim.NewUtilityFromValues([]float64{0, 0.5, 1}), Deadline: 3}
	s := m.NewStrategy(self)
	for _, tm := range []float64{math.NaN(), -1, 2, math.Inf(1)} {
		if o := s.Propose(&sim.Turn{Time: tm}); o < 0 || o > 2 {
			t.Errorf("Propose at t=%v = %d", tm, o)
		}
	}
	for _, o := range []sim.Outcome{-1, 3, 1 << 30} {
		if a := s.Respond(&sim.Turn{Time: 0.5}, o); a != sim.Reject {
			t.Errorf("Respond to outcome %d = %v, want reject", o, a)
		}
	}
	if a := s.Respond(nil, 2); a != sim.Reject {
		t.Errorf("Respond with a nil turn = %v, want reject", a)
	}
	if o := s.Propose(nil); o != 2 {
		t.Errorf("Propose with a nil turn = %d, want the best outcome 2", o)
	}
}

// TestHotPathAllocatesNothing checks Propose and Respond directly, for
// every acceptance condition and both conventions.
func TestHotPathAllocatesNothing(t *testing.T) {
	ua, _ := unitPie(101)
	self := &sim.Self{Utility: sim.NewUtilityFromValues(ua), Deadline: 1000}
	for _, acc := range []string{"next", "const", "time", "combi", "target"} {
		for _, conv := range []string{"parley", "genius", "negmas"} {
			s := maker(t, "boulware", Params{"acceptance": acc, "convention": conv, "accept_time": 0.0}).NewStrategy(self)
			turn := &sim.Turn{Offers: &sim.History{}}
			r := 0
			allocs := testing.AllocsPerRun(200, func() {
				turn.Round = r % 1000
				turn.Time = float64(turn.Round+1) / 1001
				s.Respond(turn, sim.Outcome(r%101))
				s.Propose(turn)
				r++
			})
			if allocs != 0 {
				t.Errorf("%s/%s: %v allocations per Respond+Propose, want 0", acc, conv, allocs)
			}
		}
	}
}

// TestSessionAllocationsDoNotGrowWithRounds plays whole sessions through the
// engine: the allocations of a session (the engine's and the strategies'
// set-up) must not depend on the number of rounds played, so the rounds
// themselves allocate nothing.
func TestSessionAllocationsDoNotGrowWithRounds(t *testing.T) {
	ua, ub := unitPie(11)
	tests := []struct {
		acc      string
		params   Params
		opponent func(deadline int) sim.Maker
		end      sim.EndReason
		// round is the round the session should end in.
		round func(deadline int) int
	}{
		// Hardliners never agree under these conditions (accept_time 1 is
		// never reached, t < 1), so the sessions run to the deadline.
		{acc: "next"},
		{acc: "const", params: Params{"accept_threshold": 1.0}},
		{acc: "time", params: Params{"accept_time": 1.0}},
		{acc: "target"},
		// AC_combi with T = 0.1 against an opponent that offers 5 (worth
		// 0.5) once and then 3 (0.3): from t = 0.1 the window is read at
		// every turn, and holds the 0.5 of round 0 until 2r − D > 0, so A
		// accepts a 3 at round ⌊D/2⌋ + 1.
		{
			acc: "combi", params: Params{"accept_time": 0.1},
			opponent: func(int) sim.Maker { return script{offers: []sim.Outcome{5, 3}} },
			end:      sim.EndAgreement,
			round:    func(d int) int { return d/2 + 1 },
		},
	}
	for _, tc := range tests {
		p := Params{"acceptance": tc.acc}
		for k, v := range tc.params {
			p[k] = v
		}
		per := map[int]float64{}
		for _, deadline := range []int{20, 2000} {
			var opp sim.Maker = maker(t, "hardliner", nil)
			wantEnd, wantRound := sim.EndDeadline, deadline-1
			if tc.opponent != nil {
				opp, wantEnd, wantRound = tc.opponent(deadline), tc.end, tc.round(deadline)
			}
			n := oneIssue(t, ua, ub, [2]float64{0, 0}, maker(t, "hardliner", p), opp, deadline, 1)
			s := sim.NewSession(n)
			var res sim.Result
			per[deadline] = testing.AllocsPerRun(20, func() { res = s.Play(0, 1, false) })
			if res.End != wantEnd || res.Round != wantRound {
				t.Fatalf("%s, deadline %d: session ended by %v in round %d, want %v in round %d", tc.acc, deadline, res.End, res.Round, wantEnd, wantRound)
			}
		}
		if per[20] != per[2000] {
			t.Errorf("%s: %v allocations for 20 rounds, %v for 2000: the rounds allocate", tc.acc, per[20], per[2000])
		}
	}
}

func BenchmarkTimeDependent(b *testing.B) {
	ua, _ := unitPie(1001)
	self := &sim.Self{Utility: sim.NewUtilityFromValues(ua), Deadline: 1000}
	for _, acc := range []string{"next", "combi"} {
		for _, conv := range []string{"parley", "genius", "negmas"} {
			b.Run(acc+"/"+conv, func(b *testing.B) {
				s := maker(b, "boulware", Params{"acceptance": acc, "convention": conv}).NewStrategy(self)
				turn := &sim.Turn{Offers: &sim.History{}}
				b.ReportAllocs()
				r := 0
				for b.Loop() {
					turn.Round = r % 1000
					turn.Time = float64(turn.Round+1) / 1001
					s.Respond(turn, sim.Outcome(r%1001))
					s.Propose(turn)
					r++
				}
			})
		}
	}
}

// recorder wraps a maker and keeps the strategies it makes.
type recorder struct {
	sim.Maker
	made []*timeDependent
}

func (r *recorder) NewStrategy(self *sim.Self) sim.Strategy {
	s := r.Maker.NewStrategy(self)
	r.made = append(r.made, s.(*timeDependent))
	return s
}

// TestOnePlanPerTurn checks that Respond and Propose at the same turn share
// one computation of the target (one math.Pow).
func TestOnePlanPerTurn(t *testing.T) {
	ua, ub := unitPie(101)
	for _, conv := range []string{"parley", "genius", "negmas"} {
		// Reservations 0.6 leave no zone of agreement: the session runs to
		// the deadline and each party plays one turn per round.
		a := &recorder{Maker: maker(t, "linear", Params{"convention": conv})}
		b := &recorder{Maker: maker(t, "conceder", Params{"convention": conv})}
		const deadline = 50
		res := sim.NewSession(oneIssue(t, ua, ub, [2]float64{0.6, 0.6}, a, b, deadline, 0)).Play(0, 1, false)
		if res.End != sim.EndDeadline {
			t.Fatalf("%s: ended by %v, want the deadline", conv, res.End)
		}
		for i, r := range []*recorder{a, b} {
			if got := r.made[0].plans; got != deadline {
				t.Errorf("%s: party %d computed %d plans in %d rounds, want one per round", conv, i, got, deadline)
			}
		}
	}
}
