package chart

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/parley-sim/parley/results/metric"
	"github.com/parley-sim/parley/results/narrate"
	"github.com/parley-sim/parley/results/sweep"
)

// driverRows is the most assumptions a panel of a run's sensitivity chart
// shows: the most influential ones; sensitivity.csv has them all.
const driverRows = 8

// newDriversChart returns the sensitivity chart of a run whose runs drew
// uncertain assumptions (Input.Drivers): for the agreement, each party's
// utility and the round of agreement, the first-order Sobol index and
// the SRC of the assumptions that move it most (an outcome without any
// index, such as one the same in every run, has no panel), or nil when
// none of them has an index.
func newDriversChart(in *Input) *sensitivityChart {
	p := in.Parties
	ch := &sensitivityChart{xmin: 0, label: driverLabel(p), unit: "run"}
	trimmed := 0 // the number of assumptions, when panels show fewer
	for _, name := range []string{"agreement", "u_" + p[0], "u_" + p[1], "round"} {
		k := slices.IndexFunc(in.Drivers, func(m sweep.Sensitivity) bool { return m.Name == name })
		if k < 0 {
			continue
		}
		m := in.Drivers[k]
		if m.Note != "" {
			continue // no index at all (an outcome the same in every run): sensitivity.csv says why
		}
		if len(m.Effects) > driverRows {
			rows := slices.Clone(m.Effects)
			slices.SortStableFunc(rows, func(a, b sweep.Effect) int { return cmp.Compare(sortKey(b), sortKey(a)) })
			trimmed = len(rows)
			m.Effects = rows[:driverRows]
		}
		ch.panels = append(ch.panels, m)
		ch.extra = append(ch.extra, "")
	}
	f := ch.scan()
	if !f.found {
		return nil
	}
	runs := in.Tally.runs
	parts := []string{}
	if in.DriverRuns > 0 && in.DriverRuns < runs {
		parts = append(parts, fmt.Sprintf("analysed: the first %s", narrate.Plural(in.DriverRuns, "run")))
	}
	lines := []string{runSubtitle(in.Version, in.Seed, runs, parts...)}
	lines = append(lines, f.fitLines("assumptions", "run")...)
	sub := textStyle(subSize, false, inkGrey)
	if trimmed > 0 {
		lines = append(lines, fmt.Sprintf("each panel: the %d of %d assumptions with the largest indices (sensitivity.csv has all)", driverRows, trimmed))
	}
	lines = append(lines, wrapParts([]string{
		"how much each uncertain assumption, as drawn run by run, moves the outcome;",
		"an association over this scenario's distributions, not an effect elsewhere",
	}, " ", sub, chartWidth-2*margin)...)
	ch.hdr = multiHeader{title: scenarioName(in.Scenario) + ": what drives the outcome", lines: lines}
	ch.legend = f.legend()
	return ch
}

// driverLabel returns the titles of the outcomes of a run's
// sensitivity.csv: the metric table's, with what a run's value is.
func driverLabel(parties [2]string) func(string) string {
	return func(name string) string {
		switch name {
		case "agreement":
			return "agreement (1 or 0)"
		case "round":
			m, _, _ := metric.Lookup("round")
			return m.Title + " (agreed runs)"
		}
		if m, party, ok := metric.Lookup(name, parties[:]...); ok {
			return m.TitleOf(party)
		}
		return name
	}
}
