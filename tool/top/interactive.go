package top

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/internal/cli"
	"github.com/cgprocps/cgprocps/internal/tui"
)

// interactive runs the full-screen top on the terminal layer (internal/tui): the batch
// frame (Render) at the terminal's size, refreshed every delay from a fresh View, with the
// header styling top uses under TERM=xterm, and the interactive keys (Settings' methods plus
// k, r, W, h and q here).
func interactive(stdout, stderr io.Writer, prog string, vo cgview.Options, s *Settings, ro runOpts) int {
	// The first View reports its warnings on stderr before the screen is taken; later ones
	// are quiet (they would scribble over the screen).
	v := cli.Open(vo, stderr)
	if v == nil {
		return 1
	}
	vo.Warn = io.Discard
	prev, err := ReadSnapshot(v, s, true)
	if err != nil {
		return cli.Error(stderr, prog, "Unable to create meminfo structure: "+err.Error())
	}
	a := &app{s: s, vo: vo, prev: prev, loops: ro.loops, lookup: userLookup()}
	time.Sleep(PrimingDelay)
	err = tui.Run(a, nil)
	var sig *tui.SignalError
	switch {
	case err == nil, errors.As(err, &sig):
		return 0 // top's bye_bye / sig_endpgm: exit(EXIT_SUCCESS)
	case errors.Is(err, tui.ErrNotTerminal):
		return cli.Error(stderr, prog, "failed tty get")
	}
	return cli.Error(stderr, prog, err.Error())
}

// userLookup finds a user name's uid as Main's lookup does: the machine's user database
// (under CGPROCPS_ROOT the root's, then the machine's).
func userLookup() func(string) (uint32, bool) {
	return func(name string) (uint32, bool) {
		if v, err := cgview.Open(cgview.Options{Mode: cgview.ModeHost, Warn: io.Discard}); err == nil {
			if uid, ok := v.LookupUser(name); ok {
				return uid, true
			}
		}
		if v, err := cgview.Open(cgview.Options{Root: "/", Mode: cgview.ModeHost, Warn: io.Discard}); err == nil {
			return v.LookupUser(name)
		}
		return 0, false
	}
}

// app is interactive top as a tui.App.
type app struct {
	s      *Settings
	vo     cgview.Options
	prev   *Snapshot
	frames int // frames drawn (for -n)
	loops  int // -n (0: until q)
	help   bool
	lookup func(string) (uint32, bool)

	last    []byte // the last frame, shown again when a read fails
	sumRows int    // summary lines of the last frame (the message row follows them)
	topPID  int    // the first task row's PID (k and r's default)

	// Scrolling (scroll.go): the last frame's task count, task window size (top's
	// winlines) and column layout; the first task saved by i; C's coordinates shown.
	nTasks   int
	winLines int
	lay      layout
	begSav   int
	coords   bool

	// L and &: the last frame's sorted tasks and how its rows were built; whether the
	// string was found since L asked for it (top's "another").
	rows  []row
	maker *rowMaker
	found bool

	fields *fieldScreen // the f screen, while it is up
	colors *colorScreen // the Z screen, while it is up
	clear  bool         // clear the screen before the next frame
}

// MessageCaps: top's messages and prompts in its message colour (tui.MessageStyler).
func (a *app) MessageCaps() (string, string) {
	c := capsOf(a.s)
	return c.msg, c.pmt
}

// ClearScreen: top clears the screen when it opens the f screen (tui.Clearer).
func (a *app) ClearScreen() bool {
	c := a.clear
	a.clear = false
	return c
}

// Delay is the refresh interval (-d, d, s).
func (a *app) Delay() time.Duration { return delayDuration(a.s.Delay) }

// MessageRow is the row after the summary lines (top's Msg_row).
func (a *app) MessageRow() int { return a.sumRows }

// Finished is true once -n frames are on the screen.
func (a *app) Finished() bool { return a.loops > 0 && a.frames >= a.loops }

// Render reads a new snapshot and draws it (or the help screen).
func (a *app) Render(width, height int) []byte {
	if a.help {
		return helpScreen(a.s, width, height)
	}
	if a.fields != nil {
		return a.fieldsScreen(width, height)
	}
	if a.colors != nil {
		return a.colorsScreen(width, height)
	}
	v, err := cgview.Open(a.vo)
	var cur *Snapshot
	if err == nil {
		cur, err = ReadSnapshot(v, a.s, false)
	}
	if err != nil {
		if a.last != nil {
			return a.last
		}
		return []byte(cut("top: "+err.Error(), width))
	}
	return a.draw(cur, width, height)
}

// draw renders the snapshot cur after the previous one and keeps what the keys need.
func (a *app) draw(cur *Snapshot, width, height int) []byte {
	frame := Render(cur, a.prev, a.s, width, height)
	// k and r's default PID: the first task in sort order, shown or not (top's
	// ppt[begtask]: its filters act when rows are drawn).
	a.topPID = 0
	a.rows = sortedRows(cur, a.prev, a.s)
	a.maker = newRowMaker(cur, a.prev, a.s, width)
	if rows := a.rows; len(rows) > 0 {
		a.topPID = rows[min(max(a.s.BegTask, 0), len(rows)-1)].t.TID
	}
	a.nTasks = len(cur.Tasks)
	a.lay = taskLayout(a.s, width, max(cur.PIDWidth, 5))
	a.prev = cur
	a.frames++
	a.last = a.style(frame, width)
	a.winLines = a.s.MaxTasks
	if a.winLines == 0 {
		a.winLines = height - a.sumRows - 1
	}
	return a.last
}

// scrollCoords is C's line on the message row: the first task and field shown.
func (a *app) scrollCoords(width int) string {
	t := fmt.Sprintf("scroll coordinates: y = %d/%d (tasks), x = %d/%d (fields)",
		a.s.BegTask+1, a.nTasks, max(a.s.BegPflg+1, 1), max(a.lay.total, 1))
	if a.s.VarColBeg != 0 {
		t += fmt.Sprintf(" + %d", a.s.VarColBeg)
	}
	return capOff + "  " + cut(t, max(width-3, 0))
}

// scrollKey moves the task window as top's arrow, page, Home and End keys do; it reports
// whether k was one of them.
func (a *app) scrollKey(k tui.Key) bool {
	s := a.s
	switch k {
	case tui.KeyUp:
		if s.ShowIdle {
			s.BegNext = -1
		}
	case tui.KeyDown:
		if s.ShowIdle {
			s.BegNext = +1
		}
	case tui.KeyLeft:
		if s.VarColBeg != 0 && a.lay.varRight() {
			s.VarColBeg -= varScroll
		} else if s.BegPflg > 0 {
			s.BegPflg--
		}
	case tui.KeyRight:
		if a.lay.varRight() {
			s.VarColBeg = max(s.VarColBeg+varScroll, 0)
		} else if s.BegPflg+1 < len(s.shownFields()) {
			s.BegPflg++
		}
	case tui.KeyPgUp:
		if s.ShowIdle && s.BegTask > 0 {
			s.BegNext = -(a.winLines - 2)
		}
	case tui.KeyPgDn:
		if s.ShowIdle && s.BegTask < a.nTasks-1 {
			s.BegNext = a.winLines - 2
		}
	case tui.KeyHome:
		if s.ShowIdle {
			s.BegTask, s.BegPflg, s.VarColBeg = 0, 0, 0
		}
	case tui.KeyEnd:
		if s.ShowIdle {
			s.BegNext = a.nTasks - a.winLines + 1
			s.BegPflg, s.VarColBeg = a.lay.endPflg, 0
		}
	default:
		return false
	}
	return true
}

// Capability strings as top writes them under TERM=xterm (colours off: sgr0 and the
// original pair; bold; reverse video), and the colours of its default window.
const (
	capNorm    = "\033(B\033[m"
	capOff     = "\033(B\033[m\033[39;49m"
	capBold    = "\033[1m"
	capReverse = "\033[7m"
)

// style adds top's interactive highlighting to a batch frame, as its show_special writes
// the "~N"-marked lines: each piece of a line is its capability, the text and the
// capabilities' end. The summary figures are bold, the column header in reverse video
// across the whole width, rows padded to the width; with colours (z) the default window's
// colours. It also remembers the summary size (the message row).
func (a *app) style(frame []byte, width int) []byte {
	lines := strings.Split(string(frame), "\n")
	sum := len(lines)
	for i, l := range lines {
		if l == "" {
			sum = i
			break
		}
	}
	a.sumRows = sum
	c := capsOf(a.s)
	sumCap, rowCap, hdrCap := c.sum, c.rowNorm, c.hdr
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		switch {
		case i == 0 && sum > 0 && a.s.ShowLoad:
			b.WriteString(capNorm + l + capOff + capOff) // the load line is never coloured
		case i < sum:
			b.WriteString(summaryPieces(l, sumCap, c.bold))
		case i == sum && a.coords:
			b.WriteString(a.scrollCoords(width))
		case i == sum+1:
			b.WriteString(hdrCap + padRight(l, width) + capOff)
		case i > sum+1:
			r := i - sum - 2
			if !a.s.NoHiRows && r < len(a.s.running) && a.s.running[r] {
				// top highlights running tasks (y, b), the sort column then too
				full := l
				if r < len(a.s.rowLens) {
					full = padRight(l, a.s.rowLens[r])
				}
				rest := padRight(full, width)[len(full):]
				b.WriteString(c.rowHigh + a.findMarks(full, c.rowHigh) + rest + capOff)
				break
			}
			// the row as top builds it (its cells' blanks too), then the screen's rest
			full := l
			if r < len(a.s.rowLens) {
				full = padRight(l, a.s.rowLens[r])
			}
			rest := padRight(full, width)[len(full):]
			if r < len(a.s.sortCells) && a.s.sortCells[r][1] > 0 {
				// x: the sort column's cell (its blank after it too) in the running
				// tasks' highlight, as top's pseudo columns around it write it
				from, to := min(a.s.sortCells[r][0], len(full)), min(a.s.sortCells[r][1], len(full))
				full = full[:from] + c.rowHigh + full[from:to] + rowCap + full[to:]
			}
			b.WriteString(rowCap + a.findMarks(full, rowCap) + rest + capOff)
		default:
			b.WriteString(l)
		}
	}
	return []byte(b.String())
}

// findMarks shows L's string in the header's capability wherever it is in a row (as
// written, capabilities included), the row's capability after each.
func (a *app) findMarks(row, rowCap string) string {
	if a.s.FindStr == "" {
		return row
	}
	return strings.ReplaceAll(row, a.s.FindStr, capsOf(a.s).hdr+a.s.FindStr+rowCap)
}

// locate is L (ask for a string) and & (look again): the first task shown becomes the
// next one, in the last frame's order, whose row holds the string, as top's find_string.
func (a *app) locate(k tui.Key, p tui.Prompter) {
	s := a.s
	if k == '&' && s.FindStr == "" {
		p.Message(`Locate next inactive, use "L"`)
		return
	}
	if k == 'L' {
		str, ok := p.Prompt("Locate string")
		if !ok {
			return
		}
		s.FindStr, a.found = str, false
	}
	if s.FindStr == "" || a.maker == nil {
		return
	}
	var line []byte
	for i := max(s.BegTask, 0); i < len(a.rows); i++ {
		var ok bool
		line, _, ok = a.maker.row(line[:0], a.rows[i])
		if ok && strings.Contains(string(line), s.FindStr) {
			a.found = true
			if i == s.BegTask {
				continue
			}
			s.BegTask = i
			return
		}
	}
	another := ""
	if a.found {
		another = "another "
	}
	p.Message(fmt.Sprintf("%s\"%s\" not found", another, s.FindStr))
}

// summaryPieces writes a summary line as pieces: the label and words in the summary
// capability (sumCap), each figure with its padding in bold; the line's trailing blanks
// are normal text (one, then the rest), except the Swap line's, which ends its last word
// ("avail Mem "). One more capabilities' end closes the line.
func summaryPieces(l, sumCap, bold string) string {
	var b strings.Builder
	piece := func(cap, text string) { b.WriteString(cap + text + capOff) }
	i := strings.IndexByte(l, ':') + 1
	piece(sumCap, l[:i])
	end := len(l)
	if !strings.Contains(l[:i], "Swap") {
		end = len(strings.TrimRight(l, " "))
		if end < i {
			end = i
		}
	}
	for i < end {
		j := i
		for j < end && l[j] == ' ' {
			j++
		}
		k := j
		for k < end && (l[k] >= '0' && l[k] <= '9' || l[k] == '.' || l[k] == '+' || l[k] == '/') {
			k++
		}
		if k > j {
			if k < end && l[k] == ' ' {
				k++
			}
			piece(bold, l[i:k])
			i = k
			continue
		}
		// a word (or a bar): up to a figure or a blank before one ("ni,100.0 id,")
		for k < end && !(l[k] >= '0' && l[k] <= '9') &&
			!(l[k] == ' ' && k+1 < end && (l[k+1] == ' ' || l[k+1] >= '0' && l[k+1] <= '9')) {
			k++
		}
		if k == i {
			k++
		}
		piece(sumCap, l[i:k])
		i = k
	}
	if end < len(l) {
		piece(capNorm, l[end:end+1])
		if end+1 < len(l) {
			piece(capNorm, l[end+1:])
		}
	}
	return b.String() + capOff
}

func cut(s string, w int) string {
	if len(s) > w {
		return s[:w]
	}
	return s
}

// Key handles one key press as top 4.0.2 does (its prompts and messages).
func (a *app) Key(k tui.Key, p tui.Prompter) bool {
	if a.help {
		// as top's help: Esc or q go back to the tasks, other keys keep the help
		if k == tui.KeyEsc || k == 'q' {
			a.help = false
		}
		return false
	}
	var known bool
	switch {
	case a.fields != nil:
		if a.fieldsKey(k) {
			return false
		}
		a.fields, known = nil, true // the f command ends
	case a.colors != nil:
		if a.colorsKey(k) {
			return false
		}
		a.colors, known = nil, true // the Z command ends
	case k == 'q':
		return true
	default:
		known = a.command(k, p)
	}
	// After a command top makes sure the first task shown is one that passes the filters
	// (the next one from the current, settled at the next frame).
	if known && a.nTasks > 0 && a.s.BegNext == 0 {
		a.s.BegNext = 1
		a.s.BegTask--
	}
	return false
}

// command runs one key of the task screen; known is false for a key top has no command
// for (and for W, which top handles before its commands).
func (a *app) command(k tui.Key, p tui.Prompter) (known bool) {
	if k.Special() {
		// arrows, PgUp/PgDn, Home/End scroll; other special keys only refresh
		return a.scrollKey(k)
	}
	switch k {
	case 'h', '?':
		a.help = true
	case ' ', tui.KeyEnter:
		// refresh
	case tui.KeyEsc:
		return false // ignored, as top does
	case 'k':
		a.kill(p)
	case 'r':
		a.renice(p)
	case 'W':
		p.Message(a.writeRC())
		return false
	case 'l':
		a.s.ShowLoad = !a.s.ShowLoad
	case 'C':
		a.coords = !a.coords
	case 'Z':
		a.openColors()
	case 'y':
		a.s.NoHiRows = !a.s.NoHiRows
	case 'L', '&':
		a.locate(k, p)
	case 'V':
		a.s.Forest = !a.s.Forest
		if !a.s.fieldShown(fCMD) {
			p.Message("Forest mode " + onOffWord(a.s.Forest))
		}
	case 'o', 'O':
		how := "ignoring case"
		if k == 'O' {
			how = "case sensitive"
		}
		glob, ok := p.Prompt(fmt.Sprintf("add filter #%d (%s) as: [!]FLD?VAL", len(a.s.Filters)+1, how))
		if !ok || glob == "" {
			return true
		}
		if err := a.s.AddFilter(byte(k), glob); err != nil {
			p.Message(err.Error())
		}
	case 0x0f: // ^O: the filters, until Enter
		p.Prompt("<Enter> to resume, filters: " + a.s.FiltersText())
	case '=':
		a.s.Reset()
	case '+', '-', '_':
		// top's commands for its other windows (A mode, not built); + expands every
		// forest branch all the same
		p.Message("Command disabled, 'A' mode required")
		if k == '+' {
			a.s.HidePIDs = nil
		}
	case 'x':
		// only while the sort column is one of the fields shown, as top
		if a.s.fieldShown(a.s.SortField) {
			a.s.HiCols = !a.s.HiCols
		}
	case 'b':
		a.s.NoHiBold = !a.s.NoHiBold
	case 'f':
		a.openFields()
		a.clear = true
	case 'v':
		a.s.KeyV(a.topPID)
	case 'F':
		// top 4.0.2's F focuses a forest branch (not built here): nothing
	case 'S':
		a.s.KeyS()
		p.Message("Cumulative time " + onOffWord(a.s.Cumulative))
	case 'H':
		a.s.KeyH()
		a.s.BegTask = 0
		if !a.s.ShowStates { // the Threads line is hidden: say it
			p.Message("Show threads " + onOffWord(a.s.Threads))
		}
	case 'i':
		// top keeps the first task shown while idle tasks are hidden, and starts them at
		// the top
		if a.s.ShowIdle {
			a.begSav, a.s.BegTask = a.s.BegTask, 0
		} else {
			a.s.BegTask, a.begSav = a.begSav, 0
		}
		a.s.Keyi()
	default:
		if k > 0x7f {
			p.Message("Unknown command - try 'h' for help")
			return false
		}
		c := byte(k)
		if (c == 'd' || c == 's') && a.s.Secure {
			p.Message(errSecure.Error())
			return true
		}
		prompt, ok := a.s.Key(c)
		if !ok {
			p.Message("Unknown command - try 'h' for help")
			return false
		}
		if prompt == "" {
			return true
		}
		answer, ok := p.Prompt(prompt)
		if !ok {
			return true
		}
		if err := a.s.Answer(c, answer, a.lookup); err != nil {
			p.Message(err.Error())
		}
	}
	return true
}

// onOffWord is top's On / Off of its toggle messages.
func onOffWord(v bool) string {
	if v {
		return "On"
	}
	return "Off"
}

// getInt is top's get_int: ok false for Esc or a bad number (after its message); empty
// false for an empty line.
func getInt(p tui.Prompter, prompt string) (n int, empty, ok bool) {
	line, ok := p.Prompt(prompt)
	if !ok {
		return 0, false, false
	}
	if line == "" {
		return 0, true, true
	}
	f, ok := parseWhole(line)
	if !ok {
		p.Message(errBadInteger.Error())
		return 0, false, false
	}
	return int(f), false, true
}

// kill is the k command: a PID (default the first task shown), then a signal (default
// SIGTERM; a number or a name).
func (a *app) kill(p tui.Prompter) {
	if a.s.Secure {
		p.Message(errSecure.Error())
		return
	}
	pid, empty, ok := getInt(p, fmt.Sprintf("PID to signal/kill [default pid = %d]", a.topPID))
	if !ok {
		return
	}
	if empty {
		pid = a.topPID
	}
	line, ok := p.Prompt(fmt.Sprintf("Send pid %d signal [%d/sigterm]", pid, int(syscall.SIGTERM)))
	if !ok {
		return
	}
	sig := int(syscall.SIGTERM)
	if line != "" {
		sig = signalNumber(line)
	}
	switch {
	case sig < 0:
		p.Message("Invalid signal")
	case sig > 0:
		if err := syscall.Kill(pid, syscall.Signal(sig)); err != nil {
			p.Message(fmt.Sprintf("Failed signal pid '%d' with '%d': %s", pid, sig, strerror(err)))
		}
	}
}

// renice is the r command: a PID (default the first task shown), then the nice value.
func (a *app) renice(p tui.Prompter) {
	if a.s.Secure {
		p.Message(errSecure.Error())
		return
	}
	pid, empty, ok := getInt(p, fmt.Sprintf("PID to renice [default pid = %d]", a.topPID))
	if !ok {
		return
	}
	if empty {
		pid = a.topPID
	}
	nice, empty, ok := getInt(p, fmt.Sprintf("Renice PID %d to value", pid))
	if !ok || empty {
		return
	}
	if err := syscall.Setpriority(syscall.PRIO_PROCESS, pid, nice); err != nil {
		p.Message(fmt.Sprintf("Failed renice of PID %d to %d: %s", pid, nice, strerror(err)))
	}
}

// strerror is glibc's text of an errno (Go's, capitalised as glibc writes them).
func strerror(err error) string {
	s := err.Error()
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		s = string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// signalName is the number of a Linux signal name (as procps's table, without "SIG"); a
// switch, not a package-level map, which every tool of the multicall binary would build at
// start-up.
func signalName(u string) (int, bool) {
	switch u {
	case "EXIT", "NULL":
		return 0, true
	case "HUP":
		return 1, true
	case "INT":
		return 2, true
	case "QUIT":
		return 3, true
	case "ILL":
		return 4, true
	case "TRAP":
		return 5, true
	case "ABRT", "IOT":
		return 6, true
	case "BUS":
		return 7, true
	case "FPE":
		return 8, true
	case "KILL":
		return 9, true
	case "USR1":
		return 10, true
	case "SEGV":
		return 11, true
	case "USR2":
		return 12, true
	case "PIPE":
		return 13, true
	case "ALRM":
		return 14, true
	case "TERM":
		return 15, true
	case "STKFLT":
		return 16, true
	case "CHLD", "CLD":
		return 17, true
	case "CONT":
		return 18, true
	case "STOP":
		return 19, true
	case "TSTP":
		return 20, true
	case "TTIN":
		return 21, true
	case "TTOU":
		return 22, true
	case "URG":
		return 23, true
	case "XCPU":
		return 24, true
	case "XFSZ":
		return 25, true
	case "VTALRM":
		return 26, true
	case "PROF":
		return 27, true
	case "WINCH":
		return 28, true
	case "POLL", "IO":
		return 29, true
	case "PWR":
		return 30, true
	case "SYS":
		return 31, true
	}
	return 0, false
}

// signalNumber reads a signal as procps's signal_name_to_number: a name with or without
// "SIG" (any case), RTMIN, RTMIN+N, or a number (as strtol reads it); -1 when it is none.
func signalNumber(s string) int {
	const rtmin = 34 // glibc's SIGRTMIN
	u := strings.ToUpper(s)
	u = strings.TrimPrefix(u, "SIG")
	if n, ok := signalName(u); ok {
		return n
	}
	if u == "RTMIN" {
		return rtmin
	}
	offset := 0
	if strings.HasPrefix(u, "RTMIN+") {
		u, offset = u[6:], rtmin
	}
	i := 0
	for i < len(u) && isSpace(u[i]) {
		i++
	}
	neg := false
	if i < len(u) && (u[i] == '+' || u[i] == '-') {
		neg = u[i] == '-'
		i++
	}
	if i == len(u) {
		return -1
	}
	v := 0
	for ; i < len(u); i++ {
		if u[i] < '0' || u[i] > '9' || v > 1000 {
			return -1
		}
		v = v*10 + int(u[i]-'0')
	}
	if neg && v != 0 || v+rtmin > 127 {
		return -1
	}
	return v + offset
}

// writeRC is the W command (the original's write_rcfile); it returns the message to show.
func (a *app) writeRC() string {
	rc := a.s.rc
	if rc == nil {
		rc = &rcState{file: DefaultRC()}
	}
	prog := a.s.prog
	if prog == "" {
		prog = "top"
	}
	if err := os.WriteFile(rc.path, []byte(rc.file.Text(prog, a.s)), 0o666); err != nil {
		return fmt.Sprintf("Failed '%s' open: %s", rc.path, strerror(unwrapErrno(err)))
	}
	return fmt.Sprintf("Wrote configuration to '%s'", rc.path)
}

func unwrapErrno(err error) error {
	var e syscall.Errno
	if errors.As(err, &e) {
		return e
	}
	return err
}

// helpScreen is the h / ? screen, in our own words.
func helpScreen(s *Settings, width, height int) []byte {
	onOff := func(v bool) string {
		if v {
			return "on"
		}
		return "off"
	}
	lines := []string{
		capBold + "Interactive commands of cgprocps top" + capOff,
		fmt.Sprintf("Refresh every %.1f s; secure mode %s; cumulative time %s; sorted by %s.",
			s.Delay, onOff(s.Secure), onOff(s.Cumulative), fieldNames[s.SortField]),
		"  space   refresh now                 q       quit",
		"  d s     change the refresh delay    W       save these settings",
		"  P M T N sort by %CPU, %MEM, TIME+, PID",
		"  < >     sort by the column left/right of the current one",
		"  R       reverse the sort order      i       hide/show idle tasks",
		"  c       command line / name         H       threads / processes",
		"  S       cumulative time             1       one line per CPU / all CPUs",
		"  t       CPU lines: numbers, bars, blocks, hidden",
		"  m       memory lines: numbers, bars, blocks, hidden",
		"  l       load average line           E e     memory units (summary/tasks)",
		"  u U     show one user's tasks (effective / any user id; !name: all others)",
		"  n #     show at most N tasks (0: all)   C   show the scroll coordinates",
		"  k       send a signal to a task     r       change a task's nice value",
		"  z       colours on/off              Z       colour mapping",
		"  Up Down PgUp PgDn Home End  scroll the tasks   Left Right  the columns",
		"  f       fields: order, shown or not, sort field   V v forest view, (un)collapse",
		"  y b     highlight running tasks, in bold / reverse video   x   the sort column",
		"  L &     locate a string, the next   =       reset filters, -p, n, L, scrolling",
		"  o O     add a filter [!]FIELD=VALUE (or < >; o: any case)   ^O  list them",
		"",
		"Press Esc or q to go back.",
	}
	var b strings.Builder
	for i, l := range lines {
		if height > 0 && i >= height {
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		if !strings.HasPrefix(l, "\033") {
			l = cut(l, width)
		}
		b.WriteString(l)
	}
	return []byte(b.String())
}
