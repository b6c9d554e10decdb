package livefs

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"github.com/cgprocps/cgprocps/internal/testcapture"
)

// v2Pressure is a cgroup v2 capture whose group has pressure files; PID 167 is in it.
const v2Pressure = "v2-192m-1.5cpu-pressure"

// On v2 each pressure file is the reader's cgroup's own, as the kernel wrote it.
func TestPressureV2(t *testing.T) {
	root := testcapture.Path(t, v2Pressure)
	s := &Server{Root: root}
	for _, name := range PressureFiles {
		got, err := s.Read(167, "proc/pressure/"+name)
		if err != nil {
			t.Fatalf("proc/pressure/%s: %v", name, err)
		}
		want, err := os.ReadFile(filepath.Join(root, "sys/fs/cgroup/system.slice/v2load.service", name+".pressure"))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("proc/pressure/%s = %q, want the group's %q", name, got, want)
		}
	}
	cpu, _ := s.Read(167, "proc/pressure/cpu")
	if want := "some avg10=20.67 avg60=4.61 avg300=1.00 total=3420838\nfull avg10=12.23 avg60=2.87 avg300=0.62 total=2209733\n"; string(cpu) != want {
		t.Errorf("cpu = %q", cpu)
	}
	list, err := s.List(167, "proc/pressure")
	if err != nil {
		t.Fatal(err)
	}
	if want := []Entry{{"cpu", File}, {"memory", File}, {"io", File}}; !reflect.DeepEqual(list, want) {
		t.Errorf("proc/pressure lists %v", list)
	}
	if k, err := s.Lookup(167, "proc/pressure"); k != Dir || err != nil {
		t.Errorf("proc/pressure: %v %v", k, err)
	}
	if _, err := s.Lookup(167, "proc/pressure/irq"); !errors.Is(err, syscall.ENOENT) {
		t.Errorf("proc/pressure/irq: %v", err)
	}
}

// On v1 a container has no pressure of its own: ENOENT, never the host's, nor its hybrid
// cgroup2 folder's (this capture's PID 1 is in the root of the empty cgroup2 at
// /sys/fs/cgroup/unified; a pressure file is put there).
func TestPressureV1(t *testing.T) {
	root := t.TempDir()
	if out, err := exec.Command("cp", "-a", capture(t)+"/.", root).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	os.MkdirAll(filepath.Join(root, "sys/fs/cgroup/unified"), 0o755)
	for _, name := range PressureFiles {
		if err := os.WriteFile(filepath.Join(root, "sys/fs/cgroup/unified", name+".pressure"), []byte("some avg10=1.00 avg60=1.00 avg300=1.00 total=1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := &Server{Root: root}
	for _, name := range PressureFiles {
		if b, err := s.Read(1, "proc/pressure/"+name); !errors.Is(err, syscall.ENOENT) {
			t.Errorf("proc/pressure/%s: %q, %v; want ENOENT", name, b, err)
		}
	}
}

// A host-mode reader gets the host's files (this process, on a kernel with PSI).
func TestPressureHost(t *testing.T) {
	want, err := os.ReadFile("/proc/pressure/memory")
	if err != nil {
		t.Skip("no /proc/pressure here")
	}
	s := &Server{Root: "/"}
	got, err := s.Read(os.Getpid(), "proc/pressure/memory")
	if err != nil {
		t.Fatal(err)
	}
	// The averages move between two reads; the layout does not.
	if !strings.HasPrefix(string(got), "some avg10=") || strings.Count(string(got), "\n") != strings.Count(string(want), "\n") {
		t.Errorf("host memory pressure %q, the host's %q", got, want)
	}
}
