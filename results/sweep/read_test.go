package sweep

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parley-sim/parley/results/internal/fixture"
)

// readFolder reads the sweep folder dir.
func readFolder(dir string) (*Data, error) {
	return Read(filepath.Join(dir, "manifest.json"), filepath.Join(dir, "points.csv"))
}

// TestReadBadInput checks that every broken points.csv or manifest.json
// gives an error that says what is wrong, with its line where it has one.
func TestReadBadInput(t *testing.T) {
	for _, c := range fixture.BadSweeps {
		t.Run(c.Name, func(t *testing.T) {
			manifest := c.Manifest
			switch manifest {
			case "":
				manifest = `{"sweep": "bad", "design": "grid"}`
			case "-":
				manifest = ""
			}
			_, err := readFolder(fixture.SweepFolder(t, c.Points, manifest))
			if err == nil || !strings.Contains(err.Error(), c.Want) {
				t.Fatalf("error %v, want %q in it", err, c.Want)
			}
		})
	}
}

// TestReadFixture reads the one-parameter fixture: the manifest's fields,
// the points in index order, the parameter's levels and the metrics.
func TestReadFixture(t *testing.T) {
	d, err := readFolder(filepath.Join("..", "testdata", "sweep", "one"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Name == "" || d.Design != "grid" || d.Version == "" {
		t.Errorf("manifest fields: name %q, design %q, version %q", d.Name, d.Design, d.Version)
	}
	if len(d.Params) != 1 || !d.Params[0].Numeric || !d.Params[0].Varies() {
		t.Fatalf("parameters %+v, want one numeric parameter that varies", d.Params)
	}
	p := d.Params[0]
	if len(p.Level) != len(d.Points) || len(p.Num) != len(d.Points) {
		t.Fatalf("%d levels and %d values for %d points", len(p.Level), len(p.Num), len(d.Points))
	}
	for i, pt := range d.Points {
		if pt.Index != i {
			t.Errorf("point %d has index %d", i, pt.Index)
		}
		if p.Levels[p.Level[i]] != p.Text[i] {
			t.Errorf("point %d: level %q, value %q", i, p.Levels[p.Level[i]], p.Text[i])
		}
		if len(pt.Values) != len(d.Metrics) {
			t.Errorf("point %d: %d metric values for %d metrics", i, len(pt.Values), len(d.Metrics))
		}
	}
	if !slices.Contains(d.Metrics, "u_"+d.Parties[0]) || d.MetricIndex("u_"+d.Parties[0]) < 1 {
		t.Errorf("metrics %v, parties %v", d.Metrics, d.Parties)
	}
	if d.OutcomeName(0) != "agreement_rate" || d.OutcomeName(1) != d.Metrics[0]+"_mean" {
		t.Errorf("outcome names %q, %q", d.OutcomeName(0), d.OutcomeName(1))
	}
}
