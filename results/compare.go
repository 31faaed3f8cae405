package results

import (
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/parley-sim/parley/results/atomicfile"
	"github.com/parley-sim/parley/results/chart"
	"github.com/parley-sim/parley/results/narrate"
	"github.com/parley-sim/parley/sim"
)

// Files of a comparison folder (parley compare) besides ManifestFile,
// RunsFile and DifferencesFile.
const (
	// PairsFile has one row per pair of runs: the differences between
	// the two arms' runs i.
	PairsFile = "pairs.csv"
)

// Arm names: the value of the arm column of a comparison's runs.csv.
const (
	ArmBase    = "base"
	ArmVariant = "variant"
)

// CompareKind is the kind of a comparison's manifest.
const CompareKind = "compare"

// RandomNumbersCommon is the value of a manifest's random_numbers when the
// runs of every arm or point i play with the same seed (common random
// numbers).
const RandomNumbersCommon = "common"

// ArmManifest describes one arm of a comparison in its manifest.
type ArmManifest struct {
	// Arm is ArmBase or ArmVariant.
	Arm string `json:"arm"`
	// Label names the arm for readers: the scenario's name, and for a
	// variant made with --with its overrides.
	Label string `json:"label"`
	// Scenario names the scenario; Source is its file path or
	// builtin:NAME.
	Scenario string `json:"scenario"`
	Source   string `json:"source"`
	// Overrides are the PATH=VALUE settings applied to this arm only
	// (parley compare --with).
	Overrides []string `json:"overrides"`
	// ScenarioYAML is the arm's fully resolved scenario as canonical YAML,
	// ScenarioSHA256 its hex SHA-256 (filled by the recorder).
	ScenarioYAML   string `json:"scenario_yaml"`
	ScenarioSHA256 string `json:"scenario_sha256"`
	// Assumptions are the arm's uncertain assumptions, whose draws are
	// the last columns of runs.csv; left out when there are none.
	Assumptions []Assumption `json:"assumptions,omitempty"`
}

// CompareManifest describes a comparison; the CompareRecorder writes it as
// manifest.json, with the keys in the order of the fields below.
type CompareManifest struct {
	// Kind is CompareKind; the recorder sets it.
	Kind string `json:"kind"`
	// Version, GoVersion, OS, Arch and Command are as in Manifest.
	Version   string   `json:"version"`
	GoVersion string   `json:"go_version"`
	OS        string   `json:"os"`
	Arch      string   `json:"arch"`
	Command   []string `json:"command"`
	// RandomNumbers is RandomNumbersCommon: run i of both arms plays with
	// the seed sim.RunSeed(Seed, i). The recorder sets it.
	RandomNumbers string `json:"random_numbers"`
	// Seed is the master seed, a decimal string in JSON.
	Seed uint64 `json:"seed,string"`
	// Runs is the number of pairs recorded (set by the recorder), Workers
	// the number of workers that played them.
	Runs    int `json:"runs"`
	Workers int `json:"workers"`
	// Sets are the PATH=VALUE settings applied to both arms (--set).
	Sets []string `json:"sets"`
	// Identical says that both arms played the same scenario and every
	// pair the same runs: every difference is exactly 0. The recorder sets
	// it.
	Identical bool `json:"identical"`
	// Arms are the base and the variant, in that order.
	Arms [2]ArmManifest `json:"arms"`
	// Started and Finished bound the comparison; the recorder stamps
	// Finished when it is zero.
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Warnings are the caller's followed by the recorder's.
	Warnings []string `json:"warnings"`
	// Files lists the files written, manifest.json included, sorted.
	Files []string `json:"files"`
}

// writeJSON writes m as indented JSON followed by a newline, with empty
// arrays rather than nulls.
func (m CompareManifest) writeJSON(w io.Writer) error {
	for _, s := range []*[]string{&m.Command, &m.Sets, &m.Warnings, &m.Files, &m.Arms[0].Overrides, &m.Arms[1].Overrides} {
		if *s == nil {
			*s = []string{}
		}
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding manifest: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// ReadCompareManifest reads the manifest of the comparison folder dir. A
// manifest that is not a comparison's is an error wrapping
// ErrNotCompare.
func ReadCompareManifest(dir string) (CompareManifest, error) {
	var m CompareManifest
	b, err := readFileLimited(filepath.Join(dir, ManifestFile), MaxManifestSize)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%s: %w", filepath.Join(dir, ManifestFile), err)
	}
	if m.Kind != CompareKind {
		return m, fmt.Errorf("%s: %w", dir, ErrNotCompare)
	}
	return m, nil
}

// ErrNotCompare is wrapped by the error of ReadCompareManifest for a
// folder that is not a comparison's.
var ErrNotCompare = errors.New("not a comparison folder (parley compare)")

// IsCompareFolder reports whether dir holds a comparison (its manifest
// says so).
func IsCompareFolder(dir string) bool {
	_, err := ReadCompareManifest(dir)
	return err == nil
}

// compareFiles returns the files a comparison folder may hold.
func compareFiles() []string {
	files := []string{ManifestFile, RunsFile, PairsFile, DifferencesFile, ReportFile}
	for _, c := range chart.CompareNames() {
		files = append(files, c+".png", c+".svg")
	}
	return files
}

// CompareOptions configures a CompareRecorder. The zero value works.
type CompareOptions struct {
	// NoCharts skips the charts; parley plot draws them later.
	NoCharts bool
	// Level is the confidence level of differences.csv. Zero means 0.95.
	Level float64
	// Now stamps Finished when the caller left it zero. Nil means
	// time.Now.
	Now func() time.Time
	// DPI is the resolution of the PNG charts, as Options.DPI. Zero means
	// chart.DPI.
	DPI int
}

// CompareRecorder streams the pairs of a comparison into a comparison
// folder: runs.csv (both arms of each run, in long form) and pairs.csv
// row by row, then at Close differences.csv, the charts and manifest.json.
// The folder is replaced as a unit, locked while written, and what killed
// writers left is removed, exactly as a run folder (see "Run folders" in
// the package documentation). It is not safe for concurrent use: call Add
// from the goroutine that receives the pairs, in run order
// (sim.Paired.Run does).
type CompareRecorder struct {
	dir, final string
	stage      *atomicfile.Dir
	lock       *atomicfile.Lock
	m          CompareManifest
	opt        CompareOptions
	n          [2]*sim.Negotiation
	cols       [2]*columns
	header     []string // of runs.csv: run, arm, then the union of both arms' columns
	pos        [2][]int // the column in header of each arm's column j
	pairs      *Pairs
	shifts     *compareTally

	runs, pairsOut     *atomicfile.File
	runsCSV, pairsCSV  *csv.Writer
	armRow, row, cells []string

	diffs    []Difference
	warnings []error
	last     int
	err      error
	closed   bool
}

// NewCompareRecorder locks the comparison folder dir, creates its
// temporary folder and opens its tables, for arms playing the
// negotiations n (base, variant) described by m. The two negotiations
// must have the same issues and parties (scenarios.Comparable). A folder
// that holds a sweep, a run's files or anything a comparison does not
// write is refused with an error wrapping ErrSweepRefused.
func NewCompareRecorder(dir string, n [2]*sim.Negotiation, m CompareManifest, opt CompareOptions) (*CompareRecorder, error) {
	r := &CompareRecorder{final: dir, m: m, opt: opt, n: n, last: -1}
	r.opt.Level = cmp.Or(r.opt.Level, 0.95)
	if r.opt.Now == nil {
		r.opt.Now = time.Now
	}
	if !(r.opt.Level > 0 && r.opt.Level < 1) {
		return nil, fmt.Errorf("recording into %s: confidence level %v outside (0, 1)", dir, r.opt.Level)
	}
	for k := range 2 {
		if err := n[k].CheckUtilities(); err != nil {
			return nil, fmt.Errorf("recording into %s: arm %s: %w", dir, armName(k), err)
		}
		c, err := newColumns(n[k])
		if err == nil {
			err = c.withAssumptions(m.Arms[k].Assumptions)
		}
		if err != nil {
			return nil, fmt.Errorf("recording into %s: arm %s: %w", dir, armName(k), err)
		}
		r.cols[k] = c
		r.warnings = append(r.warnings, c.warnings...)
	}
	if err := sameShape(n); err != nil {
		return nil, fmt.Errorf("recording into %s: %w", dir, err)
	}
	r.unionColumns()
	r.shifts = newCompareTally(n)
	r.pairs = NewPairs(r.cols[0].party, m.Arms[0].ScenarioYAML != "" && m.Arms[0].ScenarioYAML == m.Arms[1].ScenarioYAML)
	if err := checkFolder(dir); err != nil {
		return nil, fmt.Errorf("recording into %s: %w", dir, err)
	}
	if err := os.MkdirAll(filepath.Dir(filepath.Clean(dir)), 0o755); err != nil {
		return nil, fmt.Errorf("creating the folder of %s: %w", dir, err)
	}
	lock, err := atomicfile.LockFolder(dir, true)
	if err != nil {
		return nil, fmt.Errorf("recording into %s: %w", dir, err)
	}
	r.lock = lock
	if r.stage, err = openFolder(dir, compareFiles(), "comparison"); err != nil {
		lock.Unlock()
		return nil, err
	}
	r.dir = r.stage.Path()
	if r.runs, err = atomicfile.Create(filepath.Join(r.dir, RunsFile)); err == nil {
		r.pairsOut, err = atomicfile.Create(filepath.Join(r.dir, PairsFile))
	}
	if err != nil {
		r.Abort()
		return nil, err
	}
	r.runsCSV, r.pairsCSV = csv.NewWriter(r.runs), csv.NewWriter(r.pairsOut)
	if err := r.runsCSV.Write(r.header); err != nil {
		r.Abort()
		return nil, fmt.Errorf("writing %s: %w", RunsFile, err)
	}
	if err := r.pairsCSV.Write(r.pairsHeader()); err != nil {
		r.Abort()
		return nil, fmt.Errorf("writing %s: %w", PairsFile, err)
	}
	return r, nil
}

// armName returns the name of arm k.
func armName(k int) string { return [2]string{ArmBase, ArmVariant}[k] }

// sameShape reports two negotiations whose issues, values or parties
// differ: their runs could not share the columns of runs.csv.
func sameShape(n [2]*sim.Negotiation) error {
	a, b := n[0].Space.Issues(), n[1].Space.Issues()
	if len(a) != len(b) {
		return fmt.Errorf("the arms have %d and %d issues", len(a), len(b))
	}
	for i := range a {
		if a[i].ID != b[i].ID || len(a[i].Values) != len(b[i].Values) {
			return fmt.Errorf("issue %d differs between the arms (%q, %q)", i, a[i].ID, b[i].ID)
		}
		for j := range a[i].Values {
			if a[i].Values[j] != b[i].Values[j] {
				return fmt.Errorf("issue %q: value %d differs between the arms", a[i].ID, j)
			}
		}
	}
	for k := range 2 {
		if n[0].Parties[k].ID != n[1].Parties[k].ID {
			return fmt.Errorf("party %d is %q in one arm, %q in the other", k, n[0].Parties[k].ID, n[1].Parties[k].ID)
		}
	}
	return nil
}

// unionColumns sets the header of runs.csv: run, arm, then the base's
// columns of a run's runs.csv after run, then those only the variant has
// (a facilitator's, assumptions of its own), and maps each arm's columns
// into it.
func (r *CompareRecorder) unionColumns() {
	at := map[string]int{}
	header := []string{"run", "arm"}
	for k := range 2 {
		pos := make([]int, len(r.cols[k].runs))
		for j, c := range r.cols[k].runs {
			if j == 0 {
				pos[j] = 0 // run
				continue
			}
			i, ok := at[c]
			if !ok {
				i = len(header)
				at[c] = i
				header = append(header, c)
			}
			pos[j] = i
		}
		r.pos[k] = pos
	}
	r.header = header
}

// pairsHeader returns the header of pairs.csv.
func (r *CompareRecorder) pairsHeader() []string {
	h := []string{"run", "seed", "agreed_base", "agreed_variant", "same_outcome", "d_round"}
	for _, id := range r.cols[0].party {
		h = append(h, "d_u_"+id)
	}
	for _, id := range r.cols[0].party {
		h = append(h, "d_ud_"+id)
	}
	return append(h, "d_welfare")
}

// Add records pair i: the results of run i of the base and of the
// variant, played with the same seed. Both must carry their metrics
// (sim.Paired.Measure). Pairs must come in increasing run order.
func (r *CompareRecorder) Add(base, variant *sim.Result) error {
	switch {
	case r.closed:
		return errors.New("compare recorder: Add after Close or Abort")
	case r.err != nil:
		return r.err
	case base == nil || variant == nil:
		return errors.New("compare recorder: nil result")
	case base.Run != variant.Run || base.Seed != variant.Seed:
		return fmt.Errorf("compare recorder: run %d (seed %d) paired with run %d (seed %d)", base.Run, base.Seed, variant.Run, variant.Seed)
	case base.Run <= r.last:
		return fmt.Errorf("compare recorder: run %d after run %d: pairs must come in increasing run order", base.Run, r.last)
	}
	for k, res := range [2]*sim.Result{base, variant} {
		if res.Metrics == nil {
			return fmt.Errorf("recording run %d of the %s: no metrics (set sim.Paired.Measure)", res.Run, armName(k))
		}
		size := sim.Outcome(r.n[k].Space.Size())
		if res.Agreement < sim.NoOutcome || res.Agreement >= size || res.FirstMover < 0 || res.FirstMover > 1 || res.By < -1 || res.By > 1 {
			return fmt.Errorf("recording run %d of the %s: result does not fit the negotiation", res.Run, armName(k))
		}
	}
	r.last = base.Run
	r.pairs.Add(base, variant)
	r.shifts.add(base, variant)
	for k, res := range [2]*sim.Result{base, variant} {
		if err := r.writeArm(k, res); err != nil {
			r.err = fmt.Errorf("writing %s: %w", RunsFile, err)
			return r.err
		}
	}
	if err := r.writePair(base, variant); err != nil {
		r.err = fmt.Errorf("writing %s: %w", PairsFile, err)
		return r.err
	}
	return nil
}

// writeArm writes the row of runs.csv of arm k's result res.
func (r *CompareRecorder) writeArm(k int, res *sim.Result) error {
	cells, err := runRow(r.armRow[:0], r.cols[k], r.n[k], res, *res.Metrics)
	if err != nil {
		return err
	}
	r.armRow = cells
	row := slices.Grow(r.row[:0], len(r.header))[:len(r.header)]
	for i := range row {
		row[i] = ""
	}
	for j, c := range cells {
		row[r.pos[k][j]] = c
	}
	row[1] = armName(k)
	r.row = row
	return r.runsCSV.Write(row)
}

// writePair writes the row of pairs.csv of a pair.
func (r *CompareRecorder) writePair(a, b *sim.Result) error {
	dRound := ""
	if a.Agreed() && b.Agreed() {
		dRound = strconv.Itoa(b.Round - a.Round)
	}
	same := a.Agreed() == b.Agreed() && a.Agreement == b.Agreement
	row := append(r.cells[:0], strconv.Itoa(a.Run), narrate.SeedText(a.Seed), strconv.FormatBool(a.Agreed()), strconv.FormatBool(b.Agreed()),
		strconv.FormatBool(same), dRound)
	for i := range 2 {
		row = append(row, formatFloat(b.Utility[i]-a.Utility[i]))
	}
	for i := range 2 {
		row = append(row, formatFloat(b.Discounted[i]-a.Discounted[i]))
	}
	row = append(row, formatFloat((b.Utility[0]+b.Utility[1])-(a.Utility[0]+a.Utility[1])))
	r.cells = row
	return r.pairsCSV.Write(row)
}

// Differences returns the rows of differences.csv; before Close, those of
// the pairs added so far.
func (r *CompareRecorder) Differences() []Difference {
	if r.diffs != nil {
		return r.diffs
	}
	return r.pairs.Differences(r.opt.Level)
}

// Identical reports whether the two arms played the same scenario and
// every pair the same runs.
func (r *CompareRecorder) Identical() bool { return r.pairs.Identical() }

// Warnings returns the recorder's warnings (after Close, all of them).
func (r *CompareRecorder) Warnings() []error { return r.warnings }

// Manifest returns the manifest as written by Close.
func (r *CompareRecorder) Manifest() CompareManifest { return r.m }

// Close is CloseContext without a context.
func (r *CompareRecorder) Close() error { return r.CloseContext(context.Background()) }

// CloseContext writes differences.csv, the charts (unless
// CompareOptions.NoCharts) and manifest.json into the temporary folder
// and puts it in place of the comparison folder as a unit; on error, or
// once ctx is done, the folder is left as it was. It releases the lock.
func (r *CompareRecorder) CloseContext(ctx context.Context) error {
	if r.closed {
		return errors.New("compare recorder: Close after Close or Abort")
	}
	if r.err != nil {
		r.Abort()
		return r.err
	}
	r.closed = true
	defer r.lock.Unlock()
	if err := r.prepare(ctx); err != nil {
		r.runs.Abort()
		r.pairsOut.Abort()
		r.stage.Abort()
		return err
	}
	if err := ctx.Err(); err != nil {
		r.stage.Abort()
		return fmt.Errorf("recording into %s: %w", r.final, err)
	}
	if err := r.stage.Commit(); err != nil {
		return fmt.Errorf("recording into %s: %w", r.final, err)
	}
	return nil
}

// prepare writes every file into the temporary folder.
func (r *CompareRecorder) prepare(ctx context.Context) error {
	var files []string
	for _, f := range []struct {
		name string
		w    *csv.Writer
		t    *atomicfile.File
	}{{RunsFile, r.runsCSV, r.runs}, {PairsFile, r.pairsCSV, r.pairsOut}} {
		f.w.Flush()
		if err := f.w.Error(); err != nil {
			return fmt.Errorf("writing %s: %w", f.name, err)
		}
		if err := f.t.Commit(); err != nil {
			return err
		}
		files = append(files, f.name)
	}
	write := func(name string, data func(w io.Writer) error) error {
		if err := atomicfile.WriteFile(filepath.Join(r.dir, name), data); err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
		files = append(files, name)
		return nil
	}
	r.diffs = r.pairs.Differences(r.opt.Level)
	r.warnings = append(r.warnings, r.pairs.Warnings()...)
	pv := differencesProvenance{r.m.Arms[0].Scenario, r.m.Version, r.m.Seed}
	if err := write(DifferencesFile, func(w io.Writer) error { return writeDifferences(w, pv, r.diffs) }); err != nil {
		return err
	}
	if !r.opt.NoCharts {
		charts, warnings := r.compareInput().Charts()
		r.warnings = append(r.warnings, warnings...)
		for _, c := range charts {
			png, svg, err := c.Render(ctx, r.opt.DPI)
			if err != nil {
				return fmt.Errorf("drawing the %s chart: %w", c.Name, err)
			}
			for _, f := range []struct {
				ext  string
				data []byte
			}{{".png", png}, {".svg", svg}} {
				if err := write(c.Name+f.ext, func(w io.Writer) error { _, err := w.Write(f.data); return err }); err != nil {
					return err
				}
			}
		}
	}
	m := r.m
	m.Kind, m.RandomNumbers = CompareKind, RandomNumbersCommon
	fillBuild(&m.GoVersion, &m.OS, &m.Arch)
	for k := range m.Arms {
		m.Arms[k].Arm = armName(k)
		if m.Arms[k].ScenarioYAML != "" {
			m.Arms[k].ScenarioSHA256 = sha256Hex(m.Arms[k].ScenarioYAML)
		}
	}
	if m.Runs != 0 && m.Runs != r.pairs.N() {
		r.warnings = append(r.warnings, fmt.Errorf("manifest announced %d runs; %d pairs were recorded", m.Runs, r.pairs.N()))
	}
	m.Runs = r.pairs.N()
	m.Identical = r.pairs.Identical()
	if m.Finished.IsZero() {
		m.Finished = r.opt.Now()
	}
	m.Warnings = slices.Clone(m.Warnings)
	for _, w := range r.warnings {
		m.Warnings = append(m.Warnings, w.Error())
	}
	files = append(files, ManifestFile)
	slices.Sort(files)
	m.Files = files
	r.m = m
	return write(ManifestFile, m.writeJSON)
}

// Abort removes the temporary folder; the comparison folder is left as it
// was. It is safe to call at any time, also after Close.
func (r *CompareRecorder) Abort() {
	r.closed = true
	if r.runs != nil {
		r.runs.Abort()
	}
	if r.pairsOut != nil {
		r.pairsOut.Abort()
	}
	r.stage.Abort()
	r.lock.Unlock()
}
