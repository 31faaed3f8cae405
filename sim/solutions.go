package sim

import "math"

// Solutions holds the classic bargaining solutions of a two-party problem
// over a finite outcome space. Each solution is a list: outcomes that tie
// (within a relative 1e-12) are all reported, in frontier order.
//
// Platforms differ in what they call "Kalai": KalaiSmorodinsky is the
// textbook solution (Kalai and Smorodinsky 1975) relative to the ideal point
// of the individually rational set; GeniusKalai is what GENIUS and ANL
// report as the Kalai–Smorodinsky point (the Pareto outcome minimising
// |u_A − u_B|); Egalitarian maximises the smaller gain over the
// disagreement point (Kalai 1977; NegMAS's "kalai").
type Solutions struct {
	// Disagreement is the disagreement point d: the reservation values.
	Disagreement [2]float64
	// Ideal holds each party's highest utility over the individually
	// rational outcomes.
	Ideal [2]float64
	// Rational is the number of outcomes with u ≥ d for both parties.
	Rational int
	// Nash maximises (u_A − d_A)(u_B − d_B) over individually rational
	// outcomes (Nash 1950).
	Nash []Point
	// KalaiSmorodinsky maximises min_i (u_i − d_i)/(Ideal_i − d_i) over the
	// individually rational Pareto frontier.
	KalaiSmorodinsky []Point
	// Egalitarian maximises min_i (u_i − d_i) over the individually rational
	// Pareto frontier.
	Egalitarian []Point
	// GeniusKalai minimises |u_A − u_B| over the Pareto frontier of all
	// outcomes (GENIUS's "Kalai–Smorodinsky" point).
	GeniusKalai []Point
	// MaxWelfare maximises u_A + u_B over all outcomes.
	MaxWelfare []Point
}

// Solve computes the bargaining solutions of utilities a and b with
// disagreement point d. Solutions that need individually rational outcomes
// are empty when there are none.
func Solve(a, b *Utility, d [2]float64) Solutions {
	return solve(a, b, d, new(solveBuffers))
}

// solve computes the solutions into buf's slices, reused, and leaves the
// frontier of all outcomes and of the rational ones in buf.frontier and
// buf.rational.
func solve(a, b *Utility, d [2]float64, buf *solveBuffers) Solutions {
	s := Solutions{Disagreement: d}
	buf.frontier = appendFrontier(buf.frontier[:0], a, b)
	buf.rational = appendRational(buf.rational[:0], buf.frontier, d)
	all, rat := buf.frontier, buf.rational
	ua, ub := a.Values(), b.Values()[:len(a.Values())]
	for o, x := range ua {
		if x >= d[0] && ub[o] >= d[1] {
			s.Rational++
		}
	}
	if len(rat) > 0 {
		// The frontier is sorted by decreasing u_A: its ends hold the ideals.
		s.Ideal = [2]float64{rat[0].U[0], rat[len(rat)-1].U[1]}
		ideal := s.Ideal
		buf.nash = argBest(buf.nash[:0], rat, func(p Point) float64 { return (p.U[0] - d[0]) * (p.U[1] - d[1]) })
		buf.ks = argBest(buf.ks[:0], rat, func(p Point) float64 {
			return min(ratio(p.U[0]-d[0], ideal[0]-d[0]), ratio(p.U[1]-d[1], ideal[1]-d[1]))
		})
		buf.egalitarian = argBest(buf.egalitarian[:0], rat, func(p Point) float64 { return min(p.U[0]-d[0], p.U[1]-d[1]) })
		s.Nash, s.KalaiSmorodinsky, s.Egalitarian = buf.nash, buf.ks, buf.egalitarian
	}
	buf.genius = argBest(buf.genius[:0], all, func(p Point) float64 { return -math.Abs(p.U[0] - p.U[1]) })
	buf.welf = argBest(buf.welf[:0], all, func(p Point) float64 { return p.U[0] + p.U[1] })
	s.GeniusKalai, s.MaxWelfare = buf.genius, buf.welf
	return s
}

// ratio returns x/y, or 1 when y is zero (a party with no room to gain is
// fully satisfied).
func ratio(x, y float64) float64 {
	if y <= 0 {
		return 1
	}
	return x / y
}

// argBest appends to dst the points maximising f, ties within a relative
// 1e-12 included, and returns it. The maximum over a frontier is also the
// maximum over all outcomes for every monotone f used here.
func argBest(dst, pts []Point, f func(Point) float64) []Point {
	best := math.Inf(-1)
	for _, p := range pts {
		best = max(best, f(p))
	}
	tol := 1e-12 * max(1, math.Abs(best))
	for _, p := range pts {
		if f(p) >= best-tol {
			dst = append(dst, p)
		}
	}
	return dst
}
