package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

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
are the disagreement point. --frontier and --json write the frontier
point by point: listing it takes no memory beyond the analysis's own.
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
		return rep.writeJSON(ctx, e.stdout)
	}
	return rep.print(ctx, e, *listFrontier)
}

// analysisReport is an analysis as parley analyze shows it, and the JSON
// form of it: the fields of analysisHead, then "frontier", "genius_nash"
// and "guaranteed". The frontier, which may hold every outcome of a space
// of millions, is formatted point by point as it is written (see
// frontierList), never held as reports; Frontier is filled only when a
// report is read back.
type analysisReport struct {
	analysisHead
	// Frontier is every point of the frontier, in a report read back
	// from JSON; empty in a report about to be written (see frontier).
	Frontier []pointReport `json:"frontier"`
	// GeniusNash is GENIUS's Nash point, given only where the textbook
	// Nash point is undefined (no outcome acceptable to both).
	GeniusNash *pointReport `json:"genius_nash,omitempty"`
	// Guaranteed is the analysis with the facilitator's guarantees
	// (--guarantees).
	Guaranteed *guaranteedReport `json:"guaranteed,omitempty"`

	frontier frontierList
	warnings []string // solutions with more ties than listed
}

// analysisHead is the part of an analysisReport written before its
// frontier.
type analysisHead struct {
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
}

// guaranteedReport is the JSON form of the analysis of the guaranteed
// outcome space: each point is an outcome with a guarantee ("" for none).
// Its frontier is written point by point, as an analysisReport's.
type guaranteedReport struct {
	guaranteedHead
	// Frontier is every point of the frontier, in a report read back
	// from JSON; empty in a report about to be written (see frontier).
	Frontier []pointReport `json:"frontier"`

	frontier frontierList
}

// guaranteedHead is the part of a guaranteedReport written before its
// frontier.
type guaranteedHead struct {
	Budget           float64          `json:"budget"`
	Guarantees       int              `json:"guarantees_within_budget"`
	Points           int              `json:"points"`
	RationalPoints   int              `json:"rational_points"`
	FrontierSize     int              `json:"frontier_size"`
	RationalFrontier int              `json:"rational_frontier_size"`
	Solutions        []solutionReport `json:"solutions"`
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
		guaranteedHead: guaranteedHead{
			Budget: g.Budget, Guarantees: g.Guarantees, Points: len(g.Items), RationalPoints: g.Rational,
			FrontierSize: len(g.Frontier), RationalFrontier: len(g.RationalFrontier),
			Solutions: []solutionReport{
				{"nash", points(g.Nash)},
				{"kalai_smorodinsky", points(g.KalaiSmorodinsky)},
				{"genius_kalai", points(g.GeniusKalai)},
				{"egalitarian", points(g.Egalitarian)},
				{"max_welfare", points(g.MaxWelfare)},
			},
		},
		frontier: frontierList{g.Frontier, point},
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
	return analysisReport{analysisHead: analysisHead{
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
		}},
		frontier:   frontierList{an.Frontier, point},
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

func (r analysisReport) print(ctx context.Context, e env, listFrontier bool) error {
	w := bufio.NewWriter(e.stdout)
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
	if err := tw.Flush(); err != nil {
		return err
	}
	if listFrontier {
		err := r.frontier.writeText(ctx, w, func(p pointReport) []string {
			return []string{fmt.Sprintf("%.4f", p.U[0]), fmt.Sprintf("%.4f", p.U[1]), describe(r.IssueIDs, p)}
		})
		if err != nil {
			return err
		}
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
		if err := tw.Flush(); err != nil {
			return err
		}
		if listFrontier {
			err := g.frontier.writeText(ctx, w, func(p pointReport) []string {
				return []string{fmt.Sprintf("%.4f", p.U[0]), fmt.Sprintf("%.4f", p.U[1]), describe(r.IssueIDs, p), cmp.Or(p.Guarantee, "none")}
			})
			if err != nil {
				return err
			}
		}
	}
	return w.Flush()
}

// writeJSON writes the report as indented JSON, as encoding/json would
// with the indent "  ", its frontiers point by point.
func (r analysisReport) writeJSON(ctx context.Context, out io.Writer) error {
	w := bufio.NewWriter(out)
	fields := []jsonField{{"frontier", func(w *bufio.Writer, prefix string) error { return r.frontier.writeJSON(ctx, w, prefix) }}}
	if r.GeniusNash != nil {
		fields = append(fields, jsonField{"genius_nash", func(w *bufio.Writer, prefix string) error { return writeJSONValue(w, r.GeniusNash, prefix) }})
	}
	if g := r.Guaranteed; g != nil {
		fields = append(fields, jsonField{"guaranteed", func(w *bufio.Writer, prefix string) error {
			return writeJSONObject(w, g.guaranteedHead, prefix, []jsonField{{"frontier", func(w *bufio.Writer, prefix string) error {
				return g.frontier.writeJSON(ctx, w, prefix)
			}}})
		}})
	}
	if err := writeJSONObject(w, r.analysisHead, "", fields); err != nil {
		return err
	}
	w.WriteByte('\n')
	return w.Flush()
}

// frontierList is a frontier as a report lists it: its points are turned
// into reports one at a time as they are written, so that listing a
// frontier of millions of points holds none of their reports.
type frontierList struct {
	points []sim.Point
	report func(sim.Point) pointReport
}

// checkEvery is how many frontier points are written between two checks
// of the context.
const checkEvery = 1 << 12

// writeJSON writes the frontier as a JSON array indented as
// json.MarshalIndent would at the indentation prefix, stopping with
// errInterrupted when ctx is done.
func (f frontierList) writeJSON(ctx context.Context, w *bufio.Writer, prefix string) error {
	if len(f.points) == 0 {
		_, err := w.WriteString("[]")
		return err
	}
	w.WriteByte('[')
	for i, p := range f.points {
		if i%checkEvery == 0 && ctx.Err() != nil {
			return fmt.Errorf("writing the frontier %w", errInterrupted)
		}
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteString("\n" + prefix + "  ")
		if err := writeJSONValue(w, f.report(p), prefix+"  "); err != nil {
			return err
		}
	}
	_, err := w.WriteString("\n" + prefix + "]")
	return err
}

// writeText writes a blank line, then the frontier as a table headed
// "frontier": each point's cells (the last one unaligned) in columns as
// wide as their widest cell plus two spaces, as the text/tabwriter of the
// solutions aligns them, but without holding the table: a first pass
// measures the columns, a second writes the rows. It stops with
// errInterrupted when ctx is done.
func (f frontierList) writeText(ctx context.Context, w *bufio.Writer, cells func(pointReport) []string) error {
	const head, pad = "frontier", 2
	widths := make([]int, len(cells(pointReport{}))-1)
	for i, p := range f.points {
		if i%checkEvery == 0 && ctx.Err() != nil {
			return fmt.Errorf("writing the frontier %w", errInterrupted)
		}
		for j, c := range cells(f.report(p))[:len(widths)] {
			widths[j] = max(widths[j], utf8.RuneCountInString(c))
		}
	}
	w.WriteString("\n" + head + strings.Repeat(" ", pad))
	for _, n := range widths {
		w.WriteString(strings.Repeat(" ", n+pad))
	}
	w.WriteByte('\n')
	indent := strings.Repeat(" ", len(head)+pad)
	for i, p := range f.points {
		if i%checkEvery == 0 && ctx.Err() != nil {
			return fmt.Errorf("writing the frontier %w", errInterrupted)
		}
		w.WriteString(indent)
		cs := cells(f.report(p))
		for j, n := range widths {
			w.WriteString(cs[j])
			w.WriteString(strings.Repeat(" ", n+pad-utf8.RuneCountInString(cs[j])))
		}
		w.WriteString(cs[len(cs)-1])
		if err := w.WriteByte('\n'); err != nil {
			return err
		}
	}
	return nil
}

// jsonField is a field written after those of a struct by
// writeJSONObject: its name, and a function writing its value at the
// indentation prefix.
type jsonField struct {
	name  string
	write func(w *bufio.Writer, prefix string) error
}

// writeJSONObject writes the JSON object of the struct v, with the fields
// more after v's own, indented as json.MarshalIndent would at the
// indentation prefix.
func writeJSONObject(w *bufio.Writer, v any, prefix string, more []jsonField) error {
	b, err := json.MarshalIndent(v, prefix, "  ")
	if err != nil {
		return err
	}
	end := []byte("\n" + prefix + "}")
	if !bytes.HasSuffix(b, end) {
		return fmt.Errorf("the JSON of %T is not an object with fields", v)
	}
	w.Write(b[:len(b)-len(end)])
	for _, f := range more {
		fmt.Fprintf(w, ",\n%s  %q: ", prefix, f.name)
		if err := f.write(w, prefix+"  "); err != nil {
			return err
		}
	}
	_, err = w.Write(end)
	return err
}

// writeJSONValue writes the JSON of v indented as json.MarshalIndent
// would at the indentation prefix.
func writeJSONValue(w *bufio.Writer, v any, prefix string) error {
	b, err := json.MarshalIndent(v, prefix, "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

func describe(keys []string, p pointReport) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + p.Values[k]
	}
	return strings.Join(parts, " ")
}
