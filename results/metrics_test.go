package results

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/results/metric"
	"github.com/parley-sim/parley/sim"
	"github.com/parley-sim/parley/sim/stats"
)

// readCSV reads a whole table of dir as maps from column to cell.
func readCSV(t *testing.T, dir, name string) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, row := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = row[i]
		}
		out = append(out, m)
	}
	return out
}

// TestRunsMetrics checks the metric and facilitator columns of runs.csv
// against sim's own Analysis and the results of the same batch played
// again.
func TestRunsMetrics(t *testing.T) {
	n := fixture.Facilitated(t)
	dir := t.TempDir()
	record(t, dir, n, 40, 0, Options{NoCharts: true})
	rows := readCSV(t, dir, RunsFile)
	results := fixture.Play(t, n, 40, 0, 7)
	an := sim.Analyze(n)
	if len(rows) != len(results) {
		t.Fatalf("%d rows for %d runs", len(rows), len(results))
	}
	party := func(i int) string {
		if i < 0 {
			return ""
		}
		return n.Parties[i].ID
	}
	var invited, mediated, guaranteed int
	for k, res := range results {
		row := rows[k]
		m := an.Metrics(res.Utility)
		// The distances compare outcomes of the issue space: the agreed
		// outcome without the guarantee; none without agreement.
		dist := [3]string{}
		if res.Agreed() {
			d := an.Metrics([2]float64{n.Parties[0].Utility.Of(res.Agreement), n.Parties[1].Utility.Of(res.Agreement)})
			dist = [3]string{formatFloat(d.DistPareto), formatFloat(d.DistNash), formatFloat(d.DistKS)}
			if res.Mediation.Guarantee != "" && d.DistNash == m.DistNash {
				t.Errorf("run %d: the guarantee leaves dist_nash %v unchanged; the test cannot tell", k, d.DistNash)
			}
		}
		want := map[string]string{
			"dist_pareto": dist[0], "dist_nash": dist[1], "dist_ks": dist[2],
			"welfare": formatFloat(res.Utility[0] + res.Utility[1]), "nash_product": formatFloat(m.NashProduct),
			"surplus_share_north": formatFloat(m.SurplusShare[0]), "surplus_share_south": formatFloat(m.SurplusShare[1]),
			"advantage_north": formatFloat(m.Advantage[0]), "advantage_south": formatFloat(m.Advantage[1]),
			"invited": strconv.FormatBool(res.Mediation.Invited), "asked_first": party(res.Mediation.AskedFirst),
			"invite_reason": res.Mediation.Reason, "mediations": strconv.Itoa(res.Mediation.Mediations),
			"drafts": strconv.Itoa(res.Mediation.Drafts), "drafts_accepted": strconv.Itoa(res.Mediation.Accepted),
			"mediated": strconv.FormatBool(res.Mediation.Mediated), "guarantee": res.Mediation.Guarantee,
			"facilitator_utility": formatFloat(res.Mediation.Utility), "dismissed_by": party(res.Mediation.DismissedBy),
		}
		switch c := res.Concession; {
		case c[0] > c[1]+1e-9:
			want["conceded_more"] = "north"
		case c[1] > c[0]+1e-9:
			want["conceded_more"] = "south"
		default:
			want["conceded_more"] = "equal"
		}
		if res.Mediation.Invited {
			invited++
			want["invite_round"] = strconv.Itoa(res.Mediation.InviteRound)
		} else {
			want["invite_round"] = ""
		}
		if res.Mediation.Mediated {
			mediated++
		}
		if res.Mediation.Guarantee != "" {
			guaranteed++
			want["guarantee_cost"] = "0.01"
		} else {
			want["guarantee_cost"] = ""
		}
		for col, w := range want {
			if row[col] != w {
				t.Errorf("run %d, %s = %q, want %q", k, col, row[col], w)
			}
		}
		// Undefined metrics are empty, never NaN: a breakdown here gives
		// both parties less than their reservation value.
		if res.End == sim.EndBreakdown && row["surplus_share_north"] != "" {
			t.Errorf("run %d: surplus share %q without a gain", k, row["surplus_share_north"])
		}
	}
	// The batch must exercise the columns it checks.
	if invited == 0 || invited == len(results) || mediated == 0 || guaranteed == 0 {
		t.Errorf("weak test batch: %d invited, %d mediated, %d guaranteed of %d", invited, mediated, guaranteed, len(results))
	}
}

// TestSummaryMetrics checks the new rows of summary.csv against the
// exported statistics applied to the columns of runs.csv.
func TestSummaryMetrics(t *testing.T) {
	n := fixture.Facilitated(t)
	dir := t.TempDir()
	r := record(t, dir, n, 40, 0, Options{NoCharts: true})
	rows := readCSV(t, dir, RunsFile)
	s := r.Summary()
	column := func(col string) []float64 {
		var x []float64
		for _, row := range rows {
			if v := row[col]; v != "" {
				f, err := strconv.ParseFloat(v, 64)
				if err != nil {
					t.Fatal(err)
				}
				x = append(x, f)
			}
		}
		return x
	}
	for _, metric := range []string{"dist_pareto", "dist_nash", "dist_ks", "welfare", "nash_product",
		"surplus_share_north", "surplus_share_south", "advantage_north", "advantage_south", "invite_round", "facilitator_utility"} {
		x := column(metric)
		mean, lo, hi, err := stats.MeanCI(x, nil, 0.95)
		if err != nil {
			t.Fatalf("%s: %v", metric, err)
		}
		got, ok := s.Find(metric, "mean")
		if !ok || !within(got.Estimate, mean, 1e-12) || !within(got.Lower, lo, 1e-12) || !within(got.Upper, hi, 1e-12) || got.N != len(x) {
			t.Errorf("%s mean = %+v, want %v [%v, %v] of %d", metric, got, mean, lo, hi, len(x))
		}
		med, _, _, _ := stats.MedianCI(slices.Sorted(slices.Values(x)), nil, 0.95)
		if got, _ := s.Find(metric, "median"); got.Estimate != med {
			t.Errorf("%s median = %v, want %v", metric, got.Estimate, med)
		}
	}
	// The distances describe the agreements: the same population as
	// points.csv of a sweep.
	agreed := 0
	for _, row := range rows {
		if row["agreed"] == "true" {
			agreed++
		}
	}
	for _, metric := range []string{"dist_pareto", "dist_nash", "dist_ks"} {
		if got, _ := s.Find(metric, "mean"); got.N != agreed || agreed == len(rows) {
			t.Errorf("%s over %d runs, want the %d agreements of %d runs", metric, got.N, agreed, len(rows))
		}
	}
	count := func(col, value string) int {
		k := 0
		for _, row := range rows {
			if row[col] == value {
				k++
			}
		}
		return k
	}
	for _, c := range []struct{ metric, stat, col, value string }{
		{"invited", "rate", "invited", "true"},
		{"mediated", "rate", "mediated", "true"},
		{"conceded_more_north", "share", "conceded_more", "north"},
		{"conceded_more_south", "share", "conceded_more", "south"},
		{"conceded_more_equal", "share", "conceded_more", "equal"},
	} {
		k := count(c.col, c.value)
		lo, hi := stats.Wilson(k, len(rows), stats.Z(0.95))
		got, ok := s.Find(c.metric, c.stat)
		if !ok || got.Estimate != float64(k)/float64(len(rows)) || got.Lower != lo || got.Upper != hi || got.Method != "wilson" {
			t.Errorf("%s %s = %+v, want %d of %d [%v, %v]", c.metric, c.stat, got, k, len(rows), lo, hi)
		}
	}
}

func TestConcededMoreIndex(t *testing.T) {
	for _, c := range []struct {
		c    [2]float64
		want int
	}{
		{[2]float64{0.3, 0.1}, 0},
		{[2]float64{0.1, 0.3}, 1},
		{[2]float64{0.2, 0.2 + 1e-12}, -1},
		{[2]float64{0, 0}, -1},
		{[2]float64{math.NaN(), 0.5}, -1},
	} {
		if got := concededMoreIndex(c.c); got != c.want {
			t.Errorf("concededMoreIndex(%v) = %d, want %d", c.c, got, c.want)
		}
	}
}

func TestColumnsFacilitator(t *testing.T) {
	n := fixture.Facilitated(t)
	issues := slices.Clone(n.Space.Issues())
	issues[2].ID = "invited"
	sp, err := sim.NewSpace(issues)
	if err != nil {
		t.Fatal(err)
	}
	m := *n
	m.Space = sp
	m.Parties[0].ID = "equal"
	c, err := newColumns(&m)
	if err != nil {
		t.Fatal(err)
	}
	fac := metric.Columns(metric.Facilitator, c.party)
	if !slices.Contains(c.issue, "issue_invited") || !slices.Equal(c.runs[len(c.runs)-len(fac):], fac) {
		t.Errorf("runs header = %v", c.runs)
	}
	if len(c.warnings) != 2 || !fixture.HasWarning(c.warnings, `"equal"`) {
		t.Errorf("warnings = %v, want the renamed issue and the party called equal", c.warnings)
	}
	// Without a facilitator the columns are left out.
	c, err = newColumns(fixture.Negotiation(t, 0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(c.runs, "invited") || c.facilitated {
		t.Errorf("facilitator columns without a facilitator: %v", c.runs)
	}
	if !strings.HasSuffix(strings.Join(c.runs, ","), "advantage_south,conceded_more") {
		t.Errorf("runs header = %v", c.runs)
	}
}
