package scenarios

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/parley-sim/parley/scenarios/genius"
	"github.com/parley-sim/parley/scenarios/internal/numtext"
	"github.com/parley-sim/parley/scenarios/internal/poserr"
	"github.com/parley-sim/parley/scenarios/internal/textcheck"
	"github.com/parley-sim/parley/sim"
)

// Defaults of a sweep file's optional fields.
const (
	defaultSweepReplications = 100
	defaultSweepSeed         = 1
)

// The fields of a sweep file and of a range, in canonical order, and the
// designs.
var (
	sweepFields  = []string{"name", "description", "scenario", "design", "samples", "replications", "precision", "seed", "fixed", "parameters"}
	rangeFields  = []string{"min", "max", "integer"}
	sweepDesigns = []string{DesignGrid, DesignRandom, DesignLatinHypercube}
)

// maxExact is the largest magnitude of an integer range's bounds: every
// whole number up to it is a float64.
const maxExact = 1 << 53

// sweepWhat describes a sweep file, for "expected ..." messages.
const sweepWhat = "a sweep: a mapping with the fields name, scenario, design, replications and parameters"

func parseSweep(name string, data []byte, dir string, builtin bool, o SweepOptions, cat catalog) (*Sweep, error) {
	r := newReader(name)
	top := r.parseFile(data, "sweep", sweepWhat)
	if top == nil {
		return nil, r.errorList()
	}
	s := &Sweep{Source: name, Design: DesignGrid, Replications: defaultSweepReplications, Seed: defaultSweepSeed, cat: cat, force: o.Force}
	f := r.mapping(top, "", sweepWhat, sweepFields)
	if f == nil {
		return nil, r.errorList()
	}
	if n := f.get("name"); n != nil {
		s.Name, _ = r.ident(n, "name", fmt.Sprintf("a name of lowercase letters, digits and hyphens, at most %d long", MaxIDLength), nameRE)
	} else {
		r.missing(f, top, "", "name", "the sweep's name, lowercase letters, digits and hyphens")
	}
	if n := f.get("description"); n != nil {
		if d, ok := r.description(n, "description"); ok {
			s.Description = strings.TrimSpace(d)
		}
	}
	designOK := true
	if n := f.get("design"); n != nil {
		var d string
		if d, designOK = r.choice(n, "design", sweepDesigns); designOK {
			s.Design = d
		}
	}
	samplesOK := true
	if n := f.get("samples"); n != nil {
		switch {
		case !designOK:
		case s.Design == DesignGrid:
			r.errorf(f.keyNode("samples"), "samples", "samples applies only to the random and latin_hypercube designs; a grid has one point per combination of the listed values")
		default:
			v, ok := r.integer(n, "samples", 1, MaxSamples)
			s.Samples, samplesOK = int(v), ok
		}
	} else if designOK && s.Design != DesignGrid {
		r.missing(f, top, "", "samples", fmt.Sprintf("the number of points to draw, 1 to %d, for design %s", MaxSamples, s.Design))
		samplesOK = false
	}
	repsOK := true
	if n := f.get("replications"); n != nil {
		v, ok := r.integer(n, "replications", 1, sim.MaxRuns)
		s.Replications, repsOK = int(v), ok
	}
	if n := f.get("precision"); n != nil {
		s.Precision, _ = r.number(n, "precision", interval{lo: 0, hi: 0.5, loOpen: true, hiOpen: true})
	}
	if n := f.get("seed"); n != nil {
		s.Seed, _ = r.seed(n, "seed")
	}

	var baseErrs ErrorList
	baseOK := false
	if n := f.get("scenario"); n != nil {
		if given, ok := r.checkText(n, "scenario", "a built-in scenario's name or a path relative to the sweep file",
			func(s string) string { return textcheck.Label(s, "a path", MaxPathLength) }); ok {
			s.Scenario = given
			var err error
			if baseErrs, baseOK, err = s.loadBase(r, n, given, dir, builtin); err != nil {
				return nil, fmt.Errorf("sweep %s: %w", name, err)
			}
		}
	} else {
		r.missing(f, top, "", "scenario", "the base scenario: a built-in scenario's name or a path relative to the sweep file")
	}

	if n := f.get("fixed"); n != nil {
		s.fixedSettings(r, n)
	}
	paramsOK := false
	pn := f.get("parameters")
	if pn != nil {
		paramsOK = s.parameters(r, pn, designOK)
	} else {
		r.missing(f, top, "", "parameters", "a mapping from dotted paths, as --set takes them, to lists of values or ranges")
	}
	fixedAt := make(map[string]*yaml.Node, len(s.fixed))
	for _, x := range s.fixed {
		fixedAt[x.path] = x.key
	}
	for _, p := range s.params {
		if at, both := fixedAt[p.path]; both {
			r.errorf(p.key, join("parameters", p.path), "also fixed, %s; a path is either fixed or varied, not both", r.where(at))
		}
	}

	if baseOK && len(s.params)+len(s.fixed) > 0 {
		// Well-formed settings are checked even when others are not.
		at := r.anchor(f.keyNode("parameters"), pn)
		if pn == nil {
			at = f.keyNode("fixed")
		}
		s.check(r, at)
	}
	if paramsOK && designOK && samplesOK {
		at := r.anchor(f.keyNode("parameters"), pn)
		s.points = s.countPoints(r, at)
		if s.points > 0 && repsOK && s.points*s.Replications > MaxSweepRuns && !o.Force {
			at := f.get("replications")
			if at == nil {
				at = f.keyNode("parameters")
			}
			upTo := ""
			if s.Precision > 0 {
				upTo = "up to "
			}
			r.errorf(at, "replications", "the sweep would play %s%d runs (%d points × %d replications), above the limit of %d; use fewer points or replications, or pass --force to play it all the same",
				upTo, s.points*s.Replications, s.points, s.Replications, MaxSweepRuns)
		}
	}
	if len(r.errs) > 0 || len(baseErrs) > 0 {
		return nil, append(r.errorList(), baseErrs...)
	}
	s.design()
	if _, err := s.Build(0); err != nil {
		// Every value passed on its own; together they do not.
		var list ErrorList
		msg := err.Error()
		if errors.As(err, &list) {
			parts := make([]string, len(list))
			for i, e := range list {
				parts[i] = e.Error()
			}
			msg = strings.Join(parts, "; ")
		}
		r.errorf(r.anchor(f.keyNode("parameters"), pn), "parameters", "the values of point 0 are each valid but not together: %s", msg)
		return nil, r.errorList()
	}
	if _, m := s.trial(s.Sets(0)); len(m.uncertain) > 0 {
		_, fields, err := m.resolved()
		if err != nil {
			return nil, fmt.Errorf("sweep %s: point 0: %w", name, err)
		}
		s.Assumptions = assumptions(fields)
	}
	resolved, err := s.resolved()
	if err != nil {
		return nil, fmt.Errorf("sweep %s: write resolved sweep: %w", name, err)
	}
	s.Resolved = resolved
	s.Warnings = append(s.Warnings, r.warnings...)
	return s, nil
}

// loadBase reads the base scenario named given (at node n), and the YAML
// tree Build starts from. A built-in sweep takes only built-in scenarios.
// It returns the base scenario's own errors and whether it loaded, or an
// error for a failure to read it (not a mistake in the sweep).
func (s *Sweep) loadBase(r *reader, n *yaml.Node, given, dir string, builtin bool) (ErrorList, bool, error) {
	var (
		data     []byte
		warnings []error
	)
	fromLibrary := func() bool {
		d, ok := builtinScenarios.source(given)
		if ok {
			s.baseName, data = "builtin:"+bare(given), d
		}
		return ok
	}
	p := given
	if !filepath.IsAbs(p) && dir != "" {
		p = filepath.Join(dir, p)
	}
	switch {
	case given == "":
		r.errorf(n, "scenario", "expected a built-in scenario's name or a path, found an empty text")
		return nil, false, nil
	case builtin:
		if !fromLibrary() {
			r.errorf(n, "scenario", "a built-in sweep takes a built-in scenario; %q is none%s", poserr.Clip(given), r.suggest(bare(given), builtinScenarios.names()))
			return nil, false, nil
		}
	case isForeign(p):
		imp, err := genius.Import([]string{p}, genius.Options{})
		var list ErrorList
		var one *Error
		switch {
		case errors.As(err, &list):
			r.errorf(n, "scenario", "cannot import the base scenario %s (its errors follow)", p)
			return list, false, nil
		case errors.As(err, &one):
			r.errorf(n, "scenario", "cannot import the base scenario: %v", one)
			return nil, false, nil
		case err != nil:
			return nil, false, fmt.Errorf("base scenario %s: %w", p, err)
		}
		s.baseName, data, warnings = p, imp.YAML, imp.Warnings
	default:
		var f *os.File
		st, err := os.Stat(p)
		switch {
		case err == nil && !st.Mode().IsRegular():
			// Neither a file nor a folder: reading a device or a pipe
			// could block for ever.
			r.errorf(n, "scenario", "%s is not a regular file", poserr.Name(p))
			return nil, false, nil
		case err == nil:
			f, err = os.Open(p)
		}
		switch {
		case err == nil:
			d, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
			f.Close()
			if err != nil {
				return nil, false, fmt.Errorf("base scenario: %w", err)
			}
			if what := notAScenario(p, d); what != "" {
				// Say what was expected; never quote the file, which may
				// be anything the sweep file names.
				r.errorf(n, "scenario", "%s is not a parley scenario: expected a YAML mapping with the fields name, description, issues and parties, found %s", poserr.Name(p), what)
				return nil, false, nil
			}
			s.baseName, data = p, d
		case errors.Is(err, fs.ErrNotExist) && !strings.ContainsAny(given, `/\`):
			if !fromLibrary() {
				r.errorf(n, "scenario", "no file %s, %s", p, builtinScenarios.notOne(given, &r.budget))
				return nil, false, nil
			}
		case errors.Is(err, fs.ErrNotExist):
			r.errorf(n, "scenario", "no file %s", p)
			return nil, false, nil
		default:
			return nil, false, fmt.Errorf("base scenario: %w", err)
		}
	}
	base, err := parse(s.baseName, data, nil, s.cat)
	if err != nil {
		var list ErrorList
		if !errors.As(err, &list) {
			list = ErrorList{{File: s.baseName, Msg: err.Error()}}
		}
		r.errorf(n, "scenario", "the base scenario %s is invalid (its errors follow)", s.baseName)
		return list, false, nil
	}
	base.Warnings = append(warnings, base.Warnings...)
	s.Base = base
	s.tree = newReader(s.baseName).parseDocument(data)
	return nil, s.tree != nil, nil
}

// fixedSettings reads the fixed mapping n: dotted paths with one value
// each. Null, like an empty mapping, fixes nothing. Each value is checked
// later, with the parameters.
func (s *Sweep) fixedSettings(r *reader, n *yaml.Node) {
	const path = "fixed"
	if isNull(n) {
		return
	}
	ff := r.mapping(n, path, "a mapping from dotted paths, as --set takes them, to one value each", nil)
	if ff == nil {
		return
	}
	if len(ff.entries) > MaxFixed {
		r.errorf(ff.entries[MaxFixed].key, path, "more than %d fixed settings (%d); set fewer, or change the base scenario", MaxFixed, len(ff.entries))
		return
	}
	for _, e := range ff.entries {
		s.fixed = append(s.fixed, &sweepParam{path: e.key.Value, key: e.key, list: []sweepValue{listValue(e.val)}})
	}
}

// parameters reads the parameters mapping n. It reports whether every
// parameter is well formed.
func (s *Sweep) parameters(r *reader, n *yaml.Node, designOK bool) bool {
	const path = "parameters"
	pf := r.mapping(n, path, "a mapping from dotted paths, as --set takes them, to lists of values or ranges {min, max}", nil)
	if pf == nil {
		return false
	}
	if len(pf.entries) == 0 {
		r.errorf(n, path, "expected at least one parameter, found none")
		return false
	}
	ok := true
	if len(pf.entries) > MaxParameters {
		r.errorf(pf.entries[MaxParameters].key, path, "more than %d parameters (%d); vary fewer at once", MaxParameters, len(pf.entries))
		return false
	}
	total := 0
	for _, e := range pf.entries {
		p := &sweepParam{path: e.key.Value, key: e.key}
		pp := join(path, p.path)
		switch v := e.val; v.Kind {
		case yaml.SequenceNode:
			if len(v.Content) == 0 {
				r.errorf(v, pp, "expected at least one value, found an empty list")
				ok = false
				continue
			}
			if total += len(v.Content); total > MaxValues {
				r.errorf(v, pp, "more than %d values listed in the sweep; list fewer, or draw them from a range with design random or latin_hypercube", MaxValues)
				return false
			}
			first := make(map[string]*yaml.Node, len(v.Content))
			for _, c := range v.Content {
				sv := listValue(c)
				if at, dup := first[sv.arg]; dup {
					what := describe(c)
					if c.Kind != yaml.ScalarNode {
						what = sv.text
					}
					r.errorf(c, pp, "duplicate value %s (first given %s)", what, r.where(at))
					ok = false
					continue
				}
				first[sv.arg] = c
				p.list = append(p.list, sv)
			}
		case yaml.MappingNode:
			if designOK && s.Design == DesignGrid {
				r.errorf(v, pp, "a range {min, max} needs design random or latin_hypercube; a grid takes a list of values, such as [0.9, 0.95]")
				ok = false
				continue
			}
			if !s.rangeParam(r, p, v, pp) {
				ok = false
				continue
			}
		default:
			r.errorf(v, pp, "expected a list of values or a range {min, max}, found %s (to set one value at every point, put it under fixed)", describe(v))
			ok = false
			continue
		}
		s.params = append(s.params, p)
	}
	// A list of one value is a fixed setting in disguise; say so when
	// moving it would leave something varied.
	var single []*sweepParam
	varies := false
	for _, p := range s.params {
		if len(p.list) == 1 {
			single = append(single, p)
		} else {
			varies = true
		}
	}
	if varies {
		for _, p := range single {
			r.warnf(p.list[0].node, join(path, p.path), "a list of one value varies nothing; move it to fixed (%s: %s), so that it is not a column of the sweep's tables", p.path, flowText(canonicalValue(p.list[0])))
		}
	}
	return ok
}

// rangeParam reads the range {min, max, integer} n into p.
func (s *Sweep) rangeParam(r *reader, p *sweepParam, n *yaml.Node, path string) bool {
	f := r.mapping(n, path, "a range: a mapping with min, max and optionally integer", rangeFields)
	if f == nil {
		return false
	}
	ok := true
	bound := func(field string) float64 {
		v := f.get(field)
		if v == nil {
			r.missing(f, n, path, field, fmt.Sprintf("the range's %s, a number", map[string]string{"min": "least value", "max": "greatest value"}[field]))
			ok = false
			return 0
		}
		x, good := r.number(v, join(path, field), anyNumber)
		ok = ok && good
		return x
	}
	p.min, p.max = bound("min"), bound("max")
	p.minNode, p.maxNode = f.get("min"), f.get("max")
	if v := f.get("integer"); v != nil {
		var good bool
		p.integer, good = r.boolean(v, join(path, "integer"))
		ok = ok && good
	}
	if !ok {
		return false
	}
	if p.integer {
		for _, b := range []struct {
			field string
			x     float64
			n     *yaml.Node
		}{{"min", p.min, p.minNode}, {"max", p.max, p.maxNode}} {
			if b.x != math.Trunc(b.x) || math.Abs(b.x) > maxExact {
				r.errorf(b.n, join(path, b.field), "expected an integer in [-%d, %d] for an integer range, found %s", int64(maxExact), int64(maxExact), describe(b.n))
				ok = false
			}
		}
	}
	if ok && !(p.min < p.max) {
		r.errorf(p.maxNode, join(path, "max"), "expected a number greater than min (%s), found %s", numtext.Shortest(p.min), describe(p.maxNode))
		ok = false
	}
	return ok
}

// countPoints returns the number of points of the design, or 0 after
// reporting more than MaxSweepPoints at node at.
func (s *Sweep) countPoints(r *reader, at *yaml.Node) int {
	if s.Design != DesignGrid {
		return s.Samples
	}
	points, size := 1, 1.0
	for _, p := range s.params {
		size *= float64(len(p.list))
		if points > MaxSweepPoints/len(p.list) {
			points = MaxSweepPoints + 1
		} else {
			points *= len(p.list)
		}
	}
	if points > MaxSweepPoints {
		r.errorf(at, "parameters", "the grid would have %.4g points, more than the limit of %d (MaxSweepPoints); list fewer values", size, MaxSweepPoints)
		return 0
	}
	return points
}

// trialValue is a value to check: where it is written and its --set text.
type trialValue struct {
	node *yaml.Node
	arg  string
}

// trialValues returns the values of p to check: every listed value, or
// both ends of a range, as they would be drawn (values drawn from a range
// lie between its ends).
func (p *sweepParam) trialValues() []trialValue {
	if p.list != nil {
		out := make([]trialValue, len(p.list))
		for i, v := range p.list {
			out[i] = trialValue{v.node, v.arg}
		}
		return out
	}
	lo, _ := p.at(0)
	hi := numtext.Shortest(p.max)
	if p.integer {
		hi = strconv.FormatInt(int64(p.max), 10)
	}
	return []trialValue{{p.minNode, lo}, {p.maxNode, hi}}
}

// check applies the fixed settings and the parameters' values to the base
// scenario as --set would, and reports what the scenario's checks find:
// mistakes in a path at the setting's or parameter's key, mistakes in a
// value at the value. It first applies the fixed settings and every
// parameter's first value (a range's lower end) together, then each other
// value in turn in place of its parameter's first, so that every value is
// checked at a point of the design's space. at is the parameters key (the
// fixed key when there is none), where mistakes of the first values
// together are reported when they cannot be put down to one value.
func (s *Sweep) check(r *reader, at *yaml.Node) {
	// The fixed settings come first, as in Sets; each has one value.
	all := append(slices.Clip(s.fixed), s.params...)
	k := len(all)
	vals := make([][]trialValue, k)
	args := make([]string, k)
	index := make(map[string]int, k)
	for i, p := range all {
		vals[i] = p.trialValues()
		args[i] = p.path + "=" + vals[i][0].arg
		if _, dup := index[args[i]]; !dup {
			index[args[i]] = i
		}
	}
	live := make([]bool, k)
	for i := range live {
		live[i] = true
	}
	seen := make(map[string]bool)  // errors and warnings of the first values
	known := make(map[string]bool) // warnings of the base scenario
	for _, w := range s.Base.Warnings {
		known[w.Error()] = true
	}
	report := func(node *yaml.Node, warn bool, path, format string, a ...any) {
		e := r.at(node, path, format, a...)
		key := fmt.Sprint(warn, e.Error())
		if seen[key] {
			return
		}
		seen[key] = true
		switch {
		case warn:
			r.warnings = append(r.warnings, e)
		case len(r.errs) >= MaxErrors:
			r.dropped++
		default:
			r.errs = append(r.errs, e)
		}
	}

	// The first values together.
	pathErrs, errs, warnings, uncertain := s.checkSets(args)
	for _, e := range pathErrs {
		if i, ok := index[strings.TrimPrefix(e.File, setPrefix)]; ok {
			report(all[i].key, false, e.Path, "%s", e.Msg)
			live[i] = false
		}
	}
	together := func(e *Error, warn bool) {
		i, ok := index[strings.TrimPrefix(e.File, setPrefix)]
		switch {
		case ok && e.Path != all[i].path && strings.HasPrefix(all[i].path, e.Path+"."):
			// The path leads where the scenario has no room, such as
			// to a third party.
			report(all[i].key, warn, e.Path, "%s", e.Msg)
			live[i] = live[i] && warn
		case ok && i < len(s.fixed) && vals[i][0].node.Kind == yaml.SequenceNode && strings.HasSuffix(e.Msg, "found a sequence"):
			report(vals[i][0].node, warn, e.Path, "%s (fixed takes one value; to vary it, list its values under parameters)", e.Msg)
		case ok:
			report(vals[i][0].node, warn, e.Path, "%s", e.Msg)
		case warn && known[e.Error()]:
		case k == 1:
			report(vals[0][0].node, warn, e.Path, "%s (%s, with %s)", e.Msg, e.Location(), args[0])
		default:
			report(at, warn, e.Path, "%s (%s, with %s)", e.Msg, e.Location(), strings.Join(args, ", "))
		}
	}
	for _, e := range errs {
		together(e, false)
	}
	for _, w := range warnings {
		if e, ok := w.(*Error); ok {
			together(e, true)
		}
	}
	first := make(map[string]bool, len(seen))
	for _, e := range append(errs, asErrors(warnings)...) {
		first[e.Error()] = true
	}

	// Every other value in place of its parameter's first.
	for i := range all {
		if !live[i] {
			continue
		}
		for _, v := range vals[i][1:] {
			arg := all[i].path + "=" + v.arg
			sets := make([]string, 0, k)
			for j := range all {
				switch {
				case j == i:
					sets = append(sets, arg)
				case live[j]:
					sets = append(sets, args[j])
				}
			}
			pathErrs, errs, warnings, unc := s.checkSets(sets)
			if len(pathErrs) == 0 && len(errs) == 0 && !slices.Equal(unc, uncertain) {
				report(v.node, false, all[i].path, "every point of a sweep must draw the same assumptions, but with this value %s", assumptionsDiffer(uncertain, unc))
			}
			for _, e := range pathErrs {
				if e.File == setPrefix+arg {
					report(all[i].key, false, e.Path, "%s", e.Msg)
				}
			}
			alone := func(e *Error, warn bool) {
				switch {
				case first[e.Error()] || (warn && known[e.Error()]):
					// Not this value's doing.
				case e.File == setPrefix+arg:
					report(v.node, warn, e.Path, "%s", e.Msg)
				default:
					report(v.node, warn, e.Path, "%s (%s, with %s)", e.Msg, e.Location(), arg)
				}
			}
			for _, e := range errs {
				alone(e, false)
			}
			for _, e := range asErrors(warnings) {
				alone(e, true)
			}
		}
	}
}

// asErrors returns the *Error values among errs.
func asErrors(errs []error) []*Error {
	var out []*Error
	for _, err := range errs {
		if e, ok := err.(*Error); ok {
			out = append(out, e)
		}
	}
	return out
}

// checkSets applies --set arguments to a copy of the base scenario and
// checks the result, returning the mistakes found in the paths, those
// found by the scenario's checks, and the warnings.
//
// It also returns the paths of the uncertain fields, each with its kind
// and, for a choice of names, its values: what every point of a sweep must
// share.
func (s *Sweep) checkSets(sets []string) (pathErrs, errs []*Error, warnings []error, uncertain []string) {
	tr := newReader(s.baseName)
	top := tr.applySets(cloneTree(s.tree), sets)
	pathErrs = tr.errs
	tr.errs = nil
	tr.decode(top, s.cat)
	for _, f := range tr.uncertain {
		a := f.assumption()
		sig := a.Path
		switch a.Kind {
		case KindInteger:
			sig += " (an integer)"
		case KindCategory:
			sig += " (a choice of " + strings.Join(a.Values, ", ") + ")"
		}
		uncertain = append(uncertain, sig)
	}
	slices.Sort(uncertain)
	return pathErrs, tr.errs, tr.warnings, uncertain
}

// listValue returns the canonical text and the --set text of a listed
// value.
func listValue(n *yaml.Node) sweepValue {
	v := sweepValue{node: n}
	if n.Kind != yaml.ScalarNode {
		v.text = flowText(n)
		v.arg = v.text
		return v
	}
	switch n.ShortTag() {
	case "!!int":
		var i int64
		var u uint64
		switch {
		case n.Decode(&i) == nil:
			v.text = strconv.FormatInt(i, 10)
		case n.Decode(&u) == nil:
			v.text = strconv.FormatUint(u, 10)
		default:
			v.text = n.Value
		}
		v.arg = v.text
	case "!!float":
		if x, ok, finite := scalarNumber(n); ok && finite {
			v.text = numtext.Shortest(x)
		} else {
			v.text = n.Value
		}
		v.arg = v.text
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			v.text = strconv.FormatBool(b)
		} else {
			v.text = n.Value
		}
		v.arg = v.text
	case "!!null":
		v.text, v.arg = "null", "null"
	case "!!str":
		v.text = n.Value
		v.arg = flowText(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: n.Value})
	default:
		v.text = n.Value
		v.arg = flowText(n)
	}
	return v
}

// flowCopy returns a copy of n written on one line: collections in flow
// style, strings quoted where they hold line breaks, without comments or
// anchors.
func flowCopy(n *yaml.Node) *yaml.Node {
	m := &yaml.Node{Kind: n.Kind, Tag: n.Tag, Value: n.Value}
	switch n.Kind {
	case yaml.MappingNode, yaml.SequenceNode:
		m.Style = yaml.FlowStyle
		m.Content = make([]*yaml.Node, len(n.Content))
		for i, c := range n.Content {
			m.Content[i] = flowCopy(c)
		}
	case yaml.ScalarNode:
		if strings.ContainsAny(n.Value, "\n\r") {
			m.Style = yaml.DoubleQuotedStyle
		}
	}
	return m
}

// flowText returns n as YAML on one line, which reads back as n.
func flowText(n *yaml.Node) string {
	out, err := encodeYAML(flowCopy(n))
	if err != nil {
		return n.Value
	}
	return strings.TrimSuffix(string(out), "\n")
}

// resolved writes the sweep as canonical YAML.
func (s *Sweep) resolved() ([]byte, error) {
	var top []*yaml.Node
	add := func(key string, val *yaml.Node) { top = append(top, pair(key, val)...) }
	add("name", strNode(s.Name))
	add("description", strNode(s.Description))
	add("scenario", strNode(s.Scenario))
	add("design", strNode(s.Design))
	if s.Design != DesignGrid {
		add("samples", intNode(int64(s.Samples)))
	}
	add("replications", intNode(int64(s.Replications)))
	if s.Precision > 0 {
		add("precision", &yaml.Node{Kind: yaml.ScalarNode, Value: numtext.Shortest(s.Precision)})
	}
	add("seed", &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.FormatUint(s.Seed, 10)})
	if len(s.fixed) > 0 {
		fixed := mapNode(false)
		for _, x := range s.fixed {
			fixed.Content = append(fixed.Content, pair(x.path, canonicalValue(x.list[0]))...)
		}
		add("fixed", fixed)
	}
	params := mapNode(false)
	for _, p := range s.params {
		var v *yaml.Node
		if p.list != nil {
			v = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
			for _, x := range p.list {
				v.Content = append(v.Content, canonicalValue(x))
			}
		} else {
			num := func(x float64) *yaml.Node {
				if p.integer {
					return intNode(int64(x))
				}
				return &yaml.Node{Kind: yaml.ScalarNode, Value: numtext.Shortest(x)}
			}
			v = mapNode(true, append(pair("min", num(p.min)), pair("max", num(p.max))...)...)
			if p.integer {
				v.Content = append(v.Content, pair("integer", boolNode(true))...)
			}
		}
		params.Content = append(params.Content, pair(p.path, v)...)
	}
	add("parameters", params)
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{mapNode(false, top...)},
		HeadComment: "Resolved sweep: every default filled in."}
	return encodeYAML(doc)
}

// canonicalValue returns the node written for a listed value in the
// resolved sweep: numbers, booleans and null in canonical form, anything
// else as given, on one line.
func canonicalValue(v sweepValue) *yaml.Node {
	if v.node.Kind == yaml.ScalarNode {
		switch v.node.ShortTag() {
		case "!!int", "!!float", "!!bool", "!!null":
			// Untagged: the plain text reads back as the same kind.
			return &yaml.Node{Kind: yaml.ScalarNode, Value: v.text}
		}
	}
	return flowCopy(v.node)
}

// notAScenario says what the file data holds when it is plainly no
// scenario, without quoting any of it: not text, not a mapping, or a
// mapping with neither issues nor parties. It returns "" for a file that
// looks like a scenario, mistakes and all, and for one with YAML syntax
// errors, whose messages quote nothing of the file.
func notAScenario(name string, data []byte) string {
	r := newReader(name)
	top := r.parseDocument(data)
	if top == nil {
		for _, e := range r.errs {
			if strings.HasPrefix(e.Msg, "invalid UTF-8") || strings.Contains(e.Msg, "control character") {
				return "a file that is not YAML text (" + e.Msg + ")"
			}
		}
		return ""
	}
	if top.Kind != yaml.MappingNode {
		return kindOf(top)
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		if k := top.Content[i].Value; k == "issues" || k == "parties" {
			return ""
		}
	}
	return "a mapping with neither issues nor parties"
}

// kindOf names what a node holds without quoting it.
func kindOf(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	switch n.ShortTag() {
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "true or false"
	case "!!null":
		return "nothing"
	}
	return "a text"
}

// assumptionsDiffer says how the uncertain fields got differ from want,
// both as checkSets returns them.
func assumptionsDiffer(want, got []string) string {
	var parts []string
	for _, w := range want {
		if !slices.Contains(got, w) {
			parts = append(parts, w+" is not uncertain")
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			parts = append(parts, g+" is uncertain")
		}
	}
	return strings.Join(parts, " and ") + ", unlike at the sweep's first values"
}
