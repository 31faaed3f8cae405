package results

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-sim/parley/results/metric"
	"github.com/parley-sim/parley/results/narrate"
	"github.com/parley-sim/parley/sim"
)

// TournamentDesign is the design of a tournament's manifest
// (SweepManifest.Design): its points are the triples (domain, agent A,
// agent B) of a round robin, and its parameters TournamentParameters.
const TournamentDesign = "tournament"

// TournamentParameters are the parameters of a tournament's manifest, in
// the order of the parameter columns of its runs.csv and points.csv: the
// domain's label and the labels of the agents playing party A and party B.
var TournamentParameters = []string{"domain", "agent_A", "agent_B"}

// tournamentRoles name the two sides in a tournament's columns: the
// parties of its domains, whatever their ids, are roles A and B.
var tournamentRoles = [2]string{"A", "B"}

// tournamentColumns names the columns of a tournament: roles for parties,
// no issue columns (the domains have different issues; the agreement is
// written in one column), the facilitator's columns when some domain has a
// facilitator.
func tournamentColumns(facilitated bool) *columns {
	return &columns{party: tournamentRoles, facilitated: facilitated}
}

// tournamentRuns returns the columns of a tournament's runs.csv after the
// point and the parameters: those of a run's runs.csv with repetition for
// run, one agreement column for the issue columns, and the roles for the
// parties.
func tournamentRuns(facilitated bool) []string {
	cols := concat([]string{"repetition"}, runsFixed[1:], []string{"agreement"},
		metric.Columns(metric.Utility, tournamentRoles), metric.Columns(metric.Measure, tournamentRoles))
	if facilitated {
		cols = append(cols, metric.Columns(metric.Facilitator, tournamentRoles)...)
	}
	return cols
}

// NewTournamentRecorder opens the folder dir of the tournament described
// by m (whose Design is TournamentDesign and Parameters
// TournamentParameters), whose point p plays the domain and agents
// values(p) (their labels, in the order of TournamentParameters). values
// must be safe for concurrent use. facilitated says whether some domain
// has a facilitator.
//
// The recorder is a SweepRecorder: it streams runs.csv and points.csv,
// checkpoints, resumes, refuses a folder holding something else, and at
// Close writes the tournament's analysis (WriteTournamentAnalysis) instead
// of a sweep's; MergeSweep merges the folders of a tournament played in
// shards. The tables differ from a sweep's in that the parties are named
// by their roles, A and B, whatever the domain calls them:
//
// runs.csv has one row per negotiation, in point and repetition order,
// with the columns
//
//	point, domain, agent_A, agent_B, repetition, seed, first_mover, end,
//	round, agreed, by, offers, agreement, u_A, u_B, ud_A, ud_B,
//	concession_A, concession_B, dist_pareto, dist_nash, dist_ks, welfare,
//	nash_product, surplus_share_A, surplus_share_B, advantage_A,
//	advantage_B, conceded_more
//
// and, when some domain has a facilitator, the facilitator's columns of a
// run's runs.csv (empty for the domains without one). Every column but
// agreement means what it means in a run's runs.csv (see the package
// documentation), with A and B for the parties; agreement is the agreed
// outcome as issue=value pairs joined by semicolons, in the domain's issue
// order (value ids, as in a run's table), empty without agreement.
// points.csv is a sweep's, with domain, agent_A and agent_B as its
// parameter columns: one row per (domain, agent A, agent B), with the
// agreement rate, the mean utilities of A and B, the rounds, welfare and
// distances of that pairing, each with its 95% interval.
func NewTournamentRecorder(dir string, m SweepManifest, facilitated bool, values func(point int) []string, opt SweepRecorderOptions) (*SweepRecorder, error) {
	if m.Design != TournamentDesign || !slices.Equal(m.Parameters, TournamentParameters) {
		return nil, fmt.Errorf("recording the tournament into %s: the manifest's design is %q with parameters %v, not %q with %v",
			dir, m.Design, m.Parameters, TournamentDesign, TournamentParameters)
	}
	return newSweepRecorder(dir, m, tournamentColumns(facilitated), values, opt, true)
}

// writeTournamentRun writes a row of a tournament's runs.csv after the
// point and the parameters, for result res of the negotiation r.n with
// metrics m.
func (r *Recorder) writeTournamentRun(res *sim.Result, m sim.Metrics) error {
	row := append(r.row[:0],
		strconv.Itoa(res.Run),
		narrate.SeedText(res.Seed),
		r.party(res.FirstMover),
		res.End.String(),
		strconv.Itoa(res.Round),
		strconv.FormatBool(res.Agreed()),
		r.party(res.By),
		strconv.Itoa(res.Offers),
		agreementText(r.n.Space, res),
		formatFloat(res.Utility[0]), formatFloat(res.Utility[1]),
		formatFloat(res.Discounted[0]), formatFloat(res.Discounted[1]),
		formatFloat(res.Concession[0]), formatFloat(res.Concession[1]))
	row = appendMetrics(row, r.cols, res, m)
	if r.cols.facilitated {
		if r.n.Facilitator != nil {
			row = appendMediation(row, r.cols, r.n, &res.Mediation)
		} else {
			for range metric.Columns(metric.Facilitator, tournamentRoles) {
				row = append(row, "")
			}
		}
	}
	r.row = row
	return r.runsCSV.Write(row)
}

// agreementText writes the agreed outcome of res as issue=value pairs in
// the space's issue order, joined by semicolons; "" without agreement.
func agreementText(s *sim.Space, res *sim.Result) string {
	if !res.Agreed() || res.Agreement == sim.NoOutcome {
		return ""
	}
	var b strings.Builder
	for i, is := range s.Issues() {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(is.ID)
		b.WriteByte('=')
		b.WriteString(s.Value(res.Agreement, i).ID)
	}
	return b.String()
}

// writeAnalysis writes the analysis of the sweep or tournament folder
// dir, whose manifest has the design given, and returns its warnings.
// It stops with ctx's error once ctx is done, having written nothing.
func writeAnalysis(ctx context.Context, dir, design string, o SweepAnalysisOptions) ([]error, error) {
	// The caller holds the lock.
	if design == TournamentDesign {
		return writeTournamentAnalysis(ctx, dir, TournamentAnalysisOptions{NoCharts: o.NoCharts, DPI: o.DPI})
	}
	return writeSweepAnalysis(ctx, dir, o)
}
