package sweep

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-sim/parley/sim/stats"
)

// Level is the confidence level of the intervals of a sweep's analysis
// and charts: the SRC intervals of sensitivity.csv and the bands of the
// sweep charts.
const Level = 0.95

// Sensitivity is the sensitivity of one outcome metric to every
// parameter: the rows of sensitivity.csv for that metric.
type Sensitivity struct {
	// Name is the metric's column in points.csv (agreement_rate or
	// M_mean) or, for a run, the outcome's name (Outcome.Name).
	Name string
	// Points is the number of points (or runs) where the metric is
	// defined.
	Points int
	// R2 is the R² of the regression behind the SRCs, NaN without one.
	R2 float64
	// Note says why the metric has no indices, if it has none; Reason is
	// its start, without its ": no sensitivity".
	Note, Reason string
	// Effects holds one row per parameter, in the order of the
	// parameters.
	Effects []Effect
}

// Effect is the measured influence of one parameter on one metric: a row
// of sensitivity.csv.
type Effect struct {
	Param *Param
	// SRC is the standardised regression coefficient, NaN when none;
	// SRCLo and SRCHi bound its interval at Level (NaN when none), SRCMethod
	// names how the interval was computed (stats.SRCFisherZ or
	// stats.SRCBootstrap; "" when none), and SRCRank ranks the parameters
	// by |SRC| (1 for the largest, 0 when none).
	SRC, SRCLo, SRCHi float64
	SRCMethod         string
	SRCRank           int
	// Sobol is the first-order Sobol index, NaN when none; SobolRank
	// ranks the parameters by it; Groups is the number of groups of the
	// estimator and Null the index expected without influence
	// (stats.SobolNull).
	Sobol     float64
	SobolRank int
	Groups    int
	Null      float64
	// OneEach says that every point is a group of its own, so that the
	// Sobol index is 1 by construction and tells nothing.
	OneEach bool
	// Note says why a row has no index, or how it was computed.
	Note string
}

// Outcome is one outcome whose sensitivity to the parameters is measured:
// its value at each point (or run), in the order of the parameters'
// values, NaN where it is undefined.
type Outcome struct {
	Name   string
	Values []float64
}

// Options configures AnalyseOutcomes. The zero value works.
type Options struct {
	// Bins is the number of groups of the Sobol estimator for a numeric
	// parameter with more distinct values than that (stats.SobolFirst).
	// Zero means ⌈√n⌉ for n values.
	Bins int
	// Grid says that the values come from a grid design: a numeric
	// parameter's groups are then its levels, whatever Bins says.
	Grid bool
	// Seed seeds the bootstrap of the SRC intervals (stats.Bootstrap): a
	// sweep's or run's master seed, so that the same folder gives the
	// same intervals.
	Seed uint64
	// Resamples is the number of bootstrap resamples. Zero means 1000.
	Resamples int
	// Workers is the number of goroutines of the bootstrap. Zero means
	// runtime.GOMAXPROCS(0); the intervals do not depend on it.
	Workers int
	// Unit names what the values are, in the notes: "point" (the zero
	// value) for a sweep, "run" for the runs of one scenario.
	Unit string
}

// count returns n units ("12 points", "1 run").
func (o Options) count(n int) string {
	u := cmp.Or(o.Unit, "point")
	if n != 1 {
		u += "s"
	}
	return strconv.Itoa(n) + " " + u
}

// every returns "every point" or "every run".
func (o Options) every() string { return "every " + cmp.Or(o.Unit, "point") }

// MinBootstrap is the fewest values (points or runs) from which a
// bootstrap interval of an SRC is computed: resampling fewer says little.
const MinBootstrap = 10

// fewPerColumn is the number of values per regression column (the
// intercept included) below which the note of an SRC says that its
// interval is rough.
const fewPerColumn = 10

// Analyse computes the sensitivity of every outcome metric of d (the
// agreement rate, then each metric of d.Metrics) to every parameter: the
// standardised regression coefficients of a least-squares fit of the
// metric on the parameters with their intervals (stats.SRCIntervals) and
// the first-order Sobol index of each parameter (stats.SobolFirst,
// stats.SobolCategorical); bins is the number of groups of the Sobol
// estimator, zero for ⌈√n⌉ (a grid's groups are its values). The SRC
// intervals of several parameters are bootstrapped with d.Seed.
func Analyse(d *Data, bins int) []Sensitivity {
	outs := make([]Outcome, 0, len(d.Metrics)+1)
	for k := 0; k <= len(d.Metrics); k++ {
		outs = append(outs, Outcome{Name: d.OutcomeName(k), Values: d.Outcome(k)})
	}
	return AnalyseOutcomes(d.Params, outs, Options{Bins: bins, Grid: d.Design == "grid", Seed: d.Seed})
}

// AnalyseOutcomes computes the sensitivity of every outcome to every
// parameter, each outcome over the values where it is defined: the
// machinery of Analyse, for the points of a sweep or the runs of a
// scenario with uncertain assumptions alike. Every outcome's values must
// be as many as every parameter's.
//
// The regression of an outcome has one column per numeric parameter that
// varies where the outcome is defined and an indicator column for every
// value but the first of each categorical one, so that R² covers every
// parameter; categorical parameters get no SRC of their own. A numeric
// column that is a linear combination of the columns before it (the
// weights of one Dirichlet draw, which sum to 1) is left out of the fit,
// and its row says so; it keeps its Sobol index. Outcomes defined at the
// same values share their bootstrap resamples.
func AnalyseOutcomes(params []*Param, outcomes []Outcome, o Options) []Sensitivity {
	out := make([]Sensitivity, len(outcomes))
	fits := map[string][]int{} // outcomes by the key of their kept values
	var order []string
	preps := make([]*prepared, len(outcomes))
	for k, oc := range outcomes {
		preps[k] = prepare(params, oc, o)
		out[k] = preps[k].sens
		if preps[k].fit {
			key := preps[k].key
			if _, ok := fits[key]; !ok {
				order = append(order, key)
			}
			fits[key] = append(fits[key], k)
		}
	}
	// One regression per group of outcomes defined at the same values
	// (and so with the same columns).
	for _, key := range order {
		group := fits[key]
		first := preps[group[0]]
		ys := make([][]float64, len(group))
		for i, k := range group {
			ys[i] = preps[k].y
		}
		n := len(first.y)
		results, errs := stats.SRCIntervals(first.xs, ys, Level, stats.Bootstrap{Seed: o.Seed, Resamples: o.Resamples, Workers: o.Workers, Bounded: first.bounded()})
		for i, k := range group {
			preps[k].apply(results[i], errs[i], n)
			out[k] = preps[k].sens
		}
	}
	for k := range out {
		m := &out[k]
		for j := range m.Effects {
			if r := &m.Effects[j]; r.Groups == m.Points && !math.IsNaN(r.Sobol) {
				r.OneEach = true
				r.Note = joinNote("one group per "+cmp.Or(o.Unit, "point")+": the Sobol index is 1 by construction", r.Note)
			}
		}
		rank(m.Effects, func(r *Effect) float64 { return math.Abs(r.SRC) }, func(r *Effect, k int) { r.SRCRank = k })
		rank(m.Effects, func(r *Effect) float64 { return r.Sobol }, func(r *Effect, k int) { r.SobolRank = k })
	}
	return out
}

// prepared is one outcome ready for its regression: its Sobol indices
// computed, its regression columns chosen.
type prepared struct {
	sens    Sensitivity
	y       []float64
	xs      [][]float64 // numeric columns first, then indicators
	numeric []int       // the effect of each numeric column of xs
	fit     bool        // a regression is to be made
	key     string      // the values kept, for sharing resamples
	joint   []string    // the Joint of each numeric column of xs
	opt     Options
}

// bounded says whether the numeric columns of the regression were set
// independently of one another, so that their SRCs lie in [−1, 1]: no
// two of them are drawn together.
func (p *prepared) bounded() bool {
	seen := map[string]bool{}
	for _, g := range p.joint {
		if g != "" && seen[g] {
			return false
		}
		seen[g] = true
	}
	return true
}

// prepare computes the Sobol indices of outcome oc and chooses the
// columns of its regression.
func prepare(params []*Param, oc Outcome, o Options) *prepared {
	p := &prepared{sens: Sensitivity{Name: oc.Name, R2: math.NaN()}, opt: o}
	m := &p.sens
	var keep []int // values where the outcome is defined
	var key strings.Builder
	for i, v := range oc.Values {
		if !math.IsNaN(v) {
			keep = append(keep, i)
			key.WriteString(strconv.Itoa(i))
			key.WriteByte(',')
		}
	}
	p.key = key.String()
	m.Points = len(keep)
	p.y = make([]float64, len(keep))
	for j, i := range keep {
		p.y[j] = oc.Values[i]
	}
	for _, prm := range params {
		m.Effects = append(m.Effects, Effect{Param: prm, SRC: math.NaN(), SRCLo: math.NaN(), SRCHi: math.NaN(), Sobol: math.NaN(), Null: math.NaN()})
	}
	switch {
	case len(keep) < 3:
		m.Reason = fmt.Sprintf("defined at %s, too few", o.count(len(keep)))
		m.Note = fmt.Sprintf("defined at %s: too few for sensitivity", o.count(len(keep)))
	case isConstant(p.y):
		m.Reason = "the same at " + o.every()
		m.Note = "the same at " + o.every() + ": no sensitivity"
	}
	if m.Note != "" {
		for j := range m.Effects {
			m.Effects[j].Note = m.Note
		}
		return p
	}

	var dummies [][]float64
	for j := range m.Effects {
		r := &m.Effects[j]
		prm := r.Param
		if prm.Numeric {
			x := make([]float64, len(keep))
			for t, i := range keep {
				x[t] = prm.Num[i]
			}
			if isConstant(x) {
				r.Note = "the same at " + o.every() + ": no sensitivity"
				continue
			}
			b := o.Bins
			if o.Grid {
				b = len(prm.Levels) // a grid's groups are its values
			}
			s, g, err := stats.SobolFirst(x, p.y, b)
			if err == nil {
				r.Sobol, r.Groups, r.Null = s, g, stats.SobolNull(g, len(p.y))
			} else {
				r.Note = "no Sobol index: " + err.Error()
			}
			if inSpan(p.xs, x) {
				r.Note = joinNote(r.Note, "a linear combination of the parameters before it (such as the last weight of one Dirichlet draw, the others summing to 1 with it): left out of the regression, no SRC")
				continue
			}
			p.xs = append(p.xs, x)
			p.numeric = append(p.numeric, j)
			p.joint = append(p.joint, prm.Joint)
			continue
		}
		labels := make([]string, len(keep))
		for t, i := range keep {
			labels[t] = prm.Text[i]
		}
		if isConstantText(labels) {
			r.Note = "the same at " + o.every() + ": no sensitivity"
			continue
		}
		s, g, err := stats.SobolCategorical(labels, p.y)
		if err == nil {
			r.Sobol, r.Groups, r.Null = s, g, stats.SobolNull(g, len(p.y))
			r.Note = "categorical: no SRC (in the fit as indicators); Sobol index by value"
		} else {
			r.Note = "no Sobol index: " + err.Error()
		}
		dummies = append(dummies, indicators(labels)...)
	}
	if len(p.xs) == 0 {
		return p
	}
	cols := len(p.xs) + len(dummies)
	p.xs = append(p.xs, dummies...)
	if len(p.y) <= cols+1 {
		for _, j := range p.numeric {
			m.Effects[j].Note = joinNote(m.Effects[j].Note, fmt.Sprintf("no SRC: %s for %s", o.count(len(p.y)), columnsText(cols)))
		}
		return p
	}
	p.fit = true
	return p
}

// apply sets the SRCs of the outcome from its fit, made on n values.
func (p *prepared) apply(fit stats.SRCFit, err error, n int) {
	m := &p.sens
	if err != nil && len(fit.Coef) == 0 {
		for _, j := range p.numeric {
			m.Effects[j].Note = joinNote(m.Effects[j].Note, "no SRC: "+err.Error())
		}
		return
	}
	m.R2 = fit.R2
	cols := len(p.xs)
	for t, j := range p.numeric {
		r := &m.Effects[j]
		r.SRC = fit.Coef[t]
		switch {
		case fit.Method == stats.SRCBootstrap && n < MinBootstrap:
			r.Note = joinNote(r.Note, fmt.Sprintf("%s: too few to bootstrap an interval", p.opt.count(n)))
		case err != nil:
			r.Note = joinNote(r.Note, "no interval: "+err.Error())
		default:
			r.SRCLo, r.SRCHi, r.SRCMethod = fit.Lo[t], fit.Hi[t], fit.Method
			if n < fewPerColumn*(cols+1) {
				r.Note = joinNote(r.Note, fmt.Sprintf("%s for %s: the interval is rough", p.opt.count(n), columnsText(cols)))
			}
		}
	}
}

// columnsText returns "1 regression column" or "k regression columns".
func columnsText(k int) string {
	if k == 1 {
		return "1 regression column"
	}
	return strconv.Itoa(k) + " regression columns"
}

// joinNote appends b to note a.
func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// inSpan says whether x is, within rounding, a linear combination of the
// columns xs and a constant.
func inSpan(xs [][]float64, x []float64) bool {
	if len(xs) == 0 {
		return false
	}
	n := len(x)
	// Project the centred x off the centred columns by Gram–Schmidt.
	centre := func(v []float64) []float64 {
		var mean float64
		for _, e := range v {
			mean += e
		}
		mean /= float64(n)
		out := make([]float64, n)
		for i, e := range v {
			out[i] = e - mean
		}
		return out
	}
	dot := func(a, b []float64) float64 {
		var s float64
		for i := range a {
			s += a[i] * b[i]
		}
		return s
	}
	r := centre(x)
	norm0 := dot(r, r)
	var basis [][]float64
	for _, c := range xs {
		q := centre(c)
		for _, b := range basis {
			f := dot(q, b)
			for i := range q {
				q[i] -= f * b[i]
			}
		}
		if nq := dot(q, q); nq > 1e-20 {
			s := 1 / math.Sqrt(nq)
			for i := range q {
				q[i] *= s
			}
			basis = append(basis, q)
		}
	}
	for _, b := range basis {
		f := dot(r, b)
		for i := range r {
			r[i] -= f * b[i]
		}
	}
	return dot(r, r) <= 1e-10*norm0
}

// srcNoise says whether r has an SRC whose 95% interval is known and
// contains 0, so that not even the sign of the effect is established.
func (r Effect) SRCNoise() bool {
	return !math.IsNaN(r.SRC) && r.SRCLo <= 0 && r.SRCHi >= 0
}

// rank sets the rank (1 for the largest) of every row whose key is not
// NaN; ties keep the order of the parameters.
func rank(rows []Effect, key func(*Effect) float64, set func(*Effect, int)) {
	var idx []int
	for j := range rows {
		if !math.IsNaN(key(&rows[j])) {
			idx = append(idx, j)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		ka, kb := key(&rows[a]), key(&rows[b])
		switch {
		case ka > kb:
			return -1
		case ka < kb:
			return 1
		}
		return 0
	})
	for k, j := range idx {
		set(&rows[j], k+1)
	}
}

// indicators returns a 0/1 column for every value of labels but the
// first to appear.
func indicators(labels []string) [][]float64 {
	col := map[string]int{}
	var out [][]float64
	for i, l := range labels {
		k, ok := col[l]
		if !ok {
			k = len(col)
			col[l] = k
			if k > 0 {
				out = append(out, make([]float64, len(labels)))
			}
		}
		if k > 0 {
			out[k-1][i] = 1
		}
	}
	return out
}

// isConstant says whether x holds one value only.
func isConstant(x []float64) bool {
	for _, v := range x {
		if v != x[0] {
			return false
		}
	}
	return true
}

func isConstantText(x []string) bool {
	for _, v := range x {
		if v != x[0] {
			return false
		}
	}
	return true
}
