package atomicfile

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// writeTree writes files (name → content) into dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readTree returns the files of dir by name.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

// names returns the entries of dir.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// TestDirReplacesAsUnit checks that a committed folder replaces the old
// one whole (no file of the old one is left, even one the new one does
// not have), that an aborted one leaves the old one as it was, and that
// nothing but the folder is left in the parent.
func TestDirReplacesAsUnit(t *testing.T) {
	t.Run("exchange", func(t *testing.T) { testDirReplacesAsUnit(t, nil) })
	t.Run("fallback", func(t *testing.T) {
		testDirReplacesAsUnit(t, func(a, b string) error { return errNoExchange })
	})
}

func testDirReplacesAsUnit(t *testing.T, swap func(a, b string) error) {
	root := t.TempDir()
	final := filepath.Join(root, "run")
	old := map[string]string{"manifest.json": "old", "runs.csv": "old", "report.html": "old"}
	writeTree(t, final, old)

	d, err := CreateDir(final)
	if err != nil {
		t.Fatal(err)
	}
	writeTree(t, d.Path(), map[string]string{"manifest.json": "new", "runs.csv": "half"})
	if got := readTree(t, final); !equalMaps(got, old) {
		t.Errorf("the final folder changed before Commit: %v", got)
	}
	d.Abort()
	if got := readTree(t, final); !equalMaps(got, old) {
		t.Errorf("after Abort: %v", got)
	}
	if got := names(t, root); !slices.Equal(got, []string{"run"}) {
		t.Errorf("after Abort the parent holds %v", got)
	}

	d, err = CreateDir(final)
	if err != nil {
		t.Fatal(err)
	}
	d.swap = swap
	want := map[string]string{"manifest.json": "new", "runs.csv": "new"}
	writeTree(t, d.Path(), want)
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := readTree(t, final); !equalMaps(got, want) {
		t.Errorf("after Commit: %v, want %v", got, want)
	}
	if got := names(t, root); !slices.Equal(got, []string{"run"}) {
		t.Errorf("after Commit the parent holds %v", got)
	}

	// Into a folder that does not exist yet.
	fresh := filepath.Join(root, "fresh")
	d, err = CreateDir(fresh)
	if err != nil {
		t.Fatal(err)
	}
	writeTree(t, d.Path(), want)
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := readTree(t, fresh); !equalMaps(got, want) {
		t.Errorf("new folder: %v", got)
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestCleanDir checks what CleanDir does with what a killed writer left:
// temporary folders are removed, and a folder moved aside by Commit's
// fallback before the new one took its place is put back.
func TestCleanDir(t *testing.T) {
	root := t.TempDir()
	final := filepath.Join(root, "run")
	writeTree(t, filepath.Join(root, ".run"+newMarker+"123"), map[string]string{"runs.csv": "half"})
	writeTree(t, filepath.Join(root, ".run"+oldMarker+"456"), map[string]string{"runs.csv": "old"})
	writeTree(t, filepath.Join(root, ".other"+newMarker+"789"), map[string]string{"x": "not ours"})
	if err := CleanDir(final); err != nil {
		t.Fatal(err)
	}
	if got := readTree(t, final); got["runs.csv"] != "old" {
		t.Errorf("the old folder was not put back: %v", got)
	}
	if got := names(t, root); !slices.Equal(got, []string{".other" + newMarker + "789", "run"}) {
		t.Errorf("parent holds %v", got)
	}
	// With the folder in place, an old folder is only removed.
	writeTree(t, filepath.Join(root, ".run"+oldMarker+"999"), map[string]string{"runs.csv": "older"})
	if err := CleanDir(final); err != nil {
		t.Fatal(err)
	}
	if got := readTree(t, final); got["runs.csv"] != "old" {
		t.Errorf("folder replaced by an old one: %v", got)
	}
	if got := names(t, root); len(got) != 2 {
		t.Errorf("parent holds %v", got)
	}

	writeTree(t, final, map[string]string{".runs.csv.tmp-42": "torn", ".keep": "dotfile"})
	if err := CleanFiles(final); err != nil {
		t.Fatal(err)
	}
	if got := readTree(t, final); got[".runs.csv.tmp-42"] != "" || got[".keep"] != "dotfile" {
		t.Errorf("after CleanFiles: %v", got)
	}
}

// TestLockFolder checks that a folder locked exclusively refuses a second
// lock of any kind, that shared locks coexist and refuse an exclusive
// one, and that the lock file is gone once every lock is released.
func TestLockFolder(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "run")
	w, err := LockFolder(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, exclusive := range []bool{true, false} {
		if _, err := LockFolder(dir, exclusive); !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "process") {
			t.Errorf("second lock (exclusive %v): %v, want ErrLocked naming the process", exclusive, err)
		}
	}
	w.Unlock()
	if _, err := os.Stat(lockPath(t, dir)); !os.IsNotExist(err) {
		t.Errorf("lock file left after Unlock: %v", err)
	}
	r1, err := LockFolder(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := LockFolder(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LockFolder(dir, true); !errors.Is(err, ErrLocked) {
		t.Errorf("exclusive lock under shared ones: %v", err)
	}
	r1.Unlock()
	if _, err := os.Stat(lockPath(t, dir)); err != nil {
		t.Errorf("lock file removed while another reader holds it: %v", err)
	}
	r2.Unlock()
	if _, err := os.Stat(lockPath(t, dir)); !os.IsNotExist(err) {
		t.Errorf("lock file left after the last Unlock: %v", err)
	}
	w, err = LockFolder(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	w.Unlock()
	w.Unlock() // twice is harmless
}

// TestLockOfKilledProcess checks that the lock of a process killed with
// SIGKILL (no chance to unlock) does not block the next writer.
func TestLockOfKilledProcess(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs Unix signals")
	}
	if dir := os.Getenv("ATOMICFILE_HOLD_LOCK"); dir != "" {
		if _, err := LockFolder(dir, true); err != nil {
			os.Exit(3)
		}
		os.Stdout.WriteString("locked\n")
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	dir := filepath.Join(t.TempDir(), "run")
	c := exec.Command(os.Args[0], "-test.run", "^TestLockOfKilledProcess$")
	c.Env = append(os.Environ(), "ATOMICFILE_HOLD_LOCK="+dir)
	out, err := c.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 7)
	if _, err := out.Read(buf); err != nil || string(buf) != "locked\n" {
		c.Process.Kill()
		t.Fatalf("child: %q, %v", buf, err)
	}
	if _, err := LockFolder(dir, true); !errors.Is(err, ErrLocked) {
		t.Errorf("lock held by a live process: %v", err)
	}
	c.Process.Kill()
	c.Wait()
	l, err := LockFolder(dir, true)
	if err != nil {
		t.Fatalf("lock of a killed process: %v", err)
	}
	l.Unlock()
}

// lockPath returns LockFile(dir).
func lockPath(t *testing.T, dir string) string {
	t.Helper()
	p, err := LockFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestLockWriter checks that a writer's lock removes what an interrupted
// write left, keeps the folder's own files, refuses a second writer, and
// leaves nothing locked when it fails.
func TestLockWriter(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, ".runs.csv"+tmpMarker+"123")
	keep := filepath.Join(dir, "runs.csv")
	for _, p := range []string{stale, keep} {
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	w, err := LockWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the interrupted write's file is still there: %v", err)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("the folder's own file is gone: %v", err)
	}
	if _, err := LockWriter(dir); !errors.Is(err, ErrLocked) {
		t.Errorf("a second writer: %v, want ErrLocked", err)
	}
	w.Unlock()
	// A folder that cannot be cleaned (here: not a folder) is refused,
	// and its lock released.
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LockWriter(file); err == nil {
		t.Fatal("a file locked as a folder")
	}
	if _, err := os.Stat(lockPath(t, file)); !os.IsNotExist(err) {
		t.Errorf("a lock file was left by a failed LockWriter: %v", err)
	}
}
