package dataset

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unsafe"

	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding/delta"
	"github.com/parquet-go/parquet-go/encoding/plain"
	"github.com/parquet-go/parquet-go/encoding/rle"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// The column encoder below is written by hand rather than left to
// parquet.GenericWriter: taking every Row apart by reflection, hashing
// every value of every dictionary column and compressing plain 8-byte
// integers made the writer ~40% of ingest. Here each column is buffered
// as typed slices for a row group and encoded with parquet-go's own
// encoders; the file's schema is the one parquet-go derives from Row
// (rowSchema), so readers see exactly the same columns.

// colKind is how a Row field is stored.
type colKind uint8

const (
	kInt64    colKind = iota // required INT64, delta encoded
	kInt32                   // required INT32, delta encoded
	kBool                    // required BOOLEAN, plain (bit-packed)
	kString                  // required BYTE_ARRAY, DELTA_LENGTH_BYTE_ARRAY
	kDict                    // required BYTE_ARRAY, dictionary encoded while it pays
	kOptInt32                // optional INT32 (*int32, *dpt.Date), delta encoded
)

// Limits of a column's dictionary in one row group; past either the
// column falls back to DELTA_LENGTH_BYTE_ARRAY for that row group.
const (
	maxDictValues = 1 << 15
	maxDictBytes  = 1 << 20
	// maxPageBytes bounds the values of one data page of byte arrays.
	maxPageBytes = 1 << 20
)

// repetitiveColumns are free text columns dictionary encoded too: their
// values repeat (a household's address, places of birth, RT/RW as
// written), so the dictionary leaves zstd far less to compress (family
// card numbers repeat too, but compress better as they are).
var repetitiveColumns = map[string]bool{"address": true, "birth_place": true, "raw_rt_rw": true}

// prefixColumns are stored as DELTA_BYTE_ARRAY, each value as the length
// of the prefix it shares with the one before and the rest: neighbours'
// NIKs share their region and birth date digits, a household's NKK is the
// same, so zstd is left a fraction of the digits.
var prefixColumns = map[string]bool{"nik": true, "nkk": true}

// colSpec is one leaf column of Row: its name, how it is stored and where
// its field sits in the struct.
type colSpec struct {
	name   string
	kind   colKind
	off    uintptr
	bounds bool // min/max kept in the row group's statistics
	typ    format.Type
}

// rowLayout is Row's Parquet schema as parquet-go writes it, and the
// columns in schema order.
type rowLayout struct {
	schema []format.SchemaElement
	orders []format.ColumnOrder
	cols   []colSpec
}

// rowSchema derives the layout once: the schema elements come from a
// zero-row file written by parquet.GenericWriter[Row], so the files written
// here cannot drift from what parquet.GenericReader[Row] (Scan) and DuckDB
// expect; the field offsets come from Row's struct tags and are checked
// against that schema.
var rowSchema = sync.OnceValues(func() (*rowLayout, error) {
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[Row](&buf)
	if err := w.Close(); err != nil {
		return nil, err
	}
	f, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		return nil, err
	}
	md := f.Metadata()
	l := &rowLayout{schema: md.Schema, orders: md.ColumnOrders}
	skip := map[string]bool{}
	for _, c := range skipBoundsColumns {
		skip[c] = true
	}
	rt := reflect.TypeFor[Row]()
	for i := range rt.NumField() {
		sf := rt.Field(i)
		tag := strings.Split(sf.Tag.Get("parquet"), ",")
		c := colSpec{name: tag[0], off: sf.Offset, bounds: !skip[tag[0]]}
		dict := len(tag) > 1 && strings.Contains(strings.Join(tag[1:], ","), "dict") || repetitiveColumns[tag[0]]
		switch k := sf.Type.Kind(); {
		case k == reflect.Int64:
			c.kind, c.typ = kInt64, format.Int64
		case k == reflect.Int32:
			c.kind, c.typ = kInt32, format.Int32
		case k == reflect.Bool:
			c.kind, c.typ = kBool, format.Boolean
		case k == reflect.String && dict:
			c.kind, c.typ = kDict, format.ByteArray
		case k == reflect.String:
			c.kind, c.typ = kString, format.ByteArray
		case k == reflect.Pointer && sf.Type.Elem().Kind() == reflect.Int32:
			c.kind, c.typ = kOptInt32, format.Int32
		default:
			return nil, fmt.Errorf("dataset.Row field %s: no column encoder for %s", sf.Name, sf.Type)
		}
		l.cols = append(l.cols, c)
	}
	if len(l.schema) != len(l.cols)+1 {
		return nil, fmt.Errorf("dataset.Row: %d schema leaves, %d fields", len(l.schema)-1, len(l.cols))
	}
	for i, c := range l.cols {
		e := l.schema[i+1]
		optional := e.RepetitionType.Valid && e.RepetitionType.V == format.Optional
		if e.Name != c.name || !e.Type.Valid || e.Type.V != c.typ || optional != (c.kind == kOptInt32) {
			return nil, fmt.Errorf("dataset.Row column %d: schema has %s, encoder has %s", i, e.Name, c.name)
		}
	}
	return l, nil
})

// column buffers one column's values for the current row group.
type column struct {
	colSpec
	i64   []int64
	i32   []int32  // values (only the set ones of an optional column)
	defs  []byte   // definition levels of an optional column: 1 set, 0 null
	bools []byte   // one byte per value
	data  []byte   // byte arrays, concatenated
	offs  []uint32 // offs[i]..offs[i+1] is value i; offs[0] == 0

	// Dictionary state of a kDict column; plain is set when the
	// dictionary outgrew its limits in this row group.
	dict     map[string]int32
	keys     []string // the dictionary's values in order
	dictData []byte
	dictOffs []uint32
	idx      []int32
	last     string
	lastIdx  int32
	plain    bool

	// rawPages counts down the pages stored without compression after
	// one did not compress (random dates): zstd is not run on them again
	// for a while.
	rawPages int
}

func (c *column) reset() {
	c.i64, c.i32, c.defs, c.bools = c.i64[:0], c.i32[:0], c.defs[:0], c.bools[:0]
	c.data, c.offs = c.data[:0], append(c.offs[:0], 0)
	if c.kind == kDict {
		clear(c.dict)
		clear(c.keys)
		c.keys = c.keys[:0]
		c.dictData, c.dictOffs, c.idx = c.dictData[:0], append(c.dictOffs[:0], 0), c.idx[:0]
		c.last, c.lastIdx, c.plain = "", -1, false
	}
}

func (c *column) appendString(s string) {
	c.data = append(c.data, s...)
	c.offs = append(c.offs, uint32(len(c.data)))
}

// appendDict adds s to a dictionary column. Rows of a dump come grouped
// by region, so the previous value is tried before the map.
func (c *column) appendDict(s string) {
	if c.plain {
		c.appendString(s)
		return
	}
	if c.lastIdx >= 0 && s == c.last {
		c.idx = append(c.idx, c.lastIdx)
		return
	}
	// Sex, marital status and the like have a handful of values: a scan
	// of those is cheaper than hashing.
	i, ok := int32(-1), false
	if len(c.keys) <= 8 {
		for k, v := range c.keys {
			if v == s {
				i, ok = int32(k), true
				break
			}
		}
	} else {
		i, ok = c.dict[s]
	}
	if !ok {
		if len(c.dict) >= maxDictValues || len(c.dictData)+len(s) > maxDictBytes {
			c.toPlain()
			c.appendString(s)
			return
		}
		i = int32(len(c.dict))
		s = strings.Clone(s) // the key must not keep the row's text alive
		c.dict[s] = i
		c.keys = append(c.keys, s)
		c.dictData = append(c.dictData, s...)
		c.dictOffs = append(c.dictOffs, uint32(len(c.dictData)))
	}
	c.last, c.lastIdx = s, i
	c.idx = append(c.idx, i)
}

// toPlain turns the dictionary indexes buffered so far into plain values.
func (c *column) toPlain() {
	for _, i := range c.idx {
		c.data = append(c.data, c.dictData[c.dictOffs[i]:c.dictOffs[i+1]]...)
		c.offs = append(c.offs, uint32(len(c.data)))
	}
	c.plain = true
}

// appendRows buffers rows column by column. Fields are read at their
// offsets in Row (checked against the schema in rowSchema), which keeps
// this loop free of reflection and per-value calls.
func (c *column) appendRows(rows []Row) {
	switch c.kind {
	case kInt64:
		for i := range rows {
			c.i64 = append(c.i64, *(*int64)(unsafe.Add(unsafe.Pointer(&rows[i]), c.off)))
		}
	case kInt32:
		for i := range rows {
			c.i32 = append(c.i32, *(*int32)(unsafe.Add(unsafe.Pointer(&rows[i]), c.off)))
		}
	case kBool:
		for i := range rows {
			c.bools = append(c.bools, *(*byte)(unsafe.Add(unsafe.Pointer(&rows[i]), c.off)))
		}
	case kString:
		for i := range rows {
			c.appendString(*(*string)(unsafe.Add(unsafe.Pointer(&rows[i]), c.off)))
		}
	case kDict:
		for i := range rows {
			c.appendDict(*(*string)(unsafe.Add(unsafe.Pointer(&rows[i]), c.off)))
		}
	case kOptInt32:
		for i := range rows {
			if p := *(**int32)(unsafe.Add(unsafe.Pointer(&rows[i]), c.off)); p != nil {
				c.defs = append(c.defs, 1)
				c.i32 = append(c.i32, *p)
			} else {
				c.defs = append(c.defs, 0)
			}
		}
	}
}

// chunkEncoder writes column chunks; its buffers are reused across chunks.
type chunkEncoder struct {
	out   *countWriter
	zstd  *zstd.Encoder
	raw   []byte
	comp  []byte
	lvl   []byte
	hdr   []byte
	proto thrift.CompactProtocol
}

// countWriter counts the bytes written, for the offsets in the footer.
type countWriter struct {
	w interface{ Write([]byte) (int, error) }
	n int64
}

func (c *countWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

var (
	encDeltaInt    = &delta.BinaryPackedEncoding{}
	encDeltaLength = &delta.LengthByteArrayEncoding{}
	encDeltaPrefix = &delta.ByteArrayEncoding{}
	encPlain       = &plain.Encoding{}
	encDictIndex   = &rle.DictionaryEncoding{}
	encLevels      = &rle.Encoding{BitWidth: 1}
)

// writeChunk encodes and writes column c's n buffered values.
func (e *chunkEncoder) writeChunk(c *column, n int) (format.ColumnChunk, error) {
	md := format.ColumnMetaData{Type: c.typ, PathInSchema: []string{c.name}, Codec: format.Zstd, NumValues: int64(n)}
	start := e.out.n
	var unc int64
	page := func(hdr *format.PageHeader, err error) error {
		if err != nil {
			return err
		}
		u, werr := e.writePage(hdr)
		unc += u
		return werr
	}
	var err error
	switch c.kind {
	case kInt64:
		md.Encoding = []format.Encoding{format.DeltaBinaryPacked}
		md.Statistics = int64Stats(c.i64)
		e.raw, err = encDeltaInt.EncodeInt64(e.raw[:0], c.i64)
		err = page(e.dataPage(c, n, 0, nil, format.DeltaBinaryPacked, err))
	case kInt32, kOptInt32:
		md.Encoding = []format.Encoding{format.DeltaBinaryPacked}
		nulls := n - len(c.i32)
		md.Statistics = int32Stats(c.i32, nulls)
		var defs []byte
		if c.kind == kOptInt32 {
			md.Encoding = append(md.Encoding, format.RLE)
			defs = c.defs
		}
		e.raw, err = encDeltaInt.EncodeInt32(e.raw[:0], c.i32)
		err = page(e.dataPage(c, n, nulls, defs, format.DeltaBinaryPacked, err))
	case kBool:
		md.Encoding = []format.Encoding{format.Plain}
		md.Statistics = boolStats(c.bools)
		e.raw = packBits(e.raw[:0], c.bools)
		err = page(e.dataPage(c, n, 0, nil, format.Plain, nil))
	case kDict:
		if !c.plain {
			md.Encoding = []format.Encoding{format.Plain, format.RLEDictionary}
			md.Statistics = byteArrayStats(c.dictData, c.dictOffs, c.bounds)
			md.DictionaryPageOffset = e.out.n
			e.raw, err = encPlain.EncodeByteArray(e.raw[:0], c.dictData, c.dictOffs)
			err = page(e.dictPage(len(c.dictOffs)-1, err))
			if err != nil {
				break
			}
			md.DataPageOffset = e.out.n
			e.raw, err = encDictIndex.EncodeInt32(e.raw[:0], c.idx)
			err = page(e.dataPage(c, n, 0, nil, format.RLEDictionary, err))
			break
		}
		fallthrough
	case kString:
		enc := format.DeltaLengthByteArray
		if prefixColumns[c.name] {
			enc = format.DeltaByteArray
		}
		md.Encoding = []format.Encoding{enc}
		md.Statistics = byteArrayStats(c.data, c.offs, c.bounds)
		for from := 0; from < n && err == nil; {
			to := from + 1
			for to < n && c.offs[to+1]-c.offs[from] <= maxPageBytes {
				to++
			}
			if enc == format.DeltaByteArray {
				e.raw, err = encDeltaPrefix.EncodeByteArray(e.raw[:0], c.data, c.offs[from:to+1])
			} else {
				e.raw, err = encDeltaLength.EncodeByteArray(e.raw[:0], c.data[c.offs[from]:c.offs[to]], c.offs[from:to+1])
			}
			err = page(e.dataPage(c, to-from, 0, nil, enc, err))
			from = to
		}
	}
	if err != nil {
		return format.ColumnChunk{}, fmt.Errorf("column %s: %w", c.name, err)
	}
	if md.DictionaryPageOffset == 0 {
		md.DataPageOffset = start
	}
	md.TotalCompressedSize = e.out.n - start
	md.TotalUncompressedSize = unc
	return format.ColumnChunk{MetaData: md}, nil
}

// dictPage builds the header of a dictionary page holding e.raw and
// compresses it into e.comp.
func (e *chunkEncoder) dictPage(values int, err error) (*format.PageHeader, error) {
	if err != nil {
		return nil, err
	}
	e.lvl = e.lvl[:0]
	e.comp = e.zstd.EncodeAll(e.raw, e.comp[:0])
	h := &format.PageHeader{Type: format.DictionaryPage, UncompressedPageSize: int32(len(e.raw)), CompressedPageSize: int32(len(e.comp))}
	h.DictionaryPageHeader = thrift.New(format.DictionaryPageHeader{NumValues: int32(values), Encoding: format.Plain})
	return h, nil
}

// dataPage builds the header of a V2 data page of rows values (nulls of
// them null, defs their levels when the column is optional) whose encoded
// values are in e.raw, and compresses them into e.comp unless the column's
// pages do not compress.
func (e *chunkEncoder) dataPage(c *column, rows, nulls int, defs []byte, enc format.Encoding, err error) (*format.PageHeader, error) {
	if err != nil {
		return nil, err
	}
	e.lvl = e.lvl[:0]
	if defs != nil {
		if e.lvl, err = encLevels.EncodeLevels(e.lvl, defs); err != nil {
			return nil, err
		}
	}
	compressed := c.rawPages == 0
	if compressed {
		e.comp = e.zstd.EncodeAll(e.raw, e.comp[:0])
		if len(e.comp) > len(e.raw)*9/10 {
			c.rawPages = 16
		}
	} else {
		c.rawPages--
		e.comp = append(e.comp[:0], e.raw...)
	}
	h := &format.PageHeader{
		Type:                 format.DataPageV2,
		UncompressedPageSize: int32(len(e.lvl) + len(e.raw)),
		CompressedPageSize:   int32(len(e.lvl) + len(e.comp)),
	}
	h.DataPageHeaderV2 = thrift.New(format.DataPageHeaderV2{
		NumValues: int32(rows), NumNulls: int32(nulls), NumRows: int32(rows), Encoding: enc,
		DefinitionLevelsByteLength: int32(len(e.lvl)),
		IsCompressed:               thrift.New(compressed),
		Statistics:                 format.Statistics{NullCount: int64(nulls)},
	})
	return h, nil
}

// writePage writes a page header, its levels and its (compressed) values,
// and returns the page's uncompressed size.
func (e *chunkEncoder) writePage(h *format.PageHeader) (int64, error) {
	var err error
	if e.hdr, err = thrift.Marshal(&e.proto, h); err != nil {
		return 0, err
	}
	for _, b := range [][]byte{e.hdr, e.lvl, e.comp} {
		if _, err := e.out.Write(b); err != nil {
			return 0, err
		}
	}
	return int64(len(e.hdr)) + int64(h.UncompressedPageSize), nil
}

// writeFooter writes the file's metadata and trailer.
func (e *chunkEncoder) writeFooter(md *format.FileMetaData) error {
	b, err := thrift.Marshal(&e.proto, md)
	if err != nil {
		return err
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(len(b)))
	b = append(b, "PAR1"...)
	_, err = e.out.Write(b)
	return err
}

func packBits(dst, vals []byte) []byte {
	for i := 0; i < len(vals); i += 8 {
		var b byte
		for j, v := range vals[i:min(i+8, len(vals))] {
			b |= (v & 1) << j
		}
		dst = append(dst, b)
	}
	return dst
}

func int64Stats(v []int64) format.Statistics {
	if len(v) == 0 {
		return format.Statistics{}
	}
	lo, hi := v[0], v[0]
	for _, x := range v {
		lo, hi = min(lo, x), max(hi, x)
	}
	return format.Statistics{MinValue: plain.Int64(lo), MaxValue: plain.Int64(hi)}
}

func int32Stats(v []int32, nulls int) format.Statistics {
	s := format.Statistics{NullCount: int64(nulls)}
	if len(v) == 0 {
		return s
	}
	lo, hi := v[0], v[0]
	for _, x := range v {
		lo, hi = min(lo, x), max(hi, x)
	}
	s.MinValue, s.MaxValue = plain.Int32(lo), plain.Int32(hi)
	return s
}

func boolStats(v []byte) format.Statistics {
	if len(v) == 0 {
		return format.Statistics{}
	}
	var lo, hi byte = 1, 0
	for _, x := range v {
		lo, hi = min(lo, x), max(hi, x)
	}
	return format.Statistics{MinValue: []byte{lo}, MaxValue: []byte{hi}}
}

// byteArrayStats is the min and max of the values (a dictionary's values
// give those of its column); none for free text (skipBoundsColumns).
func byteArrayStats(data []byte, offs []uint32, bounds bool) format.Statistics {
	if !bounds || len(offs) < 2 {
		return format.Statistics{}
	}
	lo := data[offs[0]:offs[1]]
	hi := lo
	for i := 1; i+1 < len(offs); i++ {
		v := data[offs[i]:offs[i+1]]
		if bytes.Compare(v, lo) < 0 {
			lo = v
		} else if bytes.Compare(v, hi) > 0 {
			hi = v
		}
	}
	return format.Statistics{MinValue: bytes.Clone(lo), MaxValue: bytes.Clone(hi)}
}

// errClosed is returned by writes after Close or Abort.
var errClosed = errors.New("part writer closed")
