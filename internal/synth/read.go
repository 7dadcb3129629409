package synth

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/telusur/telusur/internal/dpt"
)

// ReadManifest reads registry.json from a registry folder.
func ReadManifest(dir string) (*RegistryManifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return nil, fmt.Errorf("read registry %s: %w (is it a folder written by `telusur synth registry`?)", dir, err)
	}
	var m RegistryManifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("read %s: %w", filepath.Join(dir, ManifestFile), err)
	}
	if len(m.Snapshots) == 0 {
		return nil, fmt.Errorf("read %s: no snapshots", filepath.Join(dir, ManifestFile))
	}
	return &m, nil
}

// errStop ends a scan early without error.
var errStop = errors.New("stop")

// scanSnapshot calls fn for every record of a snapshot, file by file in the
// manifest's order; file is the part's name. Records are reused: fn must
// copy what it keeps.
func scanSnapshot(dir string, m *RegistryManifest, s *SnapshotManifest, fn func(file string, r *dpt.Record) error) error {
	for _, name := range s.Files {
		path := filepath.Join(dir, s.Dir, name)
		var err error
		if m.Format == "csv" {
			err = scanCSV(path, func(r *dpt.Record) error { return fn(name, r) })
		} else {
			err = scanParquet(path, func(r *dpt.Record) error { return fn(name, r) })
		}
		if err == errStop {
			return nil
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func scanParquet(path string, fn func(*dpt.Record) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := parquet.NewGenericReader[dpt.Record](f)
	defer r.Close()
	buf := make([]dpt.Record, 1024)
	for {
		n, err := r.Read(buf)
		for i := 0; i < n; i++ {
			if ferr := fn(&buf[i]); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
	}
}

func scanCSV(path string, fn func(*dpt.Record) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.ReuseRecord = true
	if _, err := cr.Read(); err != nil {
		return fmt.Errorf("read %s header: %w", path, err)
	}
	var rec dpt.Record
	for line := 2; ; line++ {
		row, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		if err := parseRecord(row, &rec); err != nil {
			return fmt.Errorf("read %s line %d: %w", path, line, err)
		}
		if err := fn(&rec); err != nil {
			return err
		}
	}
}

// parseRecord is the inverse of dpt.Record.Strings for registry CSV files.
func parseRecord(v []string, r *dpt.Record) error {
	if len(v) != len(dpt.Columns) {
		return fmt.Errorf("%d fields, want %d", len(v), len(dpt.Columns))
	}
	id, err := strconv.ParseUint(v[0], 10, 64)
	if err != nil {
		return errors.New("bad person_id")
	}
	bd, err := time.Parse(time.DateOnly, v[5])
	if err != nil {
		return errors.New("bad birth_date")
	}
	num := func(s string) int32 {
		n, _ := strconv.Atoi(s)
		return int32(n)
	}
	*r = dpt.Record{
		PersonID: id, NKK: v[1], NIK: v[2], Name: v[3], BirthPlace: v[4], BirthDate: dpt.DateOf(bd),
		MaritalStatus: v[6], Sex: v[7], Address: v[8], RT: num(v[9]), RW: num(v[10]), Disability: num(v[11]),
		EKTP: v[12], Remarks: v[13], ProvinceCode: v[14], Province: v[15], RegencyCode: v[16], Regency: v[17],
		DistrictCode: v[18], District: v[19], VillageCode: v[20], Village: v[21], TPS: num(v[22]),
		Passport: v[23], OverseasPost: v[24], OverseasCountry: v[25],
	}
	return nil
}

// ReadSnapshot calls fn for every record of the named snapshot ("DPT",
// or its folder name "3-DPT") of the registry in dir. Records are reused:
// fn must copy what it keeps.
func ReadSnapshot(dir, name string, fn func(r *dpt.Record) error) error {
	m, err := ReadManifest(dir)
	if err != nil {
		return err
	}
	for i := range m.Snapshots {
		s := &m.Snapshots[i]
		if s.Name == name || s.Dir == name {
			return scanSnapshot(dir, m, s, func(_ string, r *dpt.Record) error { return fn(r) })
		}
	}
	return fmt.Errorf("registry %s has no snapshot %q", dir, name)
}
