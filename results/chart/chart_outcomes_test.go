package chart

import (
	"slices"
	"testing"

	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/sim"
)

// TestOutcomesLegend checks that the outcomes chart's legend lists what
// its panels draw and nothing else, and that the end reasons without
// agreement are grey, as the runs without agreement of the utility
// panels, not the colour of bilateral agreements.
func TestOutcomesLegend(t *testing.T) {
	type run struct {
		end      sim.EndReason
		mediated bool
	}
	bilateral, mediated := run{sim.EndAgreement, false}, run{sim.EndAgreement, true}
	breakdown, deadline := run{sim.EndBreakdown, false}, run{sim.EndDeadline, false}
	const (
		bil  = "agreement reached bilaterally"
		med  = "agreement on the facilitator's text"
		none = "no agreement"
		uA   = "agreement: utility to North"
		res  = "reservation value"
		ci   = "95% Wilson interval"
	)
	for _, c := range []struct {
		name        string
		facilitated bool
		runs        []run
		want, not   []string
	}{
		{"mediated and breakdowns", true, []run{mediated, breakdown}, []string{med, uA, none, res, ci}, []string{bil, "agreement"}},
		{"all three", true, []run{bilateral, mediated, deadline}, []string{bil, med, uA, none, res, ci}, nil},
		{"every run agreed bilaterally", true, []run{bilateral}, []string{bil, uA, res, ci}, []string{med, none}},
		{"no agreement", true, []run{breakdown, deadline}, []string{none, res, ci}, []string{bil, med, uA}},
		{"no facilitator", false, []run{bilateral, breakdown}, []string{"agreement", uA, none}, []string{bil, med}},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := fixture.Negotiation(t, 0, sim.RandomFirst, 0)
			if c.facilitated {
				n = fixture.Facilitated(t)
			}
			tally := NewTally(n.Space)
			for _, r := range c.runs {
				u := [2]float64{0.6, 0.5}
				values := make([]int, len(n.Space.Issues()))
				if r.end != sim.EndAgreement {
					u, values = [2]float64{0.2, 0.3}, nil
				}
				tally.Add(r.end, 3, u, values, -1, r.mediated)
			}
			ch := newOutcomesChart(&Input{Negotiation: n, Tally: tally})
			var labels []string
			for _, e := range ch.legend.entries {
				labels = append(labels, e.label)
			}
			for _, w := range c.want {
				if !slices.Contains(labels, w) {
					t.Errorf("legend %q lacks %q", labels, w)
				}
			}
			for _, w := range c.not {
				if slices.Contains(labels, w) {
					t.Errorf("legend %q has %q, which is not drawn", labels, w)
				}
			}

			ch.endsPanel()
			grey, ends := 0, 0
			for _, b := range ch.ends.bars {
				switch b.Color {
				case noDealGrey:
					grey++
				case neutralFill, okabeGreen:
				default:
					t.Errorf("a bar of colour %v", b.Color)
				}
			}
			for _, e := range sim.EndReasons() {
				if e != sim.EndAgreement && tally.ends[e] > 0 {
					ends++
				}
			}
			if grey != ends {
				t.Errorf("%d grey bars, want one per end reason without agreement (%d)", grey, ends)
			}
		})
	}
}
