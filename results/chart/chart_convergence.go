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
	still   plotter.XYs                      // share of runs still negotiating, where it changes
	invited plotter.XYs                      // share of runs that had invited the facilitator, where it changes
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
	ch.still = in.Tally.stillSteps(ch.last)
	if in.Tally.invited > 0 {
		var xs, ws []float64
		for _, r := range sortedKeys(in.Tally.invites) {
			xs, ws = append(xs, float64(r)), append(ws, float64(in.Tally.invites[r]))
		}
		ch.invited = in.Tally.invitedSteps(ch.last)
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

// offererName names offerer j's series: the parties' offers, and the
// third offerer's texts (the single text's proposals, accepted or not; a
// facilitator's texts only where the parties agreed on them, in the round
// they did).
func (ch *convergenceChart) offererName(j int) string {
	if j != ThirdOfferer {
		return "offers by " + ch.names[j]
	}
	single := ch.n.Protocol.Type == sim.SingleText
	switch fac := ch.n.Facilitator != nil; {
	case single && fac:
		return "mediator's proposals and facilitator's agreed texts"
	case fac:
		return "facilitator's texts, where agreed"
	}
	return "proposals by the mediator"
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
		p.Add(hLine(ch.n.Parties[i].Reservation, reservationStyle(inkGrey)))
		if !math.IsNaN(ch.median) {
			p.Add(vLine(p, ch.median, inviteMarkStyle()))
		}
		for _, j := range ch.offerers() {
			p.Add(bandOf(ch.series[i][j], withAlpha(offererColour[j], bandAlpha), offererColour[j])...)
		}
		for _, j := range ch.offerers() {
			p.Add(medianOf(ch.series[i][j], medianStyle(j))...)
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
		strip.Add(vLine(strip, ch.median, inviteMarkStyle()))
	}
	strip.Add(stepLine(ch.still, stillStyle()))
	if ch.invited != nil {
		strip.Add(stepLine(ch.invited, invitedStyle()))
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

// bandOf returns the polygons that fill the area between the 10% and
// 90% quantiles of a series, one for each stretch of rounds without a
// gap (see contiguous); a stretch of a single round, which has no area
// (a facilitator's texts, agreed in one round), is a whisker in ink.
func bandOf(rows []ConvergenceRow, fill, ink color.Color) []plot.Plotter {
	var out []plot.Plotter
	for _, run := range contiguous(rows) {
		if len(run) == 1 {
			q := run[0].Q
			if q[2] > q[0] {
				out = append(out, &plotter.YErrorBars{
					XYs:       plotter.XYs{{X: float64(run[0].Round), Y: q[1]}},
					YErrors:   plotter.YErrors{{Low: q[1] - q[0], High: q[2] - q[1]}},
					LineStyle: draw.LineStyle{Color: ink, Width: vg.Points(1)},
					CapWidth:  vg.Points(5),
				})
			}
			continue
		}
		ring := quantileLine(run, 2)
		lo := quantileLine(run, 0)
		for k := len(lo) - 1; k >= 0; k-- {
			ring = append(ring, lo[k])
		}
		out = append(out, &plotter.Polygon{XYs: []plotter.XYs{ring}, Color: fill})
	}
	return out
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

// medianOf returns the lines of the median of a series, one for each
// stretch of rounds without a gap (see contiguous); a stretch of a single
// round is a dot.
func medianOf(rows []ConvergenceRow, style draw.LineStyle) []plot.Plotter {
	var out []plot.Plotter
	for _, run := range contiguous(rows) {
		xy := quantileLine(run, 1)
		if len(xy) == 1 {
			out = append(out, newScatter(xy, draw.GlyphStyle{Color: style.Color, Radius: 1.6 * style.Width, Shape: draw.CircleGlyph{}}))
			continue
		}
		out = append(out, newLine(xy, style))
	}
	return out
}

// stepLine returns the staircase through the points xy: y holds from
// each point's x to the next's.
func stepLine(xy plotter.XYs, style draw.LineStyle) *plotter.Line {
	l := newLine(xy, style)
	l.StepStyle = plotter.PostStep
	return l
}

// vlineThumb draws a vertical line as a legend thumbnail.
type vlineThumb struct{ draw.LineStyle }

// Thumbnail draws the line down the middle of c.
func (t vlineThumb) Thumbnail(c *draw.Canvas) {
	x := c.Center().X
	c.StrokeLine2(t.LineStyle, x, c.Min.Y, x, c.Max.Y)
}
