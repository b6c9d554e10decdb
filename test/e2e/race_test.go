package e2e

// Races (issue 6): the tools over a live cgroup whose processes come and go all the time,
// and over a cgroup removed and recreated between two samples.
//
//   - TestChurn: a cgroup (cpu, cpuacct and memory hierarchies, with a memory limit so it is a
//     container) in which a shell forks short-lived processes and threads without pause; every
//     tool, run against it with --cgroup many times, exits 0 with a report and nothing on
//     stderr, never a panic (processes that exit between listing and reading are skipped).
//   - TestCgroupRecreated: interval tools (vmstat, sar, iostat, free -s) run over a cgroup that
//     is removed and recreated under them between two samples (its counters restart from 0):
//     they go on or stop with one clear error, and print no negative or wrapped-around number.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// v1Group creates /sys/fs/cgroup/<ctrl>/name in the cpu, cpuacct and memory hierarchies (a
// memory limit makes it a container) and returns the memory folder; cleanup kills what is left
// and removes the folders.
func v1Group(t *testing.T, name string) string {
	t.Helper()
	var dirs []string
	for _, c := range []string{"memory", "cpu", "cpuacct"} {
		d := filepath.Join("/sys/fs/cgroup", c, name)
		if err := os.Mkdir(d, 0o755); err != nil && !os.IsExist(err) {
			t.Skipf("e2e: cannot create a v1 cgroup: %v", err)
		}
		dirs = append(dirs, d)
	}
	t.Cleanup(func() {
		if left := removeGroup(name); len(left) > 0 {
			t.Errorf("cleanup: cgroup folders left behind: %v", left)
		}
	})
	if err := os.WriteFile(filepath.Join(dirs[0], "memory.limit_in_bytes"), []byte("536870912"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dirs[0]
}

// joinScript is a shell line that moves itself into the group's three hierarchies.
func joinScript(name string) string {
	return fmt.Sprintf("for c in memory cpu cpuacct; do echo $$ >/sys/fs/cgroup/$c/%s/cgroup.procs; done; ", name)
}

var wrapped = regexp.MustCompile(`-\d|1844674407|9223372036`)

func TestChurn(t *testing.T) {
	requireE2E(t)
	if _, err := os.Stat("/sys/fs/cgroup/memory/memory.limit_in_bytes"); err != nil {
		t.Skip("e2e: not a cgroup v1 host")
	}
	bin := binary(t)
	name := fmt.Sprintf("%s%d-%s", namePrefix, os.Getpid(), randHex(4))
	mem := v1Group(t, name)
	// Forks without pause: processes (true) and short multi-threaded ones (a pipeline).
	churn := exec.Command("sh", "-c", joinScript(name)+"while :; do /bin/true; echo x | cat >/dev/null; done")
	if err := churn.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { churn.Process.Kill(); churn.Wait() }()
	time.Sleep(200 * time.Millisecond)

	runs := [][]string{
		{"free"}, {"uptime"}, {"procfs", "DIR"},
		{"vmstat"}, {"top", "-b", "-n", "1"}, {"iostat"}, {"sar", "-q", "0"},
	}
	n := 0
	for _, args := range runs {
		for i := 0; i < 40; i++ {
			a := append([]string{}, args...)
			if a[len(a)-1] == "DIR" {
				a[len(a)-1] = t.TempDir()
			}
			a = append(a[:1], append([]string{"--cgroup", mem}, a[1:]...)...)
			r := run(30*time.Second, bin, a...)
			if strings.Contains(r.stderr, "not yet implemented") {
				t.Logf("%s not built yet", a[0])
				break
			}
			n++
			if r.err != nil || r.stderr != "" || (a[0] != "procfs" && r.stdout == "") {
				t.Errorf("run %d under churn:\n%s", i, r)
				break
			}
			if a[0] != "procfs" && wrapped.MatchString(r.stdout) && a[0] != "top" && a[0] != "sar" && a[0] != "iostat" {
				t.Errorf("a negative or wrapped number under churn:\n%s", r)
				break
			}
		}
	}
	t.Logf("%d runs over a cgroup with processes coming and going", n)
}

func TestCgroupRecreated(t *testing.T) {
	requireE2E(t)
	if _, err := os.Stat("/sys/fs/cgroup/memory/memory.limit_in_bytes"); err != nil {
		t.Skip("e2e: not a cgroup v1 host")
	}
	bin := binary(t)
	for _, args := range [][]string{
		{"free", "-s", "0.5", "-c", "4"},
		{"vmstat", "1", "3"},
		{"iostat", "-c", "1", "3"},
		{"sar", "-u", "-q", "1", "3"},
	} {
		t.Run(args[0], func(t *testing.T) {
			name := fmt.Sprintf("%s%d-%s", namePrefix, os.Getpid(), randHex(4))
			mem := v1Group(t, name)
			busy := exec.Command("sh", "-c", joinScript(name)+"while :; do :; done")
			if err := busy.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(700 * time.Millisecond) // counters well above 0
			a := append([]string{args[0], "--cgroup", mem}, args[1:]...)
			cmd := exec.Command(bin, a...)
			var so, se strings.Builder
			cmd.Stdout, cmd.Stderr = &so, &se
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Between the first and the second sample: the group goes and comes back empty,
			// then a new busy process joins it (its counters restart from 0).
			time.Sleep(700 * time.Millisecond)
			busy.Process.Kill()
			busy.Wait()
			removeGroup(name)
			v1Group(t, name)
			again := exec.Command("sh", "-c", joinScript(name)+"while :; do :; done")
			if err := again.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() { again.Process.Kill(); again.Wait() }()
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			var err error
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("%v hangs over a recreated cgroup", a)
			}
			if strings.Contains(se.String(), "not yet implemented") {
				t.Skipf("%s not built yet", args[0])
			}
			if strings.Contains(se.String(), "panic") || strings.Contains(se.String(), "goroutine ") {
				t.Fatalf("%v panicked:\n%s", a, se.String())
			}
			if err != nil && strings.Count(strings.TrimSpace(se.String()), "\n") > 0 {
				t.Errorf("%v failed with more than one line: %v\n%s", a, err, se.String())
			}
			// Counters going backwards must not print as negative or wrapped numbers.
			for _, l := range strings.Split(so.String(), "\n") {
				if wrapped.MatchString(strings.ReplaceAll(l, " - ", " ")) && !strings.Contains(l, ":") {
					t.Errorf("%v: a negative or wrapped number after the cgroup was recreated: %q\n%s", a, l, so.String())
				}
				for _, f := range strings.Fields(l) {
					if strings.HasPrefix(f, "1844674407") || strings.HasPrefix(f, "-") && len(f) > 1 && f[1] >= '0' && f[1] <= '9' {
						t.Errorf("%v: %q in %q", a, f, l)
					}
				}
			}
			t.Logf("%v over a recreated cgroup (exit %v):\n%s%s", a, err, so.String(), se.String())
		})
	}
}

const threadsSource = `package main

import (
	"runtime"
	"time"
)

func main() {
	for i := 0; i < 1000; i++ {
		go func() {
			runtime.LockOSThread()
			time.Sleep(time.Hour)
		}()
	}
	time.Sleep(time.Hour)
}
`

// TestThousandThreads: a container whose one process has over 1000 threads: top -H lists
// every one of them (and only them: the Threads: line counts the group's), top without -H one
// task, and the rendered /proc/stat and loadavg stay sane.
func TestThousandThreads(t *testing.T) {
	requireE2E(t)
	if _, err := os.Stat("/sys/fs/cgroup/memory/memory.limit_in_bytes"); err != nil {
		t.Skip("e2e: not a cgroup v1 host")
	}
	bin := binary(t)
	dir := t.TempDir()
	src := filepath.Join(dir, "threads.go")
	if err := os.WriteFile(src, []byte(threadsSource), 0o644); err != nil {
		t.Fatal(err)
	}
	prog := filepath.Join(dir, "threads")
	build := exec.Command(goTool(), "build", "-o", prog, src)
	build.Dir = dir
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GO111MODULE=off")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the thread program: %v\n%s", err, b)
	}
	name := fmt.Sprintf("%s%d-%s", namePrefix, os.Getpid(), randHex(4))
	mem := v1Group(t, name)
	p := exec.Command("sh", "-c", joinScript(name)+"exec "+prog)
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { p.Process.Kill(); p.Wait() }()
	// Wait until the threads exist.
	var n int
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		ents, _ := os.ReadDir(fmt.Sprintf("/proc/%d/task", p.Process.Pid))
		if n = len(ents); n > 1000 {
			break
		}
	}
	if n <= 1000 {
		t.Fatalf("rig: the program has %d threads, want over 1000", n)
	}
	r := run(60*time.Second, bin, "top", "-b", "-n", "1", "-H", "--cgroup", mem)
	if r.err != nil {
		t.Fatalf("top -H:\n%s", r)
	}
	var total int
	if m := regexp.MustCompile(`Threads: *(\d+) total`).FindStringSubmatch(r.stdout); m != nil {
		fmt.Sscan(m[1], &total)
	}
	rows := 0
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.HasSuffix(strings.TrimSpace(l), " threads") {
			rows++
		}
	}
	if total < 1000 || total > n+5 || rows != total {
		t.Errorf("top -H over a %d-thread container: Threads: %d total, %d rows named threads; want the group's threads only", n, total, rows)
	}
	r = run(60*time.Second, bin, "top", "-b", "-n", "1", "--cgroup", mem)
	if !regexp.MustCompile(`Tasks: +1 total`).MatchString(r.stdout) {
		t.Errorf("top over the same container: want Tasks: 1 total\n%s", r)
	}
	r = run(60*time.Second, bin, "uptime", "--cgroup", mem)
	if r.err != nil || !strings.Contains(r.stdout, "load average:") {
		t.Errorf("uptime over a %d-thread container:\n%s", n, r)
	}
	t.Logf("top -H over %d threads: Threads: %d total", n, total)
}
