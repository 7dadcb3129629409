// Package runstat measures a run for the figures telusur prints: elapsed
// time, rows per second and the process's peak resident memory.
package runstat

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"syscall"
	"time"
)

// PeakRSS returns the peak resident set size of this process in bytes, or 0
// where the system does not say.
func PeakRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Maxrss * 1024 // Linux reports KiB
}

// Human formats a byte count with binary units.
func Human(b int64) string {
	const unit = 1024
	if b < unit {
		return fmt.Sprintf("%d B", b)
	}
	div, exp := int64(unit), 0
	for n := b / unit; n >= unit; n /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(b)/float64(div), "KMGTPE"[exp])
}

// Rate returns n per second over d.
func Rate(n int64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// DiskUsage returns the bytes of the regular files at or under path (0 when
// it does not exist), for the sizes telusur prints and checks.
func DiskUsage(path string) int64 {
	var n int64
	filepath.WalkDir(path, func(_ string, e fs.DirEntry, err error) error {
		if err == nil && e.Type().IsRegular() {
			if info, err := e.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
