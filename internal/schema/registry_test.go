package schema

import (
	"context"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/telusur/telusur/internal/dpt"
	"github.com/telusur/telusur/internal/synth"
)

// registryRoles are the roles of the columns of a registry as synth writes
// it (dpt.Record): what a registry delivered in Parquet looks like.
var registryRoles = map[string]dpt.Role{
	"person_id": dpt.RoleOther, "nkk": dpt.RoleNKK, "nik": dpt.RoleNIK, "name": dpt.RoleName,
	"birth_place": dpt.RoleBirthPlace, "birth_date": dpt.RoleBirthDate, "marital_status": dpt.RoleMaritalStatus,
	"sex": dpt.RoleSex, "address": dpt.RoleAddress, "rt": dpt.RoleRT, "rw": dpt.RoleRW,
	"disability": dpt.RoleDisability, "ektp": dpt.RoleEKTP, "remarks": dpt.RoleRemarks,
	"province_code": dpt.RoleRegionCode, "province": dpt.RoleProvince,
	"regency_code": dpt.RoleRegionCode, "regency": dpt.RoleRegency,
	"district_code": dpt.RoleRegionCode, "district": dpt.RoleDistrict,
	"village_code": dpt.RoleRegionCode, "village": dpt.RoleVillage,
	"tps": dpt.RoleTPS, "passport": dpt.RolePassport,
	"overseas_post": dpt.RoleOther, "overseas_country": dpt.RoleOther,
}

// readRegistryCSV reads the header and up to 1000 rows of a registry file.
func readRegistryCSV(t *testing.T, path string) ([]string, [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for len(rows) < 1000 {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row)
	}
	return header, rows
}

// TestRegistryColumns detects the columns of every province file of a
// registry: all four region code columns are region_code, the person id
// and the overseas post and country are other. The same holds with the
// columns in reverse order (the finest code first).
func TestRegistryColumns(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a registry")
	}
	reg := t.TempDir()
	m, err := synth.WriteRegistry(context.Background(), synth.RegistryOptions{
		Size: 3000, Seed: 4, Out: reg, Format: "csv", Snapshots: synth.DefaultSnapshots(1)})
	if err != nil {
		t.Fatal(err)
	}
	s := m.Snapshots[0]
	for _, name := range s.Files {
		header, rows := readRegistryCSV(t, filepath.Join(reg, s.Dir, name))
		for _, reversed := range []bool{false, true} {
			h, rs := header, rows
			if reversed {
				h = slices.Clone(header)
				slices.Reverse(h)
				rs = make([][]string, len(rows))
				for i, r := range rows {
					rs[i] = slices.Clone(r)
					slices.Reverse(rs[i])
				}
			}
			sch := Detect(h, true, rs, nil)
			checkInvariants(t, sch, len(h))
			for _, c := range sch.Columns {
				if want := registryRoles[c.Name]; c.Role != want {
					t.Errorf("%s (reversed %v): column %q detected as %s (by %s, %.2f), want %s",
						name, reversed, c.Name, c.Role, c.By, c.Confidence, want)
				}
			}
		}
	}
}

func TestRegionCodeColumns(t *testing.T) {
	rows := [][]string{}
	for range 30 {
		rows = append(rows, []string{"32", "3204", "320411", "3204112001", "32.04.11.2001", "7"})
	}
	for _, tc := range []struct {
		name   string
		header []string
		want   []dpt.Role
	}{
		{"codes", []string{"KODE_PROV", "KODE_KAB", "KODE_KEC", "KODE_KEL", "KODE_WILAYAH", "TPS"},
			[]dpt.Role{dpt.RoleRegionCode, dpt.RoleRegionCode, dpt.RoleRegionCode, dpt.RoleRegionCode, dpt.RoleRegionCode, dpt.RoleTPS}},
		// A two-digit code is a province code only under a header naming
		// one: alone it is one small number among many.
		{"no header", nil, []dpt.Role{"", "", "", dpt.RoleRegionCode, dpt.RoleRegionCode, ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sch := Detect(tc.header, tc.header != nil, rows, nil)
			checkInvariants(t, sch, 6)
			for i, want := range tc.want {
				if got := sch.Columns[i].Role; want != "" && got != want {
					t.Errorf("column %d: %s (by %s), want %s", i+1, got, sch.Columns[i].By, want)
				}
			}
			if tc.header == nil && sch.Columns[0].Role == dpt.RoleRegionCode {
				t.Errorf("a bare two-digit number taken for a region code")
			}
		})
	}
}

func TestOtherHeaders(t *testing.T) {
	for _, h := range []string{"person_id", "PERSON_ID", "overseas_post", "Overseas Country", "NEGARA", "PPLN"} {
		if r, conf := headerRole(h); r != dpt.RoleOther || conf <= 0 {
			t.Errorf("headerRole(%q) = %s %.2f, want other", h, r, conf)
		}
	}
	// A column named other but holding NIKs is a NIK column all the same.
	rows := rowsOf(people(40, 3), colNIK)
	sch := Detect([]string{"person_id"}, true, rows, nil)
	if sch.Columns[0].Role != dpt.RoleNIK {
		t.Errorf("NIKs under person_id: %s (by %s)", sch.Columns[0].Role, sch.Columns[0].By)
	}
	// Overrides may give region_code to several columns.
	ov := map[string]dpt.Role{"1": dpt.RoleRegionCode, "2": dpt.RoleRegionCode}
	sch = Detect(nil, false, [][]string{{"32", "3204"}}, ov)
	checkInvariants(t, sch, 2)
	if sch.Columns[0].Role != dpt.RoleRegionCode || sch.Columns[1].Role != dpt.RoleRegionCode {
		t.Errorf("overrides: %s, %s", sch.Columns[0].Role, sch.Columns[1].Role)
	}
}
