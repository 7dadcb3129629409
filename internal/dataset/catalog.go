package dataset

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"time"
)

// ErrNotFound is returned by Dataset when no dataset has the name.
var ErrNotFound = errors.New("no such dataset")

// Dataset is a catalogue entry.
type Dataset struct {
	ID           int64
	Name         string
	Role         string // "leak" or "reference"
	Dir          string // relative to the workspace
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Tool         string
	RowsRead     int64
	RowsAccepted int64
	RowsRejected int64
	Parts        int
}

// Source is one path ingested into a dataset.
type Source struct {
	ID           int64
	DatasetID    int64
	Path         string
	SHA256       string
	Size         int64
	IngestedAt   time.Time
	RowsRead     int64
	RowsAccepted int64
	RowsRejected int64
	Tables       []Table
	// Skips are the files and members under the path that held no table,
	// with the reason ("x.pdf: not a table (unknown format)").
	Skips []string
}

// Table is one table read from a source, with its columns and rejects.
type Table struct {
	ID           int64
	No           int
	Name         string
	Format       string
	HasHeader    bool
	RowsRead     int64
	RowsAccepted int64
	RowsRejected int64
	Columns      []Column
	Rejects      map[string]int64 // reason → count
	Samples      []RejectSample
}

// Column is a column's detected role.
type Column struct {
	Index      int
	Name       string
	Role       string
	Confidence float64
	By         string
}

// RejectSample is one rejected row, masked for display.
type RejectSample struct {
	Line    int64
	Reason  string
	Preview string
}

const timeFmt = time.RFC3339Nano

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeFmt, s)
	return t
}

const datasetCols = `id, name, role, dir, created_at, updated_at, tool, rows_read, rows_accepted, rows_rejected, parts`

func scanDataset(sc interface{ Scan(...any) error }) (*Dataset, error) {
	var d Dataset
	var c, u string
	if err := sc.Scan(&d.ID, &d.Name, &d.Role, &d.Dir, &c, &u, &d.Tool, &d.RowsRead, &d.RowsAccepted, &d.RowsRejected, &d.Parts); err != nil {
		return nil, err
	}
	d.CreatedAt, d.UpdatedAt = parseTime(c), parseTime(u)
	return &d, nil
}

// Dataset returns the dataset called name, or ErrNotFound.
func (w *Workspace) Dataset(ctx context.Context, name string) (*Dataset, error) {
	d, err := scanDataset(w.db.QueryRowContext(ctx, `SELECT `+datasetCols+` FROM datasets WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, name)
	}
	return d, err
}

// Datasets lists every dataset by name.
func (w *Workspace) Datasets(ctx context.Context) ([]Dataset, error) {
	rows, err := w.db.QueryContext(ctx, `SELECT `+datasetCols+` FROM datasets ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Dataset
	for rows.Next() {
		d, err := scanDataset(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	return out, rows.Err()
}

// CreateDataset returns the dataset called name, creating it with role when
// it does not exist. An existing dataset with another role is an error.
func (w *Workspace) CreateDataset(ctx context.Context, name, role, tool string) (*Dataset, error) {
	if !ValidName(name) {
		return nil, fmt.Errorf("dataset name %q: use letters, digits, '.', '_' or '-'", name)
	}
	if role != "leak" && role != "reference" {
		return nil, fmt.Errorf("dataset role %q: want leak or reference", role)
	}
	if d, err := w.Dataset(ctx, name); err == nil {
		if d.Role != role {
			return nil, fmt.Errorf("dataset %s exists with role %s, not %s", name, d.Role, role)
		}
		return d, nil
	} else if !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	now := w.now().Format(timeFmt)
	_, err := w.db.ExecContext(ctx, `INSERT INTO datasets (name, role, dir, created_at, updated_at, tool) VALUES (?,?,?,?,?,?)`,
		name, role, filepath.Join("datasets", name), now, now, tool)
	if err != nil {
		return nil, fmt.Errorf("create dataset %s: %w", name, err)
	}
	return w.Dataset(ctx, name)
}

// DropIfEmpty removes a dataset that has no sources (one created by an
// ingest that then failed), so a failure leaves no empty entry behind.
func (w *Workspace) DropIfEmpty(ctx context.Context, d *Dataset) error {
	_, err := w.db.ExecContext(ctx, `DELETE FROM datasets WHERE id = ? AND NOT EXISTS (SELECT 1 FROM sources WHERE dataset_id = ?)`, d.ID, d.ID)
	return err
}

// SourceCount is the number of sources a dataset has.
func (w *Workspace) SourceCount(ctx context.Context, d *Dataset) (int, error) {
	var n int
	err := w.db.QueryRowContext(ctx, `SELECT count(*) FROM sources WHERE dataset_id = ?`, d.ID).Scan(&n)
	return n, err
}

// SourceRef says where a file with a given hash was ingested before.
type SourceRef struct {
	Dataset string
	Path    string
	At      time.Time
}

// FindSource returns where a file with this SHA-256 was ingested.
func (w *Workspace) FindSource(ctx context.Context, sha string) ([]SourceRef, error) {
	rows, err := w.db.QueryContext(ctx, `SELECT d.name, s.path, s.ingested_at FROM sources s JOIN datasets d ON d.id = s.dataset_id WHERE s.sha256 = ? ORDER BY s.id`, sha)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SourceRef
	for rows.Next() {
		var r SourceRef
		var at string
		if err := rows.Scan(&r.Dataset, &r.Path, &at); err != nil {
			return nil, err
		}
		r.At = parseTime(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// AddSource records a source with its tables and counts, and updates the
// dataset's totals, in one transaction: a source is in the catalogue only
// once its rows are in the dataset's files.
func (w *Workspace) AddSource(ctx context.Context, d *Dataset, s *Source, parts int) error {
	if s.RowsRead != s.RowsAccepted+s.RowsRejected {
		return fmt.Errorf("source %s: %d rows read but %d accepted and %d rejected", s.Path, s.RowsRead, s.RowsAccepted, s.RowsRejected)
	}
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := w.now()
	res, err := tx.ExecContext(ctx, `INSERT INTO sources (dataset_id, path, sha256, size, ingested_at, rows_read, rows_accepted, rows_rejected) VALUES (?,?,?,?,?,?,?,?)`,
		d.ID, s.Path, s.SHA256, s.Size, now.Format(timeFmt), s.RowsRead, s.RowsAccepted, s.RowsRejected)
	if err != nil {
		return err
	}
	if s.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	s.IngestedAt, s.DatasetID = now, d.ID
	for i := range s.Tables {
		t := &s.Tables[i]
		res, err := tx.ExecContext(ctx, `INSERT INTO tables (source_id, table_no, name, format, has_header, rows_read, rows_accepted, rows_rejected) VALUES (?,?,?,?,?,?,?,?)`,
			s.ID, t.No, t.Name, t.Format, t.HasHeader, t.RowsRead, t.RowsAccepted, t.RowsRejected)
		if err != nil {
			return err
		}
		if t.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		for _, c := range t.Columns {
			if _, err := tx.ExecContext(ctx, `INSERT INTO columns (table_id, idx, name, role, confidence, detected_by) VALUES (?,?,?,?,?,?)`,
				t.ID, c.Index, c.Name, c.Role, c.Confidence, c.By); err != nil {
				return err
			}
		}
		for reason, n := range t.Rejects {
			if _, err := tx.ExecContext(ctx, `INSERT INTO rejects (table_id, reason, count) VALUES (?,?,?)`, t.ID, reason, n); err != nil {
				return err
			}
		}
		for _, r := range t.Samples {
			if _, err := tx.ExecContext(ctx, `INSERT INTO reject_samples (table_id, line, reason, preview) VALUES (?,?,?,?)`, t.ID, r.Line, r.Reason, r.Preview); err != nil {
				return err
			}
		}
	}
	for _, sk := range s.Skips {
		if _, err := tx.ExecContext(ctx, `INSERT INTO skipped (source_id, entry) VALUES (?,?)`, s.ID, sk); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE datasets SET rows_read = rows_read + ?, rows_accepted = rows_accepted + ?, rows_rejected = rows_rejected + ?, parts = parts + ?, updated_at = ? WHERE id = ?`,
		s.RowsRead, s.RowsAccepted, s.RowsRejected, parts, now.Format(timeFmt), d.ID); err != nil {
		return err
	}
	return tx.Commit()
}

// Sources returns a dataset's sources with their tables, columns, rejects
// and reject samples.
func (w *Workspace) Sources(ctx context.Context, d *Dataset) ([]Source, error) {
	rows, err := w.db.QueryContext(ctx, `SELECT id, path, sha256, size, ingested_at, rows_read, rows_accepted, rows_rejected FROM sources WHERE dataset_id = ? ORDER BY id`, d.ID)
	if err != nil {
		return nil, err
	}
	var out []Source
	for rows.Next() {
		s := Source{DatasetID: d.ID}
		var at string
		if err := rows.Scan(&s.ID, &s.Path, &s.SHA256, &s.Size, &at, &s.RowsRead, &s.RowsAccepted, &s.RowsRejected); err != nil {
			rows.Close()
			return nil, err
		}
		s.IngestedAt = parseTime(at)
		out = append(out, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := w.loadTables(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (w *Workspace) loadTables(ctx context.Context, s *Source) error {
	if err := w.query(ctx, `SELECT entry FROM skipped WHERE source_id = ? ORDER BY rowid`, []any{s.ID}, func(sc func(...any) error) error {
		var e string
		if err := sc(&e); err != nil {
			return err
		}
		s.Skips = append(s.Skips, e)
		return nil
	}); err != nil {
		return err
	}
	rows, err := w.db.QueryContext(ctx, `SELECT id, table_no, name, format, has_header, rows_read, rows_accepted, rows_rejected FROM tables WHERE source_id = ? ORDER BY table_no`, s.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		t := Table{Rejects: map[string]int64{}}
		if err := rows.Scan(&t.ID, &t.No, &t.Name, &t.Format, &t.HasHeader, &t.RowsRead, &t.RowsAccepted, &t.RowsRejected); err != nil {
			rows.Close()
			return err
		}
		s.Tables = append(s.Tables, t)
	}
	rows.Close()
	for i := range s.Tables {
		t := &s.Tables[i]
		if err := w.query(ctx, `SELECT idx, name, role, confidence, detected_by FROM columns WHERE table_id = ? ORDER BY idx`, []any{t.ID}, func(sc func(...any) error) error {
			var c Column
			if err := sc(&c.Index, &c.Name, &c.Role, &c.Confidence, &c.By); err != nil {
				return err
			}
			t.Columns = append(t.Columns, c)
			return nil
		}); err != nil {
			return err
		}
		if err := w.query(ctx, `SELECT reason, count FROM rejects WHERE table_id = ? ORDER BY count DESC, reason`, []any{t.ID}, func(sc func(...any) error) error {
			var r string
			var n int64
			if err := sc(&r, &n); err != nil {
				return err
			}
			t.Rejects[r] = n
			return nil
		}); err != nil {
			return err
		}
		if err := w.query(ctx, `SELECT line, reason, preview FROM reject_samples WHERE table_id = ? ORDER BY line`, []any{t.ID}, func(sc func(...any) error) error {
			var r RejectSample
			if err := sc(&r.Line, &r.Reason, &r.Preview); err != nil {
				return err
			}
			t.Samples = append(t.Samples, r)
			return nil
		}); err != nil {
			return err
		}
	}
	return nil
}

func (w *Workspace) query(ctx context.Context, q string, args []any, fn func(scan func(...any) error) error) error {
	rows, err := w.db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID      int64
	At      time.Time
	Tool    string
	Command string
	Detail  string
}

// Audit appends to the audit log. detail must not hold personal data
// (paths, dataset names and counts are fine).
func (w *Workspace) Audit(ctx context.Context, tool, command, detail string) error {
	_, err := w.db.ExecContext(ctx, `INSERT INTO audit (at, tool, command, detail) VALUES (?,?,?,?)`, w.now().Format(timeFmt), tool, command, detail)
	return err
}

// AuditLog returns the audit log, oldest first.
func (w *Workspace) AuditLog(ctx context.Context) ([]AuditEntry, error) {
	var out []AuditEntry
	err := w.query(ctx, `SELECT id, at, tool, command, detail FROM audit ORDER BY id`, nil, func(sc func(...any) error) error {
		var e AuditEntry
		var at string
		if err := sc(&e.ID, &at, &e.Tool, &e.Command, &e.Detail); err != nil {
			return err
		}
		e.At = parseTime(at)
		out = append(out, e)
		return nil
	})
	return out, err
}
