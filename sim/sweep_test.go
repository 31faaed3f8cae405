package sim

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// sweepPie builds point p: a pie whose B-reservation grows with p.
func sweepPie(t testing.TB) func(p int) (*Negotiation, error) {
	return func(p int) (*Negotiation, error) {
		n := pie(t, 51, linear{jitter: 0.2}, linear{jitter: 0.2}, 15)
		n.Parties[1].Reservation = float64(p%7) / 10
		n.Protocol.Breakdown = 0.05
		return n, nil
	}
}

type sweepRow struct {
	point int
	res   Result
}

func runSweep(t *testing.T, sw Sweep) ([]sweepRow, map[int]int) {
	t.Helper()
	var rows []sweepRow
	reps := map[int]int{}
	sw.Emit = func(p int, r *Result, _ []byte) error {
		rows = append(rows, sweepRow{p, *r})
		return nil
	}
	sw.PointDone = func(p, n int) error { reps[p] = n; return nil }
	if err := sw.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	return rows, reps
}

func TestSweepDeterministic(t *testing.T) {
	base := Sweep{Points: 9, Replications: 70, Block: 16, Seed: 3, Build: sweepPie(t)}
	want, wantReps := runSweep(t, base)
	if len(want) != 9*70 {
		t.Fatalf("%d rows, want %d", len(want), 9*70)
	}
	for i, r := range want {
		if r.point != i/70 || r.res.Run != i%70 {
			t.Fatalf("row %d is point %d run %d: not in order", i, r.point, r.res.Run)
		}
		if r.res.Seed != RunSeed(3, r.res.Run) {
			t.Fatalf("row %d has seed %x", i, r.res.Seed)
		}
	}
	for _, w := range []int{1, 2, 5} {
		sw := base
		sw.Workers = w
		got, gotReps := runSweep(t, sw)
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotReps, wantReps) {
			t.Errorf("workers=%d: different results", w)
		}
	}
	// Three shards, merged by point, give the same rows.
	var merged []sweepRow
	byPoint := map[int][]sweepRow{}
	for shard := range 3 {
		sw := base
		sw.Shard, sw.Shards, sw.Workers = shard, 3, 2
		rows, _ := runSweep(t, sw)
		for _, r := range rows {
			if r.point%3 != shard {
				t.Fatalf("shard %d ran point %d", shard, r.point)
			}
			byPoint[r.point] = append(byPoint[r.point], r)
		}
	}
	for p := range 9 {
		merged = append(merged, byPoint[p]...)
	}
	if !reflect.DeepEqual(merged, want) {
		t.Error("merged shards differ from a single run")
	}
	// Resuming from point 4 gives the tail.
	sw := base
	sw.From = 4
	tail, _ := runSweep(t, sw)
	if !reflect.DeepEqual(tail, want[4*70:]) {
		t.Error("resumed sweep differs from the tail of a full one")
	}
}

func TestSweepAdaptive(t *testing.T) {
	base := Sweep{Points: 6, Replications: 2000, Precision: 0.05, Block: 20, Seed: 11, Build: sweepPie(t)}
	_, reps1 := runSweep(t, Sweep{Points: base.Points, Replications: base.Replications, Precision: base.Precision, Block: base.Block, Seed: base.Seed, Build: base.Build, Workers: 1})
	rows, reps := runSweep(t, Sweep{Points: base.Points, Replications: base.Replications, Precision: base.Precision, Block: base.Block, Seed: base.Seed, Build: base.Build, Workers: 4})
	if !reflect.DeepEqual(reps1, reps) {
		t.Fatalf("adaptive replications depend on workers: %v vs %v", reps1, reps)
	}
	count := map[int]int{}
	for _, r := range rows {
		count[r.point]++
	}
	for p := range 6 {
		if count[p] != reps[p] || reps[p]%20 != 0 || reps[p] < 20 || reps[p] > 2000 {
			t.Errorf("point %d: %d rows, %d replications reported", p, count[p], reps[p])
		}
	}
	// A point that needed fewer replications than the cap is narrow.
	for p, n := range reps {
		if n < 2000 {
			var st pointStats
			for _, r := range rows {
				if r.point == p {
					st.add(&r.res)
				}
			}
			if !st.narrow(0.05) {
				t.Errorf("point %d stopped at %d replications but its intervals are wider than ±0.05", p, n)
			}
		}
	}
	t.Logf("replications per point: %v", reps)
}

func TestSweepErrors(t *testing.T) {
	bad := func(p int) (*Negotiation, error) { return nil, fmt.Errorf("no such point") }
	sw := Sweep{Points: 3, Build: bad, Emit: func(int, *Result, []byte) error { return nil }}
	if err := sw.Run(context.Background()); err == nil {
		t.Fatal("build error not reported")
	}
	stop := fmt.Errorf("disk full")
	sw = Sweep{Points: 3, Build: sweepPie(t), Emit: func(int, *Result, []byte) error { return stop }}
	if err := sw.Run(context.Background()); err != stop {
		t.Fatalf("emit error: got %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sw = Sweep{Points: 3, Build: sweepPie(t), Emit: func(int, *Result, []byte) error { return nil }}
	if err := sw.Run(ctx); err == nil {
		t.Fatal("cancelled sweep: no error")
	}
}

// TestSweepEncodeAndCancel checks that encodings reach Emit with their
// results and that a cancelled sweep delivers a prefix of the full order.
func TestSweepEncodeAndCancel(t *testing.T) {
	base := Sweep{Points: 7, Replications: 50, Block: 8, Seed: 5, Build: sweepPie(t), Workers: 3,
		Encode: func(p int, _ *Negotiation, r *Result, dst []byte) ([]byte, error) {
			return fmt.Appendf(dst, "%d/%d/%x/%.17g\n", p, r.Run, r.Seed, r.Utility[0]), nil
		}}
	full, _ := runSweep(t, base)
	var lines []string
	sw := base
	sw.Emit = func(p int, r *Result, enc []byte) error {
		if want := fmt.Sprintf("%d/%d/%x/%.17g\n", p, r.Run, r.Seed, r.Utility[0]); string(enc) != want {
			return fmt.Errorf("encoded %q, want %q", enc, want)
		}
		lines = append(lines, string(enc))
		return nil
	}
	if err := sw.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(lines) != len(full) {
		t.Fatalf("%d encodings for %d results", len(lines), len(full))
	}
	for _, stopAt := range []int{1, 37, 200} {
		ctx, cancel := context.WithCancel(context.Background())
		var got []sweepRow
		sw := base
		sw.Emit = func(p int, r *Result, _ []byte) error {
			got = append(got, sweepRow{p, *r})
			if len(got) == stopAt {
				cancel()
			}
			return nil
		}
		err := sw.Run(ctx)
		cancel()
		if err == nil {
			t.Fatalf("stop at %d: no error", stopAt)
		}
		if len(got) < stopAt || !reflect.DeepEqual(got, full[:len(got)]) {
			t.Errorf("stop at %d: %d results, not a prefix of the full sweep", stopAt, len(got))
		}
	}
}

// TestSweepPanicAndProgress checks that a panicking strategy becomes an
// error and that progress counts every delivered result.
func TestSweepPanicAndProgress(t *testing.T) {
	var last SweepProgress
	calls := 0
	sw := Sweep{Points: 4, Replications: 10, Block: 3, Seed: 1, Build: sweepPie(t), Shard: 1, Shards: 2,
		Emit:     func(int, *Result, []byte) error { return nil },
		Progress: func(p SweepProgress) { calls++; last = p }}
	if err := sw.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if calls != 20 || last != (SweepProgress{Done: 20, Total: 20, Point: 3}) {
		t.Errorf("progress: %d calls, last %+v", calls, last)
	}
	sw.Build = func(p int) (*Negotiation, error) {
		n, err := sweepPie(t)(p)
		if p == 2 {
			n.Parties[0].Strategy = panicky{}
		}
		return n, err
	}
	sw.Shard, sw.Shards = 0, 1
	err := sw.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "point 2: a strategy failed") {
		t.Fatalf("panic: got %v", err)
	}
}

type panicky struct{}

func (panicky) NewStrategy(*Self) Strategy { panic("boom") }

// TestSweepCommonRandomNumbers checks that every point plays its
// replications with the seeds of a batch (common random numbers): a sweep
// over a label that changes nothing gives identical points, run for run,
// with fixed and adaptive replications and with per-run negotiations, and
// each point equals a batch of the same seed.
func TestSweepCommonRandomNumbers(t *testing.T) {
	label := func(p int) (*Negotiation, error) {
		n := pie(t, 41, linear{jitter: 0.3}, linear{jitter: 0.3}, 12)
		n.Name = fmt.Sprintf("label %d", p) // the only thing a point changes
		n.Protocol.Breakdown = 0.08
		n.Protocol.FirstMover = RandomFirst
		return n, nil
	}
	var batch []string
	n, _ := label(0)
	b := Batch{Negotiation: n, Runs: 60, Seed: 11, Workers: 2}
	if err := b.Run(context.Background(), func(r *Result) error {
		batch = append(batch, resultText(r))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, sw := range []Sweep{
		{Points: 5, Replications: 60, Block: 7, Seed: 11, Workers: 3, Build: label},
		{Points: 5, Replications: 60, Block: 8, Seed: 11, Workers: 3, Build: label, Precision: 0.2},
		{Points: 5, Replications: 60, Block: 7, Seed: 11, Workers: 3, NewSampler: func() Sampler { return labelSampler{newToySampler(t, false)} }},
	} {
		byPoint := map[int][]string{}
		sw.Emit = func(p int, r *Result, _ []byte) error {
			byPoint[p] = append(byPoint[p], resultText(r))
			return nil
		}
		if err := sw.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		for p := 1; p < sw.Points; p++ {
			if strings.Join(byPoint[p], "\n") != strings.Join(byPoint[0], "\n") {
				t.Fatalf("precision %v, sampler %v: point %d differs from point 0", sw.Precision, sw.NewSampler != nil, p)
			}
		}
		if sw.Build != nil && sw.Precision == 0 && strings.Join(byPoint[0], "\n") != strings.Join(batch, "\n") {
			t.Fatal("point 0 differs from a batch of the same seed")
		}
		if sw.Precision > 0 && len(byPoint[0]) == sw.Replications {
			t.Fatalf("the adaptive sweep took every replication: the test proves nothing about its stopping rule")
		}
	}
}

// labelSampler is a toy sampler whose points differ only in name.
type labelSampler struct{ toy *toySampler }

func (l labelSampler) Sample(point int, seed uint64, draw []float64) (*Negotiation, []float64, error) {
	n, draw, err := l.toy.Sample(0, seed, draw)
	if n != nil {
		n.Name = fmt.Sprintf("label %d", point)
	}
	return n, draw, err
}
