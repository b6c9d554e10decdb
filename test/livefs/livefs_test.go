// Package livefs mounts cgprocps-fs for real and reads it from processes in cgroup v1 groups
// the test makes (cgprocps-test-*: memory, cpu, cpuacct, cpuset), from the host, and, with
// the served files bound over /proc and /sys in a private mount namespace, through Debian's
// own free, nproc, getconf and uptime. Root, /dev/fuse and a cgroup v1 hierarchy are needed;
// the tests skip with the reason otherwise.
package livefs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/test/oracle"
)

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

// bins builds cgprocps-fs and cgprocps once into a temporary folder.
func bins(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		root, err := oracle.RepoRoot()
		if err != nil {
			buildErr = err
			return
		}
		if binDir, buildErr = os.MkdirTemp("", "cgprocps-livefs-test-"); buildErr != nil {
			return
		}
		for _, m := range []string{"cgprocps-fs", "cgprocps"} {
			cmd := exec.Command("go", "build", "-o", filepath.Join(binDir, m), "./cmd/"+m)
			cmd.Dir = root
			cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
			if out, err := cmd.CombinedOutput(); err != nil {
				buildErr = fmt.Errorf("build %s: %v\n%s", m, err, out)
				return
			}
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binDir
}

func TestMain(m *testing.M) {
	if dir := os.Getenv(readerEnv); dir != "" {
		os.Exit(readerLoop(dir))
	}
	if dir := os.Getenv(loadEnv); dir != "" {
		os.Exit(loadLoop(dir))
	}
	if arg := os.Getenv(latencyEnv); arg != "" {
		os.Exit(latencyLoop(arg))
	}
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

const cgroupRoot = "/sys/fs/cgroup"

// controllers are the v1 hierarchies a test group is made in.
var controllers = []string{"memory", "cpu", "cpuacct", "cpuset"}

func requireEnv(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root (mount, cgroups)")
	}
	if _, err := os.Stat("/dev/fuse"); err != nil {
		t.Skip("no /dev/fuse")
	}
	for _, c := range controllers {
		if _, err := os.Stat(filepath.Join(cgroupRoot, c, "cgroup.procs")); err != nil {
			t.Skipf("no cgroup v1 %s hierarchy at %s/%s", c, cgroupRoot, c)
		}
	}
}

// mounted is a running cgprocps-fs.
type mounted struct {
	dir      string
	cmd      *exec.Cmd
	stderr   *bytes.Buffer
	stopOnce sync.Once
}

// stop sends SIGTERM and checks cgprocps-fs exits 0 within 10 s, unmounted; it returns how
// long that took.
func (m *mounted) stop(t *testing.T) (took time.Duration) {
	m.stopOnce.Do(func() {
		start := time.Now()
		m.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- m.cmd.Wait() }()
		select {
		case err := <-done:
			took = time.Since(start)
			if err != nil {
				t.Errorf("cgprocps-fs after SIGTERM: %v\n%s", err, m.stderr.String())
			}
		case <-time.After(10 * time.Second):
			m.cmd.Process.Kill()
			t.Errorf("cgprocps-fs did not exit on SIGTERM")
			syscall.Unmount(m.dir, syscall.MNT_DETACH)
		}
		if isMounted(m.dir) {
			t.Errorf("%s still mounted after SIGTERM", m.dir)
			syscall.Unmount(m.dir, syscall.MNT_DETACH)
		}
	})
	return took
}

// mount starts cgprocps-fs --foreground on a new folder and waits for the mount; the
// cleanup stops it with SIGTERM and checks it unmounted and exited 0.
func mount(t *testing.T) *mounted {
	t.Helper()
	requireEnv(t)
	bin := bins(t)
	dir := t.TempDir()
	var stderr bytes.Buffer
	cmd := exec.Command(filepath.Join(bin, "cgprocps-fs"), "--foreground", dir)
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	m := &mounted{dir: dir, cmd: cmd, stderr: &stderr}
	t.Cleanup(func() { m.stop(t) })
	for i := 0; i < 100; i++ {
		if isMounted(dir) {
			return m
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("not mounted after 5 s: %s", stderr.String())
	return nil
}

func isMounted(dir string) bool {
	b, _ := os.ReadFile("/proc/self/mountinfo")
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) > 4 && f[4] == dir {
			return true
		}
	}
	return false
}

// group is a cgroup v1 group made in every controller.
type group struct {
	name string
}

// newGroup makes cgprocps-test-<name>-<pid> with a memory limit (bytes), a CPU quota (µs
// per 100 ms period; 0: none) and a cpuset; the cleanup kills what is left in it and
// removes it.
func newGroup(t *testing.T, name string, mem int64, quotaUS int, cpus string) *group {
	t.Helper()
	g := &group{name: fmt.Sprintf("cgprocps-test-%s-%d", name, os.Getpid())}
	for _, c := range controllers {
		if err := os.Mkdir(g.dir(c), 0o755); err != nil && !os.IsExist(err) {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { g.remove(t) })
	mems, _ := os.ReadFile(filepath.Join(cgroupRoot, "cpuset", "cpuset.mems"))
	writes := [][2]string{
		{g.dir("memory") + "/memory.limit_in_bytes", strconv.FormatInt(mem, 10)},
		{g.dir("cpuset") + "/cpuset.cpus", cpus},
		{g.dir("cpuset") + "/cpuset.mems", strings.TrimSpace(string(mems))},
	}
	if quotaUS > 0 {
		writes = append(writes, [2]string{g.dir("cpu") + "/cpu.cfs_period_us", "100000"},
			[2]string{g.dir("cpu") + "/cpu.cfs_quota_us", strconv.Itoa(quotaUS)})
	}
	for _, w := range writes {
		if err := os.WriteFile(w[0], []byte(w[1]), 0o644); err != nil {
			t.Fatalf("%s: %v", w[0], err)
		}
	}
	return g
}

func (g *group) dir(c string) string { return filepath.Join(cgroupRoot, c, g.name) }

func (g *group) remove(t *testing.T) {
	for _, c := range controllers {
		d := g.dir(c)
		if _, err := os.Stat(d); err != nil {
			continue
		}
		for i := 0; i < 50; i++ {
			b, _ := os.ReadFile(d + "/cgroup.procs")
			for _, f := range strings.Fields(string(b)) {
				if pid, err := strconv.Atoi(f); err == nil {
					syscall.Kill(pid, syscall.SIGKILL)
				}
			}
			if err := os.Remove(d); err == nil || os.IsNotExist(err) {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		if _, err := os.Stat(d); err == nil {
			t.Errorf("could not remove %s", d)
		}
	}
}

// join is a shell prelude that moves the shell into g in every controller.
func (g *group) join() string {
	var b strings.Builder
	for _, c := range controllers {
		fmt.Fprintf(&b, "echo $$ > %s/cgroup.procs && ", g.dir(c))
	}
	return b.String()
}

// run runs the shell script in g (the script's processes are in it from their start) and
// returns its stdout.
func (g *group) run(t *testing.T, script string, args ...string) string {
	t.Helper()
	out, err := g.cmd(script, args...).Output()
	if err != nil {
		var stderr []byte
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			stderr = ee.Stderr
		}
		t.Fatalf("in %s: sh -c %q: %v\n%s", g.name, script, err, stderr)
	}
	return string(out)
}

func (g *group) cmd(script string, args ...string) *exec.Cmd {
	return exec.Command("sh", append([]string{"-c", g.join() + script, "sh"}, args...)...)
}

// anchor starts a process that stays in g until the test ends: the PID our own tools are
// pointed at (--pid) to render the group's view from the host.
func (g *group) anchor(t *testing.T) int {
	t.Helper()
	cmd := g.cmd("echo ready; exec sleep 600")
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	var b [6]byte
	if _, err := io.ReadFull(out, b[:]); err != nil || string(b[:]) != "ready\n" {
		t.Fatalf("anchor: %q %v", b, err)
	}
	return cmd.Process.Pid
}

// ourView renders the view of pid's cgroup with our own procfs command, from the host.
func ourView(t *testing.T, pid int) string {
	t.Helper()
	dir := t.TempDir()
	out, err := exec.Command(filepath.Join(bins(t), "cgprocps"), "procfs", "--pid", strconv.Itoa(pid), dir).CombinedOutput()
	if err != nil {
		t.Fatalf("cgprocps procfs --pid %d: %v\n%s", pid, err, out)
	}
	return dir
}

// eventually runs f until it reports no difference, up to ten times (memory usage moves
// between two reads); it fails with the last difference.
func eventually(t *testing.T, what string, f func() (got, want string)) {
	t.Helper()
	var got, want string
	for i := 0; i < 10; i++ {
		if got, want = f(); got == want {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Errorf("%s:\n%s\nwant (ours)\n%s", what, got, want)
}

func field(text, key string) string {
	for _, l := range strings.Split(text, "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && k == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The served files of a reader in a 256M / 0.5 CPU / one-CPU group are what our own
// procfs renders for that group; the test process (the host) gets the host's files.
func TestReaderInGroup(t *testing.T) {
	m := mount(t)
	g := newGroup(t, "a", 256<<20, 50000, "1")
	pid := g.anchor(t)
	// The reader opens each file, then waits while our procfs renders the group from the
	// host, then reads: the group holds the same processes at both moments (the anchor and
	// the reader), so even the memory in use is the same.
	for _, f := range []string{"proc/meminfo", "proc/cpuinfo", "proc/swaps", "sys/devices/system/cpu/online"} {
		eventually(t, f, func() (string, string) {
			cmd := g.cmd(`exec 3<"$1"; echo; read x; exec cat <&3`, filepath.Join(m.dir, f))
			in, _ := cmd.StdinPipe()
			var out bytes.Buffer
			r, _ := cmd.StdoutPipe()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			var nl [1]byte
			io.ReadFull(r, nl[:])
			want := readFile(t, filepath.Join(ourView(t, pid), f))
			in.Write([]byte("\n"))
			io.Copy(&out, r)
			if err := cmd.Wait(); err != nil {
				t.Fatalf("reader of %s: %v", f, err)
			}
			return hostWide(out.String()), hostWide(want)
		})
	}
	mi := g.run(t, `exec cat "$1"`, m.dir+"/proc/meminfo")
	if v := field(mi, "MemTotal"); v != "262144 kB" {
		t.Errorf("MemTotal in the group = %q, want 262144 kB", v)
	}
	if v := g.run(t, `exec cat "$1"`, m.dir+"/sys/devices/system/cpu/online"); v != "0\n" {
		t.Errorf("online in the group = %q, want \"0\\n\"", v)
	}
	if v := g.run(t, `exec ls "$1"`, m.dir+"/sys/devices/system/cpu"); v != "cpu0\nonline\nuevent\n" {
		t.Errorf("cpu folder in the group = %q", v)
	}
	stat := g.run(t, `exec cat "$1"`, m.dir+"/proc/stat")
	if n := strings.Count(stat, "\ncpu0 ") + strings.Count(stat, "\ncpu1 "); !strings.HasPrefix(stat, "cpu  ") || n != 1 {
		t.Errorf("stat in the group: want cpu and cpu0 only:\n%s", stat)
	}

	// The host: this test process.
	host := readFile(t, "/proc/meminfo")
	served := readFile(t, m.dir+"/proc/meminfo")
	if field(served, "MemTotal") != field(host, "MemTotal") || strings.Count(served, "\n") != strings.Count(host, "\n") {
		t.Errorf("host reader: served meminfo\n%s\nhost\n%s", served, host)
	}
	for _, f := range [][2]string{{"proc/cpuinfo", "/proc/cpuinfo"}, {"sys/devices/system/cpu/online", "/sys/devices/system/cpu/online"}, {"proc/swaps", "/proc/swaps"}} {
		if got, want := readFile(t, filepath.Join(m.dir, f[0])), readFile(t, f[1]); got != want {
			t.Errorf("host reader: %s differs from %s:\n%s\nwant\n%s", f[0], f[1], got, want)
		}
	}
}

// The served files bound over /proc and /sys in a private mount namespace: Debian's own
// free, cat, nproc, getconf and uptime in the group show the group's numbers, those our own
// tools print for it.
func TestUnmodifiedToolsInNamespace(t *testing.T) {
	m := mount(t)
	if _, err := exec.LookPath("unshare"); err != nil {
		t.Skip("no unshare")
	}
	g := newGroup(t, "ns", 256<<20, 50000, "1")
	pid := g.anchor(t)
	cgp := filepath.Join(bins(t), "cgprocps")
	var binds strings.Builder
	for _, f := range []string{"meminfo", "cpuinfo", "stat", "uptime", "loadavg", "diskstats", "swaps", "vmstat"} {
		fmt.Fprintf(&binds, "mount --bind %s/proc/%s /proc/%s && ", m.dir, f, f)
	}
	fmt.Fprintf(&binds, "mount --bind %s/sys/devices/system/cpu /sys/devices/system/cpu && ", m.dir)
	ns := func(script string) string {
		return g.run(t, `exec unshare -m --propagation private sh -c "$1"`, binds.String()+script)
	}
	// Debian's free runs in the group, so its own pages are in the group's usage while it
	// reads; ours renders the group from the host. Same layout and totals; the amounts in
	// use agree within 4 MiB (free) and 4 (free -m).
	for _, c := range []struct {
		opt string
		tol int64
	}{{"-k", 4096}, {"-m", 4}} {
		got := ns("exec /usr/bin/free " + c.opt)
		want, _ := exec.Command(cgp, "free", c.opt, "--pid", strconv.Itoa(pid)).Output()
		if !closeEnough(got, string(want), c.tol) {
			t.Errorf("free %s in the namespace:\n%s\nours:\n%s", c.opt, got, want)
		}
	}
	if f := strings.Fields(ns("exec /usr/bin/free")); len(f) < 8 || f[7] != "262144" {
		t.Errorf("free's total = %v, want 262144", f)
	}
	if v := field(ns("exec cat /proc/meminfo"), "MemTotal"); v != "262144 kB" {
		t.Errorf("cat /proc/meminfo: MemTotal %q", v)
	}
	if v := ns("getconf _NPROCESSORS_ONLN; nproc; cat /sys/devices/system/cpu/online"); v != "1\n1\n0\n" {
		t.Errorf("getconf _NPROCESSORS_ONLN, nproc, online = %q, want 1 1 0", v)
	}
	// uptime: our own uptime for the group prints the same line (the clock and the
	// minutes move: retried).
	eventually(t, "uptime in the namespace", func() (string, string) {
		got := ns("exec /usr/bin/uptime")
		want, _ := exec.Command(cgp, "uptime", "--pid", strconv.Itoa(pid)).Output()
		return got, string(want)
	})
	// The group is minutes old at most: uptime -p says so, where the host's says more.
	if v := ns("exec /usr/bin/uptime -p"); !strings.HasPrefix(v, "up ") || strings.Contains(v, "hour") || strings.Contains(v, "day") {
		t.Errorf("uptime -p in the group: %q", v)
	}
}

// Two groups read side by side, each many times, each sees only its own limits.
func TestTwoGroups(t *testing.T) {
	m := mount(t)
	a := newGroup(t, "two-a", 256<<20, 50000, "1")
	b := newGroup(t, "two-b", 128<<20, 0, "0-1")
	script := `for i in 1 2 3 4 5 6 7 8 9 10; do grep MemTotal "$1"; cat "$2"; done`
	var wg sync.WaitGroup
	var outA, outB string
	wg.Add(2)
	go func() {
		defer wg.Done()
		outA = a.run(t, script, m.dir+"/proc/meminfo", m.dir+"/sys/devices/system/cpu/online")
	}()
	go func() {
		defer wg.Done()
		outB = b.run(t, script, m.dir+"/proc/meminfo", m.dir+"/sys/devices/system/cpu/online")
	}()
	wg.Wait()
	if want := strings.Repeat("MemTotal:         262144 kB\n0\n", 10); outA != want {
		t.Errorf("group a read:\n%s", outA)
	}
	if want := strings.Repeat("MemTotal:         131072 kB\n0-1\n", 10); outB != want {
		t.Errorf("group b read:\n%s", outB)
	}
}

// Read-only: every change is refused with EROFS; huge offsets read EOF; readers that go
// away mid-read or whose group is removed leave the daemon serving.
func TestRobust(t *testing.T) {
	m := mount(t)
	f := m.dir + "/proc/meminfo"
	checkErrno := func(what string, err error, want syscall.Errno) {
		t.Helper()
		if !errors.Is(err, want) {
			t.Errorf("%s: %v, want %v", what, err, want)
		}
	}
	_, err := os.OpenFile(f, os.O_WRONLY, 0)
	checkErrno("open for writing", err, syscall.EROFS)
	_, err = os.OpenFile(f, os.O_RDONLY|os.O_TRUNC, 0)
	checkErrno("open with O_TRUNC", err, syscall.EROFS)
	checkErrno("chmod", os.Chmod(f, 0o600), syscall.EROFS)
	checkErrno("chown", os.Chown(f, 1, 1), syscall.EROFS)
	checkErrno("truncate", os.Truncate(f, 0), syscall.EROFS)
	checkErrno("mknod", syscall.Mknod(m.dir+"/proc/fifo", syscall.S_IFIFO|0o644, 0), syscall.EROFS)
	_, err = os.Create(m.dir + "/proc/new")
	checkErrno("create", err, syscall.EROFS)
	checkErrno("mkdir", os.Mkdir(m.dir+"/proc/d", 0o755), syscall.EROFS)
	checkErrno("unlink", os.Remove(f), syscall.EROFS)
	checkErrno("rename", os.Rename(f, m.dir+"/proc/x"), syscall.EROFS)
	checkErrno("symlink", os.Symlink("x", m.dir+"/proc/l"), syscall.EROFS)
	_, err = os.Stat(m.dir + "/proc/self")
	checkErrno("stat of a file not served", err, syscall.ENOENT)

	fh, err := os.Open(f)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4096)
	for _, off := range []int64{1 << 62, 1 << 40, 1 << 20} {
		n, err := fh.ReadAt(buf, off)
		if n != 0 || err != io.EOF {
			t.Errorf("ReadAt offset %d: %d bytes, %v; want 0, EOF", off, n, err)
		}
	}
	// Read in 7-byte chunks: one consistent file, whole lines, each field once.
	var whole []byte
	fh.Seek(0, io.SeekStart)
	for {
		n, err := fh.Read(buf[:7])
		whole = append(whole, buf[:n]...)
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
	}
	fh.Close()
	host := readFile(t, "/proc/meminfo")
	if len(whole) == 0 || whole[len(whole)-1] != '\n' || bytes.Count(whole, []byte("\n")) != strings.Count(host, "\n") {
		t.Errorf("chunked read:\n%s", whole)
	}
	seen := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(string(whole)), "\n") {
		k, _, _ := strings.Cut(l, ":")
		if seen[k] {
			t.Errorf("chunked read: %s twice", k)
		}
		seen[k] = true
	}

	g := newGroup(t, "robust", 256<<20, 50000, "1")
	// Readers that exit after a few bytes, or are killed with the file open.
	for i := 0; i < 20; i++ {
		if out := g.run(t, `exec head -c 5 "$1"`, f); out != "MemTo" {
			t.Fatalf("head -c 5: %q", out)
		}
	}
	cmd := g.cmd(`exec 3<"$1"; head -c 1 <&3; exec sleep 600`, f)
	out, _ := cmd.StdoutPipe()
	cmd.Start()
	io.ReadFull(out, buf[:1])
	cmd.Process.Kill()
	cmd.Wait()

	// A reader whose group is removed while it holds the file open: it reads the snapshot
	// of its open; a new open is answered for the group it is in now (the host here).
	rm := newGroup(t, "gone", 256<<20, 50000, "1")
	var leave, remove strings.Builder
	for _, c := range controllers {
		fmt.Fprintf(&leave, "echo $$ > %s/%s/cgroup.procs; ", cgroupRoot, c)
		fmt.Fprintf(&remove, "rmdir %s; ", rm.dir(c))
	}
	got := rm.run(t, `exec 3<"$1"; `+leave.String()+remove.String()+`grep MemTotal <&3; grep MemTotal "$1"`, f)
	want := "MemTotal:         262144 kB\n" + "MemTotal:" + strings.SplitN(strings.SplitN(host, "\n", 2)[0], ":", 2)[1] + "\n"
	if got != want {
		t.Errorf("reader of a removed group: %q, want %q", got, want)
	}
	// A PID that has exited by the time its request is served cannot be produced on
	// demand here; internal/livefs answers it with ESRCH (TestUnknownReader).

	// Still serving.
	if v := g.run(t, `exec grep MemTotal "$1"`, f); v != "MemTotal:         262144 kB\n" {
		t.Errorf("after the robustness cases: %q", v)
	}
}

// cgprocps fs execs cgprocps-fs from beside it; without --foreground the server goes to
// the background once mounted, and SIGTERM (here: umount) ends it.
func TestMulticallBackground(t *testing.T) {
	requireEnv(t)
	dir := t.TempDir()
	out, err := exec.Command(filepath.Join(bins(t), "cgprocps"), "fs", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("cgprocps fs: %v\n%s", err, out)
	}
	defer syscall.Unmount(dir, syscall.MNT_DETACH)
	if !isMounted(dir) {
		t.Fatalf("not mounted when cgprocps fs returned")
	}
	if v := field(readFile(t, dir+"/proc/meminfo"), "MemTotal"); v != field(readFile(t, "/proc/meminfo"), "MemTotal") {
		t.Errorf("MemTotal %q", v)
	}
	if err := syscall.Unmount(dir, 0); err != nil {
		t.Fatal(err)
	}
	// A second mount on a missing folder fails with the mount's error, in the foreground.
	out, err = exec.Command(filepath.Join(bins(t), "cgprocps"), "fs", dir+"/missing").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "cgprocps-fs: mount") {
		t.Errorf("cgprocps fs on a missing folder: %v %q", err, out)
	}
}

// hostWide drops the meminfo lines the container's view copies from the host's file and
// that move from one read to the next on an idle host (the kernel's commit charge and vmalloc
// use): they are the host's, not the group's.
func hostWide(s string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if !strings.HasPrefix(l, "Committed_AS:") && !strings.HasPrefix(l, "VmallocUsed:") && !strings.HasPrefix(l, "Percpu:") {
			b.WriteString(l)
		}
	}
	return b.String()
}

// closeEnough: the same words, numbers within tol of each other, and the totals (the first
// number of each row) equal.
func closeEnough(a, b string, tol int64) bool {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	if len(la) != len(lb) {
		return false
	}
	for i := range la {
		fa, fb := strings.Fields(la[i]), strings.Fields(lb[i])
		if len(fa) != len(fb) {
			return false
		}
		for j := range fa {
			x, errx := strconv.ParseInt(fa[j], 10, 64)
			y, erry := strconv.ParseInt(fb[j], 10, 64)
			switch {
			case errx != nil || erry != nil:
				if fa[j] != fb[j] {
					return false
				}
			case j == 1 && x != y, x-y > tol, y-x > tol:
				return false
			}
		}
	}
	return true
}

// The tools do not link go-fuse (its initialisation costs every tool about 0.5 ms,
// docs/decisions.md): only cmd/cgprocps-fs does.
func TestToolsDoNotLinkFUSE(t *testing.T) {
	root, err := oracle.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "list", "-deps", "./cmd/cgprocps", "./cmd/free", "./cmd/uptime", "./cmd/top", "./cmd/vmstat", "./cmd/iostat", "./cmd/sar", "./cmd/df")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "github.com/hanwen/") || p == "github.com/cgprocps/cgprocps/internal/livefs" {
			t.Errorf("a tool links %s", p)
		}
	}
	cmd = exec.Command("go", "list", "-deps", "./cmd/cgprocps-fs")
	cmd.Dir = root
	if out, _ := cmd.Output(); !strings.Contains(string(out), "github.com/hanwen/go-fuse/v2/fuse\n") {
		t.Errorf("cmd/cgprocps-fs does not link go-fuse:\n%s", out)
	}
}

// SIGTERM while a served file is still bound elsewhere (a container's namespace): the
// mount point is unmounted and the daemon exits within its 2 s grace; the bound file then
// fails with ENOTCONN, as LXCFS's do when it stops (surviving a restart is not done yet).
func TestStopWhileBound(t *testing.T) {
	m := mount(t)
	target := filepath.Join(t.TempDir(), "meminfo")
	os.WriteFile(target, nil, 0o644)
	cmd := exec.Command("unshare", "-m", "--propagation", "private", "sh", "-c",
		`mount --bind "$1" "$2" && grep -c MemTotal "$2" && read x; cat "$2"`, "sh", m.dir+"/proc/meminfo", target)
	in, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	var b [2]byte
	if _, err := io.ReadFull(out, b[:]); err != nil || string(b[:]) != "1\n" {
		t.Fatalf("bound file: %q %v %s", b, err, stderr.String())
	}
	took := m.stop(t)
	if took < time.Second || took > 5*time.Second {
		t.Errorf("stopped in %v; want after the 2 s grace", took)
	}
	if !strings.Contains(m.stderr.String(), "still bound elsewhere") {
		t.Errorf("stderr: %q", m.stderr.String())
	}
	in.Write([]byte("\n"))
	rest, _ := io.ReadAll(out)
	err := cmd.Wait()
	if err == nil || len(rest) != 0 || !strings.Contains(stderr.String(), "Transport endpoint is not connected") {
		t.Errorf("reading the bound file after the daemon stopped: %v, %q, %q", err, rest, stderr.String())
	}
}

// A group with no limit is host mode for a reader in it, as for our tools; the same reader
// in a private cgroup namespace (unshare -C, as runtimes start containers) is container
// mode, as our tools inside decide for themselves: its MemFree is the group's (the machine
// less what the group uses), not the host's.
func TestCgroupNamespaceMeansContainer(t *testing.T) {
	m := mount(t)
	all, _ := os.ReadFile(filepath.Join(cgroupRoot, "cpuset", "cpuset.cpus"))
	g := newGroup(t, "cgns", -1, 0, strings.TrimSpace(string(all)))
	kB := func(s, key string) int64 {
		n, _ := strconv.ParseInt(strings.TrimSuffix(field(s, key), " kB"), 10, 64)
		return n
	}
	host := readFile(t, "/proc/meminfo")
	if kB(host, "MemTotal")-kB(host, "MemFree") < 200<<10 {
		t.Skip("the host uses under 200 MiB: host and group MemFree would not tell apart")
	}
	plain := g.run(t, `exec cat "$1"`, m.dir+"/proc/meminfo")
	ns := g.run(t, `exec unshare -C cat "$1"`, m.dir+"/proc/meminfo")
	if d := kB(plain, "MemFree") - kB(readFile(t, "/proc/meminfo"), "MemFree"); d > 50<<10 || d < -50<<10 {
		t.Errorf("reader in an unlimited group: MemFree %d kB from the host's, want the host's file", d)
	}
	if kB(ns, "MemTotal") != kB(host, "MemTotal") || kB(ns, "MemFree") < kB(plain, "MemFree")+100<<10 {
		t.Errorf("reader in a private cgroup namespace: MemTotal %d, MemFree %d; host's MemFree %d",
			kB(ns, "MemTotal"), kB(ns, "MemFree"), kB(plain, "MemFree"))
	}
}

// Readers killed at random moments of their open and read, from four goroutines at once,
// half of them in a group: the daemon keeps serving, reports no panic, and the next reader
// gets its view.
func TestReadersKilledAtRandom(t *testing.T) {
	m := mount(t)
	g := newGroup(t, "killed", 256<<20, 50000, "1")
	files := []string{"proc/meminfo", "proc/stat", "proc/cpuinfo", "proc/diskstats", "proc/vmstat", "sys/devices/system/cpu/online"}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 40; i++ {
				f := filepath.Join(m.dir, files[(w+i)%len(files)])
				cmd := exec.Command("cat", f)
				if w%2 == 0 {
					cmd = g.cmd(`exec cat "$1"`, f)
				}
				cmd.Stdout = io.Discard
				if cmd.Start() != nil {
					continue
				}
				time.Sleep(time.Duration((w*7919+i*104729)%3000) * time.Microsecond)
				cmd.Process.Kill()
				cmd.Wait()
			}
		}(w)
	}
	wg.Wait()
	// (Had it died, the read below would fail with ENOTCONN.)
	if v := g.run(t, `exec grep MemTotal "$1"`, m.dir+"/proc/meminfo"); v != "MemTotal:         262144 kB\n" {
		t.Errorf("after the killed readers: %q", v)
	}
	if strings.Contains(m.stderr.String(), "panic") {
		t.Errorf("cgprocps-fs stderr:\n%s", m.stderr.String())
	}
}
