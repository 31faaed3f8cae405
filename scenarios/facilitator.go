package scenarios

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/parley-sim/parley/scenarios/internal/numrange"
	"github.com/parley-sim/parley/scenarios/internal/numtext"
	"github.com/parley-sim/parley/scenarios/internal/poserr"
	"github.com/parley-sim/parley/sim"
)

// Limits of the facilitator block.
const (
	// MaxGuarantees is the largest number of guarantees of a facilitator.
	MaxGuarantees = 100
	// MaxDrafts is the largest text.max_drafts: drafts of one mediation.
	MaxDrafts = 1_000
	// MaxWindow is the largest invite_when.window, in rounds.
	MaxWindow = 1_000
	// MaxNoise is the largest perception noise σ. Evaluations and weights
	// lie in [0, 1], so noise of standard deviation 1 already drowns them.
	MaxNoise = 1.0
)

// Defaults of the facilitator block.
const (
	defaultFacilitatorName = "facilitator"
	defaultMaxDrafts       = 23 // Camp David, 1978 (Raiffa 1982)
)

// The choices of the facilitator's enumerated fields, in documentation
// order; the default is marked in the README.
var (
	facilitatorModes = []string{"never", "on_request", "always"}
	consentRules     = []string{"both", "either"}
	informationKinds = []string{"confidential", "observed"}
	proposalRules    = []string{"nash", "kalai_smorodinsky", "equal_concession"}
)

// The fields of the facilitator's mappings, in canonical order.
var (
	facilitatorFields = []string{"name", "mode", "consent", "invite_when", "information", "proposal",
		"bias", "self_interest", "preferences", "text", "guarantees", "budget"}
	triggerFields    = []string{"stalled_rounds", "eps", "projected_no_deal", "window", "continuation_below", "after_time", "accept_offer"}
	preferenceFields = []string{"weights", "weights_concentration", "values"}
	textFields       = []string{"max_drafts", "moves"}
	guaranteeFields  = []string{"name", "when", "evaluation_delta", "cost"}
)

// Keys of a fuller facilitator that parley's does not implement, with
// the reason given when a file uses one. They are errors, never ignored.
var (
	facilitatorUnsupported = map[string]string{
		"credibility_unbiased": "the facilitator makes no recommendations, so there is no credibility to set",
		"recommendations":      "the facilitator makes no recommendations to the parties",
		"dismissible":          "either party can always turn the facilitator's text down; this cannot be switched off",
	}
	textUnsupported = map[string]string{
		"order": "refinements are always tried best first (highest criterion J, ties by outcome index)",
	}
	preferenceUnsupported = map[string]string{
		"peace_value": "the facilitator's utility of no agreement is always 0",
	}
)

// defaultTriggers are the values of invite_when keys left out (README.md,
// "Triggers").
var defaultTriggers = sim.Triggers{StalledRounds: 5, Eps: 0.01, ProjectedNoDeal: true, Window: 5, ContinuationBelow: 0.05}

// triggersEnabled reports whether any of t's triggers can fire.
func triggersEnabled(t sim.Triggers) bool {
	return t.StalledRounds > 0 || t.ProjectedNoDeal || t.ContinuationBelow > 0 || t.AfterTime > 0
}

// facilitatorSpec is the validated facilitator, every default filled in.
type facilitatorSpec struct {
	Name                              string
	Mode, Consent, Information, Draft string
	// Triggers are the common triggers (facilitator.invite_when); each
	// party's own, with its overrides, are in partySpec.Triggers.
	Triggers           sim.Triggers
	Bias, SelfInterest float64
	// Prefs holds the facilitator's own weights and values, or nil.
	Prefs      *partySpec
	MaxDrafts  int
	Moves      string
	Guarantees []*guaranteeSpec
	Budget     float64
}

// guaranteeSpec is one validated guarantee.
type guaranteeSpec struct {
	Name string
	// When holds the conditions, in issue order.
	When []sim.Condition
	// Deltas holds, per party, the changes of evaluations, in issue order.
	Deltas [2][]evalDelta
	Cost   float64
}

// evalDelta is a change of a party's evaluation of one value.
type evalDelta struct {
	Issue, Value int
	Delta        float64
}

// utilityDelta returns party k's utility change on a covered outcome:
// Σ weight of the issue × change of the evaluation. evals, when not nil,
// holds the party's evaluations drawn for the run: a change that would
// take an evaluation out of [0, 1] is cut at its bound.
func (g *guaranteeSpec) utilityDelta(p *partySpec, k int, evals [][]float64) float64 {
	d := 0.0
	for _, e := range g.Deltas[k] {
		x := e.Delta
		if evals != nil {
			switch v := evals[e.Issue][e.Value]; {
			case v+x < 0:
				x = -v
			case v+x > 1:
				x = 1 - v
			}
		}
		d += p.Weights[e.Issue] * x
	}
	return d
}

// facilitator reads the facilitator block n (key is its key node), then
// each party's invite_when. An absent or null block means no facilitator.
func (r *reader) facilitator(m *model, n, key *yaml.Node) {
	if n == nil || isNull(n) {
		// Without a facilitator block, invite_when is a mistake; with an
		// explicit null (facilitator: null, --set facilitator=), which
		// removes the facilitator for a baseline, it is moot.
		for _, p := range m.Parties {
			if p == nil || p.invite == nil {
				continue
			}
			at, path := r.anchor(p.inviteKey, p.invite), join(join("parties", p.ID), "invite_when")
			if n == nil {
				r.errorf(at, path, "invite_when applies only to a scenario with a facilitator; add a facilitator block or remove invite_when")
			} else {
				r.warnf(at, path, "ignored: the scenario's facilitator is null (none)")
			}
		}
		return
	}
	const path = "facilitator"
	f := r.mappingU(n, path, "a facilitator: a mapping with mode, consent, invite_when, proposal and the other fields of the README", facilitatorFields, facilitatorUnsupported)
	if f == nil {
		return
	}
	fs := &facilitatorSpec{
		Name: defaultFacilitatorName, Mode: "on_request", Consent: "both", Information: "confidential", Draft: "nash",
		Triggers: defaultTriggers, MaxDrafts: defaultMaxDrafts, Moves: movesPackage2,
	}
	m.Facilitator = fs
	if pr := m.Protocol; pr.typeOK && pr.Type != protoAlternating {
		at := pr.typeNode
		if at == nil {
			at = r.anchor(key, n)
		}
		r.errorf(at, "protocol.type", "expected %q, since the scenario has a facilitator (given %s), found %q; a facilitator acts only between rounds of alternating offers (remove it with facilitator: null)",
			protoAlternating, r.where(r.anchor(key, n)), pr.Type)
	}
	if v := f.get("name"); v != nil {
		if s, ok := r.text(v, join(path, "name"), "a name such as a state's", "a name"); ok {
			if fs.Name = strings.TrimSpace(s); fs.Name == "" {
				r.errorf(v, join(path, "name"), "expected a name, found an empty one")
			}
		}
	}
	choose := func(field string, dst *string, choices []string) {
		if v := f.get(field); v != nil {
			if s, ok := r.uchoice(v, join(path, field), choices, func(s string) { *dst = s }); ok {
				*dst = s
			}
		}
	}
	choose("mode", &fs.Mode, facilitatorModes)
	choose("consent", &fs.Consent, consentRules)
	choose("information", &fs.Information, informationKinds)
	choose("proposal", &fs.Draft, proposalRules)
	if v := f.get("invite_when"); v != nil {
		// A common trigger drawn in a run applies to the facilitator's
		// triggers and to those of every party that does not give its own.
		fs.Triggers = r.triggers(v, join(path, "invite_when"), fs.Triggers, fs.Consent, func(key string, set func(*sim.Triggers)) {
			set(&fs.Triggers)
			for _, p := range m.Parties {
				if p != nil && !p.inviteKeys[key] {
					set(&p.Triggers)
				}
			}
		})
	}
	for _, p := range m.Parties {
		if p == nil {
			continue
		}
		p.Triggers = fs.Triggers
		if p.invite != nil {
			if p.invite.Kind == yaml.MappingNode {
				p.inviteKeys = make(map[string]bool)
				for i := 0; i+1 < len(p.invite.Content); i += 2 {
					p.inviteKeys[p.invite.Content[i].Value] = true
				}
			}
			p.Triggers = r.triggers(p.invite, join(join("parties", p.ID), "invite_when"), fs.Triggers, fs.Consent, func(_ string, set func(*sim.Triggers)) {
				set(&p.Triggers)
			})
		}
	}
	if fs.Mode != "never" {
		for _, p := range m.Parties {
			if p == nil || triggersEnabled(p.Triggers) {
				continue
			}
			at, where := r.anchor(key, n), path
			switch {
			case p.invite != nil:
				at, where = r.anchor(p.inviteKey, p.invite), join(join("parties", p.ID), "invite_when")
			case f.get("invite_when") != nil:
				at, where = r.anchor(f.keyNode("invite_when"), f.get("invite_when")), join(path, "invite_when")
			}
			r.warnf(at, where, "party %q never asks for help: stalled_rounds, projected_no_deal, continuation_below and after_time are all off", p.ID)
		}
	}
	if v := f.get("bias"); v != nil {
		fs.Bias, _ = r.unumber(v, join(path, "bias"), interval{lo: -1, hi: 1}, func(x float64) { fs.Bias = x })
	}
	if v := f.get("self_interest"); v != nil {
		fs.SelfInterest, _ = r.unumber(v, join(path, "self_interest"), unit, func(x float64) { fs.SelfInterest = x })
	}
	if v := f.get("preferences"); v != nil {
		fs.Prefs = r.preferences(m, v, r.anchor(f.keyNode("preferences"), v))
	}
	if f.get("preferences") == nil {
		if d := r.uncertainDist(join(path, "self_interest")); d != nil {
			if _, hi := d.support(); hi > 0 {
				r.errorf(f.get("self_interest"), join(path, "self_interest"),
					"self_interest %s may draw values above 0, which weigh the facilitator's own utility, but it has none; give facilitator.preferences (weights and values), or set self_interest to 0", d.text())
			}
		} else if fs.SelfInterest > 0 {
			r.errorf(f.get("self_interest"), join(path, "self_interest"),
				"self_interest %s weighs the facilitator's own utility, but it has none; give facilitator.preferences (weights and values), or set self_interest to 0", numtext.Decimal(fs.SelfInterest))
		}
	}
	if v := f.get("text"); v != nil {
		if tf := r.mappingU(v, join(path, "text"), "a mapping with max_drafts and moves", textFields, textUnsupported); tf != nil {
			if d := tf.get("max_drafts"); d != nil {
				x, _ := r.uinteger(d, join(path, "text.max_drafts"), 1, MaxDrafts, func(x int) { fs.MaxDrafts = x })
				fs.MaxDrafts = int(x)
			}
			if mv := tf.get("moves"); mv != nil {
				if s, ok := r.uchoice(mv, join(path, "text.moves"), moveSets, func(s string) { fs.Moves = s }); ok {
					fs.Moves = s
				}
			}
		}
	}
	if v := f.get("budget"); v != nil {
		fs.Budget, _ = r.unumber(v, join(path, "budget"), unit, func(x float64) { fs.Budget = x })
	}
	if v := f.get("guarantees"); v != nil {
		fs.Guarantees = r.guarantees(m, v, join(path, "guarantees"), fs.Budget, r.isUncertain(join(path, "budget")))
	}
}

// triggers reads an invite_when mapping; keys left out keep their value in
// base. consent is the facilitator's consent rule, for a warning. apply
// gives the setter of a key given as a distribution the triggers it sets
// in each run.
func (r *reader) triggers(n *yaml.Node, path string, base sim.Triggers, consent string, apply func(key string, set func(*sim.Triggers))) sim.Triggers {
	t := base
	f := r.mapping(n, path, "a mapping of triggers: stalled_rounds, eps, projected_no_deal, window, continuation_below, after_time, accept_offer", triggerFields)
	if f == nil {
		return t
	}
	num := func(key string, iv interval, dst func(*sim.Triggers) *float64) (float64, bool) {
		v := f.get(key)
		if v == nil {
			return 0, false
		}
		x, ok := r.unumber(v, join(path, key), iv, func(x float64) {
			apply(key, func(t *sim.Triggers) { *dst(t) = x })
		})
		if ok {
			*dst(&t) = x
		}
		return x, ok
	}
	integer := func(key string, lo, hi int64, dst func(*sim.Triggers) *int) {
		if v := f.get(key); v != nil {
			x, ok := r.uinteger(v, join(path, key), lo, hi, func(x int) {
				apply(key, func(t *sim.Triggers) { *dst(t) = x })
			})
			if ok {
				*dst(&t) = int(x)
			}
		}
	}
	integer("stalled_rounds", 0, MaxDeadline, func(t *sim.Triggers) *int { return &t.StalledRounds })
	num("eps", interval{lo: 0, hi: 1, loOpen: true}, func(t *sim.Triggers) *float64 { return &t.Eps })
	if v := f.get("projected_no_deal"); v != nil {
		if b, ok := r.uboolean(v, join(path, "projected_no_deal"), func(b bool) {
			apply("projected_no_deal", func(t *sim.Triggers) { t.ProjectedNoDeal = b })
		}); ok {
			t.ProjectedNoDeal = b
		}
	}
	integer("window", 1, MaxWindow, func(t *sim.Triggers) *int { return &t.Window })
	num("continuation_below", unit, func(t *sim.Triggers) *float64 { return &t.ContinuationBelow })
	num("after_time", unit, func(t *sim.Triggers) *float64 { return &t.AfterTime })
	if x, ok := num("accept_offer", unit, func(t *sim.Triggers) *float64 { return &t.AcceptOffer }); ok && consent != "either" {
		kp := join(path, "accept_offer")
		if d := r.uncertainDist(kp); d != nil || x > 0 {
			r.warnf(f.get("accept_offer"), kp, "accept_offer has no effect with consent: %s; it applies only with consent: either", consent)
		}
	}
	return t
}

// preferences reads the facilitator's own weights and values, at the node
// n whose problems are reported at key.
func (r *reader) preferences(m *model, n, key *yaml.Node) *partySpec {
	const path = "facilitator.preferences"
	p := &partySpec{ID: "facilitator"}
	f := r.mappingU(n, path, "the facilitator's preferences: a mapping with weights and values", preferenceFields, preferenceUnsupported)
	if f == nil {
		return p
	}
	var known []bool
	if v := f.get("weights"); v != nil {
		known = r.weights(p, v, r.anchor(f.keyNode("weights"), v), join(path, "weights"), m.Issues, m.idsKnown)
	} else {
		r.missing(f, key, path, "weights", "a mapping from issue id to weight")
	}
	if v := f.get("weights_concentration"); v != nil && !isNull(v) {
		r.concentration(p, v, join(path, "weights_concentration"), join(path, "weights"), m.Issues)
	}
	if v := f.get("values"); v != nil {
		r.values(p, v, r.anchor(f.keyNode("values"), v), join(path, "values"), m.Issues, m.idsKnown, known)
	} else {
		r.missing(f, key, path, "values", "a mapping from issue id to value function")
	}
	return p
}

// guarantees reads the list of guarantees; budget is the facilitator's
// budget, for a warning about guarantees it cannot afford.
func (r *reader) guarantees(m *model, n *yaml.Node, path string, budget float64, budgetUncertain bool) []*guaranteeSpec {
	if n.Kind != yaml.SequenceNode {
		r.errorf(n, path, "expected a list of guarantees, found %s", describe(n))
		return nil
	}
	if k := len(n.Content); k > MaxGuarantees {
		r.errorf(n.Content[MaxGuarantees], path, "too many guarantees: found %d, limit %d", k, MaxGuarantees)
		return nil
	}
	var out []*guaranteeSpec
	first := make(map[string]*yaml.Node)
	for i, c := range n.Content {
		p := join(path, strconv.Itoa(i))
		f := r.mapping(c, p, "a guarantee: a mapping with name, when, evaluation_delta and cost", guaranteeFields)
		if f == nil {
			continue
		}
		g := &guaranteeSpec{}
		if v := f.get("name"); v != nil {
			if name, ok := r.ident(v, join(p, "name"), fmt.Sprintf("a guarantee name of lowercase letters, digits and underscores, at most %d long", MaxIDLength), idRE); ok {
				if prev, dup := first[name]; dup {
					r.errorf(v, join(p, "name"), "duplicate guarantee name %q (first given %s)", name, r.where(prev))
				} else {
					first[name] = v
					p = join(path, name)
				}
				g.Name = name
			}
		} else {
			r.missing(f, c, p, "name", "the guarantee's name")
		}
		whenOK := false
		if v := f.get("when"); v != nil {
			g.When, whenOK = r.when(m, v, join(p, "when"))
		} else {
			r.missing(f, c, p, "when", "a mapping from issue id to the value the agreement must have")
		}
		if v := f.get("evaluation_delta"); v != nil {
			r.evaluationDelta(m, g, v, join(p, "evaluation_delta"), whenOK)
		} else {
			r.missing(f, c, p, "evaluation_delta", "a mapping from party id to changes of evaluations")
		}
		if v := f.get("cost"); v != nil {
			var ok bool
			cp := join(p, "cost")
			if g.Cost, ok = r.unumber(v, cp, unit, func(x float64) { g.Cost = x }); ok && g.Cost > budget && !budgetUncertain && !r.isUncertain(cp) {
				r.warnf(v, join(p, "cost"), "guarantee %q costs %s, more than the budget %s: it is never attached", g.Name, numtext.Decimal(g.Cost), numtext.Decimal(budget))
			}
		}
		out = append(out, g)
	}
	return out
}

// when reads a guarantee's conditions: issue id -> option id, or range
// point of a numeric issue. ok reports conditions that can be checked
// against.
func (r *reader) when(m *model, n *yaml.Node, path string) ([]sim.Condition, bool) {
	f := r.mapping(n, path, "a mapping from issue id to the value the agreement must have", nil)
	if f == nil {
		return nil, false
	}
	if len(f.entries) == 0 {
		r.errorf(n, path, "expected at least one condition, found an empty mapping")
		return nil, false
	}
	if !m.idsKnown {
		return nil, false
	}
	ids := issueIDs(m.Issues)
	var out []sim.Condition
	ok := true
	for _, e := range f.entries {
		p := join(path, e.key.Value)
		i := slices.Index(ids, e.key.Value)
		if i < 0 {
			r.unknownKey(f, e.key, p, "unknown issue", ids)
			ok = false
			continue
		}
		is := m.Issues[i]
		if !is.valid {
			ok = false
			continue
		}
		j, good := r.issueValue(e.val, p, is)
		if !good {
			ok = false
			continue
		}
		out = append(out, sim.Condition{Issue: i, Value: j})
	}
	slices.SortFunc(out, func(a, b sim.Condition) int { return a.Issue - b.Issue })
	return out, ok
}

// issueValue reads a value of issue is: an option id, or a point of a
// numeric range. It returns the value's index.
func (r *reader) issueValue(n *yaml.Node, path string, is *issueSpec) (int, bool) {
	if is.Numeric {
		x, isNum, finite := scalarNumber(n)
		if !isNum || !finite {
			r.errorf(n, path, "expected a point of the range (%s), found %s", rangeText(is), describe(n))
			return 0, false
		}
		if j := pointIndex(is, x); j >= 0 {
			return j, true
		}
		r.errorf(n, path, "%s is not a point of the range (%s)", numtext.Decimal(x), rangeText(is))
		return 0, false
	}
	ids := make([]string, len(is.Options))
	for j, o := range is.Options {
		ids[j] = o.ID
	}
	if n.Kind == yaml.ScalarNode && (n.ShortTag() == "!!str" || n.ShortTag() == "!!int") {
		if j := slices.Index(ids, n.Value); j >= 0 {
			return j, true
		}
		r.errorf(n, path, "unknown option %q of issue %q%s", poserr.Clip(n.Value), is.ID, r.suggest(n.Value, ids))
		return 0, false
	}
	r.errorf(n, path, "expected an option of issue %q, found %s", is.ID, describe(n))
	return 0, false
}

// valueName returns "issue.value" for value j of issue is, as written in
// evaluation_delta.
func valueName(is *issueSpec, j int) string {
	if is.Numeric {
		return is.ID + "." + numtext.Decimal(is.Points[j])
	}
	return is.ID + "." + is.Options[j].ID
}

// evaluationDelta reads a guarantee's changes of evaluations: party id ->
// "issue.value" -> change. Only the values of when may change, since a
// guarantee covers only outcomes that meet when; whenOK reports that
// g.When is complete.
func (r *reader) evaluationDelta(m *model, g *guaranteeSpec, n *yaml.Node, path string, whenOK bool) {
	f := r.mapping(n, path, "a mapping from party id to changes of evaluations", nil)
	if f == nil {
		return
	}
	if len(f.entries) == 0 {
		r.errorf(n, path, "expected at least one party's changes, found an empty mapping; a guarantee that changes no utility has no effect")
		return
	}
	var parties []string
	for _, p := range m.Parties {
		if p != nil && p.ID != "" {
			parties = append(parties, p.ID)
		}
	}
	var allowed []string // "issue.value" of each condition
	for _, c := range g.When {
		allowed = append(allowed, valueName(m.Issues[c.Issue], c.Value))
	}
	for _, e := range f.entries {
		pp := join(path, e.key.Value)
		k := slices.IndexFunc(m.Parties[:], func(p *partySpec) bool { return p != nil && p.ID != "" && p.ID == e.key.Value })
		if k < 0 {
			r.unknownKey(f, e.key, pp, "unknown party", parties)
			continue
		}
		party := m.Parties[k]
		pf := r.mapping(e.val, pp, `a mapping from "issue.value" to a change of its evaluation`, nil)
		if pf == nil {
			continue
		}
		seen := make(map[sim.Condition]*yaml.Node)
		for _, d := range pf.entries {
			dp := join(pp, d.key.Value)
			if !whenOK {
				r.unumber(d.val, dp, interval{lo: -1, hi: 1}, func(float64) {})
				continue
			}
			c, ok := matchCondition(m, g.When, d.key.Value)
			if !ok {
				r.errorf(d.key, dp, "expected %s (the %s in when: a guarantee changes utilities only for outcomes that meet when), found %s%s",
					oneOf(allowed), numtext.Noun(len(allowed), "value"), describe(d.key), r.suggestQuoted(d.key.Value, allowed))
				continue
			}
			is := m.Issues[c.Issue]
			if prev, dup := seen[c]; dup {
				// border.5 and border.5.0 name one value: its change
				// would count twice.
				r.errorf(d.key, dp, "%s names the same value as %s (given %s); give each value's change once", poserr.Clip(d.key.Value), valueName(is, c.Value), r.where(prev))
				continue
			}
			seen[c] = d.key
			ci, cv := c.Issue, c.Value
			x, ok := r.unumberAt(d.val, dp, fieldPath(pp, valueName(is, c.Value)), interval{lo: -1, hi: 1}, func(x float64) {
				for j := range g.Deltas[k] {
					if e := &g.Deltas[k][j]; e.Issue == ci && e.Value == cv {
						e.Delta = x
					}
				}
			})
			if !ok {
				continue
			}
			if v, known := party.evalKnown(is, c.Issue); known {
				lo, hi := x, x
				if dd := r.uncertainDist(fieldPath(pp, valueName(is, c.Value))); dd != nil {
					lo, hi = dd.support()
				}
				if low, high := lo+v[c.Value] < -1e-12, hi+v[c.Value] > 1+1e-12; low || high {
					found := describe(d.val)
					switch {
					case lo == hi:
					case low:
						found += ", which may draw " + numtext.Decimal(lo)
					default:
						found += ", which may draw " + numtext.Decimal(hi)
					}
					r.errorf(d.val, dp, "expected a number in [%s, %s], found %s: %s's evaluation of %s is %s, and with the change it must stay in [0, 1]",
						numtext.Decimal(numrange.Round15(-v[c.Value])), numtext.Decimal(numrange.Round15(1-v[c.Value])), found, party.ID, valueName(is, c.Value), numtext.Decimal(v[c.Value]))
					continue
				}
			}
			if party.Weights != nil && party.Weights[c.Issue] == 0 && x != 0 {
				r.warnf(d.key, dp, "has no effect: %s's weight of issue %q is 0", party.ID, is.ID)
			}
			g.Deltas[k] = append(g.Deltas[k], evalDelta{Issue: c.Issue, Value: c.Value, Delta: x})
		}
		slices.SortFunc(g.Deltas[k], func(a, b evalDelta) int { return a.Issue - b.Issue })
	}
}

// matchCondition returns the condition of when that key ("issue.value")
// names. Numeric values match numerically, so corridor_km.2 names 2.0.
func matchCondition(m *model, when []sim.Condition, key string) (sim.Condition, bool) {
	id, val, found := strings.Cut(key, ".")
	if !found {
		return sim.Condition{}, false
	}
	for _, c := range when {
		is := m.Issues[c.Issue]
		if is.ID != id {
			continue
		}
		if !is.Numeric {
			return c, is.Options[c.Value].ID == val
		}
		x, err := strconv.ParseFloat(val, 64)
		return c, err == nil && pointIndex(is, x) == c.Value
	}
	return sim.Condition{}, false
}

// suggestQuoted returns ` (did you mean "x"?)` for the nearest candidate,
// or "".
func (r *reader) suggestQuoted(word string, candidates []string) string {
	if best, ok := r.nearest(word, candidates); ok {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// evalKnown returns the party's evaluation of every value of issue i, and
// whether it is known: false when the party's weights or values had
// mistakes.
func (p *partySpec) evalKnown(is *issueSpec, i int) ([]float64, bool) {
	switch {
	case p.Weights == nil || p.Values == nil || !is.valid:
		return nil, false
	case p.Values[i] != nil && p.Values[i].uncertain:
		// Drawn in each run: a change that takes the evaluation out of
		// [0, 1] in some run is cut there (see guaranteeDelta).
		return nil, false
	case p.Values[i] != nil:
		return p.Values[i].eval(is), true
	case p.Weights[i] == 0:
		return make([]float64, is.size()), true
	}
	return nil, false
}

// buildFacilitator makes the engine's facilitator over the outcome space,
// with each party's triggers and each guarantee's utility changes.
func (m *model) buildFacilitator(space *sim.Space) (*sim.Facilitator, error) {
	f := &sim.Facilitator{}
	m.setFacilitator(f, [2][][]float64{})
	if fs := m.Facilitator; fs.Prefs != nil {
		u, err := sim.NewUtility(space, m.profile(fs.Prefs))
		if err != nil {
			return nil, fmt.Errorf("facilitator preferences: %w", err)
		}
		f.Utility = u
	}
	return f, nil
}

// setFacilitator writes the model's facilitator into f, all but its
// utility: what a run's draws may change without a table to rebuild.
// evals holds, per party, the evaluations of the run when they were drawn
// (nil when they are the file's), for the guarantees' changes.
func (m *model) setFacilitator(f *sim.Facilitator, evals [2][][]float64) {
	fs := m.Facilitator
	f.Name = fs.Name
	f.Mode = pick(fs.Mode, facilitatorModes, []sim.FacilitatorMode{sim.Never, sim.OnRequest, sim.Always})
	f.Consent = pick(fs.Consent, consentRules, []sim.Consent{sim.ConsentBoth, sim.ConsentEither})
	f.Information = pick(fs.Information, informationKinds, []sim.Information{sim.Confidential, sim.Observed})
	f.Draft = pick(fs.Draft, proposalRules, []sim.DraftRule{sim.DraftNash, sim.DraftKalaiSmorodinsky, sim.DraftEqualConcession})
	f.Bias, f.SelfInterest = fs.Bias, fs.SelfInterest
	f.MaxDrafts, f.Moves, f.Budget = fs.MaxDrafts, moves(fs.Moves), fs.Budget
	for k, p := range m.Parties {
		f.Triggers[k] = p.Triggers
	}
	if len(f.Guarantees) != len(fs.Guarantees) {
		f.Guarantees = nil
		for _, g := range fs.Guarantees {
			f.Guarantees = append(f.Guarantees, sim.Guarantee{Name: g.Name, When: slices.Clone(g.When)})
		}
	}
	for i, g := range fs.Guarantees {
		sg := &f.Guarantees[i]
		sg.Cost = g.Cost
		for k, p := range m.Parties {
			sg.Delta[k] = g.utilityDelta(p, k, evals[k])
		}
	}
}

// pick returns the value of choices[i] == s among vals; the decoder has
// checked that s is one of the choices.
func pick[T any](s string, choices []string, vals []T) T {
	return vals[max(0, slices.Index(choices, s))]
}

// moves returns the engine's move set.
func moves(s string) sim.Moves {
	if s == movesPackage2 {
		return sim.Package2
	}
	return sim.OneIssue
}

// facilitatorNode writes the facilitator in canonical form.
func (m *model) facilitatorNode() *yaml.Node {
	fs := m.Facilitator
	var c []*yaml.Node
	add := func(key string, val *yaml.Node) { c = append(c, pair(key, val)...) }
	add("name", strNode(fs.Name))
	add("mode", strNode(fs.Mode))
	add("consent", strNode(fs.Consent))
	add("invite_when", triggerNode(fs.Triggers, nil, nil))
	add("information", strNode(fs.Information))
	add("proposal", strNode(fs.Draft))
	add("bias", numNode(fs.Bias))
	add("self_interest", numNode(fs.SelfInterest))
	if fs.Prefs != nil {
		w, vals := m.weightsValues(fs.Prefs)
		prefs := pair("weights", w)
		if fs.Prefs.Concentration > 0 {
			prefs = append(prefs, pair("weights_concentration", numNode(fs.Prefs.Concentration))...)
		}
		add("preferences", mapNode(false, append(prefs, pair("values", vals)...)...))
	}
	add("text", mapNode(true, append(pair("max_drafts", intNode(int64(fs.MaxDrafts))), pair("moves", strNode(fs.Moves))...)...))
	gs := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	if len(fs.Guarantees) == 0 {
		gs.Style = yaml.FlowStyle
	}
	for _, g := range fs.Guarantees {
		when := mapNode(true)
		for _, cd := range g.When {
			is := m.Issues[cd.Issue]
			when.Content = append(when.Content, pair(is.ID, valueNode(is, cd.Value))...)
		}
		deltas := mapNode(true)
		for k, p := range m.Parties {
			if len(g.Deltas[k]) == 0 {
				continue
			}
			d := mapNode(true)
			for _, e := range g.Deltas[k] {
				d.Content = append(d.Content, pair(valueName(m.Issues[e.Issue], e.Value), numNode(e.Delta))...)
			}
			deltas.Content = append(deltas.Content, pair(p.ID, d)...)
		}
		gs.Content = append(gs.Content, mapNode(false,
			append(append(append(pair("name", strNode(g.Name)),
				pair("when", when)...),
				pair("evaluation_delta", deltas)...),
				pair("cost", numNode(g.Cost))...)...))
	}
	add("guarantees", gs)
	add("budget", numNode(fs.Budget))
	return mapNode(false, c...)
}

// valueNode writes value j of issue is: its option id, or its point.
func valueNode(is *issueSpec, j int) *yaml.Node {
	if is.Numeric {
		return numNode(is.Points[j])
	}
	return strNode(is.Options[j].ID)
}

// triggerNode writes triggers t in canonical form; when base is not nil,
// only the keys whose value differs from base's.
func triggerNode(t sim.Triggers, base *sim.Triggers, force func(key string) bool) *yaml.Node {
	n := mapNode(true)
	add := func(key string, differs bool, val *yaml.Node) {
		if base == nil || differs || (force != nil && force(key)) {
			n.Content = append(n.Content, pair(key, val)...)
		}
	}
	var b sim.Triggers
	if base != nil {
		b = *base
	}
	add("stalled_rounds", t.StalledRounds != b.StalledRounds, intNode(int64(t.StalledRounds)))
	add("eps", t.Eps != b.Eps, numNode(t.Eps))
	add("projected_no_deal", t.ProjectedNoDeal != b.ProjectedNoDeal, boolNode(t.ProjectedNoDeal))
	add("window", t.Window != b.Window, intNode(int64(t.Window)))
	add("continuation_below", t.ContinuationBelow != b.ContinuationBelow, numNode(t.ContinuationBelow))
	add("after_time", t.AfterTime != b.AfterTime, numNode(t.AfterTime))
	add("accept_offer", t.AcceptOffer != b.AcceptOffer, numNode(t.AcceptOffer))
	return n
}

// boolNode writes true or false.
func boolNode(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

// perceived returns party k's perception of the opponent's utility: nil
// without a perception block; the opponent's own utility for noise 0;
// otherwise the opponent's additive profile with Gaussian noise of
// standard deviation σ added to every weight and evaluation (issue by
// issue, in file order: the weight, then each value's evaluation in the
// issue's order), clamped to [0, ∞) and [0, 1], the weights renormalised
// (equal weights if every weight clamped to 0). The noise is drawn from
// sim.NewRand(sim.RunSeed(seed, −1−k), sim.PartyRole(k)): fixed by the
// scenario's seed and the party's index, and the same in every run.
func perceived(space *sim.Space, seed uint64, k int, sigma float64, opp sim.Additive, oppU *sim.Utility) (*sim.Utility, error) {
	if sigma == 0 {
		return oppU, nil
	}
	var p sim.Additive
	perceivedProfile(&p, seed, k, sigma, opp)
	return sim.NewUtility(space, p)
}

// perceivedProfile writes into dst, reusing its slices, the profile
// perceived describes: opp with the noise of party k's perception.
func perceivedProfile(dst *sim.Additive, seed uint64, k int, sigma float64, opp sim.Additive) {
	rng := sim.NewRand(sim.RunSeed(seed, -1-k), sim.PartyRole(k))
	dst.Weights = resize(dst.Weights, len(opp.Weights))
	if len(dst.Values) != len(opp.Values) {
		dst.Values = make([][]float64, len(opp.Values))
	}
	p := *dst
	sum := 0.0
	for i := range opp.Weights {
		p.Weights[i] = math.Max(0, opp.Weights[i]+sigma*rng.NormFloat64())
		sum += p.Weights[i]
		p.Values[i] = resize(p.Values[i], len(opp.Values[i]))
		for j, v := range opp.Values[i] {
			p.Values[i][j] = math.Min(1, math.Max(0, v+sigma*rng.NormFloat64()))
		}
	}
	for i := range p.Weights {
		if sum > 0 {
			p.Weights[i] /= sum
		} else {
			p.Weights[i] = 1 / float64(len(p.Weights))
		}
	}
}

// resize returns buf with length n, reallocated only when too small.
func resize(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	return buf[:n]
}
