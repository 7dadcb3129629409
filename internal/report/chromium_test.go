package report

import (
	"bytes"
	"context"
	"html"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/telusur/telusur/internal/verify"
)

// chromiumFlags start a headless Chromium that reaches for nothing on the
// network by itself (no sync, updates, first-run or background requests):
// the page is a local file and must show without any.
var chromiumFlags = []string{
	"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync",
	"--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
}

// chromium returns the path of Debian's chromium. Without it the test is
// skipped on a developer's machine but fails in CI, where .ci/run installs
// it.
func chromium(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err == nil {
		return bin
	}
	if os.Getenv("CI") == "" {
		t.Skip("chromium is not installed (apt-get install chromium); CI installs it and runs this test")
	}
	t.Fatalf("chromium is not on PATH while CI is set: .ci/run should have installed it (%v)", err)
	return ""
}

// runChromium runs chromium on a page with args and returns what it wrote
// to stdout.
func runChromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	// A profile of its own per run, removed without failing the test: a
	// renderer may still be closing files in it when chromium returns.
	profile, err := os.MkdirTemp("", "telusur-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(profile) })
	cmd := exec.CommandContext(ctx, bin, append(append(slicesClone(chromiumFlags), "--user-data-dir="+profile), args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 5 * time.Second // renderer children may hold the pipes a moment longer
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, lastLines(stderr.String(), 20))
	}
	return stdout.Bytes()
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

var (
	styleRE        = regexp.MustCompile(`(?s)<style\b.*?</style>`)
	tagRE          = regexp.MustCompile(`(?s)<[^>]*>`)
	spaceRE        = regexp.MustCompile(`\s+`)
	verdictLabelRE = regexp.MustCompile(`<div class="verdict-label">([^<]*)</div>`)
	matchFigureRE  = regexp.MustCompile(`(?s)<div class="figure figure-main">.*?<div class="figure-value">([^<]*)</div>`)
	nikRE          = regexp.MustCompile(`\b\d{16}\b`)
	mediaBoxRE     = regexp.MustCompile(`/MediaBox \[0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)\]`)
	pageRE         = regexp.MustCompile(`/Type /Page\b`)
)

// domText is the text a reader sees in a dumped DOM: tags and CSS removed,
// entities decoded, white space collapsed.
func domText(dom string) string {
	s := styleRE.ReplaceAllString(dom, " ")
	s = tagRE.ReplaceAllString(s, " ")
	return spaceRE.ReplaceAllString(html.UnescapeString(s), " ")
}

// TestChromium renders the report in real headless Chromium, in both
// languages, and checks what it shows: the DOM after loading, a PDF
// printed on A4 and a screenshot with the verdict banner in its colour.
func TestChromium(t *testing.T) {
	bin := chromium(t)
	start := time.Now()
	t.Cleanup(func() { t.Logf("chromium runs took %v", time.Since(start).Round(time.Millisecond)) })

	tests := []struct {
		lang, verdict, label, rate, title string
		province                          string
		// Each Chromium start costs a second or more (several on a busy
		// machine), so one language is printed and the other photographed.
		pdf    bool
		banner [3]uint8 // for the screenshot: the verdict banner's colour in report.css
	}{
		{"en", verify.Consistent, "Consistent", "96.1%", "Data Leak Verification Report", "Sulawesi Selatan", true, [3]uint8{}},
		{"id", verify.LikelyFabricated, "Kemungkinan besar palsu/fabrikasi", "96,1%", "Laporan Verifikasi Kebocoran Data", "Jawa Barat", false, [3]uint8{0xb3, 0x26, 0x1e}},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			t.Parallel()
			doc := fixture(tt.lang)
			doc.Verdict.Label = tt.verdict
			// Should verify ever hand over a whole NIK, the page must
			// still not show it.
			doc.Samples[1].NIK = "3578015203910012"
			var b bytes.Buffer
			if err := HTML(&b, doc, tt.lang); err != nil {
				t.Fatal(err)
			}
			page := filepath.Join(dir, "report-"+tt.lang+".html")
			if err := os.WriteFile(page, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			url := "file://" + page

			dom := string(runChromium(t, bin, "--dump-dom", url))
			text := domText(dom)
			if !strings.Contains(dom, "</html>") {
				t.Fatalf("chromium dumped no page:\n%s", lastLines(dom, 5))
			}
			if m := verdictLabelRE.FindStringSubmatch(dom); m == nil || strings.TrimSpace(html.UnescapeString(m[1])) != tt.label {
				t.Errorf("verdict label = %v, want %q", m, tt.label)
			}
			if m := matchFigureRE.FindStringSubmatch(dom); m == nil || m[1] != tt.rate {
				t.Errorf("match rate figure = %v, want %q", m, tt.rate)
			}
			for _, want := range []string{tt.title, tt.label, tt.rate, tt.province, messages["coverage"].in(tt.lang)} {
				if !strings.Contains(text, want) {
					t.Errorf("rendered text lacks %q", want)
				}
			}
			if i := strings.Index(dom, `id="coverage"`); i < 0 || !strings.Contains(dom[i:], "<td>"+tt.province+"</td>") {
				t.Errorf("coverage table lacks the province %s", tt.province)
			}
			// Three charts, and a waterfall for each of the two scored samples.
			if n := strings.Count(dom, "<svg"); n != 5 {
				t.Errorf("%d SVG charts in the DOM, want 5", n)
			}
			if m := nikRE.FindString(dom); m != "" {
				t.Errorf("the DOM holds an unmasked 16-digit number %s…", m[:4])
			}
			if m := nikRE.FindString(text); m != "" {
				t.Errorf("the text holds an unmasked 16-digit number %s…", m[:4])
			}

			if tt.pdf {
				printPDF(t, bin, filepath.Join(dir, "report-"+tt.lang+".pdf"), url)
			} else {
				screenshot(t, bin, filepath.Join(dir, "report-"+tt.lang+".png"), url, tt.banner)
			}
		})
	}
}

// printPDF prints the page and checks that it gives A4 pages.
func printPDF(t *testing.T, bin, pdf, url string) {
	t.Helper()
	runChromium(t, bin, "--print-to-pdf="+pdf, "--no-pdf-header-footer", url)
	raw, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, []byte("%PDF-")) {
		t.Fatalf("%s is not a PDF", pdf)
	}
	if n := len(pageRE.FindAll(raw, -1)); n < 3 || n > 20 {
		t.Errorf("PDF has %d pages, want 3 to 20", n)
	}
	for _, m := range mediaBoxRE.FindAllSubmatch(raw, -1) {
		// A4 is 595.3 × 841.9 points; Chromium rounds to its pixel grid.
		if w, h := string(m[1]), string(m[2]); !strings.HasPrefix(w, "59") || !strings.HasPrefix(h, "84") {
			t.Errorf("PDF page is %s × %s points, not A4", w, h)
			break
		}
	}
}

// screenshot photographs the page and checks that the verdict banner shows
// in its colour.
func screenshot(t *testing.T, bin, shot, url string, banner [3]uint8) {
	t.Helper()
	runChromium(t, bin, "--screenshot="+shot, "--window-size=1280,2000", url)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 2000 {
		t.Errorf("screenshot is %v, want 1280×2000", b)
	}
	// The banner is about 940 × 100 pixels of its colour.
	n := 0
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y += 2 {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x += 2 {
			r, g, b, _ := img.At(x, y).RGBA()
			if near(r>>8, banner[0]) && near(g>>8, banner[1]) && near(b>>8, banner[2]) {
				n++
			}
		}
	}
	if n < 10000 { // in steps of two: a quarter of the pixels
		t.Errorf("the screenshot shows %d sampled pixels of the verdict colour #%02x%02x%02x, want a banner", n, banner[0], banner[1], banner[2])
	}
}

func near(got uint32, want uint8) bool {
	d := int(got) - int(want)
	return d >= -6 && d <= 6
}
