package livefs

import (
	"os"
	"testing"
)

// The daemon's work per open, without FUSE: the view of the reader's cgroup and one file.

func BenchmarkReadCapture(b *testing.B) {
	s := captureServer(b)
	for i := 0; i < b.N; i++ {
		if _, err := s.Read(1, "proc/meminfo"); err != nil {
			b.Fatal(err)
		}
	}
}

// This process on this machine (host mode here; the same path a host reader takes).
func BenchmarkReadMachine(b *testing.B) {
	if _, err := os.Stat("/proc/self/cgroup"); err != nil {
		b.Skip("no /proc")
	}
	s := &Server{Root: "/"}
	for i := 0; i < b.N; i++ {
		if _, err := s.Read(os.Getpid(), "proc/meminfo"); err != nil {
			b.Fatal(err)
		}
	}
}

// The same without the per-cgroup cache: each open renders the view.
func BenchmarkReadCaptureUncached(b *testing.B) {
	s := captureServer(b)
	s.CacheFor = -1
	for i := 0; i < b.N; i++ {
		if _, err := s.Read(1, "proc/meminfo"); err != nil {
			b.Fatal(err)
		}
	}
}

// This process on this machine without the per-cgroup cache (host mode).
func BenchmarkReadMachineUncached(b *testing.B) {
	if _, err := os.Stat("/proc/self/cgroup"); err != nil {
		b.Skip("no /proc")
	}
	s := &Server{Root: "/", CacheFor: -1}
	for i := 0; i < b.N; i++ {
		if _, err := s.Read(os.Getpid(), "proc/meminfo"); err != nil {
			b.Fatal(err)
		}
	}
}

// proc/stat without the cache: the per-CPU lines and the census of the cgroup's tasks.
func BenchmarkReadCaptureStatUncached(b *testing.B) {
	s := captureServer(b)
	s.CacheFor = -1
	for i := 0; i < b.N; i++ {
		if _, err := s.Read(1, "proc/stat"); err != nil {
			b.Fatal(err)
		}
	}
}
