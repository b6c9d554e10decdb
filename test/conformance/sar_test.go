package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/cgprocps/cgprocps/internal/mutate"
	"github.com/cgprocps/cgprocps/test/oracle"
)

// sar over the captures: our sar with CGPROCPS_ROOT=capture against the real sar (with its
// sadc) under procref over `cgprocps procfs` of the capture. Both take their two samples of an
// interval from the same frozen files, so every rate is 0 and the CPU rows show sysstat's
// zero-interval rules (all: 0.00 everywhere; a CPU without ticks: 100.00 idle); the
// instantaneous reports (-r, -S, -q) show the capture's values. The time columns are masked.

var sarCaptureOptions = [][]string{
	{"-u"}, {"-u", "ALL"}, {"-P", "ALL"}, {"-P", "0"}, {"-P", "1,all"}, {"-r"}, {"-r", "ALL"}, {"-S"},
	{"-q"}, {"-w"}, {"-b"}, {"-B"}, {"-W"}, {"-d"}, {"-h", "-r"}, {"-u", "-r", "-q"}, {"-rS"},
	{"--dec=0", "-r", "-q"}, {"-p", "-d"}, {"-H"}, {"-h", "-H", "-r"},
	// Several samples: headers again before each sample and the Average block, or not.
	{"-P", "ALL", "1", "2"}, {"-u", "-q", "1", "2"}, {"-r", "1", "3"},
}

// sarArgs appends "1 1" unless the option set ends with its own interval and count.
func sarArgs(opts []string, tail ...string) []string {
	if n := len(opts); n >= 2 && sarIsNumber(opts[n-1]) && sarIsNumber(opts[n-2]) {
		if len(tail) == 1 { // since boot: interval 0 alone
			opts = opts[:n-2]
		} else {
			return append([]string{}, opts...)
		}
	}
	return append(append([]string{}, opts...), tail...)
}

func sarIsNumber(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// sarNeeds names the rendered file a report needs: without it procref leaves the host's own
// file in place and the real sar reads live counters, so the comparison says nothing.
func sarNeeds(opts []string) string {
	for _, o := range opts {
		switch {
		case o == "-b" || o == "-d":
			return "proc/diskstats"
		case o == "-B" || o == "-W":
			return "proc/vmstat"
		}
	}
	return ""
}

var sarClock = regexp.MustCompile(`(?m)^\d\d:\d\d:\d\d( [AP]M)?`)

// withMachineDevices copies a capture and gives each of its sys/block/<dev> folders a
// `device` entry exactly when this machine's /sys/block/<dev> has one. sysstat counts a disk
// for -b only when /sys/block/<dev>/device exists; procref binds the rendered sys/block file by
// file, so the real sar sees this machine's `device` entries while ours reads the capture's
// (captures carry none): the copy makes both see the same disks.
func withMachineDevices(t *testing.T, capture string) string {
	t.Helper()
	dst := t.TempDir()
	if err := mutate.CopyTree(capture, dst); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(filepath.Join(dst, "sys", "block"))
	for _, e := range ents {
		if _, err := os.Stat(filepath.Join("/sys/block", e.Name(), "device")); err == nil {
			if err := os.MkdirAll(filepath.Join(dst, "sys", "block", e.Name(), "device"), 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dst
}

func maskSarTimes(s string) string { return sarClock.ReplaceAllString(s, "HH:MM:SS") }

func TestSarOverCaptures(t *testing.T) {
	procref := oracle.Need(t)
	sar := filepath.Join(bin(t), "sar")
	type job struct {
		capture, view string
		opts          []string
	}
	var jobs []job
	for _, c := range captures(t) {
		c = withMachineDevices(t, c)
		view := render(t, c)
		for _, opts := range sarCaptureOptions {
			if need := sarNeeds(opts); need != "" {
				if _, err := os.Stat(filepath.Join(view, need)); err != nil {
					t.Logf("%s: sar %v not compared: the rendered view has no %s yet", filepath.Base(c), opts, need)
					continue
				}
			}
			jobs = append(jobs, job{c, view, opts})
		}
	}
	// Each run sleeps one second: run them side by side, a few at a time.
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	var mu sync.Mutex
	compared := 0
	for _, j := range jobs {
		wg.Add(1)
		go func(j job) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			args := sarArgs(j.opts, "1", "1")
			ours := run(t, []string{"CGPROCPS_ROOT=" + j.capture}, sar, args...)
			ref := run(t, []string{"S_COLORS=never"}, procref, append([]string{j.view, "sar"}, args...)...)
			ours.stdout, ref.stdout = maskSarTimes(ours.stdout), maskSarTimes(ref.stdout)
			what := filepath.Base(j.capture) + ": sar " + strings.Join(args, " ")
			if diff(t, what, ours, ref) {
				mu.Lock()
				compared++
				mu.Unlock()
			}
			if ours.stderr != "" {
				t.Errorf("%s warned: %s", what, ours.stderr)
			}
		}(j)
	}
	wg.Wait()
	t.Logf("%d sar reports byte-identical over %d captures", compared, len(captures(t)))
}

// Interval 0 is sar's "since boot" line: one sample against zero counters, so the rates and
// CPU percentages carry the capture's own numbers (not the zeros of a frozen interval).
func TestSarSinceBootOverCaptures(t *testing.T) {
	procref := oracle.Need(t)
	sar := filepath.Join(bin(t), "sar")
	n := 0
	for _, c := range captures(t) {
		c = withMachineDevices(t, c)
		view := render(t, c)
		for _, opts := range sarCaptureOptions {
			if sarNeeds(opts) != "" {
				if _, err := os.Stat(filepath.Join(view, sarNeeds(opts))); err != nil {
					continue
				}
			}
			args := sarArgs(opts, "0")
			ours := run(t, []string{"CGPROCPS_ROOT=" + c}, sar, args...)
			ref := run(t, []string{"S_COLORS=never"}, procref, append([]string{view, "sar"}, args...)...)
			ours.stdout, ref.stdout = maskSarTimes(ours.stdout), maskSarTimes(ref.stdout)
			if diff(t, filepath.Base(c)+": sar "+strings.Join(args, " "), ours, ref) {
				n++
			}
		}
	}
	t.Logf("%d since-boot reports byte-identical", n)
}

// File mode: each sar records two intervals with -o (the real one through sadc, ours in its own
// format), then both read their file back with -f and several report options: the file-mode
// layout (one block per report, Average rows) must be the same.
func TestSarFileModeOverCaptures(t *testing.T) {
	procref := oracle.Need(t)
	sar := filepath.Join(bin(t), "sar")
	readOpts := [][]string{{}, {"-u", "-r", "-q"}, {"-P", "ALL"}, {"-A"}, {"-rS", "-w"}, {"-q", "1"}, {"-u", "2"}, {"-P", "ALL", "-i", "3"},
		{"-H"}, {"-h", "-H", "-r"}}
	var wg sync.WaitGroup
	for _, c := range captures(t) {
		view := render(t, c)
		wg.Add(1)
		go func(c, view string) {
			defer wg.Done()
			dir := t.TempDir()
			oursFile, refFile := filepath.Join(dir, "ours"), filepath.Join(dir, "ref")
			var w sync.WaitGroup
			w.Add(2)
			go func() { defer w.Done(); run(t, []string{"CGPROCPS_ROOT=" + c}, sar, "-o", oursFile, "1", "2") }()
			go func() { defer w.Done(); run(t, nil, procref, view, "sar", "-o", refFile, "1", "2") }()
			w.Wait()
			for _, opts := range readOpts {
				if len(opts) > 0 && opts[0] == "-A" {
					continue // real -A has reports cgprocps does not (docs/sar.md)
				}
				ours := run(t, nil, sar, append([]string{"-f", oursFile}, opts...)...)
				ref := run(t, []string{"S_COLORS=never"}, "/usr/bin/sar", append([]string{"-f", refFile}, opts...)...)
				ours.stdout, ref.stdout = maskSarTimes(ours.stdout), maskSarTimes(ref.stdout)
				diff(t, filepath.Base(c)+": sar -f "+strings.Join(opts, " "), ours, ref)
			}
		}(c, view)
	}
	wg.Wait()
}

// TestSarCapturesHaveValues guards against a comparison of empty reports: the -r and -q
// rows over each capture carry the capture's numbers.
func TestSarCapturesHaveValues(t *testing.T) {
	sar := filepath.Join(bin(t), "sar")
	for _, c := range captures(t) {
		r := run(t, []string{"CGPROCPS_ROOT=" + c}, sar, "-r", "1", "1")
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		if r.code != 0 || len(lines) != 5 {
			t.Fatalf("%s: sar -r: exit %d:\n%s%s", c, r.code, r.stdout, r.stderr)
		}
		f := strings.Fields(lines[3])
		if len(f) != 12 || f[1] == "0" {
			t.Errorf("%s: sar -r row has no memory values: %q", c, lines[3])
		}
	}
}

// Host mode: our sar --host against the real sar on this machine, run at the same time.
// The numbers move between the two runs, so this compares the layout: the banner, the
// headers and every row's words with the numbers masked (items such as CPU numbers, disk
// and interface names stay).
var sarHostOptions = [][]string{
	{"-u"}, {"-u", "ALL"}, {"-P", "ALL"}, {"-r"}, {"-r", "ALL"}, {"-S"}, {"-q"}, {"-w"}, {"-b"},
	{"-B"}, {"-W"}, {"-d"}, {"-n", "DEV"}, {"-n", "EDEV"}, {"-n", "DEV,EDEV"}, {"-h", "-r", "-n", "DEV"},
	{"-n", "SOCK,IP,EIP,ICMP,EICMP,TCP,ETCP,UDP"}, {"-n", "SOCK6,IP6,EIP6,ICMP6,EICMP6,UDP6"}, {"-v", "-H"},
	{"-h", "-H", "-n", "TCP"},
}

var sarNumber = regexp.MustCompile(`\b\d+(\.\d+)?[%kMGTPB]?(\s|$)`)

func maskSarLayout(s string) string {
	s = maskSarTimes(s)
	var out []string
	for _, line := range strings.Split(s, "\n") {
		out = append(out, strings.Join(strings.Fields(sarNumber.ReplaceAllString(line, "N ")), " "))
	}
	return strings.Join(out, "\n")
}

func TestSarHostLayout(t *testing.T) {
	if _, err := os.Stat("/usr/bin/sar"); err != nil {
		t.Skip("sysstat's sar is not installed")
	}
	compareSarHostLayout(t, sarHostOptions)
}

// compareSarHostLayout runs ours (--host) and the real sar side by side for each option set
// with "1 1" appended (eight sets at a time) and compares their layouts, numbers and times
// masked (the counters move between the two runs).
func compareSarHostLayout(t *testing.T, sets [][]string) {
	sar := filepath.Join(bin(t), "sar")
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for _, opts := range sets {
		wg.Add(1)
		go func(opts []string) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			args := append(append([]string{}, opts...), "1", "1")
			var ours, ref result
			var inner sync.WaitGroup
			inner.Add(2)
			go func() { defer inner.Done(); ours = run(t, nil, sar, append([]string{"--host"}, args...)...) }()
			go func() { defer inner.Done(); ref = run(t, []string{"S_COLORS=never"}, "/usr/bin/sar", args...) }()
			inner.Wait()
			if ours.code != ref.code || maskSarLayout(ours.stdout) != maskSarLayout(ref.stdout) {
				t.Errorf("sar %v layout differs (exit ours %d, sysstat %d)\n--- ours\n%s--- sysstat\n%s", args, ours.code, ref.code, ours.stdout, ref.stdout)
			}
		}(opts)
	}
	wg.Wait()
}

// The banner is exact in host mode (kernel, host name, date, CPU count).
func TestSarHostBanner(t *testing.T) {
	if _, err := os.Stat("/usr/bin/sar"); err != nil {
		t.Skip("sysstat's sar is not installed")
	}
	ours := run(t, nil, filepath.Join(bin(t), "sar"), "--host", "-q", "1", "1")
	ref := run(t, []string{"S_COLORS=never"}, "/usr/bin/sar", "-q", "1", "1")
	first := func(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }
	if first(ours.stdout) != first(ref.stdout) || first(ours.stdout) == "" {
		t.Errorf("banner: ours %q, sysstat %q", first(ours.stdout), first(ref.stdout))
	}
}

// sarFrozenHost copies this machine's /proc files sar reads (stat, meminfo, uptime, loadavg,
// diskstats, vmstat) into a folder, with the /sys entries sar checks mirrored (cpuN folders,
// /sys/block/NAME[/device], /sys/dev/block links), so that our sar --host with CGPROCPS_ROOT
// and the real sar under procref read the very same frozen host: -b, -B, -W and -d compared
// byte for byte in host mode (the captures' rendered views do not carry diskstats and vmstat
// on this branch).
func sarFrozenHost(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "proc"), 0o755))
	for _, f := range []string{"stat", "meminfo", "uptime", "loadavg", "diskstats", "vmstat"} {
		b, err := os.ReadFile("/proc/" + f)
		must(err)
		must(os.WriteFile(filepath.Join(dir, "proc", f), b, 0o644))
	}
	cpus, _ := filepath.Glob("/sys/devices/system/cpu/cpu[0-9]*")
	for _, c := range cpus {
		if st, err := os.Stat(c); err == nil && st.IsDir() {
			must(os.MkdirAll(filepath.Join(dir, c), 0o755))
		}
	}
	blocks, _ := os.ReadDir("/sys/block")
	for _, b := range blocks {
		must(os.MkdirAll(filepath.Join(dir, "sys/block", b.Name()), 0o755))
		if _, err := os.Stat(filepath.Join("/sys/block", b.Name(), "device")); err == nil {
			must(os.MkdirAll(filepath.Join(dir, "sys/block", b.Name(), "device"), 0o755))
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "sys/dev/block"), 0o755))
	links, _ := os.ReadDir("/sys/dev/block")
	for _, l := range links {
		target, err := os.Readlink(filepath.Join("/sys/dev/block", l.Name()))
		if err == nil {
			must(os.Symlink(target, filepath.Join(dir, "sys/dev/block", l.Name())))
		}
	}
	return dir
}

func TestSarFrozenHost(t *testing.T) {
	procref := oracle.Need(t)
	sar := filepath.Join(bin(t), "sar")
	dir := sarFrozenHost(t)
	optsList := [][]string{{"-b"}, {"-B"}, {"-W"}, {"-d"}, {"-p", "-d"}, {"-h", "-d"}, {"-z", "-d"}, {"-d", "-b"},
		{"-u"}, {"-P", "ALL"}, {"-r", "ALL"}, {"-q"}, {"-w"}, {"-S"}, {"--human", "-B", "-W"}, {"--dec=1", "-d", "-r"}}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for _, opts := range optsList {
		for _, tail := range [][]string{{"0"}, {"1", "1"}} {
			wg.Add(1)
			go func(args []string) {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				ours := run(t, []string{"CGPROCPS_ROOT=" + dir}, sar, append([]string{"--host"}, args...)...)
				ref := run(t, []string{"S_COLORS=never"}, procref, append([]string{dir, "sar"}, args...)...)
				ours.stdout, ref.stdout = maskSarTimes(ours.stdout), maskSarTimes(ref.stdout)
				diff(t, "frozen host: sar "+strings.Join(args, " "), ours, ref)
			}(append(append([]string{}, opts...), tail...))
		}
	}
	wg.Wait()
}

// Colours (S_COLORS=always, and S_COLORS_SGR), over the same frozen host: sysstat's SGR codes
// around every value by its class (zero, number, percent above 50/75) and item names.
func TestSarColorsFrozenHost(t *testing.T) {
	procref := oracle.Need(t)
	sar := filepath.Join(bin(t), "sar")
	dir := sarFrozenHost(t)
	for _, env := range [][]string{{"S_COLORS=always"}, {"S_COLORS=always", "S_COLORS_SGR=H=41:M=43;1:Z=2:N=1:I=36;4:X=9999999"}} {
		for _, opts := range [][]string{{"-P", "ALL"}, {"-r", "ALL", "-S"}, {"-h", "-d", "-b"}, {"-B", "-W", "-q", "-w"}, {"-u", "ALL", "--dec=1"}, {"-p", "-d", "--dec=0"}} {
			args := append(append([]string{}, opts...), "0")
			ours := run(t, append([]string{"CGPROCPS_ROOT=" + dir}, env...), sar, append([]string{"--host"}, args...)...)
			ref := run(t, env, procref, append([]string{dir, "sar"}, args...)...)
			if !strings.Contains(ref.stdout, "\x1b[") {
				t.Fatalf("sysstat printed no colours with %v", env)
			}
			ours.stdout, ref.stdout = maskSarTimes(ours.stdout), maskSarTimes(ref.stdout)
			diff(t, fmt.Sprintf("%v sar %s", env, strings.Join(args, " ")), ours, ref)
		}
	}
}
