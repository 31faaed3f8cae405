package chart

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/sim/stats"
)

// TestOtherMetrics checks which metrics sweep-metrics draws: not the
// utilities, not a metric undefined at every point; and that invited, a
// share of runs, is pooled over the points at a value by its counts.
func TestOtherMetrics(t *testing.T) {
	points := "point,x,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi," +
		"u_a_mean,u_a_lo,u_a_hi,ud_a_mean,ud_a_lo,ud_a_hi,round_mean,round_lo,round_hi,welfare_mean,welfare_lo,welfare_hi,invited_mean,invited_lo,invited_hi\n" +
		"0,1,10,5,0.5,0.2,0.8,0.4,0.3,0.5,0.3,0.2,0.4,,,,1.1,1,1.2,0.5,0.2,0.8\n" +
		"1,1,30,15,0.5,0.3,0.7,0.4,0.3,0.5,0.3,0.2,0.4,,,,1.1,1,1.2,0.1,0.03,0.26\n" +
		"2,2,10,5,0.5,0.2,0.8,0.6,0.5,0.7,0.5,0.4,0.6,,,,1.3,1.2,1.4,,,\n"
	d := sweepFolderOf(t, points, "x")
	ms := d.otherMetrics(d.Params[0])
	var names []string
	for _, m := range ms {
		names = append(names, m.name)
	}
	if want := []string{"welfare", "invited"}; !slices.Equal(names, want) {
		t.Fatalf("metrics %v, want %v", names, want)
	}
	inv := ms[1].series
	// 5 of 10 and 3 of 30 invited at x = 1; undefined at x = 2.
	if !slices.Equal(inv.x, []float64{1}) || math.Abs(inv.y[0]-0.2) > 1e-12 {
		t.Errorf("invited at %v is %v, want 0.2 at 1", inv.x, inv.y)
	}
	lo, hi := stats.Wilson(8, 40, stats.Z(0.95))
	if math.Abs(inv.lo[0]-lo) > 1e-12 || math.Abs(inv.hi[0]-hi) > 1e-12 {
		t.Errorf("invited interval [%v, %v], want the Wilson interval [%v, %v]", inv.lo[0], inv.hi[0], lo, hi)
	}
	if w := ms[0].series; !slices.Equal(w.x, []float64{1, 2}) || math.Abs(w.y[1]-1.3) > 1e-12 {
		t.Errorf("welfare %v at %v", w.y, w.x)
	}
	if ch := newSweepMetricsChart(d, d.Params[0]); ch == nil {
		t.Error("no metrics chart")
	} else if _, _, err := renderFigure(context.Background(), ch, 0); err != nil {
		t.Error(err)
	}

	// Nothing but utilities: no chart.
	d = sweepFolderOf(t, fixture.SweepPointsCSV([]string{"x"}, [][]string{{"1"}, {"2"}}, func(i int) (int, int, float64, float64) { return 1, 2, 0.5, 0.5 }), "x")
	if ch := newSweepMetricsChart(d, d.Params[0]); ch != nil {
		t.Errorf("a metrics chart of %v", ch.metrics)
	}
}

// TestSweepMetricsChartCategorical draws the chart for a categorical
// parameter (error bars) without error.
func TestSweepMetricsChartCategorical(t *testing.T) {
	points := "point,x,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi,round_mean,round_lo,round_hi\n" +
		"0,red,10,5,0.5,0.2,0.8,3,2,4\n1,blue,10,5,0.5,0.2,0.8,,,\n2,green,10,5,0.5,0.2,0.8,5,5,5\n"
	d := sweepFolderOf(t, points, "x")
	ch := newSweepMetricsChart(d, d.Params[0])
	if ch == nil || ch.line.banded() {
		t.Fatalf("chart %v: want error bars", ch)
	}
	if got := ch.metrics[0].series.x; !slices.Equal(got, []float64{0, 2}) {
		t.Errorf("round at %v, want 0 and 2", got)
	}
	if _, _, err := renderFigure(context.Background(), ch, 0); err != nil {
		t.Error(err)
	}
}
