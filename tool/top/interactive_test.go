package top

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/tui"
)

func TestSignalNumber(t *testing.T) {
	for in, want := range map[string]int{
		"9": 9, "15": 15, "KILL": 9, "kill": 9, "SIGTERM": 15, "sigcont": 18, "STOP": 19,
		"CLD": 17, "SIGIO": 29, "IOT": 6, "EXIT": 0, "NULL": 0, "0": 0, "RTMIN": 34,
		"RTMIN+2": 36, "64": 64, "x": -1, "9x": -1, "SIG": -1, "94": -1, " 9": 9, "+9": 9, "-1": -1, "-0": 0, "RTMIN+": -1, "": -1,
	} {
		if got := signalNumber(in); got != want {
			t.Errorf("signalNumber(%q) = %d, want %d", in, got, want)
		}
	}
}

// fakePrompter answers prompts from a list and records what was shown.
type fakePrompter struct {
	answers  []string
	prompts  []string
	messages []string
}

func (f *fakePrompter) Prompt(text string) (string, bool) {
	f.prompts = append(f.prompts, text)
	if len(f.answers) == 0 {
		return "", false // Esc
	}
	a := f.answers[0]
	f.answers = f.answers[1:]
	if a == "\033" {
		return "", false
	}
	return a, true
}
func (f *fakePrompter) Message(msg string) { f.messages = append(f.messages, msg) }
func (f *fakePrompter) Size() (int, int)   { return 80, 24 }
func (f *fakePrompter) last() string {
	if len(f.messages) == 0 {
		return ""
	}
	return f.messages[len(f.messages)-1]
}

// TestStyle: the pieces of each line as top 4.0.2 writes them under TERM=xterm (recorded
// with script(1) from top -n 1: the same bytes but the figures).
func TestStyle(t *testing.T) {
	a := &app{s: DefaultSettings()}
	frame := "top - 10:00:00 up 1 min,  0 users,  load average: 0.00, 0.00, 0.00\n" +
		"Tasks:   2 total,   0 zombie\n" +
		"%Cpu(s):100.0 us,  0.0 ni,100.0 st \n" +
		"MiB Mem :  24105.6 total,    875.6 buff/cache     \n" +
		"MiB Swap:      0.0 total,  23646.8 avail Mem \n" +
		"\n  PID USER\n  123 root"
	lines := strings.Split(string(a.style([]byte(frame), 20)), "\n")
	if a.sumRows != 5 || a.MessageRow() != 5 {
		t.Errorf("sumRows %d", a.sumRows)
	}
	const n, o, b = capNorm, capOff, capBold
	want := []string{
		n + "top - 10:00:00 up 1 min,  0 users,  load average: 0.00, 0.00, 0.00" + o + o,
		"Tasks:" + o + b + "   2 " + o + "total," + o + b + "   0 " + o + "zombie" + o + o,
		"%Cpu(s):" + o + b + "100.0 " + o + "us," + o + b + "  0.0 " + o + "ni," + o + b + "100.0 " + o + "st" + o + n + " " + o + o,
		"MiB Mem :" + o + b + "  24105.6 " + o + "total," + o + b + "    875.6 " + o + "buff/cache" + o + n + " " + o + n + "    " + o + o,
		"MiB Swap:" + o + b + "      0.0 " + o + "total," + o + b + "  23646.8 " + o + "avail Mem " + o + o,
		"",
		capReverse + "  PID USER          " + o,
		n + "  123 root          " + o,
	}
	for i := range want {
		if i >= len(lines) || lines[i] != want[i] {
			t.Errorf("line %d:\n got %q\nwant %q", i, lines[min(i, len(lines)-1)], want[i])
		}
	}
	// Colours: red words and rows, yellow reverse header.
	a.s.Color = true
	lines = strings.Split(string(a.style([]byte(frame), 20)), "\n")
	if lines[7] != o+"\033[31m"+"  123 root          "+o || !strings.HasPrefix(lines[6], "\033[33m"+capReverse) ||
		!strings.HasPrefix(lines[1], "\033[31m"+"Tasks:"+o+b) {
		t.Errorf("coloured frame:\n%q", lines)
	}
}

func TestKeys(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	s := DefaultSettings()
	s.rc = &rcState{file: DefaultRC(), path: filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "toprc")}
	s.Finish()
	a := &app{s: s, lookup: func(name string) (uint32, bool) { return 7, name == "alice" }}
	key := func(k tui.Key, answers ...string) *fakePrompter {
		p := &fakePrompter{answers: answers}
		if a.Key(k, p) {
			t.Fatalf("key %q quit", k)
		}
		return p
	}
	key('M')
	key('R')
	key('1')
	key('E')
	key('e')
	key('c')
	key('H')
	key('l')
	if s.SortField != fMEM || s.SortHigh || s.CPUSummary || s.SummScale != 2 || s.TaskScale != 1 || !s.Cmdline || !s.Threads || s.ShowLoad {
		t.Errorf("settings after keys: %+v", s)
	}
	if p := key('n', "3"); s.MaxTasks != 3 || p.prompts[0] != "Maximum tasks = 0, change to (0 is unlimited)" {
		t.Errorf("n 3: %d %q", s.MaxTasks, p.prompts)
	}
	if p := key('#', "x"); p.last() != "Unacceptable integer" || s.MaxTasks != 3 {
		t.Errorf("# x: %q", p.messages)
	}
	if key('i'); s.MaxTasks != 3 || s.ShowIdle {
		t.Errorf("i: max tasks %d, idle %v: the interactive i keeps n's limit (only -i resets it)", s.MaxTasks, s.ShowIdle)
	}
	key('i')
	if p := key('n', "-1"); p.last() != "Invalid maximum" {
		t.Errorf("n -1: %q", p.messages)
	}
	if key('d', "\033"); s.Delay != 3 {
		t.Errorf("d Esc changed the delay: %v", s.Delay)
	}
	if p := key('s', "0.5"); s.Delay != 0.5 || p.prompts[0] != "Change delay from 3.0 to" || a.Delay().Milliseconds() != 500 {
		t.Errorf("s 0.5: %v %q", s.Delay, p.prompts)
	}
	if p := key('u', "bob"); p.last() != "Invalid user" {
		t.Errorf("u bob: %q", p.messages)
	}
	if key('U', "!alice"); s.UserType != 'U' || s.UserUID != 7 || s.UserMatch {
		t.Errorf("U !alice: %+v", s)
	}
	if p := key('~'); p.last() != "Unknown command - try 'h' for help" {
		t.Errorf("~: %q", p.messages)
	}
	key(tui.KeyUp) // no message
	// W writes the rc file.
	p := key('W')
	rc := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "toprc")
	b, err := os.ReadFile(rc)
	if p.last() != "Wrote configuration to '"+rc+"'" || err != nil || !strings.Contains(string(b), "Delay_time=0.500, Curwin=0\n") ||
		!strings.Contains(string(b), ", sortindx=21, ") {
		t.Errorf("W: %q %v\n%s", p.messages, err, b)
	}
	// h shows the help screen until Esc or q, which do nothing else.
	key('h')
	if h := string(a.Render(80, 24)); !strings.Contains(h, "Interactive commands of cgprocps top") || !strings.Contains(h, "Refresh every 0.5 s") {
		t.Errorf("help screen:\n%s", h)
	}
	key('M')
	if !a.help {
		t.Errorf("M left the help screen")
	}
	key('q')
	if a.help || s.SortField != fMEM {
		t.Errorf("q did not only leave the help screen")
	}
	// k and r on a process of ours.
	cmd := exec.Command("sleep", "60")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	a.topPID = cmd.Process.Pid
	if p := key('r', "", "3"); len(p.messages) != 0 || len(p.prompts) != 2 {
		t.Errorf("r: %q %q", p.prompts, p.messages)
	}
	if p := key('k', "", "NOPE"); p.last() != "Invalid signal" {
		t.Errorf("k NOPE: %q", p.messages)
	}
	if p := key('k', "", "KILL"); len(p.messages) != 0 || !strings.HasPrefix(p.prompts[1], "Send pid ") {
		t.Errorf("k KILL: %q %q", p.prompts, p.messages)
	}
	if err := cmd.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Errorf("sleep after k KILL: %v", err)
	}
	// (top reads the PID through a float, as this top does: 999999999 becomes 1000000000)
	if p := key('k', "999999999", ""); p.last() != "Failed signal pid '1000000000' with '15': No such process" {
		t.Errorf("k of no process: %q", p.messages)
	}
	if p := key('r', "999999999", "1"); p.last() != "Failed renice of PID 1000000000 to 1: No such process" {
		t.Errorf("r of no process: %q", p.messages)
	}
	s.Secure = true
	for _, k := range []tui.Key{'k', 'r', 'd', 's'} {
		if p := key(k); p.last() != "Unavailable in secure mode" || len(p.prompts) != 0 {
			t.Errorf("secure %c: %q %q", k, p.prompts, p.messages)
		}
	}
	if !a.Key('q', &fakePrompter{}) {
		t.Error("q did not quit")
	}
}

// FuzzSignalNumber: any answer to k's signal prompt gives -1 or a signal number.
func FuzzSignalNumber(f *testing.F) {
	for _, s := range []string{"9", "KILL", "sigterm", "RTMIN+3", " +9", "-0", "x", "SIG"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n := signalNumber(s); n < -1 || n > 127 {
			t.Errorf("signalNumber(%q) = %d", s, n)
		}
	})
}

// FuzzStyle: any frame styles without a panic, and without its escape sequences it is the
// frame again (rows and the header padded to the width).
func FuzzStyle(f *testing.F) {
	f.Add("top - 1\nTasks:   2 total,\n%Cpu(s):100.0 us, \n\n  PID\n  1 x", 20, false)
	f.Add("MiB Swap:  1.0 total, avail Mem \n\nH\nr", 5, true)
	f.Add(":::\n\n", 0, false)
	esc := regexp.MustCompile("\033[\\[(][0-9;?]*[A-Za-z]")
	f.Fuzz(func(t *testing.T, frame string, width int, color bool) {
		if width < 0 || width > 600 || strings.Contains(frame, "\033") {
			return
		}
		a := &app{s: DefaultSettings()}
		a.s.Color = color
		got := esc.ReplaceAllString(string(a.style([]byte(frame), width)), "")
		gl, fl := strings.Split(got, "\n"), strings.Split(frame, "\n")
		if len(gl) != len(fl) {
			t.Fatalf("%d lines from %d", len(gl), len(fl))
		}
		for i := range fl {
			if strings.TrimRight(gl[i], " ") != strings.TrimRight(fl[i], " ") || len(gl[i]) < len(fl[i]) {
				t.Errorf("line %d: %q from %q", i, gl[i], fl[i])
			}
		}
	})
}
