package top

import "unicode/utf8"

// Scrolling of the task window, as top 4.0.2 does it (docs/top.md, "Scrolling"). The state
// lives in Settings (BegTask, BegNext, BegPflg, VarColBeg) so that Render draws from it; the
// keys that move it are the interactive screen's (interactive.go). In batch mode it stays
// zero and changes nothing.

// varScroll is how far Left/Right move inside the COMMAND column when it is the only column
// shown (top's SCROLLAMT).
const varScroll = 8

// layout is the task area's columns for one width.
type layout struct {
	cols    []int // the fields shown, from BegPflg on, as many as fit
	varSize int   // width of the variable column(s)
	endPflg int   // the first field from which every remaining field fits (End's column)
	total   int   // fields that could be shown (top's totpflgs)
}

// shownFields are the fields switched on, in their order (PID alone when none is, as top),
// without those this top has no data for (f can switch them on; docs/top.md).
func (s *Settings) shownFields() []int {
	var out []int
	for _, f := range s.Fields {
		if fieldWidth(f, 5) != 0 {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return []int{fPID}
	}
	return out
}

// taskLayout fits the shown fields, from the first scrolled-to one, into width columns: each
// takes its width and one blank (COMMAND its heading's length at least); the variable
// column then gets what is left.
func taskLayout(s *Settings, width, pidw int) layout {
	all := s.shownFields()
	beg := min(max(s.BegPflg, 0), len(all))
	size := func(f int) int {
		if w := fieldWidth(f, pidw); w >= 0 {
			return w + 1
		}
		return len(fieldNames[f]) + 1
	}
	var l layout
	l.total = len(all)
	used, varCols, varSize := 0, 0, 0
	for _, f := range all[beg:] {
		n := size(f)
		if used+n > width {
			break
		}
		if fieldWidth(f, pidw) < 0 {
			varCols++
			varSize += len(fieldNames[f])
		}
		used += n
		l.cols = append(l.cols, f)
	}
	varSize += width - used
	if varCols > 0 {
		varSize /= varCols
	}
	l.varSize = varSize
	used = 0
	for i := len(all) - 1; i >= 0; i-- {
		n := size(all[i])
		if used+n > width {
			break
		}
		used += n
		l.endPflg = i
	}
	return l
}

// varRight: the variable column is the only one shown, so Left/Right scroll inside it.
func (l layout) varRight() bool {
	return len(l.cols) == 1 && fieldWidth(l.cols[0], 5) < 0
}

// skipColumns drops the first n characters of a COMMAND text (scrolled right inside the
// column): characters when it is UTF-8, else bytes; nothing is left when it is not longer.
func skipColumns(text string, n int) string {
	if n <= 0 {
		return text
	}
	if !utf8.ValidString(text) {
		if n < len(text) {
			return text[n:]
		}
		return ""
	}
	for i := range text {
		if n == 0 {
			return text[i:]
		}
		n--
	}
	return ""
}

// settleBegTask moves the first task shown after a scroll (BegNext, the rows asked to move)
// to a task that is shown: forward to the next selected one (backward when there is none),
// as top does before drawing a frame after a key. rows are the frame's sorted tasks.
func (s *Settings) settleBegTask(rows []row, m *rowMaker) {
	if s.BegNext == 0 || len(rows) == 0 {
		return
	}
	end := len(rows)
	shown := func(i int) bool {
		t := rows[i].t
		if rows[i].hid == 'z' || !s.userSelected(t.RUID, t.EUID, t.SUID, t.FUID) {
			return false
		}
		if m != nil && len(s.Filters) > 0 {
			_, _, ok := m.row(nil, rows[i]) // (o/O)
			return ok
		}
		return true
	}
	s.BegTask += s.BegNext
	if s.BegTask <= 0 {
		s.BegTask, s.BegNext = 0, 1
	} else if s.BegTask >= end {
		s.BegTask = end - 1
	}
	forward, reversed := s.BegNext > 0, false
	for {
		if forward {
			i := s.BegTask
			for i < end && !shown(i) {
				i++
			}
			if i < end {
				s.BegTask = i
				break
			}
			s.BegTask = end - 1
		}
		i := s.BegTask
		for i > 0 && !shown(i) {
			i--
		}
		s.BegTask = i
		if i == 0 && !reversed && !shown(0) {
			reversed, forward = true, true
			continue
		}
		break
	}
	s.BegNext = 0
}
