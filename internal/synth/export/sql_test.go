package export

import (
	"bufio"
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"
)

// sqlNull stands for SQL NULL in parsed rows; no test value contains it.
const sqlNull = "\uFFFFNULL\uFFFF"

// parseMySQLDump is a test-only reader of the INSERT statements of a
// mysqldump file: it returns the rows of every INSERT INTO table VALUES
// statement and how many statements there were.
func parseMySQLDump(t *testing.T, dump, table string) (rows [][]string, statements int) {
	t.Helper()
	prefix := "INSERT INTO " + table + " VALUES "
	for _, line := range strings.SplitAfter(dump, "\n") {
		if !strings.HasPrefix(line, prefix) {
			continue
		}
		statements++
		s := line[len(prefix):]
		for {
			if s == "" || s[0] != '(' {
				t.Fatalf("expected '(' at %.20q", s)
			}
			s = s[1:]
			var row []string
			for {
				var v string
				if strings.HasPrefix(s, "NULL") {
					v, s = sqlNull, s[4:]
				} else if s != "" && s[0] == '\'' {
					v, s = readMySQLString(t, s[1:])
				} else {
					t.Fatalf("expected value at %.20q", s)
				}
				row = append(row, v)
				if s == "" {
					t.Fatalf("row ends early")
				}
				c := s[0]
				s = s[1:]
				if c == ')' {
					break
				}
				if c != ',' {
					t.Fatalf("expected ',' or ')', got %q", c)
				}
			}
			rows = append(rows, row)
			if s == ";\n" {
				break
			}
			if s == "" || s[0] != ',' {
				t.Fatalf("expected ',' or ';' after row, got %.20q", s)
			}
			s = s[1:]
		}
	}
	return rows, statements
}

// readMySQLString reads a quoted string body up to its closing quote,
// resolving MySQL backslash escapes.
func readMySQLString(t *testing.T, s string) (string, string) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\'':
			return b.String(), s[i+1:]
		case '\\':
			i++
			if i == len(s) {
				t.Fatal("dangling backslash")
			}
			switch e := s[i]; e {
			case '0':
				b.WriteByte(0)
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'b':
				b.WriteByte('\b')
			case 'Z':
				b.WriteByte(0x1a)
			default:
				b.WriteByte(e)
			}
		default:
			b.WriteByte(c)
		}
	}
	t.Fatal("unterminated string")
	return "", ""
}

// parsePGDump is a test-only reader of the COPY data of a pg_dump file.
func parsePGDump(t *testing.T, dump, copyLine string) [][]string {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(dump))
	sc.Buffer(nil, 1<<20)
	in := false
	var rows [][]string
	for sc.Scan() {
		line := sc.Text()
		if !in {
			in = line == copyLine
			continue
		}
		if line == `\.` {
			return rows
		}
		var row []string
		for _, f := range strings.Split(line, "\t") {
			row = append(row, unescapeCopy(t, f))
		}
		rows = append(rows, row)
	}
	t.Fatalf("no terminated COPY block %q", copyLine)
	return nil
}

func unescapeCopy(t *testing.T, f string) string {
	if f == `\N` {
		return sqlNull
	}
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i == len(f) {
			t.Fatal("dangling backslash")
		}
		switch e := f[i]; e {
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i
			for j < len(f) && j < i+3 && f[j] >= '0' && f[j] <= '7' {
				j++
			}
			n, _ := strconv.ParseUint(f[i:j], 8, 8)
			b.WriteByte(byte(n))
			i = j - 1
		default:
			b.WriteByte(e)
		}
	}
	return b.String()
}

func TestSQLRoundTrip(t *testing.T) {
	all := append(append([][]string{}, trickyRows...), controlRows...)
	all = append(all, []string{"É\\\"\n\r\x00\x1a\t", "\\N", "NULL", "\\."})
	many := make([][]string, 1203)
	for i := range many {
		many[i] = []string{strconv.Itoa(i), "MA'RUF", "", "a;b"}
	}
	tests := []struct {
		name      string
		opt       SQLOptions
		rows      [][]string
		wantStmts int
	}{
		{"mysql", SQLOptions{Dialect: "mysql"}, all, 1},
		{"mysql null empty", SQLOptions{Dialect: "mysql", NullEmpty: true}, all, 1},
		{"mysql 2 rows per insert", SQLOptions{Dialect: "mysql", RowsPerInsert: 2}, all, 4},
		{"mysql default 500 per insert", SQLOptions{Table: "t"}, many, 3},
		{"mysql exact multiple", SQLOptions{Table: "t", RowsPerInsert: 3}, many[:6], 2},
		{"mysql no rows", SQLOptions{}, nil, 0},
		{"postgres", SQLOptions{Dialect: "postgres"}, all, 0},
		{"postgres null empty", SQLOptions{Dialect: "postgres", NullEmpty: true}, all, 0},
		{"postgres many", SQLOptions{Dialect: "postgres", Table: "Pemilih 2024"}, many, 0},
		{"postgres no rows", SQLOptions{Dialect: "postgres"}, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			writeAll(t, NewSQL(&buf, tc.opt), trickyHeader, tc.rows)
			table := tc.opt.Table
			if table == "" {
				table = "dpt"
			}
			var got [][]string
			if tc.opt.Dialect == "postgres" {
				got = parsePGDump(t, buf.String(), "COPY public."+pgIdent(table)+` ("NIK", "NAMA", "ALAMAT", "KET") FROM stdin;`)
			} else {
				var n int
				got, n = parseMySQLDump(t, buf.String(), "`"+table+"`")
				if n != tc.wantStmts {
					t.Errorf("%d INSERT statements, want %d", n, tc.wantStmts)
				}
			}
			want := tc.rows
			if tc.opt.NullEmpty {
				want = make([][]string, len(tc.rows))
				for i, r := range tc.rows {
					want[i] = append([]string(nil), r...)
					for j := range r {
						if r[j] == "" {
							want[i][j] = sqlNull
						}
					}
				}
			}
			equalTable(t, append([][]string{trickyHeader}, got...), trickyHeader, want)
		})
	}
}

func TestSQLExactValues(t *testing.T) {
	header := []string{"id", "v"}
	tests := []struct {
		name  string
		val   string
		mysql string
		pg    string
	}{
		{"plain", "SITI", `'SITI'`, `SITI`},
		{"apostrophe", "MA'RUF", `'MA\'RUF'`, `MA'RUF`},
		{"double quote", `say "hi"`, `'say \"hi\"'`, `say "hi"`},
		{"backslash", `a\b`, `'a\\b'`, `a\\b`},
		{"newline", "a\nb", `'a\nb'`, `a\nb`},
		{"carriage return", "a\rb", `'a\rb'`, `a\rb`},
		{"tab", "a\tb", "'a\tb'", `a\tb`},
		{"nul", "a\x00b", `'a\0b'`, `a\000b`},
		{"nul before digit", "\x001", `'\01'`, `\0001`},
		{"ctrl-z", "a\x1ab", `'a\Zb'`, "a\x1ab"},
		{"backspace formfeed vtab", "\b\f\v", "'\b\f\v'", `\b\f\v`},
		{"non-ascii", "ÉLIANA", `'ÉLIANA'`, `ÉLIANA`},
		{"semicolon comma", "JL. A; NO. 1, RT 2", `'JL. A; NO. 1, RT 2'`, `JL. A; NO. 1, RT 2`},
		{"sql-looking", "x'); DROP TABLE dpt; --", `'x\'); DROP TABLE dpt; --'`, `x'); DROP TABLE dpt; --`},
		{"copy terminator", `\.`, `'\\.'`, `\\.`},
		{"literal backslash N", `\N`, `'\\N'`, `\\N`},
		{"empty", "", `''`, ``},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, nullEmpty := range []bool{false, true} {
				var my, pg bytes.Buffer
				writeAll(t, NewSQL(&my, SQLOptions{Table: "t", NullEmpty: nullEmpty}), header, [][]string{{"1", tc.val}})
				writeAll(t, NewSQL(&pg, SQLOptions{Table: "t", Dialect: "postgres", NullEmpty: nullEmpty}), header, [][]string{{"1", tc.val}})
				wantMy, wantPG := tc.mysql, tc.pg
				if nullEmpty && tc.val == "" {
					wantMy, wantPG = "NULL", `\N`
				}
				if line := "INSERT INTO `t` VALUES ('1'," + wantMy + ");\n"; !strings.Contains(my.String(), "\n"+line) {
					t.Errorf("nullEmpty=%v: mysql dump lacks %q:\n%s", nullEmpty, line, my.String())
				}
				if block := "COPY public.t (id, v) FROM stdin;\n1\t" + wantPG + "\n\\.\n"; !strings.Contains(pg.String(), block) {
					t.Errorf("nullEmpty=%v: postgres dump lacks %q:\n%s", nullEmpty, block, pg.String())
				}
			}
		})
	}
}

func TestSQLStructure(t *testing.T) {
	header := []string{"nik", "NAMA", "user", "a`b", "x\"y"}
	row := [][]string{{"1", "2", "3", "4", "5"}}
	tests := []struct {
		name string
		opt  SQLOptions
		want []string // must appear in this order
	}{
		{"mysql", SQLOptions{Table: "dpt_jabar"}, []string{
			"-- MySQL dump ",
			"/*!50503 SET NAMES utf8mb4 */;\n",
			"DROP TABLE IF EXISTS `dpt_jabar`;\n",
			"CREATE TABLE `dpt_jabar` (\n  `nik` varchar(255) DEFAULT NULL,\n  `NAMA` varchar(255) DEFAULT NULL,\n" +
				"  `user` varchar(255) DEFAULT NULL,\n  `a``b` varchar(255) DEFAULT NULL,\n  `x\"y` varchar(255) DEFAULT NULL\n) ENGINE=InnoDB",
			"LOCK TABLES `dpt_jabar` WRITE;\n",
			"INSERT INTO `dpt_jabar` VALUES ('1','2','3','4','5');\n",
			"UNLOCK TABLES;\n",
			"-- Dump completed on 2023-11-27 00:00:00\n",
		}},
		{"postgres", SQLOptions{Table: "DPT", Dialect: "postgres"}, []string{
			"-- PostgreSQL database dump\n",
			"SET client_encoding = 'UTF8';\n",
			"CREATE TABLE public.\"DPT\" (\n    nik text,\n    \"NAMA\" text,\n    \"user\" text,\n    \"a`b\" text,\n    \"x\"\"y\" text\n);\n",
			"COPY public.\"DPT\" (nik, \"NAMA\", \"user\", \"a`b\", \"x\"\"y\") FROM stdin;\n1\t2\t3\t4\t5\n\\.\n",
			"-- PostgreSQL database dump complete\n",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			writeAll(t, NewSQL(&buf, tc.opt), header, row)
			s := buf.String()
			for _, w := range tc.want {
				i := strings.Index(s, w)
				if i < 0 {
					t.Fatalf("dump lacks %q (or it is out of order):\n%s", w, buf.String())
				}
				s = s[i+len(w):]
			}
		})
	}
}

func TestPGIdent(t *testing.T) {
	for in, want := range map[string]string{
		"nik": "nik", "nama_lengkap": "nama_lengkap", "NIK": `"NIK"`, "user": `"user"`,
		"1st": `"1st"`, "a b": `"a b"`, `q"`: `"q"""`, "": `""`, "kel$": "kel$", "é": `"é"`,
	} {
		if got := pgIdent(in); got != want {
			t.Errorf("pgIdent(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestSQLErrors(t *testing.T) {
	w := NewSQL(&failWriter{}, SQLOptions{Dialect: "oracle"})
	if err := w.WriteHeader([]string{"a"}); err == nil || !strings.Contains(err.Error(), "unsupported dialect") {
		t.Errorf("bad dialect: %v", err)
	}
	for _, d := range []string{"mysql", "postgres"} {
		t.Run(d, func(t *testing.T) {
			w := NewSQL(&failWriter{n: 100}, SQLOptions{Dialect: d})
			_ = w.WriteHeader(trickyHeader)
			for _, r := range trickyRows {
				_ = w.WriteRow(r)
			}
			err := w.Close()
			if !errors.Is(err, errDisk) || !strings.HasPrefix(err.Error(), "write sql: ") {
				t.Fatalf("Close() = %v", err)
			}
			noSecrets(t, err, trickyRows)
		})
	}
}
