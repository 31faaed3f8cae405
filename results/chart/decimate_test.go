package chart

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/results/sweep"
	"github.com/parley-sim/parley/sim"
)

// longSession returns a session of rounds rounds in which both parties
// offer an outcome at random every round, up to the deadline.
func longSession(n *sim.Negotiation, rounds int) *sim.Result {
	rng := rand.New(rand.NewPCG(1, 2))
	size := n.Space.Size()
	res := &sim.Result{End: sim.EndDeadline, Round: rounds - 1, By: -1, Agreement: sim.NoOutcome, Trace: make([]sim.Event, 0, 2*rounds)}
	for r := range rounds {
		for a := range 2 {
			res.Trace = append(res.Trace, sim.Event{Round: r, Actor: a, Kind: sim.EventOffer, Outcome: sim.Outcome(rng.IntN(size))})
		}
	}
	return res
}

// TestLongSessionBounded draws the rounds and utility-space charts of
// traced sessions of 1,000 and 5,000 rounds, in which both parties offer
// at random, and checks that the longer one's SVGs hold a bounded number
// of elements and that the memory drawing them takes grows by at most
// 1 KB a round: the charts decimate every series. A hardliner pair with
// a deadline of 1,000,000 rounds ran parley out of memory drawing its
// offers (the utility-space chart sampled every segment of every path).
func TestLongSessionBounded(t *testing.T) {
	n := fixture.Negotiation(t, 0, 0, 0)
	const short, long = 1000, 5000
	n.Protocol.Deadline = long
	var alloc [2]map[string]uint64
	for k, rounds := range []int{short, long} {
		alloc[k] = map[string]uint64{}
		in := runInput(n, []*sim.Result{longSession(n, rounds)})
		charts, _ := in.Charts()
		for _, c := range charts {
			if c.Name != Rounds && c.Name != UtilitySpace {
				continue
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			svg := svgOnly(t, c.fig) // the PNG rasteriser's cost depends on the picture, not on the session
			runtime.ReadMemStats(&after)
			alloc[k][c.Name] = after.TotalAlloc - before.TotalAlloc
			elems := strings.Count(string(svg), "<path") + strings.Count(string(svg), "<circle")
			if rounds == long && elems > 5000 {
				t.Errorf("%s: %d SVG elements for a session of %d rounds, want at most 5,000", c.Name, elems, rounds)
			}
			t.Logf("%s, %d rounds: %d SVG elements, %d KB SVG, %d MB allocated", c.Name, rounds, elems, len(svg)>>10, alloc[k][c.Name]>>20)
		}
	}
	for name, a := range alloc[1] {
		if per := (int64(a) - int64(alloc[0][name])) / (long - short); per > 1024 {
			t.Errorf("%s: drawing takes %d bytes more per round, want at most 1,024", name, per)
		}
	}
}

// svgOnly draws f as SVG alone.
func svgOnly(t *testing.T, f figure) []byte {
	t.Helper()
	c := vgsvg.New(f.size())
	if err := drawFinite(f, c); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestDecimate checks that decimate keeps at most max points, in order,
// with the first, the last and the extremes of x and y, and leaves short
// series alone.
func TestDecimate(t *testing.T) {
	short := plotter.XYs{{X: 0, Y: 1}, {X: 1, Y: 0}}
	if got := decimate(short, 6); len(got) != 2 {
		t.Errorf("short series: %v", got)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{7, 100, 1001, 50_000} {
		for _, max := range []int{6, 60, 600} {
			xy := make(plotter.XYs, n)
			for i := range xy {
				xy[i] = plotter.XY{X: rng.NormFloat64(), Y: rng.NormFloat64()}
			}
			got := decimate(xy, max)
			if len(got) > max && len(xy) > max {
				t.Errorf("n=%d max=%d: %d points", n, max, len(got))
			}
			if got[0] != xy[0] || got[len(got)-1] != xy[n-1] {
				t.Errorf("n=%d max=%d: an end lost", n, max)
			}
			// In order: each kept point comes later in xy than the one before.
			j := 0
			for _, p := range got {
				for j < n && xy[j] != p {
					j++
				}
				if j == n {
					t.Fatalf("n=%d max=%d: points out of order or not from xy", n, max)
				}
			}
			for _, f := range []func(plotter.XY) float64{
				func(p plotter.XY) float64 { return p.X }, func(p plotter.XY) float64 { return -p.X },
				func(p plotter.XY) float64 { return p.Y }, func(p plotter.XY) float64 { return -p.Y },
			} {
				if best(xy, f) != best(got, f) {
					t.Errorf("n=%d max=%d: an extreme lost", n, max)
				}
			}
		}
	}
}

// best returns the greatest f over xy.
func best(xy plotter.XYs, f func(plotter.XY) float64) float64 {
	b := f(xy[0])
	for _, p := range xy {
		b = max(b, f(p))
	}
	return b
}

// TestSweepSeriesBounded draws the sweep charts of a random sweep of
// 8,000 points, over one parameter and over three, and checks that a
// series drawn point by point keeps at most maxSeriesPoints points and
// that the subtitle says so.
func TestSweepSeriesBounded(t *testing.T) {
	const points = 8000
	rng := rand.New(rand.NewPCG(5, 6))
	for _, params := range []int{1, 3} {
		var b strings.Builder
		b.WriteString("point,x,y,z,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi,u_a_mean,u_a_lo,u_a_hi,u_b_mean,u_b_lo,u_b_hi\n")
		for i := range points {
			x := rng.Float64()
			y, z := rng.Float64(), rng.Float64()
			if params == 1 {
				y, z = 0.5, 0.5
			}
			agreed := rng.IntN(21)
			fmt.Fprintf(&b, "%d,%g,%g,%g,20,%d,%g,,,%g,%g,%g,%g,%g,%g\n", i, x, y, z, agreed, float64(agreed)/20, x, x-0.1, x+0.1, 1-x, 0.9-x, 1.1-x)
		}
		d := sweepOf(t, b.String(), "random", "many")
		charts, _ := SweepCharts(d.Data, sweep.Analyse(d.Data, 0))
		for _, c := range charts {
			if c.Name != SweepAgreement && c.Name != SweepUtility {
				continue
			}
			_, svg, err := c.Render(t.Context(), 0)
			if err != nil {
				t.Fatal(err)
			}
			elems := strings.Count(string(svg), "<path")
			if limit := 4*maxSeriesPoints + 500; elems > limit {
				t.Errorf("%d parameters, %s: %d SVG paths, want at most %d", params, c.Name, elems, limit)
			}
			want := " of 8,000 parameter points drawn"
			if params == 3 {
				want = "at most 5,000 of the 8,000 points"
			}
			var head string
			switch f := c.fig.(type) {
			case *sweepLineChart:
				head = f.hdr.subtitle
			case *sweepMarginsChart:
				head = strings.Join(f.hdr.lines, "\n")
			}
			if !strings.Contains(head, want) {
				t.Errorf("%d parameters, %s: the subtitle does not say %q", params, c.Name, want)
			}
		}
	}
}

// TestOutcomeCloudMemory checks that gridding the utility-space cloud of
// a space of 10^6 outcomes allocates memory for the grid and the dots
// only, nothing per outcome (a 10^7-outcome space is drawn the same way),
// and that it checks for cancellation as it goes.
func TestOutcomeCloudMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a space of 10^6 outcomes")
	}
	var issues []sim.Issue
	for i := range 3 {
		is := sim.Issue{ID: fmt.Sprintf("i%d", i)}
		for v := range 100 {
			is.Values = append(is.Values, sim.Value{ID: fmt.Sprint(v)})
		}
		issues = append(issues, is)
	}
	sp, err := sim.NewSpace(issues)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	var utils [2]*sim.Utility
	for p := range 2 {
		add := sim.Additive{Weights: []float64{0.5, 0.3, 0.2}}
		for range 3 {
			vals := make([]float64, 100)
			for v := range vals {
				vals[v] = rng.Float64()
			}
			add.Values = append(add.Values, vals)
		}
		if utils[p], err = sim.NewUtility(sp, add); err != nil {
			t.Fatal(err)
		}
	}
	n := &sim.Negotiation{Space: sp, Parties: [2]sim.Party{{ID: "a", Utility: utils[0]}, {ID: "b", Utility: utils[1]}}}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	checks := 0
	pts, dense := outcomeCloud(n, func() { checks++ })
	runtime.ReadMemStats(&after)
	if want := n.Space.Size() / 65536; checks < want {
		t.Errorf("gridding checked for cancellation %d times, want at least %d", checks, want)
	}
	if !dense || len(pts) > MaxCloudPoints {
		t.Errorf("%d dots, dense %v", len(pts), dense)
	}
	// The grid of 401 × 401 cells and the dots, with room for growth:
	// far less than 8 bytes per outcome.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
		t.Errorf("gridding 10^6 outcomes allocated %d KB, want at most 4 MB", alloc>>10)
	}
}

// bigFrontier returns a frontier of distinct points on the quarter
// circle, by decreasing u_A, each repeated ties times (tied outcomes).
func bigFrontier(distinct, ties int) []sim.Point {
	f := make([]sim.Point, 0, distinct*ties)
	for i := range distinct {
		a := math.Pi / 2 * float64(i) / float64(max(distinct-1, 1))
		for range ties {
			f = append(f, sim.Point{Outcome: sim.Outcome(len(f)), U: [2]float64{math.Cos(a), math.Sin(a)}})
		}
	}
	return f
}

// TestFrontierLine checks the line drawn through the frontier: a frontier
// of at most maxFrontierPoints points is drawn through every point; a
// bigger one through its distinct points, decimated to at most
// maxFrontierPoints, with both ends and in order.
func TestFrontierLine(t *testing.T) {
	for _, c := range []struct {
		distinct, ties, want int
	}{
		{1, 1, 1}, {10, 3, 30}, {maxFrontierPoints, 1, maxFrontierPoints},
		{64, 100_000 / 64, 64},           // seven opposed linear issues: 64 distinct points, millions tied
		{100_000, 3, -maxFrontierPoints}, // at most maxFrontierPoints
	} {
		f := bigFrontier(c.distinct, c.ties)
		line := frontierLine(f)
		switch {
		case c.want > 0 && len(line) != c.want, c.want < 0 && len(line) > -c.want:
			t.Errorf("%d distinct points × %d: %d points drawn, want %d", c.distinct, c.ties, len(line), c.want)
			continue
		}
		if first, last := f[0].U, f[len(f)-1].U; line[0] != (plotter.XY{X: first[0], Y: first[1]}) || line[len(line)-1] != (plotter.XY{X: last[0], Y: last[1]}) {
			t.Errorf("%d distinct points × %d: the line runs from %v to %v, want %v to %v", c.distinct, c.ties, line[0], line[len(line)-1], first, last)
		}
		for i := 1; i < len(line); i++ {
			if line[i].X > line[i-1].X || line[i].Y < line[i-1].Y {
				t.Errorf("%d distinct points × %d: point %d %v after %v is out of order", c.distinct, c.ties, i, line[i], line[i-1])
				break
			}
		}
	}
}

// TestUtilitySpaceBigFrontier draws the utility-space chart with a
// frontier of 300,000 points (100,000 distinct) and checks that its SVG
// stays small: the frontier line went through every point (a 138 MB SVG
// and 3.9 GB of memory for a space of 10^7 outcomes, all on the frontier).
func TestUtilitySpaceBigFrontier(t *testing.T) {
	n := fixture.Negotiation(t, 0, 0, 0)
	in := runInput(n, nil)
	in.Frontier = bigFrontier(100_000, 3)
	charts, _ := in.Charts()
	for _, c := range charts {
		if c.Name != UtilitySpace {
			continue
		}
		svg := svgOnly(t, c.fig)
		t.Logf("%d KB SVG", len(svg)>>10)
		if len(svg) > 400<<10 {
			t.Errorf("utility-space SVG of %d KB for a frontier of %d points, want at most 400 KB", len(svg)>>10, len(in.Frontier))
		}
	}
}
