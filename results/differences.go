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
	// MethodPairedT is the paired t interval of a mean difference: the t
	// interval of the mean of the pairs' differences (stats.PairedMeanDiff).
	MethodPairedT = "paired_t"
	// MethodWilson is the Wilson interval of a share of runs.
	MethodWilson = "wilson"
	// MethodIdentical marks the rows of two arms that are the same
	// scenario and played the same in every pair (common random numbers):
	// every difference is exactly 0, every share exact, and no interval
	// has a width.
	MethodIdentical = "identical_arms"
)

// Statistics of the rows of differences.csv.
const (
	StatRateDifference = "difference of rates"
	StatMeanDifference = "mean difference"
	StatShare          = "share of runs"
)

// differencesHeader is the header of differences.csv: the provenance
// columns of summary.csv, then the row's own.
var differencesHeader = []string{"scenario", "version", "seed", "metric", "statistic", "n", "base", "variant",
	"estimate", "lower", "upper", "level", "method"}

// mean accumulates a mean in run order.
type mean struct {
	n   int
	sum float64
}

func (m *mean) add(x float64) { m.n++; m.sum += x }

func (m *mean) value() float64 {
	if m.n == 0 {
		return math.NaN()
	}
	return m.sum / float64(m.n)
}

// pairedMetric accumulates a metric measured in both arms of each pair:
// each arm's mean and the moments (and, for the charts, the bounded
// frequencies) of the differences variant − base.
type pairedMetric struct {
	base, variant mean
	diff          *sample
}

func newPairedMetric(keepValues bool) *pairedMetric {
	s := &sample{freq: map[float64]int64{}, limit: maxDistinct}
	if !keepValues {
		s.limit = 0 // moments only: the first value drops the frequencies
	}
	return &pairedMetric{diff: s}
}

func (p *pairedMetric) add(base, variant float64) {
	p.base.add(base)
	p.variant.add(variant)
	p.diff.add(variant - base)
}

// Pairs gathers the paired runs of a comparison: run i of the base arm
// and run i of the variant, played with the same seed, the same draws of
// the assumptions they share and the same breakdown draws. Its memory is
// bounded whatever the number of pairs: means and variances are running
// sums (Welford), and only the frequencies of each party's utility
// differences are kept, for the charts, as a run's summary keeps them. The
// zero value is not ready: use NewPairs.
type Pairs struct {
	parties [2]string
	// claimed: both arms are the same scenario; same: every pair so far
	// played the same in both arms.
	claimed, same bool
	table         stats.PairedTable // agreement: first = variant, second = base
	u, ud         [2]*pairedMetric
	welfare       *pairedMetric
	round         *pairedMetric // runs agreed in both arms
	better, worse [2]int
	equal         [2]int
	n             int
	firstDiff     int // the first pair of "identical" arms that differed
}

// NewPairs returns an empty gatherer for two arms whose parties are
// named parties. identical says that both arms play the same scenario
// (the same resolved text): if every pair then plays the same in both
// arms, the differences are exactly 0 by construction and written with
// intervals of no width (MethodIdentical).
func NewPairs(parties [2]string, identical bool) *Pairs {
	p := &Pairs{parties: parties, claimed: identical, same: true, firstDiff: -1,
		welfare: newPairedMetric(false), round: newPairedMetric(false)}
	for i := range 2 {
		p.u[i], p.ud[i] = newPairedMetric(true), newPairedMetric(false)
	}
	return p
}

// Add records one pair: run i of the base arm and of the variant.
func (p *Pairs) Add(base, variant *sim.Result) {
	if p.same && !samePlay(base, variant) {
		p.same, p.firstDiff = false, base.Run
	}
	p.n++
	a, b := base.Agreed(), variant.Agreed()
	switch {
	case a && b:
		p.table.Both++
		p.round.add(float64(base.Round), float64(variant.Round))
	case b:
		p.table.OnlyFirst++
	case a:
		p.table.OnlySecond++
	default:
		p.table.Neither++
	}
	for i := range 2 {
		p.u[i].add(base.Utility[i], variant.Utility[i])
		p.ud[i].add(base.Discounted[i], variant.Discounted[i])
		switch d := variant.Utility[i] - base.Utility[i]; {
		case d > 0:
			p.better[i]++
		case d < 0:
			p.worse[i]++
		default:
			p.equal[i]++
		}
	}
	p.welfare.add(base.Utility[0]+base.Utility[1], variant.Utility[0]+variant.Utility[1])
}

// samePlay reports whether two runs ended the same way with the same
// values.
func samePlay(a, b *sim.Result) bool {
	return a.End == b.End && a.Round == b.Round && a.Agreement == b.Agreement &&
		a.Utility == b.Utility && a.Discounted == b.Discounted
}

// N returns the number of pairs added.
func (p *Pairs) N() int { return p.n }

// Identical reports whether the arms were declared the same scenario and
// every pair played the same in both: the differences are then exactly 0.
func (p *Pairs) Identical() bool { return p.claimed && p.same && p.n > 0 }

// Warnings returns what the reader of differences.csv should know: two
// arms declared identical whose runs differed (a bug in the caller's
// claim or in the common random numbers, reported rather than hidden).
func (p *Pairs) Warnings() []error {
	if p.claimed && !p.same {
		return []error{fmt.Errorf("the two arms are the same scenario but run %d played differently in them; the intervals are computed as for different arms", p.firstDiff)}
	}
	return nil
}

// Difference is one row of differences.csv.
type Difference struct {
	// Metric names what is compared: agreement, u_ID, ud_ID, welfare,
	// round, or better_ID, worse_ID, same_ID for the share of runs in
	// which party ID does better, worse or the same in the variant.
	Metric string
	// Statistic is StatRateDifference, StatMeanDifference or StatShare.
	Statistic string
	// N is the number of pairs the row is computed from.
	N int
	// Base and Variant are the arms' rates or means (NaN for a share).
	Base, Variant float64
	// Estimate is variant − base, or the share; Lo and Hi bound its
	// interval at Level (NaN when there is none: too few pairs).
	Estimate, Lo, Hi float64
	// Level is the confidence level of the interval, 0 when there is none.
	Level float64
	// Method is how the interval was computed (MethodNewcombePaired, ...).
	Method string
}

// Differences returns the rows of differences.csv at the confidence
// level (0.95 for 95%), in a fixed order: agreement; each party's
// utility, then discounted utility; welfare; round; each party's shares
// of runs better, worse, the same.
func (p *Pairs) Differences(level float64) []Difference {
	nan := math.NaN()
	var out []Difference
	n := p.n
	rate := func(k int) float64 {
		if n == 0 {
			return nan
		}
		return float64(k) / float64(n)
	}
	agree := Difference{Metric: "agreement", Statistic: StatRateDifference, N: n,
		Base: rate(p.table.Both + p.table.OnlySecond), Variant: rate(p.table.Both + p.table.OnlyFirst), Method: MethodNewcombePaired}
	agree.Estimate, agree.Lo, agree.Hi, _ = stats.NewcombePaired(p.table, level)
	out = append(out, agree)
	meanRow := func(metric string, m *pairedMetric) Difference {
		d := Difference{Metric: metric, Statistic: StatMeanDifference, N: m.diff.n, Base: m.base.value(), Variant: m.variant.value(),
			Estimate: nan, Lo: nan, Hi: nan, Method: MethodPairedT}
		if m.diff.n > 0 {
			d.Estimate = m.diff.mean
		}
		if m.diff.n > 1 {
			sd := math.Sqrt(max(m.diff.m2, 0) / float64(m.diff.n-1))
			d.Lo, d.Hi = stats.TInterval(m.diff.mean, sd, float64(m.diff.n), level)
		}
		return d
	}
	for i, id := range p.parties {
		out = append(out, meanRow("u_"+id, p.u[i]), meanRow("ud_"+id, p.ud[i]))
	}
	out = append(out, meanRow("welfare", p.welfare), meanRow("round", p.round))
	for i, id := range p.parties {
		for _, s := range []struct {
			name string
			k    int
		}{{"better_", p.better[i]}, {"worse_", p.worse[i]}, {"same_", p.equal[i]}} {
			d := Difference{Metric: s.name + id, Statistic: StatShare, N: n, Base: nan, Variant: nan, Method: MethodWilson, Estimate: rate(s.k)}
			d.Lo, d.Hi = stats.Wilson(s.k, n, stats.Z(level))
			out = append(out, d)
		}
	}
	for k := range out {
		d := &out[k]
		if p.Identical() && d.N > 0 {
			// Differences exactly 0 and exact shares: no sampling error.
			if d.Statistic != StatShare {
				d.Estimate = 0
			}
			d.Lo, d.Hi, d.Method = d.Estimate, d.Estimate, MethodIdentical
		}
		if !math.IsNaN(d.Lo) && !math.IsNaN(d.Hi) {
			d.Level = level
		}
	}
	return out
}

// differencesProvenance is what each row of differences.csv repeats, as
// summary.csv does: the base scenario's name, the version and the seed.
type differencesProvenance struct {
	scenario, version string
	seed              uint64
}

// WriteDifferences writes differences.csv: one row per Difference, after
// the provenance columns scenario, version and seed (as in summary.csv),
// with the columns metric, statistic, n, base, variant, estimate, lower,
// upper, level, method. Numbers are written as formatFloat writes them
// (shortest form that reads back exactly); a missing value is empty.
func WriteDifferences(w io.Writer, scenario, version string, seed uint64, rows []Difference) error {
	return writeDifferences(w, differencesProvenance{scenario, version, seed}, rows)
}

func writeDifferences(w io.Writer, pv differencesProvenance, rows []Difference) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(differencesHeader); err != nil {
		return err
	}
	seed := strconv.FormatUint(pv.seed, 10)
	for _, d := range rows {
		level := ""
		if d.Level > 0 {
			level = formatFloat(d.Level)
		}
		rec := []string{pv.scenario, pv.version, seed, d.Metric, d.Statistic, strconv.Itoa(d.N), formatFloat(d.Base), formatFloat(d.Variant),
			formatFloat(d.Estimate), formatFloat(d.Lo), formatFloat(d.Hi), level, d.Method}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("writing %s: %w", DifferencesFile, err)
		}
	}
	cw.Flush()
	return cw.Error()
}
