package chart

import (
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/parley-sim/parley/sim"
	"github.com/parley-sim/parley/sim/stats"
)

// Geometry and bins of the outcomes chart.
const (
	outcomesPanelH = 2.35 * vg.Inch
	// utilityBinWidth is the width of the utility histograms' bins, in
	// steps of the tally (utilityStep): 25 × 0.001 = 0.025.
	utilityBinWidth = 25
	// maxRoundBars bounds the bars of the agreement-round histogram;
	// longer negotiations get bars of several rounds.
	maxRoundBars = 60
)

// neutralFill is the colour of bars that belong to no party.
var neutralFill = okabeSky

// outcomesChart draws four panels: how the runs ended (share of runs by
// end reason, with Wilson intervals), the round of agreement, and each
// party's utility of the result, stacked by agreement.
type outcomesChart struct {
	n           *sim.Negotiation
	facilitated bool
	names       [2]string
	hdr         header
	out         *Tally
	level       float64
	legend      legendGrid
	nominal     bool    // the reservation values are the nominal scenario's (Input.Nominal)
	ends        hbarSet // the bars of the end reasons, once built
}

func newOutcomesChart(in *Input) *outcomesChart {
	ch := &outcomesChart{n: in.Negotiation, names: partyNames(in.Negotiation, in.Parties), out: in.Tally, level: 0.95, facilitated: in.Negotiation.Facilitator != nil, nominal: in.Nominal}
	ch.hdr = header{
		title:    scenarioName(in.Scenario) + ": outcomes of all runs",
		subtitle: runSubtitle(in.Version, in.Seed, in.Tally.runs),
	}
	ch.legend = newLegendGrid(ch.legendEntries(), chartWidth-2*margin, 2)
	return ch
}

func (ch *outcomesChart) size() (w, h vg.Length) {
	return chartWidth, 2*margin + ch.hdr.height() + 2*outcomesPanelH + ch.legend.height() + 4
}

// legendEntries returns the legend: an entry for each kind of mark the
// panels draw, and none for what they do not (no bilateral agreement, no
// agreement at all, every run agreed).
func (ch *outcomesChart) legendEntries() []legendEntry {
	var out []legendEntry
	agreed := ch.out.ends[sim.EndAgreement]
	if agreed > ch.out.mediated {
		label := "agreement"
		if ch.facilitated {
			label = "agreement reached bilaterally"
		}
		out = append(out, legendEntry{label: label, thumbs: []plot.Thumbnailer{boxThumb{fill: neutralFill}}})
	}
	if ch.out.mediated > 0 {
		out = append(out, legendEntry{label: "agreement on the facilitator's text", thumbs: []plot.Thumbnailer{boxThumb{fill: okabeGreen}}})
	}
	if agreed > 0 {
		for i := range 2 {
			out = append(out, legendEntry{label: "agreement: utility to " + ch.names[i], thumbs: []plot.Thumbnailer{boxThumb{fill: partyColour[i]}}})
		}
	}
	if agreed < ch.out.runs {
		out = append(out, legendEntry{label: "no agreement", thumbs: []plot.Thumbnailer{boxThumb{fill: noDealGrey}}})
	}
	return append(out,
		legendEntry{label: reservationLabel("reservation value", ch.nominal), thumbs: []plot.Thumbnailer{lineThumb{reservationStyle(inkGrey)}}},
		legendEntry{label: "95% Wilson interval", thumbs: []plot.Thumbnailer{errThumb{}}})
}

func (ch *outcomesChart) draw(dc draw.Canvas) error {
	dc.SetColor(white)
	dc.Fill(dc.Rectangle.Path())
	inner := draw.Crop(dc, margin, -margin, margin, -margin)
	ch.hdr.draw(inner)
	area := draw.Crop(inner, 0, 0, ch.legend.height()+4, -ch.hdr.height())
	tiles := draw.Tiles{Rows: 2, Cols: 2, PadX: vg.Points(14), PadY: vg.Points(10)}

	plots := []*plot.Plot{ch.endsPanel(), ch.roundsPanel(), ch.utilityPanel(0), ch.utilityPanel(1)}
	cells := make([]draw.Canvas, len(plots))
	for k := range plots {
		cells[k] = tiles.At(area, k%2, k/2)
	}
	// Align the data areas of each column.
	for col := range 2 {
		alignLeft([]*plot.Plot{plots[col], plots[col+2]}, []draw.Canvas{cells[col], cells[col+2]})
	}
	plots[1].X.Tick.Marker = fitRoundTicks(plots[1], cells[1])
	ch.ends.size(plots[0], cells[0])
	for k, p := range plots {
		p.Draw(cells[k])
	}
	ch.legend.draw(draw.Crop(inner, 0, 0, 0, -(inner.Max.Y-inner.Min.Y-ch.legend.height())), false)
	return nil
}

// endsPanel shows the share of runs by end reason.
func (ch *outcomesChart) endsPanel() *plot.Plot {
	p := newPanel(false, false)
	panelTitle(p, "how the runs ended")
	p.X.Label.Text = "share of runs"
	var names []string
	var bars []hbar
	z := stats.Z(ch.level)
	for _, e := range sim.EndReasons() {
		k := ch.out.ends[e]
		if k == 0 && e != sim.EndAgreement {
			continue
		}
		share := float64(k) / float64(ch.out.runs)
		lo, hi := stats.Wilson(k, ch.out.runs, z)
		names = append(names, e.String())
		// Runs without agreement in grey, as in the utility panels.
		b := hbar{parts: []barPart{{share, noDealGrey}}, lo: lo, hi: hi, label: percent(share)}
		if e == sim.EndAgreement {
			b.parts[0].fill = neutralFill
		}
		if e == sim.EndAgreement && ch.out.mediated > 0 {
			m := float64(ch.out.mediated) / float64(ch.out.runs)
			b.parts = []barPart{{m, okabeGreen}, {share - m, neutralFill}}
		}
		bars = append(bars, b)
	}
	// First reason at the top.
	for a, b := 0, len(names)-1; a < b; a, b = a+1, b-1 {
		names[a], names[b] = names[b], names[a]
		bars[a], bars[b] = bars[b], bars[a]
	}
	p.NominalY(names...)
	p.Y.Min, p.Y.Max = -0.6, float64(len(names))-0.4
	p.X.Min, p.X.Max = 0, 1.22
	p.X.Tick.Marker = percentTicks{}
	addGrid(p, true)
	ch.ends = addHBars(p, bars)
	return p
}

// percent formats a share as a whole percentage, or with one decimal
// below 10%.
func percent(x float64) string {
	if x < 0.1 && x > 0 {
		return strconv.FormatFloat(math.Round(x*1000)/10, 'f', -1, 64) + "%"
	}
	return strconv.FormatFloat(math.Round(x*100), 'f', 0, 64) + "%"
}

// percentTicks marks 0–100% every 25%, labelled every 50%.
type percentTicks struct{}

// Ticks returns the ticks between lo and hi, up to 100%.
func (percentTicks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for _, v := range []float64{0, 0.25, 0.5, 0.75, 1} {
		if v < lo || v > hi {
			continue
		}
		t := plot.Tick{Value: v}
		if v == 0 || v == 0.5 || v == 1 {
			t.Label = strconv.Itoa(int(v*100)) + "%"
		}
		ts = append(ts, t)
	}
	return ts
}

// roundsPanel shows the histogram of agreement rounds.
func (ch *outcomesChart) roundsPanel() *plot.Plot {
	p := newPanel(false, false)
	panelTitle(p, "round of agreement")
	p.X.Label.Text = "round"
	p.Y.Label.Text = "runs"
	last := max(ch.out.lastRound(), ch.n.Protocol.Deadline-1, 1)
	width := max(1, (last+maxRoundBars)/maxRoundBars)
	counts, mediated := map[int]int{}, map[int]int{}
	top := 0
	for _, r := range sortedKeys(ch.out.agreedAt) {
		b := r / width * width
		counts[b] += ch.out.agreedAt[r]
		mediated[b] += ch.out.medAt[r]
		top = max(top, counts[b])
	}
	// All agreements, then those on the facilitator's text over them, from
	// 0: a stacked histogram.
	gap := draw.LineStyle{Color: white, Width: vg.Points(0.8)} // between neighbouring bars
	all := &plotter.Histogram{FillColor: neutralFill, LineStyle: gap}
	med := &plotter.Histogram{FillColor: okabeGreen, LineStyle: gap}
	for _, b := range sortedKeys(counts) {
		bin := plotter.HistogramBin{Min: float64(b) - 0.5, Max: float64(b+width) - 0.5}
		if m := mediated[b]; m > 0 {
			bin.Weight = float64(m)
			med.Bins = append(med.Bins, bin)
		}
		if counts[b] > mediated[b] {
			bin.Weight = float64(counts[b])
			all.Bins = append(all.Bins, bin)
		}
	}
	p.X.Min, p.X.Max = -0.5, float64(last)+0.5
	p.Y.Min, p.Y.Max = 0, math.Max(1, float64(top)*1.08)
	p.X.Tick.Marker = roundTicks{}
	p.Y.Tick.Marker = countTicks{whole: true}
	addGrid(p, false)
	p.Add(all, med)
	if len(counts) == 0 {
		p.Add(noteLabel(p, "no agreement"))
	}
	return p
}

// utilityPanel shows the histogram of party i's utility of the result,
// stacked: agreements in the party's colour, the rest in grey.
func (ch *outcomesChart) utilityPanel(i int) *plot.Plot {
	p := newPanel(true, false)
	panelTitle(p, "utility to "+ch.names[i])
	p.X.Label.Text = "utility of the result"
	p.Y.Label.Text = "runs"
	counts := [2]map[int]int{{}, {}} // by agreement, by bin
	hiBin := 1000 / utilityBinWidth
	for a := range 2 {
		for k, c := range ch.out.u[i][a] {
			// Utilities lie in [0, 1], or a little above with guarantees;
			// anything beyond 4 shares the last bin.
			b := min(max(k, 0), 4000) / utilityBinWidth
			if k == 1000 {
				b = hiBin - 1 // 1 belongs to the last bin of [0, 1]
			}
			counts[a][b] += c
			hiBin = max(hiBin, b+1)
		}
	}
	// All runs in grey, then the agreements over them, from 0: a stacked
	// histogram.
	edge := draw.LineStyle{Color: white, Width: vg.Points(0.5)}
	all := &plotter.Histogram{FillColor: noDealGrey, LineStyle: edge}
	deals := &plotter.Histogram{FillColor: partyColour[i], LineStyle: edge}
	top := 0.0
	w := float64(utilityBinWidth) * utilityStep
	for b := range hiBin {
		deal, none := counts[1][b], counts[0][b]
		bin := plotter.HistogramBin{Min: float64(b) * w, Max: float64(b+1) * w}
		if deal > 0 {
			bin.Weight = float64(deal)
			deals.Bins = append(deals.Bins, bin)
		}
		if none > 0 {
			bin.Weight = float64(deal + none)
			all.Bins = append(all.Bins, bin)
		}
		top = max(top, float64(deal+none))
	}
	p.X.Min, p.X.Max = 0, float64(hiBin)*w
	p.Y.Min, p.Y.Max = 0, math.Max(1, top*1.08)
	if p.X.Max > 1 {
		p.X.Tick.Marker = countTicks{}
	}
	p.Y.Tick.Marker = countTicks{whole: true}
	addGrid(p, false)
	p.Add(all, deals)
	p.Add(vLine(p, ch.n.Parties[i].Reservation, reservationStyle(partyColour[i])))
	return p
}

// hbar is a horizontal bar of stacked parts, optionally with an interval
// and a label.
type hbar struct {
	parts  []barPart // from 0 rightwards
	lo, hi float64   // the interval, NaN for none
	label  string
	mark   bool // a diamond right of the bar
}

// barPart is a part of a stacked bar.
type barPart struct {
	value float64
	fill  color.Color
}

// value returns the length of the bar.
func (b hbar) value() float64 {
	v := 0.0
	for _, p := range b.parts {
		v += p.value
	}
	return v
}

// barShare is the thickness of a horizontal bar, as a share of the
// distance between two categories.
const barShare = 0.68

// hbarSet is the horizontal bars at y = 0, 1, … of a panel as gonum/plot
// draws them: a plotter.BarChart per part, an XErrorBars for the
// intervals, a Scatter of diamonds and Labels. Their thickness is in
// points, known once the panel is laid out (see size).
type hbarSet struct {
	bars []*plotter.BarChart
	errs *plotter.XErrorBars
}

// addHBars adds the bars to p and returns them for size.
func addHBars(p *plot.Plot, bars []hbar) hbarSet {
	var set hbarSet
	errs := &plotter.XErrorBars{LineStyle: draw.LineStyle{Color: inkBlack, Width: vg.Points(1)}}
	var marks plotter.XYs
	labels := [2]*plotter.Labels{{Offset: vg.Point{X: 4}}, {Offset: vg.Point{X: 14}}} // right of the bar, or of its diamond
	sty := textStyle(noteSize, false, inkBlack)
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	for k, b := range bars {
		var below *plotter.BarChart
		for _, part := range b.parts {
			bc := &plotter.BarChart{Values: plotter.Values{part.value}, XMin: float64(k), Horizontal: true, Color: part.fill}
			if below != nil {
				bc.StackOn(below)
			}
			below = bc
			set.bars = append(set.bars, bc)
			p.Add(bc)
		}
		end := b.value()
		if !math.IsNaN(b.lo) && !math.IsNaN(b.hi) {
			errs.XYs = append(errs.XYs, plotter.XY{X: end, Y: float64(k)})
			errs.XErrors = append(errs.XErrors, struct{ Low, High float64 }{end - b.lo, b.hi - end})
			end = max(end, b.hi)
		}
		l := labels[0]
		if b.mark {
			marks = append(marks, plotter.XY{X: end, Y: float64(k)})
			l = labels[1]
		}
		if b.label != "" {
			l.XYs = append(l.XYs, plotter.XY{X: end, Y: float64(k)})
			l.Labels = append(l.Labels, b.label)
			l.TextStyle = append(l.TextStyle, sty)
		}
	}
	if len(errs.XYs) > 0 {
		set.errs = errs
		p.Add(errs)
	}
	if len(marks) > 0 {
		// Right of the bar's end, where its glyph box is not: no padding.
		p.Add(onlyPlot{newScatter(marks, draw.GlyphStyle{Color: inkBlack, Radius: vg.Points(3), Shape: shifted{diamondGlyph{}, vg.Points(7)}})})
	}
	for _, l := range labels {
		if len(l.XYs) > 0 {
			// No padding: the x range leaves room for the labels, and the
			// panels of a chart keep one scale.
			p.Add(onlyPlot{l})
		}
	}
	return set
}

// size gives the bars of p, drawn in cell, their thickness.
func (h hbarSet) size(p *plot.Plot, cell draw.Canvas) {
	da := p.DataCanvas(cell)
	unit := (da.Max.Y - da.Min.Y) / vg.Length(p.Y.Max-p.Y.Min) // points per category
	for _, b := range h.bars {
		b.Width = unit * barShare
	}
	if h.errs != nil {
		h.errs.CapWidth = unit * barShare * 0.6
	}
}

// shifted draws a glyph dx to the right of its point.
type shifted struct {
	draw.GlyphDrawer
	dx vg.Length
}

// DrawGlyph draws the glyph.
func (s shifted) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	s.GlyphDrawer.DrawGlyph(c, sty, vg.Point{X: pt.X + s.dx, Y: pt.Y})
}

// noteLabel returns a message written in the middle of the data area of
// p, whose axes' ranges must be set.
func noteLabel(p *plot.Plot, msg string) *plotter.Labels {
	sty := textStyle(noteSize, false, inkGrey)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	return &plotter.Labels{
		XYs:       plotter.XYs{{X: (p.X.Min + p.X.Max) / 2, Y: (p.Y.Min + p.Y.Max) / 2}},
		Labels:    []string{msg},
		TextStyle: []text.Style{sty},
	}
}

// errThumb draws an error bar as a legend thumbnail.
type errThumb struct{}

// Thumbnail draws the bar.
func (errThumb) Thumbnail(c *draw.Canvas) {
	ls := draw.LineStyle{Color: inkBlack, Width: vg.Points(1)}
	y := c.Center().Y
	h := (c.Max.Y - c.Min.Y) * 0.3
	x0, x1 := c.Min.X+4, c.Max.X-4
	c.StrokeLine2(ls, x0, y, x1, y)
	c.StrokeLine2(ls, x0, y-h, x0, y+h)
	c.StrokeLine2(ls, x1, y-h, x1, y+h)
}
