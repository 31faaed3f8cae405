package scenarios

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// handCase has one value function of every form; its utilities are
// computed by hand in TestUtilities.
const handCase = `# comments are allowed everywhere
name: hand   # here too
description: |
  Every form of value function.
  Second line.
issues:
  - id: opt
    options: [x, y, z]
  - id: lin
    min: 0
    max: 10
    step: 2.5
  - {id: ideal, min: 0, max: 10, step: 1}
  - id: tab
    min: 0
    max: 10
    step: 1
    unit: km
parties:
  a:
    weights: {opt: 1, lin: 1, ideal: 1, tab: 1}
    values:
      opt: {x: 1, y: 0.5, z: 0}
      lin: {linear: increasing}
      ideal: {ideal: 4, loss: quadratic, tolerance: 1}
      tab: {table: {2: 0.2, 6: 1, 8: 0.5}}
    strategy: {type: boulware}
  b:
    weights: {opt: 0.1, lin: 0.2, ideal: 0.3, tab: 0.4}
    values:
      opt: {x: 0, y: 1, z: 0.25}
      lin: {linear: decreasing}
      ideal: {ideal: 3}
      tab: {table: {5: 0.7}}
    strategy: {type: linear}
`

// commentsCase is base with comments in every place YAML allows them.
const commentsCase = `# head comment
name: test # after a value
# between fields
description: >  # after a block indicator
  A test scenario.
issues: # after a key with a nested list
  # before the first element
  - id: corridor # after id
    # between fields of an element
    options: [national, # inside a flow sequence
      {id: simplified, label: Simplified checks}] # after the flow sequence
  # between elements
  - id: border
    kind: border
    min: 0   # comment
    max: 10
    step: 5
    unit: km
    # trailing comment in an element
parties:
  # before a party
  a:
    weights: {corridor: 0.5, # inside a flow mapping
              border: 0.5}
    values:
      corridor: {national: 1, simplified: 0.5}
      # between values
      border: {linear: increasing}
    strategy: {type: boulware}
    # after the last field of a party
  b:
    reservation: 0.2
    discount: 0.9
    weights: {corridor: 0.25, border: 0.75}
    values:
      corridor: {national: 0, simplified: 1}
      border: {ideal: 5, loss: quadratic, tolerance: 1}
    strategy:
      # before the type
      type: linear
      acceptance: next
protocol:
  deadline: 10
# foot comment
`

func TestComments(t *testing.T) {
	assertSame(t, mustParse(t, commentsCase), mustParse(t, base))
}

func mustParse(t *testing.T, src string, sets ...string) *Scenario {
	t.Helper()
	s, err := parse("x.yaml", []byte(src), sets, testCatalog())
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return s
}

func TestUtilities(t *testing.T) {
	s := mustParse(t, handCase)
	sp := s.Negotiation.Space
	if got := sp.Size(); got != 3*5*11*11 {
		t.Fatalf("space size %d, want %d", got, 3*5*11*11)
	}
	// Value indices: opt y=1 z=2; lin 7.5 is index 3; ideal and tab are
	// 0..10 in steps of 1, so index = value.
	tests := []struct {
		name string
		idx  []int
		a, b float64
	}{
		// a: (0.5 + 0.75 + 0.84 + 0.6)/4: ideal d=3, tol 1, far 6:
		// 1-((3-1)/(6-1))^2 = 0.84; table between 2 (0.2) and 6 (1) at 4: 0.6.
		// b: 0.1·1 + 0.2·0.25 + 0.3·(1-4/7) + 0.4·0.7.
		{"y,7.5,7,4", []int{1, 3, 7, 4}, 2.69 / 4, 0.1 + 0.05 + 0.3*3.0/7 + 0.28},
		// a: (0 + 0 + 0 + 0.2)/4: ideal at far end 10 is 0; table flat below 2.
		// b: 0.1·0.25 + 0.2·1 + 0.3·(1-7/7) + 0.4·0.7.
		{"z,0,10,0", []int{2, 0, 10, 0}, 0.05, 0.025 + 0.2 + 0 + 0.28},
		// a: (1 + 0.25 + 1 + 0.5)/4: ideal within tolerance; table flat above 8.
		// b: 0 + 0.2·0.75 + 0.3·(1-2/7) + 0.4·0.7.
		{"x,2.5,5,10", []int{0, 1, 5, 10}, 2.75 / 4, 0.15 + 0.3*5.0/7 + 0.28},
		// a: (1 + 1 + 0.64 + 0.75)/4: ideal d=4: 1-(3/5)^2; table 7 between 6 and 8.
		{"x,10,0,7", []int{0, 4, 0, 7}, 3.39 / 4, 0 + 0 + 0.3*4.0/7 + 0.28},
	}
	for _, tc := range tests {
		o := sp.Encode(tc.idx)
		for k, want := range []float64{tc.a, tc.b} {
			if got := s.Negotiation.Parties[k].Utility.Of(o); math.Abs(got-want) > 1e-12 {
				t.Errorf("%s: party %d utility %.15g, want %.15g", tc.name, k, got, want)
			}
		}
	}
	if len(s.Warnings) != 1 {
		t.Fatalf("warnings %v, want one", s.Warnings)
	}
	const wantWarn = "x.yaml:21:5: parties.a.weights: weights sum to 4, not 1; each was divided by 4"
	if got := s.Warnings[0].Error(); got != wantWarn {
		t.Errorf("warning %q, want %q", got, wantWarn)
	}
	var e *Error
	if !errors.As(s.Warnings[0], &e) {
		t.Errorf("warning is not a *Error")
	}
	tab := sp.Issues()[3]
	if v := tab.Values[4]; v.ID != "4" || v.Label != "4 km" || v.Number != 4 || !tab.Numeric || tab.Unit != "km" {
		t.Errorf("tab value 4 = %+v (issue numeric %v unit %q)", v, tab.Numeric, tab.Unit)
	}
	if s.Description != "Every form of value function.\nSecond line." {
		t.Errorf("description %q", s.Description)
	}
}

func TestDefaults(t *testing.T) {
	s := mustParse(t, edit("protocol:\n  deadline: 10\n", ""))
	n := s.Negotiation
	if s.Runs != 100 || s.Seed != 1 || s.Name != "test" || s.Source != "x.yaml" {
		t.Errorf("runs %d seed %d name %q source %q, want 100 1 test x.yaml", s.Runs, s.Seed, s.Name, s.Source)
	}
	if want := (sim.Protocol{Deadline: 100, FirstMover: 0, Breakdown: 0}); n.Protocol != want {
		t.Errorf("protocol %+v, want %+v", n.Protocol, want)
	}
	a := n.Parties[0]
	if a.ID != "a" || a.Label != "a" || a.Reservation != 0 || a.Discount != 1 || a.StrategyName != "boulware" {
		t.Errorf("party a %+v", a)
	}
	is := n.Space.Issues()[0]
	if is.Label != "corridor" || is.Kind != "other" || is.Values[0].Label != "national" || is.Values[1].Label != "Simplified checks" {
		t.Errorf("issue %+v", is)
	}
	if len(s.Warnings) != 0 {
		t.Errorf("warnings %v", s.Warnings)
	}
	if got := a.Strategy.(testMaker).params; got != "map[accept_threshold:0.9 acceptance:auto convention:genius e:0 k:0 verbose:false]" {
		t.Errorf("boulware made with %s", got)
	}
	for first, want := range map[string]int{"a": 0, "b": 1, "random": sim.RandomFirst} {
		s := mustParse(t, base, "protocol.first="+first)
		if got := s.Negotiation.Protocol.FirstMover; got != want {
			t.Errorf("first %s: FirstMover %d, want %d", first, got, want)
		}
	}
}

// setCases are valid scenarios with --set arguments and a check of their
// effect.
var setCases = []struct {
	name  string
	src   string
	sets  []string
	check func(t *testing.T, s *Scenario)
}{
	{"field absent from the file", base, []string{"protocol.breakdown=0.25"}, func(t *testing.T, s *Scenario) {
		if got := s.Negotiation.Protocol.Breakdown; got != 0.25 {
			t.Errorf("breakdown %v", got)
		}
	}},
	{"section absent from the file", edit("protocol:\n  deadline: 10\n", ""), []string{"protocol.deadline=7"}, func(t *testing.T, s *Scenario) {
		if got := s.Negotiation.Protocol.Deadline; got != 7 {
			t.Errorf("deadline %v", got)
		}
	}},
	{"empty section", edit("protocol:\n  deadline: 10\n", "protocol:\n"), []string{"protocol.deadline=8"}, func(t *testing.T, s *Scenario) {
		if got := s.Negotiation.Protocol.Deadline; got != 8 {
			t.Errorf("deadline %v", got)
		}
	}},
	{"list element by id and by index", base, []string{"issues.corridor.label=Transit corridor", "issues.1.unit=miles"}, func(t *testing.T, s *Scenario) {
		is := s.Negotiation.Space.Issues()
		if is[0].Label != "Transit corridor" || is[1].Unit != "miles" {
			t.Errorf("label %q unit %q", is[0].Label, is[1].Unit)
		}
	}},
	{"strategy parameter", base, []string{"parties.a.strategy.e=0.3", "parties.b.strategy={type: conceder, k: 0.5}"}, func(t *testing.T, s *Scenario) {
		if got := s.Negotiation.Parties[0].Strategy.(testMaker).params; !strings.Contains(got, " e:0.3 ") {
			t.Errorf("a made with %s", got)
		}
		if got := s.Negotiation.Parties[1].StrategyName; got != "conceder" {
			t.Errorf("b plays %s", got)
		}
	}},
	{"flow value, then one table point", base, []string{"parties.a.values.border={table: {0: 0.1, 5: 0.2}}", "parties.a.values.border.table.5=0.9"}, func(t *testing.T, s *Scenario) {
		sp := s.Negotiation.Space
		// corridor national (value 1, weight 0.5) + border 5 (0.9, weight 0.5).
		if got := s.Negotiation.Parties[0].Utility.Of(sp.Encode([]int{0, 1})); math.Abs(got-0.95) > 1e-12 {
			t.Errorf("utility %v, want 0.95", got)
		}
	}},
	{"later set wins; top-level scalars", base, []string{"runs=5", "runs=6", "seed=18446744073709551615", "name=other", "description=Changed."}, func(t *testing.T, s *Scenario) {
		if s.Runs != 6 || s.Seed != math.MaxUint64 || s.Name != "other" || s.Description != "Changed." {
			t.Errorf("runs %d seed %d name %q description %q", s.Runs, s.Seed, s.Name, s.Description)
		}
	}},
	{"numeric ids", strings.NewReplacer("  a:", "  1:", "  b:", "  2:").Replace(base), []string{"protocol.first=2"}, func(t *testing.T, s *Scenario) {
		if p := s.Negotiation.Parties; p[0].ID != "1" || p[1].ID != "2" || s.Negotiation.Protocol.FirstMover != 1 {
			t.Errorf("parties %q %q, first %d", p[0].ID, p[1].ID, s.Negotiation.Protocol.FirstMover)
		}
	}},
	{"whole list", base, []string{"issues.corridor.options=[p, q]", "parties.a.values.corridor={p: 1, q: 0}", "parties.b.values.corridor={p: 0, q: 1}"}, func(t *testing.T, s *Scenario) {
		if got := s.Negotiation.Space.Issues()[0].Values[1].ID; got != "q" {
			t.Errorf("option 1 is %q", got)
		}
	}},
}

func TestSets(t *testing.T) {
	for _, tc := range setCases {
		t.Run(tc.name, func(t *testing.T) {
			s := mustParse(t, tc.src, tc.sets...)
			tc.check(t, s)
			if !bytes.Contains(s.Resolved, []byte("name: ")) {
				t.Errorf("resolved:\n%s", s.Resolved)
			}
			// The resolved YAML holds the overrides: it parses to the same
			// scenario without them.
			assertSame(t, s, mustParse(t, string(s.Resolved)))
		})
	}
}

// validSources returns every valid scenario the tests know: the table
// cases here and the embedded library.
func validSources(t testing.TB) map[string]string {
	out := map[string]string{"base": base, "hand": handCase, "comments": commentsCase, "facilitator": facCase,
		"facilitator defaults": base + "facilitator: {}\n", "uncertain": uncertainCase}
	for _, e := range Builtins() {
		data, ok := BuiltinSource(e.Name)
		if !ok {
			t.Fatalf("BuiltinSource(%q) missing", e.Name)
		}
		out["builtin:"+e.Name] = string(data)
	}
	return out
}

// assertSame checks that two scenarios describe the same negotiation.
func assertSame(t *testing.T, a, b *Scenario) {
	t.Helper()
	if a.Name != b.Name || a.Description != b.Description || a.Runs != b.Runs || a.Seed != b.Seed {
		t.Errorf("header differs: %q %q %d %d vs %q %q %d %d", a.Name, a.Description, a.Runs, a.Seed, b.Name, b.Description, b.Runs, b.Seed)
	}
	na, nb := a.Negotiation, b.Negotiation
	if na.Name != nb.Name || na.Protocol != nb.Protocol {
		t.Errorf("negotiation differs: %q %+v vs %q %+v", na.Name, na.Protocol, nb.Name, nb.Protocol)
	}
	if !reflect.DeepEqual(na.Space.Issues(), nb.Space.Issues()) {
		t.Errorf("issues differ:\n%+v\n%+v", na.Space.Issues(), nb.Space.Issues())
	}
	for k := range 2 {
		pa, pb := na.Parties[k], nb.Parties[k]
		if pa.ID != pb.ID || pa.Label != pb.Label || pa.Reservation != pb.Reservation || pa.Discount != pb.Discount || pa.StrategyName != pb.StrategyName ||
			pa.Cost != pb.Cost || pa.BreakdownValue != pb.BreakdownValue {
			t.Errorf("party %d differs: %+v vs %+v", k, pa, pb)
		}
		if !reflect.DeepEqual(pa.Utility.Values(), pb.Utility.Values()) {
			t.Errorf("party %d: utilities differ", k)
		}
		if (pa.Perceived == nil) != (pb.Perceived == nil) || pa.Perceived != nil && !reflect.DeepEqual(pa.Perceived.Values(), pb.Perceived.Values()) {
			t.Errorf("party %d: perceptions differ", k)
		}
		if ma, ok := pa.Strategy.(testMaker); ok && ma != pb.Strategy.(testMaker) {
			t.Errorf("party %d: strategy parameters differ: %s vs %s", k, ma.params, pb.Strategy.(testMaker).params)
		}
	}
	if fa, fb := na.Facilitator, nb.Facilitator; (fa == nil) != (fb == nil) {
		t.Errorf("facilitator %v vs %v", fa, fb)
	} else if fa != nil {
		ca, cb := *fa, *fb
		ua, ub := ca.Utility, cb.Utility
		ca.Utility, cb.Utility = nil, nil
		if !reflect.DeepEqual(ca, cb) {
			t.Errorf("facilitator differs:\n%+v\n%+v", ca, cb)
		}
		if (ua == nil) != (ub == nil) || ua != nil && !reflect.DeepEqual(ua.Values(), ub.Values()) {
			t.Errorf("facilitator utilities differ")
		}
	}
	if !bytes.Equal(a.Resolved, b.Resolved) {
		t.Errorf("resolved differs:\n%s\n---\n%s", a.Resolved, b.Resolved)
	}
	if len(b.Warnings) != 0 {
		t.Errorf("resolved scenario has warnings: %v", b.Warnings)
	}
}

func TestRoundTrip(t *testing.T) {
	for name, src := range validSources(t) {
		t.Run(name, func(t *testing.T) {
			cat := testCatalog()
			if strings.HasPrefix(name, "builtin:") {
				cat = defaultCatalog()
			}
			a, err := parse(name, []byte(src), nil, cat)
			if err != nil {
				t.Fatal(err)
			}
			b, err := parse("resolved.yaml", a.Resolved, nil, cat)
			if err != nil {
				t.Fatalf("%v\nresolved:\n%s", err, a.Resolved)
			}
			assertSame(t, a, b)
			// Deterministic: a second parse gives the same bytes.
			c, _ := parse(name, []byte(src), nil, cat)
			if !bytes.Equal(a.Resolved, c.Resolved) {
				t.Errorf("resolved bytes differ between two parses")
			}
		})
	}
}

func TestAliases(t *testing.T) {
	src := edit(
		"      corridor: {national: 1, simplified: 0.5}\n", "      corridor: &cv {national: 1, simplified: 0.5}\n",
		"      corridor: {national: 0, simplified: 1}\n", "      corridor: *cv\n")
	s := mustParse(t, src, "parties.b.values.corridor.national=0.25")
	sp := s.Negotiation.Space
	// The --set changes b's copy only.
	if a, b := s.Negotiation.Parties[0].Utility.Of(sp.Encode([]int{0, 0})), s.Negotiation.Parties[1].Utility.Of(sp.Encode([]int{0, 0})); a != 0.5 || b != 0.25*0.25+0.75*(1-16.0/16) {
		t.Errorf("utilities %v %v", a, b)
	}
}

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		e    Error
		want string
	}{
		{Error{File: "f.yaml", Line: 3, Col: 4, Path: "a.b", Msg: "m"}, "f.yaml:3:4: a.b: m"},
		{Error{File: "f.yaml", Line: 3, Msg: "m"}, "f.yaml:3: m"},
		{Error{File: "f.yaml", Msg: "m"}, "f.yaml: m"},
		{Error{File: "--set a=1", Path: "a", Msg: "m"}, "--set a=1: a: m"},
		{Error{Msg: "m"}, "m"},
	}
	for _, tc := range tests {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.e, got, tc.want)
		}
	}
	_, err := Parse("x.yaml", []byte("name: [\n"), nil)
	var list ErrorList
	var one *Error
	if !errors.As(err, &list) || !errors.As(err, &one) || one.Line != 1 {
		t.Errorf("errors.As on %v: list %v one %v", err, list, one)
	}
}
