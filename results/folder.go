package results

import (
	"encoding/json"
	"fmt"
	"path/filepath"
)

// Folder is what the manifest.json of a parley output folder says the
// folder holds: the folder of a run (parley run) or of a parameter sweep
// (parley sweep, parley merge).
type Folder struct {
	// Sweep says that the folder holds a sweep: its manifest has a
	// fingerprint (SweepManifest.Fingerprint). Otherwise it holds a run.
	Sweep bool
	// Complete says that a sweep is complete and whole: every point of it
	// played, and not one shard of a larger sweep. It is false for a run.
	Complete bool
	// Compare says that the folder holds a comparison (parley compare):
	// read it with ReadCompareManifest.
	Compare bool
	// Scenario is a run's scenario name and ScenarioYAML its resolved
	// scenario (Manifest.Scenario, Manifest.ScenarioYAML), from which the
	// negotiation can be rebuilt for Replot.
	Scenario, ScenarioYAML string
}

// ReadFolder reads the manifest.json of dir and says what the folder
// holds. A manifest that cannot be read is an error from the file system
// (wrapping fs.ErrNotExist when it is missing); one that is not JSON is
// an error naming manifest.json.
func ReadFolder(dir string) (Folder, error) {
	data, err := readFileLimited(filepath.Join(dir, ManifestFile), MaxManifestSize)
	if err != nil {
		return Folder{}, err
	}
	// The keys of Manifest and SweepManifest that tell the two apart.
	var m struct {
		Scenario     string `json:"scenario"`
		ScenarioYAML string `json:"scenario_yaml"`
		Fingerprint  string `json:"fingerprint"`
		Complete     bool   `json:"complete"`
		Shards       int    `json:"shards"`
		Kind         string `json:"kind"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return Folder{}, fmt.Errorf("%s: %w", ManifestFile, err)
	}
	if m.Fingerprint != "" {
		return Folder{Sweep: true, Complete: m.Complete && m.Shards <= 1}, nil
	}
	if m.Kind == CompareKind {
		return Folder{Compare: true}, nil
	}
	return Folder{Scenario: m.Scenario, ScenarioYAML: m.ScenarioYAML}, nil
}
