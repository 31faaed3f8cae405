package narrate_test

// The golden narrations play built-in scenarios with the real strategies,
// so this file lives in the external test package: package narrate itself
// imports only sim, and only this test reads scenarios.

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-sim/parley/results/narrate"
	"github.com/parley-sim/parley/scenarios"
	"github.com/parley-sim/parley/sim"
)

var update = flag.Bool("update", false, "rewrite the golden narrations in testdata/narrate")

// narrationCases are the golden narrations: a built-in scenario, the --set
// overrides, and what the narration must show whatever its wording.
var narrationCases = []struct {
	name     string
	scenario string
	sets     []string
	want     []string
}{
	{
		name:     "south-caucasus",
		scenario: "south-caucasus",
		want: []string{
			"asks Russia for help: at the pace of the last 6 rounds",
			"Both sides have asked: Russia is invited",
			"accepts the text",
			"Compared with the Nash point",
			"of its effective horizon",
		},
	},
	{
		// Another seed, whose run 0 draws a stalemate and a text with a
		// route operator, and so the guarantee.
		name:     "south-caucasus-guarantee",
		scenario: "south-caucasus",
		sets:     []string{"seed=2"},
		want: []string{
			"asks Russia for help: for 17 rounds neither its own offer fell",
			"with the guarantee route_security_guarantee attached",
			"(the guarantee included)",
		},
	},
	{
		name:     "single-text",
		scenario: "single-text",
		want:     []string{"starts from a text drawn at random", "proposes a change", "votes yes", "votes no", "it becomes the new text", "signs the final text"},
	},
	{
		name:     "rubinstein-pie",
		scenario: "rubinstein-pie",
		want:     []string{"target", "(Boulware, e = 0.2)", "(Conceder, e = 2)", "Share of the pie to A: "},
	},
	{
		name:     "rubinstein-pie-spe",
		scenario: "rubinstein-pie",
		sets:     []string{"parties.a.strategy={type: rubinstein, period: offer}", "parties.b.strategy={type: rubinstein, period: offer}"},
		want:     []string{"offers the equilibrium split: 0.716 of the pie for itself", "Agreement in round 0"},
	},
	{
		name:     "hardliner-vs-boulware",
		scenario: "south-caucasus",
		sets: []string{
			"parties.armenia.strategy={type: boulware}",
			"parties.azerbaijan.strategy={type: hardliner}",
			"facilitator.mode=never",
			"protocol.deadline=200",
			"protocol.breakdown=0",
		},
		want: []string{"never concedes", "Rounds ", "repeats its offer", "the deadline passed after 200 rounds"},
	},
}

// narrateScenario plays run 0 of a built-in scenario, traced, and narrates
// it, as parley run does: with its own draws of the scenario's uncertain
// assumptions, told in the negotiation they make.
func narrateScenario(t *testing.T, scenario string, sets []string, o narrate.Options) (string, *sim.Result) {
	t.Helper()
	sc, err := scenarios.Load(scenario, sets)
	if err != nil {
		t.Fatal(err)
	}
	var res *sim.Result
	b := sim.Batch{Negotiation: sc.Negotiation, Runs: 1, Seed: sc.Seed, Workers: 1, Trace: 1}
	if len(sc.Assumptions) > 0 {
		b.NewSampler = sc.NewSampler
	}
	if err := b.Run(t.Context(), func(r *sim.Result) error { res = r; return nil }); err != nil {
		t.Fatal(err)
	}
	n := sc.Negotiation
	if b.NewSampler != nil {
		if n, _, err = sc.NewSampler().Sample(0, res.Seed, nil); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := narrate.Run(&buf, n, res, o); err != nil {
		t.Fatal(err)
	}
	return buf.String(), res
}

func TestNarrateGolden(t *testing.T) {
	for _, tc := range narrationCases {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := narrateScenario(t, tc.scenario, tc.sets, narrate.Options{})
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("the narration does not say %q", w)
				}
			}
			if strings.Contains(got, "\x1b") {
				t.Error("the narration has terminal escapes without Color")
			}
			path := filepath.Join("testdata", "narrate", tc.name+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("narration differs from %s (run with -update to accept):\n%s", path, firstDiff(got, string(want)))
			}
		})
	}
}

// TestNarrateLongRunReadable checks that a 200-round run in which a
// hardliner faces a Boulware agent stays short.
func TestNarrateLongRunReadable(t *testing.T) {
	i := slices.IndexFunc(narrationCases, func(c struct {
		name     string
		scenario string
		sets     []string
		want     []string
	}) bool {
		return c.name == "hardliner-vs-boulware"
	})
	tc := narrationCases[i]
	got, res := narrateScenario(t, tc.scenario, tc.sets, narrate.Options{})
	if res.Round != 199 {
		t.Fatalf("the run ended in round %d, not at the deadline", res.Round)
	}
	if lines := strings.Count(got, "\n"); lines > 150 {
		t.Errorf("a 200-round run takes %d lines", lines)
	}
	full, _ := narrateScenario(t, tc.scenario, tc.sets, narrate.Options{Condense: -1, Steady: -1})
	if strings.Count(full, "Round ") < 200 {
		t.Errorf("Condense < 0 writes only %d rounds", strings.Count(full, "Round "))
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + a + "\nwant: " + b
		}
	}
	return ""
}
