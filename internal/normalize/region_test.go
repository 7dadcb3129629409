package normalize

import (
	"testing"

	"github.com/telusur/telusur/internal/region"
)

func TestRegionCode(t *testing.T) {
	// Take real areas from the table so the test follows it.
	prov, _ := region.Lookup("32")
	reg, ok := region.Lookup("3273") // Kota Bandung
	if !ok {
		t.Skip("region table lacks 3273")
	}
	var dist, vill region.Area
	for _, d := range region.Children(reg.Code) {
		if len(region.MatchAll(region.District, reg.Code, d.ShortName())) == 1 {
			dist = d
			break
		}
	}
	for _, v := range region.Children(dist.Code) {
		if len(region.MatchAll(region.Village, dist.Code, v.ShortName())) == 1 {
			vill = v
			break
		}
	}
	tests := []struct {
		name   string
		level  region.Level
		parent string
		raw    string
		want   string // "" means not ok
	}{
		{"province name", region.Province, "", prov.ShortName(), "32"},
		{"province alias", region.Province, "", "JABAR", "32"},
		{"province prefixed", region.Province, "", "PROV. JAWA BARAT", "32"},
		{"province code", region.Province, "", "32", "32"},
		{"regency kota", region.Regency, "", "KOTA BANDUNG", "3273"},
		{"regency kota lower", region.Regency, "", "kota bandung", "3273"},
		{"regency kab dotted", region.Regency, "", "KAB. BANDUNG", "3204"},
		{"regency bare ambiguous", region.Regency, "", "BANDUNG", ""},
		{"regency code dotted", region.Regency, "", "32.73", "3273"},
		{"regency code with name", region.Regency, "", "3273 - KOTA BANDUNG", "3273"},
		{"regency code under wrong parent", region.Regency, "33", "3273", ""},
		{"regency code of wrong level", region.Regency, "", "32", ""},
		{"district under parent", region.District, reg.Code, dist.ShortName(), dist.Code},
		{"district prefixed", region.District, reg.Code, "KEC. " + dist.ShortName(), dist.Code},
		{"district code", region.District, "", region.Dotted(dist.Code), dist.Code},
		{"village under parent", region.Village, dist.Code, vill.ShortName(), vill.Code},
		{"village prefixed", region.Village, dist.Code, "KEL. " + vill.ShortName(), vill.Code},
		{"village desa prefix", region.Village, dist.Code, "DESA " + vill.ShortName(), vill.Code},
		{"village code", region.Village, "", vill.Code, vill.Code},
		{"village dotted parent", region.Village, region.Dotted(dist.Code), vill.ShortName(), vill.Code},
		{"unknown", region.Village, dist.Code, "ATLANTIS", ""},
		{"unknown code", region.Village, "", "9999999999", ""},
		{"empty", region.Village, "", "", ""},
		{"bad level", region.Level(9), "", "JAWA BARAT", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := RegionCode(tt.level, tt.parent, tt.raw)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("RegionCode(%v, %q, %q) = %q, %v; want %q", tt.level, tt.parent, tt.raw, got, ok, tt.want)
			}
		})
	}
}
