package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// twoParty returns a negotiation over s with random profiles (see
// randomProfile) and reservation values: none, random, or exactly the
// utility of some outcome, so that individual rationality ties.
func twoParty(tb testing.TB, s *Space, seed uint64, ties bool) *Negotiation {
	tb.Helper()
	r := rand.New(rand.NewPCG(seed, 1))
	n := &Negotiation{Space: s, Protocol: Protocol{Deadline: 10}}
	for i := range 2 {
		var p Additive
		randomProfile(r, s, &p, ties)
		u, err := NewUtility(s, p)
		if err != nil {
			tb.Fatal(err)
		}
		n.Parties[i] = Party{ID: string(rune('a' + i)), Utility: u, Discount: 1, Strategy: linear{}, StrategyName: "linear"}
	}
	for i := range 2 {
		switch r.IntN(3) {
		case 1:
			n.Parties[i].Reservation = 0.8 * r.Float64()
		case 2:
			n.Parties[i].Reservation = n.Parties[i].Utility.Of(Outcome(r.IntN(s.Size())))
		}
	}
	return n
}

// randomShape returns between 1 and 6 issues of 1 to 9 values, or the
// flagship's shape.
func randomShape(r *rand.Rand) []int {
	if r.IntN(8) == 0 {
		return flagshipRadix
	}
	shape := make([]int, 1+r.IntN(6))
	for i := range shape {
		shape[i] = 1 + r.IntN(9)
	}
	return shape
}

// sameUtility reports the first difference between two utility tables:
// values bit for bit, ranking, ranks and profile.
func sameUtility(got, want *Utility) string {
	if got.Len() != want.Len() {
		return "lengths differ"
	}
	for o := range want.u {
		if math.Float64bits(got.u[o]) != math.Float64bits(want.u[o]) {
			return "utilities differ"
		}
	}
	for o := range want.u {
		if got.Rank(Outcome(o)) != want.Rank(Outcome(o)) {
			return "ranks differ"
		}
	}
	switch {
	case !slices.Equal(got.order, want.order):
		return "rankings differ"
	case got.space != want.space || !slices.Equal(got.profile.Weights, want.profile.Weights):
		return "profiles differ"
	}
	return ""
}

// TestRebuildMatchesReference checks on random profiles and spaces that
// NewUtility and an in-place Rebuild of one reused table (across spaces of
// every size) give exactly what the straightforward evaluation and float
// sort give: the same bits, ranking and ranks.
func TestRebuildMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	var reused Utility
	for trial := range 300 {
		s := synthSpace(t, randomShape(r))
		var p Additive
		randomProfile(r, s, &p, trial%3 == 0)
		want := refNewUtility(s, p)
		got, err := NewUtility(s, p)
		if err != nil {
			t.Fatal(err)
		}
		if d := sameUtility(got, want); d != "" {
			t.Fatalf("trial %d (%d outcomes): NewUtility: %s", trial, s.Size(), d)
		}
		if err := reused.Rebuild(s, p); err != nil {
			t.Fatal(err)
		}
		if d := sameUtility(&reused, want); d != "" {
			t.Fatalf("trial %d (%d outcomes): Rebuild: %s", trial, s.Size(), d)
		}
	}
}

// TestRebuildOutsideUnitRange checks the fallback for utilities that are
// not in [0, 1] (profiles sim does not get from the scenario reader, but
// that NewUtility accepts): it still matches the reference.
func TestRebuildOutsideUnitRange(t *testing.T) {
	s := synthSpace(t, []int{9, 9, 9})
	for _, scale := range []float64{-1, 3, 2e4} {
		r := rand.New(rand.NewPCG(5, 6))
		var p Additive
		randomProfile(r, s, &p, true)
		for i := range p.Weights {
			p.Weights[i] *= scale
		}
		got, err := NewUtility(s, p)
		if err != nil {
			t.Fatal(err)
		}
		if d := sameUtility(got, refNewUtility(s, p)); d != "" {
			t.Fatalf("scale %v: %s", scale, d)
		}
	}
}

func TestRebuildRejectsMismatchedProfile(t *testing.T) {
	s := synthSpace(t, []int{2, 3})
	var u Utility
	if err := u.Rebuild(s, Additive{Weights: []float64{1}, Values: [][]float64{{0, 1}}}); err == nil {
		t.Fatal("Rebuild accepted a profile with one issue for two")
	}
	if err := u.Rebuild(s, Additive{Weights: []float64{0.5, 0.5}, Values: [][]float64{{0, 1}, {0, 1}}}); err == nil {
		t.Fatal("Rebuild accepted two evaluations for three values")
	}
}

// TestRebuildAllocatesNothing checks that rebuilding a table of the same
// size reuses every buffer.
func TestRebuildAllocatesNothing(t *testing.T) {
	s := synthSpace(t, flagshipRadix)
	r := rand.New(rand.NewPCG(1, 2))
	var p Additive
	randomProfile(r, s, &p, false)
	var u Utility
	if err := u.Rebuild(s, p); err != nil {
		t.Fatal(err)
	}
	if a := testing.AllocsPerRun(5, func() { _ = u.Rebuild(s, p) }); a != 0 {
		t.Errorf("Rebuild allocates %v times", a)
	}
}

// TestRoundIsMathRound checks round and roundPico against math.Round on the edge cases
// and on random numbers of every magnitude.
func TestRoundIsMathRound(t *testing.T) {
	xs := []float64{0, math.Copysign(0, -1), 0.5, -0.5, 1.5, -1.5, 2.5, 0.49999999999999994, -0.49999999999999994,
		math.Nextafter(0.5, 1), 1 << 52, 1<<52 + 1, 1<<53 - 1, 1e300, -1e300, math.Inf(1), math.Inf(-1), math.NaN(),
		4503599627370495.5, -4503599627370495.5, 1e12, 0.9999999999995e12, 5e-324,
		1.5, 2.5, 1<<40 - 0.5, 1<<41 - 0.5, math.Nextafter(1<<40-0.5, 0), math.Nextafter(1<<40-0.5, 1<<41), 1<<52 - 0.5, 1<<52 - 1.5}
	r := rand.New(rand.NewPCG(1, 1))
	for range 100000 {
		xs = append(xs, math.Float64frombits(r.Uint64()), (r.Float64()-0.5)*math.Pow(2, float64(r.IntN(120)-60)))
	}
	for _, x := range xs {
		want := math.Round(x)
		for name, f := range map[string]func(float64) float64{"round": round, "roundPico": roundPico} {
			if got := f(x); math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
				t.Fatalf("%s(%v) = %v, math.Round %v", name, x, got, want)
			}
		}
	}
}

// sameAnalysis reports the first difference between two analyses, every
// number compared bit for bit (nil and empty lists are the same).
func sameAnalysis(got, want *Analysis) string {
	eqf := func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }
	eq2 := func(x, y [2]float64) bool { return eqf(x[0], y[0]) && eqf(x[1], y[1]) }
	lists := []struct {
		name      string
		got, want []Point
	}{
		{"frontier", got.Frontier, want.Frontier},
		{"rational frontier", got.RationalFrontier, want.RationalFrontier},
		{"Nash", got.Nash, want.Nash},
		{"Kalai-Smorodinsky", got.KalaiSmorodinsky, want.KalaiSmorodinsky},
		{"egalitarian", got.Egalitarian, want.Egalitarian},
		{"GENIUS Kalai", got.GeniusKalai, want.GeniusKalai},
		{"max welfare", got.MaxWelfare, want.MaxWelfare},
	}
	for _, l := range lists {
		if !slices.EqualFunc(l.got, l.want, func(p, q Point) bool { return p.Outcome == q.Outcome && eq2(p.U, q.U) }) {
			return fmt.Sprintf("%s: %v, want %v", l.name, l.got, l.want)
		}
	}
	switch {
	case got.Outcomes != want.Outcomes || got.Rational != want.Rational:
		return "counts differ"
	case !eq2(got.Best, want.Best) || !eq2(got.Ideal, want.Ideal) || !eq2(got.Disagreement, want.Disagreement):
		return "best, ideal or disagreement point differ"
	case !eqf(got.Opposition, want.Opposition):
		return "opposition differs"
	}
	return ""
}

// TestAnalyzerMatchesReference checks on random negotiations, with and
// without ties, that Analyze and one Analyzer reused across negotiations
// of every size give exactly what the straightforward frontier walks and
// solutions give, and that the standalone Frontier and Solve agree too.
func TestAnalyzerMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	var z Analyzer
	for trial := range 300 {
		s := synthSpace(t, randomShape(r))
		n := twoParty(t, s, uint64(trial), trial%2 == 0)
		want := refAnalyze(n)
		if d := sameAnalysis(Analyze(n), want); d != "" {
			t.Fatalf("trial %d (%d outcomes): Analyze: %s", trial, s.Size(), d)
		}
		if d := sameAnalysis(z.Analyze(n), want); d != "" {
			t.Fatalf("trial %d (%d outcomes): Analyzer: %s", trial, s.Size(), d)
		}
		a, b := n.Parties[0].Utility, n.Parties[1].Utility
		d := want.Disagreement
		for _, rational := range []bool{false, true} {
			if got, w := Frontier(a, b, d, rational), refFrontier(a, b, d, rational); !slices.Equal(got, w) {
				t.Fatalf("trial %d: Frontier(rational=%v) differs", trial, rational)
			}
		}
		got := Solve(a, b, d)
		if diff := sameAnalysis(&Analysis{Solutions: got, Frontier: want.Frontier, RationalFrontier: want.RationalFrontier,
			Outcomes: want.Outcomes, Best: want.Best, Opposition: want.Opposition}, want); diff != "" {
			t.Fatalf("trial %d: Solve: %s", trial, diff)
		}
	}
}

// TestAnalyzerReusesBuffers checks that analysing a negotiation of the
// same size again allocates nothing.
func TestAnalyzerReusesBuffers(t *testing.T) {
	n := twoParty(t, synthSpace(t, flagshipRadix), 3, false)
	var z Analyzer
	z.Analyze(n)
	if a := testing.AllocsPerRun(5, func() { z.Analyze(n) }); a != 0 {
		t.Errorf("Analyze allocates %v times", a)
	}
}

// TestLazyRankingMatchesReference checks that a table Rebuild evaluates
// without ranking it (its outcomes only grouped) answers Lowest, Best, Max
// and Min exactly as the reference ranking does, for targets at, between,
// below and above the utilities, without ranking itself; and that the
// ranking it makes when asked is the reference's.
func TestLazyRankingMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	for trial := range 60 {
		shape := flagshipRadix
		if trial%2 == 1 {
			shape = []int{2 + r.IntN(8), 2 + r.IntN(8), 2 + r.IntN(8), 2 + r.IntN(8)}
		}
		s := synthSpace(t, shape)
		var p Additive
		randomProfile(r, s, &p, trial%3 == 0)
		want := refNewUtility(s, p)
		var got Utility
		if err := got.Rebuild(s, p); err != nil {
			t.Fatal(err)
		}
		lazy := s.Size() >= lazyMin && s.Size() <= lazyMax
		if got.ranked.Load() == lazy {
			t.Fatalf("trial %d (%d outcomes): ranked %v after Rebuild", trial, s.Size(), got.ranked.Load())
		}
		if got.Best() != want.Best() || got.Max() != want.Max() || got.Min() != want.Min() {
			t.Fatalf("trial %d: best %d (%v), min %v; want %d (%v), %v", trial, got.Best(), got.Max(), got.Min(), want.Best(), want.Max(), want.Min())
		}
		targets := []float64{1, 0.5, 1e-12, 0.999999, math.Nextafter(want.Max(), 2), want.Max(), want.Min()}
		for range 200 {
			x := want.Of(Outcome(r.IntN(s.Size())))
			targets = append(targets, x, math.Nextafter(x, 0), math.Nextafter(x, 1), r.Float64())
		}
		for _, x := range targets {
			go1, ok1 := got.Lowest(x)
			go2, ok2 := want.Lowest(x)
			if go1 != go2 || ok1 != ok2 {
				t.Fatalf("trial %d: Lowest(%v) = %d, %v; want %d, %v", trial, x, go1, ok1, go2, ok2)
			}
		}
		if got.ranked.Load() == lazy {
			t.Fatalf("trial %d: Lowest ranked the table", trial)
		}
		if d := sameUtility(&got, want); d != "" {
			t.Fatalf("trial %d (%d outcomes): %s", trial, s.Size(), d)
		}
	}
}
