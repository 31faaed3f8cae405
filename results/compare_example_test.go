package results

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/sim"
)

// ExampleCompareRecorder compares a negotiation with a 20% breakdown risk
// per round against the same with 5%, with common random numbers, and
// prints the difference of the agreement rates and the files written.
func ExampleCompareRecorder() {
	dir, err := os.MkdirTemp("", "parley-example-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	base, err := fixture.Build(0.2, sim.RandomFirst, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	variant, err := fixture.Build(0.05, sim.RandomFirst, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	m := CompareManifest{Version: "v0.1.0", Seed: 7, Runs: 200,
		Arms: [2]ArmManifest{{Label: "twostates"}, {Label: "twostates with protocol.breakdown=0.05", Overrides: []string{"protocol.breakdown=0.05"}}}}
	out := filepath.Join(dir, "compare")
	r, err := NewCompareRecorder(out, [2]*sim.Negotiation{base, variant}, m, CompareOptions{NoCharts: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	p := sim.Paired{A: sim.Arm{Negotiation: base}, B: sim.Arm{Negotiation: variant}, Measure: true, Runs: 200, Seed: 7}
	if err := p.Run(context.Background(), r.Add); err != nil {
		r.Abort()
		fmt.Println(err)
		return
	}
	if err := r.Close(); err != nil {
		fmt.Println(err)
		return
	}
	d := r.Differences()[0]
	fmt.Printf("%s: %.3f → %.3f, difference %+.3f [%+.3f, %+.3f] (%s, n = %d)\n", d.Metric, d.Base, d.Variant, d.Estimate, d.Lo, d.Hi, d.Method, d.N)
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		fmt.Println(e.Name())
	}
	// Output:
	// agreement: 0.290 → 0.765, difference +0.475 [+0.400, +0.539] (newcombe_paired, n = 200)
	// differences.csv
	// manifest.json
	// pairs.csv
	// runs.csv
}
