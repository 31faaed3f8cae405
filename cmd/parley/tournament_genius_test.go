package main

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-sim/parley/scenarios"
	"github.com/parley-sim/parley/scenarios/genius"
	"github.com/parley-sim/parley/sim/stats"
)

// geniusTournament is the tournament of the agents whose GENIUS sessions
// testdata/genius holds, on its three domains, as GENIUS played them: 180
// rounds, each agent in the GENIUS convention, labelled by its GENIUS
// name, 40 repetitions of each pairing as agents' TestGeniusStochastic
// plays of each set (GENIUS played 20, or 3 of Boulware–Conceder). DOMAINS
// is replaced by the domains' folder.
const geniusTournament = `name: genius-pairs
agents:
  - {type: boulware, convention: genius, label: Boulware}
  - {type: conceder, convention: genius, label: Conceder}
  - {type: hardheaded, convention: genius, label: HardHeaded}
  - {type: agentk, convention: genius, label: AgentK}
  - {type: atlas3, convention: genius, label: Atlas3}
  - {type: cuhkagent, convention: genius, label: CUHKAgent}
domains: [DOMAINS/Laptop, DOMAINS/Grocery, DOMAINS/Wholesaler]
repetitions: 40
deadline: 180
seed: 20261207
`

// endSample is how a set of negotiations ended: the end round (GENIUS's
// numbering, from 1) of each and both parties' GENIUS utilities of each
// agreement.
type endSample struct {
	n, agreed int
	rounds    []float64
	uA, uB    []float64
}

func (s *endSample) add(agreed bool, round int, uA, uB float64) {
	s.n++
	s.rounds = append(s.rounds, float64(round))
	if agreed {
		s.agreed++
		s.uA = append(s.uA, uA)
		s.uB = append(s.uB, uB)
	}
}

// readRows reads a CSV file as maps from column to cell.
func readRows(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
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

// TestTournamentReproducesGenius plays the tournament of the six agents
// whose GENIUS 9.1.10 sessions testdata/genius holds (recorded from GENIUS
// by agents/testdata/genius, see its README; the domains' XML files and
// one row per session, copied here) with 'parley tournament', and checks
// that each recorded pair (domain, agent A, agent B) of the tournament's
// runs.csv and GENIUS's sessions come from the same distribution as far
// as a two-sample test at 95% can tell: the interval of the difference
// contains 0 for the agreement rate (Newcombe's hybrid score interval),
// the mean end round and, over the agreements, each party's mean GENIUS
// utility (Welch). Utilities are GENIUS's of the agreed outcome (its
// weights as written), which the tournament's table gives as parley's
// (weights that sum to 1). It logs the reproduction table.
func TestTournamentReproducesGenius(t *testing.T) {
	if testing.Short() {
		t.Skip("plays 3,600 GENIUS sessions; skipped in -short mode")
	}
	data, err := filepath.Abs(filepath.Join("testdata", "genius"))
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	file := filepath.Join(work, "genius.yaml")
	src := strings.ReplaceAll(geniusTournament, "DOMAINS", filepath.Join(data, "domains"))
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(work, "out")
	runParley(t, "tournament", file, "--out", out, "--no-charts", "--quiet")

	// GENIUS's utility of each agreement, from the domain's own files.
	type domainInfo struct {
		d   *genius.Domain
		sc  *scenarios.Scenario
		ids []map[string]int // value id → index, per issue
	}
	domains := map[string]*domainInfo{} // by GENIUS name
	geniusName := map[string]string{}   // by the tournament's label
	for _, name := range []string{"Laptop", "Grocery", "Wholesaler"} {
		dir := filepath.Join(data, "domains", name)
		imp, err := genius.Import([]string{dir}, genius.Options{Deadline: 180})
		if err != nil {
			t.Fatal(err)
		}
		sc, err := scenarios.Parse(dir, imp.YAML, nil)
		if err != nil {
			t.Fatal(err)
		}
		info := &domainInfo{d: imp.Domain, sc: sc}
		for _, is := range sc.Negotiation.Space.Issues() {
			m := map[string]int{}
			for k, v := range is.Values {
				m[v.ID] = k
			}
			info.ids = append(info.ids, m)
		}
		domains[name] = info
		geniusName[sc.Name] = name
	}
	geniusUtility := func(info *domainInfo, agreement string) (uA, uB float64) {
		idx := make([]int, len(info.ids))
		for i, kv := range strings.Split(agreement, ";") {
			_, v, _ := strings.Cut(kv, "=")
			k, ok := info.ids[i][v]
			if !ok {
				t.Fatalf("agreement %q: no value %q of issue %d", agreement, v, i)
			}
			idx[i] = k
		}
		return info.d.Utility(0, idx, genius.Native), info.d.Utility(1, idx, genius.Native)
	}

	parley := map[string]*endSample{} // by GENIUS domain and pair
	for _, r := range readRows(t, filepath.Join(out, "runs.csv")) {
		name := geniusName[r["domain"]]
		key := name + "/" + r["agent_A"] + "-" + r["agent_B"]
		s := parley[key]
		if s == nil {
			s = &endSample{}
			parley[key] = s
		}
		round, err := strconv.Atoi(r["round"])
		if err != nil {
			t.Fatal(err)
		}
		agreed := r["agreed"] == "true"
		var ua, ub float64
		if agreed {
			ua, ub = geniusUtility(domains[name], r["agreement"])
		}
		s.add(agreed, round+1, ua, ub)
	}
	recorded := map[string]*endSample{}
	var keys []string
	for _, r := range readRows(t, filepath.Join(data, "sessions.csv")) {
		key := r["domain"] + "/" + r["pair"]
		s := recorded[key]
		if s == nil {
			s = &endSample{}
			recorded[key] = s
			keys = append(keys, key)
		}
		round, err := strconv.Atoi(r["end_round"])
		if err != nil {
			t.Fatal(err)
		}
		ua, _ := strconv.ParseFloat(r["u_A"], 64)
		ub, _ := strconv.ParseFloat(r["u_B"], 64)
		s.add(r["end"] == "agreement", round, ua, ub)
	}
	if len(keys) != 15 {
		t.Fatalf("%d recorded sets, want 15 (5 pairs on 3 domains)", len(keys))
	}

	var table strings.Builder
	fmt.Fprintf(&table, "%-32s %14s %14s %16s %16s\n", "domain/pair (A-B)", "agreed p/G", "round p/G", "u_A p/G", "u_B p/G")
	z := stats.Z(0.95)
	for _, key := range keys {
		g, p := recorded[key], parley[key]
		if p == nil {
			t.Errorf("%s: the tournament did not play this pair", key)
			continue
		}
		var bad []string
		check := func(what string, diff, lo, hi float64) {
			if !(lo <= 1e-9 && hi >= -1e-9) {
				bad = append(bad, fmt.Sprintf("%s: parley − GENIUS = %.4g, 95%% interval [%.4g, %.4g]", what, diff, lo, hi))
			}
		}
		welch := func(what string, a, b []float64) {
			ma, sa := meanSD(a)
			mb, sb := meanSD(b)
			d, lo, hi := stats.WelchInterval(ma, sa, float64(len(a)), mb, sb, float64(len(b)), 0.95)
			check(what, d, lo, hi)
		}
		d, lo, hi := stats.NewcombeInterval(p.agreed, p.n, g.agreed, g.n, z)
		check("agreement rate", d, lo, hi)
		welch("mean end round", p.rounds, g.rounds)
		if p.agreed >= 2 && g.agreed >= 2 {
			welch("mean u_A of agreements", p.uA, g.uA)
			welch("mean u_B of agreements", p.uB, g.uB)
		}
		pr, _ := meanSD(p.rounds)
		gr, _ := meanSD(g.rounds)
		pa, _ := meanSD(p.uA)
		ga, _ := meanSD(g.uA)
		pb, _ := meanSD(p.uB)
		gb, _ := meanSD(g.uB)
		fmt.Fprintf(&table, "%-32s %6s %7s %7.1f %6.1f %8.4f %7.4f %8.4f %7.4f\n", key,
			fmt.Sprintf("%d/%d", p.agreed, p.n), fmt.Sprintf("%d/%d", g.agreed, g.n), pr, gr, pa, ga, pb, gb)
		if len(bad) > 0 {
			t.Errorf("%s: not within the recorded distribution:\n%s", key, strings.Join(bad, "\n"))
		}
	}
	t.Logf("parley's tournament (p) against GENIUS's recorded sessions (G):\n%s", table.String())
}
