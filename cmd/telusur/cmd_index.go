package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/telusur/telusur/internal/dataset"
	"github.com/telusur/telusur/internal/link"
	"github.com/telusur/telusur/internal/progress"
	"github.com/telusur/telusur/internal/runstat"
	"github.com/telusur/telusur/internal/version"
)

func newIndexCommand(g *globalOptions) *cobra.Command {
	var dir string
	var rebuild, replace bool
	c := &cobra.Command{
		Use:   "index NAME",
		Short: "Build (or check) the linkage index of a reference dataset",
		Long: `Build the index verify uses for a reference dataset: its NIKs in a hash
table, its name-and-birth-year blocks, and each row's compared fields in one
record, memory-mapped, kept in WORKSPACE/index/. verify builds it when
missing or when the dataset changed; this command does it ahead of time
(--rebuild: even when current) and prints its size and what it cost.

A new index is written beside the old one, which stays usable until the new
one is complete, so the disk must hold both; --replace removes the old one
first, for a disk that cannot (about 185 bytes a reference row).`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			ws, err := dataset.Open(dir)
			if err != nil {
				return err
			}
			defer ws.Close()
			d, err := ws.Dataset(c.Context(), args[0])
			if err != nil {
				return fmt.Errorf("%s: %w (see 'telusur datasets')", args[0], err)
			}
			start := time.Now()
			bar := progress.New(d.RowsAccepted, "index "+d.Name, "rows", g.quiet)
			if replace {
				if err := link.RemoveIndex(ws, d); err != nil {
					bar.Finish()
					return err
				}
			}
			if rebuild || replace {
				if err := link.Build(c.Context(), ws, d, bar.Set); err != nil {
					bar.Finish()
					return err
				}
			}
			ix, built, err := link.OpenIndex(c.Context(), ws, d, bar.Set)
			bar.Finish()
			if err != nil {
				return err
			}
			defer ix.Close()
			how := "current"
			if built || rebuild || replace {
				how = "built"
			}
			fmt.Fprintf(c.OutOrStdout(), "index of %s %s in %s: %d rows, %d with a NIK, %d with name and birth date; %s on disk in %s; peak RSS %s, of which anonymous %s\n",
				d.Name, how, time.Since(start).Round(time.Millisecond), ix.Meta.Rows, ix.Meta.NIKRows, ix.Meta.NameRows,
				runstat.Human(runstat.DiskUsage(ix.Dir)), ix.Dir, runstat.Human(runstat.PeakRSS()), runstat.Human(runstat.PeakAnon()))
			_ = ws.Audit(c.Context(), version.Tool(), "index", "dataset="+d.Name)
			return nil
		},
	}
	workspaceFlag(c, &dir)
	c.Flags().BoolVar(&rebuild, "rebuild", false, "build even when the index is current")
	c.Flags().BoolVar(&replace, "replace", false, "remove the old index first, then build (for a disk that cannot hold both)")
	return c
}
