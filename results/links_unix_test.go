//go:build unix

package results

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/parley-sim/parley/results/atomicfile"
)

// TestSweepResumeRefusesLinks checks that a sweep folder whose runs.csv
// or points.csv is a symbolic link is refused on resume, with
// ErrNotRegular, and the link's target left as it was: --resume used to
// truncate and append to a file outside the folder.
func TestSweepResumeRefusesLinks(t *testing.T) {
	ts := newTestSweep(t, false)
	for _, name := range []string{RunsFile, PointsFile} {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, "out")
			if err := ts.run(t, dir, sweepRun{workers: 1, stopAfter: 40, checkpointAll: true}); !errors.Is(err, context.Canceled) {
				t.Fatalf("first attempt: %v", err)
			}
			path := filepath.Join(dir, name)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			outside := filepath.Join(root, "elsewhere.csv")
			victim := append(bytes.Clone(b), "someone else's data\n"...)
			if err := os.WriteFile(outside, victim, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(outside, path); err != nil {
				t.Fatal(err)
			}
			err = ts.run(t, dir, sweepRun{workers: 1, resume: true})
			if !errors.Is(err, atomicfile.ErrNotRegular) {
				t.Errorf("resume: err = %v, want ErrNotRegular", err)
			}
			if got, _ := os.ReadFile(outside); !bytes.Equal(got, victim) {
				t.Errorf("the link's target changed:\n%s", got)
			}
		})
	}
}
