package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// readTable reads a CSV file of a folder: its header and rows.
func readTable(t *testing.T, path string) ([]string, [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s is empty", path)
	}
	return rows[0], rows[1:]
}

// mustRun runs parley in-process and fails the test unless it succeeds.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, stdout, stderr := runCode(args...)
	if code != 0 {
		t.Fatalf("parley %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
	}
	return stdout
}

// uncertainSets are --set arguments that make used-car a scenario with
// uncertain assumptions: a number, a category and a weight.
var uncertainSets = []string{
	"--set", "parties.buyer.discount={uniform: [0.85, 0.95]}",
	"--set", "parties.seller.strategy.type={choice: {boulware: 0.5, conceder: 0.5}}",
	"--set", "parties.buyer.weights.price={triangular: [0.2, 0.45, 0.7]}",
}

// TestRunUncertain checks parley run of a scenario with uncertain
// assumptions: one column per assumption after the others, holding the
// value drawn (a category's name); the distributions in the manifest; the
// same bytes for any number of workers; and parley plot drawing the same
// charts again.
func TestRunUncertain(t *testing.T) {
	t.Chdir(t.TempDir())
	args := append([]string{"run", "used-car", "--runs", "60", "--seed", "4", "--trace", "2", "--quiet"}, uncertainSets...)
	mustRun(t, append(args, "--out", "w1", "--workers", "1")...)
	mustRun(t, append(args, "--out", "w2", "--workers", "2")...)

	head, rows := readTable(t, "w1/runs.csv")
	want := []string{"parties.seller.strategy.type", "parties.buyer.discount", "parties.buyer.weights.price"}
	if got := head[len(head)-3:]; !slices.Equal(got, want) {
		t.Fatalf("last columns %q, want %q", got, want)
	}
	types := map[string]bool{}
	for _, r := range rows {
		types[r[len(r)-3]] = true
	}
	if !types["boulware"] || !types["conceder"] || len(types) != 2 {
		t.Errorf("strategy column holds %v, want the names boulware and conceder", types)
	}
	man, err := os.ReadFile("w1/manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`"assumptions": [`, `"path": "parties.buyer.discount"`, `"distribution": "{uniform: [0.85, 0.95]}"`, `"kind": "category"`} {
		if !bytes.Contains(man, []byte(s)) {
			t.Errorf("manifest.json lacks %s", s)
		}
	}
	entries, err := os.ReadDir("w1")
	if err != nil {
		t.Fatal(err)
	}
	var charts []string
	for _, e := range entries {
		name := e.Name()
		if name == "manifest.json" || name == "transcript.txt" {
			continue // the manifest records the workers and times
		}
		a, _ := os.ReadFile(filepath.Join("w1", name))
		b, err := os.ReadFile(filepath.Join("w2", name))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between 1 and 2 workers (%v)", name, err)
		}
		if strings.HasSuffix(name, ".png") || strings.HasSuffix(name, ".svg") {
			charts = append(charts, name)
		}
	}
	if len(charts) < 8 {
		t.Fatalf("only the charts %v", charts)
	}
	// parley plot of a copy without charts draws the same bytes.
	if err := os.MkdirAll("re", 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if slices.Contains(charts, e.Name()) {
			continue
		}
		b, _ := os.ReadFile(filepath.Join("w1", e.Name()))
		if err := os.WriteFile(filepath.Join("re", e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mustRun(t, "plot", "re")
	for _, name := range charts {
		a, _ := os.ReadFile(filepath.Join("w1", name))
		b, err := os.ReadFile(filepath.Join("re", name))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("parley plot drew another %s (%v)", name, err)
		}
	}
}

// TestSweepUncertainLabelOnly checks common random numbers at the level of
// the command: a sweep over a label, which changes nothing in the talks,
// of a base with a breakdown risk, a random first mover and uncertain
// assumptions, gives rows of points.csv and runs.csv that are identical
// but for the point and the label; the draws are columns of runs.csv; and
// the manifest says the random numbers are common.
func TestSweepUncertainLabelOnly(t *testing.T) {
	t.Chdir(t.TempDir())
	sweep := `name: label-only
scenario: used-car
design: grid
replications: 40
seed: 9
fixed:
  protocol.breakdown: 0.05
  protocol.first: random
  parties.buyer.discount: {uniform: [0.85, 0.95]}
  parties.seller.strategy.type: {choice: {boulware: 0.5, conceder: 0.5}}
parameters:
  issues.price.label: [Price, Cost, Sum]
`
	if err := os.WriteFile("label.yaml", []byte(sweep), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "sweep", "label.yaml", "--out", "out", "--no-charts", "--quiet")
	man, err := os.ReadFile("out/manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`"random_numbers": "common"`, `"path": "parties.buyer.discount"`} {
		if !bytes.Contains(man, []byte(s)) {
			t.Errorf("manifest.json lacks %s", s)
		}
	}

	head, rows := readTable(t, "out/points.csv")
	label := slices.Index(head, "issues.price.label")
	if head[0] != "point" || label < 0 || len(rows) != 3 {
		t.Fatalf("points.csv: header %q, %d rows", head, len(rows))
	}
	strip := func(r []string) string {
		var keep []string
		for i, c := range r {
			if i != 0 && i != label {
				keep = append(keep, c)
			}
		}
		return strings.Join(keep, ",")
	}
	for _, r := range rows[1:] {
		if strip(r) != strip(rows[0]) {
			t.Errorf("point %s differs from point 0 in more than its label:\n%s\n%s", r[0], strip(r), strip(rows[0]))
		}
	}
	if rows[0][slices.Index(head, "agreement_rate")] == "1" {
		t.Error("every run agreed: the breakdown risk does not reach the runs, and the test proves little")
	}

	head, runs := readTable(t, "out/runs.csv")
	if got := head[len(head)-2:]; !slices.Equal(got, []string{"parties.seller.strategy.type", "parties.buyer.discount"}) {
		t.Errorf("runs.csv ends with %q, want the assumptions", got)
	}
	label = slices.Index(head, "issues.price.label")
	if len(runs) != 120 {
		t.Fatalf("%d runs, want 120", len(runs))
	}
	for i := 40; i < 120; i++ {
		if strip(runs[i]) != strip(runs[i%40]) {
			t.Fatalf("replication %d of point %d differs from point 0's:\n%s\n%s", i%40, i/40, strip(runs[i]), strip(runs[i%40]))
		}
	}
}
