package chart

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/parley-sim/parley/results/atomicfile"
	"github.com/parley-sim/parley/results/narrate"
	"github.com/parley-sim/parley/sim"
)

// MaxCloudPoints bounds the points of the outcome cloud in the
// utility-space chart. A space with more outcomes is drawn on a grid:
// outcomes whose utilities round to the same multiple of 1/400 (1/200,
// 1/100 if still too many) share one dot, so every region holding an
// outcome shows, and the SVG stays small.
const MaxCloudPoints = 20_000

// ErrFormat is wrapped by the errors about a chart file name whose
// extension is neither .png nor .svg.
var ErrFormat = errors.New("a chart file name must end in .png or .svg")

// Format returns the format of the chart file named path, "png" or
// "svg", from its extension in any case. Any other extension is an error
// wrapping ErrFormat.
func Format(path string) (string, error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".png", ".svg":
		return ext[1:], nil
	case "":
		return "", fmt.Errorf("%s: no extension: %w", path, ErrFormat)
	default:
		return "", fmt.Errorf("%s: extension %q: %w", path, filepath.Ext(path), ErrFormat)
	}
}

// SpaceOptions adjusts the utility-space chart of one session written by
// WriteUtilitySpace. Its zero value draws the chart as parley run draws
// it for a run folder, less the bubbles of many agreements.
type SpaceOptions struct {
	// Title replaces the title. Empty means "NAME: outcomes in utility
	// space", NAME being the negotiation's Name, or "negotiation".
	Title string
	// Subtitle replaces the subtitle. Empty means "parley VERSION · offers
	// of run R (seed 0x…)", or "parley VERSION · no session" without a
	// result.
	Subtitle string
	// Version is the parley version the default subtitle names. Empty
	// means "(unversioned)".
	Version string
	// Names replaces the parties' names on the axes and in the legend,
	// such as "you (Buyer)". An empty name keeps the party's label, or
	// its id.
	Names [2]string
	// DPI is the PNG's resolution, from MinDPI to MaxDPI. Zero means DPI.
	DPI int
}

// WriteUtilitySpace writes the utility-space chart of one session of n to
// path, atomically: every outcome, the Pareto frontier, the bargaining
// solutions, the reservation values and, with a result res, its
// agreement and, if res is traced, the offers made. The chart is the one
// parley run draws (see UtilitySpace), titled by o. The format
// follows the extension of path: PNG at o.DPI for .png, SVG for .svg
// (see Format); res may be nil to draw the outcome space alone. When ctx
// is cancelled it stops drawing promptly, writes nothing and returns ctx's
// error.
func WriteUtilitySpace(ctx context.Context, path string, n *sim.Negotiation, res *sim.Result, o SpaceOptions) error {
	format, err := Format(path)
	if err != nil {
		return fmt.Errorf("utility-space chart: %w", err)
	}
	if err := n.CheckUtilities(); err != nil {
		return fmt.Errorf("utility-space chart %s: %w", path, err)
	}
	ids, err := partyIDs(n)
	if err != nil {
		return fmt.Errorf("utility-space chart %s: %w", path, err)
	}
	if err := checkSession(n, res); err != nil {
		return fmt.Errorf("utility-space chart %s: run %d: %w", path, res.Run, err)
	}
	an := sim.Analyze(n)
	in := &Input{Negotiation: n, Parties: ids, Scenario: n.Name, Version: o.Version, Frontier: an.Frontier, Solutions: an.Solutions, Tally: NewTally(n.Space)}
	look := spaceLook{session: true, names: o.Names, title: o.Title, subtitle: o.Subtitle}
	if res != nil {
		in.Runs = []*sim.Result{res}
	}
	if look.subtitle == "" {
		look.subtitle = "parley " + versionText(o.Version) + " · no session"
		if res != nil {
			look.subtitle = fmt.Sprintf("parley %s · offers of run %d (seed %s)", versionText(o.Version), res.Run, narrate.SeedText(res.Seed))
		}
	}
	pngData, svgData, err := renderFigure(ctx, newSpaceChartWith(in, look), o.DPI)
	if err != nil {
		return fmt.Errorf("utility-space chart %s: %w", path, err)
	}
	data := pngData
	if format == "svg" {
		data = svgData
	}
	return atomicfile.WriteFile(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// partyIDs returns the parties' ids as the tables name them, "a" and "b"
// where empty. Two parties with the same id are an error.
func partyIDs(n *sim.Negotiation) ([2]string, error) {
	var ids [2]string
	for i, p := range n.Parties {
		ids[i] = p.ID
		if p.ID == "" {
			ids[i] = string(rune('a' + i))
		}
	}
	if ids[0] == ids[1] {
		return ids, fmt.Errorf("both parties have the id %q; their columns would clash", ids[0])
	}
	return ids, nil
}

// checkSession reports what in a result the utility-space chart of n
// cannot draw: an outcome outside the space, or an agreement whose
// utilities are not numbers. A nil result is fine.
func checkSession(n *sim.Negotiation, res *sim.Result) error {
	if res == nil {
		return nil
	}
	size := sim.Outcome(n.Space.Size())
	if res.Agreement < sim.NoOutcome || res.Agreement >= size {
		return fmt.Errorf("agreement %d outside the outcome space of %d outcomes", res.Agreement, size)
	}
	if res.Agreed() {
		for i, u := range res.Utility {
			if math.IsNaN(u) || math.IsInf(u, 0) {
				return fmt.Errorf("agreement worth %v to party %d", u, i)
			}
		}
	}
	for i, e := range res.Trace {
		if e.Outcome < sim.NoOutcome || e.Outcome >= size {
			return fmt.Errorf("event %d: outcome %d outside the outcome space of %d outcomes", i, e.Outcome, size)
		}
	}
	return nil
}

// Geometry of the utility-space chart.
const (
	spaceSide    = 4.5 * vg.Inch // the square plot, axes included, with the legend below
	spaceSideMin = 4.0 * vg.Inch // the same with the legend at its right
	spaceGap     = 10            // points between the plot and a legend at its right
)

// spaceChart draws the outcomes in utility space: every outcome as a
// faint dot, the Pareto frontier, the bargaining solutions, the
// reservation values, the agreements of all runs as bubbles whose area
// is their number of runs, and the offers of the first traced run with
// its agreement.
type spaceChart struct {
	n        *sim.Negotiation
	names    [2]string
	hdr      header
	cloud    []plotter.XY // nil until drawn, for a space gridded (see outcomeCloud)
	dense    bool         // cloud merged onto a grid, or too many points for big dots
	frontier []sim.Point
	sols     sim.Solutions
	run      *sim.Result      // the traced run whose offers are drawn, or nil
	runN     *sim.Negotiation // the negotiation run played
	nominal  bool             // n is a scenario's nominal negotiation (Input.Nominal)
	bubbles  []bubble
	umax     float64 // upper end of both axes
	legend   legendGrid
	right    bool // the legend is at the right of the plot
	session  bool // the chart of one session rather than of a batch
}

// partyNames returns the names shown for the parties: labels, or ids.
func partyNames(n *sim.Negotiation, ids [2]string) [2]string {
	var out [2]string
	for i := range 2 {
		out[i] = cmp.Or(n.Parties[i].Label, ids[i])
	}
	return out
}

// spaceLook is what a chart of one session changes in the utility-space
// chart; its zero value draws the chart of a batch, as parley run does.
type spaceLook struct {
	session         bool      // one session: its agreement is "agreement", not "agreement of run N"
	names           [2]string // the parties' names, where not empty
	title, subtitle string    // the header, where not empty
}

func newSpaceChart(in *Input) *spaceChart { return newSpaceChartWith(in, spaceLook{}) }

func newSpaceChartWith(in *Input, look spaceLook) *spaceChart {
	ch := &spaceChart{
		n:        in.Negotiation,
		names:    partyNames(in.Negotiation, in.Parties),
		frontier: in.Frontier,
		sols:     in.Solutions,
		bubbles:  in.Tally.bubbles(),
		umax:     1,
		session:  look.session,
	}
	for i, s := range look.names {
		if s != "" {
			ch.names[i] = s
		}
	}
	if in.Negotiation.Space.Size() <= MaxCloudPoints {
		ch.cloud, ch.dense = outcomeCloud(in.Negotiation, func() {})
	} else {
		ch.dense = true // gridded when first drawn, where the drawing can be cancelled
	}
	ch.nominal = in.Nominal
	if len(in.Runs) > 0 {
		ch.run, ch.runN = in.Runs[0], in.Negotiation
		if len(in.RunNegotiations) > 0 && in.RunNegotiations[0] != nil {
			ch.runN = in.RunNegotiations[0]
		}
	}
	// Guarantees can lift agreements above 1; the axes follow, up to 2.
	widen := func(u [2]float64) {
		for _, x := range u {
			if x > ch.umax && x <= maxAxis {
				ch.umax = x
			}
		}
	}
	for _, b := range ch.bubbles {
		widen(b.u)
	}
	if ch.run != nil && ch.run.Agreed() {
		widen(ch.run.Utility)
	}
	ch.umax = math.Ceil(ch.umax*10-1e-9) / 10

	extra := []string{}
	if ch.nominal {
		extra = append(extra, "nominal scenario's frontier")
	}
	if ch.run != nil {
		extra = append(extra, fmt.Sprintf("offers of run %d (seed %s)", ch.run.Run, narrate.SeedText(ch.run.Seed)))
	}
	ch.hdr = header{
		title:    scenarioName(in.Scenario) + ": outcomes in utility space",
		subtitle: runSubtitle(in.Version, in.Seed, in.Tally.runs, extra...),
	}
	if look.title != "" {
		ch.hdr.title = look.title
	}
	if look.subtitle != "" {
		ch.hdr.subtitle = look.subtitle
	}
	entries := ch.legendEntries()
	ch.legend = newLegendGrid(entries, chartWidth-2*margin-spaceSideMin-spaceGap, 1)
	ch.right = ch.legend.width() <= chartWidth-2*margin-spaceSideMin-spaceGap
	if !ch.right {
		ch.legend = newLegendGrid(entries, chartWidth-2*margin, 3)
	}
	return ch
}

// maxAxis is the largest utility the utility-space chart shows; points
// beyond it are left out.
const maxAxis = 2

// outcomeCloud returns the points of the outcome cloud, sorted, and
// whether it is dense (merged onto a grid, or many points). A space of
// more than MaxCloudPoints outcomes is gridded: each pass over the
// outcomes marks the cells of a grid that hold one, and the dots are read
// off the first grid with few enough cells, so that the memory it takes
// is that of the grid and the dots, nothing per outcome. It calls check
// every 65,536 outcomes of a pass, so that the drawing of a big space can
// be cancelled (see cancelCheck).
func outcomeCloud(n *sim.Negotiation, check func()) ([]plotter.XY, bool) {
	ua, ub := n.Parties[0].Utility.Values(), n.Parties[1].Utility.Values()
	if len(ua) <= MaxCloudPoints {
		pts := make([]plotter.XY, len(ua))
		for o := range ua {
			pts[o] = plotter.XY{X: ua[o], Y: ub[o]}
		}
		slices.SortFunc(pts, func(a, b plotter.XY) int { return cmp.Or(cmp.Compare(a.X, b.X), cmp.Compare(a.Y, b.Y)) })
		pts = slices.Compact(pts)
		return pts, len(pts) > 2000
	}
	var seen []bool
	var k, cells int
	for _, k = range []int{400, 200, 100} {
		seen = make([]bool, (k+1)*(k+1))
		cells = 0
		for o := range ua {
			if o&0xFFFF == 0 {
				check()
			}
			x := min(max(int(math.Round(ua[o]*float64(k))), 0), k)
			y := min(max(int(math.Round(ub[o]*float64(k))), 0), k)
			if !seen[x*(k+1)+y] {
				seen[x*(k+1)+y] = true
				cells++
			}
		}
		if cells <= MaxCloudPoints {
			break
		}
	}
	// The cells in order of x, then y: sorted, and distinct.
	pts := make([]plotter.XY, 0, cells)
	for c, ok := range seen {
		if ok {
			pts = append(pts, plotter.XY{X: float64(c/(k+1)) / float64(k), Y: float64(c%(k+1)) / float64(k)})
		}
	}
	return pts, true
}

func (ch *spaceChart) size() (w, h vg.Length) {
	if ch.right {
		return chartWidth, 2*margin + ch.hdr.height() + max(spaceSideMin, ch.legend.height())
	}
	return chartWidth, 2*margin + ch.hdr.height() + spaceSide + ch.legend.height() + 4
}

// Styles of the utility-space chart.
func cloudGlyph(dense bool) draw.GlyphStyle {
	if dense {
		return draw.GlyphStyle{Color: cloudGrey, Radius: vg.Points(0.8), Shape: draw.CircleGlyph{}}
	}
	return draw.GlyphStyle{Color: color.RGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xFF}, Radius: vg.Points(1.8), Shape: draw.CircleGlyph{}}
}

func frontierStyle() draw.LineStyle { return draw.LineStyle{Color: inkBlack, Width: vg.Points(1.3)} }

func bubbleStyle() draw.LineStyle {
	return draw.LineStyle{Color: color.RGBA{R: 0x33, G: 0x33, B: 0x33, A: 0xFF}, Width: vg.Points(0.7)}
}

// pathStyle returns the line and glyph style of offerer j's path.
func pathStyle(j int) (draw.LineStyle, draw.GlyphStyle) {
	c := offererColour[j]
	ls := draw.LineStyle{Color: withAlpha(c, 0.7), Width: vg.Points(1)}
	gs := draw.GlyphStyle{Color: c, Radius: vg.Points(2.4), Shape: draw.CircleGlyph{}}
	switch j {
	case 1:
		ls.Dashes = []vg.Length{vg.Points(4), vg.Points(2)}
		gs.Shape, gs.Radius = draw.PyramidGlyph{}, vg.Points(2.8)
	case ThirdOfferer:
		ls.Dashes = []vg.Length{vg.Points(4), vg.Points(1.5), vg.Points(1), vg.Points(1.5)}
		gs.Shape = draw.SquareGlyph{}
	}
	return ls, gs
}

// solutionMarks are the solutions the chart marks, with glyph and label.
var solutionMarks = []struct {
	points func(*sim.Solutions) []sim.Point
	label  string
	shape  draw.GlyphDrawer
	legend string
}{
	{func(s *sim.Solutions) []sim.Point { return s.Nash }, "Nash", diamondGlyph{}, "Nash solution"},
	{func(s *sim.Solutions) []sim.Point { return s.KalaiSmorodinsky }, "KS", draw.BoxGlyph{}, "Kalai–Smorodinsky (KS)"},
	{func(s *sim.Solutions) []sim.Point { return s.MaxWelfare }, "max. welfare", draw.PyramidGlyph{}, "maximum welfare"},
}

func (ch *spaceChart) legendEntries() []legendEntry {
	dot := cloudGlyph(ch.dense)
	dot.Radius = vg.Points(2)
	out := []legendEntry{
		{label: "possible outcomes", thumbs: []plot.Thumbnailer{glyphThumb{dot}}},
		{label: "Pareto frontier", thumbs: []plot.Thumbnailer{lineThumb{frontierStyle()}}},
		{label: reservationLabel("reservation values", ch.nominal), thumbs: []plot.Thumbnailer{lineThumb{reservationStyle(inkGrey)}}},
	}
	if len(ch.bubbles) > 0 {
		out = append(out, legendEntry{label: "agreements (area: runs)", thumbs: []plot.Thumbnailer{glyphThumb{draw.GlyphStyle{Color: bubbleStyle().Color, Radius: vg.Points(4), Shape: ringGlyph{width: bubbleStyle().Width}}}}})
	}
	if ch.run != nil {
		paths := ch.paths()
		third := "texts of the mediator"
		if ch.n.Facilitator != nil {
			third = "texts of the facilitator"
		}
		for j, name := range []string{"offers by " + ch.names[0], "offers by " + ch.names[1], third} {
			if len(paths[j]) == 0 {
				continue
			}
			ls, gs := pathStyle(j)
			out = append(out, legendEntry{label: name, thumbs: []plot.Thumbnailer{fadeThumb{ls, gs}}})
		}
		if ch.run.Agreed() {
			label := fmt.Sprintf("agreement of run %d", ch.run.Run)
			if ch.session {
				label = "agreement"
			}
			out = append(out, legendEntry{label: label, thumbs: []plot.Thumbnailer{glyphThumb{agreementGlyph()}}})
		}
	}
	for _, m := range solutionMarks {
		switch k := len(m.points(&ch.sols)); {
		case k >= sim.MaxTies: // the list was cut: more may tie
			out = append(out, legendEntry{label: fmt.Sprintf("%s: %d or more outcomes tie", m.legend, k)})
		case k > maxTieMarks:
			out = append(out, legendEntry{label: fmt.Sprintf("%s: %d outcomes tie", m.legend, k)})
		case k > 0:
			out = append(out, legendEntry{label: m.legend, thumbs: []plot.Thumbnailer{glyphThumb{solutionGlyph(m.shape)}}})
		}
	}
	if f := ch.n.Facilitator; f != nil && len(f.Guarantees) > 0 && (len(ch.bubbles) > 0 || ch.run != nil) {
		// A guaranteed agreement can lie beyond the frontier of the issues.
		out = append(out, legendEntry{label: "(agreements include guarantees)"})
	}
	return out
}

// maxTieMarks is the most tied points of one solution the chart marks; a
// solution with more (such as maximum welfare on a straight frontier) is
// not marked, and the legend says how many outcomes tie ("1000 or more"
// when sim.MaxTies are listed: the list was cut, and the tables that
// parley plot reads hold no more).
const maxTieMarks = 3

// paths returns the utilities of the traced run's offers by A, by B, and
// the successive texts of a mediator or facilitator, in order (see
// walkPaths). A path of more than maxPathPoints points loses the points
// equal to the one before and is decimated to maxPathPoints (see
// decimate), as its points come: a session of a million rounds takes no
// more memory here than a short one.
func (ch *spaceChart) paths() [NumOfferers]plotter.XYs {
	var out [NumOfferers]plotter.XYs
	if ch.run == nil {
		return out
	}
	ua, ub := ch.runN.Parties[0].Utility, ch.runN.Parties[1].Utility
	at := func(o sim.Outcome) plotter.XY { return plotter.XY{X: ua.Of(o), Y: ub.Of(o)} }
	var n, moves [NumOfferers]int // points, and points unlike the one before
	var last [NumOfferers]plotter.XY
	ch.walkPaths(func(j int, o sim.Outcome) {
		q := at(o)
		if n[j] == 0 || q != last[j] {
			moves[j]++
		}
		n[j]++
		last[j] = q
	})
	var d [NumOfferers]*decimator
	for j := range d {
		if n[j] <= maxPathPoints {
			d[j] = newDecimator(n[j], maxPathPoints) // every point
		} else {
			d[j] = newDecimator(moves[j], maxPathPoints)
		}
	}
	var seen [NumOfferers]int
	ch.walkPaths(func(j int, o sim.Outcome) {
		q := at(o)
		if n[j] > maxPathPoints && seen[j] > 0 && q == last[j] {
			return
		}
		seen[j]++
		last[j] = q
		d[j].add(q)
	})
	for j := range out {
		out[j] = d[j].points()
	}
	return out
}

// walkPaths calls add with the offerer (0, 1, ThirdOfferer) and outcome
// of every point of the offer paths of the traced run, in order: each
// party's offers, and the successive texts of a mediator or facilitator.
// A draft becomes the text when it opens a mediation (the first draft of
// the session, or the first after an invitation) or when both parties
// vote for it; the proposals they turn down are not drawn.
func (ch *spaceChart) walkPaths(add func(j int, o sim.Outcome)) {
	opening := true // the next draft opens a mediation
	pending, yes := sim.NoOutcome, 0
	for _, e := range ch.run.Trace {
		if e.Outcome == sim.NoOutcome && e.Kind != sim.EventInvite {
			continue
		}
		switch e.Kind {
		case sim.EventOffer:
			if e.Actor == 0 || e.Actor == 1 {
				add(e.Actor, e.Outcome)
			}
		case sim.EventInvite:
			opening = true
		case sim.EventDraft:
			if opening {
				add(ThirdOfferer, e.Outcome)
				opening = false
				pending = sim.NoOutcome
				continue
			}
			pending, yes = e.Outcome, 0
		case sim.EventVoteYes:
			if e.Outcome == pending {
				if yes++; yes == 2 {
					add(ThirdOfferer, pending)
					pending = sim.NoOutcome
				}
			}
		}
	}
}

func (ch *spaceChart) draw(dc draw.Canvas) error {
	dc.SetColor(white)
	dc.Fill(dc.Rectangle.Path())
	inner := draw.Crop(dc, margin, -margin, margin, -margin)
	ch.hdr.draw(inner)

	p := newPanel(true, true)
	p.X.Label.Text = "utility to " + ch.names[0]
	p.Y.Label.Text = "utility to " + ch.names[1]
	const pad = 0.02
	p.X.Min, p.X.Max = -pad, ch.umax+pad
	p.Y.Min, p.Y.Max = -pad, ch.umax+pad
	if ch.umax > 1 {
		p.X.Tick.Marker, p.Y.Tick.Marker = countTicks{}, countTicks{}
	}
	addGrid(p, true)

	// The plot, as a square centred under the header.
	top := inner.Max.Y - ch.hdr.height()
	area := vg.Rectangle{Min: vg.Point{X: inner.Center().X - spaceSide/2, Y: top - spaceSide}, Max: vg.Point{X: inner.Center().X + spaceSide/2, Y: top}}
	if ch.right {
		area = vg.Rectangle{Min: vg.Point{X: inner.Min.X, Y: top - spaceSideMin}, Max: vg.Point{X: inner.Min.X + spaceSideMin, Y: top}}
	}
	cell := draw.Canvas{Canvas: inner.Canvas, Rectangle: area}
	onAxes := func(u [2]float64) bool { // what the axes show
		return u[0] >= p.X.Min && u[0] <= p.X.Max && u[1] >= p.Y.Min && u[1] <= p.Y.Max
	}

	if ch.cloud == nil {
		ch.cloud, _ = outcomeCloud(ch.n, cancelCheck(dc.Canvas))
	}
	p.Add(&cloudDots{xy: ch.cloud, style: cloudGlyph(ch.dense)})
	res := [2]float64{ch.n.Parties[0].Reservation, ch.n.Parties[1].Reservation}
	p.Add(vLine(p, res[0], reservationStyle(partyColour[0])))
	p.Add(hLine(res[1], reservationStyle(partyColour[1])))

	front := frontierLine(ch.frontier)
	p.Add(newLine(front, frontierStyle()))
	if len(front) <= 300 {
		p.Add(newScatter(front, draw.GlyphStyle{Color: inkBlack, Radius: vg.Points(1.4), Shape: draw.CircleGlyph{}}))
	}

	if b := bubblesOf(ch.bubbles, onAxes); b != nil {
		p.Add(b)
	}

	for j, path := range ch.paths() {
		if len(path) == 0 {
			continue
		}
		ls, gs := pathStyle(j)
		p.Add(newLine(path, ls), fadingOf(path, gs))
	}

	marks := &solutionLabels{lines: []plotter.XYs{front}, frontier: front}
	for _, b := range ch.bubbles {
		marks.points = append(marks.points, plotter.XY{X: b.u[0], Y: b.u[1]})
	}
	if ch.run != nil && ch.run.Agreed() {
		marks.points = append(marks.points, plotter.XY{X: ch.run.Utility[0], Y: ch.run.Utility[1]})
	}
	for _, path := range ch.paths() {
		marks.lines = append(marks.lines, path)
	}
	for _, m := range solutionMarks {
		if len(m.points(&ch.sols)) > maxTieMarks {
			continue // the legend says so
		}
		marks.addSolution(m.points(&ch.sols), m.label, m.shape)
	}
	// The egalitarian solution is named where it coincides with a marked
	// one, not marked on its own.
	marks.addSolution(ch.sols.Egalitarian, "egalitarian", nil)
	marks.sortLabels()
	p.Add(marks)
	if ch.run != nil && ch.run.Agreed() && onAxes(ch.run.Utility) {
		// The agreement last, over a solution it may coincide with.
		p.Add(newScatter(plotter.XYs{{X: ch.run.Utility[0], Y: ch.run.Utility[1]}}, agreementGlyph()))
	}

	// Make the data area square, its glyphs in: trim the longer side.
	da := p.DataCanvas(cell)
	if dw, dh := da.Max.X-da.Min.X, da.Max.Y-da.Min.Y; dw > dh {
		cell.Max.X -= (dw - dh) / 2
		cell.Min.X += (dw - dh) / 2
	} else {
		cell.Min.Y += dh - dw
	}
	p.Draw(cell)
	if ch.right {
		// The legend's top row level with the top of the data area.
		lc := inner
		lc.Min.X = inner.Max.X - ch.legend.width()
		lc.Max.Y = p.DataCanvas(cell).Max.Y + 4
		lc.Min.Y = lc.Max.Y - ch.legend.height()
		ch.legend.draw(lc, false)
		return nil
	}
	ch.legend.draw(draw.Crop(inner, 0, 0, 0, -(inner.Max.Y-inner.Min.Y-ch.legend.height())), false)
	return nil
}

// cloudDots draws many small discs as one filled path, so that the SVG
// holds one element rather than one per point. A plotter of its own:
// plotter.Scatter draws each glyph as an element of its own, 20,000 of
// them for a large space.
type cloudDots struct {
	xy    plotter.XYs
	style draw.GlyphStyle
}

// Plot draws the discs.
func (d *cloudDots) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	r := d.style.Radius
	var path vg.Path
	for _, q := range d.xy {
		x, y := tx(q.X), ty(q.Y)
		path.Move(vg.Point{X: x + r, Y: y})
		path.Arc(vg.Point{X: x, Y: y}, r, 0, 2*math.Pi)
		path.Close()
	}
	c.SetColor(d.style.Color)
	c.Fill(path)
}

// fadingOf returns the glyphs of a path from faint (first) to solid
// (last).
func fadingOf(xy plotter.XYs, style draw.GlyphStyle) *plotter.Scatter {
	s := newScatter(xy, style)
	s.GlyphStyleFunc = func(k int) draw.GlyphStyle {
		g := style
		g.Color = withAlpha(style.Color, fadeAlpha(k, len(xy)))
		return g
	}
	return s
}

// fadeAlpha is the opacity of the k-th of n glyphs of a path.
func fadeAlpha(k, n int) float64 {
	if n <= 1 {
		return 1
	}
	return 0.2 + 0.8*float64(k)/float64(n-1)
}

// fadeThumb is the legend thumbnail of a fading path.
type fadeThumb struct {
	line  draw.LineStyle
	glyph draw.GlyphStyle
}

// Thumbnail draws a line with three glyphs from faint to solid.
func (t fadeThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(t.line, c.Min.X, y, c.Max.X, y)
	for k := range 3 {
		g := t.glyph
		g.Color = withAlpha(t.glyph.Color, fadeAlpha(k, 3))
		x := c.Min.X + (c.Max.X-c.Min.X)*vg.Length(k+1)/4
		c.DrawGlyphNoClip(g, vg.Point{X: x, Y: y})
	}
}

// bubbleMax is the radius of the largest bubble.
const bubbleMax = 9 // points

// bubblesOf returns the agreement points that show as rings whose area is
// proportional to their number of runs, largest first, or nil when none
// does.
func bubblesOf(b []bubble, show func([2]float64) bool) *plotter.Scatter {
	top := 1
	var xy plotter.XYs
	var r []vg.Length
	for _, x := range b {
		top = max(top, x.count)
	}
	for _, x := range b {
		if show(x.u) {
			xy = append(xy, plotter.XY{X: x.u[0], Y: x.u[1]})
			r = append(r, max(vg.Points(1.6), vg.Points(bubbleMax*math.Sqrt(float64(x.count)/float64(top)))))
		}
	}
	if len(xy) == 0 {
		return nil
	}
	ls := bubbleStyle()
	s := newScatter(xy, draw.GlyphStyle{Color: ls.Color, Shape: ringGlyph{width: ls.Width}})
	s.GlyphStyleFunc = func(k int) draw.GlyphStyle {
		g := s.GlyphStyle
		g.Radius = r[k]
		return g
	}
	return s
}

// ringGlyph is an open circle with a faint white fill, so that rings
// stay visible where they overlap.
type ringGlyph struct{ width vg.Length }

// DrawGlyph draws the ring.
func (g ringGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	var path vg.Path
	path.Move(vg.Point{X: pt.X + sty.Radius, Y: pt.Y})
	path.Arc(pt, sty.Radius, 0, 2*math.Pi)
	path.Close()
	c.SetColor(color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0x66})
	c.Fill(path)
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: g.width})
	c.Stroke(path)
}

// diamondGlyph is a filled diamond with a white rim.
type diamondGlyph struct{}

// DrawGlyph draws the diamond.
func (diamondGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius * 1.3
	var path vg.Path
	path.Move(vg.Point{X: pt.X, Y: pt.Y + r})
	path.Line(vg.Point{X: pt.X + r, Y: pt.Y})
	path.Line(vg.Point{X: pt.X, Y: pt.Y - r})
	path.Line(vg.Point{X: pt.X - r, Y: pt.Y})
	path.Close()
	c.SetColor(sty.Color)
	c.Fill(path)
	c.SetLineStyle(draw.LineStyle{Color: white, Width: vg.Points(0.8)})
	c.Stroke(path)
}

// solutionLabels marks the bargaining solutions and labels them, merging
// the labels of solutions at the same point ("Nash = KS"). Each label goes
// to the spot near its mark that covers the least: no other label or
// mark, few points and lines, preferably beyond the frontier rather than
// on the cloud of outcomes; a label set apart from its mark gets a leader
// line. A plotter of its own: gonum/plot places labels where it is told
// (plotter.Labels), not where they keep clear of the data and of each
// other.
type solutionLabels struct {
	marks    []solutionMark
	points   plotter.XYs   // points to keep clear, in data coordinates
	lines    []plotter.XYs // polylines to keep clear
	frontier plotter.XYs
}

type solutionMark struct {
	u      [2]float64
	labels []string
	shapes []draw.GlyphDrawer // one glyph per solution there, drawn on top of each other
}

// samePoint is the distance in utility below which two solutions sit at
// the same point of the chart (an exact tie, up to rounding).
const samePoint = 1e-9

// addSolution marks the points of a solution with label and shape. Each distinct point is marked once, with the labels of
// every solution there ("Nash = KS") and each of their shapes; a solution
// at more than one distinct point (a tie) is labelled "label (tie)" at
// each. A nil shape only names the solution where another one is marked.
func (s *solutionLabels) addSolution(points []sim.Point, label string, shape draw.GlyphDrawer) {
	var pts [][2]float64
	for _, p := range points {
		if !slices.ContainsFunc(pts, func(q [2]float64) bool { return near(p.U, q) }) {
			pts = append(pts, p.U)
		}
	}
	if len(pts) > 1 {
		label += " (tie)"
	}
	for _, u := range pts {
		s.add(u, label, shape)
	}
}

// near reports whether two points of utility space coincide.
func near(a, b [2]float64) bool {
	return math.Abs(a[0]-b[0]) <= samePoint && math.Abs(a[1]-b[1]) <= samePoint
}

// add names point u with label and adds shape to its mark; a nil shape
// names the point only if another solution marks it.
func (s *solutionLabels) add(u [2]float64, label string, shape draw.GlyphDrawer) {
	for k := range s.marks {
		m := &s.marks[k]
		if near(m.u, u) {
			if !slices.Contains(m.labels, label) {
				m.labels = append(m.labels, label)
			}
			if shape != nil && !slices.Contains(m.shapes, shape) {
				m.shapes = append(m.shapes, shape)
			}
			return
		}
	}
	if shape != nil {
		s.marks = append(s.marks, solutionMark{u: u, labels: []string{label}, shapes: []draw.GlyphDrawer{shape}})
	}
}

func solutionLabelStyle() text.Style { return textStyle(noteSize, true, inkBlack) }

// solutionGlyph is the mark of a bargaining solution.
func solutionGlyph(shape draw.GlyphDrawer) draw.GlyphStyle {
	return draw.GlyphStyle{Color: inkBlack, Radius: vg.Points(4), Shape: shape}
}

// nestStep is how much larger each glyph of a shared point is than the
// one inside it.
const nestStep = 2.5

// drawNested draws the glyphs of the solutions at one point inside each
// other, the first smallest and on top, each set off from the next by a
// white rim, so that every solution's glyph of the legend shows.
func drawNested(c draw.Canvas, shapes []draw.GlyphDrawer, pt vg.Point) {
	base := solutionGlyph(nil).Radius
	for k := len(shapes) - 1; k >= 0; k-- {
		sty := solutionGlyph(shapes[k])
		sty.Radius = base + vg.Length(k)*nestStep
		if k < len(shapes)-1 {
			rim := sty
			rim.Color, rim.Radius = white, sty.Radius+vg.Points(1.2)
			c.DrawGlyphNoClip(rim, pt)
		}
		c.DrawGlyphNoClip(sty, pt)
	}
}

// labelOrder is the order of the names in a merged label.
var labelOrder = []string{"Nash", "KS", "egalitarian", "max. welfare"}

// sortLabels puts the names of each mark in labelOrder.
func (s *solutionLabels) sortLabels() {
	rank := func(l string) int {
		for i, o := range labelOrder {
			if strings.HasPrefix(l, o) {
				return i
			}
		}
		return len(labelOrder)
	}
	for k := range s.marks {
		slices.SortStableFunc(s.marks[k].labels, func(a, b string) int { return rank(a) - rank(b) })
	}
}

// Plot draws the marks, then the labels.
func (s *solutionLabels) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	for _, m := range s.marks {
		drawNested(c, m.shapes, vg.Point{X: tx(m.u[0]), Y: ty(m.u[1])})
	}
	// Points to keep clear, and the lines sampled densely, in canvas
	// coordinates.
	var keep, avoid []vg.Point
	for _, q := range s.points {
		keep = append(keep, vg.Point{X: tx(q.X), Y: ty(q.Y)})
	}
	for _, line := range s.lines {
		for j := range line {
			a := vg.Point{X: tx(line[j].X), Y: ty(line[j].Y)}
			avoid = append(avoid, a)
			if j+1 < len(line) {
				b := vg.Point{X: tx(line[j+1].X), Y: ty(line[j+1].Y)}
				steps := min(int(math.Hypot(float64(b.X-a.X), float64(b.Y-a.Y))/2), 200)
				for k := 1; k < steps; k++ {
					f := vg.Length(k) / vg.Length(steps)
					avoid = append(avoid, vg.Point{X: a.X + f*(b.X-a.X), Y: a.Y + f*(b.Y-a.Y)})
				}
			}
		}
	}
	const markR = 5
	var markAt []vg.Point
	var markRad []vg.Length // nested glyphs make a mark larger
	for _, m := range s.marks {
		markAt = append(markAt, vg.Point{X: tx(m.u[0]), Y: ty(m.u[1])})
		markRad = append(markRad, markR+nestStep*vg.Length(max(len(m.shapes)-1, 0)))
	}
	sty := solutionLabelStyle()
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom

	// The spots each label may take, with their cost alone.
	type spot struct {
		box  vg.Rectangle
		text string
		cost float64
	}
	var labelled []int // marks with a label
	var spots [][]spot
	for k, m := range s.marks {
		at := markAt[k]
		off := 7 + markRad[k] - markR
		var list []spot
		for v, text := range labelVariants(strings.Join(m.labels, " = ")) {
			w, h := sty.Width(text), sty.Height(text)
			for _, dy := range []vg.Length{off / 2, -h / 2, -off/2 - h, off + 4, 2*off + h, -off - 4 - h, -2*off - 2*h} {
				for _, dx := range []vg.Length{off, -w / 4, -w / 2, -3 * w / 4, -off - w} {
					q := vg.Point{X: at.X + dx, Y: at.Y + dy}
					box := vg.Rectangle{Min: q, Max: vg.Point{X: q.X + w, Y: q.Y + h}}
					if box.Min.X < c.Min.X || box.Max.X > c.Max.X || box.Min.Y < c.Min.Y || box.Max.Y > c.Max.Y {
						continue
					}
					cost := float64(boxDistance(box, at))/10 + float64(v)*0.5
					for j, a := range markAt {
						if overlaps(box, vg.Rectangle{Min: a, Max: a}, markRad[j]) {
							cost += 1e3
						}
					}
					for _, a := range keep {
						if overlaps(box, vg.Rectangle{Min: a, Max: a}, markR) {
							cost += 50
						}
					}
					for _, a := range avoid {
						if a.X >= box.Min.X-2 && a.X <= box.Max.X+2 && a.Y >= box.Min.Y-2 && a.Y <= box.Max.Y+2 {
							cost++
						}
					}
					if s.inside(c, p, box.Min) {
						cost += 5 // on the cloud of outcomes rather than beyond the frontier
					}
					list = append(list, spot{box, text, cost})
				}
			}
		}
		if len(list) > 0 {
			labelled = append(labelled, k)
			spots = append(spots, list)
		}
	}

	// The cheapest combination of spots, labels kept apart: exhaustively
	// for a few labels, one label at a time otherwise.
	pick := make([]int, len(spots))
	best := make([]int, len(spots))
	bestCost := math.Inf(1)
	combos := 1.0
	for _, l := range spots {
		combos *= float64(len(l))
	}
	var search func(i int, cost float64)
	search = func(i int, cost float64) {
		if cost >= bestCost {
			return
		}
		if i == len(spots) {
			bestCost = cost
			copy(best, pick)
			return
		}
		for k, sp := range spots[i] {
			extra := sp.cost
			for j := range i {
				if overlaps(sp.box, spots[j][pick[j]].box, 2) {
					extra += 1e3
				}
			}
			pick[i] = k
			search(i+1, cost+extra)
		}
	}
	if combos <= 1e6 {
		search(0, 0)
	} else {
		for i := range spots {
			low := math.Inf(1)
			for k, sp := range spots[i] {
				cost := sp.cost
				for j := range i {
					if overlaps(sp.box, spots[j][best[j]].box, 2) {
						cost += 1e3
					}
				}
				if cost < low {
					low, best[i] = cost, k
				}
			}
		}
	}

	for i, k := range labelled {
		sp := spots[i][best[i]]
		at := markAt[k]
		if d := boxDistance(sp.box, at); d > markRad[k]+5 {
			// A leader from the mark's edge to the nearest point of the label.
			to := vg.Point{X: min(max(at.X, sp.box.Min.X), sp.box.Max.X), Y: min(max(at.Y, sp.box.Min.Y), sp.box.Max.Y)}
			f := markRad[k] / d
			from := vg.Point{X: at.X + f*(to.X-at.X), Y: at.Y + f*(to.Y-at.Y)}
			c.StrokeLine2(draw.LineStyle{Color: inkGrey, Width: vg.Points(0.6)}, from.X, from.Y, to.X, to.Y)
		}
		labelBox(c, sty, sp.box.Min, sp.text)
	}
}

// labelVariants returns a label on one line and, if it has a space, on
// two lines broken at the space nearest its middle (never before "=").
func labelVariants(s string) []string {
	out := []string{s}
	mid, cut := len(s)/2, -1
	for i, r := range s {
		if r == ' ' && !strings.HasPrefix(s[i+1:], "=") && (cut < 0 || abs(i-mid) < abs(cut-mid)) {
			cut = i
		}
	}
	if cut > 0 {
		out = append(out, s[:cut]+"\n"+s[cut+1:])
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// boxDistance returns the distance from pt to the nearest point of box.
func boxDistance(box vg.Rectangle, pt vg.Point) vg.Length {
	dx := max(box.Min.X-pt.X, 0, pt.X-box.Max.X)
	dy := max(box.Min.Y-pt.Y, 0, pt.Y-box.Max.Y)
	return vg.Length(math.Hypot(float64(dx), float64(dy)))
}

// inside reports whether pt, in canvas coordinates, lies within the
// outcomes: below and left of some point of the frontier.
func (s *solutionLabels) inside(c draw.Canvas, p *plot.Plot, pt vg.Point) bool {
	u0 := p.X.Min + float64((pt.X-c.Min.X)/(c.Max.X-c.Min.X))*(p.X.Max-p.X.Min)
	u1 := p.Y.Min + float64((pt.Y-c.Min.Y)/(c.Max.Y-c.Min.Y))*(p.Y.Max-p.Y.Min)
	for _, f := range s.frontier {
		if f.X >= u0 && f.Y >= u1 {
			return true
		}
	}
	return false
}

// overlaps reports whether two boxes come closer than gap.
func overlaps(a, b vg.Rectangle, gap vg.Length) bool {
	return a.Min.X < b.Max.X+gap && b.Min.X < a.Max.X+gap && a.Min.Y < b.Max.Y+gap && b.Min.Y < a.Max.Y+gap
}
