package chart

import (
	"slices"
	"testing"

	"gonum.org/v1/plot/vg/draw"

	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/sim"
)

// pts returns points of utility space of no particular outcome.
func pts(us ...[2]float64) []sim.Point {
	out := make([]sim.Point, len(us))
	for i, u := range us {
		out[i] = sim.Point{U: u}
	}
	return out
}

// TestSolutionMarks checks how the utility-space chart marks solutions
// that coincide or tie: one mark per distinct point, with every name
// there and every glyph, and "(tie)" for a solution at several points.
func TestSolutionMarks(t *testing.T) {
	a, b, c := [2]float64{0.66, 0.71}, [2]float64{0.74, 0.635}, [2]float64{0.5, 0.5}
	type mark struct {
		u      [2]float64
		labels []string
		shapes int
	}
	for _, tc := range []struct {
		name string
		sols sim.Solutions
		want []mark
	}{
		{"all apart", sim.Solutions{Nash: pts(a), KalaiSmorodinsky: pts(b), MaxWelfare: pts(c)},
			[]mark{{a, []string{"Nash"}, 1}, {b, []string{"KS"}, 1}, {c, []string{"max. welfare"}, 1}}},
		{"flagship: tie of max welfare, one point shared by all",
			sim.Solutions{Nash: pts(a), KalaiSmorodinsky: pts(a), Egalitarian: pts(a), MaxWelfare: pts(b, a)},
			[]mark{{a, []string{"Nash", "KS", "egalitarian", "max. welfare (tie)"}, 3}, {b, []string{"max. welfare (tie)"}, 1}}},
		{"two outcomes at one point are no tie",
			sim.Solutions{Nash: pts(a), MaxWelfare: []sim.Point{{Outcome: 1, U: b}, {Outcome: 2, U: b}}},
			[]mark{{a, []string{"Nash"}, 1}, {b, []string{"max. welfare"}, 1}}},
		{"rounding noise is the same point",
			sim.Solutions{Nash: pts(a), KalaiSmorodinsky: pts([2]float64{a[0] + 1e-12, a[1]})},
			[]mark{{a, []string{"Nash", "KS"}, 2}}},
		{"egalitarian alone is not marked",
			sim.Solutions{Nash: pts(a), Egalitarian: pts(c)},
			[]mark{{a, []string{"Nash"}, 1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s solutionLabels
			for _, m := range solutionMarks {
				s.addSolution(m.points(&tc.sols), m.label, m.shape)
			}
			s.addSolution(tc.sols.Egalitarian, "egalitarian", nil)
			s.sortLabels()
			if len(s.marks) != len(tc.want) {
				t.Fatalf("%d marks, want %d: %+v", len(s.marks), len(tc.want), s.marks)
			}
			for k, w := range tc.want {
				m := s.marks[k]
				if !near(m.u, w.u) || !slices.Equal(m.labels, w.labels) || len(m.shapes) != w.shapes {
					t.Errorf("mark %d = %v %q with %d glyphs, want %v %q with %d", k, m.u, m.labels, len(m.shapes), w.u, w.labels, w.shapes)
				}
				if slices.Contains(m.shapes, draw.GlyphDrawer(nil)) {
					t.Errorf("mark %d has a nil glyph", k)
				}
			}
		})
	}
}

// TestTieLegend checks the legend of a solution at too many tied points
// to mark: it says how many tie, and "or more" when the list holds
// sim.MaxTies of them, since a list that long was cut (a space of 10^7
// outcomes, every one tied for maximum welfare, read "1000 outcomes tie").
func TestTieLegend(t *testing.T) {
	n := fixture.Negotiation(t, 0, 0, 0)
	for _, c := range []struct {
		k    int
		want string
	}{{5, "maximum welfare: 5 outcomes tie"}, {sim.MaxTies - 1, "maximum welfare: 999 outcomes tie"}, {sim.MaxTies, "maximum welfare: 1000 or more outcomes tie"}} {
		in := runInput(n, nil)
		in.Solutions.MaxWelfare = make([]sim.Point, c.k)
		var labels []string
		for _, e := range newSpaceChart(in).legendEntries() {
			labels = append(labels, e.label)
		}
		if !slices.Contains(labels, c.want) {
			t.Errorf("%d tied points: legend %q, want %q", c.k, labels, c.want)
		}
	}
}
