package livefs

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// servedProc are the /proc files cgprocps-fs serves and a container binds.
var servedProc = []string{"meminfo", "cpuinfo", "stat", "uptime", "loadavg", "diskstats", "swaps", "vmstat"}

// binds is the shell prelude that binds the served files over /proc and the cpu folder over
// /sys/devices/system/cpu (to run in a private mount namespace).
func binds(dir string) string {
	var b strings.Builder
	for _, f := range servedProc {
		fmt.Fprintf(&b, "mount --bind %s/proc/%s /proc/%s && ", dir, f, f)
	}
	fmt.Fprintf(&b, "mount --bind %s/sys/devices/system/cpu /sys/devices/system/cpu && ", dir)
	return b.String()
}

// child makes a group under parent in every controller, with no limit of its own (the
// cpuset copies the parent's, as the kernel requires): a container in a pod whose parent
// group holds the limits.
func child(t *testing.T, parent *group, name string) *group {
	t.Helper()
	g := &group{name: parent.name + "/" + name}
	for _, c := range controllers {
		if err := os.Mkdir(g.dir(c), 0o755); err != nil && !os.IsExist(err) {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { g.remove(t) })
	for _, f := range []string{"cpuset.cpus", "cpuset.mems"} {
		b, _ := os.ReadFile(filepath.Join(parent.dir("cpuset"), f))
		if err := os.WriteFile(filepath.Join(g.dir("cpuset"), f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return g
}

func requireTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, p := range tools {
		if _, err := exec.LookPath(p); err != nil {
			t.Skipf("%s not installed (scripts/install-test-deps)", p)
		}
	}
}

// freePort is a TCP port on 127.0.0.1 nobody listens on now.
func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Programs people run in containers, unmodified, with the served files bound over /proc
// and /sys in a private mount namespace, in a 256M / 0.5 CPU / one-CPU group ("flat") and
// in a child group of a pod-like parent that holds those limits ("pod"): vmstat, top,
// psutil, htop and node_exporter show the group's numbers, those our own tools print for it.
func TestAgentsInNamespace(t *testing.T) {
	m := mount(t)
	requireTools(t, "unshare", "vmstat", "top", "tmux", "htop", "prometheus-node-exporter", "/usr/bin/python3")
	if exec.Command("/usr/bin/python3", "-c", "import psutil").Run() != nil {
		t.Skip("python3-psutil not installed (scripts/install-test-deps)")
	}
	flat := newGroup(t, "agents", 256<<20, 50000, "1")
	pod := newGroup(t, "pod", 256<<20, 50000, "1")
	for _, c := range []struct {
		name string
		g    *group
	}{{"flat", flat}, {"pod", child(t, pod, "ctr")}} {
		t.Run(c.name, func(t *testing.T) { agents(t, m, c.g) })
	}
}

func agents(t *testing.T, m *mounted, g *group) {
	pid := g.anchor(t)
	cgp := filepath.Join(bins(t), "cgprocps")
	prelude := binds(m.dir)
	ns := func(script string) string {
		t.Helper()
		return g.run(t, `exec unshare -m --propagation private sh -c "$1"`, prelude+script)
	}
	ours := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(cgp, append(args, "--pid", strconv.Itoa(pid))...).Output()
		if err != nil {
			t.Fatalf("cgprocps %v: %v", args, err)
		}
		return string(out)
	}
	freeB := strings.Fields(ours("free", "-b"))
	// total used free shared buff/cache available Mem: T ... Swap: T ...
	if len(freeB) < 15 || freeB[7] != "268435456" {
		t.Fatalf("cgprocps free -b: %v", freeB)
	}
	memTotal, swapTotal := freeB[7], freeB[14]

	// vmstat: the same totals as ours (-s), the same header and memory columns within 4 MiB
	// (Debian's vmstat is in the group while it reads).
	vs := ns("exec vmstat -s")
	for _, k := range []string{"K total memory", "K total swap"} {
		if got, want := vmstatS(vs, k), vmstatS(ours("vmstat", "-s"), k); got == "" || got != want {
			t.Errorf("vmstat -s %q = %q, ours %q", k, got, want)
		}
	}
	if got := vmstatS(vs, "K total memory"); got != "262144" {
		t.Errorf("vmstat -s total memory = %s, want 262144", got)
	}
	v, w := strings.Split(ns("exec vmstat"), "\n"), strings.Split(ours("vmstat"), "\n")
	if len(v) != 4 || len(w) != 4 || v[0] != w[0] || v[1] != w[1] {
		t.Errorf("vmstat:\n%s\nours:\n%s", strings.Join(v, "\n"), strings.Join(w, "\n"))
	} else {
		fv, fw := strings.Fields(v[2]), strings.Fields(w[2])
		for i := 2; i <= 5; i++ { // swpd free buff cache
			x, _ := strconv.ParseInt(fv[i], 10, 64)
			y, _ := strconv.ParseInt(fw[i], 10, 64)
			if d := x - y; d > 4096 || d < -4096 || len(fv) != len(fw) {
				t.Errorf("vmstat column %d: %s, ours %s", i, v[2], w[2])
			}
		}
	}

	// top's summary: the memory and swap totals are ours, one CPU line with -1.
	top := ns("exec top -b -n 1 -1")
	for _, k := range []string{"MiB Mem :", "MiB Swap:"} {
		// (top's --pid picks processes: ours runs in the group instead.)
		if got, want := topTotal(top, k), topTotal(g.run(t, `exec "$@"`, cgp, "top", "-b", "-n", "1", "-1"), k); got != want {
			t.Errorf("top %q total = %q, ours %q", k, got, want)
		}
	}
	if topTotal(top, "MiB Mem :") != "256.0" || strings.Count(top, "\n%Cpu") != 1 || !strings.Contains(top, "\n%Cpu0 ") {
		t.Errorf("top -b -n 1 -1 in the group:\n%s", top[:min(len(top), 600)])
	}

	// psutil.
	var ps struct {
		Total, Swap, Count, PerCPU int64
		Boot                       float64
		User, System, Idle         float64
	}
	out := ns(`exec /usr/bin/python3 -c 'import psutil, json
t = psutil.cpu_times()
print(json.dumps(dict(Total=psutil.virtual_memory().total, Swap=psutil.swap_memory().total,
  Count=psutil.cpu_count(), PerCPU=len(psutil.cpu_times(percpu=True)), Boot=psutil.boot_time(),
  User=t.user, System=t.system, Idle=t.idle)))'`)
	if err := json.Unmarshal([]byte(out), &ps); err != nil {
		t.Fatalf("psutil: %v: %s", err, out)
	}
	stat := readFile(t, "/proc/stat") // the host's btime: ours is the host's (docs/semantics.md)
	served := g.run(t, `exec cat "$1"`, m.dir+"/proc/stat")
	if strconv.FormatInt(ps.Total, 10) != memTotal || strconv.FormatInt(ps.Swap, 10) != swapTotal ||
		ps.Count != 1 || ps.PerCPU != 1 || fmt.Sprint(int64(ps.Boot)) != statField(stat, "btime") {
		t.Errorf("psutil: %+v; want total %s, swap %s, 1 CPU, btime %s", ps, memTotal, swapTotal, statField(stat, "btime"))
	}
	// cpu_percent's source is cpu_times, the served cpu line: the group's busy ticks, read a
	// moment apart (the anchor sleeps; the readers add a few ticks).
	cpu := strings.Fields(strings.SplitN(served, "\n", 2)[0])
	u, _ := strconv.ParseFloat(cpu[1], 64)
	s, _ := strconv.ParseFloat(cpu[3], 64)
	if d := ps.User + ps.System - (u+s)/100; d < -0.05 || d > 1 {
		t.Errorf("psutil cpu_times user+system %.2f s, served cpu line %s", ps.User+ps.System, strings.Join(cpu, " "))
	}

	// htop in tmux: the Mem bar's total is 256M and there is one CPU bar.
	sess := fmt.Sprintf("cgprocps-livefs-%d-%s", os.Getpid(), filepath.Base(g.name))
	cmd := g.cmd(`exec tmux new-session -d -s "$1" -x 160 -y 40 "$2"`, sess,
		`TERM=xterm exec unshare -m --propagation private sh -c '`+prelude+`exec htop'`)
	if o, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v %s", err, o)
	}
	defer exec.Command("tmux", "kill-session", "-t", sess).Run()
	var screen string
	for i := 0; i < 50; i++ {
		time.Sleep(200 * time.Millisecond)
		o, _ := exec.Command("tmux", "capture-pane", "-p", "-t", sess).Output()
		if screen = string(o); strings.Contains(screen, "Mem[") {
			break
		}
	}
	var bars, memBar int
	for _, l := range strings.Split(screen, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "CPU[") || (len(l) > 1 && l[0] >= '0' && l[0] <= '9' && strings.Contains(l[:min(len(l), 4)], "[")) {
			bars++
		}
		if strings.HasPrefix(l, "Mem[") && strings.Contains(l, "/256M]") {
			memBar++
		}
	}
	if bars != 1 || memBar != 1 {
		t.Errorf("htop: %d CPU bars, Mem bar with /256M %d times; want 1, 1:\n%s", bars, memBar, screen)
	}

	// node_exporter, in the group and the namespace, on a free port.
	port := freePort(t)
	ne := g.cmd(`exec unshare -m --propagation private sh -c "$1"`, prelude+fmt.Sprintf(
		"exec prometheus-node-exporter --web.listen-address=127.0.0.1:%d --collector.disable-defaults "+
			"--collector.cpu --collector.meminfo --collector.loadavg --collector.stat", port))
	ne.Stderr = io.Discard
	if err := ne.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { ne.Process.Kill(); ne.Wait() }()
	// node_load1: without a sampler (cgprocps loadavgd) the served averages are the group's
	// running threads, the reader's included: our uptime run in the group prints the same.
	var memBytes, load1, wantLoad string
	idle := 0
	// Up to 6 s: longer than one 5 s step of the server's load sampler, after which the served
	// averages and our uptime read the same sampled state.
	for try := 0; try < 30; try++ {
		time.Sleep(200 * time.Millisecond)
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", port))
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		idle, memBytes, load1 = 0, "", ""
		sc := bufio.NewScanner(strings.NewReader(string(b)))
		for sc.Scan() {
			l := sc.Text()
			switch {
			case strings.HasPrefix(l, "node_cpu_seconds_total{") && strings.Contains(l, `mode="idle"`):
				idle++
			case strings.HasPrefix(l, "node_memory_MemTotal_bytes "):
				memBytes = strings.Fields(l)[1]
			case strings.HasPrefix(l, "node_load1 "):
				load1 = strings.Fields(l)[1]
			}
		}
		up := g.run(t, `exec "$@"`, cgp, "uptime")
		wantLoad = strings.TrimSuffix(strings.Fields(up[strings.Index(up, "load average:"):])[2], ",")
		l1, _ := strconv.ParseFloat(load1, 64)
		if load1 != "" && fmt.Sprintf("%.2f", l1) == wantLoad {
			break
		}
	}
	mb, _ := strconv.ParseFloat(memBytes, 64)
	l1, _ := strconv.ParseFloat(load1, 64)
	if fmt.Sprint(int64(mb)) != memTotal || idle != 1 || load1 == "" || fmt.Sprintf("%.2f", l1) != wantLoad {
		t.Errorf("node_exporter: MemTotal_bytes %q (ours %s), %d idle CPUs (want 1), node_load1 %q (ours in the group %s)",
			memBytes, memTotal, idle, load1, wantLoad)
	}
}

// vmstatS is the number of vmstat -s's line ending in key.
func vmstatS(s, key string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasSuffix(l, key) {
			return strings.Fields(l)[0]
		}
	}
	return ""
}

// topTotal is the total of top's summary line starting with key ("MiB Mem :").
func topTotal(s, key string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, key) {
			if f := strings.Fields(strings.TrimPrefix(l, key)); len(f) > 0 {
				return f[0]
			}
		}
	}
	return ""
}

// statField is the value of /proc/stat's line starting with key.
func statField(s, key string) string {
	for _, l := range strings.Split(s, "\n") {
		if f := strings.Fields(l); len(f) == 2 && f[0] == key {
			return f[1]
		}
	}
	return ""
}
