package agents_test

import (
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/parley-sim/parley/agents"
	"github.com/parley-sim/parley/scenarios/genius"
	"github.com/parley-sim/parley/sim"
)

// The GENIUS sessions of testdata/genius (see its README) were played by
// GENIUS 9.1.10 with a deadline of 180 rounds; party A, the first profile
// of the domain's folder in file-name order, moves first.
const geniusDeadline = 180

// geniusDomains caches the domains read from testdata/genius.
var geniusDomains sync.Map // name → *genius.Domain

// geniusDomain reads a domain of testdata/genius with parley's GENIUS
// reader.
func geniusDomain(tb testing.TB, name string) *genius.Domain {
	tb.Helper()
	if d, ok := geniusDomains.Load(name); ok {
		return d.(*genius.Domain)
	}
	imp, err := genius.Import([]string{filepath.Join("testdata", "genius", "domains", name)}, genius.Options{Deadline: geniusDeadline})
	if err != nil {
		tb.Fatal(err)
	}
	geniusDomains.Store(name, imp.Domain)
	return imp.Domain
}

// geniusNegotiation builds the negotiation GENIUS played on domain d: the
// outcome space of parley's reader; each party's utility from its profile
// with GENIUS's weights as written (sim.Utility.Profile gives the
// GENIUS-convention agents the profile, from which they compute GENIUS's
// unrounded, capped sums); GENIUS's reservation value; and GENIUS's
// discount d over the timeline t = r/(D+1), as a per-round factor
// d^(1/(D+1)), so that the agents' session discount δ^(D+1) is d. (The
// test builds this itself rather than through the importer's scenario.)
func geniusNegotiation(tb testing.TB, d *genius.Domain, a, b sim.Maker) *sim.Negotiation {
	tb.Helper()
	space, err := d.Space()
	if err != nil {
		tb.Fatal(err)
	}
	n := &sim.Negotiation{Name: d.Name, Space: space, Protocol: sim.Protocol{Deadline: geniusDeadline, FirstMover: 0}}
	for p, m := range []sim.Maker{a, b} {
		pr := &d.Profiles[p]
		u, err := sim.NewUtility(space, sim.Additive{Weights: d.Weights(p, genius.Native), Values: pr.Evals})
		if err != nil {
			tb.Fatal(err)
		}
		disc := 1.0
		if pr.Discount < 1 {
			disc = math.Pow(pr.Discount, 1/float64(geniusDeadline+1))
		}
		n.Parties[p] = sim.Party{ID: string(rune('a' + p)), Utility: u, Reservation: pr.Reservation, BreakdownValue: pr.Reservation,
			Discount: disc, Strategy: m, StrategyName: pr.Name}
	}
	if err := n.Validate(); err != nil {
		tb.Fatal(err)
	}
	return n
}

// geniusStrategies maps the agents of the GENIUS pairs to parley's
// strategies in the GENIUS convention.
var geniusStrategies = map[string]string{
	"Boulware":   "boulware",
	"Conceder":   "conceder",
	"HardHeaded": "hardheaded",
	"AgentK":     "agentk",
	"CUHKAgent":  "cuhkagent",
	"Atlas3":     "atlas3",
}

// geniusReady reports whether both agents of a pair have a GENIUS
// convention yet.
func geniusReady(pair string) bool {
	for _, nm := range strings.SplitN(pair, "-", 2) {
		switch nm {
		case "Boulware", "Conceder":
		default:
			return false
		}
	}
	return true
}

// geniusPair returns the makers of a pair "X-Y" (X is party A).
func geniusPair(tb testing.TB, pair string) (a, b sim.Maker) {
	tb.Helper()
	names := strings.SplitN(pair, "-", 2)
	var ms [2]sim.Maker
	for i, nm := range names {
		in, ok := agents.Lookup(geniusStrategies[nm])
		if !ok {
			tb.Fatalf("no strategy for %s", nm)
		}
		m, err := in.New(agents.Params{"convention": "genius"})
		if err != nil {
			tb.Fatal(err)
		}
		ms[i] = m
	}
	return ms[0], ms[1]
}

// geniusMoves reads the recorded sessions of one set (domain and pair),
// as moves per run: parley's rounds (GENIUS's round − 1), actors a and b,
// actions offer, accept and walk.
func geniusMoves(tb testing.TB, domain, pair string) map[int][]move {
	tb.Helper()
	out := map[int][]move{}
	for _, r := range readCSV(tb, filepath.Join("testdata", "genius", "traces", domain+"__"+pair+".csv.gz")) {
		run, err1 := strconv.Atoi(r["run"])
		round, err2 := strconv.Atoi(r["round"])
		if err1 != nil || err2 != nil {
			tb.Fatal(err1, err2)
		}
		m := move{round: round - 1, actor: strings.ToLower(r["actor"]), bid: r["bid"]}
		switch r["action"] {
		case "Offer":
			m.action = "offer"
		case "Accept":
			m.action = "accept"
		case "EndNegotiation":
			m.action = "walk"
		default:
			tb.Fatalf("unknown action %q", r["action"])
		}
		out[run] = append(out[run], m)
	}
	return out
}

// parleyGeniusMoves turns a parley trace into GENIUS's kind of moves:
// GENIUS records no rejections (a counter-offer rejects).
func parleyGeniusMoves(s *sim.Space, tr []sim.Event) []move {
	var out []move
	for _, m := range traceMoves(s, tr, [2]string{"a", "b"}, true) {
		if m.action != "reject" {
			out = append(out, m)
		}
	}
	return out
}

// geniusSet is one set of recorded GENIUS sessions: a domain and a pair.
type geniusSet struct {
	domain, pair string
	n, distinct  int
	row          map[string]string // its row of summary.csv
}

// geniusSets returns the sets of summary.csv played by agents parley
// reproduces (GENIUS's other time-dependent family is left out).
func geniusSets(tb testing.TB) []geniusSet {
	var out []geniusSet
	for _, r := range readCSV(tb, filepath.Join("testdata", "genius", "summary.csv")) {
		if strings.Contains(r["pair"], "Party") || !geniusReady(r["pair"]) {
			continue
		}
		n, err1 := strconv.Atoi(r["n"])
		k, err2 := strconv.Atoi(r["distinct_sessions"])
		if err1 != nil || err2 != nil {
			tb.Fatal(err1, err2)
		}
		out = append(out, geniusSet{domain: r["domain"], pair: r["pair"], n: n, distinct: k, row: r})
	}
	return out
}

// TestGeniusDeterministic replays the recorded GENIUS sets whose sessions
// were all identical (distinct_sessions = 1): parley's engine with the
// pair's strategies in the GENIUS convention must play that session offer
// by offer (every offer, acceptance and walk-away, with its round and
// actor), with every seed tried.
func TestGeniusDeterministic(t *testing.T) {
	seeds := []uint64{1, 2, 3}
	identical, sets := 0, 0
	for _, set := range geniusSets(t) {
		if set.distinct != 1 {
			continue
		}
		sets++
		t.Run(set.domain+"/"+set.pair, func(t *testing.T) {
			want := geniusMoves(t, set.domain, set.pair)[0]
			a, b := geniusPair(t, set.pair)
			n := geniusNegotiation(t, geniusDomain(t, set.domain), a, b)
			s := sim.NewSession(n)
			for _, seed := range seeds {
				res := s.Play(0, seed, true)
				if d := firstDifference(parleyGeniusMoves(n.Space, res.Trace), want); d != "" {
					t.Fatalf("seed %d: %s", seed, d)
				}
			}
			identical++
		})
	}
	t.Logf("GENIUS deterministic sets: %d/%d identical offer by offer", identical, sets)
}
