//go:build unix

package atomicfile

import (
	"errors"
	"syscall"
)

// isSyncUnsupported reports whether err means that the file system cannot
// sync a folder.
func isSyncUnsupported(err error) bool {
	return errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP)
}

// noFollow makes OpenFile fail on a symbolic link instead of following it.
const noFollow = syscall.O_NOFOLLOW

// isLoop reports the error of opening a symbolic link with noFollow.
func isLoop(err error) bool { return errors.Is(err, syscall.ELOOP) }
