package source

import (
	"bufio"
	"compress/bzip2"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

// Memory bounds of the decoders: the largest zstd window (that of
// "zstd --long" and "--ultra -22") and LZMA dictionary (xz, 7z, zip LZMA;
// xz -9 and 7-Zip's ultra preset use 64 MiB) accepted.
const (
	maxZstdWindow = 1 << 27
	maxXzDict     = 1 << 30
)

// newDecompressor starts decoding a compressed stream. gzipName is the
// file name stored in a gzip header.
func newDecompressor(kind arcKind, r *bufio.Reader) (dec io.ReadCloser, gzipName string, err error) {
	switch kind {
	case kindGzip:
		zr, err := gzip.NewReader(r) // multi-member by default
		if err != nil {
			return nil, "", err
		}
		return zr, zr.Name, nil
	case kindZstd:
		zr, err := zstd.NewReader(r,
			zstd.WithDecoderConcurrency(1),
			zstd.WithDecoderLowmem(true),
			zstd.WithDecoderMaxWindow(maxZstdWindow))
		if err != nil {
			return nil, "", err
		}
		return zr.IOReadCloser(), "", nil
	case kindBzip2:
		return io.NopCloser(bzip2.NewReader(r)), "", nil
	case kindXz:
		if err := checkXzDict(r); err != nil {
			return nil, "", err
		}
		xr, err := xz.NewReader(r)
		if err != nil {
			return nil, "", err
		}
		return io.NopCloser(xr), "", nil
	}
	return nil, "", fmt.Errorf("not a compressed stream: %v", kind)
}

// checkXzDict refuses an xz stream whose first block asks for a dictionary
// beyond maxXzDict (the decoder would allocate it whole).
func checkXzDict(r *bufio.Reader) error {
	h, _ := r.Peek(12 + 1024)
	if len(h) < 13 || h[12] == 0 {
		return nil // let the decoder judge; 0 starts the index (no block)
	}
	hsize := (int(h[12]) + 1) * 4
	if len(h) < 12+hsize {
		return nil
	}
	b := h[12+1 : 12+hsize]
	flags := b[0]
	b = b[1:]
	vli := func() (uint64, bool) {
		var v uint64
		for i := 0; i < 9 && i < len(b); i++ {
			v |= uint64(b[i]&0x7f) << (7 * i)
			if b[i]&0x80 == 0 {
				b = b[i+1:]
				return v, true
			}
		}
		return 0, false
	}
	if flags&0x40 != 0 {
		if _, ok := vli(); !ok {
			return nil
		}
	}
	if flags&0x80 != 0 {
		if _, ok := vli(); !ok {
			return nil
		}
	}
	for f := 0; f <= int(flags&3); f++ {
		id, ok := vli()
		if !ok {
			return nil
		}
		psize, ok := vli()
		if !ok || psize > uint64(len(b)) {
			return nil
		}
		props := b[:psize]
		b = b[psize:]
		if id == 0x21 && len(props) == 1 {
			d := props[0] & 0x3f
			if d > 40 {
				return nil
			}
			size := uint64(0xffffffff)
			if d < 40 {
				size = uint64(2|d&1) << (d/2 + 11)
			}
			if size > maxXzDict {
				return fmt.Errorf("xz dictionary of %d MiB is beyond the %d MiB supported", size>>20, maxXzDict>>20)
			}
		}
	}
	return nil
}

// decodeError explains a decoder's failure with the compressed offset
// reached; an early end of data wraps io.ErrUnexpectedEOF.
func decodeError(kind arcKind, err error, off int64) error {
	var e *Error
	if errors.As(err, &e) || isCtxErr(err) {
		return err
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%v data ends early after %d compressed bytes (truncated file?): %w", kind, off, io.ErrUnexpectedEOF)
	}
	return fmt.Errorf("%v data corrupt near compressed byte %d: %w", kind, off, err)
}

type decodeErrReader struct {
	r        io.Reader
	kind     arcKind
	consumed func() int64
}

func (d *decodeErrReader) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	if err != nil && err != io.EOF {
		err = decodeError(d.kind, err, d.consumed())
	}
	return n, err
}

// decoded is a decompressed stream with its limits applied.
type decoded struct {
	io.Reader
	dec io.ReadCloser
}

// openDecoded decodes compressed input in: errors name the compressed
// stream's leaf name, the ratio is checked against the compressed bytes
// consumed.
func (w *walker) openDecoded(kind arcKind, in io.Reader, name string) (*decoded, string, error) {
	cr := &countReader{r: in}
	br := bufio.NewReaderSize(cr, 64<<10)
	consumed := func() int64 { return cr.n - int64(br.Buffered()) }
	dec, stored, err := newDecompressor(kind, br)
	if err != nil {
		return nil, "", decodeError(kind, err, consumed())
	}
	r := newExpandLimiter(&decodeErrReader{r: dec, kind: kind, consumed: consumed}, w.lim, name, consumed)
	return &decoded{Reader: r, dec: dec}, stored, nil
}

// walkCompressed walks the content of a gzip, zstd, bzip2 or xz stream:
// itself a container (a .tar.gz) or a leaf named after the compressed file
// without its extension ("x.csv.gz!/x.csv").
func (w *walker) walkCompressed(s *stream, kind arcKind, body io.Reader) error {
	d, stored, err := w.openDecoded(kind, body, s.leafName)
	if err != nil {
		return entryError(s.leafName, err)
	}
	defer d.dec.Close()
	child := &stream{
		name:     s.name,
		leafName: s.name + "!/" + decompressedName(lastElem(s.leafName), stored),
		size:     -1,
		depth:    s.depth + 1,
	}
	child.open = func() (io.ReadCloser, error) {
		rc, err := s.open()
		if err != nil {
			return nil, err
		}
		d, _, err := w.openDecoded(kind, rc, s.leafName)
		if err != nil {
			rc.Close()
			return nil, entryError(s.leafName, err)
		}
		return readCloser{Reader: d, close: func() error {
			d.dec.Close()
			return rc.Close()
		}}, nil
	}
	child.live = newLiveSource(d, child.open)
	err = w.process(child)
	child.live.invalidate()
	return err
}
