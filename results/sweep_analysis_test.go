package results

import (
	"bytes"
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

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

	"github.com/parley-sim/parley/sim/stats"
)

// analysisFixture copies the points.csv and manifest.json of
// testdata/sweep/name into a new temporary folder and returns it.
func analysisFixture(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{sweepPointsName, sweepManifestName} {
		b, err := os.ReadFile(filepath.Join("testdata", "sweep", name, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// analysisFolderFiles returns the names of the files in dir, sorted, and their
// contents.
func analysisFolderFiles(t *testing.T, dir string) ([]string, map[string][]byte) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	data := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, e.Name())
		data[e.Name()] = b
	}
	slices.Sort(names)
	return names, data
}

// analysisFiles returns the inputs, sensitivity.csv and NAME.png, NAME.svg
// for each chart, sorted.
func analysisFiles(charts ...string) []string {
	out := []string{sweepManifestName, sweepPointsName, SensitivityFile}
	for _, c := range charts {
		out = append(out, c+".png", c+".svg")
	}
	slices.Sort(out)
	return out
}

// TestWriteSweepAnalysis runs the analysis on the fixtures for one, two
// and three varied parameters (a grid, a grid with a categorical
// parameter and adaptive replications, a Latin hypercube, a three-way
// grid): sensitivity.csv against its golden file, the set of charts, and
// byte-identical files from a second run in another folder (and, for
// the first, from a rerun in the same folder). On amd64 the charts are also compared with
// their SHA-256 sums in testdata/sweep/NAME/charts.sha256.
func TestWriteSweepAnalysis(t *testing.T) {
	for _, c := range []struct {
		name   string
		charts []string
		warns  []string
	}{
		{"one", []string{SweepAgreementChart, SweepUtilityChart, SweepMetricsChart, SensitivityChart}, nil},
		{"two", []string{HeatmapAgreementChart, "heatmap-u_north", "heatmap-u_south", "heatmap-ud_north", "heatmap-ud_south", SensitivityChart}, nil},
		{"three", []string{HeatmapAgreementChart, "heatmap-u_north", "heatmap-u_south", "heatmap-ud_north", "heatmap-ud_south", SweepAgreementChart, SensitivityChart}, nil},
		{"grid3", []string{HeatmapAgreementChart, "heatmap-u_north", "heatmap-u_south", "heatmap-ud_north", "heatmap-ud_south", SweepAgreementChart, SensitivityChart}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := analysisFixture(t, c.name)
			var warns []error
			if err := WriteSweepAnalysis(dir, SweepAnalysisOptions{Warn: func(err error) { warns = append(warns, err) }}); err != nil {
				t.Fatal(err)
			}
			if len(warns) > 0 {
				t.Errorf("warnings: %v", warns)
			}
			names, first := analysisFolderFiles(t, dir)
			if want := analysisFiles(c.charts...); !slices.Equal(names, want) {
				t.Errorf("files %v, want %v", names, want)
			}
			golden(t, filepath.Join("sweep", c.name, SensitivityFile), first[SensitivityFile])
			for _, n := range names {
				if strings.HasSuffix(n, ".png") && !bytes.HasPrefix(first[n], []byte("\x89PNG")) {
					t.Errorf("%s is not a PNG", n)
				}
				if strings.HasSuffix(n, ".svg") && !bytes.Contains(first[n][:min(len(first[n]), 400)], []byte("<svg")) {
					t.Errorf("%s is not an SVG", n)
				}
			}

			// Again in another folder; the first case also reruns in the
			// same folder, over its own output.
			again := []string{analysisFixture(t, c.name)}
			if c.name == "one" {
				again = append(again, dir)
			}
			for _, d := range again {
				if err := WriteSweepAnalysis(d, SweepAnalysisOptions{}); err != nil {
					t.Fatal(err)
				}
			}
			for _, d := range again {
				names2, again := analysisFolderFiles(t, d)
				if !slices.Equal(names2, names) {
					t.Errorf("second run wrote %v, first %v", names2, names)
				}
				for _, n := range names {
					if !bytes.Equal(first[n], again[n]) {
						t.Errorf("%s differs between two runs", n)
					}
				}
			}

			if runtime.GOARCH != "amd64" && !*update {
				return // the chart sums are for amd64
			}
			var sums bytes.Buffer
			for _, n := range names {
				if strings.HasSuffix(n, ".png") || strings.HasSuffix(n, ".svg") {
					fmt.Fprintf(&sums, "%s  %s\n", sha256Hex(string(first[n])), n)
				}
			}
			golden(t, filepath.Join("sweep", c.name, "charts.sha256"), sums.Bytes())
		})
	}
}

// TestWriteSweepAnalysisStale checks that sweep charts of an earlier
// analysis that no longer apply are removed, and other files kept, and
// that NoCharts writes sensitivity.csv alone.
func TestWriteSweepAnalysisStale(t *testing.T) {
	dir := analysisFixture(t, "one")
	for _, f := range []string{"heatmap-agreement.png", "heatmap-u_gone.svg", "sensitivity.svg", "sweep-metrics.png", "rounds.png", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := WriteSweepAnalysis(dir, SweepAnalysisOptions{NoCharts: true}); err != nil {
		t.Fatal(err)
	}
	names, _ := analysisFolderFiles(t, dir)
	want := append(analysisFiles(), "notes.txt", "rounds.png")
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("files %v, want %v", names, want)
	}
}

// analysisPointsCSV builds a points.csv for the given parameter columns and rows
// of parameter values, with an agreement rate and u_a, u_b means from f.
func analysisPointsCSV(params []string, rows [][]string, f func(i int) (agreed, reps int, ua, ub float64)) string {
	var b strings.Builder
	b.WriteString("point," + strings.Join(params, ",") + ",replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi,u_a_mean,u_a_lo,u_a_hi,u_b_mean,u_b_lo,u_b_hi\n")
	for i, r := range rows {
		k, n, ua, ub := f(i)
		lo, hi := stats.Wilson(k, n, stats.Z(0.95))
		g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
		fmt.Fprintf(&b, "%d,%s,%d,%d,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", i, strings.Join(r, ","), n, k,
			g(float64(k)/float64(n)), g(lo), g(hi), g(ua), g(ua-0.02), g(ua+0.02), g(ub), g(ub-0.02), g(ub+0.02))
	}
	return b.String()
}

// analysisManifestJSON returns a manifest for the given design and
// parameters.
func analysisManifestJSON(design string, params []string) string {
	q := make([]string, len(params))
	for i, p := range params {
		q[i] = strconv.Quote(p)
	}
	return `{"version": "test", "sweep": "edge", "design": "` + design + `", "parameters": [` + strings.Join(q, ", ") + `], "seed": "3", "extra": {"ignored": true}}`
}

// writeAnalysisFolder writes points.csv and manifest.json into a new folder.
func writeAnalysisFolder(t *testing.T, points, manifest string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, sweepPointsName), []byte(points), 0o644); err != nil {
		t.Fatal(err)
	}
	if manifest != "" {
		if err := os.WriteFile(filepath.Join(dir, sweepManifestName), []byte(manifest), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestWriteSweepAnalysisEdges runs valid but awkward sweeps: every chart
// that applies is drawn, the notes explain what is missing, nothing fails.
func TestWriteSweepAnalysisEdges(t *testing.T) {
	cat := []string{"x", "y", "z"}
	var randomRows, catRows, constRows, oneValue [][]string
	for i := range 30 {
		randomRows = append(randomRows, []string{strconv.FormatFloat(0.5+float64((i*7)%30)/60, 'g', -1, 64), cat[i%3]})
		catRows = append(catRows, []string{cat[i%3], cat[(i/3)%3]})
		constRows = append(constRows, []string{strconv.Itoa(i % 5), "fixed"})
	}
	oneValue = [][]string{{"1"}}
	for _, c := range []struct {
		name     string
		design   string
		params   []string
		rows     [][]string
		f        func(i int) (int, int, float64, float64)
		charts   []string
		warnings []string
		notes    []string
	}{
		{
			name: "random, numeric and categorical", design: "random", params: []string{"a.b", "c"}, rows: randomRows,
			f:      func(i int) (int, int, float64, float64) { return 10 + i, 50, 0.3 + float64(i)/100, 0.5 },
			charts: []string{HeatmapAgreementChart, "heatmap-u_a", "heatmap-u_b", SensitivityChart},
			notes:  []string{"u_b_mean,a.b,numeric,30,,,,,,,,the same at every point: no sensitivity"},
		},
		{
			name: "random, two categorical", design: "random", params: []string{"p", "q"}, rows: catRows,
			f:      func(i int) (int, int, float64, float64) { return i % 7, 20, 0.4, float64(i%3) / 4 },
			charts: []string{HeatmapAgreementChart, "heatmap-u_a", "heatmap-u_b", SensitivityChart},
			notes:  []string{"categorical: no SRC (in the fit as indicators); Sobol index by value"},
		},
		{
			name: "always agreed, one parameter constant", design: "grid", params: []string{"n", "k"}, rows: constRows,
			f:        func(i int) (int, int, float64, float64) { return 40, 40, 0.6 + float64(i%5)/50, 0.4 },
			charts:   []string{SweepAgreementChart, SweepUtilityChart, SensitivityChart},
			warnings: []string{"no sensitivity for agreement_rate, u_b_mean: the same at every point"},
			notes:    []string{"agreement_rate,n,numeric,30,,,,,,,,the same at every point: no sensitivity", "u_a_mean,k,categorical,30,,,,,,,,the same at every point"},
		},
		{
			name: "a single point", design: "grid", params: []string{"only"}, rows: oneValue,
			f:        func(int) (int, int, float64, float64) { return 1, 2, 0.5, 0.5 },
			warnings: []string{"no sweep charts", "sensitivity chart not drawn", "too few"},
			notes:    []string{"defined at 1 points: too few for sensitivity"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := writeAnalysisFolder(t, analysisPointsCSV(c.params, c.rows, c.f), analysisManifestJSON(c.design, c.params))
			var warns []error
			if err := WriteSweepAnalysis(dir, SweepAnalysisOptions{Warn: func(err error) { warns = append(warns, err) }}); err != nil {
				t.Fatal(err)
			}
			names, data := analysisFolderFiles(t, dir)
			if want := analysisFiles(c.charts...); !slices.Equal(names, want) {
				t.Errorf("files %v, want %v", names, want)
			}
			for _, w := range c.warnings {
				if !hasWarning(warns, w) {
					t.Errorf("no warning %q in %v", w, warns)
				}
			}
			// Metrics without sensitivity for one reason share a warning.
			seen := map[string]bool{}
			for _, w := range warns {
				if why, ok := strings.CutPrefix(w.Error(), "no sensitivity for "); ok {
					_, why, _ = strings.Cut(why, ": ")
					if seen[why] {
						t.Errorf("two warnings for %q: %v", why, warns)
					}
					seen[why] = true
				}
			}
			for _, n := range c.notes {
				if !bytes.Contains(data[SensitivityFile], []byte(n)) {
					t.Errorf("sensitivity.csv lacks %q:\n%s", n, data[SensitivityFile])
				}
			}
			if bytes.Contains(bytes.ToLower(data[SensitivityFile]), []byte("nan")) {
				t.Errorf("sensitivity.csv holds NaN:\n%s", data[SensitivityFile])
			}
		})
	}
}

// badSweepCases are points.csv files that break the contract, with a
// part of the error each must give.
var badSweepCases = []struct {
	name, points, manifest, want string
}{
	{name: "empty", points: "", want: "empty file"},
	{name: "header only", points: "point,a,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi\n", want: "no points"},
	{name: "no replications", points: "point,a,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi\n0,1,1,1,,\n", want: "no replications column"},
	{name: "no parameter", points: "point,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi\n0,2,1,0.5,,\n", want: "no parameter columns"},
	{name: "point not first", points: "a,point,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi\n", want: "first column must be point"},
	{name: "no bounds", points: "point,a,replications,agreements,agreement_rate\n0,1,2,1,0.5\n", want: "no agreement_rate_lo column"},
	{name: "mean without bounds", points: "point,a,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi,u_x_mean\n0,1,2,1,0.5,,,0.3\n", want: "u_x_mean has no u_x_lo"},
	{name: "bound without mean", points: "point,a,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi,u_x_lo\n0,1,2,1,0.5,,,0.3\n", want: "u_x_lo has no u_x_mean"},
	{name: "duplicate column", points: "point,a,a,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi\n", want: `column "a" appears twice`},
	{name: "NaN", points: "point,a,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi,u_x_mean,u_x_lo,u_x_hi\n0,1,2,1,0.5,,,NaN,,\n", want: `points.csv:2: u_x_mean: "NaN" is not a finite number`},
	{name: "Inf rate", points: "point,a,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi\n0,1,2,1,+Inf,,\n", want: "agreement_rate: \"+Inf\" is not a finite number"},
	{name: "empty rate", points: "point,a,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi\n0,1,2,1,,,\n", want: "points.csv:2: agreement_rate: empty"},
	{name: "text count", points: "point,a,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi\n0,1,two,1,0.5,,\n", want: `replications: "two" is not a whole number of at least 1`},
	{name: "zero replications", points: "point,a,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi\n0,1,0,0,0,,\n", want: "replications"},
	{name: "more agreements", points: "point,a,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi\n0,1,2,3,1.5,,\n", want: "agreements: 3 of 2 replications"},
	{name: "rate disagrees", points: "point,a,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi\n0,1,4,1,0.5,,\n", want: "but 1 of 4 replications agreed"},
	{name: "duplicate point", points: "point,a,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi\n0,1,2,1,0.5,,\n0,2,2,1,0.5,,\n", want: "points.csv:3: point 0 already on line 2"},
	{name: "short row", points: "point,a,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi\n0,1,2,1,0.5\n", want: "wrong number of fields"},
	{name: "bad quote", points: "point,a,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi\n0,\"1,2,1,0.5,,\n", want: "points.csv"},
	{name: "many errors", points: "point,a,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi\n0,1,x,1,0.5,,\n1,1,2,y,0.5,,\n", want: "points.csv:3: agreements"},
	{name: "no manifest", points: "point,a,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi\n0,1,2,1,0.5,,\n", manifest: "-", want: "reading the sweep manifest"},
	{name: "bad manifest", points: "point,a,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi\n0,1,2,1,0.5,,\n", manifest: `{"design": `, want: "manifest.json"},
	{name: "bad seed", points: "point,a,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi\n0,1,2,1,0.5,,\n", manifest: `{"seed": "-1"}`, want: "seed"},
	{name: "unknown design", points: "point,a,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi\n0,1,2,1,0.5,,\n", manifest: `{"design": "sobol"}`, want: `unknown design "sobol"`},
	{name: "other parameters", points: "point,a,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi\n0,1,2,1,0.5,,\n", manifest: `{"parameters": ["b"]}`, want: `lists the parameters ["b"]`},
}

// TestWriteSweepAnalysisBadInput checks that every broken points.csv or
// manifest.json gives a clear error and writes nothing.
func TestWriteSweepAnalysisBadInput(t *testing.T) {
	for _, c := range badSweepCases {
		t.Run(c.name, func(t *testing.T) {
			manifest := c.manifest
			switch manifest {
			case "":
				manifest = `{"sweep": "bad", "design": "grid"}`
			case "-":
				manifest = ""
			}
			dir := writeAnalysisFolder(t, c.points, manifest)
			err := WriteSweepAnalysis(dir, SweepAnalysisOptions{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want %q in it", err, c.want)
			}
			if _, err := os.Stat(filepath.Join(dir, SensitivityFile)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s written despite the error", SensitivityFile)
			}
		})
	}
	// Both faults of "many errors" are reported.
	var many string
	for _, c := range badSweepCases {
		if c.name == "many errors" {
			many = c.points
		}
	}
	dir := writeAnalysisFolder(t, many, `{}`)
	if err := WriteSweepAnalysis(dir, SweepAnalysisOptions{}); err == nil || !strings.Contains(err.Error(), "points.csv:2: replications") {
		t.Errorf("first fault not reported: %v", err)
	}
	if err := WriteSweepAnalysis(filepath.Join(t.TempDir(), "missing"), SweepAnalysisOptions{}); err == nil {
		t.Error("no error for a missing folder")
	}
}

// FuzzSweepPoints feeds arbitrary points.csv files to the reader and the
// analysis: they may fail, never panic, and never produce NaN.
func FuzzSweepPoints(f *testing.F) {
	for _, c := range badSweepCases {
		f.Add([]byte(c.points))
	}
	for _, name := range []string{"one", "two", "three", "grid3"} {
		b, err := os.ReadFile(filepath.Join("testdata", "sweep", name, sweepPointsName))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d := &sweepData{design: "random"}
		if err := readSweepPoints(bytes.NewReader(b), sweepPointsName, d); err != nil {
			return
		}
		sens := analyseSweep(d, 0)
		var out bytes.Buffer
		if err := writeSensitivity(&out, sens); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(bytes.ToLower(out.Bytes()), []byte("nan")) {
			t.Fatalf("NaN in sensitivity.csv:\n%s", out.Bytes())
		}
		for _, m := range sens {
			for _, r := range m.rows {
				for _, v := range []float64{r.sobol, r.src, m.r2} {
					if !math.IsNaN(v) && (v < -1-1e-9 || v > 1+1e-9) {
						t.Fatalf("%s/%s: index %v outside [-1, 1]", m.name, r.param.path, v)
					}
				}
			}
		}
		// Draw every chart on a canvas that only records (a panic fails).
		figs, _ := sweepFigures(d, sens)
		for _, fg := range figs {
			w, h := fg.fig.size()
			if err := fg.fig.draw(draw.NewCanvas(new(recorder.Canvas), w, h)); err != nil {
				t.Fatalf("%s: %v", fg.name, err)
			}
		}
	})
}

func ExampleWriteSweepAnalysis() {
	dir, err := os.MkdirTemp("", "sweep")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	// A sweep folder as `parley sweep` leaves it: points.csv and
	// manifest.json (here copied from the tests' fixture).
	for _, f := range []string{"points.csv", "manifest.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", "sweep", "one", f))
		if err != nil {
			fmt.Println(err)
			return
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			fmt.Println(err)
			return
		}
	}
	if err := WriteSweepAnalysis(dir, SweepAnalysisOptions{NoCharts: true}); err != nil {
		fmt.Println(err)
		return
	}
	b, err := os.ReadFile(filepath.Join(dir, SensitivityFile))
	if err != nil {
		fmt.Println(err)
		return
	}
	lines := strings.Split(string(b), "\n")
	fmt.Println(lines[0])
	fmt.Println(lines[1])
	// Output:
	// metric,parameter,kind,points,src,src_abs_rank,r2,sobol_first,sobol_rank,groups,sobol_null,note,src_lo,src_hi
	// agreement_rate,parties.north.discount,numeric,5,0.983527,1,0.967326,1,1,5,1,one group per point: the Sobol index is 1 by construction,0.651401,1.315654
}
