package source

import (
	"bufio"
	"bytes"
	"io"
	"testing"
)

func TestDetectEncoding(t *testing.T) {
	for _, tc := range []struct {
		name   string
		head   []byte
		forced string
		want   textEncoding
		bom    int
	}{
		{"ascii", []byte("abc"), "", textUTF8, 0},
		{"utf-8", []byte("JOSÉ"), "", textUTF8, 0},
		{"utf-8 cut mid-character", []byte("JOS\xc3"), "", textUTF8, 0},
		{"utf-8 bom", []byte("\xef\xbb\xbfa"), "", textUTF8, 3},
		{"cp1252", []byte("JOS\xc9 X"), "", textCP1252, 0},
		{"utf-16le bom", []byte{0xFF, 0xFE, 'a', 0}, "", textUTF16LE, 2},
		{"utf-16be bom", []byte{0xFE, 0xFF, 0, 'a'}, "", textUTF16BE, 2},
		{"utf-16le no bom", []byte("a\x00,\x00b\x00\n\x00"), "", textUTF16LE, 0},
		{"utf-16be no bom", []byte("\x00a\x00,\x00b\x00\n"), "", textUTF16BE, 0},
		{"forced 1252 keeps a utf-8 bom", []byte("\xef\xbb\xbfa"), "cp1252", textCP1252, 0},
		{"forced utf-8 skips its bom", []byte("\xef\xbb\xbfa"), "UTF-8", textUTF8Strict, 3},
		{"forced utf-16 skips its bom", []byte{0xFF, 0xFE, 'a', 0}, "utf-16le", textUTF16LE, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			forced, isForced, err := parseEncodingName(tc.forced)
			if err != nil {
				t.Fatal(err)
			}
			enc, bom := detectEncoding(tc.head, forced, isForced)
			if enc != tc.want || bom != tc.bom {
				t.Fatalf("got %v %d, want %v %d", enc, bom, tc.want, tc.bom)
			}
		})
	}
	if _, _, err := parseEncodingName("klingon"); err == nil {
		t.Fatal("unknown encoding accepted")
	}
}

func TestRowText(t *testing.T) {
	for _, tc := range []struct {
		name string
		enc  textEncoding
		in   string
		want string
	}{
		{"utf-8 valid", textUTF8, "JOSÉ", "JOSÉ"},
		{"utf-8 with stray 1252", textUTF8, "JOSÉ \xc9 \x80", "JOSÉ É €"},
		{"utf-8 strict", textUTF8Strict, "a\xc9b", "a\uFFFDb"},
		{"cp1252", textCP1252, "MA\x92RUF \xc9", "MA’RUF É"},
		{"cp1252 ascii", textCP1252, "plain", "plain"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := rowText(tc.enc).str([]byte(tc.in)); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestDecodeStream(t *testing.T) {
	in := []byte{0xFE, 0xFF, 0, 'J', 0, 'O', 0, 'S', 0, 0xC9}
	br := bufio.NewReader(bytes.NewReader(in))
	out, err := io.ReadAll(decodeStream(br, textUTF16BE, 2))
	if err != nil || string(out) != "JOSÉ" {
		t.Fatalf("%q %v", out, err)
	}
}
