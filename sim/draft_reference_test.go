package sim

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// The facilitator's drafting pass as it was before the fused scan (sim as
// of the what-if work, issue 11), kept as an oracle.

// refBestJ is the drafting pass before the fused scan: the highest
// criterion with guarantee gi, coverage by Guarantee.Covers.
func refBestJ(m *mediation, util [2][]float64, r [2]float64, gi int) float64 {
	best := math.Inf(-1)
	for o := range Outcome(m.n.Space.Size()) {
		best = max(best, refCriterion(m, util, r, gi, o))
	}
	return best
}

// refArgmaxJ is argmaxJ before the fused scan, without self-interest.
func refArgmaxJ(m *mediation, util [2][]float64, r [2]float64, gi int) Outcome {
	best, bo := math.Inf(-1), NoOutcome
	for o := range Outcome(m.n.Space.Size()) {
		if v := refCriterion(m, util, r, gi, o); v > best {
			best, bo = v, o
		}
	}
	return bo
}

func refCriterion(m *mediation, util [2][]float64, r [2]float64, gi int, o Outcome) float64 {
	var u [2]float64
	for p := range 2 {
		u[p] = util[p][o]
		if gi >= 0 && m.f.Guarantees[gi].Covers(m.n.Space, o) {
			u[p] += m.f.Guarantees[gi].Delta[p]
		}
	}
	return m.crit(u[0], u[1], r)
}

// TestDraftScanMatchesReference checks the fused drafting pass against one
// pass per guarantee and per question, for every draft rule, with and
// without bias, on random negotiations and guarantees (some covering
// nothing, some everything), and the coverage table against Covers.
func TestDraftScanMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	for trial := range 200 {
		s := synthSpace(t, randomShape(r))
		n := twoParty(t, s, uint64(trial), trial%2 == 0)
		f := &Facilitator{Draft: DraftRule(r.IntN(3)), Budget: 1}
		if r.IntN(2) == 0 {
			f.Bias = 2*r.Float64() - 1
		}
		for range r.IntN(4) {
			var g Guarantee
			for range r.IntN(3) {
				i := r.IntN(s.NumIssues())
				g.When = append(g.When, Condition{Issue: i, Value: r.IntN(len(s.Issues()[i].Values))})
			}
			g.Delta = [2]float64{0.3 * r.Float64(), 0.3 * r.Float64()}
			f.Guarantees = append(f.Guarantees, g)
		}
		n.Facilitator = f
		m := newMediation(n)
		m.ownPrev = [2]float64{r.Float64(), r.Float64()}
		if trial%7 == 0 {
			m.ownPrev[0] = math.NaN() // a party that has not offered yet
		}
		util := [2][]float64{n.Parties[0].Utility.Values(), n.Parties[1].Utility.Values()}
		res := [2]float64{n.Parties[0].Reservation, n.Parties[1].Reservation}
		m.covers()
		m.scan(util, res)
		for gi := -1; gi < len(f.Guarantees); gi++ {
			if gi >= 0 {
				for o := range Outcome(s.Size()) {
					if m.cover[gi][o] != f.Guarantees[gi].Covers(s, o) {
						t.Fatalf("trial %d: guarantee %d: coverage of %d differs", trial, gi, o)
					}
				}
			}
			want, wantArg := refBestJ(m, util, res, gi), refArgmaxJ(m, util, res, gi)
			if got := m.best[gi+1]; math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("trial %d (%v, bias %v): guarantee %d: best %v, want %v", trial, f.Draft, f.Bias, gi, got, want)
			}
			if got := m.arg[gi+1]; got != wantArg {
				t.Fatalf("trial %d (%v, bias %v): guarantee %d: first best %d, want %d", trial, f.Draft, f.Bias, gi, got, wantArg)
			}
		}
	}
}

// TestScanBiasedMatchesScanAny checks that the pruned pass for the biased
// Nash criterion finds the bests and first best outcomes of the plain
// pass bit for bit, with the extreme biases ±1 (one exponent 0), tiny
// ones, reservation values on some outcome's utility (gains of exactly 0)
// and utilities with ties.
func TestScanBiasedMatchesScanAny(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	for trial := range 300 {
		s := synthSpace(t, randomShape(r))
		n := twoParty(t, s, uint64(trial), trial%3 != 0)
		biases := []float64{-1, 1, 1e-9, -0.5, 0.25, 2*r.Float64() - 1}
		f := &Facilitator{Draft: DraftNash, Bias: biases[trial%len(biases)], Budget: 1}
		for range r.IntN(3) {
			i := r.IntN(s.NumIssues())
			f.Guarantees = append(f.Guarantees, Guarantee{
				When:  []Condition{{Issue: i, Value: r.IntN(len(s.Issues()[i].Values))}},
				Delta: [2]float64{0.2 * r.Float64(), 0.2 * r.Float64()},
			})
		}
		n.Facilitator = f
		m := newMediation(n)
		util := [2][]float64{n.Parties[0].Utility.Values(), n.Parties[1].Utility.Values()}
		res := [2]float64{n.Parties[0].Reservation, n.Parties[1].Reservation}
		m.covers()
		m.scan(util, res) // sizes the buffers; the biased pass
		got, gotArg := slices.Clone(m.best), slices.Clone(m.arg)
		for i := range m.best {
			m.best[i], m.arg[i] = math.Inf(-1), NoOutcome
		}
		m.scanAny(util, res)
		for i := range got {
			if math.Float64bits(got[i]) != math.Float64bits(m.best[i]) || gotArg[i] != m.arg[i] {
				t.Fatalf("trial %d (bias %v), slot %d: best %v at %d, want %v at %d", trial, f.Bias, i, got[i], gotArg[i], m.best[i], m.arg[i])
			}
		}
	}
}
