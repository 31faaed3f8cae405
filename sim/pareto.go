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
// It runs in O(n): two passes over the tables rule out most dominated
// outcomes, and one pass over the precomputed ranking of A's utilities
// (radix-sorted when the table is built) keeps the frontier of the rest.
func Frontier(a, b *Utility, d [2]float64, rational bool) []Point {
	out := appendFrontier(nil, a, b, new(frontierBuffers))
	if rational {
		out = rationalPart(out, d)
	}
	return out
}

// frontierBuffers holds what appendFrontier computes on the way, reused
// from one frontier to the next.
type frontierBuffers struct {
	above   []float64 // above[k]: the highest u_B of the slices of u_A above slice k
	cand    []Outcome // the outcomes that may be on the frontier
	witness []Outcome // the outcomes of the last frontier
	keys    []uint64  // the sort keys of cand
}

// appendFrontier appends the Pareto frontier of a and b to dst, sorted by
// decreasing u_A, then increasing outcome index. It counts the points
// first, so that dst grows once, to the frontier's size.
func appendFrontier(dst []Point, a, b *Utility, buf *frontierBuffers) []Point {
	cand := frontierCandidates(a, b, buf)
	n := walkFrontier(cand, a, b, nil)
	dst = slices.Grow(dst, n)
	buf.witness = buf.witness[:0]
	if n <= a.Len()/32 {
		buf.witness = slices.Grow(buf.witness, n)
	}
	walkFrontier(cand, a, b, func(p Point) {
		dst = append(dst, p)
		if len(buf.witness) < cap(buf.witness) {
			buf.witness = append(buf.witness, p.Outcome)
		}
	})
	return dst
}

// frontierCandidates returns the outcomes that may be on the Pareto
// frontier of a and b, in the order of a.Ranked(): every outcome of the
// frontier, and few others, or else a.Ranked() itself. It cuts A's range
// of utilities into equal slices and rules out an outcome when some slice
// above its own holds an outcome at least as good for B, which dominates
// it strictly. The outcomes of the last frontier it found, worth what they
// are worth in a and b, are tried first as the outcomes that rule others
// out: when a negotiation's tables are drawn anew for each run, they lie
// near the new frontier, and a pass over all outcomes is saved. It gives
// up, returning a.Ranked(), when more than one outcome in 32 remains, and
// for tables that NewUtility did not rank by value (see Utility.byValue)
// or that hold a utility that is not finite.
func frontierCandidates(a, b *Utility, buf *frontierBuffers) []Outcome {
	ua, ub := a.Values(), b.Values()[:a.Len()]
	n := len(ua)
	limit := n / 32
	lo, hi := a.Min(), a.Max()
	if !a.byValue || limit == 0 || !finite(hi-lo) || !finite(b.Max()-b.Min()) || hi == lo {
		return a.Ranked()
	}
	k := min(max(n/16, 1), 1<<12)
	sl := slicer{lo: lo, scale: float64(k) / (hi - lo), last: k - 1}
	buf.above = resize(buf.above, k)
	buf.cand = resize(buf.cand, limit)
	if len(buf.witness) > 0 {
		sl.maxima(buf.above, ua, ub, buf.witness)
		if cand, ok := sl.candidates(buf.above, ua, ub, buf.cand[:0:limit], &buf.keys); ok {
			return cand
		}
	}
	sl.maxima(buf.above, ua, ub, nil)
	if cand, ok := sl.candidates(buf.above, ua, ub, buf.cand[:0:limit], &buf.keys); ok {
		return cand
	}
	return a.Ranked()
}

// slicer cuts A's range of utilities [lo, hi] into last+1 equal slices.
type slicer struct {
	lo, scale float64 // scale: slices per unit of utility
	last      int
}

// of returns the slice of utility x, in [lo, hi].
func (c slicer) of(x float64) int { return min(int((x-c.lo)*c.scale), c.last) }

// maxima writes into above the highest u_B of the outcomes of each slice
// (all outcomes when witnesses is nil, else those of witnesses that are
// outcomes of ua), and then replaces each by the highest of the slices
// above it.
func (c slicer) maxima(above, ua, ub []float64, witnesses []Outcome) {
	for i := range above {
		above[i] = math.Inf(-1)
	}
	if witnesses == nil {
		for o, x := range ua {
			if s := c.of(x); ub[o] > above[s] {
				above[s] = ub[o]
			}
		}
	}
	for _, o := range witnesses {
		if int(o) < len(ua) {
			if s := c.of(ua[o]); ub[o] > above[s] {
				above[s] = ub[o]
			}
		}
	}
	best := math.Inf(-1)
	for s := len(above) - 1; s >= 0; s-- {
		best, above[s] = max(best, above[s]), best
	}
}

// candidates appends to cand, whose capacity is the most it takes, the
// outcomes that no outcome of a slice above their own dominates, given
// the highest u_B of the slices above each slice in above, sorted as
// Ranked sorts a table ranked by value (sorting their keys in keyBuf);
// false when there are more.
func (c slicer) candidates(above, ua, ub []float64, cand []Outcome, keyBuf *[]uint64) ([]Outcome, bool) {
	for o, x := range ua {
		if ub[o] > above[c.of(x)] {
			if len(cand) == cap(cand) {
				return nil, false
			}
			cand = append(cand, Outcome(o))
		}
	}
	// Sort them by (utility, index) as keys: a table ranked by value holds
	// utilities of whole picounits, which x·1e12 rounds back to exactly.
	keys := (*keyBuf)[:0]
	for _, o := range cand {
		keys = append(keys, uint64(math.Round(ua[o]*1e12))<<indexBits|uint64(o))
	}
	*keyBuf = keys
	slices.Sort(keys)
	for i, k := range keys {
		cand[i] = Outcome(k & indexMask)
	}
	return cand, true
}

// finite reports whether x is neither infinite nor NaN.
func finite(x float64) bool { return x-x == 0 }

// walkFrontier calls emit, when not nil, with every point of the Pareto
// frontier of a and b in order, and returns their number. ranked holds
// outcomes in the order of a.Ranked(): all of them, or a part that holds
// the whole frontier and, for every outcome it leaves out, some outcome
// with a higher u_A and at least the same u_B.
func walkFrontier(ranked []Outcome, a, b *Utility, emit func(Point)) int {
	count := 0
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
