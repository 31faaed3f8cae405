package genius

import (
	"cmp"
	"fmt"
	"regexp"
	"strings"

	"github.com/parley-sim/parley/agents"
	"github.com/parley-sim/parley/sim"
)

// Options chooses what GENIUS and GeniusWeb files do not say. The zero
// value works; every default is in its field's comment.
type Options struct {
	// Strategy holds the strategy type of party A and of party B in the
	// scenario, a name from parley's catalogue (`parley agents`). Empty
	// means "boulware".
	Strategy [2]string
	// Deadline is the protocol deadline in rounds, from 1 to
	// sim.MaxDeadline. Zero means 180 (ANAC's GENIUS competitions gave 180
	// seconds; parley counts rounds). The per-round discount factors are
	// derived from it.
	Deadline int
	// Runs is the scenario's default number of replications, from 1 to
	// sim.MaxRuns. Zero means 100, parley's default.
	Runs int
	// Seed is the master seed written to the scenario. The zero value
	// writes seed 0, a valid seed.
	Seed uint64
	// RealSteps is the number of evenly spaced points, both bounds
	// included, on which a GENIUS real issue is enumerated, from 2 to
	// MaxValues. Zero means 21, as GENIUS enumerates real issues
	// (IssueReal's 21 discretisation steps). Raise it to refine the grid.
	RealSteps int
	// Name is the scenario's name: lowercase letters, digits and hyphens,
	// at most 64 bytes. Empty means one derived from the folder imported,
	// or from the domain file's name.
	Name string
}

// Defaults used for zero Options fields.
const (
	DefaultStrategy = "boulware"
	DefaultDeadline = 180
	DefaultRuns     = 100
)

var nameRE = regexp.MustCompile(`^[a-z0-9-]+$`)

// resolve fills in the defaults and checks every field, reporting all
// problems at once.
func (o Options) resolve() (Options, error) {
	var errs []string
	for i := range o.Strategy {
		o.Strategy[i] = cmp.Or(o.Strategy[i], DefaultStrategy)
		if _, ok := agents.Lookup(o.Strategy[i]); !ok {
			var names []string
			for _, in := range agents.Catalog() {
				names = append(names, in.Name)
			}
			errs = append(errs, fmt.Sprintf("strategy of party %c: unknown strategy %q (known: %s)", 'A'+i, o.Strategy[i], strings.Join(names, ", ")))
		}
	}
	o.Deadline = cmp.Or(o.Deadline, DefaultDeadline)
	if o.Deadline < 1 || o.Deadline > sim.MaxDeadline {
		errs = append(errs, fmt.Sprintf("deadline %d outside [1, %d]", o.Deadline, sim.MaxDeadline))
	}
	o.Runs = cmp.Or(o.Runs, DefaultRuns)
	if o.Runs < 1 || o.Runs > sim.MaxRuns {
		errs = append(errs, fmt.Sprintf("runs %d outside [1, %d]", o.Runs, sim.MaxRuns))
	}
	o.RealSteps = cmp.Or(o.RealSteps, DefaultRealSteps)
	if o.RealSteps < 2 || o.RealSteps > MaxValues {
		errs = append(errs, fmt.Sprintf("real steps %d outside [2, %d]", o.RealSteps, MaxValues))
	}
	if o.Name != "" && (!nameRE.MatchString(o.Name) || len(o.Name) > maxIDLength) {
		errs = append(errs, fmt.Sprintf("name %q: expected lowercase letters, digits and hyphens, at most %d bytes", o.Name, maxIDLength))
	}
	if len(errs) > 0 {
		return o, &Error{Msg: "options: " + strings.Join(errs, "; ")}
	}
	return o, nil
}
