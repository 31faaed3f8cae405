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
