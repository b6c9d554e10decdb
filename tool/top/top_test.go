package top

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/tool/free"
)

func TestScaleMem(t *testing.T) {
	for _, c := range []struct {
		target int
		kb     uint64
		width  int
		want   string
	}{
		{0, 0, 7, "0"}, {0, 9999999, 7, "9999999"}, {0, 10000000, 7, "9765.6m"}, {0, 487936, 6, "487936"}, {0, 4879360, 6, "4.7g"},
		{1, 487936, 6, "476.5m"}, {2, 487936, 6, "0.5g"}, {0, 999999999, 6, "953.7g"}, {4, 1, 6, "0.0p"},
		{0, math.MaxUint64, 6, "?"}, {0, 1 << 50, 7, "1024.0p"}, {0, 1 << 50, 6, "?"}, {3, 5 << 30, 6, "5.0t"},
	} {
		if got := scaleMem(c.target, c.kb, c.width); got != c.want {
			t.Errorf("scaleMem(%d, %d, %d) = %q, want %q", c.target, c.kb, c.width, got, c.want)
		}
	}
}

func TestScalePcntAndTics(t *testing.T) {
	for _, c := range []struct {
		x    float32
		want string
	}{{0, "0.0"}, {6.25, "6.2"}, {99.95, "99.9"}, {99.96, "100.0"}, {999.9, "999.9"}, {1234.5, " 1234"}, {123456, "?"}} {
		if got := scalePcnt(c.x, 5); got != c.want {
			t.Errorf("scalePcnt(%v) = %q, want %q", c.x, got, c.want)
		}
	}
	for _, c := range []struct {
		tics uint64
		want string
	}{
		{0, "0:00.00"}, {757, "0:07.57"}, {6000, "1:00.00"}, {360*6000 + 5999, "360:59.99"},
		{361 * 6000, "6,01"}, {97 * 360000, "4d+1h"}, {15 * 8640000, "2w+1d"}, {10000 * 8640000, "1428w+4d"}, {100000 * 8640000, "14285w+5d"}, {1000000 * 8640000, "142857w"},
	} {
		if got := scaleTics(c.tics, 9, 0); got != c.want {
			t.Errorf("scaleTics(%d) = %q, want %q", c.tics, got, c.want)
		}
	}
	if got := scaleTics(999999*100, 6, 0); got != "11d" {
		t.Errorf("narrow TIME: %q", got)
	}
}

func TestNumbers(t *testing.T) {
	for _, c := range []struct {
		s  string
		f  float32
		ok bool
	}{{"1", 1, true}, {"0.5", 0.5, true}, {"0,5", 0.5, true}, {" 2", 2, true}, {"1x", 0, false}, {"", 0, false},
		{".5", 0.5, true}, {"1.", 1, true}, {"1e2", 100, true}, {"1.2.3", 0, false}, {"-1", -1, true}, {"inf", 0, false}} {
		f, ok := parseFloat(c.s)
		if ok != c.ok || ok && f != c.f {
			t.Errorf("parseFloat(%q) = %v %v, want %v %v", c.s, f, ok, c.f, c.ok)
		}
	}
	for _, c := range []struct {
		s  string
		f  float32
		ok bool
	}{{"1", 1, true}, {"0x10", 16, true}, {"010", 8, true}, {"1.5", 0, false}, {"2147483647", 0, false}, {"-3", -3, true}, {"08", 0, false}} {
		f, ok := parseWhole(c.s)
		if ok != c.ok || ok && f != c.f {
			t.Errorf("parseWhole(%q) = %v %v, want %v %v", c.s, f, ok, c.f, c.ok)
		}
	}
	if n, ok := scanInt(" 12,13"); !ok || n != 12 {
		t.Errorf("scanInt: %d %v", n, ok)
	}
	if _, ok := scanInt("x"); ok {
		t.Error("scanInt accepted x")
	}
	if n, ok := scanInt("99999999999999999999"); !ok || n != -1 {
		t.Errorf("scanInt(2^66.4) = %d %v, want -1 true as glibc's sscanf %%d", n, ok)
	}
	for in, want := range map[string]uint32{"0x8000000000000001": 1, "-1": 4294967295, "18446744073709551617": 4294967295, "4294967296": 0, "010": 8} {
		if got, ok := parseUID(in); !ok || got != want {
			t.Errorf("parseUID(%q) = %d %v, want %d", in, got, ok, want)
		}
	}
}

func TestEscape(t *testing.T) {
	if got := cmdlineText("a\x00b\nc\x00\x00"); got != "a b c" {
		t.Errorf("cmdlineText = %q", got)
	}
	if got := cmdlineText("a b "); got != "a b" {
		t.Errorf("final space: %q", got)
	}
	if got := escapeStr("a\tb\xc3\xa9", false); got != "a.b??" {
		t.Errorf("C escape = %q", got)
	}
	if got := escapeStr("a\tb\xc3\xa9", true); got != "a?b\xc3\xa9" {
		t.Errorf("UTF-8 escape = %q", got)
	}
	s := &Settings{Cmdline: true}
	if got := commandText(&cgview.TaskInfo{Comm: "kworker/0", State: 'Z'}, s); got != "[kworker/0] <defunct>" {
		t.Errorf("no cmdline: %q", got)
	}
}

// snapshot is an example machine (2 CPUs, 24683656 kB, up 52 min) as procps-ng 4.0.2's top -E k
// shows it.
func snapshot() *Snapshot {
	return &Snapshot{
		Now:    time.Date(2026, 1, 2, 14, 5, 10, 0, time.UTC),
		Uptime: 52*60 + 3, Users: 0, Load: [3]float64{0.84, 0.79, 0.40},
		CPU:    CPUTicks{100, 0, 50, 850},
		PerCPU: []CPUTicks{{60, 0, 20, 420}, {40, 0, 30, 430}},
		Mem: free.Values{MemTotal: 24683656, MemFree: 24350856, MemUsed: 348904, Cache: 221780,
			Available: 24334752},
		PIDWidth: 5,
		Tasks: []cgview.TaskInfo{
			{PID: 1, TID: 1, State: 'S', User: "root", Priority: 10, Nice: -10, NLWP: 1, VirtKB: 42184, ResKB: 12204, ShrKB: 6512, UTime: 700, STime: 57, Comm: "process_agent"},
			{PID: 6181, TID: 6181, State: 'R', User: "averyverylongname", Priority: 20, NLWP: 4, VirtKB: 487936, ResKB: 49357, ShrKB: 21709, UTime: 120, STime: 15, Comm: "qemu-system-x86"},
			{PID: 7, TID: 7, State: 'I', User: "root", Priority: -100, Nice: -20, NLWP: 1, Comm: "kworker/R-rcu_g"},
		},
	}
}

func TestRenderBatchFrame(t *testing.T) {
	cur := snapshot()
	prev := snapshot()
	prev.Uptime -= 3
	prev.CPU = CPUTicks{}
	prev.Tasks[1].UTime -= 150 // 1.5 s of CPU in 3 s
	s := DefaultSettings()
	s.SummScale = 0
	s.Finish()
	got := string(Render(cur, prev, s, 80, 0))
	want := "top - 14:05:10 up 52 min,  0 user,  load average: 0.84, 0.79, 0.40\n" +
		"Tasks:   3 total,   1 running,   2 sleeping,   0 stopped,   0 zombie\n" +
		"%Cpu(s): 10.0 us,  5.0 sy,  0.0 ni, 85.0 id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st \n" +
		"KiB Mem : 24683656 total, 24350856 free,   348904 used,   221780 buff/cache     \n" +
		"KiB Swap:        0 total,        0 free,        0 used. 24334752 avail Mem \n" +
		"\n  PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND" +
		"\n 6181 averyve+  20   0  487936  49357  21709 R  50.0   0.2   0:01.35 qemu-syst+" +
		"\n    1 root      10 -10   42184  12204   6512 S   0.0   0.0   0:07.57 process_a+" +
		"\n    7 root      rt -20       0      0      0 I   0.0   0.0   0:00.00 kworker/R+"
	if got != want {
		t.Errorf("frame:\n%s\nwant:\n%s", got, want)
	}

	// -1 on two CPUs: the lines are doubled up and cut to the width; -e m; -o PID ascending.
	s = DefaultSettings()
	s.Key1()
	s.Finish()
	s.TaskScale = 1
	s.SortField, s.SortHigh = fPID, false
	got = string(Render(cur, nil, s, 100, 0))
	lines := strings.Split(got, "\n")
	if lines[2] != "%Cpu0  : 12.0 us,  4.0 sy,  0.0 ni, 84.0 id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st   %Cpu1  :  8.0 us, " {
		t.Errorf("per-CPU line %q", lines[2])
	}
	if !strings.HasPrefix(lines[3], "MiB Mem :  24105.1 total,") || !strings.Contains(lines[3], "buff/cache       MiB Swap:") || len(lines[3]) != 100 {
		t.Errorf("memory line %q", lines[3])
	}
	if lines[6] != "    1 root      10 -10   41.2m  11.9m   6.4m S 100.0   0.0   0:07.57 process_agent" {
		t.Errorf("row %q", lines[6])
	}
	if len(lines) != 9 {
		t.Errorf("%d lines", len(lines))
	}
}

func TestRenderFilters(t *testing.T) {
	cur := snapshot()
	cur.Tasks[0].EUID, cur.Tasks[1].EUID, cur.Tasks[2].EUID = 0, 1000, 0
	cur.Tasks[1].RUID = 0
	s := DefaultSettings()
	s.Finish()
	look := func(n string) (uint32, bool) { return map[string]uint32{"root": 0}[n], n == "root" }
	if err := s.Keyu('u', "!root", look); err != nil {
		t.Fatal(err)
	}
	if got := Render(cur, nil, s, 80, 0); bytes.Count(got, []byte("\n")) != 7 || !bytes.Contains(got, []byte("6181")) {
		t.Errorf("-u !root:\n%s", got)
	}
	if err := s.Keyu('U', "0", look); err != nil {
		t.Fatal(err)
	}
	if got := Render(cur, nil, s, 80, 0); bytes.Count(got, []byte("\n")) != 9 {
		t.Errorf("-U 0:\n%s", got)
	}
	if err := s.Keyu('u', "nobody", look); err == nil || err.Error() != "Invalid user" {
		t.Errorf("unknown user: %v", err)
	}
	s.Keyu('u', "", look)
	s.Keyi() // idle hidden: only the task that used CPU (every task with no previous frame)
	if got := Render(cur, nil, s, 80, 0); bytes.Count(got, []byte("\n")) != 8 {
		t.Errorf("-i:\n%s", got)
	}
	s.Keyi()
	if err := s.Keyn("1"); err != nil {
		t.Fatal(err)
	}
	if got := Render(cur, nil, s, 80, 0); bytes.Count(got, []byte("\n")) != 7 {
		t.Errorf("n 1:\n%s", got)
	}
	s.Keyn("0")
	if got := Render(cur, nil, s, 80, 8); bytes.Count(got, []byte("\n")) != 7 {
		t.Errorf("height 8:\n%s", got)
	}
}

func TestSettingsKeys(t *testing.T) {
	s := DefaultSettings()
	s.KeyM()
	if s.SortField != fMEM {
		t.Error("M")
	}
	s.KeyLess()
	if s.SortField != fCPU {
		t.Errorf("< from %%MEM: %s", fieldNames[s.SortField])
	}
	s.KeyMore()
	s.KeyMore()
	if s.SortField != fTIME2 {
		t.Errorf("> >: %s", fieldNames[s.SortField])
	}
	s.KeyT()
	s.KeyN()
	s.KeyP()
	if s.SortField != fCPU {
		t.Error("P")
	}
	s.KeyR()
	if s.SortHigh {
		t.Error("R")
	}
	s.Keyc()
	s.KeyH()
	s.KeyS()
	s.Keyz()
	if !s.Cmdline || !s.Threads || !s.Cumulative || !s.Color {
		t.Error("toggles")
	}
	for i := 0; i < 4; i++ {
		s.Keyt()
		s.Keym()
	}
	if !s.ShowStates || !s.ShowMemory || s.GraphCPU != 0 || s.GraphMem != 0 {
		t.Errorf("t/m cycle: %+v", s)
	}
	for i := 0; i < 6; i++ {
		s.KeyE()
	}
	for i := 0; i < 5; i++ {
		s.Keye()
	}
	if s.SummScale != 1 || s.TaskScale != 0 {
		t.Error("E/e cycle")
	}
	if err := s.Keyd("0.5"); err != nil || s.Delay != 0.5 {
		t.Errorf("d: %v %v", err, s.Delay)
	}
	if err := s.Keyd("x"); err == nil {
		t.Error("d x accepted")
	}
	s.Secure = true
	if err := s.Keyd("1"); err == nil {
		t.Error("d in secure mode")
	}
	if err := s.Keyn("x"); err == nil {
		t.Error("n x accepted")
	}
	if err := s.Keyn("-1"); err == nil || err.Error() != "Invalid maximum" {
		t.Errorf("n -1: %v", err)
	}
	if s.MaxTasksPrompt() != "Maximum tasks = 0, change to (0 is unlimited)" || s.DelayPrompt() != "Change delay from 0.5 to" {
		t.Errorf("prompts %q %q", s.MaxTasksPrompt(), s.DelayPrompt())
	}
	if s.KeyW() == nil {
		t.Error("W")
	}
}

func TestMainBatchOverFixtureTree(t *testing.T) {
	var out, errb bytes.Buffer
	t.Setenv("CGPROCPS_ROOT", t.TempDir())
	if code := Main("top", []string{"-b", "-n", "1", "--host"}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "meminfo") {
		t.Errorf("no meminfo: exit %d, %q", code, errb.String())
	}
	out.Reset()
	errb.Reset()
	if code := Main("top", []string{"-O"}, &out, &errb); code != 0 || strings.Count(out.String(), "\n") != len(fieldNames) {
		t.Errorf("-O: %d %q", code, out.String())
	}
}

func FuzzRender(f *testing.F) {
	f.Add(uint64(1), uint64(2), 80, "comm", "a\x00b", byte('S'), 20, 0, uint8(0))
	f.Add(uint64(math.MaxUint64), uint64(0), 3, "", "", byte('Z'), -100, 19, uint8(0xff))
	f.Fuzz(func(t *testing.T, ticks, kb uint64, width int, comm, cmdline string, state byte, pr, ni int, mode uint8) {
		if width < 3 || width > 512 {
			return
		}
		cur := snapshot()
		cur.Tasks = append(cur.Tasks, cgview.TaskInfo{PID: 99, TID: 99, State: state, Priority: pr, Nice: ni,
			UTime: ticks, VirtKB: kb, ResKB: kb, ShrKB: kb, Comm: comm, Cmdline: cmdline, NLWP: 1})
		cur.Mem.MemTotal = kb
		for _, cmd := range []bool{false, true} {
			s := DefaultSettings()
			s.Cmdline = cmd
			s.GraphCPU, s.GraphMem = int(mode%3), int(mode/3%3)
			if mode&0x10 != 0 {
				s.Key1()
			}
			s.SummScale, s.TaskScale = int(mode>>5)%6, int(mode>>5)%5
			s.Finish()
			cur.Mem.SwapUsed, cur.Mem.MemFree = ticks, ticks/2
			for _, l := range strings.Split(string(Render(cur, nil, s, width, 0)), "\n") {
				if utf8.RuneCountInString(l) > width {
					t.Fatalf("line longer than %d: %q", width, l)
				}
			}
		}
	})
}

func FuzzNumbers(f *testing.F) {
	for _, s := range []string{"1", "0,5", "1e9", "0x1f", " -2", "1.2.3", "nan", "+.5e-3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		parseFloat(s)
		parseWhole(s)
		scanInt(s)
		parseUID(s)
		st := DefaultSettings()
		addPIDs(st, s)
		if len(st.PIDs) > 20 {
			t.Fatal("more than 20 PIDs")
		}
	})
}

func TestJustifyText(t *testing.T) {
	for _, c := range []struct {
		s     string
		width int
		right bool
		want  string
	}{
		{"abc", 5, false, "abc   "}, {"abcdef", 5, false, "abcd+ "}, {"héllo-wörld", 8, false, "héllo-w+ "},
		{"héllo", 8, false, "héllo    "}, {"ab\xffcdef", 5, true, "ab\xffc+ "}, {"é", 3, true, "  é "},
	} {
		if got := string(justifyText(nil, c.s, c.width, c.right)); got != c.want {
			t.Errorf("justifyText(%q, %d) = %q, want %q", c.s, c.width, got, c.want)
		}
	}
}

func TestKeyDispatch(t *testing.T) {
	s := DefaultSettings()
	for _, k := range []byte("PMTNR<>cHi1SEemtzW") {
		if p, ok := s.Key(k); !ok || p != "" {
			t.Errorf("key %c: %q %v", k, p, ok)
		}
	}
	if _, ok := s.Key('x'); ok {
		t.Error("x handled")
	}
	if p, ok := s.Key('n'); !ok || p != "Maximum tasks = 0, change to (0 is unlimited)" {
		t.Errorf("n prompt %q", p)
	}
	if err := s.Answer('n', "5", nil); err != nil || s.MaxTasks != 5 {
		t.Errorf("n 5: %v %d", err, s.MaxTasks)
	}
	if p, _ := s.Key('d'); p != "Change delay from 3.0 to" {
		t.Errorf("d prompt %q", p)
	}
	if err := s.Answer('u', "!0", nil); err != nil || s.UserType != 'u' || s.UserMatch {
		t.Errorf("u !0: %v %+v", err, s)
	}
	s.Secure = true
	if err := s.Answer('s', "1", nil); err == nil || err.Error() != "Unavailable in secure mode" {
		t.Errorf("s in secure mode: %v", err)
	}
}
