package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-sim/parley/results/internal/fixture"
)

// setCell returns a function that sets column col of data row row (from
// 1) of the table name of a folder to value.
func setCell(name string, row int, col, value string) func(dir string) error {
	return func(dir string) error {
		path := filepath.Join(dir, name)
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			return err
		}
		c := -1
		for i, h := range recs[0] {
			if h == col {
				c = i
			}
		}
		if c < 0 || row >= len(recs) {
			return fmt.Errorf("%s has no column %q or no row %d", name, col, row)
		}
		recs[row][c] = value
		var out bytes.Buffer
		w := csv.NewWriter(&out)
		if err := w.WriteAll(recs); err != nil {
			return err
		}
		return os.WriteFile(path, out.Bytes(), 0o644)
	}
}

// repeatRows returns a function that appends the last data row of the
// table name k more times.
func repeatRows(name string, k int) func(dir string) error {
	return func(dir string) error {
		path := filepath.Join(dir, name)
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		lines := strings.SplitAfter(strings.TrimSuffix(string(b), "\n"), "\n")
		last := lines[len(lines)-1] + "\n"
		return os.WriteFile(path, append(b[:len(b):len(b)], strings.Repeat(last, k)...), 0o644)
	}
}

// setManifest returns a function that sets the key of manifest.json to
// the JSON value.
func setManifest(key, value string) func(dir string) error {
	return func(dir string) error {
		path := filepath.Join(dir, ManifestFile)
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			return err
		}
		m[key] = json.RawMessage(value)
		b, err = json.Marshal(m)
		if err != nil {
			return err
		}
		return os.WriteFile(path, b, 0o644)
	}
}

// TestReplotRefusesOutOfRange checks that every number read back from a
// folder that sizes anything (rounds, run indices, counts, rows) is
// checked against the negotiation (its deadline and outcome space) and the
// manifest (runs and traced runs) before it is used, and refused with the
// file, the line and the limit: a round of 999999999999 in runs.csv made
// parley plot allocate 8 TB.
func TestReplotRefusesOutOfRange(t *testing.T) {
	n := fixture.Facilitated(t)
	src := t.TempDir()
	record(t, src, n, 6, 2, testOptions(2, false))
	deadline := n.Protocol.Deadline
	d := fmt.Sprint(deadline)
	for _, c := range []struct {
		name  string
		spoil func(dir string) error
		want  string
	}{
		{"round at the deadline", setCell(RunsFile, 2, "round", d), "round " + d},
		{"round of 999999999999", setCell(RunsFile, 1, "round", "999999999999"), "round 999999999999"},
		{"negative round", setCell(RunsFile, 1, "round", "-2"), "round -2"},
		{"invite round beyond the deadline", setCell(RunsFile, 1, "invite_round", "999999999999"), "invite_round 999999999999"},
		{"run beyond the manifest's runs", setCell(RunsFile, 6, "run", "6"), "run 6"},
		{"more rows than runs", repeatRows(RunsFile, 3), RunsFile},
		{"event round beyond the deadline", setCell(RoundsFile, 1, "round", "999999999999"), "round 999999999999"},
		{"untraced run in rounds.csv", setCell(RoundsFile, 1, "run", "5"), "run 5"},
		{"too many events", repeatRows(RoundsFile, 200_000), RoundsFile},
		{"convergence round beyond the deadline", setCell(ConvergenceFile, 1, "round", "999999999999"), "round 999999999999"},
		{"convergence count beyond the runs", setCell(ConvergenceFile, 1, "n", "7"), "n 7"},
		{"frontier longer than the space", repeatRows(FrontierFile, n.Space.Size()), FrontierFile},
		{"negative runs in the manifest", setManifest("runs", "-1"), "runs -1"},
		{"runs beyond the limit", setManifest("runs", "999999999999"), "runs 999999999999"},
		{"traced beyond the runs", setManifest("traced", "7"), "traced 7"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range tableFiles {
				b, err := os.ReadFile(filepath.Join(src, f))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := c.spoil(dir); err != nil {
				t.Fatal(err)
			}
			_, err := Replot(dir, n)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one saying %q", err, c.want)
			}
		})
	}
	if _, err := Replot(src, n); err != nil {
		t.Errorf("the recorded folder: %v", err)
	}
}
