package top

import (
	"slices"
	"strings"

	"github.com/cgprocps/cgprocps/internal/tui"
)

// The f screen (field management) of top 4.0.2: every field in its order, '*' before the
// shown ones; Up/Down move the focus, Right picks the focused field to move (Up/Down then
// carry it), Left or Enter drop it, d or Space switch a field on or off, s makes it the sort
// field, Home/PgUp and End/PgDn go to the first and last field, q or Esc go back. See
// docs/top.md.

// fieldDescs are top's descriptions of the fields (its f screen), in fieldNames' order.
var fieldDescs = []string{
	"Process Id", "Parent Process pid", "Effective User Id", "Effective User Name",
	"Real User Id", "Real User Name", "Saved User Id", "Saved User Name", "Group Id",
	"Group Name", "Process Group Id", "Controlling Tty", "Tty Process Grp Id", "Session Id",
	"Priority", "Nice Value", "Number of Threads", "Last Used Cpu (SMP)", "CPU Usage",
	"CPU Time", "CPU Time, hundredths", "Memory Usage (RES)", "Virtual Image (KiB)",
	"Swapped Size (KiB)", "Resident Size (KiB)", "Code Size (KiB)", "Data+Stack (KiB)",
	"Shared Memory (KiB)", "Major Page Faults", "Minor Page Faults", "Dirty Pages Count",
	"Process Status", "Command Name/Line", "Sleeping in Function", "Task Flags <sched.h>",
	"Control Groups", "Supp Groups IDs", "Supp Groups Names", "Thread Group Id",
	"OOMEM Adjustment", "OOMEM Score current", "Environment vars", "Major Faults delta",
	"Minor Faults delta", "Res+Swap Size (KiB)", "IPC namespace Inode", "MNT namespace Inode",
	"NET namespace Inode", "PID namespace Inode", "USER namespace Inode",
	"UTS namespace Inode", "LXC container name", "RES Anonymous (KiB)",
	"RES File-based (KiB)", "RES Locked (KiB)", "RES Shared (KiB)", "Control Group name",
	"Last Used NUMA node", "Login User Id", "Executable Path", "Res Mem (smaps), KiB",
	"Proportion RSS,  KiB", "Proportion Anon, KiB", "Proportion File, KiB",
	"Proportion Shrd, KiB", "Unique RSS, KiB", "I/O Bytes Read", "I/O Read Operations",
	"I/O Bytes Written", "I/O Write Operations", "Autogroup Identifier",
	"Autogroup Nice Value", "Start Time from boot", "Elapsed Running Time", "CPU Utilization",
	"Utilization + child", "CGRP namespace Inode", "TIME namespace Inode",
}

// fieldOrder is every field in the order the f screen lists them: the shown ones first by
// default (Debian's original defaults), then the others by number.
func (s *Settings) fieldOrder() []int {
	if len(s.FieldOrder) == len(fieldNames) {
		return s.FieldOrder
	}
	order := append([]int(nil), s.Fields...)
	for f := range fieldNames {
		if !slices.Contains(order, f) {
			order = append(order, f)
		}
	}
	s.FieldOrder = order
	return order
}

// fieldShown tells whether field f is switched on.
func (s *Settings) fieldShown(f int) bool { return slices.Contains(s.Fields, f) }

// setFields makes Fields the switched-on fields of on, in the f screen's order.
func (s *Settings) setFields(on func(f int) bool) {
	var shown []int
	for _, f := range s.fieldOrder() {
		if on(f) {
			shown = append(shown, f)
		}
	}
	s.Fields = shown
}

// unscroll is what top does to the columns' scrolling when the fields change.
func (s *Settings) unscroll() { s.BegPflg, s.VarColBeg, s.HiCols = 0, 0, false }

// fieldScreen is the state of the f screen while it is up.
type fieldScreen struct {
	focus  int  // position in the field order
	picked bool // the focused field moves with Up/Down
	w, h   int  // the size it was drawn at (top clears the screen for a new one)
}

// openFields starts the f screen on the sort field.
func (a *app) openFields() {
	a.fields = &fieldScreen{}
	if i := slices.Index(a.s.fieldOrder(), a.s.SortField); i >= 0 {
		a.fields.focus = i
	}
}

// fieldsKey handles a key on the f screen; false when it closes the screen.
func (a *app) fieldsKey(k tui.Key) bool {
	s, fs := a.s, a.fields
	order := s.fieldOrder()
	swap := func(i, j int) {
		s.unscroll()
		order[i], order[j] = order[j], order[i]
		s.setFields(s.fieldShown)
	}
	switch k {
	case 'q', tui.KeyEsc:
		return false
	case tui.KeyUp:
		if fs.focus > 0 {
			fs.focus--
			if fs.picked {
				swap(fs.focus, fs.focus+1)
			}
		}
	case tui.KeyDown:
		if fs.focus+1 < len(order) {
			fs.focus++
			if fs.picked {
				swap(fs.focus, fs.focus-1)
			}
		}
	case tui.KeyLeft, tui.KeyEnter:
		fs.picked = false
	case tui.KeyRight:
		fs.picked = true
	case tui.KeyHome, tui.KeyPgUp:
		if !fs.picked {
			fs.focus = 0
		}
	case tui.KeyEnd, tui.KeyPgDn:
		if !fs.picked {
			fs.focus = len(order) - 1
		}
	case ' ', 'd':
		if !fs.picked {
			f := order[fs.focus]
			was := s.fieldShown(f)
			s.setFields(func(g int) bool {
				if g == f {
					return !was
				}
				return s.fieldShown(g)
			})
			s.unscroll()
		}
	case 's':
		if !fs.picked {
			s.SortField, s.Forest = order[fs.focus], false
			s.unscroll()
		}
	}
	return true
}

// fieldsScreen draws the f screen on width×height as top does: three lines of header, an
// empty line, then the fields in as many columns as the rows need.
func (a *app) fieldsScreen(width, height int) []byte {
	s, fs := a.s, a.fields
	if fs.w != width || fs.h != height {
		fs.w, fs.h = width, height
		a.clear = true
	}
	c := capsOf(s)
	hdrCap, capBold := c.hdr, c.bold
	// the header, piece by piece as top's show_special writes it, cut to the width
	var b strings.Builder
	room := width
	piece := func(cap, text string) {
		if room <= 0 {
			return
		}
		b.WriteString(cap + cutRunes(text, room) + capOff)
		room -= len(text)
	}
	piece(capBold, "Fields Management")
	piece(capNorm, " for window ")
	piece(hdrCap, "1:Def")
	piece(capNorm, ", whose current sort field is ")
	if s.Forest {
		piece(capBold, "forest view")
	} else {
		piece(capBold, fieldNames[s.SortField])
	}
	lines := []string{b.String()}
	for _, l := range []string{
		"   Navigate with Up/Dn, Right selects for move then <Enter> or Left commits,",
		"   'd' or <Space> toggles display, 's' sets sort.  Use 'q' or <Esc> to end!",
	} {
		lines = append(lines, capNorm+cutRunes(l, width)+capOff)
	}
	lines = append(lines, "")

	const reserved, suffix = 4, 22
	n := len(fieldNames)
	maxCols := max(width/11, 1)
	rows := height - reserved
	need := n / maxCols
	if n%maxCols != 0 {
		need++
	}
	tooSmall := func() []byte {
		return []byte(strings.Join(append(lines, "even using field names only, window is now too small"), "\n"))
	}
	if rows < need || rows <= 0 {
		return tooSmall()
	}
	cols := n / rows
	if n%rows != 0 {
		cols++
	}
	colWidth, gap := width, 0
	if cols > 1 {
		colWidth, gap = width/cols, 1
	}
	colWidth = min(colWidth, 10+gap+suffix)
	descWidth := colWidth - (10 + gap)
	if descWidth < 0 {
		return tooSmall()
	}
	grid := make([]strings.Builder, rows)
	order := s.fieldOrder()
	for i, f := range order {
		on := s.fieldShown(f)
		r := &grid[i%rows]
		mark, cap, boldAgain := " ", capNorm, ""
		if on {
			mark, cap, boldAgain = "*", capBold, capBold
		}
		ext, focus := "", ""
		if i == fs.focus {
			focus = hdrCap
			if fs.picked {
				ext = hdrCap
			}
		}
		desc := "= " + cutRunes(fieldDescs[f], descWidth-2)
		r.WriteString(mark + cap + ext + " " + focus + padRight(cutRunes(fieldNames[f], 8), 8) +
			capNorm + boldAgain + ext + " " + padRight(cutRunes(desc, descWidth), descWidth) + capNorm)
	}
	for i := range grid {
		lines = append(lines, grid[i].String())
	}
	if len(lines) > height {
		lines = lines[:height]
	}
	return []byte(strings.Join(lines, "\n"))
}

// cutRunes cuts s to n characters (none for n <= 0).
func cutRunes(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if len(s) > n {
		return s[:n]
	}
	return s
}
