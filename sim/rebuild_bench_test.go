package sim

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// flagshipRadix is the shape of the flagship's outcome space
// (south-caucasus): 5 × 9 × 9 × 4 × 4 × 3 × 3 = 58,320 outcomes.
var flagshipRadix = []int{5, 9, 9, 4, 4, 3, 3}

// synthSpace returns an outcome space with the given number of values per
// issue.
func synthSpace(tb testing.TB, radix []int) *Space {
	tb.Helper()
	issues := make([]Issue, len(radix))
	for i, r := range radix {
		issues[i] = Issue{ID: fmt.Sprintf("i%d", i)}
		for v := range r {
			issues[i].Values = append(issues[i].Values, Value{ID: fmt.Sprint(v)})
		}
	}
	s, err := NewSpace(issues)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// randomProfile draws an additive profile over s: weights from a flat
// Dirichlet, evaluations uniform in [0, 1] with the first value of every
// issue pinned to 0 and the last to 1 (as a scenario's options often are),
// and, with ties, evaluations rounded to tenths so that many outcomes tie.
func randomProfile(r *rand.Rand, s *Space, p *Additive, ties bool) {
	k := s.NumIssues()
	if len(p.Weights) != k {
		p.Weights = make([]float64, k)
		p.Values = make([][]float64, k)
		for i, is := range s.Issues() {
			p.Values[i] = make([]float64, len(is.Values))
		}
	}
	sum := 0.0
	for i := range p.Weights {
		p.Weights[i] = r.ExpFloat64()
		if ties {
			p.Weights[i] = float64(1+r.IntN(10)) / 10
		}
		sum += p.Weights[i]
	}
	for i := range p.Weights {
		p.Weights[i] /= sum
		for v := range p.Values[i] {
			x := r.Float64()
			if ties {
				x = float64(r.IntN(11)) / 10
			}
			p.Values[i][v] = x
		}
		p.Values[i][0], p.Values[i][len(p.Values[i])-1] = 0, 1
	}
}

// uncertainFlagship holds two opposed profiles over the flagship's shape
// and draws perturbed copies of them, as a scenario with every weight,
// option value and reservation uncertain would for each run: A prefers
// low value indices and B high ones on five issues, both prefer high ones
// on the last two (room for logrolling); each weight varies by ±20%
// (renormalised), each evaluation by ±0.1 (clipped to [0, 1]), each
// reservation in [0.3, 0.45].
type uncertainFlagship struct {
	space *Space
	base  [2]Additive
	draw  [2]Additive
	res   [2]float64
}

func newUncertainFlagship(tb testing.TB) *uncertainFlagship {
	f := &uncertainFlagship{space: synthSpace(tb, flagshipRadix)}
	weights := [2][]float64{{0.30, 0.10, 0.15, 0.10, 0.15, 0.05, 0.15}, {0.30, 0.05, 0.05, 0.15, 0.25, 0.10, 0.10}}
	for p := range 2 {
		for i, r := range flagshipRadix {
			vals := make([]float64, r)
			for v := range vals {
				x := float64(v) / float64(max(1, r-1))
				if p == 0 && i < 5 {
					x = 1 - x
				}
				vals[v] = x
			}
			f.base[p].Values = append(f.base[p].Values, vals)
			f.draw[p].Values = append(f.draw[p].Values, make([]float64, r))
		}
		f.base[p].Weights = weights[p]
		f.draw[p].Weights = make([]float64, len(weights[p]))
	}
	return f
}

// sample draws the profiles and reservations of one run.
func (f *uncertainFlagship) sample(r *rand.Rand) {
	for p := range 2 {
		sum := 0.0
		for i, w := range f.base[p].Weights {
			f.draw[p].Weights[i] = w * (0.8 + 0.4*r.Float64())
			sum += f.draw[p].Weights[i]
		}
		for i := range f.draw[p].Weights {
			f.draw[p].Weights[i] /= sum
			for v, x := range f.base[p].Values[i] {
				f.draw[p].Values[i][v] = min(1, max(0, x+0.2*r.Float64()-0.1))
			}
		}
		f.res[p] = 0.3 + 0.15*r.Float64()
	}
}

// BenchmarkNewUtility58k measures the one-off construction of one party's
// utility table and ranking over the flagship's 58,320 outcomes.
func BenchmarkNewUtility58k(b *testing.B) {
	f := newUncertainFlagship(b)
	r := rand.New(rand.NewPCG(1, 2))
	b.ReportAllocs()
	reportCPU(b)
	for b.Loop() {
		f.sample(r)
		if _, err := NewUtility(f.space, f.draw[0]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnalyze58k measures the one-off analysis (frontiers and
// solutions) of a negotiation over the flagship's 58,320 outcomes.
func BenchmarkAnalyze58k(b *testing.B) {
	f := newUncertainFlagship(b)
	f.sample(rand.New(rand.NewPCG(1, 2)))
	n := &Negotiation{Space: f.space}
	for p := range 2 {
		u, err := NewUtility(f.space, f.draw[p])
		if err != nil {
			b.Fatal(err)
		}
		n.Parties[p] = Party{Utility: u, Reservation: f.res[p]}
	}
	b.ReportAllocs()
	reportCPU(b)
	for b.Loop() {
		Analyze(n)
	}
}
