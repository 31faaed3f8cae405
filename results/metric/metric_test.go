package metric

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestTable checks the table's own consistency: names unique, a metric of
// each party named as a prefix and worded with one %s, shares counted in
// runs, groups in column order.
func TestTable(t *testing.T) {
	seen := map[string]bool{}
	var last Group
	for _, m := range All() {
		for _, name := range append([]string{m.Name}, m.Also...) {
			if seen[name] || name == "" {
				t.Errorf("name %q is empty or repeated", name)
			}
			seen[name] = true
		}
		if m.Group < last {
			t.Errorf("%s: group %d after group %d; the table follows the columns of runs.csv", m.Name, m.Group, last)
		}
		last = m.Group
		verbs := 0
		if m.PerParty {
			verbs = 1
		}
		if strings.HasSuffix(m.Name, "_") != m.PerParty || strings.Count(m.Title, "%s") != verbs || strings.Count(m.Meaning, "%s") != verbs {
			t.Errorf("%s: a metric of each party has a name ending in _ and one %%s in its title and meaning; PerParty = %v", m.Name, m.PerParty)
		}
		if m.Title == "" || m.Meaning == "" || strings.ContainsAny(m.Meaning+m.Title, "\n.") {
			t.Errorf("%s: want a title and a one-sentence meaning without a full stop", m.Name)
		}
		if m.Share && (m.Unit != "share of runs" || !m.FromZero) {
			t.Errorf("%s: a share counts runs from zero; unit %q", m.Name, m.Unit)
		}
		if m.Unit == "" && (m.Share || m.FromZero) {
			t.Errorf("%s: a text metric has no axis", m.Name)
		}
	}
	all := All()
	all[0].Name = "changed"
	if All()[0].Name == "changed" {
		t.Error("All returns the table itself")
	}
}

func TestColumns(t *testing.T) {
	parties := [2]string{"a", "b"}
	for _, tc := range []struct {
		g    Group
		want string
	}{
		{Utility, "u_a u_b ud_a ud_b concession_a concession_b"},
		{Measure, "dist_pareto dist_nash dist_ks welfare nash_product surplus_share_a surplus_share_b advantage_a advantage_b conceded_more"},
		{Facilitator, "invited invite_round asked_first invite_reason mediations drafts drafts_accepted mediated guarantee guarantee_cost facilitator_utility dismissed_by"},
	} {
		if got := strings.Join(Columns(tc.g, parties), " "); got != tc.want {
			t.Errorf("Columns(%d) = %s\nwant %s", tc.g, got, tc.want)
		}
	}
}

func TestLookup(t *testing.T) {
	parties := []string{"armenia", "azerbaijan"}
	for _, tc := range []struct {
		name, want, party string
	}{
		{"welfare", "welfare", ""},
		{"agreement_round", "round", ""},
		{"u_armenia", "u_", "armenia"},
		{"ud_azerbaijan", "ud_", "azerbaijan"},
		{"surplus_share_armenia", "surplus_share_", "armenia"},
		{"conceded_more", "conceded_more", ""},
		{"u_georgia", "", ""},
		{"conceded_more_armenia", "", ""},
		{"end_deadline", "", ""},
		{"u_", "", ""},
	} {
		m, party, ok := Lookup(tc.name, parties...)
		if ok != (tc.want != "") || m.Name != tc.want || party != tc.party {
			t.Errorf("Lookup(%q) = %q, %q, %v; want %q, %q", tc.name, m.Name, party, ok, tc.want, tc.party)
		}
	}
	if _, _, ok := Lookup("u_armenia"); ok {
		t.Error("Lookup found a party's metric without the parties")
	}
	m, party, _ := Lookup("advantage_azerbaijan", parties...)
	if got := m.MeaningOf(party); !strings.Contains(got, "azerbaijan") || m.TitleOf(party) != "advantage of azerbaijan" {
		t.Errorf("meaning %q, title %q: want the party named", got, m.TitleOf(party))
	}
	if !slices.ContainsFunc(All(), func(m Metric) bool { return m.Name == "invited" && m.Share }) {
		t.Error("invited is not a share of runs")
	}
}

func ExampleLookup() {
	m, party, _ := Lookup("ud_seller", "buyer", "seller")
	fmt.Println(m.TitleOf(party), "in", m.Unit)
	m, _, _ = Lookup("dist_nash")
	fmt.Println(m.Title+":", m.Meaning)
	// Output:
	// discounted utility to seller in utility
	// distance to Nash point: distance of the agreed outcome from the Nash solution (agreements only, guarantee left out)
}
