package link

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"time"
	"unsafe"

	"github.com/telusur/telusur/internal/dataset"
	"github.com/telusur/telusur/internal/dpt"
	"github.com/telusur/telusur/internal/region"
)

// IndexVersion changes whenever the index files change shape; an index of
// another version is rebuilt.
const IndexVersion = 2

// Meta describes an index: what it was built from, so a changed dataset is
// noticed, and the reference's row counts by region for coverage.
type Meta struct {
	Version      int              `json:"version"`
	Dataset      string           `json:"dataset"`
	DatasetID    int64            `json:"dataset_id"`
	Parts        []PartStamp      `json:"parts"`
	Rows         int64            `json:"rows"`
	NIKRows      int64            `json:"nik_rows"`      // rows with a complete NIK (keys in nik.key)
	NameRows     int64            `json:"name_rows"`     // rows with a name and birth date (keys in ny.key)
	ProvinceRows map[string]int64 `json:"province_rows"` // by province code
	RegencyRows  map[string]int64 `json:"regency_rows"`  // by regency code
	Built        time.Time        `json:"built"`
	BuildSeconds float64          `json:"build_seconds"`
}

// PartStamp identifies a dataset part file as it was when indexed.
type PartStamp struct {
	Name    string    `json:"name"`
	Size    int64     `json:"size"`
	ModTime time.Time `json:"mod_time"`
}

// Index is a reference dataset laid out for linkage: identifiers as
// sorted integers with the row they are on, and the compared fields as
// columns in row order, all memory-mapped from the workspace.
type Index struct {
	Dir  string
	Meta Meta

	nikKey []uint64 // sorted complete NIKs
	nikPos []uint32 // row of each
	nyKey  []uint64 // sorted name-key hash | birth year
	nyPos  []uint32
	ppKey  []uint64 // sorted passport hashes
	ppPos  []uint32

	nik     []uint64 // per row; 0 when absent
	nkk     []uint64
	dob     []int32 // days since 1970; noDate when absent
	sex     []uint8 // 0 absent, 1 L, 2 P
	marital []uint8 // 0 absent, 1 B, 2 S, 3 P
	rt      []uint16
	rw      []uint16
	tps     []uint16
	region  []uint64 // most precise region code as a number; 0 absent

	nameKey, name, place, address, passport strColumn

	unmap []func() error
}

const noDate = math.MinInt32

// strColumn is a string column: row i is dat[off[i]:off[i+1]].
type strColumn struct {
	off []uint64
	dat []byte
}

// at returns row i without copying: valid only while the index is open.
func (s strColumn) at(i uint32) string {
	a, b := s.off[i], s.off[i+1]
	if a == b {
		return ""
	}
	return unsafe.String(&s.dat[a], int(b-a))
}

// The index's files.
var fixedFiles = []string{"nik.key", "nik.pos", "ny.key", "ny.pos", "pp.key", "pp.pos", "nik", "nkk", "dob", "sex", "marital", "rt", "rw", "tps", "region"}
var strFiles = []string{"name_key", "name", "birth_place", "address", "passport"}

// IndexDir is where a dataset's index lives in the workspace.
func IndexDir(ws *dataset.Workspace, d *dataset.Dataset) string {
	return filepath.Join(ws.Dir, "index", filepath.Base(d.Dir))
}

func stamps(ws *dataset.Workspace, d *dataset.Dataset) ([]PartStamp, error) {
	parts, err := ws.Parts(d)
	if err != nil {
		return nil, err
	}
	out := make([]PartStamp, 0, len(parts))
	for _, p := range parts {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		out = append(out, PartStamp{Name: filepath.Base(p), Size: st.Size(), ModTime: st.ModTime().UTC()})
	}
	return out, nil
}

func sameStamps(a, b []PartStamp) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name || a[i].Size != b[i].Size || !a[i].ModTime.Equal(b[i].ModTime) {
			return false
		}
	}
	return true
}

// OpenIndex opens the dataset's index, building it first when it is
// missing, of another version, or older than the dataset's parts. built
// says whether it was built.
func OpenIndex(ctx context.Context, ws *dataset.Workspace, d *dataset.Dataset, progress func(rows int64)) (ix *Index, built bool, err error) {
	dir := IndexDir(ws, d)
	st, err := stamps(ws, d)
	if err != nil {
		return nil, false, err
	}
	var m Meta
	if b, err := os.ReadFile(filepath.Join(dir, "meta.json")); err == nil && json.Unmarshal(b, &m) == nil &&
		m.Version == IndexVersion && m.DatasetID == d.ID && sameStamps(m.Parts, st) {
		ix, err := load(dir, m)
		return ix, false, err
	}
	if err := Build(ctx, ws, d, progress); err != nil {
		return nil, false, err
	}
	b, err := os.ReadFile(filepath.Join(dir, "meta.json"))
	if err != nil {
		return nil, false, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, false, fmt.Errorf("index %s: %w", dir, err)
	}
	ix, err = load(dir, m)
	return ix, true, err
}

func load(dir string, m Meta) (*Index, error) {
	ix := &Index{Dir: dir, Meta: m}
	maps := map[string][]byte{}
	for _, name := range fixedFiles {
		b, unmap, err := mapFile(filepath.Join(dir, name))
		if err != nil {
			ix.Close()
			return nil, fmt.Errorf("index %s: %w", dir, err)
		}
		ix.unmap = append(ix.unmap, unmap)
		maps[name] = b
	}
	for _, name := range strFiles {
		for _, ext := range []string{".off", ".dat"} {
			b, unmap, err := mapFile(filepath.Join(dir, name+ext))
			if err != nil {
				ix.Close()
				return nil, fmt.Errorf("index %s: %w", dir, err)
			}
			ix.unmap = append(ix.unmap, unmap)
			maps[name+ext] = b
		}
	}
	n := m.Rows
	ix.nikKey, ix.nikPos = view[uint64](maps["nik.key"]), view[uint32](maps["nik.pos"])
	ix.nyKey, ix.nyPos = view[uint64](maps["ny.key"]), view[uint32](maps["ny.pos"])
	ix.ppKey, ix.ppPos = view[uint64](maps["pp.key"]), view[uint32](maps["pp.pos"])
	ix.nik, ix.nkk, ix.dob = view[uint64](maps["nik"]), view[uint64](maps["nkk"]), view[int32](maps["dob"])
	ix.sex, ix.marital = maps["sex"], maps["marital"]
	ix.rt, ix.rw, ix.tps = view[uint16](maps["rt"]), view[uint16](maps["rw"]), view[uint16](maps["tps"])
	ix.region = view[uint64](maps["region"])
	col := func(name string) strColumn {
		return strColumn{off: view[uint64](maps[name+".off"]), dat: maps[name+".dat"]}
	}
	ix.nameKey, ix.name, ix.place, ix.address, ix.passport = col("name_key"), col("name"), col("birth_place"), col("address"), col("passport")
	bad := int64(len(ix.nik)) != n || int64(len(ix.dob)) != n || int64(len(ix.sex)) != n || int64(len(ix.region)) != n ||
		int64(len(ix.nikKey)) != m.NIKRows || len(ix.nikPos) != len(ix.nikKey) || len(ix.nyPos) != len(ix.nyKey) || len(ix.ppPos) != len(ix.ppKey) ||
		int64(len(ix.name.off)) != n+1 || int64(len(ix.address.off)) != n+1
	if bad {
		ix.Close()
		return nil, fmt.Errorf("index %s: files do not agree with meta.json (remove the folder to rebuild)", dir)
	}
	return ix, nil
}

// view reinterprets little-endian file bytes as a slice of T. Index files
// are written little-endian; every platform Go targets for this tool
// (amd64, arm64) is little-endian, and init refuses the others.
func view[T uint16 | uint32 | int32 | uint64](b []byte) []T {
	var z T
	size := int(unsafe.Sizeof(z))
	if len(b) < size {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), len(b)/size)
}

func init() {
	x := uint16(1)
	if *(*byte)(unsafe.Pointer(&x)) != 1 {
		panic("link: the reference index needs a little-endian machine")
	}
}

// Close unmaps the index; strings it returned become invalid.
func (ix *Index) Close() error {
	var err error
	for _, u := range ix.unmap {
		if e := u(); err == nil {
			err = e
		}
	}
	ix.unmap = nil
	return err
}

// Rows is the number of reference rows.
func (ix *Index) Rows() int64 { return ix.Meta.Rows }

func hashString(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// nameYearKey is the blocking key of a comparison name key and a birth
// year: 48 bits of the name's hash above 16 bits of year.
func nameYearKey(nameKey string, year int) uint64 {
	return hashString(nameKey)&^0xffff | uint64(year)&0xffff
}

// digits parses a string of ASCII digits (at most 19) as a number; ok is
// false for anything else.
func digits(s string) (uint64, bool) {
	if s == "" || len(s) > 19 {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		c := s[i] - '0'
		if c > 9 {
			return 0, false
		}
		v = v*10 + uint64(c)
	}
	return v, true
}

func sexCode(s string) uint8 {
	switch s {
	case dpt.Male:
		return 1
	case dpt.Female:
		return 2
	}
	return 0
}

func maritalCode(s string) uint8 {
	switch s {
	case dpt.Single:
		return 1
	case dpt.Married:
		return 2
	case dpt.FormerlyMarried:
		return 3
	}
	return 0
}

func small(p *int32) uint16 {
	if p == nil || *p <= 0 {
		return 0
	}
	return uint16(min(*p, math.MaxUint16))
}

// colFile writes one column file through a buffer.
type colFile struct {
	f   *os.File
	w   *bufio.Writer
	buf [8]byte
}

func createCol(dir, name string) (*colFile, error) {
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	return &colFile{f: f, w: bufio.NewWriterSize(f, 256<<10)}, nil
}

func (c *colFile) u8(v uint8)   { c.w.WriteByte(v) }
func (c *colFile) u16(v uint16) { binary.LittleEndian.PutUint16(c.buf[:], v); c.w.Write(c.buf[:2]) }
func (c *colFile) u32(v uint32) { binary.LittleEndian.PutUint32(c.buf[:], v); c.w.Write(c.buf[:4]) }
func (c *colFile) u64(v uint64) { binary.LittleEndian.PutUint64(c.buf[:], v); c.w.Write(c.buf[:8]) }

func (c *colFile) close() error {
	err := c.w.Flush()
	if e := c.f.Close(); err == nil {
		err = e
	}
	return err
}

// strCol writes a string column: offsets and data.
type strCol struct {
	off, dat *colFile
	n        uint64
}

func createStr(dir, name string) (*strCol, error) {
	o, err := createCol(dir, name+".off")
	if err != nil {
		return nil, err
	}
	d, err := createCol(dir, name+".dat")
	if err != nil {
		o.close()
		return nil, err
	}
	o.u64(0)
	return &strCol{off: o, dat: d}, nil
}

func (s *strCol) add(v string) {
	s.dat.w.WriteString(v)
	s.n += uint64(len(v))
	s.off.u64(s.n)
}

func (s *strCol) close() error {
	err := s.off.close()
	if e := s.dat.close(); err == nil {
		err = e
	}
	return err
}

// indexColumns are the dataset columns an index is built from.
var indexColumns = []string{"nik", "nik_masked", "nkk", "nkk_masked", "passport", "name", "name_key", "birth_place", "birth_date",
	"sex", "marital_status", "address", "rt", "rw", "tps", "region_code"}

// Build writes the dataset's index into a fresh folder and moves it into
// place. Memory: 24 bytes a row for the two key arrays plus as much again
// while they are sorted, one at a time; the columns stream to disk.
func Build(ctx context.Context, ws *dataset.Workspace, d *dataset.Dataset, progress func(rows int64)) error {
	start := time.Now()
	final := IndexDir(ws, d)
	if err := os.MkdirAll(filepath.Dir(final), 0o700); err != nil {
		return err
	}
	st, err := stamps(ws, d)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(final), ".build-"+filepath.Base(final)+"-")
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	fixed := map[string]*colFile{}
	for _, name := range fixedFiles[6:] {
		c, err := createCol(tmp, name)
		if err != nil {
			return err
		}
		fixed[name] = c
	}
	strs := map[string]*strCol{}
	for _, name := range strFiles {
		s, err := createStr(tmp, name)
		if err != nil {
			return err
		}
		strs[name] = s
	}
	m := Meta{Version: IndexVersion, Dataset: d.Name, DatasetID: d.ID, Parts: st,
		ProvinceRows: map[string]int64{}, RegencyRows: map[string]int64{}}
	// Sized from the catalogue's count so the arrays are not regrown
	// (doubling would leave up to twice the memory behind as garbage).
	nikKey, nikPos := make([]uint64, 0, d.RowsAccepted), make([]uint32, 0, d.RowsAccepted)
	nyKey, nyPos := make([]uint64, 0, d.RowsAccepted), make([]uint32, 0, d.RowsAccepted)
	var ppKey []uint64
	var ppPos []uint32
	var row uint32
	err = ws.ScanFields(d, indexColumns, func(rows []dataset.Row) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if int64(row)+int64(len(rows)) > math.MaxUint32 {
			return errors.New("reference has more than 4,294,967,295 rows: split it")
		}
		for i := range rows {
			r := &rows[i]
			var nk uint64
			if !r.NIKMasked && len(r.NIK) == 16 {
				if v, ok := digits(r.NIK); ok {
					nk = v
					nikKey = append(nikKey, v)
					nikPos = append(nikPos, row)
				}
			}
			fixed["nik"].u64(nk)
			var kk uint64
			if !r.NKKMasked {
				kk, _ = digits(r.NKK)
			}
			fixed["nkk"].u64(kk)
			dob := int32(noDate)
			if r.BirthDate != nil {
				dob = int32(*r.BirthDate)
				if r.NameKey != "" {
					nyKey = append(nyKey, nameYearKey(r.NameKey, r.BirthDate.Time().Year()))
					nyPos = append(nyPos, row)
				}
			}
			fixed["dob"].u32(uint32(dob))
			fixed["sex"].u8(sexCode(r.Sex))
			fixed["marital"].u8(maritalCode(r.Marital))
			fixed["rt"].u16(small(r.RT))
			fixed["rw"].u16(small(r.RW))
			fixed["tps"].u16(small(r.TPS))
			rc, _ := digits(r.RegionCode)
			fixed["region"].u64(rc)
			strs["name_key"].add(r.NameKey)
			strs["name"].add(r.Name)
			strs["birth_place"].add(r.BirthPlace)
			strs["address"].add(r.Address)
			strs["passport"].add(r.Passport)
			if r.Passport != "" {
				ppKey = append(ppKey, hashString(r.Passport))
				ppPos = append(ppPos, row)
			}
			if p, g := Place(r); p != "" {
				m.ProvinceRows[p]++
				if g != "" {
					m.RegencyRows[g]++
				}
			}
			row++
		}
		if progress != nil {
			progress(int64(row))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("index %s: %w", d.Name, err)
	}
	for _, c := range fixed {
		if err := c.close(); err != nil {
			return err
		}
	}
	for _, s := range strs {
		if err := s.close(); err != nil {
			return err
		}
	}
	m.Rows, m.NIKRows, m.NameRows = int64(row), int64(len(nikKey)), int64(len(nyKey))
	if err := writeKeys(tmp, "nik", nikKey, nikPos, 54); err != nil {
		return err
	}
	nikKey, nikPos = nil, nil
	if err := writeKeys(tmp, "ny", nyKey, nyPos, 64); err != nil {
		return err
	}
	nyKey, nyPos = nil, nil
	if err := writeKeys(tmp, "pp", ppKey, ppPos, 64); err != nil {
		return err
	}
	m.Built = time.Now().UTC()
	m.BuildSeconds = time.Since(start).Seconds()
	b, _ := json.MarshalIndent(m, "", "  ")
	if err := os.WriteFile(filepath.Join(tmp, "meta.json"), b, 0o600); err != nil {
		return err
	}
	if err := os.RemoveAll(final); err != nil {
		return err
	}
	if err := os.Rename(tmp, final); err != nil {
		return err
	}
	ok = true
	return nil
}

// writeKeys sorts keys with their rows and writes both.
func writeKeys(dir, name string, keys []uint64, pos []uint32, bits int) error {
	sortPairs(keys, pos, bits)
	k, err := createCol(dir, name+".key")
	if err != nil {
		return err
	}
	for _, v := range keys {
		k.u64(v)
	}
	if err := k.close(); err != nil {
		return err
	}
	p, err := createCol(dir, name+".pos")
	if err != nil {
		return err
	}
	for _, v := range pos {
		p.u32(v)
	}
	return p.close()
}

// Place returns the province and regency codes of a row: from its region
// code, else from its NIK's first digits (where the NIK was issued) when
// they name a province, and a regency, that exist. The index counts the
// reference's rows by it and verify the leak's, so coverage compares like
// with like.
func Place(r *dataset.Row) (prov, reg string) {
	if len(r.RegionCode) >= 2 {
		prov = r.RegionCode[:2]
		if len(r.RegionCode) >= 4 {
			reg = r.RegionCode[:4]
		}
		return prov, reg
	}
	if len(r.NIK) >= 4 {
		if _, ok := region.Lookup(r.NIK[:2]); ok {
			prov = r.NIK[:2]
			if _, ok := region.Lookup(r.NIK[:4]); ok {
				reg = r.NIK[:4]
			}
		}
	}
	return prov, reg
}
