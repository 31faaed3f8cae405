package chart

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/parley-sim/parley/results/narrate"
)

// figure is a chart that knows its size and draws itself.
type figure interface {
	size() (w, h vg.Length)
	draw(c draw.Canvas) error
}

// renderFigure returns f as PNG (at dpi dots per inch, DPI for 0) and SVG. A panic inside the
// plotting library, or a coordinate that is not a finite number (which
// the PNG rasteriser would loop on), becomes an error. Drawing stops soon after ctx is
// cancelled, with ctx's error: the canvases check it at every stroke,
// fill and text (see checkedCanvas), so even a chart of millions of
// marks ends promptly.
func renderFigure(ctx context.Context, f figure, dpi int) (pngData, svgData []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			if c, ok := p.(cancelled); ok {
				pngData, svgData, err = nil, nil, c.err
				return
			}
			err = fmt.Errorf("plotting failed: %v", p)
		}
	}()
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	if dpi, err = resolution(dpi); err != nil {
		return nil, nil, err
	}
	w, h := f.size()

	img := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(white))
	if err := drawFinite(f, checkedCanvas{img, ctx}); err != nil {
		return nil, nil, err
	}
	var pb bytes.Buffer
	// The fastest compression: on the flagship's charts the PNGs are 5%
	// larger than at the default level and parley plot takes 10-15% less
	// CPU time (the PNG encoding was a third of a small run's cost).
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&pb, img.Image()); err != nil {
		return nil, nil, fmt.Errorf("encoding PNG: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}

	svg := vgsvg.New(w, h) // fonts are named, not embedded
	if err := drawFinite(f, checkedCanvas{svg, ctx}); err != nil {
		return nil, nil, err
	}
	var sb bytes.Buffer
	if _, err := svg.WriteTo(&sb); err != nil {
		return nil, nil, fmt.Errorf("encoding SVG: %w", err)
	}
	// The SVG names its fonts without embedding them. Give viewers that
	// lack Liberation Sans its metric twin Arial and a generic fallback, so
	// the text keeps its width.
	svgData = bytes.ReplaceAll(sb.Bytes(), []byte("font-family:Liberation Sans;"),
		[]byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"))
	return pb.Bytes(), svgData, nil
}

// errNotFinite reports a chart whose layout put something at a
// coordinate that is not a finite number.
var errNotFinite = errors.New("plotting failed: a coordinate is not a finite number")

// drawFinite draws f on c through a finiteCanvas.
func drawFinite(f figure, c vg.CanvasSizer) error {
	fc := &finiteCanvas{CanvasSizer: c}
	if err := f.draw(draw.New(fc)); err != nil {
		return err
	}
	return fc.err
}

// finiteCanvas passes drawing on to its canvas, except for any path,
// text or transformation with a coordinate that is not a finite number:
// it leaves those out and remembers errNotFinite. A layout fault then
// fails the chart, where the PNG rasteriser would loop for ever.
type finiteCanvas struct {
	vg.CanvasSizer
	err error
}

// check stops the drawing if it was cancelled (see checkedCanvas).
func (c *finiteCanvas) check() {
	if k, ok := c.CanvasSizer.(interface{ check() }); ok {
		k.check()
	}
}

// cancelCheck returns the function that stops the drawing on c if it
// was cancelled, for a long computation between two strokes; a no-op for
// a canvas that cannot be cancelled.
func cancelCheck(c vg.Canvas) func() {
	if k, ok := c.(interface{ check() }); ok {
		return k.check
	}
	return func() {}
}

func finite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

func (c *finiteCanvas) finitePath(p vg.Path) bool {
	for _, comp := range p {
		if !finite(float64(comp.Pos.X), float64(comp.Pos.Y), float64(comp.Radius), comp.Start, comp.Angle) {
			c.err = errNotFinite
			return false
		}
		for _, q := range comp.Control {
			if !finite(float64(q.X), float64(q.Y)) {
				c.err = errNotFinite
				return false
			}
		}
	}
	return true
}

func (c *finiteCanvas) ok(xs ...float64) bool {
	if !finite(xs...) {
		c.err = errNotFinite
		return false
	}
	return true
}

// Stroke strokes p if it is finite.
func (c *finiteCanvas) Stroke(p vg.Path) {
	if c.finitePath(p) {
		c.CanvasSizer.Stroke(p)
	}
}

// Fill fills p if it is finite.
func (c *finiteCanvas) Fill(p vg.Path) {
	if c.finitePath(p) {
		c.CanvasSizer.Fill(p)
	}
}

// FillString writes s at a finite pt.
func (c *finiteCanvas) FillString(f font.Face, pt vg.Point, s string) {
	if c.ok(float64(pt.X), float64(pt.Y)) {
		c.CanvasSizer.FillString(f, pt, s)
	}
}

// DrawImage draws img in a finite rectangle.
func (c *finiteCanvas) DrawImage(r vg.Rectangle, img image.Image) {
	if c.ok(float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X), float64(r.Max.Y)) {
		c.CanvasSizer.DrawImage(r, img)
	}
}

// Rotate rotates by a finite angle.
func (c *finiteCanvas) Rotate(rad float64) {
	if c.ok(rad) {
		c.CanvasSizer.Rotate(rad)
	}
}

// Translate translates by a finite offset.
func (c *finiteCanvas) Translate(pt vg.Point) {
	if c.ok(float64(pt.X), float64(pt.Y)) {
		c.CanvasSizer.Translate(pt)
	}
}

// Scale scales by finite factors.
func (c *finiteCanvas) Scale(x, y float64) {
	if c.ok(x, y) {
		c.CanvasSizer.Scale(x, y)
	}
}

// checkedCanvas is a canvas that stops the drawing once its context is
// cancelled: each stroke, fill, text or image first checks the context
// and, when it is done, panics with cancelled, which renderFigure turns
// back into the context's error. A panic is the only way out of the
// plotting library's drawing loops, which report no errors.
type checkedCanvas struct {
	vg.CanvasSizer
	ctx context.Context
}

// cancelled carries a context's error out of a drawing through a panic.
type cancelled struct{ err error }

func (c checkedCanvas) check() {
	if err := c.ctx.Err(); err != nil {
		panic(cancelled{err})
	}
}

func (c checkedCanvas) Stroke(p vg.Path) { c.check(); c.CanvasSizer.Stroke(p) }
func (c checkedCanvas) Fill(p vg.Path)   { c.check(); c.CanvasSizer.Fill(p) }
func (c checkedCanvas) FillString(f font.Face, pt vg.Point, s string) {
	c.check()
	c.CanvasSizer.FillString(f, pt, s)
}
func (c checkedCanvas) DrawImage(r vg.Rectangle, img image.Image) {
	c.check()
	c.CanvasSizer.DrawImage(r, img)
}

// More of the Okabe–Ito palette, and the greys of the charts.
var (
	okabeGreen = color.RGBA{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF} // bluish green
	okabeSky   = color.RGBA{R: 0x56, G: 0xB4, B: 0xE9, A: 0xFF}
	cloudGrey  = color.RGBA{R: 0xC8, G: 0xC8, B: 0xC8, A: 0xFF}
	noDealGrey = color.RGBA{R: 0xA0, G: 0xA0, B: 0xA0, A: 0xFF}
)

// offererColour is the colour of the offers of party i (0, 1) or of the
// mediator or facilitator (2) in the charts where colour says who offered.
var offererColour = [3]color.Color{okabeBlue, okabeVermillion, okabeGreen}

// withAlpha returns c with opacity a in [0, 1].
func withAlpha(c color.Color, a float64) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: uint8(math.Round(a * 255))}
}

// header is a figure's title and subtitle.
type header struct {
	title, subtitle string
}

// height returns the height the header takes.
func (h header) height() vg.Length {
	// As a multiHeader's, without the gap under the last line.
	return multiHeader{title: h.title, lines: []string{h.subtitle}}.height() - 2
}

// lines returns the subtitle's lines as drawn.
func (h header) lines() []string {
	return multiHeader{title: h.title, lines: []string{h.subtitle}}.wrapped()
}

// draw draws the header centred at the top of c.
func (h header) draw(c draw.Canvas) {
	multiHeader{title: h.title, lines: []string{h.subtitle}}.draw(c)
}

// scenarioName returns the scenario's name for a title.
func scenarioName(s string) string { return cmp.Or(s, "negotiation") }

// runSubtitle returns the subtitle of a chart of many runs: version, master
// seed and number of runs, then any extra parts.
func runSubtitle(version string, seed uint64, runs int, extra ...string) string {
	parts := []string{"parley " + versionText(version), "master seed " + strconv.FormatUint(seed, 10), narrate.Plural(runs, "run")}
	return strings.Join(append(parts, extra...), " · ")
}

// legendGrid is a legend laid out in columns of equal rows, filled
// column by column, each column a plot.Legend. The grid is the charts'
// own: plot.Legend draws one column where it is told, and the charts put
// their legends below or beside the panels, in as many columns as fit.
type legendGrid struct {
	entries []legendEntry
	cols    int
	widths  []vg.Length
}

// newLegendGrid lays out entries in at most maxCols columns that fit
// width avail.
func newLegendGrid(entries []legendEntry, avail vg.Length, maxCols int) legendGrid {
	sty := textStyle(legendSize, false, inkBlack)
	for cols := max(1, min(maxCols, len(entries))); ; cols-- {
		rows := (len(entries) + cols - 1) / cols
		widths := make([]vg.Length, cols)
		var used vg.Length
		for k, e := range entries {
			col := k / rows // fill column by column
			widths[col] = max(widths[col], thumbW+sty.Width(" "+e.label))
		}
		for _, w := range widths {
			used += w
		}
		used += vg.Length(cols-1) * legendGapX * 2
		if used <= avail || cols == 1 {
			return legendGrid{entries: entries, cols: cols, widths: widths}
		}
	}
}

func (l legendGrid) rows() int {
	if len(l.entries) == 0 {
		return 0
	}
	return (len(l.entries) + l.cols - 1) / l.cols
}

// column returns column col of the legend, as gonum/plot draws it: text
// after the thumbnails, rows legendRowGap apart.
func (l legendGrid) column(col int) plot.Legend {
	leg := plot.NewLegend()
	leg.TextStyle = textStyle(legendSize, false, inkBlack)
	leg.Top, leg.Left = true, true
	leg.ThumbnailWidth = thumbW
	leg.YPosition = draw.PosCenter
	// Rows as far apart as lines of text, and legendRowGap more.
	one := plot.NewLegend()
	one.TextStyle = leg.TextStyle
	one.Add("Mg")
	r := one.Rectangle(draw.Canvas{})
	leg.Padding = legendRowGap + leg.TextStyle.Height("Mg") - (r.Max.Y - r.Min.Y)
	rows := l.rows()
	for _, e := range l.entries[min(col*rows, len(l.entries)):min((col+1)*rows, len(l.entries))] {
		leg.Add(e.label, e.thumbs...)
	}
	return leg
}

// height returns the height of the legend.
func (l legendGrid) height() vg.Length {
	if len(l.entries) == 0 {
		return 0
	}
	lh := textStyle(legendSize, false, inkBlack).Height("Mg")
	return vg.Length(l.rows())*(lh+legendRowGap) + 8
}

// width returns the width of the legend's columns without gaps.
func (l legendGrid) width() vg.Length {
	var w vg.Length
	for _, x := range l.widths {
		w += x
	}
	return w + vg.Length(max(l.cols-1, 0))*legendGapX*2
}

// draw draws the legend in c, columns spread over its width (centred
// when spread is false), rows from the top.
func (l legendGrid) draw(c draw.Canvas, spread bool) {
	if len(l.entries) == 0 {
		return
	}
	var used vg.Length
	for _, w := range l.widths {
		used += w
	}
	gap := vg.Length(legendGapX * 2)
	left := c.Min.X + (c.Max.X-c.Min.X-used-gap*vg.Length(l.cols-1))/2
	if spread {
		gap = max((c.Max.X-c.Min.X-used)/vg.Length(l.cols), 0)
		left = c.Min.X + gap/2
	}
	x := left
	for col := range l.cols {
		leg := l.column(col)
		cc := c
		cc.Min.X, cc.Max.Y = x, c.Max.Y-4
		leg.Draw(cc)
		x += l.widths[col] + gap
	}
}

// styleAxes sets the fonts of a plot's axes; utility axes also get the
// ticks of a 0–1 scale.
func styleAxes(p *plot.Plot, utilityX, utilityY bool) {
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle = textStyle(labelSize, false, inkBlack)
		a.Label.TextStyle.XAlign, a.Label.TextStyle.YAlign = draw.XCenter, draw.YBottom
		xa, ya := a.Tick.Label.XAlign, a.Tick.Label.YAlign
		a.Tick.Label = textStyle(tickSize, false, inkBlack)
		a.Tick.Label.XAlign, a.Tick.Label.YAlign = xa, ya
		a.Padding = vg.Points(3)
	}
	if utilityX {
		p.X.Tick.Marker = utilityTicks
	}
	if utilityY {
		p.Y.Tick.Marker = utilityTicks
	}
}

// utilityTicks mark a 0–1 scale: labels every 0.2, minor ticks every 0.1.
var utilityTicks = plot.ConstantTicks{
	{Value: 0, Label: "0"}, {Value: 0.1}, {Value: 0.2, Label: "0.2"}, {Value: 0.3},
	{Value: 0.4, Label: "0.4"}, {Value: 0.5}, {Value: 0.6, Label: "0.6"}, {Value: 0.7},
	{Value: 0.8, Label: "0.8"}, {Value: 0.9}, {Value: 1, Label: "1"},
}

// countTicks marks a count or share axis with about five labelled
// ticks at 1, 2 or 5 times a power of ten; whole numbers only when whole
// is set.
type countTicks struct {
	whole   bool
	percent bool // labels as percentages of 1
}

// Ticks returns the ticks between lo and hi.
func (t countTicks) Ticks(lo, hi float64) []plot.Tick {
	span := hi - lo
	if !(span > 0) {
		return []plot.Tick{{Value: lo, Label: t.label(lo)}}
	}
	step := math.Pow(10, math.Floor(math.Log10(span/5)))
	for _, m := range []float64{1, 2, 5, 10} {
		if span/(step*m) <= 6 {
			step *= m
			break
		}
	}
	if t.whole {
		step = max(step, 1)
	}
	var ts []plot.Tick
	for k := math.Ceil(lo / step); k*step <= hi+step*1e-9; k++ {
		v := math.Round(k*step*1e9) / 1e9 // 0.6, not 0.6000000000000001
		ts = append(ts, plot.Tick{Value: v, Label: t.label(v)})
	}
	return ts
}

func (t countTicks) label(v float64) string {
	if t.percent {
		return strconv.FormatFloat(math.Round(v*1000)/10, 'f', -1, 64) + "%"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// newPanel returns a plot with the house style: white background, grid
// lines, fonts; utility axes get 0–1 ticks.
func newPanel(utilityX, utilityY bool) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = white
	styleAxes(p, utilityX, utilityY)
	return p
}

// panelTitle sets a small-multiple title on p.
func panelTitle(p *plot.Plot, s string) {
	p.Title.Text = s
	p.Title.TextStyle = textStyle(panelTSize, true, inkBlack)
	p.Title.TextStyle.XAlign, p.Title.TextStyle.YAlign = draw.XCenter, draw.YTop
	p.Title.Padding = vg.Points(5)
}

// boxThumb draws a filled box as a legend thumbnail.
type boxThumb struct {
	fill  color.Color
	edge  color.Color // nil for none
	short bool        // a box as tall as the text, centred, not the whole width
}

// Thumbnail draws the box.
func (t boxThumb) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	h := r.Max.Y - r.Min.Y
	r.Min.Y += h * 0.15
	r.Max.Y -= h * 0.15
	if t.short {
		cx := (r.Min.X + r.Max.X) / 2
		r.Min.X, r.Max.X = cx-h*0.45, cx+h*0.45
	}
	c.SetColor(t.fill)
	c.Fill(r.Path())
	if t.edge != nil {
		c.SetLineStyle(draw.LineStyle{Color: t.edge, Width: vg.Points(0.6)})
		c.Stroke(r.Path())
	}
}

// labelBox draws text with a white box behind it, so that it stays
// legible over lines.
func labelBox(c draw.Canvas, sty text.Style, at vg.Point, s string) {
	w, h := sty.Width(s), sty.Height(s)
	var min vg.Point
	switch sty.XAlign {
	case draw.XLeft:
		min.X = at.X
	case draw.XCenter:
		min.X = at.X - w/2
	default:
		min.X = at.X - w
	}
	switch sty.YAlign {
	case draw.YBottom:
		min.Y = at.Y
	case draw.YCenter:
		min.Y = at.Y - h/2
	default:
		min.Y = at.Y - h
	}
	bg := vg.Rectangle{Min: vg.Point{X: min.X - 1.5, Y: min.Y - 0.5}, Max: vg.Point{X: min.X + w + 1.5, Y: min.Y + h + 0.5}}
	c.SetColor(color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xD9})
	c.Fill(bg.Path())
	c.FillText(sty, at, s)
}

// reservationLabel returns the legend label of the reservation values,
// which say "nominal" when the runs drew reservation values of their own
// (Input.Nominal).
func reservationLabel(label string, nominal bool) string {
	if nominal {
		return label + " (nominal)"
	}
	return label
}
