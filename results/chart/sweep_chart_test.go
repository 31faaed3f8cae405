package chart

import (
	"bytes"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/results/sweep"
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
			d := sweepOf(t, udPointsCSV(c.gap), "grid", "")
			var got []string
			for _, u := range d.utilityOutcomes() {
				got = append(got, u.metric())
			}
			if !slices.Equal(got, c.want) {
				t.Fatalf("utilities %v, want %v", got, c.want)
			}
			sens := sweep.Analyse(d.Data, 0)
			figs, _ := SweepCharts(d.Data, sens)
			var line *sweepLineChart
			var sc *sensitivityChart
			for _, f := range figs {
				switch f.Name {
				case SweepUtility:
					line = f.fig.(*sweepLineChart)
				case Sensitivity:
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
				gotPanels = append(gotPanels, m.Name)
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
	points := fixture.SweepPointsCSV([]string{"p", "q"}, rows, func(i int) (int, int, float64, float64) { return i, 10, 0.5, 0.3 + float64(i)/40 })
	// Add ud_b, lower than u_b by 0.1.
	lines := strings.Split(strings.TrimSpace(points), "\n")
	lines[0] += ",ud_b_mean,ud_b_lo,ud_b_hi"
	for i := 1; i < len(lines); i++ {
		v := 0.3 + float64(i-1)/40 - 0.1
		lines[i] += fmt.Sprintf(",%g,%g,%g", v, v-0.02, v+0.02)
	}
	d := sweepOf(t, strings.Join(lines, "\n")+"\n", "grid", "")
	figs, _ := SweepCharts(d.Data, sweep.Analyse(d.Data, 0))
	var names []string
	var scales [][2]float64
	for _, f := range figs {
		names = append(names, f.Name)
		if h, ok := f.fig.(*sweepHeatChart); ok && !h.rate {
			scales = append(scales, [2]float64{h.scale.lo, h.scale.hi})
		}
	}
	if want := []string{HeatmapAgreement, "heatmap-u_a", "heatmap-u_b", "heatmap-ud_b", Sensitivity}; !slices.Equal(names, want) {
		t.Errorf("charts %v, want %v", names, want)
	}
	for _, s := range scales {
		if s != scales[0] {
			t.Errorf("colour scales %v differ", scales)
		}
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
	d := readSweep(t, sweepFixture("one"))
	sens := sweep.Analyse(d.Data, 0)
	if r := sens[0].Effects[0]; !r.OneEach || r.Sobol != 1 {
		t.Fatalf("agreement rate row: oneEach %v, Sobol %v; want a by-construction index of 1", r.OneEach, r.Sobol)
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
	d3 := readSweep(t, sweepFixture("three"))
	text = strings.Join(recordedText(t, newSensitivityChart(d3, sweep.Analyse(d3.Data, 0))), "\n")
	if strings.Contains(text, "by construction") || !strings.Contains(text, "first-order Sobol index") {
		t.Errorf("three-parameter chart:\n%s", text)
	}
}

// TestSensitivityIndexRange checks that the index axis leaves room for
// every value label beside its bar and its whisker (the SRC's interval),
// so that a negative SRC's label stays clear of the parameter names on
// the left.
func TestSensitivityIndexRange(t *testing.T) {
	p := &sweep.Param{Path: "a.very.long.parameter.path", Numeric: true}
	for _, c := range []struct {
		name string
		src  []float64
		ci   [][2]float64 // the SRC intervals, if any
		w    vg.Length
	}{
		{"short bars", []float64{-0.09, -0.19}, nil, 300},
		{"long bar", []float64{-0.98}, nil, 300},
		{"narrow", []float64{-0.73, 0.4}, nil, 120},
		{"beyond one", []float64{1.1}, nil, 200},
		{"whiskers", []float64{-0.3, 0.4, 0.9}, [][2]float64{{-1.2, 0.6}, {-0.1, 1.3}, {0.8, 1.0}}, 250},
	} {
		t.Run(c.name, func(t *testing.T) {
			var rows []sweep.Effect
			for k, v := range c.src {
				r := sweep.Effect{Param: p, SRC: v, SRCLo: math.NaN(), SRCHi: math.NaN(), Sobol: 0.5, Null: 0.1}
				if c.ci != nil {
					r.SRCLo, r.SRCHi = c.ci[k][0], c.ci[k][1]
				}
				rows = append(rows, r)
			}
			ch := &sensitivityChart{panels: []sweep.Sensitivity{{Name: "agreement_rate", Effects: rows}}}
			for _, r := range rows {
				ch.xmin = math.Min(ch.xmin, math.Floor(r.SRC*4)/4)
				if !math.IsNaN(r.SRCLo) {
					ch.xmin = math.Min(ch.xmin, math.Floor(r.SRCLo*4)/4)
				}
			}
			lo, hi := ch.indexRange(c.w)
			scale := float64(c.w) / (hi - lo)
			sty := barLabelStyle()
			for _, r := range rows {
				v := r.SRC
				left, right := v, v // the ends of bar and whisker
				if !math.IsNaN(r.SRCLo) {
					left, right = math.Min(v, r.SRCLo), math.Max(v, r.SRCHi)
				}
				w := float64(sty.Width(barText(v)))
				if v < 0 && (left-lo)*scale < w+3 {
					t.Errorf("label of %v: %.1f points left of the bar, need %.1f", v, (left-lo)*scale, w+3)
				}
				if v > 0 && (hi-right)*scale < w+3 {
					t.Errorf("label of %v: %.1f points right of the bar, need %.1f", v, (hi-right)*scale, w+3)
				}
				if lo > left || hi < right {
					t.Errorf("range [%v, %v] cuts bar or whisker [%v, %v]", lo, hi, left, right)
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

// TestSensitivityChartNoise checks, on a one-parameter grid of 6 points
// where the agreement rate and b's utility are flat within their
// intervals and a's utility rises clearly, that the SRC intervals say so
// (the flat ones contain 0, a's does not), that the chart draws the
// interval legend and the pale-bar legend, and that its subtitle names
// exactly the outcomes whose intervals all overlap.
func TestSensitivityChartNoise(t *testing.T) {
	var b strings.Builder
	b.WriteString("point,x,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi,u_a_mean,u_a_lo,u_a_hi,u_b_mean,u_b_lo,u_b_hi\n")
	agreed := []int{20, 26, 18, 22, 24, 17} // of 40: Wilson intervals all overlap
	wobble := []float64{0.02, -0.03, 0.01, 0.03, -0.02, -0.01}
	for i := range 6 {
		ua := 0.3 + 0.08*float64(i)
		ub := 0.5 + wobble[i]
		fmt.Fprintf(&b, "%d,%d,40,%d,%g,,,%g,%g,%g,%g,%g,%g\n", i, i, agreed[i], float64(agreed[i])/40,
			ua, ua-0.01, ua+0.01, ub, ub-0.1, ub+0.1)
	}
	d := sweepOf(t, b.String(), "grid", "noise")
	sens := sweep.Analyse(d.Data, 0)
	noise := map[string]bool{}
	for _, m := range sens[:3] {
		r := m.Effects[0]
		if math.IsNaN(r.SRCLo) || !(r.SRCLo <= r.SRC && r.SRC <= r.SRCHi) {
			t.Fatalf("%s: SRC %v outside its interval [%v, %v]", m.Name, r.SRC, r.SRCLo, r.SRCHi)
		}
		noise[m.Name] = r.SRCNoise()
	}
	if want := map[string]bool{"agreement_rate": true, "u_a_mean": false, "u_b_mean": true}; !maps.Equal(noise, want) {
		t.Errorf("interval contains 0: %v, want %v", noise, want)
	}
	ch := newSensitivityChart(d, sens)
	sub := strings.Join(ch.hdr.lines, " ")
	if want := "agreement rate and mean utility to b: their 95% intervals at all 6 values of x overlap one another (no value stands apart; overlap is no test of a difference)"; !strings.Contains(sub, want) {
		t.Errorf("subtitle %q lacks %q", sub, want)
	}
	if strings.Contains(sub, "utility to a") {
		t.Errorf("subtitle %q calls a's utility flat", sub)
	}
	text := strings.Join(recordedText(t, ch), "\n")
	for _, want := range []string{"95% interval of the SRC", "SRC whose 95% interval includes 0"} {
		if !strings.Contains(text, want) {
			t.Errorf("chart lacks %q", want)
		}
	}

	// The "one" fixture: clear effects, no pale bar, no flat outcome.
	d1 := readSweep(t, sweepFixture("one"))
	ch = newSensitivityChart(d1, sweep.Analyse(d1.Data, 0))
	text = strings.Join(append(ch.hdr.lines, recordedText(t, ch)...), "\n")
	if strings.Contains(text, "includes 0") || strings.Contains(text, "overlap one another") {
		t.Errorf("clear effects drawn as noise:\n%s", text)
	}
	if !strings.Contains(text, "95% interval of the SRC") {
		t.Errorf("no interval legend:\n%s", text)
	}
}

// TestAllOverlap checks the test for intervals that overlap pairwise.
func TestAllOverlap(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		lo, hi []float64
		want   bool
	}{
		{[]float64{0, 0.5, 0.9}, []float64{1, 1.5, 2}, true},
		{[]float64{0, 0.5, 1.1}, []float64{1, 1.5, 2}, false}, // first and last apart
		{[]float64{0, 1}, []float64{1, 2}, true},              // touching
		{[]float64{0, nan}, []float64{1, 2}, false},
		{nil, nil, false},
	} {
		if got := allOverlap(c.lo, c.hi); got != c.want {
			t.Errorf("allOverlap(%v, %v) = %v, want %v", c.lo, c.hi, got, c.want)
		}
	}
}

// TestHeatAxes checks that with more than two varied parameters each
// outcome's heatmap takes the two parameters most influential on that
// outcome: by first-order Sobol index (an index that is 1 by construction
// left out), else by |SRC|, else the first two.
func TestHeatAxes(t *testing.T) {
	a, b, c := &sweep.Param{Path: "a"}, &sweep.Param{Path: "b"}, &sweep.Param{Path: "c"}
	varied := []*sweep.Param{a, b, c}
	nan := math.NaN()
	row := func(p *sweep.Param, sobol, src float64) sweep.Effect {
		return sweep.Effect{Param: p, Sobol: sobol, SRC: src, SRCLo: nan, SRCHi: nan, Null: nan}
	}
	sens := []sweep.Sensitivity{
		{Name: "agreement_rate", Effects: []sweep.Effect{row(a, 0.5, 0.1), row(b, 0.3, 0.9), row(c, 0.1, 0)}},
		{Name: "u_x_mean", Effects: []sweep.Effect{row(a, 0.05, 0.1), row(b, 0.2, 0.2), row(c, 0.6, -0.1)}},
		{Name: "ud_x_mean", Effects: []sweep.Effect{row(a, nan, 0.1), row(b, nan, -0.2), row(c, nan, 0.7)}},
		{Name: "ud_y_mean", Effects: []sweep.Effect{row(a, nan, nan), row(b, nan, nan), row(c, nan, nan)}},
		{Name: "u_y_mean", Effects: []sweep.Effect{row(a, 1, 0.1), row(b, 0.2, 0.5), row(c, 0.4, 0.3)}},
	}
	sens[4].Effects[0].OneEach = true
	for _, tc := range []struct {
		k      int
		x, y   *sweep.Param
		inNote string
	}{
		{0, a, b, "first-order Sobol"},
		{1, c, b, "first-order Sobol"},
		{2, c, b, "|SRC|"},
		{3, a, b, "no sensitivity index"},
		{4, c, b, "first-order Sobol"},
	} {
		px, py, note := heatAxes(varied, sens, tc.k)
		if px != tc.x || py != tc.y || !strings.Contains(note, tc.inNote) {
			t.Errorf("outcome %s: axes %s, %s (%q), want %s, %s (%q)", sens[tc.k].Name, px.Path, py.Path, note, tc.x.Path, tc.y.Path, tc.inNote)
		}
	}
	if px, py, note := heatAxes(varied[:2], sens, 1); px != a || py != b || note != "" {
		t.Errorf("two parameters: %s, %s, %q; want a, b and no note", px.Path, py.Path, note)
	}
}

// FuzzSweepCharts feeds arbitrary points.csv files to the reader, the
// analysis and the sweep charts: they may fail, never panic; every index
// is NaN or within [−1, 1] and no value of the analysis is infinite.
func FuzzSweepCharts(f *testing.F) {
	for _, c := range fixture.BadSweeps {
		f.Add([]byte(c.Points))
	}
	for _, name := range []string{"one", "two", "three", "grid3"} {
		b, err := os.ReadFile(filepath.Join(sweepFixture(name), "points.csv"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d := &sweep.Data{Design: "random"}
		if err := d.ReadPoints(bytes.NewReader(b), "points.csv"); err != nil {
			return
		}
		sens := sweep.Analyse(d, 0)
		for _, m := range sens {
			for _, r := range m.Effects {
				for _, v := range []float64{r.Sobol, r.SRC, m.R2} {
					if !math.IsNaN(v) && (v < -1-1e-9 || v > 1+1e-9) {
						t.Fatalf("%s/%s: index %v outside [-1, 1]", m.Name, r.Param.Path, v)
					}
				}
				for _, v := range []float64{r.SRCLo, r.SRCHi, r.Null, m.R2} {
					if math.IsInf(v, 0) {
						t.Fatalf("%s/%s: infinite value in the analysis", m.Name, r.Param.Path)
					}
				}
			}
		}
		// Draw every chart on a canvas that only records (a panic fails).
		figs, _ := SweepCharts(d, sens)
		for _, fg := range figs {
			w, h := fg.fig.size()
			if err := fg.fig.draw(draw.NewCanvas(new(recorder.Canvas), w, h)); err != nil {
				t.Fatalf("%s: %v", fg.Name, err)
			}
		}
	})
}
