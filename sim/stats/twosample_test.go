package stats

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestNewcombeInterval checks the hybrid score interval against the
// worked examples of Newcombe (1998), Table II, method 10, given there to
// four decimals.
func TestNewcombeInterval(t *testing.T) {
	for _, c := range []struct {
		name           string
		k1, n1, k2, n2 int
		diff, lo, hi   float64
	}{
		{"(a) 56/70 - 48/80", 56, 70, 48, 80, 0.2, 0.0524, 0.3339},
		{"(b) 9/10 - 3/10", 9, 10, 3, 10, 0.6, 0.1705, 0.8090},
		{"(d) 5/56 - 0/29", 5, 56, 0, 29, 5.0 / 56, -0.0381, 0.1926},
		{"(e) 0/10 - 0/20", 0, 10, 0, 20, 0, -0.1611, 0.2775},
	} {
		t.Run(c.name, func(t *testing.T) {
			diff, lo, hi := NewcombeInterval(c.k1, c.n1, c.k2, c.n2, z95)
			if !within(diff, c.diff, 1e-12) || !within(lo, c.lo, 5e-5) || !within(hi, c.hi, 5e-5) {
				t.Errorf("got %.4f [%.4f, %.4f], want %.4f [%.4f, %.4f]", diff, lo, hi, c.diff, c.lo, c.hi)
			}
		})
	}
	for _, bad := range [][4]int{{1, 0, 1, 2}, {3, 2, 1, 2}, {1, 2, -1, 2}} {
		if _, lo, hi := NewcombeInterval(bad[0], bad[1], bad[2], bad[3], z95); !math.IsNaN(lo) || !math.IsNaN(hi) {
			t.Errorf("NewcombeInterval%v = [%v, %v], want NaN", bad, lo, hi)
		}
	}
}

// TestWelchInterval checks Welch's interval against hand-computed values.
func TestWelchInterval(t *testing.T) {
	t.Run("equal variances and sizes", func(t *testing.T) {
		// With sd1 = sd2 and n1 = n2 = n, the Welch–Satterthwaite degrees
		// of freedom are exactly 2(n − 1): the pooled t interval.
		for _, n := range []float64{2, 5, 20, 1000} {
			diff, lo, hi := WelchInterval(3, 1.5, n, 1, 1.5, n, 0.95)
			tq := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: 2 * (n - 1)}.Quantile(0.975)
			half := tq * 1.5 * math.Sqrt(2/n)
			if !within(diff, 2, 1e-15) || !within(lo, 2-half, 1e-12) || !within(hi, 2+half, 1e-12) {
				t.Errorf("n = %v: got %v [%v, %v], want 2 ± %v", n, diff, lo, hi, half)
			}
		}
	})
	t.Run("unequal", func(t *testing.T) {
		// Means 10 and 8, sd 2 and 3, n 10 and 12: standard error
		// √(0.4 + 0.75) = 1.072381, ν = 1.3225/(0.16/9 + 0.5625/11) =
		// 19.1905, and t(0.975; 19.19) = 2.0917 between the tables' 2.0930
		// (19) and 2.0860 (20): the interval is 2 ± 2.2431.
		diff, lo, hi := WelchInterval(10, 2, 10, 8, 3, 12, 0.95)
		if !within(diff, 2, 1e-15) || !within(lo, 2-2.2431, 2e-3) || !within(hi, 2+2.2431, 2e-3) {
			t.Errorf("got %v [%v, %v], want 2 [-0.2431, 4.2431]", diff, lo, hi)
		}
	})
	t.Run("constant samples", func(t *testing.T) {
		diff, lo, hi := WelchInterval(0.7256, 0, 40, 0.7256, 0, 20, 0.95)
		if diff != 0 || lo != 0 || hi != 0 {
			t.Errorf("equal constants: got %v [%v, %v], want 0 [0, 0]", diff, lo, hi)
		}
		diff, lo, hi = WelchInterval(1, 0, 40, 0.5, 0, 20, 0.95)
		if diff != 0.5 || lo != 0.5 || hi != 0.5 {
			t.Errorf("different constants: got %v [%v, %v], want 0.5 [0.5, 0.5]", diff, lo, hi)
		}
	})
	t.Run("undefined", func(t *testing.T) {
		for _, c := range [][7]float64{
			{1, 1, 1, 0, 1, 5, 0.95},          // n1 < 2
			{1, -1, 5, 0, 1, 5, 0.95},         // negative sd
			{1, math.NaN(), 5, 0, 1, 5, 0.95}, // NaN sd
			{1, 1, 5, 0, 1, 5, 1},             // level
		} {
			if _, lo, hi := WelchInterval(c[0], c[1], c[2], c[3], c[4], c[5], c[6]); !math.IsNaN(lo) || !math.IsNaN(hi) {
				t.Errorf("WelchInterval%v = [%v, %v], want NaN", c, lo, hi)
			}
		}
	})
}

func ExampleNewcombeInterval() {
	// 38 agreements in 40 sessions against 20 in 20: does the agreement
	// rate differ?
	diff, lo, hi := NewcombeInterval(38, 40, 20, 20, Z(0.95))
	fmt.Printf("difference %.3f, 95%% CI [%.3f, %.3f]\n", diff, lo, hi)
	// Output: difference -0.050, 95% CI [-0.165, 0.115]
}
