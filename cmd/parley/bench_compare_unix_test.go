//go:build unix

package main

import (
	"context"
	"io"
	"strconv"
	"syscall"
	"testing"
)

// BenchmarkCompare measures parley compare against parley run of the
// same size, in process and on one worker, through the code paths a user
// takes with --no-charts: the flagship (with its uncertain assumptions)
// for 2,000 runs, then compared with a variant for 2,000 pairs, each
// writing its folder. It reports the CPU time of each (on a shared
// machine the wall time measures the other processes as much as the
// code) and their ratio; the issue asks for compare ≤ 2.2 × run.
func BenchmarkCompare(b *testing.B) {
	const runs = 2000
	dir := b.TempDir()
	e := env{stdout: io.Discard, stderr: io.Discard, version: "bench", getenv: func(string) string { return "" }}
	cpu := func(args ...string) float64 {
		b.Helper()
		var before, after syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &before); err != nil {
			b.Fatal(err)
		}
		if err := run(context.Background(), args, e); err != nil {
			b.Fatalf("parley %v: %v", args, err)
		}
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &after); err != nil {
			b.Fatal(err)
		}
		ns := after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano()
		return float64(ns) / 1e9
	}
	n := strconv.Itoa(runs)
	var tRun, tCompare float64
	for b.Loop() {
		tRun += cpu("run", "south-caucasus", "--runs", n, "--workers", "1", "--no-charts", "--trace", "0", "--quiet", "--out", dir+"/run")
		tCompare += cpu("compare", "south-caucasus", "--with", "parties.armenia.discount=0.95", "--runs", n, "--workers", "1",
			"--no-charts", "--quiet", "--out", dir+"/compare")
	}
	b.ReportMetric(tRun/float64(b.N), "cpu-s/run")
	b.ReportMetric(tCompare/float64(b.N), "cpu-s/compare")
	b.ReportMetric(tCompare/tRun, "compare/run")
}
