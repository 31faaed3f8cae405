package chart

import (
	"slices"
	"testing"

	"gonum.org/v1/plot/plotter"

	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/sim"
)

// TestConvergenceFacilitatorApart checks that the convergence chart names
// a facilitator's texts as its own series, apart from the parties' offers,
// and draws a series of a single round (texts agreed in one round) as a
// dot with its 10–90% range, not as a band without area.
func TestConvergenceFacilitatorApart(t *testing.T) {
	n := fixture.Facilitated(t)
	tally := NewTally(n.Space)
	tally.Add(sim.EndAgreement, 4, [2]float64{0.6, 0.7}, make([]int, len(n.Space.Issues())), 2, true)
	var rows []ConvergenceRow
	for r := range 5 {
		for i := range 2 {
			rows = append(rows, ConvergenceRow{Round: r, Party: i, OfferBy: i, N: 1, Q: [3]float64{0.9, 0.9, 0.9}})
		}
	}
	for i := range 2 {
		rows = append(rows, ConvergenceRow{Round: 4, Party: i, OfferBy: ThirdOfferer, N: 1, Q: [3]float64{0.5, 0.6, 0.7}})
	}
	ch := newConvergenceChart(&Input{Negotiation: n, Tally: tally, Convergence: rows, Observed: true})
	var labels []string
	for _, e := range ch.legend.entries {
		labels = append(labels, e.label)
	}
	if !slices.Contains(labels, "facilitator's texts, where agreed: median, 10–90%") {
		t.Errorf("legend %q does not name the facilitator's texts", labels)
	}
	var whiskers, dots int
	for _, p := range bandOf(ch.series[0][ThirdOfferer], white, inkBlack) {
		if _, ok := p.(*plotter.YErrorBars); ok {
			whiskers++
		}
	}
	for _, p := range medianOf(ch.series[0][ThirdOfferer], medianStyle(ThirdOfferer)) {
		if _, ok := p.(*plotter.Scatter); ok {
			dots++
		}
	}
	if whiskers != 1 || dots != 1 {
		t.Errorf("a one-round series drawn with %d whiskers and %d dots, want 1 and 1", whiskers, dots)
	}
}
