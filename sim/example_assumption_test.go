package sim_test

import (
	"fmt"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parley-sim/parley/sim"
)

// ExampleAssumptionUniform draws an uncertain discount factor, triangular
// on [0.9, 0.99] with mode 0.97, by inversion: the same run of any
// scenario that states this assumption draws the same value, whatever
// else is uncertain.
func ExampleAssumptionUniform() {
	tri := distuv.NewTriangle(0.9, 0.99, 0.97, nil)
	for run := range 3 {
		u := sim.AssumptionUniform(sim.RunSeed(42, run), "parties.armenia.discount")
		fmt.Printf("run %d: u = %.4f, discount %.4f\n", run, u, tri.Quantile(u))
	}
	// Output:
	// run 0: u = 0.6984, discount 0.9663
	// run 1: u = 0.2332, discount 0.9383
	// run 2: u = 0.2233, discount 0.9375
}
