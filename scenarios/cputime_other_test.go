//go:build !unix

package scenarios

// processCPU reports that the process's CPU time is not at hand.
func processCPU() (int64, bool) { return 0, false }
