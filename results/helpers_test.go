package results

import (
	"flag"
	"math"
	"testing"

	"github.com/parley-sim/parley/results/internal/fixture"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	fixture.Golden(t, name, got, *update)
}

// within reports whether a and b differ by at most tol, or are both NaN.
func within(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol
}
