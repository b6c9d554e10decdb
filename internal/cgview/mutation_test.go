package cgview

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/mutate"
)

// Every file a capture's view reads, mutated in turn by each of internal/mutate's mutations. Each case must give a
// sensible view or a clear error, never a panic, and at most one warning line per file.

// filesRead lists the files of the tree the view depends on: the cgroup's folders and their
// ancestors, /proc's top-level files, /proc/self and the processes' stat files.
func filesRead(t *testing.T, root string, v *View) []string {
	var out []string
	add := func(p string) {
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			out = append(out, p)
		}
	}
	seen := map[string]bool{}
	for _, h := range v.cg.all {
		for _, d := range h.ancestors() {
			if seen[d] {
				continue
			}
			seen[d] = true
			ents, _ := os.ReadDir(filepath.Join(root, d))
			for _, e := range ents {
				if n := e.Name(); strings.HasPrefix(n, "memory.") || strings.HasPrefix(n, "cpu") || n == "cgroup.procs" {
					add(filepath.Join(root, d, n))
				}
			}
		}
	}
	for _, n := range []string{"meminfo", "uptime", "loadavg", "stat", "cpuinfo", "self/cgroup", "self/mountinfo"} {
		add(filepath.Join(root, "proc", n))
	}
	add(filepath.Join(root, "sys/devices/system/cpu/online"))
	if p := v.Procs(); p != nil {
		for _, pid := range p.PIDs {
			add(filepath.Join(root, "proc", itoa(pid), "stat"))
		}
	}
	return out
}

func TestMutations(t *testing.T) {
	if testing.Short() {
		t.Skip("mutation suite skipped in -short mode")
	}
	cases := 0
	base, err := mutate.FastTempDir()
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(base)
	out := filepath.Join(base, "out") // one output folder for every case
	for i, f := range fixtures(t, "v") {
		root := filepath.Join(base, itoa(i))
		if err := mutate.CopyTree(f, root); err != nil {
			t.Fatal(err)
		}
		v0, _ := openTree(t, root, Options{})
		files := filesRead(t, root, v0)
		if len(files) < 10 {
			t.Fatalf("%s: only %d files found to mutate", f, len(files))
		}
		for _, p := range files {
			orig, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			for _, mu := range mutate.All {
				cases++
				if err := mu.Apply(p, orig); err != nil {
					t.Fatal(err)
				}
				rel, _ := filepath.Rel(root, p)
				checkMutated(t, filepath.Base(f)+" "+rel+" "+mu.Name, root, out)
				if err := mutate.Restore(p, orig); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	t.Logf("%d mutation cases", cases)
}

func checkMutated(t *testing.T, name, root, out string) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s: panic: %v", name, r)
		}
	}()
	var warn bytes.Buffer
	v, err := Open(Options{Root: root, Warn: &warn, Prog: "t"})
	if err != nil {
		t.Errorf("%s: Open failed: %v", name, err)
		return
	}
	m, err := v.Meminfo()
	if err == nil {
		total, free, avail := m.Value(MemTotal), m.Value(MemFree), m.Value(MemAvailable)
		st, sf := m.Value(MemSwapTotal), m.Value(MemSwapFree)
		if v.Container() && (free > total || avail > total || sf > st) {
			t.Errorf("%s: nonsense view total %d free %d avail %d swap %d/%d", name, total, free, avail, st, sf)
		}
	} else if !strings.Contains(name, "proc/meminfo") {
		t.Errorf("%s: Meminfo failed: %v", name, err)
	}
	_, uerr := v.Uptime()
	if uerr != nil && !strings.Contains(name, "proc/uptime") {
		t.Errorf("%s: Uptime failed: %v", name, uerr)
	}
	_, lerr := v.LoadAvg()
	if lerr != nil && !strings.Contains(name, "proc/loadavg") && !strings.Contains(name, "cgroup") {
		t.Errorf("%s: LoadAvg failed: %v", name, lerr)
	}
	c := v.CPU()
	if c.N < 1 || c.Capacity <= 0 {
		t.Errorf("%s: CPU %+v", name, c)
	}
	if err := v.WriteProcfs(out); err != nil {
		t.Errorf("%s: WriteProcfs: %v", name, err)
	}
	lines := strings.Split(strings.TrimSpace(warn.String()), "\n")
	seen := map[string]bool{}
	for _, l := range lines {
		if l != "" && seen[l] {
			t.Errorf("%s: warning repeated: %s", name, l)
		}
		seen[l] = true
	}
}
