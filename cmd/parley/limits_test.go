package main

import (
	"os"
	"strconv"
	"strings"
	"testing"

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
