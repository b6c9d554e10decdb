// Package sar is the cgroup-aware sar of sysstat 12.6.1: live reports (`sar [opts] interval
// [count]`) read from a fresh cgview View per sample, and a recording file of its own
// (-o/-f). docs/sar.md says what it covers.
package sar

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/cgprocps/cgprocps/internal/cli"
	"github.com/cgprocps/cgprocps/internal/machine"
	"github.com/cgprocps/cgprocps/internal/version"
)

// sleep waits between samples; tests replace it.
var sleep = time.Sleep

// now is the clock of the samples; tests replace it.
var now = time.Now

// saDir is where sysstat keeps its daily files (Debian).
const saDir = "/var/log/sysstat"

func localZone() *time.Location { return cli.Local() }

func usage(w io.Writer, argv0 string) {
	fmt.Fprintf(w, "Usage: %s [ options ] [ <interval> [ <count> ] ]\n", argv0)
	io.WriteString(w, "Try '"+cli.ProgName(argv0)+" --help' for the options.\n")
}

func help(w io.Writer, argv0 string) {
	fmt.Fprintf(w, "Usage: %s [ options ] [ <interval> [ <count> ] ]\n", argv0)
	io.WriteString(w, `Report system activity, of the container when run in one (cgprocps).

Reports:
  -u [ALL]       CPU utilization (the default); ALL adds irq, soft, guest, gnice
  -P {list|ALL}  per-CPU utilization (CPU numbers, ranges such as 0-3, "all")
  -r [ALL]       memory; ALL adds anonymous pages, slab, kernel stack, page tables, vmalloc
  -S             swap space
  -W             swapping rates
  -B             paging rates
  -b             I/O transfer rates (all disks)
  -d             per block device
  -q [LOAD]      run queue and load averages
  -w             task creation and context switches
  -I [SUM|ALL]   interrupts per CPU (/proc/interrupts; SUM: the total only); --int=LIST
                 picks interrupts by name or number (ranges such as 0-15)
  -H             huge pages (the host's pool: it has no per-container size)
  -v             kernel tables: dentries, files, inodes, ptys (the host's: they are global)
  -n KEYWORD[,...]  network (the network namespace's, as the kernel shows it): DEV, EDEV
                 (interfaces), SOCK, IP, EIP, ICMP, EICMP, TCP, ETCP, UDP, SOCK6, IP6, EIP6,
                 ICMP6, EICMP6, UDP6, SOFT (softnet per CPU)
  -y             TTY (serial line) rates (the host's lines: they are global)
  -F [MOUNT]     filesystems: free and used space and inodes, by source (by mount point
                 with MOUNT); --fs=LIST picks them by the name shown
  -A             every report above
Output:
  -h             human-readable sizes and a pretty layout (--human --pretty)
  --human        sizes with units
  -p, --pretty   device names last
  --dec={0|1|2}  decimal places
  -z             omit devices and interfaces without activity
Files:
  -o FILE        also record every sample to FILE (cgprocps's own format)
  -f FILE        report from FILE instead of sampling
  -s [hh:mm[:ss]], -e [hh:mm[:ss]]  time bounds when reading FILE
  -V             version
`)
	io.WriteString(w, cli.ContainerHelp)
}

// Main runs sar with argv0 as invoked and the arguments after it; it returns the exit status.
func Main(argv0 string, args []string, stdout, stderr io.Writer) int {
	prog := cli.ProgName(argv0)
	o, err := parseArgs(args)
	if errors.Is(err, errVersion) {
		io.WriteString(stdout, version.Line("sar", "sysstat 12.6.1")+"\n")
		return 0
	}
	if err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			msg := ee.msg
			if ee.prog {
				msg = prog + ": " + msg
			}
			io.WriteString(stderr, msg+"\n")
			return ee.code
		}
		usage(stderr, argv0)
		return 1
	}
	if o.version {
		io.WriteString(stdout, version.Line("sar", "sysstat 12.6.1")+"\n")
		return 0
	}
	if o.help {
		help(stdout, argv0)
		return 0
	}
	if len(args) == 0 || ((o.interval < 0 || o.intervalSet) && !o.fromSet && !o.toSet) {
		o.fromSet = true
		o.fromFile = ""
	}
	if o.fromSet && o.fromFile == "" {
		o.fromFile = fmt.Sprintf("%s/sa%02d", saDir, now().In(localZone()).Day())
	}
	if o.fromSet && o.toSet {
		io.WriteString(stderr, "-f and -o options are mutually exclusive\n")
		return 1
	}
	if o.optionA && !o.optionP {
		o.cpus = make([]bool, maxCPUs+1)
		for i := range o.cpus {
			o.cpus[i] = true
		}
		o.cpusAll = true
	}
	if (o.start != nil || o.intervalSet) && !o.fromSet {
		io.WriteString(stderr, "Not reading from a system activity file (use -f option)\n")
		return 1
	}
	if o.interval == 0 && (o.fromSet || o.toSet) {
		usage(stderr, argv0)
		return 1
	}
	if o.toSet && o.dayOffset {
		usage(stderr, argv0)
		return 1
	}
	for _, u := range o.unsupported {
		fmt.Fprintf(stderr, "%s: %s is not implemented by cgprocps; its report is left out\n", prog, u)
	}
	if o.rep == 0 && len(o.unsupported) == 0 {
		o.rep = repCPU
	}
	if o.rep == 0 {
		io.WriteString(stderr, "Requested activities not available\n")
		return 1
	}
	if o.cpus == nil || !anyTrue(o.cpus) {
		o.cpus = nil
	}
	tf := timeFormatFromEnv()
	o.colors = colorsFromEnv(machine.IsTerminalFile(stdout))
	o.rowsOut = stdout
	out := bufio.NewWriterSize(stdout, 8192)
	defer out.Flush()
	if o.fromSet {
		return fromFile(o, tf, out, stderr, prog)
	}
	if o.interval < 0 {
		usage(stderr, argv0)
		return 3
	}
	if o.toSet && o.toFile == "" {
		return cli.Error(stderr, prog, "-o needs a file name (cgprocps does not write sysstat's daily files)")
	}
	return live(o, tf, out, stderr, prog)
}

func anyTrue(b []bool) bool {
	for _, x := range b {
		if x {
			return true
		}
	}
	return false
}

func uname() (sys, rel, node, mach string) {
	var u syscall.Utsname
	if syscall.Uname(&u) != nil {
		return "Linux", "", "", ""
	}
	str := func(a [65]int8) string {
		b := make([]byte, 0, len(a))
		for _, c := range a {
			if c == 0 {
				break
			}
			b = append(b, byte(c))
		}
		return string(b)
	}
	return str(u.Sysname), str(u.Release), str(u.Nodename), str(u.Machine)
}

// winRows is sysstat's get_win_height: the terminal's rows - 2, or 86400 off a terminal.
func winRows(w io.Writer) uint64 {
	if _, rows, err := machine.WinSizeOf(w); err == nil && rows > 2 {
		return uint64(rows) - 2
	}
	return 3600 * 24
}

// outputs counts the selected outputs as sysstat's COUNT_OUTPUTS does.
func outputs(r reports) int {
	n := 0
	for _, x := range order {
		if r.has(x) {
			n++
		}
	}
	return n
}

// wholeBitmap is the bit count of sysstat's CPU bitmap when it is set whole
// (BITMAP_SIZE(NR_CPUS) bytes).
const wholeBitmap = ((maxCPUs+1)>>3 + 1) * 8

func bitCount(b []bool) int {
	if b == nil {
		return 1
	}
	n := 0
	for _, x := range b {
		if x {
			n++
		}
	}
	return n
}

// repeatHeaders is check_line_hdr: a header before every sample when several outputs are
// selected or the first one has several items.
func repeatHeaders(o *options, first *Sample) bool {
	n := outputs(o.rep)
	if o.rep.has(repFS) {
		n += o.fsOutputs() - 1
	}
	if n > 1 {
		return true
	}
	for _, x := range order {
		if !o.rep.has(x) {
			continue
		}
		switch x {
		case repCPU, repIRQ, repSoft:
			return bitCount(o.cpus) > 1
		case repDisk:
			return len(first.Disks) > 1
		case repNetDev, repNetEdev:
			return len(first.Net) > 1
		case repFS:
			return first.FSCount > 1
		case repSerial:
			return len(first.Serial) > 1
		}
		return false
	}
	return false
}

func live(o *options, tf timeFormat, out *bufio.Writer, stderr io.Writer, prog string) int {
	col := &collector{vo: o.container.ViewOptions(prog, stderr), first: true, now: now, want: o.rep, fsPID: -1}
	if o.toSet {
		col.want = repAll
	}
	first, _, err := col.sample()
	if err != nil {
		return cli.Error(stderr, prog, err.Error())
	}
	// Reports with no items at start (no used disk, no interface) are not collected.
	if len(first.Disks) == 0 {
		o.rep &^= repDisk
	}
	if len(first.Net) == 0 {
		o.rep &^= repNetDev | repNetEdev
	}
	if len(first.IRQ) == 0 {
		o.rep &^= repIRQ // sadc counts no interrupt: the activity is not collected
	}
	if first.FSCount == 0 {
		o.rep &^= repFS // likewise with no filesystem to measure
	}
	if len(first.Serial) == 0 {
		o.rep &^= repSerial // and with no serial line
	}
	if o.rep == 0 {
		io.WriteString(stderr, "Requested activities not available\n")
		return 1
	}
	sys, rel, node, mach := uname()
	hdr := &Header{Sysname: sys, Release: rel, Nodename: node, Machine: mach, NCPU: col.ncpu, Time: first.Time}
	if hdr.NCPU < 1 {
		hdr.NCPU = 1
	}
	var rec *recorder
	if o.toSet {
		rec, err = openRecorder(o.toFile, hdr)
		if err != nil {
			return cli.Error(stderr, prog, o.toFile+": "+errText(err))
		}
		defer rec.close()
		if err := rec.add(first); err != nil {
			return cli.Error(stderr, prog, o.toFile+": "+errText(err))
		}
	}
	d := &display{o: o, tf: tf, p: printer{human: o.human, dec: o.dec, c: o.colors}, ncpu: col.ncpu}
	disHdr := repeatHeaders(o, first)
	d.p.str(banner(hdr, tf))
	flush := func() bool {
		out.Write(d.p.b)
		d.p.b = d.p.b[:0]
		return out.Flush() == nil
	}
	if o.interval == 0 {
		// Statistics since boot: one line against zero counters.
		zero := &Sample{Time: first.Time, CPU: make([]CPUStat, len(first.CPU))}
		d.sinceBoot = true
		ts := d.stamp(first)
		for _, r := range order {
			if o.rep.has(r) {
				d.printOne(r, zero, first, true, false, ts, ts)
			}
		}
		flush()
		return 0
	}
	if !flush() {
		return 1
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT)
	defer signal.Stop(sigs)
	rows := winRows(o.rowsOut)
	lines := rows
	prev, last := first, first
	count := o.count
	if count == 0 {
		count = -1 // no count: until interrupted
	}
	interrupted := false
	for count != 0 && !interrupted {
		if waitOrSignal(time.Duration(o.interval)*time.Second, sigs) {
			d.p.str("\n") // sysstat's SIGINT handler skips the "^C" the terminal shows
			break
		}
		curr, signalled, err := sampleOrSignal(col, sigs)
		if signalled {
			// A read that blocks (a hung FUSE /proc file) cannot keep SIGINT from ending
			// the run: the sample is dropped, the averages cover the samples taken.
			d.p.str("\n")
			break
		}
		if err != nil {
			flush()
			return cli.Error(stderr, prog, err.Error())
		}
		if rec != nil {
			if err := rec.add(curr); err != nil {
				flush()
				return cli.Error(stderr, prog, o.toFile+": "+errText(err))
			}
		}
		dish := true
		if !disHdr {
			dish = lines/rows != 0
			if dish {
				lines %= rows
			}
			lines++
		}
		d.accumulate(curr)
		tsPrev, tsCurr := d.stamp(prev), d.stamp(curr)
		for _, r := range order {
			if o.rep.has(r) {
				d.printOne(r, prev, curr, dish, false, tsPrev, tsCurr)
			}
		}
		if !flush() {
			return 1
		}
		prev, last = curr, curr
		if count > 0 {
			count--
		}
		select {
		case <-sigs:
			d.p.str("\n")
			interrupted = true
		default:
		}
	}
	if d.avgCount > 0 {
		for _, r := range order {
			if o.rep.has(r) {
				d.printOne(r, first, last, disHdr, true, "Average:", "Average:")
			}
		}
	}
	flush()
	return 0
}

// waitOrSignal sleeps for dur; true when SIGINT came first.
// sampleOrSignal takes a sample, or gives up on it when SIGINT arrives first (true).
func sampleOrSignal(col *collector, sigs chan os.Signal) (*Sample, bool, error) {
	type result struct {
		s   *Sample
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, _, err := col.sample()
		done <- result{s, err}
	}()
	select {
	case r := <-done:
		return r.s, false, r.err
	case <-sigs:
		return nil, true, nil
	}
}

func waitOrSignal(dur time.Duration, sigs chan os.Signal) bool {
	done := make(chan struct{})
	go func() { sleep(dur); close(done) }()
	select {
	case <-done:
		return false
	case <-sigs:
		return true
	}
}

func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if errors.Is(err, errNotSarFile) {
		return "not a cgprocps sar file"
	}
	s := err.Error()
	if s != "" {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}

// nextSlice is sysstat's next_slice: whether the record at uptime (1/100 s) is the one nearest
// to a multiple of interval seconds after the reference record; last is the previous record's
// uptime.
func nextSlice(ref, uptime uint64, last *uint64, interval int64) bool {
	round := func(d uint64) uint64 {
		f := float64(d&0xffffffff) / 100
		n := uint64(f)
		if f*10-float64(n*10) >= 5 {
			n++
		}
		return n
	}
	fileInterval := round(uptime - *last)
	*last = uptime
	if interval <= 1 {
		return true
	}
	entry := int64(round(uptime - ref))
	fi := int64(fileInterval)
	lo := entry - fi/2
	hi := entry + fi/2 + fi&1
	pt1 := (entry / interval) * interval
	pt2 := (entry/interval + 1) * interval
	return (pt1 >= lo && pt1 < hi) || (pt2 >= lo && pt2 < hi)
}

// secOfDay is the time of day in seconds, in the display zone.
func secOfDay(t int64) int {
	tm := time.Unix(t, 0).In(localZone())
	return tm.Hour()*3600 + tm.Minute()*60 + tm.Second()
}

func fromFile(o *options, tf timeFormat, out *bufio.Writer, stderr io.Writer, prog string) int {
	h, err := readHistory(o.fromFile)
	if err != nil {
		if errors.Is(err, errNotSarFile) {
			fmt.Fprintf(stderr, "Invalid system activity file: %s\n", o.fromFile)
			return 3
		}
		fmt.Fprintf(stderr, "Cannot open %s: %s\n", o.fromFile, errText(err))
		if errors.Is(err, fs.ErrNotExist) && strings.HasPrefix(o.fromFile, saDir+"/") {
			io.WriteString(stderr, "Please check if data collecting is enabled\n")
		}
		return 2
	}
	if h.partial {
		fmt.Fprintf(stderr, "%s: %s: the last record is incomplete (the writer was stopped); it is ignored\n", prog, o.fromFile)
	}
	if h.corrupt {
		fmt.Fprintf(stderr, "%s: %s: a damaged record; reading stops there\n", prog, o.fromFile)
	}
	ncpu := h.hdr.NCPU
	d := &display{o: o, tf: tf, p: printer{human: o.human, dec: o.dec, c: o.colors}, ncpu: ncpu}
	d.p.str(banner(h.hdr, tf))
	flushed := func() {
		out.Write(d.p.b)
		d.p.b = d.p.b[:0]
	}
	// The first record inside the bounds is the reference of the first interval.
	startAt := func(s *Sample) bool {
		t := secOfDay(s.Time)
		if o.start != nil && t < o.start.h*3600+o.start.m*60+o.start.s {
			return false
		}
		if o.end != nil && t >= o.end.h*3600+o.end.m*60+o.end.s {
			return false
		}
		return true
	}
	i0 := 0
	for i0 < len(h.samples) && !startAt(h.samples[i0]) {
		i0++
	}
	if i0 >= len(h.samples) {
		flushed()
		return 0
	}
	first := h.samples[i0]
	rep := o.rep
	if len(first.Disks) == 0 {
		rep &^= repDisk
	}
	if len(first.Net) == 0 {
		rep &^= repNetDev | repNetEdev
	}
	if first.Snmp == nil {
		rep &^= repExtra // a file recorded before these reports existed
	}
	if len(first.IRQ) == 0 {
		rep &^= repIRQ // likewise, or no interrupts were read
	}
	if first.Soft == nil {
		rep &^= repSoft
	}
	if first.FSCount == 0 {
		rep &^= repFS
	}
	if len(first.Serial) == 0 {
		rep &^= repSerial
	}
	rows := winRows(o.rowsOut)
	for _, r := range order {
		if !rep.has(r) {
			continue
		}
		// -F with FILESYSTEM and MOUNT: sysstat reads the file once per output.
		passes, saved := []int{o.fsFlags}, o.fsFlags
		if r == repFS && o.fsFlags == fsByName|fsByMount {
			passes = []int{fsByName, fsByMount}
		}
		for _, pass := range passes {
			o.fsFlags = pass
			*d = display{o: o, tf: tf, p: d.p, ncpu: ncpu}
			var lines uint64
			prev, last := first, first
			remaining := o.count
			if remaining == 0 {
				remaining = -1
			}
			dish := true
			lastUp := first.Uptime
			for _, curr := range h.samples[i0+1:] {
				if lines >= rows || lines == 0 {
					lines, dish = 0, true
				} else {
					dish = false
				}
				if remaining == 0 {
					break
				}
				if !nextSlice(first.Uptime, curr.Uptime, &lastUp, o.interval) {
					continue // not close enough to a multiple of the interval
				}
				if o.end != nil && secOfDay(curr.Time) > o.end.h*3600+o.end.m*60+o.end.s {
					break
				}
				d.accumulate(curr)
				d.printOne(r, prev, curr, dish, false, d.stamp(prev), d.stamp(curr))
				switch r {
				case repCPU, repIRQ, repSoft:
					if o.cpusAll {
						lines += wholeBitmap // the lines sysstat counts per record, not those printed
					} else {
						lines += uint64(bitCount(o.cpus))
					}
				case repDisk:
					lines += uint64(len(curr.Disks))
				case repNetDev, repNetEdev:
					lines += uint64(len(curr.Net))
				case repFS:
					lines += uint64(len(curr.FS))
				case repSerial:
					lines += uint64(len(curr.Serial))
				default:
					lines++
				}
				prev, last = curr, curr
				if remaining > 0 {
					remaining--
				}
			}
			if lines >= rows || lines == 0 {
				dish = true
			} else {
				dish = false
			}
			if d.avgCount > 0 {
				d.printOne(r, first, last, dish, true, "Average:", "Average:")
			}
			flushed()
		}
		o.fsFlags = saved
	}
	flushed()
	return 0
}
