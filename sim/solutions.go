package sim

import "math"

// MaxTies is the most outcomes a solution of Solutions lists. When more
// tie, the list holds the first outcome (in frontier order) of each
// distinct pair of utilities among them, then further tied outcomes in
// frontier order, MaxTies in all, and Solutions.Ties counts them all: so
// memory is bounded whatever the space, and every distinct point of a
// solution is listed unless more than MaxTies distinct points tie (a
// distance to the nearest point of a solution is then exact).
const MaxTies = 1000

// Ties counts the outcomes that tie for each solution, of which the lists
// of Solutions hold at most MaxTies.
type Ties struct {
	Nash, KalaiSmorodinsky, Egalitarian, GeniusKalai, MaxWelfare int
}

// Solutions holds the classic bargaining solutions of a two-party problem
// over a finite outcome space. Each solution is a list: outcomes that tie
// (within a relative 1e-12) are reported in frontier order, at most
// MaxTies of them; Ties counts them all.
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
	// Ties counts the outcomes tied for each solution; its list holds
	// all of them when there are at most MaxTies.
	Ties Ties
}

// Solve computes the bargaining solutions of utilities a and b with
// disagreement point d. Solutions that need individually rational outcomes
// are empty when there are none.
func Solve(a, b *Utility, d [2]float64) Solutions {
	return solve(a, b, d, new(solveBuffers))
}

// solve computes the solutions into buf's slices, reused, and leaves the
// frontier of all outcomes and of the rational ones in buf.frontier and
// buf.rational; the rational frontier is a part of the frontier, not a
// copy.
func solve(a, b *Utility, d [2]float64, buf *solveBuffers) Solutions {
	s := Solutions{Disagreement: d}
	buf.frontier = appendFrontier(buf.frontier[:0], a, b, &buf.walk)
	buf.rational = rationalPart(buf.frontier, d)
	all, rat := buf.frontier, buf.rational
	ua, ub := a.Values(), b.Values()[:len(a.Values())]
	rational, d0, d1 := 0, d[0], d[1]
	for o, x := range ua { // without a branch: about half the outcomes are rational
		rational += b2i(x >= d0) & b2i(ub[o] >= d1)
	}
	s.Rational = rational
	if len(rat) > 0 {
		// The frontier is sorted by decreasing u_A: its ends hold the ideals.
		s.Ideal = [2]float64{rat[0].U[0], rat[len(rat)-1].U[1]}
		ideal := s.Ideal
		buf.nash, s.Ties.Nash = argBest(buf.nash[:0], rat, func(p Point) float64 { return (p.U[0] - d[0]) * (p.U[1] - d[1]) })
		buf.ks, s.Ties.KalaiSmorodinsky = argBest(buf.ks[:0], rat, func(p Point) float64 {
			return min(ratio(p.U[0]-d[0], ideal[0]-d[0]), ratio(p.U[1]-d[1], ideal[1]-d[1]))
		})
		buf.egalitarian, s.Ties.Egalitarian = argBest(buf.egalitarian[:0], rat, func(p Point) float64 { return min(p.U[0]-d[0], p.U[1]-d[1]) })
		s.Nash, s.KalaiSmorodinsky, s.Egalitarian = buf.nash, buf.ks, buf.egalitarian
	}
	buf.genius, s.Ties.GeniusKalai = argBest(buf.genius[:0], all, func(p Point) float64 { return -math.Abs(p.U[0] - p.U[1]) })
	buf.welf, s.Ties.MaxWelfare = argBest(buf.welf[:0], all, func(p Point) float64 { return p.U[0] + p.U[1] })
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

// argBest appends to dst the points of pts, a frontier, maximising f, ties
// within a relative 1e-12 included, at most MaxTies of them (see
// MaxTies), and returns it with the number of tied points. The maximum
// over a frontier is also the maximum over all outcomes for every
// monotone f used here. Points with equal utilities are adjacent on a
// frontier, so the first of each distinct pair is the one whose
// predecessor differs.
func argBest(dst, pts []Point, f func(Point) float64) ([]Point, int) {
	best := math.Inf(-1)
	for _, p := range pts {
		best = max(best, f(p))
	}
	tol := 1e-12 * max(1, math.Abs(best))
	ties, distinct := 0, 0
	for i, p := range pts {
		if f(p) >= best-tol {
			ties++
			if i == 0 || pts[i-1].U != p.U {
				distinct++
			}
		}
	}
	if ties <= MaxTies {
		for _, p := range pts {
			if f(p) >= best-tol {
				dst = append(dst, p)
			}
		}
		return dst, ties
	}
	firsts := min(distinct, MaxTies)
	others := MaxTies - firsts
	for i, p := range pts {
		if f(p) < best-tol {
			continue
		}
		if i == 0 || pts[i-1].U != p.U {
			if firsts > 0 {
				firsts--
				dst = append(dst, p)
			}
		} else if others > 0 {
			others--
			dst = append(dst, p)
		}
	}
	return dst, ties
}

// b2i returns 1 for true and 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
