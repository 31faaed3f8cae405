package results

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/sim"
)

// uncertainAssumptions returns the assumptions of fixture.Uncertain as
// the Recorder records them.
func uncertainAssumptions() []Assumption {
	var out []Assumption
	for j, p := range fixture.UncertainPaths {
		out = append(out, Assumption{Path: p, Dist: fixture.UncertainDists[j], Kind: fixture.UncertainKinds[j], Values: fixture.UncertainValues[j]})
	}
	return out
}

func newUncertain() sim.Sampler { return fixture.NewUncertain(0.1, sim.RandomFirst) }

// recordUncertain plays runs of fixture.Uncertain on workers and records
// them into dir with charts when charts is set.
func recordUncertain(t *testing.T, dir string, runs, trace, workers int, charts bool) *Recorder {
	t.Helper()
	m := testManifest(runs)
	m.Assumptions = uncertainAssumptions()
	opt := testOptions(trace, charts)
	opt.NewSampler, opt.Workers = newUncertain, workers
	nominal := fixture.Negotiation(t, 0.1, sim.RandomFirst, 0)
	r, err := NewRecorder(dir, nominal, m, opt)
	if err != nil {
		t.Fatal(err)
	}
	b := sim.Batch{NewSampler: newUncertain, Runs: runs, Seed: 7, Workers: workers, Trace: trace, Observe: r.Observer()}
	if err := b.Run(t.Context(), r.Add); err != nil {
		r.Abort()
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestRecorderAssumptions checks what a batch whose runs draw their own
// negotiations writes: the draws as the last columns of runs.csv (a
// category by its value's name), the assumptions in the manifest, every
// run measured against the negotiation it played (not the nominal one),
// and the utilities of rounds.csv those of the run's own parties.
func TestRecorderAssumptions(t *testing.T) {
	dir := t.TempDir()
	const runs, trace = 40, 3
	rec := recordUncertain(t, dir, runs, trace, 2, false)

	rows := readCSV(t, dir, RunsFile)
	if len(rows) != runs {
		t.Fatalf("%d rows, want %d", len(rows), runs)
	}
	head := readRows(t, filepath.Join(dir, RunsFile))[0]
	if got := head[len(head)-3:]; !slices.Equal(got, fixture.UncertainPaths) {
		t.Errorf("last columns %q, want the assumption paths %q", got, fixture.UncertainPaths)
	}
	replay := newUncertain()
	nominal := fixture.Negotiation(t, 0.1, sim.RandomFirst, 0)
	nominalAn := sim.Analyze(nominal)
	differs := 0
	for i, row := range rows {
		seed := sim.RunSeed(7, i)
		n, draw, err := replay.Sample(0, seed, nil)
		if err != nil {
			t.Fatal(err)
		}
		for j, p := range fixture.UncertainPaths[:2] {
			if want := formatFloat(draw[j]); row[p] != want {
				t.Errorf("run %d: %s = %q, want %q", i, p, row[p], want)
			}
		}
		if want := fixture.UncertainValues[2][int(draw[2])]; row[fixture.UncertainPaths[2]] != want {
			t.Errorf("run %d: strategy %q, want %q", i, row[fixture.UncertainPaths[2]], want)
		}
		// Replaying the run on its own negotiation gives its row.
		b := sim.Batch{Negotiation: n, Runs: i + 1, Seed: 7, Workers: 1, Measure: true}
		var res sim.Result
		if err := b.Run(t.Context(), func(r *sim.Result) error { res = *r; return nil }); err != nil {
			t.Fatal(err)
		}
		if row["u_south"] != formatFloat(res.Utility[1]) || row["advantage_south"] != formatFloat(res.Metrics.Advantage[1]) {
			t.Errorf("run %d: u_south %s advantage_south %s, want %v and %v, as the run's own negotiation gives", i, row["u_south"], row["advantage_south"], res.Utility[1], res.Metrics.Advantage[1])
		}
		if formatFloat(nominalAn.Metrics(res.Utility).Advantage[1]) != row["advantage_south"] {
			differs++
		}
	}
	if differs == 0 {
		t.Error("every run's advantage is the nominal negotiation's: the test draws nothing that matters")
	}

	// rounds.csv values each offer with the parties of its run.
	for _, row := range readCSV(t, dir, RoundsFile) {
		run, _ := strconv.Atoi(row["run"])
		n, _, err := replay.Sample(0, sim.RunSeed(7, run), nil)
		if err != nil {
			t.Fatal(err)
		}
		if row["corridor"] == "" {
			continue
		}
		idx := []int{
			slices.IndexFunc(n.Space.Issues()[0].Values, func(v sim.Value) bool { return v.ID == row["corridor"] }),
			slices.IndexFunc(n.Space.Issues()[1].Values, func(v sim.Value) bool { return v.ID == row["border"] }),
			slices.IndexFunc(n.Space.Issues()[2].Values, func(v sim.Value) bool { return v.ID == row["recognition"] }),
		}
		o := n.Space.Encode(idx)
		if want := formatFloat(n.Parties[0].Utility.Of(o)); row["u_north"] != want {
			t.Errorf("rounds.csv run %d step %s: u_north %s, want %s (the run's own utility)", run, row["step"], row["u_north"], want)
		}
	}

	var m Manifest
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(m.Assumptions, uncertainAssumptions(), func(a, b Assumption) bool {
		return a.Path == b.Path && a.Dist == b.Dist && a.Kind == b.Kind && slices.Equal(a.Values, b.Values)
	}) {
		t.Errorf("manifest assumptions %+v, want %+v", m.Assumptions, uncertainAssumptions())
	}
	if n0 := rec.RunNegotiation(0); n0 == nil || n0 == nominal {
		t.Error("RunNegotiation(0) is not run 0's own negotiation")
	}
}

// TestRecorderAssumptionsDeterministic: the folder of a batch with
// assumptions, charts included, is the same for any number of workers,
// and Replot draws the same charts again.
func TestRecorderAssumptionsDeterministic(t *testing.T) {
	var dirs [2]string
	for k, workers := range []int{1, 3} {
		dirs[k] = t.TempDir()
		recordUncertain(t, dirs[k], 30, 2, workers, true)
	}
	files := append(slices.Clone(tableFiles), SensitivityFile)
	files = append(files, allChartFiles()...)
	for _, name := range files {
		a, errA := os.ReadFile(filepath.Join(dirs[0], name))
		b, errB := os.ReadFile(filepath.Join(dirs[1], name))
		if errA != nil || errB != nil {
			t.Fatalf("%v %v", errA, errB)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between 1 and 3 workers", name)
		}
	}
	nominal := fixture.Negotiation(t, 0.1, sim.RandomFirst, 0)
	if _, err := Replot(dirs[0], nominal); err == nil || !strings.Contains(err.Error(), "NewSampler") {
		t.Errorf("Replot without a sampler: %v, want an error asking for one", err)
	}
	before := map[string][]byte{}
	for _, name := range allChartFiles() {
		before[name], _ = os.ReadFile(filepath.Join(dirs[0], name))
		os.Remove(filepath.Join(dirs[0], name))
	}
	rep, err := ReplotWith(t.Context(), dirs[0], nominal, ReplotOptions{NewSampler: newUncertain})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Files) != len(allChartFiles()) {
		t.Errorf("replot wrote %v", rep.Files)
	}
	for _, name := range allChartFiles() {
		got, err := os.ReadFile(filepath.Join(dirs[0], name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, before[name]) {
			t.Errorf("replotted %s differs from the recorded one", name)
		}
	}
}

// TestRecorderAssumptionsMisuse: the mistakes a caller can make with
// assumptions are errors, not wrong tables.
func TestRecorderAssumptionsMisuse(t *testing.T) {
	nominal := fixture.Negotiation(t, 0.1, sim.RandomFirst, 0)
	m := testManifest(1)
	m.Assumptions = uncertainAssumptions()
	if _, err := NewRecorder(t.TempDir(), nominal, m, testOptions(1, false)); err == nil || !strings.Contains(err.Error(), "NewSampler") {
		t.Errorf("traced runs without a sampler: %v", err)
	}
	for _, bad := range [][]Assumption{
		{{Path: "", Kind: KindNumber}},
		{{Path: "x", Kind: "real"}},
		{{Path: "x", Kind: KindCategory}},
		{{Path: "x", Kind: KindNumber}, {Path: "x", Kind: KindNumber}},
		{{Path: "u_north", Kind: KindNumber}},
	} {
		m.Assumptions = bad
		if _, err := NewRecorder(t.TempDir(), nominal, m, testOptions(-1, false)); err == nil {
			t.Errorf("assumptions %+v accepted", bad)
		}
	}

	m.Assumptions = uncertainAssumptions()
	opt := testOptions(-1, false)
	opt.NewSampler = newUncertain
	res := fixture.Play(t, nominal, 1, 0, 7)[0]
	for _, c := range []struct {
		name string
		edit func(r *sim.Result)
		want string
	}{
		{"no metrics", func(r *sim.Result) { r.Draw = []float64{0.5, 0.2, 1} }, "metrics"},
		{"short draw", func(r *sim.Result) { r.Metrics = &sim.Metrics{}; r.Draw = []float64{0.5} }, "1 values drawn for 3"},
		{"bad category", func(r *sim.Result) { r.Metrics = &sim.Metrics{}; r.Draw = []float64{0.5, 0.2, 2} }, "not the index"},
	} {
		rec, err := NewRecorder(t.TempDir(), nominal, m, opt)
		if err != nil {
			t.Fatal(err)
		}
		r := *res
		c.edit(&r)
		if err := rec.Add(&r); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error about %q", c.name, err, c.want)
		}
		rec.Abort()
	}
}

func TestAssumptionCells(t *testing.T) {
	for _, c := range []struct {
		a    Assumption
		x    float64
		want string
	}{
		{Assumption{Path: "p", Kind: KindNumber}, 0.1, "0.1"},
		{Assumption{Path: "p", Kind: KindInteger}, 42, "42"},
		{Assumption{Path: "p", Kind: KindCategory, Values: []string{"east", "west"}}, 1, "west"},
	} {
		got, err := c.a.cell(c.x)
		if err != nil || got != c.want {
			t.Errorf("%+v of %v: %q, %v; want %q", c.a, c.x, got, err, c.want)
		}
		back, err := c.a.parse(got)
		if err != nil || back != c.x {
			t.Errorf("%+v: %q reads back as %v, %v", c.a, got, back, err)
		}
	}
	for _, c := range []struct {
		a Assumption
		x float64
	}{
		{Assumption{Path: "p", Kind: KindInteger}, 1.5},
		{Assumption{Path: "p", Kind: KindCategory, Values: []string{"a"}}, 1},
		{Assumption{Path: "p", Kind: KindCategory, Values: []string{"a"}}, 0.5},
		{Assumption{Path: "p", Kind: KindNumber}, 0 / zero},
	} {
		if got, err := c.a.cell(c.x); err == nil {
			t.Errorf("%+v of %v: %q, want an error", c.a, c.x, got)
		}
	}
}

var zero float64
