package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/telusur/telusur/internal/dpt"
	"github.com/telusur/telusur/internal/verify"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func render(t *testing.T, doc *verify.Document, lang string) string {
	t.Helper()
	var b bytes.Buffer
	if err := HTML(&b, doc, lang); err != nil {
		t.Fatalf("HTML(%s): %v", lang, err)
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	for _, lang := range Languages {
		t.Run(lang, func(t *testing.T) {
			got := render(t, fixture(lang), lang)
			path := filepath.Join("testdata", "report_"+lang+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("report differs from %s; look at the diff and run go test ./internal/report -update if it is right\n%s", path, firstDiff(string(want), got))
			}
		})
	}
}

// firstDiff shows the first line where want and got differ.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\nwant: " + w + "\ngot:  " + g
		}
	}
	return ""
}

// loads finds anything in a page that makes a browser fetch something:
// src and href with a scheme or a protocol-relative address, CSS url() and
// @import, and scripts.
var loads = []*regexp.Regexp{
	regexp.MustCompile(`(?i)\b(src|href|srcset|action|poster|data)\s*=\s*["']?\s*(https?:)?//`),
	regexp.MustCompile(`(?i)url\s*\(`),
	regexp.MustCompile(`(?i)@import`),
	regexp.MustCompile(`(?i)<script`),
	regexp.MustCompile(`(?i)<link\b`),
	regexp.MustCompile(`(?i)<(img|iframe|object|embed|video|audio)\b`),
}

func TestSelfContained(t *testing.T) {
	for _, lang := range Languages {
		t.Run(lang, func(t *testing.T) {
			page := render(t, fixture(lang), lang)
			for _, re := range loads {
				if m := re.FindString(page); m != "" {
					t.Errorf("page loads something: %q matches %s", m, re)
				}
			}
			// And plainly: no address with a scheme at all.
			if i := strings.Index(page, "http"); i >= 0 && regexp.MustCompile(`https?://`).MatchString(page) {
				t.Errorf("page holds an address: …%s…", page[max(0, i-40):min(len(page), i+40)])
			}
		})
	}
}

func TestNoUnmaskedNIK(t *testing.T) {
	doc := fixture("en")
	doc.Samples[0].NIK = "3204015708780001" // a verify bug: the NIK arrives whole
	page := render(t, doc, "en")
	if m := regexp.MustCompile(`\b\d{16}\b`).FindString(page); m != "" {
		t.Errorf("page holds a 16-digit number %s", m)
	}
	if !strings.Contains(page, "3204**********01") {
		t.Error("the whole NIK was not shown masked")
	}
}

func TestEscapes(t *testing.T) {
	doc := fixture("en")
	evil := `<script>alert("x")</script>`
	doc.Leak.Name = evil
	doc.Coverage.Provinces[0].Name = evil
	doc.Coverage.Regencies[0].Name = evil
	doc.Samples[0].Name = evil
	doc.Leak.Columns[0].Name = evil
	doc.Verdict.Reasons[0].Text = evil
	doc.Linkage.MatchedBy[`"><svg onload=x>`] = 5
	doc.Linkage.FieldCompared[`</text><script>`] = 7
	doc.Authenticity.AgeBands[0].Label = `</text><script>`
	doc.Authenticity.Schema.Notes = []string{evil}
	page := render(t, doc, "en")
	for _, bad := range []string{"<script", "<svg onload"} {
		if strings.Contains(page, bad) {
			t.Errorf("page holds %q unescaped", bad)
		}
	}
	if !strings.Contains(page, "&lt;script&gt;") {
		t.Error("escaped names are missing from the page")
	}
}

func TestCharts(t *testing.T) {
	page := render(t, fixture("en"), "en")
	if n := strings.Count(page, `<svg class="chart"`); n != 5 {
		t.Errorf("%d charts, want 5 (match, field agreement, age bands, two waterfalls)", n)
	}
	if n := strings.Count(page, "<svg"); n != 5 {
		t.Errorf("%d svg elements, want 5", n)
	}
	// The waterfalls are the scored samples', and say where acceptance is.
	if n := strings.Count(page, "<title>The pair&#39;s score, field by field"); n != 2 {
		t.Errorf("%d waterfalls, want 2", n)
	}
	if !strings.Contains(page, "accept at +8") {
		t.Error("the waterfall lacks the acceptance threshold")
	}
}

func TestSectionsInOrder(t *testing.T) {
	page := render(t, fixture("en"), "en")
	ids := []string{"verdict", "figures", "match", "fields", "authenticity", "schema", "coverage", "samples", "columns", "rejects", "parameters"}
	last := -1
	for _, id := range ids {
		i := strings.Index(page, `id="`+id+`"`)
		if i < 0 {
			t.Errorf("no section %s", id)
			continue
		}
		if i < last {
			t.Errorf("section %s out of order", id)
		}
		last = i
	}
	if i := strings.Index(page, `class="report-footer"`); i < last {
		t.Error("footer is not last")
	}
}

func TestLanguage(t *testing.T) {
	tests := []struct {
		name, docLang, lang string
		want, notWant       []string
	}{
		{"en", "en", "en",
			[]string{`<html lang="en">`, "Data Leak Verification Report", "Consistent", "96.1%", "1,247,312", "Match rate", "2 July 2023"},
			[]string{"Laporan", ">96,1%"}},
		{"id", "id", "id",
			[]string{`<html lang="id">`, "Laporan Verifikasi Kebocoran Data", "Konsisten", "96,1%", "1.247.312", "Tingkat kecocokan",
				"Kesesuaian per kolom", "Cakupan wilayah", "Pemeriksaan keaslian", "2 Juli 2023", "≤ 0,1%", "jarak ≤ 8%", "48–52% laki-laki", "Milenial (1981–96)"},
			[]string{"Data Leak Verification", ">96.1%", "Match rate"}},
		{"empty takes the document's", "id", "",
			[]string{`<html lang="id">`, "Konsisten"}, nil},
		{"reasons in the other language are flagged", "id", "en",
			[]string{"written by the verification step in Indonesian"}, nil},
		{"reasons in the same language are not", "en", "en",
			nil, []string{"written by the verification step"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := render(t, fixture(tt.docLang), tt.lang)
			for _, s := range tt.want {
				if !strings.Contains(page, s) {
					t.Errorf("page lacks %q", s)
				}
			}
			for _, s := range tt.notWant {
				if strings.Contains(page, s) {
					t.Errorf("page holds %q", s)
				}
			}
		})
	}
}

func TestVerdictLabels(t *testing.T) {
	tests := []struct {
		label, class, en, id string
	}{
		{verify.Consistent, "consistent", "Consistent", "Konsisten"},
		{verify.PartiallyConsistent, "partial", "Partially consistent", "Sebagian konsisten"},
		{verify.Inconsistent, "inconsistent", "Inconsistent", "Tidak konsisten"},
		{verify.LikelyFabricated, "fabricated", "Likely fabricated", "Kemungkinan besar palsu/fabrikasi"},
		{"", "unknown", "No verdict", "Tanpa kesimpulan"},
	}
	for _, tt := range tests {
		t.Run(tt.class, func(t *testing.T) {
			for lang, want := range map[string]string{"en": tt.en, "id": tt.id} {
				doc := fixture(lang)
				doc.Verdict.Label = tt.label
				page := render(t, doc, lang)
				if !strings.Contains(page, `class="verdict verdict-`+tt.class+`"`) {
					t.Errorf("%s: no verdict-%s box", lang, tt.class)
				}
				if !strings.Contains(page, `<div class="verdict-label">`+want+`</div>`) {
					t.Errorf("%s: verdict label is not %q", lang, want)
				}
			}
		})
	}
}

func TestTopRegencies(t *testing.T) {
	doc := fixture("en")
	page := render(t, doc, "en")
	if len(doc.Coverage.Regencies) <= topRegencies {
		t.Fatalf("fixture has %d regencies; it needs more than %d", len(doc.Coverage.Regencies), topRegencies)
	}
	// The largest comes first, the smallest three are cut.
	first, last := strings.Index(page, "Kabupaten Bandung<"), strings.Index(page, "Kota Administrasi Jakarta Timur<")
	if first < 0 || last < 0 || first > last {
		t.Errorf("regencies not listed by leak rows (first %d, 20th %d)", first, last)
	}
	for _, cut := range []string{"Kabupaten Bojonegoro", "Kabupaten Pati", "Kota Jayapura"} {
		if strings.Contains(page, cut) {
			t.Errorf("%s is not in the top 20 but is listed", cut)
		}
	}
}

func TestEmptyDocument(t *testing.T) {
	for _, lang := range Languages {
		page := render(t, &verify.Document{Lang: lang}, lang)
		for _, s := range []string{messages["no_fields"].in(lang), messages["no_regions"].in(lang), messages["no_rejects"].in(lang)} {
			if !strings.Contains(page, s) {
				t.Errorf("%s: empty document lacks %q", lang, s)
			}
		}
	}
}

func TestErrors(t *testing.T) {
	var b bytes.Buffer
	if err := HTML(&b, nil, "en"); err == nil {
		t.Error("nil document: no error")
	}
	if err := HTML(&b, fixture("en"), "fr"); err == nil || !strings.Contains(err.Error(), `"fr"`) {
		t.Errorf("language fr: error %v", err)
	}
}

func TestTexts(t *testing.T) {
	tables := map[string]map[string]text{
		"messages": messages, "checks": checkLabels, "findings": findingLabels, "passes": passLabels,
		"methods": methodLabels, "roles": roleLabels, "rejects": rejectLabels, "severities": severityLabels,
	}
	for name, m := range tables {
		for key, x := range m {
			if strings.TrimSpace(x.en) == "" || strings.TrimSpace(x.id) == "" {
				t.Errorf("%s[%q] lacks a text: %+v", name, key, x)
			}
		}
	}
	for _, r := range dpt.Roles {
		if _, ok := roleLabels[string(r)]; !ok {
			t.Errorf("role %s has no label", r)
		}
	}
	for _, p := range passOrder {
		if _, ok := passLabels[p]; !ok {
			t.Errorf("pass %s has no label", p)
		}
	}
}
