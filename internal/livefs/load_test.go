package livefs

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/internal/testcapture"
)

// A read registers the reader's cgroup; a sample steps its state file as loadavgd does, from
// the state a previous server left; the served loadavg is that state's; a cgroup not read
// for LoadIdle is dropped.
func TestLoadSampler(t *testing.T) {
	root := t.TempDir()
	if out, err := exec.Command("cp", "-a", testcapture.Path(t, v2Pressure)+"/.", root).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	t.Setenv("CGPROCPS_STATE_DIR", "/state")
	s := &Server{Root: root, SampleLoad: true, CacheFor: -1}
	before, err := s.Read(167, "proc/loadavg")
	if err != nil {
		t.Fatal(err)
	}
	const dir = "/sys/fs/cgroup/system.slice/v2load.service"
	if got := s.Sampled(); len(got) != 1 || got[0] != dir {
		t.Fatalf("sampled %v, want [%s]", got, dir)
	}
	// The averages of the capture's instantaneous count (two R threads).
	if !strings.HasPrefix(string(before), "2.00 2.00 2.00 2/15 ") {
		t.Fatalf("unsampled loadavg %q", before)
	}
	// A previous server's state, one period old, all zero: one kernel step toward 1.
	states, _ := filepath.Glob(filepath.Join(root, "state", "loadavg-*"))
	if len(states) != 0 {
		t.Fatalf("a state before any sample: %v", states)
	}
	os.MkdirAll(filepath.Join(root, "state"), 0o755)
	v, err := cgview.Open(cgview.Options{Root: root, Cgroup: dir, Mode: cgview.ModeContainer})
	if err != nil || v.ProcsDir() != dir {
		t.Fatalf("view of %s: %v, %q", dir, err, v.ProcsDir())
	}
	old := cgview.LoadState{Time: time.Now().Add(-5*time.Second - 100*time.Millisecond), Cgroup: dir}
	// The file name is loadavgd's: find it by letting one sample write it first.
	s.sampleLoad()
	states, _ = filepath.Glob(filepath.Join(root, "state", "loadavg-*"))
	if len(states) != 1 {
		t.Fatalf("states after a sample: %v", states)
	}
	if err := os.WriteFile(states[0], old.Marshal(), 0o644); err != nil {
		t.Fatal(err)
	}
	s.sampleLoad()
	b, _ := os.ReadFile(states[0])
	st, err := cgview.ParseLoadState(b)
	if err != nil || st.Cgroup != dir {
		t.Fatalf("state %q: %v", b, err)
	}
	// calc_load(0, EXP_1, 2<<11) = (4096*164+2047)/2048 = 328 (0.16); EXP_5: 68 (0.03);
	// EXP_15: 22 (0.01).
	if st.Fixed != [3]uint64{328, 68, 22} {
		t.Errorf("state after one step from 0 with two threads: %v", st.Fixed)
	}
	after, _ := s.Read(167, "proc/loadavg")
	if !strings.HasPrefix(string(after), "0.16 0.03 0.01 2/15 ") {
		t.Errorf("sampled loadavg %q", after)
	}
	s.LoadIdle = time.Nanosecond
	s.sampleLoad()
	if got := s.Sampled(); len(got) != 0 {
		t.Errorf("still sampled after LoadIdle: %v", got)
	}
}

// Without SampleLoad (the unit tests' servers over read-only captures) nothing is sampled.
func TestNoLoadSampler(t *testing.T) {
	s := captureServer(t)
	if _, err := s.Read(1, "proc/loadavg"); err != nil {
		t.Fatal(err)
	}
	if got := s.Sampled(); len(got) != 0 {
		t.Errorf("sampled %v", got)
	}
}

// A new server takes over the cgroups whose state files are fresh, not the stale ones.
func TestResumeLoad(t *testing.T) {
	root := t.TempDir()
	t.Setenv("CGPROCPS_STATE_DIR", "/state")
	os.MkdirAll(filepath.Join(root, "state"), 0o755)
	for name, st := range map[string]cgview.LoadState{
		"loadavg-1": {Time: time.Now().Add(-4 * time.Second), Cgroup: "/sys/fs/cgroup/a"},
		"loadavg-2": {Time: time.Now().Add(-20 * time.Second), Cgroup: "/sys/fs/cgroup/b"},
	} {
		os.WriteFile(filepath.Join(root, "state", name), st.Marshal(), 0o644)
	}
	os.WriteFile(filepath.Join(root, "state", "loadavg-3"), []byte("garbage\n"), 0o644)
	if n := (&Server{Root: root}).ResumeLoad(); n != 0 {
		t.Errorf("without SampleLoad: %d taken over", n)
	}
	s := &Server{Root: root, SampleLoad: true}
	if n := s.ResumeLoad(); n != 1 {
		t.Errorf("%d taken over, want 1", n)
	}
	if got := s.Sampled(); len(got) != 1 || got[0] != "/sys/fs/cgroup/a" {
		t.Errorf("sampled %v", got)
	}
}
