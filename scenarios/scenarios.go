package scenarios

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/parley-sim/parley/agents"
	"github.com/parley-sim/parley/scenarios/genius"
	"github.com/parley-sim/parley/scenarios/internal/textcheck"
	"github.com/parley-sim/parley/sim"
)

// Limits on scenario files. Each is checked up front and reported as a
// positioned error, never discovered as an out-of-memory crash.
const (
	// MaxFileSize is the largest scenario file accepted, in bytes (1 MiB).
	MaxFileSize = 1 << 20
	// MaxIssues is the largest number of issues in one scenario.
	MaxIssues = 64
	// MaxOptions is the largest number of values of one issue: options
	// listed, or points of a numeric range.
	MaxOptions = 10_000
	// MaxRuns is the largest number of replications, the same as the batch
	// runner's limit.
	MaxRuns = sim.MaxRuns
	// MaxDeadline is the largest deadline in rounds, the same as the
	// engine's limit.
	MaxDeadline = sim.MaxDeadline
	// MaxOutcomes is the largest outcome space (product of the issues'
	// value counts), the same as the engine's limit.
	MaxOutcomes = sim.MaxOutcomes
	// MaxIDLength is the longest id, in bytes: of the scenario name, an
	// issue, an option or a party.
	MaxIDLength = 64
	// MaxLabelLength is the longest label, in characters: of an issue, an
	// option or a party, and of a unit, a kind, a facilitator's name or a
	// text parameter. Labels are text on one line without control
	// characters, since they reach charts, HTML and terminals.
	MaxLabelLength = textcheck.MaxLabel
	// MaxDescriptionLength is the longest description of a scenario or a
	// sweep, in characters. Descriptions may hold line feeds and tabs, no
	// other control characters.
	MaxDescriptionLength = textcheck.MaxDescription
	// MaxNumberLength is the longest number, in characters: a float64 needs
	// at most 17 significant digits.
	MaxNumberLength = 100
	// MaxPathLength is the longest path to a sweep's base scenario, in
	// characters (the usual limit of a path on Linux).
	MaxPathLength = 4096
	// MaxAliases is the largest number of YAML alias expansions (*name),
	// counting aliases met again inside expanded copies.
	MaxAliases = 1_000
	// MaxAliasNodes is the largest number of YAML nodes that alias
	// expansion may copy. With MaxAliases it defuses "billion laughs"
	// documents, which expand exponentially.
	MaxAliasNodes = 100_000
	// MaxSets is the largest number of --set arguments.
	MaxSets = 1_000
	// MaxErrors is the largest number of errors reported for one scenario;
	// a last line counts the others.
	MaxErrors = 100
	// MaxConcentration is the largest concentration of a beta distribution
	// and the largest weights_concentration: beyond it the distribution is
	// a point for any practical purpose, and the beta quantile loses its
	// accuracy.
	MaxConcentration = 1e6
)

// Scenario is a validated scenario, ready to run.
type Scenario struct {
	// Name is the scenario's name (the file's name field).
	Name string
	// Description is the file's description, with surrounding space
	// trimmed.
	Description string
	// Source is the file path as given to Load, the name given to Parse,
	// or "builtin:NAME" for a built-in scenario.
	Source string
	// Runs is the default number of replications.
	Runs int
	// Seed is the master seed.
	Seed uint64
	// Negotiation is the negotiation to play. When some fields are
	// uncertain (Assumptions), it is the nominal negotiation: every
	// uncertain number at its distribution's median (the value drawn at
	// u = 0.5), every choice at its most probable value (the first of
	// them on ties), weights drawn with weights_concentration at the
	// weights stated; the runs of such a scenario play the negotiations
	// of its samplers (NewSampler) instead.
	Negotiation *sim.Negotiation
	// Resolved is the scenario as canonical YAML after --set overrides,
	// with every default filled in and the weights normalised. Its bytes
	// depend only on the scenario, and parsing them gives the same
	// Negotiation.
	Resolved []byte
	// Warnings are problems that did not stop the scenario, such as weights
	// that had to be normalised; each is a *Error.
	Warnings []error
	// Assumptions are the uncertain fields, in the order of Resolved: the
	// order of the values a run draws (sim.Result.Draw). Empty for a
	// scenario whose every field is a value, which plays Negotiation in
	// every run.
	Assumptions []Assumption

	// tree is the scenario's YAML after --set, read-only, and cat the
	// strategy catalogue: what each sampler decodes into a model of its
	// own.
	tree *yaml.Node
	cat  catalog
}

// Load reads and validates a scenario. path names a file; if no file
// exists there, it names a built-in scenario, with or without the ".yaml"
// suffix ("south-caucasus" or "south-caucasus.yaml"). sets are --set
// arguments, "path=value", applied in order before validation.
//
// Mistakes in the scenario or in sets are returned as an ErrorList. A file
// larger than MaxFileSize is refused without reading more than
// MaxFileSize+1 bytes. A path that is neither a file nor a built-in gives
// a *Error that wraps fs.ErrNotExist. Every mistake in the input is an
// ErrorList or a *Error (for an imported GENIUS or GeniusWeb domain, those
// of package genius), so that errors.As tells it from a failure to read a
// file (permission denied, an I/O error), which is returned wrapped as it
// comes.
func Load(path string, sets []string) (*Scenario, error) {
	if isForeign(path) {
		imp, err := genius.Import([]string{path}, genius.Options{})
		if err != nil {
			return nil, fmt.Errorf("import %s: %w", path, err)
		}
		sc, err := Parse(path, imp.YAML, sets)
		if err != nil {
			return nil, err
		}
		sc.Source = path
		sc.Warnings = append(imp.Warnings, sc.Warnings...)
		return sc, nil
	}
	name, data, _, err := builtinScenarios.read(path)
	if err != nil {
		return nil, err
	}
	return Parse(name, data, sets)
}

// isForeign reports whether path names a GENIUS or GeniusWeb domain: a
// folder, or an .xml or .json file (imported with package genius).
func isForeign(path string) bool {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return true
	}
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".xml" || ext == ".json"
}

// Parse validates the scenario held in data; name is used as the file name
// in errors and as Source. sets are --set arguments as for Load.
//
// Every mistake is reported at once, as an ErrorList sorted by position.
func Parse(name string, data []byte, sets []string) (*Scenario, error) {
	return parse(name, data, sets, defaultCatalog())
}

// catalog is where strategy types and their parameters are looked up; tests
// replace it to pin exact messages.
type catalog struct {
	lookup func(name string) (agents.Info, bool)
	names  []string
}

// defaultCatalog is the agents package's catalogue.
func defaultCatalog() catalog {
	infos := agents.Catalog()
	names := make([]string, len(infos))
	for i, in := range infos {
		names[i] = in.Name
	}
	return catalog{lookup: agents.Lookup, names: names}
}

func parse(name string, data []byte, sets []string, cat catalog) (*Scenario, error) {
	r := newReader(name)
	if len(data) > MaxFileSize {
		r.errs = append(r.errs, &Error{File: name,
			Msg: fmt.Sprintf("file is larger than the limit of %d bytes (1 MiB)", MaxFileSize)})
		return nil, r.errs
	}
	top := r.parseDocument(data)
	if top == nil {
		return nil, r.errorList()
	}
	top = r.applySets(top, sets)
	if r.aliasFailed {
		// The tree still holds unexpanded aliases; checking it would only
		// add errors caused by the first.
		return nil, r.errorList()
	}
	m := r.decode(top, cat)
	if len(r.errs) > 0 {
		return nil, r.errorList()
	}
	n, err := m.negotiation()
	if err != nil {
		// The checks above should make this unreachable; report it as a
		// mistake in the file rather than trust sim with it.
		return nil, ErrorList{{File: name, Msg: fmt.Sprintf("cannot build the negotiation: %v", err)}}
	}
	resolved, order, err := m.resolved()
	if err != nil {
		return nil, fmt.Errorf("scenario %s: write resolved scenario: %w", name, err)
	}
	return &Scenario{
		Name:        m.Name,
		Description: m.Description,
		Source:      name,
		Runs:        m.Runs,
		Seed:        m.Seed,
		Negotiation: n,
		Resolved:    resolved,
		Warnings:    r.warnings,
		Assumptions: assumptions(order),
		tree:        top,
		cat:         cat,
	}, nil
}
