package source

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/andybalholm/brotli"
	"github.com/parquet-go/parquet-go/format"
	"github.com/pierrec/lz4/v4"
)

// A crafted Parquet file must not make the reader allocate without bound:
// the footer's Thrift lists, the page sizes and the compressed pages of a
// file are checked here before package parquet decodes them, as that
// package sizes its buffers from what the file declares (a 20-byte footer
// can declare a list of two billion schema elements) and decompresses
// pages without a limit.
const (
	// pqMaxFooterBytes bounds the file metadata (a national registry in one
	// file with small row groups has a footer of a few MB).
	pqMaxFooterBytes = 256 << 20
	// pqMaxStructs bounds the Thrift structs of the footer (schema
	// elements, row groups, column chunks and their parts): each becomes a
	// Go struct of up to a few hundred bytes.
	pqMaxStructs = 1 << 21
	// pqMaxDepth bounds the nesting of Thrift structs and of the schema.
	pqMaxDepth = 64
	// pqMaxPageBytes bounds the uncompressed size of one page.
	pqMaxPageBytes = 1 << 30
	// pqMaxPageValues bounds the values (levels included) of one page.
	pqMaxPageValues = 1 << 24
	// pqMaxHeaderBytes bounds one page header (its statistics hold a min
	// and a max value).
	pqMaxHeaderBytes = 16 << 20
)

var (
	errPqShort   = errors.New("thrift data ends early")
	errPqCorrupt = errors.New("corrupt Parquet file")
)

// pqCorrupt is a corruption error naming what is wrong.
func pqCorrupt(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errPqCorrupt, fmt.Sprintf(format, args...))
}

// pqFooter checks the magic bytes and the footer of a Parquet file of size
// bytes: the footer must fit in the file, its Thrift lists and strings in
// the footer, and the schema must nest at most pqMaxDepth levels. A file
// that starts like Parquet but has no footer is truncated
// (io.ErrUnexpectedEOF).
func pqFooter(r io.ReaderAt, size int64) error {
	var head [4]byte
	if size < 4 {
		return fmt.Errorf("not a Parquet file: %d bytes", size)
	}
	if _, err := r.ReadAt(head[:], 0); err != nil {
		return err
	}
	switch string(head[:]) {
	case "PAR1":
	case "PARE":
		return errors.New("encrypted Parquet file (modular encryption): not supported")
	default:
		return errors.New("not a Parquet file: no PAR1 magic at the start")
	}
	if size < 12 {
		return fmt.Errorf("truncated Parquet file: %d bytes, no footer: %w", size, io.ErrUnexpectedEOF)
	}
	var tail [8]byte
	if _, err := r.ReadAt(tail[:], size-8); err != nil {
		return err
	}
	switch string(tail[4:]) {
	case "PAR1":
	case "PARE":
		return errors.New("encrypted Parquet file (modular encryption): not supported")
	default:
		return fmt.Errorf("truncated Parquet file: no PAR1 magic at the end: %w", io.ErrUnexpectedEOF)
	}
	n := int64(binary.LittleEndian.Uint32(tail[:4]))
	if n+12 > size {
		return fmt.Errorf("truncated Parquet file: footer of %d bytes in a file of %d: %w", n, size, io.ErrUnexpectedEOF)
	}
	if n > pqMaxFooterBytes {
		return pqCorrupt("footer of %d bytes, over the limit of %d", n, pqMaxFooterBytes)
	}
	footer := make([]byte, n)
	if _, err := r.ReadAt(footer, size-8-n); err != nil {
		return err
	}
	s := thriftScan{b: footer}
	depth := 0
	// The schema is a depth-first list; remaining[k] counts the children
	// still expected at nesting level k.
	var remaining []int64
	err := s.fields(0, func(id int16, typ byte) (bool, error) {
		if id != 2 || typ != thriftList {
			return false, nil
		}
		size, et, err := s.listHeader()
		if err != nil {
			return true, err
		}
		for range size {
			if et != thriftStruct {
				if err := s.skip(et, 1); err != nil {
					return true, err
				}
				continue
			}
			children := int64(0)
			err := s.fields(1, func(id int16, typ byte) (bool, error) {
				if id != 5 || typ != thriftI32 {
					return false, nil
				}
				v, err := s.varint()
				children = v
				return true, err
			})
			if err != nil {
				return true, err
			}
			if len(remaining) > 0 {
				remaining[len(remaining)-1]--
			}
			if children > 0 {
				remaining = append(remaining, children)
				depth = max(depth, len(remaining))
				if depth > pqMaxDepth {
					return true, pqCorrupt("schema nested deeper than %d levels", pqMaxDepth)
				}
			}
			for len(remaining) > 0 && remaining[len(remaining)-1] <= 0 {
				remaining = remaining[:len(remaining)-1]
			}
		}
		return true, nil
	})
	if errors.Is(err, errPqShort) {
		return pqCorrupt("footer metadata ends early")
	}
	return err
}

// Thrift compact protocol types.
const (
	thriftTrue   = 1
	thriftFalse  = 2
	thriftByte   = 3
	thriftI16    = 4
	thriftI32    = 5
	thriftI64    = 6
	thriftDouble = 7
	thriftBinary = 8
	thriftList   = 9
	thriftSet    = 10
	thriftMap    = 11
	thriftStruct = 12
	thriftUUID   = 13
)

// thriftScan walks Thrift compact-protocol data without building it,
// checking that every list and string fits in what is left and counting
// the structs.
type thriftScan struct {
	b       []byte
	i       int
	structs int
}

func (s *thriftScan) left() int { return len(s.b) - s.i }

func (s *thriftScan) byte1() (byte, error) {
	if s.i >= len(s.b) {
		return 0, errPqShort
	}
	c := s.b[s.i]
	s.i++
	return c, nil
}

func (s *thriftScan) uvarint() (uint64, error) {
	v, n := binary.Uvarint(s.b[s.i:])
	if n == 0 {
		return 0, errPqShort
	}
	if n < 0 {
		return 0, pqCorrupt("varint overflows")
	}
	s.i += n
	return v, nil
}

// varint reads a zigzag-encoded integer.
func (s *thriftScan) varint() (int64, error) {
	u, err := s.uvarint()
	return int64(u>>1) ^ -int64(u&1), err
}

func (s *thriftScan) skipN(n uint64) error {
	if n > uint64(s.left()) {
		return errPqShort
	}
	s.i += int(n)
	return nil
}

// listHeader reads a list or set header: its size (checked against the
// bytes left, as every element takes at least one) and element type.
func (s *thriftScan) listHeader() (int, byte, error) {
	h, err := s.byte1()
	if err != nil {
		return 0, 0, err
	}
	size := uint64(h >> 4)
	if size == 15 {
		if size, err = s.uvarint(); err != nil {
			return 0, 0, err
		}
	}
	if size > uint64(s.left()) {
		return 0, 0, errPqShort
	}
	et := h & 0x0f
	if et == thriftStruct {
		if s.structs += int(size); s.structs > pqMaxStructs {
			return 0, 0, pqCorrupt("metadata holds over %d structures", pqMaxStructs)
		}
	}
	return int(size), et, nil
}

// fields reads a struct, calling fn (when not nil) with each field's id
// and type; fn returns true when it has read the value itself.
func (s *thriftScan) fields(depth int, fn func(id int16, typ byte) (bool, error)) error {
	if depth > pqMaxDepth {
		return pqCorrupt("Thrift structures nested deeper than %d levels", pqMaxDepth)
	}
	var last int16
	for {
		h, err := s.byte1()
		if err != nil {
			return err
		}
		if h == 0 {
			return nil
		}
		typ := h & 0x0f
		var id int16
		if d := h >> 4; d != 0 {
			id = last + int16(d)
		} else {
			v, err := s.varint()
			if err != nil {
				return err
			}
			id = int16(v)
		}
		last = id
		handled := false
		if fn != nil {
			if handled, err = fn(id, typ); err != nil {
				return err
			}
		}
		if !handled {
			if err := s.skip(typ, depth+1); err != nil {
				return err
			}
		}
	}
}

// skip skips one value of type typ (a field's value: booleans have none).
func (s *thriftScan) skip(typ byte, depth int) error {
	if depth > pqMaxDepth {
		return pqCorrupt("Thrift structures nested deeper than %d levels", pqMaxDepth)
	}
	switch typ {
	case thriftTrue, thriftFalse:
		return nil
	case thriftByte:
		return s.skipN(1)
	case thriftI16, thriftI32, thriftI64:
		_, err := s.uvarint()
		return err
	case thriftDouble:
		return s.skipN(8)
	case thriftUUID:
		return s.skipN(16)
	case thriftBinary:
		n, err := s.uvarint()
		if err != nil {
			return err
		}
		return s.skipN(n)
	case thriftList, thriftSet:
		size, et, err := s.listHeader()
		if err != nil {
			return err
		}
		for range size {
			if et == thriftTrue || et == thriftFalse {
				err = s.skipN(1) // a boolean in a list is a byte
			} else {
				err = s.skip(et, depth+1)
			}
			if err != nil {
				return err
			}
		}
		return nil
	case thriftMap:
		size, err := s.uvarint()
		if err != nil || size == 0 {
			return err
		}
		kv, err := s.byte1()
		if err != nil {
			return err
		}
		if size > uint64(s.left())/2 {
			return errPqShort
		}
		for range size {
			for _, t := range [2]byte{kv >> 4, kv & 0x0f} {
				if t == thriftTrue || t == thriftFalse {
					err = s.skipN(1)
				} else {
					err = s.skip(t, depth+1)
				}
				if err != nil {
					return err
				}
			}
		}
		return nil
	case thriftStruct:
		if s.structs++; s.structs > pqMaxStructs {
			return pqCorrupt("metadata holds over %d structures", pqMaxStructs)
		}
		return s.fields(depth, nil)
	}
	return pqCorrupt("unknown Thrift type %d", typ)
}

// pqPage is what the checks need of a page header.
type pqPage struct {
	typ          int64
	uncompressed int64
	compressed   int64
	values       int64
	// levelBytes precede the compressed data in a v2 data page.
	levelBytes   int64
	compressedV2 bool
}

// scanPageHeader reads a page header from b; errPqShort when b ends first.
func scanPageHeader(b []byte) (pqPage, int, error) {
	s := thriftScan{b: b}
	p := pqPage{typ: -1, uncompressed: -1, compressed: -1, compressedV2: true}
	inner := func(v2 bool) func(id int16, typ byte) (bool, error) {
		return func(id int16, typ byte) (bool, error) {
			var err error
			switch {
			case id == 1 && typ == thriftI32:
				p.values, err = s.varint()
			case v2 && (id == 5 || id == 6) && typ == thriftI32:
				var n int64
				n, err = s.varint()
				if n < 0 {
					return true, pqCorrupt("negative level length in a page header")
				}
				p.levelBytes += n
			case v2 && id == 7 && (typ == thriftTrue || typ == thriftFalse):
				p.compressedV2 = typ == thriftTrue
			default:
				return false, nil
			}
			return true, err
		}
	}
	err := s.fields(0, func(id int16, typ byte) (bool, error) {
		var err error
		switch {
		case id == 1 && typ == thriftI32:
			p.typ, err = s.varint()
		case id == 2 && typ == thriftI32:
			p.uncompressed, err = s.varint()
		case id == 3 && typ == thriftI32:
			p.compressed, err = s.varint()
		case (id == 5 || id == 7) && typ == thriftStruct:
			err = s.fields(1, inner(false))
		case id == 8 && typ == thriftStruct:
			err = s.fields(1, inner(true))
		default:
			return false, nil
		}
		return true, err
	})
	return p, s.i, err
}

// pqChunkChecker checks the pages of column chunks before they are read.
type pqChunkChecker struct {
	r     io.ReaderAt
	size  int64
	ratio float64
	buf   []byte
	lz4   []byte
}

// allowed is the largest uncompressed size a page of compressed bytes may
// have: the archives' ratio limit, and pqMaxPageBytes.
func (c *pqChunkChecker) allowed(compressed int64) int64 {
	return min(max(int64(c.ratio*float64(compressed)), BombFloor), pqMaxPageBytes)
}

func (c *pqChunkChecker) read(n, off int64) ([]byte, error) {
	if int64(cap(c.buf)) < n {
		c.buf = make([]byte, n)
	}
	b := c.buf[:n]
	if _, err := c.r.ReadAt(b, off); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	if n > 4<<20 && cap(c.buf) > 4<<20 {
		c.buf = nil // do not keep a large page's buffer for ever
	}
	return b, nil
}

// check walks the page headers of a column chunk as package parquet will
// read them (from the dictionary page, or the first data page, for the
// chunk's compressed size): every page must lie inside the chunk, declare
// sizes and value counts within the limits, and its compressed data must
// not expand beyond them. It returns the number of data pages checked;
// the reader decodes no more than these. Once the pages hold the chunk's
// declared values, what follows is not read and may be anything (some
// writers leave the dictionary page out of the chunk's offset).
//
// codec is the compression codec of the column's chunk in the first row
// group: package parquet decompresses every chunk of a column with it.
func (c *pqChunkChecker) check(cc *format.ColumnChunk, codec format.CompressionCodec) (int, error) {
	if cc.FilePath != "" {
		return 0, errors.New("column data in another file: not supported")
	}
	md := &cc.MetaData
	if md.Codec != codec {
		return 0, fmt.Errorf("column chunks compressed with %s and %s: not supported", codec, md.Codec)
	}
	start := md.DataPageOffset
	if md.DictionaryPageOffset != 0 {
		start = md.DictionaryPageOffset
	}
	total := md.TotalCompressedSize
	if start < 4 || total < 0 || start > c.size || total > c.size-start {
		return 0, pqCorrupt("column chunk lies outside the file")
	}
	end := start + total
	var values int64
	pages := 0
	for off := start; off < end; {
		next, isData, n, err := c.page(md.Codec, off, end)
		if err != nil {
			if md.NumValues > 0 && values >= md.NumValues {
				break
			}
			return 0, err
		}
		if isData {
			pages++
			values += n
		}
		off = next
	}
	return pages, nil
}

// page checks the page at off: it returns where the next page starts,
// whether it is a data page and its number of values.
func (c *pqChunkChecker) page(codec format.CompressionCodec, off, end int64) (next int64, isData bool, values int64, err error) {
	var p pqPage
	var hlen int
	for want := min(end-off, 256); ; want = min(end-off, want*16, pqMaxHeaderBytes) {
		b, err := c.read(want, off)
		if err != nil {
			return 0, false, 0, err
		}
		p, hlen, err = scanPageHeader(b)
		if err == nil {
			break
		}
		if !errors.Is(err, errPqShort) {
			return 0, false, 0, err
		}
		if want == end-off {
			return 0, false, 0, pqCorrupt("page header cut off at the end of its column chunk")
		}
		if want == pqMaxHeaderBytes {
			return 0, false, 0, pqCorrupt("page header over %d bytes", pqMaxHeaderBytes)
		}
	}
	switch {
	case p.compressed < 0 || p.uncompressed < 0:
		return 0, false, 0, pqCorrupt("page header without sizes")
	case p.compressed > end-off-int64(hlen):
		return 0, false, 0, pqCorrupt("page of %d bytes extends beyond its column chunk", p.compressed)
	case p.values < 0 || p.values > pqMaxPageValues:
		return 0, false, 0, pqCorrupt("page of %d values (limit %d)", p.values, pqMaxPageValues)
	case p.uncompressed > c.allowed(p.compressed):
		return 0, false, 0, fmt.Errorf("page of %d bytes declares %d uncompressed bytes, beyond the ratio limit %g (+%d MiB): %w",
			p.compressed, p.uncompressed, c.ratio, BombFloor>>20, ErrBomb)
	}
	data, size := off+int64(hlen), p.compressed
	if p.typ == int64(format.DataPageV2) {
		if p.levelBytes > size {
			return 0, false, 0, pqCorrupt("page levels beyond the page")
		}
		data, size = data+p.levelBytes, size-p.levelBytes
		if !p.compressedV2 {
			size = 0 // nothing to decompress
		}
	}
	if codec != format.Uncompressed && size > 0 {
		b, err := c.read(size, data)
		if err != nil {
			return 0, false, 0, err
		}
		if err := c.checkCompressed(codec, b); err != nil {
			return 0, false, 0, err
		}
	}
	isData = p.typ == int64(format.DataPage) || p.typ == int64(format.DataPageV2)
	return off + int64(hlen) + p.compressed, isData, p.values, nil
}

// checkCompressed bounds what a compressed page expands to. Package parquet
// grows its output buffer as far as the data goes (and, for LZ4, doubles it
// for ever on corrupt data), so the bound is taken from the data itself:
// snappy's declared length, the block headers of zstd frames, the
// sequences of an LZ4 block (then decoded into exactly that size), and a
// counting decompression for gzip and brotli.
func (c *pqChunkChecker) checkCompressed(codec format.CompressionCodec, b []byte) error {
	limit := c.allowed(int64(len(b)))
	var n int64
	var err error
	switch codec {
	case format.Snappy:
		v, k := binary.Uvarint(b)
		if k <= 0 {
			return pqCorrupt("snappy page without its length")
		}
		n = int64(min(v, 1<<62))
	case format.Zstd:
		n, err = zstdBound(b)
	case format.Lz4Raw:
		// The sequences give the size; decoding into exactly that much
		// proves that package parquet's decoder will accept the block.
		if n, err = lz4Size(b); err == nil && n <= limit {
			if int64(cap(c.lz4)) < n {
				c.lz4 = make([]byte, n)
			}
			if m, derr := lz4.UncompressBlock(b, c.lz4[:n]); derr != nil || int64(m) != n {
				err = errors.New("block does not decode")
			}
			if cap(c.lz4) > 4<<20 {
				c.lz4 = nil
			}
		}
	case format.Gzip:
		var zr *gzip.Reader
		if zr, err = gzip.NewReader(bytes.NewReader(b)); err == nil {
			n, err = io.Copy(io.Discard, io.LimitReader(zr, limit+1))
		}
	case format.Brotli:
		n, err = io.Copy(io.Discard, io.LimitReader(brotli.NewReader(bytes.NewReader(b)), limit+1))
	default:
		return fmt.Errorf("compression codec %s: not supported", codec)
	}
	if err != nil {
		return pqCorrupt("%s page: %v", codec, err)
	}
	if n > limit {
		return fmt.Errorf("%s page of %d bytes expands beyond the ratio limit %g (+%d MiB): %w",
			codec, len(b), c.ratio, BombFloor>>20, ErrBomb)
	}
	return nil
}

// zstdBound returns an upper bound of what the zstd frames in b decompress
// to, from their block headers: raw and RLE blocks give their size, a
// compressed block at most 128 KiB.
func zstdBound(b []byte) (int64, error) {
	var total int64
	for len(b) > 0 {
		if len(b) < 8 {
			return 0, errors.New("truncated frame")
		}
		magic := binary.LittleEndian.Uint32(b)
		if magic&0xFFFFFFF0 == 0x184D2A50 { // skippable frame
			n := int64(binary.LittleEndian.Uint32(b[4:]))
			if n > int64(len(b)-8) {
				return 0, errors.New("truncated skippable frame")
			}
			b = b[8+n:]
			continue
		}
		if magic != 0xFD2FB528 {
			return 0, errors.New("not a zstd frame")
		}
		fhd := b[4]
		single := fhd&0x20 != 0
		n := 5
		if !single {
			n++ // window descriptor
		}
		n += [4]int{0, 1, 2, 4}[fhd&3] // dictionary id
		switch fhd >> 6 {
		case 0:
			if single {
				n++
			}
		case 1:
			n += 2
		case 2:
			n += 4
		case 3:
			n += 8
		}
		if fhd&0x08 != 0 {
			return 0, errors.New("reserved bit set")
		}
		if n > len(b) {
			return 0, errors.New("truncated frame header")
		}
		b = b[n:]
		for {
			if len(b) < 3 {
				return 0, errors.New("truncated block")
			}
			h := uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16
			b = b[3:]
			size := int64(h >> 3)
			switch (h >> 1) & 3 {
			case 0: // raw
				if size > int64(len(b)) {
					return 0, errors.New("truncated block")
				}
				b = b[size:]
				total += size
			case 1: // RLE
				if len(b) < 1 {
					return 0, errors.New("truncated block")
				}
				b = b[1:]
				total += size
			case 2:
				if size > int64(len(b)) {
					return 0, errors.New("truncated block")
				}
				b = b[size:]
				total += 128 << 10
			default:
				return 0, errors.New("reserved block type")
			}
			if h&1 != 0 {
				break
			}
		}
		if fhd&0x04 != 0 { // content checksum
			if len(b) < 4 {
				return 0, errors.New("truncated checksum")
			}
			b = b[4:]
		}
	}
	return total, nil
}

// lz4Size returns the size an LZ4 block decompresses to, checking that its
// sequences are well formed (so that package parquet's decoder never fails
// on it: it takes any failure for a short buffer and doubles it).
func lz4Size(b []byte) (int64, error) {
	var out int64
	i := 0
	length := func(n int64) (int64, error) {
		if n != 15 {
			return n, nil
		}
		for {
			if i >= len(b) {
				return 0, errors.New("truncated length")
			}
			c := b[i]
			i++
			n += int64(c)
			if n > 1<<40 {
				return 0, errors.New("length too large")
			}
			if c != 255 {
				return n, nil
			}
		}
	}
	if len(b) == 0 {
		return 0, nil
	}
	for {
		if i >= len(b) {
			return 0, errors.New("truncated block")
		}
		token := b[i]
		i++
		lit, err := length(int64(token >> 4))
		if err != nil {
			return 0, err
		}
		if lit > int64(len(b)-i) {
			return 0, errors.New("literals beyond the block")
		}
		i += int(lit)
		out += lit
		if i == len(b) {
			return out, nil // the last sequence has literals only
		}
		if i+2 > len(b) {
			return 0, errors.New("truncated offset")
		}
		off := int64(b[i]) | int64(b[i+1])<<8
		i += 2
		if off == 0 || off > out {
			return 0, errors.New("offset out of range")
		}
		m, err := length(int64(token & 0x0f))
		if err != nil {
			return 0, err
		}
		out += m + 4
		if out > 1<<40 {
			return 0, errors.New("block too large")
		}
	}
}
