package results

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

// udPointsCSV returns a one-parameter grid of 6 points with u_a, u_b,
// ud_a and ud_b, where ud_X = u_X − gap(X, i) at point i.
func udPointsCSV(gap func(party string, i int) float64) string {
	var b strings.Builder
	b.WriteString("point,x,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi")
	for _, m := range []string{"u_a", "u_b", "ud_a", "ud_b"} {
		b.WriteString("," + m + "_mean," + m + "_lo," + m + "_hi")
	}
	b.WriteString("\n")
	for i := range 6 {
		k := 4 + i
		fmt.Fprintf(&b, "%d,%d,10,%d,%g,,", i, i, k, float64(k)/10)
		ua, ub := 0.4+float64(i)/20, 0.7-float64(i%3)/20
		for _, v := range []float64{ua, ub, ua - gap("a", i), ub - gap("b", i)} {
			fmt.Fprintf(&b, ",%g,%g,%g", v, v-0.02, v+0.02)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestUtilityOutcomes checks the rule for charting discounted utilities:
// a party's ud_ID is drawn (heatmap, line chart, sensitivity panel) when
// it differs from its u_ID by more than discountShown at some point.
func TestUtilityOutcomes(t *testing.T) {
	for _, c := range []struct {
		name string
		gap  func(string, int) float64
		want []string
	}{
		{"no discount", func(string, int) float64 { return 0 }, []string{"u_a", "u_b"}},
		{"below what shows", func(string, int) float64 { return discountShown / 2 }, []string{"u_a", "u_b"}},
		{"one party, one point", func(p string, i int) float64 {
			if p == "b" && i == 3 {
				return 0.05
			}
			return 0
		}, []string{"u_a", "u_b", "ud_b"}},
		{"both", func(_ string, i int) float64 { return 0.01 * float64(i) }, []string{"u_a", "u_b", "ud_a", "ud_b"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := &sweepData{design: "grid"}
			if err := readSweepPoints(strings.NewReader(udPointsCSV(c.gap)), sweepPointsName, d); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, u := range d.utilityOutcomes() {
				got = append(got, u.metric())
			}
			if !slices.Equal(got, c.want) {
				t.Fatalf("utilities %v, want %v", got, c.want)
			}
			sens := analyseSweep(d, 0)
			figs, _ := sweepFigures(d, sens)
			var line *sweepLineChart
			var sc *sensitivityChart
			for _, f := range figs {
				switch f.name {
				case SweepUtilityChart:
					line = f.fig.(*sweepLineChart)
				case SensitivityChart:
					sc = f.fig.(*sensitivityChart)
				}
			}
			if line == nil || sc == nil {
				t.Fatalf("charts %v lack the utility or sensitivity chart", figs)
			}
			if len(line.series) != len(c.want) {
				t.Errorf("utility chart draws %d series, want %d", len(line.series), len(c.want))
			}
			for _, s := range line.series {
				if s.dashed != strings.Contains(s.label, "discounted") {
					t.Errorf("series %q dashed %v", s.label, s.dashed)
				}
			}
			panels := []string{"agreement_rate"}
			for _, m := range c.want {
				panels = append(panels, m+"_mean")
			}
			var gotPanels []string
			for _, m := range sc.panels {
				gotPanels = append(gotPanels, m.name)
			}
			if !slices.Equal(gotPanels, panels) {
				t.Errorf("sensitivity panels %v, want %v", gotPanels, panels)
			}
		})
	}

	// Two parameters: a heatmap for each utility drawn, one scale for all.
	var rows [][]string
	for i := range 9 {
		rows = append(rows, []string{fmt.Sprint(i % 3), fmt.Sprint(i / 3)})
	}
	d := &sweepData{design: "grid"}
	points := analysisPointsCSV([]string{"p", "q"}, rows, func(i int) (int, int, float64, float64) { return i, 10, 0.5, 0.3 + float64(i)/40 })
	// Add ud_b, lower than u_b by 0.1.
	lines := strings.Split(strings.TrimSpace(points), "\n")
	lines[0] += ",ud_b_mean,ud_b_lo,ud_b_hi"
	for i := 1; i < len(lines); i++ {
		v := 0.3 + float64(i-1)/40 - 0.1
		lines[i] += fmt.Sprintf(",%g,%g,%g", v, v-0.02, v+0.02)
	}
	if err := readSweepPoints(strings.NewReader(strings.Join(lines, "\n")+"\n"), sweepPointsName, d); err != nil {
		t.Fatal(err)
	}
	figs, _ := sweepFigures(d, analyseSweep(d, 0))
	var names []string
	var scales [][2]float64
	for _, f := range figs {
		names = append(names, f.name)
		if h, ok := f.fig.(*sweepHeatChart); ok && !h.rate {
			scales = append(scales, [2]float64{h.scale.lo, h.scale.hi})
		}
	}
	if want := []string{HeatmapAgreementChart, "heatmap-u_a", "heatmap-u_b", "heatmap-ud_b", SensitivityChart}; !slices.Equal(names, want) {
		t.Errorf("charts %v, want %v", names, want)
	}
	for _, s := range scales {
		if s != scales[0] {
			t.Errorf("colour scales %v differ", scales)
		}
	}
	if !isSweepChart("heatmap-ud_b.svg") || !isSweepChart("heatmap-u_b.png") || isSweepChart("heatmap-x.png") {
		t.Error("isSweepChart does not know the utility heatmaps")
	}
}

// recordedText returns the strings drawn by fig.
func recordedText(t *testing.T, fig figure) []string {
	t.Helper()
	var rec recorder.Canvas
	w, h := fig.size()
	if err := fig.draw(draw.NewCanvas(&rec, w, h)); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range rec.Actions {
		if fs, ok := a.(*recorder.FillString); ok {
			out = append(out, fs.String)
		}
	}
	return out
}

// TestSensitivityChartOneGroupPerPoint checks that a Sobol index that is
// 1 by construction (a one-parameter grid: one point per value) gets no
// bar and no value label, but a note, while the SRC is still drawn.
func TestSensitivityChartOneGroupPerPoint(t *testing.T) {
	dir := analysisFixture(t, "one")
	d, err := readSweepFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	sens := analyseSweep(d, 0)
	if r := sens[0].rows[0]; !r.oneEach || r.sobol != 1 {
		t.Fatalf("agreement rate row: oneEach %v, Sobol %v; want a by-construction index of 1", r.oneEach, r.sobol)
	}
	ch := newSensitivityChart(d, sens)
	text := strings.Join(recordedText(t, ch), "\n")
	for _, want := range []string{"no Sobol bar (1 by construction)", "1 by construction", "standardised regression coefficient (SRC)"} {
		if !strings.Contains(text, want) {
			t.Errorf("chart lacks %q:\n%s", want, text)
		}
	}
	for _, not := range []string{"\n1.00\n", "first-order Sobol index (share of variance)", "Sobol estimate expected without influence"} {
		if strings.Contains("\n"+text+"\n", not) {
			t.Errorf("chart draws %q for an index that is 1 by construction", strings.TrimSpace(not))
		}
	}
	// Where the index says something, it is drawn.
	d3, err := readSweepFolder(analysisFixture(t, "three"))
	if err != nil {
		t.Fatal(err)
	}
	text = strings.Join(recordedText(t, newSensitivityChart(d3, analyseSweep(d3, 0))), "\n")
	if strings.Contains(text, "by construction") || !strings.Contains(text, "first-order Sobol index") {
		t.Errorf("three-parameter chart:\n%s", text)
	}
}

// TestSensitivityIndexRange checks that the index axis leaves room for
// every value label beside its bar, so that a negative SRC's label stays
// clear of the parameter names on the left.
func TestSensitivityIndexRange(t *testing.T) {
	p := &sweepParam{path: "a.very.long.parameter.path", numeric: true}
	for _, c := range []struct {
		name string
		src  []float64
		w    vg.Length
	}{
		{"short bars", []float64{-0.09, -0.19}, 300},
		{"long bar", []float64{-0.98}, 300},
		{"narrow", []float64{-0.73, 0.4}, 120},
		{"beyond one", []float64{1.1}, 200},
	} {
		t.Run(c.name, func(t *testing.T) {
			var rows []sensRow
			for _, v := range c.src {
				rows = append(rows, sensRow{param: p, src: v, sobol: 0.5, null: 0.1})
			}
			ch := &sensitivityChart{panels: []sensMetric{{name: "agreement_rate", rows: rows}}}
			for _, r := range rows {
				ch.xmin = math.Min(ch.xmin, math.Floor(r.src*4)/4)
			}
			lo, hi := ch.indexRange(c.w)
			scale := float64(c.w) / (hi - lo)
			sty := barLabelStyle()
			for _, v := range c.src {
				w := float64(sty.Width(barText(v)))
				if v < 0 && (v-lo)*scale < w+3 {
					t.Errorf("label of %v: %.1f points left of the bar, need %.1f", v, (v-lo)*scale, w+3)
				}
				if v > 0 && (hi-v)*scale < w+3 {
					t.Errorf("label of %v: %.1f points right of the bar, need %.1f", v, (hi-v)*scale, w+3)
				}
			}
			if lo > ch.xmin || hi < 1.18 {
				t.Errorf("range [%v, %v] narrower than [%v, 1.18]", lo, hi, ch.xmin)
			}
		})
	}
}

// TestWrapPath checks that long dotted paths break after dots into lines
// that fit, and short ones stay whole.
func TestWrapPath(t *testing.T) {
	sty := textStyle(labelSize, false, inkBlack)
	for _, c := range []struct {
		path string
		w    vg.Length
		want string
	}{
		{"facilitator.bias", 200, "facilitator.bias"},
		{"facilitator.invite_when.stalled_rounds", 1000, "facilitator.invite_when.stalled_rounds"},
		{"facilitator.invite_when.stalled_rounds", sty.Width("invite_when.stalled_rounds") + 1, "facilitator.invite_when.\nstalled_rounds"},
		{"facilitator.invite_when.stalled_rounds", sty.Width("stalled_rounds") + 1, "facilitator.\ninvite_when.\nstalled_rounds"},
		{"parties.azerbaijan.discount", sty.Width("parties.azerbaijan.") + 1, "parties.azerbaijan.\ndiscount"},
	} {
		got := wrapPath(c.path, sty, c.w)
		if got != c.want {
			t.Errorf("wrapPath(%q, %v) = %q, want %q", c.path, c.w, got, c.want)
		}
		for _, l := range strings.Split(got, "\n") {
			if sty.Width(l) > c.w {
				t.Errorf("wrapPath(%q, %v): line %q too wide", c.path, c.w, l)
			}
		}
	}
	// A part wider than the width is shortened.
	if got := wrapPath("a.supercalifragilistic", sty, sty.Width("super")); strings.Contains(got, "supercalifragilistic") {
		t.Errorf("too wide a part kept whole: %q", got)
	}
}
