package stats

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// WelchInterval returns the difference of two means, mean1 − mean2, and
// its confidence interval at the given level (0.95 for 95%), from two
// independent samples of n1 and n2 values with sample standard deviations
// sd1 and sd2: Welch's (1947) t interval for unequal variances,
//
//	diff ± t(1−(1−level)/2; ν) · √(sd1²/n1 + sd2²/n2)
//
// with ν from the Welch–Satterthwaite equation. The interval needs only
// each sample's summary, so a sample recorded elsewhere as mean, standard
// deviation and size can be compared with one's own. When neither sample
// varies (both standard deviations 0) the interval is the difference
// itself: two constant samples differ by exactly that much. It returns
// NaN for the bounds when a sample has fewer than two values, a standard
// deviation is negative or NaN, or level is outside (0, 1).
func WelchInterval(mean1, sd1, n1, mean2, sd2, n2, level float64) (diff, lo, hi float64) {
	diff = mean1 - mean2
	if !(n1 >= 2) || !(n2 >= 2) || !(sd1 >= 0) || !(sd2 >= 0) || !(level > 0 && level < 1) ||
		math.IsInf(n1, 1) || math.IsInf(n2, 1) {
		return diff, math.NaN(), math.NaN()
	}
	v1, v2 := sd1*sd1/n1, sd2*sd2/n2
	se := math.Sqrt(v1 + v2)
	if se == 0 {
		return diff, diff, diff
	}
	df := (v1 + v2) * (v1 + v2) / (v1*v1/(n1-1) + v2*v2/(n2-1))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(1 - (1-level)/2)
	return diff, diff - t*se, diff + t*se
}

// NewcombeInterval returns the difference of two binomial proportions,
// k1/n1 − k2/n2, and its hybrid score interval at the normal critical
// value z (1.959964 for 95%; see [Z]): Newcombe's (1998) method 10, which
// combines the [Wilson] intervals of the two proportions,
//
//	lo = diff − √((p1 − l1)² + (u2 − p2)²)
//	hi = diff + √((u1 − p1)² + (p2 − l2)²)
//
// where (l_i, u_i) is the Wilson interval of p_i. It keeps its coverage
// for small samples and proportions near 0 or 1, where the Wald interval
// of the difference fails. It returns NaN for the bounds for the arguments
// [Wilson] refuses.
func NewcombeInterval(k1, n1, k2, n2 int, z float64) (diff, lo, hi float64) {
	l1, u1 := Wilson(k1, n1, z)
	l2, u2 := Wilson(k2, n2, z)
	if math.IsNaN(l1) || math.IsNaN(l2) {
		return math.NaN(), math.NaN(), math.NaN()
	}
	p1, p2 := float64(k1)/float64(n1), float64(k2)/float64(n2)
	diff = p1 - p2
	return diff, diff - math.Hypot(p1-l1, u2-p2), diff + math.Hypot(u1-p1, p2-l2)
}
