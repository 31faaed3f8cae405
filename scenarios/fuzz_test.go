package scenarios

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// FuzzParse checks that no input makes Parse panic, that every error is a
// well-formed, positioned *Error in a non-empty ErrorList, and that every
// accepted scenario round-trips through its resolved YAML. sets holds --set
// arguments separated by newlines.
func FuzzParse(f *testing.F) {
	for _, tc := range invalidCases {
		f.Add([]byte(tc.src), strings.Join(tc.sets, "\n"))
	}
	for _, src := range validSources(f) {
		f.Add([]byte(src), "")
		f.Add([]byte(src), "protocol.breakdown=0.5\nruns=3")
	}
	for _, tc := range setCases {
		f.Add([]byte(tc.src), strings.Join(tc.sets, "\n"))
	}
	f.Add([]byte(commentsCase), "")
	f.Add([]byte(facCase), "parties.a.perception.noise=0.3\nseed=5\nfacilitator.guarantees.checks.cost=0.2")
	f.Add([]byte(facCase), "facilitator=\nprotocol.type=monotonic")
	f.Add([]byte(base), "protocol.type=single_text\nprotocol.moves=package2\nprotocol.discount_per=round")
	f.Add([]byte(billionLaughs), "")
	f.Add([]byte(base), "parties.a.discount={uniform: [0.9, 0.99]}\nparties.b.weights_concentration=10\nprotocol.first={choice: {a: 0.5, b: 0.5}}")
	f.Add([]byte(facCase), "facilitator.invite_when.window={normal: {mean: 3, sd: 2}}\nparties.b.strategy.type={choice: {linear: 0.5, conceder: 0.5}}")
	f.Fuzz(func(t *testing.T, data []byte, setArgs string) {
		var sets []string
		if setArgs != "" {
			sets = strings.Split(setArgs, "\n")
		}
		s, err := Parse("fuzz.yaml", data, sets)
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error is not a non-empty ErrorList: %#v", err)
			}
			for _, e := range list {
				inSet := strings.HasPrefix(e.File, setPrefix)
				switch {
				case e.Msg == "":
					t.Errorf("empty message: %#v", e)
				case !inSet && e.File != "fuzz.yaml":
					t.Errorf("file %q", e.File)
				case inSet && (e.Line != 0 || e.Col != 0):
					t.Errorf("--set error with a position: %#v", e)
				case e.Line < 0 || e.Col < 0 || (e.Col > 0 && e.Line == 0):
					t.Errorf("bad position: %#v", e)
				}
			}
			_ = err.Error()
			return
		}
		if err := s.Negotiation.Validate(); err != nil {
			t.Fatalf("accepted an invalid negotiation: %v", err)
		}
		again, err := Parse("resolved.yaml", s.Resolved, nil)
		if err != nil {
			t.Fatalf("resolved scenario does not parse: %v\n%s", err, s.Resolved)
		}
		if !bytes.Equal(again.Resolved, s.Resolved) {
			t.Fatalf("resolved scenario is not stable:\n%s\n---\n%s", s.Resolved, again.Resolved)
		}
		if !reflect.DeepEqual(again.Assumptions, s.Assumptions) {
			t.Fatalf("assumptions are not stable:\n%v\n---\n%v", s.Assumptions, again.Assumptions)
		}
		if len(s.Assumptions) > 0 {
			// Every run's draw makes a valid negotiation.
			smp := s.NewSampler()
			for run := range 3 {
				n, draw, err := smp.Sample(0, uint64(run), nil)
				if err != nil {
					t.Fatalf("run %d: %v", run, err)
				}
				if len(draw) != len(s.Assumptions) {
					t.Fatalf("run %d drew %d values for %d assumptions", run, len(draw), len(s.Assumptions))
				}
				if err := n.Validate(); err != nil {
					t.Fatalf("run %d: invalid negotiation: %v", run, err)
				}
			}
		}
	})
}
