package chart

import (
	"errors"
	"fmt"
	"image/color"
	"maps"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/parley-sim/parley/results/narrate"
	"github.com/parley-sim/parley/sim"
)

// Names of the charts of a comparison (parley compare), each written as
// NAME.png (DPI) and NAME.svg.
const (
	// CompareDifferences shows, for each party, the distribution of the
	// paired differences of its utility (variant − base, run by run) with
	// their mean and its interval.
	CompareDifferences = "compare-differences"
	// CompareSpace shows the agreements of both arms in utility space,
	// with the Pareto frontier of each arm's (nominal) scenario.
	CompareSpace = "compare-space"
	// CompareOptions shows, for each issue, how often each option was
	// agreed in each arm.
	CompareOptions = "compare-options"
)

// CompareNames returns the names of the charts of a comparison in the
// order they are drawn.
func CompareNames() []string { return []string{CompareDifferences, CompareSpace, CompareOptions} }

// PairedDiffs is the distribution of one party's paired utility
// differences, variant − base, and the interval of their mean.
type PairedDiffs struct {
	// Counts holds how many pairs had each difference (values rounded to
	// 1e-6 when there were too many distinct ones).
	Counts map[float64]int64
	// Mean is the mean difference and [Lo, Hi] its interval at Level (NaN
	// when there is none).
	Mean, Lo, Hi, Level float64
	// Exact says that the interval has no width because the arms are the
	// same (every difference 0 by construction).
	Exact bool
}

// UtilityCount is a point of utility space and how many runs ended there.
type UtilityCount struct {
	U [2]float64
	N int
}

// CompareInput is everything the charts of a comparison are drawn from.
// Package results fills it from what a CompareRecorder counted, and from
// the tables of a comparison folder to redraw them.
type CompareInput struct {
	// Negotiations are the arms' (nominal) negotiations, base then
	// variant: the same issues and parties, maybe other preferences.
	Negotiations [2]*sim.Negotiation
	// Parties are the party ids as the tables name them.
	Parties [2]string
	// Labels name the arms ("south-caucasus", "south-caucasus with …").
	Labels [2]string
	// Scenario names the base scenario in the titles.
	Scenario string
	// Version and Seed are the parley version and the master seed.
	Version string
	Seed    uint64
	// Runs is the number of pairs.
	Runs int
	// Diffs are each party's paired utility differences.
	Diffs [2]PairedDiffs
	// Agreements are each arm's agreements in utility space, by point,
	// with what they were worth to the parties in the runs (their own
	// draws, for arms with uncertain assumptions).
	Agreements [2][]UtilityCount
	// Frontiers are the Pareto frontiers of the arms' (nominal)
	// negotiations; Nominal says an arm draws its preferences per run, so
	// its frontier is the nominal scenario's.
	Frontiers [2][]sim.Point
	Nominal   [2]bool
	// Options counts, for each arm, issue and option, the runs that
	// agreed on that option.
	Options [2][][]int
}

// Charts returns the charts of the comparison and warnings about those it
// cannot draw.
func (in *CompareInput) Charts() ([]Chart, []error) {
	var out []Chart
	var warns []error
	if in.Runs > 0 {
		out = append(out, Chart{CompareDifferences, newDiffChart(in)})
	}
	agreed := [2]int{}
	for k := range 2 {
		for _, a := range in.Agreements[k] {
			agreed[k] += a.N
		}
	}
	out = append(out, Chart{CompareSpace, newArmsSpaceChart(in, agreed)})
	if agreed[0] > 0 || agreed[1] > 0 {
		out = append(out, Chart{CompareOptions, newShiftsChart(in, agreed)})
	} else {
		warns = append(warns, errors.New("no agreement in either arm: option-shifts chart not drawn"))
	}
	return out, warns
}

// armColour and armShape tell the arms apart: the base in grey circles,
// the variant in bluish green triangles (the parties' blue and vermillion
// stay theirs).
var armColour = [2]color.Color{inkGrey, okabeGreen}

// okabeOrange is the Okabe–Ito orange, the colour of an interval's band.
var okabeOrange = color.RGBA{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF}

// diffChart draws one panel per party: the histogram of the paired
// differences of its utility, a line at 0, the mean difference and its
// interval.
type diffChart struct {
	in     *CompareInput
	names  [2]string
	hdr    header
	legend legendGrid
}

const diffPanelH = 2.6 * vg.Inch

func newDiffChart(in *CompareInput) *diffChart {
	ch := &diffChart{in: in, names: partyNames(in.Negotiations[0], in.Parties)}
	ch.hdr = header{
		title: scenarioName(in.Scenario) + ": what the variant changes, run by run",
		subtitle: runSubtitle(in.Version, in.Seed, in.Runs, "common random numbers",
			"utility in the variant − in the base, run by run"),
	}
	ch.legend = newLegendGrid([]legendEntry{
		{label: "runs (paired differences)", thumbs: []plot.Thumbnailer{boxThumb{fill: okabeSky}}},
		{label: "mean difference", thumbs: []plot.Thumbnailer{lineThumb{meanStyle()}}},
		{label: "95% interval of the mean (paired t)", thumbs: []plot.Thumbnailer{boxThumb{fill: bandFill()}}},
		{label: "no difference (0)", thumbs: []plot.Thumbnailer{lineThumb{zeroStyle()}}},
	}, chartWidth-2*margin, 2)
	return ch
}

func meanStyle() draw.LineStyle { return draw.LineStyle{Color: inkBlack, Width: vg.Points(1.6)} }
func zeroStyle() draw.LineStyle {
	return draw.LineStyle{Color: inkGrey, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
}
func bandFill() color.Color { return withAlpha(okabeOrange, 0.35) }

func (ch *diffChart) size() (w, h vg.Length) {
	return chartWidth, 2*margin + ch.hdr.height() + 2*diffPanelH + ch.legend.height() + 8
}

// diffVerdict says what the interval of a mean difference allows one to
// say, and no more.
func diffVerdict(d PairedDiffs) string {
	switch {
	case d.Exact:
		return "exactly the same in every run"
	case math.IsNaN(d.Lo) || math.IsNaN(d.Hi):
		return "too few runs for an interval"
	case d.Lo == d.Hi && d.Mean == 0:
		return "the same in every run"
	case d.Lo > 0:
		return "higher in the variant"
	case d.Hi < 0:
		return "lower in the variant"
	}
	return "no detectable difference"
}

func (ch *diffChart) draw(dc draw.Canvas) error {
	dc.SetColor(white)
	dc.Fill(dc.Rectangle.Path())
	inner := draw.Crop(dc, margin, -margin, margin, -margin)
	ch.hdr.draw(inner)
	area := draw.Crop(inner, 0, 0, ch.legend.height()+8, -ch.hdr.height())
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadY: vg.Points(12)}
	// One x scale for both panels, symmetric about 0.
	span := 0.0
	for i := range 2 {
		for v := range ch.in.Diffs[i].Counts {
			span = max(span, math.Abs(v))
		}
	}
	if span == 0 {
		span = 0.05
	}
	plots := []*plot.Plot{ch.panel(0, span), ch.panel(1, span)}
	cells := []draw.Canvas{tiles.At(area, 0, 0), tiles.At(area, 0, 1)}
	alignLeft(plots, cells)
	for k, p := range plots {
		p.Draw(cells[k])
	}
	ch.legend.draw(draw.Crop(inner, 0, 0, 0, -(inner.Max.Y-inner.Min.Y-ch.legend.height())), false)
	return nil
}

// diffBins is the number of bins each side of 0.
const diffBins = 20

// panel draws party i's differences on an axis from −span to span, in
// bins of span/diffBins centred on 0, so that the runs whose utility did
// not change have a bar of their own.
func (ch *diffChart) panel(i int, span float64) *plot.Plot {
	d := ch.in.Diffs[i]
	p := newPanel(false, false)
	mean := "–"
	if !math.IsNaN(d.Mean) {
		mean = signed3(d.Mean)
	}
	ci := ""
	if !math.IsNaN(d.Lo) && !math.IsNaN(d.Hi) {
		ci = " [" + signed3(d.Lo) + ", " + signed3(d.Hi) + "]"
	}
	panelTitle(p, fmt.Sprintf("utility to %s: mean %s%s, %s", ch.names[i], mean, ci, diffVerdict(d)))
	p.X.Label.Text = "difference of utility (variant − base)"
	p.Y.Label.Text = "runs"
	w := span / diffBins
	counts := map[int]int64{}
	for v, c := range d.Counts {
		counts[int(math.Round(v/w))] += c
	}
	hist := &plotter.Histogram{FillColor: okabeSky, LineStyle: draw.LineStyle{Color: white, Width: vg.Points(0.5)}}
	top := 0.0
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		c := counts[k]
		hist.Bins = append(hist.Bins, plotter.HistogramBin{Min: (float64(k) - 0.5) * w, Max: (float64(k) + 0.5) * w, Weight: float64(c)})
		top = max(top, float64(c))
	}
	p.X.Min, p.X.Max = -span-w, span+w
	p.Y.Min, p.Y.Max = 0, math.Max(1, top*1.1)
	p.X.Tick.Marker = countTicks{}
	p.Y.Tick.Marker = countTicks{whole: true}
	addGrid(p, false)
	if !math.IsNaN(d.Lo) && !math.IsNaN(d.Hi) && d.Hi > d.Lo {
		band := &plotter.Polygon{XYs: []plotter.XYs{{{X: d.Lo, Y: p.Y.Min}, {X: d.Hi, Y: p.Y.Min}, {X: d.Hi, Y: p.Y.Max}, {X: d.Lo, Y: p.Y.Max}}},
			Color: bandFill()}
		band.LineStyle.Width = 0
		p.Add(band)
	}
	p.Add(hist)
	p.Add(vLine(p, 0, zeroStyle()))
	if !math.IsNaN(d.Mean) {
		p.Add(vLine(p, d.Mean, meanStyle()))
	}
	return p
}

// signed3 writes a difference with its sign and three decimals.
func signed3(v float64) string {
	if v == 0 {
		v = 0 // no "-0.000"
	}
	return strconv.FormatFloat(v, 'f', 3, 64)
}

// armsSpaceChart draws the agreements of both arms in utility space, each
// point's area proportional to its runs, over the arms' Pareto frontiers
// (one line when they are the same).
type armsSpaceChart struct {
	in     *CompareInput
	names  [2]string
	hdr    header
	legend legendGrid
	shared bool
	dots   bool // too many distinct points to size them: small translucent dots
	agreed [2]int
}

const armsSpaceSide = 4.4 * vg.Inch

// maxSizedPoints is the most distinct agreement points (both arms) drawn
// as markers sized by their runs; with more (runs that drew their own
// preferences rarely share a point) every point is a small dot.
const maxSizedPoints = 300

func newArmsSpaceChart(in *CompareInput, agreed [2]int) *armsSpaceChart {
	ch := &armsSpaceChart{in: in, names: partyNames(in.Negotiations[0], in.Parties), agreed: agreed}
	ch.shared = slices.Equal(in.Frontiers[0], in.Frontiers[1])
	ch.hdr = header{
		title:    scenarioName(in.Scenario) + ": agreements of both arms",
		subtitle: runSubtitle(in.Version, in.Seed, in.Runs, "base "+narrate.Plural(agreed[0], "agreement")+", variant "+strconv.Itoa(agreed[1])),
	}
	ch.dots = len(in.Agreements[0])+len(in.Agreements[1]) > maxSizedPoints
	if ch.dots {
		ch.hdr.subtitle += " · a dot per distinct agreement point"
	} else {
		ch.hdr.subtitle += " · marker area proportional to runs"
	}
	var entries []legendEntry
	for k, name := range []string{"base", "variant"} {
		entries = append(entries, legendEntry{label: name + ": " + in.Labels[k], thumbs: []plot.Thumbnailer{glyphThumb{ch.glyph(k, 3.5)}}})
	}
	nominal := ""
	if in.Nominal[0] || in.Nominal[1] {
		nominal = " (nominal)"
	}
	if ch.shared {
		entries = append(entries, legendEntry{label: "Pareto frontier, the same in both arms" + nominal, thumbs: []plot.Thumbnailer{lineThumb{frontierStyle()}}})
	} else {
		for k, name := range []string{"base", "variant"} {
			entries = append(entries, legendEntry{label: "Pareto frontier of the " + name + nominal, thumbs: []plot.Thumbnailer{lineThumb{armFrontier(k)}}})
		}
	}
	ch.legend = newLegendGrid(entries, chartWidth-2*margin, 1)
	return ch
}

// glyph returns the marker of arm k with radius r: outlined circles and
// triangles sized by runs, or filled translucent dots.
func (ch *armsSpaceChart) glyph(k int, r float64) draw.GlyphStyle {
	if ch.dots {
		shapes := [2]draw.GlyphDrawer{draw.CircleGlyph{}, draw.TriangleGlyph{}}
		return draw.GlyphStyle{Color: withAlpha(armColour[k], 0.4), Radius: vg.Points(min(r, 2.2)), Shape: shapes[k]}
	}
	shapes := [2]draw.GlyphDrawer{draw.RingGlyph{}, draw.TriangleGlyph{}}
	return draw.GlyphStyle{Color: withAlpha(armColour[k], 0.85), Radius: vg.Points(r), Shape: shapes[k]}
}

func armFrontier(k int) draw.LineStyle {
	ls := draw.LineStyle{Color: armColour[k], Width: vg.Points(1.2)}
	if k == 1 {
		ls.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	}
	return ls
}

func (ch *armsSpaceChart) size() (w, h vg.Length) {
	return chartWidth, 2*margin + ch.hdr.height() + armsSpaceSide + ch.legend.height() + 8
}

func (ch *armsSpaceChart) draw(dc draw.Canvas) error {
	dc.SetColor(white)
	dc.Fill(dc.Rectangle.Path())
	inner := draw.Crop(dc, margin, -margin, margin, -margin)
	ch.hdr.draw(inner)
	p := newPanel(true, true)
	p.X.Label.Text = "utility to " + ch.names[0]
	p.Y.Label.Text = "utility to " + ch.names[1]
	umax := 1.0
	for k := range 2 {
		for _, a := range ch.in.Agreements[k] {
			umax = max(umax, a.U[0], a.U[1])
		}
	}
	const pad = 0.02
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -pad, umax+pad, -pad, umax+pad
	if umax > 1 {
		p.X.Tick.Marker, p.Y.Tick.Marker = countTicks{}, countTicks{}
	}
	addGrid(p, true)
	for k := range 2 {
		if ch.shared && k == 1 {
			break
		}
		var front plotter.XYs
		for _, f := range ch.in.Frontiers[k] {
			front = append(front, plotter.XY{X: f.U[0], Y: f.U[1]})
		}
		style := frontierStyle()
		if !ch.shared {
			style = armFrontier(k)
		}
		if len(front) > 0 {
			p.Add(newLine(front, style))
		}
	}
	most := 1
	for k := range 2 {
		for _, a := range ch.in.Agreements[k] {
			most = max(most, a.N)
		}
	}
	for k := range 2 {
		if ch.dots {
			var xy plotter.XYs
			for _, a := range ch.in.Agreements[k] {
				xy = append(xy, plotter.XY{X: a.U[0], Y: a.U[1]})
			}
			p.Add(newScatter(xy, ch.glyph(k, 2.2)))
			continue
		}
		pts := slices.Clone(ch.in.Agreements[k])
		slices.SortStableFunc(pts, func(a, b UtilityCount) int { return b.N - a.N }) // small over large
		for _, a := range pts {
			r := 1.5 + 9*math.Sqrt(float64(a.N)/float64(most))
			p.Add(newScatter(plotter.XYs{{X: a.U[0], Y: a.U[1]}}, ch.glyph(k, r)))
		}
	}
	top := inner.Max.Y - ch.hdr.height()
	area := vg.Rectangle{Min: vg.Point{X: inner.Center().X - armsSpaceSide/2, Y: top - armsSpaceSide}, Max: vg.Point{X: inner.Center().X + armsSpaceSide/2, Y: top}}
	p.Draw(draw.Canvas{Canvas: inner.Canvas, Rectangle: area})
	ch.legend.draw(draw.Crop(inner, 0, 0, 0, -(inner.Max.Y-inner.Min.Y-ch.legend.height())), false)
	return nil
}

// shiftsChart draws, for each issue, the share of each arm's agreements
// that chose each option, the base's bar above the variant's.
type shiftsChart struct {
	in     *CompareInput
	hdr    header
	legend legendGrid
	agreed [2]int
}

const (
	shiftBarH   = 18 // points per option (two bars)
	shiftHeader = 50 // points per panel for its title and the x axis
)

func newShiftsChart(in *CompareInput, agreed [2]int) *shiftsChart {
	ch := &shiftsChart{in: in, agreed: agreed}
	ch.hdr = header{
		title: scenarioName(in.Scenario) + ": what the agreements settled, base and variant",
		subtitle: runSubtitle(in.Version, in.Seed, in.Runs, "share of each arm's agreements with each option",
			"base "+narrate.Plural(agreed[0], "agreement")+", variant "+strconv.Itoa(agreed[1])),
	}
	ch.legend = newLegendGrid([]legendEntry{
		{label: "base", thumbs: []plot.Thumbnailer{boxThumb{fill: armColour[0], short: true}}},
		{label: "variant", thumbs: []plot.Thumbnailer{boxThumb{fill: armColour[1], short: true}}},
	}, chartWidth-2*margin, 2)
	return ch
}

func (ch *shiftsChart) panelH(i int) vg.Length {
	k := min(len(ch.in.Negotiations[0].Space.Issues()[i].Values), maxIssueBars)
	return vg.Length(k*shiftBarH + shiftHeader)
}

func (ch *shiftsChart) rows() []vg.Length {
	return panelRows(len(ch.in.Negotiations[0].Space.Issues()), ch.panelH)
}

func (ch *shiftsChart) size() (w, h vg.Length) {
	h = 2*margin + ch.hdr.height() + ch.legend.height() + 4
	for _, r := range ch.rows() {
		h += r
	}
	return chartWidth, h
}

func (ch *shiftsChart) share(arm, issue, option int) float64 {
	if ch.agreed[arm] == 0 || issue >= len(ch.in.Options[arm]) || option >= len(ch.in.Options[arm][issue]) {
		return 0
	}
	return float64(ch.in.Options[arm][issue][option]) / float64(ch.agreed[arm])
}

func (ch *shiftsChart) draw(dc draw.Canvas) error {
	dc.SetColor(white)
	dc.Fill(dc.Rectangle.Path())
	inner := draw.Crop(dc, margin, -margin, margin, -margin)
	ch.hdr.draw(inner)
	ch.legend.draw(draw.Crop(inner, 0, 0, inner.Max.Y-inner.Min.Y-ch.hdr.height()-ch.legend.height(), -ch.hdr.height()), false)
	colW := colWidth()
	top := inner.Max.Y - ch.hdr.height() - ch.legend.height() - 4
	issues := ch.in.Negotiations[0].Space.Issues()
	iss := &issuesChart{n: ch.in.Negotiations[0]}
	for row, rh := range ch.rows() {
		for col := range issueCols {
			i := row*issueCols + col
			if i >= len(issues) {
				break
			}
			p := newPanel(false, false)
			p.Title.Text = iss.issueTitle(i, colW)
			p.Title.TextStyle = textStyle(panelTSize, true, inkBlack)
			p.Title.TextStyle.XAlign, p.Title.TextStyle.YAlign = draw.XCenter, draw.YTop
			p.Title.Padding = vg.Points(4)
			values := issues[i].Values
			k := len(values)
			every := (k + maxIssueLabels - 1) / maxIssueLabels
			var ticks plot.ConstantTicks
			var bars [2]plotter.Values
			for v := range k {
				t := plot.Tick{Value: float64(k - 1 - v)}
				if v%every == 0 {
					t.Label = fitText(p.Y.Tick.Label, values[v].ID, colW*maxTickShare)
				}
				ticks = append(ticks, t)
			}
			for arm := range 2 {
				bars[arm] = make(plotter.Values, k)
				for v := range k {
					bars[arm][k-1-v] = ch.share(arm, i, v)
				}
			}
			p.Y.Tick.Marker = ticks
			p.Y.Tick.Length = 0
			p.Y.Min, p.Y.Max = -0.6, float64(k)-0.4
			p.X.Min, p.X.Max = 0, 1.22
			p.X.Tick.Marker = percentTicks{}
			addGrid(p, true)
			x0 := inner.Min.X + vg.Length(col)*(colW+issuePadX)
			cell := draw.Canvas{Canvas: inner.Canvas, Rectangle: vg.Rectangle{
				Min: vg.Point{X: x0, Y: top - ch.panelH(i)}, Max: vg.Point{X: x0 + colW, Y: top}}}
			da := p.DataCanvas(cell)
			unit := (da.Max.Y - da.Min.Y) / vg.Length(p.Y.Max-p.Y.Min)
			lsty := textStyle(noteSize-1, false, inkBlack)
			lsty.XAlign, lsty.YAlign = draw.XLeft, draw.YCenter
			labels := &plotter.Labels{Offset: vg.Point{X: 3}}
			for arm := range 2 {
				bc, err := plotter.NewBarChart(bars[arm], unit*0.38)
				if err != nil {
					return err
				}
				bc.Horizontal = true
				bc.Color = armColour[arm]
				bc.LineStyle.Width = 0
				bc.Offset = unit * 0.19 * vg.Length(1-2*arm) // base above, variant below
				p.Add(bc)
				for y, s := range bars[arm] {
					if s == 0 {
						continue
					}
					// Labels sit at the bar's centre: offset in data units.
					labels.XYs = append(labels.XYs, plotter.XY{X: s, Y: float64(y) + 0.19*float64(1-2*arm)})
					labels.Labels = append(labels.Labels, percent(s))
					labels.TextStyle = append(labels.TextStyle, lsty)
				}
			}
			if len(labels.XYs) > 0 {
				p.Add(onlyPlot{labels})
			}
			p.Draw(cell)
		}
		top -= rh
	}
	return nil
}
