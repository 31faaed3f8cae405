package agents

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/parley-sim/parley/sim"
)

// Param describes one strategy parameter.
type Param struct {
	// Name is the YAML key, e.g. "e".
	Name string
	// Doc is one line saying what the parameter means, with its unit.
	Doc string
	// Default is the value used when the parameter is not given: a
	// float64, a string or a bool. Its type is the parameter's type.
	Default any
	// Min and Max are inclusive bounds for numbers; ignored otherwise.
	Min, Max float64
	// Choices are the allowed values of a string parameter; empty means
	// any string.
	Choices []string
}

// Params holds validated parameter values: float64, string or bool, keyed
// by Param.Name. Missing keys take the default.
type Params map[string]any

// Info describes one strategy of the catalogue.
type Info struct {
	// Name is the strategy's name in scenario files, e.g. "boulware".
	Name string
	// Summary is one line for `parley agents` and `parley scenarios`.
	Summary string
	// Rule states the rule in a few sentences, for the documentation.
	Rule string
	// Citation names the published sources of the rule.
	Citation string
	// Params are the strategy's parameters.
	Params []Param
	// New checks the parameters, including constraints between them, and
	// returns the maker of the strategy. It returns an error, never
	// panics, for bad values.
	New func(p Params) (sim.Maker, error)
}

// Catalog returns every strategy, sorted by name. The slice and everything
// in it are fresh on each call; callers may modify them.
func Catalog() []Info {
	c := timeDependentInfos()
	c = append(c, tftInfos()...)
	c = append(c, microInfo(), hardHeadedInfo(), agentKInfo(), cuhkInfo(), atlas3Info(), niceTFTInfo(), rubinsteinInfo(), zeuthenInfo(), patienceInfo(), brwInfo())
	slices.SortFunc(c, func(a, b Info) int { return strings.Compare(a.Name, b.Name) })
	return c
}

// Lookup returns the strategy called name, and whether there is one.
func Lookup(name string) (Info, bool) {
	for _, in := range Catalog() {
		if in.Name == name {
			return in, true
		}
	}
	return Info{}, false
}

// values is a complete, checked set of parameter values.
type values map[string]any

// resolve checks p against the declared parameters: every key must be
// declared, every value must have the declared type and lie within the
// bounds or choices. It returns every parameter's value, defaults filled
// in, or all the problems at once, sorted by parameter name.
func resolve(decl []Param, p Params) (values, error) {
	out := make(values, len(decl))
	for _, d := range decl {
		out[d.Name] = d.Default
	}
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var errs []error
	for _, k := range keys {
		i := slices.IndexFunc(decl, func(d Param) bool { return d.Name == k })
		if i < 0 {
			errs = append(errs, fmt.Errorf("unknown parameter %q", k))
			continue
		}
		v, err := check(decl[i], p[k])
		if err != nil {
			errs = append(errs, fmt.Errorf("parameter %q: %w", k, err))
			continue
		}
		out[k] = v
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// check converts v to d's type and checks its bounds or choices.
func check(d Param, v any) (any, error) {
	switch d.Default.(type) {
	case float64:
		x, ok := number(v)
		if !ok {
			return nil, fmt.Errorf("want a number, got %T %v", v, v)
		}
		if !(x >= d.Min && x <= d.Max) {
			return nil, fmt.Errorf("%v outside [%v, %v]", x, d.Min, d.Max)
		}
		return x, nil
	case string:
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("want a string, got %T %v", v, v)
		}
		if len(d.Choices) > 0 && !slices.Contains(d.Choices, s) {
			return nil, fmt.Errorf("%q is not one of %s", s, strings.Join(d.Choices, ", "))
		}
		return s, nil
	case bool:
		b, ok := v.(bool)
		if !ok {
			return nil, fmt.Errorf("want true or false, got %T %v", v, v)
		}
		return b, nil
	}
	return nil, fmt.Errorf("parameter has a default of unsupported type %T", d.Default)
}

// number converts the numeric types a library user may write in a Params
// literal to float64.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, !math.IsNaN(x)
	case float32:
		return float64(x), !math.IsNaN(float64(x))
	case int:
		return float64(x), true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	}
	return 0, false
}

// float returns the value of a number parameter that resolve has checked.
func (v values) float(name string) float64 { x, _ := v[name].(float64); return x }

// str returns the value of a string parameter that resolve has checked.
func (v values) str(name string) string { s, _ := v[name].(string); return s }
