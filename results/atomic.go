package results

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteFileAtomic writes the file at path through write, atomically: write
// goes to a temporary file in the same folder, which is flushed, synced and
// renamed over path, and the folder is synced. A reader sees the old file
// or the complete new one, never a torn one. If write or any later step
// fails, the temporary file is removed and the old file, if any, is left
// as it was. The new file has mode 0644 (before the umask).
func WriteFileAtomic(path string, write func(w io.Writer) error) error {
	t, err := createTemp(path)
	if err != nil {
		return err
	}
	if err := write(t.w); err != nil {
		t.abort()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return t.commit()
}

// tempFile is a file being written under a temporary name next to its
// final path.
type tempFile struct {
	path string // final path
	f    *os.File
	w    *bufio.Writer
	done bool // committed or aborted
}

// createTemp opens a temporary file in the folder of path.
func createTemp(path string) (*tempFile, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("creating temporary file for %s: %w", path, err)
	}
	return &tempFile{path: path, f: f, w: bufio.NewWriterSize(f, 64<<10)}, nil
}

// sync flushes, syncs and closes the temporary file, leaving it ready to
// be renamed into place. On failure it removes the file.
func (t *tempFile) sync() error {
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

// rename moves the synced temporary file into place and syncs the folder.
func (t *tempFile) rename() error {
	if err := os.Rename(t.f.Name(), t.path); err != nil {
		t.remove()
		return fmt.Errorf("renaming into %s: %w", t.path, err)
	}
	t.done = true
	return syncDir(filepath.Dir(t.path))
}

// commit syncs the temporary file and renames it into place.
func (t *tempFile) commit() error {
	if err := t.sync(); err != nil {
		return err
	}
	return t.rename()
}

// abort closes and removes the temporary file, if it is still there.
func (t *tempFile) abort() {
	if t == nil || t.done {
		return
	}
	_ = t.f.Close() // the file is discarded; a second Close error is harmless
	t.remove()
}

func (t *tempFile) remove() {
	t.done = true
	_ = os.Remove(t.f.Name()) // best effort: nothing more can be done
}

// syncDir syncs a folder so that a rename in it survives a crash. Systems
// that cannot sync a folder report an error that is not worth failing for.
func syncDir(dir string) error {
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
