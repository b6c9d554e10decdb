package vmstat

import (
	"bufio"
	"io"
	"os"
	"time"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/internal/cli"
	"github.com/cgprocps/cgprocps/internal/profile"
)

// memVals are the meminfo values vmstat prints, derived as procps's meminfo library derives
// them (MemAvailable 0 or above MemTotal falls back to MemFree; used = total - available).
type memVals struct {
	Total, Free, Used, Active, Inactive, Buffers, CachedAll uint64
	SwapTotal, SwapFree, SwapUsed                           uint64
}

func memFrom(m *cgview.Meminfo) memVals {
	var r memVals
	r.Total = m.Value(cgview.MemTotal)
	r.Free = m.Value(cgview.MemFree)
	avail := m.Value(cgview.MemAvailable)
	if avail == 0 {
		avail = r.Free
	}
	if avail > r.Total {
		avail = r.Free
	}
	used := int64(r.Total - avail)
	if used < 0 {
		used = int64(r.Total - r.Free)
	}
	r.Used = uint64(used)
	r.Active = m.Value(cgview.MemActive)
	r.Inactive = m.Value(cgview.MemInactive)
	r.Buffers = m.Value(cgview.MemBuffers)
	r.CachedAll = m.Value(cgview.MemCached) + m.Value(cgview.MemSReclaimable)
	r.SwapTotal = m.Value(cgview.MemSwapTotal)
	r.SwapFree = m.Value(cgview.MemSwapFree)
	if r.SwapFree < r.SwapTotal {
		r.SwapUsed = r.SwapTotal - r.SwapFree
	}
	return r
}

// forRelease is m as release ver derives it: 3.3.17's library takes used = total - free -
// buffers - cache (total - free when that is below 0) and lets used swap wrap.
func (m memVals) forRelease(ver profile.Procps) memVals {
	if ver != profile.Procps3_3_17 {
		return m
	}
	if used := int64(m.Total - m.Free - m.CachedAll - m.Buffers); used >= 0 {
		m.Used = uint64(used)
	} else {
		m.Used = m.Total - m.Free
	}
	m.SwapUsed = m.SwapTotal - m.SwapFree
	return m
}

// sample is one reading of everything the default report prints.
type sample struct {
	st                               procStat
	pgpgin, pgpgout, pswpin, pswpout uint64
	mem                              memVals
	uptime                           float64 // seconds, as strtod reads /proc/uptime
}

// readSample reads the view's stat, vmstat, meminfo and uptime; the error is the original's
// message for the part that failed.
func readSample(v *cgview.View) (sample, string) {
	var s sample
	vm, err := v.VMStat()
	if err != nil {
		return s, "Unable to create vmstat structure"
	}
	s.pgpgin, s.pgpgout = vm.Value("pgpgin"), vm.Value("pgpgout")
	s.pswpin, s.pswpout = vm.Value("pswpin"), vm.Value("pswpout")
	st, msg := readStat(v)
	if msg != "" {
		return s, msg
	}
	s.st = st
	m, err := v.Meminfo()
	if err != nil {
		return s, "Unable to create meminfo structure"
	}
	s.mem = memFrom(m)
	u, err := v.Uptime()
	if err != nil {
		return s, "Unable to get uptime"
	}
	s.uptime = u.Seconds()
	return s, ""
}

func readStat(v *cgview.View) (procStat, string) {
	b, err := v.ProcFile("stat")
	if err != nil {
		return procStat{}, "Unable to create system stat structure"
	}
	st, ok := parseStat(b)
	if !ok {
		return procStat{}, "Unable to create system stat structure"
	}
	return st, ""
}

// unitConvert is the original's (unsigned long)((float)kib / unit * 1024): 32-bit float.
func unitConvert(kib, unit uint64) uint64 {
	f := float32(kib) / float32(unit) * 1024
	return f32ToULong(f)
}

// unitConvertFor is unitConvert as release ver computes it: 4.0.4 (since 4.0.3) in double.
func unitConvertFor(ver profile.Procps, kib, unit uint64) uint64 {
	if ver == profile.Procps4_0_4 {
		return f64ToULong(float64(kib) / float64(unit) * 1024)
	}
	return unitConvert(kib, unit)
}

// f64ToULong converts as x86-64 does for a double to unsigned long.
func f64ToULong(f float64) uint64 {
	if f != f || f < 0 {
		return 0
	}
	if f >= 18446744073709551616.0 {
		return 1 << 63
	}
	return uint64(f)
}

// f32ToULong converts as x86-64 does for a float to unsigned long.
func f32ToULong(f float32) uint64 {
	if f != f || f < 0 {
		return 0
	}
	if f >= 18446744073709551616.0 {
		return 1 << 63 // the "integer indefinite" the conversion yields
	}
	return uint64(f)
}

// f64ToUint is C's (unsigned) of a non-negative double, as gcc on x86-64 compiles it
// (a 64-bit truncating conversion, then the low 32 bits).
func f64ToUint(f float64) uint32 {
	if f != f || f >= 9223372036854775808.0 || f < -9223372036854775808.0 {
		return 0
	}
	return uint32(int64(f))
}

const (
	header     = "procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----"
	wideHeader = "--procs-- -----------------------memory---------------------- ---swap-- -----io---- -system-- ----------cpu----------"
	// 4.0.4's narrow layout has the gu column; 3.3.17's wide one has not.
	header404    = "procs -----------memory---------- ---swap-- -----io---- -system-- -------cpu-------"
	wideHeader33 = "--procs-- -----------------------memory---------------------- ---swap-- -----io---- -system-- --------cpu--------"
	tsHeader     = " -----timestamp-----"
)

var (
	fieldWidths = []int{2, 2, 6, 6, 6, 6, 4, 4, 5, 5, 4, 4, 2, 2, 2, 2, 2, 2}
	wideWidths  = []int{4, 4, 12, 12, 12, 12, 4, 4, 5, 5, 4, 4, 3, 3, 3, 3, 3, 3}
)

// widthsFor is the columns of c's layout: the narrow one has gu from 4.0.4 on, the wide one
// from 4.0.0 on.
func widthsFor(c config) []int {
	if c.wide {
		if c.ver == profile.Procps3_3_17 {
			return wideWidths[:17]
		}
		return wideWidths
	}
	if c.ver == profile.Procps4_0_4 {
		return fieldWidths
	}
	return fieldWidths[:17]
}

// zoneField is the timestamp header's second line: " %19s" of strftime("%Z") cut to 19.
func zoneField(b []byte) []byte {
	z := now().In(cli.Local()).Format("MST")
	if len(z) > len(tsHeader)-1 {
		z = z[:len(tsHeader)-1]
	}
	b = append(b, ' ')
	return appendPad(b, z, len(tsHeader)-1)
}

func timestampNow() string {
	return now().In(cli.Local()).Format("2006-01-02 15:04:05")
}

func appendHeader(b []byte, c config) []byte {
	switch {
	case c.wide && c.ver == profile.Procps3_3_17:
		b = append(b, wideHeader33...)
	case c.wide:
		b = append(b, wideHeader...)
	case c.ver == profile.Procps4_0_4:
		b = append(b, header404...)
	default:
		b = append(b, header...)
	}
	if c.timestamp {
		b = append(b, tsHeader...)
	}
	b = append(b, '\n')
	names := []string{"r", "b", "swpd", "free", "buff", "cache", "si", "so", "bi", "bo", "in", "cs",
		"us", "sy", "id", "wa", "st", "gu"}
	if c.active {
		names[4], names[5] = "inact", "active"
	}
	for i, w := range widthsFor(c) {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendPad(b, names[i], w)
	}
	if c.timestamp {
		b = zoneField(b)
	}
	return append(b, '\n')
}

// appendLine writes one data line: r b, the memory columns, and the rest already computed.
func appendLine(b []byte, c config, s sample, rest [12]uint32, ts string) []byte {
	m := s.mem.forRelease(c.ver)
	mid1, mid2 := m.Buffers, m.CachedAll
	if c.active {
		mid1, mid2 = m.Inactive, m.Active
	}
	running := s.st.Running
	if c.ver != profile.Procps4_0_2 && running > 0 {
		running-- // 3.3.17 and 4.0.4 do not count vmstat itself
	}
	vals := []uint64{running, s.st.Blocked, unitConvertFor(c.ver, m.SwapUsed, c.unit), unitConvertFor(c.ver, m.Free, c.unit),
		unitConvertFor(c.ver, mid1, c.unit), unitConvertFor(c.ver, mid2, c.unit)}
	for _, x := range rest {
		vals = append(vals, uint64(x))
	}
	for i, w := range widthsFor(c) {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendNum(b, vals[i], w)
	}
	if c.timestamp {
		b = append(b, ' ')
		b = append(b, ts...)
	}
	return append(b, '\n')
}

// pct is (unsigned)((100*x + Div/2) / Div) in long long arithmetic.
func pct(x, div int64) uint32 { return uint32((100*x + div/2) / div) }

// firstRest computes the since-start columns: rates over the uptime (procps 4.0.3's fix of the
// 4.0.2 division by all CPUs' ticks), CPU shares of all ticks.
func firstRest(s sample, unit uint64, kbPerPage uint64) [12]uint32 {
	return firstRestFor(profile.Procps4_0_2, s, unit, kbPerPage)
}

// firstRestFor is firstRest as release ver computes it: 4.0.4 converts units in double and
// divides cs by the ticks of all CPUs, truncating (ctxt / ticks).
func firstRestFor(ver profile.Procps, s sample, unit uint64, kbPerPage uint64) [12]uint32 {
	t := s.st
	use := int64(t.User + t.Nice)
	sys := int64(t.System + t.IRQ + t.SoftIRQ)
	idl := int64(t.Idle)
	iow := int64(t.IOWait)
	sto := int64(t.Steal)
	gue := int64(t.Guest + t.GuestNice)
	div := use + sys + idl + iow + sto
	if div == 0 {
		div, idl = 1, 1
	}
	if use >= gue {
		use -= gue
	} else {
		use = 0
	}
	up := s.uptime
	if up == 0 {
		up = 1
	}
	cs := f64ToUint(float64(t.Ctxt) / up)
	if ver == profile.Procps4_0_4 {
		cs = uint32(t.Ctxt / uint64(div))
	}
	return [12]uint32{
		f64ToUint(float64(unitConvertFor(ver, s.pswpin*kbPerPage, unit)) / up),
		f64ToUint(float64(unitConvertFor(ver, s.pswpout*kbPerPage, unit)) / up),
		f64ToUint(float64(s.pgpgin) / up),
		f64ToUint(float64(s.pgpgout) / up),
		f64ToUint(float64(t.Intr) / up),
		cs,
		pct(use, div), pct(sys, div), pct(idl, div), pct(iow, div), pct(sto, div), pct(gue, div),
	}
}

// loopState carries the idle "debt" between interval lines.
type loopState struct {
	debt int32
	ver  profile.Procps
}

// intervalRest computes an interval line's columns from two samples delay seconds apart.
func (ls *loopState) intervalRest(old, cur sample, delay, unit, kbPerPage uint64) [12]uint32 {
	d := func(a, b uint64) int64 { return int64(b - a) }
	o, n := old.st, cur.st
	use := d(o.User, n.User) + d(o.Nice, n.Nice)
	sys := d(o.System, n.System) + d(o.IRQ, n.IRQ) + d(o.SoftIRQ, n.SoftIRQ)
	idl := d(o.Idle, n.Idle)
	iow := d(o.IOWait, n.IOWait)
	sto := d(o.Steal, n.Steal)
	gue := d(o.Guest, n.Guest) + d(o.GuestNice, n.GuestNice)
	if ls.debt != 0 {
		idl = int64(int32(idl) + ls.debt)
		ls.debt = 0
	}
	if int32(idl) < 0 {
		ls.debt = int32(idl)
		idl = 0
	}
	div := use + sys + idl + iow + sto
	if div == 0 {
		div, idl = 1, 1
	}
	if use >= gue {
		use -= gue
	} else {
		use = 0
	}
	half := delay / 2
	rate := func(delta uint64) uint32 { return uint32((delta + half) / delay) }
	// A counter that went backwards (the container's ctxt when threads exit) reads 0.
	mono := func(a, b uint64) uint64 {
		if b < a {
			return 0
		}
		return b - a
	}
	return [12]uint32{
		rate(unitConvertFor(ls.ver, (cur.pswpin-old.pswpin)*kbPerPage, unit)),
		rate(unitConvertFor(ls.ver, (cur.pswpout-old.pswpout)*kbPerPage, unit)),
		rate(cur.pgpgin - old.pgpgin),
		rate(cur.pgpgout - old.pgpgout),
		rate32(mono(o.Intr, n.Intr), half, delay),
		rate32(mono(o.Ctxt, n.Ctxt), half, delay),
		pct(use, div), pct(sys, div), pct(idl, div), pct(iow, div), pct(sto, div), pct(gue, div),
	}
}

// rate32 is the original's (int delta + unsigned half) / unsigned delay: 32-bit unsigned
// arithmetic throughout.
func rate32(delta, half, delay uint64) uint32 {
	return (uint32(delta) + uint32(half)) / uint32(delay)
}

// viewer opens one fresh View per sample; warnings show with the first only.
type viewer struct {
	vo     cgview.Options
	stderr io.Writer
}

func newViewer(k cli.Container, prog string, stderr io.Writer) *viewer {
	return &viewer{vo: k.ViewOptions(prog, stderr), stderr: stderr}
}

func (w *viewer) open() *cgview.View {
	v := cli.Open(w.vo, w.stderr)
	w.vo.Warn = io.Discard
	return v
}

func fail(out *bufio.Writer, stderr io.Writer, prog, msg string) int {
	out.Flush()
	return cli.Error(stderr, prog, msg)
}

// sleepSeconds is sleep(3); tests replace it.
var sleepSeconds = func(n uint64) { time.Sleep(time.Duration(n) * time.Second) }

// now is the wall clock of the -t timestamps and the JSON "timestamp" (never of an interval:
// rates divide by the delay, CPU shares by the ticks); tests replace it.
var now = time.Now

func runVM(stdout, stderr io.Writer, prog string, k cli.Container, c config) int {
	out := bufio.NewWriterSize(stdout, 4096)
	w := newViewer(k, prog, stderr)
	v := w.open()
	if v == nil {
		return 1
	}
	kbPerPage := uint64(os.Getpagesize() / 1024)
	cur, msg := readSample(v)
	if msg != "" {
		return fail(out, stderr, prog, msg)
	}
	var b []byte
	if !c.json {
		b = appendHeader(b, c)
	}
	updates := c.updates
	if c.json && !c.noFirst {
		b = appendJSON(b, v.Container(), c.active, cur, firstRest(cur, 1024, kbPerPage), now())
	} else if !c.noFirst {
		ts := ""
		if c.timestamp {
			ts = timestampNow()
		}
		b = appendLine(b, c, cur, firstRestFor(c.ver, cur, c.unit, kbPerPage), ts)
	} else {
		updates++
	}
	out.Write(b)
	if out.Flush() != nil {
		return 1
	}
	ls := loopState{ver: c.ver}
	for i := uint64(1); c.infinite || i < updates; i++ {
		sleepSeconds(c.delay)
		b = b[:0]
		if !c.json && !c.oneHeader && i%c.height == 0 {
			b = appendHeader(b, c)
		}
		v := w.open()
		if v == nil {
			out.Flush()
			return 1
		}
		next, msg := readSample(v)
		if msg != "" {
			return fail(out, stderr, prog, msg)
		}
		if c.json {
			b = appendJSON(b, v.Container(), c.active, next, ls.intervalRest(cur, next, c.delay, 1024, kbPerPage), now())
			cur = next
			out.Write(b)
			if out.Flush() != nil {
				return 1
			}
			continue
		}
		ts := ""
		if c.timestamp {
			ts = timestampNow()
		}
		b = appendLine(b, c, next, ls.intervalRest(cur, next, c.delay, c.unit, kbPerPage), ts)
		cur = next
		out.Write(b)
		if out.Flush() != nil {
			return 1
		}
	}
	return 0
}

func runForks(stdout, stderr io.Writer, prog string, k cli.Container) int {
	v := newViewer(k, prog, stderr).open()
	if v == nil {
		return 1
	}
	st, msg := readStat(v)
	if msg != "" {
		return cli.Error(stderr, prog, msg)
	}
	b := appendNum(nil, st.Processes, 13)
	b = append(b, " forks\n"...)
	stdout.Write(b)
	return 0
}

func runSum(stdout, stderr io.Writer, prog string, k cli.Container, c config) int {
	v := newViewer(k, prog, stderr).open()
	if v == nil {
		return 1
	}
	st, msg := readStat(v)
	if msg != "" {
		return cli.Error(stderr, prog, msg)
	}
	vm, err := v.VMStat()
	if err != nil {
		return cli.Error(stderr, prog, "Unable to create vmstat structure")
	}
	mi, err := v.Meminfo()
	if err != nil {
		return cli.Error(stderr, prog, "Unable to create meminfo structure")
	}
	m := memFrom(mi).forRelease(c.ver)
	var b []byte
	line := func(x uint64, text string) {
		b = appendNum(b, x, 13)
		b = append(b, ' ')
		b = append(b, text...)
		b = append(b, '\n')
	}
	mem := func(x uint64, text string) { line(unitConvertFor(c.ver, x, c.unit), c.unitName+" "+text) }
	mem(m.Total, "total memory")
	mem(m.Used, "used memory")
	mem(m.Active, "active memory")
	mem(m.Inactive, "inactive memory")
	mem(m.Free, "free memory")
	mem(m.Buffers, "buffer memory")
	mem(m.CachedAll, "swap cache")
	mem(m.SwapTotal, "total swap")
	mem(m.SwapUsed, "used swap")
	mem(m.SwapFree, "free swap")
	tick := func(x uint64, text string) {
		b = appendInt(b, int64(x), 13)
		b = append(b, ' ')
		b = append(b, text...)
		b = append(b, '\n')
	}
	tick(st.User, "non-nice user cpu ticks")
	tick(st.Nice, "nice user cpu ticks")
	tick(st.System, "system cpu ticks")
	tick(st.Idle, "idle cpu ticks")
	tick(st.IOWait, "IO-wait cpu ticks")
	tick(st.IRQ, "IRQ cpu ticks")
	tick(st.SoftIRQ, "softirq cpu ticks")
	tick(st.Steal, "stolen cpu ticks")
	if c.ver != profile.Procps3_3_17 {
		tick(st.Guest, "non-nice guest cpu ticks")
	}
	if c.ver == profile.Procps3_3_17 {
		line(vm.Value("pgpgin"), "pages paged in")
		line(vm.Value("pgpgout"), "pages paged out")
	} else {
		tick(st.GuestNice, "nice guest cpu ticks")
		line(vm.Value("pgpgin"), "K paged in")
		line(vm.Value("pgpgout"), "K paged out")
	}
	line(vm.Value("pswpin"), "pages swapped in")
	line(vm.Value("pswpout"), "pages swapped out")
	line(st.Intr, "interrupts")
	line(st.Ctxt, "CPU context switches")
	line(st.BTime, "boot time")
	line(st.Processes, "forks")
	stdout.Write(b)
	return 0
}
