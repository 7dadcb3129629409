package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// maxNesting bounds how deep archives and compressed streams may nest (a
// zip quine would otherwise never end).
const maxNesting = 32

// maxSkipsKept bounds WalkStats.Skips; Skipped counts them all.
const maxSkipsKept = 1000

// WalkStats tells what a walk found besides the entries it handed on.
type WalkStats struct {
	// Entries is the number of leaf entries passed to fn.
	Entries int
	// Skipped is the number of files and members not passed to fn: OS
	// junk (__MACOSX/, .DS_Store, Thumbs.db, AppleDouble "._" forks),
	// links inside archives, special files, continuation volumes of split
	// archives read with their first volume, files reached twice.
	Skipped int
	// Skips says which ones and why ("name: reason"), the first 1000.
	Skips []string
}

// Walk finds every entry under paths: plain files; folders, recursively, in
// lexical order; members of archives and compressed streams, recursively
// (a .tar.gz inside a .zip inside a folder...). Container and compression
// are recognised by magic bytes, not by extension. fn is called once per
// leaf entry (a file that is not itself a container), in a deterministic
// order: paths in the order given, folders in lexical order, archive
// members in their order in the archive.
//
// Supported containers: zip (stored, deflate, bzip2, LZMA, zstd, xz;
// ZipCrypto and WinZip AES with Options.Password), tar (ustar, GNU, PAX,
// v7), gzip (multi-member), zstd, bzip2, xz, 7z and rar (both also with a
// password, and multi-volume when the first volume is on disk), and files
// split by 7-Zip or split(1) into NAME.001, NAME.002, ... (read as one).
// XLSX/ODS workbooks (zips) are leaves, not containers.
//
// Entry.Open may be called any number of times while Walk runs (also from
// other goroutines); readers opened while fn runs on the entry share the
// decompression the walk does anyway. After Walk returns, members of
// archives can no longer be opened (their temporary files are gone).
//
// Walk stops at the first error. Every error it returns is an *Error naming
// the entry (ErrTraversal, ErrBomb, ErrEncrypted, truncated or corrupt
// data: errors.Is(err, io.ErrUnexpectedEOF) for data that ends early),
// except fn's own errors, returned unchanged, and the context's error.
func Walk(ctx context.Context, paths []string, opt Options, fn func(Entry) error) error {
	_, err := WalkWithStats(ctx, paths, opt, fn)
	return err
}

// WalkWithStats is Walk, also telling what was skipped.
func WalkWithStats(ctx context.Context, paths []string, opt Options, fn func(Entry) error) (WalkStats, error) {
	w := &walker{
		ctx:     ctx,
		opt:     opt,
		fn:      fn,
		lim:     newWalkLimits(ctx, opt),
		seen:    map[string]string{},
		credits: map[string]*diskCredit{},
	}
	defer w.cleanup()
	for _, p := range paths {
		if err := w.walkPath(p); err != nil {
			return w.stats, err
		}
	}
	return w.stats, nil
}

type walker struct {
	ctx   context.Context
	opt   Options
	fn    func(Entry) error
	lim   *walkLimits
	stats WalkStats
	seen  map[string]string // real path on disk -> name it was walked as

	mu      sync.Mutex // guards what Entry.Open may reach from other goroutines:
	tmpDir  string
	ended   bool
	credits map[string]*diskCredit
}

// stream is one file or member being walked: something that can be read
// from its start, and is either a container or a leaf.
type stream struct {
	// name is the logical name that this stream's members are put under
	// (name + "!/" + member). A compressed stream's content keeps the
	// compressed file's name: "x.tar.gz!/member".
	name string
	// leafName is Entry.Name when the stream is a leaf: "x.csv.gz!/x.csv".
	leafName string
	path     string // file on disk, for a plain file
	size     int64  // uncompressed size, or -1
	depth    int
	// open reads the stream afresh from its start.
	open func() (io.ReadCloser, error)
	// ra opens the file on disk for random access (nil for members).
	ra func() (raFile, error)
	// live, when set, is the one-pass stream the walker stands on.
	live *liveSource
}

func (w *walker) cleanup() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.ended = true
	if w.tmpDir != "" {
		os.RemoveAll(w.tmpDir)
	}
}

func (w *walker) skip(name, reason string) {
	w.stats.Skipped++
	if len(w.stats.Skips) < maxSkipsKept {
		w.stats.Skips = append(w.stats.Skips, name+": "+reason)
	}
}

func (w *walker) walkPath(p string) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	fi, err := os.Stat(p)
	if err != nil {
		return &Error{Entry: p, Err: err}
	}
	return w.walkDisk(p, fi)
}

func (w *walker) walkDisk(name string, fi os.FileInfo) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	if real, err := filepath.EvalSymlinks(name); err == nil {
		if abs, err := filepath.Abs(real); err == nil {
			real = abs
		}
		if first, ok := w.seen[real]; ok {
			w.skip(name, "same file or folder as "+first+", already walked")
			return nil
		}
		w.seen[real] = name
	}
	switch {
	case fi.IsDir():
		des, err := os.ReadDir(name) // sorted by name
		if err != nil {
			return &Error{Entry: name, Err: err}
		}
		for _, de := range des {
			child := filepath.Join(name, de.Name())
			if r := junkReason(de.Name()); r != "" {
				w.skip(child, r)
				continue
			}
			cfi, err := os.Stat(child) // follows symbolic links
			if err != nil {
				if de.Type()&os.ModeSymlink != 0 && errors.Is(err, os.ErrNotExist) {
					w.skip(child, "broken symbolic link")
					continue
				}
				return &Error{Entry: child, Err: err}
			}
			if err := w.walkDisk(child, cfi); err != nil {
				return err
			}
		}
		return nil
	case fi.Mode().IsRegular():
		return w.walkFile(name, fi)
	default:
		w.skip(name, "not a regular file ("+fi.Mode().Type().String()+")")
		return nil
	}
}

// splitPart parses NAME.NNN: the base NAME and part number, or 0.
func splitPart(name string) (string, int) {
	ext := filepath.Ext(name)
	if len(ext) != 4 {
		return "", 0
	}
	n, err := strconv.Atoi(ext[1:])
	if err != nil || n < 1 {
		return "", 0
	}
	return strings.TrimSuffix(name, ext), n
}

func fileExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

func (w *walker) walkFile(name string, fi os.FileInfo) error {
	// NAME.001, NAME.002, ... are the parts of one split file.
	parts := []string{name}
	size := fi.Size()
	part := func(base string, i int) string { return fmt.Sprintf("%s.%03d", base, i) }
	if base, n := splitPart(name); n >= 2 {
		all := true
		for i := 1; i < n && all; i++ {
			all = fileExists(part(base, i))
		}
		if all {
			w.skip(name, fmt.Sprintf("part %d of split file %s, read with it", n, filepath.Base(part(base, 1))))
			return nil
		}
	} else if n == 1 {
		for i := 2; ; i++ {
			pfi, err := os.Stat(part(base, i))
			if err != nil || !pfi.Mode().IsRegular() {
				break
			}
			parts = append(parts, part(base, i))
			size += pfi.Size()
		}
	}
	s := &stream{name: name, leafName: name, size: size, ra: func() (raFile, error) { return w.openDisk(parts) }}
	if len(parts) == 1 {
		s.path = name
	}
	s.open = func() (io.ReadCloser, error) {
		f, err := w.openDisk(parts)
		if err != nil {
			return nil, err
		}
		return f, nil
	}
	return w.process(s)
}

// process sniffs a stream and walks it as the container it is, or hands it
// to fn as a leaf.
func (w *walker) process(s *stream) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	if s.depth > maxNesting {
		return bombError(s.name, "archives nested deeper than %d levels", maxNesting)
	}
	var rc io.ReadCloser
	if s.live != nil {
		rc = s.live.open()
	} else {
		var err error
		if rc, err = s.open(); err != nil {
			return entryError(s.leafName, err)
		}
	}
	closed := false
	defer func() {
		if !closed {
			rc.Close()
		}
	}()
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(rc, head)
	head = head[:n]
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return entryError(s.leafName, err)
	}
	kind := detectArchive(head)
	if kind == kindLeaf {
		closed = true
		rc.Close()
		if isAppleDouble(s.leafName, head) {
			w.skip(s.leafName, "macOS resource fork (AppleDouble)")
			return nil
		}
		return w.emit(s)
	}
	body := io.MultiReader(bytes.NewReader(head), rc)
	switch kind {
	case kindGzip, kindZstd, kindBzip2, kindXz:
		return w.walkCompressed(s, kind, body)
	case kindTar:
		return w.walkTar(s, body)
	case kindRar:
		return w.walkRar(s, head, body)
	}
	// zip and 7z need random access: the file on disk, or a spooled copy.
	first := body
	h := &raHandle{make: func() (raFile, error) {
		if s.ra != nil {
			return s.ra()
		}
		if first != nil {
			r := first
			first = nil
			return w.spool(s.leafName, r)
		}
		r, err := s.open()
		if err != nil {
			return nil, err
		}
		defer r.Close()
		return w.spool(s.leafName, r)
	}}
	defer h.finish()
	if s.ra != nil {
		closed = true
		rc.Close()
	}
	var werr error
	if kind == kindZip {
		werr = w.walkZip(s, h)
	} else {
		werr = w.walk7z(s, h)
	}
	h.mu.Lock()
	first = nil
	h.mu.Unlock()
	return werr
}

// emit hands a leaf entry to fn.
func (w *walker) emit(s *stream) error {
	name, open, live, ctx := s.leafName, s.open, s.live, w.ctx
	e := Entry{Name: name, Path: s.path, Size: s.size, openAt: s.ra}
	e.Open = func() (io.ReadCloser, error) {
		var rc io.ReadCloser
		if live != nil {
			rc = live.open()
		} else {
			var err error
			if rc, err = open(); err != nil {
				return nil, entryError(name, err)
			}
		}
		return newEntryReader(ctx, name, rc, rc.Close), nil
	}
	w.stats.Entries++
	return w.fn(e)
}

// tempDir is the walk's private folder for spooled archives, made on first
// use and removed when Walk returns.
func (w *walker) tempDirPath() (string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ended {
		return "", errors.New("the walk has ended: members of archives can no longer be opened")
	}
	if w.tmpDir == "" {
		d, err := os.MkdirTemp("", "telusur-walk-*")
		if err != nil {
			return "", err
		}
		w.tmpDir = d
	}
	return w.tmpDir, nil
}

// spool copies r (a nested archive that needs random access) to a
// temporary file readable only by its owner.
func (w *walker) spool(name string, r io.Reader) (raFile, error) {
	dir, err := w.tempDirPath()
	if err != nil {
		return nil, &Error{Entry: name, Err: fmt.Errorf("temporary folder: %w", err)}
	}
	f, err := os.CreateTemp(dir, "spool-*") // mode 0600
	if err != nil {
		return nil, &Error{Entry: name, Err: fmt.Errorf("temporary file: %w", err)}
	}
	n, err := copyCtx(w.ctx, f, r)
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, entryError(name, err)
	}
	return &spoolFile{f: f, size: n}, nil
}

// diskFile is a file on disk, or the parts of a split file read as one,
// that advances Options.BytesRead as it is read.
type diskFile struct {
	files  []*os.File
	starts []int64 // offset of each part in the whole
	size   int64
	pos    int64
	credit *diskCredit
}

func (w *walker) openDisk(parts []string) (*diskFile, error) {
	d := &diskFile{}
	for _, p := range parts {
		f, err := os.Open(p)
		if err != nil {
			d.Close()
			return nil, &Error{Entry: p, Err: err}
		}
		fi, err := f.Stat()
		if err != nil {
			f.Close()
			d.Close()
			return nil, &Error{Entry: p, Err: err}
		}
		d.files = append(d.files, f)
		d.starts = append(d.starts, d.size)
		d.size += fi.Size()
	}
	if w.opt.BytesRead != nil {
		w.mu.Lock()
		defer w.mu.Unlock()
		key := filepath.Clean(parts[0])
		c := w.credits[key]
		if c == nil {
			c = &diskCredit{counter: w.opt.BytesRead}
			c.left.Store(d.size)
			w.credits[key] = c
		}
		d.credit = c
	}
	return d, nil
}

func (d *diskFile) Size() int64 { return d.size }

// uncounted returns a view of d whose reads do not advance
// Options.BytesRead (for reading parts of a file a second time).
func (d *diskFile) uncounted() *diskFile {
	c := *d
	c.credit = nil
	return &c
}

func (d *diskFile) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	total := 0
	for len(p) > 0 {
		if off >= d.size {
			return total, io.EOF
		}
		i := len(d.starts) - 1
		for i > 0 && d.starts[i] > off {
			i--
		}
		end := d.size
		if i+1 < len(d.starts) {
			end = d.starts[i+1]
		}
		chunk := p
		if int64(len(chunk)) > end-off {
			chunk = chunk[:end-off]
		}
		n, err := d.files[i].ReadAt(chunk, off-d.starts[i])
		d.credit.add(n)
		total += n
		off += int64(n)
		p = p[n:]
		if err != nil && err != io.EOF {
			return total, err
		}
		if n < len(chunk) {
			// The part is shorter than when it was opened.
			return total, io.ErrUnexpectedEOF
		}
	}
	return total, nil
}

func (d *diskFile) Read(p []byte) (int, error) {
	if d.pos >= d.size {
		return 0, io.EOF
	}
	if int64(len(p)) > d.size-d.pos {
		p = p[:d.size-d.pos]
	}
	n, err := d.ReadAt(p, d.pos)
	d.pos += int64(n)
	if err == io.EOF && n > 0 {
		err = nil
	}
	return n, err
}

func (d *diskFile) Seek(off int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		off += d.pos
	case io.SeekEnd:
		off += d.size
	default:
		return 0, errors.New("bad whence")
	}
	if off < 0 {
		return 0, errors.New("negative position")
	}
	d.pos = off
	return off, nil
}

func (d *diskFile) Close() error {
	var err error
	for _, f := range d.files {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	d.files = nil
	return err
}
