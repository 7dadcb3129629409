package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/telusur/telusur/internal/dataset"
	"github.com/telusur/telusur/internal/dpt"
	"github.com/telusur/telusur/internal/ingest"
	"github.com/telusur/telusur/internal/progress"
	"github.com/telusur/telusur/internal/runstat"
	"github.com/telusur/telusur/internal/source"
	"github.com/telusur/telusur/internal/version"
)

// workspaceFlag adds --workspace to a command.
func workspaceFlag(c *cobra.Command, dir *string) {
	c.Flags().StringVar(dir, "workspace", dataset.DefaultDir(), "workspace folder (or $TELUSUR_WORKSPACE)")
}

// IngestOptions are the flags of `ingest`.
type IngestOptions struct {
	Workspace string
	Name      string
	Role      string
	Map       []string
	Password  string
	Encoding  string
	Force     bool
	MaxRatio  float64
	MaxTotal  int64
}

func newIngestCommand(g *globalOptions) *cobra.Command {
	var o IngestOptions
	c := &cobra.Command{
		Use:   "ingest PATH...",
		Short: "Read leaked files, folders or archives into a dataset of the workspace",
		Long: `Read files, folders and archives (zip, gz, zst, bz2, xz, tar, 7z, rar, nested)
holding CSV/TSV/';'/'|' text in any encoding, JSON or NDJSON, SQL dumps or XLSX,
detect what each column holds, normalise the values, and store the rows as a
dataset (Parquet) in the workspace. Every row read is either accepted or
rejected with a reason; 'telusur inspect NAME' shows the counts.

Roles for --map: ` + roleList(),
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New("give at least one path to ingest")}
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error { return runIngest(c, g, o, args) },
	}
	workspaceFlag(c, &o.Workspace)
	f := c.Flags()
	f.StringVar(&o.Name, "name", "", "dataset name (default the first path's base name)")
	f.StringVar(&o.Role, "role", "leak", "leak or reference")
	f.StringArrayVar(&o.Map, "map", nil, "override a column's role: COLUMN=ROLE (header or 1-based number); repeatable")
	f.StringVar(&o.Password, "password", "", "password of encrypted archives")
	f.StringVar(&o.Encoding, "encoding", "", "force the text encoding (utf-8, windows-1252, utf-16le, utf-16be)")
	f.BoolVar(&o.Force, "force", false, "read a file again even if its hash is already in the dataset")
	f.Float64Var(&o.MaxRatio, "max-ratio", 200, "largest decompression ratio before a file counts as a bomb")
	f.Int64Var(&o.MaxTotal, "max-total", 1<<40, "largest number of decompressed bytes read from archives")
	return c
}

func roleList() string {
	var rs []string
	for _, r := range dpt.Roles {
		rs = append(rs, string(r))
	}
	return strings.Join(rs, ", ")
}

func parseMap(items []string) (map[string]dpt.Role, error) {
	m := map[string]dpt.Role{}
	for _, it := range items {
		col, role, ok := strings.Cut(it, "=")
		r, known := dpt.ParseRole(strings.TrimSpace(role))
		if !ok || col == "" || !known {
			return nil, usageError{fmt.Errorf("--map %q: want COLUMN=ROLE with ROLE one of %s", it, roleList())}
		}
		m[strings.TrimSpace(col)] = r
	}
	return m, nil
}

func runIngest(c *cobra.Command, g *globalOptions, o IngestOptions, paths []string) error {
	m, err := parseMap(o.Map)
	if err != nil {
		return err
	}
	if o.Name == "" {
		o.Name = nameFromPath(paths[0])
	}
	if !dataset.ValidName(o.Name) {
		return usageError{fmt.Errorf("dataset name %q: use letters, digits, '.', '_' or '-'", o.Name)}
	}
	if o.Role != "leak" && o.Role != "reference" {
		return usageError{fmt.Errorf("--role %q: want leak or reference", o.Role)}
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("%w\nhint: check the path; folders and archives are fine", err)
		}
	}
	ws, err := dataset.Open(o.Workspace)
	if err != nil {
		return err
	}
	defer ws.Close()
	var total int64
	for _, p := range paths {
		total += runstat.DiskUsage(p)
	}
	var bytesRead, rows atomic.Int64
	bar := progress.New(total, "ingest", "bytes", g.quiet)
	stop := make(chan struct{})
	start := time.Now()
	go func() {
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				bar.Set(bytesRead.Load())
				el := time.Since(start).Seconds()
				bar.Describe(fmt.Sprintf("ingest %d rows (%.0f rows/s)", rows.Load(), float64(rows.Load())/max(el, 0.001)))
			}
		}
	}()
	res, err := ingest.Run(c.Context(), ingest.Options{
		Workspace: ws, Name: o.Name, Role: o.Role, Paths: paths, Map: m, Tool: version.Tool(), Force: o.Force,
		Source: source.Options{Password: o.Password, Encoding: o.Encoding, MaxRatio: o.MaxRatio, MaxTotal: o.MaxTotal, BytesRead: &bytesRead},
		Rows:   &rows,
	})
	close(stop)
	bar.Finish()
	el := time.Since(start)
	detail := fmt.Sprintf("dataset=%s role=%s paths=%s", o.Name, o.Role, strings.Join(paths, ","))
	if err != nil {
		_ = ws.Audit(context.WithoutCancel(c.Context()), version.Tool(), "ingest (failed)", detail)
		return err
	}
	_ = ws.Audit(c.Context(), version.Tool(), "ingest", detail)
	out := c.OutOrStdout()
	for _, s := range res.Skipped {
		fmt.Fprintf(out, "skipped %s: already ingested (sha256 %s…) into %s\n", s.Path, s.SHA256[:12], s.Before[0].Dataset)
	}
	var read, acc, rej int64
	for _, s := range res.Sources {
		read += s.RowsRead
		acc += s.RowsAccepted
		rej += s.RowsRejected
		fmt.Fprintf(out, "%s: %d tables, %d rows read = %d accepted + %d rejected\n", s.Path, len(s.Tables), s.RowsRead, s.RowsAccepted, s.RowsRejected)
		if len(s.Skips) > 0 {
			fmt.Fprintf(out, "  %d file(s) held no table (see 'telusur inspect %s')\n", len(s.Skips), res.Dataset.Name)
		}
	}
	fmt.Fprintf(out, "dataset %s (%s): %d rows in total; this run %d rows in %s (%.0f rows/s, %.1f MB/s); peak RSS %s\n",
		res.Dataset.Name, res.Dataset.Role, res.Dataset.RowsAccepted, read, el.Round(time.Millisecond),
		runstat.Rate(read, el), runstat.Rate(total, el)/1e6, runstat.Human(runstat.PeakRSS()))
	return nil
}

// nameFromPath makes a dataset name from a file or folder name.
func nameFromPath(p string) string {
	base := filepath.Base(filepath.Clean(p))
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, strings.TrimPrefix(base, "."))
}

func newDatasetsCommand() *cobra.Command {
	var dir string
	c := &cobra.Command{
		Use:   "datasets",
		Short: "List the datasets of the workspace",
		Args:  exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			ws, err := dataset.Open(dir)
			if err != nil {
				return err
			}
			defer ws.Close()
			ds, err := ws.Datasets(c.Context())
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(c.OutOrStdout(), 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tROLE\tROWS\tREJECTED\tUPDATED")
			for _, d := range ds {
				fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\n", d.Name, d.Role, d.RowsAccepted, d.RowsRejected, d.UpdatedAt.Format(time.RFC3339))
			}
			return tw.Flush()
		},
	}
	workspaceFlag(c, &dir)
	return c
}

func newInspectCommand() *cobra.Command {
	var dir string
	c := &cobra.Command{
		Use:   "inspect NAME",
		Short: "Show a dataset's sources, tables, column roles, counts and rejects",
		Args:  exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			ws, err := dataset.Open(dir)
			if err != nil {
				return err
			}
			defer ws.Close()
			d, err := ws.Dataset(c.Context(), args[0])
			if err != nil {
				return fmt.Errorf("%w\nhint: 'telusur datasets' lists them", err)
			}
			srcs, err := ws.Sources(c.Context(), d)
			if err != nil {
				return err
			}
			return printInspect(c.OutOrStdout(), d, srcs)
		},
	}
	workspaceFlag(c, &dir)
	return c
}

func printInspect(w io.Writer, d *dataset.Dataset, srcs []dataset.Source) error {
	fmt.Fprintf(w, "dataset %s (%s), created %s by %s\n", d.Name, d.Role, d.CreatedAt.Format(time.RFC3339), d.Tool)
	fmt.Fprintf(w, "rows read %d = accepted %d + rejected %d; %d part file(s) in %s\n", d.RowsRead, d.RowsAccepted, d.RowsRejected, d.Parts, d.Dir)
	for _, s := range srcs {
		fmt.Fprintf(w, "\nsource %s\n  sha256 %s, %d bytes, ingested %s\n  rows read %d = accepted %d + rejected %d\n",
			s.Path, s.SHA256, s.Size, s.IngestedAt.Format(time.RFC3339), s.RowsRead, s.RowsAccepted, s.RowsRejected)
		for _, sk := range s.Skips {
			fmt.Fprintf(w, "  skipped %s\n", sk)
		}
		for _, t := range s.Tables {
			hdr := "header"
			if !t.HasHeader {
				hdr = "no header"
			}
			fmt.Fprintf(w, "  table %d: %s (%s, %s): read %d = accepted %d + rejected %d\n", t.No, t.Name, t.Format, hdr, t.RowsRead, t.RowsAccepted, t.RowsRejected)
			tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "    #\tCOLUMN\tROLE\tCONFIDENCE\tBY")
			for _, col := range t.Columns {
				fmt.Fprintf(tw, "    %d\t%s\t%s\t%.2f\t%s\n", col.Index+1, col.Name, col.Role, col.Confidence, col.By)
			}
			tw.Flush()
			if len(t.Rejects) > 0 {
				var reasons []string
				for r := range t.Rejects {
					reasons = append(reasons, r)
				}
				sort.Strings(reasons)
				fmt.Fprintf(w, "    rejects:")
				for _, r := range reasons {
					fmt.Fprintf(w, " %s %d;", r, t.Rejects[r])
				}
				fmt.Fprintln(w)
				for _, sm := range t.Samples {
					fmt.Fprintf(w, "      line %d (%s): %s\n", sm.Line, sm.Reason, sm.Preview)
				}
			}
		}
	}
	return nil
}
