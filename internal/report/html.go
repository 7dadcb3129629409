package report

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/telusur/telusur/internal/authenticity"
	"github.com/telusur/telusur/internal/dpt"
	"github.com/telusur/telusur/internal/nik"
	"github.com/telusur/telusur/internal/region"
	"github.com/telusur/telusur/internal/verify"
)

//go:embed assets/report.html.tmpl assets/report.css
var assets embed.FS

// topRegencies is how many regencies the coverage section lists.
const topRegencies = 20

// HTML writes doc as a self-contained HTML page in lang, "en" or "id"
// (empty means the document's own language). The page loads nothing: its
// CSS is inline and its charts are inline SVG. It shows only what doc
// holds, and doc holds personal data only masked; a sample NIK that
// arrives unmasked is masked here all the same.
func HTML(w io.Writer, doc *verify.Document, lang string) error {
	if doc == nil {
		return fmt.Errorf("report: no document")
	}
	if lang == "" {
		lang = doc.Lang
	}
	if !slices.Contains(Languages, lang) {
		return fmt.Errorf("report: unknown language %q (want en or id)", lang)
	}
	t, err := pageTemplate(lang)
	if err != nil {
		return err
	}
	if err := t.Execute(w, newView(doc, lang)); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

var (
	templatesOnce sync.Once
	templates     map[string]*template.Template
	templatesErr  error
)

// pageTemplate returns the page template of lang, parsed once with the
// functions of that language.
func pageTemplate(lang string) (*template.Template, error) {
	templatesOnce.Do(func() {
		src, err := assets.ReadFile("assets/report.html.tmpl")
		if err != nil {
			templatesErr = err
			return
		}
		templates = map[string]*template.Template{}
		for _, l := range Languages {
			t, err := template.New("report").Funcs(funcs(l)).Parse(string(src))
			if err != nil {
				templatesErr = fmt.Errorf("report: parse template: %w", err)
				return
			}
			templates[l] = t
		}
	})
	return templates[lang], templatesErr
}

// funcs are the template's functions in lang.
func funcs(lang string) template.FuncMap {
	return template.FuncMap{
		"t": func(key string) (string, error) {
			m, ok := messages[key]
			if !ok {
				return "", fmt.Errorf("no text %q", key)
			}
			return m.in(lang), nil
		},
		"int":    func(n int64) string { return formatInt(n, lang) },
		"intn":   func(n int) string { return formatInt(int64(n), lang) },
		"pct":    func(v float64) string { return formatPercent(v, lang) },
		"score":  func(v float64) string { return formatScore(v, lang) },
		"bytes":  func(n int64) string { return formatBytes(n, lang) },
		"role":   func(r string) string { return label(roleLabels, r, lang) },
		"barPct": func(v float64) string { return num(clamp01(v) * 100) },
		"inc":    func(i int) int { return i + 1 },
		"checks": func(ids []string) string {
			out := make([]string, len(ids))
			for i, id := range ids {
				out[i] = label(checkLabels, id, lang)
			}
			return strings.Join(out, "; ")
		},
		"passes": func(ps []string) string {
			out := make([]string, len(ps))
			for i, p := range ps {
				out[i] = p
				if x, ok := passLabels[p]; ok {
					out[i] = x.in(lang)
				}
			}
			return strings.Join(out, "; ")
		},
	}
}

// view is what the template shows, computed from the document.
type view struct {
	Lang      string
	CSS       template.CSS
	Doc       *verify.Document
	Generated string

	VerdictClass string
	VerdictLabel string
	VerdictDesc  string
	ReasonsNote  bool // the reasons are in the other language

	MatchCI    string
	Method     string
	MatchChart template.HTML
	FieldChart template.HTML

	Checks    []checkRow
	AgeChart  template.HTML
	Findings  []findingRow
	MaleShare string

	Provinces     []regionRow
	ProvinceTotal regionRow
	Regencies     []regionRow

	Matched   []sampleRow
	Unmatched []sampleRow

	Rejects []rejectRow
	RefDate string
	Sources []sourceRow

	Attribution string
}

type checkRow struct {
	Label, Detail, Value, Expected, Status, Class string
}

type findingRow struct {
	Label, Code, Severity, SeverityClass, Rows, Rate string
}

type regionRow struct {
	Name, Parent               string
	Leak, Matched, Reference   string
	MatchRate, Share           string
	MatchRateValue, ShareValue float64
}

type sampleRow struct {
	Row, Pass, NIK, Name, BirthYear, Sex, Region string
	Waterfall                                    template.HTML // the score explained, field by field
	Fields                                       []sampleField // close, differing and unknown
	Equal                                        string        // the equal fields, listed
}

type sampleField struct{ Role, Value, Class string }

type rejectRow struct{ Reason, Rows, Share string }

type sourceRow struct{ Dataset, Path, SHA256, Size, Rows string }

func newView(doc *verify.Document, lang string) *view {
	css, _ := assets.ReadFile("assets/report.css")
	tr := func(key string) string { return messages[key].in(lang) }
	v := &view{
		Lang:        lang,
		CSS:         template.CSS(css), //nolint:gosec // our own embedded file
		Doc:         doc,
		Generated:   formatTime(doc.Generated, lang),
		Attribution: region.Attribution(),
	}

	key, class := verdictKey(doc.Verdict.Label)
	v.VerdictClass = class
	v.VerdictLabel = tr(key)
	if class != "unknown" {
		v.VerdictDesc = tr(key + "_desc")
	}
	v.ReasonsNote = doc.Lang != "" && doc.Lang != lang && len(doc.Verdict.Reasons) > 0

	lk := doc.Linkage
	v.MatchCI = formatRange(lk.MatchRateCI95, lang)
	v.Method = label(methodLabels, lk.Method, lang)

	v.MatchChart = donutChart(tr("match_chart"), formatPercent(lk.MatchRate, lang), tr("matched"),
		matchSegments(doc, lang), lk.LeakRows, lang)
	if bars := fieldBars(doc, lang); len(bars) > 0 {
		v.FieldChart = fieldChart(tr("field_agreement"), bars, lang, tr("exact"), tr("close"), tr("compared"))
	}

	au := &doc.Authenticity
	for _, c := range au.Checks {
		row := checkRow{
			Label:    label(checkLabels, c.ID, lang),
			Value:    formatPercent(c.Value, lang),
			Expected: localizeExpected(c.Expected, lang),
			Status:   tr(statusKey(c.Status)),
			Class:    statusClass(c.Status),
		}
		// Detail is English; the Indonesian page shows it only where it
		// has no label of its own for the check.
		if _, known := checkLabels[c.ID]; lang == "en" || !known {
			row.Detail = c.Detail
		}
		if c.Status == authenticity.NA {
			row.Value = "–"
		}
		v.Checks = append(v.Checks, row)
	}
	if len(au.AgeBands) > 0 {
		bands := make([]ageBar, len(au.AgeBands))
		for i, b := range au.AgeBands {
			bands[i] = ageBar{Label: b.Label, Share: b.Share, Expected: b.Expected}
			if x, ok := bandLabels[b.Label]; ok {
				bands[i].Label = x.in(lang)
			}
		}
		v.AgeChart = ageChart(tr("age_chart"), bands, lang, tr("age_leak"), tr("age_expected"), tr("age_axis"))
	}
	for _, f := range au.Findings {
		v.Findings = append(v.Findings, findingRow{
			Label:         label(findingLabels, f.Code, lang),
			Code:          f.Code,
			Severity:      label(severityLabels, f.Severity, lang),
			SeverityClass: severityClass(f.Severity),
			Rows:          formatInt(f.Rows, lang),
			Rate:          formatPercent(f.Rate, lang),
		})
	}
	if au.SexRows > 0 {
		v.MaleShare = formatPercent(au.MaleShare, lang)
	}

	cov := doc.Coverage
	provinces := slices.Clone(cov.Provinces)
	sortByLeakRows(provinces)
	var tot verify.RegionCoverage
	for _, p := range provinces {
		v.Provinces = append(v.Provinces, newRegionRow(p, "", lang))
		tot.LeakRows += p.LeakRows
		tot.MatchedRows += p.MatchedRows
		tot.ReferenceRows += p.ReferenceRows
	}
	if tot.LeakRows > 0 {
		tot.MatchRate = float64(tot.MatchedRows) / float64(tot.LeakRows)
	}
	if tot.ReferenceRows > 0 {
		tot.ReferenceShare = float64(tot.MatchedRows) / float64(tot.ReferenceRows)
	}
	tot.Name = tr("total")
	v.ProvinceTotal = newRegionRow(tot, "", lang)
	regencies := slices.Clone(cov.Regencies)
	sortByLeakRows(regencies)
	if len(regencies) > topRegencies {
		regencies = regencies[:topRegencies]
	}
	for _, r := range regencies {
		v.Regencies = append(v.Regencies, newRegionRow(r, provinceOf(r.Code, cov.Provinces), lang))
	}

	for _, s := range doc.Samples {
		row := newSampleRow(s, lang)
		row.Waterfall = waterfallOf(s, doc.Linkage.Accept, lang)
		if s.Matched {
			v.Matched = append(v.Matched, row)
		} else {
			v.Unmatched = append(v.Unmatched, row)
		}
	}

	reasons := make([]string, 0, len(doc.Leak.Rejects))
	for r := range doc.Leak.Rejects {
		reasons = append(reasons, r)
	}
	sort.Slice(reasons, func(i, j int) bool {
		a, b := doc.Leak.Rejects[reasons[i]], doc.Leak.Rejects[reasons[j]]
		if a != b {
			return a > b
		}
		return reasons[i] < reasons[j]
	})
	for _, r := range reasons {
		n := doc.Leak.Rejects[r]
		share := 0.0
		if doc.Leak.RowsRead > 0 {
			share = float64(n) / float64(doc.Leak.RowsRead)
		}
		v.Rejects = append(v.Rejects, rejectRow{Reason: rejectLabel(r, lang), Rows: formatInt(n, lang), Share: formatPercent(share, lang)})
	}

	v.RefDate = formatDate(doc.Params.RefDate, lang)
	for _, ds := range []*verify.DatasetSummary{&doc.Leak, &doc.Reference} {
		for _, s := range ds.Sources {
			v.Sources = append(v.Sources, sourceRow{
				Dataset: ds.Name, Path: s.Path, SHA256: s.SHA256,
				Size: formatBytes(s.Size, lang), Rows: formatInt(s.Rows, lang),
			})
		}
	}
	return v
}

// matchSegments splits the leak's rows into the matching passes, in the
// order they run, and the rows no pass matched.
func matchSegments(doc *verify.Document, lang string) []segment {
	lk := doc.Linkage
	var segs []segment
	var sum int64
	colour := func(i int) string { return passColours[min(i, len(passColours)-1)] }
	seen := map[string]bool{}
	add := func(pass string) {
		n := lk.MatchedBy[pass]
		seen[pass] = true
		if n <= 0 {
			return
		}
		segs = append(segs, segment{Label: label(passLabels, pass, lang), Rows: n, Colour: colour(len(segs))})
		sum += n
	}
	for _, p := range passOrder {
		add(p)
	}
	var rest []string
	for p := range lk.MatchedBy {
		if !seen[p] {
			rest = append(rest, p)
		}
	}
	sort.Strings(rest)
	for _, p := range rest {
		add(p)
	}
	if other := lk.MatchedRows - sum; other > 0 {
		segs = append(segs, segment{Label: messages["pass_other"].in(lang), Rows: other, Colour: colour(len(segs))})
	}
	segs = append(segs, segment{Label: messages["unmatched"].in(lang), Rows: max(lk.LeakRows-lk.MatchedRows, 0), Colour: colourUnmatched})
	return segs
}

// sortedRoles returns a map's roles in the roles' usual order.
func sortedRoles[V any](m map[string]V) []string {
	roles := make([]string, 0, len(m))
	for r := range m {
		roles = append(roles, r)
	}
	sort.Slice(roles, func(i, j int) bool {
		a, b := roleRank(roles[i]), roleRank(roles[j])
		if a != b {
			return a < b
		}
		return roles[i] < roles[j]
	})
	return roles
}

// fieldBars lists the compared roles in the roles' usual order.
func fieldBars(doc *verify.Document, lang string) []fieldBar {
	lk := doc.Linkage
	roles := sortedRoles(lk.FieldCompared)
	var bars []fieldBar
	for _, r := range roles {
		bars = append(bars, fieldBar{Label: label(roleLabels, r, lang), Exact: lk.FieldAgreement[r], Close: lk.FieldClose[r], Compared: lk.FieldCompared[r]})
	}
	return bars
}

// roleRank orders roles as dpt.Roles lists them; unknown ones last.
func roleRank(r string) int {
	if i := slices.Index(dpt.Roles, dpt.Role(r)); i >= 0 {
		return i
	}
	return len(dpt.Roles)
}

func statusKey(s authenticity.Status) string {
	switch s {
	case authenticity.OK:
		return "status_ok"
	case authenticity.Warn:
		return "status_warn"
	case authenticity.Fail:
		return "status_fail"
	}
	return "status_na"
}

func statusClass(s authenticity.Status) string {
	switch s {
	case authenticity.OK:
		return "ok"
	case authenticity.Warn:
		return "warn"
	case authenticity.Fail:
		return "fail"
	}
	return "na"
}

var severityLabels = map[string]text{
	"error":   messages["severity_error"],
	"warning": messages["severity_warning"],
	"info":    messages["severity_info"],
}

func severityClass(s string) string {
	switch s {
	case "error":
		return "fail"
	case "warning":
		return "warn"
	}
	return "na"
}

// rejectLabel translates a reject reason, keeping any detail after the
// first colon out: "ragged: 3 fields, header has 5" is grouped already by
// ingest, but a reason written in full is shortened the same way.
func rejectLabel(reason, lang string) string {
	r, _, _ := strings.Cut(reason, ":")
	if x, ok := rejectLabels[strings.TrimSpace(r)]; ok {
		return x.in(lang)
	}
	return reason
}

func sortByLeakRows(rs []verify.RegionCoverage) {
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].LeakRows != rs[j].LeakRows {
			return rs[i].LeakRows > rs[j].LeakRows
		}
		return rs[i].Code < rs[j].Code
	})
}

func newRegionRow(r verify.RegionCoverage, parent, lang string) regionRow {
	return regionRow{
		Name: r.Name, Parent: parent,
		Leak: formatInt(r.LeakRows, lang), Matched: formatInt(r.MatchedRows, lang), Reference: formatInt(r.ReferenceRows, lang),
		MatchRate: formatPercent(r.MatchRate, lang), Share: formatPercent(r.ReferenceShare, lang),
		MatchRateValue: r.MatchRate, ShareValue: r.ReferenceShare,
	}
}

// provinceOf names the province of a regency code among the provinces of
// the coverage (codes may be written with or without dots).
func provinceOf(code string, provinces []verify.RegionCoverage) string {
	digits := strings.ReplaceAll(code, ".", "")
	if len(digits) < 2 {
		return ""
	}
	for _, p := range provinces {
		if strings.ReplaceAll(p.Code, ".", "") == digits[:2] {
			return p.Name
		}
	}
	return ""
}

// sixteenDigits finds a NIK-shaped run of digits.
var sixteenDigits = regexp.MustCompile(`\d{16}`)

// newSampleRow formats one sample. verify masks the values; should a NIK
// arrive whole anyway, it is masked here rather than shown.
func newSampleRow(s verify.SampleRow, lang string) sampleRow {
	id := sixteenDigits.ReplaceAllStringFunc(s.NIK, nik.Mask)
	row := sampleRow{
		Row:    formatInt(s.Row, lang),
		Pass:   "–",
		NIK:    dash(id),
		Name:   dash(s.Name),
		Sex:    dash(s.Sex),
		Region: dash(s.Region),
	}
	if s.Pass != "" {
		row.Pass = label(passLabels, s.Pass, lang)
	}
	if s.BirthYear != 0 {
		row.BirthYear = fmt.Sprint(s.BirthYear)
	} else {
		row.BirthYear = "–"
	}
	roles := sortedRoles(s.Fields)
	// The equal fields are listed in one line; the others stand out as
	// coloured chips.
	var equal []string
	for _, r := range roles {
		f := sampleField{Role: label(roleLabels, r, lang), Value: s.Fields[r], Class: "na"}
		switch s.Fields[r] {
		case "equal":
			equal = append(equal, f.Role)
			continue
		case "close":
			f.Value, f.Class = messages["field_close"].in(lang), "warn"
		case "differs":
			f.Value, f.Class = messages["field_differs"].in(lang), "fail"
		}
		row.Fields = append(row.Fields, f)
	}
	row.Equal = strings.Join(equal, ", ")
	return row
}

// waterfallOf draws a sample pair's evidence, largest contributions
// first; nothing when the pair was not scored.
func waterfallOf(s verify.SampleRow, accept float64, lang string) template.HTML {
	if len(s.Evidence) == 0 {
		return ""
	}
	var parts []evidencePart
	for role, bits := range s.Evidence {
		parts = append(parts, evidencePart{Label: label(roleLabels, role, lang), Bits: bits})
	}
	sort.Slice(parts, func(i, j int) bool {
		a, b := math.Abs(parts[i].Bits), math.Abs(parts[j].Bits)
		if a != b {
			return a > b
		}
		return parts[i].Label < parts[j].Label
	})
	title := messages["waterfall_title"].in(lang)
	return waterfallChart(title, parts, s.Score, accept, messages["waterfall_total"].in(lang),
		messages["waterfall_accept"].in(lang)+" "+signed(accept))
}

// plainBound matches an expected value that is only a bound written with
// numbers, such as "≥ 99%", "≤ 0.5%" or "48–52%".
var plainBound = regexp.MustCompile(`^[≤≥<>=~ ]*[0-9]+(\.[0-9]+)?%?( ?[–-] ?[0-9]+(\.[0-9]+)?%?)?$`)

// localizeExpected writes an expected value that is a numeric bound, with
// perhaps a known word before or after it ("distance ≤ 8%", "48–52% men"),
// as the language writes it; any other text is shown as authenticity
// wrote it (in English).
func localizeExpected(s, lang string) string {
	if lang != "id" {
		return s
	}
	before, bound, after := "", s, ""
	if w, rest, ok := strings.Cut(bound, " "); ok && expectedWords[w] != "" {
		before, bound = expectedWords[w]+" ", rest
	}
	if i := strings.LastIndexByte(bound, ' '); i >= 0 && expectedWords[bound[i+1:]] != "" {
		bound, after = bound[:i], " "+expectedWords[bound[i+1:]]
	}
	if !plainBound.MatchString(bound) {
		return s
	}
	return before + strings.ReplaceAll(bound, ".", ",") + after
}

func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "–"
	}
	return s
}
