package results

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-sim/parley/results/atomicfile"
)

// Names of the files of a sweep folder besides ManifestFile and RunsFile.
const (
	// PointsFile holds one row per parameter point: the agreement rate and
	// the means of the outcome metrics, with 95% intervals.
	PointsFile = "points.csv"
	// SweepStateFile is the checkpoint of an unfinished sweep: the next
	// point to play and the lengths of runs.csv and points.csv at that
	// point's boundary. It is removed when the sweep completes.
	SweepStateFile = ".sweep-state.json"
)

// SweepManifest describes a sweep folder; it is written as manifest.json
// with the keys in the order of the fields below. Every field is a
// deterministic function of the sweep and the build: no timestamps, worker
// counts or command lines, so that the folder is byte-identical whatever
// the number of workers, after a resume and after a merge of shards.
type SweepManifest struct {
	// Version is the parley version; the caller injects it, so that tests
	// can fix it.
	Version string `json:"version"`
	// GoVersion, OS and Arch describe the build. NewSweepRecorder fills
	// those left empty from the running program. Shards from different
	// builds or architectures are not merged: floating-point results may
	// differ between architectures.
	GoVersion string `json:"go_version"`
	OS        string `json:"os"`
	Arch      string `json:"arch"`
	// Sweep is the sweep's name.
	Sweep string `json:"sweep"`
	// SweepYAML is the sweep file as canonical YAML, ScenarioYAML the
	// resolved base scenario.
	SweepYAML    string `json:"sweep_yaml"`
	ScenarioYAML string `json:"scenario_yaml"`
	// Fingerprint identifies the sweep (the hex SHA-256 of the canonical
	// sweep and the resolved base scenario). A folder is resumed, and
	// shards are merged, only when their fingerprints agree.
	Fingerprint string `json:"fingerprint"`
	// Design is grid, random or latin_hypercube.
	Design string `json:"design"`
	// Parameters are the dotted paths that vary, in the order of the
	// parameter columns of runs.csv and points.csv.
	Parameters []string `json:"parameters"`
	// Assumptions are the uncertain assumptions of the base scenario,
	// which every point draws anew in each replication (see
	// sim.Sweep.NewSampler); their draws are the last columns of runs.csv,
	// named by path. Left out of the JSON when there are none.
	Assumptions []Assumption `json:"assumptions,omitempty"`
	// Points is the number of parameter points of the whole sweep (all
	// shards).
	Points int `json:"points"`
	// Replications is the number of replications per point or, with
	// Precision, the most a point may take.
	Replications int `json:"replications"`
	// Precision is the target half-width of the adaptive 95% intervals;
	// zero for a fixed number of replications.
	Precision float64 `json:"precision"`
	// Seed is the master seed; in JSON a decimal string, since many JSON
	// readers would round seeds above 2⁵³.
	Seed uint64 `json:"seed,string"`
	// RandomNumbers is "common": replication r of every point plays with
	// the seed of run r of a batch (common random numbers, see sim.Sweep).
	// Folders written before common random numbers have none, and are
	// neither resumed nor merged with newer ones.
	RandomNumbers string `json:"random_numbers"`
	// Shard and Shards say which share of the points the folder holds: the
	// points p with p % Shards == Shard. A single-machine run and a merged
	// folder have 0 and 1; zero Shards means 1.
	Shard  int `json:"shard"`
	Shards int `json:"shards"`
	// Runs is the number of rows of runs.csv; it is set when the sweep
	// completes and zero before.
	Runs int `json:"runs"`
	// Complete says whether every point of the folder's share was played.
	Complete bool `json:"complete"`
}

// commonRandomNumbers is SweepManifest.RandomNumbers of the sweeps sim plays.
const commonRandomNumbers = "common"

// withDefaults fills the build fields left empty and defaults Shards and
// RandomNumbers.
func (m SweepManifest) withDefaults() SweepManifest {
	fillBuild(&m.GoVersion, &m.OS, &m.Arch)
	m.Shards = cmp.Or(m.Shards, 1)
	m.RandomNumbers = cmp.Or(m.RandomNumbers, commonRandomNumbers)
	m.Parameters = slices.Clone(m.Parameters)
	return m
}

// check reports a manifest that cannot describe a sweep.
func (m *SweepManifest) check() error {
	switch {
	case m.Fingerprint == "":
		return errors.New("the manifest has no fingerprint")
	case m.Points < 1:
		return fmt.Errorf("%d points: want at least 1", m.Points)
	case m.Shards < 1:
		return fmt.Errorf("%d shards: want at least 1", m.Shards)
	case m.Shard < 0 || m.Shard >= m.Shards:
		return fmt.Errorf("shard %d outside [0, %d)", m.Shard, m.Shards)
	}
	return nil
}

// sameSweep compares the fields that define what a sweep computes:
// everything but the share (Shard, Shards) and the progress (Runs,
// Complete). It returns "" when they agree, or what differs, as a phrase
// that follows "holds": aWho and bWho introduce the settings of a and of
// b ("it was started with", "this command asks for").
func sameSweep(a, b *SweepManifest, aWho, bWho string) string {
	if d := sweepDiffs(a, b); len(d) > 0 {
		return "another sweep: " + describeDiffs(d, aWho, bWho)
	}
	switch {
	case a.Fingerprint != b.Fingerprint:
		return fmt.Sprintf("another sweep (%s, fingerprint %s, not %s)", a.Sweep, short(a.Fingerprint), short(b.Fingerprint))
	case a.Version != b.Version || a.GoVersion != b.GoVersion:
		return fmt.Sprintf("another build (parley %s with %s, not %s with %s)", a.Version, a.GoVersion, b.Version, b.GoVersion)
	case a.Arch != b.Arch:
		return fmt.Sprintf("another architecture (%s, not %s): floating-point results may differ", a.Arch, b.Arch)
	}
	return ""
}

// fieldDiff is one setting in which two sweep manifests differ.
type fieldDiff struct {
	field, a, b string
}

// maxDiffs is the most differences a message names.
const maxDiffs = 3

// sweepDiffs lists the settings in which a and b differ, the most telling
// first. The sweep file's text is compared only when no setting drawn from
// it differs, since such a setting explains the text; the base scenario's
// text is always compared.
func sweepDiffs(a, b *SweepManifest) []fieldDiff {
	var d []fieldDiff
	add := func(field string, x, y any) {
		if xs, ys := fmt.Sprint(x), fmt.Sprint(y); xs != ys {
			d = append(d, fieldDiff{field, xs, ys})
		}
	}
	add("replications", a.Replications, b.Replications)
	add("precision", a.Precision, b.Precision)
	add("seed", a.Seed, b.Seed)
	add("random numbers", cmp.Or(a.RandomNumbers, "per point (before common random numbers)"), cmp.Or(b.RandomNumbers, "per point (before common random numbers)"))
	add("design", a.Design, b.Design)
	add("parameters", "["+strings.Join(a.Parameters, ", ")+"]", "["+strings.Join(b.Parameters, ", ")+"]")
	add("points", a.Points, b.Points)
	add("sweep", a.Sweep, b.Sweep)
	if len(d) == 0 {
		if f, ok := lineDiff("sweep file", a.SweepYAML, b.SweepYAML); ok {
			d = append(d, f)
		}
	}
	if f, ok := lineDiff("base scenario", a.ScenarioYAML, b.ScenarioYAML); ok {
		d = append(d, f)
	}
	return d
}

// lineDiff describes the first line in which the texts a and b differ.
func lineDiff(what, a, b string) (fieldDiff, bool) {
	if a == b {
		return fieldDiff{}, false
	}
	al := strings.Split(strings.TrimSuffix(a, "\n"), "\n")
	bl := strings.Split(strings.TrimSuffix(b, "\n"), "\n")
	line := func(ls []string, i int) string {
		if i < len(ls) {
			return strconv.Quote(strings.TrimSpace(ls[i]))
		}
		return "(none)"
	}
	i := 0
	for i < len(al) && i < len(bl) && al[i] == bl[i] {
		i++
	}
	return fieldDiff{fmt.Sprintf("%s line %d", what, i+1), line(al, i), line(bl, i)}, true
}

// describeDiffs phrases differences as "<aWho> replications 15, but <bWho>
// 5", naming the field on both sides when there are several.
func describeDiffs(d []fieldDiff, aWho, bWho string) string {
	more := ""
	if len(d) > maxDiffs {
		more = fmt.Sprintf(" (and %d more differences)", len(d)-maxDiffs)
		d = d[:maxDiffs]
	}
	if len(d) == 1 {
		return fmt.Sprintf("%s %s %s, but %s %s", aWho, d[0].field, d[0].a, bWho, d[0].b)
	}
	var as, bs []string
	for _, f := range d {
		as = append(as, f.field+" "+f.a)
		bs = append(bs, f.field+" "+f.b)
	}
	return fmt.Sprintf("%s %s, but %s %s%s", aWho, strings.Join(as, ", "), bWho, strings.Join(bs, ", "), more)
}

// sweepIn reports whether dir holds a parameter sweep, and names it: the
// sweep of its manifest, or the sweep file found without one.
func sweepIn(dir string) (string, bool) {
	m, err := ReadSweepManifest(dir)
	switch {
	case err == nil || (m.Fingerprint != "" && !errors.Is(err, os.ErrNotExist)):
		if m.Sweep == "" {
			return "unnamed", true
		}
		return m.Sweep, true
	case errors.Is(err, os.ErrNotExist) || errors.Is(err, errNotSweep):
		for _, name := range []string{PointsFile, SweepStateFile} {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				return name, true
			}
		}
	}
	return "", false
}

// checkFolder refuses a path that exists but is not a folder.
func checkFolder(dir string) error {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return refuse(fmt.Errorf("%s is a file, not a folder; choose another", dir))
	}
	return nil
}

// short abbreviates a fingerprint for messages.
func short(fp string) string {
	if len(fp) > 12 {
		return fp[:12]
	}
	return fp
}

// writeJSON writes m as indented JSON and a newline; a nil Parameters is
// an empty array.
func (m SweepManifest) writeJSON(w io.Writer) error {
	if m.Parameters == nil {
		m.Parameters = []string{}
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding manifest: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// write writes m atomically as dir/manifest.json.
func (m SweepManifest) write(dir string) error {
	return atomicfile.WriteFile(filepath.Join(dir, ManifestFile), m.writeJSON)
}

// errNotSweep reports a manifest.json that does not describe a sweep.
var errNotSweep = errors.New("not a sweep folder")

// ReadSweepManifest reads dir/manifest.json of a sweep folder. The error
// wraps fs.ErrNotExist when there is no manifest.
func ReadSweepManifest(dir string) (SweepManifest, error) {
	var m SweepManifest
	b, err := readFileLimited(filepath.Join(dir, ManifestFile), MaxManifestSize)
	if err != nil {
		return m, fmt.Errorf("reading the manifest of %s: %w", dir, err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%s: %w", filepath.Join(dir, ManifestFile), err)
	}
	if m.Fingerprint == "" {
		return m, fmt.Errorf("%s: %w (no fingerprint: the folder of a 'parley run'?)", filepath.Join(dir, ManifestFile), errNotSweep)
	}
	if err := m.check(); err != nil {
		return m, fmt.Errorf("%s: %w", filepath.Join(dir, ManifestFile), err)
	}
	return m, nil
}

// sweepState is the checkpoint of an unfinished sweep, written atomically
// as SweepStateFile after the bytes it counts were synced to disk.
type sweepState struct {
	Fingerprint string `json:"fingerprint"`
	Shard       int    `json:"shard"`
	Shards      int    `json:"shards"`
	// Next is the first point not yet complete.
	Next int `json:"next"`
	// Runs is the number of rows of runs.csv before Next.
	Runs int `json:"runs"`
	// RunsBytes and PointsBytes are the lengths of runs.csv and points.csv
	// up to the end of the point before Next.
	RunsBytes   int64 `json:"runs_bytes"`
	PointsBytes int64 `json:"points_bytes"`
}

func (s sweepState) write(dir string) error {
	return atomicfile.WriteFile(filepath.Join(dir, SweepStateFile), func(w io.Writer) error {
		b, err := json.MarshalIndent(s, "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	})
}

// readSweepState reads the checkpoint of dir; ok is false when there is
// none.
func readSweepState(dir string) (s sweepState, ok bool, err error) {
	b, err := readFileLimited(filepath.Join(dir, SweepStateFile), 1<<20)
	if errors.Is(err, os.ErrNotExist) {
		return s, false, nil
	}
	if err != nil {
		return s, false, fmt.Errorf("reading the checkpoint of %s: %w", dir, err)
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return s, false, fmt.Errorf("%s: %w", filepath.Join(dir, SweepStateFile), err)
	}
	if s.Next < 0 || s.Runs < 0 || s.RunsBytes < 0 || s.PointsBytes < 0 {
		return s, false, fmt.Errorf("%s: negative counts", filepath.Join(dir, SweepStateFile))
	}
	return s, true, nil
}

// ErrSweepRefused marks a sweep folder or a set of shards that cannot be
// used as asked: a folder holding another sweep, another shard, another
// build's output or something else; an unfinished run without Resume; a
// missing, duplicated, unfinished or mismatched shard; a sweep folder
// given to NewRecorder for a run; an output path that is a file. Trying again does
// not help; the input must change.
var ErrSweepRefused = errors.New("sweep refused")

// refusal wraps an error that errors.Is reports as ErrSweepRefused,
// without changing its message.
type refusal struct{ err error }

func (r *refusal) Error() string        { return r.err.Error() }
func (r *refusal) Unwrap() error        { return r.err }
func (r *refusal) Is(target error) bool { return target == ErrSweepRefused }

// refuse marks err as a refusal.
func refuse(err error) error { return &refusal{err: err} }
