package chart

import (
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

	"github.com/parley-sim/parley/results/internal/fixture"
)

func TestLevelLabel(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"both", "both"},
		{"plain text", "plain text"},
		{"null", "none"},
		{"{}", "none"},
		{"{noise: 0.1}", "noise 0.1"},
		{"{type: boulware, e: 0.2}", "boulware (e 0.2)"},
		{"{type: hardliner}", "hardliner"},
		{"{type: tit-for-tat, params: {delta: 1, window: 3}}", "tit-for-tat (params delta 1, window 3)"},
		{"[a, b, c]", "a, b, c"},
		{"{weights: [0.5, 0.5], note: 'a, b'}", "weights 0.5, 0.5, note 'a, b'"},
		{"multi\nline", "multi line"},
		{"0.25", "0.25"},
	} {
		if got := levelLabel(c.in); got != c.want {
			t.Errorf("levelLabel(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestFitLevelTicks checks that the labels of a categorical axis fit the
// room of their level, wrapped rather than overlapping, and that levels
// too close for a label are labelled every k-th.
func TestFitLevelTicks(t *testing.T) {
	long := "boulware (e 0.2, reservation 0.35, noise 0.05)"
	for _, n := range []int{2, 4, 8, 40} {
		p := newPanel(false, false)
		var ticks plot.ConstantTicks
		for l := range n {
			ticks = append(ticks, plot.Tick{Value: float64(l), Label: long})
		}
		p.X.Tick.Marker = ticks
		p.X.Min, p.X.Max = -0.5, float64(n)-0.5
		p.Y.Min, p.Y.Max = 0, 1
		c := draw.NewCanvas(&recorder.Canvas{}, 5*vg.Inch, 3*vg.Inch)
		fitLevelTicks(p, c)
		got := p.X.Tick.Marker.(plot.ConstantTicks)
		dc := p.DataCanvas(c)
		unit := (dc.Max.X - dc.Min.X) / vg.Length(n)
		spacing := 1 // between labelled levels
		if first := labelled(got, 0); first >= 0 {
			if next := labelled(got, first+1); next > first {
				spacing = next - first
			}
		}
		room := unit * vg.Length(spacing)
		labels := 0
		for _, tk := range got {
			if tk.Label == "" {
				continue
			}
			labels++
			for _, line := range strings.Split(tk.Label, "\n") {
				if w := p.X.Tick.Label.Width(line); w > room {
					t.Errorf("%d levels: line %q is %v wide, more than its room %v", n, line, w, room)
				}
			}
			if n <= 2 && strings.Contains(tk.Label, "…") {
				t.Errorf("%d levels: %q cut although wrapping fits", n, tk.Label)
			}
		}
		if n <= 4 && labels != n {
			t.Errorf("%d levels: %d labelled", n, labels)
		}
		if labels == 0 {
			t.Errorf("%d levels: none labelled", n)
		}
	}
}

// TestSweepChartCategoricalLabels draws a sweep over strategies given as
// YAML mappings: the axis names them, not their YAML.
func TestSweepChartCategoricalLabels(t *testing.T) {
	points := fixture.SweepPointsCSV([]string{"parties.a.strategy"},
		[][]string{{`"{type: boulware, e: 0.2}"`}, {`"{type: conceder, e: 2}"`}, {"null"}},
		func(i int) (int, int, float64, float64) { return 5 + i, 10, 0.5, 0.5 })
	d := sweepFolderOf(t, points, "parties.a.strategy")
	ch := newSweepLineChart(d, d.Params[0], 0)
	text := strings.Join(recordedText(t, ch), "\n")
	for _, want := range []string{"boulware (e 0.2)", "conceder (e 2)", "none"} {
		if !strings.Contains(text, want) {
			t.Errorf("chart text lacks %q:\n%s", want, text)
		}
	}
	if strings.ContainsAny(text, "{}") {
		t.Errorf("chart text has YAML:\n%s", text)
	}
}
