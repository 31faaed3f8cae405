package main

import (
	"context"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parley-sim/parley/sim"
)

// TestWorkersLimit checks that a number of workers above sim.MaxWorkers
// is refused at input, with the limit in the message and exit code 2,
// before anything is played or written: --workers 200000 used to end in
// "fatal error: out of memory".
func TestWorkersLimit(t *testing.T) {
	t.Chdir(t.TempDir())
	over := strconv.Itoa(sim.MaxWorkers + 1)
	limit := strconv.Itoa(sim.MaxWorkers)
	for _, args := range [][]string{
		{"run", "used-car", "--runs", "1", "--workers", over, "--no-charts", "--out", "out"},
		{"run", "used-car", "--runs", "1", "--workers", "200000", "--no-charts", "--out", "out"},
		{"sweep", "patience", "--replications", "1", "--workers", "1000000", "--no-charts", "--out", "out"},
		{"sweep", "patience", "--replications", "1", "--workers", over, "--no-charts", "--out", "out"},
		{"tournament", "time-dependent", "--workers", "200000", "--no-charts", "--out", "out"},
	} {
		code, stderr := exitOf(t, args...)
		if code != 2 || !strings.Contains(stderr, limit) || !strings.Contains(stderr, "--workers") {
			t.Errorf("parley %s: exit %d, stderr:\n%s\nwant exit 2 naming --workers and the limit %s", strings.Join(args, " "), code, stderr, limit)
		}
	}
	if code, stderr := exitOf(t, "run", "used-car", "--runs", "2", "--workers", limit, "--no-charts", "--quiet", "--out", "ok"); code != 0 {
		t.Errorf("--workers %s: exit %d, stderr:\n%s", limit, code, stderr)
	}
}

// TestTracedRoundsLimit checks that --trace K with a deadline whose K
// traced runs could hold more than sim.MaxTracedRounds rounds is refused
// at input, with the limit, before anything is played: a hardliner pair
// with a deadline of 1,000,000 rounds and --trace 3 ran out of memory.
func TestTracedRoundsLimit(t *testing.T) {
	t.Chdir(t.TempDir())
	args := []string{"run", "used-car", "--set", "protocol.deadline=1000000",
		"--set", "parties.buyer.strategy={type: hardliner}", "--set", "parties.seller.strategy={type: hardliner}",
		"--runs", "3", "--trace", "3", "--no-charts", "--out", "out"}
	code, stderr := exitOf(t, args...)
	if code != 2 || !strings.Contains(stderr, "--trace 3") || !strings.Contains(stderr, "1000000") {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 2 naming --trace 3 and the limit", code, stderr)
	}
	if _, err := os.Stat("out"); !os.IsNotExist(err) {
		t.Errorf("output folder created before the error: %v", err)
	}
}

// peakHeap runs f and returns the largest live heap it saw above the heap
// before it, sampled every millisecond with the collector made eager, so
// that the heap follows the live data closely.
func peakHeap(f func()) uint64 {
	old := debug.SetGCPercent(10)
	defer debug.SetGCPercent(old)
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	var peak atomic.Uint64
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	f()
	close(done)
	<-stopped
	return max(peak.Load(), base) - base
}

// TestAnalyzeMemory checks that parley analyze of a space whose every
// outcome is on the frontier keeps memory near what the analysis needs
// (two utility tables and the frontier, about 6 MB for 10⁵ outcomes),
// whether it prints the solutions, the frontier or JSON: it built a report (a map of values) of every frontier
// point before printing anything, about 600 bytes a point, and a
// 10⁷-outcome space went past 6 GB.
func TestAnalyzeMemory(t *testing.T) {
	dir := t.TempDir()
	ties := writeTieScenario(t, dir, 5)
	for _, flags := range [][]string{nil, {"--frontier"}, {"--json"}} {
		var out countWriter
		var err error
		peak := peakHeap(func() {
			err = run(context.Background(), append([]string{"analyze", ties}, flags...), env{stdout: &out, stderr: io.Discard})
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("analyze %v: %d bytes of output, peak heap %.1f MB", flags, out.n, float64(peak)/1e6)
		if peak > 25e6 {
			t.Errorf("analyze %v: peak heap %.1f MB, more than 25 MB", flags, float64(peak)/1e6)
		}
	}
}

// countWriter counts what is written to it.
type countWriter struct{ n int }

func (w *countWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }
