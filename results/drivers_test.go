package results

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/results/sweep"
	"github.com/parley-sim/parley/sim"
)

// syntheticDrivers returns the drivers of runs runs over the fixture's
// negotiation whose outcomes are set by hand from the draws: North's
// utility is linear in the corridor weight w alone, South's is set by the
// strategy drawn alone, the first issue's agreed value is the strategy's
// index, and a run agrees unless its number is a multiple of 5, whatever
// it drew.
func syntheticDrivers(t *testing.T, runs int) *drivers {
	t.Helper()
	n := fixture.Negotiation(t, 0.1, sim.RandomFirst, 0)
	cols, err := newColumns(n)
	if err != nil {
		t.Fatal(err)
	}
	if err := cols.withAssumptions(uncertainAssumptions()); err != nil {
		t.Fatal(err)
	}
	d := newDrivers(cols, n.Space)
	rng := rand.New(rand.NewPCG(1, 2))
	values := make([]int, n.Space.NumIssues())
	for i := range runs {
		w, r, k := 0.2+0.6*rng.Float64(), 0.1+0.3*rng.Float64(), float64(rng.IntN(2))
		u := [2]float64{0.3 + 0.5*w, 0.2 + 0.3*k}
		var agreed []int
		if i%5 != 0 {
			values[0] = int(k)
			agreed = values
		}
		d.add([]float64{w, r, k}, 3+i%4, u, u, agreed)
	}
	return d
}

// find returns the effect of param on outcome name in sens.
func find(t *testing.T, sens []sweep.Sensitivity, name, param string) (sweep.Sensitivity, sweep.Effect) {
	t.Helper()
	for _, m := range sens {
		if m.Name != name {
			continue
		}
		for _, e := range m.Effects {
			if e.Param.Path == param {
				return m, e
			}
		}
	}
	t.Fatalf("no row %s × %s", name, param)
	return sweep.Sensitivity{}, sweep.Effect{}
}

// TestDriversOracle: outcomes made from the draws by hand are traced back
// to the assumptions that made them, and to no other.
func TestDriversOracle(t *testing.T) {
	const runs = 300
	d := syntheticDrivers(t, runs)
	sens := d.analyse(11, 2)
	var names []string
	for _, m := range sens {
		names = append(names, m.Name)
	}
	issue := d.cols.issue[0]
	first := d.space.Issues()[0].Values
	want := []string{"agreement", "u_north", "u_south", "ud_north", "ud_south", "round", issue + "=" + first[0].ID, issue + "=" + first[1].ID}
	if !slices.Equal(names[:len(want)], want) {
		t.Errorf("outcomes %q, want %q first", names, want)
	}
	w, r, k := fixture.UncertainPaths[0], fixture.UncertainPaths[1], fixture.UncertainPaths[2]

	// North's utility is w, rescaled: an SRC of 1 with a tight interval
	// inside [−1, 1], and nothing for r.
	m, e := find(t, sens, "u_north", w)
	if !(e.SRC > 0.999 && e.SRCLo > 0.99 && e.SRCHi <= 1) || e.SRCMethod != "bootstrap_percentile" {
		t.Errorf("u_north on %s: SRC %v [%v, %v] %s, want 1 in a tight bootstrap interval", w, e.SRC, e.SRCLo, e.SRCHi, e.SRCMethod)
	}
	if m.Points != runs || !(m.R2 > 0.999) {
		t.Errorf("u_north: %d runs, R² %v", m.Points, m.R2)
	}
	if _, e := find(t, sens, "u_north", r); !(e.SRCLo < 0 && e.SRCHi > 0) {
		t.Errorf("u_north on %s: SRC %v [%v, %v], want an interval around 0", r, e.SRC, e.SRCLo, e.SRCHi)
	}
	// South's utility is the strategy drawn: a categorical assumption,
	// with a Sobol index of 1 and no SRC.
	if _, e := find(t, sens, "u_south", k); !(e.Sobol > 0.999) || !math.IsNaN(e.SRC) {
		t.Errorf("u_south on %s: Sobol %v, SRC %v; want 1 and none", k, e.Sobol, e.SRC)
	}
	// The first issue's agreed value is the strategy too, over the agreed
	// runs only.
	m, e = find(t, sens, issue+"="+first[1].ID, k)
	if m.Points != runs-runs/5 || !(e.Sobol > 0.999) {
		t.Errorf("%s=%s: %d runs, Sobol %v; want %d agreed runs and 1", issue, first[1].ID, m.Points, e.Sobol, runs-runs/5)
	}
	// Agreement does not depend on any draw.
	for _, p := range []string{w, r} {
		if _, e := find(t, sens, "agreement", p); !(e.SRCLo < 0 && e.SRCHi > 0) {
			t.Errorf("agreement on %s: SRC %v [%v, %v], want an interval around 0", p, e.SRC, e.SRCLo, e.SRCHi)
		}
	}
	// An issue value never agreed has no row: there is nothing to explain.
	if slices.Contains(names, issue+"="+first[len(first)-1].ID) && len(first) > 2 {
		t.Errorf("a value never agreed has rows: %q", names)
	}
}

// TestDriversDeterministic: the table does not depend on the number of
// workers of the bootstrap, and a run's table names its count column
// "runs".
func TestDriversDeterministic(t *testing.T) {
	d := syntheticDrivers(t, 120)
	var out [2]bytes.Buffer
	for k, workers := range []int{1, 4} {
		if err := writeSensitivity(&out[k], d.analyse(3, workers), "runs"); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(out[0].Bytes(), out[1].Bytes()) {
		t.Error("sensitivity.csv differs between 1 and 4 workers")
	}
	head, _, _ := bytes.Cut(out[0].Bytes(), []byte("\n"))
	if want := "metric,parameter,kind,runs,"; !bytes.HasPrefix(head, []byte(want)) {
		t.Errorf("header %q, want it to start %q", head, want)
	}
}

// TestDriversCap: only the first MaxDriverRuns runs are kept, and the
// count of all runs goes on.
func TestDriversCap(t *testing.T) {
	d := syntheticDrivers(t, 10)
	for range MaxDriverRuns {
		d.add([]float64{0.5, 0.2, 0}, 1, [2]float64{0.5, 0.5}, [2]float64{0.5, 0.5}, nil)
	}
	if len(d.agreed) != MaxDriverRuns || d.runs != MaxDriverRuns+10 {
		t.Errorf("kept %d of %d runs, want %d of %d", len(d.agreed), d.runs, MaxDriverRuns, MaxDriverRuns+10)
	}
}

// TestRecorderSensitivity: a batch with uncertain assumptions leaves
// sensitivity.csv, one row per outcome and assumption, and its chart; a
// batch without leaves neither.
func TestRecorderSensitivity(t *testing.T) {
	dir := t.TempDir()
	recordUncertain(t, dir, 60, 1, 2, true)
	rows := readRows(t, filepath.Join(dir, SensitivityFile))
	if len(rows) < 1+6*len(fixture.UncertainPaths) {
		t.Fatalf("%d rows", len(rows))
	}
	for _, row := range rows[1:] {
		if n, err := strconv.Atoi(row[3]); err != nil || n < 3 || n > 60 {
			t.Errorf("row %q: runs %q", row, row[3])
		}
	}
	for _, name := range []string{"sensitivity.png", "sensitivity.svg"} {
		if !fileExists(filepath.Join(dir, name)) {
			t.Errorf("no %s", name)
		}
	}
	plain := t.TempDir()
	record(t, plain, fixture.Negotiation(t, 0.1, sim.RandomFirst, 0), 20, 0, Options{})
	for _, name := range []string{SensitivityFile, "sensitivity.png"} {
		if fileExists(filepath.Join(plain, name)) {
			t.Errorf("a batch without assumptions wrote %s", name)
		}
	}
	// The files are a run's own: a new run replaces the folder holding
	// them (it refuses a folder holding files no run writes), and leaves
	// none of them when it draws no assumption.
	recordUncertain(t, dir, 30, 1, 2, true)
	record(t, dir, fixture.Negotiation(t, 0.1, sim.RandomFirst, 0), 20, 0, Options{})
	for _, name := range []string{SensitivityFile, "sensitivity.png", "sensitivity.svg"} {
		if fileExists(filepath.Join(dir, name)) {
			t.Errorf("a batch without assumptions left %s of the run before it", name)
		}
	}
}

// fileExists says whether path exists.
func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
