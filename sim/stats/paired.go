package stats

import (
	"fmt"
	"math"
)

// PairedTable counts n pairs of binary outcomes (a success or not in each
// of two conditions measured on the same unit, such as run i of two arms
// played with common random numbers): Both succeeded in both conditions,
// OnlyFirst in the first only, OnlySecond in the second only, Neither in
// neither. OnlyFirst and OnlySecond are the discordant pairs.
type PairedTable struct {
	Both, OnlyFirst, OnlySecond, Neither int
}

// N returns the number of pairs.
func (t PairedTable) N() int { return t.Both + t.OnlyFirst + t.OnlySecond + t.Neither }

// Difference returns p₁ − p₂, the first condition's proportion of
// successes minus the second's: (OnlyFirst − OnlySecond)/n. It is NaN
// without pairs.
func (t PairedTable) Difference() float64 {
	n := t.N()
	if n == 0 {
		return math.NaN()
	}
	return float64(t.OnlyFirst-t.OnlySecond) / float64(n)
}

// NewcombePaired returns the difference p₁ − p₂ of two proportions measured
// on the same pairs and its confidence interval at level (0.95 for 95%)
// by method 10 of Newcombe (1998b), the square-and-add combination of the
// Wilson intervals of p₁ and p₂ corrected for their correlation:
//
//	L = θ − √((p₁ − l₁)² − 2φ(p₁ − l₁)(u₂ − p₂) + (u₂ − p₂)²)
//	U = θ + √((u₁ − p₁)² − 2φ(u₁ − p₁)(p₂ − l₂) + (p₂ − l₂)²)
//
// with θ = p₁ − p₂, [l₁, u₁] and [l₂, u₂] the Wilson intervals of
// p₁ = (a + b)/n and p₂ = (a + c)/n (a = Both, b = OnlyFirst,
// c = OnlySecond, d = Neither), and φ the correlation of the two
// outcomes with Newcombe's continuity correction: with A = ad − bc,
// φ = (A − n/2)/√((a+b)(c+d)(a+c)(b+d)) when A > n/2, 0 when
// 0 ≤ A ≤ n/2, A/√(…) when A < 0, and 0 when a margin is empty. The
// interval lies in [−1, 1], needs no iteration and keeps its coverage
// near the boundaries and with few discordant pairs, where the Wald
// interval (b − c)/n ± z√(b + c − (b − c)²/n)/n fails (Newcombe 1998b;
// Fagerland, Lydersen and Laake 2014 recommend it). Without discordant
// pairs the interval still has a positive width: n pairs that all agree
// cannot exclude a small difference.
//
// It returns NaN, NaN, NaN and an error without pairs, with a negative
// count or with a level outside (0, 1).
func NewcombePaired(t PairedTable, level float64) (diff, lo, hi float64, err error) {
	nan := math.NaN()
	a, b, c, d := t.Both, t.OnlyFirst, t.OnlySecond, t.Neither
	if a < 0 || b < 0 || c < 0 || d < 0 {
		return nan, nan, nan, fmt.Errorf("negative count in %+v", t)
	}
	n := t.N()
	if n == 0 {
		return nan, nan, nan, fmt.Errorf("no pairs: %w", ErrTooFew)
	}
	if !(level > 0 && level < 1) {
		return nan, nan, nan, fmt.Errorf("confidence level %v outside (0, 1)", level)
	}
	z := Z(level)
	nf := float64(n)
	p1, p2 := float64(a+b)/nf, float64(a+c)/nf
	l1, u1 := Wilson(a+b, n, z)
	l2, u2 := Wilson(a+c, n, z)
	phi := 0.0
	if prod := float64(a+b) * float64(c+d) * float64(a+c) * float64(b+d); prod > 0 {
		A := float64(a)*float64(d) - float64(b)*float64(c)
		switch {
		case A > nf/2:
			phi = (A - nf/2) / math.Sqrt(prod)
		case A < 0:
			phi = A / math.Sqrt(prod)
		}
	}
	diff = float64(b-c) / nf
	dl := (p1-l1)*(p1-l1) - 2*phi*(p1-l1)*(u2-p2) + (u2-p2)*(u2-p2)
	du := (u1-p1)*(u1-p1) - 2*phi*(u1-p1)*(p2-l2) + (p2-l2)*(p2-l2)
	lo = max(diff-math.Sqrt(max(dl, 0)), -1)
	hi = min(diff+math.Sqrt(max(du, 0)), 1)
	return diff, lo, hi, nil
}

// PairedMeanDiff returns the mean of the differences x[i] − y[i] of n
// paired values and its Student's t confidence interval at level, the
// paired t interval d̄ ± t(1 − (1 − level)/2; n − 1)·s_d/√n (Student
// 1908): the interval of [MeanCI] applied to the differences. When every
// difference is the same (all 0 for two identical arms), s_d = 0 and the
// interval has zero width. With fewer than two pairs the interval is NaN
// and the error wraps [ErrTooFew]; x and y of different lengths, values
// that are not finite and a level outside (0, 1) are errors.
func PairedMeanDiff(x, y []float64, level float64) (mean, lo, hi float64, err error) {
	nan := math.NaN()
	if len(x) != len(y) {
		return nan, nan, nan, fmt.Errorf("%d values paired with %d", len(x), len(y))
	}
	d := make([]float64, len(x))
	for i := range x {
		d[i] = x[i] - y[i]
		if math.IsNaN(d[i]) || math.IsInf(d[i], 0) {
			return nan, nan, nan, fmt.Errorf("pair %d: %v − %v is not a finite number", i, x[i], y[i])
		}
	}
	return MeanCI(d, nil, level)
}
