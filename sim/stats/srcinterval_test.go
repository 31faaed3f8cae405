package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestFisherZHand checks Fisher's interval against a hand computation:
// r = 0.5 from n = 28 pairs, z = 1.959964: atanh 0.5 = 0.549306,
// z/√25 = 0.391993, so the interval is tanh 0.157313 = 0.156028 to
// tanh 0.941299 = (e^1.882598 − 1)/(e^1.882598 + 1) = 5.57060/7.57060 =
// 0.735818.
func TestFisherZHand(t *testing.T) {
	lo, hi := fisherZ(0.5, 28, Z(0.95))
	if math.Abs(lo-0.156028) > 5e-6 || math.Abs(hi-0.735818) > 5e-6 {
		t.Errorf("Fisher interval of r = 0.5, n = 28: [%.6f, %.6f], want [0.156028, 0.735818]", lo, hi)
	}
	if lo, hi := fisherZ(1, 10, 1.96); lo != 1 || hi != 1 {
		t.Errorf("r = 1: [%v, %v], want [1, 1]", lo, hi)
	}
}

// TestSRCIntervalsOneColumn: with one input the SRC is the correlation
// and its interval Fisher's, inside [−1, 1] where the t interval of a
// strong correlation from few values is not.
func TestSRCIntervalsOneColumn(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5, 6}
	y := []float64{1.1, 1.9, 3.2, 3.9, 5.1, 5.8}
	fits, errs := SRCIntervals([][]float64{x}, [][]float64{y}, 0.95, Bootstrap{})
	if errs[0] != nil {
		t.Fatal(errs[0])
	}
	f := fits[0]
	if f.Method != SRCFisherZ {
		t.Errorf("method %q", f.Method)
	}
	lo, hi := fisherZ(f.Coef[0], 6, Z(0.95))
	if f.Lo[0] != lo || f.Hi[0] != hi {
		t.Errorf("interval [%v, %v], want Fisher's [%v, %v]", f.Lo[0], f.Hi[0], lo, hi)
	}
	if !(f.Lo[0] < f.Coef[0] && f.Coef[0] < f.Hi[0] && f.Hi[0] < 1) {
		t.Errorf("interval [%v, %v] around %v not inside [−1, 1]", f.Lo[0], f.Hi[0], f.Coef[0])
	}
	if _, thi := f.Interval(0, 0.95); !(thi > 1) {
		t.Logf("the t interval would end at %v", thi)
	}
	if _, errs := SRCIntervals([][]float64{x[:3]}, [][]float64{y[:3]}, 0.95, Bootstrap{}); errs[0] == nil {
		t.Error("3 values: no error")
	}
}

// TestResamplerFitsLikeFitSRC: a resample that draws every row once is
// the sample itself, and its SRCs are FitSRC's.
func TestResamplerFitsLikeFitSRC(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 50
	x := [][]float64{make([]float64, n), make([]float64, n), make([]float64, n)}
	y := [][]float64{make([]float64, n), make([]float64, n)}
	for i := range n {
		for j := range x {
			x[j][i] = rng.NormFloat64()
		}
		y[0][i] = 0.7*x[0][i] - 0.2*x[1][i] + 0.3*rng.NormFloat64()
		y[1][i] = x[2][i]*x[2][i] + 0.5*x[1][i]
	}
	k, outs := len(x), len(y)
	p := k + outs
	rows := make([]float64, n*p)
	cols := append(append([][]float64{}, x...), y...)
	for j, c := range cols {
		z := centred(c)
		for i := range n {
			rows[i*p+j] = z[i]
		}
	}
	s := newResampler(n, k, outs)
	for i := range s.count {
		s.count[i] = 1
	}
	s.fit(rows, p)
	for m := range outs {
		f, err := FitSRC(x, y[m])
		if err != nil {
			t.Fatal(err)
		}
		for j := range k {
			if math.Abs(s.coef[m*k+j]-f.Coef[j]) > 1e-12 {
				t.Errorf("output %d input %d: %v, FitSRC %v", m, j, s.coef[m*k+j], f.Coef[j])
			}
		}
	}
}

// TestSRCBootstrapCoverage: over many samples of a linear model with
// known SRCs, the 95% percentile bootstrap interval covers the true SRC
// about 95% of the time, and always lies inside [−1, 1].
func TestSRCBootstrapCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("a coverage simulation")
	}
	// y = 0.6·x1 + 0.5·x2 + 0·x3 + e, inputs and noise independent
	// standard normal with sd(e) = √(1 − 0.61): the population SRCs are
	// 0.6, 0.5 and 0.
	want := []float64{0.6, 0.5, 0}
	const trials, n = 200, 80
	rng := rand.New(rand.NewPCG(7, 11))
	covered := make([]int, 3)
	for trial := range trials {
		x := [][]float64{make([]float64, n), make([]float64, n), make([]float64, n)}
		y := make([]float64, n)
		for i := range n {
			for j := range x {
				x[j][i] = rng.NormFloat64()
			}
			y[i] = 0.6*x[0][i] + 0.5*x[1][i] + math.Sqrt(1-0.61)*rng.NormFloat64()
		}
		fits, errs := SRCIntervals(x, [][]float64{y}, 0.95, Bootstrap{Resamples: 400, Seed: uint64(trial)})
		if errs[0] != nil {
			t.Fatal(errs[0])
		}
		f := fits[0]
		if f.Method != SRCBootstrap {
			t.Fatalf("method %q", f.Method)
		}
		for j, w := range want {
			if f.Lo[j] < -1 || f.Hi[j] > 1 || !(f.Lo[j] <= f.Hi[j]) {
				t.Fatalf("trial %d input %d: interval [%v, %v]", trial, j, f.Lo[j], f.Hi[j])
			}
			if f.Lo[j] <= w && w <= f.Hi[j] {
				covered[j]++
			}
		}
	}
	for j, c := range covered {
		share := float64(c) / trials
		// Binomial sd at 95% over 200 trials is 0.015; the percentile
		// bootstrap runs a little short at n = 80.
		if share < 0.88 || share > 0.995 {
			t.Errorf("input %d: covered in %.3f of the trials, want about 0.95", j, share)
		}
		t.Logf("input %d: coverage %.3f", j, share)
	}
}

// TestSRCBootstrapDeterministic: the same seed gives the same intervals
// whatever the number of workers; another seed other ones.
func TestSRCBootstrapDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	n := 60
	x := [][]float64{make([]float64, n), make([]float64, n)}
	y := make([]float64, n)
	for i := range n {
		x[0][i], x[1][i] = rng.Float64(), rng.Float64()
		y[i] = x[0][i] - x[1][i]*x[1][i] + 0.2*rng.NormFloat64()
	}
	get := func(b Bootstrap) SRCFit {
		fits, errs := SRCIntervals(x, [][]float64{y}, 0.9, b)
		if errs[0] != nil {
			t.Fatal(errs[0])
		}
		return fits[0]
	}
	a, b := get(Bootstrap{Seed: 5, Workers: 1}), get(Bootstrap{Seed: 5, Workers: 3})
	for j := range 2 {
		if a.Lo[j] != b.Lo[j] || a.Hi[j] != b.Hi[j] {
			t.Errorf("input %d: [%v, %v] with 1 worker, [%v, %v] with 3", j, a.Lo[j], a.Hi[j], b.Lo[j], b.Hi[j])
		}
	}
	if c := get(Bootstrap{Seed: 6}); c.Lo[0] == a.Lo[0] && c.Hi[0] == a.Hi[0] {
		t.Error("another seed gives the same interval")
	}
}

// TestSRCBootstrapRareOutput: an output that varies in one value only is
// constant in about a third of the resamples: no interval, and an error
// that says why.
func TestSRCBootstrapRareOutput(t *testing.T) {
	n := 40
	x := [][]float64{make([]float64, n), make([]float64, n)}
	y := make([]float64, n)
	for i := range n {
		x[0][i], x[1][i] = float64(i), float64((i*7)%n)
	}
	y[3] = 1
	fits, errs := SRCIntervals(x, [][]float64{y}, 0.95, Bootstrap{})
	if errs[0] == nil || !math.IsNaN(fits[0].Lo[0]) {
		t.Errorf("rare output: %v, interval [%v, %v]", errs[0], fits[0].Lo[0], fits[0].Hi[0])
	}
	if math.IsNaN(fits[0].Coef[0]) {
		t.Error("the SRC itself is missing")
	}
}
