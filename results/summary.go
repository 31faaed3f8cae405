package results

import (
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-sim/parley/sim"
	"github.com/parley-sim/parley/sim/stats"
)

// Summary is the statistical summary of a batch, as written to summary.csv.
type Summary struct {
	// Scenario, Version and Seed identify the batch; they are repeated on
	// every row of summary.csv.
	Scenario string
	Version  string
	Seed     uint64
	// Runs is the number of runs summarised.
	Runs int
	// Stats are the rows of summary.csv, in file order.
	Stats []Stat
	// Warnings say which statistics could not be computed and why; they
	// wrap ErrTooFew where there were too few values.
	Warnings []error
}

// Stat is one statistic of one metric: a row of summary.csv.
type Stat struct {
	// Metric names the quantity: "agreement", "end_deadline",
	// "agreement_round", "offers", "u_ID", "ud_ID", "dist_pareto",
	// "welfare", "conceded_more_ID", "invited", … (see the package
	// documentation for the full list).
	Metric string
	// Statistic names the statistic: "rate", "share", "mean", "sd",
	// "median", "min" or "max".
	Statistic string
	// Estimate is the value; NaN when it cannot be computed.
	Estimate float64
	// Lower and Upper bound the confidence interval; NaN when the row has
	// no interval or it cannot be computed.
	Lower, Upper float64
	// Level is the confidence level of the interval, 0 when there is none.
	Level float64
	// N is the number of values (runs) the statistic is computed from.
	N int
	// Method names the interval: "wilson", "t" or "order_statistic"; empty
	// when the row has no interval.
	Method string
}

// Find returns the row with the given metric and statistic.
func (s *Summary) Find(metric, statistic string) (Stat, bool) {
	for _, st := range s.Stats {
		if st.Metric == metric && st.Statistic == statistic {
			return st, true
		}
	}
	return Stat{}, false
}

// summaryHeader is the header of summary.csv.
var summaryHeader = []string{
	"scenario", "parley_version", "master_seed",
	"metric", "statistic", "estimate", "lower", "upper", "conf_level", "n", "method",
}

// writeCSV writes s as summary.csv.
func (s *Summary) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(summaryHeader); err != nil {
		return err
	}
	seed := strconv.FormatUint(s.Seed, 10)
	for _, st := range s.Stats {
		level := ""
		if st.Level > 0 {
			level = formatFloat(st.Level)
		}
		row := []string{
			s.Scenario, s.Version, seed,
			st.Metric, st.Statistic,
			formatFloat(st.Estimate), formatFloat(st.Lower), formatFloat(st.Upper),
			level, strconv.Itoa(st.N), st.Method,
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// maxDistinct bounds the distinct values a sample keeps for its median,
// so that memory stays bounded whatever the number of runs.
const maxDistinct = 1 << 20

// binWidth is the resolution to which a sample rounds its values once it
// has more than maxDistinct distinct ones. Utilities lie in [0, 1] and
// rounds are whole numbers up to sim.MaxDeadline, so rounded values always
// fit within maxDistinct.
const binWidth = 1e-6

// sample accumulates one metric in bounded memory: a running mean and
// variance (Welford 1962) in run order, the extremes, and the frequency of
// each distinct value for the median.
type sample struct {
	n        int
	mean, m2 float64
	min, max float64
	freq     map[float64]int64
	limit    int  // most distinct values kept; maxDistinct
	binned   bool // values in freq are rounded to binWidth
	dropped  bool // too many distinct values even when rounded: no median
}

func newSample() *sample { return &sample{freq: map[float64]int64{}, limit: maxDistinct} }

func (s *sample) add(x float64) {
	s.n++
	if s.n == 1 {
		s.min, s.max = x, x
	} else {
		s.min, s.max = min(s.min, x), max(s.max, x)
	}
	d := x - s.mean
	s.mean += d / float64(s.n)
	s.m2 += d * (x - s.mean)
	if s.dropped {
		return
	}
	if s.binned {
		x = bin(x)
	}
	s.freq[x]++
	if len(s.freq) > s.limit {
		s.rebin()
	}
}

// addDefined adds x unless it is NaN, which marks an undefined value.
func (s *sample) addDefined(x float64) {
	if !math.IsNaN(x) {
		s.add(x)
	}
}

func bin(x float64) float64 { return math.Round(x/binWidth) * binWidth }

// rebin rounds the kept values to binWidth, or gives up on the median if
// that is not enough.
func (s *sample) rebin() {
	if !s.binned {
		s.binned = true
		old := s.freq
		s.freq = make(map[float64]int64, len(old)/2)
		for x, c := range old {
			s.freq[bin(x)] += c
		}
		if len(s.freq) <= s.limit {
			return
		}
	}
	s.dropped = true
	s.freq = nil
}

// summarise appends the mean, sd, median, min and max rows of s to sum,
// and its warnings to nt.
func (s *sample) summarise(sum *Summary, nt *notes, metric string, level float64) {
	nan := math.NaN()
	row := func(stat string, est, lo, hi float64, method string) {
		sum.Stats = append(sum.Stats, newStat(metric, stat, est, lo, hi, level, s.n, method))
	}
	warn := func(stat string, err error) { nt.add(metric, stat, err) }

	mean, sd, lo, hi := nan, nan, nan, nan
	switch {
	case s.n == 0:
		warn("mean", fmt.Errorf("no values: %w", stats.ErrTooFew))
	case s.n == 1:
		mean = s.mean
		warn("mean", fmt.Errorf("only one value, no interval or sd: %w", stats.ErrTooFew))
	default:
		mean = s.mean
		sd = math.Sqrt(max(s.m2, 0) / float64(s.n-1))
		lo, hi = stats.TInterval(mean, sd, float64(s.n), level)
	}
	row("mean", mean, lo, hi, "t")
	row("sd", sd, nan, nan, "")

	med, mlo, mhi := nan, nan, nan
	switch {
	case s.dropped:
		warn("median", fmt.Errorf("more than %d distinct values even at resolution %g; median not computed", s.limit, binWidth))
	case s.n > 0:
		xs := slices.Sorted(maps.Keys(s.freq))
		ws := make([]float64, len(xs))
		for i, x := range xs {
			ws[i] = float64(s.freq[x])
		}
		var err error
		med, mlo, mhi, err = stats.MedianCI(xs, ws, level)
		if err != nil {
			warn("median", err)
		}
		if s.binned {
			warn("median", fmt.Errorf("more than %d distinct values; median and its interval use values rounded to %g", s.limit, binWidth))
		}
	}
	row("median", med, mlo, mhi, "order_statistic")

	mn, mx := nan, nan
	if s.n > 0 {
		mn, mx = s.min, s.max
	}
	row("min", mn, nan, nan, "")
	row("max", mx, nan, nan, "")
}

// newStat returns a row; Level is set only when the interval is.
func newStat(metric, stat string, est, lo, hi, level float64, n int, method string) Stat {
	st := Stat{Metric: metric, Statistic: stat, Estimate: est, Lower: lo, Upper: hi, N: n, Method: method}
	if !math.IsNaN(lo) && !math.IsNaN(hi) {
		st.Level = level
	}
	return st
}

// notes gathers the summary's warnings, merging those that differ only in
// the metric ("median of u_a, u_b: only 3 values, …").
type notes struct {
	keys    []string // in order of first appearance
	stat    map[string]string
	err     map[string]error
	metrics map[string][]string
}

func newNotes() *notes {
	return &notes{stat: map[string]string{}, err: map[string]error{}, metrics: map[string][]string{}}
}

func (nt *notes) add(metric, stat string, err error) {
	key := stat + "\x00" + err.Error()
	if _, ok := nt.err[key]; !ok {
		nt.keys = append(nt.keys, key)
		nt.stat[key], nt.err[key] = stat, err
	}
	nt.metrics[key] = append(nt.metrics[key], metric)
}

// errors returns the merged warnings; they wrap the original errors.
func (nt *notes) errors() []error {
	var out []error
	for _, k := range nt.keys {
		out = append(out, fmt.Errorf("%s of %s: %w", nt.stat[k], strings.Join(nt.metrics[k], ", "), nt.err[k]))
	}
	return out
}

// tally counts runs for the summary.
type tally struct {
	runs      int
	ends      map[sim.EndReason]int
	rounds    *sample
	offers    *sample
	u, ud     [2]*sample
	metrics   *metricSamples
	mediation *mediationSamples // nil without a facilitator
}

func newTally(facilitated bool) *tally {
	t := &tally{ends: map[sim.EndReason]int{}, rounds: newSample(), offers: newSample(), metrics: newMetricSamples()}
	for i := range 2 {
		t.u[i], t.ud[i] = newSample(), newSample()
	}
	if facilitated {
		t.mediation = newMediationSamples()
	}
	return t
}

// add counts a result with its metrics m; hasUtility says whether the
// facilitator has a utility of its own.
func (t *tally) add(res *sim.Result, m sim.Metrics, hasUtility bool) {
	t.metrics.add(m, concededMoreIndex(res.Concession))
	if t.mediation != nil {
		t.mediation.add(&res.Mediation, hasUtility)
	}
	t.runs++
	t.ends[res.End]++
	if res.Agreed() {
		t.rounds.add(float64(res.Round))
	}
	t.offers.add(float64(res.Offers))
	for i := range 2 {
		t.u[i].add(res.Utility[i])
		t.ud[i].add(res.Discounted[i])
	}
}

// summary computes the summary rows.
func (t *tally) summary(c *columns, level float64) Summary {
	s := Summary{Runs: t.runs}
	z := stats.Z(level)
	prop := func(metric, stat string, k int) {
		lo, hi := stats.Wilson(k, t.runs, z)
		est := math.NaN()
		if t.runs > 0 {
			est = float64(k) / float64(t.runs)
		}
		s.Stats = append(s.Stats, newStat(metric, stat, est, lo, hi, level, t.runs, "wilson"))
	}
	if t.runs == 0 {
		s.Warnings = append(s.Warnings, fmt.Errorf("no runs recorded: %w", stats.ErrTooFew))
	}
	prop("agreement", "rate", t.ends[sim.EndAgreement])
	for _, e := range sim.EndReasons() {
		prop("end_"+e.String(), "share", t.ends[e])
	}
	nt := newNotes()
	t.rounds.summarise(&s, nt, "agreement_round", level)
	t.offers.summarise(&s, nt, "offers", level)
	for i := range 2 {
		t.u[i].summarise(&s, nt, "u_"+c.party[i], level)
	}
	for i := range 2 {
		t.ud[i].summarise(&s, nt, "ud_"+c.party[i], level)
	}
	m := t.metrics
	m.distPareto.summarise(&s, nt, "dist_pareto", level)
	m.distNash.summarise(&s, nt, "dist_nash", level)
	m.distKS.summarise(&s, nt, "dist_ks", level)
	m.welfare.summarise(&s, nt, "welfare", level)
	m.nashProduct.summarise(&s, nt, "nash_product", level)
	for i := range 2 {
		m.surplus[i].summarise(&s, nt, "surplus_share_"+c.party[i], level)
	}
	for i := range 2 {
		m.advantage[i].summarise(&s, nt, "advantage_"+c.party[i], level)
	}
	prop(concededMore+"_"+c.party[0], "share", m.conceded[0])
	prop(concededMore+"_"+c.party[1], "share", m.conceded[1])
	prop(concededMore+"_"+concededEqual, "share", m.conceded[2])
	if md := t.mediation; md != nil {
		prop("invited", "rate", md.invited)
		prop("mediated", "rate", md.mediated)
		md.inviteRound.summarise(&s, nt, "invite_round", level)
		if md.utility.n > 0 {
			md.utility.summarise(&s, nt, "facilitator_utility", level)
		}
	}
	s.Warnings = append(s.Warnings, nt.errors()...)
	return s
}
