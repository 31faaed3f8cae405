package sim

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parley-sim/parley/sim/stats"
)

// MaxPoints is the largest number of parameter points one sweep accepts.
const MaxPoints = 10_000_000

// Sweep plays replications of many parameter points, each point its own
// Negotiation, and delivers the results point by point, replication by
// replication, whatever the number of workers. Replication r of point p is
// a pure function of (the point's negotiation, Seed, r): it plays with
// RunSeed(Seed, r), the seed of run r of a batch.
//
// Every point thus plays with common random numbers (Law and Kelton):
// replication r of every point draws the same first mover, the same
// breakdowns, the same strategy noise and, with a Sampler, the same value
// of every assumption the points share, so that the differences between
// points are the effects of what the points change, not noise. A sweep over
// a setting that changes nothing gives identical points.
//
// With Precision > 0 the number of replications is adaptive: replications
// are added in blocks until the 95% intervals of the agreement rate (Wilson)
// and of both parties' mean utilities (Student t) are no wider than
// ±Precision, or Replications is reached. The decision after each block
// depends only on that point's earlier results, so it too is deterministic.
type Sweep struct {
	// Points is the number of parameter points, from 1 to MaxPoints.
	Points int
	// Build returns the negotiation of a point. It is called at most once
	// per point, from a worker goroutine; the negotiation is shared
	// read-only by the workers and released when the point is done. It is
	// not called (and may be nil) when NewSampler is set.
	Build func(point int) (*Negotiation, error)
	// NewSampler, if not nil, makes the Sampler of each worker: every
	// replication then plays a negotiation of its own, which the worker's
	// Sampler returns for the replication's point and seed, and its result
	// carries the values drawn and its metrics (see Arm.NewSampler).
	NewSampler func() Sampler
	// Measure, if true, computes each result's Metrics on the worker that
	// played it, against the analysis of the point's negotiation (made
	// once per point). A sweep with NewSampler always measures, each run
	// against its own negotiation.
	Measure bool
	// Replications is the number of replications per point or, with
	// Precision, the most a point may take. Zero means 100.
	Replications int
	// Precision is the target half-width of the adaptive intervals; zero
	// means a fixed number of replications.
	Precision float64
	// MinReplications is the fewest replications of an adaptive point.
	// Zero means the block size.
	MinReplications int
	// Block is the number of replications decided at once. Zero means 32.
	Block int
	// Seed is the master seed.
	Seed uint64
	// Workers is the number of sessions played at once, at most
	// MaxWorkers. Zero means runtime.GOMAXPROCS(0).
	Workers int
	// Shard and Shards select this machine's share: the points p with
	// p % Shards == Shard. Zero Shards means 1 (every point).
	Shard, Shards int
	// From skips every point below it: a resumed sweep starts at the first
	// point that was not complete.
	From int
	// Trace is the number of replications, counted from 0, of every point
	// whose events are recorded.
	Trace int
	// Encode, if not nil, turns a result into bytes (a CSV row, say) on
	// the worker that played it, so that formatting runs in parallel. It
	// is called concurrently from several goroutines, with the negotiation
	// the result played (valid only during the call when it is a
	// Sampler's); dst is a buffer it may append to and return.
	Encode func(point int, n *Negotiation, res *Result, dst []byte) ([]byte, error)
	// Emit receives every result in order: points ascending, replications
	// ascending, with what Encode made of it (nil without Encode). It is
	// called from one goroutine. res and encoded are valid only during the
	// call.
	Emit func(point int, res *Result, encoded []byte) error
	// PointDone, if not nil, is called after the last result of a point,
	// with the number of replications it took.
	PointDone func(point, replications int) error
	// Progress, if not nil, is called after each delivered result.
	Progress func(SweepProgress)
}

// SweepProgress says how far a sweep has got.
type SweepProgress struct {
	// Done is the number of results delivered, Total an estimate of the
	// number this run of the sweep will deliver (exact without Precision).
	Done, Total int
	// Point is the point of the last result.
	Point int
}

// PointSeed derives a seed for parameter point point from the master seed:
// what a sweep design draws the point's parameters from. Replications do
// not use it: they play with common random numbers (see Sweep).
func PointSeed(master uint64, point int) uint64 {
	return splitmix(splitmix(master^0x5bd1e995) ^ splitmix(uint64(point)+0x2545f4914f6cdd1d))
}

// ErrSweep marks errors from building or validating a point's negotiation.
var ErrSweep = errors.New("sweep")

// sweepPoint is the dispatcher's record of a point in flight. Only the
// dispatcher goroutine touches its fields, except n and err, which the
// first worker to need them fills once.
type sweepPoint struct {
	p       int
	once    sync.Once
	n       *Negotiation
	an      *Analysis // n's analysis, when measuring
	err     error
	ready   map[int]*sweepTask // played blocks waiting for their turn
	issued  int                // blocks handed to workers
	emitted int                // blocks delivered
	done    bool               // no more blocks will be delivered
	acc     pointStats
}

// negotiation builds the point's negotiation on first use and, when
// measure is true, its analysis.
func (pt *sweepPoint) negotiation(build func(int) (*Negotiation, error), measure bool) (*Negotiation, *Analysis, error) {
	pt.once.Do(func() {
		n, err := build(pt.p)
		if err == nil && n == nil {
			err = errors.New("no negotiation")
		}
		if err == nil {
			err = n.Validate()
		}
		pt.n, pt.err = n, err
		if err == nil && measure {
			pt.an = Analyze(n)
		}
	})
	return pt.n, pt.an, pt.err
}

// sweepTask is one block of replications of one point: handed to a
// worker, played, and returned to the dispatcher.
type sweepTask struct {
	pt    *sweepPoint
	block int
	first int // replication of res[0]
	res   []Result
	enc   []byte
	ends  []int // enc[ends[k-1]:ends[k]] is the encoding of res[k]
	err   error
}

// pointStats accumulates what the adaptive rule needs, in replication order.
type pointStats struct {
	n, agreed int
	mean, m2  [2]float64 // Welford's running mean and sum of squares
}

func (s *pointStats) add(r *Result) {
	s.n++
	if r.End == EndAgreement {
		s.agreed++
	}
	for i, u := range r.Utility {
		d := u - s.mean[i]
		s.mean[i] += d / float64(s.n)
		s.m2[i] += d * (u - s.mean[i])
	}
}

// narrow reports whether the 95% Wilson interval of the agreement rate and
// the 95% Student t intervals of both mean utilities are within ±h.
func (s *pointStats) narrow(h float64) bool {
	if s.n < 2 {
		return false
	}
	const z = 1.959963984540054 // stats.Z(0.95)
	if _, half := stats.WilsonScore(s.agreed, s.n, z); half > h {
		return false
	}
	n := float64(s.n)
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(0.975)
	for i := range 2 {
		if t*math.Sqrt(s.m2[i]/(n-1)/n) > h {
			return false
		}
	}
	return true
}

// sweepPlan holds a sweep's settings with the defaults filled in.
type sweepPlan struct {
	reps, block, nBlocks, minReps, ahead int
	adaptive                             bool
	workers, shards, first               int
	maxOut, maxWindow                    int
}

func (sw *Sweep) plan() (sweepPlan, error) {
	var pl sweepPlan
	if sw.Points < 1 || sw.Points > MaxPoints {
		return pl, fmt.Errorf("points %d outside [1, %d]", sw.Points, MaxPoints)
	}
	if (sw.Build == nil && sw.NewSampler == nil) || sw.Emit == nil {
		return pl, errors.New("sweep needs Build (or NewSampler) and Emit")
	}
	pl.shards = max(1, sw.Shards)
	if sw.Shard < 0 || sw.Shard >= pl.shards {
		return pl, fmt.Errorf("shard %d outside [0, %d)", sw.Shard, pl.shards)
	}
	if sw.From < 0 {
		return pl, fmt.Errorf("from %d is negative", sw.From)
	}
	if math.IsNaN(sw.Precision) || sw.Precision < 0 {
		return pl, fmt.Errorf("precision %v is not a positive number", sw.Precision)
	}
	pl.reps = cmp.Or(sw.Replications, 100)
	if pl.reps < 1 || pl.reps > MaxRuns {
		return pl, fmt.Errorf("replications %d outside [1, %d]", pl.reps, MaxRuns)
	}
	pl.block = sw.Block
	if pl.block <= 0 {
		pl.block = 32
	}
	pl.block = min(pl.block, pl.reps)
	pl.nBlocks = (pl.reps + pl.block - 1) / pl.block
	pl.adaptive = sw.Precision > 0
	pl.minReps = min(pl.reps, max(sw.MinReplications, pl.block))
	pl.ahead = pl.nBlocks
	if pl.adaptive {
		pl.ahead = 2 // blocks played beyond the decided ones; extra work, never extra results
	}
	if err := checkWorkers(sw.Workers); err != nil {
		return pl, err
	}
	pl.workers = sw.Workers
	if pl.workers <= 0 {
		pl.workers = runtime.GOMAXPROCS(0)
	}
	// At most maxOut blocks are played or waiting at once, over at most
	// maxWindow points: memory stays flat in the number of runs.
	pl.maxOut = 4 * pl.workers
	pl.maxWindow = 2*pl.workers + 2
	pl.first = sw.From
	if r := pl.first % pl.shards; r != sw.Shard {
		pl.first += (sw.Shard - r + pl.shards) % pl.shards
	}
	return pl, nil
}

// Run plays the sweep. Results reach Emit in order; a cancelled context
// stops the sweep after a prefix of that order, and Run then returns the
// context's error. Otherwise Run returns the first error from Build (wrapped
// in ErrSweep), Encode, Emit or PointDone, or a panic in a strategy as an
// error.
func (sw *Sweep) Run(ctx context.Context) error {
	pl, err := sw.plan()
	if err != nil {
		return err
	}
	total := 0
	for p := pl.first; p < sw.Points; p += pl.shards {
		total += pl.reps
	}

	tasks := make(chan *sweepTask)
	played := make(chan *sweepTask, pl.maxOut)
	var wg sync.WaitGroup
	for range pl.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sw.work(tasks, played)
		}()
	}
	go func() { wg.Wait(); close(played) }()

	var (
		window      []*sweepPoint
		nextP       = pl.first
		outstanding int
		done        int
		spare       []*sweepTask
	)
	// candidate returns the next block to hand out, adding a point to the
	// window when the points in it have nothing left to give.
	candidate := func() *sweepTask {
		if outstanding >= pl.maxOut {
			return nil
		}
		for {
			for _, pt := range window {
				if pt.done || pt.issued >= pl.nBlocks {
					continue
				}
				if pt.issued*pl.block >= pl.minReps && pt.issued-pt.emitted >= pl.ahead {
					continue
				}
				var t *sweepTask
				if n := len(spare); n > 0 {
					t, spare = spare[n-1], spare[:n-1]
				} else {
					t = &sweepTask{}
				}
				t.pt, t.block, t.first = pt, pt.issued, pt.issued*pl.block
				t.res = t.res[:0]
				for range min(pl.block, pl.reps-t.first) {
					t.res = append(t.res, Result{})
				}
				return t
			}
			if nextP >= sw.Points || len(window) >= pl.maxWindow {
				return nil
			}
			window = append(window, &sweepPoint{p: nextP, ready: map[int]*sweepTask{}})
			nextP += pl.shards
		}
	}
	// deliver emits every block whose turn has come.
	deliver := func() error {
		for len(window) > 0 {
			pt := window[0]
			t := pt.ready[pt.emitted]
			if t == nil {
				return nil
			}
			delete(pt.ready, pt.emitted)
			outstanding--
			for k := range t.res {
				r := &t.res[k]
				pt.acc.add(r)
				var enc []byte
				if sw.Encode != nil {
					enc = t.enc[t.start(k):t.ends[k]]
				}
				if err := sw.Emit(pt.p, r, enc); err != nil {
					return err
				}
				done++
				if sw.Progress != nil {
					sw.Progress(SweepProgress{Done: done, Total: total, Point: pt.p})
				}
				if ctx.Err() != nil && k+1 < len(t.res) {
					return ctx.Err()
				}
			}
			t.pt = nil
			spare = append(spare, t)
			pt.emitted++
			if pt.emitted == pl.nBlocks || (pl.adaptive && pt.acc.n >= pl.minReps && pt.acc.narrow(sw.Precision)) {
				pt.done = true
				total -= pl.reps - pt.acc.n
				window = window[1:]
				for _, t := range pt.ready { // blocks played beyond the decision
					delete(pt.ready, t.block)
					outstanding--
				}
				if sw.PointDone != nil {
					if err := sw.PointDone(pt.p, pt.acc.n); err != nil {
						return err
					}
				}
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
		}
		return nil
	}

	for {
		if err = deliver(); err != nil {
			break
		}
		if len(window) == 0 && nextP >= sw.Points {
			break // every point of this shard is done
		}
		next := candidate()
		var send chan<- *sweepTask
		if next != nil {
			send = tasks
		}
		select {
		case send <- next:
			next.pt.issued++
			outstanding++
		case t := <-played:
			if t.err != nil {
				err = t.err
			} else if t.pt.done {
				outstanding-- // played beyond the decision: dropped
				t.pt = nil
				spare = append(spare, t)
			} else {
				t.pt.ready[t.block] = t
			}
		case <-ctx.Done():
			err = ctx.Err()
		}
		if next != nil && next.pt.issued == next.block { // not sent
			next.pt = nil
			spare = append(spare, next)
		}
		if err != nil {
			break
		}
	}
	close(tasks)
	for range played { // let the workers finish their blocks
	}
	return err
}

// start is the offset in enc of the encoding of res[k].
func (t *sweepTask) start(k int) int {
	if k == 0 {
		return 0
	}
	return t.ends[k-1]
}

// work plays the blocks it receives until tasks is closed.
func (sw *Sweep) work(tasks <-chan *sweepTask, played chan<- *sweepTask) {
	p := newPlayer(&Arm{NewSampler: sw.NewSampler}, nil, sw.Measure)
	for t := range tasks {
		sw.play(t, p)
		played <- t
	}
}

// play plays one block, turning a panic in a strategy into t.err.
func (sw *Sweep) play(t *sweepTask, p *player) {
	pt := t.pt
	defer func() {
		if r := recover(); r != nil {
			t.err = fmt.Errorf("point %d: a strategy failed: %v", pt.p, r)
			p.s = nil // its state is unknown: start afresh
		}
	}()
	t.err = nil
	if p.sampler == nil {
		n, an, err := pt.negotiation(sw.Build, sw.Measure)
		if err != nil {
			t.err = fmt.Errorf("%w: point %d: %w", ErrSweep, pt.p, err)
			return
		}
		p.fixed, p.an = n, an
	}
	t.enc, t.ends = t.enc[:0], t.ends[:0]
	for k := range t.res {
		rep := t.first + k
		res, n, err := p.play(pt.p, rep, RunSeed(sw.Seed, rep), rep < sw.Trace)
		if err != nil {
			t.err = fmt.Errorf("%w: point %d replication %d: %w", ErrSweep, pt.p, rep, err)
			return
		}
		t.res[k] = res
		if sw.Encode != nil {
			t.enc, err = sw.Encode(pt.p, n, &t.res[k], t.enc)
			if err != nil {
				t.err = fmt.Errorf("point %d replication %d: %w", pt.p, rep, err)
				return
			}
			t.ends = append(t.ends, len(t.enc))
		}
	}
}
