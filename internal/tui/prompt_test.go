package tui

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// typeKeys feeds s to e: runes as keys, except the names in braces ({BS}, {Left}...).
func typeKeys(e *Editor, s string) EditorResult {
	names := map[string]Key{"BS": KeyBackspace, "C-h": KeyCtrlH, "Del": KeyDelete, "Left": KeyLeft,
		"Right": KeyRight, "Home": KeyHome, "End": KeyEnd, "Up": KeyUp, "Down": KeyDown,
		"Enter": KeyEnter, "Esc": KeyEsc, "C-a": 1, "C-e": 5, "C-u": 0x15, "Tab": KeyTab,
		"PgUp": KeyPgUp, "F1": KeyF1}
	r := Editing
	for s != "" {
		var k Key
		if s[0] == '{' {
			end := strings.IndexByte(s, '}')
			k = names[s[1:end]]
			s = s[end+1:]
		} else {
			rs := []rune(s)
			k = Key(rs[0])
			s = string(rs[1:])
		}
		r = e.Key(k)
	}
	return r
}

func TestEditor(t *testing.T) {
	for _, c := range []struct {
		keys   string
		max    int
		line   string
		cursor int
		result EditorResult
	}{
		{"1234", 0, "1234", 4, Editing},
		{"1234{Enter}", 0, "1234", 4, Accepted},
		{"12{Esc}", 0, "12", 2, Cancelled},
		{"12{BS}3", 0, "13", 2, Editing},
		{"12{C-h}{C-h}{BS}9", 0, "9", 1, Editing},
		{"abc{Left}{Left}X", 0, "aXbc", 2, Editing},
		{"abc{Home}X{End}Y", 0, "XabcY", 5, Editing},
		{"abc{C-a}{Del}{C-e}{Left}{Del}", 0, "b", 1, Editing},
		{"abc{Right}{Right}{Left}{Left}{Left}{Left}{Left}{BS}", 0, "abc", 0, Editing},
		{"abc{C-u}z", 0, "z", 1, Editing},
		{"abcdef", 3, "abc", 3, Editing},
		{"ab{Tab}{PgUp}{F1}c", 0, "abc", 3, Editing}, // Tab and unhandled specials ignored
		{"é€x{Left}{BS}", 0, "éx", 1, Editing},
		{"{Enter}", 0, "", 0, Accepted},
	} {
		e := NewEditor(c.max, nil)
		r := typeKeys(e, c.keys)
		if e.Line() != c.line || e.Cursor() != c.cursor || r != c.result {
			t.Errorf("%q: line %q cursor %d result %d; want %q %d %d", c.keys, e.Line(), e.Cursor(), r, c.line, c.cursor, c.result)
		}
	}
}

func TestEditorHistory(t *testing.T) {
	var h []string
	for _, s := range []string{"one{Enter}", "two{Enter}", "{Enter}", "x{Esc}"} {
		typeKeys(NewEditor(0, &h), s)
	}
	if strings.Join(h, ",") != "one,two" {
		t.Fatalf("history %q, want one,two (empty and cancelled lines are not kept)", h)
	}
	e := NewEditor(0, &h)
	typeKeys(e, "new{Up}")
	if e.Line() != "two" {
		t.Errorf("Up: %q", e.Line())
	}
	typeKeys(e, "{Up}{Up}")
	if e.Line() != "one" {
		t.Errorf("Up Up Up: %q", e.Line())
	}
	typeKeys(e, "{Down}{Down}")
	if e.Line() != "new" || e.Cursor() != 3 {
		t.Errorf("back down to the new line: %q %d", e.Line(), e.Cursor())
	}
	typeKeys(e, "{Up}!{Enter}")
	if strings.Join(h, ",") != "one,two,two!" {
		t.Errorf("history %q", h)
	}
	for i := 0; i < 2*historyMax; i++ {
		typeKeys(NewEditor(0, &h), "l{Enter}")
	}
	if len(h) != historyMax {
		t.Errorf("history holds %d, want %d", len(h), historyMax)
	}
}

func TestFrameBytes(t *testing.T) {
	for _, c := range []struct {
		frame  string
		height int
		hide   bool
		want   string
	}{
		{"a\nb\nc", 3, false, "\x1b[Ha\x1b[K\nb\x1b[K\nc\x1b[K"},
		{"a\nb\nc\n", 3, true, "\x1b[?25l\x1b[Ha\x1b[K\nb\x1b[K\nc\x1b[K"},
		{"a\nb", 4, false, "\x1b[Ha\x1b[K\nb\x1b[K\x1b[J"},
		{"a\nb\nc\nd", 2, false, "\x1b[Ha\x1b[K\nb\x1b[K"},
		{"", 2, false, "\x1b[H\x1b[K\x1b[J"},
		{"\x1b[7mhdr\x1b(B\x1b[m\n\n", 3, false, "\x1b[H\x1b[7mhdr\x1b(B\x1b[m\x1b[K\n\x1b[K\x1b[J"},
	} {
		if c.height == 3 && !c.hide && c.frame == "a\nb\nc" {
			if got := frameBytes([]byte(c.frame), 3, false, false); string(got) != c.want[3:] {
				t.Errorf("frameBytes without home = %q", got)
			}
		}
		got := frameBytes([]byte(c.frame), c.height, c.hide, true)
		if !bytes.Equal(got, []byte(c.want)) {
			t.Errorf("frameBytes(%q, %d, %v) = %q, want %q", c.frame, c.height, c.hide, got, c.want)
		}
	}
}

func TestRunNotTerminal(t *testing.T) {
	r, w, err := pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	err = Run(nil, &Options{In: r, Out: w})
	if err == nil || !strings.Contains(err.Error(), "not a terminal") {
		t.Errorf("Run on a pipe: %v", err)
	}
}

func pipe() (r, w *os.File, err error) { return os.Pipe() }
