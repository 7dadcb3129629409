package source

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSniff(t *testing.T) {
	utf16 := func(s string) []byte {
		b := []byte{0xFF, 0xFE}
		for _, r := range s {
			b = append(b, byte(r), byte(r>>8))
		}
		return b
	}
	for _, tc := range []struct {
		name string
		file string
		head []byte
		want Format
	}{
		{"csv", "a.csv", []byte("nik,nama\n1,x\n"), FormatDelimited},
		{"csv no extension", "DPT", []byte("nik;nama\n1;x\n"), FormatDelimited},
		{"text named json", "a.json", []byte("nik,nama\n"), FormatDelimited},
		{"cp1252 text", "a.txt", []byte("NAMA\nJOS\xc9\n"), FormatDelimited},
		{"utf-16 csv", "a.csv", utf16("nik,nama\n1,x\n"), FormatDelimited},
		{"utf-16 no bom", "a.csv", utf16("nik,nama\n1,x\n")[2:], FormatDelimited},
		{"ndjson", "x", []byte(`{"a":1}` + "\n" + `{"a":2}` + "\n"), FormatNDJSON},
		{"ndjson one line", "x", []byte(`{"a":1}`), FormatNDJSON},
		{"ndjson broken first line", "x", []byte(`{"a":1` + "\n" + `{"a":2}` + "\n"), FormatNDJSON},
		{"minified wrapper", "x", []byte(`{"data":[{"a":1}]}`), FormatJSON},
		{"pretty wrapper", "x.json", []byte("{\n  \"data\": [\n    {\"a\": 1}\n  ]\n}\n"), FormatJSON},
		{"wrapper cut by the sample", "x", []byte(`{"data":[{"a":1},{"a":2`), FormatJSON},
		{"jsonl cut by the sample", "x.jsonl", []byte(`{"a":"xxxxx`), FormatNDJSON},
		{"array", "x", []byte(" \n[\n {\"a\":1}]"), FormatJSON},
		{"utf-16 array", "x", utf16(`[{"a":1}]`), FormatJSON},
		{"array of strings named json", "x.json", []byte(`["a"]`), FormatJSON},
		{"bracketed csv", "x.csv", []byte("[NIK],[NAMA]\n1,2\n"), FormatDelimited},
		{"mysqldump", "x", []byte("-- MySQL dump 10.13\n--\nCREATE TABLE `t` (a int);\n"), FormatSQLMySQL},
		{"phpmyadmin", "x.txt", []byte("-- phpMyAdmin SQL Dump\nSET SQL_MODE = \"NO_AUTO_VALUE_ON_ZERO\";\n"), FormatSQLMySQL},
		{"plain insert", "x", []byte("INSERT INTO t VALUES (1);\n"), FormatSQLMySQL},
		{"pg_dump", "x", []byte("--\n-- PostgreSQL database dump\n--\nSET client_encoding = 'UTF8';\n"), FormatSQLPg},
		{"copy", "x", []byte("copy public.t (a) from stdin;\n1\n\\.\n"), FormatSQLPg},
		{"quoted pg insert", "x", []byte("INSERT INTO \"t\" VALUES (1);\n"), FormatSQLPg},
		{"sql by extension", "x.sql", []byte("/* nothing known */\n"), FormatSQLMySQL},
		{"xlsx", "x", []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml"), FormatXLSX},
		{"xlsx by extension", "x.xlsx", []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00docProps/app.xml"), FormatXLSX},
		{"plain zip", "x.zip", []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00data.csv"), FormatUnknown},
		{"encrypted xlsx", "a.zip!/x.XLSX", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, FormatXLSX},
		{"xls", "x.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, FormatUnknown},
		{"gzip", "x.csv", []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0x4b, 0x4c}, FormatUnknown},
		{"nul bytes", "x.csv", []byte("ab\x00cd\x00\x00\x01"), FormatUnknown},
		{"xml", "x", []byte("<?xml version=\"1.0\"?><a/>"), FormatUnknown},
		{"html", "x", []byte("\n<!DOCTYPE html>"), FormatUnknown},
		{"empty csv", "x.csv", nil, FormatDelimited},
		{"empty json", "x.json", []byte("  \n"), FormatJSON},
		{"empty unknown", "x", nil, FormatUnknown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sniff(tc.file, tc.head); got != tc.want {
				t.Fatalf("Sniff(%q) = %q, want %q", tc.file, got, tc.want)
			}
		})
	}
}

func TestSniffTestdata(t *testing.T) {
	want := map[string]Format{
		"ragged.csv": FormatDelimited, "unterminated.csv": FormatDelimited, "barequotes.csv": FormatDelimited,
		"crlf.csv": FormatDelimited, "cr.csv": FormatDelimited, "bom_semicolon.csv": FormatDelimited,
		"cp1252.csv": FormatDelimited, "utf16le.csv": FormatDelimited, "noheader.csv": FormatDelimited,
		"pipe.txt": FormatDelimited, "nested.ndjson": FormatNDJSON, "wrapped.json": FormatJSON,
		"mysql.sql": FormatSQLMySQL, "pg.sql": FormatSQLPg,
	}
	for name, f := range want {
		data, err := os.ReadFile(filepath.Join("testdata", "tables", name))
		if err != nil {
			t.Fatal(err)
		}
		// The content decides, whatever the name.
		if got := Sniff("noname", data); got != f {
			t.Errorf("%s: %q, want %q", name, got, f)
		}
	}
}

func FuzzSniff(f *testing.F) {
	for _, s := range []string{"a,b\n", `{"a":1}`, "[", "PK\x03\x04", "-- MySQL dump", "\xff\xfe", "\xfe\xff\x00a", "{\n", ""} {
		f.Add("x.csv", []byte(s))
	}
	for _, data := range tblSeeds(f, "") {
		f.Add("x", data)
	}
	f.Fuzz(func(t *testing.T, name string, head []byte) {
		switch Sniff(name, head) {
		case FormatDelimited, FormatJSON, FormatNDJSON, FormatSQLMySQL, FormatSQLPg, FormatXLSX, FormatUnknown:
		default:
			t.Fatal("unknown format returned")
		}
	})
}
