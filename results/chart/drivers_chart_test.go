package chart

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-sim/parley/results/sweep"
)

// driverInput returns the input of a run's sensitivity chart for runs
// runs that drew params numeric assumptions, the first of which sets
// both parties' utilities.
func driverInput(runs, params int) *Input {
	rng := rand.New(rand.NewPCG(4, 5))
	var ps []*sweep.Param
	cols := make([][]float64, params)
	for j := range params {
		text := make([]string, runs)
		cols[j] = make([]float64, runs)
		for i := range runs {
			cols[j][i] = rng.Float64()
			text[i] = strconv.FormatFloat(cols[j][i], 'g', -1, 64)
		}
		ps = append(ps, sweep.NewParam(fmt.Sprintf("parties.north.weights.issue%d", j), text))
	}
	u, agreed := make([]float64, runs), make([]float64, runs)
	for i := range runs {
		u[i] = cols[0][i] + 0.1*rng.Float64()
		agreed[i] = 1
	}
	sens := sweep.AnalyseOutcomes(ps, []sweep.Outcome{
		{Name: "agreement", Values: agreed},
		{Name: "u_north", Values: u}, {Name: "u_south", Values: u},
	}, sweep.Options{Seed: 1, Unit: "run", Resamples: 200})
	in := &Input{Parties: [2]string{"north", "south"}, Scenario: "test", Version: "v0.1.0", Seed: 1, Drivers: sens, DriverRuns: runs, Tally: &Tally{runs: runs}}
	return in
}

// TestDriversChart: the chart has a panel per outcome with an index (not
// the agreement, the same in every run), at most driverRows assumptions
// per panel, and says how many it leaves out.
func TestDriversChart(t *testing.T) {
	in := driverInput(200, 11)
	ch := newDriversChart(in)
	if ch == nil {
		t.Fatal("no chart")
	}
	if len(ch.panels) != 2 {
		t.Fatalf("%d panels, want 2 (the utilities)", len(ch.panels))
	}
	for k, m := range ch.panels {
		if len(m.Effects) != driverRows {
			t.Errorf("panel %d (%s): %d rows, want %d", k, m.Name, len(m.Effects), driverRows)
		}
		if m.Effects[0].Param.Path != "parties.north.weights.issue0" {
			t.Errorf("panel %s: first row %s, want the assumption that sets it", m.Name, m.Effects[0].Param.Path)
		}
	}
	_, svg, err := Chart{Sensitivity, ch}.Render(t.Context(), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"what drives the outcome", "the 8 of 11 assumptions with the largest indices", "utility to north"} {
		if !strings.Contains(string(svg), want) {
			t.Errorf("the chart lacks %q", want)
		}
	}
	// A run whose outcomes never vary has no chart.
	flat := driverInput(50, 2)
	for k := range flat.Drivers {
		flat.Drivers[k].Note = "the same at every run: no sensitivity"
	}
	if newDriversChart(flat) != nil {
		t.Error("a chart without any index")
	}
}
