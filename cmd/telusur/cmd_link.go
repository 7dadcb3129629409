package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/telusur/telusur/internal/dataset"
	"github.com/telusur/telusur/internal/ingest"
	"github.com/telusur/telusur/internal/link"
	"github.com/telusur/telusur/internal/runstat"
	"github.com/telusur/telusur/internal/synth"
	"github.com/telusur/telusur/internal/version"
)

// LinkOptions are the flags of `link`.
type LinkOptions struct {
	Workspace    string
	Left, Right  string
	Dedupe       bool
	Config       string
	Truth        string
	TruthPattern string
	LeftTruthCSV string
	SaveParams   string
	RefDate      string
	Threshold    float64
	Explain      int
	JSON         bool
}

func newLinkCommand(g *globalOptions) *cobra.Command {
	var o LinkOptions
	c := &cobra.Command{
		Use:   "link --left A [--right B] [--config model.json] [--truth COLUMN]",
		Short: "Probabilistic linkage (Fellegi–Sunter, EM, blocking) of two tables or one, measured against ground truth",
		Long: `Link the records of two tables (or deduplicate one, --dedupe or no --right)
with a Fellegi–Sunter model whose parameters are estimated without labels:
u from random pairs, m (and u among blocked pairs) by EM, term-frequency
adjustment for common names. Prints the pairs compared and the reduction
ratio of blocking, precision, recall and F1 against --truth, time and peak
RSS.

--left and --right are CSV/TSV/Parquet files, read as they are (the model,
from --config, names their columns), or datasets of the workspace (or paths
ingested first), compared role by role with the built-in telusur model.
--save-params writes the model with its estimated m, u and λ; passing it
back as --config repeats the run without training.`,
		Example: `  telusur link --left dataset4a.csv --right dataset4b.csv --config febrl.json --truth rec_id --truth-pattern 'rec-(\d+)'
  telusur link --left leak-masked --right registry --truth person_id --left-truth-csv leak/truth.csv
  telusur link eval --benchmarks ../shared/data/linkage-benchmarks`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error { return runLink(c, g, o) },
	}
	workspaceFlag(c, &o.Workspace)
	f := c.Flags()
	f.StringVar(&o.Left, "left", "", "left table: CSV/TSV/Parquet file, or workspace dataset (required)")
	f.StringVar(&o.Right, "right", "", "right table (none: deduplicate --left)")
	f.BoolVar(&o.Dedupe, "dedupe", false, "deduplicate --left (clusters by connected components)")
	f.StringVar(&o.Config, "config", "", "model JSON: comparisons, blocking rules, and optionally estimated parameters")
	f.StringVar(&o.Truth, "truth", "", "column with the true entity id, to measure precision, recall, F1")
	f.StringVar(&o.TruthPattern, "truth-pattern", "", "regular expression whose first group is the entity in --truth")
	f.StringVar(&o.LeftTruthCSV, "left-truth-csv", "", "a synthetic leak's truth.csv: adds its person_id to the left dataset's rows")
	f.StringVar(&o.SaveParams, "save-params", "", "write the model with its estimated parameters to this JSON file")
	f.StringVar(&o.RefDate, "ref-date", "", "day ages are counted at (YYYY-MM-DD; default today)")
	f.Float64Var(&o.Threshold, "threshold", 0, "match probability a pair needs (default the model's, 0.5)")
	f.IntVar(&o.Explain, "explain", 0, "print the per-field weights of this many accepted and rejected pairs")
	f.BoolVar(&o.JSON, "json", false, "print the result as one JSON object")
	c.MarkFlagRequired("left")
	c.AddCommand(newLinkEvalCommand(g))
	return c
}

// isTableFile reports whether arg is a file the linker reads directly.
func isTableFile(arg string) bool {
	st, err := os.Stat(arg)
	if err != nil || st.IsDir() {
		return false
	}
	switch strings.ToLower(filepath.Ext(arg)) {
	case ".csv", ".tsv", ".txt", ".parquet":
		return true
	}
	return false
}

func runLink(c *cobra.Command, g *globalOptions, o LinkOptions) error {
	ctx := c.Context()
	start := time.Now()
	ref := time.Now().UTC()
	if o.RefDate != "" {
		t, err := time.Parse(time.DateOnly, o.RefDate)
		if err != nil {
			return usageError{fmt.Errorf("--ref-date %q: want YYYY-MM-DD", o.RefDate)}
		}
		ref = t
	}
	var ws *dataset.Workspace
	load := func(arg, role string) (*link.Table, bool, error) {
		if isTableFile(arg) {
			t, err := link.ReadTable(arg)
			return t, false, err
		}
		if ws == nil {
			var err error
			if ws, err = dataset.Open(o.Workspace); err != nil {
				return nil, false, err
			}
		}
		d, err := resolveDataset(ctx, g, ws, arg, role, ref)
		if err != nil {
			return nil, false, err
		}
		t, err := link.ReadDataset(ws, d)
		return t, true, err
	}
	defer func() {
		if ws != nil {
			ws.Close()
		}
	}()
	left, lDS, err := load(o.Left, "leak")
	if err != nil {
		return err
	}
	var right *link.Table
	rDS := false
	if o.Right != "" && !o.Dedupe {
		if right, rDS, err = load(o.Right, "reference"); err != nil {
			return err
		}
	}
	if o.LeftTruthCSV != "" {
		if !lDS {
			return usageError{errors.New("--left-truth-csv needs --left to be a dataset (the rows' files and lines)")}
		}
		if err := addSynthTruth(ctx, ws, left, o.Left, o.LeftTruthCSV); err != nil {
			return err
		}
	}
	var m *link.Model
	switch {
	case o.Config != "":
		if m, err = link.LoadModel(o.Config); err != nil {
			return err
		}
	case lDS && (right == nil || rDS):
		r := right
		if r == nil {
			r = left
		}
		m = link.TelusurModel(left, r, ref)
	default:
		return usageError{errors.New("--config is needed for files: it maps their columns to comparisons\nsee 'telusur link eval --print-configs' for the benchmarks' models")}
	}
	if o.Truth != "" {
		m.Truth, m.TruthPattern = o.Truth, o.TruthPattern
	}
	if o.Threshold > 0 {
		m.Threshold = o.Threshold
	}
	if o.Dedupe || right == nil {
		m.Dedupe = true
	}
	lk, err := link.NewLinker(m, left, right)
	if err != nil {
		return err
	}
	res := linkResult{Left: o.Left, Right: o.Right, Rows: [2]int{left.Len(), 0}}
	if right != nil {
		res.Rows[1] = right.Len()
	}
	if !m.Trained() {
		tr, err := lk.Train(ctx)
		if err != nil {
			return err
		}
		res.Train = tr.Duration.Seconds()
	}
	p, err := lk.Predict(ctx)
	if err != nil {
		return err
	}
	res.Predict = p.Duration.Seconds()
	res.Block = p.Block
	res.Accepted = len(p.Pairs)
	if m.Truth != "" {
		lt, err := link.TruthIDs(left, m.Truth, m.TruthPattern)
		if err != nil {
			return err
		}
		if right == nil {
			mt := link.EvaluatePairs(p.Pairs, lt)
			res.Metrics = &mt
			cm := link.EvaluateClusters(p.Clusters, lt)
			res.Clusters = &cm
		} else {
			rt, err := link.TruthIDs(right, m.Truth, m.TruthPattern)
			if err != nil {
				return err
			}
			mt := link.EvaluateLinks(p.Pairs, lt, rt)
			res.Metrics = &mt
		}
	}
	res.Seconds = time.Since(start).Seconds()
	res.PeakRSS = runstat.PeakRSS()
	if o.SaveParams != "" {
		if err := link.SaveModel(o.SaveParams, m); err != nil {
			return err
		}
	}
	out := c.OutOrStdout()
	if o.Explain > 0 {
		for k := 0; k < o.Explain && k < len(p.Pairs); k++ {
			res.Explained = append(res.Explained, lk.Explain(int(p.Pairs[k].L), int(p.Pairs[k].R)))
		}
		for k := 0; k < o.Explain && k < len(p.Near); k++ {
			res.Explained = append(res.Explained, lk.Explain(int(p.Near[k].L), int(p.Near[k].R)))
		}
	}
	if o.JSON {
		res.Model = m
		enc := json.NewEncoder(out)
		return enc.Encode(res)
	}
	printLinkResult(out, &res, m)
	return nil
}

type linkResult struct {
	Left, Right string
	Rows        [2]int
	Block       link.BlockStats
	Accepted    int
	Metrics     *link.Metrics `json:",omitempty"`
	Clusters    *link.Metrics `json:",omitempty"`
	Train       float64
	Predict     float64
	Seconds     float64
	PeakRSS     int64
	Explained   []link.Explanation `json:",omitempty"`
	Model       *link.Model        `json:",omitempty"`
}

func printLinkResult(w io.Writer, r *linkResult, m *link.Model) {
	fmt.Fprintf(w, "rows: left %d, right %d\n", r.Rows[0], r.Rows[1])
	fmt.Fprintf(w, "blocking: %d pairs compared of %.4g (reduction ratio %.6f)\n", r.Block.Pairs, r.Block.Total, r.Block.Reduction)
	for k, rule := range r.Block.Rules {
		fmt.Fprintf(w, "  %-40s %d new pairs\n", rule, r.Block.PerRule[k])
	}
	if m.EM != nil {
		fmt.Fprintf(w, "EM: %d iterations (converged %v), λ %.4g, u from %s (%d random pairs)\n", m.EM.Iterations, m.EM.Converged, m.Lambda, m.UFrom, m.EM.USample)
	}
	fmt.Fprintf(w, "accepted pairs: %d (match probability ≥ %.2f, %s)\n", r.Accepted, m.Threshold, assignName(m))
	if r.Metrics != nil {
		fmt.Fprintf(w, "precision %.4f  recall %.4f  F1 %.4f  (tp %d, fp %d, fn %d)\n", r.Metrics.Precision, r.Metrics.Recall, r.Metrics.F1, r.Metrics.TP, r.Metrics.FP, r.Metrics.FN)
	}
	if r.Clusters != nil {
		fmt.Fprintf(w, "clusters, pairwise: precision %.4f  recall %.4f  F1 %.4f\n", r.Clusters.Precision, r.Clusters.Recall, r.Clusters.F1)
	}
	for _, e := range r.Explained {
		fmt.Fprintf(w, "pair %d–%d: weight %.2f (p %.4f, accepted %v): prior %.2f", e.Left, e.Right, e.Weight, e.Probability, e.Accepted, e.Prior)
		for _, f := range e.Fields {
			if f.Level == "null" {
				continue
			}
			fmt.Fprintf(w, ", %s %s %+.2f", f.Field, f.Level, f.Weight+f.TF)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "time %.2fs (train %.2fs, predict %.2fs); %.0f pairs/s; peak RSS %s\n", r.Seconds, r.Train, r.Predict,
		float64(r.Block.Pairs)/max(r.Predict, 1e-9), runstat.Human(r.PeakRSS))
}

func assignName(m *link.Model) string {
	if m.Dedupe {
		return "clustered by connected components"
	}
	return m.Assign
}

// addSynthTruth adds a person_id column to a leak dataset's table from a
// synthetic leak's truth.csv (file, row, person_id, …), matching the
// rows' source tables by file name and their lines by row.
func addSynthTruth(ctx context.Context, ws *dataset.Workspace, t *link.Table, name, truthPath string) error {
	d, err := ws.Dataset(ctx, name)
	if err != nil {
		d, err = ws.Dataset(ctx, nameFromPath(name))
		if err != nil {
			return fmt.Errorf("--left-truth-csv: %w", err)
		}
	}
	srcs, err := ws.Sources(ctx, d)
	if err != nil {
		return err
	}
	tables := map[[2]int]string{}
	for i, s := range srcs {
		for _, tb := range s.Tables {
			// Rows number their source within the dataset, from 1.
			tables[[2]int{i + 1, tb.No}] = filepath.ToSlash(tb.Name)
		}
	}
	f, err := os.Open(truthPath)
	if err != nil {
		return err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return fmt.Errorf("read %s: %w", truthPath, err)
	}
	truth := map[string]string{} // file + "\x00" + row → person_id
	var files []string
	seen := map[string]bool{}
	for _, r := range recs[1:] {
		if len(r) < 4 {
			continue
		}
		id := r[2]
		if r[3] != "1" {
			id = "" // fabricated: no one
		}
		truth[r[0]+"\x00"+r[1]] = id
		if !seen[r[0]] {
			seen[r[0]] = true
			files = append(files, r[0])
		}
	}
	src, _ := t.Column("source")
	tno, _ := t.Column("table")
	line, _ := t.Column("line")
	fileOf := map[[2]int]string{}
	for k, tn := range tables {
		for _, fl := range files {
			if tn == fl || strings.HasSuffix(tn, "/"+fl) {
				fileOf[k] = fl
			}
		}
	}
	ids := make([]string, t.Len())
	for i := range ids {
		s, _ := strconv.Atoi(src[i])
		n, _ := strconv.Atoi(tno[i])
		fl, ok := fileOf[[2]int{s, n}]
		if !ok {
			continue
		}
		ln, _ := strconv.Atoi(line[i])
		// Lines count the header: data row k is line k+1.
		ids[i] = truth[fl+"\x00"+strconv.Itoa(ln-1)]
	}
	t.AddColumn("person_id", ids)
	return nil
}

func newLinkEvalCommand(g *globalOptions) *cobra.Command {
	var dir string
	var synthSize, synthRows int
	var printConfigs bool
	c := &cobra.Command{
		Use:   "eval [--benchmarks DIR] [--synthetic]",
		Short: "Run the public linkage benchmarks (and synthetic leak scenarios) and print a results table",
		Args:  exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			out := c.OutOrStdout()
			if printConfigs {
				for _, b := range link.Benchmarks(dir) {
					js, _ := json.MarshalIndent(b.Model(), "", "  ")
					fmt.Fprintf(out, "# %s\n%s\n", b.Name, js)
				}
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintln(tw, "dataset\tmethod\tprecision\trecall\tF1\tpairs\treduction\ttime\t")
			if dir != "" {
				for _, b := range link.Benchmarks(dir) {
					if _, err := os.Stat(b.Left); err != nil {
						fmt.Fprintf(c.ErrOrStderr(), "skip %s: %v\n", b.Name, err)
						continue
					}
					r, err := b.Run(c.Context())
					if err != nil {
						return fmt.Errorf("%s: %w", b.Name, err)
					}
					method := "FS+EM, one-to-one"
					mt := r.Pairs
					if r.Clusters != nil {
						printRow(tw, b.Name, "FS+EM, pairs", mt, r.Block, r.Total)
						if r.Scored != nil {
							printRow(tw, b.Name, "FS+EM, pairs (all true scored)", *r.Scored, r.Block, r.Total)
						}
						method, mt = "FS+EM, clusters", *r.Clusters
					}
					printRow(tw, b.Name, method, mt, r.Block, r.Total)
				}
			}
			if synthSize > 0 {
				if err := evalSynthetic(c.Context(), g, tw, synthSize, synthRows); err != nil {
					return err
				}
			}
			tw.Flush()
			fmt.Fprintf(out, "peak RSS %s\n", runstat.Human(runstat.PeakRSS()))
			return nil
		},
	}
	c.Flags().StringVar(&dir, "benchmarks", "", "folder of the linkage benchmarks (shared/data/linkage-benchmarks)")
	c.Flags().IntVar(&synthSize, "synthetic", 0, "also generate a synthetic registry of this size and link the masked, typos and recipient-copy leaks to it")
	c.Flags().IntVar(&synthRows, "synthetic-rows", 5000, "rows per synthetic leak")
	c.Flags().BoolVar(&printConfigs, "print-configs", false, "print the benchmarks' models as JSON (for --config) and stop")
	return c
}

func printRow(w io.Writer, name, method string, m link.Metrics, b link.BlockStats, d time.Duration) {
	fmt.Fprintf(w, "%s\t%s\t%.4f\t%.4f\t%.4f\t%d\t%.5f\t%.2fs\t\n", name, method, m.Precision, m.Recall, m.F1, b.Pairs, b.Reduction, d.Seconds())
}

// evalSynthetic writes a synthetic registry and the masked, typos and
// recipient-copy leaks of it in a temporary folder, ingests them, links
// each leak to the registry with the telusur model and scores the links
// against truth.csv (person_id).
func evalSynthetic(ctx context.Context, g *globalOptions, w io.Writer, size, rows int) error {
	dir, err := os.MkdirTemp("", "telusur-link-eval-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	reg := filepath.Join(dir, "registry")
	if _, err := synth.WriteRegistry(ctx, synth.RegistryOptions{Size: size, Seed: 1, Snapshots: synth.DefaultSnapshots(1), Out: reg, Tool: version.Tool()}); err != nil {
		return err
	}
	ws, err := dataset.Open(filepath.Join(dir, "ws"))
	if err != nil {
		return err
	}
	defer ws.Close()
	snap := synth.DefaultSnapshots(1)[0]
	refDate := snap.Date
	regDS, err := ingest.Run(ctx, ingest.Options{Workspace: ws, Name: "registry", Role: "reference", Paths: []string{filepath.Join(reg, "1-"+snap.Name)}, Tool: version.Tool(), Ref: refDate})
	if err != nil {
		return err
	}
	right, err := link.ReadDataset(ws, regDS.Dataset)
	if err != nil {
		return err
	}
	for _, sc := range []string{"masked", "typos", "recipient-copy"} {
		start := time.Now()
		out := filepath.Join(dir, sc)
		lm, err := synth.WriteLeak(ctx, synth.LeakOptions{Registry: reg, Scenario: sc, Out: out, Seed: 7, Rows: rows, Tool: version.Tool()})
		if err != nil {
			return err
		}
		var paths []string
		for _, f := range lm.Files {
			paths = append(paths, filepath.Join(out, f.Name))
		}
		lr, err := ingest.Run(ctx, ingest.Options{Workspace: ws, Name: sc, Role: "leak", Paths: paths, Tool: version.Tool(), Ref: refDate})
		if err != nil {
			return err
		}
		left, err := link.ReadDataset(ws, lr.Dataset)
		if err != nil {
			return err
		}
		if err := addSynthTruth(ctx, ws, left, sc, filepath.Join(out, "truth.csv")); err != nil {
			return err
		}
		m := link.TelusurModel(left, right, refDate)
		m.Truth = "person_id"
		r, err := link.RunModel(ctx, m, left, right)
		if err != nil {
			return fmt.Errorf("%s: %w", sc, err)
		}
		printRow(w, fmt.Sprintf("synthetic %s (%d × %d)", sc, left.Len(), right.Len()), "FS+EM, best-left", r.Pairs, r.Block, time.Since(start))
	}
	return nil
}
