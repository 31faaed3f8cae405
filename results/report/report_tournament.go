package report

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/parley-sim/parley/results"
	"github.com/parley-sim/parley/results/chart"
	"github.com/parley-sim/parley/results/narrate"
)

// repTournament is what the report shows of a tournament folder.
type repTournament struct {
	// Domains are the domains played, from the resolved tournament.
	Domains []string
	// Agents are the agents as the resolved tournament lists them.
	Agents []string
	// YAML is the resolved tournament file.
	YAML                                  string
	Ranking, AgentTable, Matchups, Points *repTable
	Charts                                []repChart
}

// buildTournamentReport reads the tournament folder dir, whose manifest
// is man, into the template's data: the ranking, the agents' table, the
// matchups, the first rows of points.csv, the tournament charts and the
// resolved tournament.
func buildTournamentReport(dir string, man *repNode, o Options) (*reportPage, error) {
	name := man.str("sweep")
	if name == "" {
		name = "tournament"
	}
	p := &reportPage{Tournament: &repTournament{YAML: man.str("sweep_yaml")}}
	t := p.Tournament
	if root, err := parseReportYAML(t.YAML); err == nil {
		if as := root.get("agents"); as != nil && as.IsSeq {
			for _, a := range as.Items {
				t.Agents = append(t.Agents, a.str("label"))
			}
		}
		if ds := root.get("domains"); ds != nil && ds.IsSeq {
			for _, d := range ds.Items {
				t.Domains = append(t.Domains, d.Scalar)
			}
		}
	}
	p.Title = o.Title
	if p.Title == "" {
		p.Title = name + ": tournament results"
	}
	runs := countRows(dir, results.RunsFile)
	var parts []string
	if v := man.str("version"); v != "" {
		parts = append(parts, "parley "+v)
	}
	if s := man.str("seed"); s != "" {
		parts = append(parts, "master seed "+s)
	}
	if n := len(t.Agents); n > 0 {
		parts = append(parts, narrate.Plural(n, "agent"), narrate.Plural(len(t.Domains), "domain"))
	}
	if n, err := strconv.Atoi(man.str("points")); err == nil {
		parts = append(parts, narrate.Plural(n, "pairing"))
	}
	if runs >= 0 {
		parts = append(parts, narrate.Plural(runs, "negotiation"))
	}
	p.Subtitle = strings.Join(parts, " · ")
	p.Run = runFacts(man, true, runs)
	sw := sweepOf(man)
	p.Banner = sweepBanner(&sw, dir, countRows(dir, results.PointsFile), runs)

	for _, f := range []struct {
		name string
		rows int
		dst  **repTable
		raw  []string
	}{
		{results.RankingFile, -1, &t.Ranking, []string{"rank", "rank_best", "rank_worst", "negotiations"}},
		{results.AgentsFile, -1, &t.AgentTable, []string{"negotiations", "agreements"}},
		{results.MatchupsFile, o.Rows, &t.Matchups, []string{"negotiations"}},
		{results.PointsFile, o.Rows, &t.Points, []string{"point", "replications", "agreements"}},
	} {
		tb, err := readReportTable(dir, f.name, f.rows, f.raw...)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			p.Notes = append(p.Notes, fmt.Sprintf("No %s in this folder: its table is left out.", f.name))
		case err != nil:
			p.Notes = append(p.Notes, fmt.Sprintf("%s could not be read (%v): its table is left out.", f.name, err))
		default:
			*f.dst = tb
		}
	}
	if r := t.Ranking; r != nil && len(r.Rows) > 0 && len(r.Rows[0]) >= 8 {
		best := r.Rows[0]
		lead := best[1]
		if best[6] != best[7] {
			lead += " (ranks " + best[6] + "–" + best[7] + " within the intervals)"
		}
		p.Headline = []repFact{
			{"highest mean utility", lead},
			{"its mean utility", best[2]},
			{"agents", strconv.Itoa(len(r.Rows))},
		}
		if runs >= 0 {
			p.Headline = append(p.Headline, repFact{"negotiations", strconv.Itoa(runs)})
		}
	}
	for i, c := range []struct{ name, title, caption string }{
		{chart.TournamentRanking, "Ranking by mean utility",
			"Each agent's mean utility over all its negotiations (a dot) with its 95% t interval (a bar), best first, as ANAC ranked its agents. The ranks in parentheses are those the intervals allow: an agent is counted surely behind another only when its interval lies wholly below the other's, so agents whose ranges overlap are not separated by this tournament."},
		{chart.TournamentMatchups, "Each agent against each opponent",
			"The mean utility of the agent of a row against the opponent of a column, in both roles and on every domain; a dash where the two never met (an agent meets itself only with self_play). Read a row to see whom an agent exploits, a column to see who exploits an opponent."},
	} {
		ch, err := svgChart(dir, c.name, c.title, c.caption, i)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			p.Notes = append(p.Notes, fmt.Sprintf("No %s.svg in this folder: the chart is left out (played with --no-charts?).", c.name))
		case err != nil:
			p.Notes = append(p.Notes, fmt.Sprintf("%s.svg could not be read (%v): the chart is left out.", c.name, err))
		default:
			t.Charts = append(t.Charts, ch)
		}
	}
	return p, nil
}
