package scenarios

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/parley-sim/parley/scenarios/internal/numtext"
	"gopkg.in/yaml.v3"
)

// valueFn is one party's value function for one issue: the value, in
// [0, 1], of each of the issue's values. Exactly one form is set.
type valueFn struct {
	// Options holds one value per option of an option issue.
	Options []float64
	// Linear is "increasing" or "decreasing" for the linear form.
	Linear string
	// HasIdeal marks the ideal-point form: Ideal, Loss ("linear" or
	// "quadratic") and Tolerance.
	HasIdeal  bool
	Ideal     float64
	Loss      string
	Tolerance float64
	// Table holds the given points of the table form, ascending.
	Table []tablePoint
	// uncertain marks a value function with a field given as a
	// distribution.
	uncertain bool
}

// tablePoint is one given point of a numeric table.
type tablePoint struct {
	Index int     // index of the point in the issue's points
	Value float64 // value in [0, 1]
}

// The forms of numeric value functions.
const (
	lossLinear    = "linear"
	lossQuadratic = "quadratic"
)

// valueFn reads the value function of issue is. It returns nil after
// reporting a mistake.
func (r *reader) valueFn(n *yaml.Node, path string, is *issueSpec) *valueFn {
	before := len(r.uncertain)
	var v *valueFn
	if is.Numeric {
		v = r.numericFn(n, path, is)
	} else {
		v = r.optionsFn(n, path, is)
	}
	if v != nil {
		v.uncertain = len(r.uncertain) > before
	}
	return v
}

// optionsFn reads the value function of an option issue.
func (r *reader) optionsFn(n *yaml.Node, path string, is *issueSpec) *valueFn {
	f := r.mapping(n, path, "a mapping from option id to a value in [0, 1]", nil)
	if f == nil {
		return nil
	}
	ids := make([]string, len(is.Options))
	index := make(map[string]int, len(is.Options))
	for i, o := range is.Options {
		ids[i] = o.ID
		index[o.ID] = i
	}
	v := &valueFn{Options: make([]float64, len(ids))}
	given := make([]bool, len(ids))
	ok := true
	for _, e := range f.entries {
		i, found := index[e.key.Value]
		if !found {
			r.unknownKey(f, e.key, join(path, e.key.Value), fmt.Sprintf("unknown option of issue %q", is.ID), ids)
			ok = false
			continue
		}
		given[i] = true
		var good bool
		if v.Options[i], good = r.unumber(e.val, join(path, e.key.Value), unit, func(x float64) { v.Options[i] = x }); !good {
			ok = false
		}
	}
	for i, g := range given {
		if !g {
			ok = false
			if !f.suggested[ids[i]] {
				r.errorf(n, path, "missing value for option %q; give every option a value in [0, 1]", ids[i])
			}
		}
	}
	if !ok {
		return nil
	}
	return v
}

// numericFn reads the value function of a numeric issue: linear, ideal
// point or table.
func (r *reader) numericFn(n *yaml.Node, path string, is *issueSpec) *valueFn {
	f := r.mapping(n, path, "a value function: a mapping with linear, ideal or table", numericFields)
	if f == nil {
		return nil
	}
	var forms []string
	for _, e := range f.entries {
		if k := e.key.Value; k == "linear" || k == "ideal" || k == "table" {
			forms = append(forms, k)
		}
	}
	switch len(forms) {
	case 0:
		r.errorf(n, path, "expected one of linear, ideal or table, found none")
		return nil
	case 1:
	default:
		r.errorf(f.keyNode(forms[1]), join(path, forms[1]), "give only one of linear, ideal and table (found %s and %s)", forms[0], forms[1])
		return nil
	}
	if forms[0] != "ideal" {
		for _, k := range []string{"loss", "tolerance"} {
			if kn := f.keyNode(k); kn != nil {
				r.errorf(kn, join(path, k), "%s applies only to the ideal form, not to %s", k, forms[0])
				return nil
			}
		}
	}
	v := &valueFn{}
	ok := true
	switch forms[0] {
	case "linear":
		v.Linear, ok = r.uchoice(f.get("linear"), join(path, "linear"), []string{"increasing", "decreasing"}, func(s string) { v.Linear = s })
	case "ideal":
		v.HasIdeal, v.Loss = true, lossLinear
		v.Ideal, ok = r.unumber(f.get("ideal"), join(path, "ideal"), interval{lo: is.Min, hi: is.Max}, func(x float64) { v.Ideal = x })
		if l := f.get("loss"); l != nil {
			var good bool
			v.Loss, good = r.uchoice(l, join(path, "loss"), []string{lossLinear, lossQuadratic}, func(s string) { v.Loss = s })
			ok = ok && good
		}
		if t := f.get("tolerance"); t != nil {
			var good bool
			v.Tolerance, good = r.unumber(t, join(path, "tolerance"), nonNegative, func(x float64) { v.Tolerance = x })
			ok = ok && good
		}
	case "table":
		v.Table, ok = r.table(f.get("table"), join(path, "table"), is, v)
	}
	if !ok {
		return nil
	}
	return v
}

// table reads the table form: range point -> value.
func (r *reader) table(n *yaml.Node, path string, is *issueSpec, v *valueFn) ([]tablePoint, bool) {
	f := r.mapping(n, path, "a mapping from range point to a value in [0, 1]", nil)
	if f == nil {
		return nil, false
	}
	if len(f.entries) == 0 {
		r.errorf(n, path, "expected at least one point, found an empty mapping")
		return nil, false
	}
	var out []tablePoint
	first := make(map[int]*yaml.Node)
	ok := true
	for _, e := range f.entries {
		p := join(path, e.key.Value)
		x, isNum, finite := scalarNumber(e.key)
		if !isNum || !finite {
			r.errorf(e.key, p, "expected a point of the range (%s), found %s", rangeText(is), describe(e.key))
			ok = false
			continue
		}
		i := pointIndex(is, x)
		if i < 0 {
			r.errorf(e.key, p, "%s is not a point of the range (%s)", numtext.Decimal(x), rangeText(is))
			ok = false
			continue
		}
		if prev, dup := first[i]; dup {
			r.errorf(e.key, p, "point %s given twice (first %s)", numtext.Decimal(is.Points[i]), r.where(prev))
			ok = false
			continue
		}
		first[i] = e.key
		val, good := r.unumberAt(e.val, p, fieldPath(path, numtext.Decimal(is.Points[i])), unit, func(x float64) {
			for k := range v.Table {
				if v.Table[k].Index == i {
					v.Table[k].Value = x
				}
			}
		})
		if !good {
			ok = false
			continue
		}
		out = append(out, tablePoint{Index: i, Value: val})
	}
	if !ok {
		return nil, false
	}
	slices.SortFunc(out, func(a, b tablePoint) int { return a.Index - b.Index })
	return out, true
}

// rangeText describes the points of a numeric issue for messages.
func rangeText(is *issueSpec) string {
	last := is.Points[len(is.Points)-1]
	return "points from " + numtext.Decimal(is.Points[0]) + " to " + numtext.Decimal(last) + " in steps of " + numtext.Decimal(is.Step)
}

// pointIndex returns the index of the point of is equal to x within a
// billionth of a step, or -1.
func pointIndex(is *issueSpec, x float64) int {
	tol := 1e-9 * is.Step
	i := sort.SearchFloat64s(is.Points, x-tol)
	if i < len(is.Points) && math.Abs(is.Points[i]-x) <= tol {
		return i
	}
	return -1
}

// eval returns the value of each of the issue's values.
func (v *valueFn) eval(is *issueSpec) []float64 { return v.evalInto(is, nil) }

// evalInto writes the value of each of the issue's values into out,
// reallocated only when too small, and returns it.
func (v *valueFn) evalInto(is *issueSpec, out []float64) []float64 {
	if !is.Numeric {
		return append(out[:0], v.Options...)
	}
	pts := is.Points
	if cap(out) < len(pts) {
		out = make([]float64, len(pts))
	}
	out = out[:len(pts)]
	lo, hi := pts[0], pts[len(pts)-1]
	switch {
	case v.Linear != "":
		for i, x := range pts {
			switch {
			case hi == lo:
				out[i] = 1
			case v.Linear == "increasing":
				out[i] = (x - lo) / (hi - lo)
			default:
				out[i] = (hi - x) / (hi - lo)
			}
		}
	case v.HasIdeal:
		far := math.Max(v.Ideal-lo, hi-v.Ideal)
		for i, x := range pts {
			d := math.Abs(x - v.Ideal)
			if d <= v.Tolerance || far <= v.Tolerance {
				out[i] = 1
				continue
			}
			t := (d - v.Tolerance) / (far - v.Tolerance)
			if v.Loss == lossQuadratic {
				t *= t
			}
			out[i] = 1 - t
		}
	default:
		tb := v.Table
		j := 0 // tb[j] is the first given point at or after i
		for i, x := range pts {
			for j < len(tb) && tb[j].Index < i {
				j++
			}
			switch {
			case j < len(tb) && tb[j].Index == i:
				out[i] = tb[j].Value
			case j == 0:
				out[i] = tb[0].Value
			case j == len(tb):
				out[i] = tb[len(tb)-1].Value
			default:
				a, b := tb[j-1], tb[j]
				xa, xb := pts[a.Index], pts[b.Index]
				out[i] = a.Value + (b.Value-a.Value)*(x-xa)/(xb-xa)
			}
		}
	}
	for i, x := range out {
		out[i] = math.Min(1, math.Max(0, x))
	}
	return out
}
