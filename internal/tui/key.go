package tui

import (
	"fmt"
	"unicode/utf8"
)

// Key is one key press. A key that sends one character is that character: a control byte
// (KeyEnter, KeyEsc, KeyBackspace, KeyCtrlH, Ctrl-letter 1..26) or a Unicode code point
// (ASCII for top's commands; a multi-byte UTF-8 sequence decodes to one rune). Keys that send
// an escape sequence are the constants from KeyUp on, all above the Unicode range.
type Key rune

// Control characters as keys.
const (
	KeyCtrlH     Key = 0x08 // what some terminals send for Backspace
	KeyTab       Key = '\t'
	KeyEnter     Key = '\n' // Enter: '\n' with ICRNL (left on, as top does); a raw '\r' decodes as KeyEnter too
	KeyEsc       Key = 0x1b // a lone Escape (not followed by a sequence within EscTimeout)
	KeyBackspace Key = 0x7f // DEL, what xterm and tmux send for Backspace
)

// Keys that arrive as escape sequences.
const (
	KeyUp Key = utf8.MaxRune + 1 + iota
	KeyDown
	KeyRight
	KeyLeft
	KeyHome
	KeyEnd
	KeyPgUp
	KeyPgDn
	KeyInsert
	KeyDelete
	KeyBackTab // Shift-Tab
	KeyF1
	KeyF2
	KeyF3
	KeyF4
	KeyF5
	KeyF6
	KeyF7
	KeyF8
	KeyF9
	KeyF10
	KeyF11
	KeyF12
	KeyUnknown // a well-formed escape sequence this package does not name
)

// keyName names the keys String does not spell as characters (a switch, not a map: a
// package-level map is built at start-up in every tool of the multicall binary).
func keyName(k Key) (string, bool) {
	switch k {
	case KeyUp:
		return "Up", true
	case KeyDown:
		return "Down", true
	case KeyRight:
		return "Right", true
	case KeyLeft:
		return "Left", true
	case KeyHome:
		return "Home", true
	case KeyEnd:
		return "End", true
	case KeyPgUp:
		return "PgUp", true
	case KeyPgDn:
		return "PgDn", true
	case KeyInsert:
		return "Insert", true
	case KeyDelete:
		return "Delete", true
	case KeyBackTab:
		return "BackTab", true
	case KeyUnknown:
		return "Unknown", true
	case KeyEnter:
		return "Enter", true
	case KeyEsc:
		return "Esc", true
	case KeyBackspace:
		return "Backspace", true
	case KeyCtrlH:
		return "C-h", true
	case KeyTab:
		return "Tab", true
	case ' ':
		return "Space", true
	}
	if k >= KeyF1 && k <= KeyF12 {
		return fmt.Sprintf("F%d", int(k-KeyF1)+1), true
	}
	return "", false
}

// String names the key: "Up", "Enter", "C-a", "Space" or the character itself.
func (k Key) String() string {
	if n, ok := keyName(k); ok {
		return n
	}
	if k >= 1 && k <= 26 {
		return "C-" + string(rune('a'+k-1))
	}
	if k < ' ' || k == 0x7f {
		return fmt.Sprintf("0x%02x", int(k))
	}
	if k > utf8.MaxRune {
		return fmt.Sprintf("Key(%d)", int(k))
	}
	return string(rune(k))
}

// Special reports whether k is one of the escape-sequence keys (KeyUp..KeyUnknown).
func (k Key) Special() bool { return k > utf8.MaxRune }

// csiTilde is the key of "ESC [ n ~" (xterm, rxvt and the Linux console).
func csiTilde(n int) (Key, bool) {
	switch n {
	case 1, 7:
		return KeyHome, true
	case 2:
		return KeyInsert, true
	case 3:
		return KeyDelete, true
	case 4, 8:
		return KeyEnd, true
	case 5:
		return KeyPgUp, true
	case 6:
		return KeyPgDn, true
	case 11, 12, 13, 14, 15:
		return KeyF1 + Key(n-11), true
	case 17, 18, 19, 20, 21:
		return KeyF6 + Key(n-17), true
	case 23, 24:
		return KeyF11 + Key(n-23), true
	}
	return 0, false
}

// finalKey is the key of the final byte of "ESC [ x", "ESC [ 1 ; m x" and "ESC O x".
func finalKey(b byte) (Key, bool) {
	switch b {
	case 'A':
		return KeyUp, true
	case 'B':
		return KeyDown, true
	case 'C':
		return KeyRight, true
	case 'D':
		return KeyLeft, true
	case 'H':
		return KeyHome, true
	case 'F':
		return KeyEnd, true
	case 'Z':
		return KeyBackTab, true
	case 'P', 'Q', 'R', 'S':
		return KeyF1 + Key(b-'P'), true
	}
	return 0, false
}

// maxSeq bounds an escape sequence: a longer run of parameter bytes is not a key, and the
// ESC is then taken alone.
const maxSeq = 16

// Decode decodes the first key in b and returns it with the number of bytes it used.
// n == 0 means b is empty or is the beginning of a sequence that needs more bytes (an ESC at
// the end, "ESC [", "ESC [ 1 ;", an incomplete UTF-8 character): call again when more input
// arrived, or DecodeFinal when none comes. Bytes that form no valid sequence decode as
// themselves (an invalid UTF-8 byte as that byte's value), so Decode never stalls on garbage.
func Decode(b []byte) (k Key, n int) {
	return decode(b, false)
}

// DecodeFinal is Decode for input after which nothing more is coming (the escape timeout
// passed): an incomplete sequence decodes as its first byte (a lone ESC is KeyEsc).
func DecodeFinal(b []byte) (k Key, n int) {
	return decode(b, true)
}

func decode(b []byte, final bool) (Key, int) {
	if len(b) == 0 {
		return 0, 0
	}
	c := b[0]
	if c == 0x1b {
		k, n, complete := decodeEsc(b)
		if complete {
			return k, n
		}
		if final {
			return KeyEsc, 1
		}
		return 0, 0
	}
	if c == '\r' {
		return KeyEnter, 1
	}
	if c < utf8.RuneSelf {
		return Key(c), 1
	}
	if !utf8.FullRune(b) {
		if final {
			return Key(c), 1
		}
		return 0, 0
	}
	r, n := utf8.DecodeRune(b)
	if r == utf8.RuneError && n == 1 {
		return Key(c), 1
	}
	return Key(r), n
}

// decodeEsc decodes b, which starts with ESC. complete false: b is a proper prefix of a
// sequence.
func decodeEsc(b []byte) (k Key, n int, complete bool) {
	if len(b) == 1 {
		return 0, 0, false
	}
	switch b[1] {
	case 'O': // SS3: keypad-transmit mode arrows, Home/End, F1-F4
		if len(b) == 2 {
			return 0, 0, false
		}
		if k, ok := finalKey(b[2]); ok {
			return k, 3, true
		}
		if b[2] >= 0x40 && b[2] <= 0x7e {
			return KeyUnknown, 3, true
		}
		return KeyEsc, 1, true
	case '[': // CSI: parameter bytes 0x30-0x3f, intermediates 0x20-0x2f, final 0x40-0x7e
		i := 2
		for i < len(b) && i < maxSeq && b[i] >= 0x20 && b[i] <= 0x3f {
			i++
		}
		if i == len(b) && i < maxSeq {
			return 0, 0, false
		}
		if i >= maxSeq || b[i] < 0x40 || b[i] > 0x7e {
			return KeyEsc, 1, true
		}
		return csiKey(b[2:i], b[i]), i + 1, true
	}
	// ESC followed by something else: the ESC alone (an Alt-key is ESC then the key).
	return KeyEsc, 1, true
}

// csiKey names "ESC [ params final". Modifiers ("1;5A", "5;3~") are ignored.
func csiKey(params []byte, final byte) Key {
	num := 0
	i := 0
	for i < len(params) && params[i] >= '0' && params[i] <= '9' {
		num = num*10 + int(params[i]-'0')
		if num > 1000 {
			return KeyUnknown
		}
		i++
	}
	rest := params[i:]
	if len(rest) > 0 && rest[0] != ';' {
		return KeyUnknown // private ('?'), '<' mouse and other forms
	}
	if final == '~' {
		if k, ok := csiTilde(num); ok {
			return k
		}
		return KeyUnknown
	}
	if k, ok := finalKey(final); ok && (num <= 1) {
		return k
	}
	return KeyUnknown
}

// DecodeAll decodes every complete key in b and returns them with the undecoded tail (an
// incomplete sequence, to be completed by later input or flushed with DecodeFinal).
func DecodeAll(b []byte) (keys []Key, rest []byte) {
	for len(b) > 0 {
		k, n := Decode(b)
		if n == 0 {
			break
		}
		keys = append(keys, k)
		b = b[n:]
	}
	return keys, b
}
