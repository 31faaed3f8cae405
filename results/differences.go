package results

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/parley-sim/parley/sim"
	"github.com/parley-sim/parley/sim/stats"
)

// DifferencesFile is the table of paired differences between the two
// arms of a comparison (parley compare).
const DifferencesFile = "differences.csv"

// Methods of the rows of differences.csv.
const (
	// MethodNewcombePaired is Newcombe's (1998) method 10 for the
	// difference of two proportions measured on the same pairs
	// (stats.NewcombePaired).
	MethodNewcombePaired = "newcombe_paired"
	// MethodPairedT is the paired t interval of a mean difference
	// (stats.PairedMeanDiff).
	MethodPairedT = "paired_t"
	// MethodWilson is the Wilson interval of a share of runs.
	MethodWilson = "wilson"
	// MethodIdentical marks the rows of two arms that are the same
	// scenario: every run plays the same in both (common random numbers),
	// so every difference is exactly 0 and its interval has no width.
	MethodIdentical = "identical_arms"
)

// differencesHeader is the header of differences.csv.
var differencesHeader = []string{"metric", "statistic", "n", "base", "variant", "estimate", "lo", "hi", "method"}

// Pairs gathers the paired runs of a comparison: run i of the base arm
// and run i of the variant, played with the same seed, the same draws of
// the assumptions they share and the same breakdown draws. The zero value
// is not ready: use NewPairs.
type Pairs struct {
	parties   [2]string
	identical bool
	table     stats.PairedTable // agreement: first = variant, second = base
	// Per pair: each party's utility and discounted utility and the
	// welfare, base then variant.
	u, ud         [2][2][]float64
	welfare       [2][]float64
	round         [2][]float64 // runs agreed in both arms
	better, worse [2]int
	same          [2]int
	n             int
}

// NewPairs returns an empty gatherer for two arms whose parties are
// named parties. identical says that both arms play the same scenario
// (the same resolved text), so that their differences are exactly 0.
func NewPairs(parties [2]string, identical bool) *Pairs {
	return &Pairs{parties: parties, identical: identical}
}

// Add records one pair: run i of the base arm and of the variant.
func (p *Pairs) Add(base, variant *sim.Result) {
	p.n++
	a, b := base.Agreed(), variant.Agreed()
	switch {
	case a && b:
		p.table.Both++
		p.round[0] = append(p.round[0], float64(base.Round))
		p.round[1] = append(p.round[1], float64(variant.Round))
	case b:
		p.table.OnlyFirst++
	case a:
		p.table.OnlySecond++
	default:
		p.table.Neither++
	}
	for k, r := range []*sim.Result{base, variant} {
		for i := range 2 {
			p.u[i][k] = append(p.u[i][k], r.Utility[i])
			p.ud[i][k] = append(p.ud[i][k], r.Discounted[i])
		}
		p.welfare[k] = append(p.welfare[k], r.Utility[0]+r.Utility[1])
	}
	for i := range 2 {
		switch d := variant.Utility[i] - base.Utility[i]; {
		case d > 0:
			p.better[i]++
		case d < 0:
			p.worse[i]++
		default:
			p.same[i]++
		}
	}
}

// Difference is one row of differences.csv.
type Difference struct {
	// Metric names what is compared: agreement, u_ID, ud_ID, welfare,
	// round, or better_ID, worse_ID, same_ID for the share of runs in
	// which party ID does better, worse or the same in the variant.
	Metric string
	// Statistic is "difference of rates", "mean difference" or "share of
	// runs".
	Statistic string
	// N is the number of pairs the row is computed from.
	N int
	// Base and Variant are the arms' rates or means (NaN for a share).
	Base, Variant float64
	// Estimate is variant − base, or the share; Lo and Hi bound its 95%
	// interval (NaN when there is none).
	Estimate, Lo, Hi float64
	// Method is how the interval was computed (MethodNewcombePaired, ...).
	Method string
}

// Differences returns the rows of differences.csv at the 95% level.
func (p *Pairs) Differences() []Difference {
	const level = 0.95
	nan := math.NaN()
	var out []Difference
	n := p.n
	rate := func(k int) float64 { return float64(k) / float64(n) }
	agree := Difference{Metric: "agreement", Statistic: "difference of rates", N: n,
		Base: rate(p.table.Both + p.table.OnlySecond), Variant: rate(p.table.Both + p.table.OnlyFirst), Method: MethodNewcombePaired}
	agree.Estimate, agree.Lo, agree.Hi, _ = stats.NewcombePaired(p.table, level)
	out = append(out, agree)
	mean := func(metric string, base, variant []float64) Difference {
		d := Difference{Metric: metric, Statistic: "mean difference", N: len(base), Base: meanOf(base), Variant: meanOf(variant), Method: MethodPairedT}
		d.Estimate, d.Lo, d.Hi, _ = stats.PairedMeanDiff(variant, base, level)
		return d
	}
	for i, id := range p.parties {
		out = append(out, mean("u_"+id, p.u[i][0], p.u[i][1]), mean("ud_"+id, p.ud[i][0], p.ud[i][1]))
	}
	out = append(out, mean("welfare", p.welfare[0], p.welfare[1]), mean("round", p.round[0], p.round[1]))
	for i, id := range p.parties {
		for _, s := range []struct {
			name string
			k    int
		}{{"better_", p.better[i]}, {"worse_", p.worse[i]}, {"same_", p.same[i]}} {
			d := Difference{Metric: s.name + id, Statistic: "share of runs", N: n, Base: nan, Variant: nan, Method: MethodWilson, Estimate: nan}
			if n > 0 {
				d.Estimate = rate(s.k)
			}
			d.Lo, d.Hi = stats.Wilson(s.k, n, stats.Z(level))
			out = append(out, d)
		}
	}
	if p.identical {
		for k := range out {
			d := &out[k]
			if d.Statistic == "share of runs" {
				continue // a party does the same in every run: the share is exact
			}
			d.Estimate, d.Lo, d.Hi, d.Method = 0, 0, 0, MethodIdentical
		}
		for k := range out {
			if d := &out[k]; d.Statistic == "share of runs" {
				d.Lo, d.Hi, d.Method = d.Estimate, d.Estimate, MethodIdentical
			}
		}
	}
	return out
}

// meanOf returns the mean of x, NaN when empty.
func meanOf(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// WriteDifferences writes differences.csv: one row per Difference, with
// the columns metric, statistic, n, base, variant, estimate, lo, hi,
// method. Numbers are written as formatFloat writes them (shortest form
// that reads back exactly); a missing value is empty.
func WriteDifferences(w io.Writer, rows []Difference) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(differencesHeader); err != nil {
		return err
	}
	for _, d := range rows {
		rec := []string{d.Metric, d.Statistic, strconv.Itoa(d.N), formatFloat(d.Base), formatFloat(d.Variant),
			formatFloat(d.Estimate), formatFloat(d.Lo), formatFloat(d.Hi), d.Method}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("writing %s: %w", DifferencesFile, err)
		}
	}
	cw.Flush()
	return cw.Error()
}
