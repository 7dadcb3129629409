package source

import (
	"bytes"
	"encoding/json"
	"path"
	"strings"
)

// tableSniffLen is how many bytes OpenTables reads ahead for Sniff and for the
// readers' own sniffing (encoding, delimiter, header).
const tableSniffLen = 64 << 10

// Sniff guesses the format of an entry from its name and first bytes (up to
// 64 KB are looked at; a BOM and UTF-16 are handled).
//
// Content decides first:
//   - "PAR1" (or "PARE", encrypted) at the start is a Parquet file;
//   - "PK\x03\x04" with "[Content_Types].xml" or "xl/" in view is a
//     workbook (XLSX), any other zip is not a table; an OLE2 compound file
//     named .xlsx is an encrypted workbook (a legacy .xls is not read);
//   - binary content (NUL bytes, many control characters) is not a table;
//   - text starting with '[' then '{' or ']' is a JSON array; with '{' it is
//     NDJSON when the first line is a whole JSON object (unless that single
//     line is a wrapper such as {"data":[{...}]}), else a JSON document;
//   - a line starting with an SQL statement or dump banner ("-- MySQL dump",
//     INSERT INTO, CREATE TABLE, COPY ... FROM stdin, SET NAMES, LOCK
//     TABLES, ...) makes an SQL dump, PostgreSQL when COPY, pg_dump's banner
//     or settings, or double-quoted table names say so, MySQL otherwise;
//   - XML and HTML are not tables;
//   - any other text is delimited.
//
// The extension breaks ties: an empty or blank file, a .ndjson/.jsonl whose
// first line is cut off, a .json array of non-objects, a .sql file with no
// statement in view, a .xlsx zip whose first entries are not in view, a
// binary .parquet file without the magic bytes (read as Parquet, so that
// the error says what is wrong with it rather than that it is no table).
func Sniff(name string, head []byte) Format {
	ext := tableExt(name)
	if bytes.HasPrefix(head, []byte("PAR1")) || bytes.HasPrefix(head, []byte("PARE")) {
		return FormatParquet
	}
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		if bytes.Contains(head, []byte("[Content_Types].xml")) || bytes.Contains(head, []byte("xl/")) || isXLSXExt(ext) {
			return FormatXLSX
		}
		return FormatUnknown
	}
	if bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		if isXLSXExt(ext) {
			return FormatXLSX // an encrypted workbook is an OLE2 container
		}
		return FormatUnknown
	}
	enc, bom := detectEncoding(head, 0, false)
	if enc != textUTF16LE && enc != textUTF16BE && looksBinary(head[bom:]) {
		if isParquetExt(ext) {
			return FormatParquet
		}
		return FormatUnknown
	}
	text := decodeSample(head, enc, bom)
	if (enc == textUTF16LE || enc == textUTF16BE) && looksBinary(text) {
		return FormatUnknown
	}
	t := bytes.TrimLeft(text, " \t\r\n\f\v")
	if len(t) == 0 {
		switch ext {
		case ".csv", ".tsv", ".txt", ".psv", ".dsv", ".tab":
			return FormatDelimited
		case ".json":
			return FormatJSON
		case ".ndjson", ".jsonl", ".ldjson":
			return FormatNDJSON
		case ".sql":
			return FormatSQLMySQL
		}
		return FormatUnknown
	}
	switch t[0] {
	case '{':
		return sniffBrace(t, ext)
	case '[':
		rest := bytes.TrimLeft(t[1:], " \t\r\n")
		if len(rest) == 0 || rest[0] == '{' || rest[0] == ']' || ext == ".json" {
			return FormatJSON
		}
	case '<':
		l := bytes.ToLower(t[:min(len(t), 64)])
		if bytes.HasPrefix(l, []byte("<?xml")) || bytes.HasPrefix(l, []byte("<!doctype")) || bytes.HasPrefix(l, []byte("<html")) {
			return FormatUnknown
		}
	}
	if f := sniffSQL(t); f != FormatUnknown {
		return f
	}
	if ext == ".sql" {
		return sqlDialect(t)
	}
	return FormatDelimited
}

// tableExt returns the lower-case extension of the last path element of an
// entry name ("a.zip!/b/DPT.CSV" gives ".csv").
func tableExt(name string) string {
	if i := strings.LastIndex(name, "!/"); i >= 0 {
		name = name[i+2:]
	}
	name = strings.ReplaceAll(name, `\`, "/")
	return strings.ToLower(path.Ext(name))
}

func isXLSXExt(ext string) bool { return ext == ".xlsx" || ext == ".xlsm" }

func isParquetExt(ext string) bool { return ext == ".parquet" || ext == ".parq" || ext == ".pq" }

// sniffBrace tells NDJSON from a JSON document starting with '{'.
func sniffBrace(t []byte, ext string) Format {
	nd := ext == ".ndjson" || ext == ".jsonl" || ext == ".ldjson"
	first, rest, complete := sniffCutLine(t)
	first = bytes.TrimSpace(first)
	if !complete && !json.Valid(first) {
		// One line fills the sample: a minified document, unless named as
		// NDJSON.
		if nd {
			return FormatNDJSON
		}
		return FormatJSON
	}
	if json.Valid(first) {
		if nd || len(bytes.TrimSpace(rest)) > 0 {
			return FormatNDJSON
		}
		// A single object: a wrapper of records, or a one-record NDJSON.
		dec := json.NewDecoder(bytes.NewReader(first))
		if fr, err := findRecords(dec, 0, nil); err == nil && fr.found && !fr.empty {
			return FormatJSON
		}
		return FormatNDJSON
	}
	// The first line is not an object on its own: a pretty-printed
	// document, or NDJSON whose first line is broken.
	second, _, _ := sniffCutLine(bytes.TrimLeft(rest, " \t\r\n"))
	second = bytes.TrimSpace(second)
	if len(second) > 0 && second[0] == '{' && json.Valid(second) {
		return FormatNDJSON
	}
	if nd {
		return FormatNDJSON
	}
	return FormatJSON
}

// sniffCutLine splits b at its first '\n'; complete is false when there is none.
func sniffCutLine(b []byte) (line, rest []byte, complete bool) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i], b[i+1:], true
	}
	return b, nil, false
}

// sqlLineStarts are upper-cased beginnings of lines that only SQL dumps have.
var sqlLineStarts = []string{
	"-- MYSQL DUMP", "-- MARIADB DUMP", "-- PHPMYADMIN SQL DUMP", "-- POSTGRESQL DATABASE DUMP",
	"-- DUMPED FROM DATABASE", "-- HOST:", "-- SERVER VERSION", "/*!",
	"INSERT INTO ", "INSERT IGNORE INTO ", "REPLACE INTO ", "INSERT INTO`",
	"CREATE TABLE ", "CREATE TEMPORARY TABLE ", "CREATE UNLOGGED TABLE ", "CREATE DATABASE ",
	"DROP TABLE ", "LOCK TABLES ", "UNLOCK TABLES", "SET NAMES ", "SET CLIENT_ENCODING",
	"SET STATEMENT_TIMEOUT", "SET STANDARD_CONFORMING_STRINGS", "SET SQL_MODE", "SET FOREIGN_KEY_CHECKS",
	"START TRANSACTION", "BEGIN TRANSACTION", "USE `",
}

// sniffSQL returns the SQL dialect when a line of t starts like a dump or an
// SQL statement, else FormatUnknown.
func sniffSQL(t []byte) Format {
	rest := t
	for len(rest) > 0 {
		line, r, _ := sniffCutLine(rest)
		rest = r
		line = bytes.TrimLeft(line, " \t\r")
		if len(line) < 4 {
			continue
		}
		up := strings.ToUpper(string(line[:min(len(line), 40)]))
		for _, p := range sqlLineStarts {
			if strings.HasPrefix(up, p) {
				return sqlDialect(t)
			}
		}
		if strings.HasPrefix(up, "COPY ") && bytes.Contains(bytes.ToUpper(line), []byte("FROM STDIN")) {
			return FormatSQLPg
		}
	}
	return FormatUnknown
}

// sqlDialect weighs the signs of PostgreSQL against MySQL's; MySQL wins a
// tie, as most leaked dumps come from PHP applications on MySQL.
func sqlDialect(t []byte) Format {
	up := bytes.ToUpper(t)
	pg, my := 0, 0
	for _, s := range []string{"POSTGRESQL DATABASE DUMP", "PG_CATALOG", "SET CLIENT_ENCODING", "SET STANDARD_CONFORMING_STRINGS", "FROM STDIN", "INSERT INTO \"", "INSERT INTO PUBLIC."} {
		if bytes.Contains(up, []byte(s)) {
			pg++
		}
	}
	for _, s := range []string{"MYSQL DUMP", "MARIADB DUMP", "PHPMYADMIN", "/*!40", "ENGINE=", "`", "LOCK TABLES"} {
		if bytes.Contains(up, []byte(s)) {
			my++
		}
	}
	if pg > my {
		return FormatSQLPg
	}
	return FormatSQLMySQL
}
