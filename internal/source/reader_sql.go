package source

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

// Problems of SQL rows.
const (
	problemTruncatedRow = "truncated row: input ends inside the tuple"
	problemMalformed    = "malformed value"
	problemSQLTooLong   = "row too long: over 32 MiB"
)

// ReadSQL reads the tables of an SQL dump from r and calls fn for each, in
// order; name is the entry's name, dialect FormatSQLMySQL or FormatSQLPg.
// It is what OpenTables does for a dump, exported for tests and benchmarks.
//
// The dump is read in a single pass by a streaming tokenizer: statements
// are never held in memory, only the current row, so a multi-gigabyte
// INSERT line is read in bounded memory (a row over 32 MiB comes back with
// a Problem and no values). Data comes from
//
//   - INSERT [IGNORE] [INTO] t [(cols)] VALUES (...),(...)...; and REPLACE
//     INTO, any number of rows per statement and of statements;
//   - PostgreSQL COPY t [(cols)] FROM stdin; blocks in text format (\N is
//     NULL; \\ \t \n \r \b \f \v, \ooo octal and \xhh escapes), or CSV
//     format when the COPY says so, ended by a \. line.
//
// Column names come from the statement's column list, else from the
// table's CREATE TABLE earlier in the dump, else they are col1..colN. Other
// statements (SET, LOCK, DROP, ALTER, INSERT ... SELECT, functions with $$
// bodies, blocks between DELIMITER commands, SQL Server's GO) and comments
// (--, #, /* */, MySQL's /*!...*/) are skipped. A table without rows gives
// no Table.
//
// Values: '...' and "..." strings, with ” doubling always and, in a MySQL
// dump, backslash escapes (\0 \' \" \b \n \r \t \Z \\; \% and \_ keep their
// backslash); in a PostgreSQL dump only E'...' strings have (C-style)
// escapes. Adjacent string literals are joined; _charset introducers
// (_binary, _utf8mb4) and N'...' prefixes are dropped; 0x... and X'...' hex
// literals become their text when it is valid UTF-8, else stay as written;
// NULL is ""; numbers and other tokens (TRUE, NOW()) are kept as written;
// PostgreSQL ::casts are dropped. Identifiers may be quoted with `...`,
// "..." or [...]. Bytes that are not UTF-8 are read as Windows-1252
// (latin1 dumps); a BOM or UTF-16 is decoded first.
//
// Each contiguous run of rows for one table and column list is one Table,
// named "<entry>#<table>" (the table name as written, schema included, quotes
// removed); a table whose rows come back after another table's is a second
// Table of the same name. A tuple of another width than the header comes
// back with a "ragged" Problem and values padded or cut; a tuple cut off by
// the end of input comes back with Problem "truncated row...".
//
// Row.Line is the line where the row's tuple (or COPY line) starts.
func ReadSQL(ctx context.Context, name string, r io.Reader, dialect Format, opt Options, fn func(Table) error) error {
	forced, isForced, err := parseEncodingName(opt.Encoding)
	if err != nil {
		return &Error{Entry: name, Err: err}
	}
	br := asBufio(r)
	head, _, err := peekHead(br)
	if err != nil {
		return &Error{Entry: name, Err: err}
	}
	enc, bom := detectEncoding(head, forced, isForced)
	p := newSQLParser(decodeStream(br, enc, bom), dialect == FormatSQLPg, rowTextFor(enc))
	for {
		if err := ctx.Err(); err != nil {
			return &Error{Entry: name, Err: err}
		}
		if !p.pending {
			if err := p.advance(); err == io.EOF {
				return nil
			} else if err != nil {
				return &Error{Entry: name, Line: p.sc.line, Err: err}
			}
		}
		t := p.newTable(name)
		err := fn(withContext(ctx, name, t))
		_ = t.Close()
		if err != nil {
			return err
		}
		// Skip what fn left of the table.
		for {
			if !p.pending {
				if err := p.advance(); err == io.EOF {
					return nil
				} else if err != nil {
					return &Error{Entry: name, Line: p.sc.line, Err: err}
				}
			}
			if p.rowKey != t.key {
				break
			}
			p.pending = false
		}
	}
}

// sqlTable is one table of a dump, reading rows from the shared parser.
type sqlTable struct {
	tableBase
	p     *sqlParser
	key   string
	width int
	err   error
}

func (t *sqlTable) Next() (Row, error) {
	if t.err != nil {
		return Row{}, t.err
	}
	p := t.p
	if !p.pending {
		if err := p.advance(); err != nil {
			t.err = t.fail(p.sc.line, err)
			return Row{}, t.err
		}
	}
	if p.rowKey != t.key {
		t.err = io.EOF
		return Row{}, io.EOF
	}
	p.pending = false
	vals, problem := p.vals, p.rowProblem
	if len(vals) != t.width {
		if problem == "" {
			problem = raggedProblem(len(vals), t.width)
		}
		vals = fitWidth(vals, t.width)
		p.vals = vals
	}
	return Row{Values: vals, Line: p.rowLine, Problem: problem}, nil
}

func (t *sqlTable) Close() error {
	if t.err == nil || t.err == io.EOF {
		t.err = &Error{Entry: t.entry, Err: errTableClosed}
	}
	return nil
}

// Parser modes.
const (
	sqlTop    = iota // between statements
	sqlInsert        // inside VALUES, before a tuple
	sqlCopy          // inside a COPY data block
)

// sqlTarget is the table that rows go to.
type sqlTarget struct {
	table  string
	cols   []string // header names; nil when unknown
	key    string   // table and column list: a change starts a new Table
	listed bool     // cols come from the statement's column list
}

// sqlParser tokenizes a dump.
type sqlParser struct {
	sc      sqlScanner
	pg      bool
	text    rowText
	creates map[string][]string // CREATE TABLE columns by table name
	mode    int
	cur     sqlTarget

	// COPY format
	copyCSV   bool
	copyDelim byte
	copyNull  string

	// the current row
	pending    bool // a row is parsed and not yet handed out
	rowKey     string
	rowLine    int64
	rowProblem string
	buf        []byte
	ends       []int
	vals       []string
	tooLong    bool

	stopMy   [256]bool // bytes ending a run inside a MySQL string: quote, \, \n
	stopStd  [256]bool // the same without backslash
	word     []byte    // the keyword read last
	name     []byte    // the name read last
	table    []byte    // the table name of the statement
	nameLast int       // where its last part starts
	colBuf   []byte    // the column list read last
	colEnds  []int
}

func newSQLParser(r io.Reader, pg bool, text rowText) *sqlParser {
	p := &sqlParser{
		sc:      sqlScanner{r: r, buf: make([]byte, tableBufSize), line: 1},
		pg:      pg,
		text:    text,
		creates: map[string][]string{},
	}
	for _, c := range []byte{'\'', '"', '`', '\n'} {
		p.stopMy[c], p.stopStd[c] = true, true
	}
	p.stopMy['\\'] = true
	return p
}

// newTable starts a Table for the pending row's target.
func (p *sqlParser) newTable(entry string) *sqlTable {
	t := &sqlTable{tableBase: tableBase{entry: entry, name: entry + "#" + p.cur.table, format: FormatSQLMySQL}, p: p, key: p.rowKey}
	if p.pg {
		t.format = FormatSQLPg
	}
	if p.cur.cols != nil {
		t.header = uniqueHeader(p.cur.cols)
		t.hasHeader = true
	} else {
		t.header = genericHeader(len(p.vals))
	}
	t.width = len(t.header)
	return t
}

// advance parses the next row anywhere in the dump and marks it pending.
func (p *sqlParser) advance() error {
	for {
		switch p.mode {
		case sqlInsert:
			p.skipSpace()
			c, ok := p.sc.peek()
			if !ok || c != '(' {
				p.mode = sqlTop // the statement ended without ';', or junk
				continue
			}
			p.rowLine = p.sc.line
			p.sc.pos++
			p.rowProblem = p.tuple()
			p.afterTuple()
			return p.rowReady()
		case sqlCopy:
			done, err := p.copyLine()
			if err != nil {
				return err
			}
			if done {
				p.mode = sqlTop
				continue
			}
			return p.rowReady()
		default:
			if err := p.statement(); err != nil {
				return err
			}
		}
	}
}

// rowReady converts the row's bytes to values and marks it pending.
func (p *sqlParser) rowReady() error {
	if p.tooLong {
		p.vals = p.vals[:0]
		if p.rowProblem == "" {
			p.rowProblem = problemSQLTooLong
		}
	} else {
		p.vals = splitBuf(p.text, p.buf, p.ends, p.vals)
	}
	if cap(p.buf) > 4*tableBufSize && len(p.buf) < cap(p.buf)/8 {
		p.buf = nil
	}
	p.rowKey = p.cur.key
	p.pending = true
	return nil
}

// splitBuf makes values from the bytes of a row and the end of each field:
// one string for the row when it needs no conversion (values are substrings
// of it), else one per field.
func splitBuf(text rowText, buf []byte, ends []int, vals []string) []string {
	vals = vals[:0]
	prev := 0
	if fixed := text.fix(buf); len(fixed) == len(buf) && (len(fixed) == 0 || &fixed[0] == &buf[0]) {
		s := string(buf)
		for _, e := range ends {
			vals = append(vals, s[prev:e])
			prev = e
		}
		return vals
	}
	for _, e := range ends {
		vals = append(vals, text.str(buf[prev:e]))
		prev = e
	}
	return vals
}

// statement reads one statement at the top level; it sets the mode when
// the statement opens data (INSERT ... VALUES, COPY ... FROM stdin).
func (p *sqlParser) statement() error {
	p.skipSpace()
	c, ok := p.sc.peek()
	if !ok {
		return p.sc.failure()
	}
	switch {
	case c == ';':
		p.sc.pos++
		return nil
	case c == '\\': // a psql meta-command (\connect, \restrict): one line
		p.skipLine()
		return nil
	case !sqlIdentStart(c):
		p.skipStatement()
		return nil
	}
	switch string(p.readKeyword()) {
	case "INSERT", "REPLACE":
		p.insert()
	case "COPY":
		p.copyStatement()
	case "CREATE":
		p.create()
	case "DELIMITER":
		p.delimiter()
	case "GO":
	default:
		p.skipStatement()
	}
	return nil
}

// insert parses an INSERT up to VALUES.
func (p *sqlParser) insert() {
	for {
		p.skipSpace()
		if p.peekKeyword("LOW_PRIORITY") || p.peekKeyword("DELAYED") || p.peekKeyword("HIGH_PRIORITY") || p.peekKeyword("IGNORE") {
			p.readKeyword()
			continue
		}
		if p.peekKeyword("INTO") {
			p.readKeyword()
		}
		break
	}
	listed, ok := p.tableAndColumns()
	if !ok {
		return
	}
	if w := p.readKeyword(); string(w) != "VALUES" && string(w) != "VALUE" {
		p.skipStatement() // INSERT ... SELECT, SET, DEFAULT VALUES
		return
	}
	p.target(listed)
	p.mode = sqlInsert
}

// target sets the table rows go to from p.table and, when listed, the
// column list read last. It allocates only when the target changes.
func (p *sqlParser) target(listed bool) {
	c := &p.cur
	if c.key != "" && c.listed == listed && string(p.table) == c.table && (!listed || p.sameCols(c.cols)) {
		return
	}
	name := string(p.text.fix(p.table))
	var cols []string
	if listed {
		cols = p.colStrings()
	} else {
		cols = p.creates[name]
		if cols == nil {
			cols = p.creates[sqlLastPart(name)]
		}
	}
	key := name + "\x00"
	if cols != nil {
		key += strings.Join(cols, "\x00")
	} else {
		key += "\x01"
	}
	p.cur = sqlTarget{table: name, cols: cols, key: key, listed: listed}
}

func sqlLastPart(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// afterTuple reads what follows a tuple: ',' (another tuple), ';' (the
// end) or anything else, which ends the statement and is read as the next.
func (p *sqlParser) afterTuple() {
	p.skipSpace()
	c, ok := p.sc.peek()
	switch {
	case ok && c == ',':
		p.sc.pos++
	case ok && c == ';':
		p.sc.pos++
		p.mode = sqlTop
	default:
		p.mode = sqlTop // ON DUPLICATE KEY ..., RETURNING ..., a missing ';'
	}
}

// tuple reads the values of a tuple whose '(' has been read.
func (p *sqlParser) tuple() (problem string) {
	p.buf, p.ends, p.tooLong = p.buf[:0], p.ends[:0], false
	p.skipSpace()
	if c, ok := p.sc.peek(); ok && c == ')' {
		p.sc.pos++
		return ""
	}
	for {
		p.skipSpace()
		c, ok := p.sc.peek()
		if !ok {
			p.ends = append(p.ends, len(p.buf))
			return problemTruncatedRow
		}
		if c == ',' || c == ')' {
			// an empty value: (1,,2)
			if problem == "" {
				problem = problemMalformed
			}
		} else if !p.value(c) {
			p.ends = append(p.ends, len(p.buf))
			return problemTruncatedRow
		}
		p.ends = append(p.ends, len(p.buf))
		for {
			p.skipSpace()
			c, ok = p.sc.peek()
			if !ok {
				return problemTruncatedRow
			}
			if c == ',' || c == ')' {
				break
			}
			// Junk after a value: skip it up to the next ',' or ')'.
			if problem == "" {
				problem = problemMalformed
			}
			if !p.raw(false) {
				return problemTruncatedRow
			}
		}
		p.sc.pos++
		if c == ')' {
			return problem
		}
	}
}

// value reads one value starting with byte c; false at the end of input.
func (p *sqlParser) value(c byte) bool {
	switch {
	case c == '\'' || c == '"':
		mode := escMySQL
		if p.pg {
			mode = escNone
		}
		return p.stringLits(mode)
	case c == '0' && p.sc.ensure(2) && (p.sc.buf[p.sc.pos+1] == 'x' || p.sc.buf[p.sc.pos+1] == 'X'):
		p.sc.pos += 2
		return p.hexLiteral(false)
	case sqlIdentStart(c):
		return p.wordValue()
	}
	return p.raw(true)
}

// Escape modes of string literals.
const (
	escNone  = iota // '' doubling only (standard SQL)
	escMySQL        // MySQL backslash escapes
	escC            // PostgreSQL E'...' escapes
)

// stringLits reads a string literal at the scanner's position, then any
// adjacent ones, and a trailing ::cast.
func (p *sqlParser) stringLits(mode int) bool {
	for {
		q := p.sc.buf[p.sc.pos]
		p.sc.pos++
		if !p.quoted(q, mode) {
			return false
		}
		p.skipSpace()
		c, ok := p.sc.peek()
		if !ok {
			return true
		}
		if c != '\'' || mode == escC {
			return p.cast()
		}
	}
}

// cast skips a PostgreSQL ::type after a value.
func (p *sqlParser) cast() bool {
	if p.sc.ensure(2) && p.sc.buf[p.sc.pos] == ':' && p.sc.buf[p.sc.pos+1] == ':' {
		n := len(p.buf)
		ok := p.raw(false)
		p.buf = p.buf[:n]
		return ok
	}
	return true
}

// quoted reads a quoted literal's content (the opening quote read) into the
// row; false when the input ends first.
func (p *sqlParser) quoted(q byte, mode int) bool {
	s := &p.sc
	stop := &p.stopStd
	if mode != escNone {
		stop = &p.stopMy
	}
	for {
		if s.pos >= s.end && !s.fill() {
			return false
		}
		b := s.buf[s.pos:s.end]
		i := 0
		for i < len(b) && !stop[b[i]] {
			i++
		}
		p.add(b[:i])
		s.pos += i
		if i == len(b) {
			continue
		}
		switch c := b[i]; c {
		case '\n':
			s.line++
			s.pos++
			p.addByte('\n')
		case q:
			s.pos++
			if s.ensure(1) && s.buf[s.pos] == q { // doubled: one quote
				s.pos++
				p.addByte(q)
				continue
			}
			return true
		case '\\':
			if !s.ensure(2) {
				s.pos = s.end
				return false
			}
			e := s.buf[s.pos+1]
			s.pos += 2
			if e == '\n' {
				s.line++
			}
			if mode == escMySQL {
				p.mysqlEscape(e)
			} else {
				p.cEscape(e)
			}
		default: // the other quote character
			s.pos++
			p.addByte(c)
		}
	}
}

func (p *sqlParser) mysqlEscape(e byte) {
	switch e {
	case '0':
		p.addByte(0)
	case 'b':
		p.addByte('\b')
	case 'n':
		p.addByte('\n')
	case 'r':
		p.addByte('\r')
	case 't':
		p.addByte('\t')
	case 'Z':
		p.addByte(0x1A)
	case '%', '_':
		p.addByte('\\')
		p.addByte(e)
	default:
		p.addByte(e)
	}
}

// cEscape decodes a PostgreSQL E'...' escape whose letter e has been read.
func (p *sqlParser) cEscape(e byte) {
	s := &p.sc
	switch e {
	case 'b':
		p.addByte('\b')
	case 'f':
		p.addByte('\f')
	case 'n':
		p.addByte('\n')
	case 'r':
		p.addByte('\r')
	case 't':
		p.addByte('\t')
	case 'v':
		p.addByte('\v')
	case '0', '1', '2', '3', '4', '5', '6', '7':
		v := int(e - '0')
		for k := 0; k < 2 && s.ensure(1) && s.buf[s.pos] >= '0' && s.buf[s.pos] <= '7'; k++ {
			v = v*8 + int(s.buf[s.pos]-'0')
			s.pos++
		}
		p.addByte(byte(v))
	case 'x':
		v, n := 0, 0
		for ; n < 2 && s.ensure(1) && sqlIsHex(s.buf[s.pos]); n++ {
			v = v*16 + sqlHexVal(s.buf[s.pos])
			s.pos++
		}
		if n == 0 {
			p.addByte('x')
		} else {
			p.addByte(byte(v))
		}
	case 'u', 'U':
		digits := 4
		if e == 'U' {
			digits = 8
		}
		v, n := 0, 0
		for ; n < digits && s.ensure(1) && sqlIsHex(s.buf[s.pos]); n++ {
			v = v*16 + sqlHexVal(s.buf[s.pos])
			s.pos++
		}
		if n < digits || !utf8.ValidRune(rune(v)) {
			p.addByte(e)
			return
		}
		p.add(utf8.AppendRune(nil, rune(v)))
	default:
		p.addByte(e)
	}
}

// hexLiteral reads the digits of 0x... (quoted false, "0x" read) or
// X'...' (quoted true, "X'" read) and adds their text when it is valid
// UTF-8, else the literal as written.
func (p *sqlParser) hexLiteral(quoted bool) bool {
	start := len(p.buf)
	s := &p.sc
	for {
		if !s.ensure(1) {
			if quoted {
				return false
			}
			break
		}
		c := s.buf[s.pos]
		if !sqlIsHex(c) {
			if quoted && c == '\'' {
				s.pos++
			}
			break
		}
		p.addByte(c)
		s.pos++
	}
	if p.tooLong {
		return true
	}
	digits := p.buf[start:]
	dec := make([]byte, hex.DecodedLen(len(digits)))
	if len(digits) > 0 && len(digits)%2 == 0 {
		if _, err := hex.Decode(dec, digits); err == nil && utf8.Valid(dec) {
			p.buf = append(p.buf[:start], dec...)
			return p.cast()
		}
	}
	lit := append([]byte(nil), digits...)
	if quoted {
		p.buf = append(append(append(p.buf[:start], "X'"...), lit...), '\'')
	} else {
		p.buf = append(append(p.buf[:start], "0x"...), lit...)
	}
	return p.cast()
}

// wordValue reads a value starting with a letter or '_': NULL, an
// introducer or prefix before a string, or a bare token (TRUE, NOW()).
func (p *sqlParser) wordValue() bool {
	s := &p.sc
	n := 0
	for s.ensure(n+1) && sqlIdentByte(s.buf[s.pos+n]) && n < 64 {
		n++
	}
	next := byte(0)
	if s.ensure(n + 1) {
		next = s.buf[s.pos+n]
	}
	word := s.buf[s.pos : s.pos+n] // after ensure, which may move the buffer
	if n == 0 {
		return p.raw(true)
	}
	switch {
	case n == 4 && strings.EqualFold(string(word), "NULL"):
		s.pos += n
		return p.cast()
	case next == '\'' && n == 1 && (word[0] == 'N' || word[0] == 'n'):
		s.pos += n
		return p.stringLits(p.stringMode())
	case next == '\'' && n == 1 && (word[0] == 'E' || word[0] == 'e'):
		s.pos += n
		return p.stringLits(escC)
	case next == '\'' && n == 1 && (word[0] == 'X' || word[0] == 'x'):
		s.pos += n + 1
		return p.hexLiteral(true)
	case word[0] == '_' && n > 1: // a character set introducer
		s.pos += n
		p.skipSpace()
		c, ok := s.peek()
		if !ok {
			return false
		}
		if c == '\'' || c == '"' || c == '0' || c == 'X' || c == 'x' {
			return p.value(c)
		}
		p.add([]byte("_"))
		return p.raw(true)
	}
	return p.raw(true)
}

func (p *sqlParser) stringMode() int {
	if p.pg {
		return escNone
	}
	return escMySQL
}

// raw reads a bare token up to ',' or ')' at depth 0 (quotes and nested
// parentheses respected) and, when keep is set, adds it trimmed as the
// value. False at the end of input.
func (p *sqlParser) raw(keep bool) bool {
	s := &p.sc
	start := len(p.buf)
	depth := 0
	for {
		if s.pos >= s.end && !s.fill() {
			return false
		}
		c := s.buf[s.pos]
		switch c {
		case '(':
			depth++
		case ')':
			if depth == 0 {
				goto done
			}
			depth--
		case ',':
			if depth == 0 {
				goto done
			}
		case '\n':
			s.line++
		case '\'', '"':
			s.pos++
			if keep {
				p.addByte(c)
			}
			n := len(p.buf)
			if !p.quoted(c, p.stringMode()) {
				return false
			}
			if !keep {
				p.buf = p.buf[:n]
			} else {
				p.addByte(c)
			}
			continue
		}
		if keep {
			p.addByte(c)
		}
		s.pos++
	}
done:
	if keep {
		p.buf = append(p.buf[:start], bytes.TrimSpace(p.buf[start:])...)
	}
	return true
}

// add appends b to the row unless the row is over its bound.
func (p *sqlParser) add(b []byte) {
	if p.tooLong || len(b) == 0 {
		return
	}
	if len(p.buf)+len(b) > maxRowBytes {
		p.tooLong = true
		return
	}
	p.buf = append(p.buf, b...)
}

func (p *sqlParser) addByte(c byte) {
	if p.tooLong {
		return
	}
	if len(p.buf) >= maxRowBytes {
		p.tooLong = true
		return
	}
	p.buf = append(p.buf, c)
}

// tableAndColumns reads the table name of an INSERT or COPY and its
// optional column list; ok is false when the statement was skipped.
func (p *sqlParser) tableAndColumns() (listed, ok bool) {
	p.skipSpace()
	if !p.readName() {
		p.skipStatement()
		return false, false
	}
	p.table = append(p.table[:0], p.name...)
	p.skipSpace()
	if c, ok := p.sc.peek(); ok && c == '(' {
		p.sc.pos++
		if !p.identList() {
			p.skipStatement()
			return false, false
		}
		listed = true
		p.skipSpace()
	}
	return listed, true
}

// copyStatement parses COPY t [(cols)] FROM stdin [options]; and enters
// its data block.
func (p *sqlParser) copyStatement() {
	listed, ok := p.tableAndColumns()
	if !ok {
		return
	}
	if string(p.readKeyword()) != "FROM" {
		p.skipStatement()
		return
	}
	p.skipSpace()
	if string(p.readKeyword()) != "STDIN" {
		p.skipStatement()
		return
	}
	opts := p.restOfStatement(4096)
	up := strings.ToUpper(opts)
	p.copyCSV = strings.Contains(up, "CSV")
	p.copyDelim = '\t'
	if p.copyCSV {
		p.copyDelim = ','
	}
	if d, ok := sqlCopyOption(opts, up, "DELIMITER"); ok && len(d) == 1 {
		p.copyDelim = d[0]
	}
	p.copyNull = `\N`
	if p.copyCSV {
		p.copyNull = ""
	}
	if n, ok := sqlCopyOption(opts, up, "NULL"); ok {
		p.copyNull = n
	}
	p.skipLine() // the data starts on the next line
	p.target(listed)
	p.mode = sqlCopy
}

// sqlCopyOption finds NAME [AS] 'value' in COPY options (up is opts
// upper-cased, to find the name in).
func sqlCopyOption(opts, up, name string) (string, bool) {
	i := strings.Index(up, name)
	if i < 0 {
		return "", false
	}
	rest := strings.TrimLeft(opts[i+len(name):], " \t\r\n")
	if len(rest) >= 2 && strings.EqualFold(rest[:2], "AS") {
		rest = strings.TrimLeft(rest[2:], " \t\r\n")
	}
	rest = strings.TrimPrefix(strings.TrimPrefix(rest, "E"), "e")
	if !strings.HasPrefix(rest, "'") {
		return "", false
	}
	end := strings.IndexByte(rest[1:], '\'')
	if end < 0 {
		return "", false
	}
	v := rest[1 : 1+end]
	switch v {
	case `\T`:
		v = "\t"
	}
	return v, true
}

// restOfStatement returns up to max bytes of the statement's rest through
// its ';' outside quotes (the rest of a longer one is skipped).
func (p *sqlParser) restOfStatement(max int) string {
	s := &p.sc
	var b []byte
	quoted := false
	for {
		c, ok := s.peek()
		if !ok {
			break
		}
		s.pos++
		if c == '\'' {
			quoted = !quoted
		}
		if c == ';' && !quoted {
			break
		}
		if c == '\n' {
			s.line++
		}
		if len(b) < max {
			b = append(b, c)
		}
	}
	return string(b)
}

// copyLine reads one line of a COPY block into the row; done at "\." or
// the end of input.
func (p *sqlParser) copyLine() (done bool, err error) {
	s := &p.sc
	if !s.fill() {
		if e := s.failure(); e != io.EOF {
			return true, e
		}
		return true, nil
	}
	p.rowLine = s.line
	p.rowProblem = ""
	p.buf, p.ends, p.tooLong = p.buf[:0], p.ends[:0], false
	// Read the line into p.word (bounded), then split it.
	line := p.word[:0]
	for {
		if s.pos >= s.end && !s.fill() {
			break
		}
		b := s.buf[s.pos:s.end]
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			if len(line)+len(b) <= maxRowBytes {
				line = append(line, b...)
			} else {
				p.tooLong = true
			}
			s.pos = s.end
			continue
		}
		if len(line)+i <= maxRowBytes {
			line = append(line, b[:i]...)
		} else {
			p.tooLong = true
		}
		s.pos += i + 1
		s.line++
		break
	}
	p.word = line
	if cap(p.word) > 4*tableBufSize {
		p.word = nil
	}
	line = bytes.TrimSuffix(line, []byte{'\r'})
	if string(line) == `\.` {
		return true, nil
	}
	if p.tooLong {
		return false, nil
	}
	if p.copyCSV {
		p.copyCSVFields(line)
	} else {
		p.copyTextFields(line)
	}
	return false, nil
}

// copyTextFields splits a COPY text-format line.
func (p *sqlParser) copyTextFields(line []byte) {
	d := p.copyDelim
	for {
		i := bytes.IndexByte(line, d)
		f := line
		if i >= 0 {
			f = line[:i]
		}
		if string(f) != p.copyNull {
			p.copyUnescape(f)
		}
		p.ends = append(p.ends, len(p.buf))
		if i < 0 {
			return
		}
		line = line[i+1:]
	}
}

// copyUnescape adds a COPY text field, decoding its backslash escapes.
func (p *sqlParser) copyUnescape(f []byte) {
	for len(f) > 0 {
		i := bytes.IndexByte(f, '\\')
		if i < 0 || i == len(f)-1 {
			p.buf = append(p.buf, f...)
			return
		}
		p.buf = append(p.buf, f[:i]...)
		e := f[i+1]
		f = f[i+2:]
		switch e {
		case 'b':
			p.buf = append(p.buf, '\b')
		case 'f':
			p.buf = append(p.buf, '\f')
		case 'n':
			p.buf = append(p.buf, '\n')
		case 'r':
			p.buf = append(p.buf, '\r')
		case 't':
			p.buf = append(p.buf, '\t')
		case 'v':
			p.buf = append(p.buf, '\v')
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v := int(e - '0')
			for k := 0; k < 2 && len(f) > 0 && f[0] >= '0' && f[0] <= '7'; k++ {
				v = v*8 + int(f[0]-'0')
				f = f[1:]
			}
			p.buf = append(p.buf, byte(v))
		case 'x':
			v, n := 0, 0
			for ; n < 2 && len(f) > 0 && sqlIsHex(f[0]); n++ {
				v = v*16 + sqlHexVal(f[0])
				f = f[1:]
			}
			if n == 0 {
				p.buf = append(p.buf, 'x')
			} else {
				p.buf = append(p.buf, byte(v))
			}
		default:
			p.buf = append(p.buf, e)
		}
	}
}

// copyCSVFields splits a COPY CSV-format line (quoted fields on one line).
func (p *sqlParser) copyCSVFields(line []byte) {
	d := p.copyDelim
	for {
		start := len(p.buf)
		quoted := false
		if len(line) > 0 && line[0] == '"' {
			quoted = true
			line = line[1:]
			for len(line) > 0 {
				i := bytes.IndexByte(line, '"')
				if i < 0 {
					p.buf = append(p.buf, line...)
					line = nil
					break
				}
				p.buf = append(p.buf, line[:i]...)
				line = line[i+1:]
				if len(line) > 0 && line[0] == '"' {
					p.buf = append(p.buf, '"')
					line = line[1:]
					continue
				}
				break
			}
		}
		i := bytes.IndexByte(line, d)
		f := line
		if i >= 0 {
			f = line[:i]
		}
		p.buf = append(p.buf, f...)
		if !quoted && string(p.buf[start:]) == p.copyNull {
			p.buf = p.buf[:start]
		}
		p.ends = append(p.ends, len(p.buf))
		if i < 0 {
			return
		}
		line = line[i+1:]
	}
}

// create reads the column names of CREATE TABLE t (...); other CREATE
// statements are skipped.
func (p *sqlParser) create() {
	for k := 0; ; k++ {
		p.skipSpace()
		w := p.readKeyword()
		if string(w) == "TABLE" {
			break
		}
		if k > 3 || len(w) == 0 {
			p.skipStatement()
			return
		}
	}
	p.skipSpace()
	if p.peekKeyword("IF") {
		for range 3 { // IF NOT EXISTS
			p.readKeyword()
			p.skipSpace()
		}
	}
	if !p.readName() {
		p.skipStatement()
		return
	}
	name := p.nameString()
	p.skipSpace()
	if c, ok := p.sc.peek(); !ok || c != '(' {
		p.skipStatement() // CREATE TABLE ... AS / LIKE
		return
	}
	p.sc.pos++
	var cols []string
	for {
		p.skipSpace()
		c, ok := p.sc.peek()
		if !ok {
			return
		}
		if c == ')' {
			p.sc.pos++
			break
		}
		if c == ',' {
			p.sc.pos++
			continue
		}
		bare := sqlIdentStart(c)
		if p.readName() {
			if !bare || !sqlConstraintWord[strings.ToUpper(string(p.name))] {
				cols = append(cols, string(p.text.fix(p.name[p.nameLast:])))
			}
		}
		// The rest of the item, up to ',' or ')' at depth 0.
		n := len(p.buf)
		if !p.raw(false) {
			return
		}
		p.buf = p.buf[:n]
	}
	if len(cols) > 0 {
		p.creates[name] = cols
		if _, ok := p.creates[sqlLastPart(name)]; !ok || sqlLastPart(name) == name {
			p.creates[sqlLastPart(name)] = cols
		}
		p.cur = sqlTarget{} // a table made again may have new columns
	}
	p.skipStatement()
}

// sqlConstraintWord lists the words starting an item of CREATE TABLE that is
// not a column.
var sqlConstraintWord = map[string]bool{
	"PRIMARY": true, "KEY": true, "UNIQUE": true, "INDEX": true, "CONSTRAINT": true,
	"FOREIGN": true, "CHECK": true, "FULLTEXT": true, "SPATIAL": true, "EXCLUDE": true,
	"LIKE": true, "PERIOD": true,
}

// delimiter handles the mysql client's DELIMITER command: statements until
// "DELIMITER ;" (triggers, routines) are skipped.
func (p *sqlParser) delimiter() {
	d := strings.TrimSpace(p.lineRest())
	if d == ";" || d == "" {
		return
	}
	for {
		if _, ok := p.sc.peek(); !ok {
			return
		}
		l := strings.TrimSpace(p.lineRest())
		if len(l) >= 9 && strings.EqualFold(l[:9], "DELIMITER") && strings.TrimSpace(l[9:]) == ";" {
			return
		}
	}
}

// lineRest returns the rest of the line (up to 256 bytes kept) and moves
// past its end.
func (p *sqlParser) lineRest() string {
	s := &p.sc
	var b []byte
	for {
		c, ok := s.peek()
		if !ok {
			break
		}
		s.pos++
		if c == '\n' {
			s.line++
			break
		}
		if len(b) < 256 {
			b = append(b, c)
		}
	}
	return string(b)
}

// skipLine moves past the end of the current line.
func (p *sqlParser) skipLine() {
	s := &p.sc
	for {
		if s.pos >= s.end && !s.fill() {
			return
		}
		if i := bytes.IndexByte(s.buf[s.pos:s.end], '\n'); i >= 0 {
			s.pos += i + 1
			s.line++
			return
		}
		s.pos = s.end
	}
}

// skipSpace skips white space and comments.
func (p *sqlParser) skipSpace() {
	s := &p.sc
	for {
		if s.pos >= s.end && !s.fill() {
			return
		}
		switch s.buf[s.pos] {
		case ' ', '\t', '\r', '\f', '\v':
			s.pos++
		case '\n':
			s.pos++
			s.line++
		case '-':
			if !s.ensure(2) || s.buf[s.pos+1] != '-' {
				return
			}
			p.skipLine()
		case '#':
			if p.pg {
				return
			}
			p.skipLine()
		case '/':
			if !s.ensure(2) || s.buf[s.pos+1] != '*' {
				return
			}
			s.pos += 2
			p.skipBlockComment()
		default:
			return
		}
	}
}

// skipBlockComment moves past the "*/" ending a comment.
func (p *sqlParser) skipBlockComment() {
	s := &p.sc
	for {
		if s.pos >= s.end && !s.fill() {
			return
		}
		c := s.buf[s.pos]
		s.pos++
		switch c {
		case '\n':
			s.line++
		case '*':
			if s.ensure(1) && s.buf[s.pos] == '/' {
				s.pos++
				return
			}
		}
	}
}

// skipStatement moves past the ';' ending the current statement, with
// quotes, comments and PostgreSQL dollar quotes respected.
func (p *sqlParser) skipStatement() {
	s := &p.sc
	for {
		if s.pos >= s.end && !s.fill() {
			return
		}
		c := s.buf[s.pos]
		switch c {
		case ';':
			s.pos++
			return
		case '\'', '"', '`':
			s.pos++
			mode := escNone
			if c != '`' {
				mode = p.stringMode()
			}
			n := len(p.buf)
			saved := p.tooLong
			p.tooLong = true // skip without keeping
			p.quoted(c, mode)
			p.buf, p.tooLong = p.buf[:n], saved
		case '-', '/', '#', ' ', '\t', '\r', '\n':
			start := s.pos
			p.skipSpace()
			if s.pos == start {
				s.pos++
			}
		case '$':
			if p.pg {
				p.dollarQuoted()
			} else {
				s.pos++
			}
		default:
			s.pos++
		}
	}
}

// dollarQuoted skips a PostgreSQL $tag$...$tag$ string at the scanner's
// position (or just the '$' when it does not start one).
func (p *sqlParser) dollarQuoted() {
	s := &p.sc
	n := 1
	for s.ensure(n+1) && n < 64 && sqlIdentByte(s.buf[s.pos+n]) && s.buf[s.pos+n] != '$' {
		n++
	}
	if !s.ensure(n+1) || s.buf[s.pos+n] != '$' {
		s.pos++
		return
	}
	tag := append([]byte(nil), s.buf[s.pos:s.pos+n+1]...)
	s.pos += n + 1
	for {
		if s.pos >= s.end && !s.fill() {
			return
		}
		c := s.buf[s.pos]
		if c == '\n' {
			s.line++
		}
		if c == '$' && s.ensure(len(tag)) && bytes.Equal(s.buf[s.pos:s.pos+len(tag)], tag) {
			s.pos += len(tag)
			return
		}
		s.pos++
	}
}

// readKeyword reads a bare word (letters, digits, '_', '$') upper-cased
// into p.word, valid until the next read ("" when there is none); words
// longer than 64 bytes are cut.
func (p *sqlParser) readKeyword() []byte {
	s := &p.sc
	w := p.word[:0]
	for {
		if s.pos >= s.end && !s.fill() {
			break
		}
		c := s.buf[s.pos]
		if !sqlIdentByte(c) {
			break
		}
		if len(w) < 64 {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			w = append(w, c)
		}
		s.pos++
	}
	p.word = w
	return w
}

// peekKeyword reports whether the next bare word is kw (given upper-case),
// without reading it.
func (p *sqlParser) peekKeyword(kw string) bool {
	s := &p.sc
	if !s.ensure(len(kw)) {
		return false
	}
	for i := 0; i < len(kw); i++ {
		c := s.buf[s.pos+i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != kw[i] {
			return false
		}
	}
	return !s.ensure(len(kw)+1) || !sqlIdentByte(s.buf[s.pos+len(kw)])
}

// readName reads a possibly qualified identifier (`a`.`b`, "a"."b", [a],
// a.b) into p.name, its parts unquoted and joined by '.', the last part
// starting at p.nameLast. Parts are cut at 1024 bytes, names at 8 parts.
func (p *sqlParser) readName() bool {
	s := &p.sc
	b := p.name[:0]
	parts := 0
	for {
		c, ok := s.peek()
		if !ok {
			break
		}
		start := len(b)
		switch {
		case c == '`' || c == '"' || c == '[':
			end := c
			if c == '[' {
				end = ']'
			}
			s.pos++
			n := 0
			for {
				if !s.ensure(1) {
					p.name = b
					return false
				}
				d := s.buf[s.pos]
				s.pos++
				if d == '\n' {
					s.line++
				}
				if d == end {
					if end != ']' && s.ensure(1) && s.buf[s.pos] == end {
						s.pos++
					} else {
						break
					}
				}
				if n++; n <= 1024 {
					b = append(b, d)
				}
			}
		case sqlIdentStart(c):
			n := 0
			for s.ensure(1) && sqlIdentByte(s.buf[s.pos]) {
				if n++; n <= 1024 {
					b = append(b, s.buf[s.pos])
				}
				s.pos++
			}
		default:
			if parts > 0 {
				b = b[:start-1] // drop the '.' read before
			}
			p.name = b
			return parts > 0
		}
		p.nameLast = start
		parts++
		if c, ok := s.peek(); !ok || c != '.' || parts >= 8 {
			break
		}
		s.pos++
		b = append(b, '.')
	}
	p.name = b
	return parts > 0
}

// nameString returns p.name as text.
func (p *sqlParser) nameString() string { return string(p.text.fix(p.name)) }

// identList reads "a, `b`, "c")" (the '(' read): the last parts of the
// names go to p.colBuf, each ending at its p.colEnds.
func (p *sqlParser) identList() bool {
	p.colBuf, p.colEnds = p.colBuf[:0], p.colEnds[:0]
	for {
		p.skipSpace()
		if !p.readName() {
			return false
		}
		if len(p.colEnds) < maxColumns {
			p.colBuf = append(p.colBuf, p.name[p.nameLast:]...)
			p.colEnds = append(p.colEnds, len(p.colBuf))
		}
		p.skipSpace()
		c, ok := p.sc.peek()
		if !ok {
			return false
		}
		p.sc.pos++
		switch c {
		case ',':
		case ')':
			return true
		default:
			return false
		}
	}
}

// sameCols reports whether the column list read last is cols.
func (p *sqlParser) sameCols(cols []string) bool {
	if len(cols) != len(p.colEnds) {
		return false
	}
	prev := 0
	for i, e := range p.colEnds {
		if string(p.colBuf[prev:e]) != cols[i] {
			return false
		}
		prev = e
	}
	return true
}

// colStrings returns the column list read last as text.
func (p *sqlParser) colStrings() []string {
	cols := make([]string, len(p.colEnds))
	prev := 0
	for i, e := range p.colEnds {
		cols[i] = string(p.text.fix(p.colBuf[prev:e]))
		prev = e
	}
	return cols
}

func sqlIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

func sqlIdentByte(c byte) bool {
	return sqlIdentStart(c) || c >= '0' && c <= '9' || c == '$'
}

func sqlIsHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func sqlHexVal(c byte) int {
	switch {
	case c >= 'a':
		return int(c-'a') + 10
	case c >= 'A':
		return int(c-'A') + 10
	}
	return int(c - '0')
}

// sqlScanner is the buffered input of the SQL parser, with line counting
// done by its users (each consumed '\n' increments line).
type sqlScanner struct {
	r        io.Reader
	buf      []byte
	pos, end int
	line     int64 // line of buf[pos]
	err      error // io.EOF or the read error, once met
	empties  int
}

// fill makes sure a byte is buffered; false at the end of input or error.
func (s *sqlScanner) fill() bool {
	if s.pos < s.end {
		return true
	}
	s.pos, s.end = 0, 0
	return s.more()
}

// ensure makes sure n bytes are buffered at pos, moving the rest to the
// front when needed; false when the input ends first.
func (s *sqlScanner) ensure(n int) bool {
	if s.end-s.pos >= n {
		return true
	}
	return s.ensureSlow(n)
}

func (s *sqlScanner) ensureSlow(n int) bool {
	if s.pos > 0 {
		copy(s.buf, s.buf[s.pos:s.end])
		s.end -= s.pos
		s.pos = 0
	}
	for s.end < n {
		if !s.more() {
			return false
		}
	}
	return true
}

// more reads into the free end of the buffer.
func (s *sqlScanner) more() bool {
	for s.err == nil {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.err = err
		}
		if n > 0 {
			s.empties = 0
			return true
		}
		if s.empties++; s.empties > 100 {
			s.err = io.ErrNoProgress
		}
	}
	return false
}

func (s *sqlScanner) peek() (byte, bool) {
	if s.pos >= s.end && !s.fill() {
		return 0, false
	}
	return s.buf[s.pos], true
}

// failure returns the reason input ended: io.EOF or the read error.
func (s *sqlScanner) failure() error {
	if s.err == nil {
		return io.EOF
	}
	if errors.Is(s.err, io.EOF) {
		return io.EOF
	}
	return s.err
}
