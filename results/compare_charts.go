package results

import (
	"maps"
	"math"
	"slices"

	"github.com/parley-sim/parley/results/chart"
	"github.com/parley-sim/parley/sim"
)

// maxSpacePoints bounds the distinct points of utility space a
// comparison keeps per arm for its chart; beyond it utilities are rounded
// to 0.001 (a tenth of a marker), which bounds them by 10⁶.
const maxSpacePoints = 1 << 16

// compareTally counts what the charts of a comparison draw, in memory
// bounded whatever the number of pairs: each arm's agreements by point
// of utility space and by option of each issue.
type compareTally struct {
	space   [2]map[[2]float64]int
	rounded [2]bool
	options [2][][]int
	values  []int
	sp      *sim.Space
}

func newCompareTally(n [2]*sim.Negotiation) *compareTally {
	t := &compareTally{sp: n[0].Space, values: make([]int, n[0].Space.NumIssues())}
	for k := range 2 {
		t.space[k] = map[[2]float64]int{}
		for _, is := range n[k].Space.Issues() {
			t.options[k] = append(t.options[k], make([]int, len(is.Values)))
		}
	}
	return t
}

func (t *compareTally) add(base, variant *sim.Result) {
	for k, r := range [2]*sim.Result{base, variant} {
		if !r.Agreed() || r.Agreement == sim.NoOutcome {
			continue
		}
		u := r.Utility
		if t.rounded[k] {
			u = roundPoint(u)
		}
		t.space[k][u]++
		if len(t.space[k]) > maxSpacePoints && !t.rounded[k] {
			t.rounded[k] = true
			old := t.space[k]
			t.space[k] = map[[2]float64]int{}
			for p, c := range old {
				t.space[k][roundPoint(p)] += c
			}
		}
		for i, v := range t.sp.Decode(r.Agreement, t.values) {
			t.options[k][i][v]++
		}
	}
}

func roundPoint(u [2]float64) [2]float64 {
	return [2]float64{math.Round(u[0]*1000) / 1000, math.Round(u[1]*1000) / 1000}
}

// compareInput returns what the charts of the comparison are drawn from.
func (r *CompareRecorder) compareInput() *chart.CompareInput {
	in := &chart.CompareInput{
		Negotiations: r.n, Parties: r.cols[0].party, Scenario: r.m.Arms[0].Scenario,
		Version: r.m.Version, Seed: r.m.Seed, Runs: r.pairs.N(),
	}
	for k := range 2 {
		in.Labels[k] = r.m.Arms[k].Label
		in.Nominal[k] = len(r.m.Arms[k].Assumptions) > 0
		in.Frontiers[k] = sim.Analyze(r.n[k]).Frontier
		in.Options[k] = r.shifts.options[k]
		for _, p := range slices.SortedFunc(maps.Keys(r.shifts.space[k]), comparePoints) {
			in.Agreements[k] = append(in.Agreements[k], chart.UtilityCount{U: p, N: r.shifts.space[k][p]})
		}
	}
	for i := range 2 {
		d := r.pairs.u[i].diff
		var row Difference
		for _, x := range r.diffs {
			if x.Metric == "u_"+r.cols[0].party[i] {
				row = x
			}
		}
		in.Diffs[i] = chart.PairedDiffs{Counts: d.freq, Mean: row.Estimate, Lo: row.Lo, Hi: row.Hi, Level: row.Level,
			Exact: row.Method == MethodIdentical}
	}
	return in
}

func comparePoints(a, b [2]float64) int {
	if a[0] != b[0] {
		if a[0] < b[0] {
			return -1
		}
		return 1
	}
	switch {
	case a[1] < b[1]:
		return -1
	case a[1] > b[1]:
		return 1
	}
	return 0
}
