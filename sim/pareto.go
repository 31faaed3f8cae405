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
	ranked := a.Ranked()
	var out []Point
	bestB := math.Inf(-1)
	// Walk A's utilities from high to low in groups of equal value: a group
	// contributes its points with the group's highest B-utility, if that is
	// above every B-utility seen at a higher A-utility.
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
			for _, o := range ranked[lo:hi] { // ascending outcome index
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
