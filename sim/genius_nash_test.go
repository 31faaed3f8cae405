package sim

import "testing"

// TestGeniusNash checks GENIUS's Nash point against hand-computed cases.
func TestGeniusNash(t *testing.T) {
	for _, c := range []struct {
		name     string
		frontier []Point // by decreasing u_A, as Frontier returns it
		d        [2]float64
		want     Point
		ok       bool
	}{
		{
			// No outcome acceptable to both (d = 0.6, 0.6): the textbook
			// point is undefined; the products are (−0.1)(−0.2) = 0.02,
			// (−0.3)(−0.05) = 0.015 and (−0.5)(0.1) = −0.05.
			name:     "none acceptable",
			frontier: []Point{{0, [2]float64{0.5, 0.4}}, {1, [2]float64{0.3, 0.55}}, {2, [2]float64{0.1, 0.7}}},
			d:        [2]float64{0.6, 0.6},
			want:     Point{0, [2]float64{0.5, 0.4}}, ok: true,
		},
		{
			// With d = 0 it is the textbook point: 0.6·0.5 = 0.3 beats
			// 0.9·0.2 = 0.18 and 0.3·0.8 = 0.24.
			name:     "textbook",
			frontier: []Point{{4, [2]float64{0.9, 0.2}}, {5, [2]float64{0.6, 0.5}}, {6, [2]float64{0.3, 0.8}}},
			want:     Point{5, [2]float64{0.6, 0.5}}, ok: true,
		},
		{
			// Equal products 0.16 at (1, 0.16) and (0.16, 1): the lower u_A.
			name:     "tie",
			frontier: []Point{{7, [2]float64{1, 0.16}}, {8, [2]float64{0.16, 1}}},
			want:     Point{8, [2]float64{0.16, 1}}, ok: true,
		},
		{
			name:     "same utilities",
			frontier: []Point{{9, [2]float64{0.5, 0.5}}, {3, [2]float64{0.5, 0.5}}},
			want:     Point{3, [2]float64{0.5, 0.5}}, ok: true,
		},
		{name: "empty"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := GeniusNash(c.frontier, c.d)
			if ok != c.ok || got != c.want {
				t.Errorf("got %v, %v; want %v, %v", got, ok, c.want, c.ok)
			}
		})
	}
}
