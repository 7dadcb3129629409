//go:build !unix

package link

import "os"

// mapFile reads the file whole where mapping is not available.
func mapFile(path string) ([]byte, func() error, error) {
	b, err := os.ReadFile(path)
	return b, func() error { return nil }, err
}

// diskFree cannot tell here.
func diskFree(string) (int64, bool) { return 0, false }

// willNeed has nothing to do where files are read whole.
func willNeed([]byte) {}
