package scenarios

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/parley-sim/parley/scenarios/genius"
	"github.com/parley-sim/parley/scenarios/internal/numtext"
	"github.com/parley-sim/parley/scenarios/internal/poserr"
	"github.com/parley-sim/parley/scenarios/internal/textcheck"
	"github.com/parley-sim/parley/sim"
)

// Defaults of a tournament file's optional fields.
const (
	defaultTournamentRepetitions = 10
	defaultTournamentSeed        = 1
)

// The fields of a tournament file and of an agent given as a mapping
// besides its strategy's, in canonical order.
var (
	tournamentFields = []string{"name", "description", "agents", "domains", "repetitions", "deadline", "self_play", "seed"}
	agentLabelField  = "label"
)

// tournamentWhat describes a tournament file, for "expected ..." messages.
const tournamentWhat = "a tournament: a mapping with the fields name, agents and domains"

func parseTournament(name string, data []byte, dir string, builtin bool, o TournamentOptions, cat catalog) (*Tournament, error) {
	r := newReader(name)
	top := r.parseFile(data, "tournament", tournamentWhat)
	if top == nil {
		return nil, r.errorList()
	}
	t := &Tournament{Source: name, Repetitions: defaultTournamentRepetitions, Seed: defaultTournamentSeed}
	f := r.mapping(top, "", tournamentWhat, tournamentFields)
	if f == nil {
		return nil, r.errorList()
	}
	if n := f.get("name"); n != nil {
		t.Name, _ = r.ident(n, "name", fmt.Sprintf("a name of lowercase letters, digits and hyphens, at most %d long", MaxIDLength), nameRE)
	} else {
		r.missing(f, top, "", "name", "the tournament's name, lowercase letters, digits and hyphens")
	}
	if n := f.get("description"); n != nil {
		if d, ok := r.description(n, "description"); ok {
			t.Description = strings.TrimSpace(d)
		}
	}
	repsOK := true
	if n := f.get("repetitions"); n != nil {
		v, ok := r.integer(n, "repetitions", 1, sim.MaxRuns)
		t.Repetitions, repsOK = int(v), ok
	}
	if n := f.get("deadline"); n != nil {
		v, _ := r.integer(n, "deadline", 1, MaxDeadline)
		t.Deadline = int(v)
	}
	if n := f.get("self_play"); n != nil {
		t.SelfPlay, _ = r.boolean(n, "self_play")
	}
	if n := f.get("seed"); n != nil {
		t.Seed, _ = r.seed(n, "seed")
	}
	if errs := t.override(name, o); len(errs) > 0 {
		return nil, errs
	}

	agentsOK := false
	if n := f.get("agents"); n != nil {
		agentsOK = t.readAgents(r, n, cat)
	} else {
		r.missing(f, top, "", "agents", "the strategies that take part: a list of strategy names or mappings {type: ..., parameters}")
	}
	var domainErrs ErrorList
	domainsOK := false
	if n := f.get("domains"); n != nil {
		var err error
		if domainErrs, domainsOK, err = t.loadDomains(r, n, dir, builtin); err != nil {
			return nil, fmt.Errorf("tournament %s: %w", name, err)
		}
	} else {
		r.missing(f, top, "", "domains", "the negotiations played: a list of built-in scenarios' names, scenario files or GENIUS and GeniusWeb folders")
	}
	if agentsOK {
		for a := range t.Agents {
			for b := range t.Agents {
				if a != b || t.SelfPlay {
					t.pairs = append(t.pairs, [2]int{a, b})
				}
			}
		}
		if len(t.pairs) == 0 {
			r.errorf(f.get("agents"), "agents", "one agent meets no one: list at least two, or set self_play: true")
		}
	}
	if agentsOK && domainsOK && repsOK && len(t.pairs) > 0 {
		if runs := t.Points() * t.Repetitions; runs > MaxSweepRuns && !o.Force {
			at := f.get("repetitions")
			if at == nil {
				at = f.keyNode("agents")
			}
			r.errorf(at, "repetitions", "the tournament would play %d runs (%d points × %d repetitions), above the limit of %d; use fewer agents, domains or repetitions, or pass --force to play it all the same",
				runs, t.Points(), t.Repetitions, MaxSweepRuns)
		}
	}
	if len(r.errs) > 0 || len(domainErrs) > 0 {
		return nil, append(r.errorList(), domainErrs...)
	}
	resolved, err := t.resolved()
	if err != nil {
		return nil, fmt.Errorf("tournament %s: write resolved tournament: %w", name, err)
	}
	t.Resolved = resolved
	t.Warnings = append(t.Warnings, r.warnings...)
	return t, nil
}

// override applies the settings of o that replace the file's, and the
// cap on repetitions.
func (t *Tournament) override(name string, o TournamentOptions) ErrorList {
	var errs ErrorList
	bad := func(format string, args ...any) {
		errs = append(errs, &Error{File: name, Msg: fmt.Sprintf(format, args...)})
	}
	if o.Repetitions != 0 {
		if o.Repetitions < 1 || o.Repetitions > sim.MaxRuns {
			bad("repetitions %d outside [1, %d]", o.Repetitions, sim.MaxRuns)
		}
		t.Repetitions = o.Repetitions
	}
	if o.Deadline != 0 {
		if o.Deadline < 1 || o.Deadline > MaxDeadline {
			bad("deadline %d outside [1, %d]", o.Deadline, MaxDeadline)
		}
		t.Deadline = o.Deadline
	}
	if o.Seed != nil {
		t.Seed = *o.Seed
	}
	if o.SelfPlay != nil {
		t.SelfPlay = *o.SelfPlay
	}
	if o.Capped < 0 {
		bad("cap on repetitions %d is negative", o.Capped)
	}
	if o.Capped > 0 && t.Repetitions > o.Capped {
		t.Repetitions = o.Capped
	}
	return errs
}

// readAgents reads the list of agents. It reports whether every agent is
// well formed.
func (t *Tournament) readAgents(r *reader, n *yaml.Node, cat catalog) bool {
	const path = "agents"
	if n.Kind != yaml.SequenceNode {
		r.errorf(n, path, "expected a list of agents (strategy names or mappings {type: ..., parameters}), found %s", describe(n))
		return false
	}
	switch k := len(n.Content); {
	case k == 0:
		r.errorf(n, path, "expected at least one agent, found an empty list")
		return false
	case k > MaxTournamentAgents:
		r.errorf(n.Content[MaxTournamentAgents], path, "too many agents: found %d, limit %d", k, MaxTournamentAgents)
		return false
	}
	ok := true
	first := make(map[string]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		p := join(path, strconv.Itoa(i))
		a, at, good := t.readAgent(r, c, p, cat)
		if !good {
			ok = false
			continue
		}
		if prev, dup := first[a.Label]; dup {
			r.errorf(at, p, "a second agent labelled %q (the first is given %s); give one of them another label", a.Label, r.where(prev))
			ok = false
			continue
		}
		first[a.Label] = at
		t.Agents = append(t.Agents, a)
	}
	return ok
}

// readAgent reads one agent: a strategy's name, or a mapping with its
// type, its parameters and an optional label. at is the node that names
// the agent, for messages.
func (t *Tournament) readAgent(r *reader, c *yaml.Node, path string, cat catalog) (a TournamentAgent, at *yaml.Node, ok bool) {
	var (
		spec     = c
		label    string
		labelSet bool
	)
	switch {
	case c.Kind == yaml.ScalarNode && c.ShortTag() == "!!str":
		// A name alone: the strategy with its defaults.
		spec = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: c.Line, Column: c.Column,
			Content: []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!str", Value: "type", Line: c.Line, Column: c.Column}, c}}
	case c.Kind == yaml.MappingNode:
		// The label is the tournament's; the rest is the strategy's.
		spec = &yaml.Node{Kind: yaml.MappingNode, Tag: c.Tag, Line: c.Line, Column: c.Column, Style: c.Style}
		for j := 0; j+1 < len(c.Content); j += 2 {
			k, v := c.Content[j], c.Content[j+1]
			if k.Kind == yaml.ScalarNode && k.Value == agentLabelField {
				if labelSet {
					r.errorf(k, join(path, agentLabelField), "duplicate key")
					return a, c, false
				}
				labelSet = true
				var good bool
				if label, good = r.text(v, join(path, agentLabelField), "a label: the agent's name in tables and charts", "a label"); !good {
					return a, c, false
				}
				continue
			}
			spec.Content = append(spec.Content, k, v)
		}
	default:
		r.errorf(c, path, "expected a strategy's name or a mapping {type: ..., parameters}, found %s", describe(c))
		return a, c, false
	}
	nerr := len(r.errs)
	var s strategySpec
	r.strategy(&s, spec, path, cat)
	if len(r.errs) > nerr || s.Maker == nil {
		return a, c, false
	}
	if s.uncertain {
		r.errorf(c, path, "an agent's type and parameters are values, not distributions: a tournament compares given strategies (to vary one, list it once per value)")
		return a, c, false
	}
	if !labelSet {
		label = s.Type
		if len(s.given) > 0 {
			parts := make([]string, len(s.given))
			for i, k := range s.given {
				parts[i] = k + "=" + labelValue(s.Params[k])
			}
			label += "(" + strings.Join(parts, ", ") + ")"
		}
		if msg := textcheck.Label(label, "a label", MaxLabelLength); msg != "" {
			r.errorf(c, path, "the agent's label %q is too long (%s); give it a shorter one with label:", poserr.Clip(label), msg)
			return a, c, false
		}
	}
	return TournamentAgent{Label: label, Type: s.Type, Params: s.Params, Maker: s.Maker}, c, true
}

// labelValue writes a parameter's value in an agent's default label.
func labelValue(v any) string {
	switch x := v.(type) {
	case float64:
		return numtext.Decimal(x)
	case string:
		return x
	}
	return fmt.Sprint(v)
}

// loadDomains reads the list of domains and loads each. It returns the
// domains' own errors, whether every domain loaded, or an error for a
// failure to read one (not a mistake in the input).
func (t *Tournament) loadDomains(r *reader, n *yaml.Node, dir string, builtin bool) (ErrorList, bool, error) {
	const path = "domains"
	if n.Kind != yaml.SequenceNode {
		r.errorf(n, path, "expected a list of domains (built-in scenarios' names, scenario files or GENIUS and GeniusWeb folders), found %s", describe(n))
		return nil, false, nil
	}
	switch k := len(n.Content); {
	case k == 0:
		r.errorf(n, path, "expected at least one domain, found an empty list")
		return nil, false, nil
	case k > MaxTournamentDomains:
		r.errorf(n.Content[MaxTournamentDomains], path, "too many domains: found %d, limit %d", k, MaxTournamentDomains)
		return nil, false, nil
	}
	var (
		errs     ErrorList
		ok       = true
		first    = make(map[string]*yaml.Node, len(n.Content))
		outcomes = 0
	)
	for i, c := range n.Content {
		p := join(path, strconv.Itoa(i))
		given, good := r.checkText(c, p, "a built-in scenario's name or a path relative to the tournament file",
			func(s string) string { return textcheck.Label(s, "a path", MaxPathLength) })
		if !good {
			ok = false
			continue
		}
		sc, list, good, err := t.loadDomain(r, c, p, given, dir, builtin)
		if err != nil {
			return nil, false, err
		}
		errs = append(errs, list...)
		if !good {
			ok = false
			continue
		}
		if len(sc.Assumptions) > 0 {
			r.errorf(c, p, "the domain %s has uncertain assumptions (%s first); a tournament plays certain domains: give every field a value", given, sc.Assumptions[0].Path)
			ok = false
			continue
		}
		if prev, dup := first[sc.Name]; dup {
			r.errorf(c, p, "a second domain named %q (the first is given %s); a domain is named by its scenario's name, which must differ", sc.Name, r.where(prev))
			ok = false
			continue
		}
		first[sc.Name] = c
		if outcomes += sc.Negotiation.Space.Size(); outcomes > MaxTournamentOutcomes {
			r.errorf(c, p, "the domains up to this one have %d outcomes together, above the limit of %d: every domain is held in memory while the tournament plays; use fewer or smaller domains", outcomes, MaxTournamentOutcomes)
			return errs, false, nil
		}
		t.Domains = append(t.Domains, TournamentDomain{Label: sc.Name, Path: given, Scenario: sc})
	}
	return errs, ok, nil
}

// loadDomain loads the domain given (at node n) with the tournament's
// deadline. A built-in tournament takes only built-in scenarios. It
// returns the domain's own errors and whether it loaded, or an error for a
// failure to read it (not a mistake in the input).
func (t *Tournament) loadDomain(r *reader, n *yaml.Node, path, given, dir string, builtin bool) (*Scenario, ErrorList, bool, error) {
	var sets []string
	if t.Deadline > 0 {
		sets = []string{"protocol.deadline=" + strconv.Itoa(t.Deadline)}
	}
	invalid := func(name string, err error) (*Scenario, ErrorList, bool, error) {
		var list ErrorList
		if !errors.As(err, &list) {
			var one *Error
			if !errors.As(err, &one) {
				return nil, nil, false, fmt.Errorf("domain %s: %w", name, err)
			}
			list = ErrorList{one}
		}
		r.errorf(n, path, "the domain %s is invalid (its errors follow)", name)
		return nil, list, false, nil
	}
	fromLibrary := func() (*Scenario, ErrorList, bool, error) {
		data, _ := builtinScenarios.source(given)
		sc, err := Parse("builtin:"+bare(given), data, sets)
		if err != nil {
			return invalid("builtin:"+bare(given), err)
		}
		return sc, nil, true, nil
	}
	if given == "" {
		r.errorf(n, path, "expected a built-in scenario's name or a path, found an empty text")
		return nil, nil, false, nil
	}
	if builtin {
		if _, ok := builtinScenarios.source(given); !ok {
			r.errorf(n, path, "a built-in tournament takes built-in scenarios; %q is none%s", poserr.Clip(given), r.suggest(bare(given), builtinScenarios.names()))
			return nil, nil, false, nil
		}
		return fromLibrary()
	}
	p := given
	if !filepath.IsAbs(p) && dir != "" {
		p = filepath.Join(dir, p)
	}
	st, err := os.Stat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !strings.ContainsAny(given, `/\`):
		if _, ok := builtinScenarios.source(given); ok {
			return fromLibrary()
		}
		r.errorf(n, path, "no file %s, %s", p, builtinScenarios.notOne(given, &r.budget))
		return nil, nil, false, nil
	case errors.Is(err, fs.ErrNotExist):
		r.errorf(n, path, "no file %s", p)
		return nil, nil, false, nil
	case err != nil:
		return nil, nil, false, fmt.Errorf("domain %s: %w", p, err)
	case isForeign(p):
		imp, err := genius.Import([]string{p}, genius.Options{Deadline: t.Deadline})
		if err != nil {
			return invalid(p, err)
		}
		sc, err := Parse(p, imp.YAML, nil)
		if err != nil {
			return invalid(p, err)
		}
		sc.Source = p
		sc.Warnings = append(imp.Warnings, sc.Warnings...)
		return sc, nil, true, nil
	case !st.Mode().IsRegular():
		// Neither a file nor a folder: reading a device or a pipe could
		// block for ever.
		r.errorf(n, path, "%s is not a regular file", poserr.Name(p))
		return nil, nil, false, nil
	}
	file, err := os.Open(p)
	if err != nil {
		return nil, nil, false, fmt.Errorf("domain %s: %w", p, err)
	}
	data, err := io.ReadAll(io.LimitReader(file, MaxFileSize+1))
	file.Close()
	if err != nil {
		return nil, nil, false, fmt.Errorf("domain %s: %w", p, err)
	}
	if what := notAScenario(p, data); what != "" {
		// Never quote the file, which may be anything the tournament
		// names.
		r.errorf(n, path, "%s is not a parley scenario: expected a YAML mapping with the fields name, description, issues and parties, found %s", poserr.Name(p), what)
		return nil, nil, false, nil
	}
	sc, err := Parse(p, data, sets)
	if err != nil {
		return invalid(p, err)
	}
	return sc, nil, true, nil
}

// resolved writes the tournament as canonical YAML.
func (t *Tournament) resolved() ([]byte, error) {
	var top []*yaml.Node
	add := func(key string, val *yaml.Node) { top = append(top, pair(key, val)...) }
	add("name", strNode(t.Name))
	add("description", strNode(t.Description))
	agentsNode := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, a := range t.Agents {
		m := mapNode(true, append(pair("label", strNode(a.Label)), pair("type", strNode(a.Type))...)...)
		info, _ := defaultCatalog().lookup(a.Type)
		for _, pr := range info.Params {
			v, err := paramNode(a.Params[pr.Name])
			if err != nil {
				return nil, fmt.Errorf("agent %s: parameter %s: %w", a.Label, pr.Name, err)
			}
			m.Content = append(m.Content, pair(pr.Name, v)...)
		}
		agentsNode.Content = append(agentsNode.Content, m)
	}
	add("agents", agentsNode)
	domainsNode := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, d := range t.Domains {
		domainsNode.Content = append(domainsNode.Content, strNode(d.Path))
	}
	add("domains", domainsNode)
	add("repetitions", intNode(int64(t.Repetitions)))
	if t.Deadline > 0 {
		add("deadline", intNode(int64(t.Deadline)))
	}
	add("self_play", boolNode(t.SelfPlay))
	add("seed", &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.FormatUint(t.Seed, 10)})
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{mapNode(false, top...)},
		HeadComment: "Resolved tournament: every default filled in, every agent's parameters as played."}
	return encodeYAML(doc)
}

// paramNode writes a strategy parameter's value.
func paramNode(v any) (*yaml.Node, error) {
	switch x := v.(type) {
	case float64:
		return numNode(x), nil
	case int:
		return intNode(int64(x)), nil
	case string:
		return strNode(x), nil
	case bool:
		return boolNode(x), nil
	}
	return nil, fmt.Errorf("a value of unsupported type %T", v)
}
