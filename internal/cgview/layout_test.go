package cgview

import (
	"math"
	"os"
	"strings"
	"testing"
)

// Layouts: co-mounted v1 controllers, nested limits, odd mount roots, hybrid, pure v2 with a
// pod-like parent, cgroup namespaces, --cgroup and --pid, and no hierarchy at all.

const v1MountsComounted = `20 1 0:20 / /proc rw - proc proc rw
30 1 0:30 / /sys/fs/cgroup rw - tmpfs tmpfs rw
31 30 0:31 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid - cgroup cgroup rw,cpu,cpuacct
32 30 0:32 / /sys/fs/cgroup/memory rw,nosuid - cgroup cgroup rw,memory
33 30 0:33 / /sys/fs/cgroup/cpuset rw,nosuid - cgroup cgroup rw,cpuset
34 30 0:34 / /sys/fs/cgroup/unified rw,nosuid - cgroup2 cgroup2 rw
`

// A pod (limits) with a container (unlimited) below it, v1 with cpu,cpuacct co-mounted.
func v1PodTree() map[string]string {
	cg := "/sys/fs/cgroup"
	return merge(hostBase(), map[string]string{
		"/proc/self/mountinfo": v1MountsComounted,
		"/proc/self/cgroup":    "4:memory:/kubepods/pod1/ctr\n3:cpuset:/kubepods/pod1/ctr\n2:cpu,cpuacct:/kubepods/pod1/ctr\n0::/\n",
		// memory: limit on the pod, none on the container
		cg + "/memory/memory.limit_in_bytes":                         "9223372036854771712\n",
		cg + "/memory/kubepods/pod1/memory.limit_in_bytes":           "268435456\n",
		cg + "/memory/kubepods/pod1/memory.memsw.limit_in_bytes":     "268435456\n",
		cg + "/memory/kubepods/pod1/ctr/memory.limit_in_bytes":       "9223372036854771712\n",
		cg + "/memory/kubepods/pod1/ctr/memory.memsw.limit_in_bytes": "9223372036854771712\n",
		cg + "/memory/kubepods/pod1/ctr/memory.usage_in_bytes":       "104857600\n",
		cg + "/memory/kubepods/pod1/ctr/memory.memsw.usage_in_bytes": "104857600\n",
		cg + "/memory/kubepods/pod1/ctr/memory.stat":                 "total_cache 52428800\ntotal_rss 41943040\ntotal_shmem 1048576\ntotal_mapped_file 4096\ntotal_active_file 20971520\ntotal_inactive_file 31457280\ntotal_active_anon 41943040\ntotal_inactive_anon 0\ntotal_unevictable 0\n",
		cg + "/cpu,cpuacct/kubepods/pod1/cpu.cfs_quota_us":           "50000\n",
		cg + "/cpu,cpuacct/kubepods/pod1/cpu.cfs_period_us":          "100000\n",
		cg + "/cpu,cpuacct/kubepods/pod1/ctr/cpu.cfs_quota_us":       "-1\n",
		cg + "/cpu,cpuacct/kubepods/pod1/ctr/cpu.cfs_period_us":      "100000\n",
		cg + "/cpu,cpuacct/kubepods/pod1/ctr/cpuacct.stat":           "user 300\nsystem 100\n",
		cg + "/cpu,cpuacct/kubepods/pod1/ctr/cgroup.procs":           "42\n",
		cg + "/cpuset/kubepods/pod1/ctr/cpuset.cpus":                 "\n",
		cg + "/cpuset/kubepods/pod1/cpuset.cpus":                     "1-3\n",
		"/proc/42/stat":                                              pidStatLine(42, "app", "S", 50000),
	})
}

func TestV1ComountedNestedPod(t *testing.T) {
	v, warn := openTree(t, writeTree(t, v1PodTree()), Options{})
	if !v.Container() {
		t.Fatal("want container mode (limits on the pod)")
	}
	m := mustMem(t, v)
	checkFields(t, m, map[MemKey]uint64{
		MemTotal:       262144,                                     // pod's 256 MiB
		MemFree:        262144 - 102400,                            // usage 100 MiB
		MemAvailable:   262144 - 102400 + (20971520+31457280)/1024, // free + file LRU
		MemCached:      51200,
		MemShmem:       1024,
		MemBuffers:     0,
		MemSwapTotal:   0, // memsw = mem on the pod: no swap
		MemSwapFree:    0,
		MemSlab:        0, // v1: never the host's
		MemPercpu:      0,
		MemCommitLimit: 12386304, // no per-cgroup meaning: host's
	})
	c := v.CPU()
	if c.Capacity != 0.5 || c.N != 1 || !c.QuotaLimited {
		t.Errorf("CPU capacity %v N %d quota %v, want 0.5 1 true", c.Capacity, c.N, c.QuotaLimited)
	}
	if c.UserTicks != 300 || c.SystemTicks != 100 {
		t.Errorf("ticks %d/%d, want 300/100", c.UserTicks, c.SystemTicks)
	}
	if got := c.CPUs; len(got) != 3 || got[0] != 1 {
		t.Errorf("cpuset walked up to the pod: got %v, want [1 2 3]", got)
	}
	u, err := v.UptimeWithIdle()
	if err != nil {
		t.Fatal(err)
	}
	// host 1000.50 s, started at tick 50000 = 500.00 s
	if u.Centis != 50050 {
		t.Errorf("uptime %d centis, want 50050", u.Centis)
	}
	// idle = 0.5 * 50050 - 400 = 24625
	if u.IdleCentis != 24625 {
		t.Errorf("idle %d, want 24625", u.IdleCentis)
	}
	if warn.Len() != 0 {
		t.Errorf("unexpected warnings: %s", warn)
	}
}

// Docker on v1 without a cgroup namespace: the mount's root is the container's own path, so
// the folder is the mount point and nothing above is visible; the kernel's
// hierarchical_memory_limit still carries an ancestor's limit.
func TestV1OddMountRoot(t *testing.T) {
	tree := merge(hostBase(), map[string]string{
		"/proc/self/mountinfo": "20 1 0:20 / /proc rw - proc proc rw\n" +
			"31 30 0:31 /docker/abc /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory\n" +
			"32 30 0:32 /docker/abc /sys/fs/cgroup/cpu,cpuacct ro,nosuid - cgroup cgroup rw,cpuacct,cpu\n",
		"/proc/self/cgroup":                           "3:memory:/docker/abc\n2:cpuacct,cpu:/docker/abc\n",
		"/sys/fs/cgroup/memory/memory.limit_in_bytes": "9223372036854771712\n",
		"/sys/fs/cgroup/memory/memory.usage_in_bytes": "1048576\n",
		"/sys/fs/cgroup/memory/memory.stat":           "hierarchical_memory_limit 134217728\ntotal_cache 0\n",
		"/sys/fs/cgroup/cpu,cpuacct/cpuacct.stat":     "user 1\nsystem 2\n",
		"/sys/fs/cgroup/cpu,cpuacct/cgroup.procs":     "1\n",
		"/proc/1/stat": pidStatLine(1, "sh", "R", 100),
	})
	v, _ := openTree(t, writeTree(t, tree), Options{})
	if !v.Container() {
		t.Fatal("want container mode")
	}
	checkFields(t, mustMem(t, v), map[MemKey]uint64{MemTotal: 131072, MemFree: 131072 - 1024})
	if c := v.CPU(); c.Capacity != 4 || c.UserTicks != 1 {
		t.Errorf("capacity %v user %d, want 4 1", c.Capacity, c.UserTicks)
	}
	l, err := v.LoadAvg()
	if err != nil {
		t.Fatal(err)
	}
	if l.Sampled || l.Hundredths != [3]uint64{100, 100, 100} || l.Running != 1 || l.Total != 1 || l.LastPID != 1 {
		t.Errorf("instantaneous load: got %+v", l)
	}
}

// A /proc/self/cgroup path outside the mount's root falls back to the mount root.
func TestPathNotVisible(t *testing.T) {
	tree := merge(hostBase(), map[string]string{
		"/proc/self/mountinfo":           "31 30 0:31 /a /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n",
		"/proc/self/cgroup":              "0::/elsewhere/x\n",
		"/sys/fs/cgroup/memory.max":      "1073741824\n",
		"/sys/fs/cgroup/memory.current":  "0\n",
		"/sys/fs/cgroup/memory.stat":     "file 0\n",
		"/sys/fs/cgroup/cgroup.procs":    "",
		"/sys/fs/cgroup/memory.swap.max": "0\n",
	})
	v, _ := openTree(t, writeTree(t, tree), Options{})
	checkFields(t, mustMem(t, v), map[MemKey]uint64{MemTotal: 1048576, MemSwapTotal: 0})
}

// Pure v2, pod-like: limits on the parent, max on the child.
func v2PodTree() map[string]string {
	cg := "/sys/fs/cgroup"
	return merge(hostBase(), map[string]string{
		"/proc/self/mountinfo":                "28 23 0:24 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw\n",
		"/proc/self/cgroup":                   "0::/pod/ctr\n",
		cg + "/cpuset.cpus.effective":         "0-3\n",
		cg + "/pod/memory.max":                "536870912\n",
		cg + "/pod/memory.high":               "max\n",
		cg + "/pod/memory.swap.max":           "268435456\n",
		cg + "/pod/cpu.max":                   "150000 100000\n",
		cg + "/pod/cpuset.cpus.effective":     "0-3\n",
		cg + "/pod/ctr/memory.max":            "max\n",
		cg + "/pod/ctr/memory.high":           "max\n",
		cg + "/pod/ctr/memory.swap.max":       "max\n",
		cg + "/pod/ctr/memory.current":        "209715200\n",
		cg + "/pod/ctr/memory.swap.current":   "10485760\n",
		cg + "/pod/ctr/memory.stat":           "anon 104857600\nfile 83886080\nfile_mapped 4194304\nfile_dirty 8192\nshmem 1048576\nactive_file 41943040\ninactive_file 41943040\nactive_anon 0\ninactive_anon 104857600\nslab 10485760\nslab_reclaimable 8388608\nslab_unreclaimable 2097152\nkernel_stack 65536\npagetables 131072\npercpu 4096\nanon_thp 2097152\nswapcached 4096\n",
		cg + "/pod/ctr/cpu.max":               "max 100000\n",
		cg + "/pod/ctr/cpu.stat":              "usage_usec 5000000\nuser_usec 3456789\nsystem_usec 1543211\n",
		cg + "/pod/ctr/cpuset.cpus.effective": "0-3\n",
		cg + "/pod/ctr/cgroup.procs":          "100\n",
		cg + "/pod/ctr/sub/cgroup.procs":      "101\n",
		"/proc/100/stat":                      pidStatLine(100, "pause", "S", 20000),
		"/proc/100/task/100/stat":             pidStatLine(100, "pause", "S", 20000),
		"/proc/101/stat":                      pidStatLine(101, "my (odd) app", "R", 30000),
		"/proc/101/task/101/stat":             pidStatLine(101, "my (odd) app", "R", 30000),
		"/proc/101/task/107/stat":             pidStatLine(107, "worker", "D", 30001),
		"/proc/101/task/107/status":           "Name:\tworker\nvoluntary_ctxt_switches:\t10\nnonvoluntary_ctxt_switches:\t5\n",
		"/proc/101/task/101/status":           "voluntary_ctxt_switches:\t1\nnonvoluntary_ctxt_switches:\t2\n",
	})
}

func TestV2NestedPod(t *testing.T) {
	v, warn := openTree(t, writeTree(t, v2PodTree()), Options{})
	if !v.Container() {
		t.Fatal("want container mode")
	}
	m := mustMem(t, v)
	reclaim := uint64(41943040+41943040+8388608) / 1024
	checkFields(t, m, map[MemKey]uint64{
		MemTotal:          524288,
		MemFree:           524288 - 204800,
		MemAvailable:      524288 - 204800 + reclaim,
		MemCached:         81920,
		MemMapped:         4096,
		MemDirty:          8,
		MemShmem:          1024,
		MemSlab:           10240,
		MemSReclaimable:   8192,
		MemKReclaimable:   8192,
		MemSUnreclaim:     2048,
		MemKernelStack:    64,
		MemPageTables:     128,
		MemPercpu:         4,
		MemAnonHugePages:  2048,
		MemSwapCached:     4,
		MemAnonPages:      102400,
		MemActive:         40960,
		MemInactive:       40960 + 102400,
		MemSwapTotal:      262144, // the pod's 256 MiB, below the host's 4 GiB
		MemSwapFree:       262144 - 10240,
		MemBuffers:        0,
		MemHugePagesTotal: 0,
	})
	c := v.CPU()
	if c.Capacity != 1.5 || c.N != 2 {
		t.Errorf("capacity %v N %d, want 1.5 2", c.Capacity, c.N)
	}
	// 3456789 us -> 345 ticks, 1543211 us -> 154 ticks (floored)
	if c.UserTicks != 345 || c.SystemTicks != 154 {
		t.Errorf("ticks %d/%d, want 345/154", c.UserTicks, c.SystemTicks)
	}
	p := v.ProcsWithCtxt()
	if len(p.PIDs) != 2 || p.Running != 1 || p.Blocked != 1 || p.MaxTID != 107 || len(p.Tasks) != 3 || p.CtxtSum != 18 {
		t.Errorf("census %+v", p)
	}
	u, _ := v.UptimeWithIdle()
	if u.Centis != 100050-20000 {
		t.Errorf("uptime %d, want %d (oldest process)", u.Centis, 100050-20000)
	}
	if want := uint64(1.5*float64(80050)) - 499; u.IdleCentis != want {
		t.Errorf("idle %d want %d", u.IdleCentis, want)
	}
	l, _ := v.LoadAvg()
	if l.Hundredths != [3]uint64{200, 200, 200} || l.Running != 1 || l.Total != 3 || l.LastPID != 107 {
		t.Errorf("load %+v", l)
	}
	if warn.Len() != 0 {
		t.Errorf("unexpected warnings: %s", warn)
	}
}

// uptime needs no CPU file: Uptime alone must not read them (they cost start-up time).
func TestUptimeReadsNoCPUFiles(t *testing.T) {
	tree := v2PodTree()
	tree["/sys/fs/cgroup/pod/ctr/cpu.stat"] = "garbage\n" // would warn if read
	v, warn := openTree(t, writeTree(t, tree), Options{})
	u, err := v.Uptime()
	if err != nil || u.Centis != 100050-20000 {
		t.Fatalf("uptime %+v %v", u, err)
	}
	if v.cpu != nil || warn.Len() != 0 {
		t.Errorf("Uptime read the CPU files (warnings %q)", warn)
	}
	if _, err := v.UptimeWithIdle(); err != nil || !strings.Contains(warn.String(), "cpu.stat") {
		t.Errorf("UptimeWithIdle must read cpu.stat (and warn on garbage): %v %q", err, warn)
	}
}

func TestV2MemoryHighCapsAvailable(t *testing.T) {
	tree := v2PodTree()
	tree["/sys/fs/cgroup/pod/memory.high"] = "314572800\n" // 300 MiB < 512 MiB limit
	v, _ := openTree(t, writeTree(t, tree), Options{})
	m := mustMem(t, v)
	// cap = high - usage + reclaimable = 300 MiB - 200 MiB + 88 MiB
	want := uint64(314572800-209715200+41943040+41943040+8388608) / 1024
	checkFields(t, m, map[MemKey]uint64{MemAvailable: want})
}

func TestV2SwapMaxZero(t *testing.T) {
	tree := v2PodTree()
	tree["/sys/fs/cgroup/pod/ctr/memory.swap.max"] = "0\n"
	v, _ := openTree(t, writeTree(t, tree), Options{})
	checkFields(t, mustMem(t, v), map[MemKey]uint64{MemSwapTotal: 0, MemSwapFree: 0})
}

func TestHostWithoutSwap(t *testing.T) {
	tree := v2PodTree()
	tree["/proc/meminfo"] = strings.Replace(strings.Replace(testHostMeminfo, "SwapTotal:       4194304", "SwapTotal:             0", 1), "SwapFree:        4000000", "SwapFree:              0", 1)
	v, _ := openTree(t, writeTree(t, tree), Options{})
	checkFields(t, mustMem(t, v), map[MemKey]uint64{MemSwapTotal: 0, MemSwapFree: 0})
}

// Inside a private cgroup namespace: /proc/self/cgroup reads "0::/" and the mount's root is
// "/": the container's own folder is the mount point.
func TestV2CgroupNamespace(t *testing.T) {
	tree := merge(hostBase(), map[string]string{
		"/proc/self/mountinfo":          "28 23 0:24 / /sys/fs/cgroup ro,nosuid - cgroup2 cgroup2 rw\n",
		"/proc/self/cgroup":             "0::/\n",
		"/sys/fs/cgroup/memory.max":     "268435456\n",
		"/sys/fs/cgroup/memory.current": "134217728\n",
		"/sys/fs/cgroup/memory.stat":    "file 0\nactive_file 0\ninactive_file 0\n",
		"/sys/fs/cgroup/cpu.max":        "100000 100000\n",
		"/sys/fs/cgroup/cpu.stat":       "user_usec 0\nsystem_usec 0\n",
		"/sys/fs/cgroup/cgroup.procs":   "1\n",
		"/proc/1/stat":                  pidStatLine(1, "init", "S", 90000),
	})
	v, _ := openTree(t, writeTree(t, tree), Options{})
	checkFields(t, mustMem(t, v), map[MemKey]uint64{MemTotal: 262144, MemFree: 131072, MemAvailable: 131072})
	if c := v.CPU(); c.Capacity != 1 || c.N != 1 {
		t.Errorf("capacity %v N %d", c.Capacity, c.N)
	}
	u, _ := v.Uptime()
	if u.Centis != 10050 {
		t.Errorf("uptime %d, want 10050", u.Centis)
	}
}

// Hybrid host (v1 controllers + an empty cgroup2) with no limits: host mode, host values.
func TestHybridNoLimitsIsHostMode(t *testing.T) {
	tree := merge(hostBase(), map[string]string{
		"/proc/self/mountinfo": v1MountsComounted,
		"/proc/self/cgroup":    "4:memory:/user.slice\n3:cpuset:/\n2:cpu,cpuacct:/user.slice\n0::/user.slice/session-1.scope\n",
		"/sys/fs/cgroup/memory/user.slice/memory.limit_in_bytes": "9223372036854771712\n",
		"/sys/fs/cgroup/cpu,cpuacct/user.slice/cpu.cfs_quota_us": "-1\n",
		"/sys/fs/cgroup/cpuset/cpuset.cpus":                      "0-3\n",
		"/sys/fs/cgroup/unified/user.slice/session-1.scope/":     "",
	})
	v, _ := openTree(t, writeTree(t, tree), Options{})
	if v.Container() {
		t.Fatal("want host mode: no limits anywhere")
	}
	m := mustMem(t, v)
	if string(m.Render()) != testHostMeminfo {
		t.Errorf("host mode must keep the host's meminfo verbatim:\n%s", m.Render())
	}
	if c := v.CPU(); c.Capacity != 4 || c.N != 4 {
		t.Errorf("host capacity %v", c.Capacity)
	}
	// --container forces the view: usage is unreadable here, so host values with a warning.
	v2, warn := openTree(t, writeTree(t, tree), Options{Mode: ModeContainer})
	if !v2.Container() {
		t.Fatal("--container ignored")
	}
	checkFields(t, mustMem(t, v2), map[MemKey]uint64{MemTotal: 16384000})
	if !strings.Contains(warn.String(), "memory.usage_in_bytes: missing; showing the host's values") {
		t.Errorf("want one warning naming the missing accounting file, got %q", warn)
	}
}

func TestCpusetNarrowerTriggersContainer(t *testing.T) {
	tree := merge(hostBase(), map[string]string{
		"/proc/self/mountinfo":                      v1MountsComounted,
		"/proc/self/cgroup":                         "3:cpuset:/pinned\n",
		"/sys/fs/cgroup/cpuset/pinned/cpuset.cpus":  "2\n",
		"/sys/fs/cgroup/cpuset/pinned/cgroup.procs": "",
	})
	v, _ := openTree(t, writeTree(t, tree), Options{})
	if !v.Container() {
		t.Fatal("a one-CPU cpuset on a 4-CPU host is a container")
	}
	c := v.CPU()
	if c.Capacity != 1 || c.N != 1 || c.CPUs[0] != 2 {
		t.Errorf("cpu %+v", c)
	}
	cpuinfo, err := v.ProcFile("cpuinfo")
	if err != nil {
		t.Fatal(err)
	}
	if want := "processor\t: 0\nsiblings\t: 1\ncpu cores\t: 1\n\n"; string(cpuinfo) != want {
		t.Errorf("cpuinfo %q, want %q", cpuinfo, want)
	}
}

func TestCgroupAndPIDOptions(t *testing.T) {
	tree := v2PodTree()
	tree["/proc/self/cgroup"] = "0::/\n"
	tree["/proc/101/cgroup"] = "0::/pod/ctr/sub\n"
	root := writeTree(t, tree)
	for _, o := range []Options{{Cgroup: "/pod/ctr"}, {Cgroup: "pod/ctr"}, {Cgroup: "/sys/fs/cgroup/pod/ctr"}} {
		v, _ := openTree(t, root, o)
		if !v.Container() {
			t.Fatalf("%+v: want container mode", o)
		}
		checkFields(t, mustMem(t, v), map[MemKey]uint64{MemTotal: 524288, MemFree: 524288 - 204800})
	}
	v, _ := openTree(t, root, Options{PID: 101})
	if c := v.CPU(); c.Capacity != 1.5 {
		t.Errorf("--pid 101: capacity %v", c.Capacity)
	}
	for _, o := range []Options{{Cgroup: "/nope"}, {Cgroup: "/sys/fs/cgroup/nope"}, {PID: 4242}} {
		o.Root = root
		if _, err := Open(o); err == nil {
			t.Errorf("%+v: want an error", o)
		}
	}
}

func TestNoCgroupHierarchy(t *testing.T) {
	tree := merge(hostBase(), map[string]string{
		"/proc/self/mountinfo": "20 1 0:20 / /proc rw - proc proc rw\n",
		"/proc/self/cgroup":    "0::/\n",
	})
	v, warn := openTree(t, writeTree(t, tree), Options{})
	if v.Container() {
		t.Fatal("no hierarchy: host mode")
	}
	if !strings.Contains(warn.String(), "showing the host's values") || strings.Count(warn.String(), "\n") != 1 {
		t.Errorf("want exactly one warning line, got %q", warn)
	}
	checkFields(t, mustMem(t, v), map[MemKey]uint64{MemTotal: 16384000})
}

func TestSplitTicks(t *testing.T) {
	for _, tc := range []struct {
		total uint64
		c     float64
		n     int
		want  []uint64
	}{
		{1201, 1.5, 2, []uint64{800, 401}},
		{100, 2, 2, []uint64{50, 50}},
		{101, 2, 2, []uint64{50, 51}},
		{7, 0.5, 1, []uint64{7}},
		{10, 2.25, 3, []uint64{4, 4, 2}},
	} {
		got := splitTicks(tc.total, tc.c, tc.n)
		var sum uint64
		for i := range got {
			sum += got[i]
			if got[i] != tc.want[i] {
				t.Errorf("splitTicks(%d, %v, %d) = %v, want %v", tc.total, tc.c, tc.n, got, tc.want)
				break
			}
		}
		if sum != tc.total {
			t.Errorf("shares of %d sum to %d", tc.total, sum)
		}
	}
}

func TestLoadEWMA(t *testing.T) {
	// From 0, one step with 2 runnable threads: the kernel gives 2*2048*(2048-1884)/2048 + 2047
	// rounding up ... check against the closed form of calc_load.
	var s LoadState
	s.Fixed = [3]uint64{0, 0, 0}
	s.Time = s.Time.Add(1) // non-zero
	now := s.Time.Add(loadPeriod)
	s.Step(now, 2)
	want1 := (0*exp1 + 2*fixed1*(fixed1-exp1) + fixed1 - 1) / fixed1
	if s.Fixed[0] != uint64(want1) {
		t.Errorf("1-min after one step: %d want %d", s.Fixed[0], want1)
	}
	// 60 s of a constant 1.0 from 0: 1 - e^-1 = 0.63 for the 1-min average.
	s = LoadState{Time: now}
	s.Fixed = [3]uint64{}
	s.Step(now.Add(60*1e9), 1)
	if h := loadHundredths(s.Fixed[0]); h < 62 || h > 65 {
		t.Errorf("1-min average after 60 s of load 1: %d hundredths, want about 63", h)
	}
	if h := loadHundredths(s.Fixed[2]); h < 5 || h > 8 {
		t.Errorf("15-min average after 60 s of load 1: %d hundredths, want about 6.4", h)
	}
	b := s.Marshal()
	back, err := ParseLoadState(b)
	if err != nil || back.Fixed != s.Fixed || !back.Time.Equal(s.Time.Truncate(1e6)) {
		t.Errorf("round trip: %+v %v", back, err)
	}
	if math.Abs(float64(loadHundredths(fixed1))-100) > 0 {
		t.Errorf("1.00 renders as %d", loadHundredths(fixed1))
	}
}

// In the initial cgroup namespace a mount whose root is "/" shows the hierarchy's real root,
// where the kernel allows no limits: its files are not read (start-up time). Inside a private
// namespace the same-looking mount root is the container's own folder and its limits count.
func TestRootLimitsAndCgroupNamespaces(t *testing.T) {
	base := merge(hostBase(), map[string]string{
		"/proc/self/mountinfo":          "28 23 0:24 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw\n",
		"/proc/self/cgroup":             "0::/\n",
		"/sys/fs/cgroup/memory.max":     "268435456\n",
		"/sys/fs/cgroup/memory.current": "1048576\n",
		"/sys/fs/cgroup/memory.stat":    "file 0\n",
		"/sys/fs/cgroup/cgroup.procs":   "1\n",
		"/proc/1/stat":                  pidStatLine(1, "init", "S", 10),
	})
	private := merge(base, map[string]string{"/proc/self/ns/cgroup": "->cgroup:[4026532123]"})
	v, _ := openTree(t, writeTree(t, private), Options{})
	if !v.Container() {
		t.Fatal("private cgroup namespace: container mode")
	}
	checkFields(t, mustMem(t, v), map[MemKey]uint64{MemTotal: 262144})

	initial := merge(base, map[string]string{"/proc/self/ns/cgroup": "->" + initialCgroupNS})
	v, _ = openTree(t, writeTree(t, initial), Options{})
	if v.Container() {
		t.Fatal("initial namespace at the real root: no limit can be there, host mode")
	}

	unknown := base // no ns link (a capture): read everything, the limit counts
	v, _ = openTree(t, writeTree(t, unknown), Options{})
	if !v.Container() {
		t.Fatal("unknown namespace: the root's limit file must be read")
	}

	// The real root in the initial namespace, but the process's cgroup below it: the
	// child's limit counts, the root is skipped.
	child := merge(initial, map[string]string{
		"/proc/self/cgroup":                      "0::/a\n",
		"/sys/fs/cgroup/a/memory.max":            "134217728\n",
		"/sys/fs/cgroup/a/memory.current":        "0\n",
		"/sys/fs/cgroup/a/memory.stat":           "file 0\n",
		"/sys/fs/cgroup/a/cgroup.procs":          "1\n",
		"/sys/fs/cgroup/a/cpuset.cpus.effective": "0\n",
	})
	v, _ = openTree(t, writeTree(t, child), Options{})
	checkFields(t, mustMem(t, v), map[MemKey]uint64{MemTotal: 131072})
	if c := v.CPU(); c.N != 1 {
		t.Errorf("cpuset of the child: N %d", c.N)
	}
}

// --host needs no cgroup at all: it works where the hierarchy is unreadable, silently.
func TestHostModeReadsNoCgroup(t *testing.T) {
	tree := merge(hostBase(), map[string]string{"/proc/self/mountinfo": "garbage\n"})
	v, warn := openTree(t, writeTree(t, tree), Options{Mode: ModeHost})
	if v.Container() || warn.Len() != 0 {
		t.Errorf("--host: container %v, warnings %q", v.Container(), warn)
	}
	checkFields(t, mustMem(t, v), map[MemKey]uint64{MemTotal: 16384000})
	if c := v.CPU(); c.N != 4 {
		t.Errorf("host CPUs %d", c.N)
	}
}

// One View is one snapshot: the limits that decided the mode are the limits the numbers use,
// even if the files change in between (each chain is read once).
func TestLimitsReadOncePerView(t *testing.T) {
	// The memory limit decides the mode; MemTotal then uses the limit read for that.
	root := writeTree(t, v2PodTree())
	v, _ := openTree(t, root, Options{})
	if !v.Container() {
		t.Fatal("want container mode")
	}
	if err := os.WriteFile(root+"/sys/fs/cgroup/pod/memory.max", []byte("268435456\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	checkFields(t, mustMem(t, v), map[MemKey]uint64{MemTotal: 524288})
	v2, _ := openTree(t, root, Options{}) // a new View sees the new limit
	checkFields(t, mustMem(t, v2), map[MemKey]uint64{MemTotal: 262144})

	// Only the CPU quota decides the mode; the capacity then uses the quota read for that.
	tree := v2PodTree()
	tree["/sys/fs/cgroup/pod/memory.max"] = "max\n"
	tree["/sys/fs/cgroup/pod/memory.swap.max"] = "max\n"
	root = writeTree(t, tree)
	v, _ = openTree(t, root, Options{})
	if !v.Container() {
		t.Fatal("want container mode from the quota")
	}
	if err := os.WriteFile(root+"/sys/fs/cgroup/pod/cpu.max", []byte("50000 100000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if c := v.CPU(); c.Capacity != 1.5 {
		t.Errorf("capacity %v, want the 1.5 read at Open", c.Capacity)
	}
	v2, _ = openTree(t, root, Options{})
	if c := v2.CPU(); c.Capacity != 0.5 {
		t.Errorf("new view: capacity %v, want 0.5", c.Capacity)
	}
}
