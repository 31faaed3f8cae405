package sim

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
)

// TestWorkersLimit checks that a batch, a paired run and a sweep refuse
// more than MaxWorkers workers with the limit in the error, before they
// start any: a million workers used to exhaust memory.
func TestWorkersLimit(t *testing.T) {
	n := pie(t, 11, linear{}, linear{}, 5)
	played := errors.New("played")
	emit := func(*Result) error { return played } // without the check, the batch stops at once
	limit := strconv.Itoa(MaxWorkers)
	for _, workers := range []int{MaxWorkers + 1, 10 * MaxWorkers} {
		check := func(what string, err error) {
			t.Helper()
			if err == nil || !strings.Contains(err.Error(), limit) {
				t.Errorf("%s with %d workers: err = %v, want the limit %s", what, workers, err, limit)
			}
		}
		b := Batch{Negotiation: n, Runs: 3, Workers: workers}
		check("batch", b.Run(context.Background(), emit))
		p := Paired{A: Arm{Negotiation: n}, B: Arm{Negotiation: n}, Runs: 3, Workers: workers}
		check("paired", p.Run(context.Background(), func(a, b *Result) error { return played }))
		sw := Sweep{Points: 1, Build: sweepPie(t), Workers: workers, Emit: func(int, *Result, []byte) error { return played }}
		check("sweep", sw.Run(context.Background()))
	}
	b := Batch{Negotiation: n, Runs: 3, Workers: MaxWorkers}
	if err := b.Run(context.Background(), func(*Result) error { return nil }); err != nil {
		t.Errorf("batch with MaxWorkers workers: %v", err)
	}
}

// TestTracedRoundsLimit checks that a batch or paired run whose traced
// runs could hold more than MaxTracedRounds rounds is refused before it
// plays, with the limit in the error.
func TestTracedRoundsLimit(t *testing.T) {
	n := pie(t, 11, linear{}, linear{}, MaxTracedRounds/2+1)
	played := errors.New("played")
	limit := strconv.Itoa(MaxTracedRounds)
	b := Batch{Negotiation: n, Runs: 5, Trace: 2}
	if err := b.Run(context.Background(), func(*Result) error { return played }); err == nil || !strings.Contains(err.Error(), limit) {
		t.Errorf("batch: err = %v, want the limit %s", err, limit)
	}
	p := Paired{A: Arm{Negotiation: n}, B: Arm{Negotiation: n}, Runs: 5, Trace: 2}
	if err := p.Run(context.Background(), func(a, b *Result) error { return played }); err == nil || !strings.Contains(err.Error(), limit) {
		t.Errorf("paired: err = %v, want the limit %s", err, limit)
	}
	// Only the runs played are traced: two traced runs of one run is one.
	b = Batch{Negotiation: n, Runs: 1, Trace: 2}
	if err := b.Run(context.Background(), func(*Result) error { return played }); err != played {
		t.Errorf("one run, traced: err = %v, want it played", err)
	}
}
