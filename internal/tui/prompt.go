package tui

import (
	"unicode"
	"unicode/utf8"
)

// Editor is the line editor behind Prompter.Prompt, kept free of terminal I/O so it can be
// tested alone. It edits one line of runes with a cursor: printable characters insert at the
// cursor, Backspace (DEL or Ctrl-H) deletes before it, Delete at it, Left/Right/Home/End (and
// Ctrl-A/Ctrl-E) move it, Ctrl-U clears the line, Up/Down walk the history of accepted lines.
// Enter accepts, Esc cancels. Other keys are ignored.
type Editor struct {
	buf     []rune
	cur     int
	max     int       // longest line in runes (0: no limit)
	history *[]string // accepted lines, oldest first (shared between prompts)
	hpos    int       // index into *history while browsing; len(*history) = the new line
	saved   []rune    // the line being typed before browsing started
}

// NewEditor returns an empty editor. max > 0 limits the line length (in runes; top limits
// input to what fits on the message line); history, when non-nil, is read by Up/Down and
// appended to on accept (the most recent 50 are kept).
func NewEditor(max int, history *[]string) *Editor {
	e := &Editor{max: max, history: history}
	if history != nil {
		e.hpos = len(*history)
	}
	return e
}

// EditorResult is what a key did to the line.
type EditorResult int

const (
	Editing   EditorResult = iota // still editing
	Accepted                      // Enter: Line() is the answer
	Cancelled                     // Esc
)

// historyMax is how many accepted lines the history keeps.
const historyMax = 50

// Key applies one key.
func (e *Editor) Key(k Key) EditorResult {
	switch k {
	case KeyEnter:
		if e.history != nil && len(e.buf) > 0 {
			h := append(*e.history, string(e.buf))
			if len(h) > historyMax {
				h = h[len(h)-historyMax:]
			}
			*e.history = h
		}
		return Accepted
	case KeyEsc:
		return Cancelled
	case KeyBackspace, KeyCtrlH:
		if e.cur > 0 {
			e.buf = append(e.buf[:e.cur-1], e.buf[e.cur:]...)
			e.cur--
		}
	case KeyDelete:
		if e.cur < len(e.buf) {
			e.buf = append(e.buf[:e.cur], e.buf[e.cur+1:]...)
		}
	case KeyLeft:
		if e.cur > 0 {
			e.cur--
		}
	case KeyRight:
		if e.cur < len(e.buf) {
			e.cur++
		}
	case KeyHome, 0x01: // Ctrl-A
		e.cur = 0
	case KeyEnd, 0x05: // Ctrl-E
		e.cur = len(e.buf)
	case 0x15: // Ctrl-U
		e.buf, e.cur = e.buf[:0], 0
	case KeyUp, KeyDown:
		e.browse(k == KeyUp)
	default:
		if k.Special() || !unicode.IsPrint(rune(k)) || !utf8.ValidRune(rune(k)) {
			return Editing
		}
		if e.max > 0 && len(e.buf) >= e.max {
			return Editing
		}
		e.buf = append(e.buf, 0)
		copy(e.buf[e.cur+1:], e.buf[e.cur:])
		e.buf[e.cur] = rune(k)
		e.cur++
	}
	return Editing
}

func (e *Editor) browse(older bool) {
	if e.history == nil {
		return
	}
	h := *e.history
	if e.hpos > len(h) {
		e.hpos = len(h)
	}
	if e.hpos == len(h) {
		e.saved = append(e.saved[:0], e.buf...)
	}
	switch {
	case older && e.hpos > 0:
		e.hpos--
	case !older && e.hpos < len(h):
		e.hpos++
	default:
		return
	}
	if e.hpos == len(h) {
		e.buf = append(e.buf[:0], e.saved...)
	} else {
		e.buf = []rune(h[e.hpos])
	}
	if e.max > 0 && len(e.buf) > e.max {
		e.buf = e.buf[:e.max]
	}
	e.cur = len(e.buf)
}

// Line is the text typed so far.
func (e *Editor) Line() string { return string(e.buf) }

// Cursor is the cursor position in runes from the start of the line.
func (e *Editor) Cursor() int { return e.cur }
