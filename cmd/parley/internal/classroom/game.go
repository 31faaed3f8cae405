package classroom

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/parley-sim/parley/scenarios"
	"github.com/parley-sim/parley/sim"
)

// baselineRuns is the number of runs of parley run the dashboard's chart
// shows as what the agents reach on the scenario.
const baselineRuns = 100

// Settings is what the instructor chooses for the next round of play.
type Settings struct {
	// Scenario names one of the class's scenarios (Config.Scenarios, as
	// given). Empty means the first.
	Scenario string `json:"scenario"`
	// Mode is ModeAgent (each student against an agent) or ModeStudents
	// (students in pairs). Empty means ModeAgent.
	Mode string `json:"mode"`
	// Side is the id of the party every student plays against an agent,
	// or "" to balance the parties across the class.
	Side string `json:"side"`
	// Against names the strategy (from parley agents) that the agents
	// play: the other party's with a Side, both parties' without one.
	// Empty means the scenario's strategies.
	Against string `json:"against"`
	// NoFacilitator switches the scenario's facilitator off (mode never),
	// as --set facilitator.mode=never does.
	NoFacilitator bool `json:"no_facilitator"`
}

// The modes of play.
const (
	ModeAgent    = "agent"
	ModeStudents = "students"
)

// gameKey identifies the negotiation a round of play uses: a scenario as
// given, with the agents' strategy and the facilitator as set.
type gameKey struct {
	scenario      string
	against       string
	againstParty  int // the party that plays against, or -1 for both
	noFacilitator bool
}

// game is one negotiation played by the class: a scenario as loaded with
// the class's --set overrides, the instructor's choice of strategy and
// facilitator. Its pairings are runs of parley run of that negotiation:
// run k plays with the seed RunSeed(seed, k). Its fields are set at load
// and read-only after, except next and done, guarded by the class's lock.
type game struct {
	key    gameKey
	folder string // the name of its folder in the class's output folder
	sc     *scenarios.Scenario
	n      *sim.Negotiation
	seed   uint64
	an     *sim.Analysis
	agents []point // the agreements of baselineRuns runs of the agents

	next int        // the next run to give a pairing
	done []*pairing // finished pairings, in run order
}

// point is a result in utility space.
type point struct {
	U        [2]float64 `json:"u"`
	Count    int        `json:"count,omitempty"`
	Pairing  int        `json:"pairing,omitempty"`
	Mediated bool       `json:"mediated,omitempty"`
}

// scenarioInfo is a loaded scenario of the class, as the dashboard lists
// it.
type scenarioInfo struct {
	Name        string    `json:"name"`
	Title       string    `json:"title"`
	Parties     [2]idName `json:"parties"`
	Facilitator bool      `json:"facilitator"`
	Protocol    string    `json:"protocol"`
	Deadline    int       `json:"deadline"`
	// Uncertain counts the scenario's uncertain assumptions: a class plays
	// their nominal values, every pairing the same negotiation, so that
	// the class's agreements share one utility space.
	Uncertain int `json:"uncertain,omitempty"`
}

// idName is a party's id and label.
type idName struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// labels returns the parties' labels, or their ids.
func labels(n *sim.Negotiation) [2]string {
	var out [2]string
	for i, p := range n.Parties {
		out[i] = p.Label
		if out[i] == "" {
			out[i] = p.ID
		}
	}
	return out
}

// errNotPlayable marks a scenario whose protocol a person cannot play.
var errNotPlayable = errors.New("cannot be played by people")

// LoadError is a mistake in a scenario or in the settings that load it:
// the input errors of package scenarios, to show as they are.
type LoadError struct{ Err error }

func (e *LoadError) Error() string { return e.Err.Error() }
func (e *LoadError) Unwrap() error { return e.Err }

// loadGame loads the negotiation of key: the scenario with sets, the
// agents' strategy and the facilitator switched off if asked. seed, when
// set, replaces the scenario's master seed.
func loadGame(ctx context.Context, key gameKey, sets []string, seed *uint64) (*game, error) {
	args := slices.Clone(sets)
	if key.noFacilitator {
		args = append(args, "facilitator.mode=never")
	}
	sc, err := scenarios.Load(key.scenario, sets)
	if err != nil {
		return nil, &LoadError{err}
	}
	if key.against != "" {
		for i, p := range sc.Negotiation.Parties {
			if key.againstParty < 0 || key.againstParty == i {
				args = append(args, "parties."+p.ID+".strategy="+strategyValue(key.against))
			}
		}
	}
	if len(args) > len(sets) {
		if sc, err = scenarios.Load(key.scenario, args); err != nil {
			return nil, &LoadError{err}
		}
	}
	n := sc.Negotiation
	if n.Protocol.Type == sim.SingleText {
		return nil, &LoadError{fmt.Errorf("%s: the %s protocol %w: a mediator proposes and the parties only vote by their utilities", sc.Name, n.Protocol.Type, errNotPlayable)}
	}
	g := &game{key: key, folder: folderName(key, n), sc: sc, n: n, seed: sc.Seed}
	if seed != nil {
		g.seed = *seed
	}
	g.an = sim.Analyze(n)
	if err := g.baseline(ctx); err != nil {
		return nil, err
	}
	return g, nil
}

// strategyValue returns the --set value of a strategy: a name, or a YAML
// mapping as written in scenario files.
func strategyValue(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "{") {
		return s
	}
	return "{type: " + s + "}"
}

// folderName is the name of a game's folder: the scenario's name, then
// what the instructor changed.
func folderName(key gameKey, n *sim.Negotiation) string {
	name := n.Name
	if name == "" {
		name = "scenario"
	}
	if key.noFacilitator {
		name += "-no-facilitator"
	}
	if key.against != "" {
		who := "agents"
		if key.againstParty >= 0 {
			who = n.Parties[key.againstParty].ID
		}
		name += "-" + who + "-" + safeName(key.against)
	}
	return safeName(name)
}

// safeName keeps letters, digits, '-' and '_' of s, for a folder name.
func safeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}

// baseline plays the first baselineRuns runs of parley run of the game and
// keeps their agreements, counted by point.
func (g *game) baseline(ctx context.Context) error {
	counts := map[[2]float64]int{}
	b := sim.Batch{Negotiation: g.n, Runs: baselineRuns, Seed: g.seed, Workers: 1}
	err := b.Run(ctx, func(r *sim.Result) error {
		if r.Agreed() {
			counts[r.Utility]++
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("playing the agents on %s: %w", g.n.Name, err)
	}
	for u, c := range counts {
		g.agents = append(g.agents, point{U: u, Count: c})
	}
	slices.SortFunc(g.agents, func(a, b point) int {
		if c := compareFloat(a.U[0], b.U[0]); c != 0 {
			return c
		}
		return compareFloat(a.U[1], b.U[1])
	})
	return nil
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// info describes the game's scenario for the dashboard.
func (g *game) info(name string) scenarioInfo {
	n := g.n
	lb := labels(n)
	return scenarioInfo{
		Name: name, Title: n.Name,
		Parties:     [2]idName{{n.Parties[0].ID, lb[0]}, {n.Parties[1].ID, lb[1]}},
		Facilitator: n.Facilitator != nil && n.Facilitator.Mode != sim.Never,
		Protocol:    n.Protocol.Type.String(), Deadline: n.Protocol.Deadline,
		Uncertain: len(g.sc.Assumptions),
	}
}
