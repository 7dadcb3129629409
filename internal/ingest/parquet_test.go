package ingest

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/telusur/telusur/internal/dataset"
	"github.com/telusur/telusur/internal/dpt"
	"github.com/telusur/telusur/internal/normalize"
	"github.com/telusur/telusur/internal/synth"
)

// registryRoles are the roles the columns of a registry written by synth
// (dpt.Record) must get.
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

// readRegistryFile reads one Parquet part of a synthetic registry.
func readRegistryFile(t *testing.T, path string) []dpt.Record {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := parquet.NewGenericReader[dpt.Record](f)
	defer r.Close()
	var out []dpt.Record
	buf := make([]dpt.Record, 512)
	for {
		n, err := r.Read(buf)
		out = append(out, buf[:n]...)
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestParquetRegistry ingests the DPT snapshot of a synthetic registry (a
// folder of Parquet files, one per province) as a reference dataset, as
// verify does, and checks every row against the registry itself.
func TestParquetRegistry(t *testing.T) {
	ctx := context.Background()
	reg := t.TempDir()
	m, err := synth.WriteRegistry(ctx, synth.RegistryOptions{Size: 3000, Seed: 11, Out: reg, Tool: "test"})
	if err != nil {
		t.Fatal(err)
	}
	snap := m.Snapshots[len(m.Snapshots)-1]
	if snap.Dir != "3-DPT" {
		t.Fatalf("last snapshot in %s", snap.Dir)
	}
	dir := filepath.Join(reg, snap.Dir)

	// The registry, by NIK (or passport: some overseas voters have no NIK).
	want := map[string]dpt.Record{}
	keyOf := func(nik, passport string) string {
		if nik != "" {
			return "nik:" + nik
		}
		return "passport:" + passport
	}
	for _, f := range snap.Files {
		for _, r := range readRegistryFile(t, filepath.Join(dir, f)) {
			k := keyOf(r.NIK, r.Passport)
			if _, dup := want[k]; dup {
				t.Fatalf("registry key %s twice", k)
			}
			want[k] = r
		}
	}
	if int64(len(want)) != snap.Rows {
		t.Fatalf("registry files hold %d rows, manifest says %d", len(want), snap.Rows)
	}

	ws, err := dataset.Open(filepath.Join(t.TempDir(), "ws"))
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	res, err := Run(ctx, Options{Workspace: ws, Name: "dpt", Role: "reference", Paths: []string{dir}, Tool: "test", Ref: snap.Date})
	if err != nil {
		t.Fatal(err)
	}
	d := res.Dataset
	if d.RowsRead != snap.Rows || d.RowsAccepted+d.RowsRejected != d.RowsRead || d.RowsRejected != 0 {
		t.Fatalf("rows read %d (registry %d) = accepted %d + rejected %d", d.RowsRead, snap.Rows, d.RowsAccepted, d.RowsRejected)
	}

	srcs, err := ws.Sources(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 1 || len(srcs[0].Tables) != len(snap.Files) {
		t.Fatalf("%d sources, want 1 with %d tables", len(srcs), len(snap.Files))
	}
	for _, tb := range srcs[0].Tables {
		if tb.Format != "parquet" || tb.RowsRejected != 0 {
			t.Errorf("%s: format %s, %d rejected", tb.Name, tb.Format, tb.RowsRejected)
		}
		if len(tb.Columns) != len(dpt.Columns) {
			t.Errorf("%s: %d columns", tb.Name, len(tb.Columns))
		}
		for i, c := range tb.Columns {
			if c.Name != dpt.Columns[i] {
				t.Errorf("%s: column %d is %q, want %q", tb.Name, i+1, c.Name, dpt.Columns[i])
			}
			if w, ok := registryRoles[c.Name]; !ok || c.Role != string(w) {
				t.Errorf("%s: column %q detected as %s (by %s, %.2f), want %s", filepath.Base(tb.Name), c.Name, c.Role, c.By, c.Confidence, w)
			}
		}
	}

	seen := map[string]bool{}
	check := func(r *dataset.Row, w *dpt.Record) {
		k := keyOf(w.NIK, w.Passport)
		i32 := func(p *int32) int32 {
			if p == nil {
				return 0
			}
			return *p
		}
		switch {
		case r.NIK != w.NIK || r.NIKMasked:
			t.Errorf("%s: NIK %q", k, r.NIK)
		case r.NKK != w.NKK:
			t.Errorf("%s: NKK %q, want %q", k, r.NKK, w.NKK)
		case r.Name != normalize.PersonName(w.Name).Clean:
			t.Errorf("%s: name %q, want %q", k, r.Name, normalize.PersonName(w.Name).Clean)
		case r.BirthDate == nil || *r.BirthDate != w.BirthDate:
			t.Errorf("%s: birth date %v, want %s", k, r.BirthDate, w.BirthDate)
		case r.Sex != w.Sex:
			t.Errorf("%s: sex %q, want %q", k, r.Sex, w.Sex)
		case i32(r.RT) != w.RT || i32(r.RW) != w.RW:
			t.Errorf("%s: RT/RW %d/%d, want %d/%d", k, i32(r.RT), i32(r.RW), w.RT, w.RW)
		case i32(r.TPS) != w.TPS:
			t.Errorf("%s: TPS %d, want %d", k, i32(r.TPS), w.TPS)
		case r.RegionCode != w.VillageCode:
			t.Errorf("%s: region code %q, want the village code %q", k, r.RegionCode, w.VillageCode)
		case r.Passport != w.Passport:
			t.Errorf("%s: passport %q, want %q", k, r.Passport, w.Passport)
		}
	}
	n, overseas, noNIK := 0, 0, 0
	err = ws.Scan(d, func(rows []dataset.Row) error {
		for i := range rows {
			r := &rows[i]
			k := keyOf(r.NIK, r.Passport)
			w, ok := want[k]
			if !ok {
				t.Fatalf("row %d (%s): not in the registry", r.RowID, k)
			}
			if seen[k] {
				t.Fatalf("row %d: %s twice", r.RowID, k)
			}
			seen[k] = true
			check(r, &w)
			n++
			if w.Overseas() {
				overseas++
			}
			if w.NIK == "" {
				noNIK++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if int64(n) != snap.Rows {
		t.Fatalf("dataset holds %d rows, registry %d", n, snap.Rows)
	}
	t.Logf("%d rows checked (%d overseas, %d without NIK) in %d files", n, overseas, noNIK, len(snap.Files))
}

// TestSeveralRegionCodes: when a table gives several region codes (as a
// registry does: province, regency, district, village), each row gets the
// most precise one, wherever its column is.
func TestSeveralRegionCodes(t *testing.T) {
	ctx := context.Background()
	ws, err := dataset.Open(filepath.Join(t.TempDir(), "ws"))
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	p := filepath.Join(t.TempDir(), "codes.csv")
	csv := "kode_kel,nik,nama,kode_kec,kode_prov\n" +
		"3204112001,3204110101800001,SITI AMINAH,320411,32\n" +
		",3204110101800002,BUDI,320411,32\n" +
		"32.04.11.2001,3204110101800003,ANI,32.04.11,32\n" +
		",3204110101800004,JOKO,,32\n"
	if err := os.WriteFile(p, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := Run(ctx, Options{Workspace: ws, Name: "codes", Role: "leak", Paths: []string{p}, Tool: "test"})
	if err != nil {
		t.Fatal(err)
	}
	got := make([]string, 4)
	if err := ws.Scan(res.Dataset, func(rows []dataset.Row) error {
		for _, r := range rows {
			got[r.RowID-1] = r.RegionCode
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := []string{"3204112001", "320411", "3204112001", "32"}
	if !slices.Equal(got, want) {
		t.Fatalf("region codes %q, want %q", got, want)
	}
}
