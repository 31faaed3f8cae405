//go:build unix

package sim

import (
	"syscall"
	"testing"
)

// processCPU returns the CPU time the process has used so far.
func processCPU() (int64, bool) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, false
	}
	return ru.Utime.Nano() + ru.Stime.Nano(), true
}

// reportCPU reports, when the benchmark ends, the CPU time per operation
// ("cpu-ns/op") beside the wall time: on a shared machine the wall time of
// a benchmark measures the other processes as much as the code, its CPU
// time much less. Call it right before the benchmark loop.
func reportCPU(b *testing.B) {
	start, ok := processCPU()
	if !ok {
		return
	}
	b.Cleanup(func() {
		if end, ok := processCPU(); ok && b.N > 0 {
			b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
		}
	})
}
