//go:build unix

package scenarios

import "syscall"

// processCPU returns the CPU time the process has used so far, in
// nanoseconds, and whether it is known: on a machine shared by several
// processes a benchmark's wall time measures the others as much as the
// code, its CPU time much less.
func processCPU() (int64, bool) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, false
	}
	return ru.Utime.Nano() + ru.Stime.Nano(), true
}
