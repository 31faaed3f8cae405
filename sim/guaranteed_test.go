package sim

import "testing"

// TestAnalyzeGuaranteed checks the guaranteed outcome space against a
// hand-worked case: no outcome alone is acceptable to both (reservation
// values 0.55), but the route operator with the facilitator's guarantee
// (+0.1 each) is; a second guarantee is beyond the budget.
func TestAnalyzeGuaranteed(t *testing.T) {
	s, err := NewSpace([]Issue{{ID: "corridor", Values: []Value{{ID: "closed"}, {ID: "operator"}, {ID: "open"}}}})
	if err != nil {
		t.Fatal(err)
	}
	n := &Negotiation{Space: s}
	for p, u := range [][]float64{{0.9, 0.5, 0.1}, {0.1, 0.5, 0.9}} {
		n.Parties[p] = Party{ID: string(rune('a' + p)), Utility: NewUtilityFromValues(u), Reservation: 0.55}
	}
	if _, ok := AnalyzeGuaranteed(n); ok {
		t.Fatal("a negotiation without a facilitator has a guaranteed analysis")
	}
	n.Facilitator = &Facilitator{Budget: 0.1, Guarantees: []Guarantee{
		{Name: "security", When: []Condition{{Issue: 0, Value: 1}}, Delta: [2]float64{0.1, 0.1}, Cost: 0.05},
		{Name: "too dear", When: []Condition{{Issue: 0, Value: 0}}, Delta: [2]float64{0.5, 0.5}, Cost: 0.2},
	}}
	g, ok := AnalyzeGuaranteed(n)
	if !ok {
		t.Fatal("no guaranteed analysis")
	}
	wantItems := []GuaranteedOutcome{{0, -1}, {1, -1}, {1, 0}, {2, -1}}
	if len(g.Items) != len(wantItems) || g.Guarantees != 1 || g.Budget != 0.1 {
		t.Fatalf("items %v, %d guarantees within budget %v; want %v, 1, 0.1", g.Items, g.Guarantees, g.Budget, wantItems)
	}
	for i, w := range wantItems {
		if g.Items[i] != w {
			t.Errorf("item %d = %v, want %v", i, g.Items[i], w)
		}
	}
	near := func(p Point, item int, ua, ub float64) bool {
		return int(p.Outcome) == item && abs(p.U[0]-ua) < 1e-12 && abs(p.U[1]-ub) < 1e-12
	}
	// The frontier: closed (0.9, 0.1), operator with the guarantee (0.6,
	// 0.6), open (0.1, 0.9); the operator alone (0.5, 0.5) is dominated.
	if len(g.Frontier) != 3 || !near(g.Frontier[0], 0, 0.9, 0.1) || !near(g.Frontier[1], 2, 0.6, 0.6) || !near(g.Frontier[2], 3, 0.1, 0.9) {
		t.Errorf("frontier %v", g.Frontier)
	}
	if len(g.RationalFrontier) != 1 || g.Rational != 1 {
		t.Errorf("rational frontier %v, %d rational points; want the guaranteed operator alone", g.RationalFrontier, g.Rational)
	}
	for name, pts := range map[string][]Point{"Nash": g.Nash, "Kalai–Smorodinsky": g.KalaiSmorodinsky, "egalitarian": g.Egalitarian, "max welfare": g.MaxWelfare, "GENIUS Kalai": g.GeniusKalai} {
		if len(pts) != 1 || !near(pts[0], 2, 0.6, 0.6) {
			t.Errorf("%s: %v, want the guaranteed operator (0.6, 0.6)", name, pts)
		}
	}
	// The plain analysis has no Nash point.
	if an := Analyze(n); len(an.Nash) != 0 {
		t.Errorf("plain Nash %v, want none", an.Nash)
	}
	n.Facilitator.Budget = 0.01
	if _, ok := AnalyzeGuaranteed(n); ok {
		t.Error("a guaranteed analysis with no guarantee within the budget")
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
