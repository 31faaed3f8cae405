package chart

import (
	"cmp"
	"maps"
	"math"
	"slices"

	"gonum.org/v1/plot/plotter"

	"github.com/parley-sim/parley/sim"
)

// Resolutions of the outcome tally.
const (
	// utilityStep is the resolution to which the tally rounds utilities
	// for the histograms.
	utilityStep = 1e-3
	// maxAgreementPoints bounds the distinct agreement points the tally
	// keeps at resolution utilityStep; beyond it, points are rounded to
	// coarsePointStep.
	maxAgreementPoints = 20_000
	coarsePointStep    = 1e-2
)

// Tally counts what the charts of all runs need (how and when they
// ended, the utilities, the agreements, the invitations), in memory
// bounded by the outcome space and the deadline, not by the number of
// runs. Package results fills it from the results of a batch
// (results.Recorder) and from runs.csv (results.Replot); both must give
// the same tally.
type Tally struct {
	runs     int
	ends     map[sim.EndReason]int
	ended    map[int]int // runs by the round in which they ended
	agreedAt map[int]int // agreed runs by round of agreement
	// u counts each party's utility of the result, rounded to utilityStep,
	// by agreement (index 1) or not (0).
	u [2][2]map[int]int
	// points counts the agreements by both parties' utilities, rounded to
	// pointStep.
	points    map[[2]int]int
	pointStep float64
	agreed    int
	mediated  int         // agreements that were the facilitator's text
	medAt     map[int]int // mediated agreements by round
	values    [][]int     // agreed runs per issue and value index
	invites   map[int]int // invited runs by round of the first invitation
	invited   int
}

// NewTally returns an empty tally for the outcome space sp.
func NewTally(sp *sim.Space) *Tally {
	t := &Tally{
		ends: map[sim.EndReason]int{}, ended: map[int]int{}, agreedAt: map[int]int{},
		points: map[[2]int]int{}, pointStep: utilityStep, invites: map[int]int{}, medAt: map[int]int{},
	}
	for i := range 2 {
		for a := range 2 {
			t.u[i][a] = map[int]int{}
		}
	}
	for _, is := range sp.Issues() {
		t.values = append(t.values, make([]int, len(is.Values)))
	}
	return t
}

// step returns x in units of step, rounded, bounded so that it converts
// to int safely.
func step(x, step float64) int {
	return int(math.Round(max(-1e9, min(1e9, x/step))))
}

// Add counts one run: how and when it ended, both parties' utility of the
// result, the value index of every issue of the agreement (nil without
// one), the round of the facilitator's first invitation (−1 if none), and
// whether the agreement is the facilitator's text.
func (t *Tally) Add(end sim.EndReason, round int, u [2]float64, values []int, invite int, mediated bool) {
	t.runs++
	t.ends[end]++
	t.ended[round]++
	agreed := 0
	if end == sim.EndAgreement {
		agreed = 1
		t.agreed++
		t.agreedAt[round]++
		if mediated {
			t.mediated++
			t.medAt[round]++
		}
		if !math.IsNaN(u[0]) && !math.IsNaN(u[1]) {
			t.addPoint(u)
		}
		for i, v := range values {
			if i < len(t.values) && v >= 0 && v < len(t.values[i]) {
				t.values[i][v]++
			}
		}
	}
	for i := range 2 {
		if !math.IsNaN(u[i]) && !math.IsInf(u[i], 0) {
			t.u[i][agreed][step(u[i], utilityStep)]++
		}
	}
	if invite >= 0 {
		t.invited++
		t.invites[invite]++
	}
}

func (t *Tally) addPoint(u [2]float64) {
	t.points[[2]int{step(u[0], t.pointStep), step(u[1], t.pointStep)}]++
	if len(t.points) > maxAgreementPoints && t.pointStep == utilityStep {
		// Coarsen: a point's coarse key depends only on its fine key, so
		// the result does not depend on when this happens.
		old := t.points
		t.pointStep = coarsePointStep
		t.points = map[[2]int]int{}
		for k, c := range old {
			x := [2]float64{float64(k[0]) * utilityStep, float64(k[1]) * utilityStep}
			t.points[[2]int{step(x[0], coarsePointStep), step(x[1], coarsePointStep)}] += c
		}
	}
}

// bubble is an agreement point with its number of runs.
type bubble struct {
	u     [2]float64
	count int
}

// bubbles returns the agreement points sorted by decreasing count, then
// by utilities, so that small bubbles are drawn over large ones.
func (t *Tally) bubbles() []bubble {
	out := make([]bubble, 0, len(t.points))
	for k, c := range t.points {
		out = append(out, bubble{u: [2]float64{float64(k[0]) * t.pointStep, float64(k[1]) * t.pointStep}, count: c})
	}
	slices.SortFunc(out, func(a, b bubble) int {
		return cmp.Or(cmp.Compare(b.count, a.count), cmp.Compare(a.u[0], b.u[0]), cmp.Compare(a.u[1], b.u[1]))
	})
	return out
}

// sortedKeys returns the keys of m in increasing order.
func sortedKeys(m map[int]int) []int { return slices.Sorted(maps.Keys(m)) }

// stillSteps returns the share of runs still negotiating in each round
// from 0 to last (those that ended in that round or later) as the corners
// of a staircase: round 0, each round where the share changes, and last.
// Its size is that of the tally, not of last.
func (t *Tally) stillSteps(last int) plotter.XYs {
	left := t.runs
	steps := plotter.XYs{{X: 0, Y: share(left, t.runs)}}
	for _, r := range sortedKeys(t.ended) {
		if r < 0 || r >= last {
			continue
		}
		left -= t.ended[r]
		steps = stepTo(steps, r+1, share(left, t.runs))
	}
	return stepTo(steps, last, steps[len(steps)-1].Y)
}

// invitedSteps returns the share of runs that had invited the
// facilitator by each round from 0 to last, as the corners of a
// staircase (see stillSteps).
func (t *Tally) invitedSteps(last int) plotter.XYs {
	in := 0
	steps := plotter.XYs{{X: 0, Y: 0}}
	for _, r := range sortedKeys(t.invites) {
		if r < 0 || r > last {
			continue
		}
		in += t.invites[r]
		steps = stepTo(steps, r, share(in, t.runs))
	}
	return stepTo(steps, last, steps[len(steps)-1].Y)
}

// stepTo returns steps with the share y from round r on: a new corner,
// or the last one changed if it is at r.
func stepTo(steps plotter.XYs, r int, y float64) plotter.XYs {
	if k := len(steps); steps[k-1].X == float64(r) {
		steps[k-1].Y = y
		return steps
	}
	return append(steps, plotter.XY{X: float64(r), Y: y})
}

// share returns n as a share of total, or 0 when total is 0.
func share(n, total int) float64 {
	if total <= 0 {
		return 0
	}
	return float64(n) / float64(total)
}

// lastRound returns the last round in which a run ended, or 0.
func (t *Tally) lastRound() int {
	last := 0
	for r := range t.ended {
		last = max(last, r)
	}
	return last
}
