package top

import (
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/tui"
)

func TestFieldScreen(t *testing.T) {
	sa := newScreenApp(t, 3, 80, 24)
	lines := sa.keys('f')
	if !sa.a.ClearScreen() || sa.a.ClearScreen() {
		t.Errorf("f: the screen is cleared once")
	}
	// 80x24: 20 rows of four columns, 20 characters each.
	want := map[int]string{
		0:  "Fields Management for window 1:Def, whose current sort field is PID",
		1:  "   Navigate with Up/Dn, Right selects for move then <Enter> or Left commits,",
		2:  "   'd' or <Space> toggles display, 's' sets sort.  Use 'q' or <Esc> to end!",
		3:  "",
		4:  "* PID      = Process  PGRP     = Process  OOMs     = OOMEM S  RSS      = Res Mem",
		15: "* COMMAND  = Command  nMin     = Minor P  LXC      = LXC con  AGNI     = Autogro",
		23: "  GROUP    = Group N  OOMa     = OOMEM A  EXE      = Executa",
	}
	for i, w := range want {
		if lines[i] != w {
			t.Errorf("f, row %d: %q, want %q", i, lines[i], w)
		}
	}
	// Down d: USER off; Down Right Down Down Left: PR after VIRT; s: sort by PR.
	for _, k := range []tui.Key{tui.KeyDown, 'd', tui.KeyDown, tui.KeyRight, tui.KeyDown, tui.KeyDown, tui.KeyLeft, 's'} {
		lines = sa.keys(k)
	}
	if lines[0] != "Fields Management for window 1:Def, whose current sort field is PR" ||
		lines[5] != "  USER     = Effecti  TTY      = Control  ENVIRON  = Environ  PSS      = Proport" ||
		lines[7] != "* VIRT     = Virtual  SID      = Session  vMn      = Minor F  PSfd     = Proport" ||
		lines[8] != "* PR       = Priorit  nTH      = Number   USED     = Res+Swa  PSsh     = Proport" {
		t.Errorf("after the keys:\n%s", strings.Join(lines, "\n"))
	}
	// Home/End do not move while a field is picked.
	sa.keys(tui.KeyRight, tui.KeyEnd, tui.KeyLeft)
	if sa.a.fields.focus != 4 {
		t.Errorf("End with a field picked moved the focus to %d", sa.a.fields.focus)
	}
	lines = sa.keys('q')
	if sa.a.fields != nil || lines[6] != "  PID  NI    VIRT  PR    RES    SHR S  %CPU  %MEM     TIME+ COMMAND" {
		t.Errorf("q: %q", lines[6])
	}
	if rc := DefaultRC().Text("top", sa.a.s); !strings.Contains(rc, "\nDef\tfieldscur=  75   80  105  119  103  123  129  137  111  117  115  139   76   78   82 ") {
		t.Errorf("rc file:\n%s", rc)
	}
	// A field with no data here (GID) can be switched on: it is left out of the rows.
	sa.keys('f', tui.KeyHome)
	for range 18 {
		sa.keys(tui.KeyDown)
	}
	sa.keys('d')
	if lines = sa.keys(tui.KeyEsc); lines[6] != "  PID  NI    VIRT  PR    RES    SHR S  %CPU  %MEM     TIME+ COMMAND" || !sa.a.s.fieldShown(8) {
		t.Errorf("GID on: %q", lines[6])
	}
	// Too small a screen: top's message.
	sa.keys('f')
	sa.w, sa.h = 40, 10
	if lines = sa.keys(tui.KeyDown); lines[4] != "even using field names only, window is now too small" {
		t.Errorf("40x10: %q", lines)
	}
}
