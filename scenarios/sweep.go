package scenarios

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/parley-sim/parley/sim"
)

// Limits on sweep files, checked up front and reported as positioned
// errors. A sweep file is also limited to MaxFileSize bytes, like a
// scenario.
const (
	// MaxSweepRuns is the largest estimated number of runs (points ×
	// replications; with Precision, points × the cap) that LoadSweep
	// accepts without SweepOptions.Force: 100 million.
	MaxSweepRuns = 100_000_000
	// MaxSweepPoints is the largest number of parameter points of one
	// sweep, the same as the sweep runner's limit (sim.MaxPoints). Force
	// does not lift it.
	MaxSweepPoints = sim.MaxPoints
	// MaxSamples is the largest number of points of a random or
	// latin_hypercube design.
	MaxSamples = 100_000
	// MaxParameters is the largest number of parameters a sweep varies.
	MaxParameters = 32
	// MaxValues is the largest number of values listed in one sweep file,
	// all parameters together; each is checked against the base scenario.
	MaxValues = 10_000
	// MaxFixed is the largest number of fixed settings of one sweep.
	MaxFixed = 256
)

// The designs of a sweep.
const (
	// DesignGrid is the full factorial of the listed values, in file
	// order, the last parameter varying fastest.
	DesignGrid = "grid"
	// DesignRandom draws every parameter of every point independently and
	// uniformly.
	DesignRandom = "random"
	// DesignLatinHypercube draws a Latin hypercube sample (McKay, Beckman
	// and Conover 1979): each parameter's range is cut into as many equal
	// strata as there are points, and each stratum holds exactly one point.
	DesignLatinHypercube = "latin_hypercube"
)

// SweepOptions adjusts LoadSweep and ParseSweep. Its zero value applies
// every limit.
type SweepOptions struct {
	// Force accepts a sweep whose estimated number of runs exceeds
	// MaxSweepRuns.
	Force bool
	// Dir is the folder against which a relative base scenario path is
	// resolved. Empty means the folder of the sweep file for LoadSweep and
	// the current folder for ParseSweep.
	Dir string
}

// Sweep is a validated sweep: a base scenario, the parameters that vary,
// the points of its design and how often each point is played.
//
// Its methods are safe for concurrent use.
type Sweep struct {
	// Name is the sweep's name.
	Name string
	// Description is the sweep's description, surrounding space trimmed;
	// empty when the file has none.
	Description string
	// Source is the file path as given to LoadSweep, the name given to
	// ParseSweep, or "builtin:NAME" for a built-in sweep.
	Source string
	// Scenario is the base scenario as the file names it.
	Scenario string
	// Design is DesignGrid, DesignRandom or DesignLatinHypercube.
	Design string
	// Samples is the number of points of a random or latin_hypercube
	// design; zero for a grid.
	Samples int
	// Replications is the number of runs per point or, with Precision,
	// the most a point may take.
	Replications int
	// Precision is the target half-width of the 95% intervals of adaptive
	// replications; zero for a fixed number.
	Precision float64
	// Seed is the master seed of the runs and of the design's draws.
	Seed uint64
	// Base is the base scenario, without the sweep's assignments.
	Base *Scenario
	// Resolved is the sweep as canonical YAML: every field in the order of
	// the README, defaults filled in, values in canonical form, the base
	// scenario named as the file names it.
	Resolved []byte
	// Warnings are problems that did not stop the sweep, such as a value
	// that the base scenario accepts with a warning; each is a *Error.
	// The base scenario's own warnings are in Base.Warnings.
	Warnings []error
	// Assumptions are the uncertain fields of the sweep's points, those of
	// point 0 (see Scenario.Assumptions): every point has the same paths,
	// kinds and values, in this order, though a point's distributions may
	// differ. Empty when no point has uncertain fields.
	Assumptions []Assumption

	// fixed holds the fixed settings, in file order, each a list of one
	// value; params the parameters.
	fixed  []*sweepParam
	params []*sweepParam
	points int
	// tree is the base scenario's YAML tree, read-only; baseName is the
	// file name used in its errors.
	tree     *yaml.Node
	baseName string
	cat      catalog
	// force is SweepOptions.Force, for With.
	force bool
	// lhs holds the latin_hypercube design: u[point*len(params)+i] in
	// [0, 1) for parameter i.
	lhs []float64
}

// sweepParam is one parameter of a sweep, a list of values or a range, or
// one fixed setting, a list of one value.
type sweepParam struct {
	path string
	key  *yaml.Node
	// list holds the values of a list; nil for a range.
	list []sweepValue
	// min, max and integer describe a range.
	min, max float64
	integer  bool
	// minNode and maxNode are where min and max are written.
	minNode, maxNode *yaml.Node
}

// sweepValue is one listed value.
type sweepValue struct {
	node *yaml.Node
	// text is the canonical text (Values); arg the YAML text given to the
	// --set machinery, which reads back as node.
	text, arg string
}

// roleDesign names the random stream of a sweep's design, apart from the
// streams of the runs (sim.RoleProtocol and the others): "sweep" in ASCII.
const roleDesign sim.Role = 0x7377656570

// LoadSweep reads and validates a sweep file. path names a file; if no
// file exists there, it names a built-in sweep, with or without the
// ".yaml" suffix ("consent-patience"). The base scenario of a file is
// resolved against the file's folder (or o.Dir); that of a built-in sweep
// must be a built-in scenario.
//
// Mistakes are returned as an ErrorList: first those in the sweep file,
// sorted by position, then those in the base scenario. A path that is
// neither a file nor a built-in sweep gives a *Error that wraps
// fs.ErrNotExist. A failure to read the sweep file or its base scenario
// (permission denied, an I/O error) is an error that is neither, as for
// Load.
func LoadSweep(path string, o SweepOptions) (*Sweep, error) {
	name, data, builtin, err := builtinSweeps.read(path)
	if err != nil {
		return nil, err
	}
	dir := ""
	if !builtin {
		dir = cmp.Or(o.Dir, filepath.Dir(path))
	}
	return parseSweep(name, data, dir, builtin, o, defaultCatalog())
}

// ParseSweep validates the sweep held in data; name is used as the file
// name in errors and as Source. A relative base scenario path is resolved
// against o.Dir (empty: the current folder).
func ParseSweep(name string, data []byte, o SweepOptions) (*Sweep, error) {
	return parseSweep(name, data, o.Dir, false, o, defaultCatalog())
}

// Points returns the number of parameter points.
func (s *Sweep) Points() int { return s.points }

// Runs returns the estimated number of runs: points × replications (with
// Precision, the most the sweep may play).
func (s *Sweep) Runs() int { return s.points * s.Replications }

// Params returns the dotted paths of the parameters, in file order. The
// fixed settings are not among them.
func (s *Sweep) Params() []string {
	out := make([]string, len(s.params))
	for i, p := range s.params {
		out[i] = p.path
	}
	return out
}

// Values returns the canonical text of each parameter's value at point, in
// the order of Params (the fixed settings have no place here): numbers in strconv's shortest 'g' form (integers
// as integers), strings as written, true and false, null, collections as
// one-line flow YAML. It returns nil for a point out of range.
func (s *Sweep) Values(point int) []string {
	vals, _ := s.assign(point)
	return vals
}

// Sets returns the --set arguments ("path=value") that turn the base
// scenario into the scenario of point, the fixed settings first, in file
// order, then the point's values in the order of Params:
// scenarios.Load(base, s.Sets(p)) gives the negotiation Build(p) gives. It
// returns nil for a point out of range.
func (s *Sweep) Sets(point int) []string {
	_, sets := s.assign(point)
	return sets
}

// Build returns the negotiation of point: the base scenario with the
// fixed settings and then the point's assignments applied in file order,
// as by --set. It is safe for concurrent use.
//
// When the point's values, valid one by one, are not valid together, the
// error is the ErrorList of the scenario's checks, each error naming the
// --set argument at fault. It names neither the sweep nor the point, which
// the caller knows: sim.Sweep adds the point, a command the sweep.
func (s *Sweep) Build(point int) (*sim.Negotiation, error) {
	if point < 0 || point >= s.points {
		return nil, fmt.Errorf("point %d out of range [0, %d)", point, s.points)
	}
	sets := s.Sets(point)
	tr, m := s.trial(sets)
	if len(tr.errs) > 0 {
		return nil, tr.errorList()
	}
	n, err := m.negotiation()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", strings.Join(sets, " "), err)
	}
	return n, nil
}

// Fingerprint returns the hex SHA-256 of Resolved followed by the base
// scenario's Resolved: two sweeps with the same fingerprint play the same
// runs.
func (s *Sweep) Fingerprint() string {
	h := sha256.New()
	h.Write(s.Resolved)
	if s.Base != nil {
		h.Write(s.Base.Resolved)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// With returns a copy of the sweep played with replications runs per
// point (with precision, the most a point may take) and precision, the
// target half-width of adaptive replications (0 for a fixed number): the
// sweep that the file would give with these two values written in, its
// Replications, Precision, Resolved and so its Fingerprint included. Pass
// s.Replications or s.Precision to keep the file's value; with both, the
// copy has the same fingerprint as s.
//
// The values are checked as in a file: replications in [1, sim.MaxRuns],
// precision 0 or in (0, 0.5), and points × replications within
// MaxSweepRuns unless the sweep was loaded with SweepOptions.Force.
func (s *Sweep) With(replications int, precision float64) (*Sweep, error) {
	switch {
	case replications < 1 || replications > sim.MaxRuns:
		return nil, fmt.Errorf("sweep %s: replications %d outside [1, %d]", s.Name, replications, sim.MaxRuns)
	case precision != 0 && !(precision > 0 && precision < 0.5):
		return nil, fmt.Errorf("sweep %s: precision %v outside (0, 0.5); 0 turns adaptive replications off", s.Name, precision)
	}
	if total := s.points * replications; total > MaxSweepRuns && !s.force {
		upTo := ""
		if precision > 0 {
			upTo = "up to "
		}
		return nil, fmt.Errorf("sweep %s: the sweep would play %s%d runs (%d points × %d replications), above the limit of %d; use fewer replications, or pass --force to play it all the same",
			s.Name, upTo, total, s.points, replications, MaxSweepRuns)
	}
	c := *s
	c.Replications = replications
	c.Precision = precision
	if precision == 0 {
		c.Precision = 0 // not -0
	}
	c.Warnings = slices.Clone(s.Warnings)
	resolved, err := c.resolved()
	if err != nil {
		return nil, fmt.Errorf("sweep %s: write resolved sweep: %w", s.Name, err)
	}
	c.Resolved = resolved
	return &c, nil
}

// trial applies sets to a copy of the base tree and checks it, returning
// the reader (errors, warnings) and the model, which is complete only when
// the reader recorded no error.
func (s *Sweep) trial(sets []string) (*reader, *model) {
	r := newReader(s.baseName)
	top := r.applySets(cloneTree(s.tree), sets)
	return r, r.decode(top, s.cat)
}

// cloneTree returns a deep copy of n.
func cloneTree(n *yaml.Node) *yaml.Node {
	m := *n
	if len(n.Content) > 0 {
		m.Content = make([]*yaml.Node, len(n.Content))
		for i, c := range n.Content {
			m.Content[i] = cloneTree(c)
		}
	}
	return &m
}
