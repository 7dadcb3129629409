package source

import (
	"io"
	"sync"
)

// liveReplay is how many of a one-pass stream's first bytes a liveSource
// keeps, so that an entry sniffed and then re-opened is not decompressed
// twice from the start of its archive.
const liveReplay = 1 << 20

// liveSource shares a one-pass stream (a tar member, a decompressed
// stream) between the walker and the readers Entry.Open hands out while
// the walker stands on that entry. Readers replay the kept first bytes,
// then read on from the live stream. When the walker moves on it calls
// invalidate; a reader that cannot be served from the live stream any more
// (invalidated, or behind it past the kept bytes) transparently re-opens
// the entry from the start with reopen and skips to where it was.
type liveSource struct {
	mu     sync.Mutex
	src    io.Reader
	buf    []byte // first bytes read from src
	keep   bool   // buf still holds every byte read from src
	pos    int64  // bytes read from src
	valid  bool
	err    error // sticky error of src
	reopen func() (io.ReadCloser, error)
}

func newLiveSource(src io.Reader, reopen func() (io.ReadCloser, error)) *liveSource {
	return &liveSource{src: src, keep: true, valid: true, reopen: reopen}
}

// invalidate detaches the live stream: the walker is about to move it.
func (l *liveSource) invalidate() {
	if l == nil {
		return
	}
	l.mu.Lock()
	l.valid = false
	l.buf = nil
	l.mu.Unlock()
}

func (l *liveSource) open() io.ReadCloser { return &liveReader{l: l} }

type liveReader struct {
	l   *liveSource
	off int64
	fb  io.ReadCloser // fallback stream, once detached
	err error
}

func (r *liveReader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	if r.fb != nil {
		n, err := r.fb.Read(p)
		r.off += int64(n)
		return n, err
	}
	l := r.l
	l.mu.Lock()
	if l.valid {
		switch {
		case r.off < int64(len(l.buf)):
			n := copy(p, l.buf[r.off:])
			r.off += int64(n)
			l.mu.Unlock()
			return n, nil
		case r.off == l.pos:
			if l.err != nil {
				err := l.err
				l.mu.Unlock()
				return 0, err
			}
			n, err := l.src.Read(p)
			l.pos += int64(n)
			if l.keep {
				if len(l.buf)+n <= liveReplay {
					l.buf = append(l.buf, p[:n]...)
				} else {
					l.keep = false
				}
			}
			if err != nil {
				l.err = err
			}
			r.off += int64(n)
			l.mu.Unlock()
			return n, err
		}
	}
	l.mu.Unlock()
	// Detached, or behind the live stream past the kept bytes: re-open.
	fb, err := l.reopen()
	if err != nil {
		r.err = err
		return 0, err
	}
	if r.off > 0 {
		if _, err := io.CopyN(io.Discard, fb, r.off); err != nil {
			fb.Close()
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			r.err = err
			return 0, err
		}
	}
	r.fb = fb
	n, err := fb.Read(p)
	r.off += int64(n)
	return n, err
}

func (r *liveReader) Close() error {
	if r.fb != nil {
		err := r.fb.Close()
		r.fb = nil
		r.err = io.ErrClosedPipe
		return err
	}
	r.err = io.ErrClosedPipe
	return nil
}
