package livefs

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/internal/testcapture"
)

// cgprocps procfs --interval rewrites the view every interval, each file through a rename: a
// reader looping over the files while it runs reads every one whole. Over a capture every
// rendering is the same, so a torn or empty read shows as a difference.
func TestProcfsIntervalNeverPartial(t *testing.T) {
	capture := testcapture.Path(t, "v1-256m-0.5cpu-cpuset0")
	cgp := filepath.Join(bins(t), "cgprocps")
	files := []string{"proc/meminfo", "proc/stat", "proc/cpuinfo", "proc/vmstat", "sys/devices/system/cpu/online"}

	once := t.TempDir()
	run := exec.Command(cgp, "procfs", "--container", "--cgroup", "/refh-60edc154", once)
	run.Env = append(os.Environ(), "CGPROCPS_ROOT="+capture)
	if out, err := run.CombinedOutput(); err != nil {
		t.Fatalf("procfs: %v\n%s", err, out)
	}
	want := map[string][]byte{}
	for _, f := range files {
		want[f], _ = os.ReadFile(filepath.Join(once, f))
		if len(want[f]) == 0 {
			t.Fatalf("%s: empty", f)
		}
	}

	dir := t.TempDir()
	cmd := exec.Command(cgp, "procfs", "--container", "--cgroup", "/refh-60edc154", "--interval", "2ms", dir)
	cmd.Env = run.Env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		if _, err := os.Stat(filepath.Join(dir, "sys/devices/system/cpu/online")); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	reads, deadline := 0, time.Now().Add(2*time.Second)
	inodes := map[uint64]bool{}
	for time.Now().Before(deadline) {
		var st syscall.Stat_t
		if syscall.Stat(filepath.Join(dir, "proc/meminfo"), &st) == nil {
			inodes[st.Ino] = true
		}
		for _, f := range files {
			b, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil || !bytes.Equal(b, want[f]) {
				t.Fatalf("read %d of %s while rewritten: %d bytes (want %d), %v", reads, f, len(b), len(want[f]), err)
			}
			reads++
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Errorf("procfs --interval after SIGTERM: %v\n%s", err, stderr.String())
	}
	// It did rewrite: meminfo was replaced (a new inode each time) while the loop read.
	if len(inodes) < 5 {
		t.Errorf("meminfo was replaced only %d times in 2 s at a 2 ms interval", len(inodes))
	}
	t.Logf("%d whole reads over %d versions of meminfo", reads, len(inodes))
}
