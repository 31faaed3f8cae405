package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/parley-sim/parley/scenarios"
	"github.com/parley-sim/parley/sim"
)

const analyzeUsage = `Usage: parley analyze SCENARIO [--json] [--frontier] [--set PATH=VALUE]...

Describe what a scenario makes possible, without negotiating: the size of
the outcome space, how opposed the parties are, the Pareto frontier and the
bargaining solutions, each with both parties' utilities and its outcome.

  Nash               max (u_A - r_A)(u_B - r_B) over outcomes both accept (Nash 1950)
  Kalai-Smorodinsky  max min_i (u_i - r_i)/(ideal_i - r_i) on the rational frontier
                     (Kalai and Smorodinsky 1975)
  GENIUS Kalai       min |u_A - u_B| on the frontier (what GENIUS reports as "Kalai")
  egalitarian        max min_i (u_i - r_i) on the rational frontier (Kalai 1977)
  max welfare        max u_A + u_B

Ties are all listed. The reservation values r are the disagreement point.

Flags:
  --json            print the analysis as JSON (every frontier point included)
  --frontier        list every frontier point in the text output
  --set PATH=VALUE  override a scenario field (repeatable)

Examples:
  parley analyze south-caucasus
  parley analyze used-car --json > used-car-analysis.json
`

func cmdAnalyze(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("analyze", analyzeUsage, e.stdout)
	asJSON := fs.Bool("json", false, "")
	listFrontier := fs.Bool("frontier", false, "")
	var sets listFlag
	fs.Var(&sets, "set", "")
	pos, err := parseFlags(fs, args, analyzeUsage, e.stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("analyze: want exactly one SCENARIO, got %d (run 'parley help analyze')", len(pos))
	}
	sc, err := scenarios.Load(pos[0], sets)
	if err != nil {
		return reportInput(e, err)
	}
	for _, w := range sc.Warnings {
		fmt.Fprintln(e.stderr, "parley: warning:", w)
	}
	n := sc.Negotiation
	an := sim.Analyze(n)
	rep := newAnalysisReport(sc, an)
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return rep.print(e, *listFrontier)
}

// analysisReport is the JSON form of an analysis.
type analysisReport struct {
	Scenario         string           `json:"scenario"`
	Parties          [2]string        `json:"parties"`
	Issues           int              `json:"issues"`
	IssueIDs         []string         `json:"issue_ids"`
	Outcomes         int              `json:"outcomes"`
	Reservation      [2]float64       `json:"reservation"`
	Best             [2]float64       `json:"best"`
	Ideal            [2]float64       `json:"ideal_rational"`
	Opposition       float64          `json:"opposition"`
	RationalOutcomes int              `json:"rational_outcomes"`
	RationalShare    float64          `json:"rational_share"`
	FrontierSize     int              `json:"frontier_size"`
	RationalFrontier int              `json:"rational_frontier_size"`
	Solutions        []solutionReport `json:"solutions"`
	Frontier         []pointReport    `json:"frontier"`
}

type solutionReport struct {
	Name   string        `json:"name"`
	Points []pointReport `json:"points"`
}

type pointReport struct {
	Outcome int               `json:"outcome"`
	U       [2]float64        `json:"utility"`
	Values  map[string]string `json:"values"`
}

func newAnalysisReport(sc *scenarios.Scenario, an *sim.Analysis) analysisReport {
	n := sc.Negotiation
	point := func(p sim.Point) pointReport {
		v := map[string]string{}
		for i, is := range n.Space.Issues() {
			v[is.ID] = n.Space.Value(p.Outcome, i).ID
		}
		return pointReport{Outcome: int(p.Outcome), U: p.U, Values: v}
	}
	points := func(ps []sim.Point) []pointReport {
		out := []pointReport{}
		for _, p := range ps {
			out = append(out, point(p))
		}
		return out
	}
	var ids []string
	for _, is := range n.Space.Issues() {
		ids = append(ids, is.ID)
	}
	return analysisReport{
		Scenario:         sc.Name,
		IssueIDs:         ids,
		Parties:          [2]string{n.Parties[0].ID, n.Parties[1].ID},
		Issues:           n.Space.NumIssues(),
		Outcomes:         an.Outcomes,
		Reservation:      an.Disagreement,
		Best:             an.Best,
		Ideal:            an.Ideal,
		Opposition:       an.Opposition,
		RationalOutcomes: an.Rational,
		RationalShare:    float64(an.Rational) / float64(an.Outcomes),
		FrontierSize:     len(an.Frontier),
		RationalFrontier: len(an.RationalFrontier),
		Solutions: []solutionReport{
			{"nash", points(an.Nash)},
			{"kalai_smorodinsky", points(an.KalaiSmorodinsky)},
			{"genius_kalai", points(an.GeniusKalai)},
			{"egalitarian", points(an.Egalitarian)},
			{"max_welfare", points(an.MaxWelfare)},
		},
		Frontier: points(an.Frontier),
	}
}

func (r analysisReport) print(e env, listFrontier bool) error {
	w := e.stdout
	fmt.Fprintf(w, "%s: %d issues, %d outcomes\n", r.Scenario, r.Issues, r.Outcomes)
	fmt.Fprintf(w, "  reservation values: %s %.4g, %s %.4g\n", r.Parties[0], r.Reservation[0], r.Parties[1], r.Reservation[1])
	fmt.Fprintf(w, "  acceptable to both: %d outcomes (%.1f%%)\n", r.RationalOutcomes, 100*r.RationalShare)
	fmt.Fprintf(w, "  Pareto frontier: %d outcomes (%d acceptable to both)\n", r.FrontierSize, r.RationalFrontier)
	fmt.Fprintf(w, "  opposition: %.3f (0 = one outcome best for both, 1 = zero-sum)\n\n", r.Opposition)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "solution\tu_%s\tu_%s\toutcome\n", r.Parties[0], r.Parties[1])
	for _, s := range r.Solutions {
		if len(s.Points) == 0 {
			fmt.Fprintf(tw, "%s\t-\t-\tnone: no outcome acceptable to both\n", s.Name)
		}
		for _, p := range s.Points {
			fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%s\n", s.Name, p.U[0], p.U[1], describe(r.IssueIDs, p))
		}
	}
	if listFrontier {
		fmt.Fprintln(tw, "\nfrontier\t\t\t")
		for _, p := range r.Frontier {
			fmt.Fprintf(tw, "\t%.4f\t%.4f\t%s\n", p.U[0], p.U[1], describe(r.IssueIDs, p))
		}
	}
	return tw.Flush()
}

func describe(keys []string, p pointReport) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + p.Values[k]
	}
	return strings.Join(parts, " ")
}
