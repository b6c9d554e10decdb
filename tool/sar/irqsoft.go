package sar

import (
	"strconv"
	"strings"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/internal/cnum"
)

// -I (interrupts, /proc/interrupts) and -n SOFT (/proc/net/softnet_stat), as sysstat 12.6.1
// reads and prints them (rd_stats.c read_stat_irq and read_softnet, pr_stats.c
// print_irq_stats and print_softnet_stats). Both are per-CPU host-kernel counters kept as
// sysstat keeps them: unsigned 32-bit values (their sums and differences wrap at 2^32).
//
// Container mode (docs/sar.md): the view's files (cgview's SarInterrupts and SarSoftnet: the
// host's counters of the cpuset's first N CPUs, renumbered).

// IRQRow is one row of -I: "sum" (row 0) or an interrupt; N[0] is all CPUs, N[c+1] CPU c.
type IRQRow struct {
	Name string
	N    []uint32
}

// SoftCPU is one line of /proc/net/softnet_stat (the fields sysstat keeps).
type SoftCPU struct {
	Processed, Dropped, Squeeze, RPS, Flow, Backlog uint32
}

func (s SoftCPU) zero() bool {
	return s.Processed+s.Dropped+s.Squeeze+s.RPS+s.Flow+s.Backlog == 0 // sysstat's sum (wraps)
}

func (s *SoftCPU) add(x SoftCPU) {
	s.Processed += x.Processed
	s.Dropped += x.Dropped
	s.Squeeze += x.Squeeze
	s.RPS += x.RPS
	s.Flow += x.Flow
	s.Backlog += x.Backlog
}

// irqLineSize is sysstat's line buffer for /proc/interrupts (INTERRUPTS_LINE + 11 per CPU):
// a longer line is read as several pieces.
func irqLineSize(ncpu int) int { return 128 + 11*max(ncpu, 1) }

// countInterrupts is get_irqcpu_nr: the lines whose first ':' is at offset 1 to 15 (at most
// maxCPUs of them).
func countInterrupts(b []byte, ncpu int) int {
	n := 0
	for _, line := range fgetsLines(b, irqLineSize(ncpu)) {
		if n >= maxCPUs {
			break
		}
		p := strings.IndexByte(line, ':')
		if p < 0 {
			p = len(line)
		}
		if p > 0 && p < 16 {
			n++
		}
	}
	return n
}

// strtoul is C's strtoul(s, &end, 10) on a 64-bit long: white space, a sign, digits (a minus
// negates, overflow saturates); no digits leaves end at s.
func strtoul(s string) (uint64, string) {
	x, rest, ok := scanNum(s)
	if !ok {
		return 0, s
	}
	return x, rest
}

// parseInterrupts is read_stat_irq: the header line's CPUn columns, then up to nr2-1
// interrupt rows (any line with a ':'), each named by what precedes its ':' (leading spaces
// removed, 7 bytes at most), their per-CPU counts and sums. ncpu is the CPU count sysstat
// sized its buffers for. It returns the rows (row 0 "sum") and the column count sysstat
// records (the last CPU number + 2; 0 when no header was found).
func parseInterrupts(b []byte, ncpu, nr2 int) ([]IRQRow, int) {
	nrAlloc := ncpu + 1
	for tries := 0; tries < 32; tries++ {
		rows, nr, grow := readInterrupts(b, nrAlloc, nr2)
		if grow == 0 {
			return rows, nr
		}
		nrAlloc = max(nrAlloc*2, grow) // sysstat reallocates and reads again
	}
	return nil, 0
}

// readInterrupts is one pass of read_stat_irq with buffers for nrAlloc columns; grow > 0 asks
// for at least that many.
func readInterrupts(b []byte, nrAlloc, nr2 int) (rows []IRQRow, nr, grow int) {
	cpuNr := nrAlloc - 1
	if cpuNr == 0 {
		cpuNr = 1
	}
	lines := fgetsLines(b, irqLineSize(cpuNr))
	var index []int
	k := 0
	for ; k < len(lines); k++ {
		next := lines[k]
		for len(index) < cpuNr {
			i := strings.Index(next, "CPU")
			if i < 0 {
				break
			}
			cpu, rest := strtol(next[i+3:])
			next = rest
			if cpu < -1 {
				return nil, 0, 0 // sysstat would write before its buffer: no data
			}
			if cpu > int64(nrAlloc)-2 { // (cpu+2 would wrap for a huge number)
				if cpu > maxCPUs {
					return nil, 0, 0 // sysstat would grow its buffers beyond reason: no data
				}
				return nil, 0, int(cpu + 2)
			}
			index = append(index, int(cpu))
		}
		if len(index) > 0 {
			k++
			break
		}
	}
	if len(index) == 0 {
		return nil, 0, 0
	}
	cols := nrAlloc
	for _, c := range index {
		cols = max(cols, c+2)
	}
	newRow := func(name string) IRQRow { return IRQRow{Name: name, N: make([]uint32, cols)} }
	rows = append(rows, newRow("sum"))
	for ; k < len(lines) && len(rows) < nr2; k++ {
		line := lines[k]
		colon := strings.IndexByte(line, ':')
		if colon < 0 {
			continue
		}
		cp := line[colon+1:]
		li := strings.TrimLeft(line, " ")
		name := li
		if j := strings.IndexByte(li, ':'); j >= 0 {
			name = li[:j]
		}
		if len(name) > 7 {
			name = name[:7]
		}
		if j := strings.IndexByte(name, 0); j >= 0 {
			name = name[:j] // a C string ends at NUL
		}
		r := newRow(name)
		for _, c := range index {
			x, rest := strtoul(cp)
			cp = rest
			// In sysstat's order, with its aliasing: CPU "-1" is the "all" column itself.
			r.N[c+1] = uint32(x)
			r.N[0] += r.N[c+1]
			rows[0].N[c+1] += r.N[c+1]
		}
		rows[0].N[0] += r.N[0]
		rows = append(rows, r)
	}
	for len(rows) < nr2 {
		rows = append(rows, newRow("")) // sysstat's zeroed buffer
	}
	return rows, index[len(index)-1] + 2, 0
}

// strtol is strtol(s, &end, 10): the value and the rest of s (all of s when no digit was read).
func strtol(s string) (int64, string) {
	v, end, _ := cnum.Strtol(s, 10)
	return v, s[end:]
}

// scanHex is one sscanf %x conversion into an unsigned int: glibc's strtoul in base 16 (white
// space, a sign, an optional 0x, hex digits), truncated to 32 bits. ok is false when no digit
// was read.
func scanHex(s string) (uint32, string, bool) {
	v, end, _ := cnum.Strtoul(s, 16)
	if end == 0 {
		return 0, s, false
	}
	return uint32(v), s[end:], true
}

// onlineCPUs is get_online_cpu_list over a /proc/stat text: the cpuN lines' numbers (below
// limit) and the count sysstat returns (the last number + 2; 0 when there is none or one is
// out of range).
func onlineCPUs(stat []byte, limit int) ([]bool, int) {
	online := make([]bool, limit)
	last := -2
	for _, line := range fgetsLines(stat, 8192) {
		if strings.HasPrefix(line, "cpu ") || !strings.HasPrefix(line, "cpu") {
			continue
		}
		n, _ := strtol(line[3:])
		if _, _, ok := scanNum(line[3:]); !ok {
			n = int64(last) // sscanf left proc_nr as it was
		}
		if n+1 > int64(limit) || n < 0 {
			return online, 0
		}
		online[n] = true
		last = int(n)
	}
	return online, last + 2
}

// parseSoftnet is read_softnet: each line's processed, dropped, time_squeeze, received_rps,
// flow_limit, backlog_len and cpu_id (fields 1-3 and 10-13, hex); a line without the CPU
// number goes to the next online CPU. out has a slot per CPU (index c+1); lines for CPUs
// beyond it are dropped.
func parseSoftnet(b []byte, online []bool, out []SoftCPU) {
	cpu := 1
	for _, line := range fgetsLines(b, 1024) {
		var v [13]uint32
		n := 0
		s := line
		for n < 13 {
			x, rest, ok := scanHex(s)
			if !ok {
				break
			}
			v[n] = x
			n++
			s = rest
		}
		var rd SoftCPU
		if n >= 1 {
			rd.Processed = v[0]
		}
		if n >= 2 {
			rd.Dropped = v[1]
		}
		if n >= 3 {
			rd.Squeeze = v[2]
		}
		if n >= 10 {
			rd.RPS = v[9]
		}
		if n >= 11 {
			rd.Flow = v[10]
		}
		if n >= 12 {
			rd.Backlog = v[11]
		}
		if n == 13 {
			cpu = int(int32(v[12])) + 1
		} else {
			for cpu-1 >= 0 && cpu-1 < len(online) && !online[cpu-1] {
				cpu++
			}
		}
		if cpu < 0 || cpu >= len(out) {
			return // sysstat would grow its buffers: CPUs beyond the count are never printed
		}
		out[cpu] = rd
		cpu++
	}
}

// readIRQ fills s.IRQ from /proc/interrupts (container mode: the cpuset's columns).
func (c *collector) readIRQ(s *Sample, v *cgview.View) {
	b, err := v.Interrupts()
	if err != nil {
		return
	}
	if c.nrIRQ == 0 {
		n := countInterrupts(b, c.ncpu)
		if n == 0 {
			return
		}
		c.nrIRQ = n + 1
	}
	s.IRQ, s.IRQNR = parseInterrupts(b, c.ncpu, c.nrIRQ)
}

// readSoft fills s.Soft from /proc/net/softnet_stat, the online CPUs from the view's
// /proc/stat (container mode: the cpuset's lines, renumbered).
func (c *collector) readSoft(s *Sample, v *cgview.View) {
	s.Soft = make([]SoftCPU, c.ncpu+1)
	b, err := v.Softnet()
	if err != nil {
		return
	}
	stat, err := v.ProcFile("stat")
	if err != nil {
		return
	}
	online, nr := onlineCPUs(stat, maxCPUs)
	if nr <= 0 {
		return
	}
	parseSoftnet(b, online, s.Soft)
	s.SoftNR = nr
}

// cpuBits is sysstat's bitmap bound: CPU rows and columns stop at NR_CPUS + 1.
const cpuBits = maxCPUs + 1

func irqAt(s *Sample, row, col int) uint32 {
	if row < len(s.IRQ) && col < len(s.IRQ[row].N) {
		return s.IRQ[row].N[col]
	}
	return 0
}

// irqSetCol sets column col of every row of s to prev's (sysstat's memcpy for a CPU gone
// offline).
func irqSetCol(s, prev *Sample, col int) {
	for r := range s.IRQ {
		if col < len(s.IRQ[r].N) {
			s.IRQ[r].N[col] = irqAt(prev, r, col)
		}
	}
}

func (d *display) irqSelected(name string) bool {
	if d.o.irqList == nil {
		return true
	}
	for _, x := range d.o.irqList {
		if x == name {
			return true
		}
	}
	return false
}

// printIRQ is print_irq_stats (its Average: rows too): a header every time, then a row per
// selected interrupt with a column per selected CPU that has counts.
func (d *display) printIRQ(prev, curr *Sample, itv uint64, tsPrev, tsCurr string) {
	if curr.IRQNR <= 0 {
		return
	}
	if d.irqIni == 0 {
		d.irqIni = d.ncpu + 1
	}
	d.irqIni = max(d.irqIni, curr.IRQNR)
	masked := make([]bool, d.irqIni)
	for i := 0; i < d.irqIni && i < cpuBits; i++ {
		if (irqAt(prev, 0, i) == 0 && !d.sinceBoot) || !d.cpuSelected(i) {
			masked[i] = true
			continue
		}
		if irqAt(curr, 0, i) == 0 {
			masked[i] = true
			irqSetCol(curr, prev, i)
		}
	}
	p := &d.p
	p.str("\n")
	p.padLeft(tsPrev, 11)
	if !d.o.pretty {
		p.item("INTR", 9)
	}
	for j := 0; j < d.irqIni && j < cpuBits; j++ {
		if !d.cpuSelected(j) || masked[j] {
			continue
		}
		if j == 0 {
			p.item("all", 9)
		} else {
			p.item("CPU"+strconv.Itoa(j-1), 9)
		}
	}
	if d.o.pretty {
		p.str(" INTR")
	}
	p.str("\n")
	for r := range curr.IRQ {
		name := curr.IRQ[r].Name
		if !d.irqSelected(name) {
			continue
		}
		if d.o.zeroOmit && irqAt(curr, r, 0) == irqAt(prev, r, 0) {
			continue
		}
		p.padLeft(tsCurr, 11)
		if !d.o.pretty {
			p.itemName(name, 9)
		}
		for c := 0; c < curr.IRQNR && c < cpuBits; c++ {
			if c < len(masked) && masked[c] {
				continue
			}
			q, n := irqAt(prev, r, c), irqAt(curr, r, c)
			if c == 0 && n < q {
				p.f(noUnit, 2, 0)
			} else {
				p.f(noUnit, 2, float64(n-q)/float64(itv)*100)
			}
		}
		if d.o.pretty {
			p.itemName(name, 0)
		}
		p.str("\n")
	}
}

var hdrSoft = []string{"CPU", "total/s", "dropd/s", "squeezd/s", "rx_rps/s", "flw_lim/s", "blg_len"}

func softAt(s *Sample, i int) SoftCPU {
	if i < len(s.Soft) {
		return s.Soft[i]
	}
	return SoftCPU{}
}

// printSoft is stub_print_softnet_stats: CPU "all" (the sum of the CPUs with a previous
// sample) and the selected CPUs; blg_len instantaneous, its mean on the Average: rows.
func (d *display) printSoft(prev, curr *Sample, itv uint64, dish, avg bool, tsPrev, tsCurr string) {
	if curr.SoftNR <= 0 {
		return
	}
	if dish || d.o.zeroOmit {
		d.hdr(tsPrev, hdrSoft, 7)
	}
	if d.softIni == 0 {
		d.softIni = d.ncpu + 1
	}
	d.softIni = max(d.softIni, curr.SoftNR)
	if len(d.softBlg) < d.softIni {
		d.softBlg = append(d.softBlg, make([]uint64, d.softIni-len(d.softBlg))...)
	}
	n := min(d.softIni, cpuBits)
	cur := make([]SoftCPU, n)
	prv := make([]SoftCPU, n)
	offline := make([]bool, n)
	for i := 1; i < n; i++ {
		cur[i], prv[i] = softAt(curr, i), softAt(prev, i)
		if prv[i].zero() && !d.sinceBoot {
			offline[i] = true
			continue
		}
		if cur[i].zero() {
			cur[i] = prv[i]
			if i < len(curr.Soft) {
				curr.Soft[i] = prv[i]
			}
			offline[i] = true
		}
		cur[0].add(cur[i])
		prv[0].add(prv[i])
	}
	p := &d.p
	for i := 0; i < n; i++ {
		if !d.cpuSelected(i) || offline[i] {
			continue
		}
		c, q := cur[i], prv[i]
		if d.o.zeroOmit && c == q {
			continue
		}
		p.padLeft(tsCurr, 11)
		if i == 0 {
			p.itemName("    all", 0)
		} else {
			p.itemName(strconv.Itoa(i-1), 7)
		}
		v := func(a, b uint32) float64 { return float64(b-a) / float64(itv) * 100 }
		p.f(noUnit, 2, v(q.Processed, c.Processed), v(q.Dropped, c.Dropped), v(q.Squeeze, c.Squeeze),
			v(q.RPS, c.RPS), v(q.Flow, c.Flow))
		if !avg {
			p.u(noUnit, uint64(c.Backlog))
			d.softBlg[i] += uint64(c.Backlog)
		} else {
			p.f(noUnit, 0, float64(d.softBlg[i])/float64(d.avgCount))
		}
		p.str("\n")
	}
	if avg {
		d.softBlg = nil
	}
}

// encodeIRQSoft appends the -I and -n SOFT data after the counted counters (a later addition
// to the v1 sample: docs/sar.md): IRQNR, the rows (name, counted values), SoftNR, the CPUs
// (six values each).
func encodeIRQSoft(e *enc, s *Sample) {
	e.u(uint64(s.IRQNR))
	e.u(uint64(len(s.IRQ)))
	for _, r := range s.IRQ {
		e.s(r.Name)
		e.u(uint64(len(r.N)))
		for _, x := range r.N {
			e.u(uint64(x))
		}
	}
	e.u(uint64(s.SoftNR))
	e.u(uint64(len(s.Soft)))
	for _, c := range s.Soft {
		for _, x := range []uint32{c.Processed, c.Dropped, c.Squeeze, c.RPS, c.Flow, c.Backlog} {
			e.u(uint64(x))
		}
	}
}

func decodeIRQSoft(d *dec, s *Sample) {
	u32 := func() uint32 {
		x := d.u()
		if x > 1<<32-1 {
			d.bad = true
		}
		return uint32(x)
	}
	nrOK := func(x uint64) int {
		if x > cpuBits+1 {
			d.bad = true
			return 0
		}
		return int(x)
	}
	s.IRQNR = nrOK(d.u())
	if n := d.count(2); n > 0 {
		s.IRQ = make([]IRQRow, n)
		for i := range s.IRQ {
			s.IRQ[i].Name = d.s()
			if len(s.IRQ[i].Name) > 7 {
				d.bad = true
			}
			m := d.count(1)
			if m > cpuBits+1 {
				d.bad = true
				return
			}
			s.IRQ[i].N = make([]uint32, m)
			for k := range s.IRQ[i].N {
				s.IRQ[i].N[k] = u32()
			}
		}
	}
	s.SoftNR = nrOK(d.u())
	n := d.count(6)
	if n > cpuBits+1 {
		d.bad = true
		return
	}
	s.Soft = make([]SoftCPU, n)
	for i := range s.Soft {
		c := &s.Soft[i]
		c.Processed, c.Dropped, c.Squeeze, c.RPS, c.Flow, c.Backlog = u32(), u32(), u32(), u32(), u32(), u32()
	}
}
