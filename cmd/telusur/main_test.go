package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/telusur/telusur/internal/synth"
)

// run executes the CLI in-process and returns stdout and the error.
func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := newRootCommand()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(append(args, "--quiet"))
	err := root.ExecuteContext(context.Background())
	return out.String(), err
}

func TestVersion(t *testing.T) {
	out, err := run(t, "version")
	if err != nil || !strings.HasPrefix(out, "telusur v") {
		t.Fatalf("version: %q, %v", out, err)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"synth", "registry", "--size", "-5"},
		{"synth", "registry", "--no-such-flag"},
		{"synth", "leak", "--scenario", "nope"},
		{"version", "extra"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			_, err := run(t, args...)
			var ue usageError
			if !errors.As(err, &ue) {
				t.Errorf("error %v is not a usage error", err)
			}
		})
	}
}

func TestSynthCommands(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "reg")
	out, err := run(t, "synth", "registry", "--size", "3000", "--seed", "2", "--out", reg)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"DPS", "DPSHP", "DPT", "rows/s", "peak RSS"} {
		if !strings.Contains(out, want) {
			t.Errorf("registry output lacks %q:\n%s", want, out)
		}
	}
	leak := filepath.Join(dir, "leak")
	out, err = run(t, "synth", "leak", "--registry", reg, "--scenario", "typos", "--rows", "300", "--out", leak, "--format", "xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "typos of DPT") {
		t.Errorf("leak output: %s", out)
	}
	for _, f := range []string{synth.LeakManifestFile, synth.TruthFile, "dpt_typos.xlsx"} {
		if _, err := os.Stat(filepath.Join(leak, f)); err != nil {
			t.Error(err)
		}
	}
	// A missing registry is a failure with a hint, not a usage error.
	_, err = run(t, "synth", "leak", "--registry", filepath.Join(dir, "none"), "--out", filepath.Join(dir, "x"))
	if err == nil || !strings.Contains(err.Error(), "synth registry") {
		t.Errorf("missing registry: %v", err)
	}
}

func TestDemo(t *testing.T) {
	dir := t.TempDir()
	out, err := run(t, "demo", "--dir", dir, "--size", "4000", "--rows", "300")
	if err != nil {
		t.Fatal(err)
	}
	// Every scenario's columns get their true roles ("right N/N").
	for _, line := range strings.Split(out, "\n") {
		if i := strings.Index(line, "column roles right "); i >= 0 {
			var a, b int
			fmt.Sscanf(line[i+len("column roles right "):], "%d/%d", &a, &b)
			if a != b || b == 0 {
				t.Errorf("roles: %s", line)
			}
		}
	}
	for _, s := range synth.Scenarios {
		if !strings.Contains(out, "leak "+s.Name) || !strings.Contains(out, "0 rejected") {
			t.Errorf("demo output lacks scenario %s:\n%s", s.Name, out)
		}
		if _, err := os.Stat(filepath.Join(dir, "leak-"+s.Name, synth.TruthFile)); err != nil {
			t.Error(err)
		}
	}
}
