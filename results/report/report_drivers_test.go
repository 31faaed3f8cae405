package report

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/parley-sim/parley/results"
	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/sim"
)

// recordUncertainFolder records runs of the fixture's negotiation with
// uncertain assumptions (fixture.Uncertain) into a fresh folder.
func recordUncertainFolder(t *testing.T, runs int) string {
	t.Helper()
	dir := t.TempDir()
	var as []results.Assumption
	for j, p := range fixture.UncertainPaths {
		as = append(as, results.Assumption{Path: p, Dist: fixture.UncertainDists[j], Kind: fixture.UncertainKinds[j], Values: fixture.UncertainValues[j]})
	}
	m := results.Manifest{
		Version: "v0.1.0-test", GoVersion: "go1.26.8", OS: "linux", Arch: "amd64",
		Scenario: "uncertain", Seed: 7, Runs: runs, Workers: 2, Assumptions: as,
		Started: time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC),
	}
	newSampler := func() sim.Sampler { return fixture.NewUncertain(0.1, sim.RandomFirst) }
	finished := time.Date(2026, 3, 1, 9, 30, 2, 0, time.UTC)
	opt := results.Options{Trace: 1, Workers: 2, NewSampler: newSampler, Now: func() time.Time { return finished }}
	r, err := results.NewRecorder(dir, fixture.Negotiation(t, 0.1, sim.RandomFirst, 0), m, opt)
	if err != nil {
		t.Fatal(err)
	}
	b := sim.Batch{NewSampler: newSampler, Runs: runs, Seed: 7, Workers: 2, Trace: 1, Observe: r.Observer()}
	if err := b.Run(t.Context(), r.Add); err != nil {
		r.Abort()
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestReportDrivers: the report of a run with uncertain assumptions has
// the section "What drives the outcome", with findings, the sensitivity
// chart (there only) and sensitivity.csv; a run without has none.
func TestReportDrivers(t *testing.T) {
	dir := recordUncertainFolder(t, 200)
	page := reportOf(t, dir, Options{})
	checkWellFormed(t, page)
	i := strings.Index(page, `<section id="drivers">`)
	if i < 0 {
		t.Fatal("no drivers section")
	}
	section := page[i : i+strings.Index(page[i:], "</section>")]
	for _, want := range []string{"What drives the outcome", `id="chart-sensitivity"`, "sensitivity.csv", "parties.south.strategy.type", "Utility to "} {
		if !strings.Contains(section, want) {
			t.Errorf("the section lacks %q", want)
		}
	}
	if n := strings.Count(page, `id="chart-sensitivity"`); n != 1 {
		t.Errorf("the sensitivity chart appears %d times", n)
	}
	if !strings.Contains(page, `href="#drivers"`) {
		t.Error("no link to the section")
	}
	// A finding claims a direction only from an interval that excludes 0.
	for _, line := range strings.Split(section, "<li>") {
		if strings.Contains(line, "rises with") || strings.Contains(line, "falls with") {
			if !strings.Contains(line, "95% interval") {
				t.Errorf("a direction without its interval: %q", line)
			}
		}
	}

	plain := recordReportFolder(t)
	if strings.Contains(reportOf(t, plain, Options{}), `id="drivers"`) {
		t.Error("a run without assumptions has a drivers section")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatal(err)
	}
}

// TestDriversOfFindings checks the findings against a table written by
// hand: a dominant categorical assumption, a numeric one whose interval
// excludes 0, one whose interval includes it, and an outcome the same in
// every run.
func TestDriversOfFindings(t *testing.T) {
	all := &repTable{Header: []string{"metric", "parameter", "kind", "runs", "src", "src_abs_rank", "r2", "sobol_first", "sobol_rank", "groups", "sobol_null", "note", "src_lo", "src_hi", "src_method"}}
	all.Rows = [][]string{
		{"agreement", "a", "numeric", "100", "", "", "", "", "", "", "", "the same at every run: no sensitivity", "", "", ""},
		{"u_x", "a", "numeric", "100", "0.6", "1", "0.5", "0.4", "1", "10", "0.09", "", "0.5", "0.7", "bootstrap_percentile"},
		{"u_x", "b", "numeric", "100", "-0.05", "2", "0.5", "0.1", "2", "10", "0.09", "", "-0.2", "0.1", "bootstrap_percentile"},
		{"u_x", "c", "categorical", "100", "", "", "", "0.05", "3", "2", "0.01", "categorical", "", "", ""},
		{"round", "a", "numeric", "100", "0.01", "1", "0.01", "0.08", "1", "10", "0.09", "", "-0.1", "0.12", "bootstrap_percentile"},
	}
	d := driversOf(all, nil, nil, map[string]string{"agreement": "Agreement", "u_x": "Utility to X", "round": "Round"})
	want := []string{
		"Agreement: the same at every run.",
		"Utility to X: a alone accounts for about 40% of its variance across the runs (first-order Sobol index 0.40, against 0.09 expected of an assumption without influence); it rises with a (SRC 0.60, 95% interval 0.50 to 0.70).",
		"Round: no assumption moves it detectably: every Sobol index is close to what an assumption without influence gets, and every regression coefficient's 95% interval includes 0.",
	}
	if len(d.Findings) != len(want) {
		t.Fatalf("findings %q", d.Findings)
	}
	for k := range want {
		if d.Findings[k] != want[k] {
			t.Errorf("finding %d:\n%s\nwant\n%s", k, d.Findings[k], want[k])
		}
	}
}
