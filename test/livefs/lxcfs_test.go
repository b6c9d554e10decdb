package livefs

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// latencyEnv makes the test binary the latency loop of TestBesideLXCFS: "N GAP DIR1 DIR2";
// it opens, reads and closes proc/meminfo and proc/stat N times under each folder, the two
// folders alternately, sleeping GAP after each pair, and prints "FILE DIR median-ns p90-ns"
// lines.
const latencyEnv = "CGPROCPS_LIVEFS_LATENCY"

func latencyLoop(arg string) int {
	f := strings.Fields(arg)
	n, _ := strconv.Atoi(f[0])
	gap, _ := time.ParseDuration(f[1])
	dirs := f[2:]
	buf := make([]byte, 64<<10)
	for _, file := range []string{"proc/meminfo", "proc/stat"} {
		ds := make([][]time.Duration, len(dirs))
		for i := 0; i < n; i++ {
			for d, dir := range dirs {
				start := time.Now()
				fd, err := syscall.Open(filepath.Join(dir, file), syscall.O_RDONLY, 0)
				if err != nil {
					fmt.Println("FAIL", err)
					return 1
				}
				for {
					k, err := syscall.Read(fd, buf)
					if err != nil {
						fmt.Println("FAIL", err)
						return 1
					}
					if k == 0 {
						break
					}
				}
				syscall.Close(fd)
				ds[d] = append(ds[d], time.Since(start))
			}
			time.Sleep(gap)
		}
		for d, dir := range dirs {
			sort.Slice(ds[d], func(i, j int) bool { return ds[d][i] < ds[d][j] })
			fmt.Println(file, dir, int64(ds[d][n/2]), int64(ds[d][n*9/10]))
		}
	}
	return 0
}

// startLXCFS runs Debian's lxcfs (loadavg and CPU-quota views on) on a new folder until
// the test ends.
func startLXCFS(t *testing.T) string {
	t.Helper()
	requireTools(t, "lxcfs", "unshare")
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "mnt")
	os.Mkdir(dir, 0o755)
	var out bytes.Buffer
	cmd := exec.Command("lxcfs", "-f", "-l", "--enable-cfs", "-p", filepath.Join(tmp, "pid"), dir)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if isMounted(dir) {
			syscall.Unmount(dir, syscall.MNT_DETACH)
		}
	})
	for i := 0; i < 100; i++ {
		if _, err := os.Stat(filepath.Join(dir, "proc/meminfo")); err == nil {
			return dir
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("lxcfs did not mount: %s", out.String())
	return ""
}

// withBlkio adds g to a blkio group of its name (LXCFS and we read its I/O there).
func withBlkio(t *testing.T, g *group) string {
	d := filepath.Join(cgroupRoot, "blkio", g.name)
	if _, err := os.Stat(filepath.Join(cgroupRoot, "blkio", "cgroup.procs")); err != nil {
		t.Skip("no cgroup v1 blkio hierarchy")
	}
	if err := os.Mkdir(d, 0o755); err != nil && !os.IsExist(err) {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for i := 0; i < 50 && os.Remove(d) != nil; i++ {
			time.Sleep(20 * time.Millisecond)
		}
	})
	return "echo $$ > " + d + "/cgroup.procs && "
}

// lxFiles are the files both serve.
var lxFiles = []string{"proc/meminfo", "proc/cpuinfo", "proc/stat", "proc/uptime", "proc/loadavg", "proc/diskstats", "proc/swaps", "sys/devices/system/cpu/online"}

// Beside LXCFS 5.0.3: one reader in the group, in its own PID namespace (LXCFS maps a
// reader to the cgroup of its PID namespace's init; we map it to its own, the same group
// here), reads every file both serve through both, one right after the other. The
// agreements and the differences of the table in docs/livefs.md are asserted; then the
// latency of meminfo and stat through each, interleaved.
func TestBesideLXCFS(t *testing.T) {
	m := mount(t)
	lx := startLXCFS(t)
	g := newGroup(t, "lxcfs", 256<<20, 50000, "1")
	blk := withBlkio(t, g)
	var script strings.Builder
	for _, f := range lxFiles {
		fmt.Fprintf(&script, "echo '@@ %s'; cat %s/%s; echo '@@'; cat %s/%s; ", f, m.dir, f, lx, f)
	}
	out := g.run(t, blk+`exec unshare -pf --kill-child sh -c "$1"`, script.String())
	ours, theirs := map[string]string{}, map[string]string{}
	for _, part := range strings.Split(out, "@@ ")[1:] {
		name, rest, _ := strings.Cut(part, "\n")
		a, b, _ := strings.Cut(rest, "@@\n")
		ours[name], theirs[name] = a, b
	}
	host := map[string]string{}
	for _, f := range lxFiles {
		host[f] = readFile(t, "/"+f)
		if ours[f] == "" && f != "proc/diskstats" || theirs[f] == "" {
			t.Fatalf("%s: ours %q, LXCFS %q", f, ours[f], theirs[f])
		}
	}
	kB := func(s, k string) int64 {
		n, _ := strconv.ParseInt(strings.TrimSuffix(field(s, k), " kB"), 10, 64)
		return n
	}
	near := func(a, b, tol int64) bool { return a-b <= tol && b-a <= tol }

	// meminfo: the same fields in the same order; the group's numbers agree (within 1 MiB:
	// the reader runs between the two reads); MemAvailable differs by Shmem at most (LXCFS
	// counts Shmem as reclaimable, docs/semantics.md); LXCFS passes the host's kernel
	// memory (KReclaimable, KernelStack, PageTables, Percpu), which v1 does not count per
	// group: ours are the group's (0 here).
	mo, mt, mh := ours["proc/meminfo"], theirs["proc/meminfo"], host["proc/meminfo"]
	keys := func(s string) string {
		var k []string
		for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
			k = append(k, strings.SplitN(l, ":", 2)[0])
		}
		return strings.Join(k, " ")
	}
	if keys(mo) != keys(mt) {
		t.Errorf("meminfo fields: ours %s\nLXCFS %s", keys(mo), keys(mt))
	}
	for _, k := range []string{"MemTotal", "SwapTotal", "SwapFree", "HugePages_Total", "Hugepagesize"} {
		if field(mo, k) != field(mt, k) {
			t.Errorf("meminfo %s: ours %q, LXCFS %q", k, field(mo, k), field(mt, k))
		}
	}
	if kB(mo, "MemTotal") != 262144 {
		t.Errorf("MemTotal %d", kB(mo, "MemTotal"))
	}
	for _, k := range []string{"MemFree", "Cached", "Active(file)", "Inactive(file)", "Shmem", "Mapped", "Dirty"} {
		if !near(kB(mo, k), kB(mt, k), 1024) {
			t.Errorf("meminfo %s: ours %d kB, LXCFS %d kB", k, kB(mo, k), kB(mt, k))
		}
	}
	if d := kB(mo, "MemAvailable") - kB(mt, "MemAvailable"); d < -1024 || d > kB(mt, "Shmem")+1024 {
		t.Errorf("MemAvailable: ours %d, LXCFS %d kB (Shmem %d)", kB(mo, "MemAvailable"), kB(mt, "MemAvailable"), kB(mt, "Shmem"))
	}
	for _, k := range []string{"KReclaimable", "KernelStack", "PageTables", "Percpu"} {
		if kB(mh, k) > 1024 && (!near(kB(mt, k), kB(mh, k), kB(mh, k)/2) || kB(mo, k) >= kB(mh, k)/2) {
			t.Errorf("meminfo %s: ours %d, LXCFS %d, host %d kB: want LXCFS near the host's, ours the group's", k, kB(mo, k), kB(mt, k), kB(mh, k))
		}
	}

	// cpuinfo: one processor each (cpuset 1, renumbered 0), the same CPU; siblings and cpu
	// cores are the container's 1 in ours, the host's in LXCFS's.
	co, ct := ours["proc/cpuinfo"], theirs["proc/cpuinfo"]
	if strings.Count(co, "processor\t:") != 1 || strings.Count(ct, "processor\t:") != 1 ||
		field(co, "processor\t") != "0" || field(ct, "processor\t") != "0" || field(co, "apicid\t\t") != field(ct, "apicid\t\t") {
		t.Errorf("cpuinfo: ours\n%s\nLXCFS\n%s", co, ct)
	}
	if field(co, "siblings\t") != "1" || field(ct, "siblings\t") != field(host["proc/cpuinfo"], "siblings\t") {
		t.Errorf("cpuinfo siblings: ours %q, LXCFS %q", field(co, "siblings\t"), field(ct, "siblings\t"))
	}

	// stat: cpu and cpu0 in both, user+system the group's cpuacct ticks in both (within a
	// few ticks), btime the host's in both; intr, ctxt, softirq and processes are the
	// host's in LXCFS's, the group's (or 0: not attributable) in ours.
	so, st := ours["proc/stat"], theirs["proc/stat"]
	lines := func(s, prefix string) (out []string) {
		for _, l := range strings.Split(s, "\n") {
			if strings.HasPrefix(l, prefix) {
				out = append(out, l)
			}
		}
		return out
	}
	if len(lines(so, "cpu")) != 2 || len(lines(st, "cpu")) != 2 || statField(so, "btime") != statField(st, "btime") {
		t.Errorf("stat: ours\n%s\nLXCFS\n%s", so, st)
	}
	busy := func(s string) int64 {
		f := strings.Fields(lines(s, "cpu ")[0])
		u, _ := strconv.ParseInt(f[1], 10, 64)
		y, _ := strconv.ParseInt(f[3], 10, 64)
		return u + y
	}
	if !near(busy(so), busy(st), 10) {
		t.Errorf("stat busy ticks: ours %d, LXCFS %d", busy(so), busy(st))
	}
	if lines(so, "intr ")[0] != "intr 0" || len(lines(st, "intr ")[0]) < 100 {
		t.Errorf("stat intr: ours %.40q, LXCFS %.40q", lines(so, "intr ")[0], lines(st, "intr ")[0])
	}
	po, _ := strconv.Atoi(statField(so, "processes"))
	pt, _ := strconv.Atoi(statField(st, "processes"))
	co2, _ := strconv.Atoi(statField(so, "ctxt"))
	ct2, _ := strconv.Atoi(statField(st, "ctxt"))
	hc, _ := strconv.Atoi(statField(host["proc/stat"], "ctxt"))
	if po > 20 || pt < 1000 || co2 > hc/100 || ct2 < hc/2 {
		t.Errorf("stat processes, ctxt: ours %d, %d (the group's), LXCFS %d, %d (the host's, ctxt %d)", po, co2, pt, ct2, hc)
	}

	// uptime: the group's age in both (its PID namespace's init, started a moment ago).
	uo, ut := strings.Fields(ours["proc/uptime"]), strings.Fields(theirs["proc/uptime"])
	a, _ := strconv.ParseFloat(uo[0], 64)
	b, _ := strconv.ParseFloat(ut[0], 64)
	if a > 5 || b > 5 || a-b > 1 || b-a > 1 {
		t.Errorf("uptime: ours %v, LXCFS %v", uo, ut)
	}

	// loadavg: an idle group, 0.00 in both (LXCFS samples the group; ours counts its
	// running threads without a sampler); the 4th and 5th fields differ (docs/livefs.md).
	lo, lt := strings.Fields(ours["proc/loadavg"]), strings.Fields(theirs["proc/loadavg"])
	if len(lo) != 5 || len(lt) != 5 || strings.Join(lo[:3], " ") != "0.00 0.00 0.00" || strings.Join(lt[:3], " ") != "0.00 0.00 0.00" {
		t.Errorf("loadavg: ours %v, LXCFS %v", lo, lt)
	}

	// diskstats: ours lists the devices the group did I/O on, from blkio.throttle; LXCFS
	// 5.0.3 on v1 reads blkio.io_*_recursive, which exist only under BFQ: without them it
	// lists every device of the host's file.
	devs := func(s string) (d []string) {
		for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
			if f := strings.Fields(l); len(f) > 3 {
				d = append(d, f[2])
			}
		}
		return d
	}
	if fmt.Sprint(devs(theirs["proc/diskstats"])) != fmt.Sprint(devs(host["proc/diskstats"])) {
		t.Errorf("LXCFS diskstats devices %v, host's %v", devs(theirs["proc/diskstats"]), devs(host["proc/diskstats"]))
	}
	for _, d := range devs(ours["proc/diskstats"]) {
		if !strings.Contains(" "+strings.Join(devs(host["proc/diskstats"]), " ")+" ", " "+d+" ") {
			t.Errorf("our diskstats lists %s, not a host device", d)
		}
	}
	if len(devs(ours["proc/diskstats"])) >= len(devs(host["proc/diskstats"])) {
		t.Errorf("our diskstats lists every host device:\n%s", ours["proc/diskstats"])
	}

	// swaps: the same rows (none on a host without swap); the header's spacing differs.
	if fmt.Sprint(strings.Fields(ours["proc/swaps"])) != fmt.Sprint(strings.Fields(theirs["proc/swaps"])) {
		t.Errorf("swaps: ours %q, LXCFS %q", ours["proc/swaps"], theirs["proc/swaps"])
	}
	// online: the same.
	if ours["sys/devices/system/cpu/online"] != "0\n" || theirs["sys/devices/system/cpu/online"] != "0\n" {
		t.Errorf("online: ours %q, LXCFS %q", ours["sys/devices/system/cpu/online"], theirs["sys/devices/system/cpu/online"])
	}

	// Latency: open+read+close of meminfo and stat, ours and LXCFS's alternately, from one
	// reader in the group (in its own PID namespace for LXCFS). Back to back, ours are mostly
	// the 100 ms cache's; CGPROCPS_LIVEFS_LATENCY_GAP=110ms (by hand: 100 pairs take 22 s)
	// makes every one of ours a fresh rendering.
	n, gap := 500, time.Duration(0)
	if v := os.Getenv("CGPROCPS_LIVEFS_LATENCY_GAP"); v != "" {
		gap, _ = time.ParseDuration(v)
		n = 100
	}
	cmd := g.cmd(blk+`exec unshare -pf --kill-child "$@"`, os.Args[0])
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d %s %s %s", latencyEnv, n, gap, m.dir, lx))
	res, err := cmd.Output()
	if err != nil || strings.Contains(string(res), "FAIL") {
		t.Fatalf("latency loop: %v\n%s", err, res)
	}
	med := map[string]float64{}
	for _, l := range strings.Split(strings.TrimSpace(string(res)), "\n") {
		f := strings.Fields(l)
		v, _ := strconv.ParseFloat(f[2], 64)
		p90, _ := strconv.ParseFloat(f[3], 64)
		who := "ours"
		if f[1] == lx {
			who = "lxcfs"
		}
		med[f[0]+" "+who] = v
		t.Logf("%s %s: median %.0f µs, p90 %.0f µs", f[0], who, v/1e3, p90/1e3)
	}
	for _, f := range []string{"proc/meminfo", "proc/stat"} {
		r := med[f+" ours"] / med[f+" lxcfs"]
		t.Logf("%s: ours/LXCFS median = %.2f", f, r)
		// The goal is at most LXCFS's; a loaded CI machine gets 3x slack before failing.
		if r > 3 {
			t.Errorf("%s: ours %.0f µs, LXCFS %.0f µs per read", f, med[f+" ours"]/1e3, med[f+" lxcfs"]/1e3)
		}
	}
}
