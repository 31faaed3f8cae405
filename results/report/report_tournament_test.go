package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-sim/parley/results"
)

// TestTournamentReport reports a small tournament folder: the ranking,
// the agents' table, both charts and the resolved tournament, in a
// tournament's words (pairings and negotiations, not parameter points).
func TestTournamentReport(t *testing.T) {
	dir := t.TempDir()
	m := results.SweepManifest{Version: "test", Sweep: "hand", Fingerprint: "f", Design: results.TournamentDesign,
		Parameters: results.TournamentParameters, Points: 3, Replications: 1, Seed: 5, Shards: 1, Complete: true, Runs: 3,
		SweepYAML: "name: hand\nagents:\n  - {label: p, type: boulware}\n  - {label: q, type: conceder}\ndomains:\n  - used-car\nrepetitions: 1\nself_play: true\nseed: 5\n"}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	runs := `point,domain,agent_A,agent_B,agreed,round,u_A,u_B,ud_A,ud_B,welfare,dist_pareto,dist_nash
0,used-car,p,q,true,4,0.8,0.4,0.8,0.4,1.2,0,0.1
1,used-car,q,p,true,6,0.6,0.6,0.6,0.6,1.2,0,0
2,used-car,p,p,false,10,0.2,0.2,0.2,0.2,0.4,,
`
	for name, data := range map[string][]byte{results.ManifestFile: b, results.RunsFile: []byte(runs)} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := results.WriteTournamentAnalysis(dir, results.TournamentAnalysisOptions{}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Write(&out, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	page := out.String()
	for _, want := range []string{
		"<h1>hand: tournament results</h1>",
		"parley test · master seed 5 · 2 agents · 1 domain · 3 pairings · 3 negotiations",
		`id="chart-tournament-ranking"`, `id="chart-tournament-matchups"`,
		"Ranking (ranking.csv)", "Agents (agents.csv)", "Matchups (matchups.csv)",
		"<td>q</td>", // an agent's row
		"self_play: true",
		"highest mean utility",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if strings.Contains(page, "parameter point") {
		t.Error("the report speaks of parameter points")
	}
	// Without charts, the report says so.
	for _, name := range []string{"tournament-ranking.svg", "tournament-matchups.svg"} {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	out.Reset()
	if err := Write(&out, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "No tournament-ranking.svg in this folder") {
		t.Error("the report of a folder without charts does not say so")
	}
}
