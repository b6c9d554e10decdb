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
