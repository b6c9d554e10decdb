// End-to-end tests of internal/tui: the demo App (test/tui/demo) runs in an interactive bash
// inside a detached tmux session of 80x24 with TERM=xterm; keys are typed with send-keys and
// the screen read with capture-pane. They check that keys reach the app, prompts edit and
// cancel, resizes redraw at the new size, and that the terminal is restored (stty -g equal
// before and after, cursor visible, keypad mode off, alternate screen left) after q, Ctrl-C,
// SIGTERM, SIGHUP, a panic in Key or Render, and around Ctrl-Z / fg. They skip when tmux is
// missing.
package tui_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/cgprocps/cgprocps/test/tmux"
)

var demoBin string

func TestMain(m *testing.M) {
	code := func() int {
		if tmux.Path == "" {
			return m.Run() // every test skips
		}
		dir, err := os.MkdirTemp("", "tuitest")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		demoBin = filepath.Join(dir, "demo")
		out, err := exec.Command("go", "build", "-o", demoBin, "github.com/cgprocps/cgprocps/test/tui/demo").CombinedOutput()
		if err != nil {
			fmt.Fprintf(os.Stderr, "building the demo: %v\n%s", err, out)
			return 1
		}
		return m.Run()
	}()
	os.Exit(code)
}

// shell is an interactive bash in tmux with a known prompt, and a scratch directory.
type shell struct {
	*tmux.Session
	t   *testing.T
	dir string
	n   int // commands run, for unique markers
}

func newShell(t *testing.T) *shell {
	tmux.Need(t)
	dir := t.TempDir()
	// HOME outside dir and no history file: bash may still write there after the session is
	// killed, while dir is being removed.
	s := tmux.Start(t, 80, 24, []string{"TERM=xterm", "PS1=$ ", "HOME=/nonexistent", "HISTFILE="},
		"bash", "--norc", "--noprofile", "-i")
	s.WaitFor("$")
	return &shell{Session: s, t: t, dir: dir}
}

// startDemo saves the terminal settings and starts the demo with args; it returns once the
// first frame is up. The line typed also records the exit status and the settings after.
func (sh *shell) startDemo(args ...string) {
	sh.t.Helper()
	sh.n++
	line := fmt.Sprintf("stty -g >%[1]s/before; %[2]s -pidfile %[1]s/pid %[3]s; echo EXIT=$?; stty -g >%[1]s/after; echo END$((1000+%[4]d))",
		sh.dir, demoBin, strings.Join(args, " "), sh.n)
	sh.SendText(line)
	sh.Send("Enter")
	sh.WaitFor("demo size 80x24", "last row 24")
}

// pid is the demo's process id.
func (sh *shell) pid() int {
	sh.t.Helper()
	b, err := os.ReadFile(filepath.Join(sh.dir, "pid"))
	if err != nil {
		sh.t.Fatal(err)
	}
	n, err := strconv.Atoi(string(b))
	if err != nil {
		sh.t.Fatal(err)
	}
	return n
}

// checkRestored waits for the demo's end and checks the exit status and the terminal state.
func (sh *shell) checkRestored(wantExit string) string {
	sh.t.Helper()
	screen := sh.WaitFor(fmt.Sprintf("END%d", 1000+sh.n)) // not in the command line typed
	if !strings.Contains(screen, "EXIT="+wantExit+"\n") {
		sh.t.Errorf("exit status: want EXIT=%s; screen:\n%s", wantExit, screen)
	}
	before, err1 := os.ReadFile(filepath.Join(sh.dir, "before"))
	after, err2 := os.ReadFile(filepath.Join(sh.dir, "after"))
	if err1 != nil || err2 != nil {
		sh.t.Fatal(err1, err2)
	}
	if string(before) != string(after) || len(before) == 0 {
		sh.t.Errorf("stty -g differs:\nbefore %s\nafter  %s", before, after)
	}
	// alternate screen off, cursor visible, cursor keys and keypad in normal mode.
	if got := sh.Display("#{alternate_on} #{cursor_flag} #{keypad_cursor_flag} #{keypad_flag}"); got != "0 1 0 0" {
		sh.t.Errorf("alternate_on cursor_flag keypad_cursor_flag keypad_flag = %q, want \"0 1 0 0\"", got)
	}
	return screen
}

func TestKeys(t *testing.T) {
	sh := newShell(t)
	sh.startDemo()
	// While running: main screen (as top), cursor hidden, keypad transmit mode.
	if got := sh.Display("#{alternate_on} #{cursor_flag} #{keypad_cursor_flag} #{keypad_flag}"); got != "0 0 1 1" {
		t.Errorf("while running: alternate_on cursor_flag keypad_cursor_flag keypad_flag = %q, want \"0 0 1 1\"", got)
	}
	for _, c := range []struct{ send, want string }{
		{"x", "last key: x"},
		{"Up", "last key: Up"},
		{"Down", "last key: Down"},
		{"Left", "last key: Left"},
		{"Right", "last key: Right"},
		{"NPage", "last key: PgDn"},
		{"PPage", "last key: PgUp"},
		{"Home", "last key: Home"},
		{"End", "last key: End"},
		{"Escape", "last key: Esc"},
		{"Enter", "last key: Enter"},
		{"C-a", "last key: C-a"},
		{"Space", "last key: Space"},
	} {
		sh.Send(c.send)
		sh.WaitFor(c.want)
	}
	// A key is an immediate refresh: each press draws one more frame.
	frame := func(screen string) int {
		var w, h, n int
		fmt.Sscanf(screen, "demo size %dx%d frame %d", &w, &h, &n)
		return n
	}
	n := frame(sh.Capture())
	sh.Send("Space")
	sh.WaitFor(fmt.Sprintf("frame %d\n", n+1))
	sh.Send("q")
	screen := sh.checkRestored("0")
	if !strings.Contains(screen, "demo: quit") {
		t.Errorf("no quit message; screen:\n%s", screen)
	}
	// As top: the last frame stays, the shell continues below it.
	if !strings.Contains(screen, "last row 24\ndemo: quit\n") {
		t.Errorf("last frame not left on the screen:\n%s", screen)
	}
}

func TestPrompt(t *testing.T) {
	sh := newShell(t)
	sh.startDemo()
	sh.Send("k")
	screen := sh.WaitFor("PID to signal/kill [default pid = 1]")
	if row := sh.Lines()[3]; row != "PID to signal/kill [default pid = 1]" {
		t.Errorf("prompt row 4 = %q; screen:\n%s", row, screen)
	}
	if got := sh.Display("#{cursor_flag}"); got != "1" {
		t.Errorf("cursor hidden during a prompt")
	}
	sh.SendText("12")
	sh.Send("BSpace")
	sh.SendText("3x")
	sh.Send("Left", "BSpace", "End", "BSpace")
	// "12" BSpace "3x" → "13x"; Left BSpace → "1x"; End BSpace → "1".
	sh.WaitFor("[default pid = 1] 1\n")
	sh.Send("Home")
	sh.SendText("4")
	sh.WaitFor("[default pid = 1] 41\n")
	sh.Send("Enter")
	sh.WaitFor("Send pid 41 signal [15/sigterm]")
	sh.SendText("9")
	sh.Send("Enter")
	screen = sh.WaitFor("answer: kill pid=41 sig=9")
	if got := sh.Lines()[3]; got != "" {
		t.Errorf("message line not cleared after the prompt: %q; screen:\n%s", got, screen)
	}
	if got := sh.Display("#{cursor_flag}"); got != "0" {
		t.Errorf("cursor still visible after the prompt")
	}
	// Esc cancels, at the first or the second prompt.
	sh.Send("k")
	sh.WaitFor("PID to signal/kill")
	sh.SendText("55")
	sh.Send("Escape")
	sh.WaitFor("answer: kill cancelled")
	sh.Send("k")
	sh.WaitFor("PID to signal/kill")
	sh.Send("Enter")
	sh.WaitFor("Send pid 1 signal")
	sh.Send("Escape")
	sh.WaitUntil("second prompt cancelled", func(s string) bool {
		return strings.Contains(s, "answer: kill cancelled") && !strings.Contains(s, "Send pid")
	})
	// History: Up recalls the last accepted line.
	sh.Send("k")
	sh.WaitFor("PID to signal/kill")
	sh.Send("Up")
	sh.WaitFor("[default pid = 1] 9\n")
	sh.Send("Up")
	sh.WaitFor("[default pid = 1] 41\n")
	sh.Send("Enter", "Enter")
	sh.WaitFor("answer: kill pid=41 sig=15")
	// A message shows on the message line, then the next frame replaces it.
	sh.Send("m")
	screen = sh.WaitFor("Unknown command - try 'h' for help")
	if row := sh.Lines()[3]; row != " Unknown command - try 'h' for help" {
		t.Errorf("message row 4 = %q; screen:\n%s", row, screen)
	}
	sh.WaitGone("Unknown command")
	// A changed delay applies: 0.2 s refreshes without keys.
	sh.Send("d")
	sh.WaitFor("Change delay from 3600.0 to")
	sh.SendText("0.2")
	sh.Send("Enter")
	sh.WaitFor("answer: delay 200ms")
	n := 0
	fmt.Sscanf(strings.SplitN(sh.Capture(), "frame ", 2)[1], "%d", &n)
	sh.WaitFor(fmt.Sprintf("frame %d\n", n+3))
	sh.Send("q")
	sh.checkRestored("0")
}

func TestResize(t *testing.T) {
	sh := newShell(t)
	sh.startDemo()
	sh.Resize(60, 15)
	sh.WaitFor("demo size 60x15")
	lines := sh.Lines()
	if len(lines) != 15 || lines[14] != "last row 15" || lines[13] != "row 14" {
		t.Errorf("after resize to 60x15: %d lines, last %q; screen:\n%s", len(lines), lines[len(lines)-1], sh.Capture())
	}
	sh.Resize(100, 30)
	sh.WaitFor("demo size 100x30")
	lines = sh.Lines()
	if len(lines) != 30 || lines[29] != "last row 30" {
		t.Errorf("after resize to 100x30: %d lines, last %q; screen:\n%s", len(lines), lines[len(lines)-1], sh.Capture())
	}
	for i, l := range lines[5:29] {
		if want := fmt.Sprintf("row %d", i+6); l != want {
			t.Errorf("row %d = %q, want %q", i+6, l, want)
		}
	}
	// A prompt survives a resize: the frame is redrawn and the prompt shown again.
	sh.Send("k")
	sh.WaitFor("PID to signal/kill")
	sh.SendText("42")
	sh.Resize(80, 24)
	sh.WaitFor("demo size 80x24", "PID to signal/kill [default pid = 1] 42")
	sh.Send("Enter", "Enter")
	sh.WaitFor("answer: kill pid=42 sig=15")
	sh.Send("q")
	sh.checkRestored("0")
}

func TestRestore(t *testing.T) {
	for _, c := range []struct {
		name   string
		end    func(sh *shell)
		exit   string
		expect string
	}{
		{"q", func(sh *shell) { sh.Send("q") }, "0", "demo: quit"},
		{"ctrl-c", func(sh *shell) { sh.Send("C-c") }, "0", "demo: ended by interrupt"},
		{"sigterm", func(sh *shell) { syscall.Kill(sh.pid(), syscall.SIGTERM) }, "0", "demo: ended by terminated"},
		{"sighup", func(sh *shell) { syscall.Kill(sh.pid(), syscall.SIGHUP) }, "0", "demo: ended by hangup"},
		{"panic-in-key", func(sh *shell) { sh.Send("p") }, "2", "panic: demo: panic in Key"},
		{"panic-in-render", func(sh *shell) { sh.Send("P") }, "2", "panic: demo: panic in Render"},
		{"ctrl-c-in-prompt", func(sh *shell) {
			sh.Send("k")
			sh.WaitFor("PID to signal/kill")
			sh.Send("C-c")
		}, "0", "demo: ended by interrupt"},
	} {
		t.Run(c.name, func(t *testing.T) {
			sh := newShell(t)
			sh.startDemo()
			c.end(sh)
			screen := sh.checkRestored(c.exit)
			if !strings.Contains(screen, c.expect) {
				t.Errorf("want %q on the screen:\n%s", c.expect, screen)
			}
		})
	}
}

func TestAltScreen(t *testing.T) {
	sh := newShell(t)
	sh.startDemo("-alt")
	if got := sh.Display("#{alternate_on}"); got != "1" {
		t.Errorf("-alt: alternate_on = %q while running", got)
	}
	sh.Send("q")
	screen := sh.checkRestored("0")
	if strings.Contains(screen, "demo size") {
		t.Errorf("-alt: the frame is still on the main screen:\n%s", screen)
	}
}

func TestSuspend(t *testing.T) {
	sh := newShell(t)
	sh.startDemo()
	sh.Send("x")
	sh.WaitFor("last key: x")
	sh.Send("C-z")
	sh.WaitFor("Stopped")
	// While stopped the shell has the terminal as it was.
	sh.SendText(fmt.Sprintf("stty -g >%s/mid; echo MID", sh.dir))
	sh.Send("Enter")
	sh.WaitFor("\nMID")
	before, _ := os.ReadFile(filepath.Join(sh.dir, "before"))
	mid, _ := os.ReadFile(filepath.Join(sh.dir, "mid"))
	if string(before) != string(mid) || len(mid) == 0 {
		t.Errorf("stty -g while stopped differs:\nbefore %s\nmid    %s", before, mid)
	}
	if got := sh.Display("#{cursor_flag} #{keypad_cursor_flag}"); got != "1 0" {
		t.Errorf("while stopped: cursor_flag keypad_cursor_flag = %q, want \"1 0\"", got)
	}
	sh.SendText("fg")
	sh.Send("Enter")
	// Back: raw mode again (keys arrive one at a time, unechoed) and a full redraw.
	screen := sh.WaitFor("demo size 80x24", "last key: x", "last row 24")
	if strings.Contains(screen, "MID") {
		t.Errorf("screen not cleared on continue:\n%s", screen)
	}
	sh.Send("y")
	sh.WaitFor("last key: y")
	// A SIGSTOP from outside cannot be caught: the terminal stays raw while stopped (bash
	// resets it), and SIGCONT must set it up again.
	syscall.Kill(sh.pid(), syscall.SIGSTOP)
	sh.WaitFor("Stopped")
	sh.SendText("fg")
	sh.Send("Enter")
	sh.WaitGone("Stopped")
	sh.WaitFor("demo size 80x24", "last row 24")
	sh.Send("z")
	sh.WaitFor("last key: z")
	sh.Send("q")
	sh.WaitFor("demo: quit")
	// bash drops the rest of a command list whose job was stopped: type it again ($? is
	// the status fg returned, the demo's).
	sh.SendText(fmt.Sprintf("echo EXIT=$?; stty -g >%s/after; echo END$((1000+%d))", sh.dir, sh.n))
	sh.Send("Enter")
	sh.checkRestored("0")
}

// TestNotTerminal: with standard input not a terminal Run fails cleanly (top says "failed
// tty get"); nothing is written to the screen.
func TestNotTerminal(t *testing.T) {
	tmux.Need(t)
	cmd := exec.Command(demoBin)
	cmd.Stdin = nil // /dev/null
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 1 {
		t.Fatalf("demo </dev/null: %v, want exit status 1", err)
	}
	if want := "demo: not a terminal: standard input: inappropriate ioctl for device\n"; stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout %q, want nothing", stdout.String())
	}
}

// TestIterations: a Finisher ends Run after its last frame (top -n), keys count as frames.
func TestIterations(t *testing.T) {
	sh := newShell(t)
	sh.startDemo("-n", "3", "-delay", "3600")
	sh.Send("a")
	sh.WaitFor("frame 2\n", "last key: a")
	sh.Send("b")
	sh.checkRestored("0")
	all := sh.CaptureAll()
	if !strings.Contains(all, "demo size 80x24 frame 3\nlast key: b") || strings.Contains(all, "frame 4") {
		t.Errorf("the third frame is not the last one:\n%s", all)
	}
}

// scriptLog runs argv under script(1) in a tmux session of 80x24 (TERM=xterm), lets keys
// drive it until it exits, and returns what the program wrote to the terminal (the log
// without script's header and footer lines).
func scriptLog(t *testing.T, ready string, drive func(s *tmux.Session), argv ...string) []byte {
	t.Helper()
	if _, err := exec.LookPath("script"); err != nil {
		t.Skip("script(1) not installed (util-linux)")
	}
	log := filepath.Join(t.TempDir(), "log")
	cmd := strings.Join(argv, " ")
	s := tmux.Start(t, 80, 24, []string{"TERM=xterm"}, "script", "-q", "-f", "-c", cmd, log)
	s.WaitFor(ready)
	drive(s)
	s.WaitExit()
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	if i := bytesIndex(b, "\n"); i >= 0 { // "Script started on ..."
		b = b[i+1:]
	}
	if i := bytesLastIndex(b, "\nScript done"); i >= 0 {
		b = b[:i]
	}
	return b
}

func bytesIndex(b []byte, s string) int     { return strings.Index(string(b), s) }
func bytesLastIndex(b []byte, s string) int { return strings.LastIndex(string(b), s) }

// TestSequencesMatchTop compares the terminal protocol of Run with real top 4.0.2's under
// TERM=xterm, byte for byte where it does not depend on the contents: the set-up before the
// first frame, the line endings of a frame, the prompt's framing, and the restore at the
// end, at 80x24 and after a resize to 100x30.
func TestSequencesMatchTop(t *testing.T) {
	tmux.Need(t)
	topPath, err := exec.LookPath("top")
	if err != nil {
		t.Skip("top (procps) not installed")
	}
	drive := func(s *tmux.Session, prompt string) {
		s.Send("k")
		s.WaitFor(prompt)
		s.SendText("12")
		s.Send("Escape")
		s.WaitGone(prompt)
		// Grow, so that the redraw at the new size shows: the new bottom row fills only
		// when the program has handled SIGWINCH (a shrink would look the same cropped).
		s.Resize(100, 30)
		s.WaitUntil("a frame of 30 rows", func(screen string) bool {
			lines := strings.Split(strings.TrimSuffix(screen, "\n"), "\n")
			return len(lines) == 30 && strings.TrimSpace(lines[29]) != ""
		})
		s.Send("q")
	}
	top := scriptLog(t, "load average", func(s *tmux.Session) {
		drive(s, "PID to signal/kill")
	}, topPath, "-d", "100")
	ours := scriptLog(t, "last row 24", func(s *tmux.Session) {
		drive(s, "PID to signal/kill")
	}, demoBin)

	// Set-up: everything before the first frame's text.
	const setup = "\x1b[?1h\x1b=\x1b[?25l\x1b[H\x1b[2J"
	for name, b := range map[string][]byte{"top": top, "ours": ours} {
		if !strings.HasPrefix(string(b), setup) {
			t.Errorf("%s starts %q, want %q", name, head(b, 40), setup)
		}
	}
	// Frame lines end with clear-to-EOL and CR LF; frames start with cursor home.
	if !strings.Contains(string(top), "\x1b[K\r\n") || !strings.Contains(string(ours), "\x1b[K\r\n") {
		t.Errorf("frame line ending \\e[K\\r\\n missing")
	}
	// The prompt: row 6 for top (its Msg_row), 4 for the demo; the rest is the same.
	pTop := between(top, "\x1b[6;1H\x1b[1mPID to signal/kill", "\x1b[K")
	pOurs := between(ours, "\x1b[4;1H\x1b[1mPID to signal/kill", "\x1b[K")
	stripPid := func(s string) string { // "[default pid = 1234] ..." → after the ']'
		if i := strings.Index(s, "]"); i >= 0 {
			return s[i:]
		}
		return s
	}
	if pTop == "" || stripPid(pTop) != stripPid(pOurs) {
		t.Errorf("prompt framing differs:\ntop  %q\nours %q", pTop, pOurs)
	}
	// The end, after the resize to 100x30: keypad local, row 31, newline, cursor normal.
	const end = "\x1b[?1l\x1b>\x1b[31;1H\r\n\x1b[?12l\x1b[?25h\x1b[K"
	if !strings.HasSuffix(string(top), end) {
		t.Errorf("top ends %q, want %q", tail(top, 60), end)
	}
	if i := strings.LastIndex(string(ours), "\x1b[?1l"); i < 0 || !strings.HasPrefix(string(ours[i:]), end) {
		t.Errorf("ours ends %q, want %q then the demo's own output", tail(ours, 80), end)
	}
}

// between returns the text from start up to and including the first end after it ("" when
// start is missing).
func between(b []byte, start, end string) string {
	s := string(b)
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i+len(start):], end)
	if j < 0 {
		return s[i:]
	}
	return s[i : i+len(start)+j+len(end)]
}

func head(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}
