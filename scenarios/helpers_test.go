package scenarios

import (
	"errors"
	"fmt"

	"github.com/parley-sim/parley/agents"
	"github.com/parley-sim/parley/sim"
)

// testCatalog is a small, fixed strategy catalogue, so that messages about
// strategies do not change when package agents grows.
func testCatalog() catalog {
	acceptance := []agents.Param{
		{Name: "acceptance", Default: "auto", Choices: []string{"auto", "next", "const"}},
		{Name: "accept_threshold", Default: 0.9, Min: 0, Max: 1},
	}
	td := func(name string) agents.Info {
		return agents.Info{
			Name: name,
			Params: append([]agents.Param{
				{Name: "e", Default: 0.0, Min: 0, Max: 100},
				{Name: "convention", Default: "genius", Choices: []string{"genius", "negmas"}},
				{Name: "k", Default: 0.0, Min: 0, Max: 1},
				{Name: "verbose", Default: false},
			}, acceptance...),
			New: func(p agents.Params) (sim.Maker, error) {
				if p["convention"] == "negmas" && p["k"] != 0.0 {
					return nil, errors.New("k must be 0 with convention negmas")
				}
				return testMaker{params: fmt.Sprint(p)}, nil
			},
		}
	}
	infos := []agents.Info{
		td("boulware"), td("conceder"),
		{Name: "hardliner", Params: acceptance, New: func(p agents.Params) (sim.Maker, error) { return testMaker{params: fmt.Sprint(p)}, nil }},
		td("linear"),
	}
	c := catalog{lookup: func(name string) (agents.Info, bool) {
		for _, in := range infos {
			if in.Name == name {
				return in, true
			}
		}
		return agents.Info{}, false
	}}
	for _, in := range infos {
		c.names = append(c.names, in.Name)
	}
	return c
}

// testMaker makes a strategy that always offers its best outcome and
// rejects everything; params records what it was made with.
type testMaker struct{ params string }

func (m testMaker) NewStrategy(s *sim.Self) sim.Strategy { return testStrategy{s} }

type testStrategy struct{ s *sim.Self }

func (t testStrategy) Propose(*sim.Turn) sim.Outcome             { return t.s.Utility.Best() }
func (t testStrategy) Respond(*sim.Turn, sim.Outcome) sim.Action { return sim.Reject }
