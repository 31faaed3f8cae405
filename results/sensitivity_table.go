package results

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"

	"github.com/parley-sim/parley/results/sweep"
)

// sensitivityHeader is the header of sensitivity.csv.
var sensitivityHeader = []string{
	"metric", "parameter", "kind", "points", "src", "src_abs_rank", "r2",
	"sobol_first", "sobol_rank", "groups", "sobol_null", "note",
	"src_lo", "src_hi",
}

// writeSensitivity writes sensitivity.csv: one row per metric and
// parameter, metrics in the order of points.csv, parameters in file
// order.
func writeSensitivity(w io.Writer, sens []sweep.Sensitivity) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(sensitivityHeader); err != nil {
		return err
	}
	for _, m := range sens {
		for _, r := range m.Effects {
			kind := "categorical"
			if r.Param.Numeric {
				kind = "numeric"
			}
			r2 := math.NaN()
			if !math.IsNaN(r.SRC) {
				r2 = m.R2
			}
			row := []string{
				m.Name, r.Param.Path, kind, strconv.Itoa(m.Points),
				sensFloat(r.SRC), rankText(r.SRCRank), sensFloat(r2),
				sensFloat(r.Sobol), rankText(r.SobolRank), rankText(r.Groups), sensFloat(r.Null),
				r.Note, sensFloat(r.SRCLo), sensFloat(r.SRCHi),
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
