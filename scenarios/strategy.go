package scenarios

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"

	"gopkg.in/yaml.v3"

	"github.com/parley-sim/parley/agents"
	"github.com/parley-sim/parley/scenarios/internal/numtext"
	"github.com/parley-sim/parley/scenarios/internal/poserr"
	"github.com/parley-sim/parley/sim"
)

// strategySpec is a validated strategy with every parameter filled in.
type strategySpec struct {
	Type   string
	Info   agents.Info
	Params agents.Params
	Maker  sim.Maker

	// uncertain marks a strategy whose type is a choice or one of whose
	// parameters is given as a distribution: its maker is made anew in
	// each run, from the values drawn.
	uncertain bool
	// alts holds one strategy per value of the type's choice, in the
	// choice's order, and cur the one drawn; nil for a certain type. The
	// fields above are those of the nominal alternative.
	alts []*strategySpec
	cur  int
	// given are the parameters the file gives, in the catalogue's order:
	// those the resolved scenario of a type choice writes.
	given []string
	// nodes holds where each given parameter is written.
	nodes map[string]*yaml.Node
}

// current returns the strategy of the run: the alternative drawn, or s.
func (s *strategySpec) current() *strategySpec {
	if s.alts != nil {
		return s.alts[s.cur]
	}
	return s
}

// make returns the maker of the current strategy with its current
// parameters, and its name.
func (s *strategySpec) make() (sim.Maker, string, error) {
	c := s.current()
	mk, err := c.Info.New(c.Params)
	if err == nil && mk == nil {
		err = fmt.Errorf("made no strategy")
	}
	if err != nil {
		return nil, c.Type, fmt.Errorf("strategy %q: %w", c.Type, err)
	}
	return mk, c.Type, nil
}

// strategy reads a strategy and makes its Maker. Its type may be a choice
// of strategies, and its parameters distributions; a parameter given must
// then fit every type the choice may draw.
func (r *reader) strategy(s *strategySpec, n *yaml.Node, path string, cat catalog) {
	f := r.mapping(n, path, "a strategy: a mapping with type and the strategy's parameters", nil)
	if f == nil {
		return
	}
	t := f.get("type")
	if t == nil {
		r.missing(f, n, path, "type", "the strategy's name, "+oneOf(cat.names))
		return
	}
	tpath := join(path, "type")
	var (
		types    []string
		typeDist *dist
	)
	switch {
	case t.Kind == yaml.MappingNode:
		d, ok := r.dist(t, tpath, nameSpec(cat.names))
		if !ok {
			return
		}
		typeDist, types = d, d.names
	case t.Kind != yaml.ScalarNode || t.ShortTag() != "!!str":
		r.errorf(t, tpath, "expected a strategy name, found %s", describe(t))
		return
	default:
		if _, found := cat.lookup(t.Value); !found {
			r.errorf(t, tpath, "unknown strategy %q%s", poserr.Clip(t.Value), r.suggest(t.Value, cat.names))
			return
		}
		types = []string{t.Value}
	}
	alts := make([]*strategySpec, len(types))
	for i, name := range types {
		info, _ := cat.lookup(name)
		a := &strategySpec{Type: name, Info: info, Params: make(agents.Params, len(info.Params))}
		for _, pr := range info.Params {
			a.Params[pr.Name] = pr.Default
		}
		alts[i] = a
	}
	nerr := len(r.errs)
	given := make(map[string]*yaml.Node)
	var drawn []string // parameters given as distributions
	for _, e := range f.entries {
		key := e.key.Value
		if key == "type" {
			continue
		}
		p := join(path, key)
		pr, ok := r.commonParam(e.key, p, alts)
		if !ok {
			continue
		}
		before := len(r.uncertain)
		v, ok := r.uparam(e.val, p, pr, func(v any) {
			for _, a := range alts {
				a.Params[key] = v
			}
		})
		if !ok {
			continue
		}
		if len(r.uncertain) > before {
			drawn = append(drawn, key)
		}
		given[key] = e.val
		for _, a := range alts {
			a.Params[key] = v
		}
	}
	if len(r.errs) > nerr {
		return
	}
	uncertain := typeDist != nil || len(drawn) > 0
	for _, a := range alts {
		if a.Info.New == nil {
			r.errorf(t, tpath, "strategy %q cannot be made", a.Type)
			return
		}
		mk, err := a.Info.New(a.Params)
		switch {
		case err != nil:
			r.errorf(n, path, "strategy %q: %v", a.Type, err)
			return
		case mk == nil:
			r.errorf(n, path, "strategy %q made no strategy", a.Type)
			return
		}
		a.Maker = mk
		if !uncertain {
			a.effective()
		}
	}
	played, ok := r.corners(alts, drawn, given, path)
	if !ok {
		return
	}
	if uncertain {
		effectiveCertain(alts, drawn, played)
	}
	nominal := 0
	if typeDist != nil {
		nominal = int(typeDist.nominal())
	}
	*s = *alts[nominal]
	s.uncertain = uncertain
	s.nodes = given
	for _, pr := range s.Info.Params {
		if given[pr.Name] != nil {
			s.given = append(s.given, pr.Name)
		}
	}
	if typeDist != nil {
		s.alts = alts
		s.cur = nominal
		r.assume(tpath, typeDist, func(x float64) { s.cur = int(x) })
	}
}

// effective writes down the parameters as the strategy plays them, when
// its maker reports them (EffectiveParams): the resolved scenario then
// says, say, which exponent a preset's e = 0 stands for.
func (a *strategySpec) effective() {
	ep, ok := a.Maker.(effectiveParamser)
	if !ok {
		return
	}
	for k, v := range ep.EffectiveParams() {
		if i := slices.IndexFunc(a.Info.Params, func(p agents.Param) bool { return p.Name == k }); i >= 0 && fits(v, a.Info.Params[i]) {
			a.Params[k] = v
		}
	}
}

// commonParam returns the parameter named by key that every strategy of
// alts declares, with the bounds and choices that fit them all; it
// reports a parameter that one of them lacks, or whose values no strategy
// shares.
func (r *reader) commonParam(key *yaml.Node, path string, alts []*strategySpec) (agents.Param, bool) {
	var merged agents.Param
	for i, a := range alts {
		names := make([]string, len(a.Info.Params))
		for j, pr := range a.Info.Params {
			names[j] = pr.Name
		}
		j := slices.Index(names, key.Value)
		switch {
		case j < 0 && len(alts) > 1:
			r.errorf(key, path, "unknown parameter of strategy %q, which the choice of type may draw: a parameter given must fit every strategy of the choice%s", a.Type, r.suggest(key.Value, names))
			return merged, false
		case j < 0 && len(names) == 0:
			r.errorf(key, path, "unknown field: strategy %q has no parameters", a.Type)
			return merged, false
		case j < 0:
			r.errorf(key, path, "unknown parameter of strategy %q%s", a.Type, r.suggest(key.Value, names))
			return merged, false
		}
		pr := a.Info.Params[j]
		if i == 0 {
			merged = pr
			merged.Choices = slices.Clone(pr.Choices)
			continue
		}
		if reflect.TypeOf(pr.Default) != reflect.TypeOf(merged.Default) {
			r.errorf(key, path, "parameter %q of strategy %q is not of the type it has for %q, so no value fits every strategy of the choice", key.Value, a.Type, alts[0].Type)
			return merged, false
		}
		merged.Min, merged.Max = math.Max(merged.Min, pr.Min), math.Min(merged.Max, pr.Max)
		switch {
		case len(merged.Choices) == 0:
			merged.Choices = slices.Clone(pr.Choices)
		case len(pr.Choices) > 0:
			merged.Choices = slices.DeleteFunc(merged.Choices, func(c string) bool { return !slices.Contains(pr.Choices, c) })
		}
	}
	_, number := merged.Default.(float64)
	_, integer := merged.Default.(int)
	_, text := merged.Default.(string)
	if ((number || integer) && merged.Min > merged.Max) || (text && len(alts) > 1 && merged.Choices != nil && len(merged.Choices) == 0) {
		r.errorf(key, path, "no value of parameter %q fits every strategy of the choice", key.Value)
		return merged, false
	}
	return merged, true
}

// uparam reads one strategy parameter, of the type of its default, or a
// distribution of such values whose draws set receives.
func (r *reader) uparam(n *yaml.Node, path string, pr agents.Param, set func(any)) (any, bool) {
	switch pr.Default.(type) {
	case float64:
		return r.unumber(n, path, interval{lo: pr.Min, hi: pr.Max}, func(x float64) { set(x) })
	case int:
		v, ok := r.uinteger(n, path, int64(math.Ceil(pr.Min)), int64(math.Floor(pr.Max)), func(x int) { set(x) })
		return int(v), ok
	case string:
		if len(pr.Choices) > 0 {
			return r.uchoice(n, path, pr.Choices, func(s string) { set(s) })
		}
		return r.text(n, path, "a text", "a text")
	case bool:
		return r.uboolean(n, path, func(b bool) { set(b) })
	}
	r.errorf(n, path, "parameter %q has a default of unsupported type %T", pr.Name, pr.Default)
	return nil, false
}

// corners makes every strategy of alts with each parameter of drawn set,
// in turn, to the ends of its distribution (each value of a choice), the
// others nominal, and reports a combination the strategy refuses:
// constraints between parameters ("k must be 0 with convention negmas")
// are thus found when the file is read rather than in some run.
//
// It returns what the makers made report of their parameters as played
// (EffectiveParams), the nominal ones' first; nil for a maker without
// the ability.
func (r *reader) corners(alts []*strategySpec, drawn []string, given map[string]*yaml.Node, path string) ([]agents.Params, bool) {
	ok := true
	var played []agents.Params
	report := func(mk sim.Maker) {
		var ep agents.Params
		if e, is := mk.(effectiveParamser); is {
			ep = e.EffectiveParams()
		}
		played = append(played, ep)
	}
	for _, a := range alts {
		report(a.Maker)
	}
	for _, key := range drawn {
		d := r.uncertainDist(join(path, key))
		if d == nil {
			continue
		}
		var vals []any
		switch {
		case d.spec.boolean:
			for _, nm := range d.names {
				vals = append(vals, nm == "true")
			}
		case d.spec.categorical():
			for _, nm := range d.names {
				vals = append(vals, nm)
			}
		default:
			lo, hi := d.support()
			for _, x := range []float64{lo, hi} {
				if _, isInt := alts[0].Params[key].(int); isInt {
					vals = append(vals, int(x))
				} else {
					vals = append(vals, x)
				}
			}
		}
		for _, a := range alts {
			for _, v := range vals {
				p := maps.Clone(a.Params)
				p[key] = v
				mk, err := a.Info.New(p)
				if err != nil {
					r.errorf(given[key], join(path, key), "strategy %q: %v, when %s is %s, which its distribution may draw", a.Type, err, key, paramText(v))
					ok = false
					continue
				}
				report(mk)
			}
		}
	}
	return played, ok
}

// effectiveCertain writes down, for a strategy whose type or parameters
// are uncertain, each certain parameter as the strategy plays it when
// every maker made (the nominal ones and those at the ends of the
// distributions, played) reports the same value for it: a preset's e of
// 0 is then written as its exponent unless what it stands for depends on
// a draw (a convention given as a choice), in which case it is written as
// given.
func effectiveCertain(alts []*strategySpec, drawn []string, played []agents.Params) {
	for _, pr := range alts[0].Info.Params {
		k := pr.Name
		if slices.Contains(drawn, k) {
			continue
		}
		var v any
		same := true
		for _, ep := range played {
			x, ok := ep[k]
			switch {
			case !ok:
				same = false
			case v == nil:
				v = x
			case !reflect.DeepEqual(v, x):
				same = false
			}
		}
		if !same || v == nil {
			continue
		}
		for _, a := range alts {
			i := slices.IndexFunc(a.Info.Params, func(p agents.Param) bool { return p.Name == k })
			if i < 0 || !fits(v, a.Info.Params[i]) {
				same = false
			}
		}
		if same {
			for _, a := range alts {
				a.Params[k] = v
			}
		}
	}
}

// paramText writes a parameter's value for messages.
func paramText(v any) string {
	switch x := v.(type) {
	case float64:
		return numtext.Decimal(x)
	case string:
		return fmt.Sprintf("%q", x)
	}
	return fmt.Sprint(v)
}

// fits reports whether v is a valid value of parameter pr: of the type of
// its default and, for a number, finite and within its bounds, or one of
// its choices.
func fits(v any, pr agents.Param) bool {
	if reflect.TypeOf(v) != reflect.TypeOf(pr.Default) {
		return false
	}
	switch x := v.(type) {
	case float64:
		return x >= pr.Min && x <= pr.Max && !math.IsInf(x, 0)
	case int:
		return float64(x) >= pr.Min && float64(x) <= pr.Max
	case string:
		return len(pr.Choices) == 0 || slices.Contains(pr.Choices, x)
	}
	return true
}

// effectiveParamser is an optional ability of a strategy's sim.Maker,
// found by type assertion: it reports parameters as the strategy plays
// them where that differs from the values it was made with, such as the
// exponent that a time-dependent preset's e = 0 stands for in the chosen
// convention. The resolved scenario holds these values, so that it says
// what was played and reads back as the same strategy; parameters the
// strategy does not declare, or of another type, are ignored. For a
// strategy whose type or parameters are uncertain, a certain parameter is
// replaced only when every draw plays it the same (effectiveCertain).
type effectiveParamser interface {
	EffectiveParams() agents.Params
}
