package chart

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/parley-sim/parley/sim"
	"github.com/parley-sim/parley/sim/stats"
)

// The offerers of ConvergenceRow.OfferBy: party A (0), party B (1), and
// ThirdOfferer, the mediator or facilitator (offers of no party, as under
// the single text).
const (
	NumOfferers  = 3
	ThirdOfferer = 2
)

// ConvergenceRow is a row of the convergence table (convergence.csv of a
// run folder): the 10%, 50% and 90% quantiles Q of party Party's utility
// of the latest offer by OfferBy at the end of round Round, over the N
// runs that were still negotiating and had such an offer.
type ConvergenceRow struct {
	Round   int
	Party   int
	OfferBy int // 0, 1 or ThirdOfferer
	N       int
	Q       [3]float64 // 10%, 50%, 90%
}

// Geometry of the convergence chart.
const (
	convPanelH = 2.1 * vg.Inch
	convStripH = 1.15 * vg.Inch
	convGap    = 8 // points between the stacked panels
)

// convergenceChart draws the offers of all runs round by round: for each
// party, a panel of its utility of the latest offer of each offerer (the
// median and the 10–90% band over the runs still negotiating), and below
// them a strip with the share of runs still negotiating and, with a
// facilitator, the share that had invited it.
type convergenceChart struct {
	n       *sim.Negotiation
	names   [2]string
	hdr     header
	series  [2][NumOfferers][]ConvergenceRow // by party and offerer, in round order
	still   []int                            // runs still negotiating, by round
	invited []int                            // runs that had invited the facilitator by each round
	median  float64                          // median round of the first invitation, or NaN
	runs    int
	last    int // last round shown
	legend  legendGrid
	nominal bool // the reservation values are the nominal scenario's (Input.Nominal)
}

func newConvergenceChart(in *Input) *convergenceChart {
	ch := &convergenceChart{n: in.Negotiation, names: partyNames(in.Negotiation, in.Parties), runs: in.Tally.runs, median: math.NaN(), nominal: in.Nominal}
	for _, r := range in.Convergence {
		ch.series[r.Party][r.OfferBy] = append(ch.series[r.Party][r.OfferBy], r)
		ch.last = max(ch.last, r.Round)
	}
	ch.last = max(ch.last, in.Tally.lastRound(), 1)
	ch.still = in.Tally.still(ch.last)
	if in.Tally.invited > 0 {
		ch.invited = make([]int, ch.last+1)
		var xs, ws []float64
		for _, r := range sortedKeys(in.Tally.invites) {
			c := in.Tally.invites[r]
			xs, ws = append(xs, float64(r)), append(ws, float64(c))
			if r >= 0 && r <= ch.last {
				ch.invited[r] += c
			}
		}
		for r := 1; r <= ch.last; r++ {
			ch.invited[r] += ch.invited[r-1]
		}
		ch.median, _, _, _ = stats.MedianCI(xs, ws, 0.95) // only the median; NaN without values
	}
	ch.hdr = header{
		title:    scenarioName(in.Scenario) + ": offers of all runs, round by round",
		subtitle: runSubtitle(in.Version, in.Seed, in.Tally.runs, "median and 10–90% of the runs still negotiating"),
	}
	ch.legend = newLegendGrid(ch.legendEntries(), chartWidth-2*margin, 3)
	return ch
}

func (ch *convergenceChart) size() (w, h vg.Length) {
	return chartWidth, 2*margin + ch.hdr.height() + 2*convPanelH + convStripH + 2*convGap + ch.legend.height() + 4
}

// offerers returns the offerers that have a series.
func (ch *convergenceChart) offerers() []int {
	var out []int
	for j := range NumOfferers {
		if len(ch.series[0][j]) > 0 || len(ch.series[1][j]) > 0 {
			out = append(out, j)
		}
	}
	return out
}

func (ch *convergenceChart) offererName(j int) string {
	if j == ThirdOfferer {
		return "proposals by the mediator"
	}
	return "offers by " + ch.names[j]
}

// medianStyle returns the line of offerer j's median.
func medianStyle(j int) draw.LineStyle {
	ls, _ := pathStyle(j)
	ls.Color = offererColour[j]
	ls.Width = vg.Points(1.8)
	if j == ThirdOfferer {
		ls.Dashes = nil // its colour alone tells it from the parties'
	}
	return ls
}

func stillStyle() draw.LineStyle { return draw.LineStyle{Color: inkBlack, Width: vg.Points(1.5)} }

func invitedStyle() draw.LineStyle {
	return draw.LineStyle{Color: okabeGreen, Width: vg.Points(1.5), Dashes: []vg.Length{vg.Points(4), vg.Points(2)}}
}

func inviteMarkStyle() draw.LineStyle {
	return draw.LineStyle{Color: okabeGreen, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(1.5), vg.Points(1.5)}}
}

func (ch *convergenceChart) legendEntries() []legendEntry {
	var out []legendEntry
	for _, j := range ch.offerers() {
		out = append(out, legendEntry{label: ch.offererName(j) + ": median, 10–90%", thumbs: []plot.Thumbnailer{
			boxThumb{fill: withAlpha(offererColour[j], bandAlpha)}, lineThumb{medianStyle(j)},
		}})
	}
	out = append(out, legendEntry{label: reservationLabel("reservation value", ch.nominal), thumbs: []plot.Thumbnailer{lineThumb{reservationStyle(inkGrey)}}})
	out = append(out, legendEntry{label: "runs still negotiating", thumbs: []plot.Thumbnailer{lineThumb{stillStyle()}}})
	if ch.invited != nil {
		out = append(out, legendEntry{label: "runs that invited the facilitator", thumbs: []plot.Thumbnailer{lineThumb{invitedStyle()}}})
		out = append(out, legendEntry{label: "median invitation round", thumbs: []plot.Thumbnailer{vlineThumb{inviteMarkStyle()}}})
	}
	return out
}

// bandAlpha is the opacity of the 10–90% bands.
const bandAlpha = 0.22

func (ch *convergenceChart) draw(dc draw.Canvas) error {
	dc.SetColor(white)
	dc.Fill(dc.Rectangle.Path())
	inner := draw.Crop(dc, margin, -margin, margin, -margin)
	ch.hdr.draw(inner)

	var plots []*plot.Plot
	for i := range 2 {
		p := newPanel(false, true)
		panelTitle(p, "utility to "+ch.names[i])
		p.Y.Label.Text = "utility (0–1)"
		p.X.Min, p.X.Max = 0, float64(ch.last)
		p.Y.Min, p.Y.Max = 0, 1
		p.X.Tick.Marker = roundTicks{}
		addGrid(p, true)
		p.Add(hline{y: ch.n.Parties[i].Reservation, style: reservationStyle(inkGrey)})
		if !math.IsNaN(ch.median) {
			p.Add(&vline{x: ch.median, style: inviteMarkStyle()})
		}
		for _, j := range ch.offerers() {
			p.Add(&band{rows: ch.series[i][j], fill: withAlpha(offererColour[j], bandAlpha)})
		}
		for _, j := range ch.offerers() {
			p.Add(&medianLine{rows: ch.series[i][j], style: medianStyle(j)})
		}
		plots = append(plots, p)
	}

	strip := newPanel(false, false)
	strip.X.Label.Text = "round"
	strip.Y.Label.Text = "runs"
	strip.X.Min, strip.X.Max = 0, float64(ch.last)
	strip.Y.Min, strip.Y.Max = 0, 1
	strip.X.Tick.Marker = roundTicks{}
	strip.Y.Tick.Marker = plot.ConstantTicks{{Value: 0, Label: "0%"}, {Value: 0.25}, {Value: 0.5, Label: "50%"}, {Value: 0.75}, {Value: 1, Label: "100%"}}
	addGrid(strip, true)
	if !math.IsNaN(ch.median) {
		strip.Add(&vline{x: ch.median, style: inviteMarkStyle()})
	}
	strip.Add(&stepLine{y: shares(ch.still, ch.runs), style: stillStyle()})
	if ch.invited != nil {
		strip.Add(&stepLine{y: shares(ch.invited, ch.runs), style: invitedStyle()})
	}
	plots = append(plots, strip)

	top := inner.Max.Y - ch.hdr.height()
	cells := []draw.Canvas{
		cropY(inner, top-convPanelH, top),
		cropY(inner, top-2*convPanelH-convGap, top-convPanelH-convGap),
		cropY(inner, top-2*convPanelH-convStripH-2*convGap, top-2*convPanelH-2*convGap),
	}
	alignLeft(plots, cells)
	for k, p := range plots {
		p.X.Tick.Marker = fitRoundTicks(p, cells[k])
	}
	for k, p := range plots {
		p.Draw(cells[k])
	}
	ch.legend.draw(draw.Crop(inner, 0, 0, 0, -(inner.Max.Y-inner.Min.Y-ch.legend.height())), false)
	return nil
}

// shares returns counts as shares of total.
func shares(counts []int, total int) []float64 {
	out := make([]float64, len(counts))
	for k, c := range counts {
		if total > 0 {
			out[k] = float64(c) / float64(total)
		}
	}
	return out
}

// cropY returns the part of c between y0 and y1.
func cropY(c draw.Canvas, y0, y1 vg.Length) draw.Canvas {
	c.Min.Y, c.Max.Y = y0, y1
	return c
}

// alignLeft narrows the cells of stacked plots so that their data areas
// start at the same x.
func alignLeft(plots []*plot.Plot, cells []draw.Canvas) {
	var left vg.Length
	for k, p := range plots {
		left = max(left, p.DataCanvas(cells[k]).Min.X)
	}
	for k, p := range plots {
		cells[k].Min.X += left - p.DataCanvas(cells[k]).Min.X
	}
}

// band fills the area between the 10% and 90% quantiles of a series,
// split where rounds are missing.
type band struct {
	rows []ConvergenceRow
	fill color.Color
}

// Plot fills the band.
func (b *band) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	for _, run := range contiguous(b.rows) {
		var path vg.Path
		for k, q := range quantileLine(run, 2) {
			pt := vg.Point{X: tx(q.X), Y: ty(q.Y)}
			if k == 0 {
				path.Move(pt)
			} else {
				path.Line(pt)
			}
		}
		lo := quantileLine(run, 0)
		for k := len(lo) - 1; k >= 0; k-- {
			path.Line(vg.Point{X: tx(lo[k].X), Y: ty(lo[k].Y)})
		}
		path.Close()
		c.SetColor(b.fill)
		c.Fill(path)
	}
}

// quantileLine returns quantile q (0, 1, 2: 10%, 50%, 90%) of the rows
// of run by round, decimated to maxLinePoints (see decimate).
func quantileLine(run []ConvergenceRow, q int) plotter.XYs {
	xy := make(plotter.XYs, len(run))
	for k, r := range run {
		xy[k] = plotter.XY{X: float64(r.Round), Y: r.Q[q]}
	}
	return decimate(xy, maxLinePoints)
}

// contiguous splits rows into runs of rounds no further apart than the
// smallest gap between rounds of rows.
func contiguous(rows []ConvergenceRow) [][]ConvergenceRow {
	if len(rows) == 0 {
		return nil
	}
	gap := math.MaxInt
	for k := 1; k < len(rows); k++ {
		gap = min(gap, rows[k].Round-rows[k-1].Round)
	}
	var out [][]ConvergenceRow
	start := 0
	for k := 1; k <= len(rows); k++ {
		if k == len(rows) || rows[k].Round-rows[k-1].Round > gap {
			out = append(out, rows[start:k])
			start = k
		}
	}
	return out
}

// medianLine draws the median of a series; a single round is a dot.
type medianLine struct {
	rows  []ConvergenceRow
	style draw.LineStyle
}

// Plot draws the line.
func (m *medianLine) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	for _, run := range contiguous(m.rows) {
		if len(run) == 1 {
			c.DrawGlyphNoClip(draw.GlyphStyle{Color: m.style.Color, Radius: m.style.Width, Shape: draw.CircleGlyph{}},
				vg.Point{X: tx(float64(run[0].Round)), Y: ty(run[0].Q[1])})
			continue
		}
		(&polyline{xy: quantileLine(run, 1), style: m.style}).Plot(c, p)
	}
}

// stepLine draws y[r], r = 0, 1, …, as a staircase: y[r] holds from
// round r to round r+1.
type stepLine struct {
	y     []float64
	style draw.LineStyle
}

// Plot draws the staircase.
func (s *stepLine) Plot(c draw.Canvas, p *plot.Plot) {
	var xy plotter.XYs
	for r, v := range s.y {
		if r > 0 {
			xy = append(xy, plotter.XY{X: float64(r), Y: s.y[r-1]})
		}
		xy = append(xy, plotter.XY{X: float64(r), Y: v})
	}
	(&polyline{xy: thin(xy), style: s.style}).Plot(c, p)
}

// vlineThumb draws a vertical line as a legend thumbnail.
type vlineThumb struct{ draw.LineStyle }

// Thumbnail draws the line down the middle of c.
func (t vlineThumb) Thumbnail(c *draw.Canvas) {
	x := c.Center().X
	c.StrokeLine2(t.LineStyle, x, c.Min.Y, x, c.Max.Y)
}
