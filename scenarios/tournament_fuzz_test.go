package scenarios

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParseTournament checks that no input makes ParseTournament panic or
// hang, that every error is a non-empty ErrorList of well-formed errors
// located in the tournament file or a domain's, and that every accepted
// tournament has points within the limits, builds its first and last
// point, and parses again from its resolved YAML to the same fingerprint.
// Domains are the built-in scenarios and the files of testdata/sweep.
func FuzzParseTournament(f *testing.F) {
	for _, tc := range tournamentErrorCases {
		f.Add([]byte(tc.src))
	}
	for _, e := range BuiltinTournaments() {
		src, _ := BuiltinTournamentSource(e.Name)
		f.Add(src)
	}
	f.Add([]byte("name: t\nagents:\n  - boulware\n  - {type: time-dependent, e: 0.5}\n  - {type: conceder, label: soft}\ndomains: [used-car, bench-3x10]\nrepetitions: 3\ndeadline: 25\nseed: 9\n"))
	f.Add([]byte("name: t\nagents: [boulware, hardheaded]\ndomains: [pie.yaml]\nself_play: true\n"))
	f.Add([]byte("name: t\nagents: [&a boulware, *a]\ndomains: [used-car]\n"))
	f.Add([]byte("name: t\nagents:\n  - {type: time-dependent, e: 1e308, label: \"\\u001b[31m\"}\n  - conceder\ndomains: [\"../../etc\"]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tt, err := ParseTournament("fuzz.yaml", data, TournamentOptions{Dir: "testdata/sweep"})
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error is not a non-empty ErrorList: %#v", err)
			}
			for _, e := range list {
				switch {
				case e.Msg == "":
					t.Errorf("empty message: %#v", e)
				case e.File != "fuzz.yaml" && !strings.HasPrefix(e.File, "testdata/sweep/") && !strings.HasPrefix(e.File, "builtin:"):
					t.Errorf("file %q", e.File)
				case e.Line < 0 || e.Col < 0 || (e.Col > 0 && e.Line == 0):
					t.Errorf("bad position: %#v", e)
				}
			}
			return
		}
		if tt.Points() < 1 || tt.Runs() > MaxSweepRuns {
			t.Fatalf("points %d, runs %d", tt.Points(), tt.Runs())
		}
		for _, p := range []int{0, tt.Points() - 1} {
			if _, err := tt.Build(p); err != nil {
				t.Fatalf("accepted a tournament whose point %d fails: %v", p, err)
			}
		}
		again, err := ParseTournament("resolved.yaml", tt.Resolved, TournamentOptions{Dir: "testdata/sweep"})
		if err != nil {
			t.Fatalf("resolved tournament does not parse: %v\n%s", err, tt.Resolved)
		}
		if again.Fingerprint() != tt.Fingerprint() {
			t.Fatalf("resolved tournament has another fingerprint:\n%s\n---\n%s", tt.Resolved, again.Resolved)
		}
	})
}
