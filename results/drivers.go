package results

import (
	"math"
	"strings"

	"github.com/parley-sim/parley/results/sweep"
	"github.com/parley-sim/parley/sim"
)

// MaxDriverRuns is the number of runs, counted from run 0, from which the
// analysis of what drives the outcome of a run with uncertain assumptions
// (sensitivity.csv of a run) is computed. More runs would narrow the
// intervals little and cost memory and bootstrap time in proportion.
const MaxDriverRuns = 4000

// driverResamples is the number of bootstrap resamples of the SRC
// intervals of a run's sensitivity.csv.
const driverResamples = 1000

// drivers gathers, for a batch whose runs draw uncertain assumptions,
// what each of the first MaxDriverRuns runs drew and how it ended: the
// data of the analysis of what drives the outcome. Runs must be added in
// run order.
type drivers struct {
	cols   *columns
	space  *sim.Space
	draw   [][]float64 // [assumption][run], as sim.Result.Draw
	agreed []float64   // 1 or 0
	u, ud  [2][]float64
	round  []float64 // NaN without agreement
	value  [][]int32 // [issue][run]: index of the agreed value, −1 without agreement
	runs   int       // runs added in all
}

// newDrivers returns the gatherer for the runs of a batch recorded with
// the columns cols (which name the assumptions) over space sp, or nil
// when the batch has no uncertain assumption.
func newDrivers(cols *columns, sp *sim.Space) *drivers {
	if len(cols.assume) == 0 {
		return nil
	}
	return &drivers{
		cols: cols, space: sp,
		draw:  make([][]float64, len(cols.assume)),
		value: make([][]int32, sp.NumIssues()),
	}
}

// add records one run: the values it drew, whether it agreed, its round,
// each party's utility and discounted utility, and the index of each
// issue's agreed value (nil without agreement).
func (d *drivers) add(draw []float64, round int, u, ud [2]float64, values []int) {
	d.runs++
	if len(d.agreed) >= MaxDriverRuns {
		return
	}
	for j := range d.draw {
		d.draw[j] = append(d.draw[j], draw[j])
	}
	agreed, r := 0.0, math.NaN()
	if values != nil {
		agreed, r = 1, float64(round)
	}
	d.agreed = append(d.agreed, agreed)
	d.round = append(d.round, r)
	for i := range 2 {
		d.u[i] = append(d.u[i], u[i])
		d.ud[i] = append(d.ud[i], ud[i])
	}
	for i := range d.value {
		v := int32(-1)
		if values != nil {
			v = int32(values[i])
		}
		d.value[i] = append(d.value[i], v)
	}
}

// params returns the assumptions as the parameters of the analysis: a
// category by the names of its values, a weight of a Dirichlet draw
// joined to its party's other weights.
func (d *drivers) params() []*sweep.Param {
	out := make([]*sweep.Param, len(d.cols.assume))
	for j := range d.cols.assume {
		a := &d.cols.assume[j]
		text := make([]string, len(d.draw[j]))
		for i, x := range d.draw[j] {
			text[i], _ = a.cell(x) // checked when the run was written
		}
		if a.Kind == KindCategory {
			out[j] = sweep.NewCategorical(a.Path, text)
		} else {
			out[j] = sweep.NewParam(a.Path, text)
		}
		if strings.HasPrefix(a.Dist, "{dirichlet:") {
			if k := strings.LastIndexByte(a.Path, '.'); k > 0 {
				out[j].Joint = a.Path[:k]
			}
		}
	}
	return out
}

// outcomes returns the outcomes whose drivers are sought, named as
// sensitivity.csv names them (see WriteSweepAnalysis and the package
// documentation): agreement (1 or 0), each party's utility and discounted utility,
// the round of agreed runs, and for each issue its agreed value over the
// agreed runs: the number of a numeric issue, for an issue of options
// one 0/1 indicator per option agreed in some run ("corridor=open").
func (d *drivers) outcomes() []sweep.Outcome {
	p := d.cols.party
	out := []sweep.Outcome{
		{Name: "agreement", Values: d.agreed},
		{Name: "u_" + p[0], Values: d.u[0]}, {Name: "u_" + p[1], Values: d.u[1]},
		{Name: "ud_" + p[0], Values: d.ud[0]}, {Name: "ud_" + p[1], Values: d.ud[1]},
		{Name: "round", Values: d.round},
	}
	for i, is := range d.space.Issues() {
		vals := d.value[i]
		if is.Numeric {
			x := make([]float64, len(vals))
			for t, v := range vals {
				x[t] = math.NaN()
				if v >= 0 {
					x[t] = is.Values[v].Number
				}
			}
			out = append(out, sweep.Outcome{Name: d.cols.issue[i], Values: x})
			continue
		}
		seen := make([]bool, len(is.Values))
		for _, v := range vals {
			if v >= 0 {
				seen[v] = true
			}
		}
		for k, val := range is.Values {
			if !seen[k] {
				continue // never agreed: nothing to explain
			}
			x := make([]float64, len(vals))
			for t, v := range vals {
				switch {
				case v < 0:
					x[t] = math.NaN()
				case int(v) == k:
					x[t] = 1
				}
			}
			out = append(out, sweep.Outcome{Name: d.cols.issue[i] + "=" + val.ID, Values: x})
		}
	}
	return out
}

// analyse returns the sensitivity of every outcome to every assumption,
// its SRC intervals bootstrapped from the run's master seed on workers
// goroutines (the result does not depend on their number).
func (d *drivers) analyse(seed uint64, workers int) []sweep.Sensitivity {
	return sweep.AnalyseOutcomes(d.params(), d.outcomes(), sweep.Options{
		Seed: seed, Workers: workers, Resamples: driverResamples, Unit: "run",
	})
}
