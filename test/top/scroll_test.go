package top_test

import (
	"os/exec"
	"testing"
)

// manySleepers starts n sleep processes (more than the screen's task rows) and returns
// their PIDs.
func manySleepers(t *testing.T, n int) []int {
	t.Helper()
	var pids []int
	for i := 0; i < n; i++ {
		cmd := exec.Command("sleep", "3600")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		pids = append(pids, cmd.Process.Pid)
	}
	return pids
}

// sleepersInPIDOrder starts 16 sleepers (more than the task rows) and both tops over them on
// an 80x12 screen (5 task rows), sorted by PID from low to high (N, R); it returns the pair
// and the PIDs.
func sleepersInPIDOrder(t *testing.T) (*pair, []int) {
	t.Helper()
	pids := manySleepers(t, 16)
	p := startPair(t, 80, 12, "-p", joinPIDs(pids), "-d", "2")
	p.step("N", "N")
	p.step("R", "R") // low to high
	return p, pids
}

// TestInteractiveScroll: the task window scrolled with the arrows, PgUp/PgDn, Home/End and
// the columns with Left/Right, over 16 sleepers on an 80x12 screen (5 task rows), in PID
// order; C shows top's scroll coordinates, compared too.
func TestInteractiveScroll(t *testing.T) {
	needTop(t)
	p, _ := sleepersInPIDOrder(t)
	p.step("C", "C")
	for _, s := range [][]string{
		{"Down"}, {"Down", "Down"}, {"Up"}, {"NPage"}, {"NPage"}, {"PPage"}, {"End"},
		{"Down"}, {"Down", "Down", "Down"}, {"NPage"}, {"Up", "Up"}, {"Home"}, {"Up"},
		{"End", "End"}, {"PPage", "PPage", "PPage"},
		{"Right"}, {"Right", "Right"}, {"Left"}, {"Home"},
		{"Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right"},
		{"Right"}, {"Right"}, {"Left"}, {"Left", "Left"}, {"End"}, {"Home"},
		{"Down", "Down", "i"}, {"Down"}, {"i"}, {"H"}, {"H"},
		{"Down", "Down", "Down", "M"}, {"N"},
	} {
		p.scrollStep(keyNames(s), s...)
	}
	p.same("scrolled (attributes)", true)
	t.Logf("%d screens compared", p.compared)
}

// xtermKeys are the sequences xterm sends for Home and End in keypad mode (its terminfo's
// khome and kend, which top reads); tmux would send "ESC [1~" and "ESC [4~", which top
// under TERM=xterm does not know (this top takes both).
var xtermKeys = map[string]string{"Home": "\033OH", "End": "\033OF"}

// scrollStep is step with Home and End typed as xterm sends them.
func (p *pair) scrollStep(name string, keys ...string) {
	p.t.Helper()
	for _, k := range keys {
		if seq, ok := xtermKeys[k]; ok {
			p.bothText(seq)
		} else {
			p.both(k)
		}
		p.sync()
	}
	p.same(name, false)
}

func keyNames(keys []string) string {
	s := "keys"
	for _, k := range keys {
		s += " " + k
	}
	return s
}
