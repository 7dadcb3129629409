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
	out, err := run(t, "demo", "--dir", dir, "--size", "6000", "--rows", "400")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"fabricated": "likely-fabricated"}
	seen := map[string]bool{}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) != 7 {
			continue
		}
		sc := f[0]
		if _, ok := synth.ScenarioNamed(sc); !ok {
			continue
		}
		seen[sc] = true
		// Every scenario's columns get their true roles ("N/N").
		var a, b int
		fmt.Sscanf(f[3], "%d/%d", &a, &b)
		if a != b || b == 0 {
			t.Errorf("%s: roles %s", sc, f[3])
		}
		label := want[sc]
		if label == "" {
			label = "consistent"
		}
		if f[4] != label {
			t.Errorf("%s: verdict %s, want %s", sc, f[4], label)
		}
		// The report is there, private, and says the same.
		for _, name := range []string{"report.html", "report.json", "manifest.json"} {
			st, err := os.Stat(filepath.Join(dir, "reports", sc, name))
			if err != nil {
				t.Error(err)
				continue
			}
			if st.Mode().Perm() != 0o600 {
				t.Errorf("%s/%s: mode %v, want 0600", sc, name, st.Mode().Perm())
			}
		}
		js, err := os.ReadFile(filepath.Join(dir, "reports", sc, "report.json"))
		if err != nil {
			continue
		}
		if !strings.Contains(string(js), `"label": "`+label+`"`) {
			t.Errorf("%s: report.json does not say %s", sc, label)
		}
	}
	// verify built the reference's index; it is current, and can be rebuilt.
	ws := filepath.Join(dir, "workspace")
	if out, err := run(t, "index", "--workspace", ws, "registry-dpt"); err != nil || !strings.Contains(out, "registry-dpt current") {
		t.Errorf("index: %v\n%s", err, out)
	}
	if out, err := run(t, "index", "--workspace", ws, "--rebuild", "registry-dpt"); err != nil || !strings.Contains(out, "registry-dpt built") {
		t.Errorf("index --rebuild: %v\n%s", err, out)
	}
	for _, s := range synth.Scenarios {
		if !seen[s.Name] {
			t.Errorf("demo output lacks scenario %s:\n%s", s.Name, out)
		}
		if _, err := os.Stat(filepath.Join(dir, "leak-"+s.Name, synth.TruthFile)); err != nil {
			t.Error(err)
		}
	}
}
