package stats

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// uniformSample returns n draws of k independent inputs, uniform on
// [lo, hi], column by column.
func uniformSample(rng *rand.Rand, n, k int, lo, hi float64) [][]float64 {
	x := make([][]float64, k)
	for j := range x {
		x[j] = make([]float64, n)
		for i := range x[j] {
			x[j][i] = lo + (hi-lo)*rng.Float64()
		}
	}
	return x
}

// TestSensitivityOracles checks SRC and SobolFirst against analytical
// values. For y = Σ a_j x_j with independent inputs of equal variance,
// SRC_j = a_j/√Σa² and the first-order index is a_j²/Σa²; for y = x² on
// [−1, 1] the relation is not monotone, so SRC ≈ 0 while the first-order
// index is ≈ 1.
func TestSensitivityOracles(t *testing.T) {
	for _, c := range []struct {
		name      string
		n, k      int
		lo, hi    float64
		f         func(x []float64) float64
		src       []float64
		sobol     []float64
		r2        float64
		tolSRC    float64
		tolSobol  float64
		tolR2     float64
		noiseSeed uint64
	}{
		{
			name: "linear 4,2,0", n: 2000, k: 3, lo: 0, hi: 1,
			f:   func(x []float64) float64 { return 4*x[0] + 2*x[1] + 0*x[2] },
			src: []float64{4 / math.Sqrt(20), 2 / math.Sqrt(20), 0}, sobol: []float64{0.8, 0.2, 0}, r2: 1,
			tolSRC: 0.02, tolSobol: 0.04, tolR2: 1e-9,
		},
		{
			name: "square", n: 2000, k: 1, lo: -1, hi: 1,
			f:   func(x []float64) float64 { return x[0] * x[0] },
			src: []float64{0}, sobol: []float64{1}, r2: 0,
			tolSRC: 0.06, tolSobol: 0.02, tolR2: 0.01,
		},
		{
			name: "square with an idle input", n: 2000, k: 2, lo: -1, hi: 1,
			f:   func(x []float64) float64 { return x[0] * x[0] },
			src: []float64{0, 0}, sobol: []float64{1, 0}, r2: 0,
			tolSRC: 0.06, tolSobol: 0.04, tolR2: 0.01,
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			x := uniformSample(rng, c.n, c.k, c.lo, c.hi)
			y := make([]float64, c.n)
			row := make([]float64, c.k)
			for i := range y {
				for j := range row {
					row[j] = x[j][i]
				}
				y[i] = c.f(row)
			}
			src, r2, err := SRC(x, y)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(r2-c.r2) > c.tolR2 {
				t.Errorf("R² = %.4f, want %.4f", r2, c.r2)
			}
			for j := range c.k {
				if math.Abs(src[j]-c.src[j]) > c.tolSRC {
					t.Errorf("SRC[%d] = %.4f, want %.4f ± %v", j, src[j], c.src[j], c.tolSRC)
				}
				s, groups, err := SobolFirst(x[j], y, 0)
				if err != nil {
					t.Fatal(err)
				}
				if want := int(math.Ceil(math.Sqrt(float64(c.n)))); groups != want {
					t.Errorf("input %d: %d groups, want %d", j, groups, want)
				}
				if math.Abs(s-c.sobol[j]) > c.tolSobol {
					t.Errorf("Sobol[%d] = %.4f, want %.4f ± %v", j, s, c.sobol[j], c.tolSobol)
				}
			}
		})
	}
}

// TestSobolNullMatchesNoise checks that the estimate for an input without
// influence averages SobolNull.
func TestSobolNullMatchesNoise(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const n, reps = 400, 200
	var sum float64
	var groups int
	for range reps {
		x := uniformSample(rng, n, 2, 0, 1)
		s, g, err := SobolFirst(x[0], x[1], 0)
		if err != nil {
			t.Fatal(err)
		}
		sum += s
		groups = g
	}
	want := SobolNull(groups, n)
	if got := sum / reps; math.Abs(got-want) > 0.15*want {
		t.Errorf("mean estimate for an idle input %.4f, want about %.4f", got, want)
	}
}

// TestSobolGroupsByValue checks that a few-valued input is grouped by its
// values and that ties never straddle a bin: on a balanced grid the index
// is the exact main-effect share.
func TestSobolGroupsByValue(t *testing.T) {
	// y = a + b on a 3×3 grid with a ∈ {0, 1, 2}, b ∈ {0, 0, 3}·…: main
	// effects only, so the two indices add up to 1.
	var a, b, y []float64
	for _, av := range []float64{0, 1, 2} {
		for _, bv := range []float64{0, 10, 20} {
			a, b, y = append(a, av), append(b, bv), append(y, av+bv)
		}
	}
	sa, ga, err := SobolFirst(a, y, 0)
	if err != nil {
		t.Fatal(err)
	}
	sb, gb, err := SobolFirst(b, y, 0)
	if err != nil {
		t.Fatal(err)
	}
	if ga != 3 || gb != 3 {
		t.Errorf("groups %d, %d, want 3, 3", ga, gb)
	}
	if math.Abs(sa-1.0/101) > 1e-12 || math.Abs(sb-100.0/101) > 1e-12 {
		t.Errorf("indices %v, %v, want 1/101, 100/101", sa, sb)
	}
	// Many ties and more distinct values than bins: equal values stay
	// together.
	x := []float64{0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	yy := make([]float64, len(x))
	copy(yy, x)
	// Four bins of four, but the six zeros make one bin: {0×6}, {1, 2},
	// {3…6}, {7…10}; the between-group sum of squares is then
	// 185.4375 of 195.9375.
	s, g, err := SobolFirst(x, yy, 4)
	if err != nil || g != 4 || math.Abs(s-185.4375/195.9375) > 1e-12 {
		t.Errorf("tied input: %v over %d groups (%v), want %v over 4", s, g, err, 185.4375/195.9375)
	}
	labels := []string{"both", "either", "both", "either"}
	if s, g, err := SobolCategorical(labels, []float64{1, 0, 1, 0}); err != nil || g != 2 || s != 1 {
		t.Errorf("labels: %v, %d groups, %v; want 1, 2", s, g, err)
	}
}

func TestSensitivityErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		x    [][]float64
		y    []float64
		want error
		text string
	}{
		{"constant output", [][]float64{{1, 2, 3, 4}}, []float64{5, 5, 5, 5}, ErrConstant, ""},
		{"constant input", [][]float64{{1, 1, 1, 1}}, []float64{1, 2, 3, 4}, ErrConstant, ""},
		{"too few", [][]float64{{1, 2}}, []float64{1, 2}, ErrTooFew, ""},
		{"collinear", [][]float64{{1, 2, 3, 4, 5}, {2, 4, 6, 8, 10}}, []float64{1, 3, 2, 5, 4}, nil, "collinear"},
		{"NaN", [][]float64{{1, 2, math.NaN(), 4}}, []float64{1, 2, 3, 4}, nil, "not finite"},
		{"length", [][]float64{{1, 2, 3}}, []float64{1, 2, 3, 4}, nil, "has 3 values"},
		{"no input", nil, []float64{1, 2, 3}, nil, "no input"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := SRC(c.x, c.y)
			if err == nil {
				t.Fatal("no error")
			}
			if c.want != nil && !errors.Is(err, c.want) {
				t.Errorf("error %v, want %v", err, c.want)
			}
			if c.text != "" && !strings.Contains(err.Error(), c.text) {
				t.Errorf("error %q, want %q in it", err, c.text)
			}
		})
	}
	for _, c := range []struct {
		name string
		x, y []float64
		want error
	}{
		{"constant output", []float64{1, 2, 3}, []float64{4, 4, 4}, ErrConstant},
		{"constant input", []float64{1, 1, 1}, []float64{1, 2, 3}, ErrConstant},
		{"too few", []float64{1, 2}, []float64{1, 2}, ErrTooFew},
	} {
		if _, _, err := SobolFirst(c.x, c.y, 0); !errors.Is(err, c.want) {
			t.Errorf("SobolFirst %s: %v, want %v", c.name, err, c.want)
		}
	}
	if _, _, err := SobolFirst([]float64{1, 2, 3}, []float64{1, math.Inf(1), 3}, 0); err == nil {
		t.Error("SobolFirst accepted an infinite output")
	}
	if !math.IsNaN(SobolNull(3, 1)) || SobolNull(5, 41) != 0.1 {
		t.Errorf("SobolNull(5, 41) = %v", SobolNull(5, 41))
	}
}

func ExampleSobolFirst() {
	// y = x² on a symmetric grid: no linear trend, but x explains it all.
	var x, y []float64
	for k := -50; k <= 50; k++ {
		v := float64(k) / 50
		x, y = append(x, v), append(y, v*v)
	}
	s, groups, _ := SobolFirst(x, y, 0)
	src, r2, _ := SRC([][]float64{x}, y)
	fmt.Printf("Sobol %.2f over %d groups; SRC %.2f, R² %.2f\n", s, groups, math.Round(src[0]*100)/100+0, r2)
	// Output: Sobol 0.96 over 11 groups; SRC 0.00, R² 0.00
}

// TestFitSRCStandardErrors checks the standard errors of FitSRC against
// the closed form for one input, SE = √((1 − r²)/(n − 2)) with r the
// correlation, and against s²(ZᵀZ)⁻¹ computed from the normal equations
// for three correlated inputs; and Interval against the t quantile with
// n − k − 1 degrees of freedom.
func TestFitSRCStandardErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	// One input.
	x := uniformSample(rng, 12, 1, 0, 1)
	y := make([]float64, 12)
	for i := range y {
		y[i] = x[0][i] + 0.3*rng.NormFloat64()
	}
	f, err := FitSRC(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if f.DF != 10 {
		t.Errorf("DF %d, want 10", f.DF)
	}
	r := f.Coef[0] // with one input, the SRC is the correlation
	if want := math.Sqrt((1 - r*r) / 10); math.Abs(f.SE[0]-want) > 1e-12 {
		t.Errorf("SE %v, want %v", f.SE[0], want)
	}
	const t975df10 = 2.2281388519649385 // Student's t, 10 df, 0.975
	lo, hi := f.Interval(0, 0.95)
	if math.Abs(lo-(r-t975df10*f.SE[0])) > 1e-9 || math.Abs(hi-(r+t975df10*f.SE[0])) > 1e-9 {
		t.Errorf("interval [%v, %v], want %v ± %v", lo, hi, r, t975df10*f.SE[0])
	}

	// Three correlated inputs, against the normal equations.
	n := 30
	x = uniformSample(rng, n, 3, -1, 1)
	for i := range n {
		x[2][i] = 0.6*x[0][i] + 0.4*x[2][i]
	}
	y = make([]float64, n)
	for i := range y {
		y[i] = 2*x[0][i] - x[1][i] + 0.5*x[2][i] + 0.8*rng.NormFloat64()
	}
	f, err = FitSRC(x, y)
	if err != nil {
		t.Fatal(err)
	}
	z := make([][]float64, 3)
	for j := range z {
		z[j], _ = standardise(x[j])
	}
	zy, _ := standardise(y)
	var ztz [3][3]float64
	for a := range 3 {
		for b := range 3 {
			for i := range n {
				ztz[a][b] += z[a][i] * z[b][i]
			}
		}
	}
	inv := invert3(ztz)
	var ssr float64
	for i := range n {
		fit := 0.0
		for j := range 3 {
			fit += f.Coef[j] * z[j][i]
		}
		ssr += (zy[i] - fit) * (zy[i] - fit)
	}
	s2 := ssr / float64(n-3-1)
	for j := range 3 {
		if want := math.Sqrt(s2 * inv[j][j]); math.Abs(f.SE[j]-want) > 1e-9 {
			t.Errorf("SE[%d] = %v, want %v", j, f.SE[j], want)
		}
	}
	for _, c := range []struct {
		j     int
		level float64
	}{{-1, 0.95}, {3, 0.95}, {0, 0}, {0, 1}, {0, math.NaN()}} {
		if lo, hi := f.Interval(c.j, c.level); !math.IsNaN(lo) || !math.IsNaN(hi) {
			t.Errorf("Interval(%d, %v) = [%v, %v], want NaN", c.j, c.level, lo, hi)
		}
	}
}

// invert3 returns the inverse of a 3×3 matrix by cofactors.
func invert3(m [3][3]float64) [3][3]float64 {
	var c [3][3]float64
	for i := range 3 {
		for j := range 3 {
			a, b := (i+1)%3, (i+2)%3
			p, q := (j+1)%3, (j+2)%3
			c[j][i] = m[a][p]*m[b][q] - m[a][q]*m[b][p]
		}
	}
	det := m[0][0]*c[0][0] + m[0][1]*c[1][0] + m[0][2]*c[2][0]
	for i := range 3 {
		for j := range 3 {
			c[i][j] /= det
		}
	}
	return c
}

// TestFitSRCCoverage checks that the 95% interval of an SRC covers the
// true value 0 about 95% of the time when the output is noise.
func TestFitSRCCoverage(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const trials = 1000
	covered := 0
	for range trials {
		x := uniformSample(rng, 15, 2, 0, 1)
		y := make([]float64, 15)
		for i := range y {
			y[i] = rng.NormFloat64()
		}
		f, err := FitSRC(x, y)
		if err != nil {
			t.Fatal(err)
		}
		if lo, hi := f.Interval(0, 0.95); lo <= 0 && hi >= 0 {
			covered++
		}
	}
	// The binomial standard deviation is about 0.007: allow four.
	if share := float64(covered) / trials; math.Abs(share-0.95) > 0.028 {
		t.Errorf("the 95%% interval covers 0 in %.3f of the trials", share)
	}
}
