package scenarios

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/distuv"
	"gopkg.in/yaml.v3"

	"github.com/parley-sim/parley/sim"
)

// parseDist reads the distribution written in text for a field of spec.
func parseDist(t *testing.T, text string, spec fieldSpec) *dist {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatal(err)
	}
	r := newReader("d.yaml")
	d, ok := r.dist(doc.Content[0], "x", spec)
	if !ok {
		t.Fatalf("%s: %v", text, r.errorList())
	}
	return d
}

// sample draws n values of d as runs 0 … n−1 of master seed 1 draw the
// assumption at path "x": by inversion of sim.AssumptionUniform.
func sample(d *dist, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = d.at(sim.AssumptionUniform(sim.RunSeed(1, i), "x"))
	}
	return out
}

// ks returns the Kolmogorov–Smirnov statistic of the sample xs against
// the cumulative distribution function cdf: sup |F_n(x) − F(x)|.
func ks(xs []float64, cdf func(float64) float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	n := float64(len(s))
	d := 0.0
	for i, x := range s {
		f := cdf(x)
		d = math.Max(d, math.Max(float64(i+1)/n-f, f-float64(i)/n))
	}
	return d
}

// ksCritical is the critical value of the Kolmogorov–Smirnov statistic at
// the 0.1% level for a sample of n (the asymptotic 1.9495/√n).
func ksCritical(n int) float64 { return 1.9495 / math.Sqrt(float64(n)) }

// TestSampling checks each distribution's draws against gonum's
// distribution by a Kolmogorov–Smirnov test and by their mean and variance
// (within 5 standard errors), and that a distribution with a parameter
// moved by a little fails the same test (so that the test has the power
// to see a wrong sampler).
func TestSampling(t *testing.T) {
	const n = 100_000
	tn := func(mu, sigma, lo, hi float64) (cdf func(float64) float64, mean, variance float64) {
		g := distuv.Normal{Mu: mu, Sigma: sigma}
		z := g.CDF(hi) - g.CDF(lo)
		a, b := (lo-mu)/sigma, (hi-mu)/sigma
		std := distuv.UnitNormal
		pa, pb := std.Prob(a), std.Prob(b)
		mean = mu + sigma*(pa-pb)/z
		term := func(x, p float64) float64 {
			if math.IsInf(x, 0) {
				return 0
			}
			return x * p
		}
		variance = sigma * sigma * (1 + (term(a, pa)-term(b, pb))/z - ((pa-pb)/z)*((pa-pb)/z))
		return func(x float64) float64 { return (g.CDF(x) - g.CDF(lo)) / z }, mean, variance
	}
	type moment interface {
		CDF(float64) float64
		Mean() float64
		Variance() float64
	}
	fromDist := func(m moment) (func(float64) float64, float64, float64) { return m.CDF, m.Mean(), m.Variance() }
	tests := []struct {
		name, text string
		spec       fieldSpec
		want, off  func() (func(float64) float64, float64, float64)
	}{
		{"uniform", "{uniform: [0.9, 0.99]}", numSpec(unit),
			func() (func(float64) float64, float64, float64) {
				return fromDist(distuv.Uniform{Min: 0.9, Max: 0.99})
			},
			func() (func(float64) float64, float64, float64) {
				return fromDist(distuv.Uniform{Min: 0.9, Max: 0.992})
			}},
		{"triangular", "{triangular: [0.2, 0.7, 0.8]}", numSpec(unit),
			func() (func(float64) float64, float64, float64) {
				return fromDist(distuv.NewTriangle(0.2, 0.8, 0.7, nil))
			},
			func() (func(float64) float64, float64, float64) {
				return fromDist(distuv.NewTriangle(0.2, 0.8, 0.68, nil))
			}},
		{"normal, untruncated", "{normal: {mean: 2, sd: 0.3}}", numSpec(nonNegative),
			func() (func(float64) float64, float64, float64) {
				return fromDist(distuv.Normal{Mu: 2, Sigma: 0.3})
			},
			func() (func(float64) float64, float64, float64) {
				return fromDist(distuv.Normal{Mu: 2.006, Sigma: 0.3})
			}},
		{"normal truncated to (0, 1]", "{normal: {mean: 0.97, sd: 0.03}}", numSpec(interval{lo: 0, hi: 1, loOpen: true}),
			func() (func(float64) float64, float64, float64) { return tn(0.97, 0.03, 0, 1) },
			func() (func(float64) float64, float64, float64) { return tn(0.97, 0.031, 0, 1) }},
		{"normal truncated on both sides", "{normal: {mean: 0.5, sd: 0.4}}", numSpec(unit),
			func() (func(float64) float64, float64, float64) { return tn(0.5, 0.4, 0, 1) },
			func() (func(float64) float64, float64, float64) { return tn(0.51, 0.4, 0, 1) }},
		{"beta", "{beta: {mean: 0.3, concentration: 20}}", numSpec(unit),
			func() (func(float64) float64, float64, float64) {
				return fromDist(distuv.Beta{Alpha: 6, Beta: 14})
			},
			func() (func(float64) float64, float64, float64) {
				return fromDist(distuv.Beta{Alpha: 6.2, Beta: 14})
			}},
		{"beta, skewed", "{beta: {mean: 0.05, concentration: 2}}", numSpec(unit),
			func() (func(float64) float64, float64, float64) {
				return fromDist(distuv.Beta{Alpha: 0.1, Beta: 1.9})
			},
			func() (func(float64) float64, float64, float64) {
				return fromDist(distuv.Beta{Alpha: 0.105, Beta: 1.9})
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := parseDist(t, tc.text, tc.spec)
			xs := sample(d, n)
			cdf, mean, variance := tc.want()
			if dn := ks(xs, cdf); dn > ksCritical(n) {
				t.Errorf("Kolmogorov–Smirnov D = %.5f above %.5f", dn, ksCritical(n))
			}
			if off, _, _ := tc.off(); ks(xs, off) <= ksCritical(n) {
				t.Errorf("the test cannot tell the distribution from one slightly off")
			}
			m, v := stat.MeanVariance(xs, nil)
			if se := math.Sqrt(variance / n); math.Abs(m-mean) > 5*se {
				t.Errorf("mean %.6f, want %.6f ± %.6f", m, mean, 5*se)
			}
			// The variance of the sample variance is about (μ₄ − σ⁴)/n ≤ 2σ⁴/n
			// for these light-tailed distributions; 8σ²/√n leaves room for
			// the skewed beta.
			if math.Abs(v-variance) > 8*variance/math.Sqrt(n) {
				t.Errorf("variance %.6g, want %.6g", v, variance)
			}
			for _, x := range xs {
				if !tc.spec.iv.contains(x) {
					t.Fatalf("drew %v outside the field's range%s", x, tc.spec.iv)
				}
			}
		})
	}
}

// TestTruncation checks that draws respect the field's range, open ends
// included, however much of the distribution lies beyond it.
func TestTruncation(t *testing.T) {
	const n = 20_000
	open := interval{lo: 0, hi: 1, loOpen: true}
	for _, tc := range []struct {
		text string
		spec fieldSpec
	}{
		{"{normal: {mean: 1, sd: 0.5}}", numSpec(open)},
		{"{normal: {mean: 0.001, sd: 5}}", numSpec(open)},
		{"{normal: {mean: 0, sd: 1}}", numSpec(interval{lo: 0, hi: 1, hiOpen: true})},
		{"{beta: {mean: 0.001, concentration: 0.01}}", numSpec(open)},
		{"{beta: {mean: 0.999, concentration: 0.01}}", numSpec(interval{lo: 0, hi: 1, hiOpen: true})},
		{"{normal: {mean: 1, sd: 100}}", intSpec(1, 3)},
	} {
		d := parseDist(t, tc.text, tc.spec)
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, x := range sample(d, n) {
			if !tc.spec.admits(x) {
				t.Fatalf("%s: drew %v, outside%s", tc.text, x, tc.spec.iv)
			}
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
		t.Logf("%s: draws in [%g, %g]", tc.text, lo, hi)
	}
}

// TestDiscreteSampling checks the frequencies of discrete draws: a choice,
// a uniform distribution of integers (each integer equally likely) and a
// normal distribution of integers (the continuous draw rounded), each
// value within 5 standard errors of its probability.
func TestDiscreteSampling(t *testing.T) {
	const n = 100_000
	g := distuv.Normal{Mu: 3, Sigma: 1.5}
	z := g.CDF(5) - g.CDF(1)
	for _, tc := range []struct {
		text string
		spec fieldSpec
		p    map[float64]float64 // value drawn → probability
	}{
		{"{choice: {never: 0.2, on_request: 0.5, always: 0.3}}", nameSpec(facilitatorModes), map[float64]float64{0: 0.2, 1: 0.5, 2: 0.3}},
		{"{choice: {true: 0.9, false: 0.1}}", boolSpec, map[float64]float64{0: 0.9, 1: 0.1}},
		{"{choice: {30: 0.25, 60: 0, 90: 0.75}}", intSpec(1, 100), map[float64]float64{30: 0.25, 90: 0.75}},
		{"{uniform: [3, 7]}", intSpec(1, 10), map[float64]float64{3: 0.2, 4: 0.2, 5: 0.2, 6: 0.2, 7: 0.2}},
		{"{normal: {mean: 3, sd: 1.5}}", intSpec(1, 5), map[float64]float64{
			1: (g.CDF(1.5) - g.CDF(1)) / z, 2: (g.CDF(2.5) - g.CDF(1.5)) / z, 3: (g.CDF(3.5) - g.CDF(2.5)) / z,
			4: (g.CDF(4.5) - g.CDF(3.5)) / z, 5: (g.CDF(5) - g.CDF(4.5)) / z}},
	} {
		d := parseDist(t, tc.text, tc.spec)
		count := make(map[float64]int)
		for _, x := range sample(d, n) {
			count[x]++
		}
		for x, c := range count {
			if _, ok := tc.p[x]; !ok {
				t.Errorf("%s: drew %v %d times, which it should never draw", tc.text, x, c)
			}
		}
		for x, p := range tc.p {
			f := float64(count[x]) / n
			if se := math.Sqrt(p * (1 - p) / n); math.Abs(f-p) > 5*se {
				t.Errorf("%s: %v drawn with frequency %.4f, want %.4f ± %.4f", tc.text, x, f, p, 5*se)
			}
		}
	}
}

// TestDirichlet checks weights drawn from weights_concentration against
// gonum's distmv.Dirichlet: the mean and covariance matrix, within 5
// standard errors, and each weight's marginal distribution, beta with the
// stated weight as its mean and the concentration as its concentration,
// by a Kolmogorov–Smirnov test; and that small concentrations, whose gamma
// draws underflow, still give weights that sum to 1.
func TestDirichlet(t *testing.T) {
	const n = 50_000
	for _, k := range []float64{200, 3, 0.05} {
		t.Run(fmt.Sprint(k), func(t *testing.T) {
			w := []float64{0.5, 0.3, 0.15, 0.05}
			alpha := make([]float64, len(w))
			for i := range w {
				alpha[i] = k * w[i]
			}
			g := &weightGroup{path: "parties.a.weights", alpha: alpha}
			xs := make([][]float64, len(w))
			for run := range n {
				g.drawn = false
				seed := sim.RunSeed(1, run)
				sum := 0.0
				for i := range w {
					x := g.draw(seed, i)
					if !(x >= 0 && x <= 1) {
						t.Fatalf("run %d: weight %d is %v", run, i, x)
					}
					xs[i] = append(xs[i], x)
					sum += x
				}
				if math.Abs(sum-1) > 1e-12 {
					t.Fatalf("run %d: weights sum to %v", run, sum)
				}
			}
			want := distmv.NewDirichlet(alpha, nil)
			mean := want.Mean(nil)
			var cov mat.SymDense
			want.CovarianceMatrix(&cov)
			for i := range w {
				m := stat.Mean(xs[i], nil)
				if se := math.Sqrt(cov.At(i, i) / n); math.Abs(m-mean[i]) > 5*se {
					t.Errorf("weight %d: mean %.5f, want %.5f ± %.5f", i, m, mean[i], 5*se)
				}
				for j := range w {
					c := stat.Covariance(xs[i], xs[j], nil)
					// The standard error of a sample covariance is at most
					// σᵢσⱼ·√(2/n) for these bounded variables.
					se := math.Sqrt(cov.At(i, i)*cov.At(j, j)) * math.Sqrt(2.0/n) * 2
					if math.Abs(c-cov.At(i, j)) > 5*se {
						t.Errorf("cov(%d, %d) = %.3g, want %.3g ± %.3g", i, j, c, cov.At(i, j), 5*se)
					}
				}
				// Below k = 1 many draws lie closer to 0 or 1 than a float64
				// can tell and are rounded to it, which the test does not
				// account for: the marginals are tested from k = 1 up.
				marginal := distuv.Beta{Alpha: alpha[i], Beta: k - alpha[i]}
				if dn := ks(xs[i], marginal.CDF); k >= 1 && dn > ksCritical(n) {
					t.Errorf("weight %d: Kolmogorov–Smirnov D = %.5f against beta(%g, %g), above %.5f", i, dn, alpha[i], k-alpha[i], ksCritical(n))
				}
			}
		})
	}
}

// TestAssumptionStreams checks common random numbers: adding an uncertain
// field changes neither the values drawn for the others nor anything the
// parties, the protocol or the facilitator draw. The field added here (the
// facilitator's budget, always above the guarantee's cost) changes
// nothing in the talks, so every result must stay the same but its draw.
func TestAssumptionStreams(t *testing.T) {
	sets := append(slices.Clone(certainFlagship),
		"protocol.first=random",
		"parties.armenia.discount={uniform: [0.98, 1]}",
		"parties.azerbaijan.reservation={triangular: [0.3, 0.4, 0.45]}",
	)
	more := append(slices.Clone(sets), "facilitator.budget={uniform: [0.06, 0.2]}", "parties.armenia.reservation={uniform: [0.3, 0.4]}", "parties.armenia.values.monitors.phased_out={uniform: [0.5, 0.7]}")
	play := func(sets []string) (*Scenario, []sim.Result) {
		s, err := Load("south-caucasus", sets)
		if err != nil {
			t.Fatal(err)
		}
		var out []sim.Result
		b := sim.Batch{NewSampler: s.NewSampler, Runs: 60, Seed: 3, Workers: 2}
		if err := b.Run(context.Background(), func(r *sim.Result) error {
			out = append(out, *r)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return s, out
	}
	s1, r1 := play(sets)
	s2, r2 := play(more)
	col := func(s *Scenario, path string) int {
		return slices.IndexFunc(s.Assumptions, func(a Assumption) bool { return a.Path == path })
	}
	for _, path := range []string{"parties.armenia.discount", "parties.azerbaijan.reservation"} {
		i, j := col(s1, path), col(s2, path)
		if i < 0 || j < 0 || i == j && path == "parties.armenia.discount" {
			t.Fatalf("%s is column %d and %d: the test needs it to move", path, i, j)
		}
		for run := range r1 {
			if r1[run].Draw[i] != r2[run].Draw[j] {
				t.Fatalf("run %d: %s drawn %v, then %v once another field is uncertain", run, path, r1[run].Draw[i], r2[run].Draw[j])
			}
		}
	}
	// Armenia's reservation and value of the monitors change the
	// talks, but not who opens: the protocol draws from a stream of its own.
	for run := range r1 {
		if r1[run].FirstMover != r2[run].FirstMover {
			t.Fatalf("run %d: the first mover changed with the assumptions", run)
		}
	}
	// The budget alone changes nothing in the talks: every run is the same
	// but for its draw.
	_, r3 := play(append([]string{more[0]}, sets...))
	firsts := 0
	for run := range r1 {
		a, b := r1[run], r3[run]
		a.Draw, b.Draw = nil, nil
		if resultText(a) != resultText(b) {
			t.Fatalf("run %d: adding the budget's distribution changed the run:\n%s\n%s", run, resultText(a), resultText(b))
		}
		firsts += a.FirstMover
	}
	if firsts == 0 || firsts == len(r1) {
		t.Errorf("the same party opened all %d runs: the first mover is not drawn", len(r1))
	}
}
