package results

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/sim"
)

func TestSpaceTables(t *testing.T) {
	n := fixture.Negotiation(t, 0, 0, 0)
	cols, err := newColumns(n)
	if err != nil {
		t.Fatal(err)
	}
	an := sim.Analyze(n)
	d := spaceDataOf(an)
	var front, sols bytes.Buffer
	if err := writeFrontier(&front, n, cols, &d); err != nil {
		t.Fatal(err)
	}
	if err := writeSolutions(&sols, n, cols, &d); err != nil {
		t.Fatal(err)
	}

	// frontier.csv holds sim's frontier, each point flagged rational when
	// it is worth at least the reservation value to both.
	if !reflect.DeepEqual(d.frontier, an.Frontier) {
		t.Fatalf("frontier %v, sim has %v", d.frontier, an.Frontier)
	}
	if rows := strings.Count(front.String(), "\n") - 1; rows != len(an.Frontier) {
		t.Errorf("frontier.csv has %d rows, sim's frontier %d points", rows, len(an.Frontier))
	}
	rational := strings.Count(front.String(), ",true\n")
	if rational != len(an.RationalFrontier) {
		t.Errorf("%d rational points, sim's rational frontier has %d", rational, len(an.RationalFrontier))
	}
	// The charts get back what sim computed, but the count of rational
	// outcomes, which the tables do not hold.
	front2, sols2 := d.points()
	want := an.Solutions
	want.Rational = sols2.Rational
	if !reflect.DeepEqual(front2, an.Frontier) || !reflect.DeepEqual(sols2, want) {
		t.Errorf("points() = %+v, %+v; want %+v, %+v", front2, sols2, an.Frontier, want)
	}
	if !strings.Contains(sols.String(), "\ndisagreement,,,,,0.3,0.25\n") {
		t.Errorf("solutions.csv lacks the disagreement point:\n%s", sols.String())
	}

	// The tables read back to the same data.
	got, err := readSpaceData(bytes.NewReader(front.Bytes()), bytes.NewReader(sols.Bytes()), n, cols)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, d) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, d)
	}
}

func TestReadSpaceDataErrors(t *testing.T) {
	n := fixture.Negotiation(t, 0, 0, 0)
	cols, err := newColumns(n)
	if err != nil {
		t.Fatal(err)
	}
	const header = "outcome,corridor,border,recognition,u_north,u_south,rational\n"
	const solHeader = "solution,outcome,corridor,border,recognition,u_north,u_south\n"
	for _, c := range []struct {
		name, frontier, solutions, want string
	}{
		{"other columns", "outcome,u_a,u_b\n", solHeader, "do not fit"},
		{"outcome out of range", header + "99,closed,0,no,1,0,true\n", solHeader, "outside the outcome space"},
		{"not a number", header + "1,closed,0,yes,one,0,true\n", solHeader, "not a number"},
		{"not a bool", header + "1,closed,0,yes,1,0,maybe\n", solHeader, "not true or false"},
		{"ragged", header + "1,closed\n", solHeader, "wrong number of fields"},
		{"bad solution outcome", header, solHeader + "nash,-4,closed,0,no,1,0\n", "outside the outcome space"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := readSpaceData(strings.NewReader(c.frontier), strings.NewReader(c.solutions), n, cols)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one saying %q", err, c.want)
			}
		})
	}
}
