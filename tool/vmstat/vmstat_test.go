package vmstat

import (
	"bytes"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/testcapture"
)

func TestParseStat(t *testing.T) {
	in := "cpu  1 2 3 4 5 6 7 8 9 10\ncpu0 1 2 3 4 5 6 7 8 9 10\nintr 77 1 2\nctxt 88\nbtime 99\nprocesses 11\nprocs_running 3\nprocs_blocked 4\n"
	s, ok := parseStat([]byte(in))
	want := procStat{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 77, 88, 99, 11, 3, 4}
	if !ok || s != want {
		t.Fatalf("%+v %v", s, ok)
	}
	// Eight numbers are enough (older kernels); seven are not; missing keys read 0.
	if s, ok := parseStat([]byte("cpu 1 2 3 4 5 6 7 8\n")); !ok || s.Steal != 8 || s.Guest != 0 || s.Ctxt != 0 {
		t.Errorf("eight: %+v %v", s, ok)
	}
	for _, bad := range []string{"", "cpu 1 2 3 4 5 6 7\n", "intr 1\n", "cpu a b c\n"} {
		if _, ok := parseStat([]byte(bad)); ok {
			t.Errorf("%q parsed", bad)
		}
	}
	// scanf's %llu: a '-' wraps, overflow saturates.
	if s, _ := parseStat([]byte("cpu -1 99999999999999999999 0 0 0 0 0 0\n")); s.User != 1<<64-1 || s.Nice != 1<<64-1 {
		t.Errorf("wrap/saturate: %+v", s)
	}
}

func TestUnitConvert(t *testing.T) {
	for _, tc := range []struct{ kib, unit, want uint64 }{
		{1000, 1024, 1000},
		{70000004, 1024, 70000000}, // above 2^24 KiB the float grid shows (docs/vmstat.md)
		{16777217, 1000000, 17179},
		{2048, 1048576, 2},
		{1, 1, 1024},
		{0, 1000, 0},
	} {
		if got := unitConvert(tc.kib, tc.unit); got != tc.want {
			t.Errorf("unitConvert(%d, %d) = %d, want %d", tc.kib, tc.unit, got, tc.want)
		}
	}
}

func TestRates(t *testing.T) {
	s := sample{st: procStat{User: 300, System: 100, Idle: 600, Guest: 100, Intr: 1000, Ctxt: 5000},
		pgpgin: 2000, pgpgout: 999, pswpin: 10, uptime: 10}
	r := firstRest(s, 1024, 4)
	// si = 10 pages * 4 KiB / 10 s; bi = 200; bo = 99.9 -> 99; in 100; cs 500.
	// us = (300-100)/1000, sy 10 %, id 60 %, gu 10 %.
	want := [12]uint32{4, 0, 200, 99, 100, 500, 20, 10, 60, 0, 0, 10}
	if r != want {
		t.Errorf("first line %v, want %v", r, want)
	}
	// Interval: idle running backwards is carried as a debt into the next line.
	var ls loopState
	a := sample{st: procStat{User: 100, Idle: 1000}}
	b := sample{st: procStat{User: 150, Idle: 990}, pgpgin: 5}
	c := sample{st: procStat{User: 200, Idle: 1100}, pgpgin: 10}
	r1 := ls.intervalRest(a, b, 2, 1024, 4)
	if r1[2] != 3 || r1[6] != 100 || r1[8] != 0 || ls.debt != -10 {
		t.Errorf("backwards idle: %v debt %d", r1, ls.debt)
	}
	r2 := ls.intervalRest(b, c, 2, 1024, 4)
	// idle 110 - 10 debt = 100, user 50: us 33, id 67.
	if r2[6] != 33 || r2[8] != 67 || ls.debt != 0 {
		t.Errorf("after the debt: %v debt %d", r2, ls.debt)
	}
	// A context switch count that went down (threads left the container) reads 0.
	d := sample{st: procStat{Ctxt: 100}}
	e := sample{st: procStat{Ctxt: 50}}
	if r := ls.intervalRest(d, e, 1, 1024, 4); r[5] != 0 {
		t.Errorf("cs went backwards: %d", r[5])
	}
}

func TestHeaders(t *testing.T) {
	h := string(appendHeader(nil, config{}))
	if h != "procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----\n r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st\n" {
		t.Errorf("%q", h)
	}
	h = string(appendHeader(nil, config{wide: true, active: true}))
	if h != "--procs-- -----------------------memory---------------------- ---swap-- -----io---- -system-- ----------cpu----------\n   r    b         swpd         free        inact       active   si   so    bi    bo   in   cs  us  sy  id  wa  st  gu\n" {
		t.Errorf("%q", h)
	}
	t.Setenv("TZ", "UTC")
	h = string(appendHeader(nil, config{timestamp: true}))
	if !strings.HasSuffix(h, " st                 UTC\n") || !strings.Contains(h, "------cpu----- -----timestamp-----\n") {
		t.Errorf("%q", h)
	}
}

func TestParseSlabinfo(t *testing.T) {
	in := "slabinfo - version: 2.1\n# name <active_objs> ...\n" +
		"zeta 10 20 64 64 1 : tunables 0 0 0 : slabdata 1 1 0\n" +
		"alpha_with_a_name_longer_than_24 1 2 3 4 5 : tunables 0 0 0 : slabdata 6 7 0\n"
	s, ok := parseSlabinfo([]byte(in))
	if !ok || len(s) != 2 || s[0].Name != "alpha_with_a_name_longer_than_24" || s[1].NumObjs != 20 {
		t.Fatalf("%+v %v", s, ok)
	}
	for _, bad := range []string{"", "slabinfo - version: 1.1\n", "slabinfo - version: 2.1\nx 1 2\n"} {
		if _, ok := parseSlabinfo([]byte(bad)); ok {
			t.Errorf("%q parsed", bad)
		}
	}
}

// Main over a capture: the container's report, and the options that change no number.
func TestMainOverCapture(t *testing.T) {
	root := testcapture.Path(t, "v2-512m-1.5cpu")
	t.Setenv("CGPROCPS_ROOT", root)
	var o, e bytes.Buffer
	if code := Main("vmstat", []string{"-s"}, &o, &e); code != 0 || e.Len() != 0 {
		t.Fatalf("exit %d: %s", code, e.String())
	}
	// memory.max 512M: total memory 524288 K; the cgroup's processes: 3 forks counted as
	// threads or the highest PID; no interrupts attributable.
	for _, want := range []string{"       524288 K total memory\n", "            0 interrupts\n", "            0 nice user cpu ticks\n"} {
		if !strings.Contains(o.String(), want) {
			t.Errorf("-s lacks %q:\n%s", want, o.String())
		}
	}
	o.Reset()
	if code := Main("vmstat", []string{"-S", "M"}, &o, &e); code != 0 {
		t.Fatalf("exit %d: %s", code, e.String())
	}
	lines := strings.Split(o.String(), "\n")
	if len(lines) != 4 || len(strings.Fields(lines[2])) != 17 {
		t.Fatalf("%q", o.String())
	}
}

// The header comes back before loop line i when i % height == 0 (height 21 in a pipe), never
// with -n; -y prints count lines after the header.
func TestHeaderRepeat(t *testing.T) {
	root := testcapture.Path(t, "v1-512m-1.5cpu")
	if termRows() != 24 {
		t.Skip("stdout is a terminal")
	}
	t.Setenv("CGPROCPS_ROOT", root)
	saved := sleepSeconds
	sleepSeconds = func(uint64) {}
	defer func() { sleepSeconds = saved }()
	for _, tc := range []struct {
		args           []string
		lines, headers int
	}{
		{[]string{"1", "45"}, 45, 3}, // before lines 21 and 42
		{[]string{"-n", "1", "45"}, 45, 1},
		{[]string{"-y", "1", "21"}, 21, 2},
		{[]string{"-y", "1", "0"}, 0, 1},
		{[]string{"1", "0"}, 1, 1},
		{[]string{"-y"}, 1, 1},
	} {
		var o, e bytes.Buffer
		if code := Main("vmstat", tc.args, &o, &e); code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, e.String())
		}
		headers := strings.Count(o.String(), "procs ---")
		lines := strings.Count(o.String(), "\n") - 2*headers
		if headers != tc.headers || lines != tc.lines {
			t.Errorf("%v: %d headers, %d lines; want %d, %d", tc.args, headers, lines, tc.headers, tc.lines)
		}
	}
}
