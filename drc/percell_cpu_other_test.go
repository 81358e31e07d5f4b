//go:build !unix

package drc

import "time"

// childCPU is not measured here: it returns false.
func childCPU() (time.Duration, bool) { return 0, false }
