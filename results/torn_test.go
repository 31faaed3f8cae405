package results

import (
	"bytes"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parley-sim/parley/results/atomicfile"
	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/sim"
)

// folderBytes returns every file of dir by name.
func folderBytes(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

// crash is the panic of a test's afterStep hook: the process "dies" there,
// with no Abort.
type crash struct{}

// TestRunFolderReplacedAsUnit records a run into a folder that holds an
// earlier, different one (other runs, charts, a report), and makes the
// recorder "die" (no Abort, no cleanup, as with kill -9) after each step
// of Close in turn: the folder must then hold the earlier run whole or the
// new one whole, never a mix of their files, and the next run into it
// must succeed and leave nothing of the dead one behind. Renaming the
// files one by one into the folder left runs.csv of the new run beside
// the manifest and summary of the old one, which plot and report
// accepted.
func TestRunFolderReplacedAsUnit(t *testing.T) {
	n := fixture.Negotiation(t, 0.2, sim.RandomFirst, 0)
	root := t.TempDir()
	recordInto := func(dir string, runs int, opt Options) (*Recorder, error) {
		r, err := NewRecorder(dir, n, testManifest(runs), opt)
		if err != nil {
			return nil, err
		}
		b := sim.Batch{Negotiation: n, Runs: runs, Seed: 7, Workers: 2, Trace: 2, Observe: r.Observer()}
		if err := b.Run(t.Context(), r.Add); err != nil {
			r.Abort()
			return nil, err
		}
		return r, nil
	}
	oldRun := func(dir string) {
		r, err := recordInto(dir, 5, testOptions(2, true))
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, ReportFile), []byte("<html>old</html>"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ref := filepath.Join(root, "old")
	oldRun(ref)
	old := folderBytes(t, ref)
	newOpt := testOptions(2, false)
	newOpt.Transcript = true
	r, err := recordInto(filepath.Join(root, "new"), 9, newOpt)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	want := folderBytes(t, filepath.Join(root, "new"))

	same := func(a, b map[string][]byte) bool {
		return maps.EqualFunc(a, b, func(x, y []byte) bool { return bytes.Equal(x, y) })
	}
	for k := 0; ; k++ {
		dir := filepath.Join(root, "run")
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		oldRun(dir)
		opt := newOpt
		steps := 0
		opt.afterStep = func() {
			if steps == k {
				panic(crash{})
			}
			steps++
		}
		r, err := recordInto(dir, 9, opt)
		if err != nil {
			t.Fatal(err)
		}
		died := func() (died bool) {
			defer func() {
				if p := recover(); p != nil {
					if _, ok := p.(crash); !ok {
						panic(p)
					}
					died = true
				}
			}()
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
			return false
		}()
		got := folderBytes(t, dir)
		switch {
		case same(got, old), same(got, want):
		default:
			t.Errorf("killed after step %d of Close: the folder mixes the runs: %v", k, slices.Sorted(maps.Keys(got)))
		}
		if !died {
			if !same(got, want) {
				t.Errorf("Close without a crash: %v", slices.Sorted(maps.Keys(got)))
			}
			if k < 2 {
				t.Errorf("Close has only %d steps", k)
			}
			break
		}
		r.lock.Unlock() // the dead process's lock goes with it
		// The next run cleans up after the dead one.
		r, err = recordInto(dir, 9, newOpt)
		if err != nil {
			t.Fatalf("after a crash at step %d: %v", k, err)
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		if got := folderBytes(t, dir); !same(got, want) {
			t.Errorf("the run after a crash at step %d: %v", k, slices.Sorted(maps.Keys(got)))
		}
		entries, _ := os.ReadDir(root)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") {
				t.Errorf("left after a crash at step %d and a new run: %s", k, e.Name())
			}
		}
	}
}

// TestRecorderLocked checks that a second writer of a run folder is
// refused while the first holds it, with atomicfile.ErrLocked, and that
// the folder is free again after Close or Abort.
func TestRecorderLocked(t *testing.T) {
	n := fixture.Negotiation(t, 0, 0, 0)
	dir := filepath.Join(t.TempDir(), "run")
	r, err := NewRecorder(dir, n, testManifest(3), testOptions(1, false))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewRecorder(dir, n, testManifest(3), testOptions(1, false)); !errors.Is(err, atomicfile.ErrLocked) {
		t.Errorf("second recorder: %v, want ErrLocked", err)
	}
	if _, err := Replot(dir, n); !errors.Is(err, atomicfile.ErrLocked) {
		t.Errorf("Replot during a run: %v, want ErrLocked", err)
	}
	r.Abort()
	r2, err := NewRecorder(dir, n, testManifest(3), testOptions(1, false))
	if err != nil {
		t.Fatalf("after Abort: %v", err)
	}
	r2.Abort()
}

// TestRecorderRefusesForeignFiles checks that a folder holding files no
// run writes is refused, and left as it was: replacing the folder would
// lose them.
func TestRecorderRefusesForeignFiles(t *testing.T) {
	n := fixture.Negotiation(t, 0, 0, 0)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := NewRecorder(dir, n, testManifest(3), testOptions(1, false))
	if !errors.Is(err, ErrSweepRefused) || !strings.Contains(err.Error(), `"notes.txt"`) {
		t.Errorf("err = %v, want a refusal naming notes.txt", err)
	}
	if got := folderBytes(t, dir); len(got) != 1 || string(got["notes.txt"]) != "mine" {
		t.Errorf("folder changed: %v", got)
	}
}

// TestRecorderRefusesWorkingFolder checks that a run into the working
// folder, or a folder holding it, is refused and changes nothing:
// replacing it would leave the shell in a folder that no longer exists.
func TestRecorderRefusesWorkingFolder(t *testing.T) {
	n := fixture.Negotiation(t, 0, 0, 0)
	root := t.TempDir()
	inner := filepath.Join(root, "run", "inner")
	if err := os.MkdirAll(inner, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(inner)
	for _, dir := range []string{".", "..", inner} {
		_, err := NewRecorder(dir, n, testManifest(3), testOptions(1, false))
		if !errors.Is(err, ErrSweepRefused) || !strings.Contains(err.Error(), "working folder") {
			t.Errorf("NewRecorder(%q) = %v, want a refusal about the working folder", dir, err)
		}
	}
	if entries, _ := os.ReadDir(root); len(entries) != 1 {
		t.Errorf("left in the parent: %v", entries)
	}
	// A folder beside it is fine.
	r, err := NewRecorder(filepath.Join("..", "beside"), n, testManifest(3), testOptions(1, false))
	if err != nil {
		t.Fatal(err)
	}
	r.Abort()
}
