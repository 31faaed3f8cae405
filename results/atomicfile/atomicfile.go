// Package atomicfile writes files so that a reader, or a run interrupted
// half-way, sees either the old file or the complete new one, never a torn
// one: the content goes to a temporary file in the same folder, which is
// flushed, synced and renamed over the final name, and the folder is
// synced so that the rename survives a crash.
//
// [WriteFile] does it for one file. [Create] gives the steps apart, for a
// caller that prepares several files and renames them into place in an
// order of its own (a run folder renames its manifest last).
//
// Only regular files are written. A path that exists but is something
// else (a device such as /dev/full, a FIFO, a socket, a folder or a
// symbolic link) is refused with an error wrapping [ErrNotRegular] and left
// as it is: renaming over it would replace the device or the link itself
// with a regular file. [OpenRegular] opens a file to change in place (a
// table appended to) on the same terms, never through a link.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrNotRegular is wrapped by the errors about a path that exists but is
// not a regular file: a device, a FIFO, a socket, a folder or a symbolic
// link. Writing there is refused.
var ErrNotRegular = errors.New("parley writes only regular files")

// CheckTarget reports a path that exists but is not a regular file, with
// an error wrapping ErrNotRegular that says what it is; a missing path or a
// regular file is fine. It does not follow a symbolic link: a link is
// refused whatever it points to.
func CheckTarget(path string) error {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	}
	return checkMode(path, fi.Mode())
}

// checkMode reports a mode that is not a regular file's.
func checkMode(path string, m fs.FileMode) error {
	if m.IsRegular() {
		return nil
	}
	what := "not a regular file"
	switch {
	case m&fs.ModeSymlink != 0:
		what = "a symbolic link"
	case m.IsDir():
		what = "a folder"
	case m&fs.ModeCharDevice != 0:
		what = "a character device"
	case m&fs.ModeDevice != 0:
		what = "a block device"
	case m&fs.ModeNamedPipe != 0:
		what = "a FIFO"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	}
	return fmt.Errorf("%s is %s: %w", path, what, ErrNotRegular)
}

// OpenRegular opens the regular file at path with flag (os.O_WRONLY,
// os.O_CREATE, ...) and permissions perm, to change it in place. It never
// follows a symbolic link at path, and refuses anything that is not a
// regular file with an error wrapping ErrNotRegular.
func OpenRegular(path string, flag int, perm fs.FileMode) (*os.File, error) {
	if err := CheckTarget(path); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, flag|noFollow, perm)
	if err != nil {
		if isLoop(err) {
			return nil, fmt.Errorf("%s is a symbolic link: %w", path, ErrNotRegular)
		}
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil {
		err = checkMode(path, fi.Mode())
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// WriteFile writes the file at path through write, atomically: write
// goes to a temporary file in the same folder, which is flushed, synced and
// renamed over path, and the folder is synced. A reader sees the old file
// or the complete new one, never a torn one. If write or any later step
// fails, the temporary file is removed and the old file, if any, is left
// as it was. The new file has mode 0644 (before the umask). A path that is
// not a regular file is refused (ErrNotRegular).
func WriteFile(path string, write func(w io.Writer) error) error {
	t, err := Create(path)
	if err != nil {
		return err
	}
	if err := write(t); err != nil {
		t.Abort()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return t.Commit()
}

// tmpMarker follows ".NAME" in the names of temporary files.
const tmpMarker = ".tmp-"

// File is a file being written under a temporary name next to its final
// path. Writes are buffered. End it with [File.Commit] (or [File.Sync]
// then [File.Rename]), or with [File.Abort].
type File struct {
	path string // final path
	f    *os.File
	w    *bufio.Writer
	done bool // renamed or removed
}

// Create opens a temporary file in the folder of path, which must exist.
// A path that exists but is not a regular file is refused with an error
// wrapping ErrNotRegular (and checked again before the rename).
func Create(path string) (*File, error) {
	if err := CheckTarget(path); err != nil {
		return nil, err
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+tmpMarker+"*")
	if err != nil {
		return nil, fmt.Errorf("creating temporary file for %s: %w", path, err)
	}
	return &File{path: path, f: f, w: bufio.NewWriterSize(f, 64<<10)}, nil
}

// Write writes p into the temporary file.
func (t *File) Write(p []byte) (int, error) { return t.w.Write(p) }

// Sync flushes, syncs and closes the temporary file, leaving it ready to
// be renamed into place. On failure it removes the file.
func (t *File) Sync() error {
	err := t.w.Flush()
	if err == nil {
		err = t.f.Chmod(0o644)
	}
	if err == nil {
		err = t.f.Sync()
	}
	if cerr := t.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.remove()
		return fmt.Errorf("writing %s: %w", t.path, err)
	}
	return nil
}

// Rename moves the synced temporary file into place and syncs the folder.
// On failure it removes the temporary file.
func (t *File) Rename() error {
	if err := CheckTarget(t.path); err != nil {
		t.remove()
		return err
	}
	if err := os.Rename(t.f.Name(), t.path); err != nil {
		t.remove()
		return fmt.Errorf("renaming into %s: %w", t.path, err)
	}
	t.done = true
	return SyncDir(filepath.Dir(t.path))
}

// Commit syncs the temporary file and renames it into place.
func (t *File) Commit() error {
	if err := t.Sync(); err != nil {
		return err
	}
	return t.Rename()
}

// Abort closes and removes the temporary file, if it is still there. It is
// safe to call on a nil File and after Rename, where it does nothing.
func (t *File) Abort() {
	if t == nil || t.done {
		return
	}
	_ = t.f.Close() // the file is discarded; a second Close error is harmless
	t.remove()
}

func (t *File) remove() {
	t.done = true
	_ = os.Remove(t.f.Name()) // best effort: nothing more can be done
}

// SyncDir syncs a folder so that a rename in it survives a crash. Systems
// that cannot sync a folder report an error that is not worth failing for;
// SyncDir then returns nil.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("syncing folder %s: %w", dir, err)
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil && !errors.Is(err, os.ErrInvalid) && !isSyncUnsupported(err) {
		return fmt.Errorf("syncing folder %s: %w", dir, err)
	}
	return nil
}
