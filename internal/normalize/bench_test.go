package normalize

import "testing"

var (
	sinkName Name
	sinkDate DateResult
	sinkStr  string
)

func BenchmarkPersonName(b *testing.B) {
	for _, c := range []struct{ name, in string }{
		{"plain", "SITI AMINAH"},
		{"three_words", "MUHAMMAD RIZKY PRATAMA"},
		{"titles_old_spelling", "H. MOCH. DJAELANI, S.PD."},
		{"lower_case", "sri wahyuni"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkName = PersonName(c.in)
			}
		})
	}
}

func BenchmarkBirthDate(b *testing.B) {
	for _, c := range []struct{ name, in string }{
		{"pipe", "12|01|1980"},
		{"iso", "1980-01-12"},
		{"yy", "12-01-80"},
		{"indonesian", "12 JANUARI 1980"},
		{"excel", "29232"},
		{"timestamp", "1980-01-12T00:00:00Z"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkDate = BirthDate(c.in, testRef)
			}
		})
	}
}

func BenchmarkID(b *testing.B) {
	for _, c := range []struct{ name, in string }{
		{"clean", "3204110101800001"},
		{"dotted", "32.04.11.010180.0001"},
		{"masked", "320411******0001"},
		{"apostrophe", "'3204110101800001"},
		{"scientific", "3.20411E+15"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkStr, _, _ = ID(c.in)
			}
		})
	}
}

func BenchmarkPersonNameNoInitials(b *testing.B) {
	for _, c := range []struct{ name, in string }{
		{"plain", "SITI AMINAH"},
		{"folded", "MUHAMMAD RIZKY PRATAMA"},
		{"titles_old_spelling", "H. MOCH. DJAELANI, S.PD."},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkName = PersonNameNoInitials(c.in)
			}
		})
	}
}
