package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
)

// arcKind is a container or compression format, recognised by magic bytes.
type arcKind int

const (
	kindLeaf arcKind = iota // not a container: a table file (or anything else)
	kindZip
	kindTar
	kindGzip
	kindZstd
	kindBzip2
	kindXz
	kind7z
	kindRar
)

func (k arcKind) String() string {
	switch k {
	case kindZip:
		return "zip"
	case kindTar:
		return "tar"
	case kindGzip:
		return "gzip"
	case kindZstd:
		return "zstd"
	case kindBzip2:
		return "bzip2"
	case kindXz:
		return "xz"
	case kind7z:
		return "7z"
	case kindRar:
		return "rar"
	}
	return "file"
}

// sniffLen is how many leading bytes detectArchive looks at (tar's magic
// sits at offset 257 of a 512-byte header).
const sniffLen = 512

// detectArchive tells the container or compression format from a file's
// first bytes (up to sniffLen of them).
func detectArchive(h []byte) arcKind {
	switch {
	case bytes.HasPrefix(h, []byte("PK\x03\x04")),
		bytes.HasPrefix(h, []byte("PK\x05\x06")),           // empty zip
		bytes.HasPrefix(h, []byte("PK\x07\x08PK\x03\x04")): // spanned marker, one part
		return kindZip
	case bytes.HasPrefix(h, []byte{0x1f, 0x8b, 0x08}):
		return kindGzip
	case bytes.HasPrefix(h, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return kindZstd
	case len(h) >= 4 && h[1] == 0x2a && h[2] == 0x4d && h[3] == 0x18 && h[0]&0xf0 == 0x50:
		return kindZstd // starts with a skippable frame
	case len(h) >= 10 && bytes.HasPrefix(h, []byte("BZh")) && h[3] >= '1' && h[3] <= '9' &&
		(bytes.Equal(h[4:10], []byte{0x31, 0x41, 0x59, 0x26, 0x53, 0x59}) ||
			bytes.Equal(h[4:10], []byte{0x17, 0x72, 0x45, 0x38, 0x50, 0x90})):
		return kindBzip2
	case bytes.HasPrefix(h, []byte{0xfd, '7', 'z', 'X', 'Z', 0x00}):
		return kindXz
	case bytes.HasPrefix(h, []byte{'7', 'z', 0xbc, 0xaf, 0x27, 0x1c}):
		return kind7z
	case bytes.HasPrefix(h, []byte("Rar!\x1a\x07\x00")), bytes.HasPrefix(h, []byte("Rar!\x1a\x07\x01\x00")):
		return kindRar
	case isTarHeader(h):
		return kindTar
	}
	return kindLeaf
}

// isTarHeader reports whether h starts with a tar header block: the ustar
// magic, or (old v7 archives) a valid header checksum.
func isTarHeader(h []byte) bool {
	if len(h) < 512 {
		return false
	}
	if bytes.Equal(h[257:262], []byte("ustar")) {
		return true
	}
	if h[0] == 0 {
		return false
	}
	field := strings.Trim(string(h[148:156]), " \x00")
	want, err := strconv.ParseInt(field, 8, 64)
	if err != nil || field == "" {
		return false
	}
	var unsigned, signed int64
	for i, b := range h[:512] {
		if i >= 148 && i < 156 {
			b = ' '
		}
		unsigned += int64(b)
		signed += int64(int8(b))
	}
	return want == unsigned || want == signed
}

// compressionExts maps the extensions stripped from a compressed stream's
// name to what replaces them ("x.csv.gz" holds "x.csv", "x.tgz" "x.tar").
var compressionExts = map[string]string{
	".gz": "", ".gzip": "", ".tgz": ".tar", ".taz": ".tar",
	".zst": "", ".zstd": "", ".tzst": ".tar",
	".bz2": "", ".bz": "", ".bzip2": "", ".tbz": ".tar", ".tbz2": ".tar",
	".xz": "", ".txz": ".tar",
}

// decompressedName is the name of what a compressed stream named base
// holds: its name without the compression extension, else the name stored
// in the stream (gzip), else base itself.
func decompressedName(base, stored string) string {
	ext := path.Ext(base)
	if repl, ok := compressionExts[strings.ToLower(ext)]; ok && len(base) > len(ext) {
		return base[:len(base)-len(ext)] + repl
	}
	if stored != "" {
		stored = path.Base(strings.ReplaceAll(stored, "\\", "/"))
		if stored != "." && stored != "/" && stored != ".." && !strings.ContainsRune(stored, 0) {
			return stored
		}
	}
	return base
}

// lastElem is the last element of a logical name: the base name of the
// member (or of the file on disk) after the last "!/".
func lastElem(name string) string {
	if i := strings.LastIndex(name, "!/"); i >= 0 {
		return path.Base(name[i+2:])
	}
	name = strings.TrimRight(name, `/\`)
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		return name[i+1:]
	}
	return name
}

// traversalError reports a member whose path escapes its archive.
func traversalError(archive, member, why string) error {
	return &Error{Entry: archive, Err: fmt.Errorf("member %q %s: %w", member, why, ErrTraversal)}
}

// memberPath cleans an archive member's name into a relative slash path:
// backslashes count as separators, "." elements and empty elements go. A
// name with a ".." element, an absolute path, or a drive letter is
// rejected with ErrTraversal (naming the archive and member).
func memberPath(archive, name string) (string, error) {
	if strings.ContainsRune(name, 0) {
		return "", &Error{Entry: archive, Err: fmt.Errorf("member %q has a NUL byte in its name (corrupt archive)", name)}
	}
	s := strings.ReplaceAll(name, "\\", "/")
	if strings.HasPrefix(s, "/") {
		return "", traversalError(archive, name, "is an absolute path")
	}
	if len(s) >= 2 && s[1] == ':' && (s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		return "", traversalError(archive, name, "has a drive letter")
	}
	var parts []string
	for _, p := range strings.Split(s, "/") {
		switch p {
		case "", ".":
			continue
		case "..":
			return "", traversalError(archive, name, `has a ".." element`)
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return "", nil
	}
	return strings.Join(parts, "/"), nil
}

// linkTarget checks a link member's target: target is relative to the
// link's folder when rel, else to the archive's root (tar hard links). A
// target outside the archive is ErrTraversal.
func linkTarget(archive, member, target string, rel bool) error {
	t := strings.ReplaceAll(target, "\\", "/")
	if t == "" {
		return &Error{Entry: archive, Err: fmt.Errorf("link member %q has an empty target (corrupt archive)", member)}
	}
	if strings.HasPrefix(t, "/") || len(t) >= 2 && t[1] == ':' {
		return traversalError(archive, member, fmt.Sprintf("links to absolute path %q", target))
	}
	base := ""
	if rel {
		base = path.Dir(member)
	}
	if j := path.Join(base, t); j == ".." || strings.HasPrefix(j, "../") {
		return traversalError(archive, member, fmt.Sprintf("links to %q outside the archive", target))
	}
	return nil
}

// junkReason says why a file or member is OS junk to skip, or "" when it
// is not: macOS resource forks and folder metadata, Windows thumbnail caches
// and folder settings.
func junkReason(p string) string {
	p = strings.ReplaceAll(p, "\\", "/")
	for _, el := range strings.Split(p, "/") {
		if el == "__MACOSX" {
			return "macOS metadata folder __MACOSX"
		}
	}
	switch strings.ToLower(path.Base(p)) {
	case ".ds_store":
		return "macOS folder metadata .DS_Store"
	case "thumbs.db", "ehthumbs.db":
		return "Windows thumbnail cache"
	case "desktop.ini":
		return "Windows folder settings desktop.ini"
	}
	return ""
}

// isAppleDouble reports whether a member named "._x" holds a macOS
// AppleDouble resource fork (checked on content, not on the name alone).
func isAppleDouble(name string, head []byte) bool {
	return strings.HasPrefix(lastElem(name), "._") && bytes.HasPrefix(head, []byte{0x00, 0x05, 0x16, 0x07})
}

// raFile is random-access content: a file on disk (possibly several
// volumes of a split archive) or a spooled temporary copy.
type raFile interface {
	io.ReaderAt
	Size() int64
	Close() error
}

// raHandle opens random-access content for an archive reader (zip, 7z)
// while members are read from it, and closes it (removing a spool) once
// the archive has been walked and no member reader is open. A member
// opened later re-creates it.
type raHandle struct {
	mu    sync.Mutex
	refs  int
	done  bool
	f     raFile
	arch  any
	make  func() (raFile, error)
	parse func(raFile) (any, error)
}

func (h *raHandle) acquire() (any, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.f == nil {
		f, err := h.make()
		if err != nil {
			return nil, err
		}
		a, err := h.parse(f)
		if err != nil {
			f.Close()
			return nil, err
		}
		h.f, h.arch = f, a
	}
	h.refs++
	return h.arch, nil
}

func (h *raHandle) release() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.refs--
	h.closeIfIdle()
}

// finish marks the archive walked.
func (h *raHandle) finish() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.done = true
	h.closeIfIdle()
}

func (h *raHandle) closeIfIdle() {
	if h.done && h.refs <= 0 && h.f != nil {
		h.f.Close()
		h.f, h.arch = nil, nil
	}
}

// spoolFile is a temporary copy of a nested archive, removed on Close.
type spoolFile struct {
	f    *os.File
	size int64
}

func (s *spoolFile) ReadAt(p []byte, off int64) (int, error) { return s.f.ReadAt(p, off) }
func (s *spoolFile) Size() int64                             { return s.size }
func (s *spoolFile) Close() error {
	err := s.f.Close()
	if rerr := os.Remove(s.f.Name()); rerr != nil && !errors.Is(rerr, os.ErrNotExist) && err == nil {
		err = rerr
	}
	return err
}

// readCloser joins a reader and a close function.
type readCloser struct {
	io.Reader
	close func() error
}

func (r readCloser) Close() error {
	if r.close == nil {
		return nil
	}
	return r.close()
}
