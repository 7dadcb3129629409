package nik

// Severity says how much a Finding counts against a number.
type Severity int

// The severities, weakest first.
const (
	Info    Severity = iota // worth knowing, says nothing about validity
	Warning                 // possible but unusual
	Error                   // the number cannot have been issued as given
)

// String returns "info", "warning" or "error".
func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "unknown"
}

// Code names the rule behind a Finding. Its string values are stable: they
// appear in reports and JSON output.
type Code string

// The codes, grouped by the part of the number they concern.
const (
	// Shape of the whole number.
	BadLength        Code = "bad_length"
	NotDigits        Code = "not_digits"
	Masked           Code = "masked"
	RepeatedDigits   Code = "repeated_digits"
	SequentialDigits Code = "sequential_digits"

	// Region code (first six digits).
	UnknownProvince Code = "unknown_province"
	UnknownRegency  Code = "unknown_regency"
	UnknownDistrict Code = "unknown_district"

	// Date (digits seven to twelve).
	ImpossibleDate Code = "impossible_date"
	TooYoung       Code = "too_young"
	TooOld         Code = "too_old"
	FutureDate     Code = "future_date"
	IssuedTooEarly Code = "issued_too_early"

	// Serial (last four digits).
	SerialZero Code = "serial_zero"
)

// Severity returns the severity with which c is reported; Error for a code
// this package does not know.
func (c Code) Severity() Severity {
	switch c {
	case Masked:
		return Info
	case UnknownRegency, UnknownDistrict, TooYoung, TooOld, IssuedTooEarly:
		// Regencies and districts have been split and renumbered over the
		// years while numbers keep the code current when they were issued,
		// so an unknown code below a known province is merely suspicious.
		// Age bounds depend on Options and on facts not in the number.
		return Warning
	}
	return Error
}

// message returns the fixed text of c. Every text is a constant naming the
// rule, so no value from the input can leak into logs through a Finding.
func (c Code) message() string {
	switch c {
	case BadLength:
		return "wrong number of characters"
	case NotDigits:
		return "contains characters other than digits and mask characters"
	case Masked:
		return "some digits are masked; only the visible parts were checked"
	case RepeatedDigits:
		return "long run of one repeated digit"
	case SequentialDigits:
		return "digits form an ascending or descending sequence"
	case UnknownProvince:
		return "province code not in the region table"
	case UnknownRegency:
		return "regency code not in the region table (it may be an older code)"
	case UnknownDistrict:
		return "district code not in the region table (it may be an older code)"
	case ImpossibleDate:
		return "date field is not a calendar date"
	case TooYoung:
		return "holder below the minimum age at the reference date"
	case TooOld:
		return "holder above the maximum age at the reference date"
	case FutureDate:
		return "date after the reference date"
	case IssuedTooEarly:
		return "issue date before family cards were introduced"
	case SerialZero:
		return "serial number is zero"
	}
	return "unknown rule"
}

// Finding is one observation about a number. Message never contains any
// part of the number.
type Finding struct {
	Code     Code
	Severity Severity
	Message  string
}

// String returns "severity code: message".
func (f Finding) String() string {
	return f.Severity.String() + " " + string(f.Code) + ": " + f.Message
}

// Valid reports whether f holds no Error finding.
func Valid(f []Finding) bool {
	for i := range f {
		if f[i].Severity >= Error {
			return false
		}
	}
	return true
}

// codes lists every code; single holds, for each, a one-element findings
// slice shared by all calls. A number breaking a single rule (a masked
// one, a regency code no longer current) is common in leaks, and the
// shared slice spares an allocation per call. Its capacity is its length,
// so appending to it copies.
var (
	codes = [...]Code{BadLength, NotDigits, Masked, RepeatedDigits, SequentialDigits,
		UnknownProvince, UnknownRegency, UnknownDistrict,
		ImpossibleDate, TooYoung, TooOld, FutureDate, IssuedTooEarly, SerialZero}
	single = func() (s [len(codes)][]Finding) {
		for i, c := range codes {
			s[i] = []Finding{finding(c)}
		}
		return s
	}()
)

func finding(c Code) Finding {
	return Finding{Code: c, Severity: c.Severity(), Message: c.message()}
}

// add appends the finding for c; fs may be shared, so it is never written.
func add(fs []Finding, c Code) []Finding {
	if fs == nil {
		for i := range codes {
			if codes[i] == c {
				return single[i]
			}
		}
	}
	if len(fs) == cap(fs) {
		// A bad number usually breaks several rules; grow by a few at once.
		n := make([]Finding, len(fs), len(fs)+4)
		copy(n, fs)
		fs = n
	}
	return append(fs, finding(c))
}
