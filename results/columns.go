package results

import (
	"cmp"
	"fmt"
	"strconv"

	"github.com/parley-sim/parley/results/metric"
	"github.com/parley-sim/parley/sim"
)

// Fixed columns of runs.csv, rounds.csv, frontier.csv and solutions.csv.
var (
	runsFixed      = []string{"run", "seed", "first_mover", "end", "round", "agreed", "by", "offers"}
	roundsFixed    = []string{"run", "seed", "step", "round", "actor", "action"}
	frontierFixed  = []string{"outcome"}
	solutionsFixed = []string{"solution", "outcome"}
)

// concededMore is the column of runs.csv that names the party that
// conceded more; summary.csv reports its share of runs per value.
const concededMore = "conceded_more"

// concededEqual is the value of conceded_more when both parties conceded
// the same.
const concededEqual = "equal"

// protocolActor names the actor of protocol events (breakdowns) in
// rounds.csv.
const protocolActor = "protocol"

// columns holds the names the tables use for parties and issues.
type columns struct {
	party       [2]string // party ids, defaulted to "a" and "b"
	issue       []string  // one column name per issue
	runs        []string  // header of runs.csv
	rounds      []string  // header of rounds.csv
	frontier    []string  // header of frontier.csv
	solutions   []string  // header of solutions.csv
	facilitated bool      // runs.csv has the facilitator columns
	// assume are the uncertain assumptions, whose values drawn are the
	// last columns of runs.csv (see withAssumptions).
	assume   []Assumption
	warnings []error
}

// partyID returns the column id of party i, or "" for -1.
func (c *columns) partyID(i int) string {
	if i < 0 {
		return ""
	}
	return c.party[i]
}

// newColumns names the columns for negotiation n. Empty party ids become
// "a" and "b". An issue whose id clashes with another column is written
// as issue_ID, with a warning. Two parties with the same id are an error,
// since their columns could not be told apart.
func newColumns(n *sim.Negotiation) (*columns, error) {
	c := &columns{}
	for i, p := range n.Parties {
		c.party[i] = p.ID
		if p.ID == "" {
			c.party[i] = string(rune('a' + i))
			c.warnings = append(c.warnings, fmt.Errorf("party %d has no id; its columns use %q", i, c.party[i]))
		}
	}
	if c.party[0] == c.party[1] {
		return nil, fmt.Errorf("both parties have the id %q; their columns would clash", c.party[0])
	}
	for _, id := range c.party {
		if id == concededEqual {
			c.warnings = append(c.warnings, fmt.Errorf("party id %q is also the value of %s for a tie; read that column with care", id, concededMore))
		}
	}
	// The metric columns, named by the metric table: each party's
	// utilities and concession, the measures, the facilitator's columns.
	utility := []string{"u_" + c.party[0], "u_" + c.party[1]}
	perParty := metric.Columns(metric.Utility, c.party)
	measures := metric.Columns(metric.Measure, c.party)
	facilitatorColumns := metric.Columns(metric.Facilitator, c.party)
	var facilitator []string
	if n.Facilitator != nil {
		c.facilitated = true
		facilitator = facilitatorColumns
	}

	taken := map[string]bool{"rational": true}
	for _, names := range [][]string{runsFixed, roundsFixed, frontierFixed, solutionsFixed, perParty, measures, facilitatorColumns} {
		for _, s := range names {
			taken[s] = true
		}
	}
	for i, is := range n.Space.Issues() {
		name := cmp.Or(is.ID, "issue_"+strconv.Itoa(i))
		if taken[name] {
			alt := "issue_" + name
			if taken[alt] {
				return nil, fmt.Errorf("issue %d: no free column name for id %q", i, is.ID)
			}
			c.warnings = append(c.warnings, fmt.Errorf("issue %q clashes with another column; its column is %q", is.ID, alt))
			name = alt
		}
		taken[name] = true
		c.issue = append(c.issue, name)
	}

	c.runs = concat(runsFixed, c.issue, perParty, measures, facilitator)
	c.rounds = concat(roundsFixed, c.issue, utility)
	c.frontier = concat(frontierFixed, c.issue, utility, []string{"rational"})
	c.solutions = concat(solutionsFixed, c.issue, utility)
	return c, nil
}

// withAssumptions adds a column to runs.csv for each of as, after the
// others, named by its path. A path that is the name of another column is
// an error: the column could not be told apart.
func (c *columns) withAssumptions(as []Assumption) error {
	if len(as) == 0 {
		return nil
	}
	if err := checkAssumptions(as); err != nil {
		return err
	}
	taken := map[string]bool{}
	for _, s := range c.runs {
		taken[s] = true
	}
	runs := c.runs
	for _, a := range as {
		if taken[a.Path] {
			return fmt.Errorf("assumption %s: runs.csv has another column of that name", a.Path)
		}
		runs = append(runs, a.Path)
	}
	c.runs, c.assume = runs, as
	return nil
}

func concat(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
