package source

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
)

// tarTail watches a tar stream: bytes consumed, and how many zero bytes
// ended it, to tell an archive with its end-of-archive blocks from one cut
// at a block boundary.
type tarTail struct {
	r     io.Reader
	n     int64
	zeros int64 // trailing zero bytes read
}

func (t *tarTail) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.n += int64(n)
	i := n
	for i > 0 && p[i-1] == 0 {
		i--
	}
	if i == 0 {
		t.zeros += int64(n)
	} else {
		t.zeros = int64(n - i)
	}
	return n, err
}

// walkTar walks the members of a tar stream, in archive order.
func (w *walker) walkTar(s *stream, body io.Reader) error {
	tt := &tarTail{r: &ctxReader{ctx: w.ctx, r: body}}
	tr := tar.NewReader(tt)
	for i := 0; ; i++ {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		hdr, err := tr.Next()
		if err == io.EOF {
			if tt.zeros < 512 {
				return &Error{Entry: s.name, Err: fmt.Errorf("tar archive ends after %d bytes without its end-of-archive blocks (truncated?): %w", tt.n, io.ErrUnexpectedEOF)}
			}
			// Read the padding to the end, so that a compressed stream
			// around the tar is checked to its end (CRC, truncation).
			if _, err := copyCtx(w.ctx, io.Discard, body); err != nil {
				return entryError(s.name, err)
			}
			return nil
		}
		if err != nil && !errors.Is(err, tar.ErrInsecurePath) {
			return entryError(s.name, fmt.Errorf("tar: reading member %d at byte %d: %w", i+1, tt.n, err))
		}
		name, err := memberPath(s.name, hdr.Name)
		if err != nil {
			return err
		}
		full := s.name + "!/" + name
		switch hdr.Typeflag {
		case tar.TypeReg, '\x00', tar.TypeGNUSparse, tar.TypeCont:
		case tar.TypeDir, tar.TypeXGlobalHeader, tar.TypeXHeader, tar.TypeGNULongName, tar.TypeGNULongLink, 'V':
			continue // folders and metadata
		case tar.TypeSymlink:
			if err := linkTarget(s.name, name, hdr.Linkname, true); err != nil {
				return err
			}
			w.skip(full, "symbolic link to "+hdr.Linkname+", not followed")
			continue
		case tar.TypeLink:
			if err := linkTarget(s.name, name, hdr.Linkname, false); err != nil {
				return err
			}
			w.skip(full, "hard link to "+hdr.Linkname+" (its content is that member's)")
			continue
		default:
			w.skip(full, fmt.Sprintf("special file (tar type %q)", hdr.Typeflag))
			continue
		}
		if name == "" {
			return &Error{Entry: s.name, Err: fmt.Errorf("member %d has an empty name (corrupt archive)", i+1)}
		}
		if r := junkReason(name); r != "" {
			w.skip(full, r)
			continue
		}
		idx, rawName := i, hdr.Name
		ms := &stream{name: full, leafName: full, size: hdr.Size, depth: s.depth + 1}
		ms.open = func() (io.ReadCloser, error) { return reopenTarMember(s, idx, rawName) }
		ms.live = newLiveSource(&tarData{r: tr}, ms.open)
		err = w.process(ms)
		ms.live.invalidate()
		if err != nil {
			return err
		}
	}
}

// reopenTarMember reads the tar afresh up to member idx.
func reopenTarMember(s *stream, idx int, rawName string) (io.ReadCloser, error) {
	rc, err := s.open()
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(rc)
	for i := 0; i <= idx; i++ {
		hdr, err := tr.Next()
		if err != nil && !errors.Is(err, tar.ErrInsecurePath) {
			rc.Close()
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, entryError(s.name, fmt.Errorf("tar: re-reading member %d: %w", idx+1, err))
		}
		if i == idx && hdr.Name != rawName {
			rc.Close()
			return nil, &Error{Entry: s.name, Err: fmt.Errorf("tar: member %d changed since the walk", idx+1)}
		}
	}
	return readCloser{Reader: &tarData{r: tr}, close: rc.Close}, nil
}

// tarData reads a tar member's data, explaining an early end.
type tarData struct {
	r io.Reader
	n int64
}

func (t *tarData) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.n += int64(n)
	if err != nil && err != io.EOF {
		var e *Error
		if errors.Is(err, io.ErrUnexpectedEOF) && !errors.As(err, &e) {
			err = fmt.Errorf("tar member data ends early after %d bytes (truncated archive?): %w", t.n, err)
		}
	}
	return n, err
}
