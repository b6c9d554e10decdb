package tui

import (
	"testing"
	"unicode/utf8"
)

func TestDecode(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []Key
		rest string // left undecoded by DecodeAll
	}{
		{"q", []Key{'q'}, ""},
		{"kq ", []Key{'k', 'q', ' '}, ""},
		{"\r\n", []Key{KeyEnter, KeyEnter}, ""},
		{"\x7f\x08\x03", []Key{KeyBackspace, KeyCtrlH, 3}, ""},
		{"\x1b[A\x1b[B\x1b[C\x1b[D", []Key{KeyUp, KeyDown, KeyRight, KeyLeft}, ""},
		{"\x1bOA\x1bOB\x1bOC\x1bOD", []Key{KeyUp, KeyDown, KeyRight, KeyLeft}, ""},
		{"\x1b[H\x1b[F\x1bOH\x1bOF", []Key{KeyHome, KeyEnd, KeyHome, KeyEnd}, ""},
		{"\x1b[1~\x1b[4~\x1b[7~\x1b[8~", []Key{KeyHome, KeyEnd, KeyHome, KeyEnd}, ""},
		{"\x1b[5~\x1b[6~\x1b[2~\x1b[3~", []Key{KeyPgUp, KeyPgDn, KeyInsert, KeyDelete}, ""},
		{"\x1b[1;5A\x1b[5;3~\x1b[Z", []Key{KeyUp, KeyPgUp, KeyBackTab}, ""},
		{"\x1bOP\x1b[15~\x1b[24~", []Key{KeyF1, KeyF5, KeyF12}, ""},
		{"\x1b[99~\x1b[?1;2c\x1b[<0;1;1M", []Key{KeyUnknown, KeyUnknown, KeyUnknown}, ""},
		{"\x1bx", []Key{KeyEsc, 'x'}, ""},
		{"\x1b\x1b[A", []Key{KeyEsc, KeyUp}, ""},
		{"é€", []Key{'é', '€'}, ""},
		{"\xff\xfe", []Key{0xff, 0xfe}, ""},
		// incomplete: waits for more
		{"a\x1b", []Key{'a'}, "\x1b"},
		{"\x1b[", nil, "\x1b["},
		{"\x1b[1;5", nil, "\x1b[1;5"},
		{"\x1bO", nil, "\x1bO"},
		{"x\xc3", []Key{'x'}, "\xc3"},
		// too long to be a key: the ESC alone, the rest as characters
		{"\x1b[11111111111111111111", nil, ""}, // checked below
	} {
		keys, rest := DecodeAll([]byte(c.in))
		if c.in == "\x1b[11111111111111111111" {
			if len(keys) != 22 || keys[0] != KeyEsc || keys[1] != '[' || len(rest) != 0 {
				t.Errorf("DecodeAll(%q) = %v, rest %q", c.in, keys, rest)
			}
			continue
		}
		if !equalKeys(keys, c.want) || string(rest) != c.rest {
			t.Errorf("DecodeAll(%q) = %v, rest %q; want %v, rest %q", c.in, keys, rest, c.want, c.rest)
		}
	}
}

func TestDecodeFinal(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []Key
	}{
		{"\x1b", []Key{KeyEsc}},
		{"\x1b[", []Key{KeyEsc, '['}},
		{"\x1bO", []Key{KeyEsc, 'O'}},
		{"\x1b[1;5", []Key{KeyEsc, '[', '1', ';', '5'}},
		{"\xc3", []Key{0xc3}},
		{"\x1b[A", []Key{KeyUp}},
	} {
		var keys []Key
		b := []byte(c.in)
		for len(b) > 0 {
			k, n := DecodeFinal(b)
			if n == 0 {
				t.Fatalf("DecodeFinal(%q) used nothing", b)
			}
			keys = append(keys, k)
			b = b[n:]
		}
		if !equalKeys(keys, c.want) {
			t.Errorf("DecodeFinal over %q = %v, want %v", c.in, keys, c.want)
		}
	}
}

func TestKeyString(t *testing.T) {
	for k, want := range map[Key]string{
		'q': "q", ' ': "Space", KeyEnter: "Enter", KeyEsc: "Esc", KeyUp: "Up", KeyPgDn: "PgDn",
		1: "C-a", 3: "C-c", KeyBackspace: "Backspace", 0: "0x00", 0x1c: "0x1c", 'é': "é",
	} {
		if got := k.String(); got != want {
			t.Errorf("Key(%d).String() = %q, want %q", int(k), got, want)
		}
	}
}

func equalKeys(a, b []Key) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// FuzzDecode: Decode never panics, always progresses on complete input, and DecodeFinal
// always consumes at least one byte and never more than it was given.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"q", "\x1b[A", "\x1bOH", "\x1b[1;5A", "\x1b[5~", "é", "\xff", "\x1b", "\x1b[", "\x1b[<0;1;1M"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		keys, rest := DecodeAll(b)
		if len(rest) > maxSeq && rest[0] == 0x1b {
			t.Fatalf("DecodeAll(%q) left %d bytes", b, len(rest))
		}
		if len(rest) > utf8.UTFMax && rest[0] != 0x1b {
			t.Fatalf("DecodeAll(%q) left %q", b, rest)
		}
		_ = keys
		for len(rest) > 0 {
			k, n := DecodeFinal(rest)
			if n <= 0 || n > len(rest) {
				t.Fatalf("DecodeFinal(%q) = %v, %d", rest, k, n)
			}
			rest = rest[n:]
		}
	})
}

// The key tables are switches (no map built at start-up); this is what they must say.
func TestKeyTables(t *testing.T) {
	names := map[Key]string{
		KeyUp: "Up", KeyDown: "Down", KeyRight: "Right", KeyLeft: "Left", KeyHome: "Home",
		KeyEnd: "End", KeyPgUp: "PgUp", KeyPgDn: "PgDn", KeyInsert: "Insert", KeyDelete: "Delete",
		KeyBackTab: "BackTab", KeyF1: "F1", KeyF2: "F2", KeyF3: "F3", KeyF4: "F4", KeyF5: "F5",
		KeyF6: "F6", KeyF7: "F7", KeyF8: "F8", KeyF9: "F9", KeyF10: "F10", KeyF11: "F11",
		KeyF12: "F12", KeyUnknown: "Unknown", KeyEnter: "Enter", KeyEsc: "Esc",
		KeyBackspace: "Backspace", KeyCtrlH: "C-h", KeyTab: "Tab", ' ': "Space",
	}
	for k, want := range names {
		if got := k.String(); got != want {
			t.Errorf("Key(%d).String() = %q, want %q", int(k), got, want)
		}
	}
	tilde := map[int]Key{
		1: KeyHome, 2: KeyInsert, 3: KeyDelete, 4: KeyEnd, 5: KeyPgUp, 6: KeyPgDn, 7: KeyHome,
		8: KeyEnd, 11: KeyF1, 12: KeyF2, 13: KeyF3, 14: KeyF4, 15: KeyF5, 17: KeyF6, 18: KeyF7,
		19: KeyF8, 20: KeyF9, 21: KeyF10, 23: KeyF11, 24: KeyF12,
	}
	for n := 0; n < 40; n++ {
		want, wok := tilde[n]
		if got, ok := csiTilde(n); got != want || ok != wok {
			t.Errorf("csiTilde(%d) = %v %v, want %v %v", n, got, ok, want, wok)
		}
	}
	final := map[byte]Key{
		'A': KeyUp, 'B': KeyDown, 'C': KeyRight, 'D': KeyLeft, 'H': KeyHome, 'F': KeyEnd,
		'Z': KeyBackTab, 'P': KeyF1, 'Q': KeyF2, 'R': KeyF3, 'S': KeyF4,
	}
	for b := 0; b < 256; b++ {
		want, wok := final[byte(b)]
		if got, ok := finalKey(byte(b)); got != want || ok != wok {
			t.Errorf("finalKey(%q) = %v %v, want %v %v", b, got, ok, want, wok)
		}
	}
}
