package schema

import (
	"strings"
	"testing"

	"github.com/telusur/telusur/internal/dpt"
)

// FuzzDetect builds a table from a header line and a body, both split at
// '|' and newlines, with a flag for the header and one override; Detect
// must not panic and must keep its invariants.
func FuzzDetect(f *testing.F) {
	f.Add("NIK|NAMA|JK", "3204110101800001|SITI AMINAH|P\n3204115202850002|BUDI|L", true, "2", "name")
	f.Add("", "001|002\n003|004\n1|x", false, "", "")
	f.Add("RT|RT|RW", "1|2|3\n\n|||||", true, "RT", "rt")
	f.Add("KODE KEL|KELURAHAN", "3204112001|KEBONDALEM\n32.04.11.2001|DESA X", true, "9", "nkk")
	f.Add("TTL|USIA", "BANDUNG, 12-01-1980|45\nJAKARTA, 1 JAN 80|44 TAHUN", true, "usia", "other")
	f.Fuzz(func(t *testing.T, head, body string, hasHeader bool, key, role string) {
		var header []string
		if head != "" {
			header = strings.Split(head, "|")
		}
		var rows [][]string
		for _, line := range strings.Split(body, "\n") {
			rows = append(rows, strings.Split(line, "|"))
		}
		var ov map[string]dpt.Role
		if key != "" {
			ov = map[string]dpt.Role{key: dpt.Role(role)}
		}
		s := Detect(header, hasHeader, rows, ov)
		ncols := 0
		if hasHeader || header == nil {
			ncols = len(header)
		} else {
			rows = append([][]string{header}, rows...)
		}
		for _, r := range rows {
			ncols = max(ncols, len(r))
		}
		checkInvariants(t, s, ncols)
		for _, c := range s.Columns {
			if c.By == ByMap && (key == "" || c.Role != dpt.Role(role)) {
				t.Fatalf("column %d by map without that override", c.Index)
			}
		}
	})
}
