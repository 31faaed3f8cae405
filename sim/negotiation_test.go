package sim

import (
	"strings"
	"testing"
)

// TestEndReasons checks that EndReasons lists every end reason once, each
// with a name of its own, and nothing after the last.
func TestEndReasons(t *testing.T) {
	ends := EndReasons()
	names := map[string]bool{}
	for i, e := range ends {
		if int(e) != i {
			t.Errorf("EndReasons()[%d] = %d, want the values in order", i, e)
		}
		if s := e.String(); s == "unknown" || names[s] {
			t.Errorf("end reason %d is named %q, unknown or repeated", e, s)
		}
		names[e.String()] = true
	}
	if len(ends) != 5 || EndReason(len(ends)).String() != "unknown" {
		t.Errorf("EndReasons() = %v; the value after the last is named %q", ends, EndReason(len(ends)))
	}
	ends[0] = EndConflict
	if EndReasons()[0] != EndAgreement {
		t.Error("EndReasons returns a slice its caller can change for everyone")
	}
}

// TestCheckUtilities checks the part of Validate that needs no strategies,
// for each way a negotiation can lack it.
func TestCheckUtilities(t *testing.T) {
	short := NewUtilityFromValues([]float64{0, 1})
	tests := []struct {
		name string
		edit func(n *Negotiation) *Negotiation
		want string // "" for none
	}{
		{"valid", func(n *Negotiation) *Negotiation { return n }, ""},
		{"no strategies needed", func(n *Negotiation) *Negotiation {
			n.Parties[0].Strategy, n.Parties[1].Strategy = nil, nil
			return n
		}, ""},
		{"nil", func(*Negotiation) *Negotiation { return nil }, "no negotiation"},
		{"no space", func(n *Negotiation) *Negotiation { n.Space = nil; return n }, "no outcome space"},
		{"no utility", func(n *Negotiation) *Negotiation { n.Parties[1].Utility = nil; return n }, "party 1 (b): no utility"},
		{"short utility", func(n *Negotiation) *Negotiation { n.Parties[0].Utility = short; return n },
			"party 0 (a): utility covers 2 outcomes, space has 4"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := tc.edit(logroll(t, script{}, script{}))
			err := n.CheckUtilities()
			if (err == nil) != (tc.want == "") || err != nil && !strings.Contains(err.Error(), tc.want) {
				t.Errorf("CheckUtilities() = %v, want %q", err, tc.want)
			}
			if tc.want != "" && n != nil {
				if verr := n.Validate(); verr == nil || verr.Error() != err.Error() {
					t.Errorf("Validate() = %v, want the same error as CheckUtilities", verr)
				}
			}
		})
	}
}
