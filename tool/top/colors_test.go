package top

import (
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/tui"
)

func TestColorScreen(t *testing.T) {
	sa := newScreenApp(t, 3, 80, 30)
	lines := sa.keys('Z')
	if !sa.a.ClearScreen() || !sa.a.s.Color {
		t.Errorf("Z: the screen is cleared and colours are on")
	}
	for i, w := range map[int]string{
		0:  `Help for color mapping - "Current Window" =  1:Def`,
		2:  "   color - 04:25:44 up 8 days, 50 min,  7 users,  load average:",
		10: "   available toggles: B =disable bold globally (Off),",
		11: `       z =color/mono (On), b =tasks "bold"/reverse (On)`,
		13: "1) Select a target as an upper case letter, current target is  T :",
		17: "   to raise/lower the 8 colors value, current color is  1 :",
		23: "   'a' or 'w' to commit & change another, <Enter> to commit and end",
	} {
		if lines[i] != w {
			t.Errorf("Z, row %d: %q, want %q", i, lines[i], w)
		}
	}
	raw := strings.Split(string(sa.a.colorsScreen(80, 30)), "\n")
	// a task sample line: each piece in the capability after it (red rows, the "running"
	// piece bold)
	row := capOff + "\033[31m"
	if raw[7] != row+"   17284 "+capOff+row+capBold+"pts/2  "+capOff+row+"  8   0  0.0   0:00.75  1380    0 S /bin/bash   "+capOff {
		t.Errorf("Z, row 7: %q", raw[7])
	}
	// S 4 Up: summary colour 5; H Down: header 2; B: no bold; Enter keeps them.
	lines = sa.keys('S', '4', tui.KeyUp, 'H', tui.KeyDown, 'B')
	if lines[13] != "1) Select a target as an upper case letter, current target is  H :" ||
		lines[17] != "   to raise/lower the 8 colors value, current color is  2 :" ||
		lines[10] != "   available toggles: B =disable bold globally (On)," {
		t.Errorf("after S 4 Up H Down B:\n%s", strings.Join(lines, "\n"))
	}
	sa.keys(tui.KeyEnter)
	s := sa.a.s
	if sa.a.colors != nil || s.SummClr != 5 || s.HeadClr != 2 || !s.NoBold || !s.Color {
		t.Errorf("Enter: %+v", s)
	}
	frame := strings.Split(string(sa.a.draw(sa.cur, 80, 30)), "\n")
	if !strings.HasPrefix(frame[1], "\033[35mTasks:"+capOff+capNorm+"   3 ") || !strings.HasPrefix(frame[6], "\033[32m"+capReverse) {
		t.Errorf("after Z: %q %q", frame[1], frame[6])
	}
	if rc := DefaultRC().Text("top", s); !strings.Contains(rc, "\twinflags=195896, ") || !strings.Contains(rc, "\tsummclr=5, msgsclr=1, headclr=2, taskclr=1\n") {
		t.Errorf("rc:\n%s", rc)
	}
	// q and Esc undo.
	for _, k := range []tui.Key{'q', tui.KeyEsc} {
		sa.keys('Z', 'z', '7', 'b', 'B')
		sa.keys(k)
		if sa.a.colors != nil || s.SummClr != 5 || s.TaskClr != 1 || !s.NoBold || !s.Color || s.NoHiBold {
			t.Errorf("Z ... %v: %+v", k, s)
		}
	}
	// Up and Down wrap around the 8 colours.
	sa.keys('Z', '7', tui.KeyUp)
	if s.TaskClr != 0 {
		t.Errorf("7 Up: %d", s.TaskClr)
	}
	sa.keys(tui.KeyDown)
	if s.TaskClr != 7 {
		t.Errorf("0 Down: %d", s.TaskClr)
	}
}
