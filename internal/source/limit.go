package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
)

// Limits applied while walking archives.
const (
	// DefaultMaxRatio is used when Options.MaxRatio is 0.
	DefaultMaxRatio = 200
	// DefaultMaxTotal is used when Options.MaxTotal is 0 (1 TiB).
	DefaultMaxTotal int64 = 1 << 40
	// BombFloor is the number of decompressed bytes any compressed member
	// may produce whatever its ratio, so that tiny, very compressible files
	// are not taken for bombs.
	BombFloor int64 = 10 << 20

	// ctxCheckEvery is how many bytes a reader passes between checks of the
	// context.
	ctxCheckEvery = 4 << 20
)

// walkLimits is shared by every reader of one Walk.
type walkLimits struct {
	ctx      context.Context
	ratio    float64
	maxTotal int64
	total    atomic.Int64 // decompressed bytes produced so far, all layers
}

func newWalkLimits(ctx context.Context, opt Options) *walkLimits {
	l := &walkLimits{ctx: ctx, ratio: opt.MaxRatio, maxTotal: opt.MaxTotal}
	if l.ratio <= 0 {
		l.ratio = DefaultMaxRatio
	}
	if l.maxTotal <= 0 {
		l.maxTotal = DefaultMaxTotal
	}
	return l
}

// allowed is the largest number of decompressed bytes that compressed
// bytes of input may expand to.
func (l *walkLimits) allowed(compressed int64) float64 {
	return l.ratio*float64(compressed) + float64(BombFloor)
}

// bombError reports a decompression bomb in the named entry.
func bombError(name, format string, args ...any) error {
	return &Error{Entry: name, Err: fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), ErrBomb)}
}

// expandLimiter counts the bytes a decompressor produces and fails with
// ErrBomb once they exceed the ratio limit against the compressed bytes
// consumed (or a fixed compressed size), or once the walk's total exceeds
// MaxTotal. It also checks the context every few MB.
type expandLimiter struct {
	r          io.Reader
	lim        *walkLimits
	name       string       // entry named in a bomb error
	compressed func() int64 // compressed bytes behind the output so far
	n          int64        // decompressed bytes so far
	nextCtx    int64
	err        error // sticky
}

func newExpandLimiter(r io.Reader, lim *walkLimits, name string, compressed func() int64) *expandLimiter {
	return &expandLimiter{r: r, lim: lim, name: name, compressed: compressed, nextCtx: ctxCheckEvery}
}

func fixedSize(n int64) func() int64 { return func() int64 { return n } }

func (l *expandLimiter) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	if n > 0 {
		l.n += int64(n)
		if c := l.compressed(); float64(l.n) > l.lim.allowed(c) {
			l.err = bombError(l.name, "%d bytes expanded from %d compressed bytes, beyond the ratio limit %g (+%d MiB)",
				l.n, c, l.lim.ratio, BombFloor>>20)
			return 0, l.err
		}
		if t := l.lim.total.Add(int64(n)); t > l.lim.maxTotal {
			l.err = bombError(l.name, "%d decompressed bytes in this walk, beyond the total limit %d", t, l.lim.maxTotal)
			return 0, l.err
		}
		if l.n >= l.nextCtx {
			l.nextCtx = l.n + ctxCheckEvery
			if cerr := l.lim.ctx.Err(); cerr != nil {
				l.err = cerr
				return 0, cerr
			}
		}
	}
	return n, err
}

// countReader counts the bytes read through it.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// diskCredit advances Options.BytesRead for one file on disk, never by more
// than the file's size in total, however often the file is re-read.
type diskCredit struct {
	counter *atomic.Int64
	left    atomic.Int64
}

func (d *diskCredit) add(n int) {
	if d == nil || d.counter == nil || n <= 0 {
		return
	}
	for {
		l := d.left.Load()
		if l <= 0 {
			return
		}
		c := min(int64(n), l)
		if d.left.CompareAndSwap(l, l-c) {
			d.counter.Add(c)
			return
		}
	}
}

// ctxReader checks the context every few MB of a long read.
type ctxReader struct {
	ctx  context.Context
	r    io.Reader
	n    int64
	next int64
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if c.n >= c.next {
		c.next = c.n + ctxCheckEvery
		if err := c.ctx.Err(); err != nil {
			return 0, err
		}
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// copyCtx copies like io.Copy, checking ctx every few MB.
func copyCtx(ctx context.Context, dst io.Writer, src io.Reader) (int64, error) {
	return io.Copy(dst, &ctxReader{ctx: ctx, r: src})
}

// isCtxErr reports whether err comes from a cancelled or expired context.
func isCtxErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// entryError names the entry in err unless err already is an *Error (which
// names the most precise entry) or comes from the context.
func entryError(name string, err error) error {
	if err == nil || err == io.EOF || isCtxErr(err) {
		return err
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{Entry: name, Err: err}
}

// entryReader is what Entry.Open hands out: errors name the entry, the
// context is checked every few MB.
type entryReader struct {
	ctxReader
	name   string
	closer func() error
	closed bool
}

func newEntryReader(ctx context.Context, name string, r io.Reader, closer func() error) *entryReader {
	return &entryReader{ctxReader: ctxReader{ctx: ctx, r: r}, name: name, closer: closer}
}

func (e *entryReader) Read(p []byte) (int, error) {
	if e.closed {
		return 0, &Error{Entry: e.name, Err: errors.New("read after close")}
	}
	n, err := e.ctxReader.Read(p)
	return n, entryError(e.name, err)
}

func (e *entryReader) Close() error {
	if e.closed {
		return nil
	}
	e.closed = true
	if e.closer == nil {
		return nil
	}
	return entryError(e.name, e.closer())
}
