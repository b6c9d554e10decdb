package livefs

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A file is rendered again once CacheFor has passed, and not before: /proc/uptime moves
// every 10 ms (this process, host mode, reads the host's file).
func TestCacheFor(t *testing.T) {
	if _, err := os.Stat("/proc/self/cgroup"); err != nil {
		t.Skip("no /proc")
	}
	s := &Server{Root: "/", CacheFor: 300 * time.Millisecond}
	a, err := s.Read(os.Getpid(), "proc/uptime")
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(30 * time.Millisecond)
	if b, _ := s.Read(os.Getpid(), "proc/uptime"); !bytes.Equal(a, b) {
		t.Errorf("within CacheFor: %q then %q", a, b)
	}
	time.Sleep(300 * time.Millisecond)
	if b, _ := s.Read(os.Getpid(), "proc/uptime"); bytes.Equal(a, b) {
		t.Errorf("after CacheFor: still %q", a)
	}
	s = &Server{Root: "/", CacheFor: -1}
	a, _ = s.Read(os.Getpid(), "proc/uptime")
	time.Sleep(30 * time.Millisecond)
	if b, _ := s.Read(os.Getpid(), "proc/uptime"); bytes.Equal(a, b) {
		t.Errorf("no cache: %q twice", a)
	}
}

// The key is the reader's cgroups and cgroup namespace and the file: two processes in
// different groups never share a rendering, two in the same group do.
func TestCacheKey(t *testing.T) {
	root := t.TempDir()
	for pid, cg := range map[string]string{
		"10": "4:memory:/a\n3:cpu,cpuacct:/a\n",
		"11": "4:memory:/a\n3:cpu,cpuacct:/a\n",
		"12": "4:memory:/b\n3:cpu,cpuacct:/a\n",
	} {
		os.MkdirAll(filepath.Join(root, "proc", pid), 0o755)
		os.WriteFile(filepath.Join(root, "proc", pid, "cgroup"), []byte(cg), 0o644)
	}
	s := &Server{Root: root}
	k10, ok10 := s.cacheKey(10, "proc/meminfo")
	k11, _ := s.cacheKey(11, "proc/meminfo")
	k12, _ := s.cacheKey(12, "proc/meminfo")
	k10s, _ := s.cacheKey(10, "proc/stat")
	if !ok10 || k10 != k11 || k10 == k12 || k10 == k10s {
		t.Errorf("keys: 10 %q, 11 %q, 12 %q, 10 stat %q", k10, k11, k12, k10s)
	}
	if _, ok := s.cacheKey(13, "proc/meminfo"); ok {
		t.Error("a key for a process that does not exist")
	}
	if _, ok := (&Server{Root: root, CacheFor: -1}).cacheKey(10, "proc/meminfo"); ok {
		t.Error("a key with the cache off")
	}
}
