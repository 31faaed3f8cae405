//go:build !unix

package atomicfile

// isSyncUnsupported reports whether err means that the system cannot sync
// a folder; on such systems (Windows) the rename itself is the best we have.
func isSyncUnsupported(err error) bool { return err != nil }

// noFollow is zero where OpenFile has no such flag: CheckTarget's Lstat
// refuses a link before the file is opened.
const noFollow = 0

// isLoop reports the error of opening a symbolic link with noFollow.
func isLoop(error) bool { return false }
