// Package tmux runs programs in detached tmux sessions for tests of interactive tools: start
// a command in a terminal of a given size, type keys, wait until the screen shows something,
// read the screen, resize, and clean up.
//
// Every Session has its own tmux server (its own socket, an empty configuration, no status
// line, so the pane is exactly the requested size), killed by t.Cleanup. The pane stays after
// the command exits (remain-on-exit), so its last screen can still be read.
//
// Waiting polls the screen until a condition holds or a deadline passes (Timeout, generous
// for a loaded machine); a deadline that passes fails the test with the last screen. No
// assertion depends on timing.
//
//	tmux.Need(t)
//	s := tmux.Start(t, 80, 24, nil, "top", "-d", "1")
//	s.WaitFor("load average")
//	s.Send("k")
//	s.WaitFor("PID to signal/kill")
//	screen := s.Capture()
package tmux

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Timeout is how long Wait* poll before failing the test.
var Timeout = 20 * time.Second

// pollEvery is the polling interval of Wait*.
const pollEvery = 20 * time.Millisecond

// Path is the tmux binary ("" when missing).
var Path, _ = exec.LookPath("tmux")

// Need skips the test when tmux is not installed.
func Need(t testing.TB) {
	t.Helper()
	if Path == "" {
		t.Skip("tmux not installed (apt-get install tmux, or scripts/install-test-deps)")
	}
}

// Session is one detached tmux session running one command.
type Session struct {
	t      testing.TB
	socket string // path of the server socket
	dir    string
	Name   string // session and target name
	killed bool
}

var seq atomic.Int64

// Start runs argv in a new detached session of width×height and returns once tmux has
// started it. env is added to the command's environment; a TERM there is also made tmux's
// default-terminal, without which tmux would set TERM=screen (pass "TERM=xterm" to compare
// with top under xterm). argv is run directly, without a shell
// (use "sh", "-c", script for one). The session is killed at the end of the test.
func Start(t testing.TB, width, height int, env []string, argv ...string) *Session {
	t.Helper()
	Need(t)
	if len(argv) == 0 {
		t.Fatal("tmux.Start: no command")
	}
	dir, err := os.MkdirTemp("", "tmuxtest")
	if err != nil {
		t.Fatal(err)
	}
	s := &Session{t: t, dir: dir, socket: filepath.Join(dir, "sock"),
		Name: fmt.Sprintf("s%d", seq.Add(1))}
	conf := filepath.Join(dir, "tmux.conf")
	// escape-time 0: an Escape sent with Send reaches the program at once. (tmux 3.3a's
	// server dies at start with "history-limit 0" or "window-size manual" in the file;
	// resize-window sets the manual size itself.)
	// tmux sets TERM from default-terminal over an -e TERM=..., so a TERM in env becomes
	// the default-terminal (the program then really runs under that TERM).
	termName := "screen"
	for _, e := range env {
		if v, ok := strings.CutPrefix(e, "TERM="); ok && v != "" {
			termName = v
		}
	}
	cfg := "set -g status off\nset -g remain-on-exit on\nset -g escape-time 0\n" +
		fmt.Sprintf("set -g default-terminal %q\n", termName)
	if err := os.WriteFile(conf, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Kill)
	cmd := []string{"-f", conf, "new-session", "-d", "-s", s.Name,
		"-x", fmt.Sprint(width), "-y", fmt.Sprint(height)}
	for _, e := range env {
		cmd = append(cmd, "-e", e)
	}
	// tmux 3.3a sometimes marks a pane dead without ever filling in its exit status, so a
	// small sh runs the command and writes the status to a file. Its traps run only after
	// the command ends (and are reset to the default in the command), so a Ctrl-C that
	// kills the command does not kill sh before it writes the status.
	cmd = append(cmd, "--", "sh", "-c",
		`trap : INT QUIT TERM HUP; "$@"; echo $? >"$0.tmp"; mv "$0.tmp" "$0"`, s.statusFile())
	cmd = append(cmd, argv...)
	if _, err := s.tmux(cmd...); err != nil {
		t.Fatalf("tmux new-session: %v", err)
	}
	return s
}

// tmux runs one tmux command against the session's server.
func (s *Session) tmux(args ...string) (string, error) {
	all := append([]string{"-S", s.socket}, args...)
	out, err := exec.Command(Path, all...).CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("tmux %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return string(out), nil
}

func (s *Session) must(args ...string) string {
	s.t.Helper()
	out, err := s.tmux(args...)
	if err != nil {
		s.t.Fatal(err)
	}
	return out
}

// Send sends keys as tmux send-keys names them: "q", "Enter", "Escape", "C-c", "Up", "NPage",
// "BSpace", "Space". Each argument is one key name or a string of characters (tmux
// looks a name up first: "Up" is the arrow; use SendText for literal text).
func (s *Session) Send(keys ...string) {
	s.t.Helper()
	s.must(append([]string{"send-keys", "-t", s.Name}, keys...)...)
}

// SendText types text literally (send-keys -l).
func (s *Session) SendText(text string) {
	s.t.Helper()
	s.must("send-keys", "-t", s.Name, "-l", text)
}

// Capture returns the visible screen as text, one line per row, trailing spaces removed
// (capture-pane -p). Attributes are not included.
func (s *Session) Capture() string {
	s.t.Helper()
	return s.must("capture-pane", "-p", "-t", s.Name)
}

// CaptureEscapes returns the visible screen with attributes as escape sequences
// (capture-pane -p -e).
func (s *Session) CaptureEscapes() string {
	s.t.Helper()
	return s.must("capture-pane", "-p", "-e", "-t", s.Name)
}

// CaptureAll returns the scrollback history and the screen (capture-pane -p -S -): what
// scrolled off the top stays readable.
func (s *Session) CaptureAll() string {
	s.t.Helper()
	return s.must("capture-pane", "-p", "-S", "-", "-t", s.Name)
}

// Lines is Capture split into exactly height rows.
func (s *Session) Lines() []string {
	s.t.Helper()
	c := strings.TrimSuffix(s.Capture(), "\n")
	return strings.Split(c, "\n")
}

// Display returns a tmux format expanded for the pane (display-message -p), e.g.
// "#{pane_width}x#{pane_height}", "#{alternate_on}", "#{cursor_flag}", "#{pane_dead}".
// (pane_pid is the small sh that runs the command and records its status.)
func (s *Session) Display(format string) string {
	s.t.Helper()
	return strings.TrimSuffix(s.must("display-message", "-p", "-t", s.Name, format), "\n")
}

// Resize sets the window (and pane) size; the program gets SIGWINCH.
func (s *Session) Resize(width, height int) {
	s.t.Helper()
	s.must("resize-window", "-t", s.Name, "-x", fmt.Sprint(width), "-y", fmt.Sprint(height))
}

// WaitUntil polls the screen until cond(screen) is true and returns that screen; at the
// deadline it fails the test with what, the last screen and the pane state.
func (s *Session) WaitUntil(what string, cond func(screen string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(Timeout)
	var screen string
	for {
		screen = s.Capture()
		if cond(screen) {
			return screen
		}
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(pollEvery)
	}
	s.t.Fatalf("tmux: waited %v for %s; pane dead=%s; screen:\n%s", Timeout, what,
		s.Display("#{pane_dead} #{pane_dead_status}"), screen)
	return ""
}

// WaitFor waits until the screen contains every one of texts and returns the screen.
func (s *Session) WaitFor(texts ...string) string {
	s.t.Helper()
	return s.WaitUntil(fmt.Sprintf("%q", texts), func(screen string) bool {
		for _, x := range texts {
			if !strings.Contains(screen, x) {
				return false
			}
		}
		return true
	})
}

// WaitGone waits until the screen no longer contains text.
func (s *Session) WaitGone(text string) string {
	s.t.Helper()
	return s.WaitUntil(fmt.Sprintf("%q to disappear", text), func(screen string) bool {
		return !strings.Contains(screen, text)
	})
}

func (s *Session) statusFile() string { return filepath.Join(s.dir, "status") }

// WaitExit waits until the command has exited and returns how: its exit status as text
// ("0", "2"), or "signal N" when a signal killed it (as the shell reports it: an exit status
// of 128+N is taken as signal N).
func (s *Session) WaitExit() string {
	s.t.Helper()
	deadline := time.Now().Add(Timeout)
	for {
		if b, err := os.ReadFile(s.statusFile()); err == nil {
			st := strings.TrimSpace(string(b))
			if n, err := strconv.Atoi(st); err == nil && n > 128 && n < 128+65 {
				return fmt.Sprintf("signal %d", n-128)
			}
			return st
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("tmux: waited %v for the command to exit; screen:\n%s", Timeout, s.Capture())
		}
		time.Sleep(pollEvery)
	}
}

// Kill kills the session's server and removes its files. Safe to call twice.
func (s *Session) Kill() {
	if s.killed {
		return
	}
	s.killed = true
	s.tmux("kill-server")
	os.RemoveAll(s.dir)
}
