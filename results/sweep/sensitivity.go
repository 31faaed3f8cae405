package sweep

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/parley-sim/parley/sim/stats"
)

// Level is the confidence level of the intervals of a sweep's analysis
// and charts: the SRC intervals of sensitivity.csv and the bands of the
// sweep charts.
const Level = 0.95

// Sensitivity is the sensitivity of one outcome metric to every
// parameter: the rows of sensitivity.csv for that metric.
type Sensitivity struct {
	// Name is the metric's column in points.csv: agreement_rate or
	// M_mean.
	Name string
	// Points is the number of points where the metric is defined.
	Points int
	// R2 is the R² of the regression behind the SRCs, NaN without one.
	R2 float64
	// Note says why the metric has no indices, if it has none; Reason is
	// its start, without its ": no sensitivity".
	Note, Reason string
	// Effects holds one row per parameter, in the order of Data.Params.
	Effects []Effect
}

// Effect is the measured influence of one parameter on one metric: a row
// of sensitivity.csv.
type Effect struct {
	Param *Param
	// SRC is the standardised regression coefficient, NaN when none;
	// SRCLo and SRCHi bound its interval at Level (NaN when none), and
	// SRCRank ranks the parameters by |SRC| (1 for the largest, 0 when
	// none).
	SRC, SRCLo, SRCHi float64
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

// Analyse computes the sensitivity of every outcome metric of d (the
// agreement rate, then each metric of d.Metrics) to every parameter: the
// standardised regression coefficients of a least-squares fit of the
// metric on the parameters (stats.FitSRC) and the first-order Sobol index
// of each parameter (stats.SobolFirst, stats.SobolCategorical); bins is
// the number of groups of the Sobol estimator, zero for ⌈√n⌉ (a grid's
// groups are its values).
func Analyse(d *Data, bins int) []Sensitivity {
	out := make([]Sensitivity, 0, len(d.Metrics)+1)
	for k := 0; k <= len(d.Metrics); k++ {
		out = append(out, analyseMetric(d, k, bins))
	}
	return out
}

// analyseMetric computes the sensitivity of outcome k (see Data.Outcome).
func analyseMetric(d *Data, k, bins int) Sensitivity {
	m := Sensitivity{Name: d.OutcomeName(k), R2: math.NaN()}
	all := d.Outcome(k)
	var keep []int // points where the metric is defined
	for i, v := range all {
		if !math.IsNaN(v) {
			keep = append(keep, i)
		}
	}
	m.Points = len(keep)
	y := make([]float64, len(keep))
	for j, i := range keep {
		y[j] = all[i]
	}
	for _, p := range d.Params {
		m.Effects = append(m.Effects, Effect{Param: p, SRC: math.NaN(), SRCLo: math.NaN(), SRCHi: math.NaN(), Sobol: math.NaN(), Null: math.NaN()})
	}
	switch {
	case len(keep) < 3:
		m.Reason = fmt.Sprintf("defined at %d points, too few", len(keep))
		m.Note = fmt.Sprintf("defined at %d points: too few for sensitivity", len(keep))
	case isConstant(y):
		m.Reason = "the same at every point"
		m.Note = "the same at every point: no sensitivity"
	}
	if m.Note != "" {
		for j := range m.Effects {
			m.Effects[j].Note = m.Note
		}
		return m
	}

	// First-order Sobol indices, and the columns of the regression: the
	// numeric parameters that vary where the metric is defined, and an
	// indicator column for every value but the first of each categorical
	// one, so that R² covers every parameter.
	var xs [][]float64
	var numeric []int // rows of the numeric columns, which come first in xs
	var dummies [][]float64
	for j := range m.Effects {
		r := &m.Effects[j]
		p := r.Param
		if p.Numeric {
			x := make([]float64, len(keep))
			for t, i := range keep {
				x[t] = p.Num[i]
			}
			if isConstant(x) {
				r.Note = "the same at every point: no sensitivity"
				continue
			}
			xs = append(xs, x)
			numeric = append(numeric, j)
			b := bins
			if d.Design == "grid" {
				b = len(p.Levels) // a grid's groups are its values
			}
			s, g, err := stats.SobolFirst(x, y, b)
			if err == nil {
				r.Sobol, r.Groups, r.Null = s, g, stats.SobolNull(g, len(y))
			} else {
				r.Note = "no Sobol index: " + err.Error()
			}
			continue
		}
		labels := make([]string, len(keep))
		for t, i := range keep {
			labels[t] = p.Text[i]
		}
		if isConstantText(labels) {
			r.Note = "the same at every point: no sensitivity"
			continue
		}
		s, g, err := stats.SobolCategorical(labels, y)
		if err == nil {
			r.Sobol, r.Groups, r.Null = s, g, stats.SobolNull(g, len(y))
			r.Note = "categorical: no SRC (in the fit as indicators); Sobol index by value"
		} else {
			r.Note = "no Sobol index: " + err.Error()
		}
		dummies = append(dummies, indicators(labels)...)
	}

	if len(xs) > 0 {
		fit, err := stats.FitSRC(append(xs, dummies...), y)
		switch {
		case err == nil:
			m.R2 = fit.R2
			for t, j := range numeric {
				r := &m.Effects[j]
				r.SRC = fit.Coef[t]
				r.SRCLo, r.SRCHi = fit.Interval(t, Level)
			}
		case errors.Is(err, stats.ErrTooFew):
			for _, j := range numeric {
				m.Effects[j].Note = fmt.Sprintf("no SRC: %d points for %d regression columns", len(y), len(xs)+len(dummies))
			}
		default:
			for _, j := range numeric {
				m.Effects[j].Note = "no SRC: " + err.Error()
			}
		}
	}
	for j := range m.Effects {
		if r := &m.Effects[j]; r.Groups == len(y) && !math.IsNaN(r.Sobol) {
			r.OneEach = true
			r.Note = cmp.Or(r.Note, "one group per point: the Sobol index is 1 by construction")
		}
	}
	rank(m.Effects, func(r *Effect) float64 { return math.Abs(r.SRC) }, func(r *Effect, k int) { r.SRCRank = k })
	rank(m.Effects, func(r *Effect) float64 { return r.Sobol }, func(r *Effect, k int) { r.SobolRank = k })
	return m
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
