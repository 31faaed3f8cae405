package chart

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The charts draw with gonum/plot's plotters: plotter.Grid, Line (with
// StepStyle), Function, Scatter (with GlyphStyleFunc), Polygon, BarChart,
// Histogram, XErrorBars and YErrorBars, Labels and HeatMap. The few
// plotters of their own (vline, dealLabels, cloudDots, solutionLabels,
// sensLabels) say in their comment what gonum/plot cannot do for them.

// addGrid adds light grid lines at the labelled ticks of p; vertical
// ones only if vertical.
func addGrid(p *plot.Plot, vertical bool) {
	g := plotter.NewGrid()
	g.Horizontal = draw.LineStyle{Color: gridGrey, Width: vg.Points(0.5)}
	g.Vertical = g.Horizontal
	if !vertical {
		g.Vertical.Color = nil // no vertical lines
	}
	p.Add(g)
}

// hLine returns a horizontal line across the data area at y.
func hLine(y float64, style draw.LineStyle) *plotter.Function {
	return &plotter.Function{F: func(float64) float64 { return y }, Samples: 2, LineStyle: style}
}

// vLine returns a vertical line across the data area of p at x; p's y
// range must be set. Like hLine it leaves the axes' ranges and padding
// alone.
func vLine(p *plot.Plot, x float64, style draw.LineStyle) plot.Plotter {
	return onlyPlot{&plotter.Line{XYs: plotter.XYs{{X: x, Y: p.Y.Min}, {X: x, Y: p.Y.Max}}, LineStyle: style}}
}

// onlyPlot is a plotter without its data range and glyph boxes, for a
// reference line that must neither widen the axes nor pad the data area.
type onlyPlot struct{ plot.Plotter }

// newLine returns a line through xy.
func newLine(xy plotter.XYs, style draw.LineStyle) *plotter.Line {
	return &plotter.Line{XYs: xy, LineStyle: style}
}

// newScatter returns a glyph at each point of xy.
func newScatter(xy plotter.XYs, style draw.GlyphStyle) *plotter.Scatter {
	return &plotter.Scatter{XYs: xy, GlyphStyle: style}
}

// xys returns the points (x[i], y[i]).
func xys(x, y []float64) plotter.XYs {
	out := make(plotter.XYs, len(x))
	for i := range x {
		out[i] = plotter.XY{X: x[i], Y: y[i]}
	}
	return out
}
