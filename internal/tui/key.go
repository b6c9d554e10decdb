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

var keyNames = map[Key]string{
	KeyUp: "Up", KeyDown: "Down", KeyRight: "Right", KeyLeft: "Left", KeyHome: "Home",
	KeyEnd: "End", KeyPgUp: "PgUp", KeyPgDn: "PgDn", KeyInsert: "Insert", KeyDelete: "Delete",
	KeyBackTab: "BackTab", KeyF1: "F1", KeyF2: "F2", KeyF3: "F3", KeyF4: "F4", KeyF5: "F5",
	KeyF6: "F6", KeyF7: "F7", KeyF8: "F8", KeyF9: "F9", KeyF10: "F10", KeyF11: "F11",
	KeyF12: "F12", KeyUnknown: "Unknown",
	KeyEnter: "Enter", KeyEsc: "Esc", KeyBackspace: "Backspace",
	KeyCtrlH: "C-h", KeyTab: "Tab", ' ': "Space",
}

// String names the key: "Up", "Enter", "C-a", "Space" or the character itself.
func (k Key) String() string {
	if n, ok := keyNames[k]; ok {
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

// csiTilde maps the number of "ESC [ n ~" to its key (xterm, rxvt and the Linux console).
var csiTilde = map[int]Key{
	1: KeyHome, 2: KeyInsert, 3: KeyDelete, 4: KeyEnd, 5: KeyPgUp, 6: KeyPgDn, 7: KeyHome,
	8: KeyEnd, 11: KeyF1, 12: KeyF2, 13: KeyF3, 14: KeyF4, 15: KeyF5, 17: KeyF6, 18: KeyF7,
	19: KeyF8, 20: KeyF9, 21: KeyF10, 23: KeyF11, 24: KeyF12,
}

// finalKey maps the final byte of "ESC [ x", "ESC [ 1 ; m x" and "ESC O x" to its key.
var finalKey = map[byte]Key{
	'A': KeyUp, 'B': KeyDown, 'C': KeyRight, 'D': KeyLeft, 'H': KeyHome, 'F': KeyEnd,
	'Z': KeyBackTab, 'P': KeyF1, 'Q': KeyF2, 'R': KeyF3, 'S': KeyF4,
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
		if k, ok := finalKey[b[2]]; ok {
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
		if k, ok := csiTilde[num]; ok {
			return k
		}
		return KeyUnknown
	}
	if k, ok := finalKey[final]; ok && (num <= 1) {
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
