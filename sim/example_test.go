package sim_test

import (
	"context"
	"fmt"

	"github.com/parley-sim/parley/sim"
)

// greedy opens with its best outcome, then offers the least good outcome
// still worth 0.55 to it; it accepts anything worth at least half.
type greedy struct{}

func (greedy) NewStrategy(self *sim.Self) sim.Strategy { return &greedyPlay{self} }

type greedyPlay struct{ self *sim.Self }

func (g *greedyPlay) Propose(t *sim.Turn) sim.Outcome {
	if t.Round == 0 {
		return g.self.Utility.Best()
	}
	o, _ := g.self.Utility.Lowest(0.55)
	return o
}

func (g *greedyPlay) Respond(t *sim.Turn, offer sim.Outcome) sim.Action {
	if g.self.Utility.Of(offer) >= 0.5 {
		return sim.Accept
	}
	return sim.Reject
}

// Example plays a batch of a one-issue negotiation over three options.
func Example() {
	space, _ := sim.NewSpace([]sim.Issue{{
		ID:     "corridor",
		Values: []sim.Value{{ID: "national"}, {ID: "joint"}, {ID: "extraterritorial"}},
	}})
	a, _ := sim.NewUtility(space, sim.Additive{Weights: []float64{1}, Values: [][]float64{{1, 0.6, 0}}})
	b, _ := sim.NewUtility(space, sim.Additive{Weights: []float64{1}, Values: [][]float64{{0, 0.7, 1}}})
	n := &sim.Negotiation{
		Name:  "corridor",
		Space: space,
		Parties: [2]sim.Party{
			{ID: "a", Utility: a, Reservation: 0.2, Discount: 0.95, Strategy: greedy{}},
			{ID: "b", Utility: b, Reservation: 0.2, Discount: 0.95, Strategy: greedy{}},
		},
		Protocol: sim.Protocol{Deadline: 3},
	}
	batch := sim.Batch{Negotiation: n, Runs: 2, Seed: 7}
	_ = batch.Run(context.Background(), func(r *sim.Result) error {
		fmt.Printf("run %d: %v in round %d on %q, utilities %.2f and %.2f\n",
			r.Run, r.End, r.Round, space.Value(r.Agreement, 0).ID, r.Utility[0], r.Utility[1])
		return nil
	})
	// Output:
	// run 0: agreement in round 1 on "joint", utilities 0.60 and 0.70
	// run 1: agreement in round 1 on "joint", utilities 0.60 and 0.70
}
