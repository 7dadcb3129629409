package link

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/telusur/telusur/internal/dataset"
	"github.com/telusur/telusur/internal/ingest"
)

// A build that the disk cannot hold beside the old index is refused at
// the start, with the way out in the message, and leaves nothing behind.
func TestBuildChecksSpace(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	csv := filepath.Join(dir, "ref.csv")
	body := "nik,nama,tanggal_lahir,jenis_kelamin\n3171010101900001,SITI AMINAH,1990-01-01,P\n3171014202850002,BUDI SANTOSO,1985-02-02,L\n"
	if err := os.WriteFile(csv, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	ws, err := dataset.Open(filepath.Join(dir, "ws"))
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	ref, err := ingest.Run(ctx, ingest.Options{Workspace: ws, Name: "ref", Role: "reference", Paths: []string{csv}, Tool: "test"})
	if err != nil {
		t.Fatal(err)
	}
	d := ref.Dataset

	old := freeSpace
	defer func() { freeSpace = old }()
	freeSpace = func(string) (int64, bool) { return 100, true }
	err = Build(ctx, ws, d, nil)
	if !errors.Is(err, ErrNoSpace) || !strings.Contains(err.Error(), "--replace") {
		t.Fatalf("Build on a full disk: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(IndexDir(ws, d)))
	for _, e := range entries {
		t.Errorf("left behind: %s", e.Name())
	}

	freeSpace = old
	if err := Build(ctx, ws, d, nil); err != nil {
		t.Fatal(err)
	}
	ix, built, err := OpenIndex(ctx, ws, d, nil)
	if err != nil {
		t.Fatal(err)
	}
	if built || ix.Meta.Rows != 2 || ix.Meta.NIKRows != 2 {
		t.Errorf("index after Build: built again %v, %d rows, %d NIKs", built, ix.Meta.Rows, ix.Meta.NIKRows)
	}
	ix.Close()
	if err := RemoveIndex(ws, d); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(IndexDir(ws, d)); !os.IsNotExist(err) {
		t.Errorf("index still there after RemoveIndex: %v", err)
	}
}
