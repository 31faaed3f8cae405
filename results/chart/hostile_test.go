package chart_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/parley-sim/parley/results/chart"
	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/results/sweep"
	"github.com/parley-sim/parley/sim"
)

// hostile is text that package scenarios refuses in a label but that a
// negotiation built by hand (or tables read back from a folder) may
// carry: control characters, an escape sequence, a bidirectional
// override, a line separator, invalid UTF-8, U+FFFF, and 200,000
// characters in all.
var hostile = "N\x00o\x01r\x1b[31mt\u202eh\u2028\x7f\xff\xfe\uffff" + strings.Repeat("x", 200_000)

// hostileNegotiation is fixture.Build's negotiation with hostile text in
// its name, its party labels and its issue labels, units and option ids.
func hostileNegotiation(t *testing.T) *sim.Negotiation {
	t.Helper()
	n := fixture.Negotiation(t, 0.1, sim.RandomFirst, 0)
	var issues []sim.Issue
	for _, is := range n.Space.Issues() {
		is.Label, is.Unit = hostile, "\x07"
		is.Values = append([]sim.Value(nil), is.Values...)
		for k := range is.Values {
			is.Values[k].ID += "\x1b" + strings.Repeat("y", 5000)
		}
		issues = append(issues, is)
	}
	sp, err := sim.NewSpace(issues)
	if err != nil {
		t.Fatal(err)
	}
	n.Space = sp
	n.Name = hostile
	for i := range n.Parties {
		n.Parties[i].Label = hostile
	}
	return n
}

// TestChartsHostileText draws every chart of a batch whose names and
// labels hold hostile text, and of a utility-space chart, and checks that
// each SVG is well-formed XML (encoding/xml refuses control characters
// and invalid UTF-8) whose texts are at most a bounded length. Before the
// charts cleaned their text, the control characters made the SVG
// ill-formed, and fitting the long labels took minutes.
func TestChartsHostileText(t *testing.T) {
	n := hostileNegotiation(t)
	runs := fixture.Play(t, n, 30, 2, 11)
	an := sim.Analyze(n)
	in := &chart.Input{
		Negotiation: n, Parties: [2]string{"a\x00", "b\x1b"}, Scenario: hostile, Version: hostile, Seed: 7,
		Traced: 2, Runs: runs[:2], Frontier: an.Frontier, Solutions: an.Solutions, Tally: chart.NewTally(n.Space),
	}
	for _, res := range runs {
		var values []int
		if res.Agreed() {
			values = n.Space.Decode(res.Agreement, make([]int, n.Space.NumIssues()))
		}
		in.Tally.Add(res.End, res.Round, res.Utility, values, -1, false)
	}
	charts, _ := in.Charts()
	if len(charts) < 4 {
		t.Fatalf("%d charts, want at least 4", len(charts))
	}
	for _, c := range charts {
		_, svg, err := c.Render(t.Context(), 0)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		checkText(t, c.Name, svgText(t, svg))
	}
}

// checkText fails the test if a text element of an SVG is longer than
// any chart text may be.
func checkText(t *testing.T, name, text string) {
	t.Helper()
	for _, line := range strings.Split(text, "\n") {
		if n := utf8.RuneCountInString(line); n > 1000 {
			t.Errorf("%s: a text of %d characters", name, n)
		}
		if strings.ContainsAny(line, "\x1b\x00\x07\u202e\u2028") {
			t.Errorf("%s: a control character in %q…", name, line[:min(len(line), 40)])
		}
	}
}

// TestUtilitySpaceHostileText writes a utility-space chart whose title,
// subtitle, version and party names are hostile text.
func TestUtilitySpaceHostileText(t *testing.T) {
	n := hostileNegotiation(t)
	res := fixture.Play(t, n, 1, 1, 3)[0]
	path := filepath.Join(t.TempDir(), "space.svg")
	o := chart.SpaceOptions{Title: hostile, Subtitle: hostile, Version: hostile, Names: [2]string{hostile, hostile}}
	if err := chart.WriteUtilitySpace(t.Context(), path, n, res, o); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	checkText(t, "utility-space", svgText(t, data))
}

// TestSweepChartsHostileText draws the sweep charts of a sweep whose name,
// version, parameter paths and categorical values are hostile text.
func TestSweepChartsHostileText(t *testing.T) {
	var b strings.Builder
	b.WriteString("point,p,q,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi,u_a_mean,u_a_lo,u_a_hi,u_b_mean,u_b_lo,u_b_hi\n")
	for i := range 6 {
		fmt.Fprintf(&b, "%d,%q,%d,40,%d,%g,,,%g,%g,%g,%g,%g,%g\n", i, fmt.Sprint(i%3)+"\x01"+strings.Repeat("z", 3000), i/3, 10+i, float64(10+i)/40,
			0.3+0.01*float64(i), 0.25, 0.35, 0.5, 0.45, 0.55)
	}
	for _, varied := range []int{1, 2} {
		d := &sweep.Data{Name: hostile, Version: hostile, Design: "grid"}
		points := b.String()
		if varied == 1 {
			points = strings.ReplaceAll(points, ",0,40,", ",9,40,")
			points = strings.ReplaceAll(points, ",1,40,", ",9,40,")
		}
		if err := d.ReadPoints(strings.NewReader(points), "points.csv"); err != nil {
			t.Fatal(err)
		}
		d.Params[0].Path = hostile
		charts, _ := chart.SweepCharts(d, sweep.Analyse(d, 0))
		if len(charts) == 0 {
			t.Fatalf("%d varied: no sweep charts", varied)
		}
		for _, c := range charts {
			_, svg, err := c.Render(t.Context(), 0)
			if err != nil {
				t.Fatalf("%s: %v", c.Name, err)
			}
			checkText(t, c.Name, svgText(t, svg))
		}
	}
}
