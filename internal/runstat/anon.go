package runstat

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Peak resident memory counts the pages of memory-mapped files the process
// touched (the reference index), which the kernel can drop at will; the
// memory a run really needs is its anonymous part (heap, stacks). The
// kernel keeps no peak of that, so a sampler reads it every 100 ms.
var (
	anonPeak  atomic.Int64
	startOnce sync.Once
)

// StartAnonSampler starts sampling the anonymous resident memory
// (RssAnon in /proc/self/status) for PeakAnon; a no-op after the first call
// and where /proc is absent.
func StartAnonSampler() {
	startOnce.Do(func() {
		if rssAnon() < 0 {
			return
		}
		go func() {
			for {
				if v := rssAnon(); v > anonPeak.Load() {
					anonPeak.Store(v)
				}
				time.Sleep(100 * time.Millisecond)
			}
		}()
	})
}

// PeakAnon returns the highest anonymous resident memory sampled, in bytes
// (0 when not sampled).
func PeakAnon() int64 {
	if v := rssAnon(); v > anonPeak.Load() {
		anonPeak.Store(v)
	}
	return max(anonPeak.Load(), 0)
}

// rssAnon reads RssAnon from /proc/self/status in bytes; -1 when unknown.
func rssAnon() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Bytes()
		if v, ok := bytes.CutPrefix(line, []byte("RssAnon:")); ok {
			fields := bytes.Fields(v)
			if len(fields) == 0 {
				return -1
			}
			kb, err := strconv.ParseInt(string(fields[0]), 10, 64)
			if err != nil {
				return -1
			}
			return kb * 1024
		}
	}
	return -1
}
