package numtext

import (
	"math"
	"testing"
)

func TestDecimalShortest(t *testing.T) {
	tests := []struct {
		x                 float64
		decimal, shortest string
	}{
		{0, "0", "0"},
		{math.Copysign(0, -1), "0", "0"},
		{0.1, "0.1", "0.1"},
		{-2.5, "-2.5", "-2.5"},
		{1e6, "1000000", "1e+06"},
		{1e20, "100000000000000000000", "1e+20"},
		{1e21, "1e+21", "1e+21"},
		{1e-5, "0.00001", "1e-05"},
		{1e-6, "0.000001", "1e-06"},
		{1e-7, "1e-07", "1e-07"},
		{0.30000000000000004, "0.30000000000000004", "0.30000000000000004"},
	}
	for _, tc := range tests {
		if got := Decimal(tc.x); got != tc.decimal {
			t.Errorf("Decimal(%v) = %q, want %q", tc.x, got, tc.decimal)
		}
		if got := Shortest(tc.x); got != tc.shortest {
			t.Errorf("Shortest(%v) = %q, want %q", tc.x, got, tc.shortest)
		}
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 issues", 1: "1 issue", 2: "2 issues"} {
		if got := Count(n, "issue"); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}
