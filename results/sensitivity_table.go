package results

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/parley-sim/parley/sim/stats"
)

// sensMetric is the sensitivity of one outcome metric to every parameter.
type sensMetric struct {
	name   string // column of points.csv: agreement_rate or M_mean
	points int    // points where the metric is defined
	r2     float64
	note   string // why the metric has no indices, if it has none
	reason string // the start of note, without its ": no sensitivity"
	rows   []sensRow
}

// sensRow is one row of sensitivity.csv.
type sensRow struct {
	param *sweepParam
	src   float64 // NaN when none
	// srcLo and srcHi bound the 95% interval of src (NaN when none).
	srcLo, srcHi float64
	srcRank      int     // 0 when none
	sobol        float64 // NaN when none
	sobolRank    int
	groups       int
	null         float64
	// oneEach says that every point is a group of its own, so that the
	// Sobol index is 1 by construction and tells nothing.
	oneEach bool
	note    string
}

// analyseSweep computes the sensitivity of every outcome metric of d to
// every parameter; bins is SweepAnalysisOptions.Bins.
func analyseSweep(d *sweepData, bins int) []sensMetric {
	out := make([]sensMetric, 0, len(d.metrics)+1)
	for k := 0; k <= len(d.metrics); k++ {
		out = append(out, analyseMetric(d, k, bins))
	}
	return out
}

// analyseMetric computes the sensitivity of outcome k (see
// sweepData.outcome).
func analyseMetric(d *sweepData, k, bins int) sensMetric {
	m := sensMetric{name: d.outcomeName(k), r2: math.NaN()}
	all := d.outcome(k)
	var keep []int // points where the metric is defined
	for i, v := range all {
		if !math.IsNaN(v) {
			keep = append(keep, i)
		}
	}
	m.points = len(keep)
	y := make([]float64, len(keep))
	for j, i := range keep {
		y[j] = all[i]
	}
	for _, p := range d.params {
		m.rows = append(m.rows, sensRow{param: p, src: math.NaN(), srcLo: math.NaN(), srcHi: math.NaN(), sobol: math.NaN(), null: math.NaN()})
	}
	switch {
	case len(keep) < 3:
		m.reason = fmt.Sprintf("defined at %d points, too few", len(keep))
		m.note = fmt.Sprintf("defined at %d points: too few for sensitivity", len(keep))
	case isConstant(y):
		m.reason = "the same at every point"
		m.note = "the same at every point: no sensitivity"
	}
	if m.note != "" {
		for j := range m.rows {
			m.rows[j].note = m.note
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
	for j := range m.rows {
		r := &m.rows[j]
		p := r.param
		if p.numeric {
			x := make([]float64, len(keep))
			for t, i := range keep {
				x[t] = p.num[i]
			}
			if isConstant(x) {
				r.note = "the same at every point: no sensitivity"
				continue
			}
			xs = append(xs, x)
			numeric = append(numeric, j)
			b := bins
			if d.design == "grid" {
				b = len(p.levels) // a grid's groups are its values
			}
			s, g, err := stats.SobolFirst(x, y, b)
			if err == nil {
				r.sobol, r.groups, r.null = s, g, stats.SobolNull(g, len(y))
			} else {
				r.note = "no Sobol index: " + err.Error()
			}
			continue
		}
		labels := make([]string, len(keep))
		for t, i := range keep {
			labels[t] = p.text[i]
		}
		if isConstantText(labels) {
			r.note = "the same at every point: no sensitivity"
			continue
		}
		s, g, err := stats.SobolCategorical(labels, y)
		if err == nil {
			r.sobol, r.groups, r.null = s, g, stats.SobolNull(g, len(y))
			r.note = "categorical: no SRC (in the fit as indicators); Sobol index by value"
		} else {
			r.note = "no Sobol index: " + err.Error()
		}
		dummies = append(dummies, indicators(labels)...)
	}

	if len(xs) > 0 {
		fit, err := stats.FitSRC(append(xs, dummies...), y)
		switch {
		case err == nil:
			m.r2 = fit.R2
			for t, j := range numeric {
				r := &m.rows[j]
				r.src = fit.Coef[t]
				r.srcLo, r.srcHi = fit.Interval(t, sweepLevel)
			}
		case errors.Is(err, stats.ErrTooFew):
			for _, j := range numeric {
				m.rows[j].note = fmt.Sprintf("no SRC: %d points for %d regression columns", len(y), len(xs)+len(dummies))
			}
		default:
			for _, j := range numeric {
				m.rows[j].note = "no SRC: " + err.Error()
			}
		}
	}
	for j := range m.rows {
		if r := &m.rows[j]; r.groups == len(y) && !math.IsNaN(r.sobol) {
			r.oneEach = true
			if r.note == "" {
				r.note = "one group per point: the Sobol index is 1 by construction"
			}
		}
	}
	rank(m.rows, func(r *sensRow) float64 { return math.Abs(r.src) }, func(r *sensRow, k int) { r.srcRank = k })
	rank(m.rows, func(r *sensRow) float64 { return r.sobol }, func(r *sensRow, k int) { r.sobolRank = k })
	return m
}

// srcNoise says whether r has an SRC whose 95% interval is known and
// contains 0, so that not even the sign of the effect is established.
func (r sensRow) srcNoise() bool {
	return !math.IsNaN(r.src) && r.srcLo <= 0 && r.srcHi >= 0
}

// rank sets the rank (1 for the largest) of every row whose key is not
// NaN; ties keep the order of the parameters.
func rank(rows []sensRow, key func(*sensRow) float64, set func(*sensRow, int)) {
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

// sensitivityHeader is the header of sensitivity.csv.
var sensitivityHeader = []string{
	"metric", "parameter", "kind", "points", "src", "src_abs_rank", "r2",
	"sobol_first", "sobol_rank", "groups", "sobol_null", "note",
	"src_lo", "src_hi",
}

// writeSensitivity writes sensitivity.csv: one row per metric and
// parameter, metrics in the order of points.csv, parameters in file
// order.
func writeSensitivity(w io.Writer, sens []sensMetric) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(sensitivityHeader); err != nil {
		return err
	}
	for _, m := range sens {
		for _, r := range m.rows {
			kind := "categorical"
			if r.param.numeric {
				kind = "numeric"
			}
			r2 := math.NaN()
			if !math.IsNaN(r.src) {
				r2 = m.r2
			}
			row := []string{
				m.name, r.param.path, kind, strconv.Itoa(m.points),
				sensFloat(r.src), rankText(r.srcRank), sensFloat(r2),
				sensFloat(r.sobol), rankText(r.sobolRank), rankText(r.groups), sensFloat(r.null),
				r.note, sensFloat(r.srcLo), sensFloat(r.srcHi),
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// sensFloat formats an index rounded to six decimals (far below its
// sampling error, and stable across architectures); NaN is empty.
func sensFloat(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(math.Round(v*1e6)/1e6+0, 'f', -1, 64)
}

// rankText formats a positive count or rank; zero is empty.
func rankText(k int) string {
	if k <= 0 {
		return ""
	}
	return strconv.Itoa(k)
}
