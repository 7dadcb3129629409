package source

import (
	"errors"
	"fmt"
	"io"
)

// errDecoder is what a third-party decoder's panic becomes.
var errDecoder = errors.New("archive is malformed (the decoder failed on it)")

// guard calls into a third-party archive decoder and turns a panic into an
// error: the 7z and rar libraries index into headers without checking them
// on some malformed input (FuzzWalk7zRar found one in sevenzip's header
// reader), and a crafted leak must never crash the tool. The panic value is
// a runtime message, not file content.
func guard[T any](f func() (T, error)) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			var zero T
			v, err = zero, fmt.Errorf("%w: %v", errDecoder, r)
		}
	}()
	return f()
}

// guardedReader applies guard to every Read of a decoder's stream.
type guardedReader struct{ r io.Reader }

func (g guardedReader) Read(p []byte) (int, error) {
	return guard2(func() (int, error) { return g.r.Read(p) })
}

func guard2(f func() (int, error)) (n int, err error) {
	defer func() {
		if r := recover(); r != nil {
			n, err = 0, fmt.Errorf("%w: %v", errDecoder, r)
		}
	}()
	return f()
}
