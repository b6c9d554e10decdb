package top

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/internal/tui"
)

var escapeSeq = regexp.MustCompile("\033[\\[(][0-9;?]*[A-Za-z]")

// manyTasks is snapshot() with n tasks, PIDs 101.., every fourth one owned by uid 7.
func manyTasks(n int) *Snapshot {
	cur := snapshot()
	cur.Tasks = nil
	for i := 0; i < n; i++ {
		t := cgview.TaskInfo{PID: 101 + i, TID: 101 + i, State: 'S', User: "root", Priority: 20,
			NLWP: 1, Comm: fmt.Sprintf("task%02d-with-a-rather-long-name", i)}
		if i%4 == 3 {
			t.User, t.EUID, t.RUID, t.SUID, t.FUID = "alice", 7, 7, 7, 7
		}
		cur.Tasks = append(cur.Tasks, t)
	}
	return cur
}

// screenApp is an app that draws a fixed snapshot (PID order, low to high) on w×h.
type screenApp struct {
	t    *testing.T
	a    *app
	cur  *Snapshot
	w, h int
}

func newScreenApp(t *testing.T, n, w, h int) *screenApp {
	s := DefaultSettings()
	s.Finish()
	s.SortField, s.SortHigh = fPID, false
	s.UTF8 = false
	a := &app{s: s, lookup: func(name string) (uint32, bool) { return 7, name == "alice" }}
	sa := &screenApp{t: t, a: a, cur: manyTasks(n), w: w, h: h}
	sa.a.draw(sa.cur, w, h)
	return sa
}

// keys presses each key and draws a frame after it, as the terminal layer does; it returns
// the last frame without its styling.
func (sa *screenApp) keys(ks ...tui.Key) []string {
	var frame []byte
	for _, k := range ks {
		if sa.a.Key(k, &fakePrompter{}) {
			sa.t.Fatalf("key %v quit", k)
		}
		frame = sa.render()
	}
	if len(ks) == 0 {
		frame = sa.render()
	}
	plain := escapeSeq.ReplaceAllString(string(frame), "")
	lines := strings.Split(plain, "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	return lines
}

// render is app.Render over the fixed snapshot.
func (sa *screenApp) render() []byte {
	if sa.a.fields != nil {
		return sa.a.fieldsScreen(sa.w, sa.h)
	}
	if sa.a.colors != nil {
		return sa.a.colorsScreen(sa.w, sa.h)
	}
	return sa.a.draw(sa.cur, sa.w, sa.h)
}

// pids are the PID cells of the task rows.
func pids(lines []string) string {
	var out []string
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "PID") || i == 0 {
			continue
		}
		if f := strings.Fields(l); len(f) > 0 && i > 5 {
			out = append(out, f[0])
		}
	}
	return strings.Join(out, " ")
}

func TestScrollRows(t *testing.T) {
	// 80x12: 5 summary lines, the message row, the header, 5 task rows; top's window is
	// 6 lines (header and rows), so a page is 4 tasks.
	sa := newScreenApp(t, 30, 80, 12)
	for _, c := range []struct {
		keys []tui.Key
		want string
	}{
		{nil, "101 102 103 104 105"},
		{[]tui.Key{tui.KeyDown, tui.KeyDown, tui.KeyDown}, "104 105 106 107 108"},
		{[]tui.Key{tui.KeyUp}, "103 104 105 106 107"},
		{[]tui.Key{tui.KeyPgDn}, "107 108 109 110 111"},
		{[]tui.Key{tui.KeyPgUp, tui.KeyPgUp}, "101 102 103 104 105"},
		{[]tui.Key{tui.KeyUp}, "101 102 103 104 105"},
		// End moves by the task count less the window (top's arithmetic, from where it is)
		{[]tui.Key{tui.KeyEnd}, "126 127 128 129 130"},
		{[]tui.Key{tui.KeyDown, tui.KeyDown, tui.KeyDown, tui.KeyDown, tui.KeyDown}, "130"},
		{[]tui.Key{tui.KeyPgDn}, "130"},
		{[]tui.Key{tui.KeyHome}, "101 102 103 104 105"},
		{[]tui.Key{tui.KeyDown, tui.KeyEnd}, "127 128 129 130"},
		{[]tui.Key{tui.KeyHome, tui.KeyDown, 'M'}, "102 103 104 105 106"}, // other keys keep it
	} {
		if got := pids(sa.keys(c.keys...)); got != c.want {
			t.Errorf("after %v: rows %q, want %q", c.keys, got, c.want)
		}
	}
	if sa.a.topPID != 102 {
		t.Errorf("k's default PID %d, want the first row's 102", sa.a.topPID)
	}
	// C: the coordinates on the message row.
	lines := sa.keys('C')
	if lines[5] != "  scroll coordinates: y = 2/30 (tasks), x = 1/12 (fields)" {
		t.Errorf("C: %q", lines[5])
	}
	// i hides idle tasks (all of them here) from the top; i again comes back to row 2.
	if got := pids(sa.keys('i')); got != "" || sa.a.s.BegTask != 0 {
		t.Errorf("i: %q %d", got, sa.a.s.BegTask)
	}
	sa.keys(tui.KeyDown) // no scrolling while idle tasks are hidden
	if got := pids(sa.keys('i')); got != "102 103 104 105 106" {
		t.Errorf("i i: %q", got)
	}
	// n 3: the window is 3 tasks, a page 1.
	sa.a.Key('n', &fakePrompter{answers: []string{"3"}})
	sa.keys()
	if got := pids(sa.keys(tui.KeyPgDn)); got != "103 104 105" {
		t.Errorf("n 3, PgDn: %q", got)
	}
	// H starts again at the top.
	sa.a.s.MaxTasks = 0
	if got := pids(sa.keys('H')); got != "101 102 103 104 105" {
		t.Errorf("H: %q", got)
	}
}

func TestScrollUserFilter(t *testing.T) {
	sa := newScreenApp(t, 30, 80, 12)
	sa.a.Key('u', &fakePrompter{answers: []string{"alice"}})
	if got := pids(sa.keys()); got != "104 108 112 116 120" || sa.a.topPID != 104 {
		t.Errorf("u alice: %q, k's default %d", got, sa.a.topPID)
	}
	// Down goes to the next task of the user; Up back; from the last one nothing moves.
	if got := pids(sa.keys(tui.KeyDown)); got != "108 112 116 120 124" {
		t.Errorf("Down: %q", got)
	}
	if got := pids(sa.keys(tui.KeyUp)); got != "104 108 112 116 120" {
		t.Errorf("Up: %q", got)
	}
	if got := pids(sa.keys(tui.KeyEnd, tui.KeyDown, tui.KeyDown)); got != "128" {
		t.Errorf("End Down Down: %q", got)
	}
}

func TestScrollColumns(t *testing.T) {
	sa := newScreenApp(t, 3, 80, 12)
	lines := sa.keys(tui.KeyRight, tui.KeyRight)
	if lines[6] != " PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND" ||
		lines[7] != " 20   0       0      0      0 S   0.0   0.0   0:00.00 task00-with-a-rather-lon+" {
		t.Errorf("Right Right:\n%s\n%s", lines[6], lines[7])
	}
	if lines = sa.keys(tui.KeyLeft); !strings.HasPrefix(lines[6], "USER      PR") {
		t.Errorf("Left: %q", lines[6])
	}
	// COMMAND alone: Right scrolls inside it by 8, Left back, then the columns again.
	ks := make([]tui.Key, 10)
	for i := range ks {
		ks[i] = tui.KeyRight
	}
	lines = sa.keys(ks...)
	if lines[6] != "COMMAND" || lines[7] != "task00-with-a-rather-long-name" {
		t.Errorf("COMMAND alone: %q %q", lines[6], lines[7])
	}
	lines = sa.keys(tui.KeyRight, tui.KeyRight, 'C')
	if lines[6] != "COMMAND" || lines[7] != "ther-long-name" ||
		lines[5] != "  scroll coordinates: y = 1/3 (tasks), x = 12/12 (fields) + 16" {
		t.Errorf("Right Right: %q %q %q", lines[5], lines[6], lines[7])
	}
	lines = sa.keys(tui.KeyRight, tui.KeyRight, tui.KeyRight, tui.KeyRight)
	if lines[7] != "" || !strings.HasSuffix(lines[5], "+ 48") {
		t.Errorf("past the end: %q %q", lines[5], lines[7])
	}
	for range 6 {
		lines = sa.keys(tui.KeyLeft)
	}
	if lines[6] != "COMMAND" || lines[7] != "task00-with-a-rather-long-name" || sa.a.s.BegPflg != 11 {
		t.Errorf("Left x6: %q %q %d", lines[6], lines[7], sa.a.s.BegPflg)
	}
	if lines = sa.keys(tui.KeyLeft); !strings.HasPrefix(lines[6], "    TIME+ COMMAND") {
		t.Errorf("Left: %q", lines[6])
	}
	// End: the last columns that fit (SHR to COMMAND in 40 columns); Home: back to the
	// first.
	sa.w = 40
	lines = sa.keys(tui.KeyHome, tui.KeyEnd)
	if lines[6] != "   SHR S  %CPU  %MEM     TIME+ COMMAND" {
		t.Errorf("End at 40 columns: %q", lines[6])
	}
	if lines = sa.keys(tui.KeyHome); !strings.HasPrefix(lines[6], "  PID USER") {
		t.Errorf("Home: %q", lines[6])
	}
}

// FuzzScreenKeys: any keys on the task, f and Z screens at any size never panic (the frames'
// rows beyond the screen are the terminal layer's to drop).
func FuzzScreenKeys(f *testing.F) {
	f.Add([]byte("f\x02\x02d\x03\x02\x02\x04sq"), uint8(80), uint8(24))
	f.Add([]byte("ZS4\x01\x01HBbz\n"), uint8(40), uint8(10))
	f.Add([]byte("\x01\x02\x05\x06\x07\x08\x03\x03\x03\x04C"), uint8(20), uint8(5))
	f.Add([]byte("Vv\x02v\x01x+\x02\x02vV=cx\x0f&"), uint8(60), uint8(12))
	keys := []tui.Key{tui.KeyUp, tui.KeyDown, tui.KeyRight, tui.KeyLeft, tui.KeyHome, tui.KeyEnd,
		tui.KeyPgUp, tui.KeyPgDn, tui.KeyEsc, tui.KeyEnter}
	f.Fuzz(func(t *testing.T, in []byte, w, h uint8) {
		sa := newScreenApp(t, 25, 80, 24)
		sa.w, sa.h = max(int(w), 1), max(int(h), 1)
		for _, c := range in {
			k := tui.Key(c)
			if c < byte(len(keys)) {
				k = keys[c]
			}
			if strings.ContainsRune("qkrWnd#suU", rune(k)) {
				continue // (quit, prompts, files, signals)
			}
			sa.a.Key(k, &fakePrompter{})
			sa.render()
		}
	})
}
