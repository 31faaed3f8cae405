package stats

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
)

// Methods of the SRC intervals of [SRCIntervals], as SRCFit.Method names
// them.
const (
	// SRCFisherZ is Fisher's z interval of a correlation, used with one
	// input column, whose SRC is the correlation of input and output.
	SRCFisherZ = "fisher_z"
	// SRCBootstrap is the percentile bootstrap interval, used with two or
	// more input columns.
	SRCBootstrap = "bootstrap_percentile"
)

// Bootstrap configures the resampling of [SRCIntervals]. The zero value
// works.
type Bootstrap struct {
	// Resamples is the number of bootstrap resamples. Zero means 1000,
	// enough for the 2.5% and 97.5% quantiles of a 95% interval (Efron and
	// Tibshirani 1993, §19.3).
	Resamples int
	// Seed seeds the resampling: the same data and seed give the same
	// intervals, whatever Workers is.
	Seed uint64
	// Workers is the number of goroutines that share the resamples. Zero
	// means runtime.GOMAXPROCS(0).
	Workers int
	// Bounded says that the inputs were set independently of one another
	// (the points of a sweep design, the independent draws of uncertain
	// assumptions), so that every SRC of the population lies in [−1, 1]
	// (Σ SRC² = R² ≤ 1): the bootstrap interval is then intersected with
	// [−1, 1], which keeps its coverage.
	Bounded bool
}

// minValidShare is the least share of resamples that must give a fit for
// a bootstrap interval to be reported.
const minValidShare = 0.9

// SRCIntervals fits each output ys[m] on the same input columns x, as
// [FitSRC] does, and sets the interval of every coefficient at level
// (0.95 for 95%) in the fit's Lo and Hi, its method in Method. It returns
// one fit and one error per output: errs[m] is nil, or says why output m
// has no fit (the errors of [FitSRC]) or why a coefficient has no
// interval (the fit then has Lo and Hi NaN).
//
// The intervals respect the scale of an SRC:
//
//   - One column ([SRCFisherZ]): the SRC is then the correlation r of
//     input and output, and the interval is Fisher's,
//     tanh(atanh r ± z/√(n − 3)) with z the normal critical value
//     (Fisher 1921): inside [−1, 1], asymmetric near ±1, exact in the
//     limit for bivariate normal data. It needs n ≥ 4.
//   - Two or more columns ([SRCBootstrap]): the percentile bootstrap
//     (Efron and Tibshirani 1993, §13.3). b.Resamples resamples of the n
//     rows are drawn with replacement, each from a PCG stream of its own
//     seeded by (b.Seed, resample); in each, every SRC is computed again,
//     inputs and outputs standardised within the resample (from its
//     weighted cross-products, which makes each resample cost n·k²/2
//     operations shared by all outputs); the interval runs from the
//     (1 − level)/2 to the (1 + level)/2 quantile of the resampled
//     values (type 7 interpolation). It lies within the range the SRC
//     takes in the resamples. Resampling makes the inputs of a resample
//     somewhat correlated even when they were set independently, and an
//     SRC of correlated inputs can exceed 1 in magnitude (with few values
//     and an R² near 1 the upper quantile may reach 1.04); but the SRCs of
//     independent inputs lie in [−1, 1], so with b.Bounded the interval
//     is intersected with [−1, 1]: a confidence interval cut to the
//     range of its parameter covers whenever the uncut one does.
//     Resamples in which the inputs are collinear, or an output constant
//     (a rare outcome missed by the resample), are left out; when more
//     than a tenth are, the output has no intervals and errs[m] says so.
//
// The t interval of [SRCFit.Interval] is the classical alternative; it is
// symmetric and can reach beyond ±1 with few values or large SRCs, which
// these intervals do not.
func SRCIntervals(x [][]float64, ys [][]float64, level float64, b Bootstrap) ([]SRCFit, []error) {
	fits := make([]SRCFit, len(ys))
	errs := make([]error, len(ys))
	nan := func(k int) []float64 {
		out := make([]float64, k)
		for j := range out {
			out[j] = math.NaN()
		}
		return out
	}
	valid := make([]int, 0, len(ys)) // outputs with a fit
	for m, y := range ys {
		f, err := FitSRC(x, y)
		f.Lo, f.Hi = nan(len(x)), nan(len(x))
		fits[m], errs[m] = f, err
		if err == nil {
			valid = append(valid, m)
		}
	}
	if !(level > 0 && level < 1) {
		for _, m := range valid {
			errs[m] = fmt.Errorf("confidence level %v outside (0, 1)", level)
		}
		return fits, errs
	}
	if len(valid) == 0 {
		return fits, errs
	}
	n := len(ys[valid[0]])
	if len(x) == 1 {
		z := Z(level)
		for _, m := range valid {
			f := &fits[m]
			f.Method = SRCFisherZ
			// The SRC of one column is a correlation: rounding can
			// put a perfect one a few ulps beyond ±1.
			f.Coef[0] = min(max(f.Coef[0], -1), 1)
			if n < 4 {
				errs[m] = fmt.Errorf("%d values: Fisher's interval needs 4: %w", n, ErrTooFew)
				continue
			}
			f.Lo[0], f.Hi[0] = fisherZ(f.Coef[0], n, z)
		}
		return fits, errs
	}
	ysValid := make([][]float64, len(valid))
	for i, m := range valid {
		ysValid[i] = ys[m]
		fits[m].Method = SRCBootstrap
	}
	lo, hi, berrs := bootstrapSRC(x, ysValid, level, b)
	for i, m := range valid {
		fits[m].Lo, fits[m].Hi, errs[m] = lo[i], hi[i], berrs[i]
	}
	return fits, errs
}

// fisherZ returns Fisher's interval of a correlation r from n pairs at
// the normal critical value z.
func fisherZ(r float64, n int, z float64) (lo, hi float64) {
	r = min(max(r, -1), 1)
	if math.Abs(r) == 1 {
		return r, r
	}
	w := math.Atanh(r)
	h := z / math.Sqrt(float64(n-3))
	return math.Tanh(w - h), math.Tanh(w + h)
}

// bootstrapSRC returns the percentile bootstrap intervals of the SRCs of
// each output of ys on the columns x (which FitSRC accepted for each).
func bootstrapSRC(x [][]float64, ys [][]float64, level float64, b Bootstrap) (lo, hi [][]float64, errs []error) {
	k, outs, n := len(x), len(ys), len(ys[0])
	B := b.Resamples
	if B <= 0 {
		B = 1000
	}
	workers := b.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, B))

	// Standardise every column once over the whole sample, so that the
	// resamples' cross-products are well scaled; SRCs do not depend on it.
	p := k + outs
	z := make([][]float64, p) // columns: inputs, then outputs
	for j := range k {
		z[j] = centred(x[j])
	}
	for m := range outs {
		z[k+m] = centred(ys[m])
	}
	rows := make([]float64, n*p) // row-major copy, read in the inner loop
	for i := range n {
		for j := range p {
			rows[i*p+j] = z[j][i]
		}
	}

	// src[(m*k+j)*B + r] is the SRC of input j on output m in resample r,
	// NaN when the resample gives none.
	src := make([]float64, outs*k*B)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newResampler(n, k, outs)
			for r := w; r < B; r += workers {
				s.resample(rows, p, resampleSeed(b.Seed, r))
				for m := range outs {
					for j := range k {
						src[(m*k+j)*B+r] = s.coef[m*k+j]
					}
				}
			}
		}()
	}
	wg.Wait()

	lo, hi, errs = make([][]float64, outs), make([][]float64, outs), make([]error, outs)
	vals := make([]float64, 0, B)
	for m := range outs {
		lo[m], hi[m] = make([]float64, k), make([]float64, k)
		for j := range k {
			vals = vals[:0]
			for _, v := range src[(m*k+j)*B : (m*k+j+1)*B] {
				if !math.IsNaN(v) {
					vals = append(vals, v)
				}
			}
			if float64(len(vals)) < minValidShare*float64(B) {
				lo[m][j], hi[m][j] = math.NaN(), math.NaN()
				errs[m] = fmt.Errorf("bootstrap: only %d of %d resamples give a fit (an input or the output hardly varies): no interval", len(vals), B)
				continue
			}
			slices.Sort(vals)
			lo[m][j] = quantile7(vals, (1-level)/2)
			hi[m][j] = quantile7(vals, (1+level)/2)
			if b.Bounded {
				lo[m][j], hi[m][j] = max(lo[m][j], -1), min(hi[m][j], 1)
			}
		}
	}
	return lo, hi, errs
}

// resampleSeed derives the seed of resample r.
func resampleSeed(seed uint64, r int) uint64 {
	return mix64(mix64(seed^0x2f1b5a3c7d9e4f61) ^ mix64(uint64(r)+0x6a09e667f3bcc909))
}

// mix64 is the SplitMix64 finaliser (Steele, Lea and Flood 2014).
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// centred returns x standardised with its mean and standard deviation
// (x itself, centred, when it does not vary).
func centred(x []float64) []float64 {
	var mean float64
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	sd := math.Sqrt(ss / float64(len(x)))
	if !(sd > 0) {
		sd = 1
	}
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = (v - mean) / sd
	}
	return out
}

// resampler computes the SRCs of one bootstrap resample at a time, with
// buffers reused from one to the next.
type resampler struct {
	n, k, outs int
	count      []float64 // times each row is drawn
	mean       []float64 // weighted column means
	sxx        []float64 // k×k cross-products of the inputs (upper triangle used)
	sxy        []float64 // k×outs cross-products of inputs and outputs
	syy        []float64 // outs sums of squares of the outputs
	chol       []float64 // k×k Cholesky factor
	coef       []float64 // outs×k SRCs of the last resample, NaN where none
	sol        []float64 // k solution scratch
	dev        []float64 // a row's deviations from the means
}

func newResampler(n, k, outs int) *resampler {
	return &resampler{
		n: n, k: k, outs: outs,
		count: make([]float64, n), mean: make([]float64, k+outs),
		sxx: make([]float64, k*k), sxy: make([]float64, k*outs), syy: make([]float64, outs),
		chol: make([]float64, k*k), coef: make([]float64, outs*k), sol: make([]float64, k), dev: make([]float64, k+outs),
	}
}

// resample draws the rows of one resample from the stream seeded by seed
// and sets coef to its SRCs.
func (s *resampler) resample(rows []float64, p int, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, mix64(seed)))
	clear(s.count)
	for range s.n {
		s.count[rng.IntN(s.n)]++
	}
	s.fit(rows, p)
}

// fit sets coef to the SRCs of the sample that holds row i count[i]
// times.
func (s *resampler) fit(rows []float64, p int) {
	n, k, outs := s.n, s.k, s.outs
	clear(s.mean)
	for i, c := range s.count {
		if c == 0 {
			continue
		}
		row := rows[i*p : (i+1)*p]
		for j, v := range row {
			s.mean[j] += c * v
		}
	}
	for j := range s.mean {
		s.mean[j] /= float64(n)
	}
	clear(s.sxx)
	clear(s.sxy)
	clear(s.syy)
	dev := s.dev
	for i, c := range s.count {
		if c == 0 {
			continue
		}
		row := rows[i*p : (i+1)*p]
		for j, v := range row {
			dev[j] = v - s.mean[j]
		}
		for a := range k {
			da := c * dev[a]
			xa := s.sxx[a*k:]
			for bb := a; bb < k; bb++ {
				xa[bb] += da * dev[bb]
			}
			xy := s.sxy[a*outs:]
			for m := range outs {
				xy[m] += da * dev[k+m]
			}
		}
		for m := range outs {
			s.syy[m] += c * dev[k+m] * dev[k+m]
		}
	}
	for j := range s.coef {
		s.coef[j] = math.NaN()
	}
	if !s.cholesky() {
		return // collinear inputs in this resample
	}
	for m := range outs {
		if !(s.syy[m] > 1e-12*float64(n)) {
			continue // the output does not vary in this resample
		}
		for a := range k {
			s.sol[a] = s.sxy[a*outs+m]
		}
		s.solve(s.sol)
		for a := range k {
			s.coef[m*k+a] = s.sol[a] * math.Sqrt(s.sxx[a*k+a]/s.syy[m])
		}
	}
}

// cholesky factors the input cross-products into chol (lower triangle,
// row-major) and reports whether they are positive definite, with a
// relative tolerance that treats nearly collinear inputs as collinear.
func (s *resampler) cholesky() bool {
	k := s.k
	for i := range k {
		for j := 0; j <= i; j++ {
			sum := s.sxx[j*k+i] // upper triangle: (j, i) with j ≤ i
			for l := range j {
				sum -= s.chol[i*k+l] * s.chol[j*k+l]
			}
			if i == j {
				if !(sum > 1e-10*s.sxx[i*k+i]) {
					return false
				}
				s.chol[i*k+i] = math.Sqrt(sum)
				continue
			}
			s.chol[i*k+j] = sum / s.chol[j*k+j]
		}
	}
	return true
}

// solve solves (L Lᵀ) v = b in place, L the Cholesky factor.
func (s *resampler) solve(v []float64) {
	k := s.k
	for i := range k {
		sum := v[i]
		for l := range i {
			sum -= s.chol[i*k+l] * v[l]
		}
		v[i] = sum / s.chol[i*k+i]
	}
	for i := k - 1; i >= 0; i-- {
		sum := v[i]
		for l := i + 1; l < k; l++ {
			sum -= s.chol[l*k+i] * v[l]
		}
		v[i] = sum / s.chol[i*k+i]
	}
}

// quantile7 returns the p-quantile of sorted x by linear interpolation
// between order statistics (Hyndman and Fan 1996, type 7).
func quantile7(x []float64, p float64) float64 {
	h := p * float64(len(x)-1)
	lo := int(math.Floor(h))
	if lo >= len(x)-1 {
		return x[len(x)-1]
	}
	return x[lo] + (h-float64(lo))*(x[lo+1]-x[lo])
}
