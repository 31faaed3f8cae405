package scenarios_test

import (
	"context"
	"fmt"

	"github.com/parley-sim/parley/scenarios"
	"github.com/parley-sim/parley/sim"
)

// ExampleScenario_NewSampler plays the used car with two uncertain
// assumptions: the buyer's impatience and the seller's tactic. Each run
// draws both from streams of its own, so the draws do not depend on the
// number of workers, and rebuilds only what they change.
func ExampleScenario_NewSampler() {
	s, err := scenarios.Load("used-car", []string{
		"parties.buyer.discount={uniform: [0.85, 0.95]}",
		"parties.seller.strategy.type={choice: {boulware: 0.5, conceder: 0.5}}",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range s.Assumptions {
		fmt.Println(a.Path, a.Kind, a.Dist)
	}
	b := sim.Batch{NewSampler: s.NewSampler, Runs: 4, Seed: s.Seed}
	_ = b.Run(context.Background(), func(r *sim.Result) error {
		// The seller comes first in the file, so its assumption too.
		tactic := s.Assumptions[0].Values[int(r.Draw[0])]
		fmt.Printf("run %d: seller %s, buyer's discount %.3f: agreed in round %d, %.2f to the seller, %.2f to the buyer (%.2f discounted)\n",
			r.Run, tactic, r.Draw[1], r.Round, r.Utility[0], r.Utility[1], r.Discounted[1])
		return nil
	})
	// Output:
	// parties.seller.strategy.type category {choice: {boulware: 0.5, conceder: 0.5}}
	// parties.buyer.discount number {uniform: [0.85, 0.95]}
	// run 0: seller conceder, buyer's discount 0.877: agreed in round 5, 0.57 to the seller, 0.64 to the buyer (0.33 discounted)
	// run 1: seller conceder, buyer's discount 0.887: agreed in round 5, 0.57 to the seller, 0.64 to the buyer (0.35 discounted)
	// run 2: seller boulware, buyer's discount 0.943: agreed in round 8, 0.75 to the seller, 0.43 to the buyer (0.27 discounted)
	// run 3: seller boulware, buyer's discount 0.946: agreed in round 8, 0.75 to the seller, 0.43 to the buyer (0.28 discounted)
}

// ExampleComparable checks that a variant of the used car, with other
// preferences but the same issues and parties, can be compared with it run
// by run, while a variant with another issue cannot.
func ExampleComparable() {
	base, _ := scenarios.Load("used-car", nil)
	other, _ := scenarios.Load("used-car", []string{"parties.buyer.weights={price: 1, warranty: 0, extras: 0}", "protocol.deadline=30"})
	fmt.Println(scenarios.Comparable(base, other))
	renamed, _ := scenarios.Load("used-car", []string{"issues.extras.options.tyres.id=tires", "parties.seller.values.extras={as_is: 1, tires: 0.8, tyres_service: 0.3}", "parties.buyer.values.extras={as_is: 0, tires: 0.65, tyres_service: 1}"})
	fmt.Println(scenarios.Comparable(base, renamed))
	// Output:
	// <nil>
	// builtin:used-car: issues.extras: option 2 is "tires", not "tyres"; a comparison needs another scenario over the issues and parties of builtin:used-car, in the same order
}
