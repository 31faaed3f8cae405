//go:build unix

package atomicfile

import (
	"errors"
	"os"
	"syscall"
)

// hasFlock: the lock is the kernel's, and the lock file's content only
// names the holder for messages.
const hasFlock = true

// isReadOnly reports the error of creating a file on a read-only file
// system.
func isReadOnly(err error) bool { return errors.Is(err, syscall.EROFS) }

// lockFile takes an flock on f without waiting: ErrLocked when another
// process holds a conflicting one.
func lockFile(f *os.File, exclusive bool) error {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	for {
		err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EWOULDBLOCK):
			return ErrLocked
		}
		return err
	}
}
