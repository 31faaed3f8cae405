package sim

import (
	"math"
	"testing"
)

// This file keeps the straightforward implementations that the fast paths
// replaced (sim as of the what-if work, issue 11), verbatim, as oracles:
// the in-place rebuild of utility tables and the reusable Analyzer must
// give exactly what these give.

// refNewUtility is NewUtility before the in-place rebuild: add every
// issue's contribution outcome by outcome, round to 1e-12, sort the
// floats.
func refNewUtility(s *Space, p Additive) *Utility {
	u := make([]float64, s.Size())
	refFillAdditive(s, p, u)
	for i, x := range u {
		u[i] = math.Round(x*1e12) / 1e12
	}
	ut := NewUtilityFromValues(u)
	ut.space, ut.profile = s, p
	return ut
}

// refFillAdditive adds the additive utility p of every outcome to u.
func refFillAdditive(s *Space, p Additive, u []float64) {
	for i := range s.Issues() {
		w := p.Weights[i]
		stride := int(s.strides[i])
		radix := int(s.radix[i])
		vals := p.Values[i]
		block := stride * radix
		for base := 0; base < len(u); base += block {
			for v := 0; v < radix; v++ {
				c := w * vals[v]
				seg := u[base+v*stride : base+(v+1)*stride]
				for k := range seg {
					seg[k] += c
				}
			}
		}
	}
}

// refFrontier is Frontier before the single walk.
func refFrontier(a, b *Utility, d [2]float64, rational bool) []Point {
	ranked := a.Ranked()
	var out []Point
	bestB := math.Inf(-1)
	for hi := len(ranked); hi > 0; {
		ua := a.Of(ranked[hi-1])
		lo := hi - 1
		for lo > 0 && a.Of(ranked[lo-1]) == ua {
			lo--
		}
		if rational && ua < d[0] {
			break
		}
		gmax := math.Inf(-1)
		for _, o := range ranked[lo:hi] {
			if ub := b.Of(o); ub > gmax && (!rational || ub >= d[1]) {
				gmax = ub
			}
		}
		if gmax > bestB {
			for _, o := range ranked[lo:hi] {
				if b.Of(o) == gmax {
					out = append(out, Point{Outcome: o, U: [2]float64{ua, gmax}})
				}
			}
			bestB = gmax
		}
		hi = lo
	}
	return out
}

// refSolve is Solve before the single walk.
func refSolve(a, b *Utility, d [2]float64) Solutions {
	s := Solutions{Disagreement: d}
	all := refFrontier(a, b, d, false)
	rat := refFrontier(a, b, d, true)
	for o := range Outcome(a.Len()) {
		if a.Of(o) >= d[0] && b.Of(o) >= d[1] {
			s.Rational++
		}
	}
	if len(rat) > 0 {
		s.Ideal = [2]float64{rat[0].U[0], rat[len(rat)-1].U[1]}
		s.Nash = refArgBest(rat, func(p Point) float64 { return (p.U[0] - d[0]) * (p.U[1] - d[1]) })
		s.KalaiSmorodinsky = refArgBest(rat, func(p Point) float64 {
			return min(ratio(p.U[0]-d[0], s.Ideal[0]-d[0]), ratio(p.U[1]-d[1], s.Ideal[1]-d[1]))
		})
		s.Egalitarian = refArgBest(rat, func(p Point) float64 { return min(p.U[0]-d[0], p.U[1]-d[1]) })
	}
	s.GeniusKalai = refArgBest(all, func(p Point) float64 { return -math.Abs(p.U[0] - p.U[1]) })
	s.MaxWelfare = refArgBest(all, func(p Point) float64 { return p.U[0] + p.U[1] })
	return s
}

func refArgBest(pts []Point, f func(Point) float64) []Point {
	best := math.Inf(-1)
	for _, p := range pts {
		best = max(best, f(p))
	}
	tol := 1e-12 * max(1, math.Abs(best))
	var out []Point
	for _, p := range pts {
		if f(p) >= best-tol {
			out = append(out, p)
		}
	}
	return out
}

// refAnalyze is Analyze before the Analyzer.
func refAnalyze(n *Negotiation) *Analysis {
	a, b := n.Parties[0].Utility, n.Parties[1].Utility
	d := [2]float64{n.Parties[0].Reservation, n.Parties[1].Reservation}
	an := &Analysis{
		Solutions:        refSolve(a, b, d),
		Outcomes:         a.Len(),
		Frontier:         refFrontier(a, b, d, false),
		RationalFrontier: refFrontier(a, b, d, true),
		Best:             [2]float64{a.Max(), b.Max()},
	}
	best := math.Inf(1)
	for _, p := range an.Frontier {
		best = min(best, math.Hypot(1-p.U[0], 1-p.U[1]))
	}
	an.Opposition = best / math.Sqrt2
	return an
}

// TestReferencesAgreeWithBruteForce keeps the oracles honest on small
// spaces: refFrontier against the O(n²) definition.
func TestReferencesAgreeWithBruteForce(t *testing.T) {
	s := synthSpace(t, []int{3, 4, 2})
	n := twoParty(t, s, 11, true)
	a, b := n.Parties[0].Utility, n.Parties[1].Utility
	d := [2]float64{n.Parties[0].Reservation, n.Parties[1].Reservation}
	for _, rational := range []bool{false, true} {
		got := map[Outcome]bool{}
		for _, p := range refFrontier(a, b, d, rational) {
			got[p.Outcome] = true
		}
		want := bruteFrontier(a, b, d, rational)
		if len(got) != len(want) {
			t.Fatalf("rational=%v: %d frontier points, brute force %d", rational, len(got), len(want))
		}
		for _, o := range want {
			if !got[o] {
				t.Fatalf("rational=%v: %d missing", rational, o)
			}
		}
	}
}
