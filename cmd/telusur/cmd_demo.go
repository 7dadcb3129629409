package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/telusur/telusur/internal/dataset"
	"github.com/telusur/telusur/internal/ingest"
	"github.com/telusur/telusur/internal/synth"
	"github.com/telusur/telusur/internal/version"
)

// DemoOptions are the flags of `demo`.
type DemoOptions struct {
	Dir  string
	Size int
	Rows int
	Seed uint64
}

func newDemoCommand(g *globalOptions) *cobra.Command {
	var o DemoOptions
	c := &cobra.Command{
		Use:   "demo",
		Short: "Run the main job on built-in defaults: a synthetic registry and its leaks",
		Long: `Generate a seeded synthetic registry (3 snapshots) and one leak of every
scenario into a fresh folder, ingest every leak into a workspace there, and
print what was made, what each leak's columns were found to hold, and where
everything is.`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error { return runDemo(c, g, o) },
	}
	f := c.Flags()
	f.StringVar(&o.Dir, "dir", "", "folder to write into (default a new temporary folder)")
	f.IntVar(&o.Size, "size", 200_000, "registry size")
	f.IntVar(&o.Rows, "rows", 5_000, "rows per leak")
	f.Uint64Var(&o.Seed, "seed", 2024, "random seed")
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
		roles, right := 0, 0
		truth := map[string]string{}
		for _, col := range lm.Columns {
			truth[col.Header] = col.Role
		}
		srcs, err := ws.Sources(c.Context(), res.Dataset)
		if err != nil {
			return err
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
		fmt.Fprintf(out, "leak %-15s %6d rows (%d real, %d fabricated) from %s in %d file(s); ingested: %d read = %d accepted + %d rejected; column roles right %d/%d\n",
			sc.Name, lm.Rows, lm.RealRows, lm.FakeRows, lm.Snapshot, len(lm.Files),
			res.Dataset.RowsRead, res.Dataset.RowsAccepted, res.Dataset.RowsRejected, right, roles)
	}
	_ = ws.Audit(c.Context(), version.Tool(), "demo", fmt.Sprintf("seed=%d size=%d rows=%d", o.Seed, o.Size, o.Rows))
	fmt.Fprintf(out, "done in %s; everything is in %s (inspect with: telusur inspect --workspace %s typos)\n",
		time.Since(start).Round(time.Millisecond), dir, filepath.Join(dir, "workspace"))
	return nil
}
