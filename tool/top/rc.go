package top

import (
	"fmt"
	"os"
	"os/user"
	"strconv"
	"strings"
)

// The rc file of procps-ng 4.0.2's top (docs/top.md "The rc file"): read at the start, written
// by W, in top's own format so that this top and the original share one file.

// Window flags (the original's winflags bits).
const (
	wfQsrtNormal = 0x000004 // R: high to low
	wfForest     = 0x000002 // V
	wfTaskOn     = 0x000010
	wfIdle       = 0x000020 // i
	wfCTimes     = 0x000040 // S
	wfCmdline    = 0x000080 // c
	wfHiRows     = 0x000100 // y
	wfHiCols     = 0x000200 // x
	wfHiBold     = 0x000400 // b
	wfColors     = 0x000800 // z
	wfNoBold     = 0x000008 // B
	wfMemory     = 0x001000 // m
	wfStates     = 0x002000 // t
	wfLoadAv     = 0x004000 // l
	wfCPUSum     = 0x008000 // 1

	// the bits this top sets from its Settings (the others are kept as read)
	wfMapped = wfQsrtNormal | wfForest | wfIdle | wfCTimes | wfCmdline | wfHiRows | wfHiCols |
		wfHiBold | wfColors | wfNoBold | wfMemory | wfStates | wfLoadAv | wfCPUSum
)

const (
	rcFldOffset  = '%' // a fieldscur value is (field + '%') << 1 | visible
	rcVersion    = 'k'
	rcEyecatcher = "Config File (Linux processes with windows)\n"
	rcFieldRow   = 20 // fieldscur values per line
	rcMaxFields  = 100
	rcLineMax    = 512 - 1 // fgets of the first line
	rcFormerLen  = 86      // the fields read from an older version's string
)

// rcWindow is one of the four windows' blocks.
type rcWindow struct {
	Name                               string
	FieldsCur                          []int
	WinFlags, SortIndx, MaxTasks       int
	GraphCPUs, GraphMems, DoubleUp     int
	CombineCPUs, CoreTypes             int
	SummClr, MsgsClr, HeadClr, TaskClr int
}

// RCFile is a parsed rc file.
type RCFile struct {
	ID                     byte
	ModeAltscr, ModeIrixps int
	Delay                  float32
	Curwin                 int
	Win                    [4]rcWindow
	FixedWidest            int
	SummMscale, TaskMscale int
	ZeroSuppress           int
	TicsScaled             int
	Tail                   string // the other-filter and Inspect entries, verbatim (written after a blank line)
}

// the four windows' fieldscur as Debian's top 4.0.2 has them without an rc file
func rcDefaultFields(win int) []int {
	heads := [][]int{
		{75, 81, 103, 105, 119, 123, 129, 137, 111, 117, 115, 139, 76, 78, 82, 84, 86, 88, 90, 92,
			94, 96, 98, 100, 106, 108, 112, 120, 124, 126, 130, 132, 134, 140},
		{75, 77, 115, 111, 117, 80, 103, 105, 137, 119, 123, 128, 120, 79, 139, 82, 84, 86, 88, 90,
			92, 94, 96, 98, 100, 106, 108, 112, 124, 126, 130, 132, 134, 140},
		{75, 117, 119, 120, 123, 125, 127, 129, 131, 154, 132, 156, 135, 136, 102, 104, 111, 139, 76, 78,
			80, 82, 84, 86, 88, 90, 92, 94, 96, 98, 100, 106, 108, 112, 114, 140, 142, 144, 146, 148,
			150, 152, 158},
		{75, 77, 79, 81, 85, 97, 115, 111, 117, 137, 139, 82, 86, 88, 90, 92, 94, 98, 100, 102,
			104, 106, 108, 112, 118, 120, 122, 124, 126, 128, 130, 132, 134, 140},
	}
	v := append([]int(nil), heads[win]...)
	for n := v[len(v)-1] + 2; len(v) < rcMaxFields; n += 2 {
		v = append(v, n)
	}
	return v
}

// DefaultRC is the rc file the original writes when it read none.
func DefaultRC() *RCFile {
	r := &RCFile{ID: rcVersion, ModeIrixps: 1, Delay: 3.0, SummMscale: 1}
	names := []string{"Def", "Job", "Mem", "Usr"}
	sorts := []int{fCPU, fPID, fMEM, fUSER}
	clrs := [][4]int{{1, 1, 3, 1}, {6, 6, 7, 6}, {5, 5, 4, 5}, {3, 3, 2, 3}}
	for i := range r.Win {
		r.Win[i] = rcWindow{Name: names[i], FieldsCur: rcDefaultFields(i), WinFlags: 193844,
			SortIndx: sorts[i], SummClr: clrs[i][0], MsgsClr: clrs[i][1], HeadClr: clrs[i][2], TaskClr: clrs[i][3]}
	}
	r.Win[0].DoubleUp = 1 // zeroed at the start while one %Cpu(s) line is shown
	return r
}

// scanner reads as the original's fscanf does: a blank in the format skips any blanks, %d
// skips blanks first, other characters must match.
type scanner struct {
	b   []byte
	pos int
}

func rcSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func (s *scanner) skipSpace() {
	for s.pos < len(s.b) && rcSpace(s.b[s.pos]) {
		s.pos++
	}
}

// lit matches a format's literal text.
func (s *scanner) lit(f string) bool {
	for i := 0; i < len(f); i++ {
		if rcSpace(f[i]) {
			s.skipSpace()
			continue
		}
		if s.pos >= len(s.b) || s.b[s.pos] != f[i] {
			return false
		}
		s.pos++
	}
	return true
}

// int is %d.
func (s *scanner) int() (int, bool) {
	s.skipSpace()
	st := s.pos
	if s.pos < len(s.b) && (s.b[s.pos] == '-' || s.b[s.pos] == '+') {
		s.pos++
	}
	d := s.pos
	for s.pos < len(s.b) && s.b[s.pos] >= '0' && s.b[s.pos] <= '9' {
		s.pos++
	}
	if s.pos == d {
		s.pos = st
		return 0, false
	}
	v, err := strconv.ParseInt(string(s.b[st:s.pos]), 10, 32)
	if err != nil {
		return 0, false
	}
	return int(v), true
}

// word is %Ns (max > 0) or %s.
func (s *scanner) word(max int) (string, bool) {
	s.skipSpace()
	st := s.pos
	for s.pos < len(s.b) && !rcSpace(s.b[s.pos]) && (max <= 0 || s.pos-st < max) {
		s.pos++
	}
	return string(s.b[st:s.pos]), s.pos > st
}

// ints reads "lit%d lit%d ..." and returns how many were read (fscanf's count).
func (s *scanner) ints(lits []string, dst ...*int) int {
	for i, l := range lits {
		if !s.lit(l) {
			return i
		}
		v, ok := s.int()
		if !ok {
			return i
		}
		*dst[i] = v
	}
	return len(lits)
}

// ParseRC reads an rc file as top 4.0.2's configs_file does; the error is the original's
// message for name.
func ParseRC(b []byte, name string) (*RCFile, error) {
	r := DefaultRC()
	badFile := fmt.Errorf("incompatible rcfile, you should delete '%s'", name)
	s := &scanner{b: b}
	// the first line (the eyecatcher) is skipped
	for n := 0; s.pos < len(b) && n < rcLineMax; n++ {
		s.pos++
		if b[s.pos-1] == '\n' {
			break
		}
	}
	if !s.lit("Id:") || s.pos >= len(b) {
		return nil, badFile
	}
	r.ID = b[s.pos]
	s.pos++
	var whole, fract, cur int
	if s.ints([]string{", Mode_altscr=", ", Mode_irixps=", ", Delay_time=", ".", ", Curwin="},
		&r.ModeAltscr, &r.ModeIrixps, &whole, &fract, &cur) != 5 {
		return nil, badFile
	}
	s.lit("\n")
	if r.ID < 'a' || r.ID > rcVersion || strings.IndexByte("bcde", r.ID) >= 0 || r.ID == 'a' ||
		r.ModeAltscr < 0 || r.ModeAltscr > 1 || r.ModeIrixps < 0 || r.ModeIrixps > 1 ||
		whole < 0 || cur < 0 || cur >= len(r.Win) {
		return nil, badFile
	}
	r.Curwin = cur
	r.Delay = float32(whole) + float32(fract)/1000
	for i := range r.Win {
		w := &r.Win[i]
		bad := fmt.Errorf("window entry #%d corrupt, please delete '%s'", i+1, name)
		nm, ok := s.word(3)
		if !ok || !s.lit("\tfieldscur=") {
			return nil, bad
		}
		w.Name = nm
		var former string
		if r.ID < rcVersion {
			former, _ = s.word(0)
			s.lit("\n")
			w.FieldsCur = nil
		} else {
			w.FieldsCur = w.FieldsCur[:0]
			for {
				v, ok := s.int()
				if !ok {
					break
				}
				if len(w.FieldsCur) == rcMaxFields {
					return nil, bad
				}
				w.FieldsCur = append(w.FieldsCur, v)
			}
		}
		if s.ints([]string{"\twinflags=", ", sortindx=", ", maxtasks=", ", graph_cpus=", ", graph_mems=",
			", double_up=", ", combine_cpus=", ", core_types="},
			&w.WinFlags, &w.SortIndx, &w.MaxTasks, &w.GraphCPUs, &w.GraphMems,
			&w.DoubleUp, &w.CombineCPUs, &w.CoreTypes) < 3 {
			return nil, bad
		}
		s.lit("\n")
		if w.SortIndx < 0 || w.SortIndx >= len(fieldNames) || w.MaxTasks < 0 ||
			w.GraphCPUs < 0 || w.GraphCPUs > 2 || w.GraphMems < 0 || w.GraphMems > 2 ||
			w.DoubleUp < 0 || w.DoubleUp >= 8 || w.CombineCPUs < 0 || w.CoreTypes < 0 || w.CoreTypes > 3 {
			return nil, bad
		}
		if s.ints([]string{"\tsummclr=", ", msgsclr=", ", headclr=", ", taskclr="},
			&w.SummClr, &w.MsgsClr, &w.HeadClr, &w.TaskClr) != 4 {
			return nil, bad
		}
		s.lit("\n")
		for _, c := range []int{w.SummClr, w.MsgsClr, w.HeadClr, w.TaskClr} {
			if c < 0 || c > 255 {
				return nil, bad
			}
		}
		switch r.ID { // the older versions, converted as the original does
		case 'f':
			w.WinFlags |= 0x020000 // right-justified numbers
			fallthrough
		case 'g':
			former += "\\]^_`abcdefghij"
			fallthrough
		case 'h':
			w.GraphCPUs, w.GraphMems = 0, 0
			r.SummMscale, r.TaskMscale = 0, 0
			fallthrough
		case 'i':
			former += "klmnopqrstuvwxyz"
			w.DoubleUp, w.CombineCPUs = 0, 0
			fallthrough
		case 'j':
			// the first 86 values (the length of top's own former strings) come from the
			// file's string, ended by a 0 where it is shorter; the others stay
			w.FieldsCur = rcDefaultFields(i)
			for x := 0; x < rcFormerLen; x++ {
				if x >= len(former) {
					w.FieldsCur[x] = 0
					break
				}
				c := former[x]
				v := int(c&0x7f) << 1
				if c&0x80 != 0 {
					v |= 1
				}
				w.FieldsCur[x] = v
			}
			r.TicsScaled = 0
		}
		n := 0
		for n < len(w.FieldsCur) && w.FieldsCur[n] != 0 {
			n++
		}
		if n < len(fieldNames) {
			return nil, bad
		}
		for x := 0; x < len(fieldNames); x++ {
			if f := w.FieldsCur[x]>>1 - rcFldOffset; f < 0 || f >= len(fieldNames) {
				return nil, bad
			}
			for y := 0; y < x; y++ {
				if w.FieldsCur[y] == w.FieldsCur[x] {
					return nil, bad
				}
			}
		}
	}
	s.ints([]string{"Fixed_widest=", ", Summ_mscale=", ", Task_mscale=", ", Zero_suppress=", ", Tics_scaled="},
		&r.FixedWidest, &r.SummMscale, &r.TaskMscale, &r.ZeroSuppress, &r.TicsScaled)
	s.lit("\n") // (blank lines too, as fscanf's \n)
	if r.FixedWidest < -1 || r.FixedWidest > 512 {
		r.FixedWidest = 0
	}
	if r.SummMscale < 0 || r.SummMscale > 5 {
		r.SummMscale = 0
	}
	if r.TaskMscale < 0 || r.TaskMscale > 4 {
		r.TaskMscale = 0
	}
	if r.ZeroSuppress < 0 || r.ZeroSuppress > 1 {
		r.ZeroSuppress = 0
	}
	if r.TicsScaled < 0 || r.TicsScaled > 6 {
		r.TicsScaled = 0
	}
	r.Tail = string(b[s.pos:])
	return r, nil
}

// Apply sets s from the rc file's global settings and its current window.
func (r *RCFile) Apply(s *Settings) {
	w := &r.Win[r.Curwin]
	fl := func(bit int) bool { return w.WinFlags&bit != 0 }
	s.Irix = r.ModeIrixps == 1
	s.Delay = r.Delay
	s.SummScale, s.TaskScale = r.SummMscale, r.TaskMscale
	s.SortField, s.MaxTasks = w.SortIndx, w.MaxTasks
	s.SortHigh, s.Forest, s.ShowIdle = fl(wfQsrtNormal), fl(wfForest), fl(wfIdle)
	s.Cumulative, s.Cmdline = fl(wfCTimes), fl(wfCmdline)
	s.NoHiRows, s.HiCols, s.NoHiBold = !fl(wfHiRows), fl(wfHiCols), !fl(wfHiBold)
	s.Color, s.NoBold = fl(wfColors), fl(wfNoBold)
	s.ShowMemory, s.ShowStates, s.ShowLoad, s.CPUSummary = fl(wfMemory), fl(wfStates), fl(wfLoadAv), fl(wfCPUSum)
	s.GraphCPU, s.GraphMem, s.DoubleUp = w.GraphCPUs, w.GraphMems, w.DoubleUp
	s.SummClr, s.MsgsClr, s.HeadClr, s.TaskClr = w.SummClr, w.MsgsClr, w.HeadClr, w.TaskClr
	order := make([]int, 0, len(fieldNames))
	var shown []int
	for _, v := range w.FieldsCur[:len(fieldNames)] {
		f := v>>1 - rcFldOffset
		order = append(order, f)
		if v&1 != 0 {
			shown = append(shown, f)
		}
	}
	s.FieldOrder, s.Fields = order, shown
}

// Text is the file W writes: r's windows and globals with s in the current window.
func (r *RCFile) Text(prog string, s *Settings) string {
	w := r.Win[r.Curwin]
	set := func(bit int, on bool) {
		if on {
			w.WinFlags |= bit
		} else {
			w.WinFlags &^= bit
		}
	}
	set(wfQsrtNormal, s.SortHigh)
	set(wfForest, s.Forest)
	set(wfIdle, s.ShowIdle)
	set(wfCTimes, s.Cumulative)
	set(wfCmdline, s.Cmdline)
	set(wfHiRows, !s.NoHiRows)
	set(wfHiCols, s.HiCols)
	set(wfHiBold, !s.NoHiBold)
	set(wfColors, s.Color)
	set(wfNoBold, s.NoBold)
	set(wfMemory, s.ShowMemory)
	set(wfStates, s.ShowStates)
	set(wfLoadAv, s.ShowLoad)
	set(wfCPUSum, s.CPUSummary)
	w.SortIndx, w.MaxTasks = s.SortField, s.MaxTasks
	w.GraphCPUs, w.GraphMems, w.DoubleUp = s.GraphCPU, s.GraphMem, s.DoubleUp
	w.SummClr, w.MsgsClr, w.HeadClr, w.TaskClr = s.SummClr, s.MsgsClr, s.HeadClr, s.TaskClr
	fc := append([]int(nil), w.FieldsCur...)
	for i, f := range s.fieldOrder() {
		v := (f + rcFldOffset) << 1
		if s.fieldShown(f) {
			v |= 1
		}
		fc[i] = v
	}
	w.FieldsCur = fc
	wins := r.Win
	wins[r.Curwin] = w

	irix := 0
	if s.Irix {
		irix = 1
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s's %s", prog, rcEyecatcher)
	fmt.Fprintf(&b, "Id:%c, Mode_altscr=%d, Mode_irixps=%d, Delay_time=%d.%d, Curwin=%d\n",
		rcVersion, r.ModeAltscr, irix, int(s.Delay), int((s.Delay-float32(int(s.Delay)))*1000), r.Curwin)
	for _, w := range wins {
		fmt.Fprintf(&b, "%s\tfieldscur=", w.Name)
		n := 0
		for n < len(w.FieldsCur) && w.FieldsCur[n] != 0 {
			n++
		}
		for j := 0; j < n; j++ {
			if j > 0 && j%rcFieldRow == 0 {
				b.WriteString("\n\t\t  ")
			}
			fmt.Fprintf(&b, "%4d ", w.FieldsCur[j])
		}
		b.WriteString("\n")
		fmt.Fprintf(&b, "\twinflags=%d, sortindx=%d, maxtasks=%d, graph_cpus=%d, graph_mems=%d, double_up=%d, combine_cpus=%d, core_types=%d\n",
			w.WinFlags, w.SortIndx, w.MaxTasks, w.GraphCPUs, w.GraphMems, w.DoubleUp, w.CombineCPUs, w.CoreTypes)
		fmt.Fprintf(&b, "\tsummclr=%d, msgsclr=%d, headclr=%d, taskclr=%d\n", w.SummClr, w.MsgsClr, w.HeadClr, w.TaskClr)
	}
	fmt.Fprintf(&b, "Fixed_widest=%d, Summ_mscale=%d, Task_mscale=%d, Zero_suppress=%d, Tics_scaled=%d\n",
		r.FixedWidest, s.SummScale, s.TaskScale, r.ZeroSuppress, r.TicsScaled)
	if r.Tail != "" {
		b.WriteString("\n")
		b.WriteString(r.Tail)
	}
	return b.String()
}

// rcHome is $HOME when absolute, else the user's home directory from the password file.
func rcHome() string {
	if h := os.Getenv("HOME"); strings.HasPrefix(h, "/") {
		return h
	}
	if u, err := user.LookupId(strconv.Itoa(os.Getuid())); err == nil && strings.HasPrefix(u.HomeDir, "/") {
		return u.HomeDir
	}
	return ""
}

// rcState is what reading the rc files left: the file (parsed or the defaults), the path W
// writes ("" when none could be made) and the secure mode.
type rcState struct {
	file   *RCFile
	path   string
	secure bool
}

// readRC reads the rc files in the original's order: /etc/toprc (secure mode and its
// delay), then ~/.<prog>rc, else $XDG_CONFIG_HOME (or ~/.config) /procps/<prog>rc (whose
// directories it makes, as top does), else /etc/topdefaultrc. A bad file is an error
// with the original's message.
func readRC(prog string, s *Settings) (*rcState, error) {
	st := &rcState{file: DefaultRC()}
	sysDelay := float32(-1)
	if b, err := os.ReadFile("/etc/toprc"); err == nil && len(b) > 0 {
		st.secure = true
		if _, rest, ok := strings.Cut(string(b), "\n"); ok && rest != "" {
			line, _, _ := strings.Cut(rest, "\n")
			if v, err := strconv.ParseFloat(strings.Fields(line + " x")[0], 32); err == nil {
				sysDelay = float32(v)
			}
		}
	}
	var data []byte
	var err error
	home := rcHome()
	if home != "" {
		st.path = home + "/." + prog + "rc"
		data, err = os.ReadFile(st.path)
	}
	if home == "" || err != nil {
		data, err = nil, os.ErrNotExist
		st.path = ""
		p := os.Getenv("XDG_CONFIG_HOME")
		if !strings.HasPrefix(p, "/") {
			p = ""
			if home != "" {
				p = home + "/.config"
				os.Mkdir(p, 0o700)
			}
		}
		if p != "" {
			os.Mkdir(p+"/procps", 0o700)
			st.path = p + "/procps/" + prog + "rc"
			data, err = os.ReadFile(st.path)
		}
	}
	name := st.path
	if err != nil {
		name = "/etc/topdefaultrc"
		data, err = os.ReadFile(name)
	}
	if err == nil {
		f, perr := ParseRC(data, name)
		if perr != nil {
			return st, perr
		}
		st.file = f
	}
	if os.Getuid() == 0 {
		st.secure = false
	}
	st.file.Apply(s)
	if st.secure {
		s.Delay = 3.0
		if sysDelay >= 0 {
			s.Delay = sysDelay
		}
	}
	s.Secure = st.secure
	return st, nil
}
