package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/parley-sim/parley/results"
)

// killSweep is a sweep slow enough to be stopped in the middle: 3,600
// runs of the flagship, each drawing its ranges and rebuilding its
// utility tables (about 1 ms of CPU a run), checkpointed after every
// point (--checkpoint 0), so that the test stops it after its first point
// with eleven still to play, however fast the machine.
const killSweep = `name: kill-test
scenario: south-caucasus
design: grid
replications: 300
seed: 3
parameters:
  parties.armenia.discount: [0.99, 0.995, 1]
  protocol.breakdown: [0, 0.01, 0.02, 0.03]
`

// TestSweepKillResume plays a sweep in a child process, stops it with
// SIGKILL (as a power cut or an out-of-memory killer would) and with
// SIGINT (Ctrl-C), resumes it with --resume, and checks that every file is
// byte for byte what an uninterrupted run writes.
func TestSweepKillResume(t *testing.T) {
	if testing.Short() {
		t.Skip("builds parley and plays a sweep four times; skipped in -short mode")
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
	if err := os.WriteFile(filepath.Join(work, "kill.yaml"), []byte(killSweep), 0o644); err != nil {
		t.Fatal(err)
	}
	args := func(out string, extra ...string) []string {
		return append([]string{"sweep", "kill.yaml", "--workers", "2", "--checkpoint", "0", "--no-charts", "--out", out}, extra...)
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
	mustRun(args("want")...)

	t.Run("SIGKILL", func(t *testing.T) {
		c := parley(args("killed")...)
		done := start(t, c)
		// Wait for a checkpoint after the first points, then kill.
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
		// Without --resume the unfinished folder is refused (exit 2).
		var refused bytes.Buffer
		again := parley(args("killed")...)
		again.Stderr = &refused
		err = again.Run()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(refused.String(), "unfinished run of this sweep; resume it (--resume)") {
			t.Errorf("an unfinished folder without --resume: %v, want exit code 2\n%s", err, refused.String())
		}
		// A row torn by the kill, after the checkpoint: the resumed run
		// drops it and warns once.
		torn, err := os.OpenFile(filepath.Join(work, "killed", results.RunsFile), os.O_APPEND|os.O_WRONLY, 0)
		if err == nil {
			_, err = torn.WriteString("7,0.99,0,12")
			if cerr := torn.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		stderr := mustRun(args("killed", "--resume")...)
		if !strings.Contains(stderr, "resuming killed at point") {
			t.Errorf("the resumed run does not say where it resumes:\n%s", stderr)
		}
		if n := strings.Count(stderr, "written after the last checkpoint; they were dropped"); n != 1 {
			t.Errorf("the resumed run warns %d times about the bytes it dropped, want once:\n%s", n, stderr)
		}
		sameFiles(t, filepath.Join(work, "want"), filepath.Join(work, "killed"))
	})

	t.Run("SIGINT", func(t *testing.T) {
		var stderr bytes.Buffer
		c := parley(args("interrupted")...)
		c.Stderr = &stderr
		done := start(t, c)
		waitFor(t, c, done, func() bool {
			fi, err := os.Stat(filepath.Join(work, "interrupted", results.RunsFile))
			return err == nil && fi.Size() > 50_000
		})
		if err := c.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		err := <-done
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 1 {
			t.Fatalf("after Ctrl-C: %v, want exit code 1\n%s", err, stderr.String())
		}
		again := "parley sweep kill.yaml --workers 2 --checkpoint 0 --no-charts --out interrupted --resume"
		if !strings.Contains(stderr.String(), "ready to resume:\n  "+again+"\n") {
			t.Fatalf("Ctrl-C does not say how to resume:\n%s", stderr.String())
		}
		// Ctrl-C leaves whole points only.
		b, err := os.ReadFile(filepath.Join(work, "interrupted", results.SweepStateFile))
		var st struct{ Next int }
		if err != nil || json.Unmarshal(b, &st) != nil {
			t.Fatalf("no checkpoint after Ctrl-C: %v", err)
		}
		points, _ := os.ReadFile(filepath.Join(work, "interrupted", results.PointsFile))
		if rows := bytes.Count(points, []byte("\n")) - 1; rows != st.Next {
			t.Errorf("points.csv has %d rows after Ctrl-C; the checkpoint says %d points are done", rows, st.Next)
		}
		mustRun(strings.Fields(again)[1:]...)
		sameFiles(t, filepath.Join(work, "want"), filepath.Join(work, "interrupted"))
	})
}

// start starts c and returns the channel of its Wait.
func start(t *testing.T, c *exec.Cmd) <-chan error {
	t.Helper()
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	return done
}

// waitFor polls ready until it holds; it fails if the process ends first.
func waitFor(t *testing.T, c *exec.Cmd, done <-chan error, ready func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for !ready() {
		select {
		case err := <-done:
			t.Fatalf("the sweep ended (%v) before it could be stopped; make the test sweep larger", err)
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			c.Process.Kill()
			t.Fatal("timed out waiting for the sweep")
		}
	}
}

// sameFiles fails unless folders a and b hold the same files, byte for
// byte.
func sameFiles(t *testing.T, a, b string) {
	t.Helper()
	list := func(dir string) map[string][]byte {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			files[e.Name()] = data
		}
		return files
	}
	fa, fb := list(a), list(b)
	if len(fa) != len(fb) {
		t.Errorf("%s has %d files, %s has %d", a, len(fa), b, len(fb))
	}
	for name, data := range fa {
		other, ok := fb[name]
		switch {
		case !ok:
			t.Errorf("%s is missing from %s", name, b)
		case !bytes.Equal(data, other):
			t.Errorf("%s differs between %s and %s (%d and %d bytes)", name, a, b, len(data), len(other))
		}
	}
}
