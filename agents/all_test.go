package agents

import (
	"math"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// variants returns every strategy with its defaults, plus the parameter
// combinations that switch on other code: opponent models and acceptance
// conditions.
func variants() []struct {
	name   string
	params Params
} {
	var out []struct {
		name   string
		params Params
	}
	add := func(name string, p Params) {
		out = append(out, struct {
			name   string
			params Params
		}{name, p})
	}
	for _, in := range Catalog() {
		add(in.Name, nil)
	}
	for _, m := range []string{modelFrequency, modelBayesian, modelPerceived} {
		add("conceder", Params{"opponent_model": m})
		add(tftRelative, Params{"opponent_model": m})
		add("hardheaded", Params{"opponent_model": m})
		add("cuhkagent", Params{"opponent_model": m})
		add("nice-tft", Params{"opponent_model": m})
	}
	add("nice-tft", Params{"opponent_model": modelNone})
	add("zeuthen", Params{"opponent_model": modelBayesian})
	add("rubinstein", Params{"period": periodOffer})
	add("brw-demand", Params{"breakdown": 0.05, "opponent_model": modelFrequency})
	add("brw-demand", Params{"acceptance": acceptCombi, "accept_time": 0.5})
	add("patience", Params{"breakdown": 0.05})
	add("patience", Params{"breakdown": 0.05, "opponent_model": modelFrequency, "acceptance": acceptCombi, "accept_time": 0.5})
	for _, conv := range []string{conventionGenius, conventionNegmas} {
		for _, name := range []string{"boulware", "hardliner"} {
			add(name, Params{"convention": conv})
		}
	}
	for _, name := range []string{"hardheaded", "cuhkagent", "agentk", "atlas3"} {
		add(name, Params{"convention": conventionGenius})
		add(name, Params{"convention": conventionGenius, "acceptance": acceptCombi, "accept_time": 0.5})
	}
	for _, acc := range []string{acceptNext, acceptCombi, acceptTarget} {
		for _, name := range []string{"hardheaded", "agentk", "cuhkagent", "atlas3", "nice-tft", tftRandom} {
			add(name, Params{"acceptance": acc, "accept_time": 0.5})
		}
	}
	return out
}

// lowOffers is a scripted opponent that cycles through outcomes of the 3×10
// benchmark worth little to A (at most 0.11) and rejects everything.
func lowOffers() sim.Maker { return script{offers: []sim.Outcome{0, 1, 10, 100, 2, 20, 200}} }

// TestNoAllocationsPerRound plays every variant through the engine against
// a scripted opponent whose offers are worth less than its reservation
// value, so the session runs to the deadline: a session of 2000 rounds must
// allocate as often as one of 20, so the rounds themselves allocate
// nothing (the strategies build their state, models and buffers included,
// when the session starts).
func TestNoAllocationsPerRound(t *testing.T) {
	for _, v := range variants() {
		per := map[int]float64{}
		for _, d := range []int{20, 2000} {
			n := bench(t, 3, 10, maker(t, v.name, v.params), lowOffers(), d, 1, [2]float64{0.3, 0})
			s := sim.NewSession(n)
			var res sim.Result
			per[d] = testing.AllocsPerRun(5, func() { res = s.Play(0, 1, false) })
			if res.Round < d/2 {
				t.Errorf("%s %v, deadline %d: ended by %v in round %d: the check needs a long session", v.name, v.params, d, res.End, res.Round)
			}
		}
		if per[20] != per[2000] {
			t.Errorf("%s %v: %v allocations for 20 rounds, %v for 2000: the rounds allocate", v.name, v.params, per[20], per[2000])
		}
	}
}

// TestAllRobustInputs feeds every variant what a careless library user
// might: no Self, a Self without space, random stream or opponent, odd
// times, nil turns and outcomes outside the space.
func TestAllRobustInputs(t *testing.T) {
	for _, v := range variants() {
		m := maker(t, v.name, v.params)
		if s := m.NewStrategy(nil); s.Propose(&sim.Turn{}) != sim.NoOutcome || s.Respond(&sim.Turn{}, 0) != sim.Walk {
			t.Errorf("%s: a strategy without a Self should walk away", v.name)
		}
		nothing := &sim.Self{Utility: sim.NewUtilityFromValues([]float64{0.1, 0.2}), Reservation: 0.5, Deadline: 3}
		s := m.NewStrategy(nothing)
		turn := &sim.Turn{Round: 1, Time: 0.5, Offers: &sim.History{}}
		switch o := s.Propose(turn); {
		case keepsReservation(v.name, v.params) && o != sim.NoOutcome:
			t.Errorf("%s: nothing is worth the reservation value: want a walk-away, got %d", v.name, o)
		case !keepsReservation(v.name, v.params) && (o < 0 || o > 1):
			// NegMAS and GENIUS agents do not walk away for that.
			t.Errorf("%s %v: nothing is worth the reservation value: offered %d, want an offer", v.name, v.params, o)
		}
		self := &sim.Self{Utility: sim.NewUtilityFromValues([]float64{0, 0.5, 1}), Deadline: 3, FirstMover: true}
		s = m.NewStrategy(self)
		for r, tm := range []float64{math.NaN(), -1, 2, math.Inf(1)} {
			if o := s.Propose(&sim.Turn{Round: r, Time: tm}); o < sim.NoOutcome || o > 2 {
				t.Errorf("%s: Propose at t=%v = %d", v.name, tm, o)
			}
		}
		for _, o := range []sim.Outcome{-1, 3, 1 << 30} {
			if a := s.Respond(&sim.Turn{Round: 2, Time: 0.5}, o); a == sim.Accept {
				t.Errorf("%s: accepted outcome %d outside the space", v.name, o)
			}
		}
		s.Respond(nil, 2)
		s.Propose(nil)
	}
}

// TestParamsValidated checks the parameter constraints each new strategy's
// New enforces beyond bounds and types.
func TestParamsValidated(t *testing.T) {
	for _, tc := range []struct {
		strategy string
		params   Params
		want     string
	}{
		{tftRelative, Params{"delta": 1.5}, "delta = 1.5 is not a whole number"},
		{tftAveraged, Params{"gamma": 0.0}, "outside [1, 100]"},
		{tftRandom, Params{"m": 2.0}, `"m"`},
		{tftRelative, Params{"gamma": 2.0}, `unknown parameter "gamma"`},
		{"micro", Params{"e": 1.0}, `unknown parameter "e"`},
		{"rubinstein", Params{"horizon": 2.5}, "horizon = 2.5 is not a whole number"},
		{"rubinstein", Params{"opponent_breakdown_value": -0.5}, "opponent_breakdown_value = -0.5"},
		{"rubinstein", Params{"period": "half"}, `"half" is not one of protocol, round, offer`},
		{"zeuthen", Params{"opponent_model": "none"}, `"none" is not one of`},
		{"hardheaded", Params{"acceptance": "never"}, `"never" is not one of`},
		{"linear", Params{"opponent_model": "auto"}, `"auto" is not one of`},
	} {
		in, _ := Lookup(tc.strategy)
		m, err := in.New(tc.params)
		if err == nil || m != nil {
			t.Errorf("%s %v: got a maker and error %v", tc.strategy, tc.params, err)
			continue
		}
		if !contains(err.Error(), tc.want) || !contains(err.Error(), tc.strategy+": ") {
			t.Errorf("%s %v: error %q, want it to name the strategy and contain %q", tc.strategy, tc.params, err, tc.want)
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// FuzzStrategyParams builds any strategy with any value of any of its
// parameters and, when New accepts it, plays it against itself on a small
// domain under both protocols: no panic, no offer below the maker's
// reservation value, no agreement below either's.
func FuzzStrategyParams(f *testing.F) {
	for _, v := range variants() {
		for k, x := range v.params {
			switch x := x.(type) {
			case string:
				f.Add(v.name, k, 0.0, x, false)
			case float64:
				f.Add(v.name, k, x, "", false)
			}
		}
		f.Add(v.name, "", 0.0, "", true)
	}
	f.Add("tft-averaged", "gamma", 100.0, "", false)
	f.Add("rubinstein", "horizon", 3.0, "", true)
	f.Add("rubinstein", "opponent_reservation", 0.9, "", false)
	f.Add("zeuthen", "opponent_reservation", 1.0, "", true)
	f.Add("hardheaded", "opponent_model", 0.0, "bayesian", true)
	f.Add("boulware", "band", 1.0, "", false)
	f.Fuzz(func(t *testing.T, name, key string, x float64, s string, mcp bool) {
		in, ok := Lookup(name)
		if !ok {
			return
		}
		p := Params{}
		if key != "" {
			p[key] = x
			if s != "" {
				p[key] = s
			}
		}
		m, err := in.New(p)
		if (m == nil) == (err == nil) {
			t.Fatalf("New returned maker %v and error %v", m, err)
		}
		if err != nil {
			return
		}
		n := bench(t, 2, 4, m, m, 12, sim.RandomFirst, [2]float64{0.2, 0.3})
		n.Parties[0].Discount = 0.97
		n.Protocol.Breakdown = 0.05
		if mcp {
			n.Protocol.Type = sim.MonotonicConcession
		}
		res := sim.NewSession(n).Play(0, 1, true)
		keeps := keepsReservation(name, p)
		checkSession(t, name, n, &res, [2]bool{keeps, keeps})
	})
}

// BenchmarkAgents plays each strategy (as A, opening) against NegMAS's
// Boulware on the 3×10 benchmark with a deadline of 1000 rounds, the
// cross-simulator benchmark of scenarios/library/bench-3x10.yaml with A's
// strategy replaced. ns/op is one whole session.
func BenchmarkAgents(b *testing.B) {
	for _, in := range Catalog() {
		b.Run(in.Name, func(b *testing.B) {
			n := bench(b, 3, 10, maker(b, in.Name, nil), maker(b, "boulware", Params{"convention": "negmas"}), 1000, 0, [2]float64{0, 0})
			s := sim.NewSession(n)
			b.ReportAllocs()
			var res sim.Result
			for b.Loop() {
				res = s.Play(0, 1, false)
			}
			b.ReportMetric(float64(res.Round), "round")
			b.ReportMetric(res.Utility[0], "u_A")
		})
	}
}
