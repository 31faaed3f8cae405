// Package numrange enumerates the points of a numeric range, min, max and
// step, as parley's scenario reader does. Package scenarios reads numeric
// issues with it and package scenarios/genius converts GENIUS and
// GeniusWeb ranges with it, so that an imported domain has exactly the
// points of the scenario written for it.
package numrange

import (
	"fmt"
	"math"
	"strconv"

	"github.com/parley-sim/parley/scenarios/internal/numtext"
)

// Tolerance is how close (max − min)/step must come to an integer, relative
// to one step, for max to be a point of the range.
const Tolerance = 1e-9

// Points returns the points of the range: min, min+step, ... up to max,
// including max when (max−min)/step is an integer within Tolerance. Each
// point is rounded to 15 significant digits (Round15), so 0.1·3 is 0.3,
// and the last is max itself when it is included. It returns an error when
// the range has more than limit points or when two points coincide (a step
// too small for the numbers' magnitude). step must be positive and max at
// least min.
func Points(min, max, step float64, limit int) ([]float64, error) {
	nf := (max - min) / step
	if math.IsInf(nf, 0) || math.IsNaN(nf) || nf+1 > float64(limit) {
		return nil, fmt.Errorf("range would have %.3g points, limit %d; widen step or narrow the range", math.Floor(nf)+1, limit)
	}
	k := math.Round(nf)
	includesMax := math.Abs(nf-k) <= Tolerance
	if !includesMax {
		k = math.Floor(nf)
	}
	out := make([]float64, int(k)+1)
	for i := range out {
		out[i] = Round15(min + float64(i)*step)
	}
	if includesMax {
		out[len(out)-1] = max
	}
	for i := 1; i < len(out); i++ {
		if !(out[i] > out[i-1]) {
			return nil, fmt.Errorf("step %s is too small for numbers of this size: points %s and %s coincide",
				numtext.Decimal(step), numtext.Decimal(out[i-1]), numtext.Decimal(out[i]))
		}
	}
	return out, nil
}

// Round15 rounds x to 15 significant decimal digits, removing the noise of
// binary arithmetic (0.30000000000000004 becomes 0.3). It returns x itself
// when rounding would overflow past the largest float64, and 0 for −0.
func Round15(x float64) float64 {
	v, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 15, 64), 64)
	switch {
	case err != nil:
		return x
	case v == 0:
		return 0
	}
	return v
}
