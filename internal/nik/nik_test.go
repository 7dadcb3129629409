package nik

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// ref is the reference date of the tests: election day 2024.
var ref = time.Date(2024, 2, 14, 0, 0, 0, 0, time.UTC)

func codesOf(fs []Finding) []Code {
	var c []Code
	for _, f := range fs {
		c = append(c, f.Code)
	}
	return c
}

// checkMessages fails if a finding's message holds any digit, or a
// severity that is not its code's.
func checkMessages(t testing.TB, fs []Finding) {
	t.Helper()
	for _, f := range fs {
		if strings.ContainsAny(f.Message, "0123456789") {
			t.Errorf("message of %s holds a digit: %q", f.Code, f.Message)
		}
		if f.Severity != f.Code.Severity() {
			t.Errorf("%s reported as %v, want %v", f.Code, f.Severity, f.Code.Severity())
		}
	}
}

func TestParse(t *testing.T) {
	type want struct {
		district       string
		day, month, yy int
		female         bool
		birth          string // "2006-01-02" or "" for none
		serial         int
		codes          []Code
	}
	tests := []struct {
		name string
		in   string
		opt  Options // Ref defaults to ref
		want want
	}{
		{"man", "3204051203850001", Options{}, want{"320405", 12, 3, 85, false, "1985-03-12", 1, nil}},
		{"woman has forty added to the day", "3204055203850002", Options{}, want{"320405", 12, 3, 85, true, "1985-03-12", 2, nil}},
		{"woman on the first", "3171014101990123", Options{}, want{"317101", 1, 1, 99, true, "1999-01-01", 123, nil}},
		{"woman on the thirty-first", "3204057112900003", Options{}, want{"320405", 31, 12, 90, true, "1990-12-31", 3, nil}},
		{"surrounding white space is trimmed", " \t3204051203850001\n", Options{}, want{"320405", 12, 3, 85, false, "1985-03-12", 1, nil}},

		// Century resolution around the minimum age.
		{"seventeen on the reference date", "3204051402070004", Options{}, want{"320405", 14, 2, 7, false, "2007-02-14", 4, nil}},
		{"seventeen the day after is too young", "3204051502070004", Options{}, want{"320405", 15, 2, 7, false, "2007-02-15", 4, []Code{TooYoung}}},
		{"eighteen", "3204050101060001", Options{}, want{"320405", 1, 1, 6, false, "2006-01-01", 1, nil}},
		{"20YY too young so 19YY", "3204050101150001", Options{}, want{"320405", 1, 1, 15, false, "1915-01-01", 1, nil}},
		{"19YY at exactly the maximum age", "3204051402140001", Options{}, want{"320405", 14, 2, 14, false, "1914-02-14", 1, nil}},
		{"neither plausible, 19YY closer", "3204050101130001", Options{}, want{"320405", 1, 1, 13, false, "1913-01-01", 1, []Code{TooOld}}},
		{"neither plausible, 20YY closer", "3204050101100001", Options{}, want{"320405", 1, 1, 10, false, "2010-01-01", 1, []Code{TooYoung}}},
		{"neither plausible, tie goes to 20YY", "3204050101100001", Options{MinAge: 18}, want{"320405", 1, 1, 10, false, "2010-01-01", 1, []Code{TooYoung}}},
		{"married sixteen-year-old", "3204050106070001", Options{Married: true}, want{"320405", 1, 6, 7, false, "2007-06-01", 1, nil}},
		{"unmarried sixteen-year-old", "3204050106070001", Options{}, want{"320405", 1, 6, 7, false, "2007-06-01", 1, []Code{TooYoung}}},
		{"married twelve-year-old", "3204054106110001", Options{Married: true}, want{"320405", 1, 6, 11, true, "2011-06-01", 1, []Code{TooYoung}}},
		{"higher minimum age", "3204050101050001", Options{MinAge: 21}, want{"320405", 1, 1, 5, false, "2005-01-01", 1, []Code{TooYoung}}},
		{"lower maximum age", "3204050101200001", Options{MaxAge: 100}, want{"320405", 1, 1, 20, false, "1920-01-01", 1, []Code{TooOld}}},
		{"after the reference date in both centuries", "3204050101500001", Options{Ref: time.Date(1910, 1, 1, 0, 0, 0, 0, time.UTC)}, want{"320405", 1, 1, 50, false, "1950-01-01", 1, []Code{TooYoung}}},

		// 29 February.
		{"29 Feb in a leap year", "3204052902040001", Options{}, want{"320405", 29, 2, 4, false, "2004-02-29", 1, nil}},
		{"29 Feb woman in a leap year", "3204056902960001", Options{}, want{"320405", 29, 2, 96, true, "1996-02-29", 1, nil}},
		{"29 Feb in a non-leap year", "3204052902050001", Options{}, want{"320405", 29, 2, 5, false, "", 1, []Code{ImpossibleDate}}},
		{"29 Feb 00 is 2000", "3204052902000001", Options{}, want{"320405", 29, 2, 0, false, "2000-02-29", 1, nil}},
		{"29 Feb 00 stays 2000 even when too young", "3204052902000001", Options{Ref: time.Date(2010, 6, 1, 0, 0, 0, 0, time.UTC)}, want{"320405", 29, 2, 0, false, "2000-02-29", 1, []Code{TooYoung}}},
		{"28 Feb 00 may be 1900", "3204052802000001", Options{Ref: time.Date(2010, 6, 1, 0, 0, 0, 0, time.UTC)}, want{"320405", 28, 2, 0, false, "1900-02-28", 1, nil}},

		// Dates that do not exist.
		{"day zero", "3204050003850001", Options{}, want{"320405", 0, 3, 85, false, "", 1, []Code{ImpossibleDate}}},
		{"day thirty-two", "3204053203850001", Options{}, want{"320405", 32, 3, 85, false, "", 1, []Code{ImpossibleDate}}},
		{"day forty", "3204054003850001", Options{}, want{"320405", 40, 3, 85, false, "", 1, []Code{ImpossibleDate}}},
		{"day seventy-two", "3204057203850001", Options{}, want{"320405", 32, 3, 85, true, "", 1, []Code{ImpossibleDate}}},
		{"month zero", "3204051200850001", Options{}, want{"320405", 12, 0, 85, false, "", 1, []Code{ImpossibleDate}}},
		{"month thirteen", "3204051213850001", Options{}, want{"320405", 12, 13, 85, false, "", 1, []Code{ImpossibleDate}}},
		{"31 April", "3204053104850001", Options{}, want{"320405", 31, 4, 85, false, "", 1, []Code{ImpossibleDate}}},
		{"30 February", "3204053002840001", Options{}, want{"320405", 30, 2, 84, false, "", 1, []Code{ImpossibleDate}}},
		{"woman on 31 June", "3204057106850001", Options{}, want{"320405", 31, 6, 85, true, "", 1, []Code{ImpossibleDate}}},

		// Region codes.
		{"unknown province", "1004051203850001", Options{}, want{"100405", 12, 3, 85, false, "1985-03-12", 1, []Code{UnknownProvince}}},
		{"unknown regency", "3299051203850001", Options{}, want{"329905", 12, 3, 85, false, "1985-03-12", 1, []Code{UnknownRegency}}},
		{"unknown district", "3204011203850001", Options{}, want{"320401", 12, 3, 85, false, "1985-03-12", 1, []Code{UnknownDistrict}}},

		{"serial zero", "3204051203850000", Options{}, want{"320405", 12, 3, 85, false, "1985-03-12", 0, []Code{SerialZero}}},

		// Made-up patterns.
		{"one repeated digit", "1111111111111111", Options{}, want{"111111", 11, 11, 11, false, "1911-11-11", 1111, []Code{RepeatedDigits, TooOld}}},
		{"all zeros", "0000000000000000", Options{}, want{"000000", 0, 0, 0, false, "", 0, []Code{RepeatedDigits, UnknownProvince, ImpossibleDate, SerialZero}}},
		{"run of ten", "3204051111111111", Options{}, want{"320405", 11, 11, 11, false, "1911-11-11", 1111, []Code{RepeatedDigits, TooOld}}},
		{"run of nine is allowed", "3204052111111111", Options{}, want{"320405", 21, 11, 11, false, "1911-11-21", 1111, []Code{TooOld}}},
		{"ascending", "1234567890123456", Options{}, want{"123456", 38, 90, 12, true, "", 3456, []Code{SequentialDigits, UnknownRegency, ImpossibleDate}}},
		{"descending", "9876543210987654", Options{}, want{"987654", 32, 10, 98, false, "", 7654, []Code{SequentialDigits, UnknownProvince, ImpossibleDate}}},
		{"ascending through zero", "7890123456789012", Options{}, want{"789012", 34, 56, 78, false, "", 9012, []Code{SequentialDigits, UnknownProvince, ImpossibleDate}}},

		// Shape.
		{"letter O for zero", "3204051203850O01", Options{}, want{codes: []Code{NotDigits}}},
		{"dotted", "32.04.05.120385.0001", Options{}, want{codes: []Code{BadLength, NotDigits}}},
		{"inner space", "3204 051203850001", Options{}, want{codes: []Code{BadLength, NotDigits}}},
		{"dash of the right length", "320405-203850001", Options{}, want{codes: []Code{NotDigits}}},
		{"fifteen digits", "320405120385001", Options{}, want{codes: []Code{BadLength}}},
		{"seventeen digits", "32040512038500011", Options{}, want{codes: []Code{BadLength}}},
		{"empty", "", Options{}, want{codes: []Code{BadLength}}},
		{"white space only", " \t ", Options{}, want{codes: []Code{BadLength}}},
		{"full-width digits", "３２０４０５１２０３８５０００１", Options{}, want{codes: []Code{BadLength, NotDigits}}},
		{"masked and too short", "3204********01", Options{}, want{codes: []Code{BadLength}}},

		// Masks: only what is visible is checked.
		{"masked middle", "3204**********01", Options{}, want{"3204**", 0, 0, 0, false, "", 0, []Code{Masked}}},
		{"masked date", "320405xxxxxx0001", Options{}, want{"320405", 0, 0, 0, false, "", 1, []Code{Masked}}},
		{"masked regency, date visible", "32XX05120385##01", Options{}, want{"32XX05", 12, 3, 85, false, "1985-03-12", 0, []Code{Masked}}},
		{"fully masked", "################", Options{}, want{"######", 0, 0, 0, false, "", 0, []Code{Masked}}},
		{"masked, unknown province", "10**********0001", Options{}, want{"10****", 0, 0, 0, false, "", 1, []Code{Masked, UnknownProvince}}},
		{"masked, unknown regency", "3299********0001", Options{}, want{"3299**", 0, 0, 0, false, "", 1, []Code{Masked, UnknownRegency}}},
		{"masked, unknown district", "320401******0001", Options{}, want{"320401", 0, 0, 0, false, "", 1, []Code{Masked, UnknownDistrict}}},
		{"masked day, month thirteen", "320405**13850001", Options{}, want{"320405", 0, 13, 85, false, "", 1, []Code{Masked, ImpossibleDate}}},
		{"masked year, serial zero", "3204051203xx0000", Options{}, want{"320405", 12, 3, 0, false, "", 0, []Code{Masked, SerialZero}}},
		{"masked year, 29 Feb", "3204052902**0001", Options{}, want{"320405", 29, 2, 0, false, "", 1, []Code{Masked}}},
		{"masked serial, 29 Feb non-leap", "320405290205**01", Options{}, want{"320405", 29, 2, 5, false, "", 0, []Code{Masked, ImpossibleDate}}},
		{"masked run of ten", "1111111111XXXXXX", Options{}, want{"111111", 11, 11, 0, false, "", 0, []Code{Masked, RepeatedDigits}}},
		{"mask breaks a run", "111111111*111111", Options{}, want{"111111", 11, 0, 11, false, "", 1111, []Code{Masked}}},
		{"masked sequence is not a sequence", "1234**7890123456", Options{}, want{"1234**", 38, 90, 12, true, "", 3456, []Code{Masked, UnknownRegency, ImpossibleDate}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := tt.opt
			if opt.Ref.IsZero() {
				opt.Ref = ref
			}
			n, fs := Parse(tt.in, opt)
			checkMessages(t, fs)
			if got := codesOf(fs); !slices.Equal(got, tt.want.codes) {
				t.Errorf("findings %v, want %v", got, tt.want.codes)
			}
			if fs != nil && len(fs) == 0 {
				t.Errorf("findings empty but not nil")
			}
			if n.Digits != strings.TrimSpace(tt.in) {
				t.Errorf("Digits %q, want the trimmed input", n.Digits)
			}
			w := tt.want
			got := want{n.District, n.Day, n.Month, n.YY, n.Female, "", n.Serial, w.codes}
			if !n.BirthDate.IsZero() {
				got.birth = n.BirthDate.Format(time.DateOnly)
				if n.BirthDate.Location() != time.UTC || n.BirthDate.Hour() != 0 {
					t.Errorf("BirthDate %v not at UTC midnight", n.BirthDate)
				}
			}
			if !slices.Equal(codesOf(fs), w.codes) {
				return // already reported; the fields would only repeat it
			}
			if got.district != w.district || got.day != w.day || got.month != w.month || got.yy != w.yy ||
				got.female != w.female || got.birth != w.birth || got.serial != w.serial {
				t.Errorf("got %+v\nwant %+v", got, w)
			}
		})
	}
}

func TestParseNKK(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		ref      time.Time // zero means ref
		district string
		issued   string
		serial   int
		codes    []Code
	}{
		{"valid", "3204051503100001", time.Time{}, "320405", "2010-03-15", 1, nil},
		{"20YY after the reference date is 19YY", "3204051503850001", time.Time{}, "320405", "1985-03-15", 1, nil},
		{"issued on the reference date", "3204051402240001", time.Time{}, "320405", "2024-02-14", 1, nil},
		{"issued the day after the reference date", "3204051502240001", time.Time{}, "320405", "1924-02-15", 1, []Code{IssuedTooEarly}},
		{"first day of the first year", "3204050101770001", time.Time{}, "320405", "1977-01-01", 1, nil},
		{"last day before the first year", "3204053112760001", time.Time{}, "320405", "1976-12-31", 1, []Code{IssuedTooEarly}},
		{"after the reference date in both centuries", "3204050101990001", time.Date(1995, 6, 1, 0, 0, 0, 0, time.UTC), "320405", "1999-01-01", 1, []Code{FutureDate}},
		{"29 Feb 2000", "3204052902000001", time.Time{}, "320405", "2000-02-29", 1, nil},
		{"29 Feb 00 stays 2000 before it", "3204052902000001", time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC), "320405", "2000-02-29", 1, []Code{FutureDate}},
		{"29 Feb in a non-leap year", "3204052902010001", time.Time{}, "320405", "", 1, []Code{ImpossibleDate}},
		{"29 Feb after the reference date", "3204052902240001", time.Time{}, "320405", "1924-02-29", 1, []Code{IssuedTooEarly}},
		{"no forty added to the day", "3204054501100001", time.Time{}, "320405", "", 1, []Code{ImpossibleDate}},
		{"day zero", "3204050001100001", time.Time{}, "320405", "", 1, []Code{ImpossibleDate}},
		{"month thirteen", "3204050113100001", time.Time{}, "320405", "", 1, []Code{ImpossibleDate}},
		{"31 November", "3204053111100001", time.Time{}, "320405", "", 1, []Code{ImpossibleDate}},
		{"unknown province", "9904051503100001", time.Time{}, "990405", "2010-03-15", 1, []Code{UnknownProvince}},
		{"unknown regency", "3299051503100001", time.Time{}, "329905", "2010-03-15", 1, []Code{UnknownRegency}},
		{"unknown district", "3204011503100001", time.Time{}, "320401", "2010-03-15", 1, []Code{UnknownDistrict}},
		{"serial zero", "3204051503100000", time.Time{}, "320405", "2010-03-15", 0, []Code{SerialZero}},
		{"one repeated digit", "1111111111111111", time.Time{}, "111111", "2011-11-11", 1111, []Code{RepeatedDigits}},
		{"run of ten", "3204052222222222", time.Time{}, "320405", "", 2222, []Code{RepeatedDigits, ImpossibleDate}},
		{"ascending", "1234567890123456", time.Time{}, "123456", "", 3456, []Code{SequentialDigits, UnknownRegency, ImpossibleDate}},
		{"descending", "3210987654321098", time.Time{}, "321098", "", 1098, []Code{SequentialDigits, UnknownDistrict, ImpossibleDate}},
		{"masked", "3204**********01", time.Time{}, "3204**", "", 0, []Code{Masked}},
		{"masked date, serial zero", "320405xxxxxx0000", time.Time{}, "320405", "", 0, []Code{Masked, SerialZero}},
		{"masked, unknown province", "99XX************", time.Time{}, "99XX**", "", 0, []Code{Masked, UnknownProvince}},
		{"masked year, day impossible", "320405320X##0001", time.Time{}, "320405", "", 1, []Code{Masked, ImpossibleDate}},
		{"bad length", "320405150310001", time.Time{}, "", "", 0, []Code{BadLength}},
		{"not digits", "32040515031O0001", time.Time{}, "", "", 0, []Code{NotDigits}},
		{"trimmed", "\u00a03204051503100001 ", time.Time{}, "320405", "2010-03-15", 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.ref
			if r.IsZero() {
				r = ref
			}
			k, fs := ParseNKK(tt.in, Options{Ref: r})
			checkMessages(t, fs)
			if got := codesOf(fs); !slices.Equal(got, tt.codes) {
				t.Errorf("findings %v, want %v", got, tt.codes)
			}
			if k.Digits != strings.TrimSpace(tt.in) {
				t.Errorf("Digits %q, want the trimmed input", k.Digits)
			}
			issued := ""
			if !k.Issued.IsZero() {
				issued = k.Issued.Format(time.DateOnly)
			}
			if k.District != tt.district || issued != tt.issued || k.Serial != tt.serial {
				t.Errorf("got %q %q %d, want %q %q %d", k.District, issued, k.Serial, tt.district, tt.issued, tt.serial)
			}
		})
	}
}

func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	for i, c := range codes {
		if single[i][0] != finding(c) || len(single[i]) != 1 || cap(single[i]) != 1 {
			t.Errorf("shared finding of %s is %v", c, single[i])
		}
		t.Run(string(c), func(t *testing.T) {
			m := c.message()
			if m == "unknown rule" || seen[m] {
				t.Errorf("message %q not specific", m)
			}
			seen[m] = true
			if strings.ContainsAny(m, "0123456789") {
				t.Errorf("message %q holds a digit", m)
			}
			for _, r := range string(c) {
				if !(r >= 'a' && r <= 'z' || r == '_') {
					t.Errorf("code %q not snake_case", c)
				}
			}
		})
	}
	if len(seen) != 14 {
		t.Errorf("%d codes, want 14", len(seen))
	}
	if Code("nonsense").Severity() != Error {
		t.Error("unknown code should count as an error")
	}
}

func TestValid(t *testing.T) {
	tests := []struct {
		name string
		in   []Finding
		want bool
	}{
		{"nil", nil, true},
		{"info", add(nil, Masked), true},
		{"warning", add(add(nil, UnknownDistrict), TooOld), true},
		{"error among warnings", add(add(nil, UnknownRegency), SerialZero), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Valid(tt.in); got != tt.want {
				t.Errorf("Valid = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMake(t *testing.T) {
	b := time.Date(1985, 3, 12, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		district string
		birth    time.Time
		female   bool
		serial   int
		want     string // "" means an error
	}{
		{"man", "320405", b, false, 1, "3204051203850001"},
		{"woman", "320405", b, true, 9999, "3204055203859999"},
		{"calendar date in its own location", "320405", time.Date(1985, 3, 12, 23, 0, 0, 0, time.FixedZone("WIB", 7*3600)), false, 1, "3204051203850001"},
		{"year 1900", "320405", time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), false, 1, "3204050101000001"},
		{"year 2099", "320405", time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC), false, 1, "3204050101990001"},
		{"year 1899", "320405", time.Date(1899, 1, 1, 0, 0, 0, 0, time.UTC), false, 1, ""},
		{"year 2100", "320405", time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), false, 1, ""},
		{"serial zero", "320405", b, false, 0, ""},
		{"serial too big", "320405", b, false, 10000, ""},
		{"short district", "3204", b, false, 1, ""},
		{"dotted district", "32.04.05", b, false, 1, ""},
		{"masked district", "3204**", b, false, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Make(tt.district, tt.birth, tt.female, tt.serial)
			if tt.want == "" {
				if err == nil {
					t.Errorf("Make = %q, want an error", got)
				} else if strings.ContainsAny(err.Error(), "0123456789") {
					t.Errorf("error %q holds a digit", err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Make = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	if got, err := MakeNKK("320405", b, 42); err != nil || got != "3204051203850042" {
		t.Errorf("MakeNKK = %q, %v", got, err)
	}
}

func TestMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{"3171234567890001", "3171**********01"},
		{"32040512", "3204**12"},
		{"3204051", "*******"},
		{"", ""},
		{"12", "**"},
		{"32.04.05.120385.0001", "32.0**************01"},
		{"3204éé0001", "3204****01"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Mask(tt.in); got != tt.want {
				t.Errorf("Mask = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestIsMasked(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"3171**********01", true},
		{" 3171xxxxxxXX##01 ", true},
		{"3171", false},
		{"3171234567890001", false},
		{"3171-*********01", false},
		{"", false},
		{"*", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := IsMasked(tt.in); got != tt.want {
				t.Errorf("IsMasked = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseNoAllocs(t *testing.T) {
	opt := Options{Ref: ref}
	for _, s := range []string{"3204051203850001", "3171014101990123", "1101010101010001"} {
		if a := testing.AllocsPerRun(100, func() { Parse(s, opt) }); a != 0 {
			t.Errorf("Parse(valid) allocates %v times", a)
		}
	}
	for _, s := range []string{"3204051503100001", "3171013112230123"} {
		if a := testing.AllocsPerRun(100, func() { ParseNKK(s, opt) }); a != 0 {
			t.Errorf("ParseNKK(valid) allocates %v times", a)
		}
	}
}

func TestDefaultRef(t *testing.T) {
	// With no Ref, today counts: someone born thirty years ago is valid.
	y := time.Now().Year() - 30
	s, err := Make("320405", time.Date(y, 6, 15, 0, 0, 0, 0, time.UTC), false, 1)
	if err != nil {
		t.Fatal(err)
	}
	n, fs := Parse(s, Options{})
	if fs != nil || n.BirthDate.Year() != y {
		t.Errorf("got %v %v", n.BirthDate, codesOf(fs))
	}
}
