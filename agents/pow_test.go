package agents

import (
	"math"
	"math/big"
	"testing"
)

// crRoot returns the correctly rounded t^(p/q) for small whole p and q,
// t in (0, 1): the double y whose neighbouring midpoints bracket it,
// decided exactly by comparing m^q with t^p in big.Float arithmetic.
func crRoot(t float64, p, q int) float64 {
	const prec = 4096
	pow := func(x *big.Float, n int) *big.Float {
		r := new(big.Float).SetPrec(prec).SetInt64(1)
		for range n {
			r.Mul(r, x)
		}
		return r
	}
	tp := pow(new(big.Float).SetPrec(prec).SetFloat64(t), p)
	y := math.Pow(t, float64(p)/float64(q))
	// Walk to the double whose lower midpoint's q-th power is ≤ t^p and
	// whose upper midpoint's is > t^p.
	for range 1000 {
		up := math.Nextafter(y, 2)
		m := new(big.Float).SetPrec(prec).SetFloat64(y)
		m.Add(m, new(big.Float).SetPrec(prec).SetFloat64(up)).Quo(m, big.NewFloat(2))
		if pow(m, q).Cmp(tp) <= 0 {
			y = up
			continue
		}
		down := math.Nextafter(y, 0)
		m.SetFloat64(y).Add(m, new(big.Float).SetPrec(prec).SetFloat64(down)).Quo(m, big.NewFloat(2))
		if pow(m, q).Cmp(tp) > 0 {
			y = down
			continue
		}
		return y
	}
	return math.NaN()
}

// TestAccuratePow checks accuratePow against the correctly rounded power
// for the exponents of the GENIUS and NegMAS agents (t^4, t^0.25, t^5,
// t^20, t^(1/2), t^2) at every round's time of 20-, 100- and 1000-round
// sessions, and on a few other times.
func TestAccuratePow(t *testing.T) {
	exps := []struct {
		e    float64
		p, q int
	}{{4, 4, 1}, {0.25, 1, 4}, {5, 5, 1}, {20, 20, 1}, {0.5, 1, 2}, {2, 2, 1}, {1.0 / 3, 1, 3}}
	bad, total := 0, 0
	for _, x := range exps {
		for _, n := range []int{20, 100, 180, 1000} {
			for k := 1; k <= n; k++ {
				tm := float64(k) / float64(n+1)
				total++
				if got, want := accuratePow(tm, x.e), crRoot(tm, x.p, x.q); got != want {
					if x.e == 1.0/3 { // 1/3 is not exactly 1/3: compare within an ulp
						if math.Abs(got-want) <= math.Nextafter(want, 2)-want {
							continue
						}
					}
					bad++
					if bad < 5 {
						t.Errorf("accuratePow(%v, %v) = %v, correctly rounded %v", tm, x.e, got, want)
					}
				}
			}
		}
	}
	t.Logf("%d of %d powers differ from the correctly rounded ones", bad, total)
	for _, tc := range []struct{ t, e, want float64 }{{0, 4, 0}, {1, 4, 1}, {0.3, 0, 1}, {0.3, 1, 0.3}, {0.5, math.Inf(1), 0}} {
		if got := accuratePow(tc.t, tc.e); got != tc.want {
			t.Errorf("accuratePow(%v, %v) = %v, want %v", tc.t, tc.e, got, tc.want)
		}
	}
}
