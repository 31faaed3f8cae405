package sim

import (
	"errors"
	"fmt"
)

// Sampler builds the negotiation of each run when the runs of a batch,
// comparison or sweep do not all play the same one: a scenario with
// uncertain assumptions draws them for each run (from the streams of
// AssumptionRand or AssumptionUniform of the run's seed) and sets them in a
// negotiation of its own, rebuilding in place only what depends on them
// (Utility.Rebuild). Each worker has a Sampler of its own, made by the
// factory of the batch (Batch.NewSampler, Arm.NewSampler,
// Sweep.NewSampler), and calls it for one run at a time, from one
// goroutine.
type Sampler interface {
	// Sample returns the negotiation that the run seeded by seed plays at
	// parameter point (always 0 outside a sweep), appends to draw the value
	// of each assumption it drew, in an order of its own that its caller
	// knows (a categorical assumption as the index of the value drawn), and
	// returns the extended slice. The negotiation must be valid. It may be
	// the one Sample returned before, changed in place: the worker uses a
	// negotiation only until it calls Sample again, and keeps nothing of it
	// in the run's Result.
	Sample(point int, seed uint64, draw []float64) (*Negotiation, []float64, error)
}

// Arm is what the runs of one side of a batch play: one negotiation, or a
// negotiation of their own for each run.
type Arm struct {
	// Negotiation is what every run plays, unless NewSampler is set. It
	// must be valid.
	Negotiation *Negotiation
	// NewSampler, if not nil, makes the Sampler of one worker; it is called
	// once per worker, from that worker's goroutine, and may be called
	// concurrently. Every run then plays the negotiation its worker's
	// Sampler returns, and its result carries the values drawn (Draw) and
	// its metrics (Metrics), computed on the worker from that run's own
	// negotiation.
	NewSampler func() Sampler
}

// check reports an arm that cannot be played.
func (a *Arm) check() error {
	if a.NewSampler != nil {
		return nil
	}
	if a.Negotiation == nil {
		return errors.New("no negotiation")
	}
	if err := a.Negotiation.Validate(); err != nil {
		return fmt.Errorf("invalid negotiation: %w", err)
	}
	return nil
}

// player plays the runs of one arm on one worker: it owns the worker's
// session, sampler and analyzer for that arm, so that every buffer is
// reused from one run to the next.
type player struct {
	fixed   *Negotiation // what every run plays without a sampler
	an      *Analysis    // fixed's analysis when measuring, shared read-only
	measure bool
	sampler Sampler
	s       *Session
	z       Analyzer
	drawCap int // the length of the last draw, to size the next one
}

// newPlayer returns the player of arm on one worker; an, if not nil, is the
// analysis of the arm's fixed negotiation, and measure says whether to
// measure every result.
func newPlayer(arm *Arm, an *Analysis, measure bool) *player {
	p := &player{fixed: arm.Negotiation, an: an, measure: measure || arm.NewSampler != nil}
	if arm.NewSampler != nil {
		p.sampler = arm.NewSampler()
	}
	return p
}

// play plays run number run with seed seed at point. The negotiation it
// returns is valid until the next call.
func (p *player) play(point, run int, seed uint64, trace bool) (Result, *Negotiation, error) {
	n := p.fixed
	var draw []float64
	if p.sampler != nil {
		var err error
		n, draw, err = p.sampler.Sample(point, seed, make([]float64, 0, p.drawCap))
		if err == nil && n == nil {
			err = errors.New("the sampler returned no negotiation")
		}
		if err == nil {
			err = n.Validate()
		}
		if err != nil {
			return Result{}, nil, err
		}
		p.drawCap = len(draw)
	}
	if p.s == nil {
		p.s = NewSession(n)
	} else {
		p.s.bind(n)
	}
	res := p.s.Play(run, seed, trace)
	res.Draw = draw
	if p.measure {
		an := p.an
		if p.sampler != nil || an == nil {
			an = p.z.Analyze(n)
		}
		m := an.Measure(n, &res)
		res.Metrics = &m
	}
	return res, n, nil
}
