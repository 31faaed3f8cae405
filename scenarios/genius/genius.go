package genius

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/parley-sim/parley/scenarios/internal/numrange"
	"github.com/parley-sim/parley/scenarios/internal/numtext"
)

// This file reads GENIUS XML with the semantics of GENIUS 10.4 (README.md,
// "The GENIUS XML format"; class names below are those of genius.core).

// DefaultRealSteps is the number of points a real issue is enumerated on
// when Options.RealSteps is zero: GENIUS's IssueReal
// fNumberOfDiscretizationSteps, used by its BidIterator and outcome count.
const DefaultRealSteps = 21

// gIssue is an issue of a GENIUS domain file.
type gIssue struct {
	Issue
	off    int64     // offset of the <issue> element
	lo, hi int       // bounds of an integer issue
	grid   []float64 // a real issue's points as GENIUS computes them
}

// gDomain is a parsed GENIUS domain file.
type gDomain struct {
	name   string
	issues []*gIssue
	byIdx  map[int]*gIssue
	pm     *posMap
}

// javaDouble parses s as Java's Double.valueOf does for the numbers found in
// GENIUS files: surrounding blanks and control characters are trimmed and a
// trailing type suffix (f, F, d, D) is allowed. NaN and infinities are
// refused, as parley needs finite numbers.
func javaDouble(s string) (float64, bool) {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	if n := len(s); n > 1 && strings.ContainsRune("fFdD", rune(s[n-1])) && (s[n-2] == '.' || s[n-2] >= '0' && s[n-2] <= '9') {
		s = s[:n-1]
	}
	if s == "" || strings.ContainsRune(s, '_') {
		return 0, false
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return 0, false
	}
	return x, true
}

// javaInt parses s as Java's Integer.valueOf does: an optional sign and
// decimal digits, no blanks, within 32 bits.
func javaInt(s string) (int, bool) {
	x, err := strconv.ParseInt(s, 10, 32)
	return int(x), err == nil
}

// intAttr reads an integer attribute, reporting a missing or bad one.
func intAttr(e *xelem, name, what string, pm *posMap, dg *diag) (int, bool) {
	return attrOf(e, name, what, "an integer", javaInt, pm, dg)
}

// floatAttr reads a number attribute, reporting a missing or bad one.
func floatAttr(e *xelem, name, what string, pm *posMap, dg *diag) (float64, bool) {
	return attrOf(e, name, what, "a finite number", javaDouble, pm, dg)
}

// attrOf reads attribute name of e with parse, reporting a missing one or
// one that is not kind.
func attrOf[T any](e *xelem, name, what, kind string, parse func(string) (T, bool), pm *posMap, dg *diag) (T, bool) {
	s, ok := e.attr(name)
	if !ok {
		dg.errAt(pm, e.off, nil, fmt.Sprintf("<%s>: %s: missing attribute %s", e.name, what, name))
		var zero T
		return zero, false
	}
	if msg := numberProblem(s, false); msg != "" {
		dg.errAt(pm, e.off, ErrTooLarge, fmt.Sprintf("<%s>: %s: attribute %s=%s is %s", e.name, what, name, q(s), msg))
		var zero T
		return zero, false
	}
	x, ok := parse(s)
	if !ok {
		dg.errAt(pm, e.off, nil, fmt.Sprintf("<%s>: %s: attribute %s=%s is not %s", e.name, what, name, q(s), kind))
	}
	return x, ok
}

// number reads attribute attr of e as a number, which GENIUS tolerates
// not being one (ok false, for the caller to report). One longer than
// MaxNumberLength is an error, which number reports (reported true); what
// names the number in that message.
func number(e *xelem, attr, what string, pm *posMap, dg *diag) (s string, x float64, ok, reported bool) {
	s, _ = e.attr(attr)
	if msg := numberProblem(s, false); msg != "" {
		dg.errAt(pm, e.off, ErrTooLarge, fmt.Sprintf("%s %s is %s", what, q(s), msg))
		return s, 0, false, true
	}
	x, ok = javaDouble(s)
	return s, x, ok, false
}

// issueType resolves the type of an <issue> as GENIUS does: the type
// attribute if present (other wins over the second attribute, vtype in a
// domain, etype in a profile), else discrete. ok is false for a type GENIUS
// does not know; strict makes that an error (profiles), otherwise it is
// read as discrete with a warning (domains).
func issueType(e *xelem, other string, pm *posMap, dg *diag, strict bool) (IssueType, bool) {
	t, hasT := e.attr("type")
	o, hasO := e.attr(other)
	if !hasT {
		if hasO && !strings.EqualFold(o, "discrete") {
			dg.warnAt(pm, e.off, fmt.Sprintf("issue has %s=%s but no type attribute: GENIUS reads it as discrete", other, q(o)))
		}
		return Discrete, true
	}
	if hasO && t != o {
		dg.warnAt(pm, e.off, fmt.Sprintf("conflicting issue types type=%s and %s=%s: type wins, as in GENIUS", q(t), other, q(o)))
	}
	switch strings.ToLower(t) {
	case "discrete":
		return Discrete, true
	case "integer":
		return Integer, true
	case "real":
		return Real, true
	}
	if strict {
		dg.errAt(pm, e.off, ErrUnsupported, fmt.Sprintf("unknown issue type %s (GENIUS evaluates discrete, integer and real issues)", q(t)))
		return Discrete, false
	}
	dg.warnAt(pm, e.off, fmt.Sprintf("unknown issue type %s read as discrete, as GENIUS does", q(t)))
	return Discrete, true
}

// readGeniusDomain reads a GENIUS domain file (DomainImpl): the first
// <utility_space> child of the root, its first <objective>, and the tree of
// objectives and issues below it.
func readGeniusDomain(f *xmlFile, realSteps int, dg *diag) *gDomain {
	pm, root := f.pm, f.root
	switch root.name {
	case "negotiation_template":
	case "utility_space":
		dg.errAt(pm, root.off, nil, "this is a GENIUS profile (root <utility_space>), not a domain file (root <negotiation_template>)")
		return nil
	default:
		dg.errAt(pm, root.off, nil, fmt.Sprintf("root element <%s>: a GENIUS domain file has root <negotiation_template>", root.name))
		return nil
	}
	us := root.first("utility_space")
	if us == nil {
		dg.errAt(pm, root.off, nil, "<negotiation_template> has no <utility_space> child")
		return nil
	}
	obj := us.first("objective")
	if obj == nil {
		dg.errAt(pm, us.off, nil, "<utility_space> has no <objective> child")
		return nil
	}
	d := &gDomain{name: "root", byIdx: make(map[int]*gIssue), pm: pm}
	nerr := len(dg.errs)
	if n, ok := obj.attr("name"); ok && checkLabel(pm, obj.off, "domain name", n, dg) {
		d.name = n
	}
	seen := make(map[int]int64) // index -> offset of its first objective or issue
	idx, ok := intAttr(obj, "index", "root objective", pm, dg)
	if ok {
		seen[idx] = obj.off
	}
	d.walk(obj, realSteps, seen, dg)
	if len(dg.errs) > nerr {
		return nil
	}
	switch {
	case len(d.issues) == 0:
		dg.errAt(pm, obj.off, nil, "the domain has no <issue>")
		return nil
	case len(d.issues) > MaxIssues:
		dg.errAt(pm, d.issues[MaxIssues].off, ErrTooLarge, fmt.Sprintf("%d issues, limit %d", len(d.issues), MaxIssues))
		return nil
	}
	if !checkOutcomes(pm, obj.off, d.issueList(), dg) {
		return nil
	}
	return d
}

func (d *gDomain) issueList() []*Issue {
	out := make([]*Issue, len(d.issues))
	for i, is := range d.issues {
		out[i] = &is.Issue
	}
	return out
}

// checkOutcomes reports an outcome space above MaxOutcomes.
func checkOutcomes(pm *posMap, off int64, issues []*Issue, dg *diag) bool {
	size := 1.0
	for _, is := range issues {
		size *= float64(len(is.Values))
	}
	if size > MaxOutcomes {
		dg.errAt(pm, off, ErrTooLarge, fmt.Sprintf("outcome space would have %.3g outcomes, limit %d", size, MaxOutcomes))
		return false
	}
	return true
}

// walk adds the issues below objective e in GENIUS's order: the issues of
// nested objectives first (DomainImpl.buildTreeRecursive adds child
// objectives before issues, and GENIUS lists issues in preorder), then
// e's own issues in document order.
func (d *gDomain) walk(e *xelem, realSteps int, seen map[int]int64, dg *diag) {
	pm := d.pm
	for _, o := range e.all("objective") {
		if idx, ok := intAttr(o, "index", "objective", pm, dg); ok {
			if prev, dup := seen[idx]; dup {
				dg.errAt(pm, o.off, nil, fmt.Sprintf("index %d is used twice (first at line %d); profiles match issues by index", idx, lineOf(pm, prev)))
			} else {
				seen[idx] = o.off
			}
		}
		d.walk(o, realSteps, seen, dg)
	}
	for _, e := range e.all("issue") {
		if is := readDomainIssue(e, realSteps, pm, dg); is != nil {
			if prev, dup := seen[is.Index]; dup {
				dg.errAt(pm, e.off, nil, fmt.Sprintf("issue index %d is used twice (first at line %d); profiles match issues by index", is.Index, lineOf(pm, prev)))
				continue
			}
			seen[is.Index] = e.off
			d.issues = append(d.issues, is)
			d.byIdx[is.Index] = is
		}
	}
}

// readDomainIssue reads one <issue> of a domain file.
func readDomainIssue(e *xelem, realSteps int, pm *posMap, dg *diag) *gIssue {
	is := &gIssue{off: e.off}
	name, ok := e.attr("name")
	if !ok {
		dg.warnAt(pm, e.off, "issue without a name attribute")
	}
	is.Name = name
	checkLabel(pm, e.off, "issue name", name, dg)
	what := fmt.Sprintf("issue %s", q(name))
	idx, idxOK := intAttr(e, "index", what, pm, dg)
	is.Index = idx
	t, tOK := issueType(e, "vtype", pm, dg, false)
	is.Type = t
	if !idxOK || !tOK {
		return nil
	}
	switch t {
	case Discrete:
		items := e.all("item")
		if len(items) == 0 {
			dg.errAt(pm, e.off, nil, what+": a discrete issue needs <item> children with value attributes")
			return nil
		}
		if len(items) > MaxValues {
			dg.errAt(pm, items[MaxValues].off, ErrTooLarge, fmt.Sprintf("%s: %d values, limit %d", what, len(items), MaxValues))
			return nil
		}
		first := make(map[string]int64)
		for _, it := range items {
			v, ok := it.attr("value")
			if !ok {
				dg.errAt(pm, it.off, nil, what+": <item> without a value attribute")
				continue
			}
			checkLabel(pm, it.off, what+": value", v, dg)
			if prev, dup := first[v]; dup {
				dg.warnAt(pm, it.off, fmt.Sprintf("%s: value %s listed twice (first at line %d); GENIUS keeps both, and so does parley (as two options)", what, q(v), lineOf(pm, prev)))
			} else {
				first[v] = it.off
			}
			is.Values = append(is.Values, v)
		}
	case Integer:
		lo, ok1 := intAttr(e, "lowerbound", what, pm, dg)
		hi, ok2 := intAttr(e, "upperbound", what, pm, dg)
		if !ok1 || !ok2 {
			if e.first("range") != nil {
				dg.errAt(pm, e.off, nil, what+": GENIUS reads an integer issue's bounds from the lowerbound and upperbound attributes of <issue>, not from <range>")
			}
			return nil
		}
		if !intRange(is, lo, hi, what, pm, dg) {
			return nil
		}
	case Real:
		r := e.first("range")
		if r == nil {
			dg.errAt(pm, e.off, nil, what+": a real issue needs a <range lowerbound=.. upperbound=..> child")
			return nil
		}
		lo, ok1 := floatAttr(r, "lowerbound", what, pm, dg)
		hi, ok2 := floatAttr(r, "upperbound", what, pm, dg)
		if !ok1 || !ok2 {
			return nil
		}
		if !realRange(is, lo, hi, realSteps, what, pm, dg) {
			return nil
		}
	}
	return is
}

// intRange sets the values of an integer issue with bounds lo and hi.
func intRange(is *gIssue, lo, hi int, what string, pm *posMap, dg *diag) bool {
	switch {
	case hi < lo:
		dg.errAt(pm, is.off, nil, fmt.Sprintf("%s: upperbound %d is below lowerbound %d", what, hi, lo))
		return false
	case int64(hi)-int64(lo)+1 > MaxValues:
		dg.errAt(pm, is.off, ErrTooLarge, fmt.Sprintf("%s: %d values, limit %d", what, int64(hi)-int64(lo)+1, MaxValues))
		return false
	}
	is.lo, is.hi = lo, hi
	is.Min, is.Max, is.Step = float64(lo), float64(hi), 1
	pts, err := numrange.Points(is.Min, is.Max, 1, MaxValues)
	if err != nil || len(pts) != hi-lo+1 {
		dg.errAt(pm, is.off, nil, fmt.Sprintf("%s: parley cannot enumerate the integers %d to %d exactly", what, lo, hi))
		return false
	}
	is.Numbers = pts
	for x := lo; x <= hi; x++ {
		is.Values = append(is.Values, strconv.Itoa(x))
	}
	return true
}

// realRange enumerates a real issue on n points as GENIUS's BidIterator
// does: lb + k·(ub − lb)/(n − 1), k = 0 … n−1.
func realRange(is *gIssue, lo, hi float64, n int, what string, pm *posMap, dg *diag) bool {
	if hi < lo {
		dg.errAt(pm, is.off, nil, fmt.Sprintf("%s: upperbound %s is below lowerbound %s", what, numtext.Shortest(hi), numtext.Shortest(lo)))
		return false
	}
	if hi == lo {
		dg.warnAt(pm, is.off, fmt.Sprintf("%s: real range with equal bounds: parley keeps one point, where GENIUS enumerates %d identical ones", what, n))
		is.Min, is.Max, is.Step = lo, lo, 1
		is.Numbers, is.grid = []float64{lo}, []float64{lo}
		is.Values = []string{numtext.Decimal(lo)}
		return true
	}
	step := (hi - lo) / float64(n-1)
	pts, err := numrange.Points(lo, hi, step, MaxValues)
	if err != nil || len(pts) != n {
		dg.errAt(pm, is.off, nil, fmt.Sprintf("%s: the real range [%s, %s] cannot be split into %d points parley can tell apart", what, numtext.Shortest(lo), numtext.Shortest(hi), n))
		return false
	}
	is.Min, is.Max, is.Step, is.Numbers = lo, hi, step, pts
	for k := range n {
		is.grid = append(is.grid, lo+step*float64(k))
		is.Values = append(is.Values, numtext.Decimal(pts[k]))
	}
	return true
}

// gProfile is a GENIUS profile being read.
type gProfile struct {
	Profile
	done []bool  // per domain issue: an evaluator was read
	wOff []int64 // per domain issue: the offset of its <weight>
}

// readGeniusProfile reads a GENIUS utility-space profile
// (AdditiveUtilitySpace) against domain d.
func readGeniusProfile(f *xmlFile, d *gDomain, dg *diag) *Profile {
	pm, root := f.pm, f.root
	switch root.name {
	case "utility_space":
	case "negotiation_template":
		dg.errAt(pm, root.off, nil, "this is a GENIUS domain file (root <negotiation_template>), not a profile (root <utility_space>)")
		return nil
	default:
		dg.errAt(pm, root.off, nil, fmt.Sprintf("root element <%s>: a GENIUS profile has root <utility_space>", root.name))
		return nil
	}
	if t, ok := root.attr("type"); ok && !strings.EqualFold(t, "linear") {
		switch strings.ToUpper(t) {
		case "NONLINEAR", "CONSTRAINT", "UNCERTAIN":
			dg.errAt(pm, root.off, ErrUnsupported, fmt.Sprintf("profile of type %s: parley imports linear additive profiles only", q(t)))
		default:
			dg.errAt(pm, root.off, ErrUnsupported, fmt.Sprintf("unknown utility space type %s: parley imports linear additive profiles only", q(t)))
		}
		return nil
	}
	n := len(d.issues)
	p := &gProfile{
		Profile: Profile{
			Name:     baseName(pm.name),
			File:     pm.name,
			Weights:  make([]float64, n),
			Evals:    make([][]float64, n),
			Notes:    make([]string, n),
			RawEvals: make([][]string, n),
			Discount: 1,
		},
		done: make([]bool, n),
		wOff: make([]int64, n),
	}
	nerr := len(dg.errs)
	checkLabel(pm, -1, "profile name (the file's name)", p.Name, dg)
	readReservation(root, &p.Profile, pm, dg)
	p.walk(root, d, pm, dg)
	if len(dg.errs) > nerr {
		return nil
	}
	for i, is := range d.issues {
		if !p.done[i] {
			dg.errAt(pm, root.off, nil, fmt.Sprintf("issue %s (index %d) has no evaluator and weight in this profile: GENIUS cannot compute utilities", q(is.Name), is.Index))
		}
	}
	sum := 0.0
	for i, w := range p.Weights {
		if sum += w; math.IsInf(sum, 1) {
			// Divided by an infinite sum, every weight would be 0.
			dg.errAt(pm, p.wOff[i], nil, overflowMsg)
			return nil
		}
	}
	if sum <= 0 && len(dg.errs) == nerr {
		dg.errAt(pm, root.off, nil, "all weights are zero")
	}
	if len(dg.errs) > nerr {
		return nil
	}
	return &p.Profile
}

// readReservation reads <reservation value> and <discount_factor value>,
// direct children of the root.
func readReservation(root *xelem, p *Profile, pm *posMap, dg *diag) {
	if r := root.first("reservation"); r != nil {
		s, x, ok, reported := number(r, "value", "reservation value", pm, dg)
		switch {
		case reported:
		case !ok:
			dg.warnAt(pm, r.off, fmt.Sprintf("reservation value %s is not a number: 0, as in GENIUS", q(s)))
		case x < 0 || x > 1:
			dg.errAt(pm, r.off, nil, fmt.Sprintf("reservation value %s outside [0, 1]: parley cannot represent it", numtext.Shortest(x)))
		default:
			p.Reservation = x
		}
	}
	if e := root.first("discount_factor"); e != nil {
		s, x, ok, reported := number(e, "value", "discount factor", pm, dg)
		switch {
		case reported:
		case !ok:
			dg.warnAt(pm, e.off, fmt.Sprintf("discount factor %s is not a number: no discount, as in GENIUS", q(s)))
		case x <= 0 || x > 1:
			dg.warnAt(pm, e.off, fmt.Sprintf("discount factor %s outside (0, 1]: no discount, as in GENIUS", numtext.Shortest(x)))
		default:
			p.Discount = x
		}
	}
}

// walk reads the weights and evaluators at element e and below its
// <objective> children (AdditiveUtilitySpace.loadTreeRecursive). Weights
// are matched to the issues at the same level by index.
func (p *gProfile) walk(e *xelem, d *gDomain, pm *posMap, dg *diag) {
	weights := make(map[int]float64)
	wOff := make(map[int]int64)
	for _, w := range e.all("weight") {
		idx, ok1 := intAttr(w, "index", "weight", pm, dg)
		x, ok2 := floatAttr(w, "value", "weight", pm, dg)
		if !ok1 || !ok2 {
			continue
		}
		if prev, dup := wOff[idx]; dup {
			dg.warnAt(pm, w.off, fmt.Sprintf("second weight for index %d (first at line %d): the last one counts, as in GENIUS", idx, lineOf(pm, prev)))
		}
		weights[idx], wOff[idx] = x, w.off
	}
	used := make(map[int]bool)
	for _, ie := range e.all("issue") {
		idx, ok := intAttr(ie, "index", "issue", pm, dg)
		if !ok {
			continue
		}
		used[idx] = true
		name, _ := ie.attr("name")
		what := fmt.Sprintf("issue %s (index %d)", q(name), idx)
		t, ok := issueType(ie, "etype", pm, dg, true)
		if !ok {
			continue
		}
		w, hasW := weights[idx]
		if !hasW {
			dg.errAt(pm, ie.off, nil, what+": no <weight> with this index next to the issue; GENIUS gives the issue no evaluator and cannot compute utilities")
			continue
		}
		di, found := d.byIdx[idx]
		if !found {
			dg.warnAt(pm, ie.off, what+": the domain has no issue with this index; ignored")
			continue
		}
		if t != di.Type {
			dg.errAt(pm, ie.off, nil, fmt.Sprintf("%s: the profile evaluates it as %s, the domain declares it %s", what, t, di.Type))
			continue
		}
		if name != di.Name {
			dg.warnAt(pm, ie.off, fmt.Sprintf("%s: the domain calls this issue %s", what, q(di.Name)))
		}
		i := d.position(di)
		if p.done[i] {
			dg.warnAt(pm, ie.off, what+": second evaluator for this issue: the last one counts, as in GENIUS")
		}
		if w < 0 {
			dg.errAt(pm, wOff[idx], nil, fmt.Sprintf("%s: negative weight %s", what, numtext.Shortest(w)))
			continue
		}
		var evals []float64
		switch t {
		case Discrete:
			evals = p.discrete(ie, di, i, what, pm, dg)
		case Integer:
			evals = p.integer(ie, di, i, what, pm, dg)
		case Real:
			evals = p.real(ie, di, i, what, pm, dg)
		}
		if evals == nil {
			continue
		}
		p.Weights[i], p.Evals[i], p.done[i], p.wOff[i] = w, evals, true, wOff[idx]
	}
	for idx, off := range wOff {
		if !used[idx] {
			if _, isIssue := d.byIdx[idx]; isIssue {
				dg.warnAt(pm, off, fmt.Sprintf("weight for index %d has no <issue> beside it: ignored, as in GENIUS", idx))
			}
		}
	}
	for _, o := range e.all("objective") {
		p.walk(o, d, pm, dg)
	}
}

// position returns the position of issue is in the domain's order.
func (d *gDomain) position(is *gIssue) int {
	for i, x := range d.issues {
		if x == is {
			return i
		}
	}
	return -1
}

// discrete reads a discrete evaluator (EvaluatorDiscrete): each <item>'s
// evaluation, divided by the largest evaluation in the profile's issue; 0
// for every value when that largest one is below 1e-5.
func (p *gProfile) discrete(ie *xelem, di *gIssue, i int, what string, pm *posMap, dg *diag) []float64 {
	eval := make(map[string]float64)
	raw := make(map[string]string)
	seen := make(map[string]int64)
	inDomain := make(map[string]bool, len(di.Values))
	for _, v := range di.Values {
		inDomain[v] = true
	}
	for _, it := range ie.all("item") {
		v, ok := it.attr("value")
		if !ok {
			dg.warnAt(pm, it.off, what+": <item> without a value attribute: ignored")
			continue
		}
		if s, ok := it.attr("evaluation"); !ok || s == "null" {
			continue // GENIUS skips items without an evaluation
		}
		s, x, ok, reported := number(it, "evaluation", fmt.Sprintf("%s: value %s: evaluation", what, q(v)), pm, dg)
		switch {
		case reported:
			continue
		case !ok:
			dg.warnAt(pm, it.off, fmt.Sprintf("%s: value %s: evaluation %s is not a number: ignored, as in GENIUS", what, q(v), q(s)))
			continue
		}
		if prev, dup := seen[v]; dup {
			dg.warnAt(pm, it.off, fmt.Sprintf("%s: value %s evaluated twice (first at line %d): the last one counts, as in GENIUS", what, q(v), lineOf(pm, prev)))
		} else if !inDomain[v] {
			dg.warnAt(pm, it.off, fmt.Sprintf("%s: value %s is not in the domain; GENIUS still counts its evaluation in the issue's largest", what, q(v)))
		}
		seen[v], eval[v], raw[v] = it.off, x, strings.TrimSpace(s)
	}
	if len(eval) == 0 {
		dg.errAt(pm, ie.off, nil, what+": no <item> with a value and an evaluation")
		return nil
	}
	hi := math.Inf(-1)
	for _, x := range eval {
		hi = max(hi, x)
	}
	out := make([]float64, len(di.Values))
	rawOut := make([]string, len(di.Values))
	ok := true
	for j, v := range di.Values {
		x, found := eval[v]
		if !found {
			dg.errAt(pm, ie.off, nil, fmt.Sprintf("%s: value %s has no evaluation: GENIUS cannot evaluate bids containing it", what, q(v)))
			ok = false
			continue
		}
		rawOut[j] = raw[v]
		if hi < 1e-5 {
			continue // GENIUS: all 0
		}
		out[j] = x / hi
		if out[j] < 0 {
			dg.errAt(pm, seen[v], nil, fmt.Sprintf("%s: value %s has a negative evaluation %s: parley needs evaluations in [0, 1]", what, q(v), raw[v]))
			ok = false
		}
	}
	if !ok {
		return nil
	}
	p.RawEvals[i] = rawOut
	if hi < 1e-5 {
		p.Notes[i] = fmt.Sprintf("largest evaluation %s is below 1e-5: GENIUS evaluates every value 0", numtext.Shortest(hi))
	} else {
		p.Notes[i] = fmt.Sprintf("evaluation / %s (the issue's largest evaluation)", numtext.Shortest(hi))
	}
	return out
}

// integer reads an integer evaluator (EvaluatorInteger): clip01(offset +
// slope·(x − lowerbound)), with the bounds of the profile's <issue>.
func (p *gProfile) integer(ie *xelem, di *gIssue, i int, what string, pm *posMap, dg *diag) []float64 {
	lo, ok1 := intAttr(ie, "lowerbound", what, pm, dg)
	hi, ok2 := intAttr(ie, "upperbound", what, pm, dg)
	if !ok1 || !ok2 {
		return nil
	}
	if lo != di.lo || hi != di.hi {
		dg.warnAt(pm, ie.off, fmt.Sprintf("%s: bounds [%d, %d] differ from the domain's [%d, %d]; the evaluator uses the profile's lower bound, as in GENIUS", what, lo, hi, di.lo, di.hi))
	}
	var slope, offset float64
	if ev := ie.first("evaluator"); ev != nil {
		var ok3, ok4 bool
		slope, ok3 = floatAttr(ev, "slope", what, pm, dg)
		offset, ok4 = floatAttr(ev, "offset", what, pm, dg)
		if !ok3 || !ok4 {
			return nil
		}
	} else {
		dg.warnAt(pm, ie.off, what+": no <evaluator>: slope and offset 0, every value worth 0, as in GENIUS")
	}
	out := make([]float64, 0, di.hi-di.lo+1)
	for x := di.lo; x <= di.hi; x++ {
		out = append(out, clamp01(slope*float64(x-lo)+offset))
	}
	p.Notes[i] = fmt.Sprintf("clip01(%s)", linear(slope, offset, fmt.Sprintf("(x − %d)", lo)))
	return out
}

// real reads a real evaluator (EvaluatorReal) and evaluates it on the
// domain's grid: linear clip01(parameter1·x + parameter0), constant
// parameter0, or triangular (parameter0 lower, parameter1 upper, parameter2
// top).
func (p *gProfile) real(ie *xelem, di *gIssue, i int, what string, pm *posMap, dg *diag) []float64 {
	r := ie.first("range")
	if r == nil {
		dg.errAt(pm, ie.off, nil, what+": a real issue's evaluator needs a <range> child, as in GENIUS")
		return nil
	}
	if _, ok := floatAttr(r, "lowerbound", what, pm, dg); !ok {
		return nil
	}
	if _, ok := floatAttr(r, "upperbound", what, pm, dg); !ok {
		return nil
	}
	ev := ie.first("evaluator")
	if ev == nil {
		dg.errAt(pm, ie.off, nil, what+": no <evaluator>: GENIUS cannot evaluate a real issue without one")
		return nil
	}
	ft, _ := ev.attr("ftype")
	param := func(k int) (float64, bool) {
		return floatAttr(ev, "parameter"+strconv.Itoa(k), what, pm, dg)
	}
	var f func(x float64) float64
	switch strings.ToLower(ft) {
	case "linear":
		p0, ok0 := param(0)
		p1, ok1 := param(1)
		if !ok0 || !ok1 {
			return nil
		}
		f = func(x float64) float64 { return clamp01(p1*x + p0) }
		p.Notes[i] = fmt.Sprintf("clip01(%s)", linear(p1, p0, "x"))
	case "constant":
		p0, ok0 := param(0)
		if !ok0 {
			return nil
		}
		f = func(float64) float64 { return p0 }
		p.Notes[i] = "constant " + numtext.Shortest(p0)
	case "triangular":
		p0, ok0 := param(0)
		p1, ok1 := param(1)
		p2, ok2 := param(2)
		if !ok0 || !ok1 || !ok2 {
			return nil
		}
		f = func(x float64) float64 {
			switch {
			case x < p0:
				return 0
			case x < p2:
				return (x - p0) / (p2 - p0)
			case x < p1:
				return 1 - (x-p2)/(p1-p2)
			}
			return 0
		}
		p.Notes[i] = fmt.Sprintf("triangular: 0 below %s, 1 at %s, 0 from %s", numtext.Shortest(p0), numtext.Shortest(p2), numtext.Shortest(p1))
	default:
		dg.errAt(pm, ev.off, ErrUnsupported, fmt.Sprintf("%s: evaluator ftype %s: GENIUS evaluates real issues with linear, constant or triangular functions", what, q(ft)))
		return nil
	}
	out := make([]float64, len(di.grid))
	for k, x := range di.grid {
		v := f(x)
		if !(v >= 0 && v <= 1) {
			dg.errAt(pm, ev.off, nil, fmt.Sprintf("%s: evaluation %s at %s is outside [0, 1]: parley cannot represent it", what, numtext.Shortest(v), numtext.Shortest(x)))
			return nil
		}
		out[k] = v
	}
	return out
}
