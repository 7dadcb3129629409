package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// SQLOptions configures NewSQL.
type SQLOptions struct {
	Table         string // table name; "dpt" when empty
	Dialect       string // "mysql" (default when empty) or "postgres"
	RowsPerInsert int    // mysql: rows per INSERT statement, default 500
	NullEmpty     bool   // write NULL for empty strings
}

// SQLWriter is the Writer returned by NewSQL.
type SQLWriter struct {
	t        table
	opt      SQLOptions
	pg       bool
	bw       *bufio.Writer
	cols     []string
	insert   string // mysql: "INSERT INTO `t` VALUES "
	inInsert int    // mysql: rows in the open INSERT statement
}

// NewSQL returns a Writer of an SQL dump of one table to w.
//
// Dialect "mysql" writes a mysqldump-like file: header comments, SET NAMES
// utf8mb4, DROP TABLE IF EXISTS, CREATE TABLE with every column
// varchar(255) DEFAULT NULL, LOCK TABLES, multi-row INSERT statements of
// RowsPerInsert rows each, one statement per line, UNLOCK TABLES and the
// trailer. Strings are quoted with '...' and escaped as mysqldump does:
// \\ \' \" \n \r \0 \Z.
//
// Dialect "postgres" writes a pg_dump-like file: CREATE TABLE public.t with
// text columns, then COPY public.t (cols) FROM stdin; with one tab-separated
// line per row in COPY text format (\\ \t \n \r \b \f \v escaped, \N for
// NULL, NUL as \000 — which PostgreSQL itself rejects, as it cannot store NUL
// in text) and the terminating \. line.
//
// Identifiers are quoted where the dialect needs it. Close flushes but does
// not close w. Nothing at all is written for a table without header.
func NewSQL(w io.Writer, opt SQLOptions) Writer {
	return newSQL(w, opt, "write sql")
}

func newSQL(w io.Writer, opt SQLOptions, prefix string) *SQLWriter {
	s := &SQLWriter{t: table{prefix: prefix}, opt: opt, bw: bufio.NewWriterSize(w, 64<<10)}
	if s.opt.Table == "" {
		s.opt.Table = "dpt"
	}
	if s.opt.RowsPerInsert <= 0 {
		s.opt.RowsPerInsert = 500
	}
	switch strings.ToLower(opt.Dialect) {
	case "", "mysql":
	case "postgres", "postgresql", "pg":
		s.pg = true
	default:
		s.t.err = fmt.Errorf("%s: unsupported dialect %q", prefix, opt.Dialect)
	}
	return s
}

// WriteHeader writes everything up to the first row: preamble, table
// definition and the start of the data section.
func (s *SQLWriter) WriteHeader(cols []string) error {
	if err := s.t.checkHeader(cols); err != nil {
		return err
	}
	s.cols = append([]string(nil), cols...)
	var b strings.Builder
	if s.pg {
		s.pgHeader(&b)
	} else {
		s.mysqlHeader(&b)
	}
	if _, err := s.bw.WriteString(b.String()); err != nil {
		return s.t.fail(err)
	}
	return nil
}

// WriteRow writes one row.
func (s *SQLWriter) WriteRow(vals []string) error {
	if err := s.t.checkRow(vals); err != nil {
		return err
	}
	buf := s.bw.AvailableBuffer()
	if s.pg {
		for i, v := range vals {
			if i > 0 {
				buf = append(buf, '\t')
			}
			if v == "" && s.opt.NullEmpty {
				buf = append(buf, `\N`...)
			} else {
				buf = appendCopyText(buf, v)
			}
		}
		buf = append(buf, '\n')
	} else {
		if s.inInsert == 0 {
			buf = append(buf, s.insert...)
		} else {
			buf = append(buf, ',')
		}
		buf = append(buf, '(')
		for i, v := range vals {
			if i > 0 {
				buf = append(buf, ',')
			}
			if v == "" && s.opt.NullEmpty {
				buf = append(buf, "NULL"...)
			} else {
				buf = appendMySQLString(buf, v)
			}
		}
		buf = append(buf, ')')
		s.inInsert++
		if s.inInsert == s.opt.RowsPerInsert {
			buf = append(buf, ";\n"...)
			s.inInsert = 0
		}
	}
	if _, err := s.bw.Write(buf); err != nil {
		return s.t.fail(err)
	}
	return nil
}

// Close ends the open statement, writes the trailer and flushes.
func (s *SQLWriter) Close() error {
	if s.t.checkClose() {
		return s.t.protocol(errClosed)
	}
	if s.t.err != nil {
		return s.t.err
	}
	if s.t.header {
		var b strings.Builder
		if s.pg {
			s.pgTrailer(&b)
		} else {
			if s.inInsert > 0 {
				b.WriteString(";\n")
				s.inInsert = 0
			}
			s.mysqlTrailer(&b)
		}
		if _, err := s.bw.WriteString(b.String()); err != nil {
			return s.t.fail(err)
		}
	}
	return s.t.fail(s.bw.Flush())
}

// --- MySQL ---------------------------------------------------------------

// mysqlEsc maps a byte to the letter that follows the backslash in its
// mysqldump escape, or 0 when the byte is written as it is.
var mysqlEsc = [256]byte{
	0:      '0',
	'\n':   'n',
	'\r':   'r',
	'\\':   '\\',
	'\'':   '\'',
	'"':    '"',
	'\x1a': 'Z',
}

func appendMySQLString(dst []byte, s string) []byte {
	dst = append(dst, '\'')
	start := 0
	for i := 0; i < len(s); i++ {
		if e := mysqlEsc[s[i]]; e != 0 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', e)
			start = i + 1
		}
	}
	dst = append(dst, s[start:]...)
	return append(dst, '\'')
}

// mysqlIdent quotes an identifier with backticks, doubling backticks inside.
func mysqlIdent(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

func (s *SQLWriter) mysqlHeader(b *strings.Builder) {
	t := mysqlIdent(s.opt.Table)
	b.WriteString(`-- MySQL dump 10.13  Distrib 8.0.35, for Linux (x86_64)
--
-- Host: localhost    Database: pemilu
-- ------------------------------------------------------
-- Server version	8.0.35

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!50503 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;

--
-- Table structure for table `)
	b.WriteString(commentSafe(t))
	b.WriteString("\n--\n\nDROP TABLE IF EXISTS ")
	b.WriteString(t)
	b.WriteString(";\n/*!40101 SET @saved_cs_client     = @@character_set_client */;\n")
	b.WriteString("/*!50503 SET character_set_client = utf8mb4 */;\nCREATE TABLE ")
	b.WriteString(t)
	b.WriteString(" (\n")
	for i, c := range s.cols {
		b.WriteString("  ")
		b.WriteString(mysqlIdent(c))
		b.WriteString(" varchar(255) DEFAULT NULL")
		if i < len(s.cols)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString(") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;\n")
	b.WriteString("/*!40101 SET character_set_client = @saved_cs_client */;\n\n")
	b.WriteString("--\n-- Dumping data for table ")
	b.WriteString(commentSafe(t))
	b.WriteString("\n--\n\nLOCK TABLES ")
	b.WriteString(t)
	b.WriteString(" WRITE;\n/*!40000 ALTER TABLE ")
	b.WriteString(t)
	b.WriteString(" DISABLE KEYS */;\n")
	s.insert = "INSERT INTO " + t + " VALUES "
}

func (s *SQLWriter) mysqlTrailer(b *strings.Builder) {
	t := mysqlIdent(s.opt.Table)
	b.WriteString("/*!40000 ALTER TABLE ")
	b.WriteString(t)
	b.WriteString(" ENABLE KEYS */;\nUNLOCK TABLES;\n")
	b.WriteString(`/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

-- Dump completed on `)
	b.WriteString(DefaultModTime.UTC().Format("2006-01-02 15:04:05"))
	b.WriteByte('\n')
}

// --- PostgreSQL ----------------------------------------------------------

// copyEsc maps a byte to the letter that follows the backslash in COPY text
// format, or 0 when the byte is written as it is. NUL is handled apart.
var copyEsc = [256]byte{
	'\\': '\\',
	'\t': 't',
	'\n': 'n',
	'\r': 'r',
	'\b': 'b',
	'\f': 'f',
	'\v': 'v',
}

func appendCopyText(dst []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if e := copyEsc[c]; e != 0 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', e)
			start = i + 1
		} else if c == 0 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\000`...)
			start = i + 1
		}
	}
	return append(dst, s[start:]...)
}

// pgReserved holds the keywords that pg_dump would quote as column or table
// names (the reserved ones most likely to appear as column names).
var pgReserved = map[string]bool{
	"all": true, "analyse": true, "analyze": true, "and": true, "any": true,
	"array": true, "as": true, "asc": true, "both": true, "case": true,
	"cast": true, "check": true, "collate": true, "column": true,
	"constraint": true, "create": true, "current_date": true,
	"current_time": true, "current_user": true, "default": true,
	"desc": true, "distinct": true, "do": true, "else": true, "end": true,
	"except": true, "false": true, "for": true, "foreign": true,
	"from": true, "grant": true, "group": true, "having": true, "in": true,
	"into": true, "is": true, "join": true, "leading": true, "limit": true,
	"not": true, "null": true, "offset": true, "on": true, "only": true,
	"or": true, "order": true, "primary": true, "references": true,
	"select": true, "table": true, "then": true, "to": true,
	"trailing": true, "true": true, "union": true, "unique": true,
	"user": true, "using": true, "when": true, "where": true, "with": true,
}

// pgIdent quotes an identifier the way pg_dump does: only when it is not a
// plain lower-case name or is a reserved word.
func pgIdent(name string) string {
	plain := name != "" && !pgReserved[name]
	for i := 0; plain && i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c == '_':
		case c >= '0' && c <= '9', c == '$':
			plain = i > 0
		default:
			plain = false
		}
	}
	if plain {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

func (s *SQLWriter) pgHeader(b *strings.Builder) {
	name := s.opt.Table
	t := "public." + pgIdent(name)
	b.WriteString(`--
-- PostgreSQL database dump
--

-- Dumped from database version 15.4
-- Dumped by pg_dump version 15.4

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: `)
	b.WriteString(commentSafe(name))
	b.WriteString("; Type: TABLE; Schema: public; Owner: postgres\n--\n\nCREATE TABLE ")
	b.WriteString(t)
	b.WriteString(" (\n")
	for i, c := range s.cols {
		b.WriteString("    ")
		b.WriteString(pgIdent(c))
		b.WriteString(" text")
		if i < len(s.cols)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString(");\n\n\nALTER TABLE ")
	b.WriteString(t)
	b.WriteString(" OWNER TO postgres;\n\n--\n-- Data for Name: ")
	b.WriteString(commentSafe(name))
	b.WriteString("; Type: TABLE DATA; Schema: public; Owner: postgres\n--\n\nCOPY ")
	b.WriteString(t)
	b.WriteString(" (")
	for i, c := range s.cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(pgIdent(c))
	}
	b.WriteString(") FROM stdin;\n")
}

// commentSafe makes a name safe inside a "--" comment line.
func commentSafe(name string) string {
	return strings.NewReplacer("\n", " ", "\r", " ").Replace(name)
}

func (s *SQLWriter) pgTrailer(b *strings.Builder) {
	b.WriteString("\\.\n\n\n--\n-- PostgreSQL database dump complete\n--\n\n")
}
