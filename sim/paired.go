package sim

import (
	"context"
	"fmt"
)

// Paired plays the same runs of two arms with common random numbers, the
// design of a paired comparison (Law and Kelton's common random numbers):
// run i of both arms plays with the seed RunSeed(Seed, i), so both draw the
// same first mover, the same breakdowns and the same strategy noise and,
// for every assumption the two arms share with the same distribution, the
// same value (the per-path streams of AssumptionRand). The two runs are
// played back to back on one worker and delivered together, in run order,
// through the same bounded window as Batch.
type Paired struct {
	// A and B are the two arms.
	A, B Arm
	// Measure, if true, computes each result's Metrics on the worker (see
	// Batch.Measure); an arm with a sampler always measures.
	Measure bool
	// Runs is the number of pairs, from 1 to MaxRuns.
	Runs int
	// Seed is the master seed; run i of both arms plays with
	// RunSeed(Seed, i).
	Seed uint64
	// Workers is the number of pairs played at once, at most MaxWorkers.
	// Zero means runtime.GOMAXPROCS(0).
	Workers int
	// Trace is the number of runs, counted from run 0, whose every event is
	// recorded in both arms' Result.Trace. Zero traces none.
	Trace int
	// Progress, if not nil, is called from the delivering goroutine after
	// each pair is delivered, with the number delivered and the total.
	Progress func(done, total int)
	// Observe, if not nil, is called by worker number worker right after
	// it plays each run of arm (0 for A, 1 for B), with the negotiation the
	// run played, its result and every offer of the session, all valid
	// only during the call. Calls from one worker are sequential; calls
	// from different workers are concurrent (see Batch.Observe).
	Observe func(worker, arm int, n *Negotiation, res *Result, offers *History)
}

// NumWorkers returns the number of workers Run will use.
func (p *Paired) NumWorkers() int { return numWorkers(p.Workers, p.Runs) }

// Run plays every pair of runs and calls emit with the results of run i of
// A and of B, in run order, from a single goroutine. The results are the
// same whatever Workers is. Run stops at the first error returned by emit,
// or when ctx is cancelled (after a prefix of the runs), and returns that
// error.
func (p *Paired) Run(ctx context.Context, emit func(a, b *Result) error) error {
	for i, arm := range []*Arm{&p.A, &p.B} {
		if err := arm.check(); err != nil {
			return fmt.Errorf("arm %c: %w", 'A'+i, err)
		}
	}
	r := runner{
		arms:     []Arm{p.A, p.B},
		runs:     p.Runs,
		seed:     p.Seed,
		workers:  p.Workers,
		trace:    p.Trace,
		measure:  p.Measure,
		progress: p.Progress,
		observe:  p.Observe,
	}
	return r.run(ctx, func(res []Result) error {
		a, b := res[0], res[1] // emit may keep the pointers
		return emit(&a, &b)
	})
}
