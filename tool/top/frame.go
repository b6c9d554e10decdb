package top

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/tool/free"
	"github.com/cgprocps/cgprocps/tool/uptime"
)

// CPUTicks are the ten counters of a /proc/stat cpu line: user nice system idle iowait irq
// softirq steal guest guest_nice.
type CPUTicks [10]uint64

// Snapshot is everything one frame shows, read at one moment.
type Snapshot struct {
	Now      time.Time // wall clock (its location gives the local time)
	Uptime   float64   // seconds, as strtod reads /proc/uptime
	Users    int       // utmp logins
	Load     [3]float64
	CPU      CPUTicks   // the cpu line of the (rendered) /proc/stat
	PerCPU   []CPUTicks // cpu0.. lines
	Mem      free.Values
	Tasks    []cgview.TaskInfo
	PIDWidth int // digits of pid_max, at least 5
	// Container: the CPU lines are the container's rendered ones (cpuDeltas).
	Container bool
}

// Render builds one batch frame: the summary lines, the empty line, the column header and
// the task rows, every line ending in '\n' except the last row (the original prints a
// row's newline before it). prev is the frame before (nil: none); its CPU counters and task
// ticks give the rates. width is the screen width; height limits the rows (0: no limit).
func Render(cur, prev *Snapshot, s *Settings, width, height int) []byte {
	var sum []string // summary lines (before cutting to width)
	if s.ShowLoad {
		sum = append(sum, "top -"+uptime.FormatDefault(cur.Now, cur.Uptime, cur.Users, cur.Load))
	}
	var lines []summaryLine
	if s.ShowStates {
		lines = append(lines, summaryLine{text: tasksLine(cur.Tasks, s), nobuf: true})
		lines = append(lines, cpuLines(cur, prev, s, width)...)
	}
	if s.ShowMemory {
		lines = append(lines, memLines(cur, s, width)...)
	}
	sum = append(sum, joinSummary(lines, s.DoubleUp)...)

	b := make([]byte, 0, 4096)
	for _, l := range sum {
		if len(l) > width {
			l = l[:width]
		}
		b = append(b, l...)
		b = append(b, '\n')
	}
	b = appendTaskArea(b, cur, prev, s, width, height, len(sum))
	return b
}

// summaryLine is one line of the Tasks/%Cpu/Mem group; nobuf false lets it be joined with
// the next when lines are doubled up.
type summaryLine struct {
	text  string
	nobuf bool
}

// joinSummary joins lines two by two as the original's sum_see does when doubleUp is set.
func joinSummary(lines []summaryLine, doubleUp int) []string {
	var out []string
	row := ""
	tog := 0
	for _, l := range lines {
		row += l.text
		if doubleUp > 0 && !l.nobuf {
			tog++
			if tog <= doubleUp {
				row += "  "
				continue
			}
		}
		out = append(out, row)
		row, tog = "", 0
	}
	if row != "" {
		out = append(out, row)
	}
	return out
}

// tasksLine is "Tasks: N total, ..." over the tasks shown (every one, before the filters of
// the task area).
func tasksLine(tasks []cgview.TaskInfo, s *Settings) string {
	var run, sleep, stop, zombie int
	for i := range tasks {
		switch tasks[i].State {
		case 'R':
			run++
		case 'T', 't':
			stop++
		case 'Z':
			zombie++
		default:
			sleep++
		}
	}
	label := "Tasks"
	if s.Threads {
		label = "Threads"
	}
	p3 := func(n int) string { return pad(strconv.Itoa(n), 3) }
	return label + ": " + p3(len(tasks)) + " total, " + p3(run) + " running, " + p3(sleep) +
		" sleeping, " + p3(stop) + " stopped, " + p3(zombie) + " zombie"
}

func pad(s string, w int) string {
	if len(s) >= w {
		return s
	}
	return strings.Repeat(" ", w-len(s)) + s
}

// cpuLines are the %Cpu(s) line or one line per CPU.
func cpuLines(cur, prev *Snapshot, s *Settings, width int) []summaryLine {
	g := graphLengths(s, width)
	if s.CPUSummary {
		var p *CPUTicks
		if prev != nil {
			p = &prev.CPU
		}
		return []summaryLine{{text: cpuStates("%Cpu(s):", &cur.CPU, p, s.GraphCPU, g.cpu, cur.Container), nobuf: true}}
	}
	var out []summaryLine
	for i := range cur.PerCPU {
		var p *CPUTicks
		if prev != nil && i < len(prev.PerCPU) {
			p = &prev.PerCPU[i]
		}
		pfx := "%Cpu" + strconv.Itoa(i)
		for len(pfx) < 7 {
			pfx += " "
		}
		out = append(out, summaryLine{text: cpuStates(pfx+":", &cur.PerCPU[i], p, s.GraphCPU, g.cpu, cur.Container), nobuf: i+1 >= len(cur.PerCPU)})
	}
	return out
}

// cpuDeltas are the changes of the ten counters as procps's stat library gives them: when a
// derived sum (user+nice, system+irq+softirq, idle+iowait, busy, total) went backwards, the
// old counters are forgotten (all deltas 0); each delta is at least 0.
//
// With idleMayStepBack (container mode) a container's idle, which is capacity × uptime − busy
// and not a kernel counter, may step back by a few ticks when the container bursts above its
// quota within a CFS period or when its usage and the uptime were read moments apart: that
// interval counts as no idle (busy against capacity, docs/semantics.md), where procps would throw
// the interval away and show 100 % idle for a saturated container. Busy counters going
// backwards (a recreated cgroup) still reset.
func cpuDeltas(cur, prev *CPUTicks, idleMayStepBack bool) [10]int64 {
	var d [10]int64
	if prev == nil {
		prev = &CPUTicks{}
	}
	sums := func(t *CPUTicks) [5]uint64 {
		usr, sys, idl := t[0]+t[1], t[2]+t[5]+t[6], t[3]+t[4]
		tot := usr + sys + idl + t[7] + t[8] + t[9]
		return [5]uint64{usr, sys, idl, tot - idl, tot}
	}
	n, o := sums(cur), sums(prev)
	for i := range n {
		if idleMayStepBack && (i == 2 || i == 4) {
			continue // idle, and the total that holds it
		}
		if n[i] < o[i] {
			return d
		}
	}
	for i := range d {
		if x := int64(cur[i] - prev[i]); x > 0 {
			d[i] = x
		}
	}
	return d
}

// cpuStates is one CPU line over the counters' change since prev (since zero without one):
// the percentages, or with graph 1 or 2 the user/system figures and a bar.
func cpuStates(pfx string, cur, prev *CPUTicks, graph, length int, container bool) string {
	d := cpuDeltas(cur, prev, container)
	usr, sys, idl := d[0]+d[1], d[2]+d[5]+d[6], d[3]+d[4]
	tot := usr + sys + idl + d[7] + d[8] + d[9]
	idle := d[3]
	if tot < 1 {
		idle, tot = 1, 1
	}
	if graph > 0 {
		rx := sumRx(tot, usr, sys, graph, length)
		return pfx + " " + pad(cfmt(float64(rx.one), 1), 5) + "/" + padRight(cfmt(float64(rx.two), 1), 5) +
			" " + pad(cfmt(float64(rx.tot), 0), 3) + rx.graph
	}
	scale := float32(100.0 / float64(float32(tot)))
	v := func(x int64) string { return pad(cfmt(float64(float32(x)*scale), 1), 5) }
	return pfx + v(d[0]) + " us," + v(d[2]) + " sy," + v(d[1]) + " ni," + v(idle) + " id," +
		v(d[4]) + " wa," + v(d[5]) + " hi," + v(d[6]) + " si," + v(d[7]) + " st "
}

func padRight(s string, w int) string {
	if len(s) >= w {
		return s
	}
	return s + strings.Repeat(" ", w-len(s))
}

// graphs holds the bar lengths of the CPU and memory graphs for a screen width.
type graphs struct{ cpu, mem int }

// graphLengths is the original's adj_geometry for the bars (prefix 25 columns, suffix 2,
// bars 10 to 100; two to a line when lines are doubled up).
func graphLengths(s *Settings, width int) graphs {
	const prefix, suffix, maxLen, minLen, adjoin = 25, 2, 100, 10, 2
	clamp := func(n int) int { return min(max(n, minLen), maxLen) }
	if s.DoubleUp > 0 {
		num := s.DoubleUp + 1
		return graphs{
			cpu: clamp((width - adjoin*s.DoubleUp - num*(prefix+suffix)) / num),
			mem: clamp((width - adjoin - 2*(prefix+suffix)) / 2),
		}
	}
	cpu := maxLen
	if width-(prefix+maxLen+suffix) < 0 {
		cpu = width - prefix - suffix
	}
	cpu = max(cpu, minLen)
	return graphs{cpu: cpu, mem: cpu}
}

// rx is sum_rx's result: two percentages, their total and the bar "[|||   ] ".
type rx struct {
	one, two, tot float32
	graph         string
}

func sumRx(total, part1, part2 int64, style, length int) rx {
	var r rx
	scale := float32(0)
	if total > 0 {
		scale = float32(100.0 / float64(total))
	}
	r.one = scale * float32(part1)
	r.two = scale * float32(part2)
	if float64(r.one+r.two) > 100.0 || r.two < 0 {
		r.two = 0
	}
	r.tot = r.one + r.two
	adjust := float32(length) / 100.0
	num1 := int(float64(r.one*adjust) + .5)
	num2 := int(float64(r.two*adjust) + .5)
	if num1+num2 > length {
		if num1 > length {
			num1 = length
		}
		num2 = length - num1
	}
	fill := "|"
	if style == 2 {
		fill = " " // blocks: coloured spaces on a terminal
	}
	// %-.*s of a 100-character string; a negative precision takes it whole.
	part := func(n int) string {
		if n < 0 || n > 100 {
			n = 100
		}
		return strings.Repeat(fill, n)
	}
	w := length
	buf := ""
	if num1 != 0 {
		buf += part(num1) + "~7"
		w += 2
	}
	if num2 != 0 {
		buf += part(num2) + "~8"
		w += 2
	}
	if len(buf) > w {
		buf = buf[:w]
	}
	r.graph = stripMarkers("[~1" + padRight(buf, w) + "] ~1")
	return r
}

// stripMarkers removes the "~1".."~8" highlight markers as batch output does.
func stripMarkers(s string) string {
	if !strings.Contains(s, "~") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '~' && i+1 < len(s) && s[i+1] >= '1' && s[i+1] <= '8' {
			i++
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

var scaleLabels = []string{"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}

// memLines are the Mem and Swap lines (numbers, or with graph 1 or 2 a bar each).
func memLines(cur *Snapshot, s *Settings, width int) []summaryLine {
	div := float64(1)
	for i := 0; i < s.SummScale; i++ {
		div *= 1024
	}
	cell := func(kb uint64) string {
		x := float32(float32(int64(kb)) / float32(div))
		var t string
		if s.SummScale == 0 {
			t = cfmt(float64(x), 0) + " "
		} else {
			t = cfmt(float64(x), 1) + " "
		}
		if len(t) > 9 {
			t = t[:8] + "+"
		}
		return t
	}
	m := cur.Mem
	label := scaleLabels[s.SummScale]
	if s.GraphMem > 0 {
		length := graphLengths(s, width).mem
		total := int64(m.MemTotal)
		qued := int64(m.Buffers + m.Cache)
		used := total - int64(m.MemFree) - qued
		misc := total - int64(m.Available) - used
		r1 := sumRx(total, used, misc, s.GraphMem, length)
		r2 := sumRx(int64(m.SwapTotal), 0, int64(m.SwapUsed), s.GraphMem, length)
		l1 := label + " Mem :" + pad(cfmt(float64(r1.tot), 1), 5) + "/" + padRight(cell(m.MemTotal), 9) + r1.graph
		l2 := label + " Swap:" + pad(cfmt(float64(r2.two), 1), 5) + "/" + padRight(cell(m.SwapTotal), 9) + r2.graph
		return []summaryLine{{text: l1}, {text: l2, nobuf: true}}
	}
	l1 := label + " Mem : " + pad(cell(m.MemTotal), 9) + "total, " + pad(cell(m.MemFree), 9) + "free, " +
		pad(cell(m.MemUsed), 9) + "used, " + pad(cell(m.Buffers+m.Cache), 9) + "buff/cache     "
	l2 := label + " Swap: " + pad(cell(m.SwapTotal), 9) + "total, " + pad(cell(m.SwapFree), 9) + "free, " +
		pad(cell(m.SwapUsed), 9) + "used. " + pad(cell(m.Available), 9) + "avail Mem "
	return []summaryLine{{text: l1}, {text: l2, nobuf: true}}
}

// row is one task with its rate.
type row struct {
	t     *cgview.TaskInfo
	delta uint64 // ticks since the last frame
	level int    // V: the depth in the forest (0: a root)
	hid   byte   // v: 'x' a collapsed parent, 'z' a task under one (not shown)
	add   uint64 // v: a collapsed parent's children's ticks since the last frame
}

// rowMaker builds task rows for one frame: the columns of its layout and the scales of
// its figures.
type rowMaker struct {
	cols          []int
	varSize, pidw int
	etscale, pmax float32
	cur           *Snapshot
	s             *Settings
}

func newRowMaker(cur, prev *Snapshot, s *Settings, width int) *rowMaker {
	pidw := cur.PIDWidth
	if pidw < 5 {
		pidw = 5
	}
	lay := taskLayout(s, width, pidw)
	m := &rowMaker{cols: lay.cols, varSize: lay.varSize, pidw: pidw, cur: cur, s: s,
		etscale: frameScale(cur, prev, s), pmax: float32(99.9)}
	ncpu := len(cur.PerCPU)
	if s.Irix && ncpu > 1 && !s.Threads {
		m.pmax = float32(100.0 * float64(ncpu))
		if ncpu > 10 && m.pmax > 99999.0 {
			m.pmax = 99999.0
		} else if ncpu <= 10 && m.pmax > 999.9 {
			m.pmax = 999.9
		}
	}
	return m
}

func (m *rowMaker) colWidth(f int) int {
	if w := fieldWidth(f, m.pidw); w >= 0 {
		return w
	}
	return m.varSize
}

// header is the column header, untrimmed.
func (m *rowMaker) header(line []byte) []byte {
	for _, f := range m.cols {
		line = justify(line, fieldNames[f], m.colWidth(f), !leftAligned(f))
	}
	return line
}

// row appends a task's row, untrimmed (as top's task_show builds it), and the bytes of the
// sort column's cell ({0,0} when it is not shown); ok is false when an o/O filter leaves
// the row out.
func (m *rowMaker) row(line []byte, r row) (_ []byte, cell [2]int, ok bool) {
	if r.hid == 'z' {
		return line, cell, false // under a collapsed parent (v)
	}
	for _, f := range m.cols {
		start := len(line)
		switch {
		case f == fCMD && r.level > 0:
			art := forestArt(r.level)
			if r.hid == 'x' {
				art = "+" + art[1:]
			}
			line = justifyText(line, skipColumns(art+commandText(r.t, m.s), m.s.VarColBeg), m.colWidth(f), false)
		case f == fCPU && r.hid == 'x':
			// a collapsed parent: its children's ticks too, not capped by its threads
			u := float32(r.delta+r.add) * m.etscale
			if u > m.pmax {
				u = m.pmax
			}
			line = justify(line, scalePcnt(u, m.colWidth(f)), m.colWidth(f), true)
		default:
			line = appendCell(line, f, m.colWidth(f), r.t, r.delta, m.etscale, m.pmax, m.cur, m.s)
		}
		if len(m.s.Filters) > 0 && !m.s.cellPasses(f, string(line[start:]), m.pidw) {
			return line, cell, false
		}
		if f == m.s.SortField {
			cell = [2]int{start, len(line)}
		}
	}
	return line, cell, true
}

// appendTaskArea adds the empty line, the column header and the rows.
func appendTaskArea(b []byte, cur, prev *Snapshot, s *Settings, width, height, summaryRows int) []byte {
	m := newRowMaker(cur, prev, s, width)
	line := m.header(make([]byte, 0, 256))
	b = append(b, '\n')
	b = append(b, trimRight(line)...)

	rows := sortedRows(cur, prev, s)
	if len(rows) == 0 {
		return b
	}
	maxRows := -1
	if height > 0 {
		maxRows = height - summaryRows - 2
		if maxRows < 0 {
			maxRows = 0
		}
	}
	if s.MaxTasks > 0 && (maxRows < 0 || s.MaxTasks < maxRows) {
		maxRows = s.MaxTasks
	}
	s.settleBegTask(rows, m)
	s.running = s.running[:0]
	s.sortCells = s.sortCells[:0]
	s.rowLens = s.rowLens[:0]
	shown := 0
	for _, r := range rows[min(max(s.BegTask, 0), len(rows)):] {
		if maxRows >= 0 && shown >= maxRows {
			break
		}
		t := r.t
		if !s.ShowIdle && r.delta == 0 {
			continue
		}
		if !s.userSelected(t.RUID, t.EUID, t.SUID, t.FUID) {
			continue
		}
		var cell [2]int
		var ok bool
		if line, cell, ok = m.row(line[:0], r); !ok {
			continue
		}
		if !s.HiCols {
			cell = [2]int{}
		}
		b = append(b, '\n')
		b = append(b, trimRight(line)...)
		s.running = append(s.running, t.State == 'R')
		s.sortCells = append(s.sortCells, cell)
		s.rowLens = append(s.rowLens, len(line))
		shown++
	}
	return b
}

func trimRight(b []byte) []byte {
	for len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return b
}

// frameScale turns ticks into %CPU over the time between the frames.
func frameScale(cur, prev *Snapshot, s *Settings) float32 {
	et := float32(0.005)
	if prev != nil {
		if e := float32(cur.Uptime - prev.Uptime); e >= 0.01 {
			et = e
		}
	}
	n := float32(1)
	if !s.Irix && len(cur.PerCPU) > 0 {
		n = float32(len(cur.PerCPU))
	}
	return 100 / (float32(100) * et * n)
}

// sortedRows pairs each task with its tick delta and sorts them (stable: ties keep PID
// order).
func sortedRows(cur, prev *Snapshot, s *Settings) []row {
	before := map[int]uint64{}
	if prev != nil {
		for i := range prev.Tasks {
			before[prev.Tasks[i].TID] = prev.Tasks[i].Ticks()
		}
	}
	rows := make([]row, len(cur.Tasks))
	for i := range cur.Tasks {
		t := &cur.Tasks[i]
		d := t.Ticks()
		if p, ok := before[t.TID]; ok {
			d -= p
		}
		rows[i] = row{t: t, delta: d}
	}
	if s.Forest {
		return s.forest(rows)
	}
	less := sortLess(s)
	if less != nil {
		sort.SliceStable(rows, func(i, j int) bool {
			c := less(&rows[i], &rows[j])
			if s.SortHigh {
				return c > 0
			}
			return c < 0
		})
	}
	return rows
}

func cmp[T int | uint64 | uint32 | string](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// sortLess compares two rows by the sort field (nil: a field this top has no data for,
// which keeps PID order).
func sortLess(s *Settings) func(a, b *row) int {
	switch s.SortField {
	case fPID:
		return func(a, b *row) int { return cmp(a.t.TID, b.t.TID) }
	case fTGID:
		return func(a, b *row) int { return cmp(a.t.PID, b.t.PID) }
	case fPPID:
		return func(a, b *row) int { return cmp(a.t.PPID, b.t.PPID) }
	case fUID:
		return func(a, b *row) int { return cmp(a.t.EUID, b.t.EUID) }
	case fRUID:
		return func(a, b *row) int { return cmp(a.t.RUID, b.t.RUID) }
	case fSUID:
		return func(a, b *row) int { return cmp(a.t.SUID, b.t.SUID) }
	case fUSER, fRUSER, fSUSER:
		return func(a, b *row) int { return cmp(a.t.User, b.t.User) }
	case fPR:
		return func(a, b *row) int { return cmp(a.t.Priority, b.t.Priority) }
	case fNI:
		return func(a, b *row) int { return cmp(a.t.Nice, b.t.Nice) }
	case fNTH:
		return func(a, b *row) int { return cmp(a.t.NLWP, b.t.NLWP) }
	case fCPU:
		return func(a, b *row) int { return cmp(a.delta, b.delta) }
	case fTIME, fTIME2:
		return func(a, b *row) int { return cmp(timeTicks(a.t, s), timeTicks(b.t, s)) }
	case fMEM, fRES:
		return func(a, b *row) int { return cmp(a.t.ResKB, b.t.ResKB) }
	case fVIRT:
		return func(a, b *row) int { return cmp(a.t.VirtKB, b.t.VirtKB) }
	case fSHR:
		return func(a, b *row) int { return cmp(a.t.ShrKB, b.t.ShrKB) }
	case fS:
		return func(a, b *row) int { return cmp(int(a.t.State), int(b.t.State)) }
	case fCMD:
		return func(a, b *row) int { return cmp(commandText(a.t, s), commandText(b.t, s)) }
	}
	return nil
}

func timeTicks(t *cgview.TaskInfo, s *Settings) uint64 {
	if s.Cumulative {
		return t.UTime + t.STime + t.CUTime + t.CSTime
	}
	return t.UTime + t.STime
}

// commandText is the COMMAND cell's text: the name, or with -c the command line ("[name]"
// for a process without one, as procps shows kernel threads).
func commandText(t *cgview.TaskInfo, s *Settings) string {
	if !s.Cmdline {
		return escapeStr(t.Comm, s.UTF8)
	}
	if c := cmdlineText(t.Cmdline); c != "" {
		return escapeStr(c, s.UTF8)
	}
	c := "[" + escapeStr(t.Comm, s.UTF8) + "]"
	if t.State == 'Z' {
		c += " <defunct>"
	}
	return c
}

// appendCell adds one column of a task row.
func appendCell(b []byte, f, w int, t *cgview.TaskInfo, delta uint64, etscale, pmax float32, cur *Snapshot, s *Settings) []byte {
	right := !leftAligned(f)
	num := func(x int64) []byte { return justify(b, truncPlus(strconv.FormatInt(x, 10), w), w, right) }
	switch f {
	case fPID:
		return num(int64(t.TID))
	case fTGID:
		return num(int64(t.PID))
	case fPPID:
		return num(int64(t.PPID))
	case fUID:
		return num(int64(t.EUID))
	case fRUID:
		return num(int64(t.RUID))
	case fSUID:
		return num(int64(t.SUID))
	case fUSER, fRUSER, fSUSER:
		return justifyText(b, t.User, w, right)
	case fPR:
		if t.Priority < -99 || t.Priority > 999 {
			return justify(b, "rt", w, right)
		}
		return num(int64(t.Priority))
	case fNI:
		return num(int64(t.Nice))
	case fNTH:
		return num(int64(t.NLWP))
	case fCPU:
		u := float32(delta) * etscale
		if n := float32(100.0 * float64(t.NLWP)); u > n {
			u = n
		}
		if u > pmax {
			u = pmax
		}
		return justify(b, scalePcnt(u, w), w, right)
	case fMEM:
		m := float32(t.ResKB) * 100 / float32(int64(cur.Mem.MemTotal))
		return justify(b, scalePcnt(m, w), w, right)
	case fVIRT:
		return justify(b, scaleMem(s.TaskScale, t.VirtKB, w), w, right)
	case fRES:
		return justify(b, scaleMem(s.TaskScale, t.ResKB, w), w, right)
	case fSHR:
		return justify(b, scaleMem(s.TaskScale, t.ShrKB, w), w, right)
	case fS:
		return justify(b, string([]byte{t.State}), w, right)
	case fTIME2:
		return justify(b, scaleTics(timeTicks(t, s), w, 0), w, right)
	case fTIME:
		return justify(b, scaleTics(timeTicks(t, s), w, 1), w, right)
	case fCMD:
		return justifyText(b, skipColumns(commandText(t, s), s.VarColBeg), w, right)
	}
	return justify(b, "", w, right)
}
