package verify

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/telusur/telusur/internal/dataset"
	"github.com/telusur/telusur/internal/dpt"
	"github.com/telusur/telusur/internal/ingest"
	"github.com/telusur/telusur/internal/synth"
)

// fixture is a workspace holding a synthetic registry's latest snapshot
// as the reference, and the person ids it holds.
type fixture struct {
	dir    string
	reg    *synth.RegistryManifest
	regDir string
	ws     *dataset.Workspace
	ref    *dataset.Dataset
	ids    map[uint64]bool
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{dir: t.TempDir(), ids: map[uint64]bool{}}
	f.regDir = filepath.Join(f.dir, "registry")
	m, err := synth.WriteRegistry(ctx, synth.RegistryOptions{Size: 20000, Seed: 11, Snapshots: synth.DefaultSnapshots(3), Out: f.regDir, Tool: "test"})
	if err != nil {
		t.Fatal(err)
	}
	f.reg = m
	if f.ws, err = dataset.Open(filepath.Join(f.dir, "ws")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.ws.Close() })
	last := m.Snapshots[len(m.Snapshots)-1]
	res, err := ingest.Run(ctx, ingest.Options{Workspace: f.ws, Name: "dpt", Role: "reference",
		Paths: []string{filepath.Join(f.regDir, last.Dir)}, Tool: "test", Ref: last.Date})
	if err != nil {
		t.Fatal(err)
	}
	f.ref = res.Dataset
	if f.ref.RowsAccepted != last.Rows {
		t.Fatalf("reference: %d rows accepted, the snapshot has %d", f.ref.RowsAccepted, last.Rows)
	}
	err = synth.ReadSnapshot(f.regDir, last.Name, func(r *dpt.Record) error {
		f.ids[r.PersonID] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// leak writes a leak and ingests it; it returns the dataset and the share
// of its rows that are real people in the reference (the true match rate).
func (f *fixture) leak(t *testing.T, name string, opts ...synth.LeakOptions) (*dataset.Dataset, float64) {
	t.Helper()
	ctx := context.Background()
	var paths []string
	var rows, inRef int64
	for i, o := range opts {
		out := filepath.Join(f.dir, name+"-"+strconv.Itoa(i))
		o.Out, o.Tool = out, "test"
		lm, err := synth.WriteLeak(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		for _, lf := range lm.Files {
			paths = append(paths, filepath.Join(out, lf.Name))
		}
		tf, err := os.Open(filepath.Join(out, "truth.csv"))
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(tf).ReadAll()
		tf.Close()
		if err != nil {
			t.Fatal(err)
		}
		sameRegistry := o.Registry == f.regDir
		for _, r := range recs[1:] { // file,row,person_id,real,…
			rows++
			id, _ := strconv.ParseUint(r[2], 10, 64)
			if r[3] == "1" && sameRegistry && f.ids[id] {
				inRef++
			}
		}
	}
	res, err := ingest.Run(ctx, ingest.Options{Workspace: f.ws, Name: name, Role: "leak", Paths: paths, Tool: "test", Ref: f.refDate()})
	if err != nil {
		t.Fatal(err)
	}
	if res.Dataset.RowsAccepted != rows {
		srcs, _ := f.ws.Sources(ctx, res.Dataset)
		for _, s := range srcs {
			for _, tb := range s.Tables {
				t.Logf("%s: rejects %v samples %v", tb.Name, tb.Rejects, tb.Samples)
			}
		}
		t.Fatalf("%s: %d rows accepted of %d written", name, res.Dataset.RowsAccepted, rows)
	}
	return res.Dataset, float64(inRef) / float64(rows)
}

func (f *fixture) refDate() time.Time { return f.reg.Snapshots[len(f.reg.Snapshots)-1].Date }

var unmaskedNIK = regexp.MustCompile(`(^|[^0-9.])[0-9]{16}([^0-9]|$)`)

func TestScenarios(t *testing.T) {
	if testing.Short() {
		t.Skip("generates registries")
	}
	f := newFixture(t)
	other := filepath.Join(f.dir, "other-registry")
	if _, err := synth.WriteRegistry(context.Background(), synth.RegistryOptions{Size: 8000, Seed: 99, Snapshots: synth.DefaultSnapshots(1), Out: other, Tool: "test"}); err != nil {
		t.Fatal(err)
	}
	const rows = 2000
	leakOf := func(sc string, seed uint64) synth.LeakOptions {
		return synth.LeakOptions{Registry: f.regDir, Scenario: sc, Rows: rows, Seed: seed}
	}
	cases := []struct {
		name    string
		opts    []synth.LeakOptions
		want    string
		rateTol float64 // |match_rate − truth| allowed; 0: not checked
	}{
		{"genuine", []synth.LeakOptions{leakOf("genuine", 1)}, Consistent, 0.01},
		{"masked", []synth.LeakOptions{leakOf("masked", 2)}, Consistent, 0.02},
		{"typos", []synth.LeakOptions{leakOf("typos", 3)}, Consistent, 0.01},
		{"fabricated", []synth.LeakOptions{leakOf("fabricated", 4)}, LikelyFabricated, 0.01},
		{"older-snapshot", []synth.LeakOptions{leakOf("older-snapshot", 5)}, Consistent, 0.01},
		{"recipient-copy", []synth.LeakOptions{leakOf("recipient-copy", 6)}, Consistent, 0.03},
		{"mixed", []synth.LeakOptions{leakOf("mixed", 7)}, Consistent, 0.01},
		// Real-looking people from another registry: not this one's data.
		{"elsewhere", []synth.LeakOptions{{Registry: other, Scenario: "genuine", Rows: rows, Seed: 8}}, Inconsistent, 0.01},
		// Half this registry's, half another's.
		{"half", []synth.LeakOptions{leakOf("genuine", 9), {Registry: other, Scenario: "genuine", Rows: rows, Seed: 10}}, PartiallyConsistent, 0.01},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			leak, truth := f.leak(t, c.name, c.opts...)
			for _, lang := range []string{"en", "id"} {
				doc, err := Run(context.Background(), Options{Workspace: f.ws, Reference: f.ref, Leak: leak, Lang: lang,
					Params: Params{RefDate: f.refDate()}, Tool: "test"})
				if err != nil {
					t.Fatal(err)
				}
				l := doc.Linkage
				t.Logf("%s: verdict %s score %.3f; match rate %.4f (truth %.4f) by %v; authenticity %.2f; weights %s",
					lang, doc.Verdict.Label, doc.Verdict.Score, l.MatchRate, truth, l.MatchedBy, doc.Authenticity.Score, l.WeightsFrom)
				if doc.Verdict.Label != c.want {
					t.Errorf("verdict %s, want %s; reasons: %v", doc.Verdict.Label, c.want, doc.Verdict.Reasons)
				}
				if d := math.Abs(l.MatchRate - truth); d > c.rateTol {
					t.Errorf("match rate %.4f, truth %.4f: off by %.4f (allowed %.2f)", l.MatchRate, truth, d, c.rateTol)
				}
				if l.MatchRateCI95[0] > l.MatchRate || l.MatchRateCI95[1] < l.MatchRate {
					t.Errorf("CI %v does not hold the rate %v", l.MatchRateCI95, l.MatchRate)
				}
				if doc.Leak.RowsRead != doc.Leak.RowsAccepted+doc.Leak.RowsRejected {
					t.Errorf("rows read %d ≠ accepted %d + rejected %d", doc.Leak.RowsRead, doc.Leak.RowsAccepted, doc.Leak.RowsRejected)
				}
				js, err := json.Marshal(doc)
				if err != nil {
					t.Fatal(err)
				}
				if loc := unmaskedNIK.FindIndex(js); loc != nil {
					t.Errorf("report.json holds an unmasked NIK: …%s…", js[max(0, loc[0]-80):loc[0]])
				}
				checkContract(t, js)
			}
		})
	}
}

// checkContract fails when a documented key of report.json is missing.
func checkContract(t *testing.T, js []byte) {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(js, &m); err != nil {
		t.Fatal(err)
	}
	for _, path := range [][]string{
		{"leak", "rows_read"}, {"leak", "rows_accepted"}, {"leak", "rows_rejected"}, {"leak", "columns"},
		{"authenticity", "nik_valid_rate"}, {"authenticity", "nik_dob_agreement"}, {"authenticity", "nik_sex_agreement"}, {"authenticity", "duplicate_nik_rate"},
		{"linkage", "method"}, {"linkage", "matched_rows"}, {"linkage", "match_rate"}, {"linkage", "match_rate_ci95"}, {"linkage", "field_agreement"},
		{"coverage", "provinces"}, {"verdict", "label"}, {"verdict", "score"}, {"verdict", "reasons"},
	} {
		var v any = m
		for _, k := range path {
			obj, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("report.json: %v is not an object", path)
			}
			if v, ok = obj[k]; !ok {
				t.Errorf("report.json lacks %v", path)
				break
			}
		}
	}
	cols := m["leak"].(map[string]any)["columns"].([]any)
	if len(cols) == 0 {
		t.Errorf("report.json: no leak columns")
	}
	for _, c := range cols {
		for _, k := range []string{"name", "role", "confidence"} {
			if _, ok := c.(map[string]any)[k]; !ok {
				t.Errorf("leak.columns[] lacks %s", k)
			}
		}
	}
	if provs, _ := m["coverage"].(map[string]any)["provinces"].([]any); len(provs) > 0 {
		for _, k := range []string{"code", "name", "leak_rows", "matched_rows", "reference_rows"} {
			if _, ok := provs[0].(map[string]any)[k]; !ok {
				t.Errorf("coverage.provinces[] lacks %s", k)
			}
		}
	}
}

func TestInitials(t *testing.T) {
	for in, want := range map[string]string{
		"SITI AMINAH":     "S. A.",
		"MUHAMMAD  RIZKI": "M. R.",
		"":                "",
		"i gusti ngurah":  "I. G. N.",
		"'ABDUL RAHMAN":   "A. R.",
	} {
		if got := Initials(in); got != want {
			t.Errorf("Initials(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFormat(t *testing.T) {
	for _, c := range []struct {
		n      int64
		en, id string
	}{{0, "0", "0"}, {999, "999", "999"}, {1000, "1,000", "1.000"}, {204807203, "204,807,203", "204.807.203"}, {-1234, "-1,234", "-1.234"}} {
		if got := number(c.n, "en"); got != c.en {
			t.Errorf("number(%d, en) = %q, want %q", c.n, got, c.en)
		}
		if got := number(c.n, "id"); got != c.id {
			t.Errorf("number(%d, id) = %q, want %q", c.n, got, c.id)
		}
	}
	if got := percent(0.9734, "id"); got != "97,3%" {
		t.Errorf("percent id = %q", got)
	}
	if got := percent(0.9734, "en"); got != "97.3%" {
		t.Errorf("percent en = %q", got)
	}
}
