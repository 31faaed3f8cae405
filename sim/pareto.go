package sim

import (
	"math"
	"slices"
)

// Point is an outcome with both parties' utilities.
type Point struct {
	// Outcome is the outcome.
	Outcome Outcome
	// U holds party A's and party B's utility of Outcome.
	U [2]float64
}

// Frontier returns the Pareto frontier of two utility tables over the same
// space: every outcome that no other outcome strictly dominates (at least as
// good for both and better for one). Outcomes with identical utilities are
// all kept. When rational is true, only outcomes with u ≥ d for both parties
// (individually rational) are considered. The frontier is sorted by
// decreasing utility for A, then increasing outcome index.
//
// It runs in O(n) on the precomputed ranking of A's utilities (the sort is
// done once, when the utility table is built, in O(n) by radix sort).
func Frontier(a, b *Utility, d [2]float64, rational bool) []Point {
	out := appendFrontier(nil, a, b)
	if rational {
		out = rationalPart(out, d)
	}
	return out
}

// appendFrontier appends the Pareto frontier of a and b to dst, sorted by
// decreasing u_A, then increasing outcome index. It counts the points
// first, so that dst grows once, to the frontier's size.
func appendFrontier(dst []Point, a, b *Utility) []Point {
	dst = slices.Grow(dst, walkFrontier(a, b, nil))
	walkFrontier(a, b, func(p Point) { dst = append(dst, p) })
	return dst
}

// walkFrontier calls emit, when not nil, with every point of the Pareto
// frontier of a and b in order, and returns their number.
func walkFrontier(a, b *Utility, emit func(Point)) int {
	count := 0
	ranked := a.Ranked()
	bestB, topB := math.Inf(-1), b.Max()
	// Walk A's utilities from high to low in groups of equal value: a group
	// contributes its points with the group's highest B-utility, if that is
	// above every B-utility seen at a higher A-utility. Once B's highest
	// utility is reached, no later group can contribute.
	for hi := len(ranked); hi > 0 && bestB < topB; {
		ua := a.Of(ranked[hi-1])
		lo := hi - 1
		gmax := b.Of(ranked[lo])
		for lo > 0 && a.Of(ranked[lo-1]) == ua {
			lo--
			gmax = max(gmax, b.Of(ranked[lo]))
		}
		if gmax > bestB {
			for _, o := range ranked[lo:hi] { // ascending outcome index
				if b.Of(o) == gmax {
					count++
					if emit != nil {
						emit(Point{Outcome: o, U: [2]float64{ua, gmax}})
					}
				}
			}
			bestB = gmax
		}
		hi = lo
	}
	return count
}

// rationalPart returns the points of frontier that are individually
// rational (u ≥ d for both parties): the Pareto frontier of the
// individually rational outcomes, since an outcome that dominates a
// rational one is rational too. Along a frontier u_A decreases and u_B
// increases, so they are a run of it; the result shares frontier's array,
// with its capacity cut so that an append to it cannot overwrite the
// frontier.
func rationalPart(frontier []Point, d [2]float64) []Point {
	lo := 0
	for lo < len(frontier) && frontier[lo].U[1] < d[1] {
		lo++
	}
	hi := lo
	for hi < len(frontier) && frontier[hi].U[0] >= d[0] {
		hi++
	}
	if lo == hi {
		return nil
	}
	return frontier[lo:hi:hi]
}
