package results

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/sim"
)

// TestRecorderMemoryTies records a run of a million-outcome space whose
// every outcome lies on the frontier and ties for the maximum welfare,
// and checks that the recorder allocates little more than sim's analysis
// (the frontier, 24 bytes a point): the tables are written as streams,
// not built in memory, the frontier is not copied, and solutions.csv
// lists at most sim.MaxTies outcomes per solution, with a warning saying
// how many tied. Before, a 10⁷-outcome run took 5.3 GB and wrote a 900 MB
// solutions.csv.
func TestRecorderMemoryTies(t *testing.T) {
	if testing.Short() {
		t.Skip("a million outcomes")
	}
	n := fixture.Ties(t, 6)
	dir := t.TempDir()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r := record(t, dir, n, 2, 1, Options{NoCharts: true, Trace: 1})
	runtime.ReadMemStats(&after)
	got := after.TotalAlloc - before.TotalAlloc
	frontier := uint64(n.Space.Size()) * 24
	t.Logf("recording allocated %.1f MB; the frontier is %.1f MB", float64(got)/1e6, float64(frontier)/1e6)
	if limit := 3 * frontier; got > limit {
		t.Errorf("recording allocated %d bytes, more than %d (three frontiers)", got, limit)
	}

	f, err := os.Open(filepath.Join(dir, SolutionsFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	perSolution := map[string]int{}
	for _, row := range rows[1:] {
		perSolution[row[0]]++
	}
	for name, k := range perSolution {
		if k > sim.MaxTies {
			t.Errorf("%s: %d rows, more than %d", name, k, sim.MaxTies)
		}
	}
	if perSolution[solMaxWelfare] != sim.MaxTies {
		t.Errorf("max_welfare: %d rows, want %d", perSolution[solMaxWelfare], sim.MaxTies)
	}
	if !fixture.HasWarning(r.Summary().Warnings, "max_welfare: 1000000 outcomes tie") {
		t.Errorf("no warning about the ties: %v", r.Summary().Warnings)
	}
}
