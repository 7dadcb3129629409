package report

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestFormatInt(t *testing.T) {
	tests := []struct {
		name   string
		n      int64
		en, id string
	}{
		{"zero", 0, "0", "0"},
		{"three digits", 999, "999", "999"},
		{"four digits", 1000, "1,000", "1.000"},
		{"million", 1234567, "1,234,567", "1.234.567"},
		{"national", 204807222, "204,807,222", "204.807.222"},
		{"negative", -1234567, "-1,234,567", "-1.234.567"},
		{"negative short", -12, "-12", "-12"},
		{"max", math.MaxInt64, "9,223,372,036,854,775,807", "9.223.372.036.854.775.807"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatInt(tt.n, "en"); got != tt.en {
				t.Errorf("en: formatInt(%d) = %q, want %q", tt.n, got, tt.en)
			}
			if got := formatInt(tt.n, "id"); got != tt.id {
				t.Errorf("id: formatInt(%d) = %q, want %q", tt.n, got, tt.id)
			}
		})
	}
}

func TestFormatDecimal(t *testing.T) {
	tests := []struct {
		name   string
		v      float64
		places int
		en, id string
	}{
		{"score", 0.94, 2, "0.94", "0,94"},
		{"rounds", 0.945, 2, "0.94", "0,94"}, // binary 0.945 is just below
		{"grouped", 12345.678, 1, "12,345.7", "12.345,7"},
		{"no places", 97.4, 0, "97", "97"},
		{"tiny negative is zero", -0.00001, 1, "0.0", "0,0"},
		{"negative", -1234.5, 1, "-1,234.5", "-1.234,5"},
		{"NaN", math.NaN(), 1, "–", "–"},
		{"Inf", math.Inf(1), 1, "–", "–"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatDecimal(tt.v, tt.places, "en"); got != tt.en {
				t.Errorf("en: formatDecimal(%v, %d) = %q, want %q", tt.v, tt.places, got, tt.en)
			}
			if got := formatDecimal(tt.v, tt.places, "id"); got != tt.id {
				t.Errorf("id: formatDecimal(%v, %d) = %q, want %q", tt.v, tt.places, got, tt.id)
			}
		})
	}
}

func TestFormatPercent(t *testing.T) {
	tests := []struct {
		name   string
		share  float64
		en, id string
	}{
		{"typical", 0.973, "97.3%", "97,3%"},
		{"rounds half up", 0.96079, "96.1%", "96,1%"},
		{"zero", 0, "0.0%", "0,0%"},
		{"all", 1, "100.0%", "100,0%"},
		{"not quite none", 0.0004, "<0.1%", "<0,1%"},
		{"just a tenth", 0.0005, "0.1%", "0,1%"},
		{"not quite all", 0.9996, ">99.9%", ">99,9%"},
		{"just below all", 0.9994, "99.9%", "99,9%"},
		{"half", 0.5, "50.0%", "50,0%"},
		{"over one", 1.5, "150.0%", "150,0%"},
		{"NaN", math.NaN(), "–", "–"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatPercent(tt.share, "en"); got != tt.en {
				t.Errorf("en: formatPercent(%v) = %q, want %q", tt.share, got, tt.en)
			}
			if got := formatPercent(tt.share, "id"); got != tt.id {
				t.Errorf("id: formatPercent(%v) = %q, want %q", tt.share, got, tt.id)
			}
		})
	}
}

func TestFormatRange(t *testing.T) {
	tests := []struct {
		name   string
		r      [2]float64
		en, id string
	}{
		{"interval", [2]float64{0.96045, 0.96113}, "96.0–96.1%", "96,0–96,1%"},
		{"from zero", [2]float64{0, 0.0123}, "0.0–1.2%", "0,0–1,2%"},
		{"to all", [2]float64{0.9991, 1}, "99.9–100.0%", "99,9–100,0%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatRange(tt.r, "en"); got != tt.en {
				t.Errorf("en: formatRange(%v) = %q, want %q", tt.r, got, tt.en)
			}
			if got := formatRange(tt.r, "id"); got != tt.id {
				t.Errorf("id: formatRange(%v) = %q, want %q", tt.r, got, tt.id)
			}
		})
	}
}

func TestFormatBytes(t *testing.T) {
	tests := []struct {
		name   string
		n      int64
		en, id string
	}{
		{"bytes", 512, "512 B", "512 B"},
		{"kilobytes", 1536, "1.5 kB", "1,5 kB"},
		{"megabytes", 812_000_000, "812 MB", "812 MB"},
		{"rounds up a unit", 999_990, "1.0 MB", "1,0 MB"},
		{"gigabytes", 11_234_000_000, "11.2 GB", "11,2 GB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatBytes(tt.n, "en"); got != tt.en {
				t.Errorf("en: formatBytes(%d) = %q, want %q", tt.n, got, tt.en)
			}
			if got := formatBytes(tt.n, "id"); got != tt.id {
				t.Errorf("id: formatBytes(%d) = %q, want %q", tt.n, got, tt.id)
			}
		})
	}
}

func TestFormatTime(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	tests := []struct {
		name   string
		t      time.Time
		en, id string
	}{
		{"utc", time.Date(2026, 11, 25, 14, 3, 27, 0, time.UTC), "25 November 2026, 14:03 UTC", "25 November 2026 pukul 14.03 UTC"},
		{"written in UTC", time.Date(2024, 2, 14, 7, 5, 0, 0, wib), "14 February 2024, 00:05 UTC", "14 Februari 2024 pukul 00.05 UTC"},
		{"zero", time.Time{}, "–", "–"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatTime(tt.t, "en"); got != tt.en {
				t.Errorf("en: formatTime = %q, want %q", got, tt.en)
			}
			if got := formatTime(tt.t, "id"); got != tt.id {
				t.Errorf("id: formatTime = %q, want %q", got, tt.id)
			}
		})
	}
}

func TestFormatDate(t *testing.T) {
	tests := []struct {
		name   string
		t      time.Time
		en, id string
	}{
		{"DPT", time.Date(2023, 7, 2, 0, 0, 0, 0, time.UTC), "2 July 2023", "2 Juli 2023"},
		{"May", time.Date(2023, 5, 21, 0, 0, 0, 0, time.UTC), "21 May 2023", "21 Mei 2023"},
		{"August", time.Date(2023, 8, 17, 0, 0, 0, 0, time.UTC), "17 August 2023", "17 Agustus 2023"},
		{"December", time.Date(1945, 12, 31, 0, 0, 0, 0, time.UTC), "31 December 1945", "31 Desember 1945"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatDate(tt.t, "en"); got != tt.en {
				t.Errorf("en: formatDate = %q, want %q", got, tt.en)
			}
			if got := formatDate(tt.t, "id"); got != tt.id {
				t.Errorf("id: formatDate = %q, want %q", got, tt.id)
			}
		})
	}
}

func TestLocalizeExpected(t *testing.T) {
	tests := []struct {
		in, id string
	}{
		{"≥ 99%", "≥ 99%"},
		{"≤ 0.5%", "≤ 0,5%"},
		{"48.5–52.5%", "48,5–52,5%"},
		{"0.9", "0,9"},
		{"distance ≤ 8%", "jarak ≤ 8%"},
		{"48–52% men", "48–52% laki-laki"},
		{"≥ 90% similar", "≥ 90% similar"}, // unknown words stay as written
		{"skewed to low serials", "skewed to low serials"},
		{"v1.2", "v1.2"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := localizeExpected(tt.in, "id"); got != tt.id {
				t.Errorf("localizeExpected(%q, id) = %q, want %q", tt.in, got, tt.id)
			}
			if got := localizeExpected(tt.in, "en"); got != tt.in {
				t.Errorf("localizeExpected(%q, en) = %q, want it unchanged", tt.in, got)
			}
		})
	}
}

func TestHumanize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"nik_valid", "Nik valid"},
		{"exact+nik-typo", "Exact+nik typo"},
		{"", "–"},
		{"éclair", "Éclair"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := humanize(tt.in); got != tt.want {
				t.Errorf("humanize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNum(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "0"}, {12, "12"}, {1.5, "1.5"}, {1.234, "1.23"}, {-0.001, "0"}, {math.NaN(), "0"}, {578.0500001, "578.05"},
	}
	for _, tt := range tests {
		if got := num(tt.v); got != tt.want {
			t.Errorf("num(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		width int
		want  []string
	}{
		{"fits", "Same NIK", 34, []string{"Same NIK"}},
		{"breaks at spaces", "NIK beda satu angka, nama dan tgl. lahir sama", 20, []string{"NIK beda satu angka,", "nama dan tgl. lahir", "sama"}},
		{"long word alone", "abcdefghij klm", 4, []string{"abcdefghij", "klm"}},
		{"counts runes", "ééé ééé", 7, []string{"ééé ééé"}},
		{"empty", "", 10, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrap(tt.in, tt.width)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("wrap(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
			}
		})
	}
}
