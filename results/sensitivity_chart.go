package results

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Geometry of the sensitivity chart.
const (
	sensRowH     = 24 // points per parameter
	sensOverhead = 46 // points per panel for its title and x axis
	sensGap      = 10 // points between panels
)

// Colours of the sensitivity bars: the Sobol index in sky blue, the SRC
// in a dark grey, so that the two read apart in grey too.
var (
	sobolFill color.Color = okabeSky
	srcFill   color.Color = inkGrey
)

// sensitivityChart draws, for the agreement rate and each party's mean
// utility, the first-order Sobol index and the standardised regression
// coefficient of every parameter as horizontal bars, parameters sorted by
// their Sobol index, one panel per outcome.
type sensitivityChart struct {
	d      *sweepData
	panels []sensMetric
	hdr    multiHeader
	legend legendGrid
	xmin   float64
}

// newSensitivityChart returns the chart, or nil when no outcome it shows
// has an index.
func newSensitivityChart(d *sweepData, sens []sensMetric) *sensitivityChart {
	ch := &sensitivityChart{d: d, xmin: 0}
	want := []int{0}
	for _, id := range d.parties {
		want = append(want, d.partyMetric(id))
	}
	found := false
	for _, k := range want {
		m := sens[k]
		ch.panels = append(ch.panels, m)
		for _, r := range m.rows {
			if !math.IsNaN(r.sobol) || !math.IsNaN(r.src) {
				found = true
			}
			if !math.IsNaN(r.src) {
				ch.xmin = math.Min(ch.xmin, r.src)
			}
		}
	}
	if !found {
		return nil
	}
	if ch.xmin < 0 {
		ch.xmin = math.Floor(ch.xmin*4) / 4
	}
	ch.hdr = multiHeader{
		title: d.title("which parameters matter"),
		lines: []string{
			d.subtitle(),
			"parameters sorted by first-order Sobol index (binning estimator); SRC from a linear fit with its R²",
		},
	}
	entries := []legendEntry{
		{label: "first-order Sobol index (share of variance)", thumbs: []plot.Thumbnailer{boxThumb{fill: sobolFill}}},
		{label: "standardised regression coefficient (SRC)", thumbs: []plot.Thumbnailer{boxThumb{fill: srcFill}}},
		{label: "Sobol estimate expected without influence", thumbs: []plot.Thumbnailer{vlineThumb{nullStyle()}}},
	}
	ch.legend = newLegendGrid(entries, chartWidth-2*margin, 2)
	return ch
}

func nullStyle() draw.LineStyle {
	return draw.LineStyle{Color: inkBlack, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(2), vg.Points(1.5)}}
}

// panelHeight returns the height of the panel of m; the last panel
// also holds the label of the x axis.
func panelHeight(m sensMetric, last bool) vg.Length {
	h := sensOverhead + vg.Length(max(len(m.rows), 1))*sensRowH
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

// outcomeLabel returns the name of an outcome column for a title.
func (d *sweepData) outcomeLabel(name string) string {
	if name == "agreement_rate" {
		return "agreement rate"
	}
	for _, id := range d.parties {
		if name == "u_"+id+"_mean" {
			return "mean utility to " + id
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
	for k, m := range ch.panels {
		last := k == len(ch.panels)-1
		h := panelHeight(m, last)
		p := ch.panel(m, last)
		plots = append(plots, p)
		cells = append(cells, cropY(inner, top-h, top))
		top -= h + sensGap
	}
	alignLeft(plots, cells)
	for k, p := range plots {
		p.Draw(cells[k])
	}
	ch.legend.draw(draw.Crop(inner, 0, 0, 0, -(inner.Max.Y-inner.Min.Y-ch.legend.height())), false)
	return nil
}

// panel returns the panel of outcome m; last says whether it is the
// bottom panel, which labels the x axis.
func (ch *sensitivityChart) panel(m sensMetric, last bool) *plot.Plot {
	p := newPanel(false, false)
	title := ch.d.outcomeLabel(m.name)
	switch {
	case m.note != "":
		title += ": " + m.note
	case !math.IsNaN(m.r2):
		title += fmt.Sprintf(" · R² of the linear fit %.2f · %s", m.r2, plural(m.points, "point"))
	default:
		title += " · " + plural(m.points, "point")
	}
	panelTitle(p, title)
	if last {
		p.X.Label.Text = "sensitivity index"
	}
	rows := slices.Clone(m.rows)
	slices.SortStableFunc(rows, func(a, b sensRow) int {
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
		names = append(names, rows[k].param.path)
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
	p.Add(&sensBars{rows: rows})
	if m.note != "" {
		p.Add(&note{text: "no indices"})
	}
	return p
}

// sortKey orders rows by Sobol index, then by |SRC|; rows with neither
// come last.
func sortKey(r sensRow) float64 {
	if !math.IsNaN(r.sobol) {
		return 2 + r.sobol
	}
	if !math.IsNaN(r.src) {
		return math.Abs(r.src)
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

// sensBars draws, for each row at y = 0, 1, …, the Sobol index above and
// the SRC below the row's centre line, with their values, and the null
// level of the Sobol estimate as a dashed tick.
type sensBars struct{ rows []sensRow }

// Plot draws the bars.
func (s *sensBars) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	unit := ty(1) - ty(0)
	bh := unit * 0.34
	sty := textStyle(noteSize-0.5, false, inkBlack)
	sty.YAlign = draw.YCenter
	grey := sty
	grey.Color = inkGrey
	zero := tx(0)
	c.StrokeLine2(draw.LineStyle{Color: inkBlack, Width: vg.Points(0.6)}, zero, c.Min.Y, zero, c.Max.Y)
	for k, r := range s.rows {
		yc := ty(float64(k))
		bars := []struct {
			v    float64
			y0   vg.Length
			fill color.Color
			what string
		}{
			{r.sobol, yc + 0.5, sobolFill, "Sobol"},
			{r.src, yc - 0.5 - bh, srcFill, "SRC"},
		}
		for _, b := range bars {
			mid := b.y0 + bh/2
			if math.IsNaN(b.v) {
				t := grey
				t.XAlign = draw.XLeft
				text := "no " + b.what
				if b.what == "SRC" && !r.param.numeric {
					text += " (categorical parameter)"
				}
				c.FillText(t, vg.Point{X: zero + 3, Y: mid}, text)
				continue
			}
			x := tx(b.v)
			rect := vg.Rectangle{Min: vg.Point{X: min(zero, x), Y: b.y0}, Max: vg.Point{X: max(zero, x), Y: b.y0 + bh}}
			c.SetColor(b.fill)
			c.Fill(rect.Path())
			t := sty
			label := strconv.FormatFloat(b.v, 'f', 2, 64)
			if label == "-0.00" {
				label = "0.00"
			}
			if b.v < 0 {
				t.XAlign = draw.XRight
				c.FillText(t, vg.Point{X: x - 3, Y: mid}, label)
				continue
			}
			// Keep the label clear of the null mark.
			lx := x + 3
			if b.what == "Sobol" && !math.IsNaN(r.null) {
				if nx := tx(r.null); nx >= x-1 && nx <= lx+t.Width(label)+2 {
					lx = nx + 4
				}
			}
			t.XAlign = draw.XLeft
			c.FillText(t, vg.Point{X: lx, Y: mid}, label)
		}
		if !math.IsNaN(r.null) && !math.IsNaN(r.sobol) {
			x := tx(r.null)
			c.StrokeLine2(nullStyle(), x, yc+0.5-1.5, x, yc+0.5+bh+1.5)
		}
	}
}
