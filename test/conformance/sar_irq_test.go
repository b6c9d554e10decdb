package conformance

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// -I (interrupts) and -n SOFT (softnet) against the real sar. procref binds files over /proc,
// but /proc/net is /proc/self/net (a bind there does not reach sadc's), so these tests run the
// real sar in a private mount namespace whose /proc is a tmpfs holding a copy of the folder's
// proc files (and, for a rendered view, its CPU folder bound over /sys/devices/system/cpu):
// sadc then reads exactly the frozen files ours reads through CGPROCPS_ROOT.

// tmpfsProcScript runs "$@" with /proc replaced by a copy of DIR/proc.
const tmpfsProcScript = `d=$1; shift
mount -t tmpfs none /proc || exit 97
cp -a "$d/proc/." /proc/ || exit 97
if [ -f "$d/sys/devices/system/cpu/uevent" ]; then
  mount --bind "$d/sys/devices/system/cpu" /sys/devices/system/cpu || exit 97
fi
exec "$@"`

// needTmpfsProc skips unless the test can make mount namespaces (root, unshare).
func needTmpfsProc(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root (a private mount namespace with a tmpfs /proc)")
	}
	if _, err := exec.LookPath("unshare"); err != nil {
		t.Skip("needs unshare")
	}
	if _, err := os.Stat("/usr/bin/sar"); err != nil {
		t.Skip("needs sysstat's sar")
	}
}

// refOverProc runs the real command over dir's proc files (see tmpfsProcScript).
func refOverProc(t *testing.T, env []string, dir string, cmd ...string) result {
	t.Helper()
	args := append([]string{"-m", "--propagation", "private", "--", "sh", "-c", tmpfsProcScript, "sh", dir}, cmd...)
	r := run(t, append([]string{"S_COLORS=never"}, env...), "unshare", args...)
	if r.code == 97 {
		t.Fatalf("tmpfs /proc set-up failed: %s", r.stderr)
	}
	return r
}

// synthInterrupts writes a /proc/interrupts for ncpu CPUs with varied counts and the
// kernel's odd lines: one-count ERR/MIS, names longer than sysstat keeps, leading spaces, and
// a line longer than sysstat's line buffer whose tail has a ':' (sysstat reads it as another
// row). With zeroCPU >= 0 that CPU's column is all zeros (sysstat hides it).
func synthInterrupts(ncpu, zeroCPU int, seed uint64) string {
	var b strings.Builder
	b.WriteString("      ")
	for c := 0; c < ncpu; c++ {
		fmt.Fprintf(&b, "     CPU%-2d", c)
	}
	b.WriteString("\n")
	x := seed
	val := func(c int) uint64 {
		x = x*6364136223846793005 + 1442695040888963407
		if c == zeroCPU {
			return 0
		}
		return (x >> 33) % 5000000
	}
	row := func(name, tail string) {
		fmt.Fprintf(&b, "%4s:", name)
		for c := 0; c < ncpu; c++ {
			fmt.Fprintf(&b, " %10d", val(c))
		}
		b.WriteString(tail + "\n")
	}
	for _, n := range []string{"0", "1", "8", "9", "12", "14", "15", "24", "25", "120", "4095"} {
		row(n, "   IO-APIC   "+n+"-edge      dev"+n)
	}
	row("NMI", "   Non-maskable interrupts")
	row("LOC", "   Local timer interrupts")
	row("LONGNAME9", "   a name longer than sysstat's 7 bytes")
	row("RES", "   Rescheduling interrupts"+strings.Repeat(" padding", 12+ncpu)+" tail:   77 88")
	b.WriteString("ERR:          5\nMIS:          0\n")
	row("PIW", "   Posted-interrupt wakeup event")
	return b.String()
}

// synthSoftnet writes softnet_stat lines for ncpu CPUs (with the CPU number column when
// withID, else the older 11-column layout), non-zero backlogs included.
func synthSoftnet(ncpu int, withID bool, seed uint64) string {
	var b strings.Builder
	x := seed
	r := func(m uint64) uint64 {
		x = x*6364136223846793005 + 1442695040888963407
		return (x >> 33) % m
	}
	for c := 0; c < ncpu; c++ {
		fmt.Fprintf(&b, "%08x %08x %08x 00000000 00000000 00000000 00000000 00000000 00000000 %08x %08x",
			r(1<<31), r(1000), r(5000), r(100000), r(300))
		if withID {
			fmt.Fprintf(&b, " %08x %08x 00000000 00000000", r(40), c)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func hostCPULines(t *testing.T, stat string) int {
	t.Helper()
	b, err := os.ReadFile(stat)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "cpu") && !strings.HasPrefix(l, "cpu ") {
			n++
		}
	}
	return n
}

func writeIRQSoft(t *testing.T, dir, irq, soft string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "proc", "net"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "proc", "interrupts"), []byte(irq), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "proc", "net", "softnet_stat"), []byte(soft), 0o644); err != nil {
		t.Fatal(err)
	}
}

var sarIRQOptions = [][]string{
	{"-I", "SUM"}, {"-I", "ALL"}, {"-I"}, {"-I", "SUM", "-P", "ALL"}, {"-I", "ALL", "-P", "1"}, {"-I", "ALL", "-P", "0,all"},
	{"-I", "--int=0-30,LOC,sum"}, {"-I", "SUM", "--int=LOC,NMI,1-3,LONGNAME9,LONGNAM"}, {"--int=8,RES", "-I", "ALL"},
	{"-p", "-I", "ALL", "-P", "ALL"}, {"-z", "-I", "ALL"}, {"--dec=0", "-I", "SUM", "-P", "ALL"},
	{"-n", "SOFT"}, {"-n", "SOFT", "-P", "ALL"}, {"-n", "SOFT", "-P", "0"}, {"-z", "-n", "SOFT", "-P", "ALL"},
	{"-p", "-n", "SOFT"}, {"-h", "-n", "SOFT", "-P", "ALL"}, {"-I", "SUM", "-n", "SOFT", "-u"},
	{"-n", "SOFT", "-P", "ALL", "-I", "SUM", "--dec=1"}, {"-n", "DEV,SOFT", "-P", "1"},
}

// sarIRQHosts are frozen host folders: this machine's own files, and synthetic ones (odd
// lines, a CPU without interrupts, softnet without CPU numbers).
func sarIRQHosts(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	live := sarFrozenHost(t)
	for _, f := range []string{"interrupts", "net/softnet_stat", "net/dev"} {
		b, err := os.ReadFile("/proc/" + f)
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Join(live, "proc", filepath.Dir(f)), 0o755)
		if err := os.WriteFile(filepath.Join(live, "proc", f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out["host"] = live
	n := hostCPULines(t, "/proc/stat")
	syn := sarFrozenHost(t)
	writeIRQSoft(t, syn, synthInterrupts(n, -1, 1), synthSoftnet(n, true, 2))
	out["synthetic"] = syn
	if n > 1 {
		old := sarFrozenHost(t)
		writeIRQSoft(t, old, synthInterrupts(n, n-1, 3), synthSoftnet(n, false, 4))
		out["synthetic-cpu-off"] = old
	}
	return out
}

func TestSarIRQSoftFrozenHost(t *testing.T) {
	needTmpfsProc(t)
	sar := filepath.Join(bin(t), "sar")
	var wg sync.WaitGroup
	var mu sync.Mutex
	sem := make(chan struct{}, 4)
	n := 0
	for name, dir := range sarIRQHosts(t) {
		for _, opts := range sarIRQOptions {
			for _, tail := range [][]string{{"0"}, {"1", "2"}} {
				args := append(append([]string{}, opts...), tail...)
				wg.Add(1)
				go func(name, dir string, args []string) {
					defer wg.Done()
					sem <- struct{}{}
					defer func() { <-sem }()
					ours := run(t, []string{"CGPROCPS_ROOT=" + dir}, sar, append([]string{"--host"}, args...)...)
					ref := refOverProc(t, nil, dir, append([]string{"sar"}, args...)...)
					ours.stdout, ref.stdout = maskSarTimes(ours.stdout), maskSarTimes(ref.stdout)
					if diff(t, name+": sar "+strings.Join(args, " "), ours, ref) {
						mu.Lock()
						n++
						mu.Unlock()
					}
				}(name, dir, args)
			}
		}
	}
	wg.Wait()
	t.Logf("%d -I / -n SOFT runs byte-identical", n)
}

// sarBlocks splits a report into its blocks (a header line and its rows), in order.
func sarBlocks(s string) []string { return strings.Split(s, "\n\n") }

// -A: real sar 12.6.1 prints reports cgprocps does not have (TTY, NFS, power, filesystems,
// PSI), so the -I and -n SOFT blocks are compared, and their place among the blocks both have.
func TestSarIRQSoftInA(t *testing.T) {
	needTmpfsProc(t)
	sar := filepath.Join(bin(t), "sar")
	for name, dir := range sarIRQHosts(t) {
		for _, tail := range [][]string{{"0"}, {"1", "1"}} {
			args := append([]string{"-A"}, tail...)
			ours := run(t, []string{"CGPROCPS_ROOT=" + dir}, sar, append([]string{"--host"}, args...)...)
			ref := refOverProc(t, nil, dir, append([]string{"sar"}, args...)...)
			pick := func(s string) (picked []string, order []string) {
				for _, b := range sarBlocks(maskSarTimes(s)) {
					first := strings.SplitN(b, "\n", 2)[0]
					switch {
					case strings.Contains(first, " INTR "), strings.Contains(first, "total/s"):
						picked = append(picked, b)
						order = append(order, strings.Fields(first)[1])
					case strings.Contains(first, "proc/s"), strings.Contains(first, "pswpin/s"), strings.Contains(first, "idgm6/s"):
						order = append(order, strings.Fields(first)[1])
					}
				}
				return
			}
			op, oo := pick(ours.stdout)
			rp, ro := pick(ref.stdout)
			what := name + ": sar " + strings.Join(args, " ")
			if len(op) == 0 {
				t.Errorf("%s: no -I / SOFT block:\n%s", what, ours.stdout)
			}
			if strings.Join(op, "\n\n") != strings.Join(rp, "\n\n") || strings.Join(oo, " ") != strings.Join(ro, " ") {
				t.Errorf("%s: -I/SOFT blocks differ\n--- ours (%v)\n%s\n--- sysstat (%v)\n%s", what, oo,
					strings.Join(op, "\n\n"), ro, strings.Join(rp, "\n\n"))
			}
		}
	}
}

// Container mode over every capture: the capture plus synthetic host interrupts and softnet
// files (with the capture host's CPU count); ours reads the capture, the real sar the
// `cgprocps procfs` view of it (the cpuset's first N CPUs' columns, renumbered).
func TestSarIRQSoftOverCaptures(t *testing.T) {
	needTmpfsProc(t)
	sar := filepath.Join(bin(t), "sar")
	opts := [][]string{{"-I", "ALL", "-P", "ALL"}, {"-I", "SUM"}, {"-n", "SOFT", "-P", "ALL"}, {"-I", "--int=0-9,LOC"},
		{"-n", "SOFT", "-I", "SUM", "-P", "ALL", "-u"}}
	n := 0
	for i, c := range captures(t) {
		c = withMachineDevices(t, c)
		ncpu := hostCPULines(t, filepath.Join(c, "proc", "stat"))
		writeIRQSoft(t, c, synthInterrupts(ncpu, -1, uint64(10+i)), synthSoftnet(ncpu, true, uint64(20+i)))
		view := render(t, c)
		if _, err := os.Stat(filepath.Join(view, "proc", "interrupts")); err != nil {
			t.Fatalf("%s: the rendered view has no proc/interrupts", filepath.Base(c))
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		for _, o := range opts {
			for _, tail := range [][]string{{"0"}, {"1", "1"}} {
				args := append(append([]string{}, o...), tail...)
				wg.Add(1)
				go func(args []string) {
					defer wg.Done()
					ours := run(t, []string{"CGPROCPS_ROOT=" + c}, sar, args...)
					ref := refOverProc(t, nil, view, append([]string{"sar"}, args...)...)
					ours.stdout, ref.stdout = maskSarTimes(ours.stdout), maskSarTimes(ref.stdout)
					if diff(t, filepath.Base(c)+": sar "+strings.Join(args, " "), ours, ref) {
						mu.Lock()
						n++
						mu.Unlock()
					}
				}(args)
			}
		}
		wg.Wait()
	}
	t.Logf("%d container-mode -I / -n SOFT runs byte-identical", n)
}

// -o then -f: each sar records over the same frozen folder (ours in its format, sadc in
// sysstat's), then each reads its own file back with the new reports' options.
func TestSarIRQSoftFileMode(t *testing.T) {
	needTmpfsProc(t)
	sar := filepath.Join(bin(t), "sar")
	readOpts := [][]string{{"-I", "SUM"}, {"-I", "ALL", "-P", "ALL"}, {"-n", "SOFT", "-P", "ALL"}, {"-I", "SUM", "-n", "SOFT"},
		{"-z", "-I", "ALL"}, {"-I", "--int=LOC,0-9"}, {"-p", "-n", "SOFT", "-P", "1"}}
	hosts := sarIRQHosts(t)
	type src struct{ name, ours, view string }
	var srcs []src
	for name, dir := range hosts {
		srcs = append(srcs, src{name, dir, dir})
	}
	for i, c := range captures(t) {
		if i > 1 {
			break // two captures (v1 first): the container-mode recording
		}
		c = withMachineDevices(t, c)
		ncpu := hostCPULines(t, filepath.Join(c, "proc", "stat"))
		writeIRQSoft(t, c, synthInterrupts(ncpu, -1, uint64(30+i)), synthSoftnet(ncpu, true, uint64(40+i)))
		srcs = append(srcs, src{filepath.Base(c), c, render(t, c)})
	}
	n := 0
	for _, s := range srcs {
		dir := t.TempDir()
		oursFile, refFile := filepath.Join(dir, "ours"), filepath.Join(dir, "ref")
		var w sync.WaitGroup
		w.Add(2)
		env := []string{"CGPROCPS_ROOT=" + s.ours}
		args := []string{"-o", oursFile, "1", "2"}
		if s.ours == s.view {
			args = append([]string{"--host"}, args...)
		}
		go func() { defer w.Done(); run(t, env, sar, args...) }()
		go func() { defer w.Done(); refOverProc(t, nil, s.view, "sar", "-o", refFile, "1", "2") }()
		w.Wait()
		for _, opts := range readOpts {
			ours := run(t, nil, sar, append([]string{"-f", oursFile}, opts...)...)
			ref := run(t, []string{"S_COLORS=never"}, "/usr/bin/sar", append([]string{"-f", refFile}, opts...)...)
			ours.stdout, ref.stdout = maskSarTimes(ours.stdout), maskSarTimes(ref.stdout)
			if diff(t, s.name+": sar -f "+strings.Join(opts, " "), ours, ref) {
				n++
			}
		}
	}
	t.Logf("%d -f reads byte-identical", n)
}

// Host mode live, beside the real sar: the layout with the numbers masked (the counters move
// between the two runs), for -I and -n SOFT.
func TestSarIRQSoftHostLayout(t *testing.T) {
	if _, err := os.Stat("/usr/bin/sar"); err != nil {
		t.Skip("sysstat's sar is not installed")
	}
	if _, err := os.Stat("/proc/net/softnet_stat"); err != nil {
		t.Skip("no /proc/net/softnet_stat here")
	}
	compareSarHostLayout(t, [][]string{{"-I", "SUM"}, {"-I", "ALL", "-P", "ALL"}, {"-n", "SOFT", "-P", "ALL"}, {"-I", "SUM", "-n", "SOFT"},
		{"-p", "-I", "ALL"}, {"--int=LOC,NMI,0-40", "-I", "-P", "0"}})
}
