package chart

import (
	"context"
	"errors"
	"math"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// nanFigure draws a line to a coordinate that is not a number, as a
// layout fault would (gonum/plot's padding divides by zero when the
// leftmost and rightmost glyph boxes of a plot coincide).
type nanFigure struct{}

func (nanFigure) size() (w, h vg.Length) { return 100, 100 }

func (nanFigure) draw(c draw.Canvas) error {
	c.StrokeLine2(draw.LineStyle{Color: inkBlack, Width: 1}, 0, 0, vg.Length(math.NaN()), 50)
	c.Fill(vg.Rectangle{Min: vg.Point{X: vg.Length(math.Inf(-1))}, Max: vg.Point{X: 10, Y: 10}}.Path())
	return nil
}

// TestRenderNotFinite checks that a figure with a coordinate that is not
// a finite number fails to render with errNotFinite, rather than
// hanging: the PNG rasteriser loops on such a path.
func TestRenderNotFinite(t *testing.T) {
	if _, _, err := renderFigure(t.Context(), nanFigure{}, 0); !errors.Is(err, errNotFinite) {
		t.Errorf("err = %v, want %v", err, errNotFinite)
	}
}

// TestCancelCheck checks that a computation inside a drawing finds the
// cancellation of its context through the canvas (see cancelCheck).
func TestCancelCheck(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	fc := &finiteCanvas{CanvasSizer: checkedCanvas{vgsvg.New(10, 10), ctx}}
	check := cancelCheck(fc)
	check() // not cancelled: nothing happens
	cancel()
	defer func() {
		if p, ok := recover().(cancelled); !ok || !errors.Is(p.err, context.Canceled) {
			t.Errorf("check after cancel: recovered %v, want cancelled{context.Canceled}", p)
		}
	}()
	check()
	t.Error("check after cancel returned")
}
