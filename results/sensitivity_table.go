package results

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"

	"github.com/parley-sim/parley/results/sweep"
)

// sensitivityHeader returns the header of sensitivity.csv, whose fourth
// column counts the points of a sweep or the runs of a run ("points" or
// "runs").
func sensitivityHeader(count string) []string {
	return []string{
		"metric", "parameter", "kind", count, "src", "src_abs_rank", "r2",
		"sobol_first", "sobol_rank", "groups", "sobol_null", "note",
		"src_lo", "src_hi", "src_method",
	}
}

// writeSensitivity writes sensitivity.csv: one row per metric and
// parameter, metrics and parameters in the order of sens; count names the
// column of the number of values (see sensitivityHeader).
func writeSensitivity(w io.Writer, sens []sweep.Sensitivity, count string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(sensitivityHeader(count)); err != nil {
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
				r.Note, sensFloat(r.SRCLo), sensFloat(r.SRCHi), r.SRCMethod,
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
