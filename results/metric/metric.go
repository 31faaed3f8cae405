// Package metric is the one table of the measures that parley's tables
// report about runs: each metric's name (the column of runs.csv, the
// metric of summary.csv and points.csv), a title for charts, its meaning
// in a sentence and its unit. The columns of runs.csv, the meanings in
// the HTML report and the titles and axes of the sweep charts are taken
// from it, and a test checks that the package documentation of results
// and the README document every metric it holds.
//
// The metrics are computed elsewhere (sim.Analysis.Measure, sim.Result,
// sim.Mediation, package results); the table holds only their names and
// words, which are facts of the tables, not of the model, so it lives
// beside results rather than in sim. It imports no parley package, so
// that results and every package below it can import it.
package metric

import (
	"fmt"
	"slices"
	"strings"
)

// Group says which part of a run a metric describes, and where its
// columns stand in runs.csv.
type Group uint8

// The groups, in the order of their columns in runs.csv.
const (
	// Ending: how the run ended, summarised from the columns of runs.csv
	// before the agreed values (end, round, agreed, offers).
	Ending Group = iota
	// Utility: what the result is worth to each party, and how much it
	// conceded; the columns after the agreed values.
	Utility
	// Measure: the result against what the outcome space allowed
	// (sim.Metrics), and who conceded more.
	Measure
	// Facilitator: what the facilitator did (sim.Mediation); the last
	// columns, only when the negotiation has a facilitator.
	Facilitator
)

// Metric is one measure of a run.
type Metric struct {
	// Name is the metric's name: its column in runs.csv and its metric in
	// summary.csv and points.csv. For a metric of each party (PerParty)
	// it is the prefix that the party's id completes ("u_" in u_armenia).
	Name string
	// Also lists other names the same measure takes in a summary
	// ("agreement_round" in summary.csv for the round of agreed runs).
	Also []string
	// Group is the part of the run it describes.
	Group Group
	// PerParty says that there is one metric per party, named Name
	// followed by the party's id; Title and Meaning then hold one %s,
	// the party.
	PerParty bool
	// Title names the metric in a few words, for chart titles and
	// legends ("welfare").
	Title string
	// Meaning says what it measures in one sentence, for the report and
	// the docs.
	Meaning string
	// Unit is what its values count, for an axis label; empty for a
	// metric whose values are text (a party id, a name).
	Unit string
	// Share says that the metric is a yes or no per run, which summaries
	// report as a share of runs (with a Wilson interval).
	Share bool
	// FromZero says that an axis of its values starts at zero: it counts,
	// sums or measures a distance from nothing.
	FromZero bool
}

// table holds every metric, in the order of the columns of runs.csv
// within each group. Its slices are never modified.
var table = []Metric{
	{Name: "agreement", Group: Ending, Title: "agreement rate", Unit: "share of runs", Share: true, FromZero: true,
		Meaning: "share of runs that reached an agreement"},
	{Name: "round", Also: []string{"agreement_round"}, Group: Ending, Title: "round of agreement", Unit: "rounds (from 0)", FromZero: true,
		Meaning: "round in which the run ended, counted from 0 (in summaries, over the runs that agreed: the round of agreement)"},
	{Name: "offers", Group: Ending, Title: "offers", Unit: "offers", FromZero: true,
		Meaning: "offers made in a run"},

	{Name: "u_", PerParty: true, Group: Utility, Title: "utility to %s", Unit: "utility",
		Meaning: "utility of %s (its reservation or breakdown value without agreement)"},
	{Name: "ud_", PerParty: true, Group: Utility, Title: "discounted utility to %s", Unit: "utility",
		Meaning: "utility of %s, discounted to the round of agreement"},
	{Name: "concession_", PerParty: true, Group: Utility, Title: "concession of %s", Unit: "utility", FromZero: true,
		Meaning: "total concession of %s in its own utility"},

	{Name: "dist_pareto", Group: Measure, Title: "distance to Pareto frontier", Unit: "utility distance", FromZero: true,
		Meaning: "distance of the agreed outcome from the Pareto frontier (agreements only, guarantee left out; 0 = efficient)"},
	{Name: "dist_nash", Group: Measure, Title: "distance to Nash point", Unit: "utility distance", FromZero: true,
		Meaning: "distance of the agreed outcome from the Nash solution (agreements only, guarantee left out)"},
	{Name: "dist_ks", Group: Measure, Title: "distance to Kalai–Smorodinsky point", Unit: "utility distance", FromZero: true,
		Meaning: "distance of the agreed outcome from the Kalai–Smorodinsky solution (agreements only, guarantee left out)"},
	{Name: "welfare", Group: Measure, Title: "welfare", Unit: "sum of utilities", FromZero: true,
		Meaning: "sum of both parties' utilities"},
	{Name: "nash_product", Group: Measure, Title: "Nash product", Unit: "product of gains", FromZero: true,
		Meaning: "product of both parties' gains over their reservation values"},
	{Name: "surplus_share_", PerParty: true, Group: Measure, Title: "surplus share of %s", Unit: "share of the gain",
		Meaning: "share of the total gain over the reservation values won by %s"},
	{Name: "advantage_", PerParty: true, Group: Measure, Title: "advantage of %s", Unit: "share of the possible gain",
		Meaning: "part of its possible gain that %s obtained"},
	{Name: "conceded_more", Group: Measure, Title: "conceded more",
		Meaning: "the party whose total concession is larger, or equal"},

	{Name: "invited", Group: Facilitator, Title: "facilitator invited", Unit: "share of runs", Share: true, FromZero: true,
		Meaning: "share of runs where the facilitator was invited"},
	{Name: "invite_round", Group: Facilitator, Title: "round of the first invitation", Unit: "rounds (from 0)", FromZero: true,
		Meaning: "round of the first invitation (invited runs)"},
	{Name: "asked_first", Group: Facilitator, Title: "asked first",
		Meaning: "the party that asked for the facilitator first"},
	{Name: "invite_reason", Group: Facilitator, Title: "reason for the invitation",
		Meaning: "the trigger that made a party ask for the facilitator, or always"},
	{Name: "mediations", Group: Facilitator, Title: "mediations", Unit: "invitations", FromZero: true,
		Meaning: "number of times the facilitator was invited"},
	{Name: "drafts", Group: Facilitator, Title: "drafts", Unit: "drafts", FromZero: true,
		Meaning: "drafts the facilitator proposed, its texts included"},
	{Name: "drafts_accepted", Group: Facilitator, Title: "drafts accepted", Unit: "drafts", FromZero: true,
		Meaning: "drafts both parties voted for, the facilitator's texts included"},
	{Name: "mediated", Group: Facilitator, Title: "mediated agreements", Unit: "share of runs", Share: true, FromZero: true,
		Meaning: "share of runs that agreed on the facilitator's text"},
	{Name: "guarantee", Group: Facilitator, Title: "guarantee",
		Meaning: "the guarantee attached to the facilitator's agreed text"},
	{Name: "guarantee_cost", Group: Facilitator, Title: "guarantee cost", Unit: "utility", FromZero: true,
		Meaning: "cost of that guarantee to the facilitator"},
	{Name: "facilitator_utility", Group: Facilitator, Title: "facilitator's utility", Unit: "utility",
		Meaning: "the facilitator's utility of the result, net of guarantee costs"},
	{Name: "dismissed_by", Group: Facilitator, Title: "dismissed by",
		Meaning: "the party that last turned a final text of the facilitator down"},
}

// All returns every metric, by group and in the order of the columns of
// runs.csv within a group.
func All() []Metric { return slices.Clone(table) }

// Columns returns the names of the columns of runs.csv that the metrics
// of group g take, in order, with a metric of each party named for both
// parties (A's column, then B's).
func Columns(g Group, parties [2]string) []string {
	var out []string
	for _, m := range table {
		switch {
		case m.Group != g:
		case m.PerParty:
			out = append(out, m.Name+parties[0], m.Name+parties[1])
		default:
			out = append(out, m.Name)
		}
	}
	return out
}

// Lookup returns the metric named name, with the party whose metric it is
// for a metric of each party: name is Name followed by one of parties. It
// knows the other names of a metric (Also) too.
func Lookup(name string, parties ...string) (m Metric, party string, ok bool) {
	for _, m := range table {
		if !m.PerParty && (m.Name == name || slices.Contains(m.Also, name)) {
			return m, "", true
		}
	}
	for _, m := range table {
		if rest, found := strings.CutPrefix(name, m.Name); m.PerParty && found && slices.Contains(parties, rest) {
			return m, rest, true
		}
	}
	return Metric{}, "", false
}

// TitleOf returns the title of the metric, of party for a metric of each
// party.
func (m Metric) TitleOf(party string) string { return m.fill(m.Title, party) }

// MeaningOf returns the meaning of the metric, of party for a metric of
// each party.
func (m Metric) MeaningOf(party string) string { return m.fill(m.Meaning, party) }

func (m Metric) fill(s, party string) string {
	if m.PerParty {
		return fmt.Sprintf(s, party)
	}
	return s
}
