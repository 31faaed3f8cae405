package results

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-sim/parley/results/internal/fixture"
)

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
	dir := t.TempDir()
	const traced = 3
	record(t, dir, n, traced, traced, testOptions(traced, true))
	svg, err := os.ReadFile(filepath.Join(dir, RoundsChart+".svg"))
	if err != nil {
		t.Fatal(err)
	}
	guaranteed, discounted := 0, 0
	for _, res := range fixture.Play(t, n, traced, traced, 7) {
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
			if !strings.Contains(string(svg), ">"+want+"</text>") {
				t.Errorf("run %d: no label %q for party %d", res.Run, want, i)
			}
		}
	}
	if guaranteed == 0 || discounted == 0 {
		t.Errorf("weak test batch: %d guaranteed agreements, %d discounted labels", guaranteed, discounted)
	}
}
