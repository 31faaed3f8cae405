package stats

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// ErrConstant reports that a variable takes one value only, so that no
// sensitivity can be measured against it or on it.
var ErrConstant = errors.New("constant")

// SRC returns the standardised regression coefficients of y on the
// columns x[0], …, x[k−1] (each of len(y) values), and the coefficient of
// determination R² of that linear model.
//
// Each column and y are centred and scaled to unit standard deviation,
// and the standardised y is fitted by least squares on the standardised
// columns; coefficient j is the change of y, in standard deviations, for
// one standard deviation of column j, the others held fixed (Saltelli et
// al. 2008, §1.2.5). For uncorrelated inputs, Σ SRC² = R², and SRC² is
// the share of the variance of y that column j explains linearly. A low R²
// says that the model is not linear in the inputs and the coefficients do
// not rank them reliably: use [SobolFirst] then. [FitSRC] also gives the
// coefficients' standard errors.
//
// The error wraps [ErrConstant] when y or a column is constant, and
// [ErrTooFew] when there are no more values than columns; it reports
// columns that are collinear, of the wrong length or not finite.
func SRC(x [][]float64, y []float64) (coef []float64, r2 float64, err error) {
	f, err := FitSRC(x, y)
	if err != nil {
		return nil, math.NaN(), err
	}
	return f.Coef, f.R2, nil
}

// SRCFit is the least-squares fit of a standardised output on
// standardised inputs that [FitSRC] returns.
type SRCFit struct {
	// Coef holds the standardised regression coefficients, one per input
	// column.
	Coef []float64
	// SE holds the standard error of each coefficient, from the residual
	// variance of the fit: NaN when it cannot be computed (inputs so
	// nearly collinear that their cross-product cannot be inverted).
	SE []float64
	// R2 is the coefficient of determination of the fit.
	R2 float64
	// DF is the residual degrees of freedom, n − k − 1 for n values and k
	// columns (the intercept of the centred fit counts as the one).
	DF int
	// Lo and Hi bound each coefficient's confidence interval, and Method
	// names how it was computed (SRCFisherZ or SRCBootstrap), when the fit
	// comes from SRCIntervals; nil and "" from FitSRC.
	Lo, Hi []float64
	Method string
}

// Interval returns the two-sided confidence interval at level (0.95 for
// 95%) of coefficient j: Coef[j] ± t·SE[j], with t the quantile of
// Student's t distribution with DF degrees of freedom, the classical
// interval of a least-squares coefficient under independent normal
// errors. It returns NaN, NaN when j is out of range, the level outside
// (0, 1) or the standard error unknown.
func (f SRCFit) Interval(j int, level float64) (lo, hi float64) {
	if j < 0 || j >= len(f.Coef) || j >= len(f.SE) || !(level > 0 && level < 1) || f.DF < 1 || math.IsNaN(f.SE[j]) {
		return math.NaN(), math.NaN()
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(f.DF)}.Quantile(1 - (1-level)/2)
	return f.Coef[j] - t*f.SE[j], f.Coef[j] + t*f.SE[j]
}

// FitSRC fits y on the columns x[0], …, x[k−1] as [SRC] does and returns
// the coefficients with their standard errors: with the standardised
// columns as the matrix Z and the residual sum of squares SSR, the
// covariance of the coefficients is s²(ZᵀZ)⁻¹, s² = SSR/(n − k − 1)
// (the ordinary least-squares result; e.g. Draper and Smith 1998,
// Applied Regression Analysis). The errors are those of [SRC].
func FitSRC(x [][]float64, y []float64) (SRCFit, error) {
	n, k := len(y), len(x)
	if k == 0 {
		return SRCFit{R2: math.NaN()}, errors.New("no input column")
	}
	if n <= k+1 {
		return SRCFit{R2: math.NaN()}, fmt.Errorf("%d values for %d inputs: %w", n, k, ErrTooFew)
	}
	zy, err := standardise(y)
	if err != nil {
		return SRCFit{R2: math.NaN()}, fmt.Errorf("output: %w", err)
	}
	a := mat.NewDense(n, k, nil)
	for j, col := range x {
		if len(col) != n {
			return SRCFit{R2: math.NaN()}, fmt.Errorf("input %d has %d values, want %d", j, len(col), n)
		}
		z, err := standardise(col)
		if err != nil {
			return SRCFit{R2: math.NaN()}, fmt.Errorf("input %d: %w", j, err)
		}
		a.SetCol(j, z)
	}
	var qr mat.QR
	qr.Factorize(a)
	var b mat.VecDense
	if err := qr.SolveVecTo(&b, false, mat.NewVecDense(n, zy)); err != nil {
		return SRCFit{R2: math.NaN()}, fmt.Errorf("inputs are collinear: %w", err)
	}
	f := SRCFit{Coef: make([]float64, k), SE: make([]float64, k), DF: n - k - 1}
	for j := range f.Coef {
		f.Coef[j] = b.AtVec(j)
	}
	var fit mat.VecDense
	fit.MulVec(a, &b)
	var ssr, sst float64
	for i, v := range zy {
		d := v - fit.AtVec(i)
		ssr += d * d
		sst += v * v
	}
	f.R2 = min(max(1-ssr/sst, 0), 1)

	// (ZᵀZ)⁻¹ = R⁻¹R⁻ᵀ with Z = QR, so its diagonal holds the squared
	// norms of the rows of R⁻¹.
	s2 := ssr / float64(f.DF)
	var r mat.Dense
	qr.RTo(&r)
	tri := mat.NewTriDense(k, mat.Upper, nil)
	for i := range k {
		for j := i; j < k; j++ {
			tri.SetTri(i, j, r.At(i, j))
		}
	}
	var inv mat.TriDense
	if err := inv.InverseTri(tri); err != nil {
		for j := range f.SE {
			f.SE[j] = math.NaN()
		}
		return f, nil
	}
	for i := range k {
		var ss float64
		for j := i; j < k; j++ {
			ss += inv.At(i, j) * inv.At(i, j)
		}
		f.SE[i] = math.Sqrt(s2 * ss)
	}
	return f, nil
}

// standardise returns x centred and scaled to unit (population) standard
// deviation. The error wraps ErrConstant when x does not vary.
func standardise(x []float64) ([]float64, error) {
	n := float64(len(x))
	var mean float64
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("value %v is not finite", v)
		}
		mean += v
	}
	mean /= n
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	sd := math.Sqrt(ss / n)
	if !(sd > 1e-12*max(math.Abs(mean), 1)) {
		return nil, ErrConstant
	}
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = (v - mean) / sd
	}
	return out, nil
}

// SobolFirst returns the first-order Sobol index of y with respect to the
// input x, estimated from given data (one pair x[i], y[i] per sample, no
// special design), and the number of groups the estimate used.
//
// The index is Var(E[y | x]) / Var(y), the share of the variance of y
// that x explains alone, whatever the shape of the relation (Sobol 1993;
// Saltelli et al. 2008). It is estimated by the binning estimator of
// Plischke, Borgonovo and Smith (2013): the samples, sorted by x, are
// split into groups of equal count and E[y | x] is estimated by the mean
// of y in each group, so that the index is the between-group share of the
// sum of squares, Σ_g n_g (ȳ_g − ȳ)² / Σ_i (y_i − ȳ)². Samples with equal
// x always share a group, and when x takes no more distinct values than
// the number of bins the groups are its values.
//
// bins is the number of groups; zero means ⌈√n⌉. The estimate is biased
// upwards by noise: for an input without influence its expected value is
// about (g − 1)/(n − 1) with g groups (see [SobolNull]).
//
// The error wraps [ErrConstant] when y or x is constant and [ErrTooFew]
// with fewer than three samples; it reports values that are not finite.
func SobolFirst(x, y []float64, bins int) (index float64, groups int, err error) {
	n := len(y)
	if len(x) != n {
		return math.NaN(), 0, fmt.Errorf("%d inputs for %d outputs", len(x), n)
	}
	for i := range x {
		if math.IsNaN(x[i]) || math.IsInf(x[i], 0) {
			return math.NaN(), 0, fmt.Errorf("input %v is not finite", x[i])
		}
	}
	return sobolGroups(SobolGroups(x, bins), y)
}

// SobolGroups returns the group of each sample of x that [SobolFirst]
// uses, numbered from 0 in increasing x: its value's rank when x takes no
// more distinct values than bins (zero means ⌈√n⌉), else its equal-count
// bin, samples with equal x kept in one bin.
func SobolGroups(x []float64, bins int) []int {
	n := len(x)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case x[a] < x[b]:
			return -1
		case x[a] > x[b]:
			return 1
		}
		return 0
	})
	distinct := 0
	for k, i := range order {
		if k == 0 || x[i] != x[order[k-1]] {
			distinct++
		}
	}
	if bins <= 0 {
		bins = int(math.Ceil(math.Sqrt(float64(n))))
	}
	group := make([]int, n)
	if distinct <= bins {
		g := -1
		for k, i := range order {
			if k == 0 || x[i] != x[order[k-1]] {
				g++
			}
			group[i] = g
		}
	} else {
		// Equal-count bins: bin b ends at the ⌈b·n/bins⌉-th sample, moved
		// on past any samples tied with it.
		g, k := 0, 0
		for b := 1; k < n; b++ {
			end := min(int(math.Ceil(float64(b)*float64(n)/float64(bins))), n)
			if end <= k {
				continue
			}
			for end < n && x[order[end]] == x[order[end-1]] {
				end++
			}
			for ; k < end; k++ {
				group[order[k]] = g
			}
			g++
		}
	}
	return group
}

// SobolNull returns the expected value of the between-group share of the
// sum of squares, (g − 1)/(n − 1), when n samples of a normal output fall
// into g groups at random: the value [SobolFirst] gives on average for an
// input without influence (the expectation of η² under the null
// hypothesis of one-way analysis of variance). Estimates near it are
// noise. It returns NaN when n < 2.
func SobolNull(groups, n int) float64 {
	if n < 2 || groups < 1 {
		return math.NaN()
	}
	return float64(groups-1) / float64(n-1)
}

// sobolGroups returns the between-group share of the sum of squares of y,
// with group[i] in 0, 1, … the group of sample i, and the number of
// groups.
func sobolGroups(group []int, y []float64) (float64, int, error) {
	n := len(y)
	if n < 3 {
		return math.NaN(), 0, fmt.Errorf("%d samples: %w", n, ErrTooFew)
	}
	var mean float64
	for _, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return math.NaN(), 0, fmt.Errorf("output %v is not finite", v)
		}
		mean += v
	}
	mean /= float64(n)
	k := slices.Max(group) + 1
	sum := make([]float64, k)
	cnt := make([]float64, k)
	var sst float64
	for i, v := range y {
		sum[group[i]] += v - mean
		cnt[group[i]]++
		sst += (v - mean) * (v - mean)
	}
	if !(sst > 1e-24*float64(n)*max(mean*mean, 1)) {
		return math.NaN(), k, fmt.Errorf("output: %w", ErrConstant)
	}
	if k < 2 {
		return math.NaN(), k, fmt.Errorf("input: %w", ErrConstant)
	}
	var ssb float64
	for g := range k {
		if cnt[g] > 0 {
			ssb += sum[g] * sum[g] / cnt[g]
		}
	}
	return min(max(ssb/sst, 0), 1), k, nil
}

// SobolCategorical is [SobolFirst] for a categorical input, one label per
// sample: the groups are its distinct labels. It returns the index, the
// number of groups and the errors of [SobolFirst].
func SobolCategorical(labels []string, y []float64) (float64, int, error) {
	ids := map[string]int{}
	group := make([]int, len(labels))
	for i, l := range labels {
		g, ok := ids[l]
		if !ok {
			g = len(ids)
			ids[l] = g
		}
		group[i] = g
	}
	return sobolGroups(group, y)
}
