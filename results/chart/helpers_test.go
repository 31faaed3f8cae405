package chart

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/results/sweep"
)

// sweepFixture is the path of a sweep folder among the fixtures of
// package results (testdata/sweep/NAME: one, two, three, grid3).
func sweepFixture(name string) string { return filepath.Join("..", "testdata", "sweep", name) }

// readSweep reads the sweep folder dir as the analysis does.
func readSweep(t *testing.T, dir string) *sweepData {
	t.Helper()
	d, err := sweep.Read(filepath.Join(dir, "manifest.json"), filepath.Join(dir, "points.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return &sweepData{d}
}

// sweepOf reads the text of a points.csv into a sweep of the given
// design and name.
func sweepOf(t *testing.T, points, design, name string) *sweepData {
	t.Helper()
	d := &sweep.Data{Name: name, Design: design}
	if err := d.ReadPoints(strings.NewReader(points), "points.csv"); err != nil {
		t.Fatal(err)
	}
	return &sweepData{d}
}

// sweepFolderOf writes points.csv and a grid manifest over params into a
// new folder and reads it back.
func sweepFolderOf(t *testing.T, points string, params ...string) *sweepData {
	t.Helper()
	return readSweep(t, fixture.SweepFolder(t, points, fixture.SweepManifestJSON("grid", params)))
}
