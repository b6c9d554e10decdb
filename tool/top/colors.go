package top

import (
	"fmt"
	"strings"

	"github.com/cgprocps/cgprocps/internal/tui"
)

// Colours of the task screen and top 4.0.2's Z screen (colour mapping): the four targets'
// colours (summary, messages/prompts, column header, tasks: 0 black .. 7 white), bold off
// everywhere (B), running tasks bold or in reverse video (b), colours on or off (z).

// caps are the capabilities a screen is drawn with, as top's capsmk makes them under
// TERM=xterm (8 colours).
type caps struct {
	bold, sum, msg, pmt, hdr, rowHigh, rowNorm string
}

// xtermColors is max_colors under TERM=xterm.
const xtermColors = 8

func foreground(c int) string { return fmt.Sprintf("\033[3%dm", c) }

// capsOf are the capabilities of the settings' colours.
func capsOf(s *Settings) caps {
	c := caps{bold: capBold}
	if s.NoBold {
		c.bold = capNorm
	}
	if s.Color {
		c.sum = foreground(s.SummClr)
		c.msg = foreground(s.MsgsClr) + capReverse
		c.pmt = foreground(s.MsgsClr) + c.bold
		c.hdr = foreground(s.HeadClr) + capReverse
		c.rowNorm = capOff + foreground(s.TaskClr)
	} else {
		c.msg, c.pmt, c.hdr, c.rowNorm = capReverse, c.bold, capReverse, capNorm
	}
	c.rowHigh = c.rowNorm + capReverse
	if !s.NoHiBold {
		c.rowHigh = c.rowNorm + c.bold
	}
	return c
}

// special writes text as top's show_special does: "text~N" is text in capability N (1
// normal, 2 bold, 3 summary, 4 message, 5 prompt, 6 header, 7 running task, 8 task), text
// without a marker at the end of a line is normal; each piece is closed by capOff and the
// pieces are cut to the width. Lines end in '\n'; what follows the last one is written as it
// is, cut to width-1.
func special(text string, c caps, width int) []string {
	table := [9]string{capNorm, capNorm, c.bold, c.sum, c.msg, c.pmt, c.hdr, c.rowHigh, c.rowNorm}
	var out []string
	for {
		nl := strings.IndexByte(text, '\n')
		if nl < 0 {
			break
		}
		line := text[:nl]
		text = text[nl+1:]
		var b strings.Builder
		room := width
		for line != "" && room > 0 {
			cap, piece := table[0], line
			i := 0
			for i < len(line) && !(line[i] == '~' && i+1 < len(line) && line[i+1] >= '1' && line[i+1] <= '8') {
				i++
			}
			if i < len(line) {
				cap, piece = table[line[i+1]-'0'], line[:i]
				line = line[i+2:]
			} else {
				line = ""
			}
			b.WriteString(cap + cutRunes(piece, room) + capOff)
			room -= len(piece)
		}
		out = append(out, b.String())
	}
	if text != "" {
		out = append(out, cutRunes(text, width-1))
	}
	return out
}

// colorScreen is the state of the Z screen while it is up.
type colorScreen struct {
	target byte // S M H T
	saved  Settings
	w, h   int
}

// colorTarget is the colour the target changes.
func (s *Settings) colorTarget(t byte) *int {
	switch t {
	case 'S':
		return &s.SummClr
	case 'M':
		return &s.MsgsClr
	case 'H':
		return &s.HeadClr
	}
	return &s.TaskClr
}

// openColors starts the Z screen: the settings are kept for q/Esc, colours are switched on.
func (a *app) openColors() {
	a.colors = &colorScreen{target: 'T', saved: *a.s}
	a.s.Color = true
	a.clear = true
}

// colorsKey handles a key on the Z screen; false when it closes (Enter keeps the changes,
// q and Esc undo them).
func (a *app) colorsKey(k tui.Key) bool {
	s, cs := a.s, a.colors
	switch {
	case k == tui.KeyEnter:
		return false
	case k == 'q' || k == tui.KeyEsc:
		saved := cs.saved
		s.Color, s.NoBold, s.NoHiBold = saved.Color, saved.NoBold, saved.NoHiBold
		s.SummClr, s.MsgsClr, s.HeadClr, s.TaskClr = saved.SummClr, saved.MsgsClr, saved.HeadClr, saved.TaskClr
		return false
	case k == 'S' || k == 'M' || k == 'H' || k == 'T':
		cs.target = byte(k)
	case k >= '0' && k <= '7':
		*s.colorTarget(cs.target) = int(k - '0')
	case k == tui.KeyUp:
		c := s.colorTarget(cs.target)
		if *c++; *c >= xtermColors {
			*c = 0
		}
	case k == tui.KeyDown:
		c := s.colorTarget(cs.target)
		if *c--; *c < 0 {
			*c = xtermColors - 1
		}
	case k == 'B':
		s.NoBold = !s.NoBold
	case k == 'b':
		s.NoHiBold = !s.NoHiBold
	case k == 'z':
		s.Color = !s.Color
	}
	return true
}

// colorsText is top's Z screen text for the settings.
func colorsText(s *Settings, target byte) string {
	on := func(v bool) string {
		if v {
			return "On"
		}
		return "Off"
	}
	return fmt.Sprintf("Help for color mapping~2 - \"Current Window\" = ~1 %s ~6\n"+
		"\n"+
		"   color - 04:25:44 up 8 days, 50 min,  7 users,  load average:\n"+
		"   Tasks:~3  64 ~2total,~3   2 ~3running,~3  62 ~2sleeping,~3   0 ~2stopped,~3\n"+
		"   %%Cpu(s):~3  76.5 ~2user,~3  11.2 ~2system,~3   0.0 ~2nice,~3  12.3 ~2idle~3\n"+
		"   ~1 Nasty Message! ~4  -or-  ~1Input Prompt~5\n"+
		"   ~1  PID TTY     PR  NI %%CPU    TIME+   VIRT SWAP S COMMAND    ~6\n"+
		"   17284 ~8pts/2  ~7  8   0  0.0   0:00.75  1380    0 S /bin/bash   ~8\n"+
		"   ~1 8601 pts/1    7 -10  0.4   0:00.03   916    0 R color -b -z~7\n"+
		"   11005 ~8?      ~7  9   0  0.0   0:02.50  2852 1008 S amor -sessi~8\n"+
		"   available toggles: ~1B~2 =disable bold globally (~1%s~2),\n"+
		"       ~1z~2 =color/mono (~1%s~2), ~1b~2 =tasks \"bold\"/reverse (~1%s~2)\n"+
		"\n"+
		"1) Select a ~1target~2 as an upper case letter, ~1current target~2 is ~1 %c ~4:\n"+
		"   S~2 = Summary Data,~1  M~2 = Messages/Prompts,\n"+
		"   H~2 = Column Heads,~1  T~2 = Task Information\n"+
		"2) Select a ~1color~2 as a number or use the up/down arrow keys\n"+
		"   to raise/lower the %d colors value, ~1current color~2 is ~1 %d ~4:\n"+
		"   0~2 = black,~1  1~2 = red,    ~1  2~2 = green,~1  3~2 = yellow,\n"+
		"   4~2 = blue, ~1  5~2 = magenta,~1  6~2 = cyan, ~1  7~2 = white\n"+
		"\n"+
		"3) Then use these keys when finished:\n"+
		"   'q' or <Esc> to abort changes to window '~1%s~2'\n"+
		"   'a' or 'w' to commit & change another, <Enter> to commit and end ",
		"1:Def", on(s.NoBold), on(s.Color), on(!s.NoHiBold), target, xtermColors,
		*s.colorTarget(target), "1:Def")
}

// colorsScreen draws the Z screen.
func (a *app) colorsScreen(width, height int) []byte {
	cs := a.colors
	if cs.w != width || cs.h != height {
		cs.w, cs.h = width, height
		a.clear = true
	}
	lines := special(colorsText(a.s, cs.target), capsOf(a.s), width)
	if len(lines) > height {
		lines = lines[:height]
	}
	return []byte(strings.Join(lines, "\n"))
}
