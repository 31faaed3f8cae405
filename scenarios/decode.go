package scenarios

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/parley-sim/parley/scenarios/internal/numrange"
	"github.com/parley-sim/parley/scenarios/internal/numtext"
	"github.com/parley-sim/parley/scenarios/internal/textcheck"
	"github.com/parley-sim/parley/sim"
)

// Defaults of optional fields.
const (
	defaultRuns     = 100
	defaultSeed     = 1
	defaultDeadline = 100
	defaultKind     = "other"
	defaultProtocol = protoAlternating
	randomFirst     = "random"
)

// The protocols, move sets and discounting conventions of protocol.
const (
	protoAlternating = "alternating"
	protoMonotonic   = "monotonic"
	protoSingleText  = "single_text"
	movesOneIssue    = "one_issue"
	movesPackage2    = "package2"
	perRound         = "round"
	perOffer         = "offer"
)

// Choices of the protocol's enumerated fields, in documentation order.
var (
	protocolTypes = []string{protoAlternating, protoMonotonic, protoSingleText}
	moveSets      = []string{movesOneIssue, movesPackage2}
	discountPers  = []string{perRound, perOffer}
)

// weightTolerance is how far from 1 the weights may sum and still be used
// as written, without normalisation or warning.
const weightTolerance = 1e-9

// Patterns of names and ids.
var (
	nameRE   = regexp.MustCompile(`^[a-z0-9-]+$`)
	idRE     = regexp.MustCompile(`^[a-z0-9_]+$`)
	optionRE = regexp.MustCompile(`^[a-z0-9_-]+$`)
)

// The fields of each mapping of the schema, in canonical order.
var (
	topFields        = []string{"name", "description", "runs", "seed", "issues", "parties", "protocol", "facilitator"}
	issueFields      = []string{"id", "label", "kind", "options", "min", "max", "step", "unit"}
	optionFields     = []string{"id", "label"}
	partyFields      = []string{"label", "reservation", "breakdown_value", "discount", "cost", "weights", "weights_concentration", "values", "perception", "strategy", "invite_when"}
	perceptionFields = []string{"noise"}
	protocolFields   = []string{"type", "moves", "deadline", "first", "breakdown", "discount_per", "discount_reservation"}
	numericFields    = []string{"linear", "ideal", "loss", "tolerance", "table"}
)

// model is a scenario after validation, with every default filled in.
type model struct {
	Name, Description string
	Runs              int
	Seed              uint64
	Issues            []*issueSpec
	Parties           [2]*partySpec
	Protocol          protocolSpec
	// Facilitator is the facilitator, or nil for none.
	Facilitator *facilitatorSpec
	// idsKnown reports that every issue has a valid, unique id.
	idsKnown bool
	// uncertain holds the fields given as distributions, by path; their
	// values in the model are the distributions' nominal values until a
	// sampler sets drawn ones.
	uncertain map[string]*uncertainField
}

// issueSpec is one validated issue.
type issueSpec struct {
	ID, Label, Kind string
	// Options are the options of an option issue; nil for a range.
	Options []optionSpec
	// Numeric reports a numeric range; Min, Max, Step and Unit describe it
	// and Points are its points.
	Numeric        bool
	Min, Max, Step float64
	Unit           string
	Points         []float64
	// idOK marks a valid, unique id; valid marks an issue without
	// mistakes, whose value functions can be checked.
	idOK, valid bool
}

// size returns the number of values of the issue.
func (is *issueSpec) size() int {
	if is.Numeric {
		return len(is.Points)
	}
	return len(is.Options)
}

// optionSpec is one option of an option issue.
type optionSpec struct{ ID, Label string }

// partySpec is one validated party.
type partySpec struct {
	ID, Label             string
	Reservation, Discount float64
	// Cost is the fixed cost per period; BreakdownValue the utility of a
	// chance breakdown (the reservation value unless given, which
	// breakdownGiven reports).
	Cost, BreakdownValue float64
	breakdownGiven       bool
	// Weights holds one normalised weight per issue.
	Weights []float64
	// Raw holds the weights as given, before normalisation, when some are
	// uncertain (drawWeights) or drawn from weights_concentration
	// (Concentration > 0); the weights of each run are Raw normalised.
	Raw         []float64
	drawWeights bool
	// Concentration is weights_concentration, or 0 for none.
	Concentration float64
	// Values holds one value function per issue; nil where none was given
	// (only allowed for issues of weight zero).
	Values []*valueFn
	// Perceives marks a perception block; Noise is its σ.
	Perceives bool
	Noise     float64
	Strategy  strategySpec
	// Triggers are the party's reasons to ask the facilitator for help:
	// the facilitator's invite_when with the party's overrides.
	Triggers sim.Triggers
	// invite is the party's invite_when node, decoded once the
	// facilitator's common triggers are known; nil when absent.
	invite, inviteKey *yaml.Node
	// inviteKeys holds the keys of invite_when, which the party sets
	// itself rather than take from facilitator.invite_when.
	inviteKeys map[string]bool
}

// eval returns the party's evaluation of every value of issue i: its
// value function's, or zeros where it has none.
func (p *partySpec) eval(is *issueSpec, i int) []float64 {
	if i < len(p.Values) && p.Values[i] != nil {
		return p.Values[i].eval(is)
	}
	return make([]float64, is.size())
}

// protocolSpec is the validated protocol.
type protocolSpec struct {
	Type string
	// Moves is the single text's move set; "" for other protocols.
	Moves       string
	Deadline    int
	First       string
	Breakdown   float64
	DiscountPer string
	// DiscountReservation discounts the value of no agreement like a
	// deal (GENIUS's rule); false by default.
	DiscountReservation bool
	// typeNode is the type field as written, or nil when defaulted;
	// typeOK reports that Type is valid.
	typeNode *yaml.Node
	typeOK   bool
}

// entry is one key and value of a mapping.
type entry struct{ key, val *yaml.Node }

// fieldMap is a mapping node checked for well-formed, unique keys.
type fieldMap struct {
	node    *yaml.Node
	entries []entry
	byKey   map[string]entry
	// suggested holds the field names offered as "did you mean" for
	// unknown keys; such a field is not reported missing as well.
	suggested map[string]bool
}

// get returns the value of key, or nil.
func (f *fieldMap) get(key string) *yaml.Node {
	if f == nil {
		return nil
	}
	return f.byKey[key].val
}

// keyNode returns the key node of key, or nil.
func (f *fieldMap) keyNode(key string) *yaml.Node {
	if f == nil {
		return nil
	}
	return f.byKey[key].key
}

// mapping checks that n is a mapping whose keys are scalars given once.
// When known is not nil, keys outside it are reported as unknown fields. It
// returns nil, after reporting, when n is not a mapping; what says what the
// mapping should hold.
func (r *reader) mapping(n *yaml.Node, path, what string, known []string) *fieldMap {
	return r.mappingU(n, path, what, known, nil)
}

// mappingU is mapping for a mapping that also has fields parley does not
// support yet: each of those present is reported with the reason
// unsupported gives for it, and left out of the result.
func (r *reader) mappingU(n *yaml.Node, path, what string, known []string, unsupported map[string]string) *fieldMap {
	if n == nil || n.Kind != yaml.MappingNode {
		r.errorf(n, path, "expected %s, found %s", what, describe(n))
		return nil
	}
	f := &fieldMap{node: n, byKey: make(map[string]entry, len(n.Content)/2)}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			r.errorf(k, path, "expected a field name, found %s", describe(k))
			continue
		}
		if k.ShortTag() == "!!merge" {
			r.errorf(k, path, "merge keys (<<) are not supported; write the fields out")
			continue
		}
		p := join(path, k.Value)
		if first, dup := f.byKey[k.Value]; dup {
			r.errorf(k, p, "duplicate key (first given %s)", r.where(first.key))
			continue
		}
		if why, ok := unsupported[k.Value]; ok {
			r.errorf(k, p, "not supported yet: %s (see the README, \"Not implemented\")", why)
			continue
		}
		if known != nil && !slices.Contains(known, k.Value) {
			r.errorf(k, p, "unknown field%s", r.suggest(k.Value, known))
			if best, ok := r.nearest(k.Value, known); ok {
				if f.suggested == nil {
					f.suggested = make(map[string]bool)
				}
				f.suggested[best] = true
			}
			continue
		}
		e := entry{k, v}
		f.byKey[k.Value] = e
		f.entries = append(f.entries, e)
	}
	return f
}

// unknownKey reports key as naming none of the candidates (msg says what
// it should name), with a suggestion, which it records in f so that the
// suggested name is not also reported missing.
func (r *reader) unknownKey(f *fieldMap, key *yaml.Node, path, msg string, candidates []string) {
	best, ok := r.nearest(key.Value, candidates)
	if !ok {
		r.errorf(key, path, "%s%s", msg, r.suggest(key.Value, candidates))
		return
	}
	if f.suggested == nil {
		f.suggested = make(map[string]bool)
	}
	f.suggested[best] = true
	r.errorf(key, path, "%s (did you mean %q?)", msg, best)
}

// where describes the position of n for "first given ..." remarks.
func (r *reader) where(n *yaml.Node) string {
	if arg, ok := r.origin[n]; ok {
		return "by " + setPrefix + arg
	}
	return fmt.Sprintf("at line %d, column %d", n.Line, n.Column)
}

// missing reports the required field absent from the mapping f, at the
// node at, unless an unknown field was already taken for a misspelling of
// it.
func (r *reader) missing(f *fieldMap, at *yaml.Node, path, field, what string) {
	if f != nil && f.suggested[field] {
		return
	}
	r.errorf(at, join(path, field), "missing required field: %s", what)
}

// anchor returns the node at which to report what is missing from the
// mapping val introduced by key: the key in the file, or val itself when
// it came from a --set argument.
func (r *reader) anchor(key, val *yaml.Node) *yaml.Node {
	if _, ok := r.origin[val]; ok || key == nil {
		return val
	}
	return key
}

// interval is a range of numbers, for checks and messages.
type interval struct {
	lo, hi         float64
	loOpen, hiOpen bool
}

func (iv interval) contains(x float64) bool {
	return (x > iv.lo || (!iv.loOpen && x == iv.lo)) && (x < iv.hi || (!iv.hiOpen && x == iv.hi))
}

// String returns "in [0, 1]", ">= 0", or "" for all numbers.
func (iv interval) String() string {
	lo, hi := math.IsInf(iv.lo, -1), math.IsInf(iv.hi, 1)
	switch {
	case lo && hi:
		return ""
	case hi:
		if iv.loOpen {
			return " > " + numtext.Decimal(iv.lo)
		}
		return " >= " + numtext.Decimal(iv.lo)
	case lo:
		if iv.hiOpen {
			return " < " + numtext.Decimal(iv.hi)
		}
		return " <= " + numtext.Decimal(iv.hi)
	}
	l, h := "[", "]"
	if iv.loOpen {
		l = "("
	}
	if iv.hiOpen {
		h = ")"
	}
	return " in " + l + numtext.Decimal(iv.lo) + ", " + numtext.Decimal(iv.hi) + h
}

var (
	unit        = interval{lo: 0, hi: 1}
	nonNegative = interval{lo: 0, hi: math.Inf(1)}
	anyNumber   = interval{lo: math.Inf(-1), hi: math.Inf(1)}
)

// numberRE matches a number written plainly, in decimal.
var numberRE = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$`)

// longNumber reports whether n is a number written plainly with more than
// MaxNumberLength characters.
func longNumber(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.ScalarNode && n.Style == 0 && len(n.Value) > MaxNumberLength && numberRE.MatchString(n.Value)
}

// scalarNumber returns the number a scalar holds. ok is false when n is not
// a number, or a number longer than MaxNumberLength characters; finite is
// false for .nan and infinities.
func scalarNumber(n *yaml.Node) (v float64, ok, finite bool) {
	if n == nil || n.Kind != yaml.ScalarNode || len(n.Value) > MaxNumberLength {
		return 0, false, false
	}
	if t := n.ShortTag(); t != "!!int" && t != "!!float" {
		return 0, false, false
	}
	var x any
	if err := n.Decode(&x); err != nil {
		return 0, false, false
	}
	switch x := x.(type) {
	case int:
		v = float64(x)
	case int64:
		v = float64(x)
	case uint64:
		v = float64(x)
	case float64:
		v = x
	default:
		return 0, false, false
	}
	return v, true, !math.IsNaN(v) && !math.IsInf(v, 0)
}

// number reads a finite number within iv.
func (r *reader) number(n *yaml.Node, path string, iv interval) (float64, bool) {
	v, ok, finite := scalarNumber(n)
	switch {
	case longNumber(n):
		r.errorf(n, path, "expected a number%s of at most %d characters, found one of %d", iv, MaxNumberLength, len(n.Value))
	case !ok:
		r.errorf(n, path, "expected a number%s, found %s%s", iv, describe(n), certainOnly(n))
	case !finite:
		r.errorf(n, path, "expected a number%s, found %s; NaN and infinities are not allowed", iv, describe(n))
	case !iv.contains(v):
		r.errorf(n, path, "expected a number%s, found %s", iv, describe(n))
	default:
		return v, true
	}
	return 0, false
}

// integer reads an integer in [lo, hi]; integral floats such as 1e6 count.
func (r *reader) integer(n *yaml.Node, path string, lo, hi int64) (int64, bool) {
	v, ok, finite := scalarNumber(n)
	if longNumber(n) {
		r.errorf(n, path, "expected an integer in [%d, %d] of at most %d characters, found one of %d", lo, hi, MaxNumberLength, len(n.Value))
		return 0, false
	}
	if !ok || !finite || v != math.Trunc(v) || v < float64(lo) || v > float64(hi) {
		r.errorf(n, path, "expected an integer in [%d, %d], found %s%s", lo, hi, describe(n), certainOnly(n))
		return 0, false
	}
	if n.ShortTag() == "!!int" {
		var i int64
		if err := n.Decode(&i); err == nil {
			return i, true
		}
	}
	return int64(v), true
}

// seed reads an unsigned 64-bit integer.
func (r *reader) seed(n *yaml.Node, path string) (uint64, bool) {
	if n != nil && n.Kind == yaml.ScalarNode && n.ShortTag() == "!!int" {
		var u uint64
		if err := n.Decode(&u); err == nil {
			return u, true
		}
	}
	if v, ok, finite := scalarNumber(n); ok && finite && v == math.Trunc(v) && v >= 0 && v < 1<<64 {
		return uint64(v), true
	}
	r.errorf(n, path, "expected an integer in [0, %d], found %s%s", uint64(math.MaxUint64), describe(n), certainOnly(n))
	return 0, false
}

// rawText reads free text: a string, or a number taken as written.
func (r *reader) rawText(n *yaml.Node, path, what string) (string, bool) {
	if n != nil && n.Kind == yaml.ScalarNode {
		switch n.ShortTag() {
		case "!!str", "!!int", "!!float":
			return n.Value, true
		}
	}
	r.errorf(n, path, "expected %s, found %s%s", what, describe(n), certainOnly(n))
	return "", false
}

// text reads a label, a name or another short text: free text of at most
// MaxLabelLength characters on one line, without control characters. what
// says what is expected, noun names the text in messages about its
// characters ("a label").
func (r *reader) text(n *yaml.Node, path, what, noun string) (string, bool) {
	return r.checkText(n, path, what, func(s string) string { return textcheck.Label(s, noun, MaxLabelLength) })
}

// description reads the description of a scenario or a sweep: free text
// of at most MaxDescriptionLength characters, on several lines if need
// be, without control characters but line feeds and tabs.
func (r *reader) description(n *yaml.Node, path string) (string, bool) {
	return r.checkText(n, path, "a text", func(s string) string { return textcheck.Prose(s, "a description", MaxDescriptionLength) })
}

// checkText reads free text and reports what check finds wrong with it.
func (r *reader) checkText(n *yaml.Node, path, what string, check func(string) string) (string, bool) {
	s, ok := r.rawText(n, path, what)
	if !ok {
		return "", false
	}
	if msg := check(s); msg != "" {
		r.errorf(n, path, "%s", msg)
		return "", false
	}
	return s, true
}

// ident reads an id matching re, at most MaxIDLength bytes long. Numbers
// written plainly (an option called 1) are taken as written.
func (r *reader) ident(n *yaml.Node, path, what string, re *regexp.Regexp) (string, bool) {
	if n != nil && n.Kind == yaml.ScalarNode {
		switch n.ShortTag() {
		case "!!str", "!!int":
			if re.MatchString(n.Value) && len(n.Value) <= MaxIDLength {
				return n.Value, true
			}
		}
	}
	r.errorf(n, path, "expected %s, found %s%s", what, describe(n), certainOnly(n))
	return "", false
}

// choice reads one of the given strings. Plain numbers count as written,
// since ids such as a party called 1 are allowed.
func (r *reader) choice(n *yaml.Node, path string, choices []string) (string, bool) {
	if n != nil && n.Kind == yaml.ScalarNode && (n.ShortTag() == "!!str" || n.ShortTag() == "!!int") && slices.Contains(choices, n.Value) {
		return n.Value, true
	}
	hint := ""
	if n != nil && n.Kind == yaml.ScalarNode {
		if best, ok := r.nearest(n.Value, choices); ok {
			hint = fmt.Sprintf(" (did you mean %q?)", best)
		}
	}
	r.errorf(n, path, "expected %s, found %s%s%s", oneOf(choices), describe(n), hint, certainOnly(n))
	return "", false
}

// oneOf returns `"a"`, `"a" or "b"`, or `one of "a", "b" or "c"`.
func oneOf(choices []string) string {
	q := make([]string, len(choices))
	for i, c := range choices {
		q[i] = strconv.Quote(c)
	}
	switch len(q) {
	case 0:
		return "nothing"
	case 1:
		return q[0]
	case 2:
		return q[0] + " or " + q[1]
	}
	return "one of " + strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// boolean reads true or false.
func (r *reader) boolean(n *yaml.Node, path string) (bool, bool) {
	if n != nil && n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" {
		var b bool
		if err := n.Decode(&b); err == nil {
			return b, true
		}
	}
	r.errorf(n, path, "expected true or false, found %s%s", describe(n), certainOnly(n))
	return false, false
}

// decode checks the whole scenario and returns it resolved. It reports
// every mistake; the model is complete only when none was reported.
func (r *reader) decode(top *yaml.Node, cat catalog) *model {
	m := &model{Runs: defaultRuns, Seed: defaultSeed}
	f := r.mapping(top, "", "a mapping with the fields name, description, issues and parties", topFields)
	if f == nil {
		return m
	}
	if n := f.get("name"); n != nil {
		m.Name, _ = r.ident(n, "name", fmt.Sprintf("a name of lowercase letters, digits and hyphens, at most %d long", MaxIDLength), nameRE)
	} else {
		r.missing(f, top, "", "name", "the scenario's name, lowercase letters, digits and hyphens")
	}
	if n := f.get("description"); n != nil {
		if d, ok := r.description(n, "description"); ok {
			m.Description = strings.TrimSpace(d)
			if m.Description == "" {
				r.errorf(n, "description", "expected a text, found an empty one")
			}
		}
	} else {
		r.missing(f, top, "", "description", "a text saying what the scenario models")
	}
	if n := f.get("runs"); n != nil {
		v, _ := r.integer(n, "runs", 1, MaxRuns)
		m.Runs = int(v)
	}
	if n := f.get("seed"); n != nil {
		m.Seed, _ = r.seed(n, "seed")
	}
	idsKnown := false
	if n := f.get("issues"); n != nil {
		m.Issues, idsKnown = r.issues(n, f.keyNode("issues"))
		m.idsKnown = idsKnown
	} else {
		r.missing(f, top, "", "issues", "the list of issues")
	}
	var ids []string
	if n := f.get("parties"); n != nil {
		ids = r.parties(m, n, r.anchor(f.keyNode("parties"), n), idsKnown, cat)
	} else {
		r.missing(f, top, "", "parties", "a mapping of exactly two parties")
	}
	r.protocol(&m.Protocol, f.get("protocol"), ids)
	r.facilitator(m, f.get("facilitator"), f.keyNode("facilitator"))
	m.uncertain = r.uncertain
	return m
}

// issues reads the list of issues. idsKnown reports that every issue has a
// valid, unique id, so that weights and values can be matched to issues.
func (r *reader) issues(n, key *yaml.Node) (issues []*issueSpec, idsKnown bool) {
	if n.Kind != yaml.SequenceNode {
		r.errorf(n, "issues", "expected a list of issues, found %s", describe(n))
		return nil, false
	}
	switch k := len(n.Content); {
	case k == 0:
		r.errorf(n, "issues", "expected at least one issue, found an empty list")
		return nil, false
	case k > MaxIssues:
		r.errorf(n.Content[MaxIssues], "issues", "too many issues: found %d, limit %d", k, MaxIssues)
		return nil, false
	}
	var (
		out   []*issueSpec
		ok    = true
		first = make(map[string]*yaml.Node)
	)
	idsKnown = true
	for i, c := range n.Content {
		is := r.issue(c, i, first)
		ok = ok && is.valid
		idsKnown = idsKnown && is.idOK
		out = append(out, is)
	}
	if !ok {
		return out, idsKnown
	}
	size := 1.0
	for _, is := range out {
		size *= float64(is.size())
	}
	if size > MaxOutcomes {
		r.errorf(key, "issues", "outcome space would have %.3g outcomes, limit %d; remove options, widen step, or drop issues", size, MaxOutcomes)
	}
	return out, true
}

// issue reads the i-th issue; first maps each issue id seen to its node.
func (r *reader) issue(n *yaml.Node, i int, first map[string]*yaml.Node) *issueSpec {
	path := join("issues", strconv.Itoa(i))
	is := &issueSpec{Kind: defaultKind}
	// Name the issue by its id in paths when it has a usable one.
	if n.Kind == yaml.MappingNode {
		for j := 0; j+1 < len(n.Content); j += 2 {
			if k, v := n.Content[j], n.Content[j+1]; k.Value == "id" && v.Kind == yaml.ScalarNode && idRE.MatchString(v.Value) {
				path = join("issues", v.Value)
				break
			}
		}
	}
	nerr := len(r.errs)
	f := r.mapping(n, path, "an issue: a mapping with id and either options or min, max and step", issueFields)
	if f == nil {
		return is
	}
	if v := f.get("id"); v != nil {
		if id, ok := r.ident(v, join(path, "id"), fmt.Sprintf("an issue id of lowercase letters, digits and underscores, at most %d long", MaxIDLength), idRE); ok {
			if prev, dup := first[id]; dup {
				r.errorf(v, join(path, "id"), "duplicate issue id %q (first given %s)", id, r.where(prev))
			} else {
				first[id] = v
				is.idOK = true
			}
			is.ID = id
		}
	} else {
		r.missing(f, n, path, "id", "the issue's id")
	}
	is.Label = is.ID
	if v := f.get("label"); v != nil {
		is.Label, _ = r.text(v, join(path, "label"), "a label", "a label")
	}
	if v := f.get("kind"); v != nil {
		is.Kind, _ = r.text(v, join(path, "kind"), "a kind such as border or corridor", "a kind")
	}
	numeric := f.get("min") != nil || f.get("max") != nil || f.get("step") != nil
	switch opts := f.get("options"); {
	case opts != nil && numeric:
		for _, k := range []string{"min", "max", "step"} {
			if kn := f.keyNode(k); kn != nil {
				r.errorf(kn, join(path, k), "an issue has either options or min, max and step, not both")
				break
			}
		}
	case opts != nil:
		is.Options = r.options(opts, join(path, "options"))
		if v := f.get("unit"); v != nil {
			r.errorf(f.keyNode("unit"), join(path, "unit"), "unit applies only to numeric issues (min, max and step)")
		}
	case numeric:
		is.Numeric = true
		r.numericRange(is, f, n, path)
	default:
		r.errorf(n, path, "expected options, or min, max and step, found neither")
	}
	is.valid = len(r.errs) == nerr && r.dropped == 0
	return is
}

// options reads the options of an issue.
func (r *reader) options(n *yaml.Node, path string) []optionSpec {
	if n.Kind != yaml.SequenceNode {
		r.errorf(n, path, "expected a list of options, found %s", describe(n))
		return nil
	}
	switch k := len(n.Content); {
	case k == 0:
		r.errorf(n, path, "expected at least one option, found an empty list")
		return nil
	case k > MaxOptions:
		r.errorf(n.Content[MaxOptions], path, "too many options: found %d, limit %d", k, MaxOptions)
		return nil
	}
	what := fmt.Sprintf("an option id of lowercase letters, digits, underscores and hyphens, at most %d long", MaxIDLength)
	var out []optionSpec
	first := make(map[string]*yaml.Node)
	for i, c := range n.Content {
		p := join(path, strconv.Itoa(i))
		var o optionSpec
		idNode := c
		if c.Kind == yaml.MappingNode {
			f := r.mapping(c, p, "an option", optionFields)
			idNode = f.get("id")
			if idNode == nil {
				r.missing(f, c, p, "id", "the option's id")
				continue
			}
			var ok bool
			if o.ID, ok = r.ident(idNode, join(p, "id"), what, optionRE); !ok {
				continue
			}
			o.Label = o.ID
			if l := f.get("label"); l != nil {
				o.Label, _ = r.text(l, join(p, "label"), "a label", "a label")
			}
		} else {
			var ok bool
			if o.ID, ok = r.ident(c, p, what+", or a mapping with id and label", optionRE); !ok {
				continue
			}
			o.Label = o.ID
		}
		if prev, dup := first[o.ID]; dup {
			r.errorf(idNode, p, "duplicate option id %q (first given %s)", o.ID, r.where(prev))
			continue
		}
		first[o.ID] = idNode
		out = append(out, o)
	}
	return out
}

// numericRange reads min, max, step and unit and computes the points.
func (r *reader) numericRange(is *issueSpec, f *fieldMap, n *yaml.Node, path string) {
	ok := true
	read := func(field string, iv interval) float64 {
		v := f.get(field)
		if v == nil {
			r.missing(f, n, path, field, "a numeric issue needs min, max and step")
			ok = false
			return 0
		}
		x, good := r.number(v, join(path, field), iv)
		ok = ok && good
		return x
	}
	is.Min = read("min", anyNumber)
	is.Max = read("max", anyNumber)
	is.Step = read("step", interval{lo: 0, hi: math.Inf(1), loOpen: true})
	if v := f.get("unit"); v != nil {
		is.Unit, _ = r.text(v, join(path, "unit"), "a unit such as km", "a unit")
	}
	if !ok {
		return
	}
	if is.Max < is.Min {
		r.errorf(f.get("max"), join(path, "max"), "expected a number >= min (%s), found %s", numtext.Decimal(is.Min), describe(f.get("max")))
		return
	}
	pts, err := numrange.Points(is.Min, is.Max, is.Step, MaxOptions)
	if err != nil {
		r.errorf(f.get("step"), join(path, "step"), "%v", err)
		return
	}
	is.Points = pts
}

// issueIDs returns the ids of the issues.
func issueIDs(issues []*issueSpec) []string {
	ids := make([]string, len(issues))
	for i, is := range issues {
		ids[i] = is.ID
	}
	return ids
}

// parties reads the two parties and returns the ids of all parties found.
func (r *reader) parties(m *model, n, at *yaml.Node, idsKnown bool, cat catalog) []string {
	f := r.mapping(n, "parties", "a mapping of exactly two parties, keyed by party id", nil)
	if f == nil {
		return nil
	}
	var ids []string
	for i, e := range f.entries {
		path := join("parties", e.key.Value)
		if i == 2 {
			r.errorf(e.key, path, "a third party; a scenario has exactly two parties (found %d)", len(f.entries))
		}
		id, ok := r.ident(e.key, path, fmt.Sprintf("a party id of lowercase letters, digits and underscores, at most %d long", MaxIDLength), idRE)
		if ok && id == randomFirst {
			r.errorf(e.key, path, "party id %q is reserved for protocol.first; choose another", randomFirst)
			ok = false
		}
		if ok {
			ids = append(ids, id)
		}
		if i >= 2 {
			continue
		}
		p := r.party(e, path, m.Issues, idsKnown, cat)
		p.ID = id
		p.Label = cmp.Or(p.Label, id)
		m.Parties[i] = p
	}
	if len(f.entries) < 2 {
		r.errorf(at, "parties", "expected exactly two parties, found %d", len(f.entries))
	}
	return ids
}

// party reads one party. idsKnown reports that the issue ids are known, so
// that weights and values can be matched to issues.
func (r *reader) party(e entry, path string, issues []*issueSpec, idsKnown bool, cat catalog) *partySpec {
	p := &partySpec{Discount: 1}
	f := r.mapping(e.val, path, "a party: a mapping with weights, values and strategy", partyFields)
	if f == nil {
		return p
	}
	if v := f.get("label"); v != nil {
		p.Label, _ = r.text(v, join(path, "label"), "a label", "a label")
	}
	if v := f.get("reservation"); v != nil {
		p.Reservation, _ = r.unumber(v, join(path, "reservation"), unit, func(x float64) { p.Reservation = x })
	}
	p.BreakdownValue = p.Reservation
	if v := f.get("breakdown_value"); v != nil {
		p.breakdownGiven = true
		p.BreakdownValue, _ = r.unumber(v, join(path, "breakdown_value"), unit, func(x float64) { p.BreakdownValue = x })
	}
	if v := f.get("discount"); v != nil {
		p.Discount, _ = r.unumber(v, join(path, "discount"), interval{lo: 0, hi: 1, loOpen: true}, func(x float64) { p.Discount = x })
	}
	if v := f.get("cost"); v != nil {
		p.Cost, _ = r.unumber(v, join(path, "cost"), unit, func(x float64) { p.Cost = x })
	}
	var known []bool // which issues have a valid weight
	if v := f.get("weights"); v != nil {
		known = r.weights(p, v, r.anchor(f.keyNode("weights"), v), join(path, "weights"), issues, idsKnown)
	} else {
		r.missing(f, r.anchor(e.key, e.val), path, "weights", "a mapping from issue id to weight")
	}
	if v := f.get("weights_concentration"); v != nil && !isNull(v) {
		r.concentration(p, v, join(path, "weights_concentration"), join(path, "weights"), issues)
	}
	if v := f.get("values"); v != nil {
		r.values(p, v, r.anchor(f.keyNode("values"), v), join(path, "values"), issues, idsKnown, known)
	} else {
		r.missing(f, r.anchor(e.key, e.val), path, "values", "a mapping from issue id to value function")
	}
	if v := f.get("perception"); v != nil && !isNull(v) {
		p.Perceives = true
		if pf := r.mapping(v, join(path, "perception"), "a perception: a mapping with noise", perceptionFields); pf != nil {
			if nv := pf.get("noise"); nv != nil {
				p.Noise, _ = r.unumber(nv, join(join(path, "perception"), "noise"), interval{lo: 0, hi: MaxNoise}, func(x float64) { p.Noise = x })
			} else {
				r.missing(pf, r.anchor(f.keyNode("perception"), v), join(path, "perception"), "noise",
					fmt.Sprintf("the standard deviation of the perception noise, in [0, %s] (0 for exact knowledge)", numtext.Decimal(MaxNoise)))
			}
		}
	}
	if v := f.get("strategy"); v != nil {
		r.strategy(&p.Strategy, v, join(path, "strategy"), cat)
	} else {
		r.missing(f, r.anchor(e.key, e.val), path, "strategy", "a mapping with type and the strategy's parameters")
	}
	if v := f.get("invite_when"); v != nil {
		p.invite, p.inviteKey = v, f.keyNode("invite_when")
	}
	return p
}

// isNull reports whether n is YAML null: "~", "null", or nothing after the
// colon. Optional sections that may be null (perception, facilitator) are
// then absent.
func isNull(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// weights reads and normalises a party's weights. It returns, per issue,
// whether its weight may be positive, or nil when that is not known.
// Without idsKnown it checks only that the weights are numbers.
//
// Weights given as distributions are drawn in each run and normalised
// then; the nominal weights are their medians, normalised without a
// warning.
func (r *reader) weights(p *partySpec, n, key *yaml.Node, path string, issues []*issueSpec, idsKnown bool) []bool {
	f := r.mapping(n, path, "a mapping from issue id to a weight >= 0", nil)
	if f == nil {
		return nil
	}
	if !idsKnown {
		for _, e := range f.entries {
			r.unumber(e.val, join(path, e.key.Value), nonNegative, func(float64) {})
		}
		return nil
	}
	ids := issueIDs(issues)
	w := make([]float64, len(issues))
	given := make([]bool, len(issues))
	uncertain := false
	ok := true
	for _, e := range f.entries {
		i := slices.Index(ids, e.key.Value)
		if i < 0 {
			r.unknownKey(f, e.key, join(path, e.key.Value), "unknown issue", ids)
			ok = false
			continue
		}
		given[i] = true
		fp := join(path, e.key.Value)
		var good bool
		if w[i], good = r.unumber(e.val, fp, nonNegative, func(x float64) { p.Raw[i] = x }); !good {
			ok = false
		}
		uncertain = uncertain || r.isUncertain(fp)
	}
	for i, g := range given {
		if !g {
			ok = false
			if !f.suggested[ids[i]] {
				r.errorf(key, path, "missing weight for issue %q; list every issue (0 to ignore one)", ids[i])
			}
		}
	}
	if !ok {
		return nil
	}
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	if sum == 0 {
		r.errorf(key, path, "all weights are zero; at least one issue must matter")
		return nil
	}
	if math.IsInf(sum, 0) {
		r.errorf(key, path, "weights sum to more than the largest number; use smaller weights")
		return nil
	}
	positive := make([]bool, len(w))
	for i, x := range w {
		positive[i] = x > 0
	}
	if uncertain {
		p.drawWeights = true
		p.Raw = slices.Clone(w)
		p.Weights = w
		normalise(p.Weights, p.Raw)
		for i := range w {
			positive[i] = positive[i] || r.isUncertain(join(path, ids[i]))
		}
		return positive
	}
	if math.Abs(sum-1) > weightTolerance {
		for i := range w {
			w[i] /= sum
		}
		r.warnf(key, path, "weights sum to %s, not 1; each was divided by %s", numtext.Decimal(sum), numtext.Decimal(sum))
	}
	p.Weights = w
	return positive
}

// normalise writes raw divided by its sum into w, or raw as it is when it
// sums to 1 within weightTolerance: the rule for the weights of a file,
// applied in each run to weights drawn. A sum of 0 gives all zeros.
func normalise(w, raw []float64) {
	sum := 0.0
	for _, x := range raw {
		sum += x
	}
	if math.Abs(sum-1) <= weightTolerance || sum == 0 {
		copy(w, raw)
		return
	}
	for i, x := range raw {
		w[i] = x / sum
	}
}

// concentration reads weights_concentration k (at n; path is its path and
// wpath the weights' path): the party's weights are drawn in each run from
// the Dirichlet distribution with α_i = k·w_i, w_i the stated
// (normalised) weights, over the issues of positive weight; those of
// weight 0 stay 0.
func (r *reader) concentration(p *partySpec, n *yaml.Node, path, wpath string, issues []*issueSpec) {
	k, ok := r.number(n, path, interval{lo: 0, hi: MaxConcentration, loOpen: true})
	if !ok {
		return
	}
	if p.drawWeights {
		r.errorf(n, path, "weights_concentration draws every weight at once, centred on the weights given; give the weights as numbers, not distributions")
		return
	}
	if p.Weights == nil {
		return // mistakes in the weights, reported
	}
	var idx []int
	for i, w := range p.Weights {
		if w > 0 {
			idx = append(idx, i)
		}
	}
	if len(idx) < 2 {
		r.errorf(n, path, "weights_concentration needs at least two issues of weight above 0, found %d", len(idx))
		return
	}
	p.Concentration = k
	p.Raw = slices.Clone(p.Weights)
	g := &weightGroup{path: wpath, conc: k}
	if r.uncertain == nil {
		r.uncertain = make(map[string]*uncertainField)
	}
	for c, i := range idx {
		g.mean = append(g.mean, p.Weights[i])
		g.alpha = append(g.alpha, k*p.Weights[i])
		fp := fieldPath(wpath, issues[i].ID)
		r.uncertain[fp] = &uncertainField{path: fp, group: g, comp: c, set: func(x float64) { p.Raw[i] = x }}
	}
}

// values reads a party's value functions. positive, when not nil, says
// which issues have a positive weight and so need one. The value function
// of an issue with mistakes is not checked; without idsKnown, keys that
// name no issue are not reported.
func (r *reader) values(p *partySpec, n, key *yaml.Node, path string, issues []*issueSpec, idsKnown bool, positive []bool) {
	f := r.mapping(n, path, "a mapping from issue id to value function", nil)
	if f == nil {
		return
	}
	ids := issueIDs(issues)
	p.Values = make([]*valueFn, len(issues))
	for _, e := range f.entries {
		i := slices.IndexFunc(issues, func(is *issueSpec) bool { return is.idOK && is.ID == e.key.Value })
		switch {
		case i < 0 && idsKnown:
			r.unknownKey(f, e.key, join(path, e.key.Value), "unknown issue", ids)
		case i >= 0 && issues[i].valid:
			p.Values[i] = r.valueFn(e.val, join(path, e.key.Value), issues[i])
		}
	}
	for i, need := range positive {
		if need && f.get(ids[i]) == nil && !f.suggested[ids[i]] {
			r.errorf(key, path, "missing value function for issue %q, which has a weight above zero", ids[i])
		}
	}
}

// protocol reads the protocol into pr; parties are the ids of the
// parties. Its type cannot be uncertain: which other fields are valid
// depends on it.
func (r *reader) protocol(pr *protocolSpec, n *yaml.Node, parties []string) {
	*pr = protocolSpec{Type: defaultProtocol, Deadline: defaultDeadline, DiscountPer: perRound, typeOK: true}
	if len(parties) > 0 {
		pr.First = parties[0]
	}
	if n == nil {
		return
	}
	f := r.mapping(n, "protocol", "a mapping with type, moves, deadline, first, breakdown, discount_per and discount_reservation", protocolFields)
	if f == nil {
		return
	}
	if v := f.get("type"); v != nil {
		pr.typeNode = v
		pr.Type, pr.typeOK = r.choice(v, "protocol.type", protocolTypes)
	}
	if pr.Type == protoSingleText {
		pr.Moves = movesOneIssue
	}
	if v := f.get("moves"); v != nil {
		if m, ok := r.uchoice(v, "protocol.moves", moveSets, func(s string) { pr.Moves = s }); ok && pr.typeOK {
			if pr.Type == protoSingleText {
				pr.Moves = m
			} else {
				r.errorf(f.keyNode("moves"), "protocol.moves", "moves applies only to the single_text protocol, not to %s", pr.Type)
			}
		}
	}
	if v := f.get("deadline"); v != nil {
		d, _ := r.uinteger(v, "protocol.deadline", 1, MaxDeadline, func(x int) { pr.Deadline = x })
		pr.Deadline = int(d)
	}
	if v := f.get("first"); v != nil {
		pr.First, _ = r.uchoice(v, "protocol.first", append(slices.Clip(parties), randomFirst), func(s string) { pr.First = s })
	}
	if v := f.get("breakdown"); v != nil {
		var ok bool
		pr.Breakdown, ok = r.unumber(v, "protocol.breakdown", interval{lo: 0, hi: 1, hiOpen: true}, func(x float64) { pr.Breakdown = x })
		if ok && (pr.Breakdown > 0 || r.isUncertain("protocol.breakdown")) && pr.Type == protoSingleText {
			r.errorf(v, "protocol.breakdown", "expected 0 for the single_text protocol, which has no chance breakdown, found %s", describe(v))
		}
	}
	if v := f.get("discount_per"); v != nil {
		var ok bool
		pr.DiscountPer, ok = r.uchoice(v, "protocol.discount_per", discountPers, func(s string) { pr.DiscountPer = s })
		offer := pr.DiscountPer == perOffer
		if d := r.uncertainDist("protocol.discount_per"); d != nil {
			offer = d.possible(perOffer)
		}
		if ok && offer && pr.typeOK && pr.Type != protoAlternating {
			found := fmt.Sprintf("%q", perOffer)
			if d := r.uncertainDist("protocol.discount_per"); d != nil {
				found = "a choice that may draw \"" + perOffer + "\""
			}
			r.errorf(v, "protocol.discount_per", "expected %q for the %s protocol, found %s; discounting per offer applies only to alternating offers", perRound, pr.Type, found)
		}
	}
	if v := f.get("discount_reservation"); v != nil {
		pr.DiscountReservation, _ = r.uboolean(v, "protocol.discount_reservation", func(b bool) { pr.DiscountReservation = b })
	}
}
