package runstat

import (
	"testing"
	"time"
)

func TestHuman(t *testing.T) {
	for _, tt := range []struct {
		n    int64
		want string
	}{{0, "0 B"}, {1023, "1023 B"}, {1024, "1.0 KiB"}, {558 << 20, "558.0 MiB"}, {3 << 40, "3.0 TiB"}} {
		if got := Human(tt.n); got != tt.want {
			t.Errorf("Human(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestRate(t *testing.T) {
	if r := Rate(1000, 2*time.Second); r != 500 {
		t.Errorf("Rate = %v", r)
	}
	if r := Rate(1000, 0); r != 0 {
		t.Errorf("Rate over no time = %v", r)
	}
	if PeakRSS() <= 0 {
		t.Error("no peak RSS on Linux")
	}
}

func TestPeakAnon(t *testing.T) {
	if rssAnon() < 0 {
		t.Skip("no /proc/self/status")
	}
	StartAnonSampler()
	b := make([]byte, 64<<20)
	for i := range b {
		b[i] = 1
	}
	time.Sleep(250 * time.Millisecond)
	if p := PeakAnon(); p < 64<<20 {
		t.Errorf("peak anonymous memory %d, want at least the 64 MiB touched", p)
	}
	if PeakAnon() > PeakRSS() {
		t.Errorf("anonymous peak above the whole peak")
	}
	_ = b[len(b)-1]
}
