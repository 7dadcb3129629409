package source

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/nwaples/rardecode/v2"
)

// maxRarDict bounds the dictionary a rar member may ask for (RAR 5-7 use
// 32 MiB by default; the format allows up to 64 GiB).
const maxRarDict = 1 << 30

// rarIsVolume reports whether a RAR 1.5-4 archive says it is a volume of
// a multi-volume archive (RAR 5 says so in its end block, which rardecode
// checks).
func rarIsVolume(h []byte) bool {
	b, ok := bytes.CutPrefix(h, []byte("Rar!\x1a\x07\x00"))
	return ok && len(b) >= 7 && b[2] == 0x73 && binary.LittleEndian.Uint16(b[3:])&0x0001 != 0
}

// rarContinuation reports whether a rar file is a later volume of a
// multi-volume archive (read together with the first one), from its main
// archive header.
func rarContinuation(h []byte) bool {
	if bytes.HasPrefix(h, []byte("Rar!\x1a\x07\x00")) { // RAR 1.5-4
		b := h[7:]
		if len(b) < 7 || b[2] != 0x73 {
			return false
		}
		flags := binary.LittleEndian.Uint16(b[3:])
		return flags&0x0001 != 0 && flags&0x0100 == 0 // volume, not the first
	}
	if !bytes.HasPrefix(h, []byte("Rar!\x1a\x07\x01\x00")) { // RAR 5+
		return false
	}
	b := h[8:]
	vint := func() (uint64, bool) {
		var v uint64
		for i := 0; i < 10 && i < len(b); i++ {
			v |= uint64(b[i]&0x7f) << (7 * i)
			if b[i]&0x80 == 0 {
				b = b[i+1:]
				return v, true
			}
		}
		return 0, false
	}
	if len(b) < 4 {
		return false
	}
	b = b[4:] // header CRC32
	if _, ok := vint(); !ok {
		return false
	}
	typ, ok := vint()
	if !ok || typ != 1 { // 1: main archive header (4 would be encryption)
		return false
	}
	hflags, ok := vint()
	if !ok {
		return false
	}
	if hflags&0x01 != 0 {
		if _, ok := vint(); !ok {
			return false
		}
	}
	if hflags&0x02 != 0 {
		if _, ok := vint(); !ok {
			return false
		}
	}
	aflags, ok := vint()
	if !ok || aflags&0x01 == 0 || aflags&0x02 == 0 {
		return false // not a volume, or the first (no volume number)
	}
	n, ok := vint()
	return ok && n > 0
}

func (w *walker) rarOptions(fsys fs.FS) []rardecode.Option {
	opts := []rardecode.Option{rardecode.MaxDictionarySize(maxRarDict)}
	if w.opt.Password != "" {
		opts = append(opts, rardecode.Password(w.opt.Password))
	}
	if fsys != nil {
		opts = append(opts, rardecode.FileSystem(fsys))
	}
	return opts
}

// rarError explains a rar reader failure.
func (w *walker) rarError(err error) error {
	var e *Error
	if errors.As(err, &e) || isCtxErr(err) {
		return err
	}
	var pe *fs.PathError
	switch {
	case errors.Is(err, rardecode.ErrArchiveEncrypted), errors.Is(err, rardecode.ErrArchivedFileEncrypted):
		return fmt.Errorf("rar: %w", ErrEncrypted)
	case errors.Is(err, rardecode.ErrBadPassword):
		return wrongPassword("rar password check")
	case errors.Is(err, rardecode.ErrBadFileChecksum):
		if w.opt.Password != "" {
			return fmt.Errorf("rar member fails its checksum (corrupt, or wrong password): %w", ErrEncrypted)
		}
		return fmt.Errorf("rar member fails its checksum (corrupt): %w", err)
	case errors.As(err, &pe) && errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("rar archive continues in volume %s, which is missing: %w", pe.Path, io.ErrUnexpectedEOF)
	case errors.Is(err, rardecode.ErrMultiVolume):
		return fmt.Errorf("rar archive continues in a next volume that is not here: %w", io.ErrUnexpectedEOF)
	case errors.Is(err, rardecode.ErrDictionaryTooLarge):
		return fmt.Errorf("rar member needs a dictionary beyond the %d MiB supported: %w", maxRarDict>>20, err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("rar data ends early (truncated or corrupt): %w", err)
	case errors.Is(err, rardecode.ErrUnexpectedArcEnd),
		errors.Is(err, rardecode.ErrDecoderOutOfData), errors.Is(err, rardecode.ErrShortFile):
		return fmt.Errorf("rar data ends early (truncated or corrupt): %v: %w", err, io.ErrUnexpectedEOF)
	}
	return fmt.Errorf("rar archive unreadable (corrupt): %w", err)
}

type rarErrReader struct {
	w *walker
	r io.Reader
}

func (r rarErrReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		err = r.w.rarError(err)
	}
	return n, err
}

// rarPass is one sequential pass over a rar archive.
type rarPass struct {
	fsys  *rarDiskFS // volumes on disk, or nil
	rr    *rardecode.Reader
	close func() error
	data  *expandLimiter // member data of the current member, limited
}

// openRar starts a pass: a rar file on disk through rardecode's own volume
// handling (multi-volume archives), else the stream in.
func (w *walker) openRar(s *stream, in io.Reader) (*rarPass, error) {
	var counted func() int64
	p := &rarPass{close: func() error { return nil }}
	if s.path != "" {
		fsys := &rarDiskFS{w: w, dir: filepath.Dir(s.path)}
		rc, err := guard(func() (*rardecode.ReadCloser, error) {
			return rardecode.OpenReader(filepath.Base(s.path), w.rarOptions(fsys)...)
		})
		if err != nil {
			return nil, w.rarError(err)
		}
		p.rr, p.close, counted, p.fsys = &rc.Reader, rc.Close, fsys.count, fsys
	} else {
		if in == nil {
			rc, err := s.open()
			if err != nil {
				return nil, err
			}
			in, p.close = rc, rc.Close
		}
		cr := &countReader{r: in}
		br := bufio.NewReaderSize(cr, 64<<10)
		rr, err := guard(func() (*rardecode.Reader, error) { return rardecode.NewReader(br, w.rarOptions(nil)...) })
		if err != nil {
			p.close()
			return nil, w.rarError(err)
		}
		p.rr = rr
		counted = func() int64 { return cr.n - int64(br.Buffered()) }
	}
	p.data = newExpandLimiter(rarErrReader{w: w, r: guardedReader{p.rr}}, w.lim, s.name, counted)
	return p, nil
}

// walkRar walks a rar archive's members in archive order.
func (w *walker) walkRar(s *stream, head []byte, body io.Reader) error {
	if s.path != "" && rarContinuation(head) {
		w.skip(s.leafName, "continuation volume of a multi-volume rar archive (read with its first volume)")
		return nil
	}
	p, err := w.openRar(s, body)
	if err != nil {
		return entryError(s.name, err)
	}
	defer p.close()
	for i := 0; ; i++ {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		hdr, err := guard(p.rr.Next)
		if err == io.EOF {
			if p.fsys != nil && p.fsys.missing != "" && rarIsVolume(head) {
				return &Error{Entry: s.name, Err: fmt.Errorf("rar archive continues in volume %s, which is missing: %w", p.fsys.missing, io.ErrUnexpectedEOF)}
			}
			if s.path == "" {
				if _, err := copyCtx(w.ctx, io.Discard, body); err != nil {
					return entryError(s.name, err)
				}
			}
			return nil
		}
		if err != nil {
			return entryError(s.name, w.rarError(err))
		}
		name, err := memberPath(s.name, hdr.Name)
		if err != nil {
			return err
		}
		if hdr.IsDir {
			continue
		}
		if name == "" {
			return &Error{Entry: s.name, Err: fmt.Errorf("member %d has no name (corrupt archive)", i+1)}
		}
		full := s.name + "!/" + name
		if hdr.LinkType != 0 {
			// 1 unix symlink, 2 windows symlink, 3 junction: relative to the
			// link's folder; 4 hard link, 5 file copy: to the archive root.
			if err := linkTarget(s.name, name, hdr.LinkTarget, hdr.LinkType <= 3); err != nil {
				return err
			}
			w.skip(full, "link to "+hdr.LinkTarget+", not followed")
			continue
		}
		if r := junkReason(name); r != "" {
			w.skip(full, r)
			continue
		}
		if hdr.Encrypted && w.opt.Password == "" {
			return &Error{Entry: full, Err: ErrEncrypted}
		}
		size := hdr.UnPackedSize
		if hdr.UnKnownSize {
			size = -1
		}
		idx, rawName := i, hdr.Name
		ms := &stream{name: full, leafName: full, size: size, depth: s.depth + 1}
		ms.open = func() (io.ReadCloser, error) { return w.reopenRarMember(s, idx, rawName) }
		ms.live = newLiveSource(p.data, ms.open)
		err = w.process(ms)
		ms.live.invalidate()
		if err != nil {
			return err
		}
	}
}

// reopenRarMember reads the rar afresh up to member idx.
func (w *walker) reopenRarMember(s *stream, idx int, rawName string) (io.ReadCloser, error) {
	p, err := w.openRar(s, nil)
	if err != nil {
		return nil, entryError(s.name, err)
	}
	for i := 0; i <= idx; i++ {
		hdr, err := guard(p.rr.Next)
		if err != nil {
			p.close()
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, entryError(s.name, w.rarError(err))
		}
		if i == idx && hdr.Name != rawName {
			p.close()
			return nil, &Error{Entry: s.name, Err: fmt.Errorf("rar: member %d changed since the walk", idx+1)}
		}
	}
	return readCloser{Reader: p.data, close: p.close}, nil
}

// rarDiskFS lets rardecode open a rar's volumes on disk while the bytes it
// reads are counted (ratio limit, Options.BytesRead).
type rarDiskFS struct {
	w       *walker
	dir     string
	n       int64
	missing string // a volume looked for and not found
}

func (r *rarDiskFS) count() int64 { return r.n }

func (r *rarDiskFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	p := filepath.Join(r.dir, filepath.FromSlash(name))
	if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
		r.missing = name
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	d, err := r.w.openDisk([]string{p})
	if err != nil {
		return nil, err
	}
	return &rarDiskFile{d: d, fsys: r, name: name}, nil
}

type rarDiskFile struct {
	d    *diskFile
	fsys *rarDiskFS
	name string
}

func (f *rarDiskFile) Read(p []byte) (int, error) {
	n, err := f.d.Read(p)
	f.fsys.n += int64(n)
	return n, err
}

func (f *rarDiskFile) Seek(off int64, whence int) (int64, error) { return f.d.Seek(off, whence) }
func (f *rarDiskFile) Close() error                              { return f.d.Close() }
func (f *rarDiskFile) Stat() (fs.FileInfo, error) {
	return rarFileInfo{name: f.name, size: f.d.Size()}, nil
}

type rarFileInfo struct {
	name string
	size int64
}

func (i rarFileInfo) Name() string       { return filepath.Base(i.name) }
func (i rarFileInfo) Size() int64        { return i.size }
func (i rarFileInfo) Mode() fs.FileMode  { return 0o444 }
func (i rarFileInfo) ModTime() time.Time { return time.Time{} }
func (i rarFileInfo) IsDir() bool        { return false }
func (i rarFileInfo) Sys() any           { return nil }
