package top_test

import (
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/test/tmux"
)

// fieldsKey sends one key to both on the f screen, waits until each screen (with its
// attributes: the focus is only in reverse video) has changed, and compares them with
// their attributes. Every key used changes the screen, which is how the test knows it was
// read (top acts on the first key of a read only).
func (p *pair) fieldsKey(key string) {
	p.t.Helper()
	for _, s := range []*tmux.Session{p.ours, p.real} {
		before := s.CaptureEscapes()
		if seq, ok := xtermKeys[key]; ok {
			s.SendText(seq)
		} else {
			s.Send(key)
		}
		s.WaitUntil("the f screen to change after "+key, func(string) bool { return s.CaptureEscapes() != before })
	}
	p.same("screen after key "+key, true)
}

// TestInteractiveFields: the f screen (field management) against top's after each key:
// moving the focus, switching fields off and on, picking a field up and moving it, setting
// the sort field; then the task screen it leaves, the rc file W writes, and the screen too
// small for the list; 100x30 (three columns of fields) and 80x24 (four).
func TestInteractiveFields(t *testing.T) {
	needTop(t)
	pids := sleepers(t)
	p := startPair(t, 100, 30, "-p", joinPIDs(pids), "-d", "2")
	p.step("N", "N")
	p.both("f")
	p.waitFor("Fields Management for window 1:Def, whose current sort field is PID")
	p.same("f", false)
	p.same("f (attributes)", true)
	for _, k := range []string{
		"Down", "d", "Down", "Right", "Down", "Down", "Left", "s",
		"Down", "Down", "Down", "Down", "Down", "Down", "Down", "Down", "Space",
		"End", "Up", "Home", "NPage", "PPage",
	} {
		p.fieldsKey(k)
	}
	p.ours.Resize(80, 24)
	p.real.Resize(80, 24)
	p.waitFor("Fields Management")
	p.same("f at 80x24", true)
	p.ours.Resize(40, 10)
	p.real.Resize(40, 10)
	p.waitFor("even using field names only, window is n") // (wrapped)
	p.same("f at 40x10", true)
	p.ours.Resize(100, 30)
	p.real.Resize(100, 30)
	p.waitFor("Fields Management")
	p.same("f at 100x30 again", true)
	// q: the task screen with USER off, PR moved after VIRT, PPID on (after COMMAND).
	p.both("q")
	p.ours.WaitFor("PID  NI    VIRT  PR")
	p.real.WaitFor("PID  NI    VIRT  PR")
	p.step("N", "N") // (sorted by PR, the sleepers tie: PID order for the comparison)
	p.same("after f (attributes)", true)
	p.step("Right", "Right")
	p.scrollStep("Home", "Home")
	// Esc leaves too; Enter drops a picked field.
	p.both("f")
	p.waitFor("Fields Management")
	for _, k := range []string{"Down", "Right", "Down", "Enter", "Down", "d"} {
		p.fieldsKey(k)
	}
	p.both("Escape")
	p.ours.WaitGone("Fields Management")
	p.real.WaitGone("Fields Management")
	p.sync()
	p.same("after f, Esc", false)

	// W: both write the same rc file (the order and the shown fields).
	if b := p.sameRC("W after f"); !strings.Contains(string(b), "\nDef\tfieldscur=  75  105   80  118  103  123 ") {
		t.Errorf("rc file after f:\n%s", b)
	}
	t.Logf("%d screens compared", p.compared)
}
