package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/telusur/telusur/internal/dataset"
	"github.com/telusur/telusur/internal/ingest"
	"github.com/telusur/telusur/internal/report"
	"github.com/telusur/telusur/internal/synth"
	"github.com/telusur/telusur/internal/verify"
	"github.com/telusur/telusur/internal/version"
)

// DemoOptions are the flags of `demo`.
type DemoOptions struct {
	Dir  string
	Size int
	Rows int
	Seed uint64
	Lang string
}

func newDemoCommand(g *globalOptions) *cobra.Command {
	var o DemoOptions
	c := &cobra.Command{
		Use:   "demo",
		Short: "Run the main job on built-in defaults: a synthetic registry and its leaks",
		Long: `Run the main job on built-in defaults: generate a seeded synthetic registry
(3 snapshots) and one leak of every scenario into a fresh folder, ingest the
latest snapshot as the reference and every leak into a workspace there,
verify each leak against the reference, and print each verdict and where its
report (report.html, report.json, manifest.json) is.`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error { return runDemo(c, g, o) },
	}
	f := c.Flags()
	f.StringVar(&o.Dir, "dir", "", "folder to write into (default a new temporary folder)")
	f.IntVar(&o.Size, "size", 200_000, "registry size")
	f.IntVar(&o.Rows, "rows", 5_000, "rows per leak")
	f.Uint64Var(&o.Seed, "seed", 2024, "random seed")
	f.StringVar(&o.Lang, "lang", "en", "report language: en or id")
	return c
}

func runDemo(c *cobra.Command, g *globalOptions, o DemoOptions) error {
	dir := o.Dir
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "telusur-demo-"); err != nil {
			return err
		}
	}
	out := c.OutOrStdout()
	reg := filepath.Join(dir, "registry")
	start := time.Now()
	m, err := synth.WriteRegistry(c.Context(), synth.RegistryOptions{
		Size: o.Size, Seed: o.Seed, Snapshots: synth.DefaultSnapshots(3), Out: reg, Tool: version.Tool(),
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "registry: %s (%d villages, %d households)\n", reg, m.Villages, m.Households)
	for _, s := range m.Snapshots {
		fmt.Fprintf(out, "  %-6s %s %9d rows (%d new, %d removed, %d changed)\n", s.Name, s.Date.Format("2006-01-02"), s.Rows, s.New, s.Removed, s.Changed)
	}
	ws, err := dataset.Open(filepath.Join(dir, "workspace"))
	if err != nil {
		return err
	}
	defer ws.Close()
	last := m.Snapshots[len(m.Snapshots)-1]
	refRes, err := ingest.Run(c.Context(), ingest.Options{Workspace: ws, Name: "registry-" + strings.ToLower(last.Name), Role: "reference",
		Paths: []string{filepath.Join(reg, last.Dir)}, Tool: version.Tool(), Ref: last.Date})
	if err != nil {
		return fmt.Errorf("ingest reference: %w", err)
	}
	ref := refRes.Dataset
	fmt.Fprintf(out, "reference: snapshot %s ingested as dataset %q (%d rows)\n", last.Name, ref.Name, ref.RowsAccepted)
	fmt.Fprintf(out, "\n%-15s %7s %9s %6s  %-22s %7s %s\n", "leak", "rows", "true rate", "roles", "verdict", "matched", "report")
	var main string
	for _, sc := range synth.Scenarios {
		leakDir := filepath.Join(dir, "leak-"+sc.Name)
		lm, err := synth.WriteLeak(c.Context(), synth.LeakOptions{
			Registry: reg, Scenario: sc.Name, Out: leakDir, Seed: o.Seed,
			Rows: o.Rows, Tool: version.Tool(),
		})
		if err != nil {
			return fmt.Errorf("leak %s: %w", sc.Name, err)
		}
		var paths []string
		for _, f := range lm.Files {
			paths = append(paths, filepath.Join(leakDir, f.Name))
		}
		res, err := ingest.Run(c.Context(), ingest.Options{Workspace: ws, Name: sc.Name, Role: "leak", Paths: paths, Tool: version.Tool(), Ref: lm.SnapshotTime()})
		if err != nil {
			return fmt.Errorf("ingest leak %s: %w", sc.Name, err)
		}
		roles, right, err := rolesRight(c.Context(), ws, res.Dataset, lm)
		if err != nil {
			return err
		}
		started := time.Now().UTC()
		var idx verify.IndexInfo
		doc, err := verify.Run(c.Context(), verify.Options{Workspace: ws, Reference: ref, Leak: res.Dataset,
			Params: verify.Params{RefDate: last.Date}, Lang: o.Lang, Tool: version.Tool(), Index: &idx})
		if err != nil {
			return fmt.Errorf("verify %s: %w", sc.Name, err)
		}
		var html bytes.Buffer
		if err := report.HTML(&html, doc, o.Lang); err != nil {
			return err
		}
		outDir := filepath.Join(dir, "reports", sc.Name)
		man := &verify.Manifest{Tool: version.Tool(), Command: []string{"telusur", "demo", "--seed", strconv.FormatUint(o.Seed, 10)},
			Parameters: doc.Params, Lang: o.Lang, Started: started, Finished: time.Now().UTC(), Inputs: verify.Inputs(doc), Index: idx}
		if err := verify.Write(outDir, doc, html.Bytes(), man); err != nil {
			return err
		}
		if main == "" {
			main = filepath.Join(outDir, "report.html")
		}
		fmt.Fprintf(out, "%-15s %7d %8.1f%% %3d/%-2d  %-22s %6.1f%% %s\n", sc.Name, res.Dataset.RowsAccepted,
			100*float64(lm.RealRows)/float64(max(1, lm.Rows)), right, roles, doc.Verdict.Label, 100*doc.Linkage.MatchRate,
			filepath.Join(outDir, "report.html"))
	}
	_ = ws.Audit(c.Context(), version.Tool(), "demo", fmt.Sprintf("seed=%d size=%d rows=%d", o.Seed, o.Size, o.Rows))
	fmt.Fprintf(out, "\ndone in %s; everything is in %s\nopen the report of the genuine leak: %s\n(true rate: share of the leak's rows that are real people of the registry; the reference is the latest snapshot)\n",
		time.Since(start).Round(time.Millisecond), dir, main)
	return nil
}

// rolesRight counts the leak's columns and those whose detected role is
// the one the generator wrote into them.
func rolesRight(ctx context.Context, ws *dataset.Workspace, d *dataset.Dataset, lm *synth.LeakManifest) (roles, right int, err error) {
	truth := map[string]string{}
	for _, col := range lm.Columns {
		truth[col.Header] = col.Role
	}
	srcs, err := ws.Sources(ctx, d)
	if err != nil {
		return 0, 0, err
	}
	for _, s := range srcs {
		for _, t := range s.Tables {
			for _, col := range t.Columns {
				roles++
				if truth[col.Name] == col.Role {
					right++
				}
			}
		}
	}
	return roles, right, nil
}
