package main

import (
	"fmt"
	"os"
	"runtime/pprof"
	"strings"

	"github.com/spf13/cobra"

	"github.com/telusur/telusur/internal/version"
)

// globalOptions are the flags every command has.
type globalOptions struct {
	quiet      bool
	cpuProfile string
	stopProf   func()
}

func newRootCommand() *cobra.Command {
	var g globalOptions
	root := &cobra.Command{
		Use:   "telusur",
		Short: "Trace and verify claimed leaks of personal data against the registry they are said to come from",
		Long: strings.TrimSpace(`
telusur answers, with evidence, the questions asked whenever someone claims to
sell a country's personal data: is the data real, how much of it matches the
registry and field by field, from which regions, from which version of the
registry, and whose copy leaked, without handing plaintext to anyone else.

Exit codes: 0 done; 1 failed; 2 bad usage; 130 interrupted.`),
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version.String(),
	}
	root.PersistentFlags().BoolVarP(&g.quiet, "quiet", "q", false, "no progress bars on stderr")
	root.PersistentFlags().StringVar(&g.cpuProfile, "cpuprofile", "", "write a CPU profile to this file (for benchmarks)")
	root.PersistentFlags().MarkHidden("cpuprofile")
	root.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		if g.cpuProfile == "" {
			return nil
		}
		f, err := os.Create(g.cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		g.stopProf = func() { pprof.StopCPUProfile(); f.Close() }
		return nil
	}
	root.PersistentPostRun = func(*cobra.Command, []string) {
		if g.stopProf != nil {
			g.stopProf()
		}
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%w\nsee '%s --help'", err, c.CommandPath())}
	})
	root.AddCommand(
		newVersionCommand(),
		newSynthCommand(&g),
		newDemoCommand(&g),
		newIngestCommand(&g),
		newDatasetsCommand(),
		newInspectCommand(),
		newVerifyCommand(&g),
		newIndexCommand(&g),
		newLinkCommand(&g),
	)
	return root
}

// exactArgs is cobra.ExactArgs reporting a usage error.
func exactArgs(n int) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if err := cobra.ExactArgs(n)(c, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}

func newVersionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			fmt.Fprintln(c.OutOrStdout(), version.Tool())
			return nil
		},
	}
}
