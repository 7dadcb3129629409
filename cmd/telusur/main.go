// Command telusur checks a claimed leak of personal data against the
// registry it is said to come from. See README.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/telusur/telusur/internal/runstat"
	"os"
	"os/signal"
	"runtime/debug"
)

// Exit codes, also listed in `telusur --help`.
const (
	exitOK          = 0
	exitFailed      = 1
	exitUsage       = 2
	exitInterrupted = 130
)

// usageError marks mistakes in how the command was called.
type usageError struct{ error }

func main() {
	runstat.StartAnonSampler()
	// Ingest and linkage allocate many short-lived strings; a less eager
	// collector saves ~15% of their time (measured on a 5M-row ingest), and
	// the soft limit keeps the heap bounded all the same: 4 GiB, or half the
	// machine's memory when that is more, since a national reference index
	// holds 7 GB of keys while it is built and a lower limit makes the
	// collector run without pause. GOGC and GOMEMLIMIT, when set, win.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(max(4<<30, runstat.TotalMemory()/2))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	root := newRootCommand()
	err := root.ExecuteContext(ctx)
	if err == nil {
		return
	}
	fmt.Fprintln(os.Stderr, "telusur:", err)
	var ue usageError
	switch {
	case errors.Is(err, context.Canceled):
		os.Exit(exitInterrupted)
	case errors.As(err, &ue):
		os.Exit(exitUsage)
	default:
		os.Exit(exitFailed)
	}
}
