package source

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestArchiveDetect(t *testing.T) {
	tarHdr := tarBytes(t, tm{name: "a.csv", data: "x"})
	v7 := bytes.Clone(tarHdr[:512])
	copy(v7[257:265], make([]byte, 8)) // no ustar magic: v7 header
	var sum int64
	for i, b := range v7 {
		if i >= 148 && i < 156 {
			b = ' '
		}
		sum += int64(b)
	}
	copy(v7[148:156], []byte(strings.Repeat("0", 6-len(octal(sum)))+octal(sum)+"\x00 "))
	tests := []struct {
		name string
		head []byte
		want arcKind
	}{
		{"zip", []byte("PK\x03\x04rest"), kindZip},
		{"empty zip", []byte("PK\x05\x06"), kindZip},
		{"gzip", []byte{0x1f, 0x8b, 0x08, 0}, kindGzip},
		{"zstd", []byte{0x28, 0xb5, 0x2f, 0xfd, 0}, kindZstd},
		{"zstd skippable", []byte{0x50, 0x2a, 0x4d, 0x18, 0}, kindZstd},
		{"bzip2", []byte("BZh91AY&SY"), kindBzip2},
		{"csv starting BZh9", []byte("BZh9,name\n1,2\n"), kindLeaf},
		{"xz", []byte{0xfd, '7', 'z', 'X', 'Z', 0, 0}, kindXz},
		{"7z", []byte{'7', 'z', 0xbc, 0xaf, 0x27, 0x1c, 0}, kind7z},
		{"rar4", []byte("Rar!\x1a\x07\x00x"), kindRar},
		{"rar5", []byte("Rar!\x1a\x07\x01\x00x"), kindRar},
		{"tar", tarHdr[:512], kindTar},
		{"v7 tar", v7, kindTar},
		{"csv", []byte("id,name\n1,a\n"), kindLeaf},
		{"empty", nil, kindLeaf},
		{"xlsx-like zip is zip", []byte("PK\x03\x04"), kindZip},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := detectArchive(tc.head); got != tc.want {
				t.Errorf("detectArchive = %v, want %v", got, tc.want)
			}
		})
	}
}

func octal(n int64) string {
	s := ""
	for n > 0 {
		s = string(rune('0'+n%8)) + s
		n /= 8
	}
	return s
}

func TestArchiveMemberPath(t *testing.T) {
	tests := []struct {
		in, want string
		bad      bool
	}{
		{in: "a/b.csv", want: "a/b.csv"},
		{in: "./a//b.csv", want: "a/b.csv"},
		{in: `dir\b.csv`, want: "dir/b.csv"},
		{in: "a/", want: "a"},
		{in: "", want: ""},
		{in: "../x", bad: true},
		{in: "a/../../x", bad: true},
		{in: "a/../x", bad: true},
		{in: `..\x`, bad: true},
		{in: "/etc/passwd", bad: true},
		{in: `\\server\share\x`, bad: true},
		{in: "C:/x", bad: true},
		{in: `c:x`, bad: true},
		{in: "..", bad: true},
		{in: "...csv", want: "...csv"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := memberPath("a.zip", tc.in)
			if tc.bad {
				if !errors.Is(err, ErrTraversal) {
					t.Errorf("memberPath(%q) = %q, %v; want ErrTraversal", tc.in, got, err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("memberPath(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestArchiveLinkTarget(t *testing.T) {
	tests := []struct {
		member, target string
		rel, bad       bool
	}{
		{"d/l", "a.csv", true, false},
		{"d/l", "../a.csv", true, false},
		{"d/l", "../../a.csv", true, true},
		{"l", "/etc/passwd", true, true},
		{"h", "d/a.csv", false, false},
		{"d/h", "../x", false, true},
		{"l", `C:\x`, true, true},
	}
	for _, tc := range tests {
		err := linkTarget("a.tar", tc.member, tc.target, tc.rel)
		if got := errors.Is(err, ErrTraversal); got != tc.bad {
			t.Errorf("linkTarget(%q -> %q) = %v", tc.member, tc.target, err)
		}
	}
}

func TestArchiveDecompressedName(t *testing.T) {
	tests := []struct{ base, stored, want string }{
		{"x.csv.gz", "", "x.csv"},
		{"X.CSV.GZ", "", "X.CSV"},
		{"x.tgz", "", "x.tar"},
		{"x.tar.zst", "", "x.tar"},
		{"x.txz", "", "x.tar"},
		{"x.csv.bz2", "", "x.csv"},
		{"download", "dpt.csv", "dpt.csv"},
		{"download", "../../dpt.csv", "dpt.csv"},
		{"download", "..", "download"},
		{"download", "", "download"},
		{".gz", "", ".gz"},
	}
	for _, tc := range tests {
		if got := decompressedName(tc.base, tc.stored); got != tc.want {
			t.Errorf("decompressedName(%q, %q) = %q, want %q", tc.base, tc.stored, got, tc.want)
		}
	}
}

func TestArchiveRarContinuation(t *testing.T) {
	first := rar5Bytes(rar5Member{name: "a", data: "a"})
	// RAR 5 main header of volume 2: archive flags volume|number, number 1.
	vol2 := append([]byte("Rar!\x1a\x07\x01\x00"), rar5Block([]byte{1, 0, 3, 1}, nil)...)
	// RAR 4 main header: type 0x73, flags volume (0x0001) without first-volume (0x0100).
	rar4 := []byte("Rar!\x1a\x07\x00\x00\x00\x73\x01\x00\x0d\x00")
	rar4first := []byte("Rar!\x1a\x07\x00\x00\x00\x73\x01\x01\x0d\x00")
	for _, tc := range []struct {
		name string
		h    []byte
		want bool
	}{{"rar5 single", first, false}, {"rar5 volume 2", vol2, true}, {"rar4 later volume", rar4, true}, {"rar4 first volume", rar4first, false}} {
		if got := rarContinuation(tc.h); got != tc.want {
			t.Errorf("%s: %v", tc.name, got)
		}
	}
	dir := t.TempDir()
	writeFile(t, dir, "x.part2.rar", vol2)
	gs, st, err := walkAll(t, []string{dir}, Options{})
	if err != nil || len(gs) != 0 || st.Skipped != 1 {
		t.Errorf("continuation volume: %v %q %+v", err, names(gs), st)
	}
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// watchHeap samples the heap until stop is called, returning the peak.
func watchHeap() (stop func() uint64) {
	runtime.GC()
	var peak atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		return peak.Load()
	}
}

// deflateZeros is raw DEFLATE data of n zero bytes.
func deflateZeros(t testing.TB, n int64) []byte {
	t.Helper()
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.DefaultCompression)
	if _, err := io.CopyN(fw, zeroReader{}, n); err != nil {
		t.Fatal(err)
	}
	fw.Close()
	return buf.Bytes()
}

func TestWalkBombs(t *testing.T) {
	const big = 200 << 20
	raw := deflateZeros(t, big)
	zeroCRC := crc32.NewIEEE()
	io.CopyN(zeroCRC, zeroReader{}, big)
	rawZip := func(t *testing.T, declared uint64) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, err := zw.CreateRaw(&zip.FileHeader{Name: "zeros.csv", Method: zip.Deflate,
			CompressedSize64: uint64(len(raw)), UncompressedSize64: declared, CRC32: zeroCRC.Sum32()})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(raw)
		zw.Close()
		return buf.Bytes()
	}
	gz := func(t *testing.T, n int64) []byte {
		var buf bytes.Buffer
		var hdr = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}
		buf.Write(hdr)
		buf.Write(deflateZeros(t, n))
		c := crc32.NewIEEE()
		io.CopyN(c, zeroReader{}, n)
		binary.Write(&buf, binary.LittleEndian, c.Sum32())
		binary.Write(&buf, binary.LittleEndian, uint32(n))
		return buf.Bytes()
	}
	tests := []struct {
		name string
		file string
		data func(t *testing.T) []byte
		opt  Options
		text string
	}{
		{"zip declared size", "bomb.zip", func(t *testing.T) []byte { return rawZip(t, big) }, Options{MaxRatio: 100}, "declared size"},
		{"zip lying about its size", "bomb.zip", func(t *testing.T) []byte { return rawZip(t, 1000) }, Options{MaxRatio: 100}, "beyond its declared size"},
		{"gzip stream", "zeros.csv.gz", func(t *testing.T) []byte { return gz(t, 64<<20) }, Options{MaxRatio: 100}, "ratio limit"},
		{"gzip inside stored zip", "z.zip", func(t *testing.T) []byte {
			return storedZipBytes(t, tm{name: "zeros.csv.gz", data: string(gz(t, 64<<20))})
		}, Options{MaxRatio: 100}, "ratio limit"},
		{"total limit", "z.zip", func(t *testing.T) []byte {
			return zipBytes(t, tm{name: "a.csv", data: fixtureCSV(20000)}, tm{name: "b.csv", data: fixtureCSV(20000)})
		}, Options{MaxTotal: 500 << 10}, "total limit"},
		{"nesting", "deep.zip", func(t *testing.T) []byte {
			b := storedZipBytes(t, tm{name: "x.csv", data: "x"})
			for range maxNesting + 2 {
				b = storedZipBytes(t, tm{name: "in.zip", data: string(b)})
			}
			return b
		}, Options{}, "nested deeper"},
		{"overlapping members", "overlap.zip", func(t *testing.T) []byte { return overlapZip(t) }, Options{}, "share compressed data"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := writeFile(t, dir, tc.file, tc.data(t))
			stop := watchHeap()
			_, _, err := walkAll(t, []string{p}, tc.opt)
			peak := stop()
			if !errors.Is(err, ErrBomb) {
				t.Fatalf("error %v, want ErrBomb", err)
			}
			if e := asError(t, err); !strings.HasPrefix(e.Entry, p) {
				t.Errorf("error names %q", e.Entry)
			}
			if !strings.Contains(err.Error(), tc.text) {
				t.Errorf("error %q lacks %q", err, tc.text)
			}
			if peak > 64<<20 {
				t.Errorf("heap peaked at %d MiB", peak>>20)
			}
		})
	}
}

// overlapZip builds a zip whose two central directory entries point at the
// same compressed data.
func overlapZip(t *testing.T) []byte {
	b := zipBytes(t, tm{name: "a.csv", data: fixtureCSV(100)}, tm{name: "b.csv", data: fixtureCSV(100)})
	// Find the second central directory header and point it at the first
	// local header.
	first := bytes.Index(b, []byte("PK\x01\x02"))
	second := bytes.Index(b[first+4:], []byte("PK\x01\x02")) + first + 4
	binary.LittleEndian.PutUint32(b[second+42:], 0)
	return b
}

func TestWalkTruncated(t *testing.T) {
	csv := []byte(fixtureCSV(20000))
	half := func(b []byte) []byte { return b[:len(b)/2] }
	tarNoEnd := func(t *testing.T) []byte {
		b := tarBytes(t, tm{name: "a.csv", data: "a\n"}, tm{name: "b.csv", data: "b\n"})
		// header+data of a, header+data of b: 4 blocks; the rest is the end.
		return b[:4*512]
	}
	tests := []struct {
		name    string
		file    string
		data    func(t *testing.T) []byte
		unexEOF bool // errors.Is(err, io.ErrUnexpectedEOF) is required
		text    string
	}{
		{"gzip cut in half", "x.csv.gz", func(t *testing.T) []byte { return half(gzipBytes(t, csv)) }, true, "compressed bytes"},
		{"gzip cut in its trailer", "x.csv.gz", func(t *testing.T) []byte { b := gzipBytes(t, csv); return b[:len(b)-3] }, true, ""},
		{"gzip bad CRC", "x.csv.gz", func(t *testing.T) []byte {
			b := bytes.Clone(gzipBytes(t, csv))
			b[len(b)-6] ^= 1
			return b
		}, false, "corrupt"},
		{"zstd cut", "x.csv.zst", func(t *testing.T) []byte { return half(zstdBytes(t, csv)) }, true, ""},
		{"xz cut", "x.csv.xz", func(t *testing.T) []byte { return half(xzBytes(t, csv)) }, true, ""},
		{"bzip2 cut", "x.csv.bz2", func(t *testing.T) []byte { return half(mustRead(t, fixture("data.csv.bz2"))) }, true, ""},
		{"tar cut in a member", "x.tar", func(t *testing.T) []byte { return half(tarBytes(t, tm{name: "a.csv", data: string(csv)})) }, true, ""},
		{"tar without end blocks", "x.tar", tarNoEnd, true, "end-of-archive"},
		{"tar.gz cut", "x.tar.gz", func(t *testing.T) []byte {
			return half(gzipBytes(t, tarBytes(t, tm{name: "a.csv", data: string(csv)})))
		}, true, ""},
		{"zip cut", "x.zip", func(t *testing.T) []byte { return half(zipBytes(t, tm{name: "a.csv", data: string(csv)})) }, false, "truncated"},
		{"zip member corrupt", "x.zip", func(t *testing.T) []byte {
			b := bytes.Clone(zipBytes(t, tm{name: "a.csv", data: string(csv)}))
			for i := 200; i < 400; i++ {
				b[i] ^= 0x55
			}
			return b
		}, false, "zip member"},
		{"7z cut", "x.7z", func(t *testing.T) []byte { return half(mustRead(t, fixture("plain.7z"))) }, false, "7z"},
		{"rar cut", "x.rar", func(t *testing.T) []byte {
			return half(rar5Bytes(rar5Member{name: "a.csv", data: string(csv[:2000])}))
		}, true, ""},
		{"gzip in zip cut", "x.zip", func(t *testing.T) []byte {
			return zipBytes(t, tm{name: "in.csv.gz", data: string(half(gzipBytes(t, csv)))})
		}, true, "in.csv.gz"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := writeFile(t, dir, tc.file, tc.data(t))
			gs, _, err := walkAll(t, []string{p}, Options{})
			if err == nil {
				t.Fatalf("no error; entries %q", names(gs))
			}
			e := asError(t, err)
			if !strings.HasPrefix(e.Entry, p) {
				t.Errorf("error names %q, want %q...", e.Entry, p)
			}
			if tc.unexEOF && !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("error %v is not io.ErrUnexpectedEOF", err)
			}
			if !strings.Contains(err.Error(), tc.text) {
				t.Errorf("error %q lacks %q", err, tc.text)
			}
		})
	}
}

// TestWalkTruncatedEntryName: a truncated x.csv.gz read by fn fails with
// an *Error naming the entry fn was given.
func TestWalkTruncatedEntryName(t *testing.T) {
	dir := t.TempDir()
	b := gzipBytes(t, []byte(fixtureCSV(20000)))
	p := writeFile(t, dir, "x.csv.gz", b[:len(b)/2])
	var name string
	err := Walk(context.Background(), []string{p}, Options{}, func(e Entry) error {
		name = e.Name
		rc, err := e.Open()
		if err != nil {
			return err
		}
		defer rc.Close()
		_, err = io.Copy(io.Discard, rc)
		return err
	})
	if name != p+"!/x.csv" {
		t.Fatalf("entry %q", name)
	}
	if e := asError(t, err); e.Entry != name || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("error %v", err)
	}
}

func TestWalkSpoolCleanup(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dir := t.TempDir()
	inner := zipBytes(t, tm{name: "a.csv", data: "a\n"})
	p := writeFile(t, dir, "outer.tar.gz", gzipBytes(t, tarBytes(t, tm{name: "in.zip", data: string(inner)})))
	var kept Entry
	err := Walk(context.Background(), []string{p}, Options{}, func(e Entry) error {
		kept = e
		ents, _ := os.ReadDir(tmp)
		if len(ents) != 1 {
			t.Errorf("no private temporary folder: %v", ents)
			return nil
		}
		spools, _ := os.ReadDir(filepath.Join(tmp, ents[0].Name()))
		for _, s := range spools {
			fi, _ := s.Info()
			if fi.Mode().Perm() != 0o600 {
				t.Errorf("spool %s mode %v", s.Name(), fi.Mode())
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
		t.Errorf("temporary files left: %v", ents)
	}
	if _, err := kept.Open(); err == nil {
		t.Error("member of a spooled archive opened after Walk returned")
	}
	if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
		t.Errorf("temporary files made after the walk: %v", ents)
	}
}

func TestWalkZipMethods(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	csv := fixtureCSV(500)
	for _, m := range []struct {
		name   string
		method uint16
		comp   func([]byte) []byte
	}{
		{"zstd.csv", zipMethodZstd, func(b []byte) []byte { return zstdBytes(t, b) }},
		{"xz.csv", zipMethodXz, func(b []byte) []byte { return xzBytes(t, b) }},
		{"store.csv", zipMethodStore, func(b []byte) []byte { return b }},
	} {
		c := m.comp([]byte(csv))
		w, err := zw.CreateRaw(&zip.FileHeader{Name: m.name, Method: m.method, CRC32: crc32.ChecksumIEEE([]byte(csv)),
			CompressedSize64: uint64(len(c)), UncompressedSize64: uint64(len(csv))})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(c)
	}
	zw.Close()
	p := writeFile(t, dir, "m.zip", buf.Bytes())
	gs, _, err := walkAll(t, []string{p}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 3 {
		t.Fatalf("entries %q", names(gs))
	}
	for _, g := range gs {
		if g.Data != csv {
			t.Errorf("%s: %d bytes", g.Name, len(g.Data))
		}
	}
}

func TestWalkTarTypes(t *testing.T) {
	// GNU and v7 formats, and a tar cut after its end blocks, all read.
	dir := t.TempDir()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	tw.WriteHeader(&tar.Header{Name: strings.Repeat("long/", 30) + "a.csv", Size: 2, Mode: 0o644, Format: tar.FormatGNU})
	tw.Write([]byte("a\n"))
	tw.Close()
	p := writeFile(t, dir, "gnu.tar", buf.Bytes())
	gs, _, err := walkAll(t, []string{p}, Options{})
	if err != nil || len(gs) != 1 || gs[0].Data != "a\n" {
		t.Errorf("gnu: %v %q", err, names(gs))
	}
}

func TestWalkEncryptedCorrupt(t *testing.T) {
	for _, name := range []string{"aes256.zip", "zipcrypto.zip", "encrypted.7z"} {
		t.Run(name, func(t *testing.T) {
			b := bytes.Clone(mustRead(t, fixture(name)))
			b[len(b)/3] ^= 0x40 // inside the encrypted data
			p := writeFile(t, t.TempDir(), name, b)
			_, _, err := walkAll(t, []string{p}, Options{Password: "Secret123"})
			if err == nil {
				t.Fatal("corrupt encrypted member read without error")
			}
			if e := asError(t, err); !strings.HasPrefix(e.Entry, p) {
				t.Errorf("error names %q", e.Entry)
			}
		})
	}
}
