package sim

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteFrontier is the O(n²) definition: o is on the frontier when no other
// outcome is at least as good for both and strictly better for one.
func bruteFrontier(a, b *Utility, d [2]float64, rational bool) []Outcome {
	var out []Outcome
	n := a.Len()
	ok := func(o Outcome) bool { return !rational || (a.Of(o) >= d[0] && b.Of(o) >= d[1]) }
	for o := range Outcome(n) {
		if !ok(o) {
			continue
		}
		dominated := false
		for p := range Outcome(n) {
			if !ok(p) {
				continue
			}
			if a.Of(p) >= a.Of(o) && b.Of(p) >= b.Of(o) && (a.Of(p) > a.Of(o) || b.Of(p) > b.Of(o)) {
				dominated = true
				break
			}
		}
		if !dominated {
			out = append(out, o)
		}
	}
	return out
}

func TestFrontierMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for trial := range 200 {
		n := 1 + r.IntN(60)
		ua, ub := make([]float64, n), make([]float64, n)
		levels := 2 + r.IntN(10) // coarse levels force ties
		for i := range n {
			ua[i] = float64(r.IntN(levels)) / float64(levels-1)
			ub[i] = float64(r.IntN(levels)) / float64(levels-1)
		}
		a, b := NewUtilityFromValues(ua), NewUtilityFromValues(ub)
		d := [2]float64{r.Float64() / 2, r.Float64() / 2}
		for _, rational := range []bool{false, true} {
			var got []Outcome
			for _, p := range Frontier(a, b, d, rational) {
				got = append(got, p.Outcome)
				if p.U != [2]float64{a.Of(p.Outcome), b.Of(p.Outcome)} {
					t.Fatalf("trial %d: point %v has wrong utilities", trial, p)
				}
			}
			want := bruteFrontier(a, b, d, rational)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("trial %d rational=%v: frontier %v, want %v (ua %v ub %v d %v)", trial, rational, got, want, ua, ub, d)
			}
		}
	}
}
