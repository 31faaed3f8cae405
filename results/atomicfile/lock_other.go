//go:build !unix

package atomicfile

import (
	"io"
	"os"
	"strconv"
	"strings"
)

// hasFlock: the lock file's content is the lock.
const hasFlock = false

// isReadOnly reports the error of creating a file on a read-only file
// system; here only a permission error says so.
func isReadOnly(err error) bool { return false }

// lockFile stands in for flock where there is none: the lock file's
// content names its holder; a file naming another process that still
// runs is ErrLocked, and one whose process is gone is taken over. Shared
// locks are exclusive here.
func lockFile(f *os.File, exclusive bool) error {
	b, err := io.ReadAll(io.NewSectionReader(f, 0, 32))
	if err != nil {
		return err
	}
	if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && pid > 0 && pid != os.Getpid() {
		if p, err := os.FindProcess(pid); err == nil {
			p.Release()
			return ErrLocked
		}
	}
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return err
}
