package cgview

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// What the view shows when a file it needs is unreadable or the subtree is empty
// (docs/semantics.md): the warning's words are true, and the host's load never shows.

// An unreadable cpu.stat (v2) or cpuacct.stat (v1): one warning says the host's values are
// shown, and the CPU lines are the host's (split over the container's N lines), so the
// container does not read 100 % idle.
func TestUnreadableCPUStatShowsHostCPU(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		tree       map[string]string
		cpus       string // the per-CPU lines: the host's 100/100/1000 split by C over N
	}{
		// C = 1.5, N = 2: cpu0 gets floor(x / 1.5), cpu1 the rest.
		{"v2", "/sys/fs/cgroup/pod/ctr/cpu.stat", v2PodTree(),
			"cpu0 66 0 66 666 0 0 0 0 0 0\ncpu1 34 0 34 334 0 0 0 0 0 0\n"},
		// C = 0.5, N = 1: one line, the whole.
		{"v1", "/sys/fs/cgroup/cpu,cpuacct/kubepods/pod1/ctr/cpuacct.stat", v1PodTree(),
			"cpu0 100 0 100 1000 0 0 0 0 0 0\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.tree[tc.file] = "garbage\n"
			v, warn := openTree(t, writeTree(t, tc.tree), Options{})
			c := v.CPU()
			if !c.HostFallback {
				t.Fatalf("HostFallback not set: %+v", c)
			}
			b, err := v.StatCPULines()
			if err != nil {
				t.Fatal(err)
			}
			if want := "cpu  100 0 100 1000 0 0 0 0 0 0\n" + tc.cpus; string(b) != want {
				t.Errorf("cpu lines:\n%s\nwant the host's:\n%s", b, want)
			}
			u, err := v.UptimeWithIdle()
			if err != nil || u.IdleCentis != 300000 {
				t.Errorf("uptime idle %d (%v), want the host's 300000", u.IdleCentis, err)
			}
			w := strings.TrimSuffix(warn.String(), "\n")
			if strings.Count(w, "\n") != 0 || !strings.Contains(w, tc.file) || !strings.Contains(w, "showing the host's values") {
				t.Errorf("want one warning naming %s and the host's values, got %q", tc.file, warn)
			}
		})
	}
}

// No process in the subtree: the load is 0 with no thread (never the host's /proc/loadavg),
// and no warning is needed for it.
func TestEmptySubtreeLoadIsZero(t *testing.T) {
	tree := v2PodTree()
	tree["/sys/fs/cgroup/pod/ctr/cgroup.procs"] = ""
	tree["/sys/fs/cgroup/pod/ctr/sub/cgroup.procs"] = ""
	t.Setenv("CGPROCPS_STATE_DIR", "/run/no-state")
	v, warn := openTree(t, writeTree(t, tree), Options{Mode: ModeContainer})
	l, err := v.LoadAvg()
	if err != nil {
		t.Fatal(err)
	}
	if got := string(l.Render()); got != "0.00 0.00 0.00 0/0 0\n" {
		t.Errorf("loadavg %q, want 0.00 0.00 0.00 0/0 0 (the host's is 3.50 2.25 1.00 5/300 9999)", got)
	}
	if a, _ := v.LoadAverages(); a.Hundredths != [3]uint64{} || a.Sampled {
		t.Errorf("averages %+v, want 0 unsampled", a)
	}
	if warn.Len() != 0 {
		t.Errorf("unexpected warnings: %q", warn)
	}
}

// With no writable state folder the sampler fails, rather than write a state where no reader
// looks.
func TestSamplerWithoutWritableStateDirFails(t *testing.T) {
	tree := v2PodTree()
	tree["/run"] = "a file where the folders would be\n"
	root := writeTree(t, tree)
	t.Setenv("CGPROCPS_STATE_DIR", "/run/state")
	t.Setenv("XDG_RUNTIME_DIR", "/run/user/0")
	t.Setenv("TMPDIR", t.TempDir())
	err := RunSampler(context.Background(), Options{Root: root, Warn: os.Stderr}, "", true)
	if err == nil || !strings.Contains(err.Error(), "no writable state folder") ||
		!strings.Contains(err.Error(), "/run/cgprocps") || !strings.Contains(err.Error(), "CGPROCPS_STATE_DIR") {
		t.Errorf("sampler error %v, want one naming the folders tried", err)
	}
	if ents, _ := os.ReadDir(os.Getenv("TMPDIR")); len(ents) != 0 {
		t.Errorf("sampler wrote under the temporary folder: %v", ents)
	}
	// A writable CGPROCPS_STATE_DIR is where the sampler writes and the readers look.
	t.Setenv("CGPROCPS_STATE_DIR", "/state")
	if err := RunSampler(context.Background(), Options{Root: root, Warn: os.Stderr}, "", true); err != nil {
		t.Fatal(err)
	}
	if ents, err := os.ReadDir(filepath.Join(root, "state")); err != nil || len(ents) != 1 {
		t.Errorf("state folder: %v %v", ents, err)
	}
	v, _ := openTree(t, root, Options{})
	if l, _ := v.LoadAvg(); !l.Sampled {
		t.Errorf("readers did not find the sampler's state: %+v", l)
	}
}

// An unparsable memory.swap.current warns as memory.current does, and shows the host's swap
// use (capped by the container's SwapTotal), not 0.
func TestV2UnparsableSwapCurrentWarns(t *testing.T) {
	tree := v2PodTree()
	tree["/sys/fs/cgroup/pod/memory.swap.max"] = "max\n" // SwapTotal = the host's 4194304 kB
	tree["/sys/fs/cgroup/pod/ctr/memory.swap.current"] = "garbage\n"
	v, warn := openTree(t, writeTree(t, tree), Options{})
	checkFields(t, mustMem(t, v), map[MemKey]uint64{MemSwapTotal: 4194304, MemSwapFree: 4000000})
	w := strings.TrimSuffix(warn.String(), "\n")
	if strings.Count(w, "\n") != 0 || !strings.Contains(w, "memory.swap.current") || !strings.Contains(w, "showing the host's values") {
		t.Errorf("want one warning naming memory.swap.current, got %q", warn)
	}
}

// v1 with the ancestors invisible (a bind-mounted root, read-write here so that the mount
// does not decide): a limit seen only in hierarchical_memory_limit shows in MemTotal, so it
// turns container mode on; an unlimited one does not.
func TestV1HierarchicalLimitTriggersContainer(t *testing.T) {
	tree := func(hier string) map[string]string {
		return merge(hostBase(), map[string]string{
			"/proc/self/mountinfo": "20 1 0:20 / /proc rw - proc proc rw\n" +
				"31 30 0:31 /docker/abc /sys/fs/cgroup/memory rw,nosuid - cgroup cgroup rw,memory\n" +
				"32 30 0:32 /docker/abc /sys/fs/cgroup/cpu,cpuacct rw,nosuid - cgroup cgroup rw,cpuacct,cpu\n",
			"/proc/self/cgroup":                           "3:memory:/docker/abc\n2:cpuacct,cpu:/docker/abc\n",
			"/sys/fs/cgroup/memory/memory.limit_in_bytes": "9223372036854771712\n",
			"/sys/fs/cgroup/memory/memory.usage_in_bytes": "1048576\n",
			"/sys/fs/cgroup/memory/memory.stat":           "hierarchical_memory_limit " + hier + "\ntotal_cache 0\n",
			"/sys/fs/cgroup/cpu,cpuacct/cpuacct.stat":     "user 1\nsystem 2\n",
			"/sys/fs/cgroup/cpu,cpuacct/cgroup.procs":     "1\n",
			"/proc/1/stat": pidStatLine(1, "sh", "R", 100),
		})
	}
	v, warn := openTree(t, writeTree(t, tree("134217728")), Options{})
	if !v.Container() {
		t.Fatal("a 128 MiB hierarchical_memory_limit: want container mode")
	}
	checkFields(t, mustMem(t, v), map[MemKey]uint64{MemTotal: 131072})
	if warn.Len() != 0 {
		t.Errorf("unexpected warnings: %q", warn)
	}
	if v, _ := openTree(t, writeTree(t, tree("9223372036854771712")), Options{}); v.Container() {
		t.Error("an unlimited hierarchical_memory_limit: want host mode")
	}
}
