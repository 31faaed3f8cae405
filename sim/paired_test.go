package sim

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
)

// batchTexts plays arm alone as a batch and returns each run's result.
func batchTexts(t *testing.T, arm Arm, runs int, seed uint64) []string {
	t.Helper()
	var out []string
	b := Batch{Negotiation: arm.Negotiation, NewSampler: arm.NewSampler, Runs: runs, Seed: seed, Trace: 2}
	if err := b.Run(context.Background(), func(r *Result) error {
		out = append(out, resultText(r))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPairedDeterministic checks that a paired run of two arms (one with
// uncertain assumptions, one fixed) delivers the same pairs whatever the
// number of workers, and that each arm's run i is exactly run i of that
// arm played alone with the same master seed: the arms share their seeds.
func TestPairedDeterministic(t *testing.T) {
	fixed := pie(t, 31, linear{jitter: 0.2}, linear{jitter: 0.2}, 12)
	fixed.Protocol.Breakdown = 0.05
	a := Arm{NewSampler: func() Sampler { return newToySampler(t, false) }}
	b := Arm{Negotiation: fixed}
	const runs, seed = 200, 17
	wantA, wantB := batchTexts(t, a, runs, seed), batchTexts(t, b, runs, seed)
	for _, workers := range []int{1, 2, 8} {
		var observed [2]atomic.Int64
		p := Paired{A: a, B: b, Runs: runs, Seed: seed, Workers: workers, Trace: 2,
			Observe: func(_, arm int, n *Negotiation, res *Result, offers *History) {
				if n == nil || offers.Len() != res.Offers {
					t.Errorf("arm %d run %d: observed without its negotiation or offers", arm, res.Run)
				}
				observed[arm].Add(1)
			}}
		i := 0
		err := p.Run(context.Background(), func(ra, rb *Result) error {
			if ra.Run != i || rb.Run != i || ra.Seed != rb.Seed {
				return fmt.Errorf("pair %d holds runs %d and %d", i, ra.Run, rb.Run)
			}
			if got := resultText(ra); got != wantA[i] {
				return fmt.Errorf("workers=%d, run %d of A:\n got %s\nwant %s", workers, i, got, wantA[i])
			}
			if got := resultText(rb); got != wantB[i] {
				return fmt.Errorf("workers=%d, run %d of B:\n got %s\nwant %s", workers, i, got, wantB[i])
			}
			i++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if i != runs || observed[0].Load() != runs || observed[1].Load() != runs {
			t.Fatalf("workers=%d: %d pairs, %d and %d runs observed", workers, i, observed[0].Load(), observed[1].Load())
		}
	}
}

// TestPairedWithItself checks common random numbers: an arm compared with
// itself gives identical results in every run, draws and metrics included.
func TestPairedWithItself(t *testing.T) {
	arm := Arm{NewSampler: func() Sampler { return newToySampler(t, false) }}
	p := Paired{A: arm, B: arm, Runs: 150, Seed: 4, Workers: 2}
	err := p.Run(context.Background(), func(a, b *Result) error {
		if ta, tb := resultText(a), resultText(b); ta != tb {
			return fmt.Errorf("run %d differs from itself:\n%s\n%s", a.Run, ta, tb)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestPairedCancelStopsAfterPrefix checks that cancelling the context stops
// the runs after a prefix, delivered in order, and reports the
// cancellation.
func TestPairedCancelStopsAfterPrefix(t *testing.T) {
	arm := Arm{NewSampler: func() Sampler { return newToySampler(t, false) }}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := Paired{A: arm, B: arm, Runs: 5000, Seed: 4, Workers: 2}
	n := 0
	err := p.Run(ctx, func(a, b *Result) error {
		if a.Run != n || b.Run != n {
			return fmt.Errorf("pair %d holds runs %d and %d", n, a.Run, b.Run)
		}
		n++
		if n == 10 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want the cancellation", err)
	}
	if n < 10 || n >= 5000 {
		t.Fatalf("%d pairs delivered", n)
	}
}

// TestPairedRejectsBadArm checks that an arm without a negotiation is
// reported by name before anything is played.
func TestPairedRejectsBadArm(t *testing.T) {
	p := Paired{A: Arm{Negotiation: pie(t, 3, linear{}, linear{}, 2)}, Runs: 3}
	err := p.Run(context.Background(), func(a, b *Result) error { return nil })
	if err == nil || err.Error() != "arm B: no negotiation" {
		t.Fatalf("error %v, want arm B's", err)
	}
}
