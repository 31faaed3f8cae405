package scenarios

import (
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"
	"gopkg.in/yaml.v3"

	"github.com/parley-sim/parley/scenarios/internal/numtext"
	"github.com/parley-sim/parley/scenarios/internal/poserr"
)

// The forms of a distribution, as written in a scenario file.
const (
	distUniform    = "uniform"
	distTriangular = "triangular"
	distNormal     = "normal"
	distBeta       = "beta"
	distChoice     = "choice"
	// distDirichlet is the joint distribution of a party's weights given
	// weights_concentration; it is never written as a field's value.
	distDirichlet = "dirichlet"
)

// distForms are the distributions a field may take, in documentation order.
var distForms = []string{distUniform, distTriangular, distNormal, distBeta, distChoice}

// truncationWarning is the mass a normal distribution may lose to the
// field's range before the reader warns about it: 0.1%.
const truncationWarning = 1e-3

// probabilityTolerance is how far from 1 a choice's probabilities may sum.
const probabilityTolerance = 1e-9

// fieldSpec says which values an uncertain field takes.
type fieldSpec struct {
	// iv is the legal range of a number.
	iv interval
	// integer marks whole numbers within iv.
	integer bool
	// names are the values of a categorical field, in documentation order;
	// nil for numbers.
	names []string
	// boolean marks the categorical field of true and false, whose values
	// are written as YAML booleans.
	boolean bool
}

func numSpec(iv interval) fieldSpec { return fieldSpec{iv: iv} }

func intSpec(lo, hi int64) fieldSpec {
	return fieldSpec{iv: interval{lo: float64(lo), hi: float64(hi)}, integer: true}
}

func nameSpec(names []string) fieldSpec { return fieldSpec{names: names} }

var boolSpec = fieldSpec{names: []string{"true", "false"}, boolean: true}

// categorical reports a field of named values.
func (f fieldSpec) categorical() bool { return f.names != nil }

// what says what the field takes, for messages: "a number in [0, 1]", "an
// integer in [1, 1000]", `one of "a", "b" or "c"`, "true or false".
func (f fieldSpec) what() string {
	switch {
	case f.boolean:
		return "true or false"
	case f.categorical():
		return oneOf(f.names)
	case f.integer:
		return "an integer in [" + numtext.Decimal(f.iv.lo) + ", " + numtext.Decimal(f.iv.hi) + "]"
	}
	return "a number" + f.iv.String()
}

// within says where a distribution's bounds must lie: "both in (0, 1]",
// "all integers in [1, 1000]"; all is "both" or "all".
func (f fieldSpec) within(all string) string {
	if f.integer {
		return all + " integers in [" + numtext.Decimal(f.iv.lo) + ", " + numtext.Decimal(f.iv.hi) + "]"
	}
	if s := f.iv.String(); s != "" {
		return all + s
	}
	return all + " finite"
}

// admits reports whether x is a value of the field.
func (f fieldSpec) admits(x float64) bool {
	return f.iv.contains(x) && (!f.integer || x == math.Trunc(x))
}

// clamp returns x moved into the field's range: to a closed bound, or to
// the nearest number inside an open one. Inversion stays within the range
// in exact arithmetic; clamp absorbs the rounding of the quantile
// functions.
func (iv interval) clamp(x float64) float64 {
	switch {
	case x < iv.lo || (iv.loOpen && x <= iv.lo):
		x = iv.lo
		if iv.loOpen {
			x = math.Nextafter(iv.lo, math.Inf(1))
		}
	case x > iv.hi || (iv.hiOpen && x >= iv.hi):
		x = iv.hi
		if iv.hiOpen {
			x = math.Nextafter(iv.hi, math.Inf(-1))
		}
	}
	return x
}

// dist is a validated distribution of one field's values.
type dist struct {
	form string
	spec fieldSpec
	// lo, mode and hi are the bounds (and the mode) of uniform and
	// triangular.
	lo, mode, hi float64
	// mean and sd are normal's parameters; mean and conc beta's.
	mean, sd, conc float64
	// pLo and pHi are normal's cumulative probabilities at the bounds of
	// the field's range: the draw is restricted to [pLo, pHi].
	pLo, pHi float64
	// names and nums are a choice's values as written, names for a field
	// of named values and nums for a field of numbers; probs their
	// probabilities and cum the cumulative sums, the last exactly 1.
	names []string
	nums  []float64
	probs []float64
	cum   []float64
}

// at returns the value drawn by inversion of the uniform number u in
// (0, 1): the quantile u of the distribution, within the field's range
// and, for an integer field, rounded to the nearest integer (halves away
// from zero); a uniform distribution of integers is the discrete uniform
// on lo…hi, the value lo + ⌊u·(hi − lo + 1)⌋. For a choice it is the
// first value whose cumulative probability exceeds u: its index for a
// field of named values, the value itself for a field of numbers.
func (d *dist) at(u float64) float64 {
	var x float64
	switch d.form {
	case distUniform:
		if d.spec.integer {
			n := d.hi - d.lo + 1
			return d.lo + math.Min(math.Floor(u*n), n-1)
		}
		x = d.lo + u*(d.hi-d.lo)
	case distTriangular:
		x = distuv.NewTriangle(d.lo, d.hi, d.mode, nil).Quantile(u)
	case distNormal:
		p := d.pLo + u*(d.pHi-d.pLo)
		p = math.Min(math.Max(p, math.SmallestNonzeroFloat64), math.Nextafter(1, 0))
		x = distuv.Normal{Mu: d.mean, Sigma: d.sd}.Quantile(p)
	case distBeta:
		x = distuv.Beta{Alpha: d.mean * d.conc, Beta: (1 - d.mean) * d.conc}.Quantile(u)
	case distChoice:
		i := len(d.cum) - 1
		for j, c := range d.cum {
			if u < c {
				i = j
				break
			}
		}
		if d.nums != nil {
			return d.nums[i]
		}
		return float64(i)
	}
	x = d.spec.iv.clamp(x)
	if d.spec.integer {
		x = math.Round(x)
	}
	return x
}

// nominal returns the value the scenario's own negotiation uses: the
// median (the value drawn at u = 0.5) of a distribution of numbers, and
// the most probable value of a choice (the first of the most probable, on
// ties), as an index or a number as at returns it.
func (d *dist) nominal() float64 {
	if d.form != distChoice {
		return d.at(0.5)
	}
	best := 0
	for i, p := range d.probs {
		if p > d.probs[best] {
			best = i
		}
	}
	if d.nums != nil {
		return d.nums[best]
	}
	return float64(best)
}

// support returns the smallest and largest values the distribution can
// draw (for a choice of names, the smallest and largest index).
func (d *dist) support() (lo, hi float64) {
	switch d.form {
	case distUniform, distTriangular:
		return d.lo, d.hi
	case distNormal:
		return d.spec.iv.lo, d.spec.iv.hi
	case distBeta:
		return 0, 1
	}
	if d.nums == nil {
		return 0, float64(len(d.probs) - 1)
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for i, x := range d.nums {
		if d.probs[i] > 0 {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	return lo, hi
}

// possible reports whether a choice of names draws name with a positive
// probability.
func (d *dist) possible(name string) bool {
	i := slices.Index(d.names, name)
	return i >= 0 && d.probs[i] > 0
}

// node returns the distribution in canonical form, as the resolved
// scenario writes it and --set reads it: {uniform: [lo, hi]},
// {triangular: [lo, mode, hi]}, {normal: {mean: m, sd: s}},
// {beta: {mean: m, concentration: k}}, {choice: {value: p, ...}} with the
// values in the order written.
func (d *dist) node() *yaml.Node {
	seq := func(xs ...float64) *yaml.Node {
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
		for _, x := range xs {
			n.Content = append(n.Content, numNode(x))
		}
		return n
	}
	var v *yaml.Node
	switch d.form {
	case distUniform:
		v = seq(d.lo, d.hi)
	case distTriangular:
		v = seq(d.lo, d.mode, d.hi)
	case distNormal:
		v = mapNode(true, append(pair("mean", numNode(d.mean)), pair("sd", numNode(d.sd))...)...)
	case distBeta:
		v = mapNode(true, append(pair("mean", numNode(d.mean)), pair("concentration", numNode(d.conc))...)...)
	case distChoice:
		v = mapNode(true)
		for i, p := range d.probs {
			var k *yaml.Node
			switch {
			case d.nums != nil:
				k = numNode(d.nums[i])
			case d.spec.boolean:
				k = boolNode(d.names[i] == "true")
			default:
				k = strNode(d.names[i])
			}
			v.Content = append(v.Content, k, numNode(p))
		}
	}
	return mapNode(true, pair(d.form, v)...)
}

// text returns the canonical form on one line: "{uniform: [0.9, 0.99]}".
func (d *dist) text() string { return flowText(d.node()) }

// distLike returns the name of the distribution a node looks like: a
// mapping of one field named as one of distForms; "" otherwise.
func distLike(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.MappingNode || len(n.Content) != 2 || n.Content[0].Kind != yaml.ScalarNode {
		return ""
	}
	if k := n.Content[0].Value; slices.Contains(distForms, k) {
		return k
	}
	return ""
}

// certainOnly returns the end of a message about a field that takes no
// distribution but was given one; "" for anything else.
func certainOnly(n *yaml.Node) string {
	if distLike(n) == "" {
		return ""
	}
	return "; this field cannot be uncertain (see \"Uncertain assumptions\" in the README)"
}

// dist reads the distribution n, a mapping, of a field that takes values
// as spec says, at path. It reports every mistake and returns false after
// any.
func (r *reader) dist(n *yaml.Node, path string, spec fieldSpec) (*dist, bool) {
	hint := "a distribution such as {uniform: [lo, hi]}"
	if spec.categorical() {
		hint = "a distribution {choice: {value: probability, ...}}"
	}
	switch k := len(n.Content) / 2; k {
	case 1:
	case 0:
		r.errorf(n, path, "expected %s or %s, found an empty mapping", spec.what(), hint)
		return nil, false
	default:
		r.errorf(n, path, "expected %s or %s, found a mapping of %d fields", spec.what(), hint, k)
		return nil, false
	}
	key, val := n.Content[0], n.Content[1]
	if key.Kind != yaml.ScalarNode {
		r.errorf(key, path, "expected the name of a distribution, found %s", describe(key))
		return nil, false
	}
	form := key.Value
	p := join(path, form)
	if !slices.Contains(distForms, form) {
		r.errorf(key, join(path, form), "unknown distribution %q%s", poserr.Clip(form), r.suggest(form, distForms))
		return nil, false
	}
	switch {
	case spec.categorical() && form != distChoice:
		r.errorf(key, p, "a %s distribution draws numbers, but this field takes %s; use {choice: {value: probability, ...}}", form, spec.what())
		return nil, false
	case spec.integer && form == distBeta:
		r.errorf(key, p, "a beta distribution draws numbers in (0, 1), but this field takes %s; use uniform, triangular, normal or choice", spec.what())
		return nil, false
	}
	d := &dist{form: form, spec: spec}
	switch form {
	case distUniform, distTriangular:
		return d, r.bounds(d, val, p)
	case distNormal:
		return d, r.normal(d, val, p, path)
	case distBeta:
		return d, r.beta(d, val, p)
	}
	return d, r.choiceDist(d, val, p)
}

// bounds reads [lo, hi] or [lo, mode, hi].
func (r *reader) bounds(d *dist, n *yaml.Node, path string) bool {
	shape, rule, want, all := "[lo, hi]", "lo < hi", 2, "both"
	if d.form == distTriangular {
		shape, rule, want, all = "[lo, mode, hi]", "lo <= mode <= hi and lo < hi", 3, "all"
	}
	if n.Kind != yaml.SequenceNode || len(n.Content) != want {
		found := describe(n)
		if n.Kind == yaml.SequenceNode {
			found = "a list of " + numtext.Count(len(n.Content), "number")
		}
		r.errorf(n, path, "expected %s, %s numbers, found %s", shape, [...]string{2: "two", 3: "three"}[want], found)
		return false
	}
	xs := make([]float64, want)
	ok := true
	for i, c := range n.Content {
		var good bool
		if xs[i], good = r.number(c, path, anyNumber); !good {
			ok = false
		}
	}
	if !ok {
		return false
	}
	d.lo, d.hi = xs[0], xs[want-1]
	d.mode = d.lo
	if want == 3 {
		d.mode = xs[1]
	}
	good := d.lo < d.hi && d.lo <= d.mode && d.mode <= d.hi
	for _, x := range xs {
		good = good && d.spec.admits(x)
	}
	if !good {
		found := make([]string, want)
		for i, x := range xs {
			found[i] = numtext.Decimal(x)
		}
		r.errorf(n, path, "expected %s with %s, %s, found [%s]", shape, rule, d.spec.within(all), joinComma(found))
		return false
	}
	return true
}

// joinComma joins texts with ", ".
func joinComma(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}

// normal reads {mean: m, sd: s}: the normal distribution truncated to the
// field's range. field is the field's path, for the warning about mass
// lost to the truncation.
func (r *reader) normal(d *dist, n *yaml.Node, path, field string) bool {
	f := r.mapping(n, path, "a mapping with mean and sd", []string{"mean", "sd"})
	if f == nil {
		return false
	}
	ok := true
	if v := f.get("mean"); v != nil {
		d.mean, ok = r.number(v, join(path, "mean"), d.spec.iv)
	} else {
		r.missing(f, r.anchor(nil, n), path, "mean", "the mean, "+d.spec.what())
		ok = false
	}
	if v := f.get("sd"); v != nil {
		var good bool
		d.sd, good = r.number(v, join(path, "sd"), interval{lo: 0, hi: math.Inf(1), loOpen: true})
		ok = ok && good
	} else {
		r.missing(f, r.anchor(nil, n), path, "sd", "the standard deviation, a number > 0")
		ok = false
	}
	if !ok {
		return false
	}
	g := distuv.Normal{Mu: d.mean, Sigma: d.sd}
	d.pLo, d.pHi = g.CDF(d.spec.iv.lo), g.CDF(d.spec.iv.hi)
	if kept := d.pHi - d.pLo; kept < 1-truncationWarning {
		// The mean of the truncated normal: μ + σ(φ(a) − φ(b))/(Φ(b) − Φ(a)).
		std := distuv.UnitNormal
		a, b := (d.spec.iv.lo-d.mean)/d.sd, (d.spec.iv.hi-d.mean)/d.sd
		mean := d.mean + d.sd*(std.Prob(a)-std.Prob(b))/kept
		r.warnf(n, field, "normal {mean: %s, sd: %s} is truncated to values%s, which cuts %s%% of its mass: the values drawn have mean %s",
			numtext.Decimal(d.mean), numtext.Decimal(d.sd), d.spec.iv, sig4(100*(1-kept)), sig4(mean))
	}
	return true
}

// sig4 writes x with four significant digits.
func sig4(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }

// beta reads {mean: m, concentration: k}: the beta distribution with
// α = m·k and β = (1 − m)·k, on (0, 1).
func (r *reader) beta(d *dist, n *yaml.Node, path string) bool {
	if iv := d.spec.iv; iv.lo > 0 || iv.hi < 1 {
		r.errorf(n, path, "a beta distribution draws numbers in (0, 1), but this field takes %s; use uniform, triangular or normal", d.spec.what())
		return false
	}
	f := r.mapping(n, path, "a mapping with mean and concentration", []string{"mean", "concentration"})
	if f == nil {
		return false
	}
	ok := true
	if v := f.get("mean"); v != nil {
		d.mean, ok = r.number(v, join(path, "mean"), interval{lo: 0, hi: 1, loOpen: true, hiOpen: true})
	} else {
		r.missing(f, r.anchor(nil, n), path, "mean", "the mean, a number in (0, 1)")
		ok = false
	}
	if v := f.get("concentration"); v != nil {
		var good bool
		d.conc, good = r.number(v, join(path, "concentration"), interval{lo: 0, hi: MaxConcentration, loOpen: true})
		ok = ok && good
	} else {
		r.missing(f, r.anchor(nil, n), path, "concentration", "the concentration α + β, a number in (0, 1000000]")
		ok = false
	}
	return ok
}

// choiceDist reads {value: probability, ...}.
func (r *reader) choiceDist(d *dist, n *yaml.Node, path string) bool {
	f := r.mapping(n, path, "a mapping from value to probability", nil)
	if f == nil {
		return false
	}
	if len(f.entries) == 0 {
		r.errorf(n, path, "expected at least one value, found an empty mapping")
		return false
	}
	ok := true
	first := make(map[float64]*yaml.Node)
	for _, e := range f.entries {
		kp := join(path, e.key.Value)
		switch {
		case d.spec.boolean:
			b, good := r.boolean(e.key, kp)
			if !good {
				ok = false
				continue
			}
			name := strconv.FormatBool(b)
			if slices.Contains(d.names, name) {
				r.errorf(e.key, kp, "duplicate value %s", name)
				ok = false
				continue
			}
			d.names = append(d.names, name)
		case d.spec.categorical():
			name, good := r.choice(e.key, kp, d.spec.names)
			if !good {
				ok = false
				continue
			}
			d.names = append(d.names, name)
		default:
			x, good := r.number(e.key, kp, d.spec.iv)
			if good && d.spec.integer && x != math.Trunc(x) {
				r.errorf(e.key, kp, "expected %s, found %s", d.spec.what(), describe(e.key))
				good = false
			}
			if !good {
				ok = false
				continue
			}
			if prev, dup := first[x]; dup {
				r.errorf(e.key, kp, "duplicate value %s (first given %s)", numtext.Decimal(x), r.where(prev))
				ok = false
				continue
			}
			first[x] = e.key
			d.nums = append(d.nums, x)
		}
		pr, good := r.number(e.val, kp, unit)
		if !good {
			ok = false
			continue
		}
		d.probs = append(d.probs, pr)
	}
	if !ok {
		return false
	}
	sum := 0.0
	d.cum = make([]float64, len(d.probs))
	for i, pr := range d.probs {
		sum += pr
		d.cum[i] = sum
	}
	if math.Abs(sum-1) > probabilityTolerance {
		r.errorf(n, path, "probabilities sum to %s, not 1", numtext.Decimal(sum))
		return false
	}
	d.cum[len(d.cum)-1] = 1
	return true
}
