package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/telusur/telusur/internal/progress"
	"github.com/telusur/telusur/internal/runstat"
	"github.com/telusur/telusur/internal/synth"
	"github.com/telusur/telusur/internal/version"
)

func newSynthCommand(g *globalOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "synth",
		Short: "Generate a synthetic voter registry and leaks of it, with ground truth",
		Long: `Generate realistic, deterministic synthetic data: no real person is in it.

  telusur synth registry --size 1000000 --seed 1 --out reg
  telusur synth leak --registry reg --scenario typos --out leak-typos`,
	}
	c.AddCommand(newSynthRegistryCommand(g), newSynthLeakCommand(g))
	return c
}

// SynthRegistryOptions are the flags of `synth registry`.
type SynthRegistryOptions struct {
	Size      int
	Seed      uint64
	Snapshots int
	Out       string
	Format    string
	Workers   int
	Overseas  float64
}

func newSynthRegistryCommand(g *globalOptions) *cobra.Command {
	var o SynthRegistryOptions
	c := &cobra.Command{
		Use:   "registry",
		Short: "Write K dated snapshots of a synthetic registry (DPS → DPSHP → DPT)",
		Long: `Write K dated snapshots of a synthetic voter registry.

Households share an NKK and an address in real villages; names, ages, sex and
regional weights follow Indonesia's; between snapshots people die, turn 17,
move and have names corrected. The same seed always gives the same data.
Output: OUT/registry.json and one file per province and snapshot in
OUT/<k>-<NAME>/ (Parquet, zstd; or CSV).`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			return runSynthRegistry(c, g, o)
		},
	}
	f := c.Flags()
	f.IntVar(&o.Size, "size", 100_000, "voters in the first snapshot")
	f.Uint64Var(&o.Seed, "seed", 1, "random seed")
	f.IntVar(&o.Snapshots, "snapshots", 3, "number of dated snapshots")
	f.StringVar(&o.Out, "out", "registry", "output folder")
	f.StringVar(&o.Format, "format", "parquet", "parquet or csv")
	f.IntVar(&o.Workers, "workers", 0, "parallel workers (0: one per core)")
	f.Float64Var(&o.Overseas, "overseas-share", synth.DefaultOverseasShare, "share of voters registered abroad (DPTLN)")
	return c
}

func runSynthRegistry(c *cobra.Command, g *globalOptions, o SynthRegistryOptions) error {
	if o.Size <= 0 || o.Snapshots <= 0 {
		return usageError{fmt.Errorf("--size and --snapshots must be positive")}
	}
	bar := progress.New(int64(o.Size), "registry", "rows", g.quiet)
	start := time.Now()
	m, err := synth.WriteRegistry(c.Context(), synth.RegistryOptions{
		Size: o.Size, Seed: o.Seed, Snapshots: synth.DefaultSnapshots(o.Snapshots), Out: o.Out,
		Format: o.Format, Workers: o.Workers, OverseasShare: o.Overseas, Tool: version.Tool(), Progress: bar.Set,
	})
	bar.Finish()
	if err != nil {
		return err
	}
	el := time.Since(start)
	var total int64
	out := c.OutOrStdout()
	fmt.Fprintf(out, "registry %s: %d villages, %d households, %d persons (seed %d)\n", o.Out, m.Villages, m.Households, m.Persons, m.Seed)
	for _, s := range m.Snapshots {
		total += s.Rows
		fmt.Fprintf(out, "  %-8s %s  %10d rows  %8d overseas  %7d new  %7d removed  %7d changed\n",
			s.Name, s.Date.Format("2006-01-02"), s.Rows, s.Overseas, s.New, s.Removed, s.Changed)
	}
	fmt.Fprintf(out, "wrote %d rows in %s: %.0f rows/s; peak RSS %s\n",
		total, el.Round(time.Millisecond), runstat.Rate(total, el), runstat.Human(runstat.PeakRSS()))
	return nil
}

// SynthLeakOptions are the flags of `synth leak`.
type SynthLeakOptions struct {
	Registry     string
	Scenario     string
	Out          string
	Seed         uint64
	Rows         int
	Snapshot     string
	Format       string
	Region       string
	RealFraction float64
}

func newSynthLeakCommand(g *globalOptions) *cobra.Command {
	var o SynthLeakOptions
	var help strings.Builder
	for _, s := range synth.Scenarios {
		fmt.Fprintf(&help, "  %-15s %s\n", s.Name, s.Description)
	}
	c := &cobra.Command{
		Use:   "leak",
		Short: "Write a leak of a synthetic registry, with its ground truth",
		Long: "Write a leak of a synthetic registry: the leak files, leak.json (what was done)\n" +
			"and truth.csv (which person each leak row is).\n\nScenarios:\n" + help.String() +
			"\nFormats: " + strings.Join(synth.LeakFormats, ", "),
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			return runSynthLeak(c, g, o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.Registry, "registry", "registry", "registry folder (written by 'telusur synth registry')")
	f.StringVar(&o.Scenario, "scenario", "genuine", "leak scenario")
	f.StringVar(&o.Out, "out", "", "output folder (default leak-<scenario>)")
	f.Uint64Var(&o.Seed, "seed", 1, "random seed")
	f.IntVar(&o.Rows, "rows", 0, "rows wanted, about (default min(10000, snapshot rows))")
	f.StringVar(&o.Snapshot, "snapshot", "", "snapshot to leak (default the latest; the first for older-snapshot)")
	f.StringVar(&o.Format, "format", "", "output format (default the scenario's)")
	f.StringVar(&o.Region, "region", "", "recipient-copy: regency code (default chosen by the seed)")
	f.Float64Var(&o.RealFraction, "real-fraction", 0.03, "fabricated: share of real rows")
	return c
}

func runSynthLeak(c *cobra.Command, g *globalOptions, o SynthLeakOptions) error {
	if o.Out == "" {
		o.Out = "leak-" + o.Scenario
	}
	if _, ok := synth.ScenarioNamed(o.Scenario); !ok {
		return usageError{fmt.Errorf("unknown scenario %q; see 'telusur synth leak --help'", o.Scenario)}
	}
	bar := progress.New(-1, "leak", "rows", g.quiet)
	start := time.Now()
	m, err := synth.WriteLeak(c.Context(), synth.LeakOptions{
		Registry: o.Registry, Scenario: o.Scenario, Out: o.Out, Seed: o.Seed, Rows: o.Rows,
		Snapshot: o.Snapshot, Format: o.Format, Region: o.Region, RealFraction: o.RealFraction,
		Tool: version.Tool(), Progress: bar.Set,
	})
	bar.Finish()
	if err != nil {
		return err
	}
	out := c.OutOrStdout()
	fmt.Fprintf(out, "leak %s (%s of %s %s): %d rows, %d real, %d fabricated, in %d file(s), %s\n",
		o.Out, m.Scenario, m.Snapshot, m.SnapshotDate, m.Rows, m.RealRows, m.FakeRows, len(m.Files), time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(out, "ground truth: %s\n", m.Truth)
	return nil
}
