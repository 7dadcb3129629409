package dataset

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/telusur/telusur/internal/dpt"
)

func openTest(t *testing.T) *Workspace {
	t.Helper()
	ws, err := Open(filepath.Join(t.TempDir(), "ws"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	return ws
}

func TestCatalogueRoundTrip(t *testing.T) {
	ctx := context.Background()
	ws := openTest(t)
	if _, err := ws.Dataset(ctx, "x"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing dataset: %v", err)
	}
	d, err := ws.CreateDataset(ctx, "leak-2023", "leak", "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ws.CreateDataset(ctx, "leak-2023", "reference", "test"); err == nil {
		t.Error("same name with another role accepted")
	}
	for _, bad := range []string{"", "../x", "a/b", ".hidden"} {
		if _, err := ws.CreateDataset(ctx, bad, "leak", "test"); err == nil {
			t.Errorf("name %q accepted", bad)
		}
	}
	s := &Source{Path: "dump.zip", SHA256: "abc", Size: 10, RowsRead: 5, RowsAccepted: 4, RowsRejected: 1,
		Tables: []Table{{No: 1, Name: "dump.zip!/a.csv", Format: "delimited", HasHeader: true, RowsRead: 5, RowsAccepted: 4, RowsRejected: 1,
			Columns: []Column{{0, "NIK", "nik", 0.99, "header"}, {1, "NAMA", "name", 0.9, "header+content"}},
			Rejects: map[string]int64{"ragged": 1},
			Samples: []RejectSample{{Line: 3, Reason: "ragged", Preview: "3204**********01 | S. A."}}}}}
	if err := ws.AddSource(ctx, d, s, 1); err != nil {
		t.Fatal(err)
	}
	bad := &Source{Path: "x", SHA256: "def", RowsRead: 5, RowsAccepted: 3}
	if err := ws.AddSource(ctx, d, bad, 1); err == nil {
		t.Error("a source whose rows do not add up was accepted")
	}
	d, _ = ws.Dataset(ctx, "leak-2023")
	if d.RowsRead != 5 || d.RowsAccepted != 4 || d.RowsRejected != 1 || d.Parts != 1 {
		t.Errorf("dataset counts %+v", d)
	}
	srcs, err := ws.Sources(ctx, d)
	if err != nil || len(srcs) != 1 || len(srcs[0].Tables) != 1 {
		t.Fatalf("sources %+v, %v", srcs, err)
	}
	tb := srcs[0].Tables[0]
	if len(tb.Columns) != 2 || tb.Columns[1].Role != "name" || tb.Rejects["ragged"] != 1 || len(tb.Samples) != 1 {
		t.Errorf("table %+v", tb)
	}
	refs, err := ws.FindSource(ctx, "abc")
	if err != nil || len(refs) != 1 || refs[0].Dataset != "leak-2023" {
		t.Errorf("FindSource = %+v, %v", refs, err)
	}
	list, _ := ws.Datasets(ctx)
	if len(list) != 1 {
		t.Errorf("%d datasets", len(list))
	}
}

func TestAuditAppendOnly(t *testing.T) {
	ctx := context.Background()
	ws := openTest(t)
	for _, c := range []string{"ingest", "verify"} {
		if err := ws.Audit(ctx, "test", c, "detail"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ws.db.ExecContext(ctx, `UPDATE audit SET command = 'x'`); err == nil {
		t.Error("audit log was updated")
	}
	if _, err := ws.db.ExecContext(ctx, `DELETE FROM audit`); err == nil {
		t.Error("audit log was deleted")
	}
	log, err := ws.AuditLog(ctx)
	if err != nil || len(log) != 2 || log[1].Command != "verify" {
		t.Errorf("audit log %+v, %v", log, err)
	}
}

func TestPartsRoundTrip(t *testing.T) {
	ctx := context.Background()
	ws := openTest(t)
	d, err := ws.CreateDataset(ctx, "ref", "reference", "test")
	if err != nil {
		t.Fatal(err)
	}
	pw, err := ws.NewPartWriter(d, "part-000001.parquet", "test")
	if err != nil {
		t.Fatal(err)
	}
	bd := dpt.NewDate(1980, 1, 2)
	rt := int32(3)
	rows := []Row{{RowID: 1, NIK: "3204110201800001", Name: "SITI", BirthDate: &bd, RT: &rt}, {RowID: 2, NIK: "3204**********01", NIKMasked: true}}
	if err := pw.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := pw.Close(); err != nil {
		t.Fatal(err)
	}
	var got []Row
	if err := ws.Scan(d, func(b []Row) error { got = append(got, b...); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || *got[0].BirthDate != bd || *got[0].RT != 3 || got[1].BirthDate != nil || got[1].RT != nil || !got[1].NIKMasked {
		t.Errorf("read back %+v", got)
	}
	// Everything written is private to the user.
	filepath.Walk(ws.Dir, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		want := os.FileMode(0o600)
		if info.IsDir() {
			want = 0o700
		}
		if info.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", p, info.Mode().Perm(), want)
		}
		return nil
	})
}

func TestHashFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	os.WriteFile(p, []byte("abc"), 0o600)
	h, n, err := HashFile(p)
	if err != nil || n != 3 || h != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("HashFile = %s %d %v", h, n, err)
	}
}
