package scenarios

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/parley-sim/parley/agents"
	"github.com/parley-sim/parley/sim"
)

// Limits on tournament files, checked up front and reported as positioned
// errors. A tournament file is also limited to MaxFileSize bytes.
const (
	// MaxTournamentAgents is the largest number of agents of one
	// tournament.
	MaxTournamentAgents = 100
	// MaxTournamentDomains is the largest number of domains of one
	// tournament.
	MaxTournamentDomains = 100
	// MaxTournamentOutcomes is the largest number of outcomes of all the
	// domains of a tournament together: every domain is held in memory,
	// with both parties' utility tables, while the tournament plays.
	MaxTournamentOutcomes = 10_000_000
)

// The parameters of a tournament's points, in the order of the parameter
// columns of its tables: the domain and the agent playing each role.
var tournamentParams = []string{"domain", "agent_A", "agent_B"}

// TournamentOptions adjusts LoadTournament and ParseTournament. Its zero
// value applies every limit and overrides nothing.
type TournamentOptions struct {
	// Force accepts a tournament whose number of runs (points ×
	// repetitions) exceeds MaxSweepRuns.
	Force bool
	// Dir is the folder against which relative domain paths are resolved.
	// Empty means the folder of the tournament file for LoadTournament
	// and the current folder for ParseTournament.
	Dir string
	// Repetitions, when not zero, replaces the file's repetitions.
	Repetitions int
	// Deadline, when not zero, replaces the file's deadline.
	Deadline int
	// Seed, when not nil, replaces the file's seed.
	Seed *uint64
	// SelfPlay, when not nil, replaces the file's self_play.
	SelfPlay *bool
	// Capped, when not zero, is the most repetitions the tournament plays
	// (a testing aid: PARLEY_MAX_RUNS). The resolved tournament says so,
	// so that a capped tournament has a fingerprint of its own.
	Capped int
}

// Tournament is a validated tournament: an ANAC-style round robin in
// which every agent meets every other, in both roles, on every domain,
// for a number of repetitions.
//
// Its points are the triples (domain, agent A, agent B), domain first,
// then the agent playing party A, then the one playing party B, each in
// file order; a pair of an agent with itself is a point only with
// SelfPlay. Repetition r of every point plays with the seed of run r of
// 'parley run' (sim.Sweep's common random numbers), so that two agents
// meet the same first mover, breakdowns and noise in repetition r.
//
// Its methods are safe for concurrent use.
type Tournament struct {
	// Name is the tournament's name.
	Name string
	// Description is its description, surrounding space trimmed.
	Description string
	// Source is the file path as given to LoadTournament, the name given
	// to ParseTournament, or "builtin:NAME" for a built-in tournament.
	Source string
	// Agents are the strategies that take part, in file order.
	Agents []TournamentAgent
	// Domains are the negotiations they play, in file order.
	Domains []TournamentDomain
	// Repetitions is the number of runs of each point.
	Repetitions int
	// Deadline is the deadline every domain is played with; zero when
	// each domain keeps its own.
	Deadline int
	// SelfPlay says whether an agent also meets itself.
	SelfPlay bool
	// Seed is the master seed.
	Seed uint64
	// Resolved is the tournament as canonical YAML: every field in the
	// order of the README, defaults filled in, each agent with its label
	// and every parameter as it plays, each domain as the file names it.
	Resolved []byte
	// Warnings are problems that did not stop the tournament; the
	// domains' own warnings are in their scenarios.
	Warnings []error

	pairs [][2]int // ordered pairs (agent A, agent B) of every domain
}

// TournamentAgent is one strategy of a tournament, with its parameters.
type TournamentAgent struct {
	// Label names the agent in tables and charts: the file's label, or
	// the strategy's name followed by the parameters given, such as
	// "time-dependent(e=0.5)".
	Label string
	// Type is the strategy's name in the catalogue (parley agents).
	Type string
	// Params holds every parameter as the strategy plays it.
	Params agents.Params
	// Maker makes the agent's strategy in each session.
	Maker sim.Maker
}

// TournamentDomain is one negotiation of a tournament.
type TournamentDomain struct {
	// Label names the domain in tables and charts: the scenario's name.
	Label string
	// Path is the domain as the file names it: a built-in scenario's
	// name, a scenario file, or a GENIUS or GeniusWeb folder or file.
	Path string
	// Scenario is the domain's scenario, with the tournament's deadline
	// when it sets one; the parties' strategies are replaced by the
	// agents'.
	Scenario *Scenario
}

// LoadTournament reads and validates a tournament file. path names a
// file; if no file exists there, it names a built-in tournament, with or
// without the ".yaml" suffix. Relative domain paths are resolved against
// the file's folder (or o.Dir); a built-in tournament's domains are
// built-in scenarios.
//
// Mistakes are returned as an ErrorList: first those in the tournament
// file, sorted by position, then those of each domain scenario in turn. A
// path that is neither a file nor a built-in tournament gives a *Error
// that wraps fs.ErrNotExist; a failure to read a file is an error that is
// neither, as for Load.
func LoadTournament(path string, o TournamentOptions) (*Tournament, error) {
	name, data, builtin, err := builtinTournaments.read(path)
	if err != nil {
		return nil, err
	}
	dir := ""
	if !builtin {
		dir = cmp.Or(o.Dir, filepath.Dir(path))
	}
	return parseTournament(name, data, dir, builtin, o, defaultCatalog())
}

// ParseTournament validates the tournament held in data; name is used as
// the file name in errors and as Source. Relative domain paths are
// resolved against o.Dir (empty: the current folder).
func ParseTournament(name string, data []byte, o TournamentOptions) (*Tournament, error) {
	return parseTournament(name, data, o.Dir, false, o, defaultCatalog())
}

// QuickTournament builds the tournament of the command line: the agents
// (strategy names, or one-line YAML mappings such as "{type:
// time-dependent, e: 0.5}") on the domains (built-in scenarios' names or
// paths), with the settings of o and the defaults of a tournament file
// for the rest. Its name is "tournament"; mistakes are reported against
// the file name "command line", each at its agent's or domain's place.
func QuickTournament(agentSpecs, domains []string, o TournamentOptions) (*Tournament, error) {
	var b strings.Builder
	b.WriteString("name: tournament\nagents:\n")
	for _, a := range agentSpecs {
		if strings.ContainsAny(a, "\n\r") {
			return nil, ErrorList{{File: quickFile, Path: "agents", Msg: fmt.Sprintf("an agent on one line, found %q", a)}}
		}
		b.WriteString("  - " + a + "\n")
	}
	b.WriteString("domains:\n")
	for _, d := range domains {
		if strings.ContainsAny(d, "\n\r") {
			return nil, ErrorList{{File: quickFile, Path: "domains", Msg: fmt.Sprintf("a domain on one line, found %q", d)}}
		}
		b.WriteString("  - " + quoteYAML(d) + "\n")
	}
	return parseTournament(quickFile, []byte(b.String()), o.Dir, false, o, defaultCatalog())
}

// quickFile is the file name of a command-line tournament in errors.
const quickFile = "command line"

// quoteYAML writes s as a double-quoted YAML string.
func quoteYAML(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		switch c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(c)
		default:
			b.WriteRune(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Points returns the number of points: domains × ordered pairs of agents.
func (t *Tournament) Points() int { return len(t.Domains) * len(t.pairs) }

// Runs returns the number of runs: points × repetitions.
func (t *Tournament) Runs() int { return t.Points() * t.Repetitions }

// Params returns the names of the parameter columns of a tournament's
// tables: domain, agent_A and agent_B.
func (t *Tournament) Params() []string { return append([]string(nil), tournamentParams...) }

// Point returns the domain and the agents playing party A and party B at
// point p, as indices into Domains and Agents; ok is false for a point
// out of range.
func (t *Tournament) Point(p int) (domain, a, b int, ok bool) {
	if p < 0 || p >= t.Points() {
		return 0, 0, 0, false
	}
	pr := t.pairs[p%len(t.pairs)]
	return p / len(t.pairs), pr[0], pr[1], true
}

// Values returns the labels of point p's domain, agent A and agent B, in
// the order of Params; nil for a point out of range.
func (t *Tournament) Values(p int) []string {
	d, a, b, ok := t.Point(p)
	if !ok {
		return nil
	}
	return []string{t.Domains[d].Label, t.Agents[a].Label, t.Agents[b].Label}
}

// Build returns the negotiation of point p: its domain's, with party A
// played by the point's agent A and party B by its agent B, each named by
// its label. The negotiations of a domain share its outcome space and
// utility tables, read-only.
func (t *Tournament) Build(p int) (*sim.Negotiation, error) {
	d, a, b, ok := t.Point(p)
	if !ok {
		return nil, fmt.Errorf("point %d out of range [0, %d)", p, t.Points())
	}
	n := *t.Domains[d].Scenario.Negotiation
	for i, k := range [2]int{a, b} {
		n.Parties[i].Strategy = t.Agents[k].Maker
		n.Parties[i].StrategyName = t.Agents[k].Label
	}
	return &n, nil
}

// Fingerprint returns the hex SHA-256 of Resolved followed by every
// domain's resolved scenario: two tournaments with the same fingerprint
// play the same runs.
func (t *Tournament) Fingerprint() string {
	h := sha256.New()
	h.Write(t.Resolved)
	for _, d := range t.Domains {
		h.Write(d.Scenario.Resolved)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// DomainsYAML returns the domains' resolved scenarios as one YAML stream,
// a document per domain in the order of Domains, each as played (the
// tournament's deadline included; the strategies written are the
// scenario's own, which the agents replace).
func (t *Tournament) DomainsYAML() string {
	var b strings.Builder
	for i, d := range t.Domains {
		if i > 0 {
			b.WriteString("---\n")
		}
		b.Write(d.Scenario.Resolved)
	}
	return b.String()
}
