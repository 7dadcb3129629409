package report

import (
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The charts are SVG written here rather than by a library or a script, so
// the page needs nothing but itself. Every text that comes from the
// document (labels, names) goes through template.HTMLEscapeString; numbers
// are written by strconv; colours and classes are constants of this file.

// Colours shared by the charts and the CSS.
const (
	colourUnmatched = "#d5d9e0"
	colourExact     = "#1f5fa8"
	colourClose     = "#9ec3ea"
	colourTrack     = "#eef1f5"
	colourExpected  = "#b4bcc8"
	colourGrid      = "#e3e7ed"
	colourAxis      = "#8a94a3"
	colourText      = "#1d2733"
	colourMuted     = "#5b6675"
)

// passColours colour the matching passes in passOrder; later ones reuse
// the last colour.
var passColours = []string{"#1f5fa8", "#3f88d6", "#0f8a7e", "#47b3a6", "#7b5cc4", "#a88be0", "#c07b1a"}

// svgWriter accumulates one chart.
type svgWriter struct{ b strings.Builder }

// num writes a coordinate with at most two decimals.
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		s = "0"
	}
	return s
}

func esc(s string) string { return template.HTMLEscapeString(s) }

func (w *svgWriter) raw(parts ...string) {
	for _, p := range parts {
		w.b.WriteString(p)
	}
}

// open starts the chart; title is its accessible name.
func (w *svgWriter) open(width, height float64, title string) {
	w.raw(`<svg class="chart" viewBox="0 0 `, num(width), " ", num(height),
		`" width="`, num(width), `" role="img" aria-label="`, esc(title), `">`,
		"<title>", esc(title), "</title>")
}

func (w *svgWriter) close() template.HTML {
	w.raw("</svg>")
	return template.HTML(w.b.String()) //nolint:gosec // every piece above is escaped or a constant
}

// text writes a label; anchor is start, middle or end; class is one of the
// chart classes in report.css.
func (w *svgWriter) text(x, y float64, anchor, class, s string) {
	w.raw(`<text x="`, num(x), `" y="`, num(y), `"`)
	if anchor != "" && anchor != "start" {
		w.raw(` text-anchor="`, anchor, `"`)
	}
	if class != "" {
		w.raw(` class="`, class, `"`)
	}
	w.raw(">", esc(s), "</text>")
}

// lines writes a label of several lines, the first at y.
func (w *svgWriter) lines(x, y, lineH float64, class string, lines []string) {
	if len(lines) == 1 {
		w.text(x, y, "", class, lines[0])
		return
	}
	w.raw(`<text x="`, num(x), `" y="`, num(y), `" class="`, class, `">`)
	for i, l := range lines {
		dy := 0.0
		if i > 0 {
			dy = lineH
		}
		w.raw(`<tspan x="`, num(x), `" dy="`, num(dy), `">`, esc(l), "</tspan>")
	}
	w.raw("</text>")
}

// wrap breaks s into lines of at most width characters at spaces (a
// longer word keeps a line of its own).
func wrap(s string, width int) []string {
	var out []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) <= width:
			line += " " + word
		default:
			out = append(out, line)
			line = word
		}
	}
	if line != "" || len(out) == 0 {
		out = append(out, line)
	}
	return out
}

func (w *svgWriter) rect(x, y, width, height float64, fill string) {
	if width <= 0 || height <= 0 {
		return
	}
	w.raw(`<rect x="`, num(x), `" y="`, num(y), `" width="`, num(width), `" height="`, num(height), `" fill="`, fill, `"/>`)
}

func (w *svgWriter) line(x1, y1, x2, y2 float64, stroke string) {
	w.raw(`<line x1="`, num(x1), `" y1="`, num(y1), `" x2="`, num(x2), `" y2="`, num(y2), `" stroke="`, stroke, `" stroke-width="1"`)
	w.raw("/>")
}

// segment is one part of the match donut.
type segment struct {
	Label  string
	Rows   int64
	Colour string
}

// donutChart draws the leak's rows as a ring, one arc per segment, with
// big and small texts in the middle and a legend with counts and shares.
func donutChart(title, big, small string, segs []segment, total int64, lang string) template.HTML {
	const (
		cx, cy = 130.0, 130.0
		r      = 92.0
		sw     = 40.0
		legX   = 290.0
		rowH   = 30.0
	)
	const lineH = 17.0 // a wrapped legend label's further lines
	wrapped := make([][]string, len(segs))
	legendH := 0.0
	for i, s := range segs {
		wrapped[i] = wrap(s.Label, 34)
		legendH += rowH + lineH*float64(len(wrapped[i])-1)
	}
	height := math.Max(260, 40+legendH+20)
	var w svgWriter
	w.open(720, height, title)
	// The ring's track, so an empty leak still shows a ring.
	w.raw(`<circle cx="`, num(cx), `" cy="`, num(cy), `" r="`, num(r), `" fill="none" stroke="`, colourTrack, `" stroke-width="`, num(sw), `"/>`)
	circ := 2 * math.Pi * r
	offset := 0.0
	for _, s := range segs {
		if total <= 0 || s.Rows <= 0 {
			continue
		}
		length := circ * float64(s.Rows) / float64(total)
		// A hairline gap between arcs, when the arc is long enough to spare it.
		drawn := length
		if drawn > 3 && len(segs) > 1 {
			drawn -= 1.2
		}
		w.raw(`<circle cx="`, num(cx), `" cy="`, num(cy), `" r="`, num(r), `" fill="none" stroke="`, s.Colour,
			`" stroke-width="`, num(sw), `" stroke-dasharray="`, num(drawn), " ", num(circ-drawn),
			`" stroke-dashoffset="`, num(-offset), `" transform="rotate(-90 `, num(cx), " ", num(cy), `)"/>`)
		offset += length
	}
	w.text(cx, cy+4, "middle", "donut-big", big)
	w.text(cx, cy+28, "middle", "donut-small", small)

	y := 40.0
	for i, s := range segs {
		w.rect(legX, y-12, 14, 14, s.Colour)
		w.lines(legX+22, y, lineH, "legend", wrapped[i])
		w.text(620, y, "end", "legend-num", formatInt(s.Rows, lang))
		share := 0.0
		if total > 0 {
			share = float64(s.Rows) / float64(total)
		}
		w.text(700, y, "end", "legend-num", formatPercent(share, lang))
		y += rowH + lineH*float64(len(wrapped[i])-1)
	}
	return w.close()
}

// fieldBar is one role's agreement.
type fieldBar struct {
	Label    string
	Exact    float64
	Close    float64
	Compared int64
}

// fieldChart draws one horizontal bar per role: the share equal (dark)
// inside the share equal or close (light), with the percentages and the
// number of rows compared beside it.
func fieldChart(title string, rows []fieldBar, lang string, exactLabel, closeLabel, comparedLabel string) template.HTML {
	const (
		width  = 900.0
		labelX = 196.0
		barX   = 206.0
		barW   = 330.0
		exactX = 640.0 // right edges of the number columns
		closeX = 770.0
		countX = 890.0
		rowH   = 30.0
		top    = 48.0
		barH   = 14.0
	)
	height := top + float64(len(rows))*rowH + 8
	var w svgWriter
	w.open(width, height, title)
	// The legend names the bar colours; the heads of the number columns
	// carry the same squares, so each number is tied to its colour.
	w.rect(barX, 12, 12, 12, colourExact)
	w.text(barX+18, 22, "", "legend", exactLabel)
	w.rect(barX+140, 12, 12, 12, colourClose)
	w.text(barX+158, 22, "", "legend", closeLabel)
	w.text(exactX, 22, "end", "legend-head", exactLabel)
	w.text(closeX, 22, "end", "legend-head", closeLabel)
	w.text(countX, 22, "end", "legend-head", comparedLabel)
	w.line(12, 32, countX, 32, colourGrid)
	for i, r := range rows {
		y := top + float64(i)*rowH
		w.text(labelX, y+barH-2, "end", "axis-label", r.Label)
		w.rect(barX, y, barW, barH, colourTrack)
		w.rect(barX, y, barW*clamp01(r.Close), barH, colourClose)
		w.rect(barX, y, barW*clamp01(r.Exact), barH, colourExact)
		w.text(exactX, y+barH-2, "end", "value", formatPercent(r.Exact, lang))
		w.text(closeX, y+barH-2, "end", "value", formatPercent(r.Close, lang))
		w.text(countX, y+barH-2, "end", "value-muted", formatInt(r.Compared, lang))
	}
	return w.close()
}

// ageBar is one age band of the leak beside a real list's.
type ageBar struct {
	Label    string
	Share    float64
	Expected float64
}

// ageChart draws the leak's share of each age band beside the share a real
// voter list has, as pairs of columns on a percentage axis.
func ageChart(title string, bands []ageBar, lang, leakLabel, expectedLabel, axisLabel string) template.HTML {
	const (
		x0, x1 = 58.0, 780.0
		yTop   = 48.0
		yBot   = 250.0
		width  = 800.0
		height = 300.0
	)
	maxShare := 0.0
	for _, b := range bands {
		maxShare = math.Max(maxShare, math.Max(clamp01(b.Share), clamp01(b.Expected)))
	}
	step := 0.05
	if maxShare > 0.3 {
		step = 0.1
	}
	top := math.Max(step, math.Ceil(maxShare/step-1e-9)*step)
	y := func(v float64) float64 { return yBot - (yBot-yTop)*v/top }

	var w svgWriter
	w.open(width, height, title)
	w.rect(x0, 12, 12, 12, colourExact)
	w.text(x0+18, 22, "", "legend", leakLabel)
	w.rect(x0+200, 12, 12, 12, colourExpected)
	w.text(x0+218, 22, "", "legend", expectedLabel)
	for v := 0.0; v <= top+1e-9; v += step {
		w.line(x0, y(v), x1, y(v), colourGrid)
		w.text(x0-8, y(v)+4, "end", "axis-label", formatDecimal(v*100, 0, lang)+"%")
	}
	w.line(x0, yBot, x1, yBot, colourAxis)
	n := float64(len(bands))
	if n == 0 {
		return w.close()
	}
	gw := (x1 - x0) / n
	bw := math.Min(gw*0.34, 38)
	for i, b := range bands {
		c := x0 + gw*(float64(i)+0.5)
		leak, exp := clamp01(b.Share), clamp01(b.Expected)
		w.rect(c-bw-1, y(leak), bw, yBot-y(leak), colourExact)
		w.rect(c+1, y(exp), bw, yBot-y(exp), colourExpected)
		w.text(c-1-bw/2, y(leak)-5, "middle", "bar-value", formatPercent(leak, lang))
		w.text(c, yBot+18, "middle", "axis-label", b.Label)
	}
	w.text((x0+x1)/2, height-8, "middle", "axis-title", axisLabel)
	return w.close()
}

func clamp01(v float64) float64 {
	switch {
	case math.IsNaN(v) || v < 0:
		return 0
	case v > 1:
		return 1
	}
	return v
}

// waterfallChart explains a pair's score: one row per field, a bar from the
// running total before it to the total after it (green for evidence for,
// red against), then the total, with the acceptance threshold as a dashed
// line. Values are bits (log2 of the likelihood ratio).
func waterfallChart(title string, parts []evidencePart, total, accept float64, totalLabel, acceptLabel string) template.HTML {
	const (
		labelW = 150.0
		plotW  = 200.0
		rowH   = 15.0
		pad    = 4.0
	)
	lo, hi, run := 0.0, accept, 0.0
	for _, p := range parts {
		run += p.Bits
		lo, hi = math.Min(lo, run), math.Max(hi, run)
	}
	lo, hi = math.Min(lo, total), math.Max(hi, total)
	if hi-lo < 1 {
		hi = lo + 1
	}
	x := func(v float64) float64 { return labelW + (v-lo)/(hi-lo)*plotW }
	height := float64(len(parts)+1)*rowH + 2*pad + 12
	var w svgWriter
	w.open(labelW+plotW+44, height, title)
	run = 0
	y := pad
	for _, p := range parts {
		from, to := run, run+p.Bits
		run = to
		colour := "#2e8540"
		if p.Bits < 0 {
			colour = "#c0392b"
		}
		w.text(labelW-4, y+rowH-4, "end", "wf-label", p.Label)
		w.rect(x(math.Min(from, to)), y+2, math.Max(1, math.Abs(x(to)-x(from))), rowH-4, colour)
		w.text(x(math.Max(from, to))+3, y+rowH-4, "", "wf-value", signed(p.Bits))
		y += rowH
	}
	w.text(labelW-4, y+rowH-4, "end", "wf-label wf-total", totalLabel)
	w.rect(x(math.Min(0, total)), y+2, math.Max(1, math.Abs(x(total)-x(0))), rowH-4, colourExact)
	w.text(x(math.Max(0, total))+3, y+rowH-4, "", "wf-value wf-total", signed(total))
	y += rowH
	w.raw(`<line x1="`, num(x(0)), `" y1="`, num(pad), `" x2="`, num(x(0)), `" y2="`, num(y), `" stroke="`, colourAxis, `" stroke-width="1"/>`)
	w.raw(`<line x1="`, num(x(accept)), `" y1="`, num(pad), `" x2="`, num(x(accept)), `" y2="`, num(y), `" stroke="`, colourText, `" stroke-width="1" stroke-dasharray="3 2"/>`)
	w.text(x(accept), y+10, "middle", "wf-value", acceptLabel)
	return w.close()
}

// evidencePart is one field's contribution to a pair's score.
type evidencePart struct {
	Label string
	Bits  float64
}

func signed(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	if v > 0 {
		s = "+" + s
	}
	return strings.TrimSuffix(strings.TrimSuffix(s, "0"), ".")
}
