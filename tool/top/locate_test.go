package top

import (
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/tui"
)

// rowsOf are the task rows of a styled frame (after the header).
func rowsOf(frame []byte) []string {
	lines := strings.Split(string(frame), "\n")
	for i, l := range lines {
		if strings.Contains(l, "PID USER") {
			return lines[i+1:]
		}
	}
	return nil
}

// TestHighlightSortColumn: x puts the sort column's cells (and their blank) in the running
// tasks' highlight, moves with the sort field (<, >, N), does nothing while the sort field
// is hidden, is switched off by a change on the f screen; a running row with y on keeps its
// whole-row highlight, with y off it shows the column too.
func TestHighlightSortColumn(t *testing.T) {
	sa := newScreenApp(t, 4, 80, 20)
	a := sa.a
	sa.keys('x')
	if !a.s.HiCols {
		t.Fatal("x did not switch the highlight on")
	}
	c := capsOf(a.s)
	rows := rowsOf(sa.render())
	// PID is the first column: "  101 " in bold
	want := c.rowNorm + c.rowHigh + "  101 " + c.rowNorm + "root      20   0"
	if !strings.HasPrefix(rows[0], want) {
		t.Errorf("row with x on PID:\n%q\nwant prefix\n%q", rows[0], want)
	}
	sa.keys('>') // USER
	rows = rowsOf(sa.render())
	want = c.rowNorm + "  101 " + c.rowHigh + "root     " + c.rowNorm + " 20"
	if !strings.HasPrefix(rows[1], want) { // sorted by USER: alice (104) first
		t.Errorf("row with x on USER:\n%q\nwant prefix\n%q", rows[1], want)
	}
	// COMMAND, the last column: the cell to the end of the width
	a.s.SortField = fCMD
	a.s.SortHigh = true
	rows = rowsOf(sa.render())
	if i := strings.Index(rows[0], c.rowHigh+"task03"); i < 0 || !strings.HasSuffix(rows[0], " "+c.rowNorm+capOff) {
		t.Errorf("row with x on COMMAND: %q", rows[0])
	}
	// a running row: whole row highlighted (y on), the column only with y off
	sa.cur.Tasks[3].State = 'R'
	rows = rowsOf(sa.render())
	if !strings.HasPrefix(rows[0], c.rowHigh+"  104 ") || strings.Count(rows[0], "\033[1m") != 1 {
		t.Errorf("running row, y on: %q", rows[0])
	}
	sa.keys('y')
	rows = rowsOf(sa.render())
	if !strings.HasPrefix(rows[0], c.rowNorm+"  104 ") || !strings.Contains(rows[0], c.rowHigh+"task03") {
		t.Errorf("running row, y off: %q", rows[0])
	}
	sa.keys('y')
	sa.cur.Tasks[3].State = 'S'
	// x again: off
	sa.keys('x')
	if a.s.HiCols || strings.Contains(strings.Join(rowsOf(sa.render()), "\n"), "\033[1m") {
		t.Error("x did not switch the highlight off")
	}
	// a hidden sort field: x does nothing
	a.s.SortField = fPPID
	sa.keys('x')
	if a.s.HiCols {
		t.Error("x switched on with the sort field hidden")
	}
	// the f screen's changes switch it off (top's unSCRL)
	a.s.SortField = fPID
	sa.keys('x', 'f', 'd', 'd', 'q')
	if a.s.HiCols {
		t.Error("a field change on the f screen kept x")
	}
	// colours and reverse video (b): the same places, top's capabilities
	sa.keys('x', 'z', 'b', 'N')
	c = capsOf(a.s)
	rows = rowsOf(sa.render())
	if !strings.Contains(rows[0], c.rowHigh) || !strings.Contains(c.rowHigh, capReverse) {
		t.Errorf("x in colours, b: %q", rows[0])
	}
}

// keyWith presses k answering its prompts with answers; it returns what was shown.
func (sa *screenApp) keyWith(k tui.Key, answers ...string) *fakePrompter {
	p := &fakePrompter{answers: answers}
	if sa.a.Key(k, p) {
		sa.t.Fatalf("key %v quit", k)
	}
	sa.render()
	return p
}

// TestLocate: L asks for a string and makes the next task whose row holds it the first one
// shown (not the current first); & looks again; the messages and the highlight of every
// match, as top.
func TestLocate(t *testing.T) {
	sa := newScreenApp(t, 30, 80, 12)
	a := sa.a
	first := func() string {
		rows := rowsOf(sa.render())
		return escapeSeq.ReplaceAllString(rows[0], "")
	}
	if p := sa.keyWith('&'); p.last() != `Locate next inactive, use "L"` {
		t.Errorf("& before L: %q", p.last())
	}
	p := sa.keyWith('L', "task07")
	if len(p.prompts) != 1 || p.prompts[0] != "Locate string" || len(p.messages) != 0 {
		t.Errorf("L: prompts %q, messages %q", p.prompts, p.messages)
	}
	if got := first(); !strings.HasPrefix(got, "  108 ") {
		t.Errorf("after L task07 the first row is %q", got)
	}
	// the match in the header's capability, the row's after it
	c := capsOf(a.s)
	if rows := rowsOf(sa.render()); !strings.Contains(rows[0], c.hdr+"task07"+c.rowNorm+"-wi+") {
		t.Errorf("match not highlighted: %q", rows[0])
	}
	if p := sa.keyWith('&'); p.last() != `another "task07" not found` || !strings.HasPrefix(first(), "  108 ") {
		t.Errorf("& with no other match: %q, first %q", p.last(), first())
	}
	// "task" is in every row: the current first one is skipped, then one row at a time
	sa.keyWith('L', "task")
	if got := first(); !strings.HasPrefix(got, "  109 ") {
		t.Errorf("after L task the first row is %q", got)
	}
	sa.keyWith('&')
	if got := first(); !strings.HasPrefix(got, "  110 ") {
		t.Errorf("after & the first row is %q", got)
	}
	// a PID, and the blanks of the cells count
	sa.keyWith('L', "  125 root")
	if got := first(); !strings.HasPrefix(got, "  125 ") {
		t.Errorf("after L '  125 root' the first row is %q", got)
	}
	if p := sa.keyWith('L', "nowhere"); p.last() != `"nowhere" not found` || !strings.HasPrefix(first(), "  125 ") {
		t.Errorf("L nowhere: %q, first %q", p.last(), first())
	}
	// Esc keeps the string; an empty one stops locating and highlighting
	sa.keyWith('L', "\033")
	if a.s.FindStr != "nowhere" {
		t.Errorf("Esc changed the string to %q", a.s.FindStr)
	}
	if p := sa.keyWith('L', ""); len(p.messages) != 0 || a.s.FindStr != "" {
		t.Errorf("L empty: %q %q", p.messages, a.s.FindStr)
	}
	if p := sa.keyWith('&'); p.last() != `Locate next inactive, use "L"` {
		t.Errorf("& after an empty L: %q", p.last())
	}
	// with a u filter the first row shown is the next selected task from the match
	sa.keyWith(tui.KeyHome)
	sa.keyWith('u', "alice")
	sa.keyWith('L', "task13")
	if got := first(); !strings.HasPrefix(got, "  116 ") {
		t.Errorf("L task13 with u alice: first row %q", got)
	}
}

// FuzzLocate: L with any string, then any keys (& again, x, scrolling...) at any size.
func FuzzLocate(f *testing.F) {
	f.Add("task1", []byte("&&x\x02&c&"), uint8(80), uint8(24))
	f.Add(" ", []byte("x\x03\x03&\x02y&"), uint8(20), uint8(5))
	f.Add("\033[1m", []byte("x&"), uint8(200), uint8(3))
	keys := []tui.Key{tui.KeyUp, tui.KeyDown, tui.KeyRight, tui.KeyLeft, tui.KeyHome, tui.KeyEnd,
		tui.KeyPgUp, tui.KeyPgDn, tui.KeyEsc, tui.KeyEnter}
	f.Fuzz(func(t *testing.T, str string, in []byte, w, h uint8) {
		sa := newScreenApp(t, 25, 80, 24)
		sa.w, sa.h = max(int(w), 1), max(int(h), 1)
		sa.cur.Tasks[2].State = 'R'
		sa.keyWith('L', str)
		for _, c := range in {
			k := tui.Key(c)
			if c < byte(len(keys)) {
				k = keys[c]
			}
			if strings.ContainsRune("qkrWnd#suUL", rune(k)) {
				continue // (quit, prompts, files, signals)
			}
			sa.a.Key(k, &fakePrompter{})
			sa.render()
		}
	})
}
