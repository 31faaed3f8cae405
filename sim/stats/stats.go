package stats

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// ErrTooFew reports that there are too few values for a statistic or its
// confidence interval. Warnings that wrap it are returned as values.
var ErrTooFew = errors.New("too few values")

// Z returns the two-sided standard normal critical value for a confidence
// level in (0, 1): Z(0.95) = 1.959964. It returns NaN for a level outside
// (0, 1).
func Z(level float64) float64 {
	if !(level > 0 && level < 1) {
		return math.NaN()
	}
	return distuv.UnitNormal.Quantile(1 - (1-level)/2)
}

// Wilson returns the Wilson score interval for a binomial proportion with
// the given number of successes out of n trials, at the normal critical
// value z (1.959964 for 95%; see [Z]). Unlike the Wald interval it stays
// inside [0, 1] and keeps its coverage near 0 and 1 (Wilson 1927; Brown,
// Cai and DasGupta 2001). It returns NaN, NaN when n < 1, when successes
// is outside [0, n] or when z is not positive.
func Wilson(successes, n int, z float64) (lo, hi float64) {
	centre, half := WilsonScore(successes, n, z)
	if math.IsNaN(centre) {
		return math.NaN(), math.NaN()
	}
	lo, hi = centre-half, centre+half
	// The bounds at 0 and n are exactly 0 and 1; keep rounding from
	// pushing them outside [0, 1].
	if successes == 0 {
		lo = 0
	}
	if successes == n {
		hi = 1
	}
	return max(lo, 0), min(hi, 1)
}

// WilsonScore returns the centre and the half-width of the Wilson score
// interval for a binomial proportion with the given number of successes
// out of n trials, at the normal critical value z:
//
//	centre = (p̂ + z²/2n) / (1 + z²/n)
//	half   = z/(1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²)
//
// with p̂ = successes/n (Wilson 1927). [Wilson] returns centre ± half kept
// inside [0, 1]; the half-width itself says how precise the estimate is
// (an adaptive design stops when it is small enough). It returns NaN, NaN
// for the arguments [Wilson] refuses.
func WilsonScore(successes, n int, z float64) (centre, half float64) {
	if n < 1 || successes < 0 || successes > n || !(z > 0) || math.IsInf(z, 1) {
		return math.NaN(), math.NaN()
	}
	nf := float64(n)
	p := float64(successes) / nf
	z2 := z * z
	den := 1 + z2/nf
	centre = (p + z2/(2*nf)) / den
	half = z / den * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	return centre, half
}

// TInterval returns the Student's t confidence interval for a mean,
// mean ± t(1−(1−level)/2; n−1) · sd/√n, from a sample of n values with
// sample standard deviation sd. It returns NaN, NaN when n < 2, when sd is
// negative or NaN, or when level is outside (0, 1).
func TInterval(mean, sd, n, level float64) (lo, hi float64) {
	if !(n >= 2) || !(sd >= 0) || !(level > 0 && level < 1) || math.IsInf(n, 1) {
		return math.NaN(), math.NaN()
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(1 - (1-level)/2)
	half := t * sd / math.Sqrt(n)
	return mean - half, mean + half
}

// MeanCI returns the mean of x and its Student's t confidence interval at
// the given level (0.95 for 95%). Weights, if not nil, are frequency
// counts: x[i] occurs weights[i] times. With fewer than two values the
// interval is NaN and the error wraps [ErrTooFew]; with no values the mean
// is NaN too. Other errors report bad arguments.
func MeanCI(x, weights []float64, level float64) (mean, lo, hi float64, err error) {
	nan := math.NaN()
	n, err := count(x, weights)
	if err != nil {
		return nan, nan, nan, err
	}
	if !(level > 0 && level < 1) {
		return nan, nan, nan, fmt.Errorf("confidence level %v outside (0, 1)", level)
	}
	if n == 0 {
		return nan, nan, nan, fmt.Errorf("mean of no values: %w", ErrTooFew)
	}
	if n < 2 {
		return stat.Mean(x, weights), nan, nan, fmt.Errorf("only one value, no interval for the mean: %w", ErrTooFew)
	}
	mean, variance := stat.MeanVariance(x, weights)
	lo, hi = TInterval(mean, math.Sqrt(max(variance, 0)), n, level)
	return mean, lo, hi, nil
}

// MedianCI returns the median of x and a distribution-free confidence
// interval for it at the given level. x must be sorted in increasing
// order; weights, if not nil, are whole-number frequency counts.
//
// The median of an even number of values is the mean of the two middle
// ones, as in R and pandas. The interval is [x₍ₖ₎, x₍ₙ₊₁₋ₖ₎], the order
// statistics whose ranks k and n+1−k are the widest symmetric pair that
// still has binomial coverage 1 − 2·P(B ≤ k−1) ≥ level, B ~ Binomial(n, ½)
// (Conover 1999, §3.2; Hollander, Wolfe and Chicken 2014). It needs
// 2·0.5ⁿ ≤ 1 − level, so at least 6 values for 95%; with fewer the interval
// is NaN and the error wraps [ErrTooFew]. With no values the median is NaN
// too.
func MedianCI(x, weights []float64, level float64) (median, lo, hi float64, err error) {
	nan := math.NaN()
	n, err := count(x, weights)
	if err != nil {
		return nan, nan, nan, err
	}
	for i, w := range weights {
		if w != math.Trunc(w) {
			return nan, nan, nan, fmt.Errorf("weight %d is %v, not a whole count", i, w)
		}
	}
	for i := 1; i < len(x); i++ {
		if x[i] < x[i-1] || math.IsNaN(x[i]) {
			return nan, nan, nan, fmt.Errorf("values not sorted at index %d", i)
		}
	}
	if !(level > 0 && level < 1) {
		return nan, nan, nan, fmt.Errorf("confidence level %v outside (0, 1)", level)
	}
	if n == 0 {
		return nan, nan, nan, fmt.Errorf("median of no values: %w", ErrTooFew)
	}
	ni := int64(n)
	at := func(k int64) float64 { return orderStat(x, weights, k) }
	median = at((ni + 1) / 2)
	if ni%2 == 0 {
		median = (median + at(ni/2+1)) / 2
	}
	k := medianRank(ni, level)
	if k < 1 {
		return median, nan, nan, fmt.Errorf("only %s, too few for a %g%% interval for the median: %w", values(ni), 100*level, ErrTooFew)
	}
	return median, at(k), at(ni + 1 - k), nil
}

// medianRank returns the largest rank k ≥ 1 with P(B ≤ k−1) ≤ (1−level)/2
// for B ~ Binomial(n, ½), or 0 if there is none.
func medianRank(n int64, level float64) int64 {
	alpha := (1 - level) / 2
	b := distuv.Binomial{N: float64(n), P: 0.5}
	// P(B ≤ k−1) grows with k; find the last k in [1, (n+1)/2] that
	// satisfies the bound by binary search.
	if b.CDF(0) > alpha {
		return 0
	}
	lo, hi := int64(1), (n+1)/2 // lo satisfies the bound; no rank above hi does
	for lo < hi {
		m := lo + (hi-lo+1)/2
		if b.CDF(float64(m-1)) <= alpha {
			lo = m
		} else {
			hi = m - 1
		}
	}
	return lo
}

// orderStat returns the k-th smallest value (k from 1) of the sorted
// values x with frequency weights.
func orderStat(x, weights []float64, k int64) float64 {
	if weights == nil {
		return x[k-1]
	}
	var cum float64
	for i, w := range weights {
		cum += w
		if cum >= float64(k) {
			return x[i]
		}
	}
	return x[len(x)-1]
}

// count returns the number of values that x and weights describe, and
// checks them.
func count(x, weights []float64) (float64, error) {
	if weights == nil {
		return float64(len(x)), nil
	}
	if len(weights) != len(x) {
		return 0, fmt.Errorf("%d weights for %d values", len(weights), len(x))
	}
	var n float64
	for i, w := range weights {
		if !(w >= 0) || math.IsInf(w, 1) {
			return 0, fmt.Errorf("weight %d is %v", i, w)
		}
		n += w
	}
	return n, nil
}

// values returns "1 value" or "n values".
func values(n int64) string {
	if n == 1 {
		return "1 value"
	}
	return strconv.FormatInt(n, 10) + " values"
}
