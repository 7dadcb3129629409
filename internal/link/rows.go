package link

import (
	"strconv"
	"strings"
	"time"

	"github.com/telusur/telusur/internal/dataset"
)

// RowColumns are the columns RowTable makes from dataset rows, named by
// role; "nik" and "nkk" keep '*' for masked digits.
var RowColumns = []string{"row_id", "source", "table", "line", "nik", "nkk", "name", "birth_date", "age", "sex", "birth_place",
	"address", "rt", "rw", "region_code", "passport"}

// RowTable turns rows of a telusur dataset (normalised, with roles) into a
// Table for the probabilistic linker: one column per role in RowColumns,
// plus one per "header=value" of the rows' Other field (such as the
// synthetic registry's person_id).
func RowTable(name string, rows []dataset.Row) *Table {
	b := newRowBuilder(name, len(rows))
	b.add(rows)
	return b.table()
}

// rowBuilder fills a Table batch by batch, so that a dataset's rows are
// never all held as dataset.Row at once.
type rowBuilder struct {
	name       string
	cols       [][]string
	other      map[string][]string
	otherNames []string
	n          int
}

func newRowBuilder(name string, capacity int) *rowBuilder {
	b := &rowBuilder{name: name, cols: make([][]string, len(RowColumns)), other: map[string][]string{}}
	for c := range b.cols {
		b.cols[c] = make([]string, 0, capacity)
	}
	return b
}

func (b *rowBuilder) add(rows []dataset.Row) {
	num := func(p *int32) string {
		if p == nil {
			return ""
		}
		return strconv.Itoa(int(*p))
	}
	for i := range rows {
		r := &rows[i]
		v := [...]string{strconv.FormatInt(r.RowID, 10), strconv.Itoa(int(r.Source)), strconv.Itoa(int(r.Table)), strconv.FormatInt(r.Line, 10),
			r.NIK, r.NKK, r.Name, "", num(r.Age), r.Sex, r.BirthPlace, r.Address, num(r.RT), num(r.RW), r.RegionCode, r.Passport}
		if r.BirthDate != nil {
			v[7] = r.BirthDate.String()
		}
		for c := range b.cols {
			b.cols[c] = append(b.cols[c], v[c])
		}
		if r.Other != "" {
			for kv := range strings.SplitSeq(r.Other, "\t") {
				k, val, ok := strings.Cut(kv, "=")
				if !ok {
					continue
				}
				col, seen := b.other[k]
				if !seen {
					b.otherNames = append(b.otherNames, k)
				}
				for len(col) < b.n {
					col = append(col, "")
				}
				b.other[k] = append(col, strings.Clone(val))
			}
		}
		b.n++
	}
}

func (b *rowBuilder) table() *Table {
	t := &Table{Name: b.name}
	for c, n := range RowColumns {
		t.AddColumn(n, b.cols[c])
	}
	for _, n := range b.otherNames {
		col := b.other[n]
		for len(col) < b.n {
			col = append(col, "")
		}
		t.AddColumn(n, col)
	}
	return t
}

// ReadDataset reads a workspace dataset into a Table with RowTable's
// columns.
func ReadDataset(ws *dataset.Workspace, d *dataset.Dataset) (*Table, error) {
	b := newRowBuilder(d.Name, int(d.RowsAccepted))
	cols := []string{"row_id", "source", "table_no", "line", "nik", "nkk", "passport", "name", "birth_place", "birth_date", "age", "sex",
		"address", "rt", "rw", "region_code", "other"}
	err := ws.ScanFields(d, cols, func(batch []dataset.Row) error {
		b.add(batch)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return b.table(), nil
}

// hasValues reports whether column c of t has any value.
func hasValues(t *Table, c string) bool {
	v, ok := t.Column(c)
	if !ok {
		return false
	}
	for _, s := range v {
		if s != "" {
			return true
		}
	}
	return false
}

// TelusurModel is the model for a leak (left) against a reference
// (right), both from RowTable: a comparison for every role both sides
// carry (an age on one side is compared with the other's birth date at
// ref), and blocking rules that still work when the NIK is masked or
// absent: name key and birth date, the NIK's visible district and birth
// date, name key and age-derived birth year window, name key and address.
func TelusurModel(leak, ref *Table, refDate time.Time) *Model {
	both := func(c string) bool { return hasValues(leak, c) && hasValues(ref, c) }
	m := &Model{Assign: "best-left", RefDate: refDate.Format(time.DateOnly)}
	add := func(name string, k Kind, tf bool) {
		if both(name) {
			m.Comparisons = append(m.Comparisons, Comparison{Name: name, Kind: k, Columns: []string{name}, TF: tf})
		}
	}
	add("nik", KindMasked, false)
	add("nkk", KindMasked, false)
	add("name", KindName, true)
	add("birth_date", KindDate, false)
	if !hasValues(leak, "birth_date") && hasValues(leak, "age") && hasValues(ref, "birth_date") {
		m.Comparisons = append(m.Comparisons, Comparison{Name: "age", Kind: KindAge, Columns: []string{"age"}, RightColumns: []string{"birth_date"}})
	}
	add("sex", KindExact, false)
	add("birth_place", KindString, true)
	add("address", KindString, true)
	add("rt", KindNumber, false)
	add("rw", KindNumber, false)
	add("region_code", KindRegion, false)
	dob := both("birth_date")
	if both("name") && dob {
		m.Blocking = append(m.Blocking, BlockRule{"name:key", "birth_date"}, BlockRule{"name:soundex", "birth_date"})
	}
	if both("nik") && dob {
		m.Blocking = append(m.Blocking, BlockRule{"nik:first6", "birth_date"})
	}
	if both("nik") {
		m.Blocking = append(m.Blocking, BlockRule{"nik:first12"})
	}
	if both("name") && both("address") {
		m.Blocking = append(m.Blocking, BlockRule{"name:key", "address"})
		if !dob {
			// No birth date (the 7-field recipient copy): the first name
			// within the address and RT finds mistyped surnames.
			m.Blocking = append(m.Blocking, BlockRule{"name:word1", "address", "rt"})
		}
	}
	if both("name") && len(m.Blocking) == 0 {
		m.Blocking = append(m.Blocking, BlockRule{"name:key"})
	}
	return m
}
