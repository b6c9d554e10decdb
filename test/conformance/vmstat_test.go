package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/profile"
	"github.com/cgprocps/cgprocps/test/oracle"
)

// vmstat over every capture vs the real vmstat over `cgprocps procfs` of it. Byte for byte,
// except the since-start line's si so bi bo in cs: procps 4.0.2 divides them by the ticks of
// all CPUs (fixed in 4.0.3), ours divide by the uptime; the test computes those six values with
// the corrected arithmetic from the rendered files and puts them into the real line, checking
// first that re-laying the real line out with the original's widths gives its exact bytes.

var vmstatOneShot = [][]string{
	{}, {"-a"}, {"-w"}, {"-n"}, {"-S", "m"}, {"-S", "M"}, {"-S", "k"}, {"-S", "K"}, {"-S", "b"},
	{"-a", "-w"}, {"-t"}, {"-w", "-t"}, {"--active", "--wide", "--unit=M"},
	{"-s"}, {"-s", "-S", "m"}, {"-s", "-S", "k"}, {"--stats", "--unit", "M"}, {"-f"}, {"--forks"},
	// with a delay: the interval line over a still view (all deltas 0)
	{"-y", "1", "1"}, {"-y", "-a", "-w", "1", "1"}, {"1", "2"}, {"-n", "-S", "m", "1", "2"},
	// what one release accepts and another does not (3.3.17: no -y/--no-first)
	{"--no-first", "1", "1"}, {"-y"}, {"-x"},
}

var (
	vmTimestamp = regexp.MustCompile(`(?m) \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`)
	vmWidths    = []int{2, 2, 6, 6, 6, 6, 4, 4, 5, 5, 4, 4, 2, 2, 2, 2, 2}
	vmWide      = []int{4, 4, 12, 12, 12, 12, 4, 4, 5, 5, 4, 4, 3, 3, 3, 3, 3, 3}
)

// viewNumbers reads what the corrected since-start line needs from a rendered view.
type viewNumbers struct {
	pswpin, pswpout, pgpgin, pgpgout, intr, ctxt uint64
	uptime                                       float64
}

func readViewNumbers(t *testing.T, view string) viewNumbers {
	t.Helper()
	var n viewNumbers
	kv := func(file string, keys map[string]*uint64) {
		b, err := os.ReadFile(filepath.Join(view, "proc", file))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			f := strings.Fields(line)
			if len(f) >= 2 && keys[f[0]] != nil {
				*keys[f[0]], _ = strconv.ParseUint(f[1], 10, 64)
			}
		}
	}
	kv("vmstat", map[string]*uint64{"pswpin": &n.pswpin, "pswpout": &n.pswpout, "pgpgin": &n.pgpgin, "pgpgout": &n.pgpgout})
	kv("stat", map[string]*uint64{"intr": &n.intr, "ctxt": &n.ctxt})
	b, err := os.ReadFile(filepath.Join(view, "proc", "uptime"))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Sscan(string(b), &n.uptime)
	if n.uptime == 0 {
		n.uptime = 1
	}
	return n
}

// vmUnit is -S's divisor, 1024 by default.
func vmUnit(opts []string) float32 {
	for i, o := range opts {
		v := ""
		switch {
		case (o == "-S" || o == "--unit") && i+1 < len(opts):
			v = opts[i+1]
		case strings.HasPrefix(o, "--unit="):
			v = strings.TrimPrefix(o, "--unit=")
		}
		switch v {
		case "k":
			return 1000
		case "m":
			return 1000000
		case "M":
			return 1048576
		case "b", "B":
			return 1
		}
	}
	return 1024
}

// correctFirstLine puts the corrected si so bi bo in cs into the since-start line of a real
// default-mode report (the third line).
func correctFirstLine(t *testing.T, out string, opts []string, n viewNumbers) string {
	t.Helper()
	lines := strings.SplitAfter(out, "\n")
	if len(lines) < 3 {
		return out
	}
	line := strings.TrimSuffix(lines[2], "\n")
	ts := ""
	if loc := vmTimestamp.FindStringIndex(line); loc != nil {
		ts, line = line[loc[0]:], line[:loc[0]]
	}
	f := strings.Fields(line)
	widths := vmWidths
	if strings.HasPrefix(lines[0], "--procs--") && len(f) <= len(vmWide) {
		widths = vmWide[:len(f)] // 3.3.17's wide line has no gu
	}
	if len(f) != len(widths) {
		t.Fatalf("since-start line with %d fields: %q", len(f), line)
	}
	layout := func(f []string) string {
		var b strings.Builder
		for i, w := range widths {
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%*s", w, f[i])
		}
		return b.String()
	}
	if layout(f) != line {
		t.Fatalf("re-laid line %q is not the real one %q", layout(f), line)
	}
	unit := vmUnit(opts)
	page := uint64(os.Getpagesize() / 1024)
	conv := func(kib uint64) float64 { return float64(uint64(float32(kib) / unit * 1024)) }
	rate := func(x float64) string { return strconv.FormatUint(uint64(uint32(int64(x/n.uptime))), 10) }
	copy(f[6:12], []string{rate(conv(n.pswpin * page)), rate(conv(n.pswpout * page)),
		rate(float64(n.pgpgin)), rate(float64(n.pgpgout)), rate(float64(n.intr)), rate(float64(n.ctxt))})
	lines[2] = layout(f) + ts + "\n"
	return strings.Join(lines, "")
}

func hasOpt(opts []string, short byte, long string) bool {
	for _, o := range opts {
		if o == "--" {
			return false
		}
		if strings.HasPrefix(o, "--") {
			if o == "--"+long || strings.HasPrefix(o, "--"+long+"=") {
				return true
			}
			continue
		}
		if strings.HasPrefix(o, "-") && strings.IndexByte(o[1:], short) >= 0 {
			return true
		}
	}
	return false
}

// TestVmstatOverCaptures is a matrix (profiles_test.go): in each Debian root's column, our
// vmstat with the root's profile against the root's real vmstat over the view. The since-start
// line of 3.3.17 and 4.0.2 is corrected as above (both divide by all CPUs' ticks); 4.0.4's is
// compared as it is.
func TestVmstatOverCaptures(t *testing.T) {
	procref := oracle.Need(t)
	matrix(t, func(t *testing.T, col column) {
		compared := 0
		for _, c := range captures(t) {
			view := render(t, c)
			n := readViewNumbers(t, view)
			for _, opts := range vmstatOneShot {
				ours := run(t, col.env(c), filepath.Join(bin(t), "vmstat"), opts...)
				ref := run(t, nil, procref, col.procref(view, append([]string{"vmstat"}, opts...)...)...)
				if ref.code == 0 && col.profile.Procps != profile.Procps4_0_4 && !hasOpt(opts, 's', "stats") &&
					!hasOpt(opts, 'f', "forks") && !hasOpt(opts, 'y', "no-first") {
					ref.stdout = correctFirstLine(t, ref.stdout, opts, n)
				}
				ours.stdout = vmTimestamp.ReplaceAllString(ours.stdout, " TIMESTAMP")
				ref.stdout = vmTimestamp.ReplaceAllString(ref.stdout, " TIMESTAMP")
				diffRoot(t, fmt.Sprintf("%s vmstat %s over %s", col.name, strings.Join(opts, " "), filepath.Base(c)), ours, ref)
				if ours.code == 0 && ours.stderr != "" {
					t.Errorf("vmstat %v warned: %s", opts, ours.stderr)
				}
				compared++
			}
			// The rendered /proc/vmstat carries the container's counters, not the host's.
			b, _ := os.ReadFile(filepath.Join(c, "proc", "vmstat"))
			if strings.Contains(string(b), "\npgfault ") && n.pgpgin == 0 && n.pgpgout == 0 {
				vb, _ := os.ReadFile(filepath.Join(view, "proc", "vmstat"))
				if string(vb) == string(b) {
					t.Errorf("the rendered /proc/vmstat is the host's")
				}
			}
			compared += vmstatDisks(t, procref, col, c, view)
		}
		// -V names the profile's release.
		ours := run(t, col.env(""), filepath.Join(bin(t), "vmstat"), "-V")
		if want := "vmstat from procps-ng " + col.profile.Procps.String() + " ("; !strings.HasPrefix(ours.stdout, want) {
			t.Errorf("vmstat -V: %q, want %q...", ours.stdout, want)
		}
		t.Logf("%s: %d vmstat command lines compared", col.name, compared)
	})
}

// vmstatDisks compares -d, -D and -p over the view, when the view carries its own
// /proc/diskstats (the container's disk view; the real vmstat would otherwise read the
// machine's own file, which no capture can match).
func vmstatDisks(t *testing.T, procref string, col column, c, view string) int {
	b, err := os.ReadFile(filepath.Join(view, "proc", "diskstats"))
	if err != nil {
		t.Logf("%s: no rendered /proc/diskstats: -d/-D/-p not compared over the view", filepath.Base(c))
		return 0
	}
	cases := [][]string{{"-d"}, {"-d", "-w"}, {"-d", "-t"}, {"-d", "-n"}, {"-D"}, {"-p", "nosuchdev"}}
	disks := map[string]bool{}
	if ents, err := os.ReadDir(filepath.Join(view, "sys", "block")); err == nil {
		for _, e := range ents {
			disks[e.Name()] = true
		}
	}
	part, disk := "", ""
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 {
			continue
		}
		if disks[f[2]] && disk == "" {
			disk = f[2]
		}
		if !disks[f[2]] && part == "" {
			part = f[2]
		}
	}
	for _, d := range []string{disk, part} {
		if d != "" {
			cases = append(cases, []string{"-p", d}, []string{"-p", "/dev/" + d})
		}
	}
	for _, opts := range cases {
		ours := run(t, col.env(c), filepath.Join(bin(t), "vmstat"), opts...)
		ref := run(t, nil, procref, col.procref(view, append([]string{"vmstat"}, opts...)...)...)
		ours.stdout = vmTimestamp.ReplaceAllString(ours.stdout, " TIMESTAMP")
		ref.stdout = vmTimestamp.ReplaceAllString(ref.stdout, " TIMESTAMP")
		diffRoot(t, fmt.Sprintf("%s vmstat %s over %s", col.name, strings.Join(opts, " "), filepath.Base(c)), ours, ref)
	}
	return len(cases)
}

// hostSnapshot copies this machine's /proc files vmstat reads into a folder (and names its
// /sys/block disks there), so our vmstat --host and the real one over procref see one instant.
func hostSnapshot(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"proc", "sys/block"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"stat", "vmstat", "meminfo", "uptime", "diskstats"} {
		b, err := os.ReadFile("/proc/" + f)
		if err != nil {
			t.Skipf("/proc/%s: %v", f, err)
		}
		if err := os.WriteFile(filepath.Join(dir, "proc", f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ents, _ := os.ReadDir("/sys/block")
	for _, e := range ents {
		os.MkdirAll(filepath.Join(dir, "sys/block", e.Name()), 0o755)
	}
	return dir
}

// Host mode, byte for byte: our vmstat --host over a snapshot of this machine's files vs the
// real vmstat with the same snapshot bound over /proc (the since-start line corrected as over
// the captures). /sys/block is the machine's own on both sides.
func TestVmstatHostSnapshot(t *testing.T) {
	procref := oracle.Need(t)
	snap := hostSnapshot(t)
	n := readViewNumbers(t, snap)
	cases := append([][]string{}, vmstatOneShot...)
	cases = append(cases, []string{"-d"}, []string{"-d", "-w"}, []string{"-d", "-t"}, []string{"-D"},
		[]string{"-d", "-n", "1", "2"}, []string{"-p", "nosuchdev"})
	b, _ := os.ReadFile(filepath.Join(snap, "proc", "diskstats"))
	parts := 0
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) > 3 && parts < 3 {
			cases = append(cases, []string{"-p", f[2]}, []string{"-p", "/dev/" + f[2]})
			parts++
		}
	}
	for _, opts := range cases {
		ours := run(t, []string{"CGPROCPS_ROOT=" + snap}, filepath.Join(bin(t), "vmstat"), append([]string{"--host"}, opts...)...)
		ref := run(t, nil, procref, append([]string{snap, "vmstat"}, opts...)...)
		if ref.code == 0 && !hasOpt(opts, 's', "stats") && !hasOpt(opts, 'f', "forks") && !hasOpt(opts, 'y', "no-first") &&
			!hasOpt(opts, 'd', "disk") && !hasOpt(opts, 'D', "disk-sum") && !hasOpt(opts, 'p', "partition") {
			ref.stdout = correctFirstLine(t, ref.stdout, opts, n)
		}
		ours.stdout = vmTimestamp.ReplaceAllString(ours.stdout, " TIMESTAMP")
		ref.stdout = vmTimestamp.ReplaceAllString(ref.stdout, " TIMESTAMP")
		diff(t, "vmstat --host "+strings.Join(opts, " "), ours, ref)
	}
	t.Logf("%d command lines compared over a snapshot of this machine", len(cases))
}

// Host mode live vs /usr/bin/vmstat: -f (one fork apart), and of the default reports the two
// header lines byte for byte and the data line's field count and its fields that do not move
// between two runs: swpd, si, so, wa, st. (-s: every label, and the values that do not move.)
func TestVmstatHostMode(t *testing.T) {
	const orig = "/usr/bin/vmstat"
	if _, err := os.Stat(orig); err != nil {
		t.Skipf("%s missing: scripts/install-test-deps installs procps", orig)
	}
	// -f: the real vmstat, started after ours, counts its own fork and the machine's others in
	// between (other jobs fork all the time): ours must be 1 to 50 less, in the same layout.
	fork := regexp.MustCompile(`^ *(\d+) forks\n$`)
	fo := run(t, nil, filepath.Join(bin(t), "vmstat"), "--host", "-f")
	fr := run(t, nil, orig, "-f")
	mo, mr := fork.FindStringSubmatch(fo.stdout), fork.FindStringSubmatch(fr.stdout)
	if mo == nil || mr == nil {
		t.Fatalf("vmstat -f: %q, real %q", fo.stdout, fr.stdout)
	}
	a, _ := strconv.ParseUint(mo[1], 10, 64)
	r, _ := strconv.ParseUint(mr[1], 10, 64)
	if fo.stdout != fmt.Sprintf("%13d forks\n", a) || r < a+1 || r > a+50 {
		t.Errorf("vmstat --host -f: %q, real %q", fo.stdout, fr.stdout)
	}
	// -m: the live /proc/slabinfo (root only). Object counts move all the time; the cache
	// names, object sizes and objects per slab do not: those columns and the layout byte for
	// byte (header repeats included), with retries for a cache created or destroyed between.
	if _, err := os.ReadFile("/proc/slabinfo"); err == nil {
		numCols := regexp.MustCompile(`(?m)^(.{24}) +\d+ +\d+ `)
		for _, opts := range [][]string{{"-m"}, {"-m", "-n"}} {
			var mo, mr result
			for try := 0; try < 5; try++ {
				mo = run(t, nil, filepath.Join(bin(t), "vmstat"), append([]string{"--host"}, opts...)...)
				mr = run(t, nil, orig, opts...)
				mo.stdout = numCols.ReplaceAllString(mo.stdout, "$1 NUM TOTAL ")
				mr.stdout = numCols.ReplaceAllString(mr.stdout, "$1 NUM TOTAL ")
				if mo.stdout == mr.stdout {
					break
				}
			}
			diff(t, "vmstat --host "+strings.Join(opts, " "), mo, mr)
		}
	}
	// -s: every line's label; the values of the lines that do not move.
	stableS := map[string]bool{"K total memory": true, "K total swap": true, "nice user cpu ticks": true,
		"IRQ cpu ticks": true, "stolen cpu ticks": true, "non-nice guest cpu ticks": true,
		"nice guest cpu ticks": true, "boot time": true, "pages swapped in": true, "pages swapped out": true}
	ours := run(t, nil, filepath.Join(bin(t), "vmstat"), "--host", "-s")
	ref := run(t, nil, orig, "-s")
	ol, rl := strings.Split(ours.stdout, "\n"), strings.Split(ref.stdout, "\n")
	if len(ol) != len(rl) {
		t.Fatalf("vmstat -s: %d lines, real %d", len(ol), len(rl))
	}
	for i := range ol {
		if len(ol[i]) < 14 || len(rl[i]) < 14 {
			if ol[i] != rl[i] {
				t.Errorf("vmstat -s line %d: %q, real %q", i, ol[i], rl[i])
			}
			continue
		}
		if ol[i][14:] != rl[i][14:] || (stableS[rl[i][14:]] && ol[i] != rl[i]) {
			t.Errorf("vmstat -s line %d: %q, real %q", i, ol[i], rl[i])
		}
	}
	for _, opts := range [][]string{{}, {"-w"}, {"-a"}, {"-t"}, {"-S", "m"}} {
		ours := run(t, nil, filepath.Join(bin(t), "vmstat"), append([]string{"--host"}, opts...)...)
		ref := run(t, nil, orig, opts...)
		ol, rl := strings.Split(ours.stdout, "\n"), strings.Split(ref.stdout, "\n")
		if len(ol) != 4 || len(rl) != 4 || ol[0] != rl[0] || ol[1] != rl[1] {
			t.Errorf("vmstat %v: headers differ\n--- ours\n%s--- real\n%s", opts, ours.stdout, ref.stdout)
			continue
		}
		of, rf := strings.Fields(ol[2]), strings.Fields(rl[2])
		if len(of) != len(rf) {
			t.Errorf("vmstat %v: %d fields, real %d", opts, len(of), len(rf))
			continue
		}
		for _, i := range []int{2, 6, 7, 15, 16} {
			if of[i] != rf[i] {
				t.Errorf("vmstat %v: field %d is %s, real %s", opts, i, of[i], rf[i])
			}
		}
	}
}
