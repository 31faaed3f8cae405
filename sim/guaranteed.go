package sim

// GuaranteedOutcome is a point of the guaranteed outcome space: an outcome
// with the facilitator's guarantee attached, or with none.
type GuaranteedOutcome struct {
	// Outcome is the outcome.
	Outcome Outcome
	// Guarantee is the guarantee attached, an index into
	// Facilitator.Guarantees, or −1 for none.
	Guarantee int
}

// GuaranteedAnalysis is the analysis of the outcomes a negotiation's
// facilitator can offer: every outcome on its own, and every outcome with
// each guarantee that covers it and that the facilitator can afford
// (Guarantee.Cost ≤ Facilitator.Budget), worth the outcome's utility plus
// the guarantee's Delta to each party. Its points are numbered by Items:
// the Outcome of every Point of Frontier, RationalFrontier and Solutions is
// an index into Items, not an outcome of the space.
type GuaranteedAnalysis struct {
	// Items lists the points of the guaranteed outcome space: for each
	// outcome in index order, the outcome alone, then with each affordable
	// guarantee that covers it, in the facilitator's order.
	Items []GuaranteedOutcome
	// Frontier is the Pareto frontier of Items, by decreasing u_A;
	// RationalFrontier that of the points acceptable to both.
	Frontier, RationalFrontier []Point
	// Solutions are the bargaining solutions over Items, with the
	// reservation values as the disagreement point (see Solutions).
	Solutions
	// Budget is the facilitator's budget; Guarantees the number of its
	// guarantees within it.
	Budget     float64
	Guarantees int
}

// AnalyzeGuaranteed returns the analysis of the guaranteed outcome space
// of n, and false when n has no facilitator or none of its guarantees is
// within its budget (the guaranteed space is then the plain one).
func AnalyzeGuaranteed(n *Negotiation) (*GuaranteedAnalysis, bool) {
	f := n.Facilitator
	if f == nil {
		return nil, false
	}
	var afford []int
	for k := range f.Guarantees {
		if f.Guarantees[k].Cost <= f.Budget {
			afford = append(afford, k)
		}
	}
	if len(afford) == 0 {
		return nil, false
	}
	g := &GuaranteedAnalysis{Budget: f.Budget, Guarantees: len(afford)}
	a, b := n.Parties[0].Utility, n.Parties[1].Utility
	var ua, ub []float64
	for o := range Outcome(n.Space.Size()) {
		g.Items = append(g.Items, GuaranteedOutcome{Outcome: o, Guarantee: -1})
		ua, ub = append(ua, a.Of(o)), append(ub, b.Of(o))
		for _, k := range afford {
			gk := &f.Guarantees[k]
			if gk.Covers(n.Space, o) {
				g.Items = append(g.Items, GuaranteedOutcome{Outcome: o, Guarantee: k})
				ua, ub = append(ua, a.Of(o)+gk.Delta[0]), append(ub, b.Of(o)+gk.Delta[1])
			}
		}
	}
	d := [2]float64{n.Parties[0].Reservation, n.Parties[1].Reservation}
	ta, tb := NewUtilityFromValues(ua), NewUtilityFromValues(ub)
	g.Solutions = Solve(ta, tb, d)
	g.Frontier = Frontier(ta, tb, d, false)
	g.RationalFrontier = rationalPart(g.Frontier, d)
	return g, true
}
