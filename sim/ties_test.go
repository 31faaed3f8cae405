package sim

import (
	"math"
	"runtime"
	"testing"
)

// tieNegotiation returns k issues of 10 values each on which the parties
// are exactly opposed with equal weights: A scores value v as v/9, B as
// 1 − v/9, so u_A + u_B = 1 for every outcome. Every outcome is on the
// Pareto frontier and ties for the maximum welfare, and the Nash point is
// shared by every outcome whose values sum to 9k/2.
func tieNegotiation(t testing.TB, k int) *Negotiation {
	t.Helper()
	s, err := NewSpace(benchIssues(k))
	if err != nil {
		t.Fatal(err)
	}
	profile := func(rev bool) Additive {
		var p Additive
		for range k {
			p.Weights = append(p.Weights, 1/float64(k))
			v := make([]float64, 10)
			for j := range v {
				v[j] = float64(j) / 9
				if rev {
					v[j] = 1 - v[j]
				}
			}
			p.Values = append(p.Values, v)
		}
		return p
	}
	ua, err := NewUtility(s, profile(false))
	if err != nil {
		t.Fatal(err)
	}
	ub, err := NewUtility(s, profile(true))
	if err != nil {
		t.Fatal(err)
	}
	return &Negotiation{Space: s, Parties: [2]Party{{Utility: ua}, {Utility: ub}}}
}

// TestSolutionTiesCapped checks that a solution lists at most MaxTies of
// its tied outcomes, every distinct utility point among them first, and
// counts them all in Ties: a 10⁷-outcome space whose every outcome tied
// for the maximum welfare held them all in memory and wrote a 900 MB
// solutions.csv.
func TestSolutionTiesCapped(t *testing.T) {
	n := tieNegotiation(t, 4) // 10,000 outcomes
	an := Analyze(n)
	size := n.Space.Size()
	if len(an.Frontier) != size {
		t.Fatalf("frontier of %d points, want every one of the %d outcomes", len(an.Frontier), size)
	}
	// Brute force: the outcomes maximising each solution's objective.
	count := func(f func(u [2]float64) float64) (ties, distinct int) {
		best := math.Inf(-1)
		for o := range size {
			best = max(best, f(an.Frontier[o].U))
		}
		tol := 1e-12 * max(1, math.Abs(best))
		seen := map[[2]float64]bool{}
		for o := range size {
			if u := an.Frontier[o].U; f(u) >= best-tol {
				ties++
				seen[u] = true
			}
		}
		return ties, len(seen)
	}
	for _, c := range []struct {
		name string
		list []Point
		n    int
		f    func(u [2]float64) float64
	}{
		{"Nash", an.Nash, an.Ties.Nash, func(u [2]float64) float64 { return u[0] * u[1] }},
		{"GeniusKalai", an.GeniusKalai, an.Ties.GeniusKalai, func(u [2]float64) float64 { return -math.Abs(u[0] - u[1]) }},
		{"MaxWelfare", an.MaxWelfare, an.Ties.MaxWelfare, func(u [2]float64) float64 { return u[0] + u[1] }},
		{"Egalitarian", an.Egalitarian, an.Ties.Egalitarian, func(u [2]float64) float64 { return min(u[0], u[1]) }},
	} {
		ties, distinct := count(c.f)
		if c.n != ties {
			t.Errorf("%s: Ties says %d, brute force %d", c.name, c.n, ties)
		}
		if want := min(ties, MaxTies); len(c.list) != want {
			t.Errorf("%s: %d points listed of %d tied, want %d", c.name, len(c.list), ties, want)
		}
		seen := map[[2]float64]bool{}
		for i, p := range c.list {
			seen[p.U] = true
			if i > 0 && frontierBefore(p, c.list[i-1]) {
				t.Errorf("%s: point %d out of frontier order", c.name, i)
			}
		}
		if len(seen) != min(distinct, MaxTies) {
			t.Errorf("%s: %d distinct utility points listed, want %d of %d", c.name, len(seen), min(distinct, MaxTies), distinct)
		}
	}
	if an.Ties.MaxWelfare != size {
		t.Errorf("max welfare ties %d, want every outcome (%d)", an.Ties.MaxWelfare, size)
	}
	// The rational frontier is the part of the frontier worth the
	// reservation values, shared rather than copied.
	if len(an.RationalFrontier) != size || &an.RationalFrontier[0] != &an.Frontier[0] {
		t.Errorf("the rational frontier is not the frontier itself")
	}
}

// frontierBefore reports whether p comes before q in frontier order
// (decreasing u_A, then increasing outcome).
func frontierBefore(p, q Point) bool {
	return p.U[0] > q.U[0] || p.U[0] == q.U[0] && p.Outcome < q.Outcome
}

// TestAnalyzeMemory checks that analysing a million outcomes that all
// lie on the frontier allocates little more than the frontier itself
// (24 bytes a point): the rational frontier is a part of it, and the
// solutions keep at most MaxTies points each. Before, the frontier grew
// by appends, and the rational frontier and the maximum welfare copied it
// whole, six times the frontier in all.
func TestAnalyzeMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("a million outcomes")
	}
	n := tieNegotiation(t, 6)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	an := Analyze(n)
	runtime.ReadMemStats(&after)
	frontier := uint64(len(an.Frontier)) * 24
	got := after.TotalAlloc - before.TotalAlloc
	t.Logf("Analyze of %d outcomes allocated %.1f MB; the frontier is %.1f MB", n.Space.Size(), float64(got)/1e6, float64(frontier)/1e6)
	if limit := frontier + frontier/4 + 1<<20; got > limit {
		t.Errorf("Analyze allocated %d bytes, more than %d (the frontier and a quarter)", got, limit)
	}
}
