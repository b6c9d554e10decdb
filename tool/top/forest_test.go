package top

import (
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/tui"
)

// TestForest: V orders the tasks as a forest by start time with top's art, the keys that
// end it, the message when COMMAND is hidden, the f screen's "forest view".
func TestForest(t *testing.T) {
	sa := newScreenApp(t, 6, 120, 20)
	ts := sa.cur.Tasks
	// 101 → 103 → 105; 101 → 104; 102 alone; 106's parent 999 is not listed
	parents := []int{1, 50, 101, 101, 103, 999}
	starts := []uint64{10, 11, 12, 15, 13, 9}
	for i := range ts {
		ts[i].PPID, ts[i].StartTime = parents[i], starts[i]
	}
	sa.keys('V')
	var got []string
	for _, r := range rowsOf(sa.render()) {
		r = strings.TrimRight(escapeSeq.ReplaceAllString(r, ""), " ")
		got = append(got, strings.Fields(r)[0]+" "+r[strings.Index(r, "0:00.00")+8:])
	}
	want := []string{
		"106 task05-with-a-rather-long-name",
		"101 task00-with-a-rather-long-name",
		"103  `- task02-with-a-rather-long-name",
		"105      `- task04-with-a-rather-long-name",
		"104  `- task03-with-a-rather-long-name",
		"102 task01-with-a-rather-long-name",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("forest:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, k := range []byte{'R', 'N', 'P', '<'} {
		sa.a.s.Forest = true
		sa.keys(tui.Key(k))
		if sa.a.s.Forest {
			t.Errorf("%c kept the forest", k)
		}
	}
	sa.keys('V', 'f')
	if !strings.Contains(strings.Join(sa.keys(), "\n"), "whose current sort field is forest view") {
		t.Error("f screen: no forest view")
	}
	sa.keys('s', 'q')
	if sa.a.s.Forest {
		t.Error("f's s kept the forest")
	}
	// COMMAND hidden: V says what it did
	sa.a.s.Fields = []int{fPID, fUSER}
	if p := sa.keyWith('V'); p.last() != "Forest mode On" {
		t.Errorf("V without COMMAND: %q", p.last())
	}
	if p := sa.keyWith('V'); p.last() != "Forest mode Off" {
		t.Errorf("V without COMMAND: %q", p.last())
	}
}

// TestForestCollapse: v collapses the first task shown's branch (its art "+", its
// children's ticks in its %CPU, the children not shown, not located), v again expands it,
// + and = expand all, a parent gone counts as expanded.
func TestForestCollapse(t *testing.T) {
	sa := newScreenApp(t, 4, 120, 20)
	ts := sa.cur.Tasks
	for i, pp := range []int{1, 101, 102, 102} {
		ts[i].PPID, ts[i].StartTime = pp, uint64(10+i)
	}
	cmds := func() []string {
		var out []string
		for _, r := range rowsOf(sa.render()) {
			r = strings.TrimRight(escapeSeq.ReplaceAllString(r, ""), " ")
			if r != "" {
				out = append(out, r[strings.Index(r, "0:00.00")+8:])
			}
		}
		return out
	}
	sa.keys('V', 'v')
	if got := cmds(); len(got) != 1 {
		t.Errorf("root collapsed: %q", got)
	}
	sa.keys('v')
	if got := cmds(); len(got) != 4 || sa.a.s.HidePIDs != nil {
		t.Errorf("root expanded: %q %v", got, sa.a.s.HidePIDs)
	}
	sa.keys(tui.KeyDown, 'v') // 102, the parent of 103 and 104
	sa.keys(tui.KeyUp)
	if got := cmds(); len(got) != 2 || !strings.HasPrefix(got[1], "+`- task01") {
		t.Errorf("branch collapsed: %q", got)
	}
	if p := sa.keyWith('L', "task03"); p.last() != `"task03" not found` {
		t.Errorf("L a hidden task: %q", p.last())
	}
	sa.keyWith('+')
	if got := cmds(); len(got) != 4 {
		t.Errorf("+: %q", got)
	}
	sa.keys(tui.KeyDown, 'v', tui.KeyUp, '=')
	if sa.a.s.HidePIDs != nil {
		t.Errorf("=: %v", sa.a.s.HidePIDs)
	}
	// a collapsed parent that went away is taken as expanded
	sa.a.s.HidePIDs = []int{999}
	sa.render()
	if sa.a.s.HidePIDs[0] != -999 {
		t.Errorf("gone parent: %v", sa.a.s.HidePIDs)
	}
}
