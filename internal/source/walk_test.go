package source

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/klauspost/compress/gzip"
)

func TestWalkNested(t *testing.T) {
	dir := t.TempDir()
	tgz := gzipBytes(t, tarBytes(t,
		tm{name: "jabar/", typ: 'd'},
		tm{name: "jabar/bandung.csv", data: "id,name\n1,A\n"},
		tm{name: "./jabar/bogor.csv", data: "id,name\n2,B\n"},
		tm{name: "jabar/kab/", typ: 'd'},
	))
	writeFile(t, dir, "leak/b.zip", zipBytes(t,
		tm{name: "docs/", typ: 'd'},
		tm{name: "jabar.tar.gz", data: string(tgz)},
		tm{name: "docs/readme.txt", data: "hello"},
	))
	writeFile(t, dir, "leak/a.csv", []byte("x\n"))
	writeFile(t, dir, "leak/sub/c.csv.gz", gzipBytes(t, []byte("c\n")))
	writeFile(t, dir, "leak/empty/.keep", nil)

	root := filepath.Join(dir, "leak")
	gs, st, err := walkAll(t, []string{root}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []got{
		{Name: filepath.Join(root, "a.csv"), Path: filepath.Join(root, "a.csv"), Data: "x\n", Size: 2},
		{Name: filepath.Join(root, "b.zip") + "!/jabar.tar.gz!/jabar/bandung.csv", Data: "id,name\n1,A\n", Size: 12},
		{Name: filepath.Join(root, "b.zip") + "!/jabar.tar.gz!/jabar/bogor.csv", Data: "id,name\n2,B\n", Size: 12},
		{Name: filepath.Join(root, "b.zip") + "!/docs/readme.txt", Data: "hello", Size: 5},
		{Name: filepath.Join(root, "empty", ".keep"), Path: filepath.Join(root, "empty", ".keep"), Data: "", Size: 0},
		{Name: filepath.Join(root, "sub", "c.csv.gz") + "!/c.csv", Data: "c\n", Size: -1},
	}
	if !reflect.DeepEqual(gs, want) {
		t.Errorf("entries:\n got %+v\nwant %+v", gs, want)
	}
	if st.Entries != len(want) || st.Skipped != 0 {
		t.Errorf("stats %+v", st)
	}
	// The same walk again gives the same order.
	gs2, _, err := walkAll(t, []string{root}, Options{})
	if err != nil || !reflect.DeepEqual(gs2, gs) {
		t.Errorf("second walk differs: %v %q", err, names(gs2))
	}
}

func TestWalkCompressedNames(t *testing.T) {
	csv := []byte(fixtureCSV(50))
	tests := []struct {
		name     string
		file     string
		data     []byte
		wantName string // after the temp dir
	}{
		{"gzip", "x.csv.gz", gzipBytes(t, csv), "x.csv.gz!/x.csv"},
		{"zstd", "x.csv.zst", zstdBytes(t, csv), "x.csv.zst!/x.csv"},
		{"xz", "x.csv.xz", xzBytes(t, csv), "x.csv.xz!/x.csv"},
		{"gzip then xz", "x.csv.gz.xz", xzBytes(t, gzipBytes(t, csv)), "x.csv.gz.xz!/x.csv"},
		{"extension lies", "x.csv.zst", gzipBytes(t, csv), "x.csv.zst!/x.csv"},
		{"no extension", "dump", zstdBytes(t, csv), "dump!/dump"},
		{"multi-member gzip", "m.csv.gz", append(gzipBytes(t, csv[:100]), gzipBytes(t, csv[100:])...), "m.csv.gz!/m.csv"},
		{"tgz", "x.tgz", gzipBytes(t, tarBytes(t, tm{name: "in.csv", data: string(csv)})), "x.tgz!/in.csv"},
		{"tar.zst", "x.tar.zst", zstdBytes(t, tarBytes(t, tm{name: "in.csv", data: string(csv)})), "x.tar.zst!/in.csv"},
		{"gzip in zip", "z.zip", zipBytes(t, tm{name: "d/in.csv.gz", data: string(gzipBytes(t, csv))}), "z.zip!/d/in.csv.gz!/in.csv"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := writeFile(t, dir, tc.file, tc.data)
			gs, _, err := walkAll(t, []string{p}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(gs) != 1 {
				t.Fatalf("entries %q", names(gs))
			}
			if want := filepath.Join(dir, tc.wantName); gs[0].Name != want {
				t.Errorf("name %q, want %q", gs[0].Name, want)
			}
			if gs[0].Data != string(csv) {
				t.Errorf("content differs (%d bytes)", len(gs[0].Data))
			}
		})
	}
}

func TestWalkGzipStoredName(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Name = "../inside.csv"
	zw.Write([]byte("a\n"))
	zw.Close()
	p := writeFile(t, dir, "download", buf.Bytes())
	gs, _, err := walkAll(t, []string{p}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 1 || gs[0].Name != p+"!/inside.csv" || gs[0].Data != "a\n" {
		t.Errorf("got %+v", gs)
	}
}

func TestWalkFixtures(t *testing.T) {
	data := fixtureCSV(1500)
	a := fixtureCSV(699)
	b := "id;kota\n7;Bandung\n8;Bogor\n"
	tests := []struct {
		file     string
		password string
		want     map[string]string // member -> content
		wantErr  error
		errText  string
	}{
		{file: "plain.7z", want: map[string]string{"dir/a.csv": a, "dir/sub/b.csv": b}},
		{file: "encrypted.7z", wantErr: ErrEncrypted},
		{file: "encrypted.7z", password: "Secret123", want: map[string]string{"data.csv": data}},
		{file: "encrypted.7z", password: "wrong", wantErr: ErrEncrypted, errText: "wrong password"},
		{file: "encrypted-headers.7z", wantErr: ErrEncrypted},
		{file: "encrypted-headers.7z", password: "Secret123", want: map[string]string{"data.csv": data}},
		{file: "encrypted-headers.7z", password: "wrong", wantErr: ErrEncrypted},
		{file: "zipcrypto.zip", wantErr: ErrEncrypted},
		{file: "zipcrypto.zip", password: "Secret123", want: map[string]string{"data.csv": data}},
		{file: "zipcrypto.zip", password: "wrong", wantErr: ErrEncrypted, errText: "wrong password"},
		{file: "aes256.zip", wantErr: ErrEncrypted},
		{file: "aes256.zip", password: "Secret123", want: map[string]string{"data.csv": data}},
		{file: "aes256.zip", password: "wrong", wantErr: ErrEncrypted, errText: "wrong password"},
		{file: "aes128.zip", password: "Secret123", want: map[string]string{"dir/a.csv": a, "dir/sub/b.csv": b}},
		{file: "lzma.zip", want: map[string]string{"data.csv": data}},
		{file: "bzip2.zip", want: map[string]string{"data.csv": data}},
		{file: "deflate64.zip", errText: "Deflate64"},
	}
	for _, tc := range tests {
		t.Run(tc.file+"/"+tc.password, func(t *testing.T) {
			p := fixture(tc.file)
			gs, _, err := walkAll(t, []string{p}, Options{Password: tc.password})
			if tc.wantErr != nil || tc.errText != "" {
				if err == nil {
					t.Fatalf("no error; entries %q", names(gs))
				}
				e := asError(t, err)
				if !strings.HasPrefix(e.Entry, p) {
					t.Errorf("error names %q", e.Entry)
				}
				if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
					t.Errorf("error %v, want %v", err, tc.wantErr)
				}
				if !strings.Contains(err.Error(), tc.errText) {
					t.Errorf("error %q lacks %q", err, tc.errText)
				}
				if tc.wantErr == ErrEncrypted && tc.password == "" && !strings.Contains(err.Error(), "--password") {
					t.Errorf("error %q lacks the --password hint", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			m := map[string]string{}
			for _, g := range gs {
				m[strings.TrimPrefix(g.Name, p+"!/")] = g.Data
			}
			if !reflect.DeepEqual(m, tc.want) {
				t.Errorf("got members %q", names(gs))
			}
		})
	}
}

func TestWalkBzip2Fixture(t *testing.T) {
	gs, _, err := walkAll(t, []string{fixture("data.csv.bz2")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 1 || gs[0].Name != fixture("data.csv.bz2")+"!/data.csv" || gs[0].Data != fixtureCSV(1500) {
		t.Errorf("got %q", names(gs))
	}
}

func TestWalkRar(t *testing.T) {
	tests := []struct {
		name    string
		members []rar5Member
		opt     Options
		want    []string
		wantErr error
	}{
		{name: "stored", members: []rar5Member{{name: "d", dir: true}, {name: "d/a.csv", data: "a\n"}, {name: "b.csv", data: "b\n"}},
			want: []string{"d/a.csv=a\n", "b.csv=b\n"}},
		{name: "junk", members: []rar5Member{{name: "__MACOSX/._a.csv", data: "x"}, {name: "a.csv", data: "a\n"}},
			want: []string{"a.csv=a\n"}},
		{name: "traversal", members: []rar5Member{{name: "../../evil.csv", data: "x"}}, wantErr: ErrTraversal},
		{name: "encrypted", members: []rar5Member{{name: "a.csv", data: "secret", encrypted: true}}, wantErr: ErrEncrypted},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			rar := rar5Bytes(tc.members...)
			p := writeFile(t, dir, "x.rar", rar)
			// The same archive inside a zip is read as a stream.
			z := writeFile(t, dir, "y.zip", storedZipBytes(t, tm{name: "in.rar", data: string(rar)}))
			for _, path := range []string{p, z} {
				gs, _, err := walkAll(t, []string{path}, tc.opt)
				if tc.wantErr != nil {
					if !errors.Is(err, tc.wantErr) {
						t.Fatalf("%s: error %v, want %v", path, err, tc.wantErr)
					}
					asError(t, err)
					continue
				}
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				var g []string
				for _, e := range gs {
					n := strings.TrimPrefix(strings.TrimPrefix(e.Name, p+"!/"), z+"!/in.rar!/")
					g = append(g, n+"="+e.Data)
				}
				if !reflect.DeepEqual(g, tc.want) {
					t.Errorf("%s: got %q, want %q", path, g, tc.want)
				}
			}
		})
	}
	t.Run("corrupt", func(t *testing.T) {
		dir := t.TempDir()
		rar := rar5Bytes(rar5Member{name: "a.csv", data: "aaaa\n"})
		rar[len(rar)-20] ^= 0xff // inside the member's data or end block
		p := writeFile(t, dir, "x.rar", rar)
		_, _, err := walkAll(t, []string{p}, Options{})
		if err == nil {
			t.Fatal("corrupt rar read without error")
		}
		asError(t, err)
		p = writeFile(t, dir, "g.rar", append([]byte("Rar!\x1a\x07\x01\x00"), []byte("garbage garbage garbage")...))
		_, _, err = walkAll(t, []string{p}, Options{})
		if err == nil {
			t.Fatal("garbage rar read without error")
		}
		asError(t, err)
	})
}

func TestWalkTraversal(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		data   func(t *testing.T) []byte
		member string
	}{
		{"zip dot-dot", "a.zip", func(t *testing.T) []byte { return zipBytes(t, tm{name: "../../evil.csv", data: "x"}) }, "../../evil.csv"},
		{"zip absolute", "a.zip", func(t *testing.T) []byte { return zipBytes(t, tm{name: "/etc/x", data: "x"}) }, "/etc/x"},
		{"zip drive letter", "a.zip", func(t *testing.T) []byte { return zipBytes(t, tm{name: "C:/x.csv", data: "x"}) }, "C:/x.csv"},
		{"zip backslashes", "a.zip", func(t *testing.T) []byte { return zipBytes(t, tm{name: `a\..\..\x.csv`, data: "x"}) }, `a\\..\\..\\x.csv`},
		{"zip symlink out", "a.zip", func(t *testing.T) []byte {
			return zipBytes(t, tm{name: "l", typ: tar.TypeSymlink, link: "../../etc/passwd"})
		}, "l"},
		{"tar dot-dot", "a.tar", func(t *testing.T) []byte { return tarBytes(t, tm{name: "a/../../x.csv", data: "x"}) }, "a/../../x.csv"},
		{"tar symlink out", "a.tar", func(t *testing.T) []byte {
			return tarBytes(t, tm{name: "d/link", typ: tar.TypeSymlink, link: "../../etc/passwd"})
		}, "d/link"},
		{"tar symlink absolute", "a.tar", func(t *testing.T) []byte {
			return tarBytes(t, tm{name: "link", typ: tar.TypeSymlink, link: "/etc/passwd"})
		}, "link"},
		{"tar hard link out", "a.tar", func(t *testing.T) []byte {
			return tarBytes(t, tm{name: "h", typ: tar.TypeLink, link: "../x"})
		}, "h"},
		{"nested tar.gz in zip", "n.zip", func(t *testing.T) []byte {
			return zipBytes(t, tm{name: "in.tar.gz", data: string(gzipBytes(t, tarBytes(t, tm{name: "/abs.csv", data: "x"})))})
		}, "/abs.csv"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := writeFile(t, dir, tc.file, tc.data(t))
			called := false
			err := Walk(context.Background(), []string{p}, Options{}, func(Entry) error { called = true; return nil })
			if !errors.Is(err, ErrTraversal) {
				t.Fatalf("error %v, want ErrTraversal", err)
			}
			e := asError(t, err)
			if !strings.HasPrefix(e.Entry, p) {
				t.Errorf("error names %q, want the archive %q", e.Entry, p)
			}
			if !strings.Contains(err.Error(), tc.member) {
				t.Errorf("error %q does not name member %q", err, tc.member)
			}
			if called {
				t.Error("fn called for an escaping member")
			}
			ents, _ := os.ReadDir(dir)
			if len(ents) != 1 {
				t.Errorf("walk wrote into the folder: %v", ents)
			}
		})
	}
}

func TestWalkLinksInside(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "a.tar", tarBytes(t,
		tm{name: "d/a.csv", data: "a"},
		tm{name: "d/l", typ: tar.TypeSymlink, link: "a.csv"},
		tm{name: "h", typ: tar.TypeLink, link: "d/a.csv"},
		tm{name: "fifo", typ: tar.TypeFifo},
	))
	gs, st, err := walkAll(t, []string{p}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 1 || st.Skipped != 3 || len(st.Skips) != 3 {
		t.Errorf("entries %q, stats %+v", names(gs), st)
	}
}

func TestWalkJunk(t *testing.T) {
	dir := t.TempDir()
	apple := "\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        "
	writeFile(t, dir, "in/a.zip", zipBytes(t,
		tm{name: "__MACOSX/._data.csv", data: apple},
		tm{name: "data.csv", data: "a\n"},
		tm{name: "sub/.DS_Store", data: "junk"},
		tm{name: "._data.csv", data: apple},
		tm{name: "._real.csv", data: "not apple double"},
	))
	writeFile(t, dir, "in/Thumbs.db", []byte("x"))
	writeFile(t, dir, "in/__MACOSX/x", []byte("x"))
	writeFile(t, dir, "in/.DS_Store", []byte("x"))
	gs, st, err := walkAll(t, []string{filepath.Join(dir, "in")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantNames := []string{filepath.Join(dir, "in", "a.zip") + "!/data.csv", filepath.Join(dir, "in", "a.zip") + "!/._real.csv"}
	if !reflect.DeepEqual(names(gs), wantNames) {
		t.Errorf("entries %q", names(gs))
	}
	if st.Skipped != 6 || st.Entries != 2 {
		t.Errorf("stats %+v", st)
	}
}

func TestWalkWorkbookIsLeaf(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "book.xlsx", zipBytes(t,
		tm{name: "[Content_Types].xml", data: "<Types/>"},
		tm{name: "xl/workbook.xml", data: "<workbook/>"},
	))
	z := writeFile(t, dir, "z.zip", zipBytes(t, tm{name: "book.xlsx", data: string(mustRead(t, p))}))
	gs, _, err := walkAll(t, []string{p, z}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 2 || gs[0].Name != p || gs[0].Path != p || gs[1].Name != z+"!/book.xlsx" || gs[1].Path != "" ||
		gs[1].Data != string(mustRead(t, p)) {
		t.Errorf("got %q", names(gs))
	}
}

func mustRead(t testing.TB, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestWalkSplitVolumes(t *testing.T) {
	dir := t.TempDir()
	z := zipBytes(t, tm{name: "a.csv", data: fixtureCSV(300)}, tm{name: "b.csv", data: "b\n"})
	half := len(z) / 2
	writeFile(t, dir, "x.zip.001", z[:half])
	writeFile(t, dir, "x.zip.002", z[half:])
	gs, st, err := walkAll(t, []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(dir, "x.zip.001")
	if !reflect.DeepEqual(names(gs), []string{base + "!/a.csv", base + "!/b.csv"}) || gs[0].Data != fixtureCSV(300) {
		t.Errorf("entries %q", names(gs))
	}
	if st.Skipped != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestWalkReopen(t *testing.T) {
	dir := t.TempDir()
	big := fixtureCSV(100000) // > liveReplay, so late re-opens re-read
	inner := zipBytes(t, tm{name: "deep.csv", data: "deep\n"})
	p := writeFile(t, dir, "a.tar.gz", gzipBytes(t, tarBytes(t,
		tm{name: "big.csv", data: big},
		tm{name: "small.csv", data: "small\n"},
		tm{name: "inner.zip", data: string(inner)},
	)))
	want := map[string]string{p + "!/big.csv": big, p + "!/small.csv": "small\n", p + "!/inner.zip!/deep.csv": "deep\n"}
	read := func(e Entry, n int64) (string, error) {
		rc, err := e.Open()
		if err != nil {
			return "", err
		}
		defer rc.Close()
		var r io.Reader = rc
		if n >= 0 {
			r = io.LimitReader(rc, n)
		}
		b, err := io.ReadAll(r)
		return string(b), err
	}
	var kept []Entry
	err := Walk(context.Background(), []string{p}, Options{}, func(e Entry) error {
		// Sniff, then read whole, twice; and from two goroutines at once.
		if s, err := read(e, 100); err != nil || !strings.HasPrefix(want[e.Name], s) {
			t.Errorf("%s: sniff %q %v", e.Name, s, err)
		}
		for range 2 {
			if s, err := read(e, -1); err != nil || s != want[e.Name] {
				t.Errorf("%s: read %d bytes, %v", e.Name, len(s), err)
			}
		}
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if s, err := read(e, -1); err != nil || s != want[e.Name] {
					t.Errorf("%s: concurrent read %d bytes, %v", e.Name, len(s), err)
				}
			}()
		}
		wg.Wait()
		// Entries met earlier can still be opened.
		for _, k := range kept {
			if s, err := read(k, -1); err != nil || s != want[k.Name] {
				t.Errorf("%s: late read %d bytes, %v", k.Name, len(s), err)
			}
		}
		kept = append(kept, e)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(kept) != 3 {
		t.Errorf("%d entries", len(kept))
	}
	// A reader opened on the live stream and held while the walk moves on
	// still reads correctly.
	var held io.ReadCloser
	var heldName string
	err = Walk(context.Background(), []string{p}, Options{}, func(e Entry) error {
		if held == nil {
			rc, err := e.Open()
			if err != nil {
				return err
			}
			io.CopyN(io.Discard, rc, 10)
			held, heldName = rc, e.Name
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if held != nil {
		b, err := io.ReadAll(held)
		held.Close()
		if err != nil || string(b) != want[heldName][10:] {
			t.Errorf("held reader: %d bytes, %v", len(b), err)
		}
	}
}

func TestWalkBytesRead(t *testing.T) {
	dir := t.TempDir()
	var total int64
	for name, data := range map[string][]byte{
		"a.csv":    []byte(fixtureCSV(1000)),
		"b.csv.gz": gzipBytes(t, []byte(fixtureCSV(1000))),
		"c.zip":    zipBytes(t, tm{name: "in.csv", data: fixtureCSV(1000)}),
		"d.tar":    tarBytes(t, tm{name: "in.csv", data: fixtureCSV(1000)}),
	} {
		writeFile(t, dir, name, data)
		total += int64(len(data))
	}
	var n atomic.Int64
	_, _, err := walkAll(t, []string{dir}, Options{BytesRead: &n})
	if err != nil {
		t.Fatal(err)
	}
	// Zip's end of central directory is read, some local headers may be
	// skipped over; everything else is read exactly once.
	if got := n.Load(); got > total || got < total*9/10 {
		t.Errorf("BytesRead %d, files hold %d", got, total)
	}
}

func TestWalkContext(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.csv", []byte("a"))
	writeFile(t, dir, "b.csv", []byte("b"))
	big := writeFile(t, dir, "big.gz", gzipBytes(t, make([]byte, 20<<20)))
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err := Walk(ctx, []string{dir}, Options{}, func(e Entry) error { n++; cancel(); return nil })
	if !errors.Is(err, context.Canceled) || n != 1 {
		t.Errorf("after cancel: %v, %d entries", err, n)
	}
	// Cancelled inside a long read.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	err = Walk(ctx, []string{big}, Options{}, func(e Entry) error {
		rc, err := e.Open()
		if err != nil {
			return err
		}
		defer rc.Close()
		io.CopyN(io.Discard, rc, 1<<20)
		cancel()
		_, err = io.Copy(io.Discard, rc)
		return err
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancel in read: %v", err)
	}
}

func TestWalkPathErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nope.zip")
	err := Walk(context.Background(), []string{missing}, Options{}, func(Entry) error { return nil })
	if e := asError(t, err); e.Entry != missing || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("error %v", err)
	}
	// fn's error comes back unchanged.
	p := writeFile(t, dir, "a.csv", []byte("a"))
	sentinel := errors.New("stop")
	if err := Walk(context.Background(), []string{p}, Options{}, func(Entry) error { return sentinel }); err != sentinel {
		t.Errorf("fn error became %v", err)
	}
	// The same file given twice is walked once.
	gs, st, err := walkAll(t, []string{p, dir}, Options{})
	if err != nil || len(gs) != 1 || st.Skipped != 1 {
		t.Errorf("twice: %v %q %+v", err, names(gs), st)
	}
}

func TestWalkSymlinkLoop(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "d/a.csv", []byte("a"))
	if err := os.Symlink("..", filepath.Join(dir, "d", "up")); err != nil {
		t.Skip("no symlinks:", err)
	}
	gs, st, err := walkAll(t, []string{dir}, Options{})
	if err != nil || len(gs) != 1 || st.Skipped != 1 {
		t.Errorf("%v %q %+v", err, names(gs), st)
	}
}

func TestWalkRarVolumes(t *testing.T) {
	data := fixtureCSV(200)
	v1, v2 := rar5Volumes("a.csv", data, 1000)
	dir := t.TempDir()
	p1 := writeFile(t, dir, "x.part1.rar", v1)
	writeFile(t, dir, "x.part2.rar", v2)
	var n atomic.Int64
	gs, st, err := walkAll(t, []string{dir}, Options{BytesRead: &n})
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 1 || gs[0].Name != p1+"!/a.csv" || gs[0].Data != data {
		t.Errorf("entries %q", names(gs))
	}
	if st.Skipped != 1 || !strings.Contains(st.Skips[0], "continuation volume") {
		t.Errorf("stats %+v", st)
	}
	if n.Load() != int64(len(v1)+len(v2)) {
		t.Errorf("BytesRead %d, volumes hold %d", n.Load(), len(v1)+len(v2))
	}
	// Without its second volume, the archive ends early.
	os.Remove(filepath.Join(dir, "x.part2.rar"))
	_, _, err = walkAll(t, []string{p1}, Options{})
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("missing volume: %v", err)
	}
	asError(t, err)
}
