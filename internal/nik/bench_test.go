package nik

import "testing"

var sinkNIK NIK
var sinkNKK NKK
var sinkFs []Finding

func BenchmarkParse(b *testing.B) {
	cases := []struct{ name, in string }{
		{"valid_man", "3204051203850001"},
		{"valid_woman", "3171014101990123"},
		{"masked", "3204**********01"},
		{"invalid", "3204053104850000"},
		{"bad_length", "32.04.05.120385.0001"},
	}
	opt := Options{Ref: ref}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkNIK, sinkFs = Parse(c.in, opt)
			}
		})
	}
	b.Run("valid_now", func(b *testing.B) {
		// No Ref: each call reads the clock.
		b.ReportAllocs()
		for b.Loop() {
			sinkNIK, sinkFs = Parse("3204051203850001", Options{})
		}
	})
}

func BenchmarkParseNKK(b *testing.B) {
	opt := Options{Ref: ref}
	b.ReportAllocs()
	for b.Loop() {
		sinkNKK, sinkFs = ParseNKK("3204051503100001", opt)
	}
}
