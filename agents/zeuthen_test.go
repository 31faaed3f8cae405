package agents

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// TestZeuthenConcederIsNashProduct tests Harsanyi's (1956) identity: for
// random pairs of proposals, the agent Zeuthen's rule makes concede is the
// one whose proposal has the smaller Nash product, both on equal products
// (Harsanyi 1956). Utilities are multiples of 1/256, so that every product
// below is exact and ties are real ties; a second pass uses arbitrary
// floats away from ties.
func TestZeuthenConcederIsNashProduct(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	grid := func() float64 { return float64(r.IntN(257)) / 256 }
	check := func(own1, other1, d1, own2, other2, d2 float64, exact bool) {
		np1 := (own1 - d1) * (other2 - d2) // NP(δ₁): agent 1's proposal
		np2 := (other1 - d1) * (own2 - d2) // NP(δ₂)
		want := concedeBoth
		switch {
		case np1 < np2:
			want = concedeFirst
		case np1 > np2:
			want = concedeSecond
		}
		if !exact && math.Abs(np1-np2) < 1e-9 {
			return
		}
		if got := zeuthenConceder(own1, other1, d1, own2, other2, d2); got != want {
			t.Fatalf("u₁(δ₁)=%v u₁(δ₂)=%v d₁=%v u₂(δ₂)=%v u₂(δ₁)=%v d₂=%v: conceder %d, want %d (NP(δ₁)=%v, NP(δ₂)=%v)",
				own1, other1, d1, own2, other2, d2, got, want, np1, np2)
		}
	}
	ties := 0
	for range 200000 {
		// Each agent prefers its own proposal, which beats its conflict
		// utility: d ≤ other < own (the protocol's state before agreement).
		d1, d2 := grid()/2, grid()/2
		own1, own2 := d1+grid()*(1-d1), d2+grid()*(1-d2)
		own1, own2 = math.Round(own1*256)/256, math.Round(own2*256)/256
		if own1 <= d1 || own2 <= d2 {
			continue
		}
		other1 := d1 + math.Floor(r.Float64()*(own1-d1)*256)/256
		other2 := d2 + math.Floor(r.Float64()*(own2-d2)*256)/256
		if (own1-d1)*(other2-d2) == (other1-d1)*(own2-d2) {
			ties++
		}
		check(own1, other1, d1, own2, other2, d2, true)
	}
	if ties < 100 {
		t.Fatalf("only %d ties drawn: the tie case is not exercised", ties)
	}
	for range 200000 {
		d1, d2 := r.Float64()/2, r.Float64()/2
		own1, own2 := d1+r.Float64()*(1-d1), d2+r.Float64()*(1-d2)
		other1, other2 := d1+r.Float64()*(own1-d1), d2+r.Float64()*(own2-d2)
		check(own1, other1, d1, own2, other2, d2, false)
	}
	// Risk 1 by definition when the own proposal is worth only the
	// conflict utility: the other agent concedes unless its risk is 1 too.
	if got := zeuthenConceder(0.3, 0.2, 0.3, 0.8, 0.1, 0); got != concedeSecond {
		t.Errorf("risk₁ = 1, risk₂ < 1: conceder %d, want the second", got)
	}
	if got := zeuthenConceder(0.3, 0.2, 0.3, 0.8, 0, 0); got != concedeBoth {
		t.Errorf("both risks 1: conceder %d, want both", got)
	}
}

// TestZeuthenMCP plays two Zeuthen agents under the monotonic concession
// protocol on random finite domains with random conflict deals and checks
// what Rosenschein and Zlotkin (1994) and Harsanyi (1956) predict: the
// session ends in agreement, the deal is
// individually rational and Pareto-optimal, no proposal's Nash product
// exceeds the deal's, and the deal maximises the Nash product over the
// individually rational outcomes (ties allowed).
func TestZeuthenMCP(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	npMax, total := 0, 0
	for trial := range 300 {
		k, n := 2+r.IntN(2), 3+r.IntN(5)
		issues := make([]sim.Issue, k)
		pa := sim.Additive{Weights: make([]float64, k), Values: make([][]float64, k)}
		pb := sim.Additive{Weights: make([]float64, k), Values: make([][]float64, k)}
		var wa, wb float64
		for j := range k {
			vals := make([]sim.Value, n)
			pa.Values[j], pb.Values[j] = make([]float64, n), make([]float64, n)
			for v := range vals {
				vals[v] = sim.Value{ID: fmt.Sprint(v)}
				pa.Values[j][v], pb.Values[j][v] = r.Float64(), r.Float64()
			}
			issues[j] = sim.Issue{ID: fmt.Sprint("i", j), Values: vals}
			pa.Weights[j], pb.Weights[j] = r.Float64(), r.Float64()
			wa += pa.Weights[j]
			wb += pb.Weights[j]
		}
		for j := range k {
			pa.Weights[j] /= wa
			pb.Weights[j] /= wb
		}
		space, _ := sim.NewSpace(issues)
		ua, _ := sim.NewUtility(space, pa)
		ub, _ := sim.NewUtility(space, pb)
		d := [2]float64{r.Float64() * 0.4, r.Float64() * 0.4}
		neg := &sim.Negotiation{
			Space: space,
			Parties: [2]sim.Party{
				{ID: "a", Utility: ua, Perceived: ub, Reservation: d[0], BreakdownValue: d[0], Discount: 1, Strategy: maker(t, "zeuthen", Params{"opponent_reservation": d[1]}), StrategyName: "zeuthen"},
				{ID: "b", Utility: ub, Perceived: ua, Reservation: d[1], BreakdownValue: d[1], Discount: 1, Strategy: maker(t, "zeuthen", Params{"opponent_reservation": d[0]}), StrategyName: "zeuthen"},
			},
			Protocol: sim.Protocol{Type: sim.MonotonicConcession, Deadline: 1000},
		}
		if err := neg.Validate(); err != nil {
			t.Fatal(err)
		}
		np := func(o sim.Outcome) float64 { return (ua.Of(o) - d[0]) * (ub.Of(o) - d[1]) }
		best, rational := math.Inf(-1), false
		for o := range sim.Outcome(space.Size()) {
			if ua.Of(o) >= d[0] && ub.Of(o) >= d[1] {
				rational = true
				best = max(best, np(o))
			}
		}
		res := sim.NewSession(neg).Play(trial, sim.RunSeed(5, trial), true)
		if !rational {
			if res.Agreed() {
				t.Errorf("trial %d: agreement %d without an individually rational outcome", trial, res.Agreement)
			}
			continue
		}
		total++
		if !res.Agreed() {
			t.Errorf("trial %d: %v in round %d, want agreement (trace %v)", trial, res.End, res.Round, res.Trace)
			continue
		}
		deal := res.Agreement
		if ua.Of(deal) < d[0] || ub.Of(deal) < d[1] {
			t.Errorf("trial %d: deal %d not individually rational", trial, deal)
		}
		for o := range sim.Outcome(space.Size()) {
			if ua.Of(o) >= ua.Of(deal) && ub.Of(o) >= ub.Of(deal) && (ua.Of(o) > ua.Of(deal) || ub.Of(o) > ub.Of(deal)) {
				t.Errorf("trial %d: deal %d is dominated by %d", trial, deal, o)
				break
			}
		}
		for _, e := range res.Trace {
			if e.Kind == sim.EventOffer && np(e.Outcome) > np(deal)+1e-12 {
				t.Errorf("trial %d: proposal %d in round %d has a Nash product %v above the deal's %v", trial, e.Outcome, e.Round, np(e.Outcome), np(deal))
				break
			}
		}
		// Every proposal, from the first round on, lies in the
		// negotiation set: individually rational and Pareto-optimal.
		for _, e := range res.Trace {
			if e.Kind != sim.EventOffer {
				continue
			}
			if !inNegotiationSet(space, ua, ub, d, e.Outcome) {
				t.Errorf("trial %d: %v's proposal %d in round %d is outside the negotiation set", trial, neg.Parties[e.Actor].ID, e.Outcome, e.Round)
				break
			}
		}
		if np(deal) >= best-1e-12 {
			npMax++
		} else {
			t.Errorf("trial %d: deal %d has a Nash product %v below the maximum %v", trial, deal, np(deal), best)
		}
	}
	t.Logf("%d of %d deals maximise the Nash product", npMax, total)
}

// inNegotiationSet reports whether o is individually rational for both
// (conflict deal d) and not Pareto-dominated.
func inNegotiationSet(space *sim.Space, ua, ub *sim.Utility, d [2]float64, o sim.Outcome) bool {
	if ua.Of(o) < d[0] || ub.Of(o) < d[1] {
		return false
	}
	for c := range sim.Outcome(space.Size()) {
		if ua.Of(c) >= ua.Of(o) && ub.Of(c) >= ub.Of(o) && (ua.Of(c) > ua.Of(o) || ub.Of(c) > ub.Of(o)) {
			return false
		}
	}
	return true
}

// TestZeuthenAlternating checks the agent under alternating offers: two
// Zeuthen agents reach agreement, and one answers by its proposal rule.
func TestZeuthenAlternating(t *testing.T) {
	a, b := maker(t, "zeuthen", nil), maker(t, "zeuthen", nil)
	res := sim.NewSession(pie(t, 101, a, b, 100, 0, [2]float64{1, 1}, [2]float64{0, 0})).Play(0, 1, false)
	if !res.Agreed() || math.Abs(res.Utility[0]-0.5) > 0.02 {
		t.Errorf("Zeuthen vs Zeuthen on a pie: %v in round %d, A gets %v; want agreement near the Nash split 0.5", res.End, res.Round, res.Utility[0])
	}
}
