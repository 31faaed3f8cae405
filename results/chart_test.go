package results

import (
	"math"
	"testing"

	"gonum.org/v1/plot/plotter"
)

func TestThin(t *testing.T) {
	// A staircase: flat stretches lose their inner points only.
	var stairs plotter.XYs
	for i := range 100 {
		stairs = append(stairs, plotter.XY{X: float64(i), Y: float64(i / 10)})
	}
	got := thin(stairs)
	if len(got) != 20 {
		t.Errorf("staircase thinned to %d points, want 20 (both ends of each step)", len(got))
	}
	if got[0] != stairs[0] || got[len(got)-1] != stairs[99] {
		t.Errorf("ends lost: %v … %v", got[0], got[len(got)-1])
	}

	// A noisy line: at most maxLinePoints, extremes and ends kept.
	var noisy plotter.XYs
	for i := range 50_000 {
		noisy = append(noisy, plotter.XY{X: float64(i), Y: math.Sin(float64(i) * 0.37)})
	}
	noisy[31_337].Y = 7
	got = thin(noisy)
	if len(got) > maxLinePoints {
		t.Errorf("%d points, want at most %d", len(got), maxLinePoints)
	}
	var top float64
	for i, p := range got {
		top = max(top, p.Y)
		if i > 0 && p.X <= got[i-1].X {
			t.Fatalf("points out of order at %d", i)
		}
	}
	if top != 7 || got[0] != noisy[0] || got[len(got)-1] != noisy[len(noisy)-1] {
		t.Errorf("lost the peak (%v) or an end", top)
	}
}

func TestRoundTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi    float64
		step      float64
		maxLabels int
	}{{0, 6.45, 1, 7}, {0, 40.5, 5, 9}, {0, 1000, 100, 11}, {0, 1, 1, 2}} {
		var labels int
		for _, tk := range (roundTicks{}).Ticks(c.lo, c.hi) {
			if tk.Label == "" {
				continue
			}
			labels++
			if math.Mod(tk.Value, c.step) != 0 {
				t.Errorf("[%v, %v]: tick %v is not a multiple of %v", c.lo, c.hi, tk.Value, c.step)
			}
		}
		if labels < 2 || labels > c.maxLabels {
			t.Errorf("[%v, %v]: %d labels", c.lo, c.hi, labels)
		}
	}
}
