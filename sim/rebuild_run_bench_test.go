package sim

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkRebuild measures the in-place rebuild of one party's utility
// table over the flagship's 58,320 outcomes from a perturbed profile, its
// outcomes grouped but not ranked: what each run of an uncertain flagship
// whose strategies need no ranking pays per table.
func BenchmarkRebuild(b *testing.B) {
	f := newUncertainFlagship(b)
	r := rand.New(rand.NewPCG(1, 2))
	var u Utility
	b.ReportAllocs()
	reportCPU(b)
	for b.Loop() {
		f.sample(r)
		if err := u.Rebuild(f.space, f.draw[0]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuildRanked is BenchmarkRebuild for a table whose ranking
// every run asks for (as strategies that walk Ranked do): after the first
// run, Rebuild ranks at once.
func BenchmarkRebuildRanked(b *testing.B) {
	f := newUncertainFlagship(b)
	r := rand.New(rand.NewPCG(1, 2))
	var u Utility
	b.ReportAllocs()
	reportCPU(b)
	for b.Loop() {
		f.sample(r)
		if err := u.Rebuild(f.space, f.draw[0]); err != nil {
			b.Fatal(err)
		}
		u.Ranked()
	}
}

// BenchmarkAnalyzer measures the per-run analysis of a negotiation over
// the flagship's 58,320 outcomes with a reused Analyzer.
func BenchmarkAnalyzer(b *testing.B) {
	f := newUncertainFlagship(b)
	f.sample(rand.New(rand.NewPCG(1, 2)))
	n := &Negotiation{Space: f.space}
	for p := range 2 {
		u, err := NewUtility(f.space, f.draw[p])
		if err != nil {
			b.Fatal(err)
		}
		n.Parties[p] = Party{Utility: u, Reservation: f.res[p]}
	}
	var z Analyzer
	b.ReportAllocs()
	reportCPU(b)
	for b.Loop() {
		z.Analyze(n)
	}
}

// BenchmarkRebuildRun measures everything an uncertain flagship's run
// pays before and after it plays: drawing both profiles and reservations,
// rebuilding both utility tables in place, and analysing the run's
// negotiation with a reused Analyzer.
func BenchmarkRebuildRun(b *testing.B) {
	f := newUncertainFlagship(b)
	r := rand.New(rand.NewPCG(1, 2))
	n := &Negotiation{Space: f.space}
	var u [2]Utility
	var z Analyzer
	b.ReportAllocs()
	reportCPU(b)
	for b.Loop() {
		f.sample(r)
		for p := range 2 {
			if err := u[p].Rebuild(f.space, f.draw[p]); err != nil {
				b.Fatal(err)
			}
			n.Parties[p] = Party{Utility: &u[p], Reservation: f.res[p]}
		}
		z.Analyze(n)
	}
}
