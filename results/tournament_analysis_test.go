package results

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-sim/parley/results/atomicfile"
)

// TestRank checks the ranks against hand-worked cases: competition ranks
// for equal means, and the ranks the intervals allow.
func TestRank(t *testing.T) {
	nan := math.NaN()
	labels := []string{"x", "y", "z", "w", "v"}
	// v has no interval, so no agent can be placed surely above or below
	// it: every other agent's worst rank counts it as possibly ahead.
	rows := []TournamentRank{
		{Agent: 0, Mean: 0.75, Lo: 0.70, Hi: 0.80}, // above w, z: 1–3
		{Agent: 1, Mean: 0.70, Lo: 0.65, Hi: 0.75}, // above z only: 1–4
		{Agent: 2, Mean: 0.25, Lo: 0.20, Hi: 0.30}, // below x, y, w: 4–5
		{Agent: 3, Mean: 0.60, Lo: 0.50, Hi: 0.66}, // below x, above z: 2–4
		{Agent: 4, Mean: 0.25, Lo: nan, Hi: nan},   // ties z's mean: 1–5
	}
	rank(rows, labels)
	want := []struct {
		label             string
		rank, best, worst int
	}{
		{"x", 1, 1, 3},
		{"y", 2, 1, 4},
		{"w", 3, 2, 4},
		{"v", 4, 1, 5}, // equal means share a rank, listed by label
		{"z", 4, 4, 5},
	}
	for i, w := range want {
		r := rows[i]
		if labels[r.Agent] != w.label || r.Rank != w.rank || r.Best != w.best || r.Worst != w.worst {
			t.Errorf("row %d: %s rank %d (%d–%d), want %s rank %d (%d–%d)",
				i, labels[r.Agent], r.Rank, r.Best, r.Worst, w.label, w.rank, w.best, w.worst)
		}
	}
}

// TestWriteTournamentAnalysis computes the tables of a small hand-made
// tournament folder and checks them against values worked by hand.
// handTournament returns a small hand-made tournament folder: its
// manifest and runs.csv.
func handTournament(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	m := SweepManifest{Version: "test", Sweep: "hand", Fingerprint: "f", Design: TournamentDesign,
		Parameters: TournamentParameters, Points: 4, Replications: 1, Seed: 1, Complete: true, Runs: 4}
	m = m.withDefaults()
	if err := m.write(dir); err != nil {
		t.Fatal(err)
	}
	// p and q meet on one domain in both roles, p and p (self-play) once.
	runs := `domain,agent_A,agent_B,agreed,round,u_A,u_B,ud_A,ud_B,welfare,dist_pareto,dist_nash
d,p,q,true,4,0.8,0.4,0.8,0.4,1.2,0,0.1
d,q,p,true,6,0.6,0.6,0.6,0.6,1.2,0,0
d,p,p,false,10,0.2,0.2,0.2,0.2,0.4,,
e,q,p,false,10,0.1,0.3,0.1,0.3,0.4,,
`
	if err := os.WriteFile(filepath.Join(dir, RunsFile), []byte(runs), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestWriteTournamentAnalysisLocked checks that the analysis of a
// tournament folder is refused, with atomicfile.ErrLocked and nothing
// written, while another writer holds the folder's lock, and that what an
// interrupted write left in the folder is removed: it wrote into the
// folder without the lock.
func TestWriteTournamentAnalysisLocked(t *testing.T) {
	dir := handTournament(t)
	stale := filepath.Join(dir, ".agents.csv.tmp-1234")
	if err := os.WriteFile(stale, []byte("torn"), 0o644); err != nil {
		t.Fatal(err)
	}
	lock, err := atomicfile.LockFolder(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	before := folderBytes(t, dir)
	if _, err := WriteTournamentAnalysis(dir, TournamentAnalysisOptions{NoCharts: true}); !errors.Is(err, atomicfile.ErrLocked) {
		t.Errorf("analysis of a locked folder: %v, want ErrLocked", err)
	}
	if after := folderBytes(t, dir); !sameBytes(before, after) {
		t.Error("the locked folder changed")
	}
	lock.Unlock()
	if _, err := WriteTournamentAnalysis(dir, TournamentAnalysisOptions{NoCharts: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the temporary file of an interrupted write is still there: %v", err)
	}
}

func TestWriteTournamentAnalysis(t *testing.T) {
	dir := handTournament(t)
	if _, err := WriteTournamentAnalysis(dir, TournamentAnalysisOptions{NoCharts: true}); err != nil {
		t.Fatal(err)
	}
	tr, err := ReadTournament(dir)
	if err != nil {
		t.Fatal(err)
	}
	// p: utilities 0.8 (A), 0.6 (B), 0.2 and 0.2 (both roles against
	// itself), 0.3 (B): mean 2.1/5 = 0.42; as A 0.8, 0.2: 0.5; as B 0.6,
	// 0.2, 0.3: 1.1/3. q: 0.4, 0.6, 0.1: mean 1.1/3.
	p, q := &tr.Agents[0], &tr.Agents[1]
	if p.Label != "p" || q.Label != "q" || len(tr.Domains) != 2 || tr.Runs != 4 {
		t.Fatalf("agents %s, %s, domains %v, runs %d", p.Label, q.Label, tr.Domains, tr.Runs)
	}
	check := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	mp, _, _ := p.Utility()
	mq, _, _ := q.Utility()
	check("p's mean utility", mp, 0.42)
	check("q's mean utility", mq, 1.1/3)
	check("p's utility as A", p.role[0].mean, 0.5)
	check("p's utility as B", p.role[1].mean, 1.1/3)
	check("p's round", p.round.mean, 5)
	check("p's dist_nash", p.distNash.mean, 0.05)
	if p.Negotiations != 5 || p.Agreements != 2 || q.Negotiations != 3 || q.Agreements != 2 {
		t.Errorf("p %d/%d, q %d/%d agreements/negotiations; want 2/5 and 2/3", p.Agreements, p.Negotiations, q.Agreements, q.Negotiations)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	ranking := strings.Split(read(RankingFile), "\n")
	if !strings.HasPrefix(ranking[1], "1,p,0.42,") || !strings.HasPrefix(ranking[2], "2,q,") {
		t.Errorf("ranking.csv:\n%s", strings.Join(ranking, "\n"))
	}
	// p against q: 0.8, 0.6, 0.3, two agreements in three; p against p:
	// 0.2 twice.
	matchups := read(MatchupsFile)
	for _, want := range []string{"\np,p,2,0,", "\np,q,3,0.6666666666666666,", "\nq,p,3,0.6666666666666666,"} {
		if !strings.Contains(matchups, want) {
			t.Errorf("matchups.csv lacks %q:\n%s", want, matchups)
		}
	}
	if !strings.Contains(matchups, ",0.5666666666666667,") {
		t.Errorf("p's mean utility against q (1.7/3) is missing:\n%s", matchups)
	}
	if !strings.HasPrefix(read(AgentsFile), "agent,negotiations,utility_mean,utility_lo,utility_hi,utility_A_mean") {
		t.Errorf("agents.csv header:\n%s", read(AgentsFile))
	}
}
