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
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parley-sim/parley/results/chart"
	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/sim"
	"github.com/parley-sim/parley/sim/stats"
)

var (
	testStart  = time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	testFinish = time.Date(2026, 3, 1, 9, 30, 2, 500_000_000, time.UTC)
)

func testManifest(runs int) Manifest {
	return Manifest{
		Version:      "v0.1.0-test",
		GoVersion:    "go1.26.8",
		OS:           "linux",
		Arch:         "amd64",
		Command:      []string{"parley", "run", "twostates.yaml", "-runs", strconv.Itoa(runs), "-seed", "7"},
		Scenario:     "twostates",
		Source:       "twostates.yaml",
		ScenarioYAML: "name: twostates\nprotocol:\n  deadline: 8\n",
		Seed:         7,
		Runs:         runs,
		Workers:      2,
		Started:      testStart,
		Warnings:     []string{"a warning from the caller"},
	}
}

func testOptions(trace int, charts bool) Options {
	return Options{Trace: trace, NoCharts: !charts, Now: func() time.Time { return testFinish }}
}

// record plays a batch of seed 7 on two workers, observed, and records it
// into dir.
func record(t *testing.T, dir string, n *sim.Negotiation, runs, trace int, opt Options) *Recorder {
	t.Helper()
	if opt.Workers == 0 {
		opt.Workers = 2
	}
	r, err := NewRecorder(dir, n, testManifest(runs), opt)
	if err != nil {
		t.Fatal(err)
	}
	b := sim.Batch{Negotiation: n, Runs: runs, Seed: 7, Workers: 2, Trace: trace, Observe: r.Observer()}
	if err := b.Run(t.Context(), r.Add); err != nil {
		r.Abort()
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	return r
}

// recorderCase is a batch behind golden tables.
type recorderCase struct {
	name        string
	breakdown   float64
	first       int
	walkAfter   int
	facilitated bool // facilitatedNegotiation, ignoring the fields above
	runs        int
	trace       int
}

// negotiation returns the negotiation of the case.
func (c recorderCase) negotiation(t *testing.T) *sim.Negotiation {
	if c.facilitated {
		return fixture.Facilitated(t)
	}
	return fixture.Negotiation(t, c.breakdown, c.first, c.walkAfter)
}

// recorderCases are the batches behind the golden tables.
var recorderCases = []recorderCase{
	// Random first mover and a 20% breakdown risk: agreements and
	// breakdowns; two traced runs.
	{name: "mixed", breakdown: 0.2, first: sim.RandomFirst, runs: 20, trace: 2},
	// South walks away in round 2; three runs, too few for median intervals.
	{name: "walkaway", first: 0, walkAfter: 2, runs: 3, trace: 1},
	// One run: no interval at all, only warnings.
	{name: "single", first: 1, runs: 1, trace: 1},
	// A facilitator: its columns in runs.csv and its rows in summary.csv.
	{name: "facilitated", facilitated: true, runs: 40, trace: 2},
}

// tableFiles are the tables every run writes.
var tableFiles = []string{RunsFile, RoundsFile, SummaryFile, FrontierFile, SolutionsFile, ConvergenceFile, ManifestFile}

func TestRecorderGolden(t *testing.T) {
	for _, c := range recorderCases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			n := c.negotiation(t)
			record(t, dir, n, c.runs, c.trace, testOptions(c.trace, false))
			for _, name := range tableFiles {
				b, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				golden(t, filepath.Join(c.name, name), b)
			}
			fixture.NoTemp(t, dir)
		})
	}
}

// TestTablesReadable checks what pandas and R need: a rectangular table
// with unique column names, numbers that parse, no NaN or NA spelled out.
func TestTablesReadable(t *testing.T) {
	numeric := map[string]bool{"run": true, "round": true, "offers": true, "step": true,
		"estimate": true, "lower": true, "upper": true, "conf_level": true, "n": true, "master_seed": true,
		"dist_pareto": true, "dist_nash": true, "dist_ks": true, "welfare": true, "nash_product": true,
		"invite_round": true, "mediations": true, "drafts": true, "drafts_accepted": true,
		"guarantee_cost": true, "facilitator_utility": true, "outcome": true, "q10": true, "q50": true, "q90": true}
	prefixes := []string{"u_", "ud_", "concession_", "surplus_share_", "advantage_"}
	for _, c := range recorderCases {
		dir := t.TempDir()
		n := c.negotiation(t)
		record(t, dir, n, c.runs, c.trace, testOptions(c.trace, false))
		for _, name := range tableFiles[:len(tableFiles)-1] {
			t.Run(c.name+"/"+name, func(t *testing.T) {
				f, err := os.Open(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				rows, err := csv.NewReader(f).ReadAll() // fails on ragged rows
				if err != nil {
					t.Fatal(err)
				}
				if len(rows) < 2 {
					t.Fatalf("%d rows, want a header and data", len(rows))
				}
				header := rows[0]
				seen := map[string]bool{}
				for _, h := range header {
					if seen[h] {
						t.Errorf("duplicate column %q", h)
					}
					seen[h] = true
					if h != strings.ToLower(h) || strings.ContainsAny(h, " -.") {
						t.Errorf("column %q is not snake_case", h)
					}
				}
				for i, row := range rows[1:] {
					for j, v := range row {
						col := header[j]
						if v == "NaN" || v == "NA" || v == "nan" {
							t.Errorf("row %d, %s: %q spelled out", i+1, col, v)
						}
						isNumber := numeric[col]
						for _, p := range prefixes {
							isNumber = isNumber || strings.HasPrefix(col, p)
						}
						if v == "" || !isNumber {
							continue
						}
						if _, err := strconv.ParseFloat(v, 64); err != nil {
							t.Errorf("row %d, %s: %q is not a number", i+1, col, v)
						}
					}
				}
			})
		}
	}
}

func TestRecorderDeterministic(t *testing.T) {
	// Same batch, different worker counts: identical files, charts included.
	n := fixture.Facilitated(t)
	var dirs [2]string
	for k, workers := range []int{1, 2} {
		dirs[k] = t.TempDir()
		r, err := NewRecorder(dirs[k], n, testManifest(12), testOptions(3, true))
		if err != nil {
			t.Fatal(err)
		}
		b := sim.Batch{Negotiation: n, Runs: 12, Seed: 99, Workers: workers, Trace: 3, Observe: r.Observer()}
		if err := b.Run(t.Context(), r.Add); err != nil {
			t.Fatal(err)
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range append(slices.Clone(tableFiles), chartFiles()...) {
		a, err := os.ReadFile(filepath.Join(dirs[0], name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dirs[1], name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between 1 and 2 workers", name)
		}
	}
}

// TestChartGolden compares the chart bytes with the golden files: the
// one-run chart byte for byte (testdata/chart_one holds the picture), the
// three-run chart by SHA-256. The goldens were made on amd64; other
// architectures may round differently (fused multiply-add), so there only
// TestRecorderDeterministic applies.
func TestChartGolden(t *testing.T) {
	for _, c := range []struct {
		name  string
		trace int
		hash  bool
	}{{"chart_one", 1, false}, {"chart_three", 3, true}} {
		t.Run(c.name, func(t *testing.T) {
			if runtime.GOARCH != "amd64" && !*update {
				t.Skipf("chart goldens are for amd64, not %s", runtime.GOARCH)
			}
			dir := t.TempDir()
			n := fixture.Negotiation(t, 0.2, sim.RandomFirst, 0)
			record(t, dir, n, 10, c.trace, testOptions(c.trace, true))
			var sums bytes.Buffer
			for _, name := range []string{chart.Rounds + ".png", chart.Rounds + ".svg"} {
				b, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				if c.hash {
					fmt.Fprintf(&sums, "%s  %s\n", sha256Hex(string(b)), name)
					continue
				}
				goldenBytes(t, filepath.Join(c.name, name), b)
			}
			if c.hash {
				golden(t, c.name+".sha256", sums.Bytes())
			}
		})
	}
}

// TestChartsGolden draws every chart of a facilitated batch and compares
// the SVGs byte for byte with testdata/charts (where they can be looked
// at) and the PNGs by SHA-256. amd64 only, as TestChartGolden.
func TestChartsGolden(t *testing.T) {
	if runtime.GOARCH != "amd64" && !*update {
		t.Skipf("chart goldens are for amd64, not %s", runtime.GOARCH)
	}
	dir := t.TempDir()
	record(t, dir, fixture.Facilitated(t), 40, 2, testOptions(2, true))
	var sums bytes.Buffer
	for _, c := range chart.Names() {
		b, err := os.ReadFile(filepath.Join(dir, c+".svg"))
		if err != nil {
			t.Fatal(err)
		}
		goldenBytes(t, filepath.Join("charts", c+".svg"), b)
		if b, err = os.ReadFile(filepath.Join(dir, c+".png")); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&sums, "%s  %s\n", sha256Hex(string(b)), c+".png")
	}
	golden(t, filepath.Join("charts", "png.sha256"), sums.Bytes())
}

// goldenBytes compares binary data with a golden file without printing it.
func goldenBytes(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: %d bytes differ from the golden %d bytes; run go test -run TestChartGolden -update and look at %s", name, len(got), len(want), path)
	}
}

func TestManifest(t *testing.T) {
	dir := t.TempDir()
	n := fixture.Negotiation(t, 0.2, sim.RandomFirst, 0)
	r := record(t, dir, n, 5, 1, testOptions(1, true))
	m := r.Manifest()
	wantFiles := append(chartFiles(), ConvergenceFile, FrontierFile, ManifestFile, RoundsFile, RunsFile, SolutionsFile, SummaryFile)
	slices.Sort(wantFiles)
	if !slices.Equal(m.Files, wantFiles) {
		t.Errorf("Files = %v, want %v", m.Files, wantFiles)
	}
	if m.ScenarioSHA256 != sha256Hex(m.ScenarioYAML) || len(m.ScenarioSHA256) != 64 {
		t.Errorf("ScenarioSHA256 = %q", m.ScenarioSHA256)
	}
	if !m.Finished.Equal(testFinish) || !m.Started.Equal(testStart) {
		t.Errorf("times = %v, %v", m.Started, m.Finished)
	}
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`"seed": "7"`)) {
		t.Errorf("seed is not a decimal string:\n%s", b)
	}
	// Every listed file exists.
	for _, f := range m.Files {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}

func TestRecorderFillsBuild(t *testing.T) {
	dir := t.TempDir()
	n := fixture.Negotiation(t, 0, 0, 0)
	r, err := NewRecorder(dir, n, Manifest{Seed: 1}, Options{Trace: 1, NoCharts: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range fixture.Play(t, n, 2, 1, 1) {
		if err := r.Add(res); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	m := r.Manifest()
	if m.GoVersion != runtime.Version() || m.OS != runtime.GOOS || m.Arch != runtime.GOARCH {
		t.Errorf("build = %s %s %s", m.GoVersion, m.OS, m.Arch)
	}
	if m.Scenario != "twostates" || m.Runs != 2 || m.Traced != 1 || m.Finished.IsZero() {
		t.Errorf("manifest = %+v", m)
	}
	if m.ScenarioSHA256 != "" {
		t.Errorf("ScenarioSHA256 = %q without scenario text", m.ScenarioSHA256)
	}
}

// TestSummaryMatchesStats checks the streaming summary against the
// exported helpers applied to the raw values.
func TestSummaryMatchesStats(t *testing.T) {
	dir := t.TempDir()
	n := fixture.Negotiation(t, 0.2, sim.RandomFirst, 0)
	results := fixture.Play(t, n, 40, 0, 3)
	r, err := NewRecorder(dir, n, testManifest(40), testOptions(0, false))
	if err != nil {
		t.Fatal(err)
	}
	var u, rounds []float64
	agreed := 0
	for _, res := range results {
		if err := r.Add(res); err != nil {
			t.Fatal(err)
		}
		u = append(u, res.Discounted[1])
		if res.Agreed() {
			agreed++
			rounds = append(rounds, float64(res.Round))
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	s := r.Summary()
	check := func(metric string, x []float64) {
		t.Helper()
		mean, lo, hi, err := stats.MeanCI(x, nil, 0.95)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := s.Find(metric, "mean")
		if !ok || !within(got.Estimate, mean, 1e-12) || !within(got.Lower, lo, 1e-12) || !within(got.Upper, hi, 1e-12) || got.N != len(x) {
			t.Errorf("%s mean = %+v, want %v [%v, %v]", metric, got, mean, lo, hi)
		}
		sorted := slices.Sorted(slices.Values(x))
		med, mlo, mhi, err := stats.MedianCI(sorted, nil, 0.95)
		if err != nil {
			t.Fatal(err)
		}
		got, ok = s.Find(metric, "median")
		if !ok || got.Estimate != med || got.Lower != mlo || got.Upper != mhi {
			t.Errorf("%s median = %+v, want %v [%v, %v]", metric, got, med, mlo, mhi)
		}
		if got, _ := s.Find(metric, "min"); got.Estimate != sorted[0] {
			t.Errorf("%s min = %v", metric, got.Estimate)
		}
		if got, _ := s.Find(metric, "max"); got.Estimate != sorted[len(sorted)-1] {
			t.Errorf("%s max = %v", metric, got.Estimate)
		}
	}
	check("ud_south", u)
	check("agreement_round", rounds)
	rate, _ := s.Find("agreement", "rate")
	lo, hi := stats.Wilson(agreed, 40, stats.Z(0.95))
	if rate.Estimate != float64(agreed)/40 || rate.Lower != lo || rate.Upper != hi || rate.Method != "wilson" {
		t.Errorf("agreement rate = %+v", rate)
	}
	var shares float64
	for _, e := range sim.EndReasons() {
		st, _ := s.Find("end_"+e.String(), "share")
		shares += st.Estimate
	}
	if !within(shares, 1, 1e-12) {
		t.Errorf("end shares sum to %v", shares)
	}
}

func TestSummaryFewValues(t *testing.T) {
	dir := t.TempDir()
	n := fixture.Negotiation(t, 0, 1, 0)
	r := record(t, dir, n, 1, 1, testOptions(1, false))
	s := r.Summary()
	mean, _ := s.Find("u_north", "mean")
	if !math.IsNaN(mean.Lower) || !math.IsNaN(mean.Upper) || math.IsNaN(mean.Estimate) {
		t.Errorf("mean of one value = %+v", mean)
	}
	var tooFew int
	for _, w := range s.Warnings {
		if errors.Is(w, stats.ErrTooFew) {
			tooFew++
		}
	}
	if tooFew == 0 {
		t.Errorf("no ErrTooFew warning in %v", s.Warnings)
	}
	m := r.Manifest()
	if len(m.Warnings) != 1+len(s.Warnings) || m.Warnings[0] != "a warning from the caller" {
		t.Errorf("manifest warnings = %q", m.Warnings)
	}
}

func TestSampleBounded(t *testing.T) {
	s := newSample()
	s.limit = 50
	var xs []float64
	for i := range 500 {
		// 500 distinct values that round to 40 multiples of 1e-6.
		x := float64(i%40)/40 + 1e-9*float64(i/40)
		xs = append(xs, x)
		s.add(x)
	}
	slices.Sort(xs)
	if !s.binned || s.dropped {
		t.Fatalf("binned %v, dropped %v", s.binned, s.dropped)
	}
	var sum Summary
	nt := newNotes()
	s.summarise(&sum, nt, "u_x", 0.95)
	sum.Warnings = nt.errors()
	mean, _, _, _ := stats.MeanCI(xs, nil, 0.95)
	got, _ := sum.Find("u_x", "mean")
	if !within(got.Estimate, mean, 1e-12) {
		t.Errorf("mean %v, want %v (the mean is exact whatever the binning)", got.Estimate, mean)
	}
	med, _ := sum.Find("u_x", "median")
	want, _, _, _ := stats.MedianCI(xs, nil, 0.95)
	if !within(med.Estimate, want, binWidth) {
		t.Errorf("binned median %v, want %v ± %v", med.Estimate, want, binWidth)
	}
	if len(sum.Warnings) != 1 {
		t.Errorf("warnings = %v, want one about rounding", sum.Warnings)
	}

	// Values too spread out even when rounded: no median, and a warning.
	s = newSample()
	s.limit = 50
	for i := range 200 {
		s.add(float64(i))
	}
	sum = Summary{}
	s.summarise(&sum, newNotes(), "offers", 0.95)
	if med, _ := sum.Find("offers", "median"); !s.dropped || !math.IsNaN(med.Estimate) {
		t.Errorf("dropped %v, median %+v", s.dropped, med)
	}
	if got, _ := sum.Find("offers", "mean"); got.Estimate != 99.5 {
		t.Errorf("mean %v, want 99.5", got.Estimate)
	}
}

func TestRecorderUntraced(t *testing.T) {
	dir := t.TempDir()
	n := fixture.Negotiation(t, 0, 0, 0)
	// The recorder wants 3 traced runs; the batch traces only 1.
	r, err := NewRecorder(dir, n, testManifest(4), testOptions(3, true))
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range fixture.Play(t, n, 4, 1, 5) {
		if err := r.Add(res); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if r.Manifest().Traced != 1 {
		t.Errorf("Traced = %d, want 1", r.Manifest().Traced)
	}
	if !fixture.HasWarning(r.Summary().Warnings, "carry no trace") {
		t.Errorf("no warning about missing traces: %v", r.Summary().Warnings)
	}

	// No trace at all: no chart, and a stale chart goes.
	if err := os.WriteFile(filepath.Join(dir, chart.Rounds+".png"), []byte("stale"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err = NewRecorder(dir, n, testManifest(2), testOptions(1, true))
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range fixture.Play(t, n, 2, 0, 5) {
		if err := r.Add(res); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, chart.Rounds+".png")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale chart left behind: %v", err)
	}
	if !fixture.HasWarning(r.Summary().Warnings, "chart not drawn") {
		t.Errorf("no warning about the chart: %v", r.Summary().Warnings)
	}
}

func TestRecorderTraceNone(t *testing.T) {
	dir := t.TempDir()
	n := fixture.Negotiation(t, 0, 0, 0)
	r := record(t, dir, n, 3, 2, Options{})
	b, err := os.ReadFile(filepath.Join(dir, RoundsFile))
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(string(b), "\n"); lines != 1 {
		t.Errorf("rounds.csv has %d lines, want the header only", lines)
	}
	if _, err := os.Stat(filepath.Join(dir, chart.Rounds+".png")); !errors.Is(err, os.ErrNotExist) {
		t.Error("chart drawn with Trace 0")
	}
	if m := r.Manifest(); m.Traced != 0 {
		t.Errorf("Traced = %d", m.Traced)
	}
	for _, w := range r.Summary().Warnings {
		if strings.Contains(w.Error(), "trace") || strings.Contains(w.Error(), "chart") {
			t.Errorf("unexpected warning %v", w)
		}
	}
}

func TestRecorderNoChartsRemovesStale(t *testing.T) {
	dir := t.TempDir()
	n := fixture.Negotiation(t, 0, 0, 0)
	record(t, dir, n, 3, 1, testOptions(1, true))
	for _, f := range []string{chart.Rounds + ".png", chart.Rounds + ".svg"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	r := record(t, dir, n, 3, 1, testOptions(1, false))
	for _, f := range []string{chart.Rounds + ".png", chart.Rounds + ".svg"} {
		if _, err := os.Stat(filepath.Join(dir, f)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s still there after a run without charts", f)
		}
		if slices.Contains(r.Manifest().Files, f) {
			t.Errorf("manifest lists %s", f)
		}
	}
}

// TestRecorderRemovesOldReport checks that a new run into a folder removes
// the report of the run it replaces.
func TestRecorderRemovesOldReport(t *testing.T) {
	dir := t.TempDir()
	n := fixture.Negotiation(t, 0, 0, 0)
	record(t, dir, n, 3, 1, testOptions(1, false))
	if err := os.WriteFile(filepath.Join(dir, ReportFile), []byte("<html>old run</html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	record(t, dir, n, 3, 1, testOptions(1, false))
	if _, err := os.Stat(filepath.Join(dir, ReportFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s of the earlier run is still there: %v", ReportFile, err)
	}
}

func TestRecorderAbortKeepsOldFiles(t *testing.T) {
	dir := t.TempDir()
	old := map[string]string{RunsFile: "old runs\n", ManifestFile: "{}\n", SummaryFile: "old summary\n"}
	for name, text := range old {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	n := fixture.Negotiation(t, 0.2, sim.RandomFirst, 0)
	r, err := NewRecorder(dir, n, testManifest(5), testOptions(1, true))
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range fixture.Play(t, n, 5, 1, 7) {
		if err := r.Add(res); err != nil {
			t.Fatal(err)
		}
	}
	r.Abort()
	r.Abort() // twice is harmless
	for name, text := range old {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(b) != text {
			t.Errorf("%s = %q, %v; want the old %q", name, b, err, text)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, RoundsFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("rounds.csv appeared after Abort")
	}
	fixture.NoTemp(t, dir)
	if err := r.Add(&sim.Result{Run: 9}); err == nil {
		t.Error("Add after Abort succeeded")
	}
	if err := r.Close(); err == nil {
		t.Error("Close after Abort succeeded")
	}
}

func TestRecorderCloseFailure(t *testing.T) {
	// summary.csv is a non-empty folder in the folder being written, so
	// writing it fails: Close must report it, leave no temporary file or
	// folder, and leave the run folder as it was (here, not there).
	root := t.TempDir()
	dir := filepath.Join(root, "run")
	n := fixture.Negotiation(t, 0, 0, 0)
	r, err := NewRecorder(dir, n, testManifest(3), testOptions(1, true))
	if err != nil {
		t.Fatal(err)
	}
	blocker := filepath.Join(r.dir, SummaryFile)
	if err := os.MkdirAll(filepath.Join(blocker, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, res := range fixture.Play(t, n, 3, 1, 7) {
		if err := r.Add(res); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Close(); err == nil {
		t.Fatal("Close succeeded")
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("run folder written by a failed Close")
	}
	if entries, _ := os.ReadDir(root); len(entries) != 0 {
		t.Errorf("left after a failed Close: %v", entries)
	}
}

func TestRecorderAddErrors(t *testing.T) {
	n := fixture.Negotiation(t, 0, 0, 0)
	good := fixture.Play(t, n, 2, 1, 7)
	tests := []struct {
		name string
		res  sim.Result
	}{
		{"outcome outside the space", sim.Result{Run: 0, End: sim.EndAgreement, Agreement: sim.Outcome(n.Space.Size())}},
		{"agreement without outcome", sim.Result{Run: 0, End: sim.EndAgreement, Agreement: sim.NoOutcome}},
		{"outcome without agreement", sim.Result{Run: 0, End: sim.EndDeadline, Agreement: 3}},
		{"unknown end", sim.Result{Run: 0, End: 9, Agreement: sim.NoOutcome}},
		{"bad first mover", sim.Result{Run: 0, FirstMover: 2, End: sim.EndDeadline, Agreement: sim.NoOutcome}},
		{"bad party", sim.Result{Run: 0, By: 5, End: sim.EndDeadline, Agreement: sim.NoOutcome}},
		{"bad event", sim.Result{Run: 0, By: -1, End: sim.EndDeadline, Agreement: sim.NoOutcome, Trace: []sim.Event{{Actor: 3}}}},
		{"bad event outcome", sim.Result{Run: 0, By: -1, End: sim.EndDeadline, Agreement: sim.NoOutcome, Trace: []sim.Event{{Outcome: -7}}}},
		{"bad mediation party", sim.Result{Run: 0, By: -1, End: sim.EndDeadline, Agreement: sim.NoOutcome, Mediation: sim.Mediation{AskedFirst: 4, DismissedBy: -1}}},
	}
	for _, c := range tests {
		t.Run(c.name, func(t *testing.T) {
			r, err := NewRecorder(t.TempDir(), n, Manifest{}, Options{NoCharts: true})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Abort()
			if err := r.Add(&c.res); err == nil {
				t.Error("Add accepted a bad result")
			}
		})
	}
	t.Run("order", func(t *testing.T) {
		r, err := NewRecorder(t.TempDir(), n, Manifest{}, Options{NoCharts: true})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Abort()
		if err := r.Add(good[1]); err != nil {
			t.Fatal(err)
		}
		if err := r.Add(good[0]); err == nil {
			t.Error("Add accepted run 0 after run 1")
		}
		if err := r.Add(nil); err == nil {
			t.Error("Add accepted nil")
		}
	})
	t.Run("after close", func(t *testing.T) {
		r, err := NewRecorder(t.TempDir(), n, Manifest{}, Options{NoCharts: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		if err := r.Add(good[0]); err == nil {
			t.Error("Add after Close succeeded")
		}
		if err := r.Close(); err == nil {
			t.Error("second Close succeeded")
		}
	})
}

func TestNewRecorderErrors(t *testing.T) {
	n := fixture.Negotiation(t, 0, 0, 0)
	same := *n
	same.Parties[1].ID = same.Parties[0].ID
	noSpace := *n
	noSpace.Space = nil
	noUtility := *n
	noUtility.Parties[0].Utility = nil
	for _, c := range []struct {
		name string
		n    *sim.Negotiation
		opt  Options
	}{
		{"nil negotiation", nil, Options{}},
		{"same party ids", &same, Options{}},
		{"no space", &noSpace, Options{}},
		{"no utility", &noUtility, Options{}},
		{"bad level", n, Options{Level: 2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := NewRecorder(dir, c.n, Manifest{}, c.opt); err == nil {
				t.Error("NewRecorder succeeded")
			}
			fixture.NoTemp(t, dir)
		})
	}
}

func TestColumns(t *testing.T) {
	n := fixture.Negotiation(t, 0, 0, 0)
	issues := slices.Clone(n.Space.Issues())
	issues[0].ID = "run"
	issues[1].ID = "u_north"
	sp, err := sim.NewSpace(issues)
	if err != nil {
		t.Fatal(err)
	}
	m := *n
	m.Space = sp
	m.Parties[1].ID = ""
	c, err := newColumns(&m)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"run", "seed", "first_mover", "end", "round", "agreed", "by", "offers",
		"issue_run", "issue_u_north", "recognition", "u_north", "u_b", "ud_north", "ud_b",
		"concession_north", "concession_b", "dist_pareto", "dist_nash", "dist_ks", "welfare", "nash_product",
		"surplus_share_north", "surplus_share_b", "advantage_north", "advantage_b", "conceded_more"}
	if !slices.Equal(c.runs, want) {
		t.Errorf("runs header = %v\nwant %v", c.runs, want)
	}
	if len(c.warnings) != 3 {
		t.Errorf("warnings = %v, want 3 (two renamed issues, one party without id)", c.warnings)
	}
}

func ExampleRecorder() {
	dir, err := os.MkdirTemp("", "parley-example-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	n := fixture.Example()
	m := Manifest{Version: "v0.1.0", Scenario: "twostates", Seed: 7, Runs: 50}
	b := sim.Batch{Negotiation: n, Runs: 50, Seed: 7, Trace: 1}
	r, err := NewRecorder(dir, n, m, Options{Trace: 1, Workers: b.NumWorkers()})
	if err != nil {
		fmt.Println(err)
		return
	}
	b.Observe = r.Observer() // for convergence.csv and its chart
	if err := b.Run(context.Background(), r.Add); err != nil {
		r.Abort()
		fmt.Println(err)
		return
	}
	if err := r.Close(); err != nil {
		fmt.Println(err)
		return
	}
	s := r.Summary()
	rate, _ := s.Find("agreement", "rate")
	fmt.Printf("agreement rate %.2f, 95%% CI [%.2f, %.2f]\n", rate.Estimate, rate.Lower, rate.Upper)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		fmt.Println(e.Name())
	}
	// Output:
	// agreement rate 0.30, 95% CI [0.19, 0.44]
	// convergence.csv
	// convergence.png
	// convergence.svg
	// frontier.csv
	// issues.png
	// issues.svg
	// manifest.json
	// outcomes.png
	// outcomes.svg
	// rounds.csv
	// rounds.png
	// rounds.svg
	// runs.csv
	// solutions.csv
	// summary.csv
	// utility-space.png
	// utility-space.svg
}

// FuzzRecorderAdd feeds the Recorder arbitrary results: each must be
// recorded or refused with an error, never panic, and Close must succeed.
func FuzzRecorderAdd(f *testing.F) {
	n, err := fixture.Build(0, 0, 0)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(0, uint8(sim.EndAgreement), 0, 1, int32(3), 0.5, uint8(sim.EventOffer), -1)
	f.Add(1, uint8(sim.EndDeadline), 1, -1, int32(-1), 0.3, uint8(sim.EventBreakdown), -1)
	f.Add(0, uint8(sim.EndWalkAway), 0, 1, int32(-1), math.NaN(), uint8(sim.EventWalk), 1)
	f.Add(-3, uint8(200), 7, 9, int32(1_000_000), math.Inf(1), uint8(99), 4)
	f.Fuzz(func(t *testing.T, run int, end uint8, first, by int, agreement int32, u float64, kind uint8, actor int) {
		r, err := NewRecorder(t.TempDir(), n, Manifest{}, Options{NoCharts: false, Trace: 2})
		if err != nil {
			t.Fatal(err)
		}
		res := &sim.Result{
			Run: run, End: sim.EndReason(end), FirstMover: first, By: by,
			Agreement: sim.Outcome(agreement), Utility: [2]float64{u, u}, Discounted: [2]float64{u, 0},
			Trace: []sim.Event{{Round: 0, Actor: actor, Kind: sim.EventKind(kind), Outcome: sim.Outcome(agreement)}},
		}
		_ = r.Add(res) // an error is fine; a panic is not
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
	})
}
