package results

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-sim/parley/results/chart"
	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/results/narrate"
	"github.com/parley-sim/parley/sim"
	"github.com/parley-sim/parley/sim/stats"
)

// testSweep is a small hand-built sweep over the two-state negotiation:
// the breakdown risk times North's reservation value, and a text
// parameter whose values need CSV quoting.
type testSweep struct {
	m           SweepManifest
	base        *sim.Negotiation
	breakdown   []float64
	reservation []float64
	label       []string
	facilitated bool
}

func newTestSweep(t testing.TB, facilitated bool) *testSweep {
	t.Helper()
	ts := &testSweep{
		breakdown:   []float64{0, 0.05, 0.2},
		reservation: []float64{0.2, 0.45, 0.7},
		label:       []string{"plain", `with "quotes", and a comma`},
		facilitated: facilitated,
	}
	ts.base = ts.negotiation(t)
	ts.m = SweepManifest{
		Version:      "test",
		Sweep:        "twostates-sweep",
		SweepYAML:    "name: twostates-sweep\n",
		ScenarioYAML: "name: twostates\n",
		Fingerprint:  strings.Repeat("ab", 32),
		Design:       "grid",
		Parameters:   []string{"protocol.breakdown", "parties.north.reservation", "label"},
		Points:       len(ts.breakdown) * len(ts.reservation) * len(ts.label),
		Replications: 24,
		Seed:         11,
	}
	return ts
}

func (ts *testSweep) negotiation(t testing.TB) *sim.Negotiation {
	if ts.facilitated {
		return fixture.Facilitated(t)
	}
	return fixture.Negotiation(t, 0, sim.RandomFirst, 0)
}

// coords splits a point into its parameter indices.
func (ts *testSweep) coords(p int) (b, r, l int) {
	return p % len(ts.breakdown), p / len(ts.breakdown) % len(ts.reservation), p / (len(ts.breakdown) * len(ts.reservation))
}

func (ts *testSweep) values(p int) []string {
	b, r, l := ts.coords(p)
	return []string{formatFloat(ts.breakdown[b]), formatFloat(ts.reservation[r]), ts.label[l]}
}

func (ts *testSweep) build(t testing.TB) func(int) (*sim.Negotiation, error) {
	return func(p int) (*sim.Negotiation, error) {
		b, r, _ := ts.coords(p)
		n := ts.negotiation(t)
		n.Protocol.Breakdown = ts.breakdown[b]
		n.Parties[0].Reservation = ts.reservation[r]
		return n, nil
	}
}

// sweepRun configures one run of the test sweep into a folder.
type sweepRun struct {
	workers       int
	shard, shards int
	precision     float64
	resume        bool
	charts        bool
	stopAfter     int  // cancel after this many results (0: never)
	noAbort       bool // stop as a killed process would: no Abort, buffers lost
	checkpointAll bool
}

// run plays the test sweep into dir and returns the runner's error.
func (ts *testSweep) run(t *testing.T, dir string, c sweepRun) error {
	t.Helper()
	m := ts.m
	m.Shard, m.Shards = c.shard, c.shards
	m.Precision = c.precision
	opt := SweepRecorderOptions{Resume: c.resume, NoCharts: !c.charts}
	if c.checkpointAll {
		opt.Checkpoint = -1
	}
	rec, err := NewSweepRecorder(dir, m, ts.base, ts.values, opt)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	emitted := 0
	sw := sim.Sweep{
		Points: m.Points, Build: ts.build(t), Replications: m.Replications, Precision: c.precision, Block: 8,
		Seed: m.Seed, Workers: c.workers, Shard: c.shard, Shards: c.shards, From: rec.From(),
		Encode: rec.Encode,
		Emit: func(p int, res *sim.Result, enc []byte) error {
			if err := rec.Emit(p, res, enc); err != nil {
				return err
			}
			emitted++
			if c.stopAfter > 0 && emitted == c.stopAfter {
				cancel()
			}
			return nil
		},
		PointDone: rec.PointDone,
	}
	if err := sw.Run(ctx); err != nil {
		if !c.noAbort {
			if aerr := rec.Abort(); aerr != nil {
				t.Fatal(aerr)
			}
		} else {
			rec.closeFiles(nil) // a killed process loses its buffers
			rec.lock.Unlock()   // and its lock
		}
		return err
	}
	return rec.Close()
}

// mustRun is run that must succeed.
func (ts *testSweep) mustRun(t *testing.T, dir string, c sweepRun) {
	t.Helper()
	if err := ts.run(t, dir, c); err != nil {
		t.Fatalf("sweep into %s: %v", dir, err)
	}
}

// folderFiles returns every file of dir by name.
func folderFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = b
	}
	return files
}

// sameFolders fails unless dirs a and b hold the same files, byte for byte.
func sameFolders(t *testing.T, a, b string) {
	t.Helper()
	fa, fb := folderFiles(t, a), folderFiles(t, b)
	names := func(f map[string][]byte) []string {
		var out []string
		for n := range f {
			out = append(out, n)
		}
		slices.Sort(out)
		return out
	}
	if !slices.Equal(names(fa), names(fb)) {
		t.Fatalf("%s has %v, %s has %v", a, names(fa), b, names(fb))
	}
	for name, x := range fa {
		if !bytes.Equal(x, fb[name]) {
			t.Errorf("%s differs between %s and %s\n%s", name, a, b, firstDiff(x, fb[name]))
		}
	}
}

// firstDiff describes where two byte slices first differ.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	ctx := func(x []byte) string { return fixture.Clip(x[max(0, i-80):min(len(x), i+80)]) }
	return fmt.Sprintf("at byte %d (lengths %d and %d):\n%s\n---\n%s", i, len(a), len(b), ctx(a), ctx(b))
}

func readSweepCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

func TestSweepRecorderWorkers(t *testing.T) {
	for _, facilitated := range []bool{false, true} {
		t.Run(fmt.Sprintf("facilitated=%v", facilitated), func(t *testing.T) {
			ts := newTestSweep(t, facilitated)
			root := t.TempDir()
			for _, w := range []int{1, 2, 8} {
				ts.mustRun(t, filepath.Join(root, strconv.Itoa(w)), sweepRun{workers: w})
			}
			one := filepath.Join(root, "1")
			sameFolders(t, one, filepath.Join(root, "2"))
			sameFolders(t, one, filepath.Join(root, "8"))
			checkSweepFolder(t, ts, one, nil)
		})
	}
}

// checkSweepFolder checks the tables of a complete sweep folder against
// each other and against the runner: every point and replication once, in
// order, with its seed and parameter values, and points.csv recomputed
// from runs.csv. reps, if not nil, gives the replications of each point.
func checkSweepFolder(t *testing.T, ts *testSweep, dir string, reps map[int]int) {
	t.Helper()
	runs := readSweepCSV(t, filepath.Join(dir, RunsFile))
	points := readSweepCSV(t, filepath.Join(dir, PointsFile))
	k := len(ts.m.Parameters)
	if got := runs[0][:k+3]; !slices.Equal(got, concat([]string{"point"}, ts.m.Parameters, []string{"replication", "seed"})) {
		t.Fatalf("runs.csv header starts %v", got)
	}
	col := map[string]int{}
	for i, h := range runs[0] {
		col[h] = i
	}
	pcol := map[string]int{}
	for i, h := range points[0] {
		pcol[h] = i
	}
	if len(points)-1 != ts.m.Points {
		t.Fatalf("points.csv has %d rows, want %d", len(points)-1, ts.m.Points)
	}
	if ts.facilitated != (pcol["invited_mean"] > 0) {
		t.Errorf("invited columns: %v, want %v", pcol["invited_mean"] > 0, ts.facilitated)
	}
	row := 1
	for p := range ts.m.Points {
		want := ts.m.Replications
		if reps != nil {
			want = reps[p]
		}
		var u []float64
		agreed := 0
		var rounds []float64
		for r := range want {
			got := runs[row]
			row++
			if got[0] != strconv.Itoa(p) || got[k+1] != strconv.Itoa(r) {
				t.Fatalf("runs.csv row %d is point %s replication %s, want %d and %d", row, got[0], got[k+1], p, r)
			}
			if !slices.Equal(got[1:k+1], ts.values(p)) {
				t.Fatalf("runs.csv row %d: values %q, want %q", row, got[1:k+1], ts.values(p))
			}
			if got[k+2] != narrate.SeedText(sim.RunSeed(ts.m.Seed, r)) { // common random numbers
				t.Fatalf("runs.csv row %d: seed %s", row, got[k+2])
			}
			v, _ := strconv.ParseFloat(got[col["u_north"]], 64)
			u = append(u, v)
			if got[col["agreed"]] == "true" {
				agreed++
				rd, _ := strconv.ParseFloat(got[col["round"]], 64)
				rounds = append(rounds, rd)
			}
		}
		pr := points[p+1]
		if pr[0] != strconv.Itoa(p) || pr[pcol["replications"]] != strconv.Itoa(want) || pr[pcol["agreements"]] != strconv.Itoa(agreed) {
			t.Fatalf("points.csv row %d: %v; want %d replications and %d agreements", p, pr, want, agreed)
		}
		lo, hi := stats.Wilson(agreed, want, stats.Z(0.95))
		if pr[pcol["agreement_rate_lo"]] != formatFloat(lo) || pr[pcol["agreement_rate_hi"]] != formatFloat(hi) {
			t.Errorf("point %d: agreement interval %s %s, want %v %v", p, pr[pcol["agreement_rate_lo"]], pr[pcol["agreement_rate_hi"]], lo, hi)
		}
		for _, c := range []struct {
			name string
			x    []float64
		}{{"u_north", u}, {"round", rounds}} {
			mean, mlo, mhi, err := stats.MeanCI(c.x, nil, 0.95)
			for j, want := range []float64{mean, mlo, mhi} {
				got := math.NaN()
				if s := pr[pcol[c.name+[]string{"_mean", "_lo", "_hi"}[j]]]; s != "" {
					got, _ = strconv.ParseFloat(s, 64)
				}
				if math.IsNaN(want) != math.IsNaN(got) || math.Abs(got-want) > 1e-12 {
					t.Errorf("point %d %s: %v, want %v (%v)", p, c.name, got, want, err)
				}
			}
		}
	}
	if row != len(runs) {
		t.Errorf("runs.csv has %d rows after the last point", len(runs)-row)
	}
	m, err := ReadSweepManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !m.Complete || m.Runs != len(runs)-1 || m.Shards != 1 || m.Shard != 0 {
		t.Errorf("manifest: complete %v, runs %d, shard %d/%d; want true, %d, 0/1", m.Complete, m.Runs, m.Shard, m.Shards, len(runs)-1)
	}
	if _, err := os.Stat(filepath.Join(dir, SweepStateFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the checkpoint is still there: %v", err)
	}
}

func TestSweepRecorderAdaptive(t *testing.T) {
	ts := newTestSweep(t, false)
	ts.m.Replications = 80
	root := t.TempDir()
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	ts.mustRun(t, a, sweepRun{workers: 1, precision: 0.15})
	ts.mustRun(t, b, sweepRun{workers: 3, precision: 0.15})
	sameFolders(t, a, b)
	points := readSweepCSV(t, filepath.Join(a, PointsFile))
	reps := map[int]int{}
	distinct := map[int]bool{}
	for p, row := range points[1:] {
		reps[p], _ = strconv.Atoi(row[len(ts.m.Parameters)+1])
		distinct[reps[p]] = true
	}
	if len(distinct) < 2 {
		t.Errorf("every point took the same number of replications %v: the adaptive rule did nothing", reps)
	}
	checkSweepFolder(t, ts, a, reps)
}

func TestSweepShardsMerge(t *testing.T) {
	ts := newTestSweep(t, true)
	root := t.TempDir()
	// Charts take time: only the split into 3 draws them.
	plain, charted := filepath.Join(root, "single"), filepath.Join(root, "single-charts")
	ts.mustRun(t, plain, sweepRun{workers: 2})
	ts.mustRun(t, charted, sweepRun{workers: 1, charts: true})
	if _, err := os.Stat(filepath.Join(charted, chart.SweepAgreement+".png")); err != nil {
		t.Errorf("no agreement chart: %v", err)
	}
	for _, n := range []int{1, 3, 7, 25} { // 25 shards for 18 points: some are empty
		var shards []string
		for i := range n {
			dir := filepath.Join(root, fmt.Sprintf("s%d-%d", n, i))
			ts.mustRun(t, dir, sweepRun{workers: 2, shard: i, shards: n})
			m, err := ReadSweepManifest(dir)
			if err != nil {
				t.Fatal(err)
			}
			if m.Shard != i || m.Shards != n || !m.Complete {
				t.Fatalf("shard manifest %d/%d complete %v", m.Shard, m.Shards, m.Complete)
			}
			shards = append(shards, dir)
		}
		slices.Reverse(shards) // the order of the arguments does not matter
		out := filepath.Join(root, fmt.Sprintf("merged%d", n))
		single := plain
		if n == 3 {
			single = charted
		}
		if _, err := mergeSweep(context.Background(), out, shards, SweepAnalysisOptions{NoCharts: n != 3}); err != nil {
			t.Fatalf("%d shards: %v", n, err)
		}
		sameFolders(t, single, out)
	}
}

func TestSweepResume(t *testing.T) {
	ts := newTestSweep(t, true)
	root := t.TempDir()
	want := filepath.Join(root, "want")
	ts.mustRun(t, want, sweepRun{workers: 2})
	total := ts.m.Points * ts.m.Replications
	for _, tc := range []struct {
		name    string
		stops   []int // results after which each attempt is stopped
		noAbort bool
		garbage bool // bytes after the checkpoint, as a killed process leaves
	}{
		{"ctrl-c once", []int{5}, false, false},
		{"ctrl-c at a point boundary", []int{3 * 24}, false, false},
		{"ctrl-c three times", []int{1, 100, 200}, false, false},
		{"ctrl-c with a torn tail", []int{50, 300}, false, true},
		{"killed", []int{90}, true, false},
		{"killed twice with a torn tail", []int{30, 250}, true, true},
		{"killed before the end", []int{total - 3}, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			for i, stop := range tc.stops {
				err := ts.run(t, dir, sweepRun{workers: 1 + i%3, resume: i > 0, stopAfter: stop, noAbort: tc.noAbort, checkpointAll: true})
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("attempt %d: %v, want context.Canceled", i, err)
				}
				if !tc.noAbort {
					// After Abort the folder holds whole points only.
					st, ok, err := readSweepState(dir)
					if !ok || err != nil {
						t.Fatalf("no checkpoint after Abort: %v", err)
					}
					if rows := len(readSweepCSV(t, filepath.Join(dir, PointsFile))) - 1; rows != st.Next {
						t.Fatalf("after Abort points.csv has %d rows; the checkpoint says %d points", rows, st.Next)
					}
				}
				if tc.garbage {
					for _, name := range []string{RunsFile, PointsFile} {
						f, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_APPEND, 0)
						if err != nil {
							t.Fatal(err)
						}
						f.WriteString("7,0.05,0.2,torn\"row")
						f.Close()
					}
				}
			}
			// Without --resume an unfinished folder is refused.
			if err := ts.run(t, dir, sweepRun{workers: 2}); err == nil || !strings.Contains(err.Error(), "resume it") {
				t.Fatalf("an unfinished folder without Resume: %v", err)
			}
			ts.mustRun(t, dir, sweepRun{workers: 2, resume: true})
			sameFolders(t, want, dir)
		})
	}
}

func TestSweepResumeComplete(t *testing.T) {
	ts := newTestSweep(t, false)
	dir := t.TempDir()
	ts.mustRun(t, dir, sweepRun{workers: 2})
	before := folderFiles(t, dir)
	rec, err := NewSweepRecorder(dir, ts.m, ts.base, ts.values, SweepRecorderOptions{Resume: true, NoCharts: true})
	if err != nil {
		t.Fatal(err)
	}
	if rec.From() != ts.m.Points || !rec.Complete() {
		t.Fatalf("From %d, Complete %v: want %d, true", rec.From(), rec.Complete(), ts.m.Points)
	}
	if err := rec.Emit(0, &sim.Result{}, make([]byte, 20)); err == nil {
		t.Error("Emit into a complete folder succeeded")
	}
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	after := folderFiles(t, dir)
	for name, b := range before {
		if !bytes.Equal(b, after[name]) {
			t.Errorf("%s changed", name)
		}
	}
	// Without Resume the same sweep is played again, to the same bytes.
	ts.mustRun(t, dir, sweepRun{workers: 1})
	after = folderFiles(t, dir)
	for name, b := range before {
		if !bytes.Equal(b, after[name]) {
			t.Errorf("%s changed after a rerun", name)
		}
	}
}

func TestSweepRecorderRefuses(t *testing.T) {
	ts := newTestSweep(t, false)
	root := t.TempDir()
	done := filepath.Join(root, "done")
	ts.mustRun(t, done, sweepRun{workers: 2})
	shard := filepath.Join(root, "shard")
	ts.mustRun(t, shard, sweepRun{shard: 1, shards: 2})

	runDir := filepath.Join(root, "run")
	rec, err := NewRecorder(runDir, ts.base, Manifest{Version: "test"}, Options{NoCharts: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	stray := filepath.Join(root, "stray")
	os.MkdirAll(stray, 0o755)
	os.WriteFile(filepath.Join(stray, RunsFile), []byte("x\n"), 0o644)

	other := ts.m
	other.Fingerprint = strings.Repeat("cd", 32)
	arch := ts.m
	arch.Arch = "riscv64"
	reps := other
	reps.Replications = 5
	several := reps
	several.Seed, several.Precision = 12, 0.1
	scen := other
	scen.ScenarioYAML = "name: twostates\nprotocol: {deadline: 3}\n"
	file := filepath.Join(root, "file")
	os.WriteFile(file, []byte("x\n"), 0o644)
	// A folder of a parley before common random numbers: the same sweep,
	// without random_numbers in its manifest.
	old := filepath.Join(root, "old")
	ts.mustRun(t, old, sweepRun{workers: 1})
	man, err := os.ReadFile(filepath.Join(old, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	line := "  \"random_numbers\": \"common\",\n"
	if !bytes.Contains(man, []byte(line)) {
		t.Fatalf("the manifest does not say the random numbers are common:\n%s", man)
	}
	os.WriteFile(filepath.Join(old, ManifestFile), bytes.Replace(man, []byte(line), nil, 1), 0o644)
	for _, tc := range []struct {
		name, dir string
		m         SweepManifest
		resume    bool
		want      string
	}{
		{"another sweep", done, other, false, "another sweep (twostates-sweep, fingerprint abababababab, not cdcdcdcdcdcd)"},
		{"another sweep, resume", done, other, true, "another sweep"},
		{"other replications", done, reps, true, "the folder holds another sweep: it was started with replications 24, but this command asks for 5; choose another folder"},
		{"other settings", done, several, false, "another sweep: it was started with replications 24, precision 0, seed 11, but this command asks for replications 5, precision 0.1, seed 12;"},
		{"other scenario", done, scen, true, `another sweep: it was started with base scenario line 2 (none), but this command asks for "protocol: {deadline: 3}"`},
		{"a file", file, ts.m, false, file + " is a file, not a folder"},
		{"per-point random numbers", old, ts.m, true, "it was started with random numbers per point (before common random numbers), but this command asks for common"},
		{"another architecture", done, arch, true, "another architecture"},
		{"another shard", shard, ts.m, true, "holds shard 1/2 of this sweep, not 0/1"},
		{"a run folder", runDir, ts.m, false, "something else than a sweep"},
		{"stray files", stray, ts.m, true, "holds runs.csv but no sweep manifest"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.dir == file {
				_, err := NewSweepRecorder(tc.dir, tc.m, ts.base, ts.values, SweepRecorderOptions{})
				if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrSweepRefused) {
					t.Fatalf("got %v, want a refusal containing %q", err, tc.want)
				}
				return
			}
			before := folderFiles(t, tc.dir)
			_, err := NewSweepRecorder(tc.dir, tc.m, ts.base, ts.values, SweepRecorderOptions{Resume: tc.resume})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.dir) {
				t.Fatalf("got %v, want an error naming %s and containing %q", err, tc.dir, tc.want)
			}
			if !errors.Is(err, ErrSweepRefused) {
				t.Errorf("%v is not ErrSweepRefused", err)
			}
			after := folderFiles(t, tc.dir)
			if len(after) != len(before) {
				t.Errorf("the refused folder changed")
			}
			for name, b := range before {
				if !bytes.Equal(b, after[name]) {
					t.Errorf("%s changed", name)
				}
			}
		})
	}
}

func TestMergeSweepRefuses(t *testing.T) {
	ts := newTestSweep(t, false)
	root := t.TempDir()
	shard := func(name string, i, n int, mod func(*SweepManifest)) string {
		dir := filepath.Join(root, name)
		saved := ts.m
		if mod != nil {
			mod(&ts.m)
		}
		ts.mustRun(t, dir, sweepRun{workers: 2, shard: i, shards: n})
		ts.m = saved
		return dir
	}
	s0, s1, s2 := shard("s0", 0, 3, nil), shard("s1", 1, 3, nil), shard("s2", 2, 3, nil)
	other := shard("other", 2, 3, func(m *SweepManifest) { m.Fingerprint = strings.Repeat("ef", 32) })
	arm := shard("arm", 2, 3, func(m *SweepManifest) { m.Arch = "arm64-test" })
	reps := shard("reps", 2, 3, func(m *SweepManifest) { m.Fingerprint, m.Replications = strings.Repeat("ef", 32), 5 })
	four := shard("four", 2, 4, nil)
	unfinished := filepath.Join(root, "unfinished")
	if err := ts.run(t, unfinished, sweepRun{shard: 2, shards: 3, stopAfter: 10}); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		shards []string
		want   []string
	}{
		{"missing", []string{s0, s2}, []string{"missing shard 1/3"}},
		{"two missing", []string{s1}, []string{"missing shard 0/3", "missing shard 2/3"}},
		{"duplicate", []string{s0, s1, s2, s1}, []string{"shard folder " + s1 + ": shard 1/3 given twice"}},
		{"fingerprint", []string{s0, s1, other}, []string{"shard folder " + other + " holds another sweep (twostates-sweep, fingerprint efefefefefef, not abababababab); not merged"}},
		{"replications", []string{s0, s1, reps}, []string{"shard folder " + reps + " holds another sweep: " + reps + " was played with replications 5, but " + s0 + " with 24; not merged"}},
		{"architecture", []string{s0, s1, arm}, []string{"shard folder " + arm + " holds another architecture (arm64-test"}},
		{"another split", []string{s0, s1, four}, []string{"shard folder " + four + ": shard 2/4 of a split into 4", "missing shard 2/3"}},
		{"unfinished", []string{s0, s1, unfinished}, []string{"shard folder " + unfinished + ": shard 2/3 is not complete"}},
		{"not a sweep", []string{s0, s1, root}, []string{"shard folder " + root + ": reading the manifest", "missing shard 2/3"}},
		{"into a shard", []string{s0, s1, s2}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(root, "out-"+strings.ReplaceAll(tc.name, " ", "-"))
			if tc.want == nil {
				out = s1
				tc.want = []string{"the output folder is the shard folder"}
			}
			_, err := MergeSweep(out, tc.shards)
			if err == nil {
				t.Fatal("merge succeeded")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			// One message per shard folder: a refused shard is not
			// reported missing as well.
			if n := strings.Count(err.Error(), "\n") + 1; len(tc.want) > 0 && n != len(tc.want) {
				t.Errorf("error %q has %d lines, want %d", err, n, len(tc.want))
			}
			if out != s1 {
				if _, err := os.Stat(filepath.Join(out, RunsFile)); err == nil {
					t.Error("a refused merge wrote runs.csv")
				}
			}
		})
	}
	// The complete set merges.
	if _, err := mergeSweep(context.Background(), filepath.Join(root, "good"), []string{s2, s0, s1}, SweepAnalysisOptions{NoCharts: true}); err != nil {
		t.Fatal(err)
	}
	checkSweepFolder(t, ts, filepath.Join(root, "good"), nil)
}

func TestMergeSweepCorruptShard(t *testing.T) {
	ts := newTestSweep(t, false)
	root := t.TempDir()
	var shards []string
	for i := range 2 {
		dir := filepath.Join(root, strconv.Itoa(i))
		ts.mustRun(t, dir, sweepRun{shard: i, shards: 2})
		shards = append(shards, dir)
	}
	runs := filepath.Join(shards[1], RunsFile)
	b, _ := os.ReadFile(runs)
	lines := bytes.SplitAfter(b, []byte("\n"))
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"torn last line", b[:len(b)-5], "the last line is not complete"},
		{"a row dropped", bytes.Join(append(slices.Clone(lines[:30]), lines[31:]...), nil), "does not say so"},
		{"a point dropped", bytes.Join(append(slices.Clone(lines[:1]), lines[1+ts.m.Replications:]...), nil), "point 3 where point 1 was expected"},
		{"a row of another shard", append(slices.Clone(b), []byte("2,0,0,x,0\n")...), "point 2 where"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.WriteFile(runs, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(root, "out")
			_, err := mergeSweep(context.Background(), out, shards, SweepAnalysisOptions{NoCharts: true})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), shards[1]) {
				t.Fatalf("got %v, want an error naming %s and saying %q", err, shards[1], tc.want)
			}
			// A damaged shard is bad input (exit code 2, not worth a
			// retry), and the merge leaves nothing behind.
			if !errors.Is(err, ErrSweepRefused) {
				t.Errorf("%v does not wrap ErrSweepRefused", err)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("the merge left %s behind (%v)", out, err)
			}
		})
	}
}

// TestRecorderRefusesSweepFolder checks that a run refuses a folder that
// holds a sweep, or part of one, and a file, and writes nothing.
func TestRecorderRefusesSweepFolder(t *testing.T) {
	ts := newTestSweep(t, false)
	root := t.TempDir()
	done := filepath.Join(root, "done")
	ts.mustRun(t, done, sweepRun{workers: 2})
	partial := func(name string) string {
		dir := filepath.Join(root, "only-"+name)
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte("{}\n"), 0o644)
		return dir
	}
	file := filepath.Join(root, "file")
	os.WriteFile(file, []byte("x\n"), 0o644)
	// A folder of a parley before common random numbers: the same sweep,
	// without random_numbers in its manifest.
	old := filepath.Join(root, "old")
	ts.mustRun(t, old, sweepRun{workers: 1})
	man, err := os.ReadFile(filepath.Join(old, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	line := "  \"random_numbers\": \"common\",\n"
	if !bytes.Contains(man, []byte(line)) {
		t.Fatalf("the manifest does not say the random numbers are common:\n%s", man)
	}
	os.WriteFile(filepath.Join(old, ManifestFile), bytes.Replace(man, []byte(line), nil, 1), 0o644)
	for _, tc := range []struct {
		name, dir, want string
	}{
		{"complete sweep", done, done + " holds a parameter sweep (twostates-sweep); choose another folder"},
		{"points.csv", partial(PointsFile), " holds a parameter sweep (points.csv); choose another folder"},
		{"checkpoint", partial(SweepStateFile), " holds a parameter sweep (.sweep-state.json); choose another folder"},
		{"a file", file, "recording into " + file + ": " + file + " is a file, not a folder; choose another"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before map[string][]byte
			if tc.dir != file {
				before = folderFiles(t, tc.dir)
			}
			_, err := NewRecorder(tc.dir, ts.base, Manifest{Version: "test"}, Options{NoCharts: true})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
			if !errors.Is(err, ErrSweepRefused) {
				t.Errorf("%v is not ErrSweepRefused", err)
			}
			if before == nil {
				return
			}
			after := folderFiles(t, tc.dir)
			if len(after) != len(before) {
				t.Errorf("the refused folder changed: %d files, had %d", len(after), len(before))
			}
			for name, b := range before {
				if !bytes.Equal(b, after[name]) {
					t.Errorf("%s changed", name)
				}
			}
		})
	}
}
