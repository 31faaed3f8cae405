package chart

import (
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
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
	nominal     bool // the reservation values are the nominal scenario's (Input.Nominal)
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

func (ch *outcomesChart) legendEntries() []legendEntry {
	var out []legendEntry
	if ch.facilitated {
		out = append(out,
			legendEntry{label: "agreement reached bilaterally", thumbs: []plot.Thumbnailer{boxThumb{fill: neutralFill}}},
			legendEntry{label: "agreement on the facilitator's text", thumbs: []plot.Thumbnailer{boxThumb{fill: okabeGreen}}})
	}
	return append(out, []legendEntry{
		{label: "agreement: utility to " + ch.names[0], thumbs: []plot.Thumbnailer{boxThumb{fill: partyColour[0]}}},
		{label: "agreement: utility to " + ch.names[1], thumbs: []plot.Thumbnailer{boxThumb{fill: partyColour[1]}}},
		{label: "no agreement", thumbs: []plot.Thumbnailer{boxThumb{fill: noDealGrey}}},
		{label: reservationLabel("reservation value", ch.nominal), thumbs: []plot.Thumbnailer{lineThumb{reservationStyle(inkGrey)}}},
		{label: "95% Wilson interval", thumbs: []plot.Thumbnailer{errThumb{}}},
	}...)
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
		b := hbar{value: share, lo: lo, hi: hi, label: percent(share)}
		if e == sim.EndAgreement && ch.out.mediated > 0 {
			b.inner, b.innerFill = float64(ch.out.mediated)/float64(ch.out.runs), okabeGreen
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
	p.Add(&hbars{bars: bars, fill: neutralFill, errors: true})
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
	var bars []vbar
	for _, b := range sortedKeys(counts) {
		x0, x1 := float64(b)-0.5, float64(b+width)-0.5
		m := mediated[b]
		if m > 0 {
			bars = append(bars, vbar{x0: x0, x1: x1, y0: 0, y1: float64(m), fill: okabeGreen})
		}
		if counts[b] > m {
			bars = append(bars, vbar{x0: x0, x1: x1, y0: float64(m), y1: float64(counts[b]), fill: neutralFill})
		}
	}
	p.X.Min, p.X.Max = -0.5, float64(last)+0.5
	p.Y.Min, p.Y.Max = 0, math.Max(1, float64(top)*1.08)
	p.X.Tick.Marker = roundTicks{}
	p.Y.Tick.Marker = countTicks{whole: true}
	addGrid(p, false)
	p.Add(&vbars{bars: bars})
	if len(bars) == 0 {
		p.Add(&note{text: "no agreement"})
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
	var bars []vbar
	top := 0.0
	w := float64(utilityBinWidth) * utilityStep
	for b := range hiBin {
		deal, none := counts[1][b], counts[0][b]
		if deal+none == 0 {
			continue
		}
		x0, x1 := float64(b)*w, float64(b+1)*w
		if deal > 0 {
			bars = append(bars, vbar{x0: x0, x1: x1, y0: 0, y1: float64(deal), fill: partyColour[i]})
		}
		if none > 0 {
			bars = append(bars, vbar{x0: x0, x1: x1, y0: float64(deal), y1: float64(deal + none), fill: noDealGrey})
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
	p.Add(&vbars{bars: bars, edge: white})
	p.Add(&vline{x: ch.n.Parties[i].Reservation, style: reservationStyle(partyColour[i])})
	return p
}

// hbar is a horizontal bar, optionally with an interval and a label.
type hbar struct {
	value, lo, hi float64
	label         string
	mark          bool // draw a diamond right of the bar
	// inner, if positive, is the part of the bar from 0 drawn in innerFill.
	inner     float64
	innerFill color.Color
}

// hbars draws horizontal bars at y = 0, 1, …, each barH high.
type hbars struct {
	bars   []hbar
	fill   color.Color
	errors bool
}

// Plot draws the bars, their intervals and labels.
func (h *hbars) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	half := (ty(1) - ty(0)) * 0.34
	sty := textStyle(noteSize, false, inkBlack)
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	for k, b := range h.bars {
		y := ty(float64(k))
		r := vg.Rectangle{Min: vg.Point{X: tx(0), Y: y - half}, Max: vg.Point{X: tx(b.value), Y: y + half}}
		c.SetColor(h.fill)
		c.Fill(r.Path())
		if b.inner > 0 {
			ir := r
			ir.Max.X = tx(b.inner)
			c.SetColor(b.innerFill)
			c.Fill(ir.Path())
		}
		end := tx(b.value)
		if h.errors && !math.IsNaN(b.lo) && !math.IsNaN(b.hi) {
			ls := draw.LineStyle{Color: inkBlack, Width: vg.Points(1)}
			c.StrokeLine2(ls, tx(b.lo), y, tx(b.hi), y)
			c.StrokeLine2(ls, tx(b.lo), y-half*0.6, tx(b.lo), y+half*0.6)
			c.StrokeLine2(ls, tx(b.hi), y-half*0.6, tx(b.hi), y+half*0.6)
			end = max(end, tx(b.hi))
		}
		x := end + 4
		if b.mark {
			c.DrawGlyphNoClip(draw.GlyphStyle{Color: inkBlack, Radius: vg.Points(3), Shape: diamondGlyph{}}, vg.Point{X: x + 3, Y: y})
			x += 10
		}
		if b.label != "" {
			c.FillText(sty, vg.Point{X: x, Y: y}, b.label)
		}
	}
}

// vbar is a vertical bar from (x0, y0) to (x1, y1).
type vbar struct {
	x0, x1, y0, y1 float64
	fill           color.Color
}

// vbars draws vertical bars, with a thin edge of colour edge if set.
type vbars struct {
	bars []vbar
	edge color.Color
}

// Plot draws the bars.
func (v *vbars) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	for _, b := range v.bars {
		r := vg.Rectangle{Min: vg.Point{X: tx(b.x0), Y: ty(b.y0)}, Max: vg.Point{X: tx(b.x1), Y: ty(b.y1)}}
		if v.edge == nil {
			// A hairline gap between neighbouring bars.
			r.Min.X += 0.4
			r.Max.X -= 0.4
		}
		c.SetColor(b.fill)
		c.Fill(r.Path())
		if v.edge != nil {
			c.SetLineStyle(draw.LineStyle{Color: v.edge, Width: vg.Points(0.5)})
			c.Stroke(r.Path())
		}
	}
}

// note writes a message in the middle of an empty panel.
type note struct{ text string }

// Plot writes the message.
func (n *note) Plot(c draw.Canvas, _ *plot.Plot) {
	sty := textStyle(noteSize, false, inkGrey)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	c.FillText(sty, c.Center(), n.text)
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
