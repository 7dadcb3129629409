package source

import (
	"encoding/binary"
	"encoding/hex"
	"math"
	"math/big"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
)

// pqKind is how a column's values are written as text.
type pqKind uint8

const (
	pqText      pqKind = iota // UTF-8 text
	pqHex                     // other binary
	pqBool                    // true / false
	pqInt                     // signed integer
	pqUint                    // unsigned integer
	pqFloat                   // shortest form
	pqDecimal                 // unscaled integer and scale
	pqDate                    // days since 1970-01-01
	pqTime                    // time of day
	pqTimestamp               // instant
	pqUUID                    // 16 bytes
	pqFloat16                 // 2 bytes, IEEE half precision
	pqNull                    // the UNKNOWN (always null) logical type
)

// pqConv turns a column's values into text.
type pqConv struct {
	kind  pqKind
	unit  time.Duration // of TIME and TIMESTAMP
	utc   bool          // TIMESTAMP adjusted to UTC
	scale int           // of DECIMAL
}

// pqDates holds the text of every day from 1900 to 2099, made once: birth
// dates repeat across millions of rows and thousands of files.
var pqDates = sync.OnceValue(func() []string {
	first, last := int64(pqDay1900), int64(47482) // 2100-01-01
	out := make([]string, last-first)
	for i := range out {
		out[i] = formatDay(first + int64(i))
	}
	return out
})

// pqDay1900 is 1900-01-01 in days since 1970-01-01.
const pqDay1900 = -25567

// setType picks the conversion of a leaf column from its logical (or
// legacy converted) type, else its physical type.
func (c *pqConv) setType(t parquet.Type) {
	c.kind = pqKindOf(t.Kind())
	if lt := t.LogicalType(); lt != nil && lt.Value != nil {
		switch v := lt.Value.(type) {
		case *format.StringType, *format.EnumType, *format.JsonType:
			c.kind = pqText
		case *format.DateType:
			c.kind = pqDate
		case *format.TimestampType:
			c.kind, c.unit, c.utc = pqTimestamp, pqUnit(&v.Unit), v.IsAdjustedToUTC
		case *format.TimeType:
			c.kind, c.unit = pqTime, pqUnit(&v.Unit)
		case *format.IntType:
			if v.IsSigned {
				c.kind = pqInt
			} else {
				c.kind = pqUint
			}
		case *format.DecimalType:
			c.kind, c.scale = pqDecimal, int(v.Scale)
			if c.scale < 0 || c.scale > 100 {
				c.scale = 0 // not a valid scale: the unscaled number is all there is
			}
		case *format.UUIDType:
			c.kind = pqUUID
		case *format.Float16Type:
			c.kind = pqFloat16
		case *format.NullType:
			c.kind = pqNull
		case *format.BsonType, *format.GeometryType, *format.GeographyType, *format.VariantType:
			c.kind = pqHex
		}
	} else if ct := t.ConvertedType(); ct != nil {
		switch *ct {
		case deprecated.UTF8, deprecated.Enum, deprecated.Json:
			c.kind = pqText
		case deprecated.Date:
			c.kind = pqDate
		case deprecated.TimestampMillis:
			c.kind, c.unit, c.utc = pqTimestamp, time.Millisecond, true
		case deprecated.TimestampMicros:
			c.kind, c.unit, c.utc = pqTimestamp, time.Microsecond, true
		case deprecated.TimeMillis:
			c.kind, c.unit = pqTime, time.Millisecond
		case deprecated.TimeMicros:
			c.kind, c.unit = pqTime, time.Microsecond
		case deprecated.Uint8, deprecated.Uint16, deprecated.Uint32, deprecated.Uint64:
			c.kind = pqUint
		case deprecated.Int8, deprecated.Int16, deprecated.Int32, deprecated.Int64:
			c.kind = pqInt
		case deprecated.Bson, deprecated.Interval:
			c.kind = pqHex
		}
	}
}

// pqKindOf is the conversion of a physical type without annotation: INT96
// is the legacy timestamp of Hive and Impala, a BYTE_ARRAY is text (old
// writers did not mark strings), a FIXED_LEN_BYTE_ARRAY binary.
func pqKindOf(k parquet.Kind) pqKind {
	switch k {
	case parquet.Boolean:
		return pqBool
	case parquet.Int32, parquet.Int64:
		return pqInt
	case parquet.Int96:
		return pqTimestamp
	case parquet.Float, parquet.Double:
		return pqFloat
	case parquet.FixedLenByteArray:
		return pqHex
	}
	return pqText
}

func pqUnit(u *format.TimeUnit) time.Duration {
	switch u.Value.(type) {
	case *format.MilliSeconds:
		return time.Millisecond
	case *format.MicroSeconds:
		return time.Microsecond
	}
	return time.Nanosecond
}

// pqSmallInts holds the text of 0..4095, the RTs, RWs, TPSs and codes that
// fill voter lists.
var pqSmallInts = sync.OnceValue(func() []string {
	s := make([]string, 4096)
	for i := range s {
		s[i] = strconv.Itoa(i)
	}
	return s
})

// cell returns the text of a value ("" for a null).
func (c *pqConv) cell(v parquet.Value) string {
	if v.IsNull() || c.kind == pqNull {
		return ""
	}
	switch v.Kind() {
	case parquet.Boolean:
		if v.Boolean() {
			return "true"
		}
		return "false"
	case parquet.Int32:
		x := v.Int32()
		if c.kind == pqUint {
			return c.intText(int64(uint32(x)))
		}
		return c.intText(int64(x))
	case parquet.Int64:
		x := v.Int64()
		if c.kind == pqUint && x < 0 {
			return strconv.FormatUint(uint64(x), 10)
		}
		return c.intText(x)
	case parquet.Int96:
		return int96Text(v.Int96())
	case parquet.Float:
		return floatText(float64(v.Float()), 32)
	case parquet.Double:
		return floatText(v.Double(), 64)
	case parquet.ByteArray, parquet.FixedLenByteArray:
		return c.bytesText(v.ByteArray())
	}
	return ""
}

func (c *pqConv) intText(x int64) string {
	switch c.kind {
	case pqDate:
		return c.dateText(x)
	case pqDecimal:
		return decimalText(strconv.FormatInt(x, 10), c.scale)
	case pqTime:
		return timeOfDayText(x, c.unit)
	case pqTimestamp:
		return c.timestampText(x)
	}
	if x >= 0 && x < 4096 {
		return pqSmallInts()[x]
	}
	return strconv.FormatInt(x, 10)
}

func (c *pqConv) bytesText(b []byte) string {
	switch c.kind {
	case pqText:
		return rowText(textUTF8).str(b)
	case pqDecimal:
		if len(b) > 0 && len(b) <= 64 {
			n := new(big.Int).SetBytes(b)
			if b[0]&0x80 != 0 {
				n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
			}
			return decimalText(n.String(), c.scale)
		}
	case pqUUID:
		if len(b) == 16 {
			h := hex.EncodeToString(b)
			return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
		}
	case pqFloat16:
		if len(b) == 2 {
			return floatText(float64(halfToFloat(binary.LittleEndian.Uint16(b))), 32)
		}
	case pqHex:
	default:
		if utf8.Valid(b) {
			return string(b) // an annotation that does not fit: keep the bytes
		}
	}
	return hex.EncodeToString(b)
}

// dateText writes days since 1970-01-01 as yyyy-mm-dd.
func (c *pqConv) dateText(x int64) string {
	if d := pqDates(); x >= pqDay1900 && x < pqDay1900+int64(len(d)) {
		return d[x-pqDay1900]
	}
	if x < math.MinInt32 || x > math.MaxInt32 {
		return strconv.FormatInt(x, 10)
	}
	return formatDay(x)
}

// formatDay writes a day as yyyy-mm-dd (a year beyond 9999 or before 0
// with as many digits and the sign it needs).
func formatDay(x int64) string {
	y, m, d := civil(x)
	var b []byte
	if y >= 0 && y <= 9999 {
		b = make([]byte, 10)
		b[0], b[1], b[2], b[3] = byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10)
		b[4], b[5], b[6], b[7] = '-', byte('0'+m/10), byte('0'+m%10), '-'
		b[8], b[9] = byte('0'+d/10), byte('0'+d%10)
	} else {
		b = strconv.AppendInt(nil, y, 10)
		b = append(b, '-', byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
	}
	return string(b)
}

// civil converts days since 1970-01-01 to a proleptic Gregorian date
// (Howard Hinnant's algorithm).
func civil(days int64) (y int64, m, d int) {
	z := days + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	if mp < 10 {
		m = int(mp + 3)
	} else {
		m = int(mp - 9)
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

const pqLocalLayout = "2006-01-02T15:04:05.999999999"

func (c *pqConv) timestampText(x int64) string {
	var t time.Time
	switch c.unit {
	case time.Millisecond:
		t = time.UnixMilli(x)
	case time.Microsecond:
		t = time.UnixMicro(x)
	default:
		t = time.Unix(0, x)
	}
	if c.utc {
		return t.UTC().Format(time.RFC3339Nano)
	}
	return t.UTC().Format(pqLocalLayout)
}

// int96Text writes a legacy INT96 timestamp (nanoseconds of the day, then
// the Julian day) in RFC 3339, UTC.
func int96Text(v deprecated.Int96) string {
	nanos := int64(uint64(v[0]) | uint64(v[1])<<32)
	day := int64(v[2]) - 2440588
	return time.Unix(day*86400, 0).Add(time.Duration(nanos)).UTC().Format(time.RFC3339Nano)
}

// timeOfDayText writes a TIME value as hh:mm:ss, with the fraction of a
// second when there is one; a value outside a day is written as a number.
func timeOfDayText(x int64, unit time.Duration) string {
	if unit <= 0 || x < 0 || x > int64(24*time.Hour/unit) {
		return strconv.FormatInt(x, 10)
	}
	return time.Unix(0, 0).Add(time.Duration(x) * unit).UTC().Format("15:04:05.999999999")
}

// decimalText places the decimal point scale digits from the right of an
// integer's digits ("-5", 2 → "-0.05").
func decimalText(digits string, scale int) string {
	if scale <= 0 {
		return digits
	}
	neg := false
	if len(digits) > 0 && digits[0] == '-' {
		neg, digits = true, digits[1:]
	}
	b := make([]byte, 0, len(digits)+scale+3)
	if neg {
		b = append(b, '-')
	}
	if len(digits) <= scale {
		b = append(b, '0', '.')
		for range scale - len(digits) {
			b = append(b, '0')
		}
		b = append(b, digits...)
	} else {
		b = append(b, digits[:len(digits)-scale]...)
		b = append(b, '.')
		b = append(b, digits[len(digits)-scale:]...)
	}
	return string(b)
}

// floatText writes a float in its shortest form, without an exponent
// between 1e-6 and 1e21 (as JSON encoders do).
func floatText(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	}
	format := byte('f')
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	b := strconv.AppendFloat(make([]byte, 0, 24), f, format, -1, bits)
	if format == 'e' {
		// 1e-07 → 1e-7, as JSON encoders write it.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return string(b)
}

// halfToFloat converts an IEEE 754 half-precision number.
func halfToFloat(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	frac := uint32(h & 0x3ff)
	switch {
	case exp == 0 && frac == 0:
		return math.Float32frombits(sign)
	case exp == 0: // subnormal
		f := float32(frac) / 1024 / 16384
		if sign != 0 {
			f = -f
		}
		return f
	case exp == 0x1f:
		return math.Float32frombits(sign | 0xff<<23 | frac<<13)
	}
	return math.Float32frombits(sign | (exp+112)<<23 | frac<<13)
}

// appendJSON appends a list element: numbers and booleans as they are,
// anything else as a JSON string.
func (c *pqConv) appendJSON(b []byte, s string) []byte {
	switch c.kind {
	case pqBool, pqInt, pqUint, pqDecimal:
		if s != "" {
			return append(b, s...)
		}
	case pqFloat:
		if s != "NaN" && s != "Inf" && s != "-Inf" && s != "" {
			return append(b, s...)
		}
	}
	return appendJSONString(b, s)
}

// appendJSONString appends s as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c == '\t':
			b = append(b, '\\', 't')
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
