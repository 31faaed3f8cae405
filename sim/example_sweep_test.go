package sim_test

import (
	"context"
	"fmt"

	"github.com/parley-sim/parley/sim"
)

// ExampleSweep varies what a joint regime is worth to a over three points, plays four
// replications of each and counts the agreements per point.
func ExampleSweep() {
	space, _ := sim.NewSpace([]sim.Issue{{
		ID:     "corridor",
		Values: []sim.Value{{ID: "national"}, {ID: "joint"}, {ID: "extraterritorial"}},
	}})
	b, _ := sim.NewUtility(space, sim.Additive{Weights: []float64{1}, Values: [][]float64{{0, 0.7, 1}}})
	joint := []float64{0.6, 0.5, 0.4}
	agreed := make([]int, len(joint))
	sw := sim.Sweep{
		Points:       len(joint),
		Replications: 4,
		Seed:         7,
		Build: func(p int) (*sim.Negotiation, error) {
			a, err := sim.NewUtility(space, sim.Additive{Weights: []float64{1}, Values: [][]float64{{1, joint[p], 0}}})
			if err != nil {
				return nil, err
			}
			return &sim.Negotiation{
				Name:  "corridor",
				Space: space,
				Parties: [2]sim.Party{
					{ID: "a", Utility: a, Reservation: 0.2, Discount: 0.95, Strategy: greedy{}},
					{ID: "b", Utility: b, Reservation: 0.2, Discount: 0.95, Strategy: greedy{}},
				},
				Protocol: sim.Protocol{Deadline: 3},
			}, nil
		},
		Emit: func(p int, r *sim.Result, _ []byte) error {
			if r.Agreed() {
				agreed[p]++
			}
			return nil
		},
		PointDone: func(p, reps int) error {
			fmt.Printf("joint worth %.1f to a: %d of %d agreed\n", joint[p], agreed[p], reps)
			return nil
		},
	}
	if err := sw.Run(context.Background()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// joint worth 0.6 to a: 4 of 4 agreed
	// joint worth 0.5 to a: 4 of 4 agreed
	// joint worth 0.4 to a: 0 of 4 agreed
}
