//go:build !unix

package atomicfile

// isSyncUnsupported reports whether err means that the system cannot sync
// a folder; on such systems (Windows) the rename itself is the best we have.
func isSyncUnsupported(err error) bool { return err != nil }
