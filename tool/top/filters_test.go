package top

import (
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/tui"
)

// TestOtherFilters: o/O's prompts, errors, = < > and !, case, the columns shown only,
// ^O's list, = resetting everything, + - _ disabled.
func TestOtherFilters(t *testing.T) {
	sa := newScreenApp(t, 12, 120, 40)
	a := sa.a
	pids := func() string {
		var out []string
		for _, r := range rowsOf(sa.render()) {
			r = strings.TrimSpace(escapeSeq.ReplaceAllString(r, ""))
			if r != "" {
				out = append(out, strings.Fields(r)[0])
			}
		}
		return strings.Join(out, " ")
	}
	p := sa.keyWith('o', "COMMAND=TASK0")
	if len(p.prompts) != 1 || p.prompts[0] != "add filter #1 (ignoring case) as: [!]FLD?VAL" || len(p.messages) != 0 {
		t.Errorf("o: %q %q", p.prompts, p.messages)
	}
	if got := pids(); got != "101 102 103 104 105 106 107 108 109 110" {
		t.Errorf("o COMMAND=TASK0: %s", got)
	}
	p = sa.keyWith('O', "!USER=alice")
	if p.prompts[0] != "add filter #2 (case sensitive) as: [!]FLD?VAL" {
		t.Errorf("O prompt %q", p.prompts)
	}
	if got := pids(); got != "101 102 103 105 106 107 109 110" {
		t.Errorf("!USER=alice: %s", got)
	}
	for in, msg := range map[string]string{
		"!USER=alice": "duplicate filter was ignored",
		"USER":        "'include' filter delimiter is missing",
		"!USER":       "'exclude' filter delimiter is missing",
		"user=root":   "unrecognized field name 'user'",
		"!PID>":       "'exclude' filter value is missing",
	} {
		if p := sa.keyWith('O', in); p.last() != msg {
			t.Errorf("O %q: %q, want %q", in, p.last(), msg)
		}
	}
	// < and >: the value right-justified in the field's width (PID 5)
	sa.keyWith('o', "PID>104")
	sa.keyWith('o', "PID<109")
	if got := pids(); got != "105 106 107" {
		t.Errorf("104 < PID < 109: %s", got)
	}
	if p := sa.keyWith(0x0f, "\033"); p.prompts[0] != "<Enter> to resume, filters: 'COMMAND=TASK0' + '!USER=alice' + 'PID>104' + 'PID<109'" {
		t.Errorf("^O: %q", p.prompts)
	}
	// O is case sensitive
	sa.keyWith('=')
	sa.keyWith('O', "COMMAND=TASK0")
	if got := pids(); got != "" {
		t.Errorf("O COMMAND=TASK0: %q", got)
	}
	// a filter on a column not shown does nothing; Esc and an empty answer add nothing
	sa.keyWith('=')
	sa.keyWith('o', "PPID=5")
	sa.keyWith('o', "\033")
	sa.keyWith('o', "")
	if got := pids(); len(strings.Fields(got)) != 12 || len(a.s.Filters) != 1 {
		t.Errorf("PPID filter: %q, %d filters", got, len(a.s.Filters))
	}
	// = resets filters, the L string, n, i, u, -p and the scrolling
	a.s.PIDs = []int{101}
	sa.keyWith('L', "task05")
	sa.keyWith('n', "3")
	sa.keyWith('i')
	sa.keyWith('u', "alice")
	sa.keyWith(tui.KeyRight)
	sa.keyWith('=')
	s := a.s
	if s.Filters != nil || s.FindStr != "" || s.MaxTasks != 0 || !s.ShowIdle || s.UserType != 0 ||
		s.PIDs != nil || s.BegTask != 0 || s.BegPflg != 0 {
		t.Errorf("= left %+v", s)
	}
	if p := sa.keyWith(0x0f, ""); p.prompts[0] != "<Enter> to resume, filters: none" {
		t.Errorf("^O after =: %q", p.prompts)
	}
	for _, k := range []tui.Key{'+', '-', '_'} {
		if p := sa.keyWith(k); p.last() != "Command disabled, 'A' mode required" {
			t.Errorf("%c: %q", k, p.last())
		}
	}
}

// FuzzFilter: any o/O answers, then any keys, at any size.
func FuzzFilter(f *testing.F) {
	f.Add("PID>105", "!COMMAND=task0", []byte("\x02\x03x&"), uint8(80), uint8(24))
	f.Add("USER<bob", "%CPU>0", []byte("\x02\x02="), uint8(20), uint8(5))
	f.Add("!", "=", []byte("\x0f"), uint8(3), uint8(3))
	keys := []tui.Key{tui.KeyUp, tui.KeyDown, tui.KeyRight, tui.KeyLeft, tui.KeyHome, tui.KeyEnd,
		tui.KeyPgUp, tui.KeyPgDn, tui.KeyEsc, tui.KeyEnter}
	f.Fuzz(func(t *testing.T, o1, o2 string, in []byte, w, h uint8) {
		sa := newScreenApp(t, 25, 80, 24)
		sa.w, sa.h = max(int(w), 1), max(int(h), 1)
		sa.keyWith('o', o1)
		sa.keyWith('O', o2)
		for _, c := range in {
			k := tui.Key(c)
			if c < byte(len(keys)) {
				k = keys[c]
			}
			if strings.ContainsRune("qkrWnd#suULoO", rune(k)) {
				continue // (quit, prompts, files, signals)
			}
			sa.a.Key(k, &fakePrompter{})
			sa.render()
		}
	})
}
