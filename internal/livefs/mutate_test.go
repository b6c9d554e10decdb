package livefs

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/cgprocps/cgprocps/internal/mutate"
)

// servedPaths are every file the server serves to a one-CPU reader.
var servedPaths = []string{"proc/meminfo", "proc/cpuinfo", "proc/stat", "proc/uptime", "proc/loadavg",
	"proc/diskstats", "proc/swaps", "proc/vmstat", CPUDir + "/online", CPUDir + "/uevent"}

// The server over a copy of the v1 capture whose cgroup and /proc files are damaged one at
// a time in every way internal/mutate knows (a memory.limit_in_bytes that does not parse, a
// cgroup.procs cut mid-line, a missing /proc/1/cgroup ...): every request of PID 1 is
// answered with content or an errno, never a panic or another kind of error, and a meminfo
// never shows more memory than the machine's.
func TestMutatedCapture(t *testing.T) {
	src := capture(t)
	dir, err := mutate.FastTempDir()
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := mutate.CopyTree(src, dir); err != nil {
		t.Fatal(err)
	}
	hostTotal := memTotal(t, readOr(filepath.Join(dir, "proc/meminfo")))
	var targets []string
	for _, p := range []string{"proc/meminfo", "proc/stat", "proc/uptime", "proc/loadavg", "proc/cpuinfo", "proc/1/cgroup", "proc/1/stat", "proc/self/mountinfo"} {
		targets = append(targets, filepath.Join(dir, p))
	}
	groups, _ := filepath.Glob(filepath.Join(dir, "sys/fs/cgroup/*/refh-*"))
	for _, g := range groups {
		for _, name := range []string{"memory.limit_in_bytes", "memory.usage_in_bytes", "memory.stat", "memory.memsw.limit_in_bytes",
			"memory.memsw.usage_in_bytes", "cpu.cfs_quota_us", "cpu.cfs_period_us", "cpuacct.stat", "cpuacct.usage", "cpuset.cpus", "cgroup.procs"} {
			if _, err := os.Stat(filepath.Join(g, name)); err == nil {
				targets = append(targets, filepath.Join(g, name))
			}
		}
	}
	if len(targets) < 15 {
		t.Fatalf("only %d files to damage: %v", len(targets), targets)
	}
	answered, refused := 0, 0
	for _, p := range targets {
		orig, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, p)
		for _, m := range mutate.All {
			if err := m.Apply(p, orig); err != nil {
				t.Fatal(err)
			}
			s := &Server{Root: dir}
			for _, f := range servedPaths {
				b, err := readNoPanic(s, f)
				var e syscall.Errno
				switch {
				case err != nil && !errors.As(err, &e):
					t.Errorf("%s %s: %s: %v, not an errno", rel, m.Name, f, err)
				case err != nil:
					refused++
				// (A damaged /proc/meminfo leaves the machine's size unknown: cgview then
				// renders MemTotal 0, which the check lets through.)
				case f == "proc/meminfo" && (memTotal(t, string(b)) > hostTotal || memTotal(t, string(b)) < 0 ||
					memTotal(t, string(b)) == 0 && rel != "proc/meminfo"):
					t.Errorf("%s %s: MemTotal %d kB, the machine has %d", rel, m.Name, memTotal(t, string(b)), hostTotal)
				default:
					answered++
				}
			}
			if err := mutate.Restore(p, orig); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Logf("%d files x %d mutations: %d reads answered, %d refused with an errno", len(targets), len(mutate.All), answered, refused)
	if answered == 0 {
		t.Error("no read answered")
	}
}

func readNoPanic(s *Server, p string) (b []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return s.Read(1, p)
}

func readOr(p string) string {
	b, _ := os.ReadFile(p)
	return string(b)
}

func memTotal(t *testing.T, meminfo string) int64 {
	for _, l := range strings.Split(meminfo, "\n") {
		if v, ok := strings.CutPrefix(l, "MemTotal:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return -1
}

// fuzzTargets are the capture's files FuzzCgroupFile writes (relative to the copy).
var fuzzTargets = []string{"memory/refh-60edc154/memory.limit_in_bytes", "memory/refh-60edc154/memory.stat",
	"memory/refh-60edc154/memory.usage_in_bytes", "cpu/refh-60edc154/cpu.cfs_quota_us", "cpuacct/refh-60edc154/cpuacct.stat",
	"cpuset/refh-60edc154/cpuset.cpus", "memory/refh-60edc154/cgroup.procs"}

// FuzzCgroupFile: any content of one of the group's cgroup files gives, for every served
// file, content or an errno (never a panic), and never a MemTotal above the machine's.
func FuzzCgroupFile(f *testing.F) {
	src := capture(f)
	dir := f.TempDir()
	if err := mutate.CopyTree(src, dir); err != nil {
		f.Fatal(err)
	}
	hostTotal := memTotal(nil, readOr(filepath.Join(dir, "proc/meminfo")))
	for i := range fuzzTargets {
		for _, s := range []string{"", "max\n", "-1\n", "18446744073709551615\n", "cache 1\nrss x\n", "0-\n", "9999999\n", "1,,3\n"} {
			f.Add(uint8(i), []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, content []byte) {
		p := filepath.Join(dir, "sys/fs/cgroup", fuzzTargets[int(which)%len(fuzzTargets)])
		orig, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		defer os.WriteFile(p, orig, 0o644)
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		s := &Server{Root: dir}
		for _, sp := range servedPaths {
			b, err := readNoPanic(s, sp)
			var e syscall.Errno
			if err != nil && !errors.As(err, &e) {
				t.Fatalf("%s = %q: %s: %v", p, content, sp, err)
			}
			if err == nil && sp == "proc/meminfo" {
				if n := memTotal(t, string(b)); n < 0 || n > hostTotal { // (a limit of 0 renders 0)
					t.Fatalf("%s = %q: MemTotal %d kB, the machine has %d", p, content, n, hostTotal)
				}
			}
		}
	})
}
