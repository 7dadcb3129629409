package source

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

// Helpers that build archives on the fly for the walk tests.

// tm is one member of an archive built by a helper.
type tm struct {
	name string
	data string
	typ  byte   // tar type flag; 0 means a regular file ('d' in zips: folder)
	link string // link target, for tar.TypeSymlink / tar.TypeLink
}

// fixtureCSV is the content of data.csv in testdata/archives (made with 7zz
// from the same rows): 1500 synthetic rows, no personal data.
func fixtureCSV(rows int) string {
	var b strings.Builder
	b.WriteString("id,name,kota\n")
	for i := 1; i <= rows; i++ {
		fmt.Fprintf(&b, "%d,Name%d,Kota%d\n", i, i%97, i%13)
	}
	return b.String()
}

func zipBytes(t testing.TB, members ...tm) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		if m.typ == 'd' {
			if _, err := zw.Create(m.name); err != nil {
				t.Fatal(err)
			}
			continue
		}
		h := &zip.FileHeader{Name: m.name, Method: zip.Deflate}
		if m.typ == tar.TypeSymlink {
			h.SetMode(os.ModeSymlink | 0o777)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		data := m.data
		if m.typ == tar.TypeSymlink {
			data = m.link
		}
		if _, err := io.WriteString(w, data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// storedZipBytes builds a zip whose members are stored, not compressed.
func storedZipBytes(t testing.TB, members ...tm) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: m.name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, m.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func tarBytes(t testing.TB, members ...tm) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, m := range members {
		h := &tar.Header{Name: m.name, Mode: 0o644, Typeflag: m.typ, Linkname: m.link, Format: tar.FormatPAX}
		switch m.typ {
		case 0:
			h.Typeflag = tar.TypeReg
			h.Size = int64(len(m.data))
		case 'd':
			h.Typeflag = tar.TypeDir
			h.Mode = 0o755
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Typeflag == tar.TypeReg {
			io.WriteString(tw, m.data)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gzipBytes(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zstdBytes(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, err := zstd.NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func xzBytes(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, err := xz.NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rar5Block encodes one RAR 5 header block: CRC32, size, then body (type,
// flags and the rest), then data.
func rar5Block(body, data []byte) []byte {
	var sz []byte
	sz = binary.AppendUvarint(sz, uint64(len(body)))
	crc := crc32.ChecksumIEEE(append(append([]byte{}, sz...), body...))
	out := binary.LittleEndian.AppendUint32(nil, crc)
	out = append(out, sz...)
	out = append(out, body...)
	return append(out, data...)
}

// rar5Member is one file of a hand-built RAR 5 archive (stored, not
// compressed: rar writers are not free software, but the format of a stored
// archive is public).
type rar5Member struct {
	name      string
	data      string
	dir       bool
	encrypted bool // adds an encryption record (the data is then not real)
}

// rar5Bytes builds a RAR 5 archive of stored members.
func rar5Bytes(members ...rar5Member) []byte {
	out := []byte("Rar!\x1a\x07\x01\x00")
	// main archive header: type 1, flags 0, archive flags 0
	out = append(out, rar5Block([]byte{1, 0, 0}, nil)...)
	for _, m := range members {
		data := []byte(m.data)
		var extra []byte
		if m.encrypted {
			rec := []byte{0x01, 0, 0, 15} // type 1 (encryption), version 0, flags 0, KDF count
			rec = append(rec, bytes.Repeat([]byte{7}, 32)...)
			extra = binary.AppendUvarint(nil, uint64(len(rec)))
			extra = append(extra, rec...)
			data = append(data, make([]byte, 16-len(data)%16)...)
		}
		var b []byte
		b = binary.AppendUvarint(b, 2) // file header
		hflags := uint64(0x0002)       // data area present
		if len(extra) > 0 {
			hflags |= 0x0001
		}
		b = binary.AppendUvarint(b, hflags)
		if len(extra) > 0 {
			b = binary.AppendUvarint(b, uint64(len(extra)))
		}
		b = binary.AppendUvarint(b, uint64(len(data)))
		fflags := uint64(0x0004) // CRC32 present
		if m.dir {
			fflags = 0x0001
		}
		b = binary.AppendUvarint(b, fflags)
		b = binary.AppendUvarint(b, uint64(len(m.data)))
		b = binary.AppendUvarint(b, 0x20) // attributes
		if !m.dir {
			b = binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE([]byte(m.data)))
		}
		b = binary.AppendUvarint(b, 0) // compression: version 0, store, 128 KiB
		b = binary.AppendUvarint(b, 1) // host OS: unix
		b = binary.AppendUvarint(b, uint64(len(m.name)))
		b = append(b, m.name...)
		b = append(b, extra...)
		if m.dir {
			data = nil
		}
		out = append(out, rar5Block(b, data)...)
	}
	return append(out, rar5Block([]byte{5, 0, 0}, nil)...)
}

func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// got is an entry as a test saw it.
type got struct {
	Name, Path, Data string
	Size             int64
}

// walkAll walks paths, reading every entry whole; the first read error
// stops the walk.
func walkAll(t testing.TB, paths []string, opt Options) ([]got, WalkStats, error) {
	t.Helper()
	var out []got
	st, err := WalkWithStats(context.Background(), paths, opt, func(e Entry) error {
		rc, err := e.Open()
		if err != nil {
			return err
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			return err
		}
		out = append(out, got{Name: e.Name, Path: e.Path, Data: string(b), Size: e.Size})
		return nil
	})
	return out, st, err
}

// names lists the entries' names.
func names(gs []got) []string {
	var n []string
	for _, g := range gs {
		n = append(n, g.Name)
	}
	return n
}

// asError checks that err is an *Error and returns it.
func asError(t testing.TB, err error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *Error", err, err)
	}
	return e
}

func fixture(name string) string { return filepath.Join("testdata", "archives", name) }

// rar5Volumes builds a two-volume RAR 5 archive holding one stored file
// split after split bytes.
func rar5Volumes(name, data string, split int) (vol1, vol2 []byte) {
	file := func(hflags uint64, part string) []byte {
		var b []byte
		b = binary.AppendUvarint(b, 2)
		b = binary.AppendUvarint(b, hflags|0x0002)
		b = binary.AppendUvarint(b, uint64(len(part)))
		b = binary.AppendUvarint(b, 0x0004) // CRC32 (of the whole file)
		b = binary.AppendUvarint(b, uint64(len(data)))
		b = binary.AppendUvarint(b, 0x20)
		b = binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE([]byte(data)))
		b = binary.AppendUvarint(b, 0)
		b = binary.AppendUvarint(b, 1)
		b = binary.AppendUvarint(b, uint64(len(name)))
		b = append(b, name...)
		return rar5Block(b, []byte(part))
	}
	sig := []byte("Rar!\x1a\x07\x01\x00")
	vol1 = append(append([]byte{}, sig...), rar5Block([]byte{1, 0, 1}, nil)...)    // archive flags: volume
	vol1 = append(vol1, file(0x0010, data[:split])...)                             // continues in the next volume
	vol1 = append(vol1, rar5Block([]byte{5, 0, 1}, nil)...)                        // end: not the last volume
	vol2 = append(append([]byte{}, sig...), rar5Block([]byte{1, 0, 3, 1}, nil)...) // volume number 1
	vol2 = append(vol2, file(0x0008, data[split:])...)                             // continued from the previous
	vol2 = append(vol2, rar5Block([]byte{5, 0, 0}, nil)...)
	return vol1, vol2
}
