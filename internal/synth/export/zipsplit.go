package export

import (
	"bufio"
	"fmt"
	"os"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/klauspost/compress/zip"
)

// SplitFunc returns the part key of a row (e.g. its province name).
type SplitFunc func(vals []string) string

// ZipSplitWriter is the Writer returned by NewZipSplit.
type ZipSplitWriter struct {
	// ModTime is the modification time of every entry, DefaultModTime
	// unless changed before the first row.
	ModTime time.Time

	t       table
	path    string
	out     *os.File
	bw      *bufio.Writer
	zw      *zip.Writer
	keyOf   SplitFunc
	name    func(key string) string
	opt     CSVOptions
	header  []string
	cur     *CSVWriter
	curKey  string
	used    map[string]int // entry name -> highest suffix tried for it
	entries []string
	unrep   int
}

// NewZipSplit creates the zip file at path (mode 0600) holding one CSV entry
// per part key, each starting with the header. keyOf gives a row's key; name
// turns a key into an entry name (key+".csv" when nil). Rows are expected
// grouped by key: a change of key starts a new entry, and a key that comes
// back after another gets a new entry whose name carries a "-2", "-3", ...
// suffix before the extension (so does a name that name returns twice).
// Entries are deflated and stamped with ModTime.
func NewZipSplit(path string, keyOf SplitFunc, name func(key string) string, csv CSVOptions) (Writer, error) {
	return newZipSplit(path, keyOf, name, csv)
}

func newZipSplit(p string, keyOf SplitFunc, name func(string) string, opt CSVOptions) (*ZipSplitWriter, error) {
	prefix := "write zip " + p
	if keyOf == nil {
		return nil, fmt.Errorf("%s: nil SplitFunc", prefix)
	}
	if name == nil {
		name = func(key string) string { return key + ".csv" }
	}
	// Check the CSV options now rather than at the first row.
	if c := newCSV(nil, opt, prefix); c.t.err != nil {
		return nil, c.t.err
	}
	out, err := createFile(p)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", prefix, err)
	}
	bw := bufio.NewWriterSize(out, 256<<10)
	return &ZipSplitWriter{
		ModTime: DefaultModTime,
		t:       table{prefix: prefix},
		path:    p,
		out:     out,
		bw:      bw,
		zw:      zip.NewWriter(bw),
		keyOf:   keyOf,
		name:    name,
		opt:     opt,
		used:    map[string]int{},
	}, nil
}

// Entries returns the names of the entries started so far, in order.
func (z *ZipSplitWriter) Entries() []string { return append([]string(nil), z.entries...) }

// Unrepresentable returns the number of characters replaced by '?' over all
// entries (see CSVWriter.Unrepresentable).
func (z *ZipSplitWriter) Unrepresentable() int {
	n := z.unrep
	if z.cur != nil {
		n += z.cur.Unrepresentable()
	}
	return n
}

// WriteHeader records the header written at the top of every entry.
func (z *ZipSplitWriter) WriteHeader(cols []string) error {
	if err := z.t.checkHeader(cols); err != nil {
		return err
	}
	z.header = append([]string(nil), cols...)
	return nil
}

// WriteRow writes the row to the entry of its key, starting a new entry when
// the key differs from the previous row's.
func (z *ZipSplitWriter) WriteRow(vals []string) error {
	if err := z.t.checkRow(vals); err != nil {
		return err
	}
	key := z.keyOf(vals)
	if z.cur == nil || key != z.curKey {
		if err := z.startEntry(key); err != nil {
			return err
		}
	}
	if err := z.cur.WriteRow(vals); err != nil {
		return z.t.fail(err)
	}
	return nil
}

func (z *ZipSplitWriter) endEntry() error {
	if z.cur == nil {
		return nil
	}
	err := z.cur.Close()
	z.unrep += z.cur.Unrepresentable()
	z.cur = nil
	return err
}

func (z *ZipSplitWriter) startEntry(key string) error {
	if err := z.endEntry(); err != nil {
		return z.t.fail(err)
	}
	name := z.uniqueName(z.name(key))
	w, err := z.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: z.ModTime})
	if err != nil {
		return z.t.fail(fmt.Errorf("entry %d: %w", len(z.entries)+1, err))
	}
	z.entries = append(z.entries, name)
	z.curKey = key
	z.cur = newCSV(w, z.opt, "csv entry")
	if err := z.cur.WriteHeader(z.header); err != nil {
		return z.t.fail(err)
	}
	return nil
}

// uniqueName returns name, or name with the first free "-N" suffix (N >= 2)
// inserted before its extension.
func (z *ZipSplitWriter) uniqueName(name string) string {
	if name == "" {
		name = "_"
	}
	n, seen := z.used[name]
	if !seen {
		z.used[name] = 1
		return name
	}
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for {
		n++
		cand := stem + "-" + strconv.Itoa(n) + ext
		if _, taken := z.used[cand]; !taken {
			z.used[name] = n
			z.used[cand] = 1
			return cand
		}
	}
}

// Close finishes the last entry, the zip directory, and closes the file.
func (z *ZipSplitWriter) Close() error {
	if z.t.checkClose() {
		return z.t.protocol(errClosed)
	}
	if z.t.err != nil {
		_ = z.out.Close()
		return z.t.err
	}
	err := z.endEntry()
	if err == nil {
		err = z.zw.Close()
	}
	if err == nil {
		err = z.bw.Flush()
	}
	if cerr := z.out.Close(); err == nil {
		err = cerr
	}
	return z.t.fail(err)
}
