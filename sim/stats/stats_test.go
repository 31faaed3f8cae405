package stats

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"
)

const z95 = 1.959963984540054

func within(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol
}

func TestZ(t *testing.T) {
	if got := Z(0.95); !within(got, z95, 1e-12) {
		t.Errorf("Z(0.95) = %v, want %v", got, z95)
	}
	if got := Z(0.99); !within(got, 2.5758293035489, 1e-9) {
		t.Errorf("Z(0.99) = %v", got)
	}
	for _, bad := range []float64{0, 1, -0.5, math.NaN()} {
		if !math.IsNaN(Z(bad)) {
			t.Errorf("Z(%v) is not NaN", bad)
		}
	}
}

// wilsonCases hold reference values of the closed form (Wilson 1927)
// computed independently (a few lines of Python, not this code); 8 of 10 →
// [0.4902, 0.9433] is the usual textbook example.
var wilsonCases = []struct {
	name   string
	k, n   int
	z      float64
	lo, hi float64
}{
	{"8 of 10", 8, 10, z95, 0.4901625, 0.9433178},
	{"0 of 10", 0, 10, z95, 0, 0.2775328},
	{"10 of 10", 10, 10, z95, 0.7224672, 1},
	{"1 of 1", 1, 1, z95, 0.2065493, 1},
	{"50 of 100", 50, 100, z95, 0.4038315, 0.5961685},
	{"13 of 20", 13, 20, z95, 0.4328543, 0.8188082},
	{"3 of 1000 at 99%", 3, 1000, 2.5758293035489, 0.0007581, 0.0117935},
	{"no trials", 0, 0, z95, math.NaN(), math.NaN()},
	{"too many successes", 3, 2, z95, math.NaN(), math.NaN()},
	{"negative successes", -1, 2, z95, math.NaN(), math.NaN()},
	{"zero z", 1, 2, 0, math.NaN(), math.NaN()},
}

func TestWilson(t *testing.T) {
	for _, c := range wilsonCases {
		t.Run(c.name, func(t *testing.T) {
			lo, hi := Wilson(c.k, c.n, c.z)
			if !within(lo, c.lo, 5e-7) || !within(hi, c.hi, 5e-7) {
				t.Errorf("Wilson(%d, %d) = [%.7f, %.7f], want [%.7f, %.7f]", c.k, c.n, lo, hi, c.lo, c.hi)
			}
		})
	}
}

// TestWilsonScore checks the centre and half-width against the same
// table: away from 0 and n the interval is centre ± half exactly, and at
// the bounds Wilson only clips it.
func TestWilsonScore(t *testing.T) {
	for _, c := range wilsonCases {
		t.Run(c.name, func(t *testing.T) {
			centre, half := WilsonScore(c.k, c.n, c.z)
			if math.IsNaN(c.lo) {
				if !math.IsNaN(centre) || !math.IsNaN(half) {
					t.Fatalf("WilsonScore(%d, %d) = %v, %v, want NaN, NaN", c.k, c.n, centre, half)
				}
				return
			}
			lo, hi := max(centre-half, 0), min(centre+half, 1)
			if !within(lo, c.lo, 5e-7) || !within(hi, c.hi, 5e-7) {
				t.Errorf("WilsonScore(%d, %d) = %.7f ± %.7f, want [%.7f, %.7f] after clipping", c.k, c.n, centre, half, c.lo, c.hi)
			}
			if !(half > 0) {
				t.Errorf("half-width %v, want positive", half)
			}
		})
	}
}

func FuzzWilson(f *testing.F) {
	for _, c := range wilsonCases {
		f.Add(c.k, c.n, c.z)
	}
	f.Fuzz(func(t *testing.T, k, n int, z float64) {
		lo, hi := Wilson(k, n, z)
		valid := n >= 1 && k >= 0 && k <= n && z > 0 && !math.IsInf(z, 1)
		if !valid {
			if !math.IsNaN(lo) || !math.IsNaN(hi) {
				t.Fatalf("Wilson(%d, %d, %v) = [%v, %v] for invalid input", k, n, z, lo, hi)
			}
			return
		}
		p := float64(k) / float64(n)
		if !(0 <= lo && lo <= p+1e-12 && p-1e-12 <= hi && hi <= 1) {
			t.Fatalf("Wilson(%d, %d, %v) = [%v, %v] does not bracket %v within [0, 1]", k, n, z, lo, hi, p)
		}
	})
}

func TestTInterval(t *testing.T) {
	// x = 1..5: mean 3, sd √2.5; t(0.975; 4) = 2.776445105; half-width
	// 2.776445105 · 1.58113883 / √5 = 1.963243161.
	lo, hi := TInterval(3, math.Sqrt(2.5), 5, 0.95)
	if !within(lo, 1.036756839, 1e-8) || !within(hi, 4.963243161, 1e-8) {
		t.Errorf("TInterval = [%.9f, %.9f], want [1.036756839, 4.963243161]", lo, hi)
	}
	for _, c := range []struct{ mean, sd, n, level float64 }{
		{0, 1, 1, 0.95}, {0, -1, 5, 0.95}, {0, math.NaN(), 5, 0.95}, {0, 1, 5, 1}, {0, 1, math.Inf(1), 0.95},
	} {
		if lo, hi := TInterval(c.mean, c.sd, c.n, c.level); !math.IsNaN(lo) || !math.IsNaN(hi) {
			t.Errorf("TInterval(%v) = [%v, %v], want NaN", c, lo, hi)
		}
	}
}

func TestMeanCI(t *testing.T) {
	tests := []struct {
		name          string
		x, w          []float64
		mean, lo, hi  float64
		tooFew, other bool
	}{
		{name: "one to five", x: []float64{1, 2, 3, 4, 5}, mean: 3, lo: 1.036756839, hi: 4.963243161},
		// Weights are counts: compared below with the sample 1 1 2 3 3 3.
		{name: "weighted equals repeated", x: []float64{1, 2, 3}, w: []float64{2, 1, 3}},
		{name: "constant", x: []float64{0.5, 0.5, 0.5}, mean: 0.5, lo: 0.5, hi: 0.5},
		{name: "one value", x: []float64{0.7}, mean: 0.7, lo: math.NaN(), hi: math.NaN(), tooFew: true},
		{name: "none", x: nil, mean: math.NaN(), lo: math.NaN(), hi: math.NaN(), tooFew: true},
		{name: "bad weights", x: []float64{1, 2}, w: []float64{1}, other: true},
		{name: "negative weight", x: []float64{1, 2}, w: []float64{1, -1}, other: true},
	}
	for _, c := range tests {
		t.Run(c.name, func(t *testing.T) {
			mean, lo, hi, err := MeanCI(c.x, c.w, 0.95)
			switch {
			case c.tooFew:
				if !errors.Is(err, ErrTooFew) {
					t.Fatalf("err = %v, want ErrTooFew", err)
				}
			case c.other:
				if err == nil || errors.Is(err, ErrTooFew) {
					t.Fatalf("err = %v, want an argument error", err)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			if c.w != nil {
				// Compare with the same sample written out.
				var rep []float64
				for i, x := range c.x {
					for range int(c.w[i]) {
						rep = append(rep, x)
					}
				}
				m2, lo2, hi2, err := MeanCI(rep, nil, 0.95)
				if err != nil {
					t.Fatal(err)
				}
				c.mean, c.lo, c.hi = m2, lo2, hi2
			}
			if !within(mean, c.mean, 1e-9) || !within(lo, c.lo, 1e-8) || !within(hi, c.hi, 1e-8) {
				t.Errorf("MeanCI = %v [%v, %v], want %v [%v, %v]", mean, lo, hi, c.mean, c.lo, c.hi)
			}
		})
	}
}

func seq(n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = float64(i + 1)
	}
	return x
}

// medianCases: the ranks are the textbook ones (Conover 1999, table A3;
// e.g. n = 10 → x(2), x(9); n = 100 → x(40), x(61)), and x = 1..n makes the
// value equal the rank.
var medianCases = []struct {
	name             string
	x, w             []float64
	level            float64
	median, lo, hi   float64
	tooFew, badInput bool
}{
	{name: "n=6 smallest with an interval", x: seq(6), level: 0.95, median: 3.5, lo: 1, hi: 6},
	{name: "n=10", x: seq(10), level: 0.95, median: 5.5, lo: 2, hi: 9},
	{name: "n=11", x: seq(11), level: 0.95, median: 6, lo: 2, hi: 10},
	{name: "n=20", x: seq(20), level: 0.95, median: 10.5, lo: 6, hi: 15},
	{name: "n=100", x: seq(100), level: 0.95, median: 50.5, lo: 40, hi: 61},
	{name: "n=10 at 90%", x: seq(10), level: 0.90, median: 5.5, lo: 2, hi: 9},
	{name: "n=20 at 99%", x: seq(20), level: 0.99, median: 10.5, lo: 4, hi: 17},
	{name: "weighted", x: []float64{0.2, 0.5, 0.9}, w: []float64{3, 4, 3}, level: 0.95, median: 0.5, lo: 0.2, hi: 0.9},
	{name: "n=5 too few", x: seq(5), level: 0.95, median: 3, lo: math.NaN(), hi: math.NaN(), tooFew: true},
	{name: "one value", x: []float64{0.4}, level: 0.95, median: 0.4, lo: math.NaN(), hi: math.NaN(), tooFew: true},
	{name: "none", level: 0.95, median: math.NaN(), lo: math.NaN(), hi: math.NaN(), tooFew: true},
	{name: "unsorted", x: []float64{2, 1}, level: 0.95, badInput: true},
	{name: "fractional weight", x: []float64{1, 2}, w: []float64{0.5, 2}, level: 0.95, badInput: true},
	{name: "bad level", x: seq(10), level: 1.5, badInput: true},
}

func TestMedianCI(t *testing.T) {
	for _, c := range medianCases {
		t.Run(c.name, func(t *testing.T) {
			med, lo, hi, err := MedianCI(c.x, c.w, c.level)
			switch {
			case c.badInput:
				if err == nil || errors.Is(err, ErrTooFew) {
					t.Fatalf("err = %v, want an argument error", err)
				}
				return
			case c.tooFew:
				if !errors.Is(err, ErrTooFew) {
					t.Fatalf("err = %v, want ErrTooFew", err)
				}
			case err != nil:
				t.Fatal(err)
			}
			if !within(med, c.median, 0) || !within(lo, c.lo, 0) || !within(hi, c.hi, 0) {
				t.Errorf("MedianCI = %v [%v, %v], want %v [%v, %v]", med, lo, hi, c.median, c.lo, c.hi)
			}
		})
	}
}

func TestMedianRankCoverage(t *testing.T) {
	// The chosen ranks must reach the level, and one rank further in must
	// not: the interval is the narrowest symmetric one.
	for _, n := range []int64{6, 7, 10, 25, 99, 1000, 12345} {
		k := medianRank(n, 0.95)
		cover := func(k int64) float64 {
			// 1 − 2·P(B ≤ k−1), summed exactly in log space.
			var p float64
			for i := int64(0); i < k; i++ {
				lg, _ := math.Lgamma(float64(n + 1))
				a, _ := math.Lgamma(float64(i + 1))
				b, _ := math.Lgamma(float64(n - i + 1))
				p += math.Exp(lg - a - b - float64(n)*math.Ln2)
			}
			return 1 - 2*p
		}
		if c := cover(k); c < 0.95-1e-12 {
			t.Errorf("n=%d: rank %d covers %v < 0.95", n, k, c)
		}
		if k+1 <= (n+1)/2 {
			if c := cover(k + 1); c >= 0.95 {
				t.Errorf("n=%d: rank %d also covers %v; %d is not the narrowest", n, k+1, c, k)
			}
		}
	}
}

func FuzzMedianCI(f *testing.F) {
	for _, c := range medianCases {
		var n uint8
		if len(c.x) < 256 {
			n = uint8(len(c.x))
		}
		f.Add(n, uint8(3), c.level)
	}
	f.Fuzz(func(t *testing.T, n, spread uint8, level float64) {
		x := make([]float64, n)
		for i := range x {
			x[i] = float64((i * int(spread+1)) % 17)
		}
		slices.Sort(x)
		med, lo, hi, err := MedianCI(x, nil, level)
		if err != nil {
			return
		}
		if !(lo <= med && med <= hi) {
			t.Fatalf("median %v outside its interval [%v, %v]", med, lo, hi)
		}
	})
}

func ExampleWilson() {
	lo, hi := Wilson(8, 10, Z(0.95))
	fmt.Printf("8 of 10 agreed: 95%% CI [%.4f, %.4f]\n", lo, hi)
	lo, hi = Wilson(0, 10, Z(0.95))
	fmt.Printf("0 of 10 agreed: 95%% CI [%.4f, %.4f]\n", lo, hi)
	// Output:
	// 8 of 10 agreed: 95% CI [0.4902, 0.9433]
	// 0 of 10 agreed: 95% CI [0.0000, 0.2775]
}

func ExampleMedianCI() {
	x := []float64{0.31, 0.42, 0.45, 0.5, 0.52, 0.55, 0.61, 0.64, 0.7, 0.9}
	med, lo, hi, err := MedianCI(x, nil, 0.95)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("median %.3f, 95%% CI [%.2f, %.2f]\n", med, lo, hi)
	// Output: median 0.535, 95% CI [0.42, 0.70]
}
