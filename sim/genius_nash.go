package sim

// GeniusNash returns the point GENIUS reports as the Nash point of a
// negotiation, from the Pareto frontier of all its outcomes (Frontier with
// rational false, or Analysis.Frontier) and the disagreement point d: the
// frontier point with the largest product (u_A − d_A)(u_B − d_B), whether
// or not both parties accept it. Among points with the same product it
// takes the one with the lowest u_A (GENIUS scans its frontier by
// increasing u_A and keeps a point only when its product is strictly
// larger), and among outcomes with the same utilities the lowest outcome
// index. ok is false for an empty frontier, or one whose every product is
// at most −1.
//
// Where some outcome is acceptable to both, the textbook Nash point
// (Solutions.Nash) is the one to use, and GENIUS's usually coincides with
// it. Where none is, as on ANAC 2013's Lunch domain, the textbook point is
// undefined and GENIUS still reports a point: one that at least one party
// rejects, whose product may be positive only because both factors are
// negative. Report it as GENIUS's, never as the Nash point.
func GeniusNash(frontier []Point, d [2]float64) (p Point, ok bool) {
	best := -1.0
	for i := len(frontier) - 1; i >= 0; i-- { // increasing u_A
		q := frontier[i]
		v := (q.U[0] - d[0]) * (q.U[1] - d[1])
		switch {
		case v > best:
			p, best, ok = q, v, true
		case ok && v == best && q.U == p.U && q.Outcome < p.Outcome:
			p = q
		}
	}
	return p, ok
}
