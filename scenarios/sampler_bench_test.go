package scenarios

import (
	"context"
	"math"
	"slices"
	"strconv"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// everythingUncertain returns --set arguments that make every weight,
// every option value, every ideal point and tolerance and both
// reservation values of the built-in scenario name uncertain: each weight
// uniform within ±20% of its stated value, each evaluation and
// reservation uniform within ±0.05 of its own (cut at 0 and 1), each ideal
// point within ±0.5 of its own (cut at the range) and each tolerance in
// [0, tolerance + 0.5].
func everythingUncertain(tb testing.TB, name string) []string {
	tb.Helper()
	s, err := Load(name, nil)
	if err != nil {
		tb.Fatal(err)
	}
	r := newReader(s.Source)
	m := r.decode(cloneTree(s.tree), s.cat)
	num := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	around := func(x, d, lo, hi float64) string {
		return "{uniform: [" + num(math.Max(lo, x-d)) + ", " + num(math.Min(hi, x+d)) + "]}"
	}
	var sets []string
	for _, p := range m.Parties {
		path := "parties." + p.ID
		sets = append(sets, path+".reservation="+around(p.Reservation, 0.05, 0, 1))
		for i, is := range m.Issues {
			if w := p.Weights[i]; w > 0 {
				sets = append(sets, path+".weights."+is.ID+"={uniform: ["+num(0.8*w)+", "+num(1.2*w)+"]}")
			}
			v := p.Values[i]
			switch {
			case v == nil:
			case !is.Numeric:
				for j, o := range is.Options {
					sets = append(sets, path+".values."+is.ID+"."+o.ID+"="+around(v.Options[j], 0.05, 0, 1))
				}
			case v.HasIdeal:
				sets = append(sets, path+".values."+is.ID+".ideal="+around(v.Ideal, 0.5, is.Min, is.Max),
					path+".values."+is.ID+".tolerance={uniform: [0, "+num(v.Tolerance+0.5)+"]}")
			}
		}
	}
	return sets
}

// BenchmarkUncertainFlagship plays the flagship (south-caucasus) with
// every weight, option value, ideal point, tolerance and reservation
// uncertain (everythingUncertain) through sim.Batch on one worker: each
// run draws its assumptions, rebuilds both parties' utility tables over
// the 58,320 outcomes, plays, and is analysed against its own
// negotiation. It reports runs per second.
func BenchmarkUncertainFlagship(b *testing.B) {
	s, err := Load("south-caucasus", append(slices.Clone(certainFlagship), everythingUncertain(b, "south-caucasus")...))
	if err != nil {
		b.Fatal(err)
	}
	benchBatch(b, sim.Batch{NewSampler: s.NewSampler, Seed: s.Seed})
	b.ReportMetric(float64(len(s.Assumptions)), "assumptions")
}

// BenchmarkCertainFlagship plays the flagship with its ranges pinned to
// their centres (certainFlagship), measuring every run against its one
// analysis, through sim.Batch on one worker: the rate to set beside
// BenchmarkUncertainFlagship's and BenchmarkFlagshipRanges's.
func BenchmarkCertainFlagship(b *testing.B) {
	s, err := Load("south-caucasus", certainFlagship)
	if err != nil {
		b.Fatal(err)
	}
	benchBatch(b, sim.Batch{Negotiation: s.Negotiation, Measure: true, Seed: s.Seed})
}

// benchBatch plays b.N runs of batch on one worker and reports runs per
// second of wall time (runs/s) and of the process's CPU time (runs/cpu-s,
// the rate per core on a machine that other processes share).
func benchBatch(b *testing.B, batch sim.Batch) {
	batch.Runs, batch.Workers = b.N, 1
	b.ReportAllocs()
	b.ResetTimer()
	start, cpuOK := processCPU()
	if err := batch.Run(context.Background(), func(*sim.Result) error { return nil }); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "runs/s")
	if end, ok := processCPU(); cpuOK && ok && end > start {
		b.ReportMetric(float64(b.N)/(float64(end-start)/1e9), "runs/cpu-s")
	}
}

// BenchmarkFlagshipRanges plays the flagship with the ranges its file
// states (what make run plays), through sim.Batch on one worker, each run
// drawn and analysed against its own negotiation.
func BenchmarkFlagshipRanges(b *testing.B) {
	s, err := Load("south-caucasus", nil)
	if err != nil {
		b.Fatal(err)
	}
	benchBatch(b, sim.Batch{NewSampler: s.NewSampler, Seed: s.Seed})
	b.ReportMetric(float64(len(s.Assumptions)), "assumptions")
}
