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
