package chart

import (
	"strings"
	"testing"

	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/sim"
)

// runInput returns the input of the charts of a batch whose runs are all
// traced and charted, as a Recorder would fill it (without convergence).
func runInput(n *sim.Negotiation, runs []*sim.Result) *Input {
	an := sim.Analyze(n)
	in := &Input{
		Negotiation: n, Parties: [2]string{n.Parties[0].ID, n.Parties[1].ID}, Scenario: n.Name, Version: "test", Seed: 7,
		Traced: len(runs), Runs: runs[:min(len(runs), MaxRuns)], Frontier: an.Frontier, Solutions: an.Solutions,
		Tally: NewTally(n.Space), WantRounds: true,
	}
	for _, res := range runs {
		var values []int
		if res.Agreement != sim.NoOutcome {
			values = n.Space.Decode(res.Agreement, make([]int, n.Space.NumIssues()))
		}
		invite := -1
		if res.Mediation.Invited {
			invite = res.Mediation.InviteRound
		}
		in.Tally.Add(res.End, res.Round, res.Utility, values, invite, res.Mediation.Mediated)
	}
	return in
}

// renderNamed renders the chart of in named name and returns its SVG.
func renderNamed(t *testing.T, in *Input, name string) string {
	t.Helper()
	charts, _ := in.Charts()
	for _, c := range charts {
		if c.Name == name {
			_, svg, err := c.Render(t.Context(), 0)
			if err != nil {
				t.Fatal(err)
			}
			return string(svg)
		}
	}
	t.Fatalf("no %s chart among %v", name, charts)
	return ""
}

func TestDealLabel(t *testing.T) {
	for _, c := range []struct {
		u, ud     float64
		discounts bool
		want      string
	}{
		{0.43, 0.19, true, "0.43 (0.19 disc.)"},
		{0.43, 0.19, false, "0.43"},
		{0.7, 0.7, true, "0.70"},
		{0.701, 0.699, true, "0.70"}, // the same at two decimals
		{0.5, -0.1, true, "0.50 (-0.10 disc.)"},
	} {
		if got := dealLabel(c.u, c.ud, c.discounts); got != c.want {
			t.Errorf("dealLabel(%v, %v, %v) = %q, want %q", c.u, c.ud, c.discounts, got, c.want)
		}
	}
}

// TestRoundsChartAgreement checks the agreement labels of the rounds
// chart: what runs.csv says the agreement is worth (the facilitator's
// guarantee included), and its discounted value when the party discounts.
func TestRoundsChartAgreement(t *testing.T) {
	n := fixture.Facilitated(t)
	n.Parties[0].Discount = 0.9
	if err := n.Validate(); err != nil {
		t.Fatal(err)
	}
	const traced = 3
	runs := fixture.Play(t, n, traced, traced, 7)
	svg := renderNamed(t, runInput(n, runs), Rounds)
	guaranteed, discounted := 0, 0
	for _, res := range runs {
		if !res.Agreed() {
			continue
		}
		if res.Mediation.Guarantee != "" {
			guaranteed++
		}
		for i := range 2 {
			p := &n.Parties[i]
			want := dealLabel(res.Utility[i], res.Discounted[i], p.Discount < 1 || p.Cost > 0)
			if strings.Contains(want, "disc.") {
				discounted++
			}
			if !strings.Contains(svg, ">"+want+"</text>") {
				t.Errorf("run %d: no label %q for party %d", res.Run, want, i)
			}
		}
	}
	if guaranteed == 0 || discounted == 0 {
		t.Errorf("weak test batch: %d guaranteed agreements, %d discounted labels", guaranteed, discounted)
	}
}
