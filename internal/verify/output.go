package verify

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Manifest is manifest.json: the evidence of a run — what went in (with
// SHA-256), with which tool and settings, when, and the hashes of what came
// out, so a report can be shown not to have changed since.
type Manifest struct {
	Tool       string         `json:"tool"`
	Command    []string       `json:"command"`
	Parameters Params         `json:"parameters"`
	Lang       string         `json:"lang"`
	Started    time.Time      `json:"started"`
	Finished   time.Time      `json:"finished"`
	Inputs     []ManifestFile `json:"inputs"`
	Index      IndexInfo      `json:"reference_index"`
	Timings    Timings        `json:"timings"`
	Outputs    []ManifestFile `json:"outputs"`
}

// ManifestFile is one file with its hash.
type ManifestFile struct {
	Dataset string `json:"dataset,omitempty"`
	Role    string `json:"role,omitempty"`
	Path    string `json:"path"`
	SHA256  string `json:"sha256"`
	Size    int64  `json:"size"`
}

// Timings are the seconds each stage of verify took.
type Timings struct {
	Index float64 `json:"index_seconds"` // opening, or building, the reference index
	Link  float64 `json:"link_seconds"`  // reading the leak, linking, checking, counting (training included)
	Train float64 `json:"train_seconds"` // estimating the weights, within Link
}

// IndexInfo says which reference index was used.
type IndexInfo struct {
	Dir   string    `json:"dir"`
	Built bool      `json:"built_this_run"`
	Rows  int64     `json:"rows"`
	When  time.Time `json:"built_at"`
}

// Inputs lists the sources of both datasets of doc.
func Inputs(doc *Document) []ManifestFile {
	var out []ManifestFile
	for _, d := range []DatasetSummary{doc.Reference, doc.Leak} {
		for _, s := range d.Sources {
			out = append(out, ManifestFile{Dataset: d.Name, Role: d.Role, Path: s.Path, SHA256: s.SHA256, Size: s.Size})
		}
	}
	return out
}

// Write writes report.json, report.html (given rendered) and
// manifest.json into dir (created 0700; files 0600), the manifest last,
// with the other two's hashes.
func Write(dir string, doc *Document, html []byte, m *Manifest) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	js, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	m.Outputs = nil
	for _, f := range []struct {
		name string
		data []byte
	}{{"report.json", append(js, '\n')}, {"report.html", html}} {
		if f.data == nil {
			continue
		}
		if err := writePrivate(filepath.Join(dir, f.name), f.data); err != nil {
			return err
		}
		sum := sha256.Sum256(f.data)
		m.Outputs = append(m.Outputs, ManifestFile{Path: f.name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(f.data))})
	}
	mj, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writePrivate(filepath.Join(dir, "manifest.json"), append(mj, '\n'))
}

// writePrivate writes a file readable by its owner only, through a
// temporary name so a reader never sees half a report.
func writePrivate(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp, 0o600); err != nil { // an existing file keeps its mode
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
