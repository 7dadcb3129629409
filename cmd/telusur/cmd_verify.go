package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/telusur/telusur/internal/dataset"
	"github.com/telusur/telusur/internal/ingest"
	"github.com/telusur/telusur/internal/progress"
	"github.com/telusur/telusur/internal/report"
	"github.com/telusur/telusur/internal/runstat"
	"github.com/telusur/telusur/internal/verify"
	"github.com/telusur/telusur/internal/version"
)

// VerifyOptions are the flags of `verify`.
type VerifyOptions struct {
	Workspace string
	Reference string
	Leak      string
	Out       string
	Lang      string
	RefDate   string
	Params    verify.Params
}

func newVerifyCommand(g *globalOptions) *cobra.Command {
	var o VerifyOptions
	c := &cobra.Command{
		Use:   "verify --reference NAME|PATH --leak NAME|PATH",
		Short: "Compare a leak with the reference registry; write report.html, report.json and manifest.json",
		Long: `Compare a leak with a reference registry and conclude whether the leak is
the registry's data: its authenticity on its own (NIK structure against the
region table, NIK vs birth date and sex, duplicates, ages, columns), how many
of its rows are found in the reference and how their fields agree, where
they are from, and a verdict: consistent, partially-consistent,
inconsistent or likely-fabricated, with the reasons.

--reference and --leak name datasets of the workspace, or are paths, which
are ingested first (as 'telusur ingest' would). The reference is indexed once
(in the workspace) and the index reused while the dataset is unchanged.

The report holds no unmasked personal data: NIKs as 3171**********01,
names as initials, birth dates as years.`,
		Example: `  telusur verify --reference dpt-2024 --leak ./dump.csv --out report-dump
  telusur verify --reference ./registry/3-DPT --leak leak.zip --lang id`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error { return runVerify(c, g, o) },
	}
	workspaceFlag(c, &o.Workspace)
	f := c.Flags()
	f.StringVar(&o.Reference, "reference", "", "reference dataset name or path (required)")
	f.StringVar(&o.Leak, "leak", "", "leak dataset name or path (required)")
	f.StringVar(&o.Out, "out", "", "folder for the report (default ./telusur-report-LEAK)")
	f.StringVar(&o.Lang, "lang", "en", "report language: en or id")
	f.StringVar(&o.RefDate, "ref-date", "", "date the lists are compared at, for ages and two-digit years (YYYY-MM-DD; default today)")
	f.Float64Var(&o.Params.ConsistentMin, "consistent-min", verify.DefaultConsistentMin, "match rate from which the leak is consistent")
	f.Float64Var(&o.Params.PartialMin, "partial-min", verify.DefaultPartialMin, "match rate from which the leak is partially consistent")
	f.Float64Var(&o.Params.AgreementMin, "agreement-min", verify.DefaultAgreementMin, "agreement on name, birth date, sex and age the found rows need for consistent")
	f.Float64Var(&o.Params.FabricationMax, "fabrication-max", verify.DefaultFabricationMax, "authenticity score below which a leak not in the reference is likely fabricated")
	f.BoolVar(&o.Params.FixedWeights, "fixed-weights", false, "score candidates with the default weights instead of estimating them (EM) from the data")
	f.IntVar(&o.Params.Samples, "samples", verify.DefaultSamples, "masked sample rows to show, matched and unmatched each")
	c.MarkFlagRequired("reference")
	c.MarkFlagRequired("leak")
	return c
}

func runVerify(c *cobra.Command, g *globalOptions, o VerifyOptions) error {
	started := time.Now().UTC()
	if o.Lang != "en" && o.Lang != "id" {
		return usageError{fmt.Errorf("--lang %q: want en or id", o.Lang)}
	}
	p := o.Params
	if p.PartialMin < 0 || p.PartialMin > p.ConsistentMin || p.ConsistentMin > 1 || p.AgreementMin < 0 || p.AgreementMin > 1 {
		return usageError{errors.New("thresholds: want 0 ≤ --partial-min ≤ --consistent-min ≤ 1 and 0 ≤ --agreement-min ≤ 1")}
	}
	if p.Samples < 0 || p.Samples > 1000 {
		return usageError{errors.New("--samples: want 0 to 1000")}
	}
	if p.Samples == 0 {
		p.Samples = -1 // zero would mean the default inside verify
	}
	if o.RefDate != "" {
		t, err := time.Parse(time.DateOnly, o.RefDate)
		if err != nil {
			return usageError{fmt.Errorf("--ref-date %q: want YYYY-MM-DD", o.RefDate)}
		}
		p.RefDate = t
	}
	ws, err := dataset.Open(o.Workspace)
	if err != nil {
		return err
	}
	defer ws.Close()
	ctx := c.Context()
	ref, err := resolveDataset(ctx, g, ws, o.Reference, "reference", p.RefDate)
	if err != nil {
		return err
	}
	leak, err := resolveDataset(ctx, g, ws, o.Leak, "leak", p.RefDate)
	if err != nil {
		return err
	}
	if ref.ID == leak.ID {
		return usageError{fmt.Errorf("--reference and --leak are the same dataset (%s)", ref.Name)}
	}
	if o.Out == "" {
		o.Out = "telusur-report-" + leak.Name
	}

	// verify reads the reference index through the page cache, and at
	// national scale the cache is what it waits on: the collector's
	// headroom (GOGC 400 over 8 bytes a leak row of NIK keys) would take
	// memory the index's pages need. Its own data is a few GiB at most.
	if os.Getenv("GOMEMLIMIT") == "" {
		limit := int64(2<<30) + 10*leak.RowsAccepted
		debug.SetMemoryLimit(min(debug.SetMemoryLimit(-1), limit))
	}
	var bar *progress.Bar
	var idx verify.IndexInfo
	var tim verify.Timings
	doc, err := verify.Run(ctx, verify.Options{
		Workspace: ws, Reference: ref, Leak: leak, Params: p, Lang: o.Lang, Tool: version.Tool(), Index: &idx, Timings: &tim,
		Stage: func(name string, total int64) {
			bar.Finish()
			bar = progress.New(total, name, "rows", g.quiet)
		},
		Rows: func(n int64) { bar.Set(n) },
	})
	bar.Finish()
	detail := fmt.Sprintf("reference=%s leak=%s out=%s", ref.Name, leak.Name, o.Out)
	if err != nil {
		_ = ws.Audit(context.WithoutCancel(ctx), version.Tool(), "verify (failed)", detail)
		return err
	}
	var html bytes.Buffer
	if err := report.HTML(&html, doc, o.Lang); err != nil {
		return fmt.Errorf("render report: %w", err)
	}
	m := &verify.Manifest{Tool: version.Tool(), Command: append([]string{"telusur"}, os.Args[1:]...),
		Parameters: doc.Params, Lang: o.Lang, Started: started, Inputs: verify.Inputs(doc), Index: idx, Timings: tim}
	m.Finished = time.Now().UTC()
	if err := verify.Write(o.Out, doc, html.Bytes(), m); err != nil {
		return err
	}
	_ = ws.Audit(ctx, version.Tool(), "verify", detail+" verdict="+doc.Verdict.Label)
	printSummary(c.OutOrStdout(), doc, o.Out, time.Since(started))
	how := "opened"
	if idx.Built {
		how = "built"
	}
	fmt.Fprintf(c.OutOrStdout(), "reference index %s in %.2f s (%d rows); leak linked and checked in %.2f s (%.0f rows/s)\n",
		how, tim.Index, idx.Rows, tim.Link, float64(doc.Linkage.LeakRows)/max(tim.Link, 1e-9))
	return nil
}

// resolveDataset returns the dataset called arg, or ingests the path arg
// into a new dataset (or finds the dataset it was ingested into before).
func resolveDataset(ctx context.Context, g *globalOptions, ws *dataset.Workspace, arg, role string, ref time.Time) (*dataset.Dataset, error) {
	if dataset.ValidName(arg) {
		d, err := ws.Dataset(ctx, arg)
		if err == nil {
			return d, nil
		}
		if !errors.Is(err, dataset.ErrNotFound) {
			return nil, err
		}
	}
	if _, err := os.Stat(arg); err != nil {
		return nil, usageError{fmt.Errorf("--%s %s: neither a dataset in the workspace nor a file or folder (see 'telusur datasets')", role, arg)}
	}
	base := nameFromPath(arg)
	name := base
	for i := 2; ; i++ {
		if _, err := ws.Dataset(ctx, name); errors.Is(err, dataset.ErrNotFound) {
			break
		}
		name = fmt.Sprintf("%s-%d", base, i)
	}
	bar := progress.New(runstat.DiskUsage(arg), "ingest "+name, "bytes", g.quiet)
	res, err := ingest.Run(ctx, ingest.Options{Workspace: ws, Name: name, Role: role, Paths: []string{arg}, Tool: version.Tool(), Ref: ref})
	bar.Finish()
	if err != nil {
		return nil, fmt.Errorf("ingest %s: %w", arg, err)
	}
	_ = ws.Audit(ctx, version.Tool(), "ingest", fmt.Sprintf("dataset=%s role=%s paths=%s (by verify)", name, role, arg))
	if len(res.Sources) == 0 && len(res.Skipped) > 0 {
		// Ingested before: verify that dataset.
		return ws.Dataset(ctx, res.Skipped[0].Before[0].Dataset)
	}
	return res.Dataset, nil
}

func printSummary(w io.Writer, doc *verify.Document, out string, el time.Duration) {
	l := doc.Linkage
	fmt.Fprintf(w, "verdict: %s (score %.2f)\n", doc.Verdict.Label, doc.Verdict.Score)
	for _, r := range doc.Verdict.Reasons {
		fmt.Fprintf(w, "  - %s\n", r.Text)
	}
	fmt.Fprintf(w, "leak %s: %d rows read = %d accepted + %d rejected; matched %d (%.2f%%, 95%% CI %.2f–%.2f%%) by %s\n",
		doc.Leak.Name, doc.Leak.RowsRead, doc.Leak.RowsAccepted, doc.Leak.RowsRejected,
		l.MatchedRows, 100*l.MatchRate, 100*l.MatchRateCI95[0], 100*l.MatchRateCI95[1], l.Method)
	var parts []string
	for _, f := range []string{"nik", "nkk", "name", "birth_date", "age", "sex", "address", "rt", "rw", "region_code"} {
		if n := l.FieldCompared[f]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %.1f%%", f, 100*l.FieldAgreement[f]))
		}
	}
	if len(parts) > 0 {
		fmt.Fprintf(w, "field agreement of matched rows: %s\n", strings.Join(parts, ", "))
	}
	a := doc.Authenticity
	fmt.Fprintf(w, "authenticity score %.2f: NIK valid %.1f%%, NIK↔birth date %.1f%%, NIK↔sex %.1f%%, duplicate NIKs %.2f%%\n",
		a.Score, 100*a.NIKValidRate, 100*a.NIKDOBAgreement, 100*a.NIKSexAgreement, 100*a.DuplicateNIKRate)
	fmt.Fprintf(w, "report: %s (and report.json, manifest.json) in %s; peak RSS %s, of which anonymous %s (the rest: pages of the memory-mapped index, which the kernel can drop)\n",
		filepath.Join(out, "report.html"), el.Round(time.Millisecond), runstat.Human(runstat.PeakRSS()), runstat.Human(runstat.PeakAnon()))
}
