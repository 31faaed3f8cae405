package results

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/sim"
)

// recordCompare plays a paired comparison of base and variant (seed 7,
// two workers) into dir.
func recordCompare(t *testing.T, dir string, base, variant *sim.Negotiation, runs int) (*CompareRecorder, error) {
	t.Helper()
	m := CompareManifest{Version: "v0.1.0-test", Seed: 7, Runs: runs, Workers: 2,
		Arms: [2]ArmManifest{{Label: "base", Scenario: "twostates", ScenarioYAML: "a"}, {Label: "variant", Scenario: "twostates", ScenarioYAML: "b"}}}
	r, err := NewCompareRecorder(dir, [2]*sim.Negotiation{base, variant}, m, CompareOptions{Now: func() time.Time { return testFinish }})
	if err != nil {
		return nil, err
	}
	p := sim.Paired{A: sim.Arm{Negotiation: base}, B: sim.Arm{Negotiation: variant}, Measure: true, Runs: runs, Seed: 7, Workers: 2}
	if err := p.Run(t.Context(), r.Add); err != nil {
		r.Abort()
		t.Fatal(err)
	}
	return r, r.Close()
}

// TestCompareRecorderColumns: a comparison of a negotiation without a
// facilitator and one with has, in runs.csv, the base's columns then the
// facilitator's, empty in the base's rows; pairs.csv has one row per run;
// the folder holds exactly the files its manifest lists.
func TestCompareRecorderColumns(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cmp")
	base, variant := fixture.Negotiation(t, 0.1, sim.RandomFirst, 0), fixture.Facilitated(t)
	r, err := recordCompare(t, dir, base, variant, 30)
	if err != nil {
		t.Fatal(err)
	}
	rows := readAllCSV(t, filepath.Join(dir, RunsFile))
	head := rows[0]
	if !slices.Equal(head[:3], []string{"run", "arm", "seed"}) || !slices.Contains(head, "invited") {
		t.Fatalf("runs.csv header %q", head)
	}
	inv := slices.Index(head, "invited")
	if len(rows) != 61 {
		t.Fatalf("runs.csv has %d rows, want 60 and the header", len(rows)-1)
	}
	for _, row := range rows[1:] {
		if (row[1] == ArmBase) != (row[inv] == "") {
			t.Errorf("run %s arm %s: invited = %q", row[0], row[1], row[inv])
		}
	}
	if pairs := readAllCSV(t, filepath.Join(dir, PairsFile)); len(pairs) != 31 {
		t.Errorf("pairs.csv has %d rows, want 30 and the header", len(pairs)-1)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if m := r.Manifest(); !slices.Equal(names, m.Files) || m.Kind != CompareKind || m.RandomNumbers != RandomNumbersCommon || m.Identical {
		t.Errorf("folder holds %q; manifest %+v", names, m)
	}
	if _, err := ReadCompareManifest(dir); err != nil {
		t.Errorf("ReadCompareManifest: %v", err)
	}
}

// TestCompareFolderKinds: a comparison is not written over a run's
// folder, nor a run over a comparison's, since each would lose the
// other's files.
func TestCompareFolderKinds(t *testing.T) {
	n := fixture.Negotiation(t, 0.1, sim.RandomFirst, 0)
	runDir := filepath.Join(t.TempDir(), "run")
	record(t, runDir, n, 5, 1, testOptions(1, false))
	if _, err := NewCompareRecorder(runDir, [2]*sim.Negotiation{n, n}, CompareManifest{}, CompareOptions{}); !errors.Is(err, ErrSweepRefused) || !strings.Contains(err.Error(), "no parley comparison writes") {
		t.Errorf("comparison over a run folder: %v", err)
	}
	cmpDir := filepath.Join(t.TempDir(), "cmp")
	if _, err := recordCompare(t, cmpDir, n, n, 5); err != nil {
		t.Fatal(err)
	}
	if _, err := NewRecorder(cmpDir, n, testManifest(5), testOptions(0, false)); !errors.Is(err, ErrSweepRefused) {
		t.Errorf("run over a comparison folder: %v", err)
	}
	if _, err := ReadCompareManifest(cmpDir); err != nil {
		t.Errorf("ReadCompareManifest: %v", err)
	}
	if _, err := ReadCompareManifest(runDir); !errors.Is(err, ErrNotCompare) {
		t.Errorf("ReadCompareManifest of a run folder: %v", err)
	}
}

func readAllCSV(t *testing.T, path string) [][]string {
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
	return rows
}

// TestReplotCompareDamaged: a comparison's runs.csv read back is not
// trusted: a damaged one is refused with the file and line, before
// anything is drawn.
func TestReplotCompareDamaged(t *testing.T) {
	n := fixture.Negotiation(t, 0.1, sim.RandomFirst, 0)
	src := filepath.Join(t.TempDir(), "cmp")
	if _, err := recordCompare(t, src, n, n, 4); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(filepath.Join(src, RunsFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(good), "\n"), "\n")
	cell := func(line, col int, v string) string { // the table with one cell changed
		out := slices.Clone(lines)
		cells := strings.Split(out[line], ",")
		cells[col] = v
		out[line] = strings.Join(cells, ",")
		return strings.Join(out, "\n") + "\n"
	}
	head := strings.Split(lines[0], ",")
	col := func(name string) int { return slices.Index(head, name) }
	for _, c := range []struct {
		name, runs, want string
	}{
		{"huge round", cell(1, col("round"), "999999999999"), "round"},
		{"arms swapped", cell(1, col("arm"), "variant"), "arm"},
		{"run beyond the manifest", cell(7, col("run"), "4"), "outside"},
		{"no variant row", strings.Join(lines[:len(lines)-1], "\n") + "\n", "no variant row"},
		{"not an option", cell(1, col("corridor"), "tunnel"), "not a value"},
		{"not a number", cell(1, col("u_north"), "lots"), "not a number"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "cmp")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{ManifestFile, PairsFile, DifferencesFile} {
				b, err := os.ReadFile(filepath.Join(src, f))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(dir, RunsFile), []byte(c.runs), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := ReplotCompare(t.Context(), dir, [2]*sim.Negotiation{n, n}, ReplotOptions{})
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), RunsFile) {
				t.Errorf("error %v, want one naming %s and %q", err, RunsFile, c.want)
			}
			if _, err := os.Stat(filepath.Join(dir, "compare-space.svg")); err == nil {
				t.Error("a chart was drawn from a damaged table")
			}
		})
	}
}

// FuzzCompareRuns reads arbitrary text as a comparison's runs.csv (4
// pairs of the fixture's negotiation): it must be refused with an error or
// read into at most the manifest's pairs, never panic.
func FuzzCompareRuns(f *testing.F) {
	n := fixture.Negotiation(f, 0.1, sim.RandomFirst, 0)
	src := filepath.Join(f.TempDir(), "cmp")
	r, err := NewCompareRecorder(src, [2]*sim.Negotiation{n, n}, CompareManifest{Runs: 4}, CompareOptions{NoCharts: true})
	if err != nil {
		f.Fatal(err)
	}
	p := sim.Paired{A: sim.Arm{Negotiation: n}, B: sim.Arm{Negotiation: n}, Measure: true, Runs: 4, Seed: 7}
	if err := p.Run(f.Context(), r.Add); err != nil {
		f.Fatal(err)
	}
	if err := r.Close(); err != nil {
		f.Fatal(err)
	}
	good, err := os.ReadFile(filepath.Join(src, RunsFile))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	lines := strings.Split(string(good), "\n")
	f.Add([]byte(strings.Join(lines[:len(lines)-2], "\n")))            // no variant row
	f.Add([]byte(strings.Replace(string(good), "base", "variant", 1))) // arms out of order
	f.Add([]byte(strings.Replace(string(good), ",closed,", ",999999999999,", 1)))
	f.Add([]byte(lines[0] + "\n"))
	m := r.Manifest()
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, err := newCompareReader(m, [2]*sim.Negotiation{n, n}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := rd.readRunsFrom(bytes.NewReader(data)); err == nil && rd.pairs.N() > m.Runs {
			t.Errorf("read %d pairs of a comparison of %d", rd.pairs.N(), m.Runs)
		}
	})
}
