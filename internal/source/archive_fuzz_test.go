package source

import (
	"context"
	"errors"
	"io"
	"testing"
)

// fuzzWalk writes the fuzzer's bytes to a file and walks it, reading every
// entry whole: it must not panic, must stay within the limits, and every
// failure must be an *Error.
func fuzzWalk(f *testing.F, file string, seeds ...[]byte) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := writeFile(t, t.TempDir(), file, data)
		opt := Options{MaxTotal: 64 << 20, Password: "pw"}
		n := 0
		err := Walk(context.Background(), []string{p}, opt, func(e Entry) error {
			n++
			if n > 10000 {
				t.Fatalf("over 10000 entries from %d bytes", len(data))
			}
			rc, err := e.Open()
			if err != nil {
				return err
			}
			defer rc.Close()
			_, err = io.Copy(io.Discard, rc)
			return err
		})
		var e *Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("error %v (%T) is not an *Error", err, err)
		}
	})
}

func FuzzWalkZip(f *testing.F) {
	csv := fixtureCSV(20)
	fuzzWalk(f, "f.zip",
		zipBytes(f, tm{name: "a.csv", data: csv}, tm{name: "d/", typ: 'd'}, tm{name: "d/b.csv", data: "x"}),
		storedZipBytes(f, tm{name: "in.zip", data: string(zipBytes(f, tm{name: "a.csv", data: csv}))}),
		zipBytes(f, tm{name: "t.tar.gz", data: string(gzipBytes(f, tarBytes(f, tm{name: "a.csv", data: csv})))}),
		mustRead(f, fixture("zipcrypto.zip")),
		mustRead(f, fixture("aes128.zip")),
		mustRead(f, fixture("lzma.zip")),
	)
}

func FuzzWalkTar(f *testing.F) {
	csv := fixtureCSV(20)
	fuzzWalk(f, "f.tar",
		tarBytes(f, tm{name: "a.csv", data: csv}, tm{name: "d/", typ: 'd'}, tm{name: "d/l", typ: '2', link: "a.csv"}),
		tarBytes(f, tm{name: "in.csv.gz", data: string(gzipBytes(f, []byte(csv)))}, tm{name: "z.zip", data: string(storedZipBytes(f, tm{name: "b", data: "b"}))}),
	)
}

func FuzzWalkGzip(f *testing.F) {
	csv := []byte(fixtureCSV(20))
	fuzzWalk(f, "f.csv.gz",
		gzipBytes(f, csv),
		append(gzipBytes(f, csv[:10]), gzipBytes(f, csv[10:])...),
		gzipBytes(f, tarBytes(f, tm{name: "a.csv", data: string(csv)})),
		zstdBytes(f, csv),
		xzBytes(f, csv),
		mustRead(f, fixture("data.csv.bz2")),
	)
}

func FuzzWalk7zRar(f *testing.F) {
	fuzzWalk(f, "f.bin",
		mustRead(f, fixture("plain.7z")),
		mustRead(f, fixture("encrypted.7z")),
		rar5Bytes(rar5Member{name: "a.csv", data: "a\n"}, rar5Member{name: "d", dir: true}),
	)
}
