package sim

import (
	"math"
	"testing"
)

// TestSolveContinuousTheory checks the worked examples C, D and F of
// README.md, "Bargaining solutions": the frontier u_B = 1 − u_A², produced
// by a pie x ∈ [0, 1] with u_A = √x and u_B = 1 − x, with d = 0 and
// d = (0.2, 0.1) (Nash 1950; Kalai and Smorodinsky 1975; Kalai 1977).
func TestSolveContinuousTheory(t *testing.T) {
	pie := func(d [2]float64) ContinuousProblem {
		return ContinuousProblem{
			Lower: []float64{0}, Upper: []float64{1},
			Utility:      [2]func([]float64) float64{func(x []float64) float64 { return math.Sqrt(x[0]) }, func(x []float64) float64 { return 1 - x[0] }},
			Disagreement: d,
		}
	}
	tests := []struct {
		name               string
		d                  [2]float64
		nash, ks, egal, mw [2]float64
		ideal              [2]float64
	}{
		{
			name: "C: d = 0", d: [2]float64{0, 0},
			nash: [2]float64{0.577350, 0.666667}, ks: [2]float64{0.618034, 0.618034},
			egal: [2]float64{0.618034, 0.618034}, mw: [2]float64{0.5, 0.75},
			ideal: [2]float64{1, 1},
		},
		{
			name: "D: d = (0.2, 0.1)", d: [2]float64{0.2, 0.1},
			nash: [2]float64{0.618432, 0.617542}, ks: [2]float64{0.633799, 0.598298},
			egal: [2]float64{0.661895, 0.561895}, mw: [2]float64{0.5, 0.75},
			ideal: [2]float64{0.948683, 0.96},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := SolveContinuous(pie(tc.d))
			if err != nil {
				t.Fatal(err)
			}
			check := func(what string, got, want [2]float64) {
				t.Helper()
				if math.Abs(got[0]-want[0]) > 2e-6 || math.Abs(got[1]-want[1]) > 2e-6 {
					t.Errorf("%s = (%.6f, %.6f), want (%.6f, %.6f)", what, got[0], got[1], want[0], want[1])
				}
			}
			check("Ideal", s.Ideal, tc.ideal)
			check("Nash", s.Nash.U, tc.nash)
			check("KalaiSmorodinsky", s.KalaiSmorodinsky.U, tc.ks)
			check("Egalitarian", s.Egalitarian.U, tc.egal)
			check("MaxWelfare", s.MaxWelfare.U, tc.mw)
		})
	}
	// Example F: the Nash share of the risk-averse party is x = 1/3.
	s, err := SolveContinuous(pie([2]float64{}))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(s.Nash.X[0]-1.0/3) > 1e-5 || math.Abs(s.KalaiSmorodinsky.X[0]-0.381966) > 1e-5 {
		t.Errorf("Nash x = %.6f (want 1/3), KS x = %.6f (want 0.381966)", s.Nash.X[0], s.KalaiSmorodinsky.X[0])
	}
}

// TestContinuousAgreesWithGrid discretises the same pie ever more finely:
// the discrete Nash point converges to the continuous one.
func TestContinuousAgreesWithGrid(t *testing.T) {
	d := [2]float64{0.2, 0.1}
	prev := math.Inf(1)
	for _, n := range []int{11, 101, 1001, 10001} {
		ua, ub := make([]float64, n), make([]float64, n)
		for i := range n {
			x := float64(i) / float64(n-1)
			ua[i], ub[i] = math.Sqrt(x), 1-x
		}
		s := Solve(NewUtilityFromValues(ua), NewUtilityFromValues(ub), d)
		got := s.Nash[0].U
		err := math.Hypot(got[0]-0.618432, got[1]-0.617542)
		if err > prev+1e-6 {
			t.Errorf("grid %d: distance to the continuous Nash point %.2g grew from %.2g", n, err, prev)
		}
		if h := 1 / float64(n-1); err > 2*h {
			t.Errorf("grid %d: distance %.2g to the continuous Nash point exceeds 2h = %.2g", n, err, 2*h)
		}
		prev = err
	}
}

func TestSolveContinuousErrors(t *testing.T) {
	f := func([]float64) float64 { return 0 }
	for _, p := range []ContinuousProblem{
		{},
		{Lower: []float64{1}, Upper: []float64{0}, Utility: [2]func([]float64) float64{f, f}},
		{Lower: []float64{0}, Upper: []float64{1}},
		{Lower: []float64{0}, Upper: []float64{1}, Utility: [2]func([]float64) float64{f, f}, Disagreement: [2]float64{0.5, 0.5}},
	} {
		if _, err := SolveContinuous(p); err == nil {
			t.Errorf("%+v: no error", p)
		}
	}
}
