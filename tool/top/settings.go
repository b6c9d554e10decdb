package top

import (
	"errors"
	"strconv"
)

// Settings are everything that changes what a frame shows: the command line's options and
// the interactive keys' effects (one method per key, so the interactive screen stays thin).
type Settings struct {
	SortField  int  // index into fieldNames
	SortHigh   bool // high to low (the original's Qsrt_NORMAL; on by default)
	Cmdline    bool // COMMAND shows the command line (c)
	Threads    bool // one row per thread (H)
	ShowIdle   bool // show tasks that used no CPU since the last frame (i toggles)
	CPUSummary bool // one %Cpu(s) line; false: one line per CPU (1)
	Cumulative bool // TIME+ includes dead children (S)
	Secure     bool // -s
	Irix       bool // %CPU per one CPU (capped at 100*N): the default
	MaxTasks   int  // 0: all (n / #)
	Delay      float32
	SummScale  int // 0 KiB .. 5 EiB (E); default 1 (MiB)
	TaskScale  int // 0 KiB .. 4 PiB (e); default 0
	DoubleUp   int // summary lines joined two to a line (the original's default, shown with -1)
	GraphCPU   int // 0 numbers, 1 and 2 bars (t); 3 hides the CPU lines
	GraphMem   int // 0 numbers, 1 and 2 bars (m); 3 hides the memory lines
	ShowLoad   bool
	ShowStates bool // Tasks and %Cpu lines (t cycles through hiding them)
	ShowMemory bool
	Color      bool   // z (no effect in batch)
	UserType   byte   // 0, 'u' (effective uid) or 'U' (any uid)
	UserMatch  bool   // true: show the user's tasks; false (a '!' prefix): all others
	UserUID    uint32 // the uid filtered
	PIDs       []int  // -p: only these processes (nil: all)
	Fields     []int  // the columns shown
	FieldOrder []int  // every field in the f screen's order (nil: the default order)

	// Colours (Z, colors.go): of the summary, messages, column header and tasks (0-7);
	// bold off everywhere (B); running tasks in reverse video rather than bold (b).
	SummClr, MsgsClr, HeadClr, TaskClr int
	NoBold, NoHiBold                   bool
	NoHiRows                           bool // y: running tasks not highlighted
	HiCols                             bool // x: the sort column highlighted

	running   []bool        // the last frame's task rows: running ('R') or not (for the highlight)
	sortCells [][2]int      // the last frame's task rows: the sort column's bytes (x; {0,0}: none)
	rowLens   []int         // the last frame's task rows: their length before the trailing blanks went
	FindStr   string        // L's string (its matches are highlighted; & looks for the next)
	Filters   []otherFilter // o/O's filters, the newest first (filters.go)
	Forest    bool          // V: the tasks as a forest (forest.go)
	HidePIDs  []int         // v: parents collapsed (> 0) or expanded again (< 0), top's Hide_pid
	WidthMode int           // -w: 0 none, -1 (no value), or the columns asked for
	UTF8      bool          // the locale's character set is UTF-8 (command name escaping)
	rc        *rcState      // the rc file read at the start (rc.go; nil: none was read)
	prog      string        // the program's name (the rc file's name and first line)

	// Scrolling (scroll.go; interactive only): the first task shown (an index into the
	// sorted tasks), the rows a key asked it to move by (settled at the next frame), the
	// first field shown and the characters skipped in COMMAND.
	BegTask, BegNext, BegPflg, VarColBeg int
}

// DefaultSettings are Debian's original defaults with no rc file.
func DefaultSettings() *Settings {
	return &Settings{
		SortField: fCPU, SortHigh: true, ShowIdle: true, CPUSummary: true, Irix: true,
		Delay: 3.0, SummScale: 1, TaskScale: 0, DoubleUp: 1,
		ShowLoad: true, ShowStates: true, ShowMemory: true,
		Fields: append([]int(nil), defaultFields...), UTF8: utf8Locale(),
		SummClr: 1, MsgsClr: 1, HeadClr: 3, TaskClr: 1,
	}
}

// Finish applies what the original does once the options are read (wins_stage_2): the
// summary lines are joined in pairs only in per-CPU mode.
func (s *Settings) Finish() {
	if s.CPUSummary {
		s.DoubleUp = 0
	}
}

// SortBy makes field f the sort key (P %CPU, M %MEM, T TIME+, N PID).
func (s *Settings) SortBy(f int) { s.SortField, s.Forest = f, false }

// KeyP sorts by %CPU.
func (s *Settings) KeyP() { s.SortBy(fCPU) }

// KeyM sorts by %MEM.
func (s *Settings) KeyM() { s.SortBy(fMEM) }

// KeyT sorts by TIME+.
func (s *Settings) KeyT() { s.SortBy(fTIME2) }

// KeyN sorts by PID.
func (s *Settings) KeyN() { s.SortBy(fPID) }

// KeyR reverses the sort order.
func (s *Settings) KeyR() { s.SortHigh, s.Forest = !s.SortHigh, false }

// KeyLess moves the sort key one shown column left (<); KeyMore one right (>).
func (s *Settings) KeyLess() { s.moveSort(-1) }

// KeyMore moves the sort key one shown column right.
func (s *Settings) KeyMore() { s.moveSort(+1) }

func (s *Settings) moveSort(d int) {
	for i, f := range s.Fields {
		if f == s.SortField {
			if j := i + d; j >= 0 && j < len(s.Fields) {
				s.SortField, s.Forest = s.Fields[j], false
			}
			return
		}
	}
}

// Keyc toggles command line / command name.
func (s *Settings) Keyc() { s.Cmdline = !s.Cmdline }

// KeyH toggles threads mode.
func (s *Settings) KeyH() { s.Threads = !s.Threads }

// Keyi toggles idle tasks (the interactive i keeps the n limit; the command line's -i resets it).
func (s *Settings) Keyi() { s.ShowIdle = !s.ShowIdle }

// Key1 toggles one %Cpu(s) line / one line per CPU.
func (s *Settings) Key1() {
	s.CPUSummary = !s.CPUSummary
	s.ShowStates = true
}

// KeyS toggles cumulative time.
func (s *Settings) KeyS() { s.Cumulative = !s.Cumulative }

// Keyz toggles colours; KeyZ would open the colour map (colours are always off here).
func (s *Settings) Keyz() { s.Color = !s.Color }

// Keyt cycles the CPU lines: numbers, two bar styles, hidden.
func (s *Settings) Keyt() {
	if !s.ShowStates {
		s.ShowStates = true
		s.GraphCPU = 0
		return
	}
	s.GraphCPU++
	if s.GraphCPU > 2 {
		s.GraphCPU = 0
		s.ShowStates = false
	}
}

// Keym cycles the memory lines: numbers, two bar styles, hidden.
func (s *Settings) Keym() {
	if !s.ShowMemory {
		s.ShowMemory = true
		s.GraphMem = 0
		return
	}
	s.GraphMem++
	if s.GraphMem > 2 {
		s.GraphMem = 0
		s.ShowMemory = false
	}
}

// KeyE cycles the summary memory unit (KiB .. EiB); Keye the task memory unit (KiB .. PiB).
func (s *Settings) KeyE() { s.SummScale = (s.SummScale + 1) % 6 }

// Keye cycles the task memory unit.
func (s *Settings) Keye() { s.TaskScale = (s.TaskScale + 1) % 5 }

// Errors of the prompted keys, in the original's words.
var (
	errBadInteger = errors.New("Unacceptable integer")
	errBadMax     = errors.New("Invalid maximum")
	errBadFloat   = errors.New("Unacceptable floating point")
	errSecure     = errors.New("Unavailable in secure mode")
	errBadUser    = errors.New("Invalid user")
)

// MaxTasksPrompt, DelayPrompt and UserPrompt are the original's prompts of n/#, d/s and u/U.
func (s *Settings) MaxTasksPrompt() string {
	return "Maximum tasks = " + strconv.Itoa(s.MaxTasks) + ", change to (0 is unlimited)"
}

// DelayPrompt is the prompt of d and s.
func (s *Settings) DelayPrompt() string {
	return "Change delay from " + strconv.FormatFloat(float64(s.Delay), 'f', 1, 64) + " to"
}

// UserPrompt is the prompt of u and U.
func (s *Settings) UserPrompt() string { return "Which user (blank for all)" }

// Keyn sets the number of tasks shown (n, #) from the prompt's answer (empty: unchanged;
// 0: all).
func (s *Settings) Keyn(answer string) error {
	if answer == "" {
		return nil
	}
	f, ok := parseWhole(answer)
	if !ok {
		return errBadInteger
	}
	if f < 0 {
		return errBadMax
	}
	s.MaxTasks = int(f)
	return nil
}

// Keyd sets the delay (d, s) from the prompt's answer (empty: unchanged).
func (s *Settings) Keyd(answer string) error {
	if s.Secure {
		return errSecure
	}
	if answer == "" {
		return nil
	}
	f, ok := parseFloat(answer)
	if !ok || f < 0 {
		return errBadFloat
	}
	s.Delay = f
	return nil
}

// Keyu filters by effective user (u) or any user (U) from the prompt's answer: a name or a
// uid, '!' in front for everyone else, empty for no filter. lookup finds a name's uid.
func (s *Settings) Keyu(typ byte, answer string, lookup func(string) (uint32, bool)) error {
	s.UserType, s.UserMatch, s.PIDs = 0, true, nil
	if answer == "" {
		return nil
	}
	if answer[0] == '!' {
		answer = answer[1:]
		s.UserMatch = false
	}
	if uid, ok := parseUID(answer); ok {
		s.UserUID, s.UserType = uid, typ
		return nil
	}
	uid, ok := lookup(answer)
	if !ok {
		return errBadUser
	}
	s.UserUID, s.UserType = uid, typ
	return nil
}

// KeyW would write the rc file; this top reads none, so it does nothing.
func (s *Settings) KeyW() error { return errors.New("configuration files are not supported") }

// userSelected is the original's wins_usrselect.
func (s *Settings) userSelected(ruid, euid, suid, fuid uint32) bool {
	switch s.UserType {
	case 0:
		return true
	case 'U':
		if ruid == s.UserUID || suid == s.UserUID || fuid == s.UserUID {
			return s.UserMatch
		}
		fallthrough
	case 'u':
		if euid == s.UserUID {
			return s.UserMatch
		}
	}
	return !s.UserMatch
}

// Key applies an interactive key that needs no answer and reports whether it was one. For
// the keys that prompt (n # d s u U) it returns the prompt instead (answered through Answer);
// an unknown key returns "" and false.
func (s *Settings) Key(k byte) (prompt string, handled bool) {
	switch k {
	case 'P':
		s.KeyP()
	case 'M':
		s.KeyM()
	case 'T':
		s.KeyT()
	case 'N':
		s.KeyN()
	case 'R':
		s.KeyR()
	case '<':
		s.KeyLess()
	case '>':
		s.KeyMore()
	case 'c':
		s.Keyc()
	case 'H':
		s.KeyH()
	case 'i':
		s.Keyi()
	case '1':
		s.Key1()
	case 'S':
		s.KeyS()
	case 'E':
		s.KeyE()
	case 'e':
		s.Keye()
	case 'm':
		s.Keym()
	case 't':
		s.Keyt()
	case 'z', 'Z':
		s.Keyz()
	case 'W':
		s.KeyW()
	case 'n', '#':
		return s.MaxTasksPrompt(), true
	case 'd', 's':
		if s.Secure {
			return "", true // Answer reports the refusal
		}
		return s.DelayPrompt(), true
	case 'u', 'U':
		return s.UserPrompt(), true
	default:
		return "", false
	}
	return "", true
}

// Answer applies the answer to the prompt of key k (n # d s u U); the error is the message
// the original shows.
func (s *Settings) Answer(k byte, answer string, lookup func(string) (uint32, bool)) error {
	switch k {
	case 'n', '#':
		return s.Keyn(answer)
	case 'd', 's':
		return s.Keyd(answer)
	case 'u', 'U':
		return s.Keyu(k, answer, lookup)
	}
	return nil
}
