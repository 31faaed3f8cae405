package scenarios

import (
	"bytes"
	"strings"
	"testing"

	"github.com/parley-sim/parley/agents"
	"github.com/parley-sim/parley/sim"
)

// presetMaker is a strategy maker that reports the parameters it plays
// with, as the time-dependent presets do: e = 0 stands for the preset's
// exponent, 0.2 with convention genius and 4 with negmas.
type presetMaker struct {
	testMaker
	e float64
}

func (m presetMaker) EffectiveParams() agents.Params {
	return agents.Params{"e": m.e, "unknown": 1.0, "convention": 7.0}
}

// presetCatalog is a catalogue with one preset, "boulware".
func presetCatalog() catalog {
	info := agents.Info{
		Name: "boulware",
		Params: []agents.Param{
			{Name: "e", Default: 0.0, Min: 0, Max: 100},
			{Name: "convention", Default: "genius", Choices: []string{"genius", "negmas"}},
		},
		New: func(p agents.Params) (sim.Maker, error) {
			e := p["e"].(float64)
			if e == 0 {
				e = map[any]float64{"genius": 0.2, "negmas": 4}[p["convention"]]
			}
			return presetMaker{e: e}, nil
		},
	}
	return catalog{
		lookup: func(name string) (agents.Info, bool) { return info, name == info.Name },
		names:  []string{info.Name},
	}
}

// TestEffectiveParams checks that the resolved scenario holds the
// parameters as the strategy plays them (the exponent a preset's e = 0
// stands for), so that readers of a manifest need no copy of the presets,
// and that it still reads back as itself.
func TestEffectiveParams(t *testing.T) {
	src := strings.NewReplacer("strategy: {type: boulware}", "strategy: {type: boulware, e: 0}",
		"strategy: {type: linear, acceptance: next}", "strategy: {type: boulware}").Replace(base)
	tests := []struct {
		sets []string
		want string // the strategy of party a in the resolved scenario
	}{
		{nil, "strategy: {type: boulware, e: 0.2, convention: genius}"},
		{[]string{"parties.a.strategy.convention=negmas"}, "strategy: {type: boulware, e: 4, convention: negmas}"},
		{[]string{"parties.a.strategy.e=0.5"}, "strategy: {type: boulware, e: 0.5, convention: genius}"},
	}
	for _, tc := range tests {
		s, err := parse("x.yaml", []byte(src), tc.sets, presetCatalog())
		if err != nil {
			t.Fatalf("%v: %v", tc.sets, err)
		}
		if !bytes.Contains(s.Resolved, []byte(tc.want)) {
			t.Errorf("%v: resolved scenario without %q:\n%s", tc.sets, tc.want, s.Resolved)
		}
		again, err := parse("resolved.yaml", s.Resolved, nil, presetCatalog())
		if err != nil || !bytes.Equal(again.Resolved, s.Resolved) {
			t.Errorf("%v: resolved scenario does not read back as itself: %v", tc.sets, err)
		}
	}
	// A maker without the ability leaves the parameters as given.
	s, err := parse("x.yaml", []byte(src), nil, testCatalog())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(s.Resolved, []byte("type: boulware, e: 0,")) {
		t.Errorf("resolved scenario changed e without EffectiveParams:\n%s", s.Resolved)
	}
}
