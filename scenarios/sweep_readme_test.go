package scenarios

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestSweepReadme runs the README's sweep section: the example sweep loads
// with the points it describes, the errors example gives exactly the errors
// shown, every built-in sweep is listed with its design and size, and the
// limits table gives the constants' values.
func TestSweepReadme(t *testing.T) {
	blocks, text := readmeBlocks(t)
	examples, fixedExamples, errorsChecked := 0, 0, 0
	for i, b := range blocks {
		switch {
		case strings.Contains(b.marker, "sweep-example"):
			examples++
			s, err := ParseSweep("example.yaml", []byte(b.body), SweepOptions{})
			if err != nil {
				t.Fatalf("sweep example: %v", err)
			}
			if got := strings.Join(s.Sets(4), " "); s.Points() != 6 || got != "facilitator.invite_when.projected_no_deal=false facilitator.consent=either parties.armenia.discount=0.99" {
				t.Errorf("sweep example: %d points, point 4 is %s", s.Points(), got)
			}
			if got := s.Params(); !slices.Equal(got, []string{"facilitator.consent", "parties.armenia.discount"}) {
				t.Errorf("sweep example: parameters %q", got)
			}
		case strings.Contains(b.marker, "sweep-fixed-example"):
			fixedExamples++
			s, err := ParseSweep("fixed.yaml", []byte(b.body), SweepOptions{})
			if err != nil {
				t.Fatalf("fixed example: %v", err)
			}
			want := "parties.buyer.discount=0.95 protocol={deadline: 30, breakdown: 0.01} protocol.deadline=20"
			if got := strings.Join(s.Sets(1), " "); !slices.Equal(s.Params(), []string{"protocol.deadline"}) || got != want {
				t.Errorf("fixed example: parameters %q, Sets(1) = %s", s.Params(), got)
			}
			if !strings.Contains(strings.Join(strings.Fields(text), " "), "`Sets(1)` = `"+want+"`") {
				t.Errorf("the README does not give Sets(1) of the fixed example as %s", want)
			}
			n, err := s.Build(1)
			if err != nil {
				t.Fatal(err)
			}
			if n.Protocol.Deadline != 20 || n.Protocol.Breakdown != 0.01 || n.Parties[1].Discount != 0.95 {
				t.Errorf("fixed example point 1: deadline %d, breakdown %v, buyer's discount %v", n.Protocol.Deadline, n.Protocol.Breakdown, n.Parties[1].Discount)
			}
		case strings.Contains(b.marker, "sweep-bad-example"):
			errorsChecked++
			if i+1 >= len(blocks) || blocks[i+1].lang != "text" {
				t.Fatal("sweep errors example is not followed by a text block")
			}
			_, err := ParseSweep("bad-sweep.yaml", []byte(b.body), SweepOptions{})
			if want := strings.TrimSpace(blocks[i+1].body); err == nil || err.Error() != want {
				t.Errorf("sweep errors example gives:\n%v\nREADME shows:\n%s", err, want)
			}
		}
	}
	if examples != 1 || fixedExamples != 1 || errorsChecked != 1 {
		t.Errorf("found %d sweep examples, %d fixed examples and %d sweep errors examples, want 1 each", examples, fixedExamples, errorsChecked)
	}
	for _, e := range BuiltinSweeps() {
		s, err := LoadSweep(e.Name, SweepOptions{})
		if err != nil {
			t.Fatal(err)
		}
		row := fmt.Sprintf("| `%s` | %s | ", e.Name, s.Design)
		i := strings.Index(text, row)
		if i < 0 {
			t.Errorf("README does not list built-in sweep %q as %q", e.Name, row)
			continue
		}
		cell := strings.SplitN(text[i+len(row):], " |", 2)[0]
		if want := fmt.Sprintf("= %d × %d", s.Points(), s.Replications); !strings.HasSuffix(cell, want) && cell != fmt.Sprintf("%d × %d", s.Points(), s.Replications) {
			t.Errorf("README gives %q points × replications for %s; it has %d × %d", cell, e.Name, s.Points(), s.Replications)
		}
	}
	for _, row := range []string{
		fmt.Sprintf("| parameters | %d | `MaxParameters` |", MaxParameters),
		fmt.Sprintf("| fixed settings | %d | `MaxFixed` |", MaxFixed),
		fmt.Sprintf("| values listed, all parameters together | %s | `MaxValues` |", thousands(MaxValues)),
		fmt.Sprintf("| points of a `random` or `latin_hypercube` design | %s | `MaxSamples` |", thousands(MaxSamples)),
		fmt.Sprintf("| points of a grid | %s | `MaxSweepPoints` = `sim.MaxPoints` |", thousands(MaxSweepPoints)),
		fmt.Sprintf("| estimated runs, unless forced | %s | `MaxSweepRuns` |", thousands(MaxSweepRuns)),
	} {
		if !strings.Contains(text, row) {
			t.Errorf("README lacks the row %s", row)
		}
	}
	if !slices.ContainsFunc(strings.Split(text, "\n"), func(l string) bool {
		return strings.HasPrefix(l, "- McKay, M. D., Beckman, R. J. and Conover, W. J. (1979)")
	}) {
		t.Error("README does not cite McKay, Beckman and Conover (1979)")
	}
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
