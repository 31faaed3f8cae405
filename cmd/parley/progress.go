package main

import (
	"fmt"
	"io"
	"time"
)

// progress draws a one-line progress report on a terminal, at most ten
// times a second: runs done, rate, ETA and, for sweeps, the current point.
// It is only created when stderr is a terminal. A reporter this small is
// ours rather than a progress-bar library's: one rewritten line needs no
// dependency, and the clock it reads never reaches an output file.
type progress struct {
	w     io.Writer
	label string
	start time.Time
	last  time.Time
	now   func() time.Time
}

func newProgress(w io.Writer, label string) *progress {
	now := time.Now
	t := now()
	return &progress{w: w, label: label, start: t, now: now}
}

// update is a sim.Batch.Progress hook.
func (p *progress) update(done, total int) {
	t := p.now()
	if done < total && t.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = t
	elapsed := t.Sub(p.start).Seconds()
	rate := float64(done) / max(elapsed, 1e-9)
	eta := ""
	if done < total && rate > 0 {
		eta = fmt.Sprintf(", ETA %s", (time.Duration(float64(total-done) / rate * float64(time.Second))).Round(time.Second))
	}
	fmt.Fprintf(p.w, "\r\033[K%s: %d/%d runs (%.0f%%), %.0f runs/s%s", p.label, done, total, 100*float64(done)/float64(total), rate, eta)
	if done == total {
		fmt.Fprintln(p.w)
	}
}
