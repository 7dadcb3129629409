package runstat

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
)

// TotalMemory returns the machine's physical memory in bytes (MemTotal in
// /proc/meminfo), or 0 where it cannot be read.
func TotalMemory() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := bytes.CutPrefix(sc.Bytes(), []byte("MemTotal:")); ok {
			if fs := bytes.Fields(v); len(fs) > 0 {
				kb, err := strconv.ParseInt(string(fs[0]), 10, 64)
				if err == nil {
					return kb * 1024
				}
			}
		}
	}
	return 0
}
