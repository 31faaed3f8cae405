package results

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-sim/parley/results/chart"
	"github.com/parley-sim/parley/results/internal/fixture"
)

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
	out := []string{ManifestFile, PointsFile, SensitivityFile}
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
		{"one", []string{chart.SweepAgreement, chart.SweepUtility, chart.SweepMetrics, chart.Sensitivity}, nil},
		{"two", []string{chart.HeatmapAgreement, "heatmap-u_north", "heatmap-u_south", "heatmap-ud_north", "heatmap-ud_south", chart.Sensitivity}, nil},
		{"three", []string{chart.HeatmapAgreement, "heatmap-u_north", "heatmap-u_south", "heatmap-ud_north", "heatmap-ud_south", chart.SweepAgreement, chart.Sensitivity}, nil},
		{"grid3", []string{chart.HeatmapAgreement, "heatmap-u_north", "heatmap-u_south", "heatmap-ud_north", "heatmap-ud_south", chart.SweepAgreement, chart.Sensitivity}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := fixture.CopySweep(t, filepath.Join("testdata", "sweep", c.name))
			warns, err := WriteSweepAnalysis(dir, SweepAnalysisOptions{})
			if err != nil {
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
			again := []string{fixture.CopySweep(t, filepath.Join("testdata", "sweep", c.name))}
			if c.name == "one" {
				again = append(again, dir)
			}
			for _, d := range again {
				if _, err := WriteSweepAnalysis(d, SweepAnalysisOptions{}); err != nil {
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
	dir := fixture.CopySweep(t, filepath.Join("testdata", "sweep", "one"))
	for _, f := range []string{"heatmap-agreement.png", "heatmap-u_gone.svg", "sensitivity.svg", "sweep-metrics.png", "rounds.png", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := WriteSweepAnalysis(dir, SweepAnalysisOptions{NoCharts: true}); err != nil {
		t.Fatal(err)
	}
	names, _ := analysisFolderFiles(t, dir)
	want := append(analysisFiles(), "notes.txt", "rounds.png")
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("files %v, want %v", names, want)
	}
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
			charts: []string{chart.HeatmapAgreement, "heatmap-u_a", "heatmap-u_b", chart.Sensitivity},
			notes:  []string{"u_b_mean,a.b,numeric,30,,,,,,,,the same at every point: no sensitivity"},
		},
		{
			name: "random, two categorical", design: "random", params: []string{"p", "q"}, rows: catRows,
			f:      func(i int) (int, int, float64, float64) { return i % 7, 20, 0.4, float64(i%3) / 4 },
			charts: []string{chart.HeatmapAgreement, "heatmap-u_a", "heatmap-u_b", chart.Sensitivity},
			notes:  []string{"categorical: no SRC (in the fit as indicators); Sobol index by value"},
		},
		{
			name: "always agreed, one parameter constant", design: "grid", params: []string{"n", "k"}, rows: constRows,
			f:        func(i int) (int, int, float64, float64) { return 40, 40, 0.6 + float64(i%5)/50, 0.4 },
			charts:   []string{chart.SweepAgreement, chart.SweepUtility, chart.Sensitivity},
			warnings: []string{"no sensitivity for agreement_rate, u_b_mean: the same at every point"},
			notes:    []string{"agreement_rate,n,numeric,30,,,,,,,,the same at every point: no sensitivity", "u_a_mean,k,categorical,30,,,,,,,,the same at every point"},
		},
		{
			name: "a single point", design: "grid", params: []string{"only"}, rows: oneValue,
			f:        func(int) (int, int, float64, float64) { return 1, 2, 0.5, 0.5 },
			warnings: []string{"no sweep charts", "sensitivity chart not drawn", "too few"},
			notes:    []string{"defined at 1 point: too few for sensitivity"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := fixture.SweepFolder(t, fixture.SweepPointsCSV(c.params, c.rows, c.f), fixture.SweepManifestJSON(c.design, c.params))
			warns, err := WriteSweepAnalysis(dir, SweepAnalysisOptions{})
			if err != nil {
				t.Fatal(err)
			}
			names, data := analysisFolderFiles(t, dir)
			if want := analysisFiles(c.charts...); !slices.Equal(names, want) {
				t.Errorf("files %v, want %v", names, want)
			}
			for _, w := range c.warnings {
				if !fixture.HasWarning(warns, w) {
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

// TestWriteSweepAnalysisBadInput checks that every broken points.csv or
// manifest.json gives a clear error and writes nothing.
func TestWriteSweepAnalysisBadInput(t *testing.T) {
	for _, c := range fixture.BadSweeps {
		t.Run(c.Name, func(t *testing.T) {
			manifest := c.Manifest
			switch manifest {
			case "":
				manifest = `{"sweep": "bad", "design": "grid"}`
			case "-":
				manifest = ""
			}
			dir := fixture.SweepFolder(t, c.Points, manifest)
			_, err := WriteSweepAnalysis(dir, SweepAnalysisOptions{})
			if err == nil || !strings.Contains(err.Error(), c.Want) {
				t.Fatalf("error %v, want %q in it", err, c.Want)
			}
			if _, err := os.Stat(filepath.Join(dir, SensitivityFile)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s written despite the error", SensitivityFile)
			}
		})
	}
	// Both faults of "many errors" are reported.
	var many string
	for _, c := range fixture.BadSweeps {
		if c.Name == "many errors" {
			many = c.Points
		}
	}
	dir := fixture.SweepFolder(t, many, `{}`)
	if _, err := WriteSweepAnalysis(dir, SweepAnalysisOptions{}); err == nil || !strings.Contains(err.Error(), "points.csv:2: replications") {
		t.Errorf("first fault not reported: %v", err)
	}
	if _, err := WriteSweepAnalysis(filepath.Join(t.TempDir(), "missing"), SweepAnalysisOptions{}); err == nil {
		t.Error("no error for a missing folder")
	}
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
	if _, err := WriteSweepAnalysis(dir, SweepAnalysisOptions{NoCharts: true}); err != nil {
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
	// metric,parameter,kind,points,src,src_abs_rank,r2,sobol_first,sobol_rank,groups,sobol_null,note,src_lo,src_hi,src_method
	// agreement_rate,parties.north.discount,numeric,5,0.983527,1,0.967326,1,1,5,1,one group per point: the Sobol index is 1 by construction; 5 points for 1 regression column: the interval is rough,0.765578,0.998962,fisher_z
}

// TestIsSweepChart checks which file names are sweep charts, which a new
// analysis may remove: the named charts and the utility heatmaps, as PNG
// or SVG, nothing else.
func TestIsSweepChart(t *testing.T) {
	for name, want := range map[string]bool{
		"sweep-agreement.png": true, "sensitivity.svg": true, "heatmap-agreement.svg": true,
		"heatmap-ud_b.svg": true, "heatmap-u_b.png": true,
		"heatmap-x.png": false, "sweep-agreement.pdf": false, "rounds.png": false, "points.csv": false,
	} {
		if got := isSweepChart(name); got != want {
			t.Errorf("isSweepChart(%q) = %v, want %v", name, got, want)
		}
	}
}
