package synth

import (
	"context"
	"testing"
)

// BenchmarkRegistry generates a 200,000-voter registry with 3 snapshots
// (about 600,000 rows written) per iteration.
func BenchmarkRegistry(b *testing.B) {
	for b.Loop() {
		if _, err := WriteRegistry(context.Background(), RegistryOptions{Size: 200_000, Seed: 1, Out: b.TempDir(), Tool: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(600_000*b.N)/b.Elapsed().Seconds(), "rows/s")
}
