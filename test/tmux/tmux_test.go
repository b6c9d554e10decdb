package tmux

import (
	"strings"
	"testing"
)

func TestSession(t *testing.T) {
	Need(t)
	s := Start(t, 40, 10, []string{"GREETING=hello there", "TERM=xterm"},
		"sh", "-c", `printf '%s\n' "$GREETING"; stty size; echo "term $TERM"; read line; echo "got $line"; exit 3`)
	s.WaitFor("hello there", "10 40", "term xterm")
	if got := s.Display("#{pane_width}x#{pane_height}"); got != "40x10" {
		t.Errorf("pane size %s, want 40x10", got)
	}
	if lines := s.Lines(); len(lines) != 10 || lines[0] != "hello there" || lines[1] != "10 40" || lines[2] != "term xterm" {
		t.Errorf("Lines() = %q", lines)
	}
	s.SendText("a b")
	s.Send("Enter")
	s.WaitFor("got a b")
	if st := s.WaitExit(); st != "3" {
		t.Errorf("WaitExit = %q, want 3", st)
	}
	// The pane stays readable after the exit.
	if !strings.Contains(s.Capture(), "got a b") {
		t.Errorf("screen lost after exit:\n%s", s.Capture())
	}
	s.Kill()
	s.Kill()
}

func TestResizeAndSignal(t *testing.T) {
	Need(t)
	s := Start(t, 80, 24, nil, "sh", "-c", `trap 'stty size' WINCH; echo ready; while :; do sleep 0.05; done`)
	s.WaitFor("ready")
	s.Resize(50, 12)
	s.WaitFor("12 50")
	s.Send("C-c")
	if st := s.WaitExit(); st != "signal 2" {
		t.Errorf("after C-c: %q", st)
	}
}
