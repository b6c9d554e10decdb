// Package clocktest is the rig of the clock-step tests of the interval tools (vmstat, top,
// iostat, sar; docs/clockstep.md): a copy of a capture (testdata/captures) whose kernel
// counters advance at known rates on every fake sleep, and a fake wall clock that steps back or
// forward between two samples, as an NTP correction or `date -s` does.
//
// It is an ordinary package under internal/ rather than a _test.go file because the tests of
// four tool packages share it (the tools' clock hooks are package variables, so each test has
// to live in its tool's package); no binary imports it.
package clocktest

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/internal/mutate"
	"github.com/cgprocps/cgprocps/internal/testcapture"
)

// The injected rates. Every figure below is what a correct tool prints for an interval, since
// the counters move by exactly these amounts per second of (monotonic) sleep.
const (
	// Host CPU ticks per second of every host CPU (USER_HZ 100: user+system+idle = 100), so
	// the host's %us %sy %id are 30 20 50 whatever the CPU count.
	HostUserHz, HostSystemHz, HostIdleHz = 30, 20, 50
	// Host interrupts and context switches per second (the proc/stat intr and ctxt lines).
	HostIntrPerSec, HostCtxtPerSec = 1000, 2000

	// The container's user and system CPU time per second, as shares of its capacity C: it
	// is busy 0.5*C CPU-seconds per second (0.75 for a 1.5-CPU container), so its %us %sy
	// %id are 40 10 50.
	CgroupUserShare, CgroupSystemShare = 0.4, 0.1

	// Disk traffic of one device per second, the same on the host's line (proc/diskstats)
	// and in the cgroup's accounting (v1 blkio, v2 io.stat): 4096 kB read, 2048 kB written.
	ReadBytesPerSec, WriteBytesPerSec = 4 << 20, 2 << 20
	ReadIOsPerSec, WriteIOsPerSec     = 32, 16
	// Host-only disk times per second, in ms (diskstats fields 4, 8, 10, 11): r_await 2 ms,
	// w_await 5 ms, %util 25, aqu-sz 0.14.
	ReadMsPerSec, WriteMsPerSec, IOMsPerSec, QueueMsPerSec = 64, 80, 250, 144
)

// diskRates are the per-second increments of a proc/diskstats line by field index (0 is the
// major number; a sysfs stat file has the same counters from index 3 on).
var diskRates = map[int]float64{3: ReadIOsPerSec, 5: ReadBytesPerSec / 512, 6: ReadMsPerSec,
	7: WriteIOsPerSec, 9: WriteBytesPerSec / 512, 10: WriteMsPerSec, 12: IOMsPerSec, 13: QueueMsPerSec}

// Machine is a copied capture whose counters advance with Advance.
type Machine struct {
	Root string // the copy, for CGPROCPS_ROOT
	// Capacity is the container's C (cgview's CPU().Capacity over the copy).
	Capacity float64
	// HostCPUs is the number of cpuN lines of the host's proc/stat.
	HostCPUs int
	// TaskPID is the process (the lowest /proc/PID folder of the capture, one of the
	// container's) whose utime and stime advance at the cgroup's user and system rates: top
	// shows it at 50*C %CPU.
	TaskPID int
	// Device is the disk whose counters move ("vda"), Major:Minor its number.
	Device       string
	Major, Minor uint64

	acctDir, ioDir string // the container's accounting folders in the copy
	acctV2, ioV2   bool
	orig           map[string][]byte // path in the copy -> content as captured
}

// Captures lists the v1-* and v2-* captures (testcapture.All).
func Captures(t *testing.T) []string {
	t.Helper()
	return testcapture.All(t)
}

// Copy copies capture into a t.TempDir() and finds the files Advance rewrites.
func Copy(t *testing.T, capture string) *Machine {
	t.Helper()
	m := &Machine{Root: t.TempDir(), orig: map[string][]byte{}}
	if err := mutate.CopyTree(capture, m.Root); err != nil {
		t.Fatalf("copy %s: %v", capture, err)
	}
	v, err := cgview.Open(cgview.Options{Root: m.Root, Mode: cgview.ModeContainer, Warn: discard{}})
	if err != nil {
		t.Fatalf("open %s: %v", capture, err)
	}
	m.Capacity = v.CPU().Capacity
	// CgroupPaths says "cpu,cpuacct: /sys/fs/cgroup/..." per hierarchy: the v1 cpuacct and
	// blkio hierarchies where mounted, else the cgroup2 one (as cgview picks them).
	var v2 string
	for _, p := range v.CgroupPaths() {
		name, dir, _ := strings.Cut(p, ": ")
		dir = filepath.Join(m.Root, dir)
		if name == "cgroup2" {
			v2 = dir
			continue
		}
		for _, c := range strings.Split(name, ",") {
			switch c {
			case "cpuacct":
				m.acctDir = dir
			case "blkio":
				m.ioDir = dir
			}
		}
	}
	if m.acctDir == "" {
		m.acctDir, m.acctV2 = v2, true
	}
	if m.ioDir == "" {
		m.ioDir, m.ioV2 = v2, true
	}
	if m.acctDir == "" || m.ioDir == "" {
		t.Fatalf("%s: no cgroup accounting folders in %q", capture, v.CgroupPaths())
	}
	m.Major, m.Minor = 254, 0
	ioFile := "blkio.throttle.io_service_bytes"
	if m.ioV2 {
		ioFile = "io.stat"
	}
	if b, err := os.ReadFile(filepath.Join(m.ioDir, ioFile)); err == nil {
		if f := strings.Fields(string(b)); len(f) > 0 {
			if a, b, ok := strings.Cut(f[0], ":"); ok {
				m.Major, _ = strconv.ParseUint(a, 10, 64)
				m.Minor, _ = strconv.ParseUint(b, 10, 64)
			}
		}
	}
	for _, rel := range []string{"proc/uptime", "proc/stat", "proc/vmstat", "proc/diskstats"} {
		m.keep(t, filepath.Join(m.Root, rel), true)
	}
	if m.acctV2 {
		m.keep(t, filepath.Join(m.acctDir, "cpu.stat"), true)
	} else {
		for _, n := range []string{"cpuacct.stat", "cpuacct.usage", "cpuacct.usage_user", "cpuacct.usage_sys"} {
			m.keep(t, filepath.Join(m.acctDir, n), n == "cpuacct.stat")
		}
	}
	if m.ioV2 {
		m.keep(t, filepath.Join(m.ioDir, "io.stat"), true)
	} else {
		for _, n := range []string{"blkio.throttle.io_service_bytes", "blkio.throttle.io_serviced"} {
			m.keep(t, filepath.Join(m.ioDir, n), true)
			m.keep(t, filepath.Join(m.ioDir, n+"_recursive"), false)
		}
	}
	if ents, err := os.ReadDir(filepath.Join(m.Root, "proc")); err == nil {
		for _, e := range ents {
			if pid, err := strconv.Atoi(e.Name()); err == nil && pid > 0 && (m.TaskPID == 0 || pid < m.TaskPID) {
				if _, err := os.Stat(filepath.Join(m.Root, "proc", e.Name(), "stat")); err == nil {
					m.TaskPID = pid
				}
			}
		}
	}
	if m.TaskPID == 0 {
		t.Fatalf("%s: no /proc/PID/stat", capture)
	}
	m.keep(t, filepath.Join(m.Root, "proc", strconv.Itoa(m.TaskPID), "stat"), true)
	for _, line := range strings.Split(string(m.orig[filepath.Join(m.Root, "proc/stat")]), "\n") {
		if f := strings.Fields(line); len(f) > 0 && len(f[0]) > 3 && strings.HasPrefix(f[0], "cpu") {
			m.HostCPUs++
		}
	}
	for _, line := range strings.Split(string(m.orig[filepath.Join(m.Root, "proc/diskstats")]), "\n") {
		if f := strings.Fields(line); len(f) > 3 && f[0] == strconv.FormatUint(m.Major, 10) && f[1] == strconv.FormatUint(m.Minor, 10) {
			m.Device = f[2]
		}
	}
	if m.Device == "" || m.HostCPUs == 0 {
		t.Fatalf("%s: device %d:%d not in proc/diskstats or no cpuN line in proc/stat", capture, m.Major, m.Minor)
	}
	m.keep(t, filepath.Join(m.Root, "sys/block", m.Device, "stat"), false) // what iostat reads
	// The captures hold no sys/block/DEV/device link; on a machine a real disk has one, and
	// sar -b counts only such disks (sysstat's rule).
	if err := os.MkdirAll(filepath.Join(m.Root, "sys/block", m.Device, "device"), 0o755); err != nil {
		t.Fatal(err)
	}
	return m
}

type discard struct{}

func (discard) Write(b []byte) (int, error) { return len(b), nil }

// keep records the captured content of p; a missing file is fatal when need is set.
func (m *Machine) keep(t *testing.T, p string, need bool) {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		if need {
			t.Fatalf("%v", err)
		}
		return
	}
	m.orig[p] = b
}

// Advance rewrites every counter as captured plus its rate times elapsed (the total time
// slept so far), each addition floored to the counter's unit, so any interval's delta is exact
// whatever the fractions before it.
func (m *Machine) Advance(t testing.TB, elapsed time.Duration) {
	t.Helper()
	sec := elapsed.Seconds()
	add := func(rate float64) uint64 { return uint64(math.Floor(rate*sec + 1e-9)) }
	cgUser := CgroupUserShare * m.Capacity // CPU-seconds per second
	cgSys := CgroupSystemShare * m.Capacity
	n := float64(m.HostCPUs)
	for p, orig := range m.orig {
		var out string
		s := string(orig)
		switch base := filepath.Base(p); base {
		case "uptime":
			f := strings.Fields(s)
			up, idle := centis(f[0])+add(100), centis(f[1])+add(HostIdleHz*n)
			out = fmt.Sprintf("%d.%02d %d.%02d\n", up/100, up%100, idle/100, idle%100)
		case "stat":
			if p == filepath.Join(m.Root, "sys/block", m.Device, "stat") { // diskstats' counters
				f := strings.Fields(s)
				for i, r := range diskRates {
					addField(f, i-3, add(r))
				}
				out = strings.Join(f, " ") + "\n"
				break
			}
			if p != filepath.Join(m.Root, "proc/stat") { // proc/PID/stat: utime, stime
				i := strings.LastIndexByte(s, ')') + 1 // the command may hold ") "
				f := strings.Fields(s[i:])             // f[0] is field 3 (state)
				addField(f, 11, add(cgUser*100))
				addField(f, 12, add(cgSys*100))
				out = s[:i] + " " + strings.Join(f, " ") + "\n"
				break
			}
			out = editLines(s, func(f []string) {
				switch {
				case f[0] == "cpu":
					addField(f, 1, add(HostUserHz*n))
					addField(f, 3, add(HostSystemHz*n))
					addField(f, 4, add(HostIdleHz*n))
				case strings.HasPrefix(f[0], "cpu"):
					addField(f, 1, add(HostUserHz))
					addField(f, 3, add(HostSystemHz))
					addField(f, 4, add(HostIdleHz))
				case f[0] == "intr":
					addField(f, 1, add(HostIntrPerSec))
				case f[0] == "ctxt":
					addField(f, 1, add(HostCtxtPerSec))
				}
			})
		case "cpuacct.stat": // v1, USER_HZ ticks
			out = editLines(s, func(f []string) {
				switch f[0] {
				case "user":
					addField(f, 1, add(cgUser*100))
				case "system":
					addField(f, 1, add(cgSys*100))
				}
			})
		case "vmstat":
			out = editLines(s, func(f []string) {
				switch f[0] {
				case "pgpgin":
					addField(f, 1, add(ReadBytesPerSec/1024))
				case "pgpgout":
					addField(f, 1, add(WriteBytesPerSec/1024))
				}
			})
		case "diskstats":
			out = editLines(s, func(f []string) {
				if len(f) < 14 || f[0] != strconv.FormatUint(m.Major, 10) || f[1] != strconv.FormatUint(m.Minor, 10) {
					return
				}
				for i, r := range diskRates {
					addField(f, i, add(r))
				}
			})
		case "cpu.stat": // v2, microseconds
			out = editLines(s, func(f []string) {
				switch f[0] {
				case "usage_usec":
					addField(f, 1, add((cgUser+cgSys)*1e6))
				case "user_usec":
					addField(f, 1, add(cgUser*1e6))
				case "system_usec":
					addField(f, 1, add(cgSys*1e6))
				}
			})
		case "cpuacct.usage":
			out = addOne(s, add((cgUser+cgSys)*1e9))
		case "cpuacct.usage_user":
			out = addOne(s, add(cgUser*1e9))
		case "cpuacct.usage_sys":
			out = addOne(s, add(cgSys*1e9))
		case "io.stat":
			dev := fmt.Sprintf("%d:%d", m.Major, m.Minor)
			out = editLines(s, func(f []string) {
				if f[0] != dev {
					return
				}
				for i, kv := range f[1:] {
					k, v, _ := strings.Cut(kv, "=")
					x, err := strconv.ParseUint(v, 10, 64)
					if err != nil {
						continue
					}
					switch k {
					case "rbytes":
						x += add(ReadBytesPerSec)
					case "wbytes":
						x += add(WriteBytesPerSec)
					case "rios":
						x += add(ReadIOsPerSec)
					case "wios":
						x += add(WriteIOsPerSec)
					}
					f[i+1] = k + "=" + strconv.FormatUint(x, 10)
				}
			})
		default: // v1 blkio.throttle.io_service_bytes / io_serviced, _recursive or not
			r, w := add(ReadBytesPerSec), add(WriteBytesPerSec)
			if strings.Contains(base, "io_serviced") {
				r, w = add(ReadIOsPerSec), add(WriteIOsPerSec)
			}
			dev := fmt.Sprintf("%d:%d", m.Major, m.Minor)
			out = editLines(s, func(f []string) {
				switch {
				case len(f) == 3 && f[0] == dev && f[1] == "Read":
					addField(f, 2, r)
				case len(f) == 3 && f[0] == dev && f[1] == "Write":
					addField(f, 2, w)
				case len(f) == 3 && f[0] == dev && (f[1] == "Sync" || f[1] == "Total"):
					addField(f, 2, r+w)
				case len(f) == 2 && f[0] == "Total":
					addField(f, 1, r+w)
				}
			})
		}
		if err := os.WriteFile(p, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// centis reads "123.45" as 12345.
func centis(s string) uint64 {
	a, b, _ := strings.Cut(s, ".")
	x, _ := strconv.ParseUint(a, 10, 64)
	y, _ := strconv.ParseUint((b + "00")[:2], 10, 64)
	return x*100 + y
}

// editLines applies fn to the fields of every non-empty line and joins them with single
// spaces (every parser of these files splits on white space).
func editLines(s string, fn func(f []string)) string {
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		fn(f)
		lines[i] = strings.Join(f, " ")
	}
	return strings.Join(lines, "\n")
}

func addField(f []string, i int, d uint64) {
	if i >= len(f) {
		return
	}
	if x, err := strconv.ParseUint(f[i], 10, 64); err == nil {
		f[i] = strconv.FormatUint(x+d, 10)
	}
}

func addOne(s string, d uint64) string {
	x, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return s
	}
	return strconv.FormatUint(x+d, 10) + "\n"
}

// Start is the fake wall clock's first reading: 2026-11-22 14:05:10 UTC.
var Start = time.Date(2026, 11, 22, 14, 5, 10, 0, time.UTC)

// Clock is the fake clock of one run: Sleep advances the monotonic time, the wall clock and
// the machine's counters by the same amount, then applies the step once StepAfter sleeps have
// passed. The wall clock alone steps: the counters (kernel time) never do.
type Clock struct {
	M         *Machine
	T         testing.TB
	Step      time.Duration // added to the wall clock after sleep number StepAfter
	StepAfter int
	wall      time.Time
	mono      time.Duration
	sleeps    int
}

// NewClock starts a fake clock at Start over m, whose counters go back to the capture's.
func NewClock(t testing.TB, m *Machine, step time.Duration, after int) *Clock {
	m.Advance(t, 0)
	return &Clock{M: m, T: t, Step: step, StepAfter: after, wall: Start}
}

// Now is the fake wall clock.
func (c *Clock) Now() time.Time { return c.wall }

// Elapsed is the fake monotonic time slept so far.
func (c *Clock) Elapsed() time.Duration { return c.mono }

// Sleep sleeps d on the fake clock.
func (c *Clock) Sleep(d time.Duration) {
	if d < 0 {
		d = 0
	}
	c.mono += d
	c.wall = c.wall.Add(d)
	c.M.Advance(c.T, c.mono)
	c.sleeps++
	if c.sleeps == c.StepAfter {
		c.wall = c.wall.Add(c.Step)
	}
}

// Sleeps is the number of Sleep calls so far.
func (c *Clock) Sleeps() int { return c.sleeps }

// Case is one run of a clock-step test: a capture, the mode and the wall-clock step.
type Case struct {
	Capture string
	Host    bool          // --host: the host's files; else the container's view
	Step    time.Duration // -1h or +1h after the first interval
}

// Args prepends --host in host mode.
func (c Case) Args(args ...string) []string {
	if c.Host {
		return append([]string{"--host"}, args...)
	}
	return args
}

// Each runs fn over every capture, in container and host mode, with the wall clock
// stepping back and then forward one hour; CGPROCPS_ROOT is the copy, TZ UTC, LC_ALL C.
func Each(t *testing.T, fn func(t *testing.T, m *Machine, c Case)) {
	for _, capture := range Captures(t) {
		for _, host := range []bool{false, true} {
			for _, step := range []time.Duration{-time.Hour, time.Hour} {
				c := Case{Capture: capture, Host: host, Step: step}
				name := filepath.Base(capture) + "/container"
				if host {
					name = filepath.Base(capture) + "/host"
				}
				name += "/" + step.String()
				t.Run(name, func(t *testing.T) {
					m := Copy(t, capture)
					t.Setenv("CGPROCPS_ROOT", m.Root)
					t.Setenv("TZ", "UTC")
					t.Setenv("LC_ALL", "C")
					fn(t, m, c)
				})
			}
		}
	}
}

var badFigure = regexp.MustCompile(`(?i)(^|\s)-\d|1844674407|\bnan\b|\binf\b`)

// BadFigure returns the first negative, wrapped (2^64-1 and neighbours), nan or inf figure of
// s, "" when there is none.
func BadFigure(s string) string { return badFigure.FindString(s) }
