package cgview

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Synthetic machine trees for the layouts the captures lack. A tree is a map of
// machine path -> file content ("->TARGET" makes a symlink, a path ending in / a folder),
// written under a temporary root.

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, content := range files {
		full := filepath.Join(root, p)
		if strings.HasSuffix(p, "/") {
			if err := os.MkdirAll(full, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if target, ok := strings.CutPrefix(content, "->"); ok { // a symlink
			if err := os.Symlink(target, full); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// testHostMeminfo is a host of 16 GiB with 4 GiB of swap.
const testHostMeminfo = `MemTotal:       16384000 kB
MemFree:         8000000 kB
MemAvailable:   12000000 kB
Buffers:          100000 kB
Cached:          3000000 kB
SwapCached:            0 kB
Active:          2000000 kB
Inactive:        2000000 kB
Active(anon):    1000000 kB
Inactive(anon):  1000000 kB
Active(file):    1000000 kB
Inactive(file):  1000000 kB
Unevictable:           0 kB
Mlocked:               0 kB
SwapTotal:       4194304 kB
SwapFree:        4000000 kB
Dirty:               100 kB
Writeback:             0 kB
AnonPages:       2000000 kB
Mapped:           500000 kB
Shmem:            200000 kB
KReclaimable:     300000 kB
Slab:             400000 kB
SReclaimable:     300000 kB
SUnreclaim:       100000 kB
KernelStack:       10000 kB
PageTables:        20000 kB
CommitLimit:    12386304 kB
Committed_AS:    5000000 kB
Percpu:             1000 kB
AnonHugePages:         0 kB
HugePages_Total:       0
Hugepagesize:       2048 kB
`

// hostBase returns the host files every tree shares: 4 CPUs, host uptime 1000 s.
func hostBase() map[string]string {
	return map[string]string{
		"/proc/meminfo":                  testHostMeminfo,
		"/proc/uptime":                   "1000.50 3000.00\n",
		"/proc/loadavg":                  "3.50 2.25 1.00 5/300 9999\n",
		"/proc/stat":                     "cpu  100 0 100 1000 0 0 0 0 0 0\ncpu0 25 0 25 250 0 0 0 0 0 0\ncpu1 25 0 25 250 0 0 0 0 0 0\ncpu2 25 0 25 250 0 0 0 0 0 0\ncpu3 25 0 25 250 0 0 0 0 0 0\nbtime 1700000000\n",
		"/proc/cpuinfo":                  "processor\t: 0\nsiblings\t: 4\ncpu cores\t: 4\n\nprocessor\t: 1\nsiblings\t: 4\ncpu cores\t: 4\n\nprocessor\t: 2\nsiblings\t: 4\ncpu cores\t: 4\n\nprocessor\t: 3\nsiblings\t: 4\ncpu cores\t: 4\n\n",
		"/sys/devices/system/cpu/online": "0-3\n",
	}
}

// pidStatLine is a /proc/PID/stat with the given state and start time (ticks). Its
// num_threads (field 20) is 0, "not said": the census then lists the process's task/ folder,
// which these trees lay out by hand (pidStatLineThreads says it).
func pidStatLine(pid int, comm string, state string, start int) string {
	return pidStatLineThreads(pid, comm, state, start, 0)
}

// pidStatLineThreads is pidStatLine with num_threads set.
func pidStatLineThreads(pid int, comm string, state string, start, threads int) string {
	return itoa(pid) + " (" + comm + ") " + state + " 0 0 0 0 -1 0 0 0 0 0 1 1 0 0 20 0 " + itoa(threads) + " 0 " + itoa(start) + " 1000 10 0 0 0\n"
}

func itoa(i int) string { return string(appendUint(nil, uint64(i))) }

func merge(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

func openTree(t *testing.T, root string, o Options) (*View, *bytes.Buffer) {
	t.Helper()
	var warn bytes.Buffer
	o.Root = root
	o.Warn = &warn
	o.Prog = "test"
	v, err := Open(o)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return v, &warn
}

func mustMem(t *testing.T, v *View) *Meminfo {
	t.Helper()
	m, err := v.Meminfo()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func checkFields(t *testing.T, m *Meminfo, want map[MemKey]uint64) {
	t.Helper()
	for k, w := range want {
		if got, ok := m.Get(k); !ok || got != w {
			t.Errorf("%s = %d (present %v), want %d", k, got, ok, w)
		}
	}
}
