package agents

import (
	"strconv"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// oneIssue builds a one-issue negotiation with len(ua) values, the given
// utilities per value, reservations, strategies, deadline and first mover.
func oneIssue(tb testing.TB, ua, ub []float64, res [2]float64, a, b sim.Maker, deadline, first int) *sim.Negotiation {
	tb.Helper()
	if len(ua) != len(ub) {
		tb.Fatalf("utilities of different lengths: %d and %d", len(ua), len(ub))
	}
	vals := make([]sim.Value, len(ua))
	for i := range vals {
		vals[i] = sim.Value{ID: strconv.Itoa(i), Number: float64(i)}
	}
	space, err := sim.NewSpace([]sim.Issue{{ID: "x", Numeric: true, Values: vals}})
	if err != nil {
		tb.Fatal(err)
	}
	n := &sim.Negotiation{
		Name:  "one-issue",
		Space: space,
		Parties: [2]sim.Party{
			{ID: "a", Utility: sim.NewUtilityFromValues(ua), Reservation: res[0], Discount: 1, Strategy: a, StrategyName: "a"},
			{ID: "b", Utility: sim.NewUtilityFromValues(ub), Reservation: res[1], Discount: 1, Strategy: b, StrategyName: "b"},
		},
		Protocol: sim.Protocol{Deadline: deadline, FirstMover: first},
	}
	if err := n.Validate(); err != nil {
		tb.Fatal(err)
	}
	return n
}

// unitPie returns the utilities of the unit pie cut into n−1 shares: value
// x gives A the share x/(n−1) and B the rest.
func unitPie(n int) (ua, ub []float64) {
	ua = make([]float64, n)
	ub = make([]float64, n)
	for x := range n {
		ua[x] = float64(x) / float64(n-1)
		ub[x] = 1 - ua[x]
	}
	return ua, ub
}

// maker looks up a strategy and builds it, failing the test on error.
func maker(tb testing.TB, name string, p Params) sim.Maker {
	tb.Helper()
	in, ok := Lookup(name)
	if !ok {
		tb.Fatalf("no strategy %q", name)
	}
	m, err := in.New(p)
	if err != nil {
		tb.Fatalf("%s.New(%v): %v", name, p, err)
	}
	return m
}

// script is a test opponent: it offers offers[round] (the last one after
// the list ends) and rejects everything.
type script struct{ offers []sim.Outcome }

func (s script) NewStrategy(*sim.Self) sim.Strategy { return s }

func (s script) Propose(t *sim.Turn) sim.Outcome {
	return s.offers[min(t.Round, len(s.offers)-1)]
}

func (s script) Respond(*sim.Turn, sim.Outcome) sim.Action { return sim.Reject }
