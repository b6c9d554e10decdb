package livefs

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// readerEnv makes the test binary the reader loop of TestServerKilledAndUpgraded (in the
// group the test puts it in): it reads every served file until its stdin closes, prints a
// line per failed or wrong read, then "reads N longest D".
const readerEnv = "CGPROCPS_LIVEFS_READER"

// readerChecks are the served files with what a reader in a 256M, one-CPU group must see.
var readerChecks = []struct {
	path  string
	check func(string) bool
}{
	{"proc/meminfo", func(s string) bool { return strings.Contains(s, "MemTotal:         262144 kB\n") }},
	{"proc/cpuinfo", func(s string) bool { return strings.Count(s, "processor\t:") == 1 }},
	{"proc/stat", func(s string) bool {
		return strings.HasPrefix(s, "cpu  ") && strings.Contains(s, "\ncpu0 ") && !strings.Contains(s, "\ncpu1 ")
	}},
	{"proc/uptime", func(s string) bool { return len(strings.Fields(s)) == 2 }},
	{"proc/loadavg", func(s string) bool { return len(strings.Fields(s)) == 5 }},
	{"proc/diskstats", func(s string) bool { return s != "" }},
	{"proc/swaps", func(s string) bool { return strings.HasPrefix(s, "Filename") }},
	{"proc/vmstat", func(s string) bool { return strings.HasPrefix(s, "nr_free_pages ") }},
	{"sys/devices/system/cpu/online", func(s string) bool { return s == "0\n" }},
	{"sys/devices/system/cpu/uevent", func(s string) bool { return s == "" }},
}

func readerLoop(dir string) int {
	stop := make(chan struct{})
	go func() { io.Copy(io.Discard, os.Stdin); close(stop) }()
	var reads int
	var longest time.Duration
	for {
		for _, c := range readerChecks {
			select {
			case <-stop:
				fmt.Printf("reads %d longest %s\n", reads, longest)
				return 0
			default:
			}
			start := time.Now()
			b, err := os.ReadFile(filepath.Join(dir, c.path))
			var names []string
			var lerr error
			if c.path == "proc/meminfo" {
				var ents []os.DirEntry
				ents, lerr = os.ReadDir(filepath.Join(dir, "sys/devices/system/cpu"))
				for _, e := range ents {
					names = append(names, e.Name())
				}
			}
			d := time.Since(start)
			longest = max(longest, d)
			reads++
			switch {
			case err != nil:
				fmt.Printf("FAIL %s: %v\n", c.path, err)
			case !c.check(string(b)):
				fmt.Printf("FAIL %s: %q\n", c.path, b)
			case lerr != nil:
				fmt.Printf("FAIL listing: %v\n", lerr)
			case names != nil && strings.Join(names, " ") != "cpu0 online uevent":
				fmt.Printf("FAIL listing: %v\n", names)
			}
		}
	}
}

// children are the PIDs whose parent is pid.
func children(pid int) []int {
	var out []int
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) > 1 && f[1] == strconv.Itoa(pid) && f[0] != "Z" {
			out = append(out, p)
		}
	}
	return out
}

// startReader starts the reader loop in g on the mount dir; finish stops it, fails the
// test for each failed or wrong read and for fewer than 100 reads, and returns the number
// of reads and the longest.
func startReader(t *testing.T, g *group, dir string) (finish func() (int, time.Duration)) {
	t.Helper()
	cmd := g.cmd(`exec "$@"`, os.Args[0])
	cmd.Env = append(os.Environ(), readerEnv+"="+dir)
	stdin, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var report []string
	done := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			report = append(report, sc.Text())
		}
		close(done)
	}()
	time.Sleep(300 * time.Millisecond)
	return func() (int, time.Duration) {
		t.Helper()
		stdin.Close()
		<-done
		if err := cmd.Wait(); err != nil {
			t.Errorf("reader: %v", err)
		}
		if len(report) == 0 || !strings.HasPrefix(report[len(report)-1], "reads ") {
			t.Fatalf("reader's report: %q", report)
		}
		last := report[len(report)-1]
		if len(report) > 1 {
			t.Errorf("%d failed reads:\n%s", len(report)-1, strings.Join(report[:min(len(report)-1, 20)], "\n"))
		}
		var n int
		fmt.Sscanf(last, "reads %d", &n)
		longest, _ := time.ParseDuration(strings.Fields(last)[3])
		if n < 100 {
			t.Errorf("only %d reads", n)
		}
		return n, longest
	}
}

// server waits for the supervisor sup to have exactly one server other than old, and
// returns it.
func server(t *testing.T, sup, old int) int {
	t.Helper()
	for i := 0; i < 500; i++ {
		if c := children(sup); len(c) == 1 && c[0] != old {
			return c[0]
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no new server under %d (old %d): %v", sup, old, children(sup))
	return 0
}

// The process that serves reads is killed (kill -9) ten times and upgraded (SIGHUP, the
// binary replaced on disk) once, while a reader in a group reads every file in a loop: no
// read fails or is wrong, and the reader's longest read is logged.
func TestServerKilledAndUpgraded(t *testing.T) {
	m := mount(t)
	g := newGroup(t, "restart", 256<<20, 50000, "1")
	sup := m.cmd.Process.Pid
	srv := server(t, sup, 0)

	finish := startReader(t, g, m.dir)
	time.Sleep(300 * time.Millisecond)
	for i := 0; i < 10; i++ {
		syscall.Kill(srv, syscall.SIGKILL)
		srv = server(t, sup, srv)
		time.Sleep(time.Duration(150+i*37%200) * time.Millisecond)
	}
	// An upgrade: a new binary at the same path, then SIGHUP.
	bin := filepath.Join(bins(t), "cgprocps-fs")
	b, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin+".new", b, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(bin+".new", bin); err != nil {
		t.Fatal(err)
	}
	syscall.Kill(sup, syscall.SIGHUP)
	srv = server(t, sup, srv)
	if exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", srv)); exe != bin {
		t.Errorf("upgraded server runs %q, want the new %s", exe, bin)
	}
	time.Sleep(500 * time.Millisecond)
	n, longest := finish()
	waited := 0
	for _, l := range strings.Split(m.stderr.String(), "\n") {
		var k int
		if _, err := fmt.Sscanf(l[strings.Index(l, ";")+1:], " %d requests wait", &k); err == nil && strings.Contains(l, "; ") {
			waited += k
		}
	}
	t.Logf("reader: %d reads over 10 kills and 1 upgrade, longest %v; %d requests given again to a next server", n, longest, waited)
}

// notifyMsg is one message to the fake NOTIFY_SOCKET, with the descriptors it carried.
type notifyMsg struct {
	state string
	files []*os.File
}

// fakeSystemd listens as systemd's NOTIFY_SOCKET does and returns its path and messages.
func fakeSystemd(t *testing.T) (string, <-chan notifyMsg) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "notify")
	c, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: p, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	ch := make(chan notifyMsg, 16)
	go func() {
		buf, oob := make([]byte, 4096), make([]byte, 4096)
		for {
			n, oobn, _, _, err := c.ReadMsgUnix(buf, oob)
			if err != nil {
				return
			}
			m := notifyMsg{state: string(buf[:n])}
			scms, _ := syscall.ParseSocketControlMessage(oob[:oobn])
			for _, scm := range scms {
				fds, _ := syscall.ParseUnixRights(&scm)
				for _, fd := range fds {
					m.files = append(m.files, os.NewFile(uintptr(fd), "stored"))
				}
			}
			ch <- m
		}
	}()
	return p, ch
}

// Under systemd, the supervisor itself is replaced (SIGUSR2, then a start given the stored
// descriptors, as systemd's fd store gives them) while a reader reads every file in a loop:
// no read fails, the mount stays, and the new supervisor serves and unmounts on SIGTERM.
func TestSupervisorHandover(t *testing.T) {
	requireEnv(t)
	bin := filepath.Join(bins(t), "cgprocps-fs")
	dir := t.TempDir()
	g := newGroup(t, "handover", 256<<20, 50000, "1")
	sock, msgs := fakeSystemd(t)

	stored := map[string]*os.File{}
	awaitReady := func(what string) {
		t.Helper()
		timeout := time.After(10 * time.Second)
		for {
			select {
			case m := <-msgs:
				if name, ok := strings.CutPrefix(m.state, "FDSTORE=1\nFDNAME="); ok && len(m.files) == 1 {
					stored[name] = m.files[0]
					t.Cleanup(func() { m.files[0].Close() })
				} else if m.state == "READY=1" {
					return
				}
			case <-timeout:
				t.Fatalf("%s: no READY=1", what)
			}
		}
	}
	var stderr1 bytes.Buffer
	sup1 := exec.Command(bin, "--foreground", dir)
	sup1.Env = append(os.Environ(), "NOTIFY_SOCKET="+sock)
	sup1.Stderr = &stderr1
	if err := sup1.Start(); err != nil {
		t.Fatal(err)
	}
	awaitReady("first supervisor")
	if stored["fuse"] == nil || stored["init"] == nil {
		syscall.Unmount(dir, syscall.MNT_DETACH)
		t.Fatalf("stored: %v\n%s", stored, stderr1.String())
	}
	finish := startReader(t, g, dir)

	sup1.Process.Signal(syscall.SIGUSR2)
	if err := sup1.Wait(); err != nil {
		t.Errorf("first supervisor after SIGUSR2: %v\n%s", err, stderr1.String())
	}
	if !isMounted(dir) {
		t.Fatalf("unmounted by SIGUSR2:\n%s", stderr1.String())
	}
	time.Sleep(100 * time.Millisecond) // readers wait meanwhile

	var stderr2 bytes.Buffer
	sup2 := exec.Command("sh", "-c", `LISTEN_PID=$$ LISTEN_FDS=2 LISTEN_FDNAMES=fuse:init exec "$0" --foreground "$1"`, bin, dir)
	sup2.Env = append(os.Environ(), "NOTIFY_SOCKET="+sock)
	sup2.ExtraFiles = []*os.File{stored["fuse"], stored["init"]}
	sup2.Stderr = &stderr2
	if err := sup2.Start(); err != nil {
		t.Fatal(err)
	}
	m2 := &mounted{dir: dir, cmd: sup2, stderr: &stderr2}
	t.Cleanup(func() { m2.stop(t) })
	awaitReady("second supervisor")
	time.Sleep(300 * time.Millisecond)
	n, longest := finish()
	if !strings.Contains(stderr2.String(), "going on with the connection systemd kept") {
		t.Errorf("second supervisor did not take the stored connection:\n%s", stderr2.String())
	}
	t.Logf("reader: %d reads over a supervisor handover, longest %v", n, longest)
}

// Without systemd the connection dies with the supervisor (kill -9): reads then fail with
// ENOTCONN, as with LXCFS; the next start detaches the dead mount and mounts again.
func TestSupervisorKilledWithoutSystemd(t *testing.T) {
	requireEnv(t)
	bin := filepath.Join(bins(t), "cgprocps-fs")
	dir := t.TempDir()
	sup1 := exec.Command(bin, "--foreground", dir)
	if err := sup1.Start(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100 && !isMounted(dir); i++ {
		time.Sleep(50 * time.Millisecond)
	}
	if _, err := os.ReadFile(dir + "/proc/uptime"); err != nil {
		t.Fatal(err)
	}
	sup1.Process.Kill()
	sup1.Wait()
	t.Cleanup(func() {
		if isMounted(dir) {
			syscall.Unmount(dir, syscall.MNT_DETACH)
		}
	})
	if _, err := os.ReadFile(dir + "/proc/uptime"); !errors.Is(err, syscall.ENOTCONN) {
		t.Errorf("after the supervisor's kill -9: %v, want ENOTCONN", err)
	}
	var stderr bytes.Buffer
	sup2 := exec.Command(bin, "--foreground", dir)
	sup2.Stderr = &stderr
	if err := sup2.Start(); err != nil {
		t.Fatal(err)
	}
	m := &mounted{dir: dir, cmd: sup2, stderr: &stderr}
	t.Cleanup(func() { m.stop(t) })
	var err error
	for i := 0; i < 100; i++ {
		if _, err = os.ReadFile(dir + "/proc/uptime"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Errorf("after the next start: %v\n%s", err, stderr.String())
	}
}
