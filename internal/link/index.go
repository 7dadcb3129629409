package link

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"os"
	"path/filepath"
	"time"
	"unsafe"

	"github.com/telusur/telusur/internal/dataset"
	"github.com/telusur/telusur/internal/dpt"
	"github.com/telusur/telusur/internal/region"
	"github.com/telusur/telusur/internal/runstat"
)

// IndexVersion changes whenever the index files change shape; an index of
// another version is rebuilt.
const IndexVersion = 6

// Meta describes an index: what it was built from, so a changed dataset is
// noticed, and the reference's row counts by region for coverage.
type Meta struct {
	Version      int              `json:"version"`
	Dataset      string           `json:"dataset"`
	DatasetID    int64            `json:"dataset_id"`
	Parts        []PartStamp      `json:"parts"`
	Rows         int64            `json:"rows"`
	NIKRows      int64            `json:"nik_rows"`      // rows with a complete NIK (keys in nik.hash)
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

	nikHash []uint64 // complete NIK → row: see findNIKs
	nyKey   []uint64 // sorted name-key hash | birth year
	nyPos   []uint32
	nyDir   []uint32 // where keys with each top nyDirBits bits start
	nyYMD   []int32  // birth date of each ny entry as yyyymmdd, 0 absent
	ppKey   []uint64 // sorted passport hashes
	ppPos   []uint32

	rec []record // per row: what a candidate is compared on

	nameKey, name, place, address, passport strColumn

	unmap []func() error
}

const noDate = math.MinInt32

// record is a reference row as the linker compares it: the numbers, and
// hashes of the strings (strHash), in one 64-byte cache line. Comparing a
// candidate read a dozen column files at random rows before; the record
// is one read, and a string column is read only when a hash differs.
type record struct {
	NIK      uint64 // 0 when absent
	NKK      uint64
	Region   uint64 // most precise region code as a number; 0 absent
	NameKeyH uint64 // strHash of the name key
	PlaceH   uint64 // of the birth place
	AddressH uint64 // of the address
	DOB      int32  // days since 1970; noDate when absent
	RT       uint16 // 0 absent
	RW       uint16
	TPS      uint16
	Sex      uint8 // 0 absent, 1 L, 2 P
	Marital  uint8 // 0 absent, 1 B, 2 S, 3 P
	YMD      int32 // DOB as yyyymmdd; 0 absent
}

// strHash is hashString of a non-empty string, never 0, and 0 for "".
func strHash(s string) uint64 {
	if s == "" {
		return 0
	}
	return nonZero(hashString(s))
}

// nonZero is h, or 1 for 0, which means "no string" in a record.
func nonZero(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}

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
var fixedFiles = []string{"nik.hash", "ny.key", "ny.pos", "ny.dir", "ny.ymd", "pp.key", "pp.pos", "rec"}
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
	ix.nikHash = view[uint64](maps["nik.hash"])
	ix.nyKey, ix.nyPos = view[uint64](maps["ny.key"]), view[uint32](maps["ny.pos"])
	ix.nyDir, ix.nyYMD = view[uint32](maps["ny.dir"]), view[int32](maps["ny.ymd"])
	ix.ppKey, ix.ppPos = view[uint64](maps["pp.key"]), view[uint32](maps["pp.pos"])
	ix.rec = records(maps["rec"])
	col := func(name string) strColumn {
		return strColumn{off: view[uint64](maps[name+".off"]), dat: maps[name+".dat"]}
	}
	ix.nameKey, ix.name, ix.place, ix.address, ix.passport = col("name_key"), col("name"), col("birth_place"), col("address"), col("passport")
	bad := int64(len(ix.rec)) != n ||
		len(ix.nikHash) != nikHashSize(m.NIKRows) || len(ix.nyPos) != len(ix.nyKey) || len(ix.ppPos) != len(ix.ppKey) ||
		int64(len(ix.name.off)) != n+1 || int64(len(ix.address.off)) != n+1 ||
		len(ix.nyDir) != 1<<nyDirBits+1 || len(ix.nyYMD) != len(ix.nyKey)
	if bad {
		ix.Close()
		return nil, fmt.Errorf("index %s: files do not agree with meta.json (remove the folder to rebuild)", dir)
	}
	return ix, nil
}

// records views the rec file's bytes as records.
func records(b []byte) []record {
	size := int(unsafe.Sizeof(record{}))
	if len(b) < size {
		return nil
	}
	return unsafe.Slice((*record)(unsafe.Pointer(&b[0])), len(b)/size)
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
	if unsafe.Sizeof(record{}) != 64 {
		panic("link: an index record is not 64 bytes")
	}
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

// hashString hashes a string eight bytes at a time (a round of xxHash64
// per word, then its final mix): the index stores these hashes, and the
// leak's names, places and addresses are hashed once a row, where a byte
// at a time (FNV-1a) was a twentieth of verify's CPU.
func hashString(s string) uint64 {
	const (
		p1 = 0x9E3779B185EBCA87
		p2 = 0xC2B2AE3D27D4EB4F
		p3 = 0x165667B19E3779F9
		p4 = 0x85EBCA77C2B2AE63
		p5 = 0x27D4EB2F165667C5
	)
	h := p5 + uint64(len(s))
	for ; len(s) >= 8; s = s[8:] {
		k := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
		k *= p2
		k = bits.RotateLeft64(k, 31)
		k *= p1
		h ^= k
		h = bits.RotateLeft64(h, 27)*p1 + p4
	}
	for ; len(s) > 0; s = s[1:] {
		h ^= uint64(s[0]) * p5
		h = bits.RotateLeft64(h, 11) * p1
	}
	h ^= h >> 33
	h *= p2
	h ^= h >> 29
	h *= p3
	h ^= h >> 32
	return h
}

// nameYearKey is the blocking key of a comparison name key, by its
// hashString, and a birth year: 48 bits of the hash above 16 of the year.
func nameYearKey(nameHash uint64, year int) uint64 {
	return nameHash&^0xffff | uint64(year)&0xffff
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

// indexBytesPerRow is about what the index takes on disk a row (3.4 GiB
// for 20 M rows, 34.7 GiB for 205.8 M), for checking space before a build.
const indexBytesPerRow = 185

// freeSpace returns the bytes free to this user on the disk holding dir;
// ok is false where that cannot be told. A variable, so tests can pretend
// the disk is full.
var freeSpace = diskFree

// ErrNoSpace is returned by Build when the disk cannot hold the new index
// beside the old one.
var ErrNoSpace = errors.New("not enough free disk space")

// Build writes the dataset's index into a fresh folder and moves it into
// place, so an old index stays usable until the new one is complete: the
// disk must hold both for a while, and Build refuses at the start when it
// cannot (RemoveIndex first frees the old one's space). Memory: 24 bytes a
// row for the key arrays plus 12 while one of them is sorted, and the NIK
// table; the columns stream to disk.
func Build(ctx context.Context, ws *dataset.Workspace, d *dataset.Dataset, progress func(rows int64)) error {
	start := time.Now()
	final := IndexDir(ws, d)
	if err := os.MkdirAll(filepath.Dir(final), 0o700); err != nil {
		return err
	}
	need := max(d.RowsAccepted*indexBytesPerRow, runstat.DiskUsage(final))
	if free, ok := freeSpace(filepath.Dir(final)); ok && free < need+need/10 {
		return fmt.Errorf("index %s: %w: about %s needed in %s, %s free; free some, or rebuild with the old index removed first ('telusur index --replace %s')",
			d.Name, ErrNoSpace, runstat.Human(need), filepath.Dir(final), runstat.Human(free), d.Name)
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
	recs, err := createCol(tmp, "rec")
	if err != nil {
		return err
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
			nameHash := hashString(r.NameKey)
			rec := record{NIK: nk, DOB: noDate, Sex: sexCode(r.Sex), Marital: maritalCode(r.Marital),
				RT: small(r.RT), RW: small(r.RW), TPS: small(r.TPS),
				PlaceH: strHash(r.BirthPlace), AddressH: strHash(r.Address)}
			if r.NameKey != "" {
				rec.NameKeyH = nonZero(nameHash)
			}
			if !r.NKKMasked {
				rec.NKK, _ = digits(r.NKK)
			}
			if r.BirthDate != nil {
				rec.DOB = int32(*r.BirthDate)
				rec.YMD = packYMD(rec.DOB)
				if r.NameKey != "" {
					nyKey = append(nyKey, nameYearKey(nameHash, int(rec.YMD/10000)))
					nyPos = append(nyPos, row)
				}
			}
			rec.Region, _ = digits(r.RegionCode)
			recs.w.Write(unsafe.Slice((*byte)(unsafe.Pointer(&rec)), unsafe.Sizeof(rec)))
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
	if err := recs.close(); err != nil {
		return err
	}
	for _, s := range strs {
		if err := s.close(); err != nil {
			return err
		}
	}
	m.Rows, m.NIKRows, m.NameRows = int64(row), int64(len(nikKey)), int64(len(nyKey))
	if err := writeNums(tmp, "nik.hash", buildNIKHash(nikKey, nikPos)); err != nil {
		return err
	}
	nikKey, nikPos = nil, nil
	if err := writeKeys(tmp, "ny", nyKey, nyPos, 64); err != nil {
		return err
	}
	if err := writeNums(tmp, "ny.dir", nyDirectory(nyKey)); err != nil {
		return err
	}
	if err := writeBlockDates(tmp, nyPos); err != nil {
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

// RemoveIndex deletes the dataset's index, so a rebuild needs space for
// one index only.
func RemoveIndex(ws *dataset.Workspace, d *dataset.Dataset) error {
	return os.RemoveAll(IndexDir(ws, d))
}

// writeNums writes a column of numbers as they lie in memory, which is
// their little-endian form (see init).
func writeNums[T uint32 | uint64](dir, name string, v []T) error {
	c, err := createCol(dir, name)
	if err != nil {
		return err
	}
	if len(v) > 0 {
		c.w.Write(unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), len(v)*int(unsafe.Sizeof(v[0]))))
	}
	return c.close()
}

// writeBlockDates writes ny.ymd: the birth date of each blocking entry
// (yyyymmdd), beside the entries in key order, so a block's candidates
// are screened on their dates by reading a few consecutive cache lines
// instead of one random record each (a common name's block holds hundreds
// of rows at national scale). It reads the records the build has just
// written.
func writeBlockDates(dir string, pos []uint32) error {
	b, unmap, err := mapFile(filepath.Join(dir, "rec"))
	if err != nil {
		return err
	}
	defer unmap()
	recs := records(b)
	c, err := createCol(dir, "ny.ymd")
	if err != nil {
		return err
	}
	for _, p := range pos {
		if int(p) >= len(recs) {
			c.close()
			return fmt.Errorf("index: blocking entry for row %d beyond the records", p)
		}
		c.u32(uint32(recs[p].YMD))
	}
	return c.close()
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
