package top

import (
	"strings"
	"testing"
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
