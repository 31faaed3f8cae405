package sim

import (
	"math/big"
	"testing"
)

// TestSolveHandBuilt checks every solution on a small domain whose answers
// were worked out by hand with exact fractions.
func TestSolveHandBuilt(t *testing.T) {
	// Utilities in twentieths; d = (4/20, 2/20).
	pts := [][2]int64{
		{20, 0},  // 0: A's best, irrational for B
		{16, 8},  // 1: frontier; NP (12)(6)=72
		{12, 12}, // 2: frontier; NP (8)(10)=80  <- Nash; |uA-uB| = 0 <- GeniusKalai
		{8, 15},  // 3: frontier; NP (4)(13)=52; welfare 23
		{2, 20},  // 4: frontier (all), irrational for A
		{10, 10}, // 5: dominated by 2
		{12, 11}, // 6: dominated by 2
	}
	ua := make([]float64, len(pts))
	ub := make([]float64, len(pts))
	for i, p := range pts {
		ua[i], _ = new(big.Rat).SetFrac64(p[0], 20).Float64()
		ub[i], _ = new(big.Rat).SetFrac64(p[1], 20).Float64()
	}
	a, b := NewUtilityFromValues(ua), NewUtilityFromValues(ub)
	s := Solve(a, b, [2]float64{0.2, 0.1})
	// Ideal over the individually rational set: A max 16/20 (outcome 1),
	// B max 15/20 (outcome 3). KS ratios: 1: min(12/12, 6/13)=0.46;
	// 2: min(8/12, 10/13)=0.667; 3: min(4/12, 1)=0.33 -> outcome 2.
	// Egalitarian: min gains 1: 6; 2: 8; 3: 4 -> outcome 2.
	// Welfare: 0: 20, 1: 24, 2: 24, 3: 23, 4: 22 -> tie 1 and 2.
	want := map[string][]Outcome{
		"Nash":             {2},
		"KalaiSmorodinsky": {2},
		"Egalitarian":      {2},
		"GeniusKalai":      {2},
		"MaxWelfare":       {1, 2},
	}
	got := map[string][]Point{
		"Nash": s.Nash, "KalaiSmorodinsky": s.KalaiSmorodinsky, "Egalitarian": s.Egalitarian,
		"GeniusKalai": s.GeniusKalai, "MaxWelfare": s.MaxWelfare,
	}
	for name, w := range want {
		g := got[name]
		if len(g) != len(w) {
			t.Errorf("%s = %v, want outcomes %v", name, g, w)
			continue
		}
		for i := range w {
			if g[i].Outcome != w[i] {
				t.Errorf("%s = %v, want outcomes %v", name, g, w)
			}
		}
	}
	if s.Ideal != [2]float64{0.8, 0.75} {
		t.Errorf("Ideal = %v, want [0.8 0.75]", s.Ideal)
	}
	if s.Rational != 5 { // outcomes 1, 2, 3, 5 and 6
		t.Errorf("Rational = %d, want 5", s.Rational)
	}
}
