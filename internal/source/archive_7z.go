package source

import (
	"bytes"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"strings"
	"sync"

	"github.com/bodgit/sevenzip"
	"github.com/ulikunitz/xz/lzma"
)

// The 7z LZMA and LZMA2 decoders are replaced by ones that refuse a
// dictionary beyond maxXzDict before allocating it (the package's own
// allocate whatever the archive's header asks, up to 4 GiB).
func init() {
	sevenzip.RegisterDecompressor([]byte{0x21}, sevenZipLZMA2)
	sevenzip.RegisterDecompressor([]byte{0x03, 0x01, 0x01}, sevenZipLZMA)
}

func sevenZipLZMA2(props []byte, _ uint64, rs []io.ReadCloser) (io.ReadCloser, error) {
	if len(rs) != 1 || len(props) != 1 || props[0] > 40 {
		return nil, errors.New("7z LZMA2 coder with bad properties (corrupt)")
	}
	dict := uint64(0xffffffff)
	if d := props[0]; d < 40 {
		dict = uint64(2|d&1) << (d/2 + 11)
	}
	if dict > maxXzDict {
		return nil, fmt.Errorf("7z LZMA2 dictionary of %d MiB is beyond the %d MiB supported", dict>>20, maxXzDict>>20)
	}
	lr, err := lzma.Reader2Config{DictCap: int(dict)}.NewReader2(rs[0])
	if err != nil {
		return nil, err
	}
	return readCloser{Reader: lr, close: rs[0].Close}, nil
}

func sevenZipLZMA(props []byte, size uint64, rs []io.ReadCloser) (io.ReadCloser, error) {
	if len(rs) != 1 || len(props) != 5 {
		return nil, errors.New("7z LZMA coder with bad properties (corrupt)")
	}
	if dict := uint32(props[1]) | uint32(props[2])<<8 | uint32(props[3])<<16 | uint32(props[4])<<24; dict > maxXzDict {
		return nil, fmt.Errorf("7z LZMA dictionary of %d MiB is beyond the %d MiB supported", dict>>20, maxXzDict>>20)
	}
	var h [13]byte
	copy(h[:5], props)
	for i := range 8 {
		h[5+i] = byte(size >> (8 * i))
	}
	lr, err := lzma.NewReader(io.MultiReader(bytes.NewReader(h[:]), rs[0]))
	if err != nil {
		return nil, err
	}
	return readCloser{Reader: lr, close: rs[0].Close}, nil
}

// sevenZipError explains a 7z reader failure: encryption without a
// password is ErrEncrypted, with one a probable wrong password.
func (w *walker) sevenZipError(err error) error {
	var re sevenzip.ReadError
	var rep *sevenzip.ReadError
	encrypted := (errors.As(err, &re) && re.Encrypted) || (errors.As(err, &rep) && rep.Encrypted) ||
		strings.Contains(err.Error(), "no password set") || strings.Contains(err.Error(), "aes7z")
	switch {
	case encrypted && w.opt.Password == "":
		return fmt.Errorf("7z: %w", ErrEncrypted)
	case encrypted:
		return wrongPassword("7z data does not decrypt")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("7z archive truncated or corrupt: %w", err)
	}
	return fmt.Errorf("7z archive unreadable (truncated or corrupt): %w", err)
}

// walk7z walks a 7z archive's members in archive order.
func (w *walker) walk7z(s *stream, h *raHandle) error {
	var archSize int64
	h.parse = func(f raFile) (any, error) {
		r, err := guard(func() (*sevenzip.Reader, error) { return sevenzip.NewReaderWithPassword(f, f.Size(), w.opt.Password) })
		if err != nil {
			return nil, w.sevenZipError(err)
		}
		archSize = f.Size()
		return r, nil
	}
	a, err := h.acquire()
	if err != nil {
		return entryError(s.leafName, err)
	}
	defer h.release()
	r := a.(*sevenzip.Reader)
	size := archSize
	for i, f := range r.File {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		name, err := memberPath(s.name, f.Name)
		if err != nil {
			return err
		}
		fi := f.FileInfo()
		if fi.IsDir() {
			continue
		}
		if name == "" { // a stream archived without a name (7z a -si)
			name = decompressedName(strings.TrimSuffix(lastElem(s.leafName), ".7z"), "")
		}
		full := s.name + "!/" + name
		if r := junkReason(name); r != "" {
			w.skip(full, r)
			continue
		}
		idx := i
		open := func() (io.ReadCloser, error) { return w.open7zMember(h, idx, full, size) }
		if fi.Mode()&fs.ModeSymlink != 0 {
			rc, err := open()
			if err != nil {
				return err
			}
			b, err := io.ReadAll(io.LimitReader(rc, 4096))
			rc.Close()
			if err != nil {
				return entryError(full, err)
			}
			if err := linkTarget(s.name, name, string(b), true); err != nil {
				return err
			}
			w.skip(full, "symbolic link to "+string(b)+", not followed")
			continue
		}
		// Members of a solid archive are read best in order, each from
		// where the last one ended: the walk shares its reader (a later
		// open starts again from the start of the member's solid block).
		rc, err := open()
		if err != nil {
			return err
		}
		ms := &stream{name: full, leafName: full, size: int64(f.UncompressedSize), depth: s.depth + 1, open: open}
		ms.live = newLiveSource(rc, open)
		err = w.process(ms)
		ms.live.invalidate()
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

func (w *walker) open7zMember(h *raHandle, idx int, full string, archSize int64) (io.ReadCloser, error) {
	a, err := h.acquire()
	if err != nil {
		return nil, entryError(full, err)
	}
	r := a.(*sevenzip.Reader)
	if idx >= len(r.File) {
		h.release()
		return nil, &Error{Entry: full, Err: errors.New("7z member vanished since the walk")}
	}
	f := r.File[idx]
	rc, err := guard(f.Open)
	if err != nil {
		h.release()
		return nil, &Error{Entry: full, Err: w.sevenZipError(err)}
	}
	lim := newExpandLimiter(&sevenZipCheck{w: w, r: guardedReader{rc}, want: f.UncompressedSize, crc: f.CRC32, h: crc32.NewIEEE()},
		w.lim, full, fixedSize(archSize))
	var once sync.Once
	return readCloser{Reader: lim, close: func() error {
		err := rc.Close()
		once.Do(h.release)
		return err
	}}, nil
}

// sevenZipCheck checks a 7z member's size and CRC-32 (the reader does not).
type sevenZipCheck struct {
	w    *walker
	r    io.Reader
	want uint64
	n    uint64
	crc  uint32
	h    hash.Hash32
}

func (c *sevenZipCheck) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += uint64(n)
	c.h.Write(p[:n])
	switch {
	case err == io.EOF:
		if c.n < c.want {
			return n, fmt.Errorf("7z member ends after %d of its %d bytes (truncated or corrupt): %w", c.n, c.want, io.ErrUnexpectedEOF)
		}
		if c.crc != 0 && c.h.Sum32() != c.crc {
			if c.w.opt.Password != "" {
				return n, fmt.Errorf("7z member fails its CRC-32 check (corrupt, or wrong password): %w", ErrEncrypted)
			}
			return n, errors.New("7z member fails its CRC-32 check (corrupt)")
		}
	case err != nil:
		return n, c.w.sevenZipError(err)
	}
	return n, err
}
