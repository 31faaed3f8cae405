package agents

import (
	"math"
	"sync/atomic"
)

// NegMAS (C's pow, glibc) and GENIUS (Java's Math.pow) raise the relative
// time to the concession exponent with a power function that returns the
// correctly rounded result in all but rare cases; Go's math.Pow is often
// one unit in the last place away (for t^4 on the 1000 times of a
// 1000-round session, 532 times). A target one bit off changes nothing
// unless an outcome's utility lies within that bit of it, but the GENIUS
// and NegMAS conventions claim those platforms' arithmetic, so they use
// accuratePow: exp(e·ln t) evaluated in double-double arithmetic (about
// 100 bits), then rounded once.

// dd is a double-double number hi + lo with |lo| ≤ ulp(hi)/2.
type dd struct{ hi, lo float64 }

// twoSum returns a + b as an exact sum s + err.
func twoSum(a, b float64) (s, err float64) {
	s = a + b
	bb := s - a
	return s, (a - (s - bb)) + (b - bb)
}

// quickTwoSum is twoSum for |a| ≥ |b|.
func quickTwoSum(a, b float64) (s, err float64) {
	s = a + b
	return s, b - (s - a)
}

// twoProd returns a·b as an exact sum p + err.
func twoProd(a, b float64) (p, err float64) {
	p = a * b
	return p, math.FMA(a, b, -p)
}

func ddAdd(x, y dd) dd {
	s, e := twoSum(x.hi, y.hi)
	t, f := twoSum(x.lo, y.lo)
	e += t
	s, e = quickTwoSum(s, e)
	e += f
	s, e = quickTwoSum(s, e)
	return dd{s, e}
}

func ddMul(x, y dd) dd {
	p, e := twoProd(x.hi, y.hi)
	e += x.hi*y.lo + x.lo*y.hi
	p, e = quickTwoSum(p, e)
	return dd{p, e}
}

func ddMulF(x dd, b float64) dd {
	p, e := twoProd(x.hi, b)
	e += x.lo * b
	p, e = quickTwoSum(p, e)
	return dd{p, e}
}

// ddLn2 is ln 2 to about 107 bits.
var ddLn2 = dd{0.6931471805599453, 2.3190468138462996e-17}

// ddExp returns e^x for |x.hi| < 700, to about 100 bits: x = k·ln 2 + r,
// e^r from its Taylor series at r/2^10, squared ten times.
func ddExp(x dd) dd {
	k := math.Round(x.hi / ddLn2.hi)
	r := ddAdd(x, ddMulF(ddLn2, -k))
	r = dd{r.hi / 1024, r.lo / 1024}
	// e^r − 1 = r + r²/2! + … ; |r| < 3.4e-4, so 10 terms reach 1e-36.
	sum, term := r, r
	for n := 2.0; n <= 10; n++ {
		term = ddMul(term, r)
		term = dd{term.hi / n, term.lo / n}
		if math.Abs(term.hi) < 1e-40 {
			break
		}
		s, e := twoSum(sum.hi, term.hi)
		e += sum.lo + term.lo
		sum.hi, sum.lo = quickTwoSum(s, e)
	}
	// (1 + m)² = 1 + (2m + m²): keep the small part m to stay accurate.
	m := sum
	for range 10 {
		m = ddAdd(dd{2 * m.hi, 2 * m.lo}, ddMul(m, m))
	}
	y := ddAdd(dd{1, 0}, m)
	return dd{math.Ldexp(y.hi, int(k)), math.Ldexp(y.lo, int(k))}
}

// accuratePow returns t^e for t in [0, 1], correctly rounded except when
// the exact value lies within about 2^-40 units in the last place of a
// rounding boundary.
func accuratePow(t, e float64) float64 {
	switch {
	case e == 0 || t == 1:
		return 1
	case t == 0:
		if e < 0 {
			return math.Inf(1)
		}
		return 0
	case e == 1:
		return t
	case e == 0.5:
		return math.Sqrt(t) // correctly rounded by IEEE 754
	case !(t > 0 && t < 1) || math.IsInf(e, 0) || math.IsNaN(e):
		return math.Pow(t, e)
	}
	// ln t: y0 = math.Log(t), one Newton step y0 + (t·e^(−y0) − 1).
	y0 := math.Log(t)
	w := ddAdd(ddMulF(ddExp(dd{-y0, 0}), t), dd{-1, 0})
	ln := ddAdd(dd{y0, 0}, w)
	x := ddMulF(ln, e)
	if x.hi < -745 {
		return 0
	}
	if x.hi > 709 {
		return math.Inf(1)
	}
	r := ddExp(x)
	return r.hi + r.lo
}

// powTable holds t^e, computed by accuratePow, at the relative time
// t = (r+1)/(D+1) of every round r of a D-round deadline, so that a
// session's turns look it up instead of computing it.
type powTable struct {
	deadline int
	e        float64
	v        []float64
}

// maxPowTable is the longest deadline whose powers are tabled; longer
// sessions compute each power when they need it.
const maxPowTable = 1 << 16

// powCache keeps the table of the last deadline and exponent a maker saw;
// it is safe for concurrent use.
type powCache struct{ last atomic.Pointer[powTable] }

// table returns the table for deadline d and exponent e, building it if
// needed, or nil when d is out of range.
func (c *powCache) table(d int, e float64) *powTable {
	if d < 1 || d > maxPowTable {
		return nil
	}
	if p := c.last.Load(); p != nil && p.deadline == d && p.e == e {
		return p
	}
	p := &powTable{deadline: d, e: e, v: make([]float64, d)}
	for r := range p.v {
		p.v[r] = accuratePow(float64(r+1)/float64(d+1), e)
	}
	c.last.Store(p)
	return p
}

// powAt returns t^e at the turn of round r and time t: from the table p
// (which may be nil) when t is that round's time, else by accuratePow.
func powAt(p *powTable, r int, t, e float64) float64 {
	if p != nil && p.e == e && r >= 0 && r < len(p.v) && t == float64(r+1)/float64(p.deadline+1) {
		return p.v[r]
	}
	return accuratePow(t, e)
}
