package chart

import (
	"context"
	"testing"

	"github.com/parley-sim/parley/results/sweep"
)

// TestSensitivityIntervalsNearOne draws SRC intervals that reach -1 and
// 1, as a method that respects [-1, 1] gives for strong effects: the axis
// holds every whisker whole, clipped nowhere, with room for the value
// labels beyond them.
func TestSensitivityIntervalsNearOne(t *testing.T) {
	d := readSweep(t, sweepFixture("grid3"))
	sens := sweep.Analyse(d.Data, 0)
	if len(sens) < 2 || len(sens[0].Effects) < 2 {
		t.Fatalf("fixture has %d outcomes", len(sens))
	}
	near := [][3]float64{{-0.98, -1, -0.93}, {0.97, 0.9, 1}}
	for k, v := range near {
		e := &sens[k].Effects[0]
		e.SRC, e.SRCLo, e.SRCHi = v[0], v[1], v[2]
	}
	ch := newSensitivityChart(d, sens)
	if ch == nil {
		t.Fatal("no chart")
	}
	w := chartWidth * 0.6 // about a panel's data width
	lo, hi := ch.indexRange(w)
	if lo > -1 || hi < 1 {
		t.Errorf("index axis [%v, %v] clips an interval of [-1, 1]", lo, hi)
	}
	room := float64(barLabelStyle().Width(barText(0.97))) / float64(w) * (hi - lo)
	if hi < 1+room {
		t.Errorf("index axis ends at %v: no room for the label beyond the whisker at 1 (%v)", hi, room)
	}
	if lo > -1-room {
		t.Errorf("index axis starts at %v: no room for the label before the whisker at -1 (%v)", lo, room)
	}
	if _, _, err := renderFigure(context.Background(), ch, 0); err != nil {
		t.Fatal(err)
	}
}
