package sim

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// toySampler is a hand-built scenario with uncertain assumptions over a
// 3 × 4 × 5 space: each party's three weights (perturbed around the stated
// ones and renormalised) and its evaluations of the second issue, both
// reservation values, A's discount, the deadline (an integer), whether a
// facilitator takes part and the delta of its guarantee. Every draw is
// AssumptionUniform of its own path. The reusing sampler rebuilds one
// negotiation in place, run after run; with fresh set it builds everything
// anew, which is the reference the reuse must match.
type toySampler struct {
	fresh bool
	space *Space
	base  [2]Additive
	prof  [2]Additive
	util  [2]Utility
	fac   Facilitator
	n     Negotiation
}

// toyPaths lists the assumptions in the order of the draw.
var toyPaths = func() []string {
	var out []string
	for _, p := range []string{"a", "b"} {
		for i := range 3 {
			out = append(out, fmt.Sprintf("parties.%s.weights.i%d", p, i))
		}
		for v := range 4 {
			out = append(out, fmt.Sprintf("parties.%s.values.i1.%d", p, v))
		}
		out = append(out, "parties."+p+".reservation")
	}
	return append(out, "parties.a.discount", "protocol.deadline", "facilitator.present", "facilitator.guarantees.g.delta")
}()

func newToySampler(t testing.TB, fresh bool) *toySampler {
	t.Helper()
	z := &toySampler{fresh: fresh, space: synthSpace(t, []int{3, 4, 5})}
	z.base[0] = Additive{Weights: []float64{0.5, 0.3, 0.2}, Values: [][]float64{{1, 0.5, 0}, {1, 0.7, 0.3, 0}, {0, 0.25, 0.5, 0.75, 1}}}
	z.base[1] = Additive{Weights: []float64{0.2, 0.3, 0.5}, Values: [][]float64{{0, 0.5, 1}, {0, 0.3, 0.7, 1}, {0, 0.25, 0.5, 0.75, 1}}}
	for p := range 2 {
		z.prof[p] = Additive{Weights: make([]float64, 3), Values: [][]float64{z.base[p].Values[0], make([]float64, 4), z.base[p].Values[2]}}
	}
	return z
}

func (z *toySampler) Sample(point int, seed uint64, draw []float64) (*Negotiation, []float64, error) {
	k := 0
	next := func() float64 {
		u := AssumptionUniform(seed, toyPaths[k])
		k++
		return u
	}
	var res [2]float64
	for p := range 2 {
		sum := 0.0
		for i, w := range z.base[p].Weights {
			z.prof[p].Weights[i] = w * (0.5 + next())
			sum += z.prof[p].Weights[i]
			draw = append(draw, z.prof[p].Weights[i])
		}
		for i := range z.prof[p].Weights {
			z.prof[p].Weights[i] /= sum
		}
		for v, x := range z.base[p].Values[1] {
			z.prof[p].Values[1][v] = min(1, max(0, x+0.4*next()-0.2))
			draw = append(draw, z.prof[p].Values[1][v])
		}
		res[p] = 0.1 + 0.3*next() + 0.01*float64(point)
		draw = append(draw, res[p])
	}
	discount := 0.9 + 0.1*next()
	deadline := 5 + int(20*next())
	present := next() < 0.6
	delta := 0.2 * next()
	draw = append(draw, discount, float64(deadline), map[bool]float64{false: 0, true: 1}[present], delta)

	n := &z.n
	if z.fresh {
		n = new(Negotiation)
	}
	*n = Negotiation{Name: "toy", Space: z.space, Protocol: Protocol{Deadline: deadline, FirstMover: RandomFirst, Breakdown: 0.02}}
	for p := range 2 {
		u := &z.util[p]
		if z.fresh {
			u = new(Utility)
		}
		if err := u.Rebuild(z.space, z.prof[p]); err != nil {
			return nil, nil, err
		}
		n.Parties[p] = Party{ID: string(rune('a' + p)), Utility: u, Reservation: res[p], Discount: 1,
			BreakdownValue: res[p], Strategy: linear{jitter: 0.1}, StrategyName: "linear"}
	}
	n.Parties[0].Discount = discount
	if present {
		f := &z.fac
		if z.fresh {
			f = new(Facilitator)
		}
		*f = Facilitator{Triggers: stalled(2), Guarantees: []Guarantee{{Name: "g", When: []Condition{{Issue: 0, Value: 1}}, Delta: [2]float64{delta, delta}, Cost: 0.01}}, Budget: 0.1}
		n.Facilitator = f
	}
	return n, draw, nil
}

// resultText prints every field of a result, its metrics included.
func resultText(r *Result) string {
	m := "no metrics"
	if r.Metrics != nil {
		m = fmt.Sprintf("%+v", *r.Metrics)
	}
	c := *r
	c.Metrics = nil
	return fmt.Sprintf("%+v %s", c, m)
}

// playToy plays runs of the toy sampler with a batch of the given workers.
func playToy(t *testing.T, fresh bool, workers int) []string {
	t.Helper()
	var out []string
	b := Batch{NewSampler: func() Sampler { return newToySampler(t, fresh) }, Runs: 300, Seed: 5, Workers: workers, Trace: 3}
	if err := b.Run(context.Background(), func(r *Result) error {
		out = append(out, resultText(r))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSamplerBatchDeterministic checks that a batch whose runs play
// negotiations of their own gives the same results, draws and metrics
// whatever the number of workers, and that rebuilding one negotiation in
// place gives what building each run's negotiation anew gives.
func TestSamplerBatchDeterministic(t *testing.T) {
	want := playToy(t, true, 1)
	if len(want) != 300 {
		t.Fatalf("%d results", len(want))
	}
	for _, workers := range []int{1, 2, 8} {
		got := playToy(t, false, workers)
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("workers=%d, run %d:\n got %s\nwant %s", workers, i, got[i], want[i])
			}
		}
	}
}

// TestSamplerResultsMatchOneByOne checks each run of a sampled batch
// against the same run played by hand: the sampler's negotiation for the
// run's seed, a new session, and the negotiation's own analysis.
func TestSamplerResultsMatchOneByOne(t *testing.T) {
	ref := newToySampler(t, true)
	b := Batch{NewSampler: func() Sampler { return newToySampler(t, false) }, Runs: 100, Seed: 9, Workers: 2}
	observed := make([]string, 100) // each run's B reservation, as the observer saw it
	b.Observe = func(_ int, n *Negotiation, r *Result, _ *History) {
		observed[r.Run] = fmt.Sprint(n.Parties[1].Reservation)
	}
	facs, agreed := 0, 0
	err := b.Run(context.Background(), func(r *Result) error {
		seed := RunSeed(9, r.Run)
		n, draw, err := ref.Sample(0, seed, nil)
		if err != nil {
			return err
		}
		want := NewSession(n).Play(r.Run, seed, false)
		want.Draw = draw
		m := Analyze(n).Measure(n, &want)
		want.Metrics = &m
		if got, w := resultText(r), resultText(&want); got != w {
			return fmt.Errorf("run %d:\n got %s\nwant %s", r.Run, got, w)
		}
		if got, want := observed[r.Run], fmt.Sprint(n.Parties[1].Reservation); got != want {
			return fmt.Errorf("run %d: observed a negotiation with reservation %s, played %s", r.Run, got, want)
		}
		if len(r.Draw) != len(toyPaths) {
			return fmt.Errorf("run %d: %d values drawn for %d assumptions", r.Run, len(r.Draw), len(toyPaths))
		}
		if n.Facilitator != nil {
			facs++
		}
		if r.Agreed() {
			agreed++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The test means something only if runs differ in what matters.
	if facs == 0 || facs == 100 || agreed == 0 {
		t.Fatalf("%d runs with a facilitator, %d agreements: the toy does not vary", facs, agreed)
	}
}

// TestBatchWithoutSamplerUnchanged checks that a batch of one negotiation
// carries neither draws nor metrics unless asked, and that Measure gives
// each run the metrics of the negotiation's one analysis.
func TestBatchWithoutSamplerUnchanged(t *testing.T) {
	n := pie(t, 21, linear{jitter: 0.1}, linear{jitter: 0.1}, 10)
	n.Protocol.Breakdown = 0.1
	an := Analyze(n)
	for _, measure := range []bool{false, true} {
		b := Batch{Negotiation: n, Runs: 50, Seed: 2, Workers: 2, Measure: measure}
		err := b.Run(context.Background(), func(r *Result) error {
			switch {
			case r.Draw != nil:
				return errors.New("a draw without a sampler")
			case !measure && r.Metrics != nil:
				return errors.New("metrics without Measure")
			case measure && (r.Metrics == nil || fmt.Sprint(*r.Metrics) != fmt.Sprint(an.Measure(n, r))):
				return fmt.Errorf("run %d: metrics %v, want %v", r.Run, r.Metrics, an.Measure(n, r))
			}
			return nil
		})
		if err != nil {
			t.Fatalf("measure=%v: %v", measure, err)
		}
	}
}

// failingSampler fails at one seed.
type failingSampler struct {
	toy  *toySampler
	seed uint64
}

func (f failingSampler) Sample(point int, seed uint64, draw []float64) (*Negotiation, []float64, error) {
	if seed == f.seed {
		return nil, nil, errors.New("no such assumption")
	}
	return f.toy.Sample(point, seed, draw)
}

// TestSamplerErrorStopsBatch checks that a sampler's error stops the batch
// after a prefix of the runs and reaches the caller with the run.
func TestSamplerErrorStopsBatch(t *testing.T) {
	b := Batch{NewSampler: func() Sampler { return failingSampler{newToySampler(t, false), RunSeed(1, 40)} }, Runs: 100, Seed: 1, Workers: 2}
	emitted := 0
	err := b.Run(context.Background(), func(r *Result) error {
		if r.Run != emitted {
			return fmt.Errorf("run %d out of order", r.Run)
		}
		emitted++
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "run 40: no such assumption") {
		t.Fatalf("error %v, want run 40's", err)
	}
	if emitted > 40 {
		t.Fatalf("%d runs emitted past the failing one", emitted)
	}
}

// TestSamplerSweepDeterministic checks that a sweep whose replications
// play negotiations of their own gives the same results whatever the
// number of workers, and that each replication is the sampler's
// negotiation for its point and seed.
func TestSamplerSweepDeterministic(t *testing.T) {
	ref := newToySampler(t, true)
	var want []string
	for _, workers := range []int{1, 2, 8} {
		var got []string
		sw := Sweep{Points: 4, Replications: 40, Block: 8, Seed: 3, Workers: workers,
			NewSampler: func() Sampler { return newToySampler(t, false) },
			Encode: func(p int, n *Negotiation, r *Result, dst []byte) ([]byte, error) {
				return fmt.Appendf(dst, "%.6f", n.Parties[1].Reservation), nil
			},
			Emit: func(p int, r *Result, enc []byte) error {
				if r.Metrics == nil || len(r.Draw) != len(toyPaths) {
					return fmt.Errorf("point %d run %d: metrics %v, %d values drawn", p, r.Run, r.Metrics, len(r.Draw))
				}
				got = append(got, fmt.Sprintf("%d %s %s", p, enc, resultText(r)))
				if workers == 1 && r.Run < 3 {
					n, _, _ := ref.Sample(p, r.Seed, nil)
					if w := fmt.Sprintf("%.6f", n.Parties[1].Reservation); w != string(enc) {
						return fmt.Errorf("point %d run %d played reservation %s, want %s", p, r.Run, enc, w)
					}
				}
				return nil
			}}
		if err := sw.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		if want == nil {
			want = got
			continue
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("workers=%d: different results", workers)
		}
	}
	if len(want) != 160 {
		t.Fatalf("%d results, want 160", len(want))
	}
}
