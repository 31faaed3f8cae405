package scenarios

import (
	"fmt"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// BenchmarkSession plays the fixed cross-simulator benchmark negotiation
// (scenarios bench-3x10 and bench-6x10: k issues with values 0..9, A scores
// v/9 with weights ∝ 1..k, B scores 1 − v/9 with weights ∝ k..1, NegMAS
// Boulware (A, first) against NegMAS Conceder, deadline 1000 rounds). It
// reports rounds per second; the 6x10 case includes the one-off
// precomputation of a million outcomes (reading the scenario, utility
// tables and rankings) in every iteration, as a user would pay it once per
// run.
func BenchmarkSession(b *testing.B) {
	for _, k := range []int{3, 6} {
		name := fmt.Sprintf("bench-%dx10", k)
		b.Run(fmt.Sprintf("%dx10", k), func(b *testing.B) {
			data, ok := BuiltinSource(name)
			if !ok {
				b.Fatalf("no built-in scenario %s", name)
			}
			sc, err := Parse(name+".yaml", data, nil)
			if err != nil {
				b.Fatal(err)
			}
			s := sim.NewSession(sc.Negotiation)
			rounds := 0
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if k == 6 {
					sc, err = Parse(name+".yaml", data, nil)
					if err != nil {
						b.Fatal(err)
					}
					s = sim.NewSession(sc.Negotiation)
				}
				res := s.Play(i, sim.RunSeed(1, i), false)
				rounds += res.Round + 1
			}
			b.ReportMetric(float64(rounds)/b.Elapsed().Seconds(), "rounds/s")
			b.ReportMetric(float64(rounds)/float64(b.N), "rounds/op")
		})
	}
}

// BenchmarkPrecompute6x10 measures the one-off cost of a million-outcome
// scenario alone: reading and validating the file, building the outcome
// space, both utility tables and their rankings.
func BenchmarkPrecompute6x10(b *testing.B) {
	data, ok := BuiltinSource("bench-6x10")
	if !ok {
		b.Fatal("no built-in scenario bench-6x10")
	}
	for b.Loop() {
		if _, err := Parse("bench-6x10.yaml", data, nil); err != nil {
			b.Fatal(err)
		}
	}
}
