package results

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parley-sim/parley/results/chart"
	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/sim"
)

// readAll returns the bytes of the named files of dir; missing files are
// absent from the map.
func readAll(t *testing.T, dir string, names []string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err == nil {
			out[name] = b
		} else if !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	return out
}

// TestReplotIdentical records batches with charts, deletes the charts,
// and checks that Replot draws the same bytes and leaves the manifest as
// it was.
func TestReplotIdentical(t *testing.T) {
	for _, c := range []recorderCase{
		{name: "facilitated", facilitated: true, runs: 40, trace: 3},
		{name: "mixed", breakdown: 0.2, first: sim.RandomFirst, runs: 20, trace: 8},
		{name: "walkaway", first: 0, walkAfter: 2, runs: 3, trace: 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			n := c.negotiation(t)
			r := record(t, dir, n, c.runs, c.trace, testOptions(c.trace, true))
			names := append(chartFiles(), ManifestFile)
			want := readAll(t, dir, names)
			for _, f := range chartFiles() {
				if err := os.Remove(filepath.Join(dir, f)); err != nil && !os.IsNotExist(err) {
					t.Fatal(err)
				}
			}
			rep, err := Replot(dir, n)
			if err != nil {
				t.Fatal(err)
			}
			// The charts' warnings, and no others.
			for _, w := range rep.Warnings {
				if !fixture.HasWarning(r.Summary().Warnings, w.Error()) {
					t.Errorf("warning %q, which the recorded run did not give", w)
				}
			}
			got := readAll(t, dir, names)
			for _, name := range names {
				if !bytes.Equal(got[name], want[name]) {
					t.Errorf("%s: %d bytes after Replot, %d recorded", name, len(got[name]), len(want[name]))
				}
			}
			var drawn []string
			for name := range want {
				if name != ManifestFile {
					drawn = append(drawn, name)
				}
			}
			slices.Sort(drawn)
			files := slices.Sorted(slices.Values(rep.Files))
			if !slices.Equal(files, drawn) {
				t.Errorf("Files = %v, want %v", rep.Files, drawn)
			}
			fixture.NoTemp(t, dir)
		})
	}
}

// TestReplotAfterNoCharts draws the charts of a run recorded without them:
// they match those of the same run recorded with charts, and the manifest
// now lists them.
func TestReplotAfterNoCharts(t *testing.T) {
	n := fixture.Facilitated(t)
	with, without := t.TempDir(), t.TempDir()
	record(t, with, n, 30, 2, testOptions(2, true))
	record(t, without, n, 30, 2, testOptions(2, false))
	if _, err := Replot(without, n); err != nil {
		t.Fatal(err)
	}
	want := readAll(t, with, append(chartFiles(), ManifestFile))
	got := readAll(t, without, append(chartFiles(), ManifestFile))
	for _, name := range chartFiles() {
		if !bytes.Equal(got[name], want[name]) {
			t.Errorf("%s differs from the chart of the recorded run", name)
		}
	}
	m, err := readManifest(filepath.Join(without, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range chartFiles() {
		if !slices.Contains(m.Files, name) {
			t.Errorf("manifest does not list %s: %v", name, m.Files)
		}
	}
}

// TestReplotOldFolder replots a folder without the analysis tables, as an
// older parley wrote them: a warning, and the same charts.
func TestReplotOldFolder(t *testing.T) {
	n := fixture.Negotiation(t, 0.2, sim.RandomFirst, 0)
	dir := t.TempDir()
	record(t, dir, n, 10, 1, testOptions(1, true))
	want := readAll(t, dir, chartFiles())
	for _, f := range []string{FrontierFile, SolutionsFile, ConvergenceFile} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := Replot(dir, n)
	if err != nil {
		t.Fatal(err)
	}
	if !fixture.HasWarning(rep.Warnings, "analysed again") {
		t.Errorf("warnings = %v", rep.Warnings)
	}
	got := readAll(t, dir, chartFiles())
	for name, b := range want {
		if name == chart.Convergence+".png" || name == chart.Convergence+".svg" {
			if _, ok := got[name]; ok {
				t.Errorf("%s drawn without convergence.csv", name)
			}
			continue
		}
		if !bytes.Equal(got[name], b) {
			t.Errorf("%s differs", name)
		}
	}
	m, err := readManifest(filepath.Join(dir, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(m.Files, chart.Convergence+".png") {
		t.Errorf("manifest still lists the convergence chart: %v", m.Files)
	}
}

func TestReplotErrors(t *testing.T) {
	n := fixture.Negotiation(t, 0.2, sim.RandomFirst, 0)
	src := t.TempDir()
	record(t, src, n, 6, 2, testOptions(2, false))
	other := fixture.Negotiation(t, 0, 0, 0)
	other.Parties[1].ID = "west"
	for _, c := range []struct {
		name  string
		n     *sim.Negotiation
		spoil func(dir string) error
		want  string
	}{
		{"no negotiation", nil, nil, "no negotiation"},
		{"other negotiation", other, nil, "do not fit"},
		{"no manifest", n, func(dir string) error { return os.Remove(filepath.Join(dir, ManifestFile)) }, "manifest"},
		{"bad manifest", n, func(dir string) error { return os.WriteFile(filepath.Join(dir, ManifestFile), []byte("{"), 0o644) }, "manifest.json"},
		{"no runs", n, func(dir string) error { return os.Remove(filepath.Join(dir, RunsFile)) }, RunsFile},
		{"bad end", n, replaceIn(RunsFile, ",agreement,", ",truce,"), "not an end reason"},
		{"bad value", n, replaceIn(RunsFile, ",closed,", ",ajar,"), "not a value"},
		{"bad action", n, replaceIn(RoundsFile, ",offer,", ",shrug,"), "not an event kind"},
		{"bad actor", n, replaceIn(RoundsFile, ",north,offer,", ",east,offer,"), "not a party"},
		{"bad seed", n, replaceIn(RunsFile, ",0x", ",1x"), "not a seed"},
		{"bad convergence", n, replaceIn(ConvergenceFile, ",north,north,", ",north,nobody,"), "not a party"},
		{"bad frontier", n, replaceIn(FrontierFile, ",true", ",yes please"), "not true or false"},
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
			if c.spoil != nil {
				if err := c.spoil(dir); err != nil {
					t.Fatal(err)
				}
			}
			_, err := Replot(dir, c.n)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one saying %q", err, c.want)
			}
			for _, f := range chartFiles() {
				if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
					t.Errorf("%s written despite the error", f)
				}
			}
		})
	}
}

// replaceIn returns a function that replaces the first old with new in
// the file name of a folder.
func replaceIn(name, old, new string) func(dir string) error {
	return func(dir string) error {
		path := filepath.Join(dir, name)
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !bytes.Contains(b, []byte(old)) {
			return fmt.Errorf("%s has no %q", name, old)
		}
		return os.WriteFile(path, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644)
	}
}

// FuzzReadTables feeds the table readers of Replot arbitrary text: each
// must read it or refuse it with an error, never panic. The seeds are the
// tables of a recorded run.
func FuzzReadTables(f *testing.F) {
	n, err := fixture.Build(0.2, sim.RandomFirst, 0)
	if err != nil {
		f.Fatal(err)
	}
	dir := f.TempDir()
	r, err := NewRecorder(dir, n, Manifest{}, Options{NoCharts: true, Trace: 2, Workers: 1})
	if err != nil {
		f.Fatal(err)
	}
	b := sim.Batch{Negotiation: n, Runs: 6, Seed: 1, Workers: 1, Trace: 2, Observe: r.Observer()}
	if err := b.Run(f.Context(), r.Add); err != nil {
		f.Fatal(err)
	}
	if err := r.Close(); err != nil {
		f.Fatal(err)
	}
	for _, name := range []string{RunsFile, RoundsFile, ConvergenceFile, FrontierFile, SolutionsFile} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
		if name == RunsFile || name == RoundsFile {
			// Issue 15's hostile folder: a round of 999999999999 once made
			// plot allocate 8 TB.
			lines := strings.SplitN(string(data), "\n", 3)
			if len(lines) == 3 {
				cells := strings.Split(lines[1], ",")
				for i, h := range strings.Split(lines[0], ",") {
					if h == "round" && i < len(cells) {
						cells[i] = "999999999999"
					}
				}
				f.Add(lines[0] + "\n" + strings.Join(cells, ",") + "\n" + lines[2])
			}
		}
	}
	f.Add("run,seed\n1,2\n")
	f.Add("")
	cols, err := newColumns(n)
	if err != nil {
		f.Fatal(err)
	}
	lim, err := folderLimits(n, r.Manifest())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		_, _, _ = readRounds(strings.NewReader(text), n, cols, lim)
		_ = readRuns(strings.NewReader(text), n, cols, lim, chart.NewTally(n.Space), map[int]*sim.Result{0: {Run: 0, End: unread}}, nil)
		_, _ = readConvergence(strings.NewReader(text), cols, lim)
		_, _ = readSpaceData(strings.NewReader(text), strings.NewReader(text), n, cols)
	})
}

func ExampleReplot() {
	dir, err := os.MkdirTemp("", "parley-example-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	// Record a run without charts…
	n := fixture.Example()
	b := sim.Batch{Negotiation: n, Runs: 20, Seed: 7, Trace: 1}
	r, err := NewRecorder(dir, n, Manifest{Scenario: "twostates", Seed: 7}, Options{Trace: 1, NoCharts: true, Workers: b.NumWorkers()})
	if err != nil {
		fmt.Println(err)
		return
	}
	b.Observe = r.Observer()
	if err := b.Run(context.Background(), r.Add); err != nil {
		r.Abort()
		fmt.Println(err)
		return
	}
	if err := r.Close(); err != nil {
		fmt.Println(err)
		return
	}
	// …and draw them later from its tables.
	rep, err := Replot(dir, n)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range rep.Files {
		fmt.Println(f)
	}
	// Output:
	// rounds.png
	// rounds.svg
	// utility-space.png
	// utility-space.svg
	// convergence.png
	// convergence.svg
	// outcomes.png
	// outcomes.svg
	// issues.png
	// issues.svg
}
