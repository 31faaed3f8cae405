//go:build unix

package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// nonRegular makes, in dir, every kind of path that is not a regular file
// and that this system lets a test make, and returns them by name.
func nonRegular(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	target := filepath.Join(dir, "target.txt")
	if err := os.WriteFile(target, []byte("kept\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(target, link); err == nil {
		out["symbolic link"] = link
	}
	folder := filepath.Join(dir, "folder")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	out["folder"] = folder
	{
		fifo := filepath.Join(dir, "fifo")
		if err := syscall.Mkfifo(fifo, 0o644); err == nil {
			out["FIFO"] = fifo
		}
		// A character device like /dev/full (1, 7), made here when the
		// test runs as root rather than touching the system's.
		dev := filepath.Join(dir, "full")
		if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, 1<<8|7); err == nil {
			out["device"] = dev
		} else {
			t.Logf("no device node (%v): not root?", err)
		}
	}
	return out
}

// TestWriteOnlyRegularFiles checks that a path that exists but is not a
// regular file (a device, a FIFO, a folder, a symbolic link) is refused
// and left as it was: renaming over it replaced /dev/full with a regular
// file when parley ran as root, and replaced a link instead of its
// target.
func TestWriteOnlyRegularFiles(t *testing.T) {
	dir := t.TempDir()
	for kind, path := range nonRegular(t, dir) {
		before, err := os.Lstat(path)
		if err != nil {
			t.Fatal(err)
		}
		err = WriteFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "new\n"); return err })
		if !errors.Is(err, ErrNotRegular) {
			t.Errorf("%s: err = %v, want ErrNotRegular", kind, err)
		}
		after, lerr := os.Lstat(path)
		if lerr != nil || after.Mode().Type() != before.Mode().Type() {
			t.Errorf("%s: %v became %v (%v)", kind, before.Mode().Type(), modeOf(after), lerr)
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, "target.txt")); err != nil || string(b) != "kept\n" {
		t.Errorf("the link's target: %q, %v", b, err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func modeOf(fi fs.FileInfo) any {
	if fi == nil {
		return "nothing"
	}
	return fi.Mode().Type()
}

// TestOpenRegular checks that a file changed in place is opened only when
// it is a regular file, never through a symbolic link, whose target is
// left as it was: parley sweep --resume appended to the target of a
// runs.csv linked outside its folder.
func TestOpenRegular(t *testing.T) {
	dir := t.TempDir()
	for kind, path := range nonRegular(t, dir) {
		f, err := OpenRegular(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if !errors.Is(err, ErrNotRegular) {
			t.Errorf("%s: err = %v, want ErrNotRegular", kind, err)
		}
		if f != nil {
			f.Close()
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, "target.txt")); err != nil || string(b) != "kept\n" {
		t.Errorf("the link's target: %q, %v", b, err)
	}
	path := filepath.Join(dir, "table.csv")
	for range 2 { // created, then opened again
		f, err := OpenRegular(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(f, "row\n"); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	if b, _ := os.ReadFile(path); string(b) != "row\nrow\n" {
		t.Errorf("regular file: %q", b)
	}
}
