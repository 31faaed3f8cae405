package results

import (
	"errors"

	"github.com/parley-sim/parley/sim"
)

// chartInput is everything the charts are drawn from. The Recorder fills
// it from what it recorded and Replot from the tables of a run folder;
// equal inputs give byte-identical charts.
type chartInput struct {
	n        *sim.Negotiation
	cols     *columns
	scenario string
	version  string
	seed     uint64
	traced   int           // runs traced in all
	runs     []*sim.Result // the first traced runs, at most MaxChartRuns, with traces
	space    *spaceData
	out      *outcomeTally
	conv     []convRow
	observed bool // the batch was observed: conv is the convergence table
	// wantRounds says whether traced runs were asked for, so that their
	// absence deserves a warning.
	wantRounds bool
}

// namedFigure is a chart with its name.
type namedFigure struct {
	name string
	fig  figure
}

// figures returns the charts the input can draw, in the order of ChartNames,
// and warnings about those it cannot.
func (in *chartInput) figures() ([]namedFigure, []error) {
	var out []namedFigure
	var warns []error
	if len(in.runs) > 0 {
		out = append(out, namedFigure{RoundsChart, &roundsChart{
			n: in.n, cols: in.cols, scenario: in.scenario, version: in.version, seed: in.seed,
			runs: in.runs, traced: in.traced,
		}})
	} else if in.wantRounds {
		warns = append(warns, errors.New("no traced run: rounds chart not drawn"))
	}
	out = append(out, namedFigure{UtilitySpaceChart, newSpaceChart(in)})
	if in.observed && len(in.conv) > 0 {
		out = append(out, namedFigure{ConvergenceChart, newConvergenceChart(in)})
	}
	if in.out.runs > 0 {
		out = append(out, namedFigure{OutcomesChart, newOutcomesChart(in)})
	}
	if in.out.agreed > 0 {
		out = append(out, namedFigure{IssuesChart, newIssuesChart(in)})
	} else if in.out.runs > 0 {
		warns = append(warns, errors.New("no agreement in any run: issues chart not drawn"))
	}
	return out, warns
}
