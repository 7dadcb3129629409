package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// tblSQL reads every table of a dump given as a string.
func tblSQL(t testing.TB, s string, dialect Format) ([]tblResult, error) {
	t.Helper()
	var out []tblResult
	err := ReadSQL(context.Background(), "t.sql", strings.NewReader(s), dialect, Options{}, func(tb Table) error {
		r, err := tblDrain(t, tb)
		out = append(out, r)
		return err
	})
	return out, err
}

// tblWantTable is an expected table of a dump.
type tblWantTable struct {
	name     string
	header   []string
	rows     [][]string
	lines    []int64
	problems []string // nil: all ""
}

func tblCheckTables(t *testing.T, got []tblResult, want []tblWantTable) {
	t.Helper()
	if len(got) != len(want) {
		for _, g := range got {
			t.Logf("table %s %q: %q", g.Name, g.Header, tblValues(g.Rows))
		}
		t.Fatalf("%d tables, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Name != w.name || !reflect.DeepEqual(g.Header, w.header) {
			t.Errorf("table %d: %s %q, want %s %q", i, g.Name, g.Header, w.name, w.header)
			continue
		}
		if !reflect.DeepEqual(tblValues(g.Rows), w.rows) {
			t.Errorf("table %d rows\n got %q\nwant %q", i, tblValues(g.Rows), w.rows)
			continue
		}
		for j, r := range g.Rows {
			p := ""
			if w.problems != nil {
				p = w.problems[j]
			}
			if r.Line != w.lines[j] || r.Problem != p {
				t.Errorf("table %d row %d: line %d problem %q, want %d %q", i, j, r.Line, r.Problem, w.lines[j], p)
			}
		}
	}
}

func TestSQLMySQLFile(t *testing.T) {
	got, err := tblOpenAll(t, tblTestdata(t, "mysql.sql"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	cols := []string{"id", "nik", "nama", "alamat", "foto", "ket"}
	tblCheckTables(t, got, []tblWantTable{
		{name: "mysql.sql#dpt", header: cols, rows: [][]string{
			{"1", "3204051203850001", "MA'RUF", "JL. \"A\", NO. 1\nRT 01", "abc", "a"},
			{"2", "3204055203850002", "SITI NUR'AINI", `C:\DATA\x`, "JOSÉ", "b,c"},
			{"3", "3204052902000001", "ANI\x00\x1a\t\r", "", "JOSE", ""},
			{"4", "3204052902050001", "JOKO", "JL; (X)", "ABC", "a"},
		}, lines: []int64{20, 20, 21, 22}},
		{name: "mysql.sql#dpt", header: []string{"nik", "nama"}, rows: [][]string{{"3204050101010001", "BEJO"}}, lines: []int64{23}},
		{name: "mysql.sql#log", header: []string{"t", "msg"}, rows: [][]string{{"2024-01-01 00:00:00", "ok"}, {"NOW()", "x"}}, lines: []int64{27, 27}},
		{name: "mysql.sql#dpt", header: cols, rows: [][]string{{"5", "3204050101010002", "LAST", "", "", "a"}}, lines: []int64{28}},
	})
	for _, g := range got {
		if g.Format != FormatSQLMySQL || !g.HasHeader {
			t.Errorf("%s: format %q has header %v", g.Name, g.Format, g.HasHeader)
		}
	}
}

func TestSQLPostgresFile(t *testing.T) {
	got, err := tblOpenAll(t, tblTestdata(t, "pg.sql"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	tblCheckTables(t, got, []tblWantTable{
		{name: "pg.sql#public.dpt", header: []string{"nik", "nama", "Alamat", "ket"}, rows: [][]string{
			{"3204051203850001", "MA'RUF", "JL. A\tB\nRT 01", ""},
			{"3204055203850002", "JOSÉ", `C:\DATA`, "AB"},
			{"3204052902000001", "ANI", "", "x"},
			{"3204052902050001", "O'NEIL", "tab\there", ""},
		}, lines: []int64{25, 26, 27, 30}},
		{name: "pg.sql#public.dpt", header: []string{"nik", "nama"}, rows: [][]string{{"3204050101010001", "BEJO"}}, lines: []int64{31}},
	})
	for _, g := range got {
		if g.Format != FormatSQLPg {
			t.Errorf("%s: format %q", g.Name, g.Format)
		}
	}
}

func TestSQLCases(t *testing.T) {
	for _, tc := range []struct {
		name    string
		dialect Format
		in      string
		want    []tblWantTable
	}{
		{
			name: "no create, no column list", dialect: FormatSQLMySQL,
			in:   "INSERT INTO t VALUES (1,'a'),(2,'b');\n",
			want: []tblWantTable{{name: "t.sql#t", header: []string{"col1", "col2"}, rows: [][]string{{"1", "a"}, {"2", "b"}}, lines: []int64{1, 1}}},
		},
		{
			name: "ragged and empty tuples", dialect: FormatSQLMySQL,
			in: "INSERT INTO t (a,b) VALUES (1),(1,2,3),();\n",
			want: []tblWantTable{{name: "t.sql#t", header: []string{"a", "b"}, rows: [][]string{{"1", ""}, {"1", "2"}, {"", ""}}, lines: []int64{1, 1, 1},
				problems: []string{"ragged: 1 fields, header has 2", "ragged: 3 fields, header has 2", "ragged: 0 fields, header has 2"}}},
		},
		{
			name: "truncated dump", dialect: FormatSQLMySQL,
			in: "INSERT INTO t (a,b) VALUES ('x','y'),\n('z','w",
			want: []tblWantTable{{name: "t.sql#t", header: []string{"a", "b"}, rows: [][]string{{"x", "y"}, {"z", "w"}}, lines: []int64{1, 2},
				problems: []string{"", problemTruncatedRow}}},
		},
		{
			name: "on duplicate key, insert ignore, replace, values", dialect: FormatSQLMySQL,
			in:   "INSERT IGNORE INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a=VALUES(a);\nREPLACE INTO t (a) VALUE (2);\ninsert into t(a) values(3)",
			want: []tblWantTable{{name: "t.sql#t", header: []string{"a"}, rows: [][]string{{"1"}, {"2"}, {"3"}}, lines: []int64{1, 2, 3}}},
		},
		{
			name: "insert select and set are skipped", dialect: FormatSQLMySQL,
			in:   "INSERT INTO t SELECT * FROM u;\nINSERT INTO t SET a=1;\nINSERT INTO t (a) VALUES ('ok');",
			want: []tblWantTable{{name: "t.sql#t", header: []string{"a"}, rows: [][]string{{"ok"}}, lines: []int64{3}}},
		},
		{
			name: "literals", dialect: FormatSQLMySQL,
			in:   "INSERT INTO t VALUES (-1.5e3, TRUE, 'a' 'b', b'0101', 0xFF, X'4A4F5345', CONCAT('a,b', 'c'), '50\\%', N'nasional', _latin1'x', 0x);",
			want: []tblWantTable{{name: "t.sql#t", header: genericHeader(11), rows: [][]string{{"-1.5e3", "TRUE", "ab", "b'0101'", "0xFF", "JOSE", "CONCAT('a,b', 'c')", `50\%`, "nasional", "x", "0x"}}, lines: []int64{1}}},
		},
		{
			name: "sql server style", dialect: FormatSQLMySQL,
			in:   "INSERT [dbo].[t] ([a], [b]) VALUES (N'x', 1)\nGO\nINSERT [dbo].[t] ([a], [b]) VALUES (N'y', 2)\nGO\n",
			want: []tblWantTable{{name: "t.sql#dbo.t", header: []string{"a", "b"}, rows: [][]string{{"x", "1"}, {"y", "2"}}, lines: []int64{1, 3}}},
		},
		{
			name: "delimiter blocks are skipped", dialect: FormatSQLMySQL,
			in:   "DELIMITER ;;\nCREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW BEGIN SET @a=1; INSERT INTO log VALUES (NEW.id); END ;;\nDELIMITER ;\nINSERT INTO t VALUES (1);\n",
			want: []tblWantTable{{name: "t.sql#t", header: []string{"col1"}, rows: [][]string{{"1"}}, lines: []int64{4}}},
		},
		{
			name: "postgres strings", dialect: FormatSQLPg,
			in:   "INSERT INTO \"T\" (\"a b\", c) VALUES ('it''s \\n', E'\\x41\\101\\u00e9\\'');\n",
			want: []tblWantTable{{name: "t.sql#T", header: []string{"a b", "c"}, rows: [][]string{{`it's \n`, "AAé'"}}, lines: []int64{1}}},
		},
		{
			name: "copy csv with delimiter option", dialect: FormatSQLPg,
			in:   "COPY t (a, b, c) FROM stdin WITH (FORMAT csv, DELIMITER ';');\n\"x;y\";\"\";\n\"q\"\"\";z;1\n\\.\n",
			want: []tblWantTable{{name: "t.sql#t", header: []string{"a", "b", "c"}, rows: [][]string{{"x;y", "", ""}, {`q"`, "z", "1"}}, lines: []int64{2, 3}}},
		},
		{
			name: "copy without end marker", dialect: FormatSQLPg,
			in:   "COPY t FROM stdin;\na\tb\nc\td",
			want: []tblWantTable{{name: "t.sql#t", header: []string{"col1", "col2"}, rows: [][]string{{"a", "b"}, {"c", "d"}}, lines: []int64{2, 3}}},
		},
		{
			name: "latin1 bytes", dialect: FormatSQLMySQL,
			in:   "INSERT INTO t VALUES ('JOS\xc9');",
			want: []tblWantTable{{name: "t.sql#t", header: []string{"col1"}, rows: [][]string{{"JOSÉ"}}, lines: []int64{1}}},
		},
		{
			name: "comments everywhere", dialect: FormatSQLMySQL,
			in:   "/* a; b */ -- c;\n# d;\nINSERT /* x */ INTO t VALUES (1, /* y */ 2) -- z\n, (3,4);",
			want: []tblWantTable{{name: "t.sql#t", header: []string{"col1", "col2"}, rows: [][]string{{"1", "2"}, {"3", "4"}}, lines: []int64{3, 4}}},
		},
		{
			name: "schema only", dialect: FormatSQLMySQL, in: "CREATE TABLE t (a int);\n", want: nil,
		},
		{
			name: "junk between values", dialect: FormatSQLMySQL,
			in:   "INSERT INTO t VALUES ('a' junk, 'b'),('c','d');",
			want: []tblWantTable{{name: "t.sql#t", header: []string{"col1", "col2"}, rows: [][]string{{"a", "b"}, {"c", "d"}}, lines: []int64{1, 1}, problems: []string{problemMalformed, ""}}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tblSQL(t, tc.in, tc.dialect)
			if err != nil {
				t.Fatal(err)
			}
			tblCheckTables(t, got, tc.want)
		})
	}
}

// TestSQLPartialConsumption: fn may stop reading a table; the rest of it is
// skipped and the next table still comes.
func TestSQLPartialConsumption(t *testing.T) {
	in := "INSERT INTO a VALUES (1),(2),(3);\nINSERT INTO b VALUES (4);\n"
	var names []string
	var firsts []string
	err := ReadSQL(context.Background(), "t.sql", strings.NewReader(in), FormatSQLMySQL, Options{}, func(tb Table) error {
		names = append(names, tb.Name())
		r, err := tb.Next()
		if err != nil {
			return err
		}
		firsts = append(firsts, r.Values[0])
		return nil
	})
	if err != nil || !reflect.DeepEqual(names, []string{"t.sql#a", "t.sql#b"}) || !reflect.DeepEqual(firsts, []string{"1", "4"}) {
		t.Fatalf("err %v, tables %q, first values %q", err, names, firsts)
	}
}

func TestSQLReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	r := &tblErrReader{data: []byte("INSERT INTO t VALUES (1),(2"), err: boom}
	_, err := tblSQL(t, "", FormatSQLMySQL) // empty dump: no tables, no error
	if err != nil {
		t.Fatal(err)
	}
	err = ReadSQL(context.Background(), "t.sql", r, FormatSQLMySQL, Options{}, func(tb Table) error {
		_, err := tblDrain(t, tb)
		return err
	})
	var e *Error
	if !errors.Is(err, boom) || !errors.As(err, &e) {
		t.Fatalf("err = %v", err)
	}
}

// tblHugeDump generates a MySQL dump whose data is one INSERT statement on
// one line of about size bytes, on the fly.
type tblHugeDump struct {
	size  int64
	out   int64
	rows  int64
	buf   []byte // generated, not yet read: chunk[pos:]
	chunk []byte
	state int // 0 preamble, 1 tuples, 2 done
}

func (g *tblHugeDump) Read(p []byte) (int, error) {
	for len(g.buf) == 0 {
		if g.chunk == nil {
			g.chunk = make([]byte, 0, 80<<10)
		}
		g.buf = g.chunk[:0]
		switch g.state {
		case 0:
			g.buf = append(g.buf, "-- MySQL dump 10.13\n/*!40101 SET NAMES utf8mb4 */;\n"+
				"CREATE TABLE `dpt` (\n  `id` int,\n  `nik` varchar(16),\n  `nama` varchar(255),\n  `alamat` varchar(255),\n  `ket` varchar(20)\n);\n"+
				"INSERT INTO `dpt` VALUES "...)
			g.state = 1
		case 1:
			for len(g.buf) < 64<<10 {
				if g.rows > 0 {
					g.buf = append(g.buf, ',')
				}
				g.buf = append(g.buf, '(')
				g.buf = strconv.AppendInt(g.buf, g.rows, 10)
				g.buf = append(g.buf, ",'3204051203"...)
				g.buf = strconv.AppendInt(g.buf, 100000+g.rows%900000, 10)
				g.buf = append(g.buf, "','MA\\'RUF BIN "...)
				g.buf = strconv.AppendInt(g.buf, g.rows, 10)
				g.buf = append(g.buf, "','JL. \\\"MAWAR\\\" NO. 1\\nRT 001',NULL)"...)
				g.rows++
			}
			if g.out+int64(len(g.buf)) >= g.size {
				g.buf = append(g.buf, ";\n"...)
				g.state = 2
			}
		default:
			return 0, io.EOF
		}
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	g.out += int64(n)
	return n, nil
}

// tblStreamHuge reads a generated huge-line dump and returns the rows read
// and the peak growth of HeapInuse over the start, in bytes.
func tblStreamHuge(t testing.TB, size int64) (rows int64, gen *tblHugeDump, peak uint64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	gen = &tblHugeDump{size: size}
	err := ReadSQL(context.Background(), "huge.sql", gen, FormatSQLMySQL, Options{}, func(tb Table) error {
		if w := []string{"id", "nik", "nama", "alamat", "ket"}; !reflect.DeepEqual(tb.Header(), w) {
			return fmt.Errorf("header %q", tb.Header())
		}
		for {
			r, err := tb.Next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if r.Problem != "" || r.Line != 10 || r.Values[3] != "JL. \"MAWAR\" NO. 1\nRT 001" {
				return fmt.Errorf("row %d: %+v", rows, r)
			}
			if rows&(1<<17-1) == 0 {
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > base {
					peak = max(peak, ms.HeapInuse-base)
				}
			}
			rows++
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return rows, gen, peak
}

// TestSQLHugeLine streams a 50 MB single-line INSERT in bounded memory.
func TestSQLHugeLine(t *testing.T) {
	rows, gen, peak := tblStreamHuge(t, 50<<20)
	if rows != gen.rows || rows < 100000 {
		t.Fatalf("%d rows read, %d generated", rows, gen.rows)
	}
	if peak > 48<<20 {
		t.Fatalf("heap grew by %d MB", peak>>20)
	}
}

// BenchmarkSQLHugeLine streams a ~2 GB dump whose data is a single INSERT
// line, generated on the fly, and reports throughput and the peak growth of
// the heap in use.
func BenchmarkSQLHugeLine(b *testing.B) {
	const size = 2 << 30
	b.SetBytes(size)
	var peak uint64
	for range b.N {
		rows, gen, p := tblStreamHuge(b, size)
		if rows != gen.rows {
			b.Fatalf("%d rows read, %d generated", rows, gen.rows)
		}
		peak = max(peak, p)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// BenchmarkSQLMySQL reads a 100 MB dump of many INSERT statements.
func BenchmarkSQLMySQL(b *testing.B) {
	gen := &tblHugeDump{size: 100 << 20}
	data, err := io.ReadAll(gen)
	if err != nil {
		b.Fatal(err)
	}
	data = bytes.ReplaceAll(data, []byte("),("), []byte(");\nINSERT INTO `dpt` VALUES ("))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for range b.N {
		n := 0
		err := ReadSQL(context.Background(), "b.sql", bytes.NewReader(data), FormatSQLMySQL, Options{}, func(tb Table) error {
			for {
				if _, err := tb.Next(); err != nil {
					if err == io.EOF {
						return nil
					}
					return err
				}
				n++
			}
		})
		if err != nil || int64(n) != gen.rows {
			b.Fatal(err, n)
		}
	}
}

func FuzzSQL(f *testing.F) {
	for _, s := range []string{
		"INSERT INTO `t` VALUES (1,'a\\'b',NULL,0x41),(2,_binary 'x',X'42','');",
		"CREATE TABLE t (a int, b text, PRIMARY KEY (a));\nINSERT INTO t VALUES (1,'x');",
		"COPY public.t (a, b) FROM stdin;\n1\t\\N\n2\t\\x41\\101\n\\.\n",
		"INSERT INTO t VALUES ('unterminated", "/* open comment", "INSERT INTO t VALUES (((((", "$$ $a$ x $a$",
		"DELIMITER ;;\nx;;\n", "INSERT INTO t (a,b) VALUES (E'\\u00e9', 'x'::text);",
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	for _, data := range tblSeeds(f, ".sql") {
		f.Add(data, false)
		f.Add(data, true)
	}
	f.Fuzz(func(t *testing.T, data []byte, pg bool) {
		dialect := FormatSQLMySQL
		if pg {
			dialect = FormatSQLPg
		}
		tables := 0
		err := ReadSQL(context.Background(), "fuzz.sql", bytes.NewReader(data), dialect, Options{}, func(tb Table) error {
			if tables++; tables > len(data)+1 {
				t.Fatalf("%d tables from %d bytes", tables, len(data))
			}
			tblCheckTable(t, tb, len(data))
			return nil
		})
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not an *Error", err)
			}
		}
	})
}
