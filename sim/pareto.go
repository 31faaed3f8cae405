package sim

import "math"

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
		out = appendRational(nil, out, d)
	}
	return out
}

// appendFrontier appends the Pareto frontier of a and b to dst, sorted by
// decreasing u_A, then increasing outcome index.
func appendFrontier(dst []Point, a, b *Utility) []Point {
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
					dst = append(dst, Point{Outcome: o, U: [2]float64{ua, gmax}})
				}
			}
			bestB = gmax
		}
		hi = lo
	}
	return dst
}

// appendRational appends to dst the points of frontier that are
// individually rational (u ≥ d for both parties). They are the Pareto
// frontier of the individually rational outcomes: an outcome that
// dominates a rational one is rational too.
func appendRational(dst, frontier []Point, d [2]float64) []Point {
	for _, p := range frontier {
		if p.U[0] >= d[0] && p.U[1] >= d[1] {
			dst = append(dst, p)
		}
	}
	return dst
}
