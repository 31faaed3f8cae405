package numrange

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/parley-sim/parley/scenarios/internal/numtext"
)

func TestPoints(t *testing.T) {
	tests := []struct {
		min, max, step float64
		want           []float64
		ids            string
	}{
		{0, 0.3, 0.1, []float64{0, 0.1, 0.2, 0.3}, "0 0.1 0.2 0.3"},
		{0, 1, 0.3, []float64{0, 0.3, 0.6, 0.9}, "0 0.3 0.6 0.9"},
		{0, 1, 0.333333333333, []float64{0, 0.333333333333, 0.666666666666, 1}, "0 0.333333333333 0.666666666666 1"},
		{-1, -1, 1, []float64{-1}, "-1"},
		{-0.5, 0.5, 0.25, []float64{-0.5, -0.25, 0, 0.25, 0.5}, "-0.5 -0.25 0 0.25 0.5"},
		{1e6, 3e6, 1e6, []float64{1e6, 2e6, 3e6}, "1000000 2000000 3000000"},
		{1.75e308, math.MaxFloat64, 1e306, []float64{1.75e308, 1.76e308, 1.77e308, 1.78e308, 1.79e308}, "1.75e+308 1.76e+308 1.77e+308 1.78e+308 1.79e+308"},
	}
	for _, tc := range tests {
		got, err := Points(tc.min, tc.max, tc.step, 10_000)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Points(%v, %v, %v) = %v, %v; want %v", tc.min, tc.max, tc.step, got, err, tc.want)
		}
		ids := make([]string, len(got))
		for i, x := range got {
			ids[i] = numtext.Decimal(x)
		}
		if s := strings.Join(ids, " "); s != tc.ids {
			t.Errorf("ids %q, want %q", s, tc.ids)
		}
	}
}

func TestPointsErrors(t *testing.T) {
	tests := []struct {
		name           string
		min, max, step float64
		limit          int
		want           string
	}{
		{"over the limit", 0, 10, 1, 10, "range would have 11 points, limit 10; widen step or narrow the range"},
		{"infinite", -math.MaxFloat64, math.MaxFloat64, 1, 10, "range would have +Inf points, limit 10; widen step or narrow the range"},
		{"coincide", 1e17, 1e17 + 64, 1, 100, "step 1 is too small for numbers of this size: points 100000000000000000 and 100000000000000000 coincide"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Points(tc.min, tc.max, tc.step, tc.limit)
			if err == nil || err.Error() != tc.want {
				t.Errorf("Points(%v, %v, %v, %d) = %v, %v; want error %q", tc.min, tc.max, tc.step, tc.limit, got, err, tc.want)
			}
		})
	}
}

func TestRound15(t *testing.T) {
	for x, want := range map[float64]float64{
		0.1 * 3:              0.3,
		math.Copysign(0, -1): 0,
		math.MaxFloat64:      math.MaxFloat64, // rounding would overflow
		-math.MaxFloat64:     -math.MaxFloat64,
		1e-320:               1e-320,
	} {
		if got := Round15(x); got != want || math.Signbit(got) != math.Signbit(want) {
			t.Errorf("Round15(%v) = %v, want %v", x, got, want)
		}
	}
}
