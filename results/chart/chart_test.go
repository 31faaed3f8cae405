package chart

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"

	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/sim"
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

func TestOutcomeCloud(t *testing.T) {
	// A small space: every outcome, duplicates merged.
	n := fixture.Negotiation(t, 0, 0, 0)
	pts, dense := outcomeCloud(n, func() {})
	if dense || len(pts) == 0 || len(pts) > n.Space.Size() {
		t.Errorf("small space: %d points, dense %v", len(pts), dense)
	}

	// A large space: at most MaxCloudPoints, merged onto a grid, the
	// corners of the cloud kept.
	var issues []sim.Issue
	for i := range 3 {
		is := sim.Issue{ID: fmt.Sprintf("i%d", i)}
		for v := range 40 {
			is.Values = append(is.Values, sim.Value{ID: strconv.Itoa(v)})
		}
		issues = append(issues, is)
	}
	sp, err := sim.NewSpace(issues)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	var utils [2]*sim.Utility
	for p := range 2 {
		add := sim.Additive{Weights: []float64{0.5, 0.3, 0.2}}
		for range 3 {
			vals := make([]float64, 40)
			for v := range vals {
				vals[v] = rng.Float64()
			}
			vals[0], vals[39] = 0, 1
			if p == 1 {
				vals[0], vals[39] = 1, 0
			}
			add.Values = append(add.Values, vals)
		}
		if utils[p], err = sim.NewUtility(sp, add); err != nil {
			t.Fatal(err)
		}
	}
	big := &sim.Negotiation{Space: sp, Parties: [2]sim.Party{{ID: "a", Utility: utils[0]}, {ID: "b", Utility: utils[1]}}}
	pts, dense = outcomeCloud(big, func() {})
	if !dense || len(pts) > MaxCloudPoints || len(pts) < 1000 {
		t.Fatalf("large space: %d points, dense %v", len(pts), dense)
	}
	var corner [2]bool
	for _, p := range pts {
		corner[0] = corner[0] || p == plotter.XY{X: 1, Y: 0}
		corner[1] = corner[1] || p == plotter.XY{X: 0, Y: 1}
	}
	if !corner[0] || !corner[1] {
		t.Errorf("corners kept: %v", corner)
	}
	for i := 1; i < len(pts); i++ {
		if pts[i].X < pts[i-1].X || pts[i] == pts[i-1] {
			t.Fatalf("points not sorted and distinct at %d", i)
		}
	}
}

func TestCountTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		whole  bool
		labels []string
	}{
		{0, 35, true, []string{"0", "10", "20", "30"}},
		{0, 3, true, []string{"0", "1", "2", "3"}},
		{0, 1.2, false, []string{"0", "0.2", "0.4", "0.6", "0.8", "1", "1.2"}},
		{0, 1, true, []string{"0", "1"}},
	} {
		var got []string
		for _, tk := range (countTicks{whole: c.whole}).Ticks(c.lo, c.hi) {
			got = append(got, tk.Label)
		}
		if !slices.Equal(got, c.labels) {
			t.Errorf("[%v, %v]: %v, want %v", c.lo, c.hi, got, c.labels)
		}
	}
	if tk := (roundTicks{}).Ticks(-0.5, 3); tk[0].Label != "0" {
		t.Errorf("first round tick %q, want 0 (not -0)", tk[0].Label)
	}
}

func TestLabelVariants(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"Nash", []string{"Nash"}},
		{"max. welfare", []string{"max. welfare", "max.\nwelfare"}},
		{"Nash = KS", []string{"Nash = KS", "Nash =\nKS"}},
	} {
		if got := labelVariants(c.in); !slices.Equal(got, c.want) {
			t.Errorf("labelVariants(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestContiguous(t *testing.T) {
	rows := []ConvergenceRow{{Round: 0}, {Round: 3}, {Round: 6}, {Round: 12}, {Round: 15}}
	got := contiguous(rows)
	if len(got) != 2 || len(got[0]) != 3 || len(got[1]) != 2 {
		t.Errorf("contiguous = %v", got)
	}
	if contiguous(nil) != nil {
		t.Error("contiguous(nil) not nil")
	}
}

func TestPercent(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{{0, "0%"}, {0.037, "3.7%"}, {0.5, "50%"}, {0.995, "100%"}, {1, "100%"}} {
		if got := percent(c.x); got != c.want {
			t.Errorf("percent(%v) = %q, want %q", c.x, got, c.want)
		}
	}
}

// TestFiguresWithout checks which charts are drawn from thin data, and
// that every one of them renders.
func TestFiguresWithout(t *testing.T) {
	n := fixture.Negotiation(t, 0, 0, 2) // south walks away: no agreement
	an := sim.Analyze(n)
	out := NewTally(n.Space)
	out.Add(sim.EndWalkAway, 2, [2]float64{0.3, 0.25}, nil, -1, false)
	in := &Input{Negotiation: n, Parties: [2]string{"north", "south"}, Frontier: an.Frontier, Solutions: an.Solutions, Tally: out, WantRounds: true}
	figs, warns := in.Charts()
	var names []string
	for _, f := range figs {
		names = append(names, f.Name)
		if _, _, err := renderFigure(context.Background(), f.fig, 0); err != nil {
			t.Errorf("%s: %v", f.Name, err)
		}
	}
	if want := []string{UtilitySpace, Outcomes}; !slices.Equal(names, want) {
		t.Errorf("charts %v, want %v", names, want)
	}
	if !fixture.HasWarning(warns, "rounds chart not drawn") || !fixture.HasWarning(warns, "issues chart not drawn") {
		t.Errorf("warnings = %v", warns)
	}
}

// TestRenderDPI checks the PNG's resolution: its pixels scale with the
// dots per inch asked for, 0 means DPI, the SVG does not change, and a
// resolution outside MinDPI to MaxDPI is refused.
func TestRenderDPI(t *testing.T) {
	n := fixture.Negotiation(t, 0, 0, 2)
	an := sim.Analyze(n)
	in := &Input{Negotiation: n, Parties: [2]string{"north", "south"}, Frontier: an.Frontier, Solutions: an.Solutions, Tally: NewTally(n.Space)}
	figs, _ := in.Charts()
	if len(figs) == 0 {
		t.Fatal("no chart")
	}
	c := figs[0]
	width := func(dpi int) (int, []byte) {
		t.Helper()
		p, svg, err := c.Render(t.Context(), dpi)
		if err != nil {
			t.Fatalf("%d dpi: %v", dpi, err)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(p))
		if err != nil {
			t.Fatalf("%d dpi: %v", dpi, err)
		}
		return cfg.Width, svg
	}
	w0, svg0 := width(0)
	w300, _ := width(DPI)
	w100, svg100 := width(100)
	if w0 != w300 {
		t.Errorf("0 dpi gives %d pixels, DPI %d", w0, w300)
	}
	if d := w300 - 3*w100; d < -3 || d > 3 {
		t.Errorf("%d pixels at %d dpi, %d at 100: want a third", w300, DPI, w100)
	}
	if !bytes.Equal(svg0, svg100) {
		t.Error("the SVG changed with the PNG's resolution")
	}
	for _, dpi := range []int{-1, MinDPI - 1, MaxDPI + 1} {
		if _, _, err := c.Render(t.Context(), dpi); err == nil || !strings.Contains(err.Error(), "want 50 to 1200") {
			t.Errorf("%d dpi: %v, want a refusal", dpi, err)
		}
	}
}
