package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestBuiltinTournaments loads every built-in tournament: each must be
// valid, and its points must be the round robin the file describes.
func TestBuiltinTournaments(t *testing.T) {
	entries := BuiltinTournaments()
	if len(entries) < 2 {
		t.Fatalf("%d built-in tournaments, want at least 2", len(entries))
	}
	for _, e := range entries {
		tt, err := LoadTournament(e.Name, TournamentOptions{})
		if err != nil {
			t.Fatalf("%s: %v", e.Name, err)
		}
		pairs := len(tt.Agents) * (len(tt.Agents) - 1)
		if tt.SelfPlay {
			pairs = len(tt.Agents) * len(tt.Agents)
		}
		if got, want := tt.Points(), len(tt.Domains)*pairs; got != want {
			t.Errorf("%s: %d points, want %d", e.Name, got, want)
		}
		if e.Description == "" {
			t.Errorf("%s: no description", e.Name)
		}
	}
}

// TestTournamentPoints checks the order of the points (domain first, then
// agent A, then agent B, each in file order), the labels, the overrides
// and the negotiations built.
func TestTournamentPoints(t *testing.T) {
	src := `name: t
agents:
  - boulware
  - {type: time-dependent, e: 0.5}
  - {type: conceder, label: soft}
domains: [used-car, bench-3x10]
repetitions: 3
deadline: 25
seed: 9
`
	tt, err := ParseTournament("t.yaml", []byte(src), TournamentOptions{})
	if err != nil {
		t.Fatal(err)
	}
	labels := []string{}
	for _, a := range tt.Agents {
		labels = append(labels, a.Label)
	}
	if want := []string{"boulware", "time-dependent(e=0.5)", "soft"}; !slices.Equal(labels, want) {
		t.Errorf("labels %q, want %q", labels, want)
	}
	if tt.Points() != 12 || tt.Runs() != 36 || tt.Seed != 9 || tt.Repetitions != 3 {
		t.Errorf("points %d, runs %d, seed %d, repetitions %d; want 12, 36, 9, 3", tt.Points(), tt.Runs(), tt.Seed, tt.Repetitions)
	}
	want := [][]string{
		{"used-car", "boulware", "time-dependent(e=0.5)"},
		{"used-car", "boulware", "soft"},
		{"used-car", "time-dependent(e=0.5)", "boulware"},
		{"used-car", "time-dependent(e=0.5)", "soft"},
		{"used-car", "soft", "boulware"},
		{"used-car", "soft", "time-dependent(e=0.5)"},
		{"bench-3x10", "boulware", "time-dependent(e=0.5)"},
	}
	for p, w := range want {
		if got := tt.Values(p); !slices.Equal(got, w) {
			t.Errorf("point %d: %q, want %q", p, got, w)
		}
	}
	if tt.Values(12) != nil || tt.Values(-1) != nil {
		t.Error("Values out of range is not nil")
	}
	n, err := tt.Build(4)
	if err != nil {
		t.Fatal(err)
	}
	if n.Parties[0].StrategyName != "soft" || n.Parties[1].StrategyName != "boulware" || n.Protocol.Deadline != 25 {
		t.Errorf("point 4 plays %s against %s with deadline %d; want soft, boulware, 25",
			n.Parties[0].StrategyName, n.Parties[1].StrategyName, n.Protocol.Deadline)
	}
	if base := tt.Domains[0].Scenario.Negotiation; base.Parties[0].StrategyName == "soft" {
		t.Error("Build changed the domain's own negotiation")
	}
	seed, self := uint64(4), true
	o, err := ParseTournament("t.yaml", []byte(src), TournamentOptions{Repetitions: 7, Seed: &seed, SelfPlay: &self, Deadline: 30})
	if err != nil {
		t.Fatal(err)
	}
	if o.Points() != 18 || o.Repetitions != 7 || o.Seed != 4 || o.Deadline != 30 {
		t.Errorf("overridden: points %d, repetitions %d, seed %d, deadline %d; want 18, 7, 4, 30", o.Points(), o.Repetitions, o.Seed, o.Deadline)
	}
	if o.Fingerprint() == tt.Fingerprint() {
		t.Error("the overrides leave the fingerprint unchanged")
	}
	capped, err := ParseTournament("t.yaml", []byte(src), TournamentOptions{Capped: 2})
	if err != nil || capped.Repetitions != 2 || capped.Fingerprint() == tt.Fingerprint() {
		t.Errorf("capped at 2: %v, repetitions %d, want 2 and a fingerprint of its own", err, capped.Repetitions)
	}
	again, _ := ParseTournament("t.yaml", []byte(src), TournamentOptions{})
	if again.Fingerprint() != tt.Fingerprint() || string(again.Resolved) != string(tt.Resolved) {
		t.Error("the same file gives another fingerprint or resolved text")
	}
	for _, s := range []string{"label: soft", "type: conceder", "e: 0.5", "deadline: 25", "seed: 9", "self_play: false"} {
		if !strings.Contains(string(tt.Resolved), s) {
			t.Errorf("the resolved tournament lacks %q:\n%s", s, tt.Resolved)
		}
	}
}

// tournamentErrorCases are tournament files with one mistake each, the
// line of its error and what the error says; FuzzParseTournament starts
// from them.
var tournamentErrorCases = []struct {
	name, src string
	line      int
	want      string
}{
	{"no agents", "name: t\ndomains: [used-car]\n", 1, "missing"},
	{"unknown strategy", "name: t\nagents: [boulware, nosuch]\ndomains: [used-car]\n", 2, "nosuch"},
	{"one agent", "name: t\nagents: [boulware]\ndomains: [used-car]\n", 2, "one agent meets no one"},
	{"same label", "name: t\nagents:\n  - boulware\n  - {type: boulware}\ndomains: [used-car]\n", 4, "a second agent labelled \"boulware\""},
	{"unknown parameter", "name: t\nagents:\n  - boulware\n  - {type: time-dependent, z: 1}\ndomains: [used-car]\n", 4, "z"},
	{"distribution", "name: t\nagents:\n  - boulware\n  - {type: time-dependent, e: {uniform: [0.1, 1]}}\ndomains: [used-car]\n", 4, "values, not distributions"},
	{"unknown field", "name: t\nagents: [boulware, conceder]\ndomains: [used-car]\nrounds: 3\n", 4, "rounds"},
	{"no domain", "name: t\nagents: [boulware, conceder]\ndomains: [nowhere]\n", 3, "nowhere"},
	{"same domain", "name: t\nagents: [boulware, conceder]\ndomains: [used-car, used-car]\n", 3, "a second domain named \"used-car\""},
	{"bad repetitions", "name: t\nagents: [boulware, conceder]\ndomains: [used-car]\nrepetitions: 0\n", 4, "repetitions"},
	{"too many runs", "name: t\nagents: [boulware, conceder]\ndomains: [used-car]\nrepetitions: 100000000\n", 4, "above the limit"},
}

// TestTournamentErrors checks that each mistake is reported at its place.
func TestTournamentErrors(t *testing.T) {
	for _, c := range tournamentErrorCases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseTournament("t.yaml", []byte(c.src), TournamentOptions{})
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("got %v, want an ErrorList", err)
			}
			if list[0].Line != c.line || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v (line %d), want line %d saying %q", err, list[0].Line, c.line, c.want)
			}
		})
	}
}

// TestTournamentFileDomains loads domains from files relative to the
// tournament file, and refuses a built-in tournament's file domain.
func TestTournamentFileDomains(t *testing.T) {
	dir := t.TempDir()
	src, _ := BuiltinSource("used-car")
	if err := os.WriteFile(filepath.Join(dir, "car.yaml"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	tf := filepath.Join(dir, "t.yaml")
	if err := os.WriteFile(tf, []byte("name: t\nagents: [boulware, conceder]\ndomains: [car.yaml, bench-3x10]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tt, err := LoadTournament(tf, TournamentOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if tt.Domains[0].Label != "used-car" || tt.Domains[0].Path != "car.yaml" || tt.Domains[1].Label != "bench-3x10" {
		t.Errorf("domains %+v", tt.Domains)
	}
	if _, err := QuickTournament([]string{"boulware", "{type: time-dependent, e: 2}"}, []string{filepath.Join(dir, "car.yaml")}, TournamentOptions{}); err != nil {
		t.Errorf("quick tournament on a file: %v", err)
	}
}
