package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestNearestMatchesScan(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	n := 2000
	ua, ub := make([]float64, n), make([]float64, n)
	for i := range n {
		ua[i], ub[i] = r.Float64(), r.Float64()
	}
	front := Frontier(NewUtilityFromValues(ua), NewUtilityFromValues(ub), [2]float64{}, false)
	for range 500 {
		u := [2]float64{r.Float64(), r.Float64()}
		want := math.Inf(1)
		for _, p := range front {
			want = min(want, math.Hypot(p.U[0]-u[0], p.U[1]-u[1]))
		}
		if got := nearest(front, u); got != want {
			t.Fatalf("nearest(%v) = %v, want %v", u, got, want)
		}
	}
}

func TestAnalyzeMetrics(t *testing.T) {
	n := pie(t, 11, linear{}, linear{}, 10)
	n.Parties[0].Reservation = 0.2
	an := Analyze(n)
	// Unit pie on a grid of tenths: the frontier is every outcome, the Nash
	// point splits the surplus over d = (0.2, 0) equally: u_A = 0.6.
	if len(an.Frontier) != 11 || len(an.RationalFrontier) != 9 {
		t.Fatalf("frontier sizes %d and %d, want 11 and 9", len(an.Frontier), len(an.RationalFrontier))
	}
	if len(an.Nash) != 1 || math.Abs(an.Nash[0].U[0]-0.6) > 1e-12 {
		t.Fatalf("Nash %v, want u_A = 0.6", an.Nash)
	}
	if math.Abs(an.Opposition-math.Hypot(0.5, 0.5)/math.Sqrt2) > 1e-12 {
		t.Errorf("Opposition = %v", an.Opposition)
	}
	m := an.Metrics([2]float64{0.8, 0.2})
	want := Metrics{
		DistPareto:   0,
		DistNash:     math.Hypot(0.2, 0.2),
		Welfare:      1,
		NashProduct:  0.6 * 0.2,
		SurplusShare: [2]float64{0.75, 0.25},
		Advantage:    [2]float64{0.75, 0.2},
	}
	if math.Abs(m.DistNash-want.DistNash) > 1e-12 || m.DistPareto > 1e-12 || math.Abs(m.Welfare-1) > 1e-12 ||
		math.Abs(m.NashProduct-want.NashProduct) > 1e-12 ||
		math.Abs(m.SurplusShare[0]-0.75) > 1e-12 || math.Abs(m.Advantage[0]-0.75) > 1e-12 || math.Abs(m.Advantage[1]-0.2) > 1e-12 {
		t.Errorf("Metrics = %+v, want %+v", m, want)
	}
	// No deal: zero surplus, shares undefined.
	m = an.Metrics([2]float64{0.2, 0})
	if !math.IsNaN(m.SurplusShare[0]) || m.NashProduct != 0 || math.Abs(m.DistPareto-math.Hypot(0.4, 0.4)) > 1e-12 {
		t.Errorf("no-deal metrics %+v", m)
	}
}

// BenchmarkAnalyze measures the frontier and every solution point of a
// million-outcome space (6 issues × 10 values), utility tables included.
func BenchmarkAnalyze(b *testing.B) {
	s, err := NewSpace(benchIssues(6))
	if err != nil {
		b.Fatal(err)
	}
	profile := func(rev bool) Additive {
		var p Additive
		for i := range 6 {
			w := float64(i + 1)
			if rev {
				w = float64(6 - i)
			}
			p.Weights = append(p.Weights, w/21)
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
	b.ReportAllocs()
	reportCPU(b)
	for b.Loop() {
		ua, _ := NewUtility(s, profile(false))
		ub, _ := NewUtility(s, profile(true))
		n := &Negotiation{Space: s, Parties: [2]Party{{Utility: ua}, {Utility: ub}}}
		an := Analyze(n)
		if len(an.Nash) == 0 {
			b.Fatal("no Nash point")
		}
	}
}

// TestToFrontier checks the distance to the frontier: positive only for a
// dominated point, 0 on and beyond the frontier.
func TestToFrontier(t *testing.T) {
	front := []Point{{U: [2]float64{1, 0}}, {U: [2]float64{0.8, 0.6}}, {U: [2]float64{0.5, 0.8}}, {U: [2]float64{0, 1}}}
	tests := []struct {
		name string
		u    [2]float64
		want float64
	}{
		{"on a frontier point", [2]float64{0.8, 0.6}, 0},
		{"beyond, as with a guarantee", [2]float64{0.86, 0.66}, 0},
		{"beyond, between points", [2]float64{0.7, 0.75}, 0},
		{"dominated", [2]float64{0.8, 0.5}, 0.1},
		{"weakly dominated: same u_B", [2]float64{0.7, 0.6}, 0.1},
		{"far inside: the nearest frontier point", [2]float64{0, 0}, math.Sqrt(0.5*0.5 + 0.8*0.8)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := toFrontier(front, tc.u); math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("toFrontier(%v) = %v, want %v", tc.u, got, tc.want)
			}
		})
	}
	if !math.IsNaN(toFrontier(nil, [2]float64{})) {
		t.Error("no frontier: want NaN")
	}
}
