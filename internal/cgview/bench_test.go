package cgview

import (
	"io"
	"testing"

	"github.com/cgprocps/cgprocps/internal/testcapture"
)

// Benchmarks of what a tool's start pays in cgview, on this machine (root /) and on a capture.
// Compare runs with benchstat; the start-up comparison with the C tools is scripts/bench.

func benchOpenMeminfo(b *testing.B, root string) {
	for i := 0; i < b.N; i++ {
		v, err := Open(Options{Root: root, Warn: io.Discard})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := v.Meminfo(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpenMeminfoMachine(b *testing.B) { benchOpenMeminfo(b, "/") }

func BenchmarkOpenMeminfoV2Capture(b *testing.B) {
	benchOpenMeminfo(b, testcapture.Path(b, "v2-512m-1.5cpu"))
}

func BenchmarkUptimeLoadV2Capture(b *testing.B) {
	root := testcapture.Path(b, "v2-512m-1.5cpu")
	for i := 0; i < b.N; i++ {
		v, err := Open(Options{Root: root, Warn: io.Discard})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := v.Uptime(); err != nil {
			b.Fatal(err)
		}
		if _, err := v.LoadAvg(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpenMachine(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Open(Options{Root: "/", Warn: io.Discard}); err != nil {
			b.Fatal(err)
		}
	}
}
