package progress

import (
	"bytes"
	"os"
	"testing"
)

func TestQuietWhenNotATerminal(t *testing.T) {
	if Enabled(&bytes.Buffer{}, false) {
		t.Error("a buffer is not a terminal")
	}
	f, err := os.CreateTemp(t.TempDir(), "x")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if Enabled(f, false) {
		t.Error("a file is not a terminal")
	}
	// A nil bar (what New returns off a terminal) is safe to use.
	var b *Bar
	b.Set(1)
	b.Add(1)
	b.Describe("x")
	b.Finish()
}
