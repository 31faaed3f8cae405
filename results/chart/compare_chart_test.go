package chart

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/sim"
)

// compareInput returns the input of a small comparison of the fixture's
// negotiation with itself: 4 pairs, the variant's utilities d higher for
// the first party in every run.
func compareInput(t *testing.T, d float64) *CompareInput {
	n := fixture.Negotiation(t, 0.1, sim.RandomFirst, 0)
	an := sim.Analyze(n)
	in := &CompareInput{Negotiations: [2]*sim.Negotiation{n, n}, Parties: [2]string{"north", "south"}, Labels: [2]string{"twostates", "twostates with x=1"},
		Scenario: "twostates", Version: "v0.1.0-test", Seed: 7, Runs: 4, Frontiers: [2][]sim.Point{an.Frontier, an.Frontier}}
	in.Diffs[0] = PairedDiffs{Counts: map[float64]int64{d: 4}, Mean: d, Lo: d, Hi: d, Level: 0.95}
	in.Diffs[1] = PairedDiffs{Counts: map[float64]int64{0: 4}, Mean: 0, Lo: 0, Hi: 0, Level: 0.95}
	for k := range 2 {
		in.Agreements[k] = []UtilityCount{{U: [2]float64{0.5 + float64(k)*d, 0.5}, N: 4}}
		for _, is := range n.Space.Issues() {
			in.Options[k] = append(in.Options[k], make([]int, len(is.Values)))
		}
		in.Options[k][0][k] = 4
	}
	return in
}

// TestCompareCharts: the three charts of a comparison are drawn, their
// titles say what the intervals show and no more, and a comparison
// without any agreement draws no option-shifts chart and says so.
func TestCompareCharts(t *testing.T) {
	in := compareInput(t, 0.1)
	charts, warns := in.Charts()
	if len(charts) != 3 || len(warns) != 0 {
		t.Fatalf("%d charts, warnings %v", len(charts), warns)
	}
	for k, c := range charts {
		if c.Name != CompareNames()[k] {
			t.Errorf("chart %d is %s", k, c.Name)
		}
		png, svg, err := c.Render(t.Context(), 0)
		if err != nil || len(png) == 0 || !bytes.Contains(svg, []byte("<svg")) {
			t.Fatalf("%s: %v", c.Name, err)
		}
		if c.Name == CompareDifferences {
			for _, want := range []string{"higher in the variant", "the same in every run"} {
				if !bytes.Contains(svg, []byte(want)) {
					t.Errorf("%s lacks %q", c.Name, want)
				}
			}
		}
	}
	in.Agreements = [2][]UtilityCount{}
	charts, warns = in.Charts()
	if len(charts) != 2 || len(warns) != 1 || !strings.Contains(warns[0].Error(), "no agreement") {
		t.Errorf("without agreements: %d charts, warnings %v", len(charts), warns)
	}
}

// TestDiffVerdict: a panel claims a direction only from an interval that
// excludes 0.
func TestDiffVerdict(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		d    PairedDiffs
		want string
	}{
		{PairedDiffs{Mean: 0.1, Lo: 0.05, Hi: 0.15}, "higher in the variant"},
		{PairedDiffs{Mean: -0.1, Lo: -0.15, Hi: -0.05}, "lower in the variant"},
		{PairedDiffs{Mean: 0.1, Lo: -0.01, Hi: 0.21}, "no detectable difference"},
		{PairedDiffs{Mean: 0.1, Lo: 0, Hi: 0.2}, "no detectable difference"},
		{PairedDiffs{Mean: 0, Lo: 0, Hi: 0}, "the same in every run"},
		{PairedDiffs{Mean: 0, Lo: 0, Hi: 0, Exact: true}, "exactly the same in every run"},
		{PairedDiffs{Mean: 0.1, Lo: nan, Hi: nan}, "too few runs for an interval"},
	} {
		if got := diffVerdict(c.d); got != c.want {
			t.Errorf("%+v: %q, want %q", c.d, got, c.want)
		}
	}
}
