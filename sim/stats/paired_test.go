package stats

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestNewcombePaired checks Newcombe's method 10 against a published
// worked example and a hand computation.
func TestNewcombePaired(t *testing.T) {
	for _, c := range []struct {
		name         string
		table        PairedTable
		diff, lo, hi float64
		tol          float64
	}{
		// The four worked examples of Newcombe (1998), Table II, method
		// 10, to the four decimals printed there: (a) and (b) have the
		// same margins and the same difference 0.2 but different
		// correlations (φ = 0 against a strongly positive one), (c) has
		// no discordant pair, (d) only discordant pairs, one way.
		{"Newcombe 1998 (a)", PairedTable{Both: 36, OnlyFirst: 12, OnlySecond: 2, Neither: 0}, 0.2, 0.0569, 0.3404, 5e-5},
		{"Newcombe 1998 (b)", PairedTable{Both: 18, OnlyFirst: 12, OnlySecond: 2, Neither: 18}, 0.2, 0.0562, 0.3290, 5e-5},
		{"Newcombe 1998 (c)", PairedTable{Both: 53, OnlyFirst: 0, OnlySecond: 0, Neither: 1}, 0, -0.0729, 0.0729, 5e-5},
		{"Newcombe 1998 (d)", PairedTable{Both: 0, OnlyFirst: 30, OnlySecond: 0, Neither: 0}, 1, 0.8395, 1, 5e-5},
		// Complete response before (first) and after (second)
		// consolidation therapy, Cavo et al. (2012): 59 responded both
		// times, 6 only before, 16 only after, 80 neither. Fagerland,
		// Lydersen and Laake (2017), Statistical Analysis of Contingency
		// Tables, chapter 8, report the Newcombe square-and-add interval
		// -0.0621 (-0.1186 to -0.0046), to four decimals (as recorded in
		// the tests of their R package contingencytables).
		{"Cavo 2012", PairedTable{Both: 59, OnlyFirst: 6, OnlySecond: 16, Neither: 80}, -0.0621, -0.1186, -0.0046, 5e-5},
		// By hand: a = 3, b = 2, c = 0, d = 5, n = 10, z = 1.959964,
		// z² = 3.841459.
		//   p₁ = 5/10 = 0.5: Wilson centre (0.5 + 0.192073)/1.384146 =
		//   0.5, half 1.416009·√(0.025 + 0.009604) = 0.263407, so
		//   [l₁, u₁] = [0.236593, 0.763407].
		//   p₂ = 3/10 = 0.3: centre 0.492073/1.384146 = 0.355506, half
		//   1.416009·√(0.021 + 0.009604) = 0.247715, so
		//   [l₂, u₂] = [0.107791, 0.603222].
		//   A = ad − bc = 15 > n/2 = 5: φ = (15 − 5)/√(5·5·3·7) =
		//   10/22.912878 = 0.436436.
		//   θ = (2 − 0)/10 = 0.2.
		//   L = 0.2 − √(0.263407² − 2·0.436436·0.263407·0.303222 +
		//   0.303222²) = 0.2 − √0.091610 = 0.2 − 0.302671 = −0.102671.
		//   U = 0.2 + √(0.263407² − 2·0.436436·0.263407·0.192209 +
		//   0.192209²) = 0.2 + √0.062134 = 0.2 + 0.249268 = 0.449268.
		{"by hand", PairedTable{Both: 3, OnlyFirst: 2, OnlySecond: 0, Neither: 5}, 0.2, -0.102671, 0.449268, 2e-6},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, lo, hi, err := NewcombePaired(c.table, 0.95)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(d-c.diff) > c.tol || math.Abs(lo-c.lo) > c.tol || math.Abs(hi-c.hi) > c.tol {
				t.Errorf("%.6f [%.6f, %.6f], want %.6f [%.6f, %.6f]", d, lo, hi, c.diff, c.lo, c.hi)
			}
		})
	}
}

// TestNewcombePairedProperties: the interval holds the estimate, stays in
// [−1, 1], mirrors when the conditions swap, and has a positive width
// without discordant pairs.
func TestNewcombePairedProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 2000 {
		tb := PairedTable{rng.IntN(30), rng.IntN(30), rng.IntN(30), rng.IntN(30)}
		if tb.N() == 0 {
			continue
		}
		d, lo, hi, err := NewcombePaired(tb, 0.95)
		if err != nil {
			t.Fatal(err)
		}
		if !(lo >= -1 && lo <= d && d <= hi && hi <= 1) {
			t.Fatalf("%+v: %v [%v, %v]", tb, d, lo, hi)
		}
		sw := PairedTable{tb.Both, tb.OnlySecond, tb.OnlyFirst, tb.Neither}
		d2, lo2, hi2, _ := NewcombePaired(sw, 0.95)
		if math.Abs(d2+d) > 1e-12 || math.Abs(lo2+hi) > 1e-12 || math.Abs(hi2+lo) > 1e-12 {
			t.Fatalf("%+v swapped: %v [%v, %v], want the mirror of %v [%v, %v]", tb, d2, lo2, hi2, d, lo, hi)
		}
	}
	d, lo, hi, _ := NewcombePaired(PairedTable{Both: 900, Neither: 100}, 0.95)
	if d != 0 || !(lo < 0 && hi > 0) {
		t.Errorf("no discordant pair: %v [%v, %v], want 0 inside an interval of positive width", d, lo, hi)
	}
	for _, bad := range []PairedTable{{}, {Both: -1, Neither: 3}} {
		if _, _, _, err := NewcombePaired(bad, 0.95); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
	if _, _, _, err := NewcombePaired(PairedTable{Both: 1}, 1); err == nil {
		t.Error("level 1: no error")
	}
}

// TestNewcombePairedCoverage: over many samples of n pairs from a known
// joint distribution, the 95% interval covers the true difference about
// 95% of the time (Newcombe 1998 reports a mean coverage near 0.95 for
// method 10).
func TestNewcombePairedCoverage(t *testing.T) {
	// Joint probabilities of (both, first only, second only, neither).
	probs := [4]float64{0.55, 0.12, 0.05, 0.28}
	truth := probs[1] - probs[2]
	rng := rand.New(rand.NewPCG(8, 9))
	const trials, n = 4000, 60
	covered := 0
	for range trials {
		var tb PairedTable
		for range n {
			switch u := rng.Float64(); {
			case u < probs[0]:
				tb.Both++
			case u < probs[0]+probs[1]:
				tb.OnlyFirst++
			case u < probs[0]+probs[1]+probs[2]:
				tb.OnlySecond++
			default:
				tb.Neither++
			}
		}
		_, lo, hi, _ := NewcombePaired(tb, 0.95)
		if lo <= truth && truth <= hi {
			covered++
		}
	}
	if share := float64(covered) / trials; share < 0.93 || share > 0.975 {
		t.Errorf("coverage %.4f, want about 0.95", share)
	}
}

// TestPairedMeanDiff checks the paired t interval by hand and its zero
// width for identical arms.
func TestPairedMeanDiff(t *testing.T) {
	// Differences 0.1, 0.3, −0.1, 0.2, 0: mean 0.1, s_d = √(0.1/4) =
	// 0.158114, standard error 0.158114/√5 = 0.070711, t(0.975; 4) =
	// 2.776445, half-width 0.196324: [−0.096324, 0.296324].
	x := []float64{0.6, 0.8, 0.4, 0.7, 0.5}
	y := []float64{0.5, 0.5, 0.5, 0.5, 0.5}
	m, lo, hi, err := PairedMeanDiff(x, y, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(m-0.1) > 1e-12 || math.Abs(lo+0.096324) > 1e-6 || math.Abs(hi-0.296324) > 1e-6 {
		t.Errorf("%v [%v, %v], want 0.1 [-0.096324, 0.296324]", m, lo, hi)
	}
	m, lo, hi, err = PairedMeanDiff(x, x, 0.95)
	if err != nil || m != 0 || lo != 0 || hi != 0 {
		t.Errorf("identical arms: %v [%v, %v], %v; want exactly 0 [0, 0]", m, lo, hi, err)
	}
	if _, _, _, err := PairedMeanDiff(x[:1], y[:1], 0.95); !errors.Is(err, ErrTooFew) {
		t.Errorf("one pair: %v", err)
	}
	if _, _, _, err := PairedMeanDiff(x, y[:2], 0.95); err == nil {
		t.Error("unequal lengths: no error")
	}
}

func ExampleNewcombePaired() {
	// 1,000 runs of two arms: 702 agree in both, 31 in the first arm only,
	// 12 in the second only, 255 in neither.
	d, lo, hi, _ := NewcombePaired(PairedTable{Both: 702, OnlyFirst: 31, OnlySecond: 12, Neither: 255}, 0.95)
	fmt.Printf("difference of agreement rates %.3f [%.3f, %.3f]\n", d, lo, hi)
	// Output:
	// difference of agreement rates 0.019 [0.006, 0.032]
}
