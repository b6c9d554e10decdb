package livefs

import (
	"bytes"
	"errors"
	"io"
	"os"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/internal/testcapture"
)

// capture is a v1 container (256M, 0.5 CPU, cpuset 0) whose PID 1 is in the group.
func capture(t testing.TB) string { return testcapture.Path(t, "v1-256m-0.5cpu-cpuset0") }

func captureServer(t testing.TB) *Server {
	t.Helper()
	return &Server{Root: capture(t)}
}

// Every served file of PID 1 is what cgview renders for that PID's cgroup, and that is the
// container's view (MemTotal 262144 kB, one CPU).
func TestReadIsTheToolsView(t *testing.T) {
	s := captureServer(t)
	v, err := cgview.Open(cgview.Options{Root: s.Root, PID: 1, Warn: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range cgview.ProcFiles {
		got, err := s.Read(1, "proc/"+name)
		if err != nil {
			t.Fatalf("proc/%s: %v", name, err)
		}
		want, err := v.ProcFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("proc/%s differs from cgview's rendering:\n%s\nwant\n%s", name, got, want)
		}
	}
	m, _ := s.Read(1, "proc/meminfo")
	if !strings.HasPrefix(string(m), "MemTotal:         262144 kB\n") {
		t.Errorf("meminfo starts %q", strings.SplitN(string(m), "\n", 2)[0])
	}
	if b, _ := s.Read(1, CPUDir+"/online"); string(b) != "0\n" {
		t.Errorf("online = %q, want \"0\\n\"", b)
	}
	if b, err := s.Read(1, CPUDir+"/uevent"); err != nil || len(b) != 0 {
		t.Errorf("uevent = %q, %v", b, err)
	}
}

func TestTree(t *testing.T) {
	s := captureServer(t)
	list, err := s.List(1, CPUDir)
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{{"online", File}, {"uevent", File}, {"cpu0", Dir}}
	if !reflect.DeepEqual(list, want) {
		t.Errorf("cpu folder = %v, want %v", list, want)
	}
	if list, _ := s.List(1, ""); !reflect.DeepEqual(list, []Entry{{"proc", Dir}, {"sys", Dir}}) {
		t.Errorf("root = %v", list)
	}
	if list, _ := s.List(1, "proc"); len(list) != len(cgview.ProcFiles)+1 || list[0] != (Entry{"meminfo", File}) ||
		list[len(list)-1] != (Entry{"pressure", Dir}) {
		t.Errorf("proc = %v", list)
	}
	for p, want := range map[string]error{
		"proc": nil, "proc/meminfo": nil, CPUDir + "/cpu0": nil,
		CPUDir + "/cpu1": syscall.ENOENT, CPUDir + "/cpu00": syscall.ENOENT, CPUDir + "/cpu-1": syscall.ENOENT,
		"proc/self": syscall.ENOENT, "proc/pressure": nil, "proc/slabinfo": syscall.ENOENT, "/proc/meminfo": syscall.ENOENT,
		"proc//meminfo": syscall.ENOENT, "proc/../proc/meminfo": syscall.ENOENT, "proc/meminfo/x": syscall.ENOENT,
	} {
		if _, err := s.Lookup(1, p); err != want {
			t.Errorf("Lookup(%q) = %v, want %v", p, err, want)
		}
	}
	if _, err := s.Read(1, "proc"); err != syscall.EISDIR {
		t.Errorf("Read(proc) = %v, want EISDIR", err)
	}
	if _, err := s.List(1, "proc/meminfo"); err != syscall.ENOTDIR {
		t.Errorf("List(proc/meminfo) = %v, want ENOTDIR", err)
	}
}

// A reader the daemon cannot name (PID 0) or that is gone gets an errno, never another view.
func TestUnknownReader(t *testing.T) {
	s := captureServer(t)
	if _, err := s.Read(0, "proc/meminfo"); err != syscall.EIO {
		t.Errorf("pid 0: %v, want EIO", err)
	}
	if _, err := s.Read(4242, "proc/meminfo"); err != syscall.ESRCH {
		t.Errorf("gone pid: %v, want ESRCH", err)
	}
	if _, err := s.Lookup(4242, CPUDir+"/cpu0"); err != syscall.ESRCH {
		t.Errorf("gone pid, cpu0: %v, want ESRCH", err)
	}
	// Fixed names need no view.
	if k, err := s.Lookup(4242, "proc/meminfo"); k != File || err != nil {
		t.Errorf("gone pid, proc/meminfo lookup: %v %v", k, err)
	}
}

// On this machine, the test process: a host-mode reader gets the host's files.
func TestHostReader(t *testing.T) {
	v, err := cgview.Open(cgview.Options{PID: os.Getpid(), Warn: io.Discard})
	if err != nil {
		t.Skip(err)
	}
	if _, err := os.Stat("/proc/self/cgroup"); err != nil {
		t.Skip("no /proc")
	}
	want, _ := v.ProcFile("cpuinfo")
	got, err := (&Server{Root: "/"}).Read(os.Getpid(), "proc/cpuinfo")
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("cpuinfo for this process differs from cgview's (%v)", err)
	}
}

func TestSlice(t *testing.T) {
	b := []byte("0123456789")
	for _, c := range []struct {
		off  int64
		size int
		want string
	}{{0, 4, "0123"}, {8, 4, "89"}, {10, 4, ""}, {1 << 62, 4096, ""}, {-1, 4, ""}, {3, 0, ""}, {0, 100, "0123456789"}} {
		if got := string(Slice(b, c.off, c.size)); got != c.want {
			t.Errorf("Slice(%d, %d) = %q, want %q", c.off, c.size, got, c.want)
		}
	}
}

// FuzzRequest: any path and PID yields content or an errno, never a panic; a file that
// reads has a kind File, and an errno is one of the documented ones.
func FuzzRequest(f *testing.F) {
	s := captureServer(f)
	for _, p := range []string{"", "proc", "proc/meminfo", "proc/stat", CPUDir, CPUDir + "/cpu0", CPUDir + "/online", "x/../proc", "proc/cpuinfo/"} {
		f.Add(p, 1)
		f.Add(p, 0)
		f.Add(p, 4242)
	}
	f.Fuzz(func(t *testing.T, p string, pid int) {
		k, lerr := s.Lookup(pid, p)
		b, rerr := s.Read(pid, p)
		_, derr := s.List(pid, p)
		for _, err := range []error{lerr, rerr, derr} {
			var e syscall.Errno
			if err != nil && !errors.As(err, &e) {
				t.Fatalf("%q pid %d: non-errno error %v", p, pid, err)
			}
		}
		if rerr == nil && (lerr != nil || k != File) {
			t.Fatalf("%q pid %d: read but lookup says %v %v", p, pid, k, lerr)
		}
		if rerr == nil && b == nil {
			t.Fatalf("%q pid %d: nil content", p, pid)
		}
		if derr == nil && k != Dir {
			t.Fatalf("%q pid %d: listed but lookup says %v", p, pid, k)
		}
	})
}

func TestShared(t *testing.T) {
	for p, want := range map[string]bool{"": true, "proc": true, "proc/meminfo": true, CPUDir: true, CPUDir + "/online": true,
		CPUDir + "/cpu0": false, CPUDir + "/cpu17": false, CPUDir + "/cpufreq": true, "proc/cpu0": true} {
		if got := Shared(p); got != want {
			t.Errorf("Shared(%q) = %v, want %v", p, got, want)
		}
	}
}
