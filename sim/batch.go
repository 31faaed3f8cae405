package sim

import (
	"context"
	"fmt"
	"runtime"
	"sync"
)

// MaxRuns is the largest number of runs one batch accepts.
const MaxRuns = 100_000_000

// MaxTracedRounds bounds the rounds a batch or paired run may trace: the
// traced runs times the deadline, the most rounds their traces can hold,
// is at most MaxTracedRounds (one run of the longest deadline,
// MaxDeadline). Every event of a traced run is kept in memory until it is
// delivered, and a caller that records it keeps it longer.
const MaxTracedRounds = MaxDeadline

// MaxWorkers is the largest number of workers a Batch, Paired run or
// Sweep accepts; more is an error. A run is CPU-bound, so workers beyond
// the machine's hardware threads add nothing but memory: each keeps a
// session, its buffers and a window of results of its own (and, in parley
// run, convergence counts), so a million workers exhausted memory. The
// limit is fixed rather than a multiple of the cores, so that a command
// that works on one machine works on every other (the results do not
// depend on the number of workers); the largest servers have a few
// hundred hardware threads.
const MaxWorkers = 1024

// Batch plays many seeded sessions of one negotiation in parallel and
// delivers their results in run order.
type Batch struct {
	// Negotiation is what every run plays, unless NewSampler is set. It
	// must be valid.
	Negotiation *Negotiation
	// NewSampler, if not nil, makes the Sampler of each worker: every run
	// then plays a negotiation of its own (see Arm.NewSampler), and
	// Negotiation is not played (it may be nil).
	NewSampler func() Sampler
	// Measure, if true, computes each result's Metrics on the worker that
	// played it, against the analysis of Negotiation (made once). A batch
	// with NewSampler always measures, each run against its own
	// negotiation.
	Measure bool
	// Runs is the number of sessions, from 1 to MaxRuns.
	Runs int
	// Seed is the master seed; run i plays with RunSeed(Seed, i).
	Seed uint64
	// Workers is the number of sessions played at once, at most
	// MaxWorkers. Zero means runtime.GOMAXPROCS(0).
	Workers int
	// Trace is the number of runs, counted from run 0, whose every event is
	// recorded in Result.Trace. Zero traces none. The runs traced (at most
	// Runs) times the deadline is at most MaxTracedRounds (see CheckTrace).
	Trace int
	// Progress, if not nil, is called from the delivering goroutine after
	// each result is delivered, with the number delivered and the total.
	Progress func(done, total int)
	// Observe, if not nil, is called by worker number worker (from 0 to
	// Workers−1) right after it plays each run, with the negotiation the
	// run played (Negotiation, or the Sampler's for that run), the run's
	// result and every offer of the session, which are only valid during
	// the call. Calls from one worker are sequential; calls from different
	// workers are concurrent, so an observer keeps one state per worker and
	// merges them afterwards, in an order-independent way if the merged
	// output must not depend on the number of workers.
	Observe func(worker int, n *Negotiation, res *Result, offers *History)
}

// NumWorkers returns the number of workers Run will use.
func (b *Batch) NumWorkers() int { return numWorkers(b.Workers, b.Runs) }

// numWorkers returns the number of workers that play runs: workers, or
// GOMAXPROCS when zero, and never more than runs.
func numWorkers(workers, runs int) int {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return max(1, min(workers, runs))
}

// CheckTrace reports traced runs whose traces could hold more than
// MaxTracedRounds rounds under a deadline of deadline rounds: traced runs
// times the deadline. Batch and Paired check it for the runs they will
// trace (at most Runs); a caller checks its input with it.
func CheckTrace(traced, deadline int) error {
	if traced > 0 && deadline > MaxTracedRounds/traced {
		return fmt.Errorf("%d traced runs of up to %d rounds could hold %d rounds: at most %d traced rounds (traced runs × deadline)",
			traced, deadline, traced*deadline, MaxTracedRounds)
	}
	return nil
}

// checkWorkers reports a number of workers above MaxWorkers.
func checkWorkers(workers int) error {
	if workers > MaxWorkers {
		return fmt.Errorf("%d workers: at most %d", workers, MaxWorkers)
	}
	return nil
}

// window is the number of runs that may wait for delivery per worker.
// It bounds memory whatever the number of runs.
const window = 64

// Run plays every run and calls emit with each result in run order, from a
// single goroutine. The results are the same whatever Workers is. Run stops
// at the first error returned by emit, or when ctx is cancelled, and returns
// that error.
func (b *Batch) Run(ctx context.Context, emit func(*Result) error) error {
	r := runner{
		arms:     []Arm{{Negotiation: b.Negotiation, NewSampler: b.NewSampler}},
		runs:     b.Runs,
		seed:     b.Seed,
		workers:  b.Workers,
		trace:    b.Trace,
		measure:  b.Measure,
		progress: b.Progress,
	}
	if b.Observe != nil {
		r.observe = func(worker, _ int, n *Negotiation, res *Result, offers *History) { b.Observe(worker, n, res, offers) }
	}
	if err := r.arms[0].check(); err != nil {
		return err
	}
	return r.run(ctx, func(res []Result) error {
		one := res[0] // emit may keep the pointer, as it always could
		return emit(&one)
	})
}

// runner plays every run of one or more arms, run i of every arm back to
// back on one worker with the seed RunSeed(seed, i), and delivers the
// results of each run, one per arm, in run order: the machinery of Batch
// and Paired.
type runner struct {
	arms     []Arm
	runs     int
	seed     uint64
	workers  int
	trace    int
	measure  bool
	progress func(done, total int)
	observe  func(worker, arm int, n *Negotiation, res *Result, offers *History)
}

// run plays the runs and calls emit with the results of each run (one per
// arm, valid only during the call) in run order, from one goroutine.
func (r *runner) run(ctx context.Context, emit func([]Result) error) error {
	if r.runs < 1 || r.runs > MaxRuns {
		return fmt.Errorf("runs %d outside [1, %d]", r.runs, MaxRuns)
	}
	if err := checkWorkers(r.workers); err != nil {
		return err
	}
	for _, arm := range r.arms {
		if arm.Negotiation != nil && arm.NewSampler == nil {
			if err := CheckTrace(min(r.trace, r.runs), arm.Negotiation.Protocol.Deadline); err != nil {
				return err
			}
		}
	}
	k := len(r.arms)
	workers := numWorkers(r.workers, r.runs)
	size := workers * window
	analyses := make([]*Analysis, k) // of the fixed negotiations, when measuring
	for a := range r.arms {
		if r.measure && r.arms[a].NewSampler == nil {
			analyses[a] = Analyze(r.arms[a].Negotiation)
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu      sync.Mutex
		cond    = sync.NewCond(&mu)
		slots   = make([]Result, size*k) // run i's results at [(i%size)*k, (i%size+1)*k)
		ready   = make([]bool, size)
		next    int   // next run to claim
		emitted int   // runs delivered
		failure error // a panic in a worker or a sampler's error
		wg      sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		if failure == nil {
			failure = err
		}
		cond.Broadcast()
		mu.Unlock()
		cancel()
	}
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
					fail(fmt.Errorf("a strategy failed: %v", p))
				}
			}()
			players := make([]*player, k)
			for a := range r.arms {
				players[a] = newPlayer(&r.arms[a], analyses[a], r.measure)
			}
			res := make([]Result, k)
			for {
				mu.Lock()
				for next < r.runs && next >= emitted+size && ctx.Err() == nil {
					cond.Wait()
				}
				if next >= r.runs || ctx.Err() != nil {
					mu.Unlock()
					return
				}
				i := next
				next++
				mu.Unlock()

				seed := RunSeed(r.seed, i)
				for a, p := range players {
					var (
						n   *Negotiation
						err error
					)
					res[a], n, err = p.play(0, i, seed, i < r.trace)
					if err != nil {
						if k > 1 {
							err = fmt.Errorf("arm %c: %w", 'A'+a, err)
						}
						fail(fmt.Errorf("run %d: %w", i, err))
						return
					}
					if r.observe != nil {
						r.observe(w, a, n, &res[a], &p.s.hist)
					}
				}

				mu.Lock()
				copy(slots[(i%size)*k:], res)
				ready[i%size] = true
				cond.Broadcast()
				mu.Unlock()
			}
		}()
	}

	var err error
	out := make([]Result, k)
	for emitted < r.runs {
		mu.Lock()
		j := emitted % size
		for !ready[j] && ctx.Err() == nil {
			cond.Wait()
		}
		if !ready[j] {
			mu.Unlock()
			break
		}
		copy(out, slots[j*k:(j+1)*k])
		clear(slots[j*k : (j+1)*k])
		ready[j] = false
		mu.Unlock()

		if err = emit(out); err != nil {
			break
		}
		mu.Lock()
		emitted++
		cond.Broadcast()
		mu.Unlock()
		if r.progress != nil {
			r.progress(emitted, r.runs)
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
	if emitted < r.runs {
		return fmt.Errorf("stopped after %d of %d runs: %w", emitted, r.runs, context.Cause(ctx))
	}
	return nil
}
