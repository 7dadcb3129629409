// Package progress draws progress bars on stderr for long work, and nothing
// at all when stderr is not a terminal or the user asked for quiet, so logs
// and CI output stay clean.
package progress

import (
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Bar is a progress bar; the zero value and a nil *Bar draw nothing.
type Bar struct {
	b *progressbar.ProgressBar
}

// Enabled reports whether bars are drawn on w: only on a terminal.
func Enabled(w io.Writer, quiet bool) bool {
	f, ok := w.(*os.File)
	return !quiet && ok && term.IsTerminal(int(f.Fd()))
}

// New returns a bar counting to total (−1 when unknown) in unit ("rows",
// "bytes"); it draws only when Enabled(os.Stderr, quiet).
func New(total int64, desc, unit string, quiet bool) *Bar {
	if !Enabled(os.Stderr, quiet) {
		return nil
	}
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionThrottle(150 * time.Millisecond),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionFullWidth(),
	}
	if unit == "bytes" {
		opts = append(opts, progressbar.OptionShowBytes(true))
	} else {
		opts = append(opts, progressbar.OptionShowIts(), progressbar.OptionSetItsString(unit))
	}
	return &Bar{b: progressbar.NewOptions64(total, opts...)}
}

// Set moves the bar to n.
func (b *Bar) Set(n int64) {
	if b != nil {
		_ = b.b.Set64(n)
	}
}

// Add advances the bar by n.
func (b *Bar) Add(n int64) {
	if b != nil {
		_ = b.b.Add64(n)
	}
}

// Finish completes and clears the bar.
func (b *Bar) Finish() {
	if b != nil {
		_ = b.b.Finish()
	}
}

// Describe replaces the text before the bar (e.g. a second counter).
func (b *Bar) Describe(s string) {
	if b != nil {
		b.b.Describe(s)
	}
}
