package source

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync/atomic"
	"testing"
)

func TestLimitExpand(t *testing.T) {
	tests := []struct {
		name       string
		opt        Options
		compressed int64
		produce    int64
		wantBomb   bool
	}{
		{"under the floor", Options{MaxRatio: 1}, 1, BombFloor, false},
		{"over floor and ratio", Options{MaxRatio: 1}, 1, BombFloor + 2, true},
		{"ratio allows", Options{MaxRatio: 10}, 1 << 20, 20 << 20, false},
		{"ratio refuses", Options{MaxRatio: 10}, 1 << 20, 21 << 20, true},
		{"default ratio", Options{}, 1 << 20, 200 << 20, false},
		{"total", Options{MaxTotal: 1 << 20}, 1 << 30, 2 << 20, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lim := newWalkLimits(context.Background(), tc.opt)
			r := newExpandLimiter(io.LimitReader(zeroReader{}, tc.produce), lim, "x.gz", fixedSize(tc.compressed))
			_, err := io.Copy(io.Discard, r)
			if got := errors.Is(err, ErrBomb); got != tc.wantBomb {
				t.Fatalf("error %v, want bomb %v", err, tc.wantBomb)
			}
			if tc.wantBomb {
				if e := asError(t, err); e.Entry != "x.gz" {
					t.Errorf("names %q", e.Entry)
				}
				// The error sticks.
				if _, err2 := r.Read(make([]byte, 1)); err2 != err {
					t.Errorf("second read: %v", err2)
				}
			}
		})
	}
}

func TestLimitTotalShared(t *testing.T) {
	lim := newWalkLimits(context.Background(), Options{MaxTotal: 3 << 20})
	for i, want := range []bool{false, false, true} {
		r := newExpandLimiter(io.LimitReader(zeroReader{}, 3<<19), lim, "m", fixedSize(1<<30))
		_, err := io.Copy(io.Discard, r)
		if got := errors.Is(err, ErrBomb); got != want {
			t.Errorf("reader %d: %v", i, err)
		}
	}
}

func TestLimitContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	lim := newWalkLimits(ctx, Options{})
	r := newExpandLimiter(io.LimitReader(zeroReader{}, 64<<20), lim, "m", fixedSize(64<<20))
	if _, err := io.Copy(io.Discard, r); !errors.Is(err, context.Canceled) {
		t.Errorf("limiter: %v", err)
	}
	e := newEntryReader(ctx, "m", io.LimitReader(zeroReader{}, 64<<20), nil)
	if _, err := io.Copy(io.Discard, e); !errors.Is(err, context.Canceled) {
		t.Errorf("entry reader: %v", err)
	}
}

func TestLimitDiskCredit(t *testing.T) {
	var n atomic.Int64
	d := &diskCredit{counter: &n}
	d.left.Store(100)
	d.add(60)
	d.add(60) // re-reading never credits more than the file holds
	d.add(-5)
	if n.Load() != 100 {
		t.Errorf("credited %d", n.Load())
	}
	var nilCredit *diskCredit
	nilCredit.add(10) // no counter: no panic
}

func TestLimitEntryReaderErrors(t *testing.T) {
	e := newEntryReader(context.Background(), "a.zip!/x.csv", io.MultiReader(strings.NewReader("ab"), errReader{io.ErrUnexpectedEOF}), nil)
	b, err := io.ReadAll(e)
	if string(b) != "ab" || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("%q %v", b, err)
	}
	if asError(t, err).Entry != "a.zip!/x.csv" {
		t.Errorf("%v", err)
	}
	// An *Error from deeper down keeps its (more precise) entry.
	inner := &Error{Entry: "a.zip!/in.gz", Err: ErrBomb}
	e = newEntryReader(context.Background(), "a.zip!/in.gz!/in", errReader{inner}, nil)
	if _, err := e.Read(make([]byte, 4)); err != inner {
		t.Errorf("%v", err)
	}
	e.Close()
	if _, err := e.Read(make([]byte, 4)); err == nil {
		t.Error("read after close")
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func TestLimitLiveSource(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789"), liveReplay/5) // 2 × liveReplay
	reopened := 0
	reopen := func() (io.ReadCloser, error) {
		reopened++
		return io.NopCloser(bytes.NewReader(data)), nil
	}
	// Sniff then read whole: served from the live stream, no re-open.
	l := newLiveSource(bytes.NewReader(data), reopen)
	r := l.open()
	io.ReadFull(r, make([]byte, 512))
	r.Close()
	b, err := io.ReadAll(l.open())
	if err != nil || !bytes.Equal(b, data) || reopened != 0 {
		t.Fatalf("replay: %d bytes, %v, %d re-opens", len(b), err, reopened)
	}
	// A reader behind the kept bytes re-opens.
	b, err = io.ReadAll(l.open())
	if err != nil || !bytes.Equal(b, data) || reopened != 1 {
		t.Fatalf("behind: %d bytes, %v, %d re-opens", len(b), err, reopened)
	}
	// Invalidated mid-read: goes on from the re-opened stream, same place.
	l = newLiveSource(bytes.NewReader(data), reopen)
	r = l.open()
	first := make([]byte, 1000)
	io.ReadFull(r, first)
	l.invalidate()
	rest, err := io.ReadAll(r)
	if err != nil || !bytes.Equal(append(first, rest...), data) {
		t.Fatalf("invalidated: %d bytes, %v", len(first)+len(rest), err)
	}
}
