package results

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// Manifest describes a run; the Recorder writes it as manifest.json, with
// the keys in the order of the fields below. Timestamps appear only here,
// never in the data files.
type Manifest struct {
	// Version is the parley version; the caller injects it, so that tests
	// can fix it.
	Version string `json:"version"`
	// GoVersion, OS and Arch describe the build. The Recorder fills those
	// left empty from the running program. Arch matters: floating-point
	// results may differ between architectures.
	GoVersion string `json:"go_version"`
	OS        string `json:"os"`
	Arch      string `json:"arch"`
	// Command is the command line.
	Command []string `json:"command"`
	// Scenario names the scenario. Empty means the Negotiation's Name.
	Scenario string `json:"scenario"`
	// Source is the scenario's file path, or builtin:NAME.
	Source string `json:"source"`
	// ScenarioYAML is the fully resolved scenario as canonical YAML.
	ScenarioYAML string `json:"scenario_yaml"`
	// ScenarioSHA256 is the hex SHA-256 of ScenarioYAML. The Recorder
	// computes it when ScenarioYAML is not empty.
	ScenarioSHA256 string `json:"scenario_sha256"`
	// Assumptions are the scenario's uncertain assumptions, the fields
	// given as distributions, in the order of the columns of runs.csv
	// that hold each run's draw; left out of the JSON when there are
	// none. Every run of such a scenario plays a negotiation drawn for
	// it (sim.Batch.NewSampler), so the Recorder also needs
	// Options.NewSampler.
	Assumptions []Assumption `json:"assumptions,omitempty"`
	// Seed is the master seed. In JSON it is a decimal string, because
	// many JSON readers hold numbers as doubles and would round seeds above
	// 2⁵³.
	Seed uint64 `json:"seed,string"`
	// Runs is the number of runs recorded, Workers the number of workers
	// that played them and Traced the number of runs in rounds.csv and the
	// chart. The Recorder sets Runs and Traced from what it recorded.
	Runs    int `json:"runs"`
	Workers int `json:"workers"`
	Traced  int `json:"traced"`
	// Started and Finished bound the run. When Finished is zero the
	// Recorder stamps it at Close with Options.Now.
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Warnings are the caller's warnings followed by the Recorder's.
	Warnings []string `json:"warnings"`
	// Files lists the files of the run folder written by this run,
	// manifest.json included, sorted; the Recorder adds its own to any the
	// caller lists.
	Files []string `json:"files"`
}

// writeJSON writes m as indented JSON followed by a newline. Nil slices are
// written as empty arrays so that readers always find arrays.
func (m Manifest) writeJSON(w io.Writer) error {
	if m.Command == nil {
		m.Command = []string{}
	}
	if m.Warnings == nil {
		m.Warnings = []string{}
	}
	if m.Files == nil {
		m.Files = []string{}
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding manifest: %w", err)
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// sha256Hex returns the hex SHA-256 of s.
func sha256Hex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}
