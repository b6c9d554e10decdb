package cgview

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The sampler writes a state the readers then use; a stale one is ignored.
func TestSamplerStateIsUsedWhileFresh(t *testing.T) {
	root := writeTree(t, v2PodTree())
	t.Setenv("CGPROCPS_STATE_DIR", "/run/test-state")
	if err := RunSampler(context.Background(), Options{Root: root, Warn: os.Stderr}, "/run/test-state", true); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(filepath.Join(root, "run/test-state"))
	if err != nil || len(ents) != 1 || !strings.HasPrefix(ents[0].Name(), "loadavg-") {
		t.Fatalf("state folder: %v %v", ents, err)
	}
	statePath := filepath.Join(root, "run/test-state", ents[0].Name())
	// A fresh state of 0.50/0.25/0.10 (kernel fixed point) is what the reader shows.
	st := LoadState{Time: time.Now(), Fixed: [3]uint64{1024, 512, 205}, Cgroup: "/sys/fs/cgroup/pod/ctr"}
	if err := os.WriteFile(statePath, st.Marshal(), 0o644); err != nil {
		t.Fatal(err)
	}
	v, _ := openTree(t, root, Options{})
	l, _ := v.LoadAvg()
	if !l.Sampled || l.Hundredths != [3]uint64{50, 25, 10} {
		t.Errorf("fresh state: %+v, want sampled 0.50 0.25 0.10", l)
	}
	// A state older than 15 s is stale: the instantaneous count (R + D = 2) for all three.
	st.Time = time.Now().Add(-20 * time.Second)
	if err := os.WriteFile(statePath, st.Marshal(), 0o644); err != nil {
		t.Fatal(err)
	}
	v, _ = openTree(t, root, Options{})
	l, _ = v.LoadAvg()
	if l.Sampled || l.Hundredths != [3]uint64{200, 200, 200} {
		t.Errorf("stale state: %+v, want instantaneous 2.00", l)
	}
	// A garbled state warns once and is ignored.
	if err := os.WriteFile(statePath, []byte("cgprocps-loadavg 1 x"), 0o644); err != nil {
		t.Fatal(err)
	}
	v, warn := openTree(t, root, Options{})
	l, _ = v.LoadAvg()
	if l.Sampled || !strings.Contains(warn.String(), "ignoring it") {
		t.Errorf("garbled state: %+v, warning %q", l, warn)
	}
}

// The sampler leaves its own threads out of the count; a second sample 5 s on steps the EWMA.
func TestSamplerSteps(t *testing.T) {
	s := LoadState{}
	t0 := time.Unix(1000, 0)
	s.Step(t0, 3)
	if s.Fixed != [3]uint64{3 * fixed1, 3 * fixed1, 3 * fixed1} {
		t.Fatalf("first sample starts at the count: %v", s.Fixed)
	}
	s.Step(t0.Add(4*time.Second), 0) // not yet a period: unchanged
	if s.Fixed[0] != 3*fixed1 {
		t.Fatal("stepped before 5 s")
	}
	s.Step(t0.Add(5*time.Second), 0)
	if want := calcLoad(3*fixed1, exp1, 0); s.Fixed[0] != want {
		t.Errorf("one step: %d want %d", s.Fixed[0], want)
	}
	// a jump backwards (clock step) restarts from the count
	s.Step(t0.Add(-time.Hour), 1)
	if s.Fixed != [3]uint64{fixed1, fixed1, fixed1} {
		t.Errorf("clock step back: %v", s.Fixed)
	}
}

// Like the kernel's file, a fresh sample is shown as it is, and reading it costs no census;
// uptime's start time needs the processes only; a later full census upgrades the cached one.
func TestCensusLevels(t *testing.T) {
	root := writeTree(t, v2PodTree())
	t.Setenv("CGPROCPS_STATE_DIR", "/state")
	v, _ := openTree(t, root, Options{})
	name := loadStateName(v.cg.procs.Dir)
	st := LoadState{Time: time.Now().Add(-4 * time.Second), Fixed: [3]uint64{3 * fixed1, 2 * fixed1, fixed1}}
	if err := os.MkdirAll(filepath.Join(root, "state"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "state", name), st.Marshal(), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := v.LoadAverages()
	if err != nil || !a.Sampled || a.Hundredths != [3]uint64{300, 200, 100} {
		t.Fatalf("fresh sample: %+v %v, want 3.00 2.00 1.00 as sampled, not stepped", a, err)
	}
	if v.procs != nil {
		t.Error("a fresh sample must not read the processes")
	}
	u, _ := v.Uptime()
	if u.Centis != 100050-20000 || v.procs == nil || v.procs.level != censusProcesses || len(v.procs.Tasks) != 0 {
		t.Errorf("uptime: %d, census %+v: want the processes only", u.Centis, v.procs)
	}
	if p := v.Procs(); p == nil || len(p.Tasks) != 3 || p.level != censusThreads {
		t.Errorf("Procs after Uptime: %+v, want the threads read", p)
	}
	l, _ := v.LoadAvg()
	if l.Hundredths != [3]uint64{300, 200, 100} || l.Running != 1 || l.Total != 3 || l.LastPID != 107 {
		t.Errorf("LoadAvg: %+v", l)
	}
	// upgraded in place to the context switches: the same three threads, summed once
	if p := v.ProcsWithCtxt(); p == nil || len(p.Tasks) != 3 || p.CtxtSum != 18 || p.level != censusCtxt {
		t.Errorf("ProcsWithCtxt after Procs: %+v", p)
	}
	if p := v.ProcsWithCtxt(); p.CtxtSum != 18 {
		t.Errorf("a second call summed again: %d", p.CtxtSum)
	}
}

// A process whose stat says it has one thread is counted by its own state: its task/ folder
// is not read (here it holds a stale, different entry to prove it).
func TestSingleThreadNeedsNoTaskFolder(t *testing.T) {
	root := writeTree(t, merge(hostBase(), map[string]string{
		"/proc/self/cgroup":               "0::/ctr\n",
		"/proc/self/mountinfo":            "30 25 0:26 / /sys/fs/cgroup rw,nosuid shared:4 - cgroup2 cgroup2 rw\n",
		"/sys/fs/cgroup/ctr/memory.max":   "536870912\n",
		"/sys/fs/cgroup/ctr/cgroup.procs": "7\n8\n",
		"/proc/7/stat":                    pidStatLineThreads(7, "one", "R", 100, 1),
		"/proc/7/task/7/stat":             pidStatLine(7, "one", "D", 100),
		"/proc/8/stat":                    pidStatLineThreads(8, "two", "S", 200, 2),
		"/proc/8/task/8/stat":             pidStatLine(8, "two", "S", 200),
		"/proc/8/task/9/stat":             pidStatLine(9, "two", "D", 201),
	}))
	v, _ := openTree(t, root, Options{})
	p := v.Procs()
	if p == nil || len(p.Tasks) != 3 || p.Running != 1 || p.Blocked != 1 {
		t.Fatalf("census %+v: want 3 threads, 1 running (7, by its stat), 1 blocked (9, from task/)", p)
	}
}
