package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/parley-sim/parley/results"
)

// runParley runs parley in-process with args and returns its stdout, or
// fails the test.
func runParley(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), args, env{stdout: &stdout, stderr: &stderr, version: "test"}); err != nil {
		t.Fatalf("parley %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

// TestTournamentDeterministic plays one quick tournament with one worker,
// with two, and in two shards merged, and checks that the folders are
// byte for byte the same, charts included; and that a complete folder is
// left alone.
func TestTournamentDeterministic(t *testing.T) {
	t.Chdir(t.TempDir())
	quick := []string{"tournament", "--agents", "boulware,{type: time-dependent, e: 0.5},hardheaded",
		"--domains", "used-car,bench-3x10", "--reps", "6", "--deadline", "40", "--seed", "11", "--quiet"}
	runParley(t, append(quick, "--workers", "1", "--out", "one")...)
	runParley(t, append(quick, "--workers", "2", "--out", "two")...)
	sameFiles(t, "one", "two")
	runParley(t, append(quick, "--shard", "0/2", "--out", "s0", "--no-charts")...)
	runParley(t, append(quick, "--shard", "1/2", "--out", "s1", "--no-charts")...)
	runParley(t, "merge", "merged", "s0", "s1", "--quiet")
	sameFiles(t, "one", "merged")

	for _, name := range []string{results.AgentsFile, results.RankingFile, results.MatchupsFile, "tournament-ranking.png", "tournament-matchups.svg"} {
		if _, err := os.Stat(filepath.Join("one", name)); err != nil {
			t.Errorf("the tournament folder has no %s: %v", name, err)
		}
	}
	// 3 agents meet 6 ordered pairs on 2 domains: 12 pairings of 6
	// repetitions; each agent plays 4 pairings per domain.
	m, err := results.ReadSweepManifest("one")
	if err != nil || !m.Complete || m.Points != 12 || m.Runs != 72 {
		t.Fatalf("manifest %+v, %v: want 12 points, 72 runs, complete", m, err)
	}
	tr, err := results.ReadTournament("one")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range tr.Agents {
		if a.Negotiations != 48 {
			t.Errorf("%s played %d negotiations, want 48", a.Label, a.Negotiations)
		}
	}
	if got := runParley(t, append(quick, "--out", "one", "--resume")...); got != "" {
		t.Errorf("--quiet printed %q", got)
	}
	out := runParley(t, append(quick[:len(quick)-1], "--out", "one", "--resume")...)
	if !strings.Contains(out, "complete already (72 negotiations); nothing to do") {
		t.Errorf("a complete folder with --resume: %q", out)
	}
}

// TestTournamentUsage checks the refusals of the command line: each is
// bad input (exit code 2) with a message that says what is wrong.
func TestTournamentUsage(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--agents", "boulware"}, "or --agents and --domains"},
		{[]string{"anac-classics", "--agents", "boulware", "--domains", "used-car"}, "not both"},
		{[]string{"--agents", "boulware,conceder", "--domains", "used-car", "--reps", "0"}, "--reps 0 outside"},
		{[]string{"--agents", "boulware,nosuch", "--domains", "used-car"}, "nosuch"},
		{[]string{"--agents", "boulware", "--domains", "used-car"}, "one agent meets no one"},
		{[]string{"--agents", "boulware,conceder", "--domains", "no-such-domain"}, "no-such-domain"},
		{[]string{"no-such-tournament"}, "no-such-tournament"},
	} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), append([]string{"tournament"}, c.args...), env{stdout: &stdout, stderr: &stderr, version: "test"})
		if err == nil || !isBadInput(err) {
			t.Errorf("%v: %v, want bad input", c.args, err)
			continue
		}
		if msg := err.Error() + stderr.String(); !strings.Contains(msg, c.want) {
			t.Errorf("%v: the message does not say %q:\n%s", c.args, c.want, msg)
		}
	}
}

// TestSplitList checks the splitting of --agents and --domains.
func TestSplitList(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"boulware", []string{"boulware"}},
		{"boulware, conceder ,linear", []string{"boulware", "conceder", "linear"}},
		{"boulware,{type: time-dependent, e: 0.5},linear", []string{"boulware", "{type: time-dependent, e: 0.5}", "linear"}},
		{"{type: x, a: [1, 2]}, y", []string{"{type: x, a: [1, 2]}", "y"}},
	} {
		if got := splitList(c.in); !slices.Equal(got, c.want) {
			t.Errorf("splitList(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestTournamentKillResume plays a tournament in a child process, stops it
// with SIGKILL, resumes it with --resume, and checks that every file is
// byte for byte what an uninterrupted run writes.
func TestTournamentKillResume(t *testing.T) {
	if testing.Short() {
		t.Skip("builds parley and plays a tournament twice; skipped in -short mode")
	}
	if runtime.GOOS == "windows" {
		t.Skip("needs Unix signals")
	}
	work := t.TempDir()
	bin := filepath.Join(work, "parley")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// Every pairing is checkpointed (--checkpoint 0) and the killed run
	// plays on one worker, so that it is still running, with most of its
	// pairings to play, when its first checkpoint is seen; the others play
	// on two: the folder is the same whatever the workers.
	args := func(out string, extra ...string) []string {
		return append([]string{"tournament", "--agents", "boulware,conceder,linear,hardheaded", "--domains", "used-car,bench-3x10",
			"--reps", "300", "--checkpoint", "0", "--out", out}, extra...)
	}
	parley := func(a ...string) *exec.Cmd {
		c := exec.Command(bin, a...)
		c.Dir = work
		return c
	}
	mustRun := func(a ...string) string {
		t.Helper()
		var stderr bytes.Buffer
		c := parley(a...)
		c.Stderr = &stderr
		if err := c.Run(); err != nil {
			t.Fatalf("parley %s: %v\n%s", strings.Join(a, " "), err, stderr.String())
		}
		return stderr.String()
	}
	mustRun(args("want", "--workers", "2", "--quiet")...)

	c := parley(args("killed", "--workers", "1")...)
	done := start(t, c)
	waitFor(t, c, done, func() bool {
		b, err := os.ReadFile(filepath.Join(work, "killed", results.SweepStateFile))
		var st struct{ Next int }
		return err == nil && json.Unmarshal(b, &st) == nil && st.Next > 0
	})
	if err := c.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-done
	m, err := results.ReadSweepManifest(filepath.Join(work, "killed"))
	if err != nil || m.Complete {
		t.Fatalf("after SIGKILL: manifest %+v, %v; want an incomplete one", m, err)
	}
	var refused bytes.Buffer
	again := parley(args("killed")...)
	again.Stderr = &refused
	err = again.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Errorf("an unfinished folder without --resume: %v, want exit code 2\n%s", err, refused.String())
	}
	stderr := mustRun(args("killed", "--workers", "2", "--resume", "--quiet")...)
	if strings.Contains(stderr, "resuming") {
		t.Errorf("--quiet printed %q", stderr)
	}
	sameFiles(t, filepath.Join(work, "want"), filepath.Join(work, "killed"))
}
