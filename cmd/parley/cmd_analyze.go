package main

import (
	"cmp"
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

Tied outcomes are listed, at most 1,000 per solution (every distinct pair
of utilities first); a warning says how many tied. The reservation values r
are the disagreement point.
Where no outcome is acceptable to both, Nash, Kalai-Smorodinsky and
egalitarian are undefined, and a separate line genius_nash gives the point
GENIUS reports as Nash all the same: the frontier outcome with the largest
(u_A - r_A)(u_B - r_B), which at least one party rejects.

With --guarantees, the same analysis of the guaranteed outcome space
follows the plain one: every outcome on its own and with each of the
facilitator's guarantees that covers it and is within its budget, worth
the outcome's utility plus the guarantee's deltas; its frontier and
solutions name the guarantee of each point.

Flags:
  --json            print the analysis as JSON (every frontier point included)
  --guarantees      add the analysis with the facilitator's guarantees
  --frontier        list every frontier point in the text output
  --set PATH=VALUE  override a scenario field (repeatable)

Examples:
  parley analyze south-caucasus
  parley analyze used-car --json > used-car-analysis.json
  parley analyze south-caucasus --guarantees
`

func cmdAnalyze(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("analyze", analyzeUsage, e.stdout)
	asJSON := fs.Bool("json", false, "")
	listFrontier := fs.Bool("frontier", false, "")
	guarantees := fs.Bool("guarantees", false, "")
	var sets listFlag
	fs.Var(&sets, "set", "")
	pos, err := parseFlags(fs, args, analyzeUsage, e.stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("analyze: want exactly one SCENARIO, got %d (run 'parley help analyze')", len(pos))
	}
	sc, err := loadScenario(ctx, pos[0], sets)
	if err != nil {
		return reportInput(e, err)
	}
	for _, w := range sc.Warnings {
		fmt.Fprintln(e.stderr, "parley: warning:", w)
	}
	n := sc.Negotiation
	rep, err := interruptible(ctx, "analysing "+pos[0], func() (analysisReport, error) {
		an := sim.Analyze(n)
		rep := newAnalysisReport(sc, an)
		for _, s := range []struct {
			name         string
			ties, listed int
		}{
			{"nash", an.Ties.Nash, len(an.Nash)}, {"kalai_smorodinsky", an.Ties.KalaiSmorodinsky, len(an.KalaiSmorodinsky)},
			{"genius_kalai", an.Ties.GeniusKalai, len(an.GeniusKalai)}, {"egalitarian", an.Ties.Egalitarian, len(an.Egalitarian)},
			{"max_welfare", an.Ties.MaxWelfare, len(an.MaxWelfare)},
		} {
			if s.ties > s.listed {
				rep.warnings = append(rep.warnings, fmt.Sprintf("%d outcomes tie for %s; %d are listed (sim.MaxTies)", s.ties, s.name, s.listed))
			}
		}
		if *guarantees {
			g, ok := sim.AnalyzeGuaranteed(n)
			if !ok {
				return rep, &badInput{err: fmt.Errorf("analyze --guarantees: %s has no facilitator with a guarantee within its budget", sc.Name)}
			}
			rep.Guaranteed = newGuaranteedReport(n, g)
		}
		return rep, nil
	})
	if err != nil {
		return err
	}
	for _, w := range rep.warnings {
		fmt.Fprintln(e.stderr, "parley: warning:", w)
	}
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
	// GeniusNash is GENIUS's Nash point, given only where the textbook
	// Nash point is undefined (no outcome acceptable to both).
	GeniusNash *pointReport `json:"genius_nash,omitempty"`
	// Guaranteed is the analysis with the facilitator's guarantees
	// (--guarantees).
	Guaranteed *guaranteedReport `json:"guaranteed,omitempty"`

	warnings []string // solutions with more ties than listed
}

// guaranteedReport is the JSON form of the analysis of the guaranteed
// outcome space: each point is an outcome with a guarantee ("" for none).
type guaranteedReport struct {
	Budget           float64          `json:"budget"`
	Guarantees       int              `json:"guarantees_within_budget"`
	Points           int              `json:"points"`
	RationalPoints   int              `json:"rational_points"`
	FrontierSize     int              `json:"frontier_size"`
	RationalFrontier int              `json:"rational_frontier_size"`
	Solutions        []solutionReport `json:"solutions"`
	Frontier         []pointReport    `json:"frontier"`
}

func newGuaranteedReport(n *sim.Negotiation, g *sim.GuaranteedAnalysis) *guaranteedReport {
	point := func(p sim.Point) pointReport {
		it := g.Items[p.Outcome]
		v := map[string]string{}
		for i, is := range n.Space.Issues() {
			v[is.ID] = n.Space.Value(it.Outcome, i).ID
		}
		r := pointReport{Outcome: int(it.Outcome), U: p.U, Values: v}
		if it.Guarantee >= 0 {
			r.Guarantee = n.Facilitator.Guarantees[it.Guarantee].Name
		}
		return r
	}
	points := func(ps []sim.Point) []pointReport {
		out := []pointReport{}
		for _, p := range ps {
			out = append(out, point(p))
		}
		return out
	}
	return &guaranteedReport{
		Budget: g.Budget, Guarantees: g.Guarantees, Points: len(g.Items), RationalPoints: g.Rational,
		FrontierSize: len(g.Frontier), RationalFrontier: len(g.RationalFrontier),
		Solutions: []solutionReport{
			{"nash", points(g.Nash)},
			{"kalai_smorodinsky", points(g.KalaiSmorodinsky)},
			{"genius_kalai", points(g.GeniusKalai)},
			{"egalitarian", points(g.Egalitarian)},
			{"max_welfare", points(g.MaxWelfare)},
		},
		Frontier: points(g.Frontier),
	}
}

type solutionReport struct {
	Name   string        `json:"name"`
	Points []pointReport `json:"points"`
}

type pointReport struct {
	Outcome int               `json:"outcome"`
	U       [2]float64        `json:"utility"`
	Values  map[string]string `json:"values"`
	// Guarantee names the facilitator's guarantee attached to the
	// outcome, in the guaranteed analysis; empty for none.
	Guarantee string `json:"guarantee,omitempty"`
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
		Frontier:   points(an.Frontier),
		GeniusNash: geniusNash(an, point),
	}
}

// geniusNash returns GENIUS's Nash point where the textbook one is
// undefined (no outcome acceptable to both), or nil.
func geniusNash(an *sim.Analysis, point func(sim.Point) pointReport) *pointReport {
	if len(an.Nash) > 0 {
		return nil
	}
	p, ok := sim.GeniusNash(an.Frontier, an.Disagreement)
	if !ok {
		return nil
	}
	r := point(p)
	return &r
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
	if g := r.GeniusNash; g != nil {
		fmt.Fprintf(tw, "genius_nash\t%.4f\t%.4f\t%s\n", g.U[0], g.U[1], describe(r.IssueIDs, *g))
		fmt.Fprintf(tw, "\t\t\t(GENIUS's Nash point: the frontier outcome with the largest (u_A - r_A)(u_B - r_B),\n")
		fmt.Fprintf(tw, "\t\t\tacceptable or not; no outcome is acceptable to both, so there is no Nash point)\n")
	}
	if listFrontier {
		fmt.Fprintln(tw, "\nfrontier\t\t\t")
		for _, p := range r.Frontier {
			fmt.Fprintf(tw, "\t%.4f\t%.4f\t%s\n", p.U[0], p.U[1], describe(r.IssueIDs, p))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if g := r.Guaranteed; g != nil {
		fmt.Fprintf(w, "\nwith the facilitator's guarantees (budget %.4g, %d guarantee(s) within it): %d outcome-guarantee points\n", g.Budget, g.Guarantees, g.Points)
		fmt.Fprintf(w, "  acceptable to both: %d points\n", g.RationalPoints)
		fmt.Fprintf(w, "  Pareto frontier: %d points (%d acceptable to both)\n\n", g.FrontierSize, g.RationalFrontier)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "solution\tu_%s\tu_%s\toutcome\tguarantee\n", r.Parties[0], r.Parties[1])
		for _, s := range g.Solutions {
			if len(s.Points) == 0 {
				fmt.Fprintf(tw, "%s\t-\t-\tnone: no point acceptable to both\t\n", s.Name)
			}
			for _, p := range s.Points {
				fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%s\t%s\n", s.Name, p.U[0], p.U[1], describe(r.IssueIDs, p), cmp.Or(p.Guarantee, "none"))
			}
		}
		if listFrontier {
			fmt.Fprintln(tw, "\nfrontier\t\t\t\t")
			for _, p := range g.Frontier {
				fmt.Fprintf(tw, "\t%.4f\t%.4f\t%s\t%s\n", p.U[0], p.U[1], describe(r.IssueIDs, p), cmp.Or(p.Guarantee, "none"))
			}
		}
		return tw.Flush()
	}
	return nil
}

func describe(keys []string, p pointReport) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + p.Values[k]
	}
	return strings.Join(parts, " ")
}
