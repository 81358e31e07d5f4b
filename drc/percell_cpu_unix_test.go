//go:build unix

package drc

import (
	"syscall"
	"time"
)

// childCPU returns the CPU time (user and system) of the test's child
// processes that have ended, and true.
func childCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
