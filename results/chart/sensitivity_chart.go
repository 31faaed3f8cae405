package chart

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/parley-sim/parley/results/metric"
	"github.com/parley-sim/parley/results/narrate"
	"github.com/parley-sim/parley/results/sweep"
	"github.com/parley-sim/parley/sim/stats"
)

// Geometry of the sensitivity chart.
const (
	sensRowH     = 24 // points per parameter
	sensOverhead = 46 // points per panel for its title and x axis
	sensGap      = 10 // points between panels
)

// Colours of the sensitivity bars: the Sobol index in sky blue, the SRC
// in a dark grey, so that the two read apart in grey too; an SRC whose
// 95% interval contains 0 in a pale grey with a grey edge, so that noise
// does not look like an effect.
var (
	sobolFill    color.Color = okabeSky
	srcFill      color.Color = inkGrey
	srcNoiseFill color.Color = color.RGBA{R: 0xD9, G: 0xD9, B: 0xD9, A: 0xFF}
)

// sensitivityChart draws, for the agreement rate and each party's mean
// utility, the first-order Sobol index and the standardised regression
// coefficient of every parameter as horizontal bars, parameters sorted by
// their Sobol index, one panel per outcome. Each SRC has its 95% interval
// as a whisker, and an SRC whose interval contains 0 is drawn pale.
type sensitivityChart struct {
	d      *sweepData // nil for the runs of one scenario
	panels []sweep.Sensitivity
	// extra is a note after each panel's title ("" for none).
	extra []string
	// label names an outcome of sensitivity.csv in a panel's title; unit
	// names what the values are ("point" or "run").
	label  func(name string) string
	unit   string
	hdr    multiHeader
	legend legendGrid
	xmin   float64
	bars   []*sensBars // of each panel, once built
}

// newSensitivityChart returns the chart, or nil when no outcome it shows
// has an index.
func newSensitivityChart(d *sweepData, sens []sweep.Sensitivity) *sensitivityChart {
	ch := &sensitivityChart{d: d, xmin: 0, label: d.outcomeLabel, unit: "point"}
	want := []int{0}
	for _, u := range d.utilityOutcomes() {
		want = append(want, u.k)
	}
	for _, k := range want {
		ch.panels = append(ch.panels, sens[k])
		ch.extra = append(ch.extra, "")
	}
	f := ch.scan()
	if !f.found {
		return nil
	}
	lines := append([]string{d.subtitle()}, f.fitLines("parameters", "point")...)
	sub := textStyle(subSize, false, inkGrey)
	if flat, n := ch.flatOutcomes(want); len(flat) > 0 {
		their := "its"
		if len(flat) > 1 {
			their = "their"
		}
		text := fmt.Sprintf("%s: %s 95%% intervals at all %d values of %s overlap one another (no value stands apart; overlap is no test of a difference)",
			joinAnd(flat), their, n, d.Varied()[0].Path)
		lines = append(lines, wrapParts(strings.Fields(text), " ", sub, chartWidth-2*margin)...)
	}
	ch.hdr = multiHeader{title: d.title("which parameters matter"), lines: lines}
	ch.legend = f.legend()
	return ch
}

// sensFeatures says what the panels of a sensitivity chart draw.
type sensFeatures struct {
	found, bars, oneEach, whiskers, noise bool
	methods                               map[string]bool
}

// scan sets ch.xmin from the panels' SRCs and their intervals and
// returns what the panels draw.
func (ch *sensitivityChart) scan() sensFeatures {
	f := sensFeatures{methods: map[string]bool{}}
	for _, m := range ch.panels {
		for _, r := range m.Effects {
			if !math.IsNaN(r.Sobol) || !math.IsNaN(r.SRC) {
				f.found = true
			}
			if !math.IsNaN(r.Sobol) {
				f.bars = f.bars || !r.OneEach
				f.oneEach = f.oneEach || r.OneEach
			}
			if !math.IsNaN(r.SRC) {
				ch.xmin = math.Min(ch.xmin, r.SRC)
				if !math.IsNaN(r.SRCLo) {
					ch.xmin = math.Min(ch.xmin, r.SRCLo)
					f.whiskers = true
					f.methods[r.SRCMethod] = true
				}
				f.noise = f.noise || r.SRCNoise()
			}
		}
	}
	if ch.xmin < 0 {
		ch.xmin = math.Floor(ch.xmin*4) / 4
	}
	return f
}

// fitLines returns the subtitle lines that say how the indices were
// computed; what names the inputs ("parameters") and unit one value.
func (f sensFeatures) fitLines(what, unit string) []string {
	fit := "from a linear fit, with its R²"
	if f.whiskers {
		fit += " and 95% intervals " + intervalMethods(f.methods)
	}
	sub := textStyle(subSize, false, inkGrey)
	var lines []string
	switch {
	case f.bars:
		lines = wrapParts([]string{what + " sorted by first-order Sobol index (binning estimator);", "SRC " + fit}, " ", sub, chartWidth-2*margin)
	default:
		lines = wrapParts([]string{"standardised regression coefficients (SRC)", fit}, " ", sub, chartWidth-2*margin)
	}
	if f.oneEach {
		lines = append(lines, "no Sobol bar where each value of a parameter is a single "+unit+": the index is then 1 by construction")
	}
	return lines
}

// legend returns the legend of the features drawn.
func (f sensFeatures) legend() legendGrid {
	bars, whiskers, noise := f.bars, f.whiskers, f.noise
	var entries []legendEntry
	if bars {
		entries = append(entries, legendEntry{label: "first-order Sobol index (share of variance)", thumbs: []plot.Thumbnailer{boxThumb{fill: sobolFill}}})
	}
	entries = append(entries, legendEntry{label: "standardised regression coefficient (SRC)", thumbs: []plot.Thumbnailer{boxThumb{fill: srcFill}}})
	if whiskers {
		entries = append(entries, legendEntry{label: "95% interval of the SRC", thumbs: []plot.Thumbnailer{hErrThumb{}}})
	}
	if noise {
		entries = append(entries, legendEntry{label: "SRC whose 95% interval includes 0", thumbs: []plot.Thumbnailer{boxThumb{fill: srcNoiseFill, edge: inkGrey}}})
	}
	if bars {
		entries = append(entries, legendEntry{label: "Sobol estimate expected without influence", thumbs: []plot.Thumbnailer{vlineThumb{nullStyle()}}})
	}
	return newLegendGrid(entries, chartWidth-2*margin, 2)
}

// flatOutcomes returns, when one parameter varies, the labels of the
// outcomes want (see sweepData.outcome) whose 95% intervals at every
// value (or point) of it overlap every other (no value stands apart,
// which shows no difference but rules none out), and the number of
// values; none when an interval is unknown.
func (ch *sensitivityChart) flatOutcomes(want []int) (labels []string, n int) {
	varied := ch.d.Varied()
	if len(varied) != 1 {
		return nil, 0
	}
	var flat []string
	for _, k := range want {
		s := ch.d.seriesOf(varied[0], k)
		if len(s.y) < 2 {
			continue
		}
		n = len(s.y)
		if allOverlap(s.lo, s.hi) {
			flat = append(flat, ch.d.outcomeLabel(ch.d.OutcomeName(k)))
		}
	}
	return flat, n
}

// joinAnd joins words as a list: "a", "a and b", "a, b and c".
func joinAnd(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// allOverlap says whether the intervals [lo[i], hi[i]] all overlap each
// other, which for intervals on a line is the case exactly when the
// greatest lower end is at most the least upper end; false when any end
// is unknown.
func allOverlap(lo, hi []float64) bool {
	if len(lo) == 0 || len(lo) != len(hi) {
		return false
	}
	maxLo, minHi := math.Inf(-1), math.Inf(1)
	for i := range lo {
		if math.IsNaN(lo[i]) || math.IsNaN(hi[i]) {
			return false
		}
		maxLo, minHi = math.Max(maxLo, lo[i]), math.Min(minHi, hi[i])
	}
	return maxLo <= minHi
}

func nullStyle() draw.LineStyle {
	return draw.LineStyle{Color: inkBlack, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(2), vg.Points(1.5)}}
}

// panelHeight returns the height of the panel of m; the last panel
// also holds the label of the x axis.
func panelHeight(m sweep.Sensitivity, last bool) vg.Length {
	h := sensOverhead + vg.Length(max(len(m.Effects), 1))*sensRowH
	if last {
		h += textStyle(labelSize, false, inkBlack).Height("Mg") + 2
	}
	return h
}

func (ch *sensitivityChart) size() (w, h vg.Length) {
	h = 2*margin + ch.hdr.height() + ch.legend.height() + 4
	for k, m := range ch.panels {
		h += panelHeight(m, k == len(ch.panels)-1) + sensGap
	}
	return chartWidth, h
}

// outcomeLabel returns the name of an outcome column for a title: the
// agreement rate and each party's mean utilities as the metric table
// names them; the other outcomes keep their column names, as in
// sensitivity.csv.
func (d *sweepData) outcomeLabel(name string) string {
	if name == "agreement_rate" {
		m, _, _ := metric.Lookup("agreement")
		return m.Title
	}
	if base, ok := strings.CutSuffix(name, "_mean"); ok {
		if m, party, ok := metric.Lookup(base, d.Parties...); ok && m.Group == metric.Utility {
			return "mean " + m.TitleOf(party)
		}
	}
	return name
}

func (ch *sensitivityChart) draw(dc draw.Canvas) error {
	dc.SetColor(white)
	dc.Fill(dc.Rectangle.Path())
	inner := draw.Crop(dc, margin, -margin, margin, -margin)
	ch.hdr.draw(inner)
	top := inner.Max.Y - ch.hdr.height()
	var plots []*plot.Plot
	var cells []draw.Canvas
	ch.bars = ch.bars[:0]
	for k, m := range ch.panels {
		last := k == len(ch.panels)-1
		h := panelHeight(m, last)
		p := ch.panel(k, last)
		plots = append(plots, p)
		cells = append(cells, cropY(inner, top-h, top))
		top -= h + sensGap
	}
	// The index axis, shared by the panels, leaves room for the value
	// labels beside the bars (away from the parameter names).
	dc0 := plots[0].DataCanvas(cells[0])
	lo, hi := ch.indexRange(dc0.Max.X - dc0.Min.X)
	for k, p := range plots {
		p.X.Min, p.X.Max = lo, hi
		if ch.panels[k].Note != "" {
			p.Add(noteLabel(p, "no indices"))
		}
	}
	alignLeft(plots, cells)
	for k, p := range plots {
		ch.bars[k].size(p, cells[k])
		p.Draw(cells[k])
	}
	ch.legend.draw(draw.Crop(inner, 0, 0, 0, -(inner.Max.Y-inner.Min.Y-ch.legend.height())), false)
	return nil
}

// panel returns the panel of outcome k; last says whether it is the
// bottom panel, which labels the x axis.
func (ch *sensitivityChart) panel(k int, last bool) *plot.Plot {
	m := ch.panels[k]
	p := newPanel(false, false)
	title := ch.label(m.Name)
	switch {
	case m.Note != "":
		title += ": " + m.Note
	case !math.IsNaN(m.R2):
		title += fmt.Sprintf(" · R² of the linear fit %.2f · %s", m.R2, narrate.Plural(m.Points, ch.unit))
	default:
		title += " · " + narrate.Plural(m.Points, ch.unit)
	}
	if ch.extra[k] != "" {
		title += " · " + ch.extra[k]
	}
	panelTitle(p, title)
	if last {
		p.X.Label.Text = "sensitivity index"
	}
	rows := slices.Clone(m.Effects)
	slices.SortStableFunc(rows, func(a, b sweep.Effect) int {
		ka, kb := sortKey(a), sortKey(b)
		switch {
		case ka > kb:
			return -1
		case ka < kb:
			return 1
		}
		return 0
	})
	// First parameter at the top.
	var names []string
	for k := len(rows) - 1; k >= 0; k-- {
		names = append(names, wrapPath(rows[k].Param.Path, p.Y.Tick.Label, (chartWidth-2*margin)*maxTickShare))
	}
	slices.Reverse(rows)
	var ticks plot.ConstantTicks
	for k, n := range names {
		ticks = append(ticks, plot.Tick{Value: float64(k), Label: n})
	}
	p.Y.Tick.Marker = ticks
	p.Y.Tick.Length = 0
	p.Y.LineStyle.Width = 0 // the zero line stands in for the axis
	p.Y.Min, p.Y.Max = -0.6, float64(max(len(rows), 1))-0.4
	p.X.Min, p.X.Max = ch.xmin, 1.18
	p.X.Tick.Marker = sensTicks{}
	addGrid(p, true)
	ch.bars = append(ch.bars, addSensBars(p, rows))
	return p
}

// indexRange returns the range of the index axis for a data area w wide:
// from ch.xmin (or lower) to 1.18 (or higher), so that the value label of
// every bar fits beside it, a negative bar's on its left, a positive
// bar's on its right (past the null mark where that is close).
func (ch *sensitivityChart) indexRange(w vg.Length) (lo, hi float64) {
	sty := barLabelStyle()
	lo, hi = ch.xmin, 1.18
	for range 4 { // the scale depends on the range: settle it
		scale := float64(w) / (hi - lo) // points per unit
		if !(scale > 0) {
			return ch.xmin, 1.18
		}
		for _, m := range ch.panels {
			for _, r := range m.Effects {
				for _, sobol := range []bool{true, false} {
					if text := barNote(r, sobol); text != "" {
						hi = math.Max(hi, (float64(sty.Width(text))+8)/scale)
					}
				}
				for _, sobol := range []bool{true, false} {
					v := r.SRC
					if sobol {
						v = r.Sobol
					}
					if math.IsNaN(v) || (sobol && r.OneEach) {
						continue
					}
					room := (float64(sty.Width(barText(v))) + 8) / scale
					lo0, hi0 := v, v // the bar and what goes with it
					if sobol && !math.IsNaN(r.Null) {
						hi0 = math.Max(hi0, r.Null)
					}
					if !sobol && !math.IsNaN(r.SRCLo) {
						lo0, hi0 = math.Min(lo0, r.SRCLo), math.Max(hi0, r.SRCHi)
					}
					lo = math.Min(lo, lo0)
					hi = math.Max(hi, hi0)
					if v < 0 {
						lo = math.Min(lo, lo0-room) // the label left of the bar
					} else {
						hi = math.Max(hi, hi0+room)
					}
				}
			}
		}
	}
	if lo < 0 {
		lo = math.Floor(lo*4) / 4
	}
	return lo, hi
}

// barNote returns the note written in place of the Sobol bar (if sobol)
// or the SRC bar of r, from the zero line rightwards, or "" when the bar
// is drawn. A Sobol index that is 1 by construction (every point a group
// of its own) gets no bar: it would say nothing but look like everything.
func barNote(r sweep.Effect, sobol bool) string {
	switch {
	case sobol && r.OneEach:
		return "no Sobol bar (1 by construction)"
	case sobol && math.IsNaN(r.Sobol):
		return "no Sobol"
	case sobol:
		return ""
	case math.IsNaN(r.SRC) && !r.Param.Numeric:
		return "no SRC (categorical parameter)"
	case math.IsNaN(r.SRC):
		return "no SRC"
	}
	return ""
}

// barLabelStyle is the style of the value labels of the bars.
func barLabelStyle() text.Style {
	sty := textStyle(noteSize-0.5, false, inkBlack)
	sty.YAlign = draw.YCenter
	return sty
}

// barText formats a bar's value with two decimals.
func barText(v float64) string {
	label := strconv.FormatFloat(v, 'f', 2, 64)
	if label == "-0.00" {
		label = "0.00"
	}
	return label
}

// sortKey orders rows by Sobol index, then by |SRC|; rows with neither
// come last. An index that is 1 by construction does not count.
func sortKey(r sweep.Effect) float64 {
	if !math.IsNaN(r.Sobol) && !r.OneEach {
		return 2 + r.Sobol
	}
	if !math.IsNaN(r.SRC) {
		return math.Abs(r.SRC)
	}
	return -1
}

// sensTicks marks the index axis every 0.25, labelled every 0.5.
type sensTicks struct{}

// Ticks returns the ticks between lo and hi.
func (sensTicks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for v := math.Ceil(lo*4) / 4; v <= math.Min(hi, 1)+1e-9; v += 0.25 {
		t := plot.Tick{Value: v + 0}
		if math.Mod(math.Abs(v), 0.5) < 1e-9 {
			t.Label = strconv.FormatFloat(v+0, 'f', -1, 64)
		}
		ts = append(ts, t)
	}
	return ts
}

// sensBars are the bars of a sensitivity panel, for each row at y = 0,
// 1, …: the Sobol index above and the SRC below the row's centre line
// (plotter.BarChart), the SRC's 95% interval as a whisker (XErrorBars over
// a white Line, so that it reads across a dark bar; the bar pale when the
// interval contains 0), the null level of the Sobol estimate as a dashed
// tick (a Scatter of nullTick), and their values (sensLabels). Their
// thickness and offsets are in points, known once the panel is laid out
// (see size).
type sensBars struct {
	sobol, src  []*plotter.BarChart
	halo        []*plotter.Line // under each whisker
	whisker     *plotter.XErrorBars
	whiskerRows []int // the row of each whisker
	nulls       *plotter.Scatter
}

// addSensBars adds the bars of rows to p, from the zero line up.
func addSensBars(p *plot.Plot, rows []sweep.Effect) *sensBars {
	s := &sensBars{
		whisker: &plotter.XErrorBars{LineStyle: whiskerStyle()},
		nulls:   newScatter(nil, draw.GlyphStyle{Color: inkBlack, Shape: nullTick{}}),
	}
	p.Add(vLine(p, 0, draw.LineStyle{Color: inkBlack, Width: vg.Points(0.6)}))
	for k, r := range rows {
		if barNote(r, true) == "" {
			s.sobol = append(s.sobol, &plotter.BarChart{Values: plotter.Values{r.Sobol}, XMin: float64(k), Horizontal: true, Color: sobolFill})
		}
		if barNote(r, false) == "" {
			b := &plotter.BarChart{Values: plotter.Values{r.SRC}, XMin: float64(k), Horizontal: true, Color: srcFill}
			if r.SRCNoise() {
				b.Color, b.LineStyle = srcNoiseFill, draw.LineStyle{Color: inkGrey, Width: vg.Points(0.6)}
			}
			s.src = append(s.src, b)
			if !math.IsNaN(r.SRCLo) && !math.IsNaN(r.SRCHi) {
				// y is set by size
				s.whisker.XYs = append(s.whisker.XYs, plotter.XY{X: r.SRC, Y: float64(k)})
				s.whisker.XErrors = append(s.whisker.XErrors, struct{ Low, High float64 }{r.SRC - r.SRCLo, r.SRCHi - r.SRC})
				s.halo = append(s.halo, newLine(plotter.XYs{{X: r.SRCLo}, {X: r.SRCHi}}, draw.LineStyle{Color: white, Width: vg.Points(2.6)}))
				s.whiskerRows = append(s.whiskerRows, k)
			}
		}
		if !math.IsNaN(r.Null) && !math.IsNaN(r.Sobol) && !r.OneEach {
			s.nulls.XYs = append(s.nulls.XYs, plotter.XY{X: r.Null, Y: float64(k)})
		}
	}
	for _, b := range s.sobol {
		p.Add(b)
	}
	for _, b := range s.src {
		p.Add(b)
	}
	if len(s.whiskerRows) > 0 {
		for _, h := range s.halo {
			p.Add(onlyPlot{h}) // its y is not a row's; the axis fits it
		}
		p.Add(onlyPlot{s.whisker})
	}
	if len(s.nulls.XYs) > 0 {
		p.Add(s.nulls)
	}
	p.Add(&sensLabels{rows: rows})
	return s
}

// size places the bars of p, drawn in cell: each bar 0.34 of a row
// high, 0.5 points from the row's centre line.
func (s *sensBars) size(p *plot.Plot, cell draw.Canvas) {
	da := p.DataCanvas(cell)
	unit := (da.Max.Y - da.Min.Y) / vg.Length(p.Y.Max-p.Y.Min) // points per row
	bh := unit * 0.34
	for _, b := range s.sobol {
		b.Width, b.Offset = bh, 0.5+bh/2
	}
	for _, b := range s.src {
		b.Width, b.Offset = bh, -0.5-bh/2
	}
	capH := bh/2 + 2.5
	for i, k := range s.whiskerRows {
		y := float64(k) - float64((0.5+bh/2)/unit) // the SRC bar's middle
		s.whisker.XYs[i].Y = y
		s.halo[i].XYs[0].Y, s.halo[i].XYs[1].Y = y, y
	}
	s.whisker.CapWidth = capH
	s.nulls.GlyphStyle.Radius = bh // the tick spans the Sobol bar
}

// nullTick is the dashed tick of the null level of a Sobol estimate: from
// 1 point below the row's centre line to 2 points above a Sobol bar as
// high as the glyph's radius.
type nullTick struct{}

// DrawGlyph draws the tick.
func (nullTick) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.StrokeLine2(nullStyle(), pt.X, pt.Y+0.5-1.5, pt.X, pt.Y+0.5+sty.Radius+1.5)
}

// sensLabels writes the value of each bar of a sensitivity panel beside
// it, or a note in place of a bar that is not drawn. A plotter of its
// own: where a label goes depends on its rendered width and on the ends
// of the bar, its whisker and the null tick (see barLabel), which
// plotter.Labels, with one offset for all its labels, cannot follow.
type sensLabels struct{ rows []sweep.Effect }

// Plot writes the labels.
func (s *sensLabels) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	unit := ty(1) - ty(0)
	bh := unit * 0.34
	sty := barLabelStyle()
	grey := sty
	grey.Color = inkGrey
	zero := tx(0)
	for k, r := range s.rows {
		yc := ty(float64(k))
		for _, sobol := range []bool{true, false} {
			if text := barNote(r, sobol); text != "" {
				// Written from the row's centre line outwards, clear of
				// the other bar of the row.
				t := grey
				t.XAlign = draw.XLeft
				at := vg.Point{X: zero + 3, Y: yc - 1.5}
				if t.YAlign = draw.YTop; sobol {
					t.YAlign, at.Y = draw.YBottom, yc+1.5
				}
				c.FillText(t, at, text)
				continue
			}
			v, mid, fill := r.SRC, yc-0.5-bh/2, srcFill
			if sobol {
				v, mid, fill = r.Sobol, yc+0.5+bh/2, sobolFill
			} else if r.SRCNoise() {
				fill = srcNoiseFill
			}
			x := tx(v)
			end := x // where the label starts: past the whisker
			if !sobol && !math.IsNaN(r.SRCLo) && !math.IsNaN(r.SRCHi) {
				if x >= zero {
					end = max(x, tx(r.SRCHi))
				} else {
					end = min(x, tx(r.SRCLo))
				}
			}
			nullX := vg.Length(math.NaN())
			if sobol && !math.IsNaN(r.Null) {
				nullX = tx(r.Null)
			}
			label := barText(v)
			t, at := barLabel(c, sty, label, zero, x, end, mid, fill, nullX)
			c.FillText(t, at, label)
		}
	}
}

// barLabel returns the style and position of the value label of a bar
// from zero to x (canvas positions) in c, centred on mid: past end (the
// end of the bar or of its whisker, whichever is further out) and clear
// of the null mark at nullX (NaN for none), which indexRange leaves room
// for; should it not fit all the same, a positive bar's label goes inside
// the bar, in black or white to read on fill, and a negative bar's on the
// other side of the zero line, which a negative bar leaves free.
func barLabel(c draw.Canvas, sty text.Style, label string, zero, x, end, mid vg.Length, fill color.Color, nullX vg.Length) (text.Style, vg.Point) {
	w := sty.Width(label)
	t := sty
	if x >= zero {
		lx := end + 3
		if !math.IsNaN(float64(nullX)) && nullX >= x-1 && nullX <= lx+w+2 {
			lx = nullX + 4
		}
		if lx+w <= c.Max.X {
			t.XAlign = draw.XLeft
			return t, vg.Point{X: lx, Y: mid}
		}
		t.XAlign = draw.XRight
		t.Color = ink(fill)
		return t, vg.Point{X: x - 3, Y: mid}
	}
	if end-3-w >= c.Min.X {
		t.XAlign = draw.XRight
		return t, vg.Point{X: end - 3, Y: mid}
	}
	t.XAlign = draw.XLeft
	return t, vg.Point{X: zero + 3, Y: mid}
}

// whiskerStyle is the line of the SRC intervals.
func whiskerStyle() draw.LineStyle {
	return draw.LineStyle{Color: inkBlack, Width: vg.Points(1)}
}

// hErrThumb draws a horizontal interval with caps as a legend thumbnail.
type hErrThumb struct{}

// Thumbnail draws the interval.
func (hErrThumb) Thumbnail(c *draw.Canvas) {
	ls := whiskerStyle()
	y := c.Center().Y
	h := (c.Max.Y - c.Min.Y) * 0.35
	x0, x1 := c.Min.X+2, c.Max.X-2
	c.StrokeLine2(ls, x0, y, x1, y)
	c.StrokeLine2(ls, x0, y-h, x0, y+h)
	c.StrokeLine2(ls, x1, y-h, x1, y+h)
}

// intervalMethods names the methods of the SRC intervals drawn, for a
// subtitle: "(Fisher's z)", "(percentile bootstrap)" or both.
func intervalMethods(methods map[string]bool) string {
	var names []string
	if methods[stats.SRCFisherZ] {
		names = append(names, "Fisher's z")
	}
	if methods[stats.SRCBootstrap] {
		names = append(names, "percentile bootstrap")
	}
	if len(names) == 0 {
		return ""
	}
	return "(" + strings.Join(names, " or ") + ")"
}
