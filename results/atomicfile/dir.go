package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Dir is a folder being written under a temporary name next to its final
// path, to replace whatever is there as a unit: a reader, or a process
// killed at any moment, finds the old folder whole or the new one whole,
// never a mix of their files. Write into [Dir.Path], then end it with
// [Dir.Commit] or [Dir.Abort].
//
// The temporary folder is .NAME.parley-new-XXXX in the folder's parent.
// Commit syncs it and swaps it with the final folder in one step (Linux's
// renameat2 RENAME_EXCHANGE), then removes the old folder. Where the
// system or the file system cannot exchange two folders, Commit moves the
// old folder aside (.NAME.parley-old-XXXX), then the new one into place:
// a process killed between the two renames leaves no folder at the final
// path, never a mix, and [CleanDir] puts the old one back.
//
// Two writers must not share a final path: hold its lock ([LockFolder])
// from CreateDir to Commit or Abort.
type Dir struct {
	final, tmp string
	done       bool
	// swap exchanges two folders; nil means exchange. Tests replace it to
	// take the fallback.
	swap func(a, b string) error
}

// Markers of the temporary folders of CreateDir and Commit, after
// ".NAME" in the parent.
const (
	newMarker = ".parley-new-"
	oldMarker = ".parley-old-"
)

// CreateDir creates the temporary folder of a folder to be written at
// path, in path's parent, which must exist. The folder is made with mode
// 0o755 less the umask, as os.MkdirAll would make the folder itself.
func CreateDir(path string) (*Dir, error) {
	parent, base, err := splitFolder(path)
	if err != nil {
		return nil, err
	}
	tmp, err := mkdirFresh(parent, "."+base+newMarker)
	if err != nil {
		return nil, fmt.Errorf("creating the temporary folder for %s: %w", path, err)
	}
	return &Dir{final: filepath.Join(parent, base), tmp: tmp}, nil
}

// splitFolder returns the parent and the name of the folder at path, made
// absolute: "." or "out/.." name a folder by its own name in its parent,
// where its lock and its temporary folders go. The root has no parent
// and is refused.
func splitFolder(path string) (parent, base string, err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", "", fmt.Errorf("folder %s: %w", path, err)
	}
	parent, base = filepath.Split(abs)
	if base == "" {
		return "", "", fmt.Errorf("folder %s: the root folder cannot be replaced; choose a folder inside it", path)
	}
	return filepath.Clean(parent), base, nil
}

// mkdirFresh makes a new folder in parent whose name is prefix and a
// random number, with mode 0o755 less the umask (os.MkdirTemp's are
// 0o700), and returns its path.
func mkdirFresh(parent, prefix string) (string, error) {
	for range 1000 {
		name := filepath.Join(parent, prefix+strconv.FormatUint(uint64(rand.Uint32()), 10))
		err := os.Mkdir(name, 0o755)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", err
		}
	}
	return "", fmt.Errorf("no free name for a folder %s* in %s", prefix, parent)
}

// Path returns the temporary folder to write into.
func (d *Dir) Path() string { return d.tmp }

// Commit syncs the temporary folder and puts it in place of the final
// folder, as a unit, then removes the old folder. On failure the final
// folder is left as it was (or, after the fallback's first rename, at its
// temporary name, which CleanDir restores) and the new folder is removed.
func (d *Dir) Commit() error {
	if d.done {
		return errors.New("atomicfile: Commit of a folder already committed or aborted")
	}
	d.done = true
	if err := SyncDir(d.tmp); err != nil {
		os.RemoveAll(d.tmp)
		return err
	}
	parent := filepath.Dir(d.final)
	fi, err := os.Lstat(d.final)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.Rename(d.tmp, d.final); err != nil {
			os.RemoveAll(d.tmp)
			return fmt.Errorf("renaming into %s: %w", d.final, err)
		}
		return SyncDir(parent)
	case err != nil:
		os.RemoveAll(d.tmp)
		return err
	case !fi.IsDir():
		os.RemoveAll(d.tmp)
		return fmt.Errorf("%s is not a folder", d.final)
	}
	swap := d.swap
	if swap == nil {
		swap = exchange
	}
	err = swap(d.tmp, d.final)
	if err == nil {
		// d.tmp now holds the old folder.
		if err := SyncDir(parent); err != nil {
			return err
		}
		return os.RemoveAll(d.tmp)
	}
	if !errors.Is(err, errNoExchange) {
		os.RemoveAll(d.tmp)
		return fmt.Errorf("swapping %s into place: %w", d.final, err)
	}
	// A fresh name for the old folder: made, then freed for the rename
	// (os.Rename does not replace a folder); the lock keeps it ours.
	old, err := mkdirFresh(parent, "."+filepath.Base(d.final)+oldMarker)
	if err == nil {
		err = os.Remove(old)
	}
	if err != nil {
		os.RemoveAll(d.tmp)
		return err
	}
	if err := os.Rename(d.final, old); err != nil {
		os.RemoveAll(d.tmp)
		return fmt.Errorf("moving %s aside: %w", d.final, err)
	}
	if err := os.Rename(d.tmp, d.final); err != nil {
		os.Rename(old, d.final) // best effort: put the old folder back
		os.RemoveAll(d.tmp)
		return fmt.Errorf("renaming into %s: %w", d.final, err)
	}
	if err := SyncDir(parent); err != nil {
		return err
	}
	return os.RemoveAll(old)
}

// Abort removes the temporary folder; the final folder is left as it was.
// It is safe to call on a nil Dir and after Commit, where it does nothing.
func (d *Dir) Abort() {
	if d == nil || d.done {
		return
	}
	d.done = true
	_ = os.RemoveAll(d.tmp) // best effort: CleanDir removes what is left
}

// CleanDir removes what interrupted writers of the folder at path left in
// its parent: temporary folders of CreateDir and old folders of Commit's
// fallback. When the folder itself is missing and an old folder is there
// (a process killed between the fallback's two renames), the old folder is
// put back first. Call it holding the folder's lock, so that no live
// writer owns what it removes.
func CleanDir(path string) error {
	parent, base, err := splitFolder(path)
	if err != nil {
		return err
	}
	path = filepath.Join(parent, base)
	entries, err := os.ReadDir(parent)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	var stale, olds []string
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, "."+base+newMarker):
			stale = append(stale, name)
		case strings.HasPrefix(name, "."+base+oldMarker):
			olds = append(olds, name)
		}
	}
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) && len(olds) > 0 {
		slices.Sort(olds)
		last := olds[len(olds)-1]
		if err := os.Rename(filepath.Join(parent, last), path); err != nil {
			return fmt.Errorf("restoring %s: %w", path, err)
		}
		olds = olds[:len(olds)-1]
	}
	for _, name := range append(stale, olds...) {
		if err := os.RemoveAll(filepath.Join(parent, name)); err != nil {
			return fmt.Errorf("removing %s left by an interrupted run: %w", name, err)
		}
	}
	return nil
}

// CleanFiles removes the temporary files that interrupted writes
// ([Create], [WriteFile]) left in the folder dir. Call it holding the
// folder's lock.
func CleanFiles(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	for _, e := range entries {
		if name := e.Name(); strings.HasPrefix(name, ".") && strings.Contains(name, tmpMarker) && e.Type().IsRegular() {
			if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("removing %s left by an interrupted write: %w", name, err)
			}
		}
	}
	return nil
}
