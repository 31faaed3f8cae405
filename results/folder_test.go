package results

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-sim/parley/results/internal/fixture"
)

// TestReadFolder tells the folders of a run, of a complete sweep, of an
// unfinished sweep and of one shard apart, and reports a missing or
// broken manifest.
func TestReadFolder(t *testing.T) {
	runDir := t.TempDir()
	record(t, runDir, fixture.Negotiation(t, 0, 0, 0), 3, 1, testOptions(1, false))
	for _, c := range []struct {
		name     string
		manifest string // "" for the recorded run folder
		want     Folder
	}{
		{name: "run", want: Folder{Scenario: "twostates", ScenarioYAML: testManifest(3).ScenarioYAML}},
		{name: "complete sweep", manifest: `{"sweep": "s", "fingerprint": "ab12", "complete": true, "shards": 1}`, want: Folder{Sweep: true, Complete: true}},
		{name: "single machine, shards 0", manifest: `{"fingerprint": "ab12", "complete": true}`, want: Folder{Sweep: true, Complete: true}},
		{name: "unfinished sweep", manifest: `{"fingerprint": "ab12", "complete": false, "shards": 1}`, want: Folder{Sweep: true}},
		{name: "one shard", manifest: `{"fingerprint": "ab12", "complete": true, "shard": 1, "shards": 4}`, want: Folder{Sweep: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := runDir
			if c.manifest != "" {
				dir = t.TempDir()
				if err := os.WriteFile(filepath.Join(dir, ManifestFile), []byte(c.manifest), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, err := ReadFolder(dir)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("ReadFolder = %+v, want %+v", got, c.want)
			}
		})
	}

	if _, err := ReadFolder(t.TempDir()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("no manifest: error %v, want one wrapping fs.ErrNotExist", err)
	}
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, ManifestFile), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFolder(bad); err == nil || !strings.HasPrefix(err.Error(), ManifestFile+": ") {
		t.Errorf("broken manifest: error %v, want one naming %s", err, ManifestFile)
	}
}
