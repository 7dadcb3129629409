package dataset

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"time"

	_ "modernc.org/sqlite" // pure-Go SQLite: no cgo, nothing to install
)

// DefaultDir is the workspace used when none is given: $TELUSUR_WORKSPACE,
// else ./telusur-workspace.
func DefaultDir() string {
	if d := os.Getenv("TELUSUR_WORKSPACE"); d != "" {
		return d
	}
	return "telusur-workspace"
}

// Workspace is an open workspace folder.
type Workspace struct {
	Dir string
	db  *sql.DB
	now func() time.Time
}

// CatalogFile is the catalogue's name inside a workspace.
const CatalogFile = "catalog.db"

// Open opens the workspace at dir, creating it (0700) and its catalogue
// (0600) when missing.
func Open(dir string) (*Workspace, error) {
	if err := os.MkdirAll(filepath.Join(dir, "datasets"), 0o700); err != nil {
		return nil, fmt.Errorf("workspace %s: %w", dir, err)
	}
	path := filepath.Join(dir, CatalogFile)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			return nil, fmt.Errorf("workspace %s: %w", dir, err)
		}
		f.Close()
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)")
	if err != nil {
		return nil, fmt.Errorf("open catalogue %s: %w", path, err)
	}
	db.SetMaxOpenConns(1) // one writer; the catalogue is small
	w := &Workspace{Dir: dir, db: db, now: func() time.Time { return time.Now().UTC() }}
	if err := w.migrate(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("catalogue %s: %w", path, err)
	}
	// WAL side files are created by SQLite with the process umask.
	for _, side := range []string{"-wal", "-shm"} {
		os.Chmod(path+side, 0o600)
	}
	return w, nil
}

// Close closes the catalogue.
func (w *Workspace) Close() error { return w.db.Close() }

const schema = `
CREATE TABLE IF NOT EXISTS datasets (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	role TEXT NOT NULL CHECK (role IN ('leak','reference')),
	dir TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	tool TEXT NOT NULL,
	rows_read INTEGER NOT NULL DEFAULT 0,
	rows_accepted INTEGER NOT NULL DEFAULT 0,
	rows_rejected INTEGER NOT NULL DEFAULT 0,
	parts INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sources (
	id INTEGER PRIMARY KEY,
	dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
	path TEXT NOT NULL,          -- the path given on the command line
	sha256 TEXT NOT NULL,
	size INTEGER NOT NULL,
	ingested_at TEXT NOT NULL,
	rows_read INTEGER NOT NULL DEFAULT 0,
	rows_accepted INTEGER NOT NULL DEFAULT 0,
	rows_rejected INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS sources_sha ON sources(sha256);
CREATE TABLE IF NOT EXISTS tables (
	id INTEGER PRIMARY KEY,
	source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	table_no INTEGER NOT NULL,
	name TEXT NOT NULL,          -- entry name inside archives, #sheet, #table
	format TEXT NOT NULL,
	has_header INTEGER NOT NULL,
	rows_read INTEGER NOT NULL DEFAULT 0,
	rows_accepted INTEGER NOT NULL DEFAULT 0,
	rows_rejected INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS columns (
	table_id INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
	idx INTEGER NOT NULL,
	name TEXT NOT NULL,
	role TEXT NOT NULL,
	confidence REAL NOT NULL,
	detected_by TEXT NOT NULL,
	PRIMARY KEY (table_id, idx)
);
CREATE TABLE IF NOT EXISTS rejects (
	table_id INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
	reason TEXT NOT NULL,
	count INTEGER NOT NULL,
	PRIMARY KEY (table_id, reason)
);
CREATE TABLE IF NOT EXISTS reject_samples (
	table_id INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
	line INTEGER NOT NULL,
	reason TEXT NOT NULL,
	preview TEXT NOT NULL        -- masked: digits and names hidden
);
CREATE TABLE IF NOT EXISTS skipped (
	source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	entry TEXT NOT NULL          -- file or member name and why it held no table
);
CREATE TABLE IF NOT EXISTS audit (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	tool TEXT NOT NULL,
	command TEXT NOT NULL,
	detail TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`

func (w *Workspace) migrate(ctx context.Context) error {
	_, err := w.db.ExecContext(ctx, schema)
	return err
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)

// ValidName reports whether s can name a dataset: letters, digits, '.',
// '_' and '-', starting with a letter or digit (it becomes a folder name).
func ValidName(s string) bool { return nameRE.MatchString(s) }
