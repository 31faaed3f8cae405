package chart

import (
	"cmp"
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/parley-sim/parley/results/narrate"
	"github.com/parley-sim/parley/results/sweep"
	"github.com/parley-sim/parley/sim/stats"
)

// Geometry and limits of the sweep charts.
const (
	// maxSweepLevels is the most distinct values of a parameter of a
	// random or Latin-hypercube sweep that are drawn value by value (as
	// a grid); with more, points are drawn one by one.
	maxSweepLevels = 12
	// maxSweepMarkers is the most points of a line that get markers.
	maxSweepMarkers = 40
	sweepPanelH     = 2.3 * vg.Inch
)

// SweepCharts returns the sweep charts that the points of a sweep and
// their analysis support (see package results, WriteSweepAnalysis, for
// which charts are drawn when), and warnings about those it cannot draw.
func SweepCharts(data *sweep.Data, sens []sweep.Sensitivity) ([]Chart, []error) {
	d := &sweepData{data}
	var figs []Chart
	var warns []error
	varied := d.Varied()
	switch len(varied) {
	case 0:
		warns = append(warns, errors.New("no parameter takes more than one value: no sweep charts"))
	case 1:
		p := varied[0]
		figs = append(figs, Chart{SweepAgreement, newSweepLineChart(d, p, 0)})
		if len(d.Parties) > 0 {
			figs = append(figs, Chart{SweepUtility, newSweepLineChart(d, p, -1)})
		} else {
			warns = append(warns, errors.New("points.csv has no u_ID_mean columns: utility chart not drawn"))
		}
		if ch := newSweepMetricsChart(d, p); ch != nil {
			figs = append(figs, Chart{SweepMetrics, ch})
		}
	default:
		figs = append(figs, heatFigures(d, varied, sens)...)
		if len(varied) > 2 {
			figs = append(figs, Chart{SweepAgreement, newSweepMarginsChart(d, varied, sens[0])})
		}
	}
	if ch := newSensitivityChart(d, sens); ch != nil {
		figs = append(figs, Chart{Sensitivity, ch})
	} else {
		warns = append(warns, errors.New("no sensitivity index for the agreement rate or the utilities: sensitivity chart not drawn"))
	}
	return figs, warns
}

// Measures by which byInfluence ranks the parameters.
const (
	bySobol = "sobol" // the first-order Sobol index
	bySRC   = "src"   // |SRC|, when no parameter has a Sobol index
)

// byInfluence returns the parameters ordered by their influence on m,
// largest first (ties and parameters without a measure in file order),
// and the measure used: the first-order Sobol index (bySobol), or, when
// no parameter has one (an index that is 1 by construction does not
// count), the absolute SRC (bySRC); "" when no parameter has either.
func byInfluence(params []*sweep.Param, m sweep.Sensitivity) ([]*sweep.Param, string) {
	idx := map[*sweep.Param]float64{}
	by := ""
	for _, r := range m.Effects {
		if !math.IsNaN(r.Sobol) && !r.OneEach {
			idx[r.Param] = r.Sobol
			by = bySobol
		}
	}
	if by == "" {
		for _, r := range m.Effects {
			if !math.IsNaN(r.SRC) {
				idx[r.Param] = math.Abs(r.SRC)
				by = bySRC
			}
		}
	}
	out := slices.Clone(params)
	slices.SortStableFunc(out, func(a, b *sweep.Param) int {
		ia, oka := idx[a]
		ib, okb := idx[b]
		switch {
		case oka && !okb:
			return -1
		case okb && !oka:
			return 1
		case ia > ib:
			return -1
		case ia < ib:
			return 1
		}
		return 0
	})
	return out, by
}

// title returns a chart's title: the sweep's name and what it shows.
func (d *sweepData) title(what string) string {
	name := cmp.Or(d.Name, "sweep")
	return name + ": " + what
}

// subtitle returns the subtitle of a sweep chart: version, master seed,
// design and replications, then any extra parts.
func (d *sweepData) subtitle(extra ...string) string {
	n := len(d.Points)
	var design string
	switch d.Design {
	case "grid":
		design = "grid of " + narrate.Plural(n, "point")
	case "random":
		design = "random sample of " + narrate.Plural(n, "point")
	case "latin_hypercube":
		design = "Latin hypercube of " + narrate.Plural(n, "point")
	default:
		design = narrate.Plural(n, "point")
	}
	lo, hi := math.MaxInt, 0
	for _, p := range d.Points {
		lo, hi = min(lo, p.Reps), max(hi, p.Reps)
	}
	reps := narrate.Plural(lo, "replication")
	if hi > lo {
		reps = fmt.Sprintf("%d–%d replications", lo, hi)
	}
	parts := []string{"parley " + versionText(d.Version), "master seed " + strconv.FormatUint(d.Seed, 10), design + " × " + reps}
	return strings.Join(append(parts, extra...), " · ")
}

// partyMetric returns the outcome index of party id's mean utility.
func (d *sweepData) partyMetric(id string) int { return d.MetricIndex("u_" + id) }

// discountShown is how far, at some point, a party's mean discounted
// utility must be from its mean utility for the charts to draw it too:
// less would not show at the two decimals the charts print.
const discountShown = 1e-3

// utilityOutcome is a party's mean utility, undiscounted or discounted,
// as the sweep charts draw it.
type utilityOutcome struct {
	id         string // the party
	k          int    // the outcome index (see sweepData.outcome)
	party      int    // the party's index in sweepData.parties
	discounted bool
}

// metric returns the outcome's metric name (u_ID or ud_ID).
func (u utilityOutcome) metric() string {
	if u.discounted {
		return "ud_" + u.id
	}
	return "u_" + u.id
}

// utilityOutcomes returns the utilities the sweep charts draw: each
// party's mean utility u_ID, then the mean discounted utility ud_ID of
// each party for which points.csv has it and it differs from u_ID by more
// than discountShown at some point (with no discount, or every deal
// struck in the first round, the two are equal and add nothing).
func (d *sweepData) utilityOutcomes() []utilityOutcome {
	var out []utilityOutcome
	for i, id := range d.Parties {
		out = append(out, utilityOutcome{id: id, k: d.partyMetric(id), party: i})
	}
	for i, id := range d.Parties {
		kd := d.MetricIndex("ud_" + id)
		if kd < 0 {
			continue
		}
		u, ud := d.Outcome(d.partyMetric(id)), d.Outcome(kd)
		for j := range u {
			if math.Abs(u[j]-ud[j]) > discountShown { // false where either is NaN
				out = append(out, utilityOutcome{id: id, k: kd, party: i, discounted: true})
				break
			}
		}
	}
	return out
}

// Gridded says whether the sweep charts draw parameter p of d value by
// value, pooling the points at each value (as for a grid), rather than
// point by point: a categorical parameter, any parameter of a grid, and a
// numeric one with at most 12 distinct values.
func Gridded(d *sweep.Data, p *sweep.Param) bool { return (&sweepData{d}).gridded(p) }

// gridded says whether p is drawn value by value: when it is
// categorical, in a grid design, or when it has few values.
func (d *sweepData) gridded(p *sweep.Param) bool {
	return !p.Numeric || d.Design == "grid" || len(p.Levels) <= maxSweepLevels
}

// pooled is an outcome pooled over the points of a group: the agreement
// rate from the summed counts, or a mean over all their runs.
type pooled struct {
	y, lo, hi float64
	points    int
}

// poolPoints pools outcome k over the points pts: for the agreement rate
// (k = 0) the rate and Wilson interval of all their runs; for a mean the
// mean of all their runs and its Student's t interval, the pooled
// standard deviation recovered from each point's interval. Points where
// the mean is undefined are left out.
func (d *sweepData) poolPoints(k int, pts []int) pooled {
	z := stats.Z(sweep.Level)
	if k == 0 {
		var reps, agreed int
		for _, i := range pts {
			reps += d.Points[i].Reps
			agreed += d.Points[i].Agreements
		}
		if reps == 0 {
			return pooled{y: math.NaN(), lo: math.NaN(), hi: math.NaN()}
		}
		lo, hi := stats.Wilson(agreed, reps, z)
		return pooled{y: float64(agreed) / float64(reps), lo: lo, hi: hi, points: len(pts)}
	}
	var use []int
	for _, i := range pts {
		if !math.IsNaN(d.Points[i].Values[k-1][0]) {
			use = append(use, i)
		}
	}
	switch len(use) {
	case 0:
		return pooled{y: math.NaN(), lo: math.NaN(), hi: math.NaN()}
	case 1:
		m := d.Points[use[0]].Values[k-1]
		return pooled{y: m[0], lo: m[1], hi: m[2], points: 1}
	}
	var n, sum float64
	for _, i := range use {
		w := float64(d.Points[i].Reps)
		n += w
		sum += w * d.Points[i].Values[k-1][0]
	}
	mean := sum / n
	// Σ (n_i − 1) s_i² + Σ n_i (m_i − m)², with s_i from the half-width
	// t·s_i/√n_i of point i's interval.
	var ss float64
	known := true
	for _, i := range use {
		p := d.Points[i]
		ni := float64(p.Reps)
		mi := p.Values[k-1]
		if p.Reps >= 2 {
			half := (mi[2] - mi[1]) / 2
			_, tHi := stats.TInterval(0, 1, ni, sweep.Level)
			if math.IsNaN(half) || !(tHi > 0) {
				known = false
			} else {
				s := half * math.Sqrt(ni) / tHi
				ss += (ni - 1) * s * s
			}
		}
		ss += ni * (mi[0] - mean) * (mi[0] - mean)
	}
	lo, hi := math.NaN(), math.NaN()
	if known && n >= 2 {
		lo, hi = stats.TInterval(mean, math.Sqrt(ss/(n-1)), n, sweep.Level)
	}
	return pooled{y: mean, lo: lo, hi: hi, points: len(use)}
}

// byLevel returns the points at each level of p.
func (d *sweepData) byLevel(p *sweep.Param) [][]int {
	out := make([][]int, len(p.Levels))
	for i, l := range p.Level {
		out[l] = append(out[l], i)
	}
	return out
}

// sweepSeries is one outcome drawn against a parameter.
type sweepSeries struct {
	label     string
	x         []float64 // positions on the x axis
	y, lo, hi []float64
	colour    color.Color
	glyph     draw.GlyphDrawer
	dashed    bool // a dashed line, for a discounted utility
	// of is the number of points of a series drawn point by point that
	// was decimated to maxSeriesPoints (see decimate); zero when every
	// point is drawn.
	of int
}

// seriesOf returns outcome k against p: one value per level of p (pooled
// over the points at that level) when p is gridded, else one per point.
// Positions are values for a numeric parameter and level indices for a
// categorical one.
func (d *sweepData) seriesOf(p *sweep.Param, k int) sweepSeries {
	var s sweepSeries
	add := func(x float64, v pooled) {
		if math.IsNaN(v.y) {
			return
		}
		s.x, s.y, s.lo, s.hi = append(s.x, x), append(s.y, v.y), append(s.lo, v.lo), append(s.hi, v.hi)
	}
	if d.gridded(p) {
		for l, pts := range d.byLevel(p) {
			add(levelX(p, l), d.poolPoints(k, pts))
		}
		return s
	}
	order := make([]int, len(d.Points))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return p.Level[a] - p.Level[b] })
	for _, i := range order {
		add(p.Num[i], d.poolPoints(k, []int{i}))
	}
	if keep := decimateIndex(s.x, s.y, maxSeriesPoints); keep != nil {
		s.of = len(s.x)
		s.x, s.y, s.lo, s.hi = pick(s.x, keep), pick(s.y, keep), pick(s.lo, keep), pick(s.hi, keep)
	}
	return s
}

// pointsNote returns the subtitle part of a chart drawn point by point
// from the series: one point per parameter point, or, when a series was
// decimated, how many of them.
func pointsNote(series ...sweepSeries) string {
	for _, s := range series {
		if s.of > 0 {
			return fmt.Sprintf("%s of %s parameter points drawn (first, last and extremes kept)", thousands(len(s.x)), thousands(s.of))
		}
	}
	return "one point per parameter point"
}

// thousands formats n with a comma every three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// levelX returns the x position of level l of p.
func levelX(p *sweep.Param, l int) float64 {
	if p.Numeric {
		v, _ := strconv.ParseFloat(strings.TrimSpace(p.Levels[l]), 64)
		return v
	}
	return float64(l)
}

// sweepLineChart draws one outcome (the agreement rate) or every party's
// mean utility against the one varied parameter: a line with its 95%
// interval as a band for a gridded numeric parameter, points with
// error bars otherwise.
type sweepLineChart struct {
	d      *sweepData
	p      *sweep.Param
	series []sweepSeries
	rate   bool // the agreement rate, not utilities
	// discounted says that the chart draws discounted utilities too.
	discounted bool
	hdr        header
	legend     legendGrid
}

// newSweepLineChart returns the chart of outcome k (0: agreement rate)
// against p, or of every party's mean utility when k < 0.
func newSweepLineChart(d *sweepData, p *sweep.Param, k int) *sweepLineChart {
	ch := &sweepLineChart{d: d, p: p, rate: k == 0}
	var what, interval string
	if ch.rate {
		s := d.seriesOf(p, 0)
		s.label, s.colour, s.glyph = "agreement rate", inkBlack, draw.CircleGlyph{}
		ch.series = append(ch.series, s)
		what, interval = "agreement rate", "95% Wilson interval"
	} else {
		us := d.utilityOutcomes()
		slices.SortStableFunc(us, func(a, b utilityOutcome) int { return a.party - b.party })
		for _, u := range us {
			s := d.seriesOf(p, u.k)
			s.label, s.colour, s.glyph = d.outcomeLabel(u.metric()+"_mean"), sweepPartyColour(u.party), sweepPartyGlyph(u.party)
			if u.discounted {
				s.glyph, s.dashed = hollowGlyph(u.party), true
				ch.discounted = true
			}
			ch.series = append(ch.series, s)
		}
		what, interval = "mean utility", "95% t interval"
	}
	extra := []string{}
	if !d.gridded(p) {
		extra = append(extra, pointsNote(ch.series...))
	} else if d.pooledLevels(p) {
		extra = append(extra, "points with equal "+p.Path+" pooled")
	}
	ch.hdr = header{title: fitTitle(d.title(what+" by "+p.Path), d.title(what)), subtitle: d.subtitle(extra...)}
	var entries []legendEntry
	for _, s := range ch.series {
		entries = append(entries, legendEntry{label: s.label, thumbs: ch.thumbs(s)})
	}
	band := legendEntry{label: interval, thumbs: ch.intervalThumbs()}
	if ch.discounted && len(entries) == 4 {
		// Two columns, one per party, the interval under the first.
		entries = append(entries[:2:2], band, entries[2], entries[3])
		ch.legend = newLegendGrid(entries, chartWidth-2*margin, 2)
	} else {
		entries = append(entries, band)
		ch.legend = newLegendGrid(entries, chartWidth-2*margin, 3)
	}
	return ch
}

// pooledLevels says whether some level of p has more than one point.
func (d *sweepData) pooledLevels(p *sweep.Param) bool {
	for _, pts := range d.byLevel(p) {
		if len(pts) > 1 {
			return true
		}
	}
	return false
}

// sweepPartyColour and sweepPartyGlyph are the colour and marker of the
// i-th party of a sweep (a third and later party, if any, in green).
func sweepPartyColour(i int) color.Color {
	if i < 2 {
		return partyColour[i]
	}
	return okabeGreen
}

func sweepPartyGlyph(i int) draw.GlyphDrawer {
	if i%2 == 1 {
		return draw.PyramidGlyph{}
	}
	return draw.CircleGlyph{}
}

// hollowGlyph is the marker of the i-th party's discounted utility: the
// outline of its sweepPartyGlyph.
func hollowGlyph(i int) draw.GlyphDrawer {
	if i%2 == 1 {
		return draw.TriangleGlyph{}
	}
	return draw.RingGlyph{}
}

// seriesLine returns the line style of s.
func seriesLine(s sweepSeries) draw.LineStyle {
	ls := draw.LineStyle{Color: s.colour, Width: vg.Points(1.6)}
	if s.dashed {
		ls.Dashes = []vg.Length{vg.Points(4), vg.Points(2.5)}
	}
	return ls
}

// banded says whether the chart draws lines and bands rather than error
// bars.
func (ch *sweepLineChart) banded() bool { return ch.p.Numeric && ch.d.gridded(ch.p) }

func (ch *sweepLineChart) thumbs(s sweepSeries) []plot.Thumbnailer {
	gs := draw.GlyphStyle{Color: s.colour, Radius: vg.Points(2.6), Shape: s.glyph}
	if ch.banded() {
		return []plot.Thumbnailer{lineThumb{seriesLine(s)}, glyphThumb{gs}}
	}
	return []plot.Thumbnailer{glyphThumb{gs}}
}

func (ch *sweepLineChart) intervalThumbs() []plot.Thumbnailer {
	if ch.banded() {
		return []plot.Thumbnailer{boxThumb{fill: withAlpha(inkGrey, bandAlpha)}}
	}
	return []plot.Thumbnailer{vErrThumb{}}
}

func (ch *sweepLineChart) size() (w, h vg.Length) {
	return chartWidth, singleH + ch.legend.height()
}

func (ch *sweepLineChart) draw(dc draw.Canvas) error {
	dc.SetColor(white)
	dc.Fill(dc.Rectangle.Path())
	inner := draw.Crop(dc, margin, -margin, margin, -margin)
	ch.hdr.draw(inner)
	p := newPanel(false, !ch.rate)
	setSweepX(p, ch.p, ch.series...)
	if ch.rate {
		p.Y.Label.Text = "agreement rate (% of runs)"
		p.Y.Min, p.Y.Max = 0, 1
		p.Y.Tick.Marker = spacedTicks{percent: true}
	} else {
		p.Y.Label.Text = "mean utility (0–1)"
		p.Y.Min, p.Y.Max = 0, 1
		for _, s := range ch.series {
			p.Y.Min, p.Y.Max = math.Min(p.Y.Min, finiteMin(s.lo, s.y)), math.Max(p.Y.Max, finiteMax(s.hi, s.y))
		}
		if p.Y.Max > 1 || p.Y.Min < 0 {
			p.Y.Tick.Marker = spacedTicks{}
		}
	}
	addGrid(p, true)
	addSeries(p, ch.series, ch.banded(), !ch.p.Numeric)
	cell := draw.Crop(inner, 0, 0, ch.legend.height()+4, -ch.hdr.height())
	if ch.p.Numeric {
		fitXTicks(p, cell, false)
	} else {
		fitLevelTicks(p, cell)
	}
	p.Draw(cell)
	ch.legend.draw(draw.Crop(inner, 0, 0, 0, -(inner.Max.Y-inner.Min.Y-ch.legend.height())), false)
	return nil
}

// setSweepX sets the x axis of p for parameter q: its path as the label,
// the range of the series with a margin, and the levels as ticks for a
// categorical parameter, labelled by levelLabel (fitLevelTicks fits them
// once the panel is laid out).
func setSweepX(p *plot.Plot, q *sweep.Param, series ...sweepSeries) {
	p.X.Label.Text = q.Path
	if !q.Numeric {
		var ticks plot.ConstantTicks
		for l, s := range q.Levels {
			ticks = append(ticks, plot.Tick{Value: float64(l), Label: levelLabel(s)})
		}
		p.X.Tick.Marker = ticks
		p.X.Min, p.X.Max = -0.5, float64(len(q.Levels))-0.5
		return
	}
	p.X.Min, p.X.Max = padRange(finiteMin(q.Num), finiteMax(q.Num))
	p.X.Tick.Marker = spacedTicks{}
}

// padRange returns [lo, hi] widened by 4% on each side, or by 0.5 when
// lo = hi; a range too wide to widen is returned as it is.
func padRange(lo, hi float64) (float64, float64) {
	pad := (hi - lo) * 0.04
	switch {
	case math.IsInf(pad, 0) || math.IsInf(lo-pad, 0) || math.IsInf(hi+pad, 0):
		return lo, hi
	case !(pad > 0):
		pad = max(0.5, math.Abs(lo)*0.04)
	}
	return lo - pad, hi + pad
}

// addSeries adds the series to p: bands (if banded) under lines and
// markers, else error bars and markers; dodge spreads the series of a
// categorical axis sideways so that their bars do not overlap.
func addSeries(p *plot.Plot, series []sweepSeries, banded, dodge bool) {
	if banded {
		for _, s := range series {
			p.Add(intervalBand(s.x, s.lo, s.hi, withAlpha(s.colour, bandAlpha))...)
		}
	}
	for k, s := range series {
		x := s.x
		if dodge && len(series) > 1 {
			off := (float64(k) - float64(len(series)-1)/2) * 0.14
			x = make([]float64, len(s.x))
			for i, v := range s.x {
				x[i] = v + off
			}
		}
		gs := draw.GlyphStyle{Color: s.colour, Radius: vg.Points(2.6), Shape: s.glyph}
		if banded {
			if len(x) >= 2 {
				p.Add(newLine(xys(x, s.y), seriesLine(s)))
			}
			if len(x) <= maxSweepMarkers {
				p.Add(newScatter(xys(x, s.y), gs))
			}
			continue
		}
		if bars := errorBars(x, s.y, s.lo, s.hi, s.colour); bars != nil {
			p.Add(bars)
		}
		if len(x) > maxSweepMarkers*4 {
			gs.Radius = vg.Points(1.6)
		}
		p.Add(newScatter(xys(x, s.y), gs))
	}
}

// finiteMin and finiteMax return the least and greatest finite values of
// the slices, or +Inf and −Inf.
func finiteMin(xs ...[]float64) float64 {
	m := math.Inf(1)
	for _, x := range xs {
		for _, v := range x {
			if !math.IsNaN(v) {
				m = math.Min(m, v)
			}
		}
	}
	return m
}

func finiteMax(xs ...[]float64) float64 {
	m := math.Inf(-1)
	for _, x := range xs {
		for _, v := range x {
			if !math.IsNaN(v) {
				m = math.Max(m, v)
			}
		}
	}
	return m
}

// intervalBand returns the polygons that fill the area between lo and
// hi along x, split where an interval is undefined.
func intervalBand(x, lo, hi []float64, fill color.Color) []plot.Plotter {
	var out []plot.Plotter
	start := 0
	for k := 0; k <= len(x); k++ {
		if k < len(x) && !math.IsNaN(lo[k]) && !math.IsNaN(hi[k]) {
			continue
		}
		if k-start >= 2 {
			var ring plotter.XYs
			for j := start; j < k; j++ {
				ring = append(ring, plotter.XY{X: x[j], Y: hi[j]})
			}
			for j := k - 1; j >= start; j-- {
				ring = append(ring, plotter.XY{X: x[j], Y: lo[j]})
			}
			out = append(out, &plotter.Polygon{XYs: []plotter.XYs{ring}, Color: fill})
		}
		start = k + 1
	}
	return out
}

// errorBars returns the intervals [lo, hi] at x as vertical error bars
// about y, capped unless there are many; nil when no interval is known.
func errorBars(x, y, lo, hi []float64, colour color.Color) *plotter.YErrorBars {
	e := &plotter.YErrorBars{LineStyle: draw.LineStyle{Color: colour, Width: vg.Points(1)}, CapWidth: vg.Points(6)}
	if len(x) > maxSweepMarkers {
		e.CapWidth, e.LineStyle.Width = 0, vg.Points(0.6)
	}
	for k := range x {
		if math.IsNaN(lo[k]) || math.IsNaN(hi[k]) {
			continue
		}
		e.XYs = append(e.XYs, plotter.XY{X: x[k], Y: y[k]})
		e.YErrors = append(e.YErrors, struct{ Low, High float64 }{y[k] - lo[k], hi[k] - y[k]})
	}
	if len(e.XYs) == 0 {
		return nil
	}
	return e
}

// spacedTicks marks a numeric axis at multiples of 1, 2 or 5 times a
// power of ten, with at most most labels (zero means six).
type spacedTicks struct {
	most    int
	percent bool
}

// Ticks returns the ticks between lo and hi.
func (t spacedTicks) Ticks(lo, hi float64) []plot.Tick {
	most := t.most
	if most <= 0 {
		most = 6
	}
	most = max(most, 2)
	lbl := countTicks{percent: t.percent}
	span := hi - lo
	if !(span > 0) || math.IsInf(span, 0) {
		return []plot.Tick{{Value: lo, Label: lbl.label(lo)}}
	}
	base := math.Pow(10, math.Floor(math.Log10(span/float64(most))))
	step := base
	for _, m := range []float64{1, 2, 5, 10, 20, 50, 100} {
		step = base * m
		if math.Floor(hi/step+1e-9)-math.Ceil(lo/step-1e-9)+1 <= float64(most) {
			break
		}
	}
	first := math.Ceil(lo/step - 1e-9)
	if !(step > 0) || math.Abs(first) > 1e15 || math.IsInf(first, 0) {
		// Values too large for their spread to count in steps: mark the
		// ends only.
		return []plot.Tick{{Value: lo, Label: lbl.label(lo)}, {Value: hi, Label: lbl.label(hi)}}
	}
	var ts []plot.Tick
	for k := 0; k <= 2*most && (first+float64(k))*step <= hi+step*1e-9; k++ {
		v := math.Round((first+float64(k))*step*1e9)/1e9 + 0
		ts = append(ts, plot.Tick{Value: v, Label: lbl.label(v)})
	}
	return ts
}

// fitXTicks gives the numeric x axis of p, drawn in cell, as many
// labelled ticks as fit side by side with room between them.
func fitXTicks(p *plot.Plot, cell draw.Canvas, percent bool) {
	dc := p.DataCanvas(cell)
	var widest vg.Length
	for _, t := range (spacedTicks{most: 12, percent: percent}).Ticks(p.X.Min, p.X.Max) {
		widest = max(widest, p.X.Tick.Label.Width(t.Label))
	}
	most := 6
	if widest > 0 {
		most = min(8, max(2, int((dc.Max.X-dc.Min.X)/(1.6*widest))))
	}
	p.X.Tick.Marker = spacedTicks{most: most, percent: percent}
}

// vErrThumb draws a vertical error bar as a legend thumbnail.
type vErrThumb struct{}

// Thumbnail draws the bar.
func (vErrThumb) Thumbnail(c *draw.Canvas) {
	ls := draw.LineStyle{Color: inkBlack, Width: vg.Points(1)}
	x := c.Center().X
	y0, y1 := c.Min.Y+1, c.Max.Y-1
	c.StrokeLine2(ls, x, y0, x, y1)
	c.StrokeLine2(ls, x-3, y0, x+3, y0)
	c.StrokeLine2(ls, x-3, y1, x+3, y1)
}
