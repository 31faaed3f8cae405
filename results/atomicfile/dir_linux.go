package atomicfile

import (
	"errors"

	"golang.org/x/sys/unix"
)

// errNoExchange reports a system or file system that cannot exchange two
// paths in one step.
var errNoExchange = errors.New("no atomic exchange of folders here")

// exchange swaps the folders a and b in one step (renameat2 with
// RENAME_EXCHANGE).
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOTSUP) {
		return errNoExchange
	}
	return err
}
