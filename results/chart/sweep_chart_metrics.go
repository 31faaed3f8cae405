package chart

import (
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/parley-sim/parley/results/metric"
	"github.com/parley-sim/parley/results/sweep"
	"github.com/parley-sim/parley/sim/stats"
)

// sweepMetric is one metric of the metrics chart with its series.
type sweepMetric struct {
	name   string // the metric M of the M_mean column
	series sweepSeries
}

// otherMetrics returns the metrics of points.csv, in column order, that
// neither sweep-agreement nor sweep-utility draws (every u_ID and ud_ID
// of a party is left to sweep-utility), drawn against p; metrics without
// a defined mean at any point are left out.
func (d *sweepData) otherMetrics(p *sweep.Param) []sweepMetric {
	utility := map[string]bool{}
	for _, id := range d.Parties {
		utility["u_"+id], utility["ud_"+id] = true, true
	}
	var out []sweepMetric
	for i, m := range d.Metrics {
		if utility[m] {
			continue
		}
		s := d.seriesOf(p, i+1)
		if m == "invited" {
			s = d.shareSeries(p, i+1)
		}
		if len(s.x) == 0 {
			continue
		}
		s.label, s.colour, s.glyph = m, inkBlack, draw.CircleGlyph{}
		out = append(out, sweepMetric{name: m, series: s})
	}
	return out
}

// shareSeries returns outcome k, a share of runs with Wilson intervals
// (as invited), against p like seriesOf, except that the points at a
// level are pooled by their counts (share × replications) with the
// Wilson interval of the pooled count.
func (d *sweepData) shareSeries(p *sweep.Param, k int) sweepSeries {
	s := d.seriesOf(p, k)
	if !d.gridded(p) {
		return s
	}
	z := stats.Z(sweep.Level)
	var out sweepSeries
	for l, pts := range d.byLevel(p) {
		var n, hits int
		for _, i := range pts {
			if v := d.Points[i].Values[k-1][0]; !math.IsNaN(v) {
				n += d.Points[i].Reps
				hits += int(math.Round(v * float64(d.Points[i].Reps)))
			}
		}
		if n == 0 {
			continue
		}
		lo, hi := stats.Wilson(hits, n, z)
		out.x = append(out.x, levelX(p, l))
		out.y = append(out.y, float64(hits)/float64(n))
		out.lo, out.hi = append(out.lo, lo), append(out.hi, hi)
	}
	return out
}

// metricAxis returns the y label of metric name (its unit in the metric
// table; "mean" for a metric the table does not know), and whether its
// axis is a share of runs (0–100%) or starts at zero.
func metricAxis(name string, parties []string) (label string, share, fromZero bool) {
	m, _, ok := metric.Lookup(name, parties...)
	switch {
	case !ok:
		return "mean", false, false
	case m.Share:
		return "% of runs", true, true
	}
	return m.Unit, false, m.FromZero
}

// metricTitle returns the panel title of metric name: the mean of the
// metric, or the share of runs of a yes-or-no metric, as the metric table
// names it.
func metricTitle(name string, parties []string) string {
	m, party, ok := metric.Lookup(name, parties...)
	switch {
	case !ok:
		return strings.ReplaceAll(name, "_", " ")
	case m.Share:
		return m.TitleOf(party)
	}
	return "mean " + m.TitleOf(party)
}

// sweepMetricsChart draws every other metric of points.csv (see
// otherMetrics) against the one varied parameter, one panel per metric,
// in the look of sweepLineChart: a line with the band of its 95%
// interval for a gridded numeric parameter, points with error bars
// otherwise.
type sweepMetricsChart struct {
	d       *sweepData
	p       *sweep.Param
	metrics []sweepMetric
	line    *sweepLineChart // for the legend thumbnails
	hdr     header
	legend  legendGrid
}

// newSweepMetricsChart returns the chart of the other metrics against p,
// or nil when there are none.
func newSweepMetricsChart(d *sweepData, p *sweep.Param) *sweepMetricsChart {
	ms := d.otherMetrics(p)
	if len(ms) == 0 {
		return nil
	}
	ch := &sweepMetricsChart{d: d, p: p, metrics: ms, line: &sweepLineChart{d: d, p: p}}
	extra := []string{}
	if !d.gridded(p) {
		var series []sweepSeries
		for _, m := range ms {
			series = append(series, m.series)
		}
		extra = append(extra, pointsNote(series...))
	} else if d.pooledLevels(p) {
		extra = append(extra, "points with equal "+p.Path+" pooled")
	}
	ch.hdr = header{title: fitTitle(d.title("metrics by "+p.Path), d.title("metrics")), subtitle: d.subtitle(extra...)}
	mean, interval := "mean", "95% t interval"
	if slices.ContainsFunc(ms, func(m sweepMetric) bool { return m.name == "invited" }) {
		mean, interval = "mean (share of runs, for invited)", "95% interval (t; Wilson for invited)"
	}
	entries := []legendEntry{
		{label: mean, thumbs: ch.line.thumbs(ms[0].series)},
		{label: interval, thumbs: ch.line.intervalThumbs()},
	}
	ch.legend = newLegendGrid(entries, chartWidth-2*margin, 2)
	return ch
}

// grid returns the panel rows and columns.
func (ch *sweepMetricsChart) grid() (rows, cols int) {
	cols = min(2, len(ch.metrics))
	return (len(ch.metrics) + cols - 1) / cols, cols
}

func (ch *sweepMetricsChart) size() (w, h vg.Length) {
	rows, _ := ch.grid()
	return chartWidth, 2*margin + ch.hdr.height() + vg.Length(rows)*sweepPanelH + ch.legend.height() + 4
}

// panel returns the panel of metric m.
func (ch *sweepMetricsChart) panel(m sweepMetric) *plot.Plot {
	p := newPanel(false, false)
	setSweepX(p, ch.p, m.series)
	label, share, fromZero := metricAxis(m.name, ch.d.Parties)
	p.Y.Label.Text = label
	s := m.series
	lo, hi := finiteMin(s.lo, s.y), finiteMax(s.hi, s.y)
	switch {
	case share:
		p.Y.Min, p.Y.Max = 0, 1
		p.Y.Tick.Marker = spacedTicks{percent: true}
	default:
		if fromZero && lo >= 0 {
			lo = 0
		}
		p.Y.Min, p.Y.Max = padRange(lo, hi)
		if fromZero && p.Y.Min < 0 && lo >= 0 {
			p.Y.Min = 0
		}
		p.Y.Tick.Marker = spacedTicks{most: 5}
	}
	addGrid(p, true)
	addSeries(p, []sweepSeries{s}, ch.line.banded(), false)
	return p
}

func (ch *sweepMetricsChart) draw(dc draw.Canvas) error {
	dc.SetColor(white)
	dc.Fill(dc.Rectangle.Path())
	inner := draw.Crop(dc, margin, -margin, margin, -margin)
	ch.hdr.draw(inner)
	area := draw.Crop(inner, 0, 0, ch.legend.height()+4, -ch.hdr.height())
	rows, cols := ch.grid()
	const padX = 18
	ts := textStyle(noteSize, false, inkGrey)
	padY := ts.Height("Mg") + 12 // room for the panel titles
	area = draw.Crop(area, 0, 0, 0, -(padY - 4))
	cellW := (area.Max.X - area.Min.X - vg.Length(cols-1)*padX) / vg.Length(cols)
	rowH := (area.Max.Y - area.Min.Y - vg.Length(rows-1)*padY) / vg.Length(rows)
	plots := make([]*plot.Plot, len(ch.metrics))
	cells := make([]draw.Canvas, len(ch.metrics))
	for k, m := range ch.metrics {
		col, row := k%cols, k/cols
		x0 := area.Min.X + vg.Length(col)*(cellW+padX)
		y1 := area.Max.Y - vg.Length(row)*(rowH+padY)
		cells[k] = draw.Canvas{Canvas: area.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: x0, Y: y1 - rowH}, Max: vg.Point{X: x0 + cellW, Y: y1},
		}}
		plots[k] = ch.panel(m)
		p := plots[k]
		p.X.Label.Text = wrapPath(ch.p.Path, p.X.Label.TextStyle, cellW)
		if ch.p.Numeric {
			fitXTicks(p, cells[k], false)
		} else {
			fitLevelTicks(p, cells[k])
		}
	}
	alignRows(plots, cells, cols)
	ts.XAlign, ts.YAlign = draw.XCenter, draw.YBottom
	for k, p := range plots {
		p.Draw(cells[k])
		dc := p.DataCanvas(cells[k])
		cells[k].FillText(ts, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y + ts.Height("0")/2 + 4}, fitText(ts, metricTitle(ch.metrics[k].name, ch.d.Parties), dc.Max.X-dc.Min.X))
	}
	ch.legend.draw(draw.Crop(inner, 0, 0, 0, -(inner.Max.Y-inner.Min.Y-ch.legend.height())), false)
	return nil
}
