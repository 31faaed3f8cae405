package chart

import (
	"context"
	"errors"

	"github.com/parley-sim/parley/results/sweep"
	"github.com/parley-sim/parley/sim"
)

// Names of the charts of a run, each written as NAME.png (DPI) and
// NAME.svg.
const (
	// Rounds shows the traced runs round by round (rounds.csv).
	Rounds = "rounds"
	// UtilitySpace shows the outcomes in utility space: the Pareto
	// frontier, the bargaining solutions, the offers of the first traced
	// run and the agreements of all runs.
	UtilitySpace = "utility-space"
	// Convergence shows the offers of all runs round by round
	// (convergence.csv).
	Convergence = "convergence"
	// Outcomes shows how and when the runs ended and the
	// distribution of each party's utility.
	Outcomes = "outcomes"
	// Issues shows how often each option of each issue was agreed.
	Issues = "issues"
)

// Names returns the names of the charts of every run in the order they
// are drawn. A run with uncertain assumptions also has the Sensitivity
// chart, drawn last.
func Names() []string {
	return []string{Rounds, UtilitySpace, Convergence, Outcomes, Issues}
}

// Names of the sweep charts, each written as NAME.png (DPI) and
// NAME.svg by results.WriteSweepAnalysis.
const (
	// SweepAgreement shows the agreement rate against the varied
	// parameter, or one panel per parameter when more than two vary.
	SweepAgreement = "sweep-agreement"
	// SweepUtility shows each party's mean utility, and mean
	// discounted utility where discounting changes it, against the one
	// varied parameter.
	SweepUtility = "sweep-utility"
	// SweepMetrics shows every other metric of points.csv (round,
	// welfare, dist_pareto, dist_nash, invited, ...) against the one
	// varied parameter, one panel per metric.
	SweepMetrics = "sweep-metrics"
	// HeatmapAgreement shows the agreement rate over two
	// parameters.
	HeatmapAgreement = "heatmap-agreement"
	// HeatmapUtilityPrefix, followed by u_ or ud_ and a party id, names
	// the chart of that party's mean utility, or mean discounted utility,
	// over two parameters ("heatmap-u_armenia", "heatmap-ud_armenia").
	HeatmapUtilityPrefix = "heatmap-"
	// Sensitivity shows the first-order Sobol indices and the
	// standardised regression coefficients of sensitivity.csv for the
	// agreement rate and the utilities charted.
	Sensitivity = "sensitivity"
)

// sweepData is the points of a sweep as the sweep charts read them,
// with the helpers the charts share.
type sweepData struct {
	*sweep.Data
}

// Input is everything the charts of a run are drawn from. Package results
// fills it from what a Recorder recorded, and Replot from the tables of a
// run folder; equal inputs give byte-identical charts.
type Input struct {
	// Negotiation is the negotiation played: its outcome space, the
	// parties' utilities, labels and reservation values, the facilitator.
	Negotiation *sim.Negotiation
	// Parties are the party ids as the tables name them ("a" and "b"
	// where the negotiation has none); a party without a label is shown
	// by its id.
	Parties [2]string
	// Scenario names the scenario in the titles; empty means
	// "negotiation".
	Scenario string
	// Version is the parley version the subtitles name.
	Version string
	// Seed is the master seed.
	Seed uint64
	// Traced is the number of runs traced in all.
	Traced int
	// Runs are the first traced runs, at most MaxRuns, with their traces:
	// one panel each in the rounds chart, the offers of the first in the
	// utility-space chart.
	Runs []*sim.Result
	// RunNegotiations, when not nil, holds the negotiation each of Runs
	// played (same index; a nil entry means Negotiation): a scenario with
	// uncertain assumptions draws one for every run. The rounds chart
	// draws each run's offers and reservation values with its own, and
	// the utility-space chart the offers of the first run.
	RunNegotiations []*sim.Negotiation
	// Nominal says that the runs played negotiations of their own (a
	// scenario with uncertain assumptions) and that Negotiation is the
	// nominal one: the utility-space chart's outcomes, frontier and
	// solutions and the reservation values of the convergence and
	// outcomes charts are the nominal scenario's, and the charts say so.
	Nominal bool
	// Frontier is the Pareto frontier of the outcome space.
	Frontier []sim.Point
	// Solutions are the bargaining solutions (Nash, Kalai–Smorodinsky,
	// egalitarian, maximum welfare are drawn).
	Solutions sim.Solutions
	// Tally counts how all the runs ended; it must not be nil.
	Tally *Tally
	// Convergence is the convergence table, when Observed.
	Convergence []ConvergenceRow
	// Observed says that the batch was observed, so that Convergence is
	// the convergence table of all its runs.
	Observed bool
	// WantRounds says whether traced runs were asked for, so that their
	// absence deserves a warning.
	WantRounds bool
	// Drivers is the sensitivity of the outcomes to the uncertain
	// assumptions the runs drew (a run's sensitivity.csv), nil without
	// assumptions; DriverRuns is the number of runs it was computed from.
	Drivers    []sweep.Sensitivity
	DriverRuns int
}

// Chart is a chart ready to render, with its name (the base name of its
// files).
type Chart struct {
	Name string
	fig  figure
}

// Render returns the chart as PNG (at dpi dots per inch: DPI for 0, else
// MinDPI to MaxDPI) and as SVG. Both are byte-for-byte deterministic on
// one architecture. When ctx is cancelled it stops drawing promptly and
// returns ctx's error.
func (c Chart) Render(ctx context.Context, dpi int) (pngData, svgData []byte, err error) {
	return renderFigure(ctx, c.fig, dpi)
}

// Charts returns the charts the input can draw, in the order of Names,
// and warnings about those it cannot.
func (in *Input) Charts() ([]Chart, []error) {
	var out []Chart
	var warns []error
	if len(in.Runs) > 0 {
		out = append(out, Chart{Rounds, &roundsChart{
			n: in.Negotiation, parties: in.Parties, scenario: in.Scenario, version: in.Version, seed: in.Seed,
			runs: in.Runs, ns: in.RunNegotiations, traced: in.Traced,
		}})
	} else if in.WantRounds {
		warns = append(warns, errors.New("no traced run: rounds chart not drawn"))
	}
	out = append(out, Chart{UtilitySpace, newSpaceChart(in)})
	if in.Observed && len(in.Convergence) > 0 {
		out = append(out, Chart{Convergence, newConvergenceChart(in)})
	}
	if in.Tally.runs > 0 {
		out = append(out, Chart{Outcomes, newOutcomesChart(in)})
	}
	if in.Tally.agreed > 0 {
		out = append(out, Chart{Issues, newIssuesChart(in)})
	} else if in.Tally.runs > 0 {
		warns = append(warns, errors.New("no agreement in any run: issues chart not drawn"))
	}
	if in.Drivers != nil {
		if ch := newDriversChart(in); ch != nil {
			out = append(out, Chart{Sensitivity, ch})
		} else {
			warns = append(warns, errors.New("no sensitivity index of the agreement, the utilities or the round to the uncertain assumptions: sensitivity chart not drawn"))
		}
	}
	return out, warns
}
