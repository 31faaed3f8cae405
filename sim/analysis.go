package sim

import (
	"math"
	"sort"
)

// Analysis describes what a negotiation makes possible: its Pareto
// frontiers and bargaining solutions. Build it once per negotiation with
// Analyze; it is read-only afterwards and safe for concurrent use.
type Analysis struct {
	Solutions
	// Outcomes is the size of the outcome space.
	Outcomes int
	// Frontier is the Pareto frontier of all outcomes, by decreasing u_A.
	Frontier []Point
	// RationalFrontier is the frontier of the individually rational
	// outcomes, by decreasing u_A.
	RationalFrontier []Point
	// Best holds each party's highest utility over all outcomes.
	Best [2]float64
	// Opposition is the distance from the point (1, 1) to the nearest
	// outcome in utility space, divided by √2: 0 when one outcome is best
	// for both, near 1 on a zero-sum split (Baarslag et al. 2013's measure
	// of how opposed the parties are).
	Opposition float64
}

// Analyze computes the frontier and solutions of n, with the reservation
// values as the disagreement point.
func Analyze(n *Negotiation) *Analysis {
	var z Analyzer
	return z.Analyze(n)
}

// Analyzer analyses negotiation after negotiation, reusing its buffers: a
// worker whose runs play negotiations of their own (a [Sampler]) analyses
// each run's negotiation with one Analyzer. Its zero value is ready to use;
// it is not safe for concurrent use.
type Analyzer struct {
	an  Analysis
	buf solveBuffers
}

// solveBuffers holds the slices one analysis fills.
type solveBuffers struct {
	frontier, rational                  []Point
	nash, ks, egalitarian, genius, welf []Point
	walk                                frontierBuffers
}

// Analyze returns the analysis of n, exactly what the function Analyze
// returns. The analysis and its slices are overwritten by the next call:
// a caller that keeps one copies it.
func (z *Analyzer) Analyze(n *Negotiation) *Analysis {
	a, b := n.Parties[0].Utility, n.Parties[1].Utility
	d := [2]float64{n.Parties[0].Reservation, n.Parties[1].Reservation}
	an := &z.an
	*an = Analysis{
		Solutions: solve(a, b, d, &z.buf),
		Outcomes:  a.Len(),
		Best:      [2]float64{a.Max(), b.Max()},
	}
	an.Frontier, an.RationalFrontier = z.buf.frontier, z.buf.rational
	best := math.Inf(1)
	for _, p := range an.Frontier {
		best = min(best, math.Hypot(1-p.U[0], 1-p.U[1]))
	}
	an.Opposition = best / math.Sqrt2
	return an
}

// Metrics describes one session's result relative to what was possible.
type Metrics struct {
	// DistPareto is the Euclidean distance in utility space from the result
	// to the nearest point of the Pareto frontier (GENIUS's "distance to
	// Pareto") when some outcome is at least as good for both parties and
	// better for one; 0 otherwise, so 0 means efficient, even for an
	// agreement that a facilitator's guarantee lifts beyond the frontier of
	// the issues alone.
	DistPareto float64
	// DistNash and DistKS are the distances to the nearest Nash and
	// Kalai–Smorodinsky points; NaN when the solution does not exist.
	DistNash, DistKS float64
	// Welfare is u_A + u_B.
	Welfare float64
	// NashProduct is (u_A − d_A)(u_B − d_B), zero when either gain is negative.
	NashProduct float64
	// SurplusShare is each party's share of the total gain over the
	// disagreement point, (u_i − d_i)/Σ_j (u_j − d_j); NaN when the total
	// gain is not positive.
	SurplusShare [2]float64
	// Advantage is NegMAS's (u_i − d_i)/(max_i − d_i): the part of what a
	// party could have gained that it did gain; NaN when max_i = d_i.
	Advantage [2]float64
}

// Metrics measures a result with utilities u (the undiscounted utilities of
// the agreement, or the reservation values when there is none).
func (an *Analysis) Metrics(u [2]float64) Metrics {
	d := an.Disagreement
	m := Metrics{
		DistPareto: toFrontier(an.Frontier, u),
		DistNash:   nearestAny(an.Nash, u),
		DistKS:     nearestAny(an.KalaiSmorodinsky, u),
		Welfare:    u[0] + u[1],
	}
	ga, gb := u[0]-d[0], u[1]-d[1]
	if ga > 0 && gb > 0 {
		m.NashProduct = ga * gb
	}
	total := ga + gb
	for i, g := range [2]float64{ga, gb} {
		m.SurplusShare[i] = math.NaN()
		if total > 0 {
			m.SurplusShare[i] = g / total
		}
		m.Advantage[i] = math.NaN()
		if room := an.Best[i] - d[i]; room > 0 {
			m.Advantage[i] = g / room
		}
	}
	return m
}

// Measure returns the metrics of result res of negotiation n, whose
// analysis an is. Welfare, the Nash product, the surplus shares and the
// advantages use what the result is worth to the parties (res.Utility, a
// facilitator's guarantee included). The distances DistPareto, DistNash
// and DistKS compare outcomes of the issue space, so they use the parties'
// utilities of the agreed outcome without any guarantee, and are NaN
// without agreement: there is no agreement to measure.
func (an *Analysis) Measure(n *Negotiation, res *Result) Metrics {
	m := an.Metrics(res.Utility)
	if !res.Agreed() || res.Agreement == NoOutcome {
		m.DistPareto, m.DistNash, m.DistKS = math.NaN(), math.NaN(), math.NaN()
		return m
	}
	var u [2]float64
	for i := range 2 {
		u[i] = n.Parties[i].Utility.Of(res.Agreement)
	}
	if u != res.Utility {
		d := an.Metrics(u)
		m.DistPareto, m.DistNash, m.DistKS = d.DistPareto, d.DistNash, d.DistKS
	}
	return m
}

// nearestAny returns the distance from u to the nearest of pts, or NaN.
func nearestAny(pts []Point, u [2]float64) float64 {
	if len(pts) == 0 {
		return math.NaN()
	}
	best := math.Inf(1)
	for _, p := range pts {
		best = min(best, math.Hypot(p.U[0]-u[0], p.U[1]-u[1]))
	}
	return best
}

// toFrontier returns the distance from u to the nearest point of a
// frontier sorted by decreasing u_A when a frontier point dominates u, and
// 0 when none does (u is on or beyond the frontier); NaN without a
// frontier.
func toFrontier(front []Point, u [2]float64) float64 {
	if len(front) == 0 {
		return math.NaN()
	}
	// The frontier points with u_A ≥ u[0] form a prefix whose u_B grows
	// along it: u is dominated iff the last of them has u_B ≥ u[1] and is
	// not u itself (within the utilities' snapping tolerance).
	const eps = 1e-9
	k := sort.Search(len(front), func(i int) bool { return front[i].U[0] < u[0]-eps })
	if k == 0 {
		return 0
	}
	p := front[k-1].U
	if p[1] < u[1]-eps || (p[0] <= u[0]+eps && p[1] <= u[1]+eps) {
		return 0
	}
	return nearest(front, u)
}

// nearest returns the distance from u to the nearest point of a frontier
// sorted by decreasing u_A. It starts at u's position in that order and
// scans outwards while the gap in u_A alone could still beat the best
// distance, so a query costs O(log n) plus the points near u.
func nearest(front []Point, u [2]float64) float64 {
	if len(front) == 0 {
		return math.NaN()
	}
	k := sort.Search(len(front), func(i int) bool { return front[i].U[0] <= u[0] })
	best := math.Inf(1)
	for i := k; i < len(front); i++ {
		if u[0]-front[i].U[0] >= best {
			break
		}
		best = min(best, math.Hypot(front[i].U[0]-u[0], front[i].U[1]-u[1]))
	}
	for i := k - 1; i >= 0; i-- {
		if front[i].U[0]-u[0] >= best {
			break
		}
		best = min(best, math.Hypot(front[i].U[0]-u[0], front[i].U[1]-u[1]))
	}
	return best
}
