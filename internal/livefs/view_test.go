package livefs

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A reader's cgroups are found once and kept (one kept view for two reads), but every
// rendering reads the cgroup's files afresh: a limit changed between two reads is served at
// the second, as cgview renders it.
func TestViewKept(t *testing.T) {
	root := t.TempDir()
	if out, err := exec.Command("cp", "-a", capture(t)+"/.", root).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	s := &Server{Root: root, CacheFor: -1}
	a, err := s.Read(1, "proc/meminfo")
	if err != nil {
		t.Fatal(err)
	}
	limit := filepath.Join(root, "sys/fs/cgroup/memory/refh-60edc154/memory.limit_in_bytes")
	if err := os.WriteFile(limit, []byte("134217728\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := s.Read(1, "proc/meminfo")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.views) != 1 {
		t.Errorf("%d kept views, want 1", len(s.views))
	}
	first := func(b []byte) string { return strings.SplitN(string(b), "\n", 2)[0] }
	if first(a) != "MemTotal:         262144 kB" || first(b) != "MemTotal:         131072 kB" {
		t.Errorf("MemTotal %q then, after the limit changed, %q", first(a), first(b))
	}
	s = &Server{Root: root, CacheFor: -1, ViewFor: -1}
	s.Read(1, "proc/meminfo")
	if len(s.views) != 0 {
		t.Errorf("kept views with ViewFor < 0: %d", len(s.views))
	}
}
