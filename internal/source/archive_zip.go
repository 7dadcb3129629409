package source

import (
	"archive/zip"
	"bytes"
	"compress/bzip2"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
	"github.com/ulikunitz/xz/lzma"
)

// Zip general purpose flags and methods used here.
const (
	zipFlagEncrypted   = 0x0001
	zipFlagStrongCrypt = 0x0040
	zipFlagCDEncrypted = 0x2000

	zipMethodStore    = 0
	zipMethodDeflate  = 8
	zipMethodDeflate6 = 9 // Deflate64: not supported
	zipMethodBzip2    = 12
	zipMethodLZMA     = 14
	zipMethodZstd     = 93
	zipMethodXz       = 95
	zipMethodPPMd     = 98
	zipMethodAES      = 99
)

// isWorkbookZip reports whether a zip is an office document (XLSX, ODS,
// DOCX...), which is a leaf for the table readers, not a container.
func isWorkbookZip(zr *zip.Reader) bool {
	for _, f := range zr.File {
		if f.Name == "[Content_Types].xml" {
			return true
		}
	}
	if len(zr.File) > 0 && zr.File[0].Name == "mimetype" && zr.File[0].Method == zipMethodStore &&
		zr.File[0].UncompressedSize64 < 100 {
		if rc, err := zr.File[0].Open(); err == nil {
			b, _ := io.ReadAll(io.LimitReader(rc, 100))
			rc.Close()
			return bytes.HasPrefix(b, []byte("application/vnd.oasis.opendocument"))
		}
	}
	return false
}

func parseZip(f raFile) (any, error) {
	zr, err := zip.NewReader(f, f.Size())
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("not a readable zip archive (truncated or corrupt): %w", err)
	}
	return zr, nil
}

// walkZip walks a zip's members in the order of its central directory.
func (w *walker) walkZip(s *stream, h *raHandle) error {
	h.parse = parseZip
	a, err := h.acquire()
	if err != nil {
		return entryError(s.leafName, err)
	}
	defer h.release()
	zr := a.(*zip.Reader)
	if isWorkbookZip(zr) {
		return w.emit(s)
	}
	if err := w.checkZipHeaders(s, zr); err != nil {
		return err
	}
	for i, f := range zr.File {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		name, err := memberPath(s.name, f.Name)
		if err != nil {
			return err
		}
		if strings.HasSuffix(strings.ReplaceAll(f.Name, "\\", "/"), "/") || f.Mode().IsDir() {
			continue // a folder
		}
		if name == "" {
			return &Error{Entry: s.name, Err: fmt.Errorf("member %d has no name (corrupt archive)", i+1)}
		}
		full := s.name + "!/" + name
		if r := junkReason(name); r != "" {
			w.skip(full, r)
			continue
		}
		if f.Mode()&fs.ModeSymlink != 0 {
			target, err := w.zipLinkTarget(f, full)
			if err != nil {
				return err
			}
			if err := linkTarget(s.name, name, target, true); err != nil {
				return err
			}
			w.skip(full, "symbolic link to "+target+", not followed")
			continue
		}
		if f.Flags&zipFlagEncrypted != 0 && w.opt.Password == "" {
			return &Error{Entry: full, Err: ErrEncrypted}
		}
		idx := i
		ms := &stream{name: full, leafName: full, size: int64(f.UncompressedSize64), depth: s.depth + 1}
		ms.open = func() (io.ReadCloser, error) { return w.openZipMember(h, idx, full) }
		if err := w.process(ms); err != nil {
			return err
		}
	}
	return nil
}

// checkZipHeaders refuses, before reading anything, members whose declared
// sizes expand beyond the ratio limit and members whose data overlap (the
// overlapping-file zip bomb).
func (w *walker) checkZipHeaders(s *stream, zr *zip.Reader) error {
	type span struct {
		off, n int64
		name   string
	}
	var spans []span
	for _, f := range zr.File {
		if f.UncompressedSize64 > 1<<62 || f.CompressedSize64 > 1<<62 {
			return &Error{Entry: s.name + "!/" + f.Name, Err: errors.New("impossible member size (corrupt zip)")}
		}
		if float64(f.UncompressedSize64) > w.lim.allowed(int64(f.CompressedSize64)) {
			return bombError(s.name+"!/"+f.Name, "declared size %d bytes from %d compressed bytes is beyond the ratio limit %g",
				f.UncompressedSize64, f.CompressedSize64, w.lim.ratio)
		}
		if f.CompressedSize64 == 0 {
			continue
		}
		off, err := f.DataOffset()
		if err != nil {
			return &Error{Entry: s.name + "!/" + f.Name, Err: fmt.Errorf("zip member header unreadable (truncated or corrupt): %w", err)}
		}
		spans = append(spans, span{off, int64(f.CompressedSize64), f.Name})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].off < spans[j].off })
	for i := 1; i < len(spans); i++ {
		if p := spans[i-1]; p.off+p.n > spans[i].off {
			return bombError(s.name, "members %q and %q share compressed data (overlapping-member zip bomb)", p.name, spans[i].name)
		}
	}
	return nil
}

// zipLinkTarget reads a symbolic link member's target.
func (w *walker) zipLinkTarget(f *zip.File, full string) (string, error) {
	if f.Flags&zipFlagEncrypted != 0 && w.opt.Password == "" {
		return "", &Error{Entry: full, Err: ErrEncrypted}
	}
	rc, err := w.zipMemberReader(f, full)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, 4096))
	if err != nil {
		return "", entryError(full, err)
	}
	return string(b), nil
}

// openZipMember opens member idx of the zip behind h.
func (w *walker) openZipMember(h *raHandle, idx int, full string) (io.ReadCloser, error) {
	a, err := h.acquire()
	if err != nil {
		return nil, entryError(full, err)
	}
	zr := a.(*zip.Reader)
	if idx >= len(zr.File) {
		h.release()
		return nil, &Error{Entry: full, Err: errors.New("zip member vanished since the walk")}
	}
	rc, err := w.zipMemberReader(zr.File[idx], full)
	if err != nil {
		h.release()
		return nil, err
	}
	var once sync.Once
	return readCloser{Reader: rc, close: func() error {
		err := rc.Close()
		once.Do(h.release)
		return err
	}}, nil
}

// zipMemberReader decrypts, decompresses and checks one member: its size
// against the declared one and its CRC-32 at the end.
func (w *walker) zipMemberReader(f *zip.File, full string) (io.ReadCloser, error) {
	if f.Flags&(zipFlagStrongCrypt|zipFlagCDEncrypted) != 0 {
		return nil, &Error{Entry: full, Err: errors.New("zip uses PKWARE strong encryption, which is not supported")}
	}
	raw, err := f.OpenRaw()
	if err != nil {
		return nil, &Error{Entry: full, Err: fmt.Errorf("zip member unreadable (truncated or corrupt): %w", err)}
	}
	data := raw
	method := f.Method
	checkCRC := true
	if f.Flags&zipFlagEncrypted != 0 {
		if w.opt.Password == "" {
			return nil, &Error{Entry: full, Err: ErrEncrypted}
		}
		if method == zipMethodAES {
			var ae2 bool
			data, method, ae2, err = newZipAESReader(raw, f, w.opt.Password)
			checkCRC = !ae2
		} else {
			data, err = newZipCryptoReader(raw, f, w.opt.Password)
		}
		if err != nil {
			return nil, entryError(full, err)
		}
	}
	dec, err := zipDecompressor(method, data, f)
	if err != nil {
		return nil, entryError(full, err)
	}
	lim := newExpandLimiter(dec, w.lim, full, fixedSize(int64(f.CompressedSize64)))
	var tail io.Reader
	if method != f.Method { // AES: its authentication code follows the data
		tail = data
	}
	return &zipCheckReader{r: lim, tail: tail, dec: dec, name: full, want: f.UncompressedSize64, crc: f.CRC32,
		checkCRC: checkCRC, encrypted: f.Flags&zipFlagEncrypted != 0, h: crc32.NewIEEE()}, nil
}

func zipDecompressor(method uint16, r io.Reader, f *zip.File) (io.ReadCloser, error) {
	switch method {
	case zipMethodStore:
		return io.NopCloser(r), nil
	case zipMethodDeflate:
		return flate.NewReader(r), nil
	case zipMethodBzip2:
		return io.NopCloser(bzip2.NewReader(r)), nil
	case zipMethodZstd:
		zr, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true),
			zstd.WithDecoderMaxWindow(maxZstdWindow))
		if err != nil {
			return nil, err
		}
		return zr.IOReadCloser(), nil
	case zipMethodXz:
		xr, err := xz.NewReader(r)
		if err != nil {
			return nil, err
		}
		return io.NopCloser(xr), nil
	case zipMethodLZMA:
		return zipLZMA(r, f)
	case zipMethodDeflate6:
		return nil, errors.New("zip compression method Deflate64 (9) is not supported: re-pack the archive (e.g. 7z a -tzip)")
	case zipMethodPPMd:
		return nil, errors.New("zip compression method PPMd (98) is not supported: re-pack the archive")
	}
	return nil, fmt.Errorf("zip compression method %d is not supported", method)
}

// zipLZMA reads a zip LZMA member: a 4-byte version/props-size header and
// the 5 property bytes, then raw LZMA data, which the lzma package reads
// once given the classic 13-byte header.
func zipLZMA(r io.Reader, f *zip.File) (io.ReadCloser, error) {
	var h [9]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return nil, fmt.Errorf("lzma member header: %w", err)
	}
	if h[2] != 5 || h[3] != 0 {
		return nil, fmt.Errorf("lzma member has %d property bytes, not 5 (corrupt)", int(h[2])|int(h[3])<<8)
	}
	var classic [13]byte
	copy(classic[:5], h[4:9])
	size := f.UncompressedSize64
	if f.Flags&0x0002 != 0 { // end-of-stream marker present
		size = ^uint64(0)
	}
	for i := range 8 {
		classic[5+i] = byte(size >> (8 * i))
	}
	if dict := uint32(classic[1]) | uint32(classic[2])<<8 | uint32(classic[3])<<16 | uint32(classic[4])<<24; dict > maxXzDict {
		return nil, fmt.Errorf("lzma dictionary of %d MiB is beyond the %d MiB supported", dict>>20, maxXzDict>>20)
	}
	lr, err := lzma.NewReader(io.MultiReader(bytes.NewReader(classic[:]), r))
	if err != nil {
		return nil, err
	}
	return io.NopCloser(lr), nil
}

// zipCheckReader checks a member's size and CRC-32 as it is read.
type zipCheckReader struct {
	r         io.Reader
	tail      io.Reader // read to its end after the data (AES authentication)
	dec       io.Closer
	name      string
	want      uint64
	n         uint64
	crc       uint32
	checkCRC  bool
	encrypted bool
	h         hash.Hash32
	err       error
}

func (z *zipCheckReader) Read(p []byte) (int, error) {
	if z.err != nil {
		return 0, z.err
	}
	n, err := z.r.Read(p)
	z.n += uint64(n)
	z.h.Write(p[:n])
	if z.n > z.want {
		z.err = bombError(z.name, "member expands beyond its declared size of %d bytes", z.want)
		return 0, z.err
	}
	switch {
	case err == io.EOF:
		if z.n < z.want {
			err = fmt.Errorf("zip member ends after %d of its %d bytes (truncated or corrupt): %w", z.n, z.want, io.ErrUnexpectedEOF)
		} else if _, terr := copyTail(z.tail); terr != nil {
			err = terr
		} else if z.checkCRC && z.h.Sum32() != z.crc {
			err = errors.New("zip member fails its CRC-32 check (corrupt)")
			if z.encrypted {
				err = fmt.Errorf("zip member fails its CRC-32 check (corrupt, or wrong password): %w", ErrEncrypted)
			}
		}
	case err != nil:
		var e *Error
		if !errors.As(err, &e) && !isCtxErr(err) {
			if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
				err = fmt.Errorf("zip member data ends early after %d bytes (truncated or corrupt): %w", z.n, io.ErrUnexpectedEOF)
			} else {
				err = fmt.Errorf("zip member data corrupt after %d bytes: %w", z.n, err)
			}
		}
	}
	if err != nil {
		z.err = err
	}
	return n, err
}

func (z *zipCheckReader) Close() error { return z.dec.Close() }

func copyTail(r io.Reader) (int64, error) {
	if r == nil {
		return 0, nil
	}
	return io.Copy(io.Discard, r)
}
