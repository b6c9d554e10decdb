package cgview

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/testcapture"
)

// fixtures returns the captures (testcapture.All) whose names start with prefix.
func fixtures(t *testing.T, prefix string) []string {
	t.Helper()
	var out []string
	for _, c := range testcapture.All(t) {
		if strings.HasPrefix(filepath.Base(c), prefix) {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no %s* captures", prefix)
	}
	return out
}

func readMeminfoFile(t *testing.T, p string) *Meminfo {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	m, ok := ParseMeminfo(b)
	if !ok {
		t.Fatalf("%s: no MemTotal", p)
	}
	return m
}

// The v1 captures carry LXCFS 5.0.3's view of the same moment. docs/semantics.md: a correct view
// agrees with it on MemTotal, MemFree, Cached, Shmem, the Active/Inactive fields, Mapped and
// AnonHugePages, and its MemAvailable is lower by Shmem (within a few kB: cache pages not on
// the LRU lists).
func TestV1FixturesAgainstLXCFS(t *testing.T) {
	for _, f := range fixtures(t, "v1-") {
		t.Run(filepath.Base(f), func(t *testing.T) {
			v, warn := openTree(t, f, Options{})
			if !v.Container() {
				t.Fatal("want container mode")
			}
			m := mustMem(t, v)
			lx := readMeminfoFile(t, filepath.Join(f, "lxcfs/proc/meminfo"))
			for _, k := range []MemKey{MemTotal, MemFree, MemCached, MemShmem, MemActive, MemInactive,
				MemActiveAnon, MemInactiveAnon, MemActiveFile, MemInactiveFile, MemMapped, MemAnonHugePages, MemDirty} {
				if m.Value(k) != lx.Value(k) {
					t.Errorf("%s: ours %d, LXCFS %d", k, m.Value(k), lx.Value(k))
				}
			}
			diff := int64(lx.Value(MemAvailable)) - int64(m.Value(MemAvailable)) - int64(m.Value(MemShmem))
			if diff < -16 || diff > 16 {
				t.Errorf("MemAvailable %d: LXCFS %d should be higher by Shmem %d (off by %d kB)",
					m.Value(MemAvailable), lx.Value(MemAvailable), m.Value(MemShmem), diff)
			}
			if m.Value(MemAvailable) >= lx.Value(MemAvailable) {
				t.Errorf("MemAvailable must be below LXCFS's (which counts Shmem as reclaimable)")
			}
			// v1 has no slab keys: 0, never the host's (LXCFS shows host-ish KReclaimable).
			for _, k := range []MemKey{MemSlab, MemSReclaimable, MemSUnreclaim, MemKReclaimable, MemKernelStack, MemPageTables, MemPercpu, MemBuffers} {
				if m.Value(k) != 0 {
					t.Errorf("%s = %d on v1, want 0", k, m.Value(k))
				}
			}
			if warn.Len() != 0 {
				t.Errorf("warnings on a complete capture: %s", warn)
			}
		})
	}
}

// The v2 captures: every formula of docs/semantics.md "Memory" from the raw cgroup files, and the
// places where LXCFS is wrong on v2 (Mapped from "file_mapped", not a prefix match of "file";
// AnonHugePages from anon_thp) hold.
func TestV2FixturesFormulas(t *testing.T) {
	for _, f := range fixtures(t, "v2-") {
		t.Run(filepath.Base(f), func(t *testing.T) {
			v, warn := openTree(t, f, Options{})
			if !v.Container() {
				t.Fatal("want container mode")
			}
			dir := f + v.cg.memory.Dir
			readN := func(name string) uint64 {
				b, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				x, err := parseUint(b)
				if err != nil {
					t.Fatal(err)
				}
				return x
			}
			statB, _ := os.ReadFile(filepath.Join(dir, "memory.stat"))
			st, _ := parseKV(statB)
			host := readMeminfoFile(t, filepath.Join(f, "proc/meminfo"))
			// min over the visible ancestry of memory.max
			L := uint64(1) << 62
			for d := dir; strings.HasPrefix(d, f+"/sys/fs/cgroup"); d = filepath.Dir(d) {
				if b, err := os.ReadFile(filepath.Join(d, "memory.max")); err == nil {
					if l, err := parseLimit(b); err == nil && l.Set && l.Value < L {
						L = l.Value
					}
				}
			}
			total := min(L/1024, host.Value(MemTotal))
			U := readN("memory.current")
			free := total - U/1024
			avail := min(total, free+(st["active_file"]+st["inactive_file"]+st["slab_reclaimable"])/1024)
			if b, err := os.ReadFile(filepath.Join(dir, "memory.high")); err == nil {
				if h, _ := parseLimit(b); h.Set && h.Value < L {
					avail = min(avail, (h.Value+st["active_file"]+st["inactive_file"]+st["slab_reclaimable"]-U)/1024)
				}
			}
			m := mustMem(t, v)
			want := map[MemKey]uint64{
				MemTotal: total, MemFree: free, MemAvailable: avail,
				MemCached: st["file"] / 1024, MemShmem: st["shmem"] / 1024, MemMapped: st["file_mapped"] / 1024,
				MemAnonHugePages: st["anon_thp"] / 1024, MemAnonPages: st["anon"] / 1024,
				MemSlab: st["slab"] / 1024, MemSReclaimable: st["slab_reclaimable"] / 1024,
				MemSUnreclaim: st["slab_unreclaimable"] / 1024, MemKernelStack: st["kernel_stack"] / 1024,
				MemPageTables: st["pagetables"] / 1024, MemPercpu: st["percpu"] / 1024,
				MemActive:   (st["active_anon"] + st["active_file"]) / 1024,
				MemInactive: (st["inactive_anon"] + st["inactive_file"]) / 1024,
				MemBuffers:  0,
			}
			checkFields(t, m, want)
			// Swap: min(memory.swap.max over the ancestry, host SwapTotal) - swap.current.
			sw := host.Value(MemSwapTotal)
			for d := dir; strings.HasPrefix(d, f+"/sys/fs/cgroup"); d = filepath.Dir(d) {
				if b, err := os.ReadFile(filepath.Join(d, "memory.swap.max")); err == nil {
					if l, _ := parseLimit(b); l.Set && l.Value/1024 < sw {
						sw = l.Value / 1024
					}
				}
			}
			checkFields(t, m, map[MemKey]uint64{MemSwapTotal: sw, MemSwapFree: sw - readN("memory.swap.current")/1024})
			if m.Value(MemMapped) == m.Value(MemCached) && st["file_mapped"] != st["file"] {
				t.Error("Mapped must come from file_mapped, not file")
			}
			if warn.Len() != 0 {
				t.Errorf("warnings on a complete capture: %s", warn)
			}
		})
	}
}

// Uptime, CPU and the rendered files of every capture.
func TestFixtureUptimeCPUAndFiles(t *testing.T) {
	want := map[string]struct {
		capacity float64
		n        int
		online   string
	}{
		"v1-512m-1.5cpu":           {1.5, 2, "0-1\n"},
		"v1-512m-1.5cpu-lxcfscfs":  {1.5, 2, "0-1\n"},
		"v1-256m-0.5cpu-cpuset0":   {0.5, 1, "0\n"},
		"v1-256m-swap":             {1, 1, "0\n"},
		"v2-512m-1.5cpu":           {1.5, 2, "0-1\n"},
		"v2-192m-1.5cpu-pressure":  {1.5, 2, "0-1\n"},
		"v2-docker-cgns-256m-1cpu": {1, 1, "0\n"},
	}
	for _, f := range fixtures(t, "v") {
		name := filepath.Base(f)
		w, ok := want[name]
		if !ok {
			continue // a newer capture: covered by the formula tests
		}
		t.Run(name, func(t *testing.T) {
			v, _ := openTree(t, f, Options{})
			c := v.CPU()
			if c.Capacity != w.capacity || c.N != w.n {
				t.Errorf("capacity %v N %d, want %v %d", c.Capacity, c.N, w.capacity, w.n)
			}
			hb, _ := os.ReadFile(filepath.Join(f, "proc/uptime"))
			hostUp, _, _ := parseUptime(hb)
			p := v.Procs()
			if p == nil || len(p.PIDs) == 0 {
				t.Fatal("no processes found in the capture's cgroup")
			}
			u, _ := v.UptimeWithIdle()
			if u.Centis != hostUp-p.Start || u.Centis == 0 || u.Centis >= hostUp {
				t.Errorf("uptime %d: host %d - oldest start %d", u.Centis, hostUp, p.Start)
			}
			out := t.TempDir()
			if err := v.WriteProcfs(out); err != nil {
				t.Fatal(err)
			}
			online, _ := os.ReadFile(filepath.Join(out, "sys/devices/system/cpu/online"))
			if string(online) != w.online {
				t.Errorf("online %q, want %q", online, w.online)
			}
			for i := 0; i < 4; i++ {
				_, err := os.Stat(filepath.Join(out, "sys/devices/system/cpu", "cpu"+itoa(i)))
				if (err == nil) != (i < w.n) {
					t.Errorf("cpu%d folder present=%v with N=%d", i, err == nil, w.n)
				}
			}
			stat, _ := os.ReadFile(filepath.Join(out, "proc/stat"))
			lines := strings.Split(string(stat), "\n")
			if !strings.HasPrefix(lines[0], "cpu  "+itoa(int(c.UserTicks))+" 0 "+itoa(int(c.SystemTicks))+" ") {
				t.Errorf("cpu line %q: user %d system %d", lines[0], c.UserTicks, c.SystemTicks)
			}
			mi, _ := os.ReadFile(filepath.Join(out, "proc/meminfo"))
			rm, _ := ParseMeminfo(mi)
			m := mustMem(t, v)
			for _, l := range m.Lines {
				if got, _ := rm.lookup(l.Name); got != l.Value {
					t.Errorf("rendered %s %d != view %d", l.Name, got, l.Value)
				}
			}
			ub, _ := os.ReadFile(filepath.Join(out, "proc/uptime"))
			if string(ub) != string(u.Render()) {
				t.Errorf("rendered uptime %q", ub)
			}
		})
	}
}

// v1 swap (Docker's --memory-swap is memory+swap): SwapTotal = memsw - mem capped by the
// host's, used = memsw usage - usage. LXCFS 5.0.3 shows memsw itself as SwapTotal.
func TestV1SwapFixture(t *testing.T) {
	f := testcapture.Path(t, "v1-256m-swap")
	v, _ := openTree(t, f, Options{})
	m := mustMem(t, v)
	// memsw 402653184 - mem 268435456 = 128 MiB; used (362074112-267710464)/1024 = 92152
	checkFields(t, m, map[MemKey]uint64{MemSwapTotal: 131072, MemSwapFree: 131072 - 92152})
	lx := readMeminfoFile(t, filepath.Join(f, "lxcfs/proc/meminfo"))
	if lx.Value(MemSwapTotal) != 402653184/1024 {
		t.Errorf("LXCFS's view changed: SwapTotal %d", lx.Value(MemSwapTotal))
	}
	sw, err := v.ProcFile("swaps")
	if err != nil {
		t.Fatal(err)
	}
	want := "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n" +
		"none                                    file\t\t131072\t\t92152\t\t0\n"
	if string(sw) != want {
		t.Errorf("swaps:\n%q\nwant\n%q", sw, want)
	}
}
