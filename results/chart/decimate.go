package chart

import (
	"slices"

	"gonum.org/v1/plot/plotter"

	"github.com/parley-sim/parley/sim"
)

// Bounds on the points the charts draw, so that a session of a million
// rounds or a sweep of a million points makes a chart of bounded size, in
// bounded memory.
const (
	// maxLinePoints bounds the points of one line: an offer line of the
	// rounds chart, a median or band of the convergence chart.
	maxLinePoints = 600
	// maxPathPoints bounds the points of one offer path of the
	// utility-space chart, each of which is a marker.
	maxPathPoints = 300
	// maxSeriesPoints bounds the points of one series of a sweep chart
	// drawn point by point (markers with error bars, or a scatter).
	maxSeriesPoints = 5000
	// maxFrontierPoints bounds the points of the frontier line of the
	// utility-space chart, which may be every outcome of a space of
	// millions.
	maxFrontierPoints = 3000
)

// decimate returns xy if it has at most max points (max ≥ 6), else at
// most max of its points, in order: it cuts xy into ⌊max/6⌋ runs of
// consecutive points of equal length (the last shorter) and keeps, of
// each, its first and last point and the points with the least and
// greatest x and y (once each, the first of ties). The first, last and
// extreme points of xy are kept, a line through the points keeps its
// envelope, and the result depends on xy alone.
func decimate(xy plotter.XYs, max int) plotter.XYs {
	if len(xy) <= max {
		return xy
	}
	d := newDecimator(len(xy), max)
	for _, p := range xy {
		d.add(p)
	}
	return d.points()
}

// decimator decimates a series of n points given one at a time, as
// decimate does, in memory bounded by max rather than n.
type decimator struct {
	n, size int // points in all, and in a run
	seen    int
	out     plotter.XYs
	kept    []int // the index of each point of out
	// ext holds the candidates of the current run, with their index:
	// first, last, least and greatest x, least and greatest y.
	ext [6]struct {
		i int
		p plotter.XY
	}
}

// newDecimator returns a decimator of n points to at most max (≥ 6).
func newDecimator(n, max int) *decimator {
	d := &decimator{n: n, size: 1}
	if n > max {
		groups := max / 6
		d.size = (n + groups - 1) / groups
	}
	return d
}

// add adds the next point.
func (d *decimator) add(p plotter.XY) {
	i := d.seen
	d.seen++
	if d.size == 1 {
		d.out, d.kept = append(d.out, p), append(d.kept, i)
		return
	}
	e := &d.ext
	if i%d.size == 0 {
		for k := range e {
			e[k].i, e[k].p = i, p
		}
	} else {
		e[1].i, e[1].p = i, p
		for k, better := range [4]bool{p.X < e[2].p.X, p.X > e[3].p.X, p.Y < e[4].p.Y, p.Y > e[5].p.Y} {
			if better {
				e[k+2].i, e[k+2].p = i, p
			}
		}
	}
	if i%d.size == d.size-1 || d.seen == d.n {
		idx := []int{e[0].i, e[1].i, e[2].i, e[3].i, e[4].i, e[5].i}
		slices.Sort(idx)
		for k, j := range idx {
			if k > 0 && j == idx[k-1] {
				continue
			}
			for _, c := range e {
				if c.i == j {
					d.out, d.kept = append(d.out, c.p), append(d.kept, j)
					break
				}
			}
		}
	}
}

// points returns the points kept.
func (d *decimator) points() plotter.XYs { return d.out }

// decimateIndex returns the indices of the points of the series (x[i],
// y[i]) that decimate keeps, or nil when it keeps them all.
func decimateIndex(x, y []float64, max int) []int {
	if len(x) <= max {
		return nil
	}
	d := newDecimator(len(x), max)
	for i := range x {
		d.add(plotter.XY{X: x[i], Y: y[i]})
	}
	return d.kept
}

// pick returns the elements of xs at the indices keep, in order.
func pick(xs []float64, keep []int) []float64 {
	out := make([]float64, len(keep))
	for k, i := range keep {
		out[k] = xs[i]
	}
	return out
}

// thin returns the points of a line over x (x increasing) that shape it:
// xy decimated to maxLinePoints (see decimate), without the inner points
// of flat stretches, which change nothing drawn.
func thin(xy plotter.XYs) plotter.XYs { return dropFlat(decimate(xy, maxLinePoints)) }

// dropFlat returns xy without the inner points of its flat stretches.
func dropFlat(xy plotter.XYs) plotter.XYs {
	var out plotter.XYs
	for i, p := range xy {
		if i == 0 || i == len(xy)-1 || p.Y != xy[i-1].Y || p.Y != xy[i+1].Y {
			out = append(out, p)
		}
	}
	return out
}

// frontierLine returns the points of the line the utility-space chart
// draws through the frontier f (sorted by decreasing u_A, as sim.Frontier
// returns it): all of them for a frontier of at most maxFrontierPoints
// points, else its distinct points (consecutive, since tied points are
// adjacent) decimated to maxFrontierPoints (see decimate), so that both
// ends, the extreme points and the shape are kept in memory bounded by
// maxFrontierPoints rather than by the frontier.
func frontierLine(f []sim.Point) plotter.XYs {
	if len(f) <= maxFrontierPoints {
		xy := make(plotter.XYs, len(f))
		for i, p := range f {
			xy[i] = plotter.XY{X: p.U[0], Y: p.U[1]}
		}
		return xy
	}
	distinct := 0
	for i := range f {
		if i == 0 || f[i].U != f[i-1].U {
			distinct++
		}
	}
	d := newDecimator(distinct, maxFrontierPoints)
	for i, p := range f {
		if i == 0 || p.U != f[i-1].U {
			d.add(plotter.XY{X: p.U[0], Y: p.U[1]})
		}
	}
	return d.points()
}
