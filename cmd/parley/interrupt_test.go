package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestInterruptedCommands runs each command whose phases take seconds on
// a large space (loading and checking a scenario, analysing it,
// converting a domain, building a report, drawing charts, a sweep's or a
// tournament's analysis and charts, a merge's) with a context already
// cancelled, as after Ctrl-C: each must stop with exit code 1, print
// nothing on stdout and leave the files as they were. Before, each of
// them ignored the context and finished with exit code 0.
func TestInterruptedCommands(t *testing.T) {
	t.Chdir(t.TempDir())
	if code, stderr := exitOf(t, "run", "used-car", "--runs", "2", "--quiet", "--out", "done"); code != 0 {
		t.Fatalf("run: exit %d\n%s", code, stderr)
	}
	if code, stderr := exitOf(t, "export", "used-car", "--format", "geniusweb", "-o", "domain"); code != 0 {
		t.Fatalf("export: exit %d\n%s", code, stderr)
	}
	// A complete sweep and tournament, whose rerun with --resume writes
	// their analysis and charts again, and two shards to merge.
	if err := os.WriteFile("tiny.yaml", []byte("name: tiny\nscenario: used-car\nparameters:\n  protocol.deadline: [10, 20, 30]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tiny := []string{"sweep", "tiny.yaml", "--replications", "2", "--quiet"}
	quick := []string{"tournament", "--agents", "boulware,hardheaded", "--domains", "used-car", "--reps", "2", "--deadline", "20", "--quiet"}
	for _, args := range [][]string{
		append(tiny, "--no-charts", "--out", "sweep"), append(quick, "--no-charts", "--out", "tournament"),
		append(tiny, "--no-charts", "--shard", "0/2", "--out", "s0"), append(tiny, "--no-charts", "--shard", "1/2", "--out", "s1"),
	} {
		if code, stderr := exitOf(t, args...); code != 0 {
			t.Fatalf("parley %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
		}
	}
	if code, stderr := exitOf(t, "compare", "used-car", "--with", "protocol.deadline=6", "--runs", "2", "--quiet", "--out", "comparison"); code != 0 {
		t.Fatalf("compare: exit %d\n%s", code, stderr)
	}
	before := tree(t, ".")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, args := range [][]string{
		{"analyze", "used-car"},
		{"analyze", "used-car", "--json", "--frontier"},
		{"validate", "used-car"},
		{"import", "domain", "--deadline", "10", "-o", "imported.yaml"},
		{"import", "domain", "--deadline", "10"},
		{"report", "done"},
		{"report", "done", "-o", "-"},
		{"plot", "done"},
		{"plot", "comparison"},
		{"run", "used-car", "--runs", "2", "--out", "new"},
		{"compare", "used-car", "--with", "protocol.deadline=6", "--runs", "2", "--out", "new-comparison"},
		{"compare", "used-car", "used-car", "--runs", "2", "--out", "new-comparison"},
		{"export", "used-car", "--format", "geniusweb", "-o", "again"},
		append(tiny, "--resume", "--out", "sweep"),
		append(quick, "--resume", "--out", "tournament"),
		{"merge", "merged", "s0", "s1"},
		{"plot", "sweep"},
		append(tiny, "--out", "new-sweep"),
		append(quick, "--out", "new-tournament"),
	} {
		var stdout, stderr bytes.Buffer
		err := run(ctx, args, env{stdout: &stdout, stderr: &stderr, version: "test"})
		switch {
		case err == nil:
			t.Errorf("parley %s: exit 0 after Ctrl-C", strings.Join(args, " "))
		case isBadInput(err):
			t.Errorf("parley %s: %v, bad input (exit 2), want a failure (exit 1)", strings.Join(args, " "), err)
		case !errors.Is(err, errInterrupted) && !errors.Is(err, context.Canceled):
			t.Errorf("parley %s: %v, want an interruption", strings.Join(args, " "), err)
		}
		if stdout.Len() > 0 {
			t.Errorf("parley %s: printed %q after Ctrl-C", strings.Join(args, " "), stdout.String())
		}
		if after := tree(t, "."); after != before {
			t.Errorf("parley %s: the files changed after Ctrl-C:\n%s\nwant\n%s", strings.Join(args, " "), after, before)
		}
	}
}

// tree describes every file under dir, with its size and time, and
// every folder by its name (a folder's time changes with the lock files
// made and removed beside its subfolders).
func tree(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			fmt.Fprintf(&b, "%s/\n", path)
		} else {
			fmt.Fprintf(&b, "%s %d %s\n", path, fi.Size(), fi.ModTime().Format(time.RFC3339Nano))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestInterruptibleReturnsAtOnce checks that a phase still running when
// the context is cancelled is left behind: interruptible returns at once
// with errInterrupted, without waiting for it.
func TestInterruptibleReturnsAtOnce(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	release := make(chan struct{})
	defer close(release)
	time.AfterFunc(20*time.Millisecond, cancel)
	start := time.Now()
	_, err := interruptible(ctx, "loading big.yaml", func() (int, error) {
		<-release // a phase that has not finished
		return 1, nil
	})
	if !errors.Is(err, errInterrupted) || !strings.Contains(err.Error(), "loading big.yaml") {
		t.Errorf("err = %v, want loading big.yaml interrupted", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("returned after %v", d)
	}
	v, err := interruptible(context.Background(), "x", func() (int, error) { return 7, nil })
	if v != 7 || err != nil {
		t.Errorf("an uninterrupted phase gave %d, %v", v, err)
	}
}

// bigScenario has 10^k outcomes (k issues of ten values), every one on
// the Pareto frontier and tied for the maximum welfare; with k = 7,
// loading and analysing it takes seconds of CPU.
const bigScenario = `name: big
description: 10^k outcomes, every one on the Pareto frontier
issues:
%s
parties:
  a:
    reservation: 0
    weights: {%s}
    values: {%s}
    strategy: {type: boulware}
  b:
    reservation: 0
    weights: {%s}
    values: {%s}
    strategy: {type: conceder}
protocol:
  type: alternating
  deadline: 100
  first: a
`

// writeBigScenario writes bigScenario of 10⁷ outcomes into dir and
// returns its path.
func writeBigScenario(t *testing.T, dir string) string {
	t.Helper()
	return writeTieScenario(t, dir, 7)
}

// writeTieScenario writes bigScenario of 10^k outcomes into dir and
// returns its path.
func writeTieScenario(t *testing.T, dir string, k int) string {
	t.Helper()
	var issues, weights, up, down []string
	for i := 1; i <= k; i++ {
		issues = append(issues, fmt.Sprintf("  - {id: i%d, min: 0, max: 9, step: 1}", i))
		weights = append(weights, fmt.Sprintf("i%d: 1", i))
		up = append(up, fmt.Sprintf("i%d: {linear: increasing}", i))
		down = append(down, fmt.Sprintf("i%d: {linear: decreasing}", i))
	}
	j := func(s []string) string { return strings.Join(s, ", ") }
	text := fmt.Sprintf(bigScenario, strings.Join(issues, "\n"), j(weights), j(up), j(weights), j(down))
	path := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestSignalStopsAnalyze sends SIGINT to the parley binary while it loads
// a scenario of 10⁷ outcomes, which takes seconds of CPU: it must exit
// with code 1 at once, having printed nothing on stdout. Before, the
// signal was ignored until the analysis ended, with exit code 0.
func TestSignalStopsAnalyze(t *testing.T) {
	if testing.Short() {
		t.Skip("builds parley and loads a space of 10⁷ outcomes; skipped in -short mode")
	}
	if runtime.GOOS == "windows" {
		t.Skip("needs Unix signals")
	}
	work := t.TempDir()
	bin := filepath.Join(work, "parley")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	big := writeBigScenario(t, work)
	var stdout, stderr bytes.Buffer
	c := exec.Command(bin, "analyze", big)
	c.Stdout, c.Stderr = &stdout, &stderr
	done := start(t, c)
	select { // well into loading, which takes several seconds
	case err := <-done:
		t.Fatalf("parley analyze ended (%v) before the signal:\n%s", err, stderr.String())
	case <-time.After(time.Second):
	}
	sent := time.Now()
	if err := c.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	var err error
	select {
	case err = <-done:
	case <-time.After(time.Minute):
		c.Process.Kill()
		t.Fatal("parley analyze still running a minute after SIGINT")
	}
	took := time.Since(sent)
	t.Logf("exit %v %v after SIGINT; stderr: %s", err, took, stderr.String())
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("exit: %v, want exit code 1", err)
	}
	if stdout.Len() > 0 {
		t.Errorf("stdout after SIGINT: %.200q", stdout.String())
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("stderr does not say it was interrupted: %q", stderr.String())
	}
	// One second on an idle machine; more when the machine is loaded.
	if took > 5*time.Second {
		t.Errorf("exited %v after SIGINT, want about a second at most", took)
	}
}
