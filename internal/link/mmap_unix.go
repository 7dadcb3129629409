//go:build unix

package link

import (
	"fmt"
	"os"
	"syscall"
)

// mapFile maps a file read-only. The index's columns are larger than they
// need to be in memory at once (a 204-million-row reference has ~10 GB of
// them); mapping lets the kernel keep what verify touches and page the
// rest, with no copy.
func mapFile(path string) ([]byte, func() error, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if st.Size() == 0 {
		return nil, func() error { return nil }, nil
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, fmt.Errorf("map %s: %w", path, err)
	}
	return b, func() error { return syscall.Munmap(b) }, nil
}

// diskFree returns the bytes free to this user on the disk holding dir.
func diskFree(dir string) (int64, bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, false
	}
	return int64(st.Bavail) * int64(st.Bsize), true
}

// willNeed asks the kernel to read a mapped region ahead, in the
// background and in order, rather than a page at a time as it is touched.
func willNeed(b []byte) {
	if len(b) > 0 {
		_ = syscall.Madvise(b, syscall.MADV_WILLNEED)
	}
}
