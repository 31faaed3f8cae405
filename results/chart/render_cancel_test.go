package chart

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/sim"
)

// strokes is a figure of many small strokes that cancels its context
// after cancelAt of them, as Ctrl-C would in the middle of a big chart.
type strokes struct {
	n, cancelAt, drawn int
	cancel             context.CancelFunc
}

func (s *strokes) size() (w, h vg.Length) { return 2 * vg.Inch, 2 * vg.Inch }

func (s *strokes) draw(c draw.Canvas) error {
	for i := range s.n {
		if i == s.cancelAt {
			s.cancel()
		}
		c.StrokeLine2(draw.LineStyle{Width: 1}, 0, vg.Length(i%100), 10, vg.Length(i%100))
		s.drawn++
	}
	return nil
}

// TestRenderStopsWhenCancelled checks that drawing ends at the first
// stroke after the context is cancelled, with the context's error and no
// output, instead of drawing the whole figure.
func TestRenderStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	f := &strokes{n: 1_000_000, cancelAt: 100, cancel: cancel}
	png, svg, err := renderFigure(ctx, f, 0)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if png != nil || svg != nil {
		t.Errorf("output after cancellation: %d and %d bytes", len(png), len(svg))
	}
	if f.drawn > f.cancelAt+1 {
		t.Errorf("%d strokes drawn after the cancellation at %d", f.drawn-f.cancelAt, f.cancelAt)
	}
}

// TestChartsCancelled checks that every chart of a run, and the
// utility-space chart of a session, return the context's error and write
// nothing when the context is cancelled already.
func TestChartsCancelled(t *testing.T) {
	n := fixture.Negotiation(t, 0, 0, -1)
	res := fixture.Play(t, n, 3, 3, 1)
	an := sim.Analyze(n)
	tally := NewTally(n.Space)
	for _, r := range res {
		tally.Add(r.End, r.Round, r.Utility, nil, -1, false)
	}
	in := &Input{Negotiation: n, Parties: [2]string{"north", "south"}, Runs: res, Traced: 3,
		Frontier: an.Frontier, Solutions: an.Solutions, Tally: tally}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	charts, _ := in.Charts()
	if len(charts) == 0 {
		t.Fatal("no chart")
	}
	for _, c := range charts {
		if _, _, err := c.Render(ctx, 0); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: err = %v, want context.Canceled", c.Name, err)
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "space.png")
	if err := WriteUtilitySpace(ctx, path, n, res[0], SpaceOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("WriteUtilitySpace: err = %v, want context.Canceled", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files left after a cancelled WriteUtilitySpace: %v", entries)
	}
}
