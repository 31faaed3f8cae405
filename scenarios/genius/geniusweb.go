package genius

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-sim/parley/scenarios/internal/numrange"
	"github.com/parley-sim/parley/scenarios/internal/numtext"
)

// This file reads GeniusWeb JSON with GeniusWeb's semantics (README.md,
// "The GeniusWeb JSON format"; GeniusWebPython's
// LinearAdditiveUtilitySpace, DiscreteValueSetUtilities and
// NumberValueSetUtilities).

// wIssue is an issue of a GeniusWeb domain.
type wIssue struct {
	Issue
	off int64
	pts []*big.Rat // exact points of a number issue
}

// wDomain is a parsed GeniusWeb domain.
type wDomain struct {
	name   string
	issues []*wIssue
	byName map[string]*wIssue
}

// rat parses a JSON number exactly.
func rat(n *jnode) (*big.Rat, bool) {
	if n == nil || n.kind != jNumber {
		return nil, false
	}
	return new(big.Rat).SetString(n.str)
}

// decText writes an exact decimal number without trailing zeros (numbers
// read from JSON are finite decimals).
func decText(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	s := strings.TrimRight(r.FloatString(40), "0")
	return strings.TrimSuffix(s, ".")
}

// ratFloat returns the float64 nearest to r.
func ratFloat(r *big.Rat) float64 {
	f, _ := r.Float64()
	return f
}

// numberMember reads member key of object obj as an exact number.
func numberMember(obj *jnode, key, what string, pm *posMap, dg *diag) (*big.Rat, bool) {
	v := obj.get(key)
	if v == nil {
		dg.errAt(pm, obj.off, nil, fmt.Sprintf("%s: missing %s", what, q(key)))
		return nil, false
	}
	r, ok := rat(v)
	if !ok {
		dg.errAt(pm, v.off, nil, fmt.Sprintf("%s: %s: expected a number, found %s", what, q(key), v.describe()))
	}
	return r, ok
}

// readGeniusWebDomain reads a GeniusWeb domain object: {"name": …,
// "issuesValues": {issue: {"values": […]} or {"range": {…}}}}.
func readGeniusWebDomain(root *jnode, pm *posMap, dg *diag) *wDomain {
	if root.kind != jObject {
		dg.errAt(pm, root.off, nil, "expected a GeniusWeb domain: a JSON object with issuesValues, found "+root.describe())
		return nil
	}
	if root.get("LinearAdditiveUtilitySpace") != nil {
		dg.errAt(pm, root.off, nil, "this is a GeniusWeb profile (LinearAdditiveUtilitySpace), not a domain (issuesValues)")
		return nil
	}
	iv := root.get("issuesValues")
	if iv == nil || iv.kind != jObject {
		dg.errAt(pm, root.off, nil, "expected a GeniusWeb domain: an object with an issuesValues object, found "+iv.describe()+" for issuesValues")
		return nil
	}
	d := &wDomain{byName: make(map[string]*wIssue)}
	nerr := len(dg.errs)
	if n := root.get("name"); n != nil && n.kind == jString {
		if checkLabel(pm, n.off, "domain name", n.str, dg) {
			d.name = n.str
		}
	} else {
		dg.warnAt(pm, root.off, "domain without a name")
	}
	keys, vals, offs := iv.members()
	if len(keys) == 0 {
		dg.errAt(pm, iv.off, nil, "issuesValues is empty: the domain has no issues")
		return nil
	}
	if len(keys) > MaxIssues {
		dg.errAt(pm, offs[MaxIssues], ErrTooLarge, fmt.Sprintf("%d issues, limit %d", len(keys), MaxIssues))
		return nil
	}
	for k, name := range keys {
		checkLabel(pm, offs[k], "issue name", name, dg)
		is := readWebIssue(name, vals[k], offs[k], pm, dg)
		if is != nil {
			d.issues = append(d.issues, is)
			d.byName[name] = is
		}
	}
	if len(dg.errs) > nerr {
		return nil
	}
	list := make([]*Issue, len(d.issues))
	for i, is := range d.issues {
		list[i] = &is.Issue
	}
	if !checkOutcomes(pm, iv.off, list, dg) {
		return nil
	}
	return d
}

// readWebIssue reads one issue's value set.
func readWebIssue(name string, v *jnode, off int64, pm *posMap, dg *diag) *wIssue {
	is := &wIssue{Issue: Issue{Name: name}, off: off}
	what := fmt.Sprintf("issue %s", q(name))
	if v.kind != jObject {
		dg.errAt(pm, v.off, nil, fmt.Sprintf("%s: expected a value set {\"values\": [...]} or {\"range\": {...}}, found %s", what, v.describe()))
		return nil
	}
	if vs := v.get("values"); vs != nil {
		if vs.kind != jArray || len(vs.vals) == 0 {
			dg.errAt(pm, vs.off, nil, fmt.Sprintf("%s: values: expected a non-empty list of strings, found %s", what, vs.describe()))
			return nil
		}
		if len(vs.vals) > MaxValues {
			dg.errAt(pm, vs.vals[MaxValues].off, ErrTooLarge, fmt.Sprintf("%s: %d values, limit %d", what, len(vs.vals), MaxValues))
			return nil
		}
		first := make(map[string]int64)
		for _, e := range vs.vals {
			if e.kind != jString {
				dg.errAt(pm, e.off, nil, fmt.Sprintf("%s: expected a value as a string, found %s (GeniusWeb discrete values are strings)", what, e.describe()))
				continue
			}
			checkLabel(pm, e.off, what+": value", e.str, dg)
			if prev, dup := first[e.str]; dup {
				dg.warnAt(pm, e.off, fmt.Sprintf("%s: value %s listed twice (first at line %d); parley keeps both, as two options", what, q(e.str), lineOf(pm, prev)))
			} else {
				first[e.str] = e.off
			}
			is.Values = append(is.Values, e.str)
		}
		return is
	}
	r := v.get("range")
	if r == nil || r.kind != jObject {
		dg.errAt(pm, v.off, nil, fmt.Sprintf("%s: expected \"values\" or a \"range\" object", what))
		return nil
	}
	lo, ok1 := numberMember(r, "low", what+": range", pm, dg)
	hi, ok2 := numberMember(r, "high", what+": range", pm, dg)
	step, ok3 := numberMember(r, "step", what+": range", pm, dg)
	if !ok1 || !ok2 || !ok3 {
		return nil
	}
	switch {
	case step.Sign() <= 0:
		dg.errAt(pm, r.off, nil, fmt.Sprintf("%s: range step %s is not positive", what, decText(step)))
		return nil
	case hi.Cmp(lo) < 0:
		dg.errAt(pm, r.off, nil, fmt.Sprintf("%s: range high %s is below low %s", what, decText(hi), decText(lo)))
		return nil
	}
	span := new(big.Rat).Quo(new(big.Rat).Sub(hi, lo), step)
	n := new(big.Int).Quo(span.Num(), span.Denom()) // floor: span ≥ 0
	if !n.IsInt64() || n.Int64()+1 > MaxValues {
		dg.errAt(pm, r.off, ErrTooLarge, fmt.Sprintf("%s: range has more than %d points", what, MaxValues))
		return nil
	}
	count := int(n.Int64()) + 1
	is.Type = Number
	for k := range count {
		x := new(big.Rat).Add(lo, new(big.Rat).Mul(step, new(big.Rat).SetInt64(int64(k))))
		is.pts = append(is.pts, x)
	}
	is.Min, is.Step = ratFloat(lo), ratFloat(step)
	is.Max = ratFloat(is.pts[count-1])
	if count == 1 {
		is.Step = 1
	}
	pts, err := numrange.Points(is.Min, is.Max, is.Step, MaxValues)
	if err != nil || len(pts) != count {
		dg.errAt(pm, r.off, nil, fmt.Sprintf("%s: parley cannot enumerate the %d points of this range exactly", what, count))
		return nil
	}
	is.Numbers = pts
	for _, x := range pts {
		is.Values = append(is.Values, numtext.Decimal(x))
	}
	return is
}

// sameDomain reports how the domain embedded in a profile differs from the
// domain file, or "" when both have the same issues and value sets.
func sameDomain(a, b *wDomain) string {
	if len(a.issues) != len(b.issues) {
		return fmt.Sprintf("%d issues, the domain file %d", len(b.issues), len(a.issues))
	}
	for _, is := range a.issues {
		o, ok := b.byName[is.Name]
		switch {
		case !ok:
			return fmt.Sprintf("no issue %s", q(is.Name))
		case o.Type != is.Type:
			return fmt.Sprintf("issue %s is %s, in the domain file %s", q(is.Name), o.Type, is.Type)
		case is.Type == Number:
			if len(o.pts) != len(is.pts) || o.pts[0].Cmp(is.pts[0]) != 0 || (len(o.pts) > 1 && o.pts[1].Cmp(is.pts[1]) != 0) {
				return fmt.Sprintf("issue %s has another range", q(is.Name))
			}
		default:
			x, y := slices.Clone(is.Values), slices.Clone(o.Values)
			slices.Sort(x)
			slices.Sort(y)
			if !slices.Equal(x, y) {
				return fmt.Sprintf("issue %s has other values", q(is.Name))
			}
		}
	}
	return ""
}

// readGeniusWebProfile reads a LinearAdditiveUtilitySpace profile against
// domain d.
func readGeniusWebProfile(f *jsonFile, d *wDomain, dg *diag) *Profile {
	pm, root := f.pm, f.root
	if root.kind != jObject || len(root.keys) == 0 {
		dg.errAt(pm, root.off, nil, "expected a GeniusWeb profile: an object {\"LinearAdditiveUtilitySpace\": {...}}, found "+root.describe())
		return nil
	}
	las := root.get("LinearAdditiveUtilitySpace")
	if las == nil {
		if root.get("issuesValues") != nil {
			dg.errAt(pm, root.off, nil, "this is a GeniusWeb domain (issuesValues), not a profile (LinearAdditiveUtilitySpace)")
		} else {
			dg.errAt(pm, root.koff[0], ErrUnsupported, fmt.Sprintf("profile class %s: parley imports LinearAdditiveUtilitySpace profiles only", q(root.keys[0])))
		}
		return nil
	}
	if len(root.keys) > 1 {
		dg.warnAt(pm, root.off, "keys beside LinearAdditiveUtilitySpace ignored")
	}
	if las.kind != jObject {
		dg.errAt(pm, las.off, nil, "LinearAdditiveUtilitySpace: expected an object, found "+las.describe())
		return nil
	}
	n := len(d.issues)
	p := &Profile{
		Name:     baseName(pm.name),
		File:     pm.name,
		Weights:  make([]float64, n),
		Evals:    make([][]float64, n),
		Notes:    make([]string, n),
		Discount: 1,
	}
	if nm := las.get("name"); nm != nil && nm.kind == jString && nm.str != "" {
		p.Name = nm.str
		checkLabel(pm, nm.off, "profile name", nm.str, dg)
	} else {
		checkLabel(pm, -1, "profile name (the file's name)", p.Name, dg)
	}
	for _, k := range []string{"discount_factor", "reserved_value"} {
		if v := las.get(k); v != nil {
			dg.warnAt(pm, v.off, fmt.Sprintf("%s is a NegMAS extension, not GeniusWeb: ignored", q(k)))
		}
	}
	if emb := las.get("domain"); emb != nil {
		var sub diag
		ed := readGeniusWebDomain(emb, pm, &sub)
		switch {
		case ed == nil:
			dg.errAt(pm, emb.off, nil, "the embedded domain is not a valid GeniusWeb domain")
		case sameDomain(d, ed) != "":
			dg.errAt(pm, emb.off, nil, "the embedded domain differs from the domain file: "+sameDomain(d, ed))
		case ed.name != d.name:
			dg.warnAt(pm, emb.off, fmt.Sprintf("the embedded domain is called %s, the domain file %s", q(ed.name), q(d.name)))
		}
	} else {
		dg.warnAt(pm, las.off, "profile without an embedded domain")
	}
	nerr := len(dg.errs)
	readWebUtilities(las, d, p, pm, dg)
	readWebWeights(las, d, p, pm, dg)
	if len(dg.errs) > nerr {
		return nil
	}
	readReservationBid(las, d, p, pm, dg)
	if len(dg.errs) > nerr {
		return nil
	}
	return p
}

// readWebUtilities reads issueUtilities: every domain issue, no other.
func readWebUtilities(las *jnode, d *wDomain, p *Profile, pm *posMap, dg *diag) {
	iu := las.get("issueUtilities")
	if iu == nil || iu.kind != jObject {
		dg.errAt(pm, las.off, nil, "issueUtilities: expected an object, found "+iu.describe())
		return
	}
	keys, vals, offs := iu.members()
	for k, name := range keys {
		is, ok := d.byName[name]
		if !ok {
			dg.errAt(pm, offs[k], nil, fmt.Sprintf("issueUtilities: %s is not an issue of the domain", q(name)))
			continue
		}
		i := slices.Index(d.issues, is)
		evals, note := webValueUtilities(vals[k], is, pm, dg)
		p.Evals[i], p.Notes[i] = evals, note
	}
	for i, is := range d.issues {
		if iu.get(is.Name) == nil {
			dg.errAt(pm, iu.off, nil, fmt.Sprintf("issueUtilities: no utilities for issue %s", q(is.Name)))
			p.Evals[i] = nil
		}
	}
}

// webValueUtilities reads one issue's value-set utilities in either key
// style: DiscreteValueSetUtilities / discreteutils, or
// NumberValueSetUtilities / numberutils.
func webValueUtilities(v *jnode, is *wIssue, pm *posMap, dg *diag) ([]float64, string) {
	what := fmt.Sprintf("issueUtilities: issue %s", q(is.Name))
	if v.kind != jObject || len(v.keys) != 1 {
		dg.errAt(pm, v.off, nil, what+": expected an object with one key, DiscreteValueSetUtilities or NumberValueSetUtilities, found "+v.describe())
		return nil, ""
	}
	kind, body := v.keys[0], v.vals[0]
	switch kind {
	case "DiscreteValueSetUtilities", "discreteutils":
		if is.Type != Discrete {
			dg.errAt(pm, v.off, nil, fmt.Sprintf("%s: discrete utilities for a number issue", what))
			return nil, ""
		}
		return webDiscrete(body, is, what, pm, dg), "as given"
	case "NumberValueSetUtilities", "numberutils":
		if is.Type != Number {
			dg.errAt(pm, v.off, nil, fmt.Sprintf("%s: number utilities for an issue with discrete values", what))
			return nil, ""
		}
		return webNumber(body, is, what, pm, dg)
	}
	dg.errAt(pm, v.koff[0], ErrUnsupported, fmt.Sprintf("%s: value-set utilities %s: parley reads DiscreteValueSetUtilities and NumberValueSetUtilities (or discreteutils and numberutils)", what, q(kind)))
	return nil, ""
}

// inUnit reports whether r lies in [0, 1].
func inUnit(r *big.Rat) bool {
	return r.Sign() >= 0 && r.Cmp(big.NewRat(1, 1)) <= 0
}

// webDiscrete reads {"valueUtilities": {value: utility}}: exactly the
// issue's values, each utility in [0, 1], used as given.
func webDiscrete(body *jnode, is *wIssue, what string, pm *posMap, dg *diag) []float64 {
	vu := body.get("valueUtilities")
	if vu == nil || vu.kind != jObject {
		dg.errAt(pm, body.off, nil, what+": valueUtilities: expected an object, found "+vu.describe())
		return nil
	}
	index := make(map[string]bool, len(is.Values))
	for _, v := range is.Values {
		index[v] = true
	}
	ok := true
	keys, vals, offs := vu.members()
	for k, key := range keys {
		if !index[key] {
			dg.errAt(pm, offs[k], nil, fmt.Sprintf("%s: %s is not a value of the issue", what, q(key)))
			ok = false
			continue
		}
		r, good := rat(vals[k])
		if !good || !inUnit(r) {
			dg.errAt(pm, vals[k].off, nil, fmt.Sprintf("%s: value %s: expected a utility in [0, 1], found %s", what, q(key), vals[k].describe()))
			ok = false
		}
	}
	out := make([]float64, len(is.Values))
	for j, v := range is.Values {
		u := vu.get(v)
		if u == nil {
			dg.errAt(pm, vu.off, nil, fmt.Sprintf("%s: no utility for value %s", what, q(v)))
			ok = false
			continue
		}
		if x, err := strconv.ParseFloat(u.str, 64); err == nil {
			out[j] = x
		}
	}
	if !ok {
		return nil
	}
	return out
}

// webNumber reads {"lowValue", "lowUtility", "highValue", "highUtility"}
// and evaluates every point as GeniusWeb does: 0 outside [lowValue,
// highValue], otherwise lowUtility + (highUtility − lowUtility)·(x −
// lowValue)/(highValue − lowValue), rounded half up to 8 decimals. Here the
// arithmetic is exact before the rounding.
func webNumber(body *jnode, is *wIssue, what string, pm *posMap, dg *diag) ([]float64, string) {
	lv, ok1 := numberMember(body, "lowValue", what, pm, dg)
	lu, ok2 := numberMember(body, "lowUtility", what, pm, dg)
	hv, ok3 := numberMember(body, "highValue", what, pm, dg)
	hu, ok4 := numberMember(body, "highUtility", what, pm, dg)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return nil, ""
	}
	switch {
	case !inUnit(lu) || !inUnit(hu):
		dg.errAt(pm, body.off, nil, what+": lowUtility and highUtility must lie in [0, 1]")
		return nil, ""
	case hv.Cmp(lv) <= 0:
		dg.errAt(pm, body.off, nil, what+": highValue must be above lowValue")
		return nil, ""
	case lv.Cmp(is.pts[0]) != 0 || hv.Cmp(is.pts[len(is.pts)-1]) != 0:
		dg.errAt(pm, body.off, nil, fmt.Sprintf("%s: utilities given from %s to %s, but the issue's values run from %s to %s", what,
			decText(lv), decText(hv), decText(is.pts[0]), decText(is.pts[len(is.pts)-1])))
		return nil, ""
	}
	du := new(big.Rat).Sub(hu, lu)
	dv := new(big.Rat).Sub(hv, lv)
	scale := new(big.Rat).SetInt64(100_000_000)
	half := big.NewRat(1, 2)
	out := make([]float64, len(is.pts))
	for k, x := range is.pts {
		if x.Cmp(lv) < 0 || x.Cmp(hv) > 0 {
			continue
		}
		u := new(big.Rat).Sub(x, lv)
		u.Mul(u, du).Quo(u, dv).Add(u, lu)
		u.Mul(u, scale).Add(u, half) // u ≥ 0: floor(u·1e8 + ½) rounds half up
		q := new(big.Int).Quo(u.Num(), u.Denom())
		out[k] = ratFloat(new(big.Rat).SetFrac(q, scale.Num()))
	}
	return out, fmt.Sprintf("linear from %s at %s to %s at %s, rounded to 8 decimals", decText(lu), decText(lv), decText(hu), decText(hv))
}

// readWebWeights reads issueWeights: one non-negative weight per issue.
func readWebWeights(las *jnode, d *wDomain, p *Profile, pm *posMap, dg *diag) {
	iw := las.get("issueWeights")
	if iw == nil || iw.kind != jObject {
		dg.errAt(pm, las.off, nil, "issueWeights: expected an object, found "+iw.describe())
		return
	}
	sum := new(big.Rat)
	fsum := 0.0 // the sum parley divides by
	keys, vals, offs := iw.members()
	for k, name := range keys {
		is, ok := d.byName[name]
		if !ok {
			dg.errAt(pm, offs[k], nil, fmt.Sprintf("issueWeights: %s is not an issue of the domain", q(name)))
			continue
		}
		r, ok := rat(vals[k])
		if !ok || r.Sign() < 0 {
			dg.errAt(pm, vals[k].off, nil, fmt.Sprintf("issueWeights: issue %s: expected a weight >= 0, found %s", q(name), vals[k].describe()))
			continue
		}
		w, _ := strconv.ParseFloat(vals[k].str, 64)
		if math.IsInf(w, 0) {
			dg.errAt(pm, vals[k].off, nil, fmt.Sprintf("issueWeights: issue %s: expected a weight >= 0 and at most 1.8e308, found %s", q(name), vals[k].describe()))
			continue
		}
		if fsum += w; math.IsInf(fsum, 1) {
			dg.errAt(pm, vals[k].off, nil, "issueWeights: "+overflowMsg)
			continue
		}
		sum.Add(sum, r)
		p.Weights[slices.Index(d.issues, is)] = w
	}
	for _, is := range d.issues {
		if iw.get(is.Name) == nil {
			dg.errAt(pm, iw.off, nil, fmt.Sprintf("issueWeights: no weight for issue %s", q(is.Name)))
		}
	}
	switch {
	case sum.Sign() == 0:
		dg.errAt(pm, iw.off, nil, "issueWeights: all weights are zero")
	case sum.Cmp(big.NewRat(1, 1)) != 0:
		dg.warnAt(pm, iw.off, fmt.Sprintf("issueWeights sum to %s, not exactly 1: GeniusWeb refuses such a profile", decText(sum)))
	}
}

// readReservationBid reads the optional reservationBid {"issuevalues":
// {issue: value}}; the profile's reservation value is the bid's utility
// (0 without a bid). Issues the bid leaves out contribute nothing.
func readReservationBid(las *jnode, d *wDomain, p *Profile, pm *posMap, dg *diag) {
	rb := las.get("reservationBid")
	if rb == nil || rb.kind == jNull {
		return
	}
	iv := rb.get("issuevalues")
	if iv == nil || iv.kind != jObject {
		dg.errAt(pm, rb.off, nil, "reservationBid: expected an object with issuevalues, found "+rb.describe())
		return
	}
	bid := make([]int, len(d.issues))
	for i := range bid {
		bid[i] = -1
	}
	keys, vals, offs := iv.members()
	for k, name := range keys {
		is, ok := d.byName[name]
		if !ok {
			dg.errAt(pm, offs[k], nil, fmt.Sprintf("reservationBid: %s is not an issue of the domain", q(name)))
			continue
		}
		i, v := slices.Index(d.issues, is), vals[k]
		if is.Type == Number {
			x, ok := rat(v)
			j := -1
			if ok {
				j = slices.IndexFunc(is.pts, func(p *big.Rat) bool { return p.Cmp(x) == 0 })
			}
			if j < 0 {
				dg.errAt(pm, v.off, nil, fmt.Sprintf("reservationBid: issue %s: %s is not one of its values", q(name), v.describe()))
				continue
			}
			bid[i] = j
			continue
		}
		j := -1
		if v.kind == jString {
			j = slices.Index(is.Values, v.str)
		}
		if j < 0 {
			dg.errAt(pm, v.off, nil, fmt.Sprintf("reservationBid: issue %s: %s is not one of its values", q(name), v.describe()))
			continue
		}
		bid[i] = j
	}
	if slices.Contains(bid, -1) {
		dg.warnAt(pm, iv.off, "partial reservation bid: the issues it leaves out contribute nothing to its utility")
	}
	p.ReservationBid = bid
}
