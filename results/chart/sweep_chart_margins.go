package chart

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/parley-sim/parley/results/sweep"
	"github.com/parley-sim/parley/sim/stats"
)

// sweepMarginsChart draws the agreement rate against each varied
// parameter, one panel per parameter, ordered by the parameter's
// first-order Sobol index on the agreement rate. A gridded parameter shows
// the rate pooled over all points at each of its values, with its Wilson
// interval; a parameter drawn from a range shows each point's rate and the
// mean rate in equal-count bins (the conditional means behind the Sobol
// index).
type sweepMarginsChart struct {
	d      *sweepData
	params []*sweep.Param
	sobol  map[*sweep.Param]float64
	titles []string // of the panels, set as they are built
	hdr    multiHeader
	legend legendGrid
}

func newSweepMarginsChart(d *sweepData, varied []*sweep.Param, agree sweep.Sensitivity) *sweepMarginsChart {
	ch := &sweepMarginsChart{d: d, sobol: map[*sweep.Param]float64{}}
	ch.params, _ = byInfluence(varied, agree)
	for _, r := range agree.Effects {
		if !math.IsNaN(r.Sobol) {
			ch.sobol[r.Param] = r.Sobol
		}
	}
	ch.hdr = multiHeader{
		title: d.title("agreement rate by each parameter"),
		lines: []string{d.subtitle(), "each panel pools the other parameters; panels by first-order Sobol index on the agreement rate"},
	}
	for _, p := range ch.params {
		if !d.gridded(p) && len(d.Points) > maxSeriesPoints {
			ch.hdr.lines = append(ch.hdr.lines, fmt.Sprintf("dots: at most %s of the %s points (first, last and extremes kept); bins: every point",
				thousands(maxSeriesPoints), thousands(len(d.Points))))
			break
		}
	}
	var entries []legendEntry
	gridded, scattered, banded, barred := false, false, false, false
	for _, p := range ch.params {
		if d.gridded(p) {
			gridded = true
			banded = banded || p.Numeric
			barred = barred || !p.Numeric
		} else {
			scattered = true
		}
	}
	if gridded {
		thumbs := []plot.Thumbnailer{glyphThumb{marginGlyph()}}
		if banded {
			thumbs = append([]plot.Thumbnailer{lineThumb{marginLine()}}, thumbs...)
		}
		entries = append(entries, legendEntry{label: "agreement rate of all runs at the value", thumbs: thumbs})
		band := legendEntry{label: "95% Wilson interval", thumbs: []plot.Thumbnailer{boxThumb{fill: withAlpha(inkGrey, bandAlpha)}}}
		bar := legendEntry{label: "95% Wilson interval", thumbs: []plot.Thumbnailer{vErrThumb{}}}
		switch {
		case banded && barred:
			band.label += " (band)"
			bar.label += " (bar)"
			entries = append(entries, band, bar)
		case banded:
			entries = append(entries, band)
		default:
			entries = append(entries, bar)
		}
	}
	if scattered {
		entries = append(entries,
			legendEntry{label: "agreement rate of a point", thumbs: []plot.Thumbnailer{glyphThumb{scatterGlyph()}}},
			legendEntry{label: "mean in equal-count bins", thumbs: []plot.Thumbnailer{lineThumb{binLine()}, glyphThumb{marginGlyph()}}})
	}
	ch.legend = newLegendGrid(entries, chartWidth-2*margin, 2)
	return ch
}

func marginLine() draw.LineStyle { return draw.LineStyle{Color: inkBlack, Width: vg.Points(1.5)} }

func marginGlyph() draw.GlyphStyle {
	return draw.GlyphStyle{Color: inkBlack, Radius: vg.Points(2.4), Shape: draw.CircleGlyph{}}
}

func binLine() draw.LineStyle {
	return draw.LineStyle{Color: inkBlack, Width: vg.Points(1.5)}
}

func scatterGlyph() draw.GlyphStyle {
	return draw.GlyphStyle{Color: withAlpha(okabeSky, 0.75), Radius: vg.Points(1.8), Shape: draw.CircleGlyph{}}
}

// grid returns the panel rows and columns.
func (ch *sweepMarginsChart) grid() (rows, cols int) {
	n := len(ch.params)
	switch {
	case n <= 3:
		cols = n
	case n == 4:
		cols = 2
	default:
		cols = 3
	}
	return (n + cols - 1) / cols, cols
}

func (ch *sweepMarginsChart) size() (w, h vg.Length) {
	rows, _ := ch.grid()
	return chartWidth, 2*margin + ch.hdr.height() + vg.Length(rows)*sweepPanelH + ch.legend.height() + 4
}

func (ch *sweepMarginsChart) draw(dc draw.Canvas) error {
	dc.SetColor(white)
	dc.Fill(dc.Rectangle.Path())
	inner := draw.Crop(dc, margin, -margin, margin, -margin)
	ch.hdr.draw(inner)
	area := draw.Crop(inner, 0, 0, ch.legend.height()+4, -ch.hdr.height())

	// One y label for all panels.
	ls := textStyle(labelSize, false, inkBlack)
	lh := ls.Height("Mg")
	ys := ls
	ys.Rotation = math.Pi / 2
	ys.XAlign, ys.YAlign = draw.XCenter, draw.YTop
	area.FillText(ys, vg.Point{X: area.Min.X, Y: (area.Min.Y + area.Max.Y) / 2}, "agreement rate (% of runs)")
	area = draw.Crop(area, lh+8, 0, 0, 0) // the title clear of the tick labels

	// Cells give every panel a data area of the same width: the left
	// column is wider by its tick labels.
	rows, cols := ch.grid()
	var plots []*plot.Plot
	ch.titles = ch.titles[:0]
	for k, q := range ch.params {
		plots = append(plots, ch.panel(q, k%cols == 0))
	}
	const padX = 12
	padY := textStyle(noteSize, false, inkGrey).Height("Mg") + 12 // room for the panel titles
	area = draw.Crop(area, 0, 0, 0, -(padY - 4))
	probe := draw.Crop(area, 0, 0, 0, 0)
	axisW := func(p *plot.Plot) vg.Length { return p.DataCanvas(probe).Min.X - probe.Min.X }
	leftW, otherW := axisW(plots[0]), otherAxisWidth(plots, cols, axisW)
	dataW := (area.Max.X - area.Min.X - vg.Length(cols-1)*padX - leftW - vg.Length(cols-1)*otherW) / vg.Length(cols)
	rowH := (area.Max.Y - area.Min.Y - vg.Length(rows-1)*padY) / vg.Length(rows)
	cells := make([]draw.Canvas, len(plots))
	for k := range plots {
		col, row := k%cols, k/cols
		x0 := area.Min.X
		if col > 0 {
			x0 += leftW + dataW + padX + vg.Length(col-1)*(otherW+dataW+padX)
		}
		w := otherW + dataW
		if col == 0 {
			w = leftW + dataW
		}
		y1 := area.Max.Y - vg.Length(row)*(rowH+padY)
		cells[k] = draw.Canvas{Canvas: area.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: x0, Y: y1 - rowH}, Max: vg.Point{X: x0 + w, Y: y1},
		}}
	}
	for k, p := range plots {
		// A long dotted path breaks at its dots rather than spill into
		// the next panel (or squeeze this one: the plot makes room for
		// the label's width).
		p.X.Label.Text = wrapPath(ch.params[k].Path, p.X.Label.TextStyle, dataW)
		if ch.params[k].Numeric {
			fitXTicks(p, cells[k], false)
		} else {
			fitLevelTicks(p, cells[k])
		}
	}
	alignRows(plots, cells, cols)
	ts := textStyle(noteSize, false, inkGrey)
	ts.XAlign, ts.YAlign = draw.XCenter, draw.YBottom
	for k, p := range plots {
		p.Draw(cells[k])
		dc := p.DataCanvas(cells[k])
		cells[k].FillText(ts, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y + ts.Height("0")/2 + 4}, fitText(ts, ch.titles[k], dc.Max.X-dc.Min.X))
	}
	ch.legend.draw(draw.Crop(inner, 0, 0, 0, -(inner.Max.Y-inner.Min.Y-ch.legend.height())), false)
	return nil
}

// alignRows shrinks the cells of each row of panels so that their data
// areas share a top and a bottom.
func alignRows(plots []*plot.Plot, cells []draw.Canvas, cols int) {
	for start := 0; start < len(plots); start += cols {
		end := min(start+cols, len(plots))
		top, bottom := vg.Length(math.Inf(1)), vg.Length(math.Inf(-1))
		for k := start; k < end; k++ {
			dc := plots[k].DataCanvas(cells[k])
			top, bottom = min(top, dc.Max.Y), max(bottom, dc.Min.Y)
		}
		for k := start; k < end; k++ {
			dc := plots[k].DataCanvas(cells[k])
			cells[k].Max.Y -= dc.Max.Y - top
			cells[k].Min.Y += bottom - dc.Min.Y
		}
	}
}

// otherAxisWidth returns the axis width of the first panel that is not in the
// left column, or 0 if there is none.
func otherAxisWidth(plots []*plot.Plot, cols int, axisW func(*plot.Plot) vg.Length) vg.Length {
	if cols < 2 || len(plots) < 2 {
		return 0
	}
	return axisW(plots[1])
}

// panel returns the panel of parameter q; only panels on the left
// label the rate axis, which all panels share.
func (ch *sweepMarginsChart) panel(q *sweep.Param, left bool) *plot.Plot {
	d := ch.d
	p := newPanel(false, false)
	title := "no Sobol index"
	if s, ok := ch.sobol[q]; ok {
		title = "Sobol index " + strconv.FormatFloat(s, 'f', 2, 64)
	}
	ch.titles = append(ch.titles, title)
	p.Y.Min, p.Y.Max = 0, 1
	p.Y.Tick.Marker = spacedTicks{percent: true}
	if !left {
		var ticks plot.ConstantTicks
		for k := range 6 {
			ticks = append(ticks, plot.Tick{Value: float64(k) / 5})
		}
		p.Y.Tick.Marker = ticks
		for _, t := range ticks {
			p.Add(hLine(t.Value, draw.LineStyle{Color: gridGrey, Width: vg.Points(0.5)}))
		}
	}
	if d.gridded(q) {
		s := d.seriesOf(q, 0)
		s.colour, s.glyph = inkBlack, draw.CircleGlyph{}
		setSweepX(p, q, s)
		addGrid(p, true)
		addSeries(p, []sweepSeries{s}, q.Numeric, false)
		return p
	}
	setSweepX(p, q)
	addGrid(p, true)
	x := q.Num
	y := d.Outcome(0)
	dx, dy := x, y
	if keep := decimateIndex(x, y, maxSeriesPoints); keep != nil {
		dx, dy = pick(x, keep), pick(y, keep) // the bins below use every point
	}
	p.Add(newScatter(xys(dx, dy), scatterGlyph()))
	bx, by := binnedMeans(x, y, d.Bins)
	if len(bx) >= 2 {
		p.Add(newLine(xys(bx, by), binLine()))
	}
	p.Add(newScatter(xys(bx, by), marginGlyph()))
	return p
}

// binnedMeans returns the mean x and mean y of the groups SobolFirst
// forms with the given number of bins (zero means ⌈√n⌉), in order of x.
func binnedMeans(x, y []float64, bins int) (bx, by []float64) {
	group := stats.SobolGroups(x, bins)
	k := 0
	if len(group) > 0 {
		k = slices.Max(group) + 1
	}
	sx, sy, cnt := make([]float64, k), make([]float64, k), make([]float64, k)
	for i, g := range group {
		sx[g] += x[i]
		sy[g] += y[i]
		cnt[g]++
	}
	for g := range k {
		if cnt[g] > 0 {
			bx, by = append(bx, sx[g]/cnt[g]), append(by, sy[g]/cnt[g])
		}
	}
	return bx, by
}

// wrapPath returns the dotted path broken after dots into lines that fit
// the width w in style sty, as few as can be; a part too wide by itself
// is shortened with an ellipsis.
func wrapPath(path string, sty text.Style, w vg.Length) string {
	if sty.Width(path) <= w {
		return path
	}
	parts := strings.SplitAfter(path, ".")
	var lines []string
	for _, part := range parts {
		if n := len(lines); n > 0 && sty.Width(lines[n-1]+part) <= w {
			lines[n-1] += part
			continue
		}
		lines = append(lines, part)
	}
	for i, l := range lines {
		lines[i] = fitText(sty, l, w)
	}
	return strings.Join(lines, "\n")
}
