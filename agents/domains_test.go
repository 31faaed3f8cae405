package agents

import (
	"strconv"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// bench builds the opposed linear benchmark of scenarios/library/bench-3x10
// generalised to k issues of n integer values: A scores value v of issue j
// (from 1) as v/(n−1) with weight ∝ j, B scores it as 1 − v/(n−1) with
// weight ∝ k + 1 − j. Each party perceives the other's true utility.
func bench(tb testing.TB, k, n int, a, b sim.Maker, deadline, first int, res [2]float64) *sim.Negotiation {
	tb.Helper()
	issues := make([]sim.Issue, k)
	for j := range issues {
		vals := make([]sim.Value, n)
		for v := range vals {
			vals[v] = sim.Value{ID: strconv.Itoa(v), Number: float64(v)}
		}
		issues[j] = sim.Issue{ID: "i" + strconv.Itoa(j+1), Numeric: true, Values: vals}
	}
	space, err := sim.NewSpace(issues)
	if err != nil {
		tb.Fatal(err)
	}
	total := float64(k * (k + 1) / 2)
	pa := sim.Additive{Weights: make([]float64, k), Values: make([][]float64, k)}
	pb := sim.Additive{Weights: make([]float64, k), Values: make([][]float64, k)}
	for j := range k {
		pa.Weights[j] = float64(j+1) / total
		pb.Weights[j] = float64(k-j) / total
		pa.Values[j] = make([]float64, n)
		pb.Values[j] = make([]float64, n)
		for v := range n {
			pa.Values[j][v] = float64(v) / float64(n-1)
			pb.Values[j][v] = 1 - pa.Values[j][v]
		}
	}
	ua, err := sim.NewUtility(space, pa)
	if err != nil {
		tb.Fatal(err)
	}
	ub, err := sim.NewUtility(space, pb)
	if err != nil {
		tb.Fatal(err)
	}
	neg := &sim.Negotiation{
		Name:  "bench",
		Space: space,
		Parties: [2]sim.Party{
			{ID: "a", Utility: ua, Perceived: ub, Reservation: res[0], BreakdownValue: res[0], Discount: 1, Strategy: a, StrategyName: "a"},
			{ID: "b", Utility: ub, Perceived: ua, Reservation: res[1], BreakdownValue: res[1], Discount: 1, Strategy: b, StrategyName: "b"},
		},
		Protocol: sim.Protocol{Deadline: deadline, FirstMover: first},
	}
	if err := neg.Validate(); err != nil {
		tb.Fatal(err)
	}
	return neg
}

// pie builds the unit pie cut into n−1 shares (value x gives A x/(n−1)),
// each party perceiving the other's utility, with the given discount
// factors and reservation values.
func pie(tb testing.TB, n int, a, b sim.Maker, deadline, first int, disc, res [2]float64) *sim.Negotiation {
	tb.Helper()
	ua, ub := unitPie(n)
	neg := oneIssue(tb, ua, ub, res, a, b, deadline, first)
	for i := range neg.Parties {
		neg.Parties[i].Discount = disc[i]
		neg.Parties[i].BreakdownValue = res[i]
	}
	neg.Parties[0].Perceived = neg.Parties[1].Utility
	neg.Parties[1].Perceived = neg.Parties[0].Utility
	return neg
}

// idle returns a placeholder strategy for negotiations built only for
// their space and utilities.
func idle() sim.Maker { return script{offers: []sim.Outcome{0}} }
