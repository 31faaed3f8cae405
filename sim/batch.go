package sim

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
)

// MaxRuns is the largest number of runs one batch accepts.
const MaxRuns = 100_000_000

// Batch plays many seeded sessions of one negotiation in parallel and
// delivers their results in run order.
type Batch struct {
	// Negotiation is what every run plays. It must be valid.
	Negotiation *Negotiation
	// Runs is the number of sessions, from 1 to MaxRuns.
	Runs int
	// Seed is the master seed; run i plays with RunSeed(Seed, i).
	Seed uint64
	// Workers is the number of sessions played at once. Zero means
	// runtime.GOMAXPROCS(0).
	Workers int
	// Trace is the number of runs, counted from run 0, whose every event is
	// recorded in Result.Trace. Zero traces none.
	Trace int
	// Progress, if not nil, is called from the delivering goroutine after
	// each result is delivered, with the number delivered and the total.
	Progress func(done, total int)
	// Observe, if not nil, is called by worker number worker (from 0 to
	// Workers−1) right after it plays each run, with the run's result and
	// every offer of the session, which are only valid during the call.
	// Calls from one worker are sequential; calls from different workers
	// are concurrent, so an observer keeps one state per worker and merges
	// them afterwards, in an order-independent way if the merged output
	// must not depend on the number of workers.
	Observe func(worker int, res *Result, offers *History)
}

// NumWorkers returns the number of workers Run will use.
func (b *Batch) NumWorkers() int {
	w := b.Workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	return max(1, min(w, b.Runs))
}

// window is the number of results that may wait for delivery per worker.
// It bounds memory whatever the number of runs.
const window = 64

// Run plays every run and calls emit with each result in run order, from a
// single goroutine. The results are the same whatever Workers is. Run stops
// at the first error returned by emit, or when ctx is cancelled, and returns
// that error.
func (b *Batch) Run(ctx context.Context, emit func(*Result) error) error {
	if b.Negotiation == nil {
		return errors.New("batch has no negotiation")
	}
	if err := b.Negotiation.Validate(); err != nil {
		return fmt.Errorf("invalid negotiation: %w", err)
	}
	if b.Runs < 1 || b.Runs > MaxRuns {
		return fmt.Errorf("runs %d outside [1, %d]", b.Runs, MaxRuns)
	}
	workers := b.NumWorkers()
	size := workers * window

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu      sync.Mutex
		cond    = sync.NewCond(&mu)
		slots   = make([]Result, size)
		ready   = make([]bool, size)
		next    int   // next run to claim
		emitted int   // runs delivered
		failure error // a panic in a worker, as an error
		wg      sync.WaitGroup
	)
	stop := context.AfterFunc(ctx, func() {
		mu.Lock()
		cond.Broadcast()
		mu.Unlock()
	})
	defer stop()

	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if p := recover(); p != nil {
					mu.Lock()
					if failure == nil {
						failure = fmt.Errorf("a strategy failed: %v", p)
					}
					cond.Broadcast()
					mu.Unlock()
					cancel()
				}
			}()
			s := NewSession(b.Negotiation)
			for {
				mu.Lock()
				for next < b.Runs && next >= emitted+size && ctx.Err() == nil {
					cond.Wait()
				}
				if next >= b.Runs || ctx.Err() != nil {
					mu.Unlock()
					return
				}
				i := next
				next++
				mu.Unlock()

				res := s.Play(i, RunSeed(b.Seed, i), i < b.Trace)
				if b.Observe != nil {
					b.Observe(w, &res, &s.hist)
				}

				mu.Lock()
				slots[i%size] = res
				ready[i%size] = true
				cond.Broadcast()
				mu.Unlock()
			}
		}()
	}

	var err error
	for emitted < b.Runs {
		mu.Lock()
		k := emitted % size
		for !ready[k] && ctx.Err() == nil {
			cond.Wait()
		}
		if !ready[k] {
			mu.Unlock()
			break
		}
		res := slots[k]
		slots[k] = Result{}
		ready[k] = false
		mu.Unlock()

		if err = emit(&res); err != nil {
			break
		}
		mu.Lock()
		emitted++
		cond.Broadcast()
		mu.Unlock()
		if b.Progress != nil {
			b.Progress(emitted, b.Runs)
		}
	}
	cancel()
	wg.Wait()
	if failure != nil {
		return failure
	}
	if err != nil {
		return err
	}
	if emitted < b.Runs {
		return fmt.Errorf("stopped after %d of %d runs: %w", emitted, b.Runs, context.Cause(ctx))
	}
	return nil
}
