package agents

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestCatalogSortedAndComplete(t *testing.T) {
	c := Catalog()
	var names []string
	for _, in := range c {
		names = append(names, in.Name)
	}
	want := []string{"agentk", "aspiration", "atlas3", "boulware", "brw-demand", "conceder", "cuhkagent", "hardheaded", "hardliner", "linear", "micro", "nice-tft", "patience", "rubinstein", "tft-averaged", "tft-random", "tft-relative", "time-dependent", "zeuthen"}
	if !slices.Equal(names, want) {
		t.Fatalf("Catalog names = %v, want %v", names, want)
	}
	for _, in := range c {
		if in.Summary == "" || in.Rule == "" || in.Citation == "" || in.New == nil {
			t.Errorf("%s: empty Summary, Rule, Citation or New", in.Name)
		}
		if strings.Contains(in.Summary, "\n") {
			t.Errorf("%s: Summary is not one line", in.Name)
		}
		seen := map[string]bool{}
		for _, p := range in.Params {
			if seen[p.Name] {
				t.Errorf("%s: parameter %q declared twice", in.Name, p.Name)
			}
			seen[p.Name] = true
			if p.Doc == "" || strings.Contains(p.Doc, "\n") {
				t.Errorf("%s.%s: Doc must be one non-empty line", in.Name, p.Name)
			}
			// The default must pass the parameter's own check.
			if _, err := check(p, p.Default); err != nil {
				t.Errorf("%s.%s: default %v fails its own check: %v", in.Name, p.Name, p.Default, err)
			}
		}
		if _, err := in.New(nil); err != nil {
			t.Errorf("%s.New(nil): %v", in.Name, err)
		}
		// Every default written out explicitly must be accepted too, as
		// the scenario reader may fill them in.
		all := Params{}
		for _, p := range in.Params {
			all[p.Name] = p.Default
		}
		if _, err := in.New(all); err != nil {
			t.Errorf("%s.New(all defaults): %v", in.Name, err)
		}
	}
}

func TestCatalogIsFresh(t *testing.T) {
	c := Catalog()
	c[0].Name = "mutated"
	c[0].Params[0].Doc = "mutated"
	c = append(c[:1], c[2:]...)
	_ = c
	d := Catalog()
	if d[0].Name != "agentk" || d[0].Params[0].Doc == "mutated" || len(d) != 19 {
		t.Fatalf("Catalog shares state between calls: %s, %q, %d strategies", d[0].Name, d[0].Params[0].Doc, len(d))
	}
}

func TestLookup(t *testing.T) {
	for _, in := range Catalog() {
		got, ok := Lookup(in.Name)
		if !ok || got.Name != in.Name {
			t.Errorf("Lookup(%q) = %q, %v", in.Name, got.Name, ok)
		}
	}
	for _, name := range []string{"", "Boulware", "tit-for-tat"} {
		if _, ok := Lookup(name); ok {
			t.Errorf("Lookup(%q) found a strategy", name)
		}
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name     string
		strategy string
		params   Params
		want     []string // substrings of the error, all required
	}{
		{"unknown key", "boulware", Params{"exponent": 4.0}, []string{`unknown parameter "exponent"`}},
		{"string for number", "boulware", Params{"e": "4"}, []string{`"e"`, "want a number"}},
		{"number for string", "linear", Params{"convention": 1.0}, []string{`"convention"`, "want a string"}},
		{"bool for number", "linear", Params{"k": true}, []string{`"k"`, "want a number"}},
		{"negative e", "time-dependent", Params{"e": -1.0}, []string{"-1 outside [0, 100]"}},
		{"huge e", "conceder", Params{"e": 1e9}, []string{"outside [0, 100]"}},
		{"NaN e", "time-dependent", Params{"e": math.NaN()}, []string{`"e"`, "want a number"}},
		{"k above 1", "boulware", Params{"k": 1.5}, []string{`"k"`, "outside [0, 1]"}},
		{"bad convention", "boulware", Params{"convention": "Genius"}, []string{`"Genius" is not one of parley, genius, negmas`}},
		{"tolerance without negmas", "boulware", Params{"convention": "genius", "tolerance": 0.001}, []string{"tolerance = 0.001 applies to convention negmas only, not genius"}},
		{"tolerance with the default convention", "linear", Params{"tolerance": 0.0}, []string{"tolerance = 0 applies to convention negmas only, not parley"}},
		{"genius has no opponent model", "conceder", Params{"convention": "genius", "opponent_model": "frequency"}, []string{"opponent_model frequency is not allowed with convention genius"}},
		{"aspiration has no convention", "aspiration", Params{"convention": "negmas"}, []string{`unknown parameter "convention"`}},
		{"aspiration needs e > 0", "aspiration", Params{"e": 0.0}, []string{"e = 0 is not allowed with convention negmas"}},
		{"bad acceptance", "hardliner", Params{"acceptance": "ac_next"}, []string{`"ac_next" is not one of`}},
		{"threshold above 1", "linear", Params{"accept_threshold": 2.0}, []string{`"accept_threshold"`}},
		{"e on hardliner", "hardliner", Params{"e": 1.0}, []string{`unknown parameter "e"`}},
		{"k with negmas", "boulware", Params{"convention": "negmas", "k": 0.1}, []string{"k = 0.1 is not allowed with convention negmas"}},
		{"e 0 with negmas", "time-dependent", Params{"convention": "negmas", "e": 0.0}, []string{"e = 0 is not allowed with convention negmas"}},
		{"all at once", "time-dependent", Params{"e": -1.0, "k": 2.0, "zzz": 1.0}, []string{`"e"`, `"k"`, `unknown parameter "zzz"`}},
		{"both constraints", "time-dependent", Params{"convention": "negmas", "e": 0, "k": 0.5}, []string{"e = 0", "k = 0.5"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in, _ := Lookup(tc.strategy)
			m, err := in.New(tc.params)
			if err == nil {
				t.Fatalf("New(%v) = %v, want an error", tc.params, m)
			}
			if m != nil {
				t.Errorf("New returned a maker with the error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if !strings.HasPrefix(err.Error(), tc.strategy+": ") {
				t.Errorf("error %q does not name the strategy", err)
			}
		})
	}
}

func TestNewAcceptsIntegers(t *testing.T) {
	// Library users write Params literals; integers are numbers too.
	m := maker(t, "time-dependent", Params{"e": 2, "k": int64(0), "accept_time": int32(1)})
	if got := m.(*timeDependentMaker).e; got != 2 {
		t.Fatalf("e = %v, want 2", got)
	}
}

// TestPresetExponents checks which exponent each preset uses under each
// convention, including the reading of e = 0 as "the preset's".
func TestPresetExponents(t *testing.T) {
	tests := []struct {
		strategy string
		params   Params
		negmas   bool
		e, k     float64
		accept   string
	}{
		{"boulware", nil, false, 0.2, 0, acceptNext},
		{"boulware", Params{"convention": "negmas"}, true, 4, 0, acceptTarget},
		{"boulware", Params{"convention": "negmas", "e": 0.0}, true, 4, 0, acceptTarget},
		{"boulware", Params{"e": 0.3}, false, 0.3, 0, acceptNext},
		{"linear", nil, false, 1, 0, acceptNext},
		{"linear", Params{"convention": "negmas"}, true, 1, 0, acceptTarget},
		{"conceder", nil, false, 2, 0, acceptNext},
		{"conceder", Params{"convention": "negmas"}, true, 0.25, 0, acceptTarget},
		{"conceder", Params{"k": 0.1}, false, 2, 0.1, acceptNext},
		{"time-dependent", nil, false, 1, 0, acceptNext},
		{"time-dependent", Params{"e": 0.0}, false, 0, 0, acceptNext},
		{"time-dependent", Params{"e": 4.0, "convention": "negmas", "acceptance": "next"}, true, 4, 0, acceptNext},
		{"hardliner", nil, false, 0, 0, acceptNext},
		{"hardliner", Params{"convention": "negmas"}, true, math.Inf(1), 0, acceptTarget},
		{"hardliner", Params{"acceptance": "combi", "accept_time": 0.5}, false, 0, 0, acceptCombi},
		{"boulware", Params{"convention": "genius"}, false, 0.2, 0, acceptNext},
		{"conceder", Params{"convention": "genius"}, false, 2, 0, acceptNext},
		{"aspiration", nil, true, 4, 0, acceptTarget},
		{"aspiration", Params{"e": 1.0}, true, 1, 0, acceptTarget},
	}
	for _, tc := range tests {
		m := maker(t, tc.strategy, tc.params).(*timeDependentMaker)
		if negmas := m.conv == conventionNegmas; negmas != tc.negmas || m.e != tc.e || m.k != tc.k || m.acc.kind != tc.accept {
			t.Errorf("%s %v: negmas=%v e=%v k=%v acceptance=%s, want %v %v %v %s",
				tc.strategy, tc.params, negmas, m.e, m.k, m.acc.kind, tc.negmas, tc.e, tc.k, tc.accept)
		}
	}
}

func FuzzNew(f *testing.F) {
	f.Add("boulware", "e", 4.0, "negmas", "combi")
	f.Add("time-dependent", "k", 0.5, "genius", "next")
	f.Add("hardliner", "accept_time", 2.0, "x", "const")
	f.Add("conceder", "e", -1.0, "negmas", "auto")
	f.Add("tft-relative", "delta", 2.0, "", "next")
	f.Add("tft-random", "m", 0.5, "", "combi")
	f.Add("hardheaded", "accept_time", 0.5, "", "time")
	f.Add("rubinstein", "horizon", 4.0, "", "")
	f.Add("micro", "", 0.0, "", "")
	f.Fuzz(func(t *testing.T, name, key string, x float64, conv, acc string) {
		in, ok := Lookup(name)
		if !ok {
			return
		}
		p := Params{key: x}
		// Pass convention and acceptance only to strategies that take
		// them, so that the other strategies' parameters get fuzzed too.
		for _, d := range in.Params {
			switch d.Name {
			case "convention":
				p["convention"] = conv
			case "acceptance":
				p["acceptance"] = acc
			}
		}
		m, err := in.New(p)
		if (m == nil) == (err == nil) {
			t.Fatalf("New returned maker %v and error %v", m, err)
		}
	})
}

// TestEffectiveParams checks that the time-dependent strategies report the
// exponent they play with, the preset's when e is 0, for the scenario
// reader to write into the resolved scenario.
func TestEffectiveParams(t *testing.T) {
	tests := []struct {
		name   string
		params Params
		want   float64
	}{
		{"boulware", nil, 0.2},
		{"boulware", Params{"convention": conventionGenius}, 0.2},
		{"boulware", Params{"convention": conventionNegmas}, 4},
		{"boulware", Params{"e": 0.5}, 0.5},
		{"linear", nil, 1},
		{"conceder", nil, 2},
		{"conceder", Params{"convention": conventionNegmas}, 0.25},
		{"aspiration", nil, 4},
		{"time-dependent", Params{"e": 0.0}, 0},
		{"time-dependent", nil, 1},
		{"patience", Params{"e": 0.3}, 0.3},
	}
	for _, tc := range tests {
		m, ok := maker(t, tc.name, tc.params).(interface{ EffectiveParams() Params })
		if !ok {
			t.Fatalf("%s: no EffectiveParams", tc.name)
		}
		if got := m.EffectiveParams()["e"]; got != tc.want {
			t.Errorf("%s %v: e = %v, want %v", tc.name, tc.params, got, tc.want)
		}
		// It must be a value the strategy accepts back.
		in, _ := Lookup(tc.name)
		p := Params{"e": m.EffectiveParams()["e"]}
		for k, v := range tc.params {
			if k != "e" {
				p[k] = v
			}
		}
		if _, err := in.New(p); err != nil {
			t.Errorf("%s: the effective e does not read back: %v", tc.name, err)
		}
	}
}
