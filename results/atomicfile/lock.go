package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrLocked is wrapped by the error of LockFolder when another process
// holds the lock.
var ErrLocked = errors.New("in use by another process")

// Lock is a lock on a folder, held by this process: writers of a folder
// take it exclusively, readers shared (see LockFolder).
type Lock struct {
	path      string
	f         *os.File
	exclusive bool
}

// LockFile returns the path of the lock file of the folder dir:
// .NAME.lock next to it, in its parent, so that it outlives any version of
// the folder itself (see Dir).
func LockFile(dir string) (string, error) {
	parent, base, err := splitFolder(dir)
	if err != nil {
		return "", err
	}
	return filepath.Join(parent, "."+base+".lock"), nil
}

// LockFolder locks the folder dir, whose parent must exist: exclusively
// for a writer, shared for a reader that must not see the folder change
// under it. It does not wait: a folder locked by another process in a way
// that conflicts is refused with an error wrapping ErrLocked, naming the
// process that wrote it.
//
// The lock is an advisory lock (flock) on the lock file (LockFile), which
// the kernel releases when the process ends, however it ends: a lock left
// by a killed process never blocks. Unlock removes the lock file when no
// other process holds it. On systems without flock the lock file is
// created exclusively and holds the process id; a file whose process no
// longer runs is taken over.
//
// A reader (a shared lock) of a folder whose parent it may not write reads
// without a lock: no parley writer can replace or change that folder
// either, since each needs the lock file.
func LockFolder(dir string, exclusive bool) (*Lock, error) {
	path, err := LockFile(dir)
	if err != nil {
		return nil, err
	}
	for range 100 { // another process may remove the file between our open and lock
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|noFollow, 0o644)
		if err != nil {
			if !exclusive && (errors.Is(err, fs.ErrPermission) || isReadOnly(err)) {
				return &Lock{}, nil
			}
			return nil, fmt.Errorf("locking %s: %w", dir, err)
		}
		if err := lockFile(f, exclusive); err != nil {
			owner := readOwner(f)
			f.Close()
			if errors.Is(err, ErrLocked) {
				return nil, fmt.Errorf("%s is %w%s; wait for it to finish, or choose another folder", dir, ErrLocked, owner)
			}
			return nil, fmt.Errorf("locking %s: %w", dir, err)
		}
		// The file locked must still be the one at path: an Unlock
		// between our open and our lock removed it.
		fi, ferr := f.Stat()
		pi, perr := os.Lstat(path)
		if ferr != nil || perr != nil || !os.SameFile(fi, pi) {
			f.Close()
			continue
		}
		// The file names the writer that holds it, for the message of a
		// process refused; with a shared lock no writer does, and what a
		// killed writer left is cleared.
		if exclusive && hasFlock {
			if err := f.Truncate(0); err == nil {
				f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
			}
		}
		return &Lock{path: path, f: f, exclusive: exclusive}, nil
	}
	return nil, fmt.Errorf("locking %s: the lock file keeps changing", dir)
}

// readOwner returns " (process N)" from a lock file, or "".
func readOwner(f *os.File) string {
	b, err := io.ReadAll(io.NewSectionReader(f, 0, 32))
	if err != nil {
		return ""
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return ""
	}
	return fmt.Sprintf(" (process %d)", pid)
}

// LockWriter locks the folder dir exclusively (LockFolder), as a writer
// that changes files in place does, and removes what interrupted writers
// left in it (CleanFiles). On an error nothing stays locked.
func LockWriter(dir string) (*Lock, error) {
	lock, err := LockFolder(dir, true)
	if err != nil {
		return nil, err
	}
	if err := CleanFiles(dir); err != nil {
		lock.Unlock()
		return nil, err
	}
	return lock, nil
}

// Unlock releases the lock and removes the lock file when no other
// process holds it. It is safe to call on a nil Lock, and more than once.
func (l *Lock) Unlock() {
	if l == nil || l.f == nil {
		return
	}
	// Only a holder of the only lock may remove the file: try to take it
	// exclusively; a reader that cannot leaves the file to the others.
	if l.exclusive || lockFile(l.f, true) == nil {
		os.Remove(l.path)
	}
	l.f.Close() // releases the lock
	l.f = nil
}
