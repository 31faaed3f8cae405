package chart

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/parley-sim/parley/results/narrate"
	"github.com/parley-sim/parley/sim"
)

// MaxRuns is the largest number of traced runs the rounds chart
// shows, one panel each.
const MaxRuns = 6

// DPI is the resolution of the PNG charts unless a caller chooses
// another, from MinDPI to MaxDPI.
const DPI = 300

// The resolutions a caller may choose for the PNG charts: below MinDPI
// the text is unreadable, above MaxDPI a chart's image takes more than
// 200 MB of memory.
const (
	MinDPI = 50
	MaxDPI = 1200
)

// resolution returns dpi, or DPI for 0; a value outside MinDPI to MaxDPI
// is an error.
func resolution(dpi int) (int, error) {
	switch {
	case dpi == 0:
		return DPI, nil
	case dpi < MinDPI || dpi > MaxDPI:
		return 0, fmt.Errorf("a PNG resolution of %d dpi: want %d to %d", dpi, MinDPI, MaxDPI)
	}
	return dpi, nil
}

// The Okabe–Ito palette (Okabe and Ito 2008), safe for colour-blind readers.
var (
	okabeBlue       = color.RGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}
	okabeVermillion = color.RGBA{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF}
	inkBlack        = color.RGBA{A: 0xFF}
	inkGrey         = color.RGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xFF}
	gridGrey        = color.RGBA{R: 0xE3, G: 0xE3, B: 0xE3, A: 0xFF}
	white           = color.RGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
)

// partyColour is the colour of each party's utility.
var partyColour = [2]color.Color{okabeBlue, okabeVermillion}

// Axis labels, with units.
const (
	xLabel = "round"
	yLabel = "utility (0–1)"
)

// Chart geometry and type sizes, chosen for a figure printed across a
// page or a wide column (6.5 in).
const (
	chartWidth = 6.5 * vg.Inch
	singleH    = 4 * vg.Inch // height of a one-panel chart
	panelH     = 2.5 * vg.Inch
	margin     = 6  // points around the figure
	titleSize  = 14 // points
	subSize    = 10.5
	labelSize  = 12
	tickSize   = 11
	legendSize = 11
	noteSize   = 10
	panelTSize = 11
	markerGap  = 9 // points per round below which markers are left out
)

// roundsChart draws the rounds chart: for each traced run, both parties'
// utility of every offer, round by round.
//
// The x axis is the round, from 0; within round r the first mover offers
// at r and the second mover at r + ½, so that the alternation shows, and
// a breakdown or the deadline is marked at r + ¾. Colour says whose
// utility (party A blue, party B vermillion); line and marker say whose
// offer (A's offers solid with circles, B's offers dashed with triangles).
// Dotted lines are the reservation values; a star marks the agreement on
// both parties' lines, labelled with its utility to each; a dashed
// vertical line and a note say how the run ended.
type roundsChart struct {
	n        *sim.Negotiation
	parties  [2]string // party ids
	scenario string
	version  string
	seed     uint64
	runs     []*sim.Result      // at most MaxRuns, each with a trace
	ns       []*sim.Negotiation // the negotiation each run played, where not n
	traced   int                // runs traced in all
}

// played returns the chart as it draws run k: with the negotiation the
// run played.
func (ch *roundsChart) played(k int) *roundsChart {
	if k >= len(ch.ns) || ch.ns[k] == nil {
		return ch
	}
	c := *ch
	c.n = ch.ns[k]
	return &c
}

// grid returns the number of panel rows and columns.
func (ch *roundsChart) grid() (rows, cols int) {
	k := max(len(ch.runs), 1)
	if k == 1 {
		return 1, 1
	}
	return (k + 1) / 2, 2
}

// size returns the size of the figure.
func (ch *roundsChart) size() (w, h vg.Length) {
	rows, _ := ch.grid()
	if rows == 1 && len(ch.runs) <= 1 {
		return chartWidth, singleH
	}
	return chartWidth, ch.headerH() + ch.legendH() + vg.Length(rows)*panelH + 2*margin
}

// sans returns Liberation Sans, which the SVG names and gonum/plot ships.
func sans(size vg.Length, bold bool) font.Font {
	f := font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
	if bold {
		f.Weight = xfont.WeightBold
	}
	return f
}

func textStyle(size vg.Length, bold bool, c color.Color) text.Style {
	return text.Style{
		Color:   c,
		Font:    sans(size, bold),
		Handler: textHandler,
	}
}

// partyName returns the name shown for party i: its label, or its id.
func (ch *roundsChart) partyName(i int) string {
	if l := ch.n.Parties[i].Label; l != "" {
		return l
	}
	return ch.parties[i]
}

func (ch *roundsChart) title() string {
	name := scenarioName(ch.scenario)
	return name + ": offers round by round"
}

func (ch *roundsChart) subtitle() string {
	parts := []string{"parley " + versionText(ch.version), "master seed " + strconv.FormatUint(ch.seed, 10)}
	switch k := len(ch.runs); {
	case k == 1:
		parts = append(parts, fmt.Sprintf("run %d (seed %s)", ch.runs[0].Run, narrate.SeedText(ch.runs[0].Seed)))
	default:
		s := fmt.Sprintf("runs %d–%d", ch.runs[0].Run, ch.runs[k-1].Run)
		if ch.traced > k {
			s += fmt.Sprintf(" (first %d of %d traced)", k, ch.traced)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " · ")
}

// versionText returns the version to show, its commit shortened to 7 hex
// digits, or "(unversioned)".
func versionText(s string) string {
	if s == "" {
		return "(unversioned)"
	}
	// A commit, 12 hex digits in a pseudo-version or a build from a
	// checkout (devel-REV), or 40 in full: its first 7 are enough.
	v, build, _ := strings.Cut(s, "+")
	parts := strings.Split(v, "-")
	for i, p := range parts {
		if (len(p) == 12 || len(p) == 40) && strings.Trim(p, "0123456789abcdef") == "" {
			parts[i] = p[:7]
		}
	}
	if v = strings.Join(parts, "-"); build != "" {
		v += "+" + build
	}
	return v
}

func (ch *roundsChart) header() header { return header{title: ch.title(), subtitle: ch.subtitle()} }

func (ch *roundsChart) headerH() vg.Length { return ch.header().height() }

// legendEntry is one entry of the legend strip.
type legendEntry struct {
	label  string
	thumbs []plot.Thumbnailer
}

const (
	thumbW       = 26 // points
	legendGapX   = 6
	legendRowGap = 3
)

func (ch *roundsChart) legendH() vg.Length { return ch.legend(false).height() }

// offerStyle returns the line and glyph style of party i's offers.
func offerStyle(i int, c color.Color) (draw.LineStyle, draw.GlyphStyle) {
	ls := draw.LineStyle{Color: c, Width: vg.Points(1.6)}
	gs := draw.GlyphStyle{Color: c, Radius: vg.Points(2.6), Shape: draw.CircleGlyph{}}
	if i == 1 {
		ls.Dashes = []vg.Length{vg.Points(5), vg.Points(2.5)}
		gs.Shape = draw.PyramidGlyph{}
		gs.Radius = vg.Points(3)
	}
	return ls, gs
}

func reservationStyle(c color.Color) draw.LineStyle {
	return draw.LineStyle{Color: c, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(1), vg.Points(2.5)}}
}

func agreementGlyph() draw.GlyphStyle {
	return draw.GlyphStyle{Color: inkBlack, Radius: vg.Points(6), Shape: starGlyph{}}
}

// legend returns the legend, with markers on the offers' thumbnails if
// marked: in three columns, who offered (line and marker) above whose
// utility (colour) for each party, then the reservation values and the
// agreement; in two, the same with the reservation values and the
// agreement under each party's; in one, in that order.
func (ch *roundsChart) legend(marked bool) legendGrid {
	var offers, utility, other []legendEntry
	for i := range 2 {
		ls, gs := offerStyle(i, inkBlack)
		thumbs := []plot.Thumbnailer{lineThumb{ls}}
		if marked {
			thumbs = append(thumbs, glyphThumb{gs})
		}
		offers = append(offers, legendEntry{label: "offers by " + ch.partyName(i), thumbs: thumbs})
		utility = append(utility, legendEntry{
			label:  "utility to " + ch.partyName(i),
			thumbs: []plot.Thumbnailer{lineThumb{draw.LineStyle{Color: partyColour[i], Width: vg.Points(4)}}},
		})
	}
	other = append(other, legendEntry{label: "reservation value", thumbs: []plot.Thumbnailer{lineThumb{reservationStyle(inkBlack)}}})
	for _, r := range ch.runs {
		if r.Agreed() {
			other = append(other, legendEntry{label: "agreement", thumbs: []plot.Thumbnailer{glyphThumb{agreementGlyph()}}})
			break
		}
	}
	avail := chartWidth - 2*margin
	if l := newLegendGrid(append([]legendEntry{offers[0], utility[0], offers[1], utility[1]}, other...), avail, 3); l.cols == 3 {
		return l
	}
	two := []legendEntry{offers[0], utility[0], other[0], offers[1], utility[1]}
	if len(other) > 1 {
		two = append(two, other[1])
	}
	if l := newLegendGrid(two, avail, 2); l.cols == 2 {
		return l
	}
	return newLegendGrid(append(append(offers, utility...), other...), avail, 1)
}

// draw draws the whole figure: header, panels and legend.
func (ch *roundsChart) draw(dc draw.Canvas) error {
	dc.SetColor(white)
	dc.Fill(dc.Rectangle.Path())
	inner := draw.Crop(dc, margin, -margin, margin, -margin)

	// Header: title and subtitle, centred.
	ch.header().draw(inner)

	// Legend strip along the bottom, drawn last: it shows markers only if
	// the panels do.
	lh := ch.legendH()
	marked := false

	// Panels between header and legend.
	area := draw.Crop(inner, 0, 0, lh, -ch.headerH())
	rows, cols := ch.grid()
	multi := len(ch.runs) > 1
	if multi {
		// Small multiples share one label per axis, so that every panel
		// has the same data area.
		ls := textStyle(labelSize, false, inkBlack)
		lh := ls.Height("Mg")
		xs := ls
		xs.XAlign, xs.YAlign = draw.XCenter, draw.YBottom
		area.FillText(xs, vg.Point{X: (area.Min.X + lh + 4 + area.Max.X) / 2, Y: area.Min.Y}, xLabel)
		ys := ls
		ys.Rotation = math.Pi / 2
		ys.XAlign, ys.YAlign = draw.XCenter, draw.YTop
		area.FillText(ys, vg.Point{X: area.Min.X, Y: (area.Min.Y + lh + 4 + area.Max.Y) / 2}, yLabel)
		area = draw.Crop(area, lh+4, 0, lh+4, 0)
	}
	cells := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(12), PadY: vg.Points(8)}
	// Build every panel, then give them one x scale.
	type built struct {
		p    *plot.Plot
		end  *vline
		cell draw.Canvas
	}
	panels := make([]built, len(ch.runs))
	xmax := 0.0
	for k, res := range ch.runs {
		p, end, err := ch.played(k).panel(res, multi, !multi)
		if err != nil {
			return err
		}
		panels[k] = built{p, end, cells.At(area, k%cols, k/cols)}
		xmax = max(xmax, p.X.Max)
	}
	for _, b := range panels {
		b.p.X.Max = xmax
	}
	for k, b := range panels {
		if ch.runs[k].Agreed() {
			fitX(b.p, b.cell, b.end.x, b.end.room)
		}
		xmax = max(xmax, b.p.X.Max)
	}
	for _, b := range panels {
		b.p.X.Max = xmax
		b.p.X.Tick.Marker = fitRoundTicks(b.p, b.cell)
		// Markers only where rounds are far enough apart to tell them
		// apart; each party offers once a round.
		dc := b.p.DataCanvas(b.cell)
		b.end.markers = (dc.Max.X-dc.Min.X)/vg.Length(b.p.X.Max-b.p.X.Min) >= markerGap
		marked = marked || b.end.markers
		if _, _, ok := b.end.place(b.p.DataCanvas(b.cell), b.p); !ok {
			// No room beside the line: say how the run ended in the
			// panel's title instead.
			if b.p.Title.Text == "" {
				b.p.Title.Text = b.end.label
				b.p.Title.TextStyle = textStyle(noteSize+0.5, false, inkGrey)
				b.p.Title.TextStyle.XAlign, b.p.Title.TextStyle.YAlign = draw.XCenter, draw.YTop
				b.p.Title.Padding = vg.Points(4)
			} else {
				b.p.Title.Text += "\n" + b.end.label
			}
			b.end.label = ""
		}
		b.p.Draw(b.cell)
	}
	ch.legend(marked).draw(draw.Crop(inner, 0, 0, 0, -(inner.Max.Y-inner.Min.Y-lh)), true)
	return nil
}

// offerX returns the x position of a move by actor in round r of a run
// whose first mover is first: r for the first mover, r + ½ for the other
// party, r + ¾ for the protocol or a third party (actor −1).
func offerX(r, actor, first int) float64 {
	switch {
	case actor < 0:
		return float64(r) + 0.75
	case actor != first:
		return float64(r) + 0.5
	}
	return float64(r)
}

// panel builds the plot of one run; titled panels are small multiples,
// and labelled ones name their axes.
func (ch *roundsChart) panel(res *sim.Result, titled, labelled bool) (*plot.Plot, *vline, error) {
	p := plot.New()
	p.BackgroundColor = white
	styleAxes(p, false, true)
	if labelled {
		p.X.Label.Text, p.Y.Label.Text = xLabel, yLabel
	}
	if titled {
		p.Title.Text = fmt.Sprintf("run %d · seed %s", res.Run, narrate.SeedText(res.Seed))
		p.Title.TextStyle = textStyle(panelTSize, false, inkBlack)
		p.Title.TextStyle.XAlign, p.Title.TextStyle.YAlign = draw.XCenter, draw.YTop
		p.Title.Padding = vg.Points(4)
	}

	// How many offers each party made, and where the last event is.
	var count [2]int
	endX := 0.0
	for _, e := range res.Trace {
		if isOffer(e) {
			count[e.Actor]++
		}
		endX = max(endX, offerX(e.Round, e.Actor, res.FirstMover))
	}
	// The end comes after every event, also when both parties moved at
	// once (monotonic concession).
	end, endLabel := ch.ending(res)
	end = max(end, endX)
	endX = end
	// The accepted offer stands until accepted: the proposer's lines
	// extend to the agreement, where the star sits.
	extended := -1
	if res.Agreed() && res.By >= 0 {
		extended = 1 - res.By
		count[extended]++
	}

	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = gridGrey, gridGrey
	grid.Vertical.Width, grid.Horizontal.Width = vg.Points(0.5), vg.Points(0.5)
	p.Add(grid)

	// Reservation values, under the data.
	for i := range 2 {
		p.Add(hLine(ch.n.Parties[i].Reservation, reservationStyle(partyColour[i])))
	}
	endLine := &vline{x: end, label: endLabel, leftOnly: res.Agreed(), style: draw.LineStyle{Color: inkGrey, Width: vg.Points(0.8), Dashes: []vg.Length{vg.Points(3), vg.Points(2)}}}
	p.Add(endLine)

	// Each party's offers, seen by each party: colour = whose utility,
	// style = whose offer. A line is decimated as its points come (see
	// thin), so that a session of a million rounds takes no more memory
	// than a short one; the markers, for few offers only, come with all
	// of them.
	var lines [2][2]*decimator // by offerer and viewer
	var marks [2][2]plotter.XYs
	for offerer := range 2 {
		for viewer := range 2 {
			lines[offerer][viewer] = newDecimator(count[offerer], maxLinePoints)
		}
	}
	add := func(offerer int, x float64, o sim.Outcome, marked bool) {
		for viewer := range 2 {
			q := plotter.XY{X: x, Y: ch.n.Parties[viewer].Utility.Of(o)}
			lines[offerer][viewer].add(q)
			if marked && count[offerer] <= maxMarkers+1 {
				marks[offerer][viewer] = append(marks[offerer][viewer], q)
			}
		}
	}
	for _, e := range res.Trace {
		if isOffer(e) {
			add(e.Actor, offerX(e.Round, e.Actor, res.FirstMover), e.Outcome, true)
		}
	}
	if extended >= 0 {
		add(extended, end, res.Agreement, false) // the extension carries the star, not a marker
	}
	for offerer := range 2 {
		if count[offerer] == 0 {
			continue
		}
		for viewer := range 2 {
			line := dropFlat(lines[offerer][viewer].points())
			endLine.avoid = append(endLine.avoid, line)
			ls, gs := offerStyle(offerer, partyColour[viewer])
			l, err := plotter.NewLine(line)
			if err != nil {
				return nil, nil, err
			}
			l.LineStyle = ls
			p.Add(l)
			if m := marks[offerer][viewer]; len(m) > 0 && len(m) <= maxMarkers {
				// Shown only if the figure finds the rounds far enough
				// apart, once it has laid out the panels.
				s := newScatter(m, gs)
				s.GlyphStyleFunc = func(int) draw.GlyphStyle {
					if endLine.markers {
						return gs
					}
					return draw.GlyphStyle{}
				}
				p.Add(s)
			}
		}
	}

	// The agreement, on both parties' lines: what it is worth to each
	// party (sim.Result.Utility, the facilitator's guarantee included, as
	// in runs.csv), and, when the party discounts, its discounted value.
	if res.Agreed() {
		xy := plotter.XYs{{X: end, Y: res.Utility[0]}, {X: end, Y: res.Utility[1]}}
		s, err := plotter.NewScatter(xy)
		if err != nil {
			return nil, nil, err
		}
		s.GlyphStyle = agreementGlyph()
		labels := dealLabels{x: end, y: res.Utility}
		for i := range 2 {
			labels.text[i] = dealLabel(res.Utility[i], res.Discounted[i], ch.discounts(i))
		}
		endLine.room = labels.width()
		p.Add(s, labels)
	}

	p.X.Min, p.X.Max = 0, math.Max(endX+0.2, 1) // widened in fitX
	p.Y.Min, p.Y.Max = 0, 1
	p.X.Tick.Marker = roundTicks{}
	return p, endLine, nil
}

// isOffer reports whether e is an offer of a party that the rounds
// chart draws.
func isOffer(e sim.Event) bool {
	return e.Kind == sim.EventOffer && (e.Actor == 0 || e.Actor == 1) && e.Outcome != sim.NoOutcome
}

// ending returns where and how a run ended, for the vertical marker.
func (ch *roundsChart) ending(res *sim.Result) (x float64, label string) {
	x = offerX(res.Round, res.By, res.FirstMover)
	switch {
	case res.End == sim.EndAgreement && res.Mediation.Mediated:
		return x, fmt.Sprintf("mediated agreement in round %d", res.Round)
	case res.End == sim.EndAgreement:
		return x, fmt.Sprintf("agreement in round %d", res.Round)
	case res.End == sim.EndWalkAway && res.By >= 0:
		return x, fmt.Sprintf("%s walked away in round %d", ch.partyName(res.By), res.Round)
	case res.End == sim.EndBreakdown:
		return x, fmt.Sprintf("talks broke down after round %d", res.Round)
	case res.End == sim.EndDeadline:
		return x, "deadline: no agreement"
	default:
		return x, fmt.Sprintf("%s in round %d", res.End, res.Round)
	}
}

// roundTicks marks whole rounds: a major tick every 1, 2, 5, 10, 20, …
// rounds, whichever leaves at most maxLabels labels (zero means ten).
type roundTicks struct{ maxLabels int }

// fitRoundTicks returns the round ticks for the x axis of p drawn in
// cell: no more labels than fit side by side with room between them.
func fitRoundTicks(p *plot.Plot, cell draw.Canvas) roundTicks {
	dc := p.DataCanvas(cell)
	widest := p.X.Tick.Label.Width(strconv.FormatFloat(math.Ceil(p.X.Max), 'f', 0, 64))
	return roundTicks{maxLabels: min(10, max(2, int((dc.Max.X-dc.Min.X)/(1.8*widest))))}
}

// Ticks returns the ticks between lo and hi.
func (t roundTicks) Ticks(lo, hi float64) []plot.Tick {
	most := t.maxLabels
	if most <= 0 {
		most = 10
	}
	span := math.Max(hi-lo, 1)
	step := 1.0
	for k := 0; span/step > float64(most); k++ {
		step *= [3]float64{2, 2.5, 2}[k%3] // 1, 2, 5, 10, 20, 50, …
	}
	var ts []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		v += 0 // −0 becomes 0
		ts = append(ts, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	if step > 1 && step <= 10 {
		minor := step / 5
		if step == 2 {
			minor = 1
		}
		for v := math.Ceil(lo/minor) * minor; v <= hi; v += minor {
			if math.Mod(v, step) != 0 {
				ts = append(ts, plot.Tick{Value: v})
			}
		}
	}
	return ts
}

// dealLabels writes each party's utility of the agreement, in the
// party's colour, right of the stars at x, moved apart when they would
// overlap. A plotter of its own: how far to move them is the labels'
// rendered height in points, which plotter.Labels (labels at fixed data
// points, one offset for all) cannot follow.
type dealLabels struct {
	x    float64
	y    [2]float64 // where the stars sit
	text [2]string  // each party's label
}

// dealText formats a utility for dealLabels.
func dealText(u float64) string { return strconv.FormatFloat(u, 'f', 2, 64) }

// dealLabel is the label of a party's utility u of the agreement: with
// its discounted value ud when the party discounts and the two differ at
// two decimals ("0.43 (0.19 disc.)"), so that a deal that discounting
// pushes below the reservation value shows.
func dealLabel(u, ud float64, discounts bool) string {
	s := dealText(u)
	if d := dealText(ud); discounts && d != s {
		s += " (" + d + " disc.)"
	}
	return s
}

// dealStyle is the text style of dealLabels.
func dealStyle() text.Style { return textStyle(noteSize, true, inkBlack) }

// width is the room the labels need right of the stars.
func (d dealLabels) width() vg.Length {
	sty := dealStyle()
	return 10 + max(sty.Width("0.00"), sty.Width(d.text[0]), sty.Width(d.text[1]))
}

// discounts reports whether party i's deals lose value with time
// (sim.Party.Discount below 1 or a positive Cost), so that the chart
// shows the discounted value of its agreement too.
func (ch *roundsChart) discounts(i int) bool {
	p := &ch.n.Parties[i]
	return p.Discount < 1 || p.Cost > 0
}

// Plot writes the labels, moving them apart if they would overlap.
func (d dealLabels) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	x := tx(d.x) + 8
	y := [2]vg.Length{ty(d.y[0]), ty(d.y[1])}
	sty := dealStyle()
	h := sty.Height("0")
	if diff := y[0] - y[1]; diff < h && diff > -h {
		mid := (y[0] + y[1]) / 2
		up := 0
		if y[1] > y[0] || (y[1] == y[0]) {
			up = 1
		}
		y[up] = mid + h/2
		y[1-up] = mid - h/2
	}
	for i := range 2 {
		s := sty
		s.Color = partyColour[i]
		s.XAlign, s.YAlign = draw.XLeft, draw.YCenter
		c.FillText(s, vg.Point{X: x, Y: y[i]}, d.text[i])
	}
}

// fitX widens the x axis of p, drawn in cell, so that dealLabels as wide
// as room right of x fit inside the data area.
func fitX(p *plot.Plot, cell draw.Canvas, x float64, room vg.Length) {
	dc := p.DataCanvas(cell)
	w := dc.Max.X - dc.Min.X
	if w <= 2*room {
		return
	}
	p.X.Max = math.Max(p.X.Max, (x-p.X.Min)/float64(1-room/w)+p.X.Min)
}

// vline is a vertical line across the data area at x, with a label near
// it where the label covers no point of the lines in avoid. A plotter of
// its own: gonum/plot draws the line (see vLine) but places no label
// clear of the data.
type vline struct {
	x     float64
	label string
	style draw.LineStyle
	avoid []plotter.XYs // polylines in data coordinates
	// leftOnly keeps the label left of the line, leaving the right to
	// the agreement's labels.
	leftOnly bool
	// markers says whether the panel's offers get markers; the figure
	// decides once it knows how far apart the rounds are.
	markers bool
	// room is the width of the agreement's labels right of the line.
	room vg.Length
}

// maxMarkers is the most offers of one party that get markers.
const maxMarkers = 200

// Plot draws the line and, if there is room for it, its label.
func (v *vline) Plot(c draw.Canvas, p *plot.Plot) {
	tx, _ := p.Transforms(&c)
	x := tx(v.x)
	c.StrokeLine2(v.style, x, c.Min.Y, x, c.Max.Y)
	box, right, ok := v.place(c, p)
	if !ok {
		return
	}
	// A white box behind the text keeps it legible over grid lines.
	bg := box
	bg.Min.X -= 2
	bg.Max.X += 2
	c.SetColor(white)
	c.Fill(bg.Path())
	sty := v.labelStyle()
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
	if right {
		sty.XAlign = draw.XRight
		c.FillText(sty, vg.Point{X: box.Max.X, Y: box.Min.Y}, v.label)
		return
	}
	c.FillText(sty, box.Min, v.label)
}

func (v *vline) labelStyle() text.Style { return textStyle(noteSize, false, inkGrey) }

// place finds room for the label in the data canvas c of plot p: the
// first of a list of spots beside the line (right of it, then left; at the
// bottom, at the top, then in between) that keeps clear of every line in
// avoid. It returns the label's box and whether the text is right-aligned.
func (v *vline) place(c draw.Canvas, p *plot.Plot) (box vg.Rectangle, right, ok bool) {
	if v.label == "" {
		return box, false, false
	}
	tx, ty := p.Transforms(&c)
	x := tx(v.x)
	// Sample the lines, in canvas coordinates.
	var pts []vg.Point
	for _, line := range v.avoid {
		for j := range line {
			a := vg.Point{X: tx(line[j].X), Y: ty(line[j].Y)}
			pts = append(pts, a)
			if j+1 < len(line) {
				b := vg.Point{X: tx(line[j+1].X), Y: ty(line[j+1].Y)}
				for k := 1; k < 24; k++ {
					f := vg.Length(k) / 24
					pts = append(pts, vg.Point{X: a.X + f*(b.X-a.X), Y: a.Y + f*(b.Y-a.Y)})
				}
			}
		}
	}
	sty := v.labelStyle()
	const gap, clear = 4, 4
	w, h := sty.Width(v.label), sty.Height(v.label)
	free := c.Max.Y - c.Min.Y - 2*gap - h
	levels := []vg.Length{0, 1, 0.5, 0.25, 0.75}
	for _, left := range []bool{false, true} {
		if v.leftOnly && !left {
			continue
		}
		x0 := x + gap
		if left {
			x0 = x - gap - w
		}
		if x0 < c.Min.X || x0+w > c.Max.X {
			continue
		}
		for _, l := range levels {
			y0 := c.Min.Y + gap + l*free
			b := vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x0 + w, Y: y0 + h}}
			hit := false
			for _, q := range pts {
				if q.X >= b.Min.X-clear && q.X <= b.Max.X+clear && q.Y >= b.Min.Y-clear && q.Y <= b.Max.Y+clear {
					hit = true
					break
				}
			}
			if !hit {
				return b, left, true
			}
		}
	}
	return box, false, false
}

// lineThumb draws a line style as a legend thumbnail.
type lineThumb struct{ draw.LineStyle }

// Thumbnail draws the line across the middle of c.
func (t lineThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(t.LineStyle, c.Min.X, y, c.Max.X, y)
}

// glyphThumb draws a glyph style as a legend thumbnail.
type glyphThumb struct{ draw.GlyphStyle }

// Thumbnail draws the glyph in the centre of c.
func (t glyphThumb) Thumbnail(c *draw.Canvas) { c.DrawGlyph(t.GlyphStyle, c.Center()) }

// starGlyph is a filled five-pointed star with a white rim, so that it
// stands out where lines cross.
type starGlyph struct{}

// DrawGlyph draws the star at pt.
func (starGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	var path vg.Path
	r := sty.Radius
	for k := range 10 {
		rad := r
		if k%2 == 1 {
			rad = r * 0.45
		}
		a := math.Pi/2 + float64(k)*math.Pi/5
		q := vg.Point{X: pt.X + rad*vg.Length(math.Cos(a)), Y: pt.Y + rad*vg.Length(math.Sin(a))}
		if k == 0 {
			path.Move(q)
		} else {
			path.Line(q)
		}
	}
	path.Close()
	c.SetColor(sty.Color)
	c.Fill(path)
	c.SetLineStyle(draw.LineStyle{Color: white, Width: vg.Points(0.8)})
	c.Stroke(path)
}
