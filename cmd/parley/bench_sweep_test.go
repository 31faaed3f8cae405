package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// BenchmarkSweepMillion plays the built-in sweep bench-million (one million
// negotiations of up to 100 rounds, full runs.csv, points.csv and
// sensitivity.csv) with the real binary, once with 1 worker and once with
// 2, and reports the wall time of each, the speed-up, the throughput and
// the peak resident memory; then once more with 2 workers and the charts,
// whose drawing is a fixed cost of under a second that does not grow with
// the runs. Targets (README, "Performance"): at most 60 s and 200 MB on 2
// cores, a speed-up of at least 1.8.
func BenchmarkSweepMillion(b *testing.B) {
	if testing.Short() {
		b.Skip("plays a million negotiations; skipped in -short mode")
	}
	dir := b.TempDir()
	bin := filepath.Join(dir, "parley")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		b.Fatalf("build parley: %v", err)
	}
	run := func(workers int, flags ...string) (wall time.Duration, peakMB float64) {
		out := filepath.Join(dir, "out")
		if err := os.RemoveAll(out); err != nil {
			b.Fatal(err)
		}
		args := append([]string{"sweep", "bench-million", "--out", out, "--quiet",
			"--workers", strconv.Itoa(workers)}, flags...)
		cmd := exec.Command(bin, args...)
		cmd.Stderr = os.Stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatalf("parley sweep --workers %d: %v", workers, err)
		}
		wall = time.Since(start)
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			peakMB = float64(ru.Maxrss) / 1024 // kilobytes on Linux
		}
		return wall, peakMB
	}
	for b.Loop() {
		t1, m1 := run(1, "--no-charts")
		t2, m2 := run(2, "--no-charts")
		tc, mc := run(2)
		b.ReportMetric(t1.Seconds(), "s/1-worker")
		b.ReportMetric(t2.Seconds(), "s/2-workers")
		b.ReportMetric(t1.Seconds()/t2.Seconds(), "speedup")
		b.ReportMetric(1e6/t2.Seconds(), "runs/s")
		b.ReportMetric(tc.Seconds(), "s/2-workers+charts")
		b.ReportMetric(max(m1, m2, mc), "peak-MB")
	}
	if runtime.NumCPU() < 2 {
		b.Log("fewer than 2 cores: the speed-up is meaningless here")
	}
}
