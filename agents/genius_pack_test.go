package agents_test

import (
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/parley-sim/parley/agents"
	"github.com/parley-sim/parley/scenarios/genius"
	"github.com/parley-sim/parley/sim"
	"github.com/parley-sim/parley/sim/stats"
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
		case "Boulware", "Conceder", "HardHeaded", "CUHKAgent", "AgentK", "Atlas3":
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

// geniusSample is what one side played in a set of sessions: how each
// ended, its end round (GENIUS's numbering, from 1; 180 at the deadline)
// and, for agreements, both undiscounted utilities.
type geniusSample struct {
	n, agreed int
	rounds    []float64
	uA, uB    []float64
	walkaways int
	deadlines int
}

func (s *geniusSample) add(end string, round int, uA, uB float64) {
	s.n++
	s.rounds = append(s.rounds, float64(round))
	switch end {
	case "agreement":
		s.agreed++
		s.uA = append(s.uA, uA)
		s.uB = append(s.uB, uB)
	case "walkaway":
		s.walkaways++
	default:
		s.deadlines++
	}
}

// recordedSample reads a set's sessions from sessions.csv.
func recordedSample(tb testing.TB, domain, pair string) *geniusSample {
	s := &geniusSample{}
	for _, r := range readCSV(tb, filepath.Join("testdata", "genius", "sessions.csv")) {
		if r["domain"] != domain || r["pair"] != pair {
			continue
		}
		round, err := strconv.Atoi(r["end_round"])
		if err != nil {
			tb.Fatal(err)
		}
		var ua, ub float64
		if r["end"] == "agreement" {
			ua, _ = strconv.ParseFloat(r["u_A"], 64)
			ub, _ = strconv.ParseFloat(r["u_B"], 64)
		}
		s.add(r["end"], round, ua, ub)
	}
	return s
}

// meanSD returns the mean and sample standard deviation of x.
func meanSD(x []float64) (mean, sd float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		sd += (v - mean) * (v - mean)
	}
	if len(x) > 1 {
		sd = math.Sqrt(sd / float64(len(x)-1))
	}
	return mean, sd
}

// welch returns the 95% Welch interval for the difference of the means of
// a and b (stats.WelchInterval); with no spread in either sample it is the
// difference itself.
func welch(a, b []float64) (diff, lo, hi float64) {
	ma, sa := meanSD(a)
	mb, sb := meanSD(b)
	return stats.WelchInterval(ma, sa, float64(len(a)), mb, sb, float64(len(b)), 0.95)
}

// newcombe returns the 95% interval for the difference of two proportions
// (stats.NewcombeInterval: Newcombe 1998, the hybrid score interval).
func newcombe(k1, n1, k2, n2 int) (diff, lo, hi float64) {
	return stats.NewcombeInterval(k1, n1, k2, n2, stats.Z(0.95))
}

// geniusRuns is how many sessions parley plays of each stochastic set.
const geniusRuns = 40

// TestGeniusStochastic plays each recorded GENIUS set whose sessions
// differ (the agents draw random numbers) geniusRuns times with parley's
// engine and the pair's strategies in the GENIUS convention, and checks
// that parley's sessions and GENIUS's come from the same distribution as
// far as a two-sample test at 95% can tell: the 95% interval of the
// difference contains 0 for the agreement rate (Newcombe's hybrid score
// interval), the mean end round (Welch) and, over the agreed sessions,
// each party's mean undiscounted utility (Welch; when both sides agreed at
// least twice). It also logs both sides' figures.
func TestGeniusStochastic(t *testing.T) {
	within, sets := 0, 0
	for _, set := range geniusSets(t) {
		if set.distinct == 1 {
			continue
		}
		sets++
		t.Run(set.domain+"/"+set.pair, func(t *testing.T) {
			g := recordedSample(t, set.domain, set.pair)
			a, b := geniusPair(t, set.pair)
			n := geniusNegotiation(t, geniusDomain(t, set.domain), a, b)
			s := sim.NewSession(n)
			p := &geniusSample{}
			recorded := map[string]bool{}
			for _, ms := range geniusMoves(t, set.domain, set.pair) {
				recorded[fmt.Sprint(ms)] = true
			}
			same := 0 // parley sessions identical to a recorded one
			for run := range geniusRuns {
				res := s.Play(run, sim.RunSeed(20261207, run), true)
				if recorded[fmt.Sprint(parleyGeniusMoves(n.Space, res.Trace))] {
					same++
				}
				end := map[sim.EndReason]string{sim.EndAgreement: "agreement", sim.EndWalkAway: "walkaway"}[res.End]
				var ua, ub float64
				if res.Agreed() {
					g := geniusDomain(t, set.domain)
					idx := n.Space.Decode(res.Agreement, make([]int, n.Space.NumIssues()))
					ua, ub = g.Utility(0, idx, genius.Native), g.Utility(1, idx, genius.Native)
				}
				p.add(end, res.Round+1, ua, ub)
			}
			var bad []string
			check := func(what string) func(diff, lo, hi float64) {
				return func(diff, lo, hi float64) {
					if !(lo <= 1e-9 && hi >= -1e-9) {
						bad = append(bad, fmt.Sprintf("%s: parley − GENIUS = %.4g, 95%% interval [%.4g, %.4g]", what, diff, lo, hi))
					}
				}
			}
			check("agreement rate")(newcombe(p.agreed, p.n, g.agreed, g.n))
			check("mean end round")(welch(p.rounds, g.rounds))
			if p.agreed >= 2 && g.agreed >= 2 {
				check("mean u_A of agreements")(welch(p.uA, g.uA))
				check("mean u_B of agreements")(welch(p.uB, g.uB))
			}
			pr, _ := meanSD(p.rounds)
			gr, _ := meanSD(g.rounds)
			pa, _ := meanSD(p.uA)
			ga, _ := meanSD(g.uA)
			pb, _ := meanSD(p.uB)
			gb, _ := meanSD(g.uB)
			t.Logf("agreements parley %d/%d, GENIUS %d/%d; mean end round %.2f, %.2f; mean u_A %.4f, %.4f; mean u_B %.4f, %.4f; %d of parley's sessions identical to one of GENIUS's %d distinct ones",
				p.agreed, p.n, g.agreed, g.n, pr, gr, pa, ga, pb, gb, same, len(recorded))
			if len(bad) > 0 {
				t.Fatalf("not within the recorded distribution:\n%s", strings.Join(bad, "\n"))
			}
			within++
		})
	}
	t.Logf("GENIUS stochastic sets: %d/%d within the recorded distributions", within, sets)
}
