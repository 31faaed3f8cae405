package scenarios

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"
	"gopkg.in/yaml.v3"

	"github.com/parley-sim/parley/sim"
)

// Kind says what the values of an uncertain assumption are.
type Kind string

// The kinds of assumptions.
const (
	// KindNumber is a real number.
	KindNumber Kind = "number"
	// KindInteger is a whole number, drawn as an integer.
	KindInteger Kind = "integer"
	// KindCategory is one of named values (a strategy type, a party that
	// opens, a facilitator's mode, true or false): a draw is the index of
	// the value in Assumption.Values.
	KindCategory Kind = "category"
)

// Assumption is one uncertain field of a scenario: a field given as a
// distribution instead of a value.
type Assumption struct {
	// Path is the field's dotted path, as --set takes it:
	// "parties.armenia.discount", "parties.armenia.weights.corridor".
	Path string
	// Dist is the distribution in canonical form, on one line, as the
	// resolved scenario writes it and --set reads it:
	// "{uniform: [0.9, 0.99]}", "{choice: {boulware: 0.5, conceder: 0.5}}".
	// A weight drawn with the party's other weights from the Dirichlet
	// distribution of weights_concentration is
	// "{dirichlet: {mean: w, concentration: k}}": w the stated weight
	// (normalised), k the concentration; its marginal distribution is
	// {beta: {mean: w, concentration: k}}.
	Dist string
	// Kind says what the values are.
	Kind Kind
	// Values are the names of a categorical assumption's values, in the
	// order written (a draw is an index into it); nil otherwise.
	Values []string
}

// uncertainField is one field given as a distribution, and how a draw
// reaches the model it was read into.
type uncertainField struct {
	path string
	// d is the field's distribution; nil for a weight drawn with its
	// party's other weights (group).
	d *dist
	// group and comp: the weight is component comp of group's Dirichlet
	// draw.
	group *weightGroup
	comp  int
	// set puts a drawn value into the model: a number, an integer, or the
	// index of a categorical value.
	set func(x float64)
}

// assumption returns what Scenario.Assumptions says of the field.
func (f *uncertainField) assumption() Assumption {
	a := Assumption{Path: f.path, Kind: KindNumber}
	if f.group != nil {
		a.Dist = flowText(mapNode(true, pair(distDirichlet, mapNode(true,
			append(pair("mean", numNode(f.group.mean[f.comp])), pair("concentration", numNode(f.group.conc))...)...))...))
		return a
	}
	a.Dist = f.d.text()
	switch {
	case f.d.spec.categorical():
		a.Kind, a.Values = KindCategory, slices.Clone(f.d.names)
	case f.d.spec.integer:
		a.Kind = KindInteger
	}
	return a
}

// weightGroup is a party's weights drawn at once from the Dirichlet
// distribution centred on the stated weights (weights_concentration):
// α_i = k·w_i over the issues of positive weight.
type weightGroup struct {
	// path names the group's random stream: "parties.ID.weights".
	path string
	conc float64
	// mean holds the stated weights of the drawn issues, alpha k times
	// them.
	mean, alpha []float64
	// The draw of the current run, by the worker that owns the model.
	out   []float64
	drawn bool
}

// draw returns component comp of the run's Dirichlet draw, made on first
// use in the run from the stream sim.AssumptionRand(seed, g.path).
func (g *weightGroup) draw(seed uint64, comp int) float64 {
	if !g.drawn {
		g.out = dirichlet(g.out, g.alpha, sim.AssumptionRand(seed, g.path))
		g.drawn = true
	}
	return g.out[comp]
}

// dirichlet draws from the Dirichlet distribution with parameters alpha
// into dst (reallocated only when too small): independent gamma draws
// G_i ~ Gamma(α_i, 1) divided by their sum (as gonum's
// distmv.Dirichlet.Rand), computed in logarithms so that small α, whose
// gamma draws underflow to 0, still give weights that sum to 1: for
// α < 1, log G = log G' + log(U)/α with G' ~ Gamma(α + 1, 1) and U
// uniform in (0, 1] (Marsaglia and Tsang 2000). The draws come from r in
// component order: the gamma draw (gonum's distuv.Gamma), then U when
// α < 1.
func dirichlet(dst, alpha []float64, r *rand.Rand) []float64 {
	if cap(dst) < len(alpha) {
		dst = make([]float64, len(alpha))
	}
	dst = dst[:len(alpha)]
	top := math.Inf(-1)
	for i, a := range alpha {
		if a >= 1 {
			dst[i] = math.Log(distuv.Gamma{Alpha: a, Beta: 1, Src: r}.Rand())
		} else {
			g := distuv.Gamma{Alpha: a + 1, Beta: 1, Src: r}.Rand()
			dst[i] = math.Log(g) + math.Log(1-r.Float64())/a
		}
		top = math.Max(top, dst[i])
	}
	sum := 0.0
	for i, lg := range dst {
		dst[i] = math.Exp(lg - top)
		sum += dst[i]
	}
	for i := range dst {
		dst[i] /= sum
	}
	return dst
}

// assume records that the field at path is given as distribution d; set
// receives each draw.
func (r *reader) assume(path string, d *dist, set func(float64)) {
	if r.uncertain == nil {
		r.uncertain = make(map[string]*uncertainField)
	}
	r.uncertain[path] = &uncertainField{path: path, d: d, set: set}
}

// isUncertain reports whether the field at path was given as a
// distribution.
func (r *reader) isUncertain(path string) bool {
	_, ok := r.uncertain[path]
	return ok
}

// uncertainDist returns the distribution of the field at path, or nil.
func (r *reader) uncertainDist(path string) *dist {
	if f, ok := r.uncertain[path]; ok {
		return f.d
	}
	return nil
}

// unumber reads a number within iv, or a distribution of such numbers
// whose draws set receives. It returns the number, or the distribution's
// nominal value (its median). key is the field's path in the resolved
// scenario when it differs from path (a table point written 5.0); "" for
// path.
func (r *reader) unumber(n *yaml.Node, path string, iv interval, set func(float64)) (float64, bool) {
	return r.unumberAt(n, path, "", iv, set)
}

func (r *reader) unumberAt(n *yaml.Node, path, key string, iv interval, set func(float64)) (float64, bool) {
	if n == nil || n.Kind != yaml.MappingNode {
		return r.number(n, path, iv)
	}
	d, ok := r.dist(n, path, numSpec(iv))
	if !ok {
		return 0, false
	}
	r.assume(cmp.Or(key, path), d, set)
	return d.nominal(), true
}

// uinteger reads an integer in [lo, hi], or a distribution of such
// integers, as unumber does.
func (r *reader) uinteger(n *yaml.Node, path string, lo, hi int64, set func(int)) (int64, bool) {
	if n == nil || n.Kind != yaml.MappingNode {
		return r.integer(n, path, lo, hi)
	}
	d, ok := r.dist(n, path, intSpec(lo, hi))
	if !ok {
		return 0, false
	}
	r.assume(path, d, func(x float64) { set(int(x)) })
	return int64(d.nominal()), true
}

// uchoice reads one of choices, or a choice distribution over them, as
// unumber does; set receives the value drawn.
func (r *reader) uchoice(n *yaml.Node, path string, choices []string, set func(string)) (string, bool) {
	if n == nil || n.Kind != yaml.MappingNode {
		return r.choice(n, path, choices)
	}
	d, ok := r.dist(n, path, nameSpec(choices))
	if !ok {
		return "", false
	}
	r.assume(path, d, func(x float64) { set(d.names[int(x)]) })
	return d.names[int(d.nominal())], true
}

// uboolean reads true or false, or a choice distribution over them, as
// unumber does.
func (r *reader) uboolean(n *yaml.Node, path string, set func(bool)) (bool, bool) {
	if n == nil || n.Kind != yaml.MappingNode {
		return r.boolean(n, path)
	}
	d, ok := r.dist(n, path, boolSpec)
	if !ok {
		return false, false
	}
	r.assume(path, d, func(x float64) { set(d.names[int(x)] == "true") })
	return d.names[int(d.nominal())] == "true", true
}

// fieldPath joins a path and a key in full: the path of an assumption,
// which, unlike the paths of messages, is never shortened.
func fieldPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// placeUncertain replaces, in the resolved scenario's tree top, the value
// of every uncertain field by its distribution in canonical form (a weight
// drawn from weights_concentration stays as its stated number), and
// returns the fields in the order in which the tree holds them: the order
// of the assumptions.
func placeUncertain(top *yaml.Node, fields map[string]*uncertainField) ([]*uncertainField, error) {
	if len(fields) == 0 {
		return nil, nil
	}
	var order []*uncertainField
	var walk func(n *yaml.Node, path string)
	visit := func(parent *yaml.Node, i int, path string) {
		if f, ok := fields[path]; ok {
			if f.d != nil {
				parent.Content[i] = f.d.node()
			}
			order = append(order, f)
			return
		}
		walk(parent.Content[i], path)
	}
	walk = func(n *yaml.Node, path string) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				visit(n, i+1, fieldPath(path, n.Content[i].Value))
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				visit(n, i, fieldPath(path, elementName(c, i)))
			}
		}
	}
	walk(top, "")
	if len(order) != len(fields) {
		var lost []string
		for p := range fields {
			if !slices.ContainsFunc(order, func(f *uncertainField) bool { return f.path == p }) {
				lost = append(lost, p)
			}
		}
		slices.Sort(lost)
		return nil, fmt.Errorf("uncertain fields missing from the resolved scenario: %s", strings.Join(lost, ", "))
	}
	return order, nil
}

// elementName names a list element in a path, as --set does: its id
// field, failing that its name field, failing that its index.
func elementName(c *yaml.Node, i int) string {
	if c.Kind == yaml.MappingNode {
		for _, key := range []string{"id", "name"} {
			if k := findKey(c, key); k >= 0 && c.Content[k+1].Kind == yaml.ScalarNode {
				return c.Content[k+1].Value
			}
		}
	}
	return strconv.Itoa(i)
}

// assumptions returns what Scenario.Assumptions says of fields.
func assumptions(fields []*uncertainField) []Assumption {
	if len(fields) == 0 {
		return nil
	}
	out := make([]Assumption, len(fields))
	for i, f := range fields {
		out[i] = f.assumption()
	}
	return out
}
