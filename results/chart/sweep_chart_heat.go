package chart

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/parley-sim/parley/results/sweep"
)

// Geometry of the heatmaps.
const (
	heatPlotH = 4.3 * vg.Inch
	// heatLabelCells is the most cells of a heatmap that are labelled
	// with their values.
	heatLabelCells = 144
	// MaxHeatCells is the most cells of a heatmap; with more, the points
	// are drawn as a scatter.
	MaxHeatCells = 2500
	// heatColours is the number of steps of the colour scale.
	heatColours = 64
	barWidth    = 11 // points: width of the colour bar
	// maxScatterPoints is the most points a scatter draws; beyond it
	// every k-th point is drawn.
	maxScatterPoints = 5000
)

// viridisStops are the colours of the viridis scale (van der Walt and
// Smith, matplotlib 2015) at 0, 0.1, …, 1: sequential, perceptually
// uniform, legible to colour-blind readers and in grey.
var viridisStops = [11]color.RGBA{
	{0x44, 0x01, 0x54, 0xFF}, {0x48, 0x24, 0x75, 0xFF}, {0x41, 0x44, 0x87, 0xFF},
	{0x35, 0x5F, 0x8D, 0xFF}, {0x2A, 0x78, 0x8E, 0xFF}, {0x21, 0x91, 0x8C, 0xFF},
	{0x22, 0xA8, 0x84, 0xFF}, {0x44, 0xBF, 0x70, 0xFF}, {0x7A, 0xD1, 0x51, 0xFF},
	{0xBD, 0xDF, 0x26, 0xFF}, {0xFD, 0xE7, 0x25, 0xFF},
}

// heatPalette is the colour scale of the heatmaps, heatColours steps of
// viridis.
type heatPalette []color.Color

// Colors returns the colours, low to high.
func (p heatPalette) Colors() []color.Color { return p }

// newHeatPalette interpolates viridisStops into n colours.
func newHeatPalette(n int) heatPalette {
	out := make(heatPalette, n)
	for k := range out {
		t := float64(k) / float64(n-1) * 10
		i := min(int(t), 9)
		f := t - float64(i)
		a, b := viridisStops[i], viridisStops[i+1]
		mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + f*(float64(y)-float64(x)))) }
		out[k] = color.RGBA{R: mix(a.R, b.R), G: mix(a.G, b.G), B: mix(a.B, b.B), A: 0xFF}
	}
	return out
}

// colourScale maps values in [lo, hi] to the colours of a palette, as
// plotter.HeatMap does.
type colourScale struct {
	pal    heatPalette
	lo, hi float64
}

// at returns the colour of v.
func (s colourScale) at(v float64) color.Color {
	ps := float64(len(s.pal)-1) / (s.hi - s.lo)
	k := int((v-s.lo)*ps + 0.5)
	return s.pal[min(max(k, 0), len(s.pal)-1)]
}

// ink returns black or white, whichever reads better on c.
func ink(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	lum := (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xFFFF
	if lum < 0.45 {
		return white
	}
	return inkBlack
}

// missingGrey fills the cells without a value.
var missingGrey = color.RGBA{R: 0xEE, G: 0xEE, B: 0xEE, A: 0xFF}

// heatFigures returns the heatmaps (or coloured scatters) of the agreement
// rate and of each utility of utilityOutcomes over two of the varied
// parameters (at least two): with two, those; with more, for each
// outcome the two most influential on it (see heatAxes).
func heatFigures(d *sweepData, varied []*sweep.Param, sens []sweep.Sensitivity) []Chart {
	px, py, note := heatAxes(varied, sens, 0)
	figs := []Chart{{HeatmapAgreement, newSweepHeatChart(d, px, py, 0, note, math.NaN(), math.NaN())}}
	// The utilities, discounted or not, share one colour scale, so that
	// their charts compare.
	us := d.utilityOutcomes()
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, u := range us {
		v := d.Outcome(u.k)
		lo, hi = math.Min(lo, finiteMin(v)), math.Max(hi, finiteMax(v))
	}
	for _, u := range us {
		name := HeatmapUtilityPrefix + fileSafe(u.metric())
		px, py, note := heatAxes(varied, sens, u.k)
		figs = append(figs, Chart{name, newSweepHeatChart(d, px, py, u.k, note, lo, hi)})
	}
	return figs
}

// heatAxes returns the parameters on the x and y axes of the heatmap of
// outcome k (see sweepData.outcome), and a note for its subtitle saying
// how they were chosen. With two varied parameters they are those, in
// file order, and the note is empty; with more, they are the two with the
// largest first-order Sobol index on outcome k, the larger on x (by |SRC|
// when no parameter has a Sobol index, in file order when none has
// either), so that each outcome is drawn against what drives it.
func heatAxes(varied []*sweep.Param, sens []sweep.Sensitivity, k int) (px, py *sweep.Param, note string) {
	if len(varied) <= 2 || k < 0 || k >= len(sens) {
		return varied[0], varied[1], ""
	}
	order, by := byInfluence(varied, sens[k])
	switch by {
	case bySobol:
		note = "axes: the two parameters most influential on this outcome (largest first-order Sobol index)"
	case bySRC:
		note = "axes: the two parameters most influential on this outcome (largest |SRC|; no Sobol index)"
	default:
		note = "axes: the first two varied parameters (no sensitivity index for this outcome)"
	}
	return order[0], order[1], note
}

// fileSafe returns s with every character other than a letter, digit,
// dot, hyphen or underscore replaced by an underscore.
func fileSafe(s string) string {
	b := []byte(s)
	for i, c := range b {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_'
		if !ok {
			b[i] = '_'
		}
	}
	if len(b) == 0 {
		return "_"
	}
	return string(b)
}

// sweepHeatChart draws an outcome over two parameters: a heatmap of the
// outcome pooled over the points of each pair of values when both are
// gridded, else a scatter of the points coloured by their value. A colour
// bar on the right gives the scale.
type sweepHeatChart struct {
	d        *sweepData
	px, py   *sweep.Param
	k        int // outcome
	rate     bool
	name     string // of the outcome, for the colour bar
	scale    colourScale
	grid     *levelGrid // nil for a scatter
	sx, sy   []float64  // scatter positions
	sz       []float64  // scatter values
	hdr      multiHeader
	missing  bool // some cell has no value
	thinned  int  // the scatter draws one point in thinned
	labelled bool
}

// levelGrid is a plotter.GridXYZ over the levels of two parameters, at
// positions 0, 1, … on each axis.
type levelGrid struct {
	z [][]float64 // by column (x level) and row (y level)
}

// Dims returns the columns and rows.
func (g *levelGrid) Dims() (c, r int) { return len(g.z), len(g.z[0]) }

// Z returns the value of a cell.
func (g *levelGrid) Z(c, r int) float64 { return g.z[c][r] }

// X returns the position of column c.
func (g *levelGrid) X(c int) float64 { return float64(c) }

// Y returns the position of row r.
func (g *levelGrid) Y(r int) float64 { return float64(r) }

// newSweepHeatChart returns the chart of outcome k over px and py. lo and
// hi fix the colour scale; NaN means the range of the values.
func newSweepHeatChart(d *sweepData, px, py *sweep.Param, k int, note string, lo, hi float64) *sweepHeatChart {
	ch := &sweepHeatChart{d: d, px: px, py: py, k: k, rate: k == 0}
	what := "agreement rate"
	ch.name = "agreement rate (% of runs)"
	if !ch.rate {
		what = d.outcomeLabel(d.OutcomeName(k))
		ch.name = what + " (0–1)"
	}
	var values []float64
	if d.gridded(px) && d.gridded(py) && len(px.Levels)*len(py.Levels) <= MaxHeatCells {
		g := &levelGrid{z: make([][]float64, len(px.Levels))}
		cells := make([][][]int, len(px.Levels))
		for c := range g.z {
			g.z[c] = make([]float64, len(py.Levels))
			cells[c] = make([][]int, len(py.Levels))
		}
		for i := range d.Points {
			cells[px.Level[i]][py.Level[i]] = append(cells[px.Level[i]][py.Level[i]], i)
		}
		for c := range g.z {
			for r := range g.z[c] {
				v := d.poolPoints(k, cells[c][r]).y
				g.z[c][r] = v
				if math.IsNaN(v) {
					ch.missing = true
				} else {
					values = append(values, v)
				}
			}
		}
		ch.grid = g
		ch.labelled = len(px.Levels)*len(py.Levels) <= heatLabelCells
	} else {
		y := d.Outcome(k)
		stride := (len(d.Points) + maxScatterPoints - 1) / maxScatterPoints
		for i := 0; i < len(d.Points); i += stride {
			if math.IsNaN(y[i]) {
				continue
			}
			ch.sx = append(ch.sx, scatterPos(px, i))
			ch.sy = append(ch.sy, scatterPos(py, i))
			ch.sz = append(ch.sz, y[i])
			values = append(values, y[i])
		}
		ch.thinned = stride
	}
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		lo, hi = finiteMin(values), finiteMax(values)
	}
	ch.scale = colourScale{pal: newHeatPalette(heatColours)}
	ch.scale.lo, ch.scale.hi = niceRange(lo, hi)
	if ch.rate {
		// Rates keep their whole scale, so that charts of different
		// sweeps compare and small differences do not look large.
		ch.scale.lo, ch.scale.hi = 0, 1
	}

	var parts []string
	others := len(d.Varied()) > 2
	if ch.grid != nil {
		s := "mean of the runs in each cell"
		if ch.rate {
			s = "share of the runs in each cell that agreed"
		}
		if others {
			s += ", other parameters pooled"
		}
		parts = append(parts, s)
		if ch.missing {
			parts = append(parts, "grey: no value")
		}
	} else {
		s := "one dot per parameter point, coloured by its value"
		if ch.thinned > 1 {
			s = "one parameter point in " + strconv.Itoa(ch.thinned) + ", coloured by its value"
		}
		parts = append(parts, s)
		if others {
			parts = append(parts, "other parameters vary")
		}
	}
	if us := d.utilityOutcomes(); !ch.rate && len(us) > 1 {
		if len(us) > len(d.Parties) {
			parts = append(parts, "one colour scale for all utilities, discounted or not")
		} else {
			parts = append(parts, "one colour scale for all parties")
		}
	}
	sub := textStyle(subSize, false, inkGrey)
	lines := append([]string{d.subtitle()}, wrapParts(parts, "; ", sub, chartWidth-2*margin)...)
	if note != "" {
		lines = append(lines, wrapParts(strings.Fields(note), " ", sub, chartWidth-2*margin)...)
	}
	ch.hdr = multiHeader{
		title: fitTitle(d.title(what+" by "+px.Path+" and "+py.Path), d.title(what)),
		lines: lines,
	}
	return ch
}

// wrapParts joins parts with sep into as few lines as fit width w in
// style sty, breaking only between parts.
func wrapParts(parts []string, sep string, sty interface{ Width(string) vg.Length }, w vg.Length) []string {
	var lines []string
	for _, p := range parts {
		if n := len(lines); n > 0 && sty.Width(lines[n-1]+sep+p) <= w {
			lines[n-1] += sep + p
			continue
		}
		lines = append(lines, p)
	}
	return lines
}

// scatterPos returns the position of point i on the axis of p: its value,
// or for a categorical parameter its level with a small fixed jitter so
// that points of one level do not hide each other.
func scatterPos(p *sweep.Param, i int) float64 {
	if p.Numeric {
		return p.Num[i]
	}
	j := math.Mod(float64(i)*0.6180339887498949, 1) - 0.5
	return float64(p.Level[i]) + 0.5*j
}

// niceRange widens [lo, hi] to multiples of 0.05 (of a half power of ten
// for spans above 2); a single value gets a range around it.
func niceRange(lo, hi float64) (float64, float64) {
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) || math.IsNaN(lo) || math.IsNaN(hi) {
		return 0, 1
	}
	span := hi - lo
	unit := 0.05
	if span > 2 {
		unit = math.Pow(10, math.Floor(math.Log10(span))) / 2
	}
	lo = math.Floor(lo/unit+1e-9) * unit
	hi = math.Ceil(hi/unit-1e-9) * unit
	if hi-lo < unit {
		lo, hi = lo-unit, hi+unit
	}
	return math.Round(lo*1e9) / 1e9, math.Round(hi*1e9) / 1e9
}

func (ch *sweepHeatChart) size() (w, h vg.Length) {
	return chartWidth, 2*margin + ch.hdr.height() + heatPlotH
}

// valueText formats a value of the outcome for a cell label or tick.
func (ch *sweepHeatChart) valueText(v float64) string {
	if ch.rate {
		return percent(v)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

func (ch *sweepHeatChart) draw(dc draw.Canvas) error {
	dc.SetColor(white)
	dc.Fill(dc.Rectangle.Path())
	inner := draw.Crop(dc, margin, -margin, margin, -margin)
	ch.hdr.draw(inner)
	area := draw.Crop(inner, 0, 0, 0, -ch.hdr.height())

	bar := newColourBar(ch.scale, ch.name, ch.rate)
	plotArea := draw.Crop(area, 0, -bar.width()-10, 0, 0)
	p := newPanel(false, false)
	p.X.Label.Text, p.Y.Label.Text = ch.px.Path, ch.py.Path
	if ch.grid != nil {
		setLevelAxis(&p.X, ch.px)
		setLevelAxis(&p.Y, ch.py)
		hm := plotter.NewHeatMap(ch.grid, ch.scale.pal)
		hm.Min, hm.Max = ch.scale.lo, ch.scale.hi
		hm.NaN = missingGrey
		p.Add(hm)
		p.Add(cellEdges(ch.grid)...)
	} else {
		setScatterAxis(&p.X, ch.px)
		setScatterAxis(&p.Y, ch.py)
		addGrid(p, true)
		p.Add(ch.colourDots())
	}
	switch {
	case ch.grid == nil && ch.px.Numeric:
		fitXTicks(p, plotArea, false)
	case !ch.px.Numeric || ch.grid != nil:
		fitLevelTicks(p, plotArea)
	}
	if ch.grid != nil && ch.labelled {
		// The cells' size is known once the axes are laid out.
		if l := ch.cellLabels(p.DataCanvas(plotArea)); l != nil {
			p.Add(l)
		}
	}
	// The bar is as tall as the data area.
	p.Draw(plotArea)
	da := p.DataCanvas(plotArea)
	bar.draw(draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: area.Max.X - bar.width(), Y: da.Min.Y},
		Max: vg.Point{X: area.Max.X, Y: da.Max.Y},
	}})
	return nil
}

// setLevelAxis makes a the axis of p's levels at 0, 1, …: one tick each,
// labelled (every k-th when there are many).
func setLevelAxis(a *plot.Axis, p *sweep.Param) {
	n := len(p.Levels)
	every := (n + 14) / 15
	var ticks plot.ConstantTicks
	for l, s := range p.Levels {
		t := plot.Tick{Value: float64(l)}
		if l%every == 0 {
			t.Label = levelLabel(s)
		}
		ticks = append(ticks, t)
	}
	a.Tick.Marker = ticks
	a.Min, a.Max = -0.5, float64(n)-0.5
	a.Padding = 0
}

// setScatterAxis sets the axis of a scatter for p: its range with a
// margin, or its levels for a categorical parameter.
func setScatterAxis(a *plot.Axis, p *sweep.Param) {
	if !p.Numeric {
		setLevelAxis(a, p)
		return
	}
	a.Min, a.Max = padRange(finiteMin(p.Num), finiteMax(p.Num))
	a.Tick.Marker = spacedTicks{}
}

// cellEdges returns thin white lines between the cells of a heatmap,
// none for more than 900 cells.
func cellEdges(g *levelGrid) []plot.Plotter {
	cols, rows := g.Dims()
	if cols*rows > 900 {
		return nil
	}
	ls := draw.LineStyle{Color: white, Width: vg.Points(0.75)}
	var out []plot.Plotter
	for k := 1; k < cols; k++ {
		x := float64(k) - 0.5
		out = append(out, onlyPlot{newLine(plotter.XYs{{X: x, Y: -0.5}, {X: x, Y: float64(rows) - 0.5}}, ls)})
	}
	for k := 1; k < rows; k++ {
		y := float64(k) - 0.5
		out = append(out, onlyPlot{newLine(plotter.XYs{{X: -0.5, Y: y}, {X: float64(cols) - 0.5, Y: y}}, ls)})
	}
	return out
}

// cellLabels returns each cell's value written in it, in black or white
// to read on its colour, at the largest size up to noteSize that fits the
// cells of the data area da; nil when no size fits.
func (ch *sweepHeatChart) cellLabels(da draw.Canvas) *plotter.Labels {
	g := ch.grid
	cols, rows := g.Dims()
	cw, rh := (da.Max.X-da.Min.X)/vg.Length(cols), (da.Max.Y-da.Min.Y)/vg.Length(rows)
	size := vg.Length(noteSize)
	sty := textStyle(size, false, inkBlack)
	for sty.Width("100%") > cw*0.9 && size > 6 {
		size -= 0.5
		sty = textStyle(size, false, inkBlack)
	}
	if sty.Width("0.00") > cw*0.95 || sty.Height("0") > rh*0.9 {
		return nil
	}
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	l := &plotter.Labels{}
	for i := range cols {
		for j := range rows {
			v := g.Z(i, j)
			s := sty
			text := "–"
			if math.IsNaN(v) {
				s.Color = inkGrey
			} else {
				s.Color, text = ink(ch.scale.at(v)), ch.valueText(v)
			}
			l.XYs = append(l.XYs, plotter.XY{X: float64(i), Y: float64(j)})
			l.Labels = append(l.Labels, text)
			l.TextStyle = append(l.TextStyle, s)
		}
	}
	return l
}

// colourDots returns a dot at each point of the scatter, coloured by its
// value, with a thin dark rim so that light colours stay visible on
// white.
func (ch *sweepHeatChart) colourDots() *plotter.Scatter {
	r := vg.Points(2.2)
	if len(ch.sx) <= 400 {
		r = vg.Points(3.6)
	}
	s := newScatter(xys(ch.sx, ch.sy), draw.GlyphStyle{Radius: r, Shape: rimmedDisc{}})
	s.GlyphStyleFunc = func(k int) draw.GlyphStyle {
		g := s.GlyphStyle
		g.Color = ch.scale.at(ch.sz[k])
		return g
	}
	return s
}

// rimmedDisc is a filled disc with a thin dark rim.
type rimmedDisc struct{}

// DrawGlyph draws the disc.
func (rimmedDisc) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	var path vg.Path
	path.Move(vg.Point{X: pt.X + sty.Radius, Y: pt.Y})
	path.Arc(pt, sty.Radius, 0, 2*math.Pi)
	path.Close()
	c.SetColor(sty.Color)
	c.Fill(path)
	c.SetLineStyle(draw.LineStyle{Color: withAlpha(inkBlack, 0.45), Width: vg.Points(0.4)})
	c.Stroke(path)
}

// colourBar is the legend of a colour scale: a vertical strip of its
// colours with the value ticks on its right and a label.
type colourBar struct {
	scale colourScale
	label string
	ticks []plot.Tick
}

func newColourBar(s colourScale, label string, rate bool) colourBar {
	var ticks []plot.Tick
	for _, t := range (spacedTicks{percent: rate}).Ticks(s.lo, s.hi) {
		if t.Label != "" {
			ticks = append(ticks, t)
		}
	}
	return colourBar{scale: s, label: label, ticks: ticks}
}

// width returns the width the bar, its tick labels and its label take.
func (b colourBar) width() vg.Length {
	ts := textStyle(tickSize, false, inkBlack)
	var w vg.Length
	for _, t := range b.ticks {
		w = max(w, ts.Width(t.Label))
	}
	return barWidth + 3 + 3 + w + 6 + textStyle(labelSize, false, inkBlack).Height("Mg")
}

// draw draws the bar in c: the strip along its left edge, full height.
func (b colourBar) draw(c draw.Canvas) {
	s := b.scale
	x0, x1 := c.Min.X, c.Min.X+barWidth
	h := c.Max.Y - c.Min.Y
	y := func(v float64) vg.Length { return c.Min.Y + h*vg.Length((v-s.lo)/(s.hi-s.lo)) }
	ps := float64(len(s.pal)-1) / (s.hi - s.lo)
	for k, col := range s.pal {
		lo := max(s.lo+(float64(k)-0.5)/ps, s.lo)
		hi := min(s.lo+(float64(k)+0.5)/ps, s.hi)
		r := vg.Rectangle{Min: vg.Point{X: x0, Y: y(lo)}, Max: vg.Point{X: x1, Y: y(hi) + 0.3}}
		r.Max.Y = min(r.Max.Y, c.Max.Y)
		c.SetColor(col)
		c.Fill(r.Path())
	}
	edge := draw.LineStyle{Color: inkBlack, Width: vg.Points(0.5)}
	c.SetLineStyle(edge)
	c.Stroke(vg.Rectangle{Min: vg.Point{X: x0, Y: c.Min.Y}, Max: vg.Point{X: x1, Y: c.Max.Y}}.Path())
	ts := textStyle(tickSize, false, inkBlack)
	ts.XAlign, ts.YAlign = draw.XLeft, draw.YCenter
	var w vg.Length
	for _, t := range b.ticks {
		ty := y(t.Value)
		c.StrokeLine2(edge, x1, ty, x1+3, ty)
		c.FillText(ts, vg.Point{X: x1 + 6, Y: ty}, t.Label)
		w = max(w, ts.Width(t.Label))
	}
	ls := textStyle(labelSize, false, inkBlack)
	ls.Rotation = -math.Pi / 2 // read top to bottom, the top of the letters towards the bar
	ls.XAlign, ls.YAlign = draw.XCenter, draw.YBottom
	c.FillText(ls, vg.Point{X: x1 + 6 + w + 6, Y: (c.Min.Y + c.Max.Y) / 2}, fitText(ls, b.label, h))
}

// fitTitle returns full if it fits a chart's width as a title, else
// short.
func fitTitle(full, short string) string {
	if textStyle(titleSize, true, inkBlack).Width(full) <= chartWidth-2*margin {
		return full
	}
	return short
}

// multiHeader is a figure's title and one or more subtitle lines, each
// wrapped onto more lines if it is too wide (see wrapSubtitle), never cut.
type multiHeader struct {
	title string
	lines []string
}

// wrapped returns the subtitle lines as drawn: each wrapped to the width
// of the figure's inner area.
func (h multiHeader) wrapped() []string {
	ss := textStyle(subSize, false, inkGrey)
	var out []string
	for _, l := range h.lines {
		out = append(out, wrapSubtitle(ss, l, chartWidth-2*margin)...)
	}
	return out
}

// height returns the height the header takes.
func (h multiHeader) height() vg.Length {
	sh := textStyle(subSize, false, inkGrey).Height("Mg")
	return textStyle(titleSize, true, inkBlack).Height("Mg") + 4 + vg.Length(len(h.wrapped()))*(sh+2) + 6
}

// draw draws the header centred at the top of c.
func (h multiHeader) draw(c draw.Canvas) {
	ts := textStyle(titleSize, true, inkBlack)
	ts.XAlign, ts.YAlign = draw.XCenter, draw.YTop
	cx := c.Center().X
	y := c.Max.Y
	w := c.Max.X - c.Min.X
	c.FillText(ts, vg.Point{X: cx, Y: y}, fitText(ts, h.title, w))
	y -= ts.Height("Mg") + 4
	ss := textStyle(subSize, false, inkGrey)
	ss.XAlign, ss.YAlign = draw.XCenter, draw.YTop
	for _, l := range h.wrapped() {
		c.FillText(ss, vg.Point{X: cx, Y: y}, l)
		y -= ss.Height("Mg") + 2
	}
}
