package dataset

import "context"

// HasSourceOfSize reports whether the dataset has a source of exactly size
// bytes: when it has none, a file of that size cannot be one already
// ingested, and ingest can hash it while reading it instead of before.
func (w *Workspace) HasSourceOfSize(ctx context.Context, d *Dataset, size int64) (bool, error) {
	var found bool
	err := w.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sources WHERE dataset_id = ? AND size = ?)`, d.ID, size).Scan(&found)
	return found, err
}
