package scenarios

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// FuzzParseSweep checks that no input makes ParseSweep panic or hang, that
// every error is a non-empty ErrorList of well-formed errors located in the
// sweep file or the base scenario, and that every accepted sweep has points
// whose values and --set arguments match the parameters (the fixed
// settings' arguments first), builds its first point, and round-trips
// through its resolved YAML. Base scenarios are the built-ins and the
// files of testdata/sweep.
func FuzzParseSweep(f *testing.F) {
	for _, tc := range sweepErrorCases {
		f.Add([]byte(tc.src))
	}
	for _, e := range BuiltinSweeps() {
		src, _ := BuiltinSweepSource(e.Name)
		f.Add(src)
	}
	f.Add([]byte("name: pie\nscenario: pie.yaml\ndesign: latin_hypercube\nsamples: 7\nparameters:\n  parties.b.discount: {min: 0.5, max: 1}\n  protocol.deadline: {min: 1, max: 30, integer: true}\n  parties.a.strategy.type: [boulware, conceder]\n"))
	f.Add([]byte("name: pie\nscenario: pie.yaml\ndesign: random\nsamples: 3\nprecision: 0.1\nparameters:\n  parties.a.perception: [null, {noise: 0.2}]\n"))
	f.Add([]byte("name: a\nscenario: used-car\nparameters:\n  x: &v [1, 2]\n  y: *v\n"))
	f.Add([]byte("name: pie\nscenario: pie.yaml\nfixed:\n  protocol: {deadline: 30, breakdown: 0.01}\n  parties.a.perception: {noise: 0.1}\n  issues.share.label: \"0.5\"\nparameters:\n  protocol.deadline: [10, 20]\n  parties.b.discount: [0.9]\n"))
	f.Add([]byte("name: a\nscenario: used-car\nfixed: ~\nparameters:\n  protocol.deadline: [5, 10]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSweep("fuzz.yaml", data, SweepOptions{Dir: "testdata/sweep"})
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
		if s.Points() < 1 || s.Points() > MaxSweepPoints || s.Runs() > MaxSweepRuns {
			t.Fatalf("points %d, runs %d", s.Points(), s.Runs())
		}
		for _, p := range []int{0, s.Points() - 1} {
			vals, sets := s.Values(p), s.Sets(p)
			if len(vals) != len(s.Params()) || len(sets) != len(s.fixed)+len(vals) {
				t.Fatalf("point %d: %d params, %d fixed, %d values, %d sets", p, len(s.Params()), len(s.fixed), len(vals), len(sets))
			}
			for i, x := range s.fixed {
				if want := x.path + "=" + x.list[0].arg; sets[i] != want {
					t.Fatalf("point %d: set %d is %q, want the fixed %q", p, i, sets[i], want)
				}
			}
		}
		if _, err := s.Build(0); err != nil {
			t.Fatalf("accepted a sweep whose first point fails: %v", err)
		}
		again, err := ParseSweep("resolved.yaml", s.Resolved, SweepOptions{Dir: "testdata/sweep"})
		if err != nil {
			t.Fatalf("resolved sweep does not parse: %v\n%s", err, s.Resolved)
		}
		if !bytes.Equal(again.Resolved, s.Resolved) {
			t.Fatalf("resolved sweep is not stable:\n%s\n---\n%s", s.Resolved, again.Resolved)
		}
	})
}
