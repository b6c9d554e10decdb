// Package iostat is the cgroup-aware iostat: sysstat 12.6.1's iostat, byte for byte, over the
// container's view of the machine (or the host's). In a container the CPU report is measured
// against the container's capacity (the rendered /proc/stat's numbers) and the device report
// shows the cgroup's own I/O (cgview's disk view: io.stat or blkio.throttle.*), the first
// report covering the time since the container started.
package iostat

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/internal/cli"
	"github.com/cgprocps/cgprocps/internal/machine"
	"github.com/cgprocps/cgprocps/internal/profile"
	"github.com/cgprocps/cgprocps/internal/sysstat"
	"github.com/cgprocps/cgprocps/internal/version"
)

// cpuSample is the "cpu" line of /proc/stat as iostat reads it.
type cpuSample struct {
	user, nice, sys, idle, iowait, hardirq, softirq, steal uint64
}

func (c cpuSample) total() uint64 {
	return c.user + c.nice + c.sys + c.idle + c.iowait + c.hardirq + c.steal + c.softirq
}

// state is one run's samples, as sysstat keeps them in two slots.
type state struct {
	cfg    config
	prog   string
	o      *out
	list   devList
	uptime [2]uint64
	cpu    [2]cpuSample
	dm     *dmNames
}

// Main runs iostat with argv0 as invoked and the arguments after it, as the sysstat release
// of the profile in force (profile.Current); it returns the exit status.
func Main(argv0 string, args []string, stdout, stderr io.Writer) int {
	return MainProfile(profile.Current(stderr).Profile, argv0, args, stdout, stderr)
}

// MainProfile runs iostat as the sysstat release of profile pr.
func MainProfile(pr profile.Profile, argv0 string, args []string, stdout, stderr io.Writer) int {
	prog := cli.ProgName(argv0)
	cfg, ok, msg := parseArgs(pr.Sysstat, args)
	if !ok {
		if strings.HasPrefix(msg, "\x00") {
			io.WriteString(stderr, msg[1:]+"\n")
			return 1
		}
		if msg != "" {
			return cli.Error(stderr, prog, msg)
		}
		usageLine(stderr, argv0, cfg.ver)
		return 1
	}
	if cfg.help {
		io.WriteString(stdout, strings.Replace(helpText, "%s", prog, 1)+cli.ContainerHelp)
		return 0
	}
	if cfg.version {
		if cfg.ver == profile.Sysstat12_7 {
			// 12.7 first prints the environment variables it reads that are set.
			for _, name := range []string{"POSIXLY_CORRECT", "S_COLORS", "S_COLORS_SGR", "S_TIME_FORMAT"} {
				if val, ok := os.LookupEnv(name); ok {
					io.WriteString(stdout, name+"="+val+"\n")
				}
			}
		}
		io.WriteString(stdout, version.Line(prog, cfg.ver.Original())+"\n")
		return 0
	}
	v := cli.Open(cfg.k.ViewOptions(prog, stderr), stderr)
	if v == nil {
		return 1
	}
	w := bufio.NewWriterSize(stdout, 16<<10)
	defer w.Flush()
	st := &state{cfg: cfg, prog: prog, o: &out{ver: cfg.ver, w: w, c: initColors(cfg.ver, machine.IsTerminalFile(stdout)), dplaces: cfg.dplaces}}
	st.list = devList{ordered: cfg.flags&(fEverything|fGroupDefined) == 0, fs: v.FS()}
	if cfg.flags&fDevmapName != 0 {
		st.dm = loadDMNames(v.FS())
	}
	for _, d := range cfg.devs {
		name := d.name
		if d.dm {
			// sysstat's get_dm_name_from_registered_name: /dev/mapper/NAME -> ../dm-N.
			if target, err := machine.Host.Readlink("/dev/mapper/" + name); err == nil {
				name = filepath.Base(target)
			}
		}
		st.list.add(name, d.tp, 0, 0, d.ordered)
	}
	st.banner(v, now().In(cli.Local()))
	if code := st.loop(v, stderr); code != 0 {
		return code
	}
	return 0
}

// cpuCount is sysstat's get_cpu_nr: the cpuN folders of /sys/devices/system/cpu (the
// container's N in container mode, where the rendered folder holds cpu0..cpuN-1), else the
// cpuN lines of /proc/stat.
func cpuCount(v *cgview.View) int {
	if v.Container() {
		return v.CPU().N
	}
	names, err := v.FS().DirNames("/sys/devices/system/cpu")
	n := 0
	if err == nil {
		for _, name := range names {
			if len(name) > 3 && strings.HasPrefix(name, "cpu") && name[3] >= '0' && name[3] <= '9' {
				if v.FS().IsDir("/sys/devices/system/cpu/" + name) {
					n++
				}
			}
		}
	}
	if n == 0 {
		n = v.CPU().N
	}
	return n
}

func utsString(b [65]int8) string {
	var s []byte
	for _, c := range b {
		if c == 0 {
			break
		}
		s = append(s, byte(c))
	}
	return string(s)
}

func (st *state) iso() bool { return os.Getenv("S_TIME_FORMAT") == "ISO" }

func (st *state) banner(v *cgview.View, now time.Time) {
	var u syscall.Utsname
	syscall.Uname(&u)
	date := now.Format("01/02/06")
	if st.iso() {
		date = now.Format("2006-01-02")
		st.cfg.flags |= fISO
	}
	sysname, release, node, machine := utsString(u.Sysname), utsString(u.Release), utsString(u.Nodename), utsString(u.Machine)
	n := cpuCount(v)
	w := st.o
	if st.cfg.flags&fJSON == 0 {
		w.s(fmt.Sprintf("%s %s (%s) \t%s \t_%s_\t(%d CPU)\n\n", sysname, release, node, date, machine, n))
		return
	}
	w.s("{\"sysstat\": {\n")
	w.s(tabs(1) + "\"hosts\": [\n")
	w.s(tabs(2) + "{\n")
	w.s(tabs(3) + "\"nodename\": \"" + node + "\",\n")
	w.s(tabs(3) + "\"sysname\": \"" + sysname + "\",\n")
	w.s(tabs(3) + "\"release\": \"" + release + "\",\n")
	w.s(tabs(3) + "\"machine\": \"" + machine + "\",\n")
	w.s(tabs(3) + "\"number-of-cpus\": " + strconv.Itoa(n) + ",\n")
	w.s(tabs(3) + "\"date\": \"" + date + "\",\n")
	w.s(tabs(3) + "\"statistics\": [\n")
}

// sample reads the uptime, the CPU line and the devices into slot curr.
func (st *state) sample(v *cgview.View, curr int, stderr io.Writer) int {
	u, err := v.Uptime()
	if err != nil {
		// sysstat says "Cannot read /proc/uptime" and exits 2; the suite names itself and
		// the file and exits 1 (docs/iostat.md).
		return cli.Error(stderr, st.prog, err.Error())
	}
	st.uptime[curr] = u.Centis
	c, ok := cpuLine(v, u)
	if !ok {
		return cli.Error(stderr, st.prog, "/proc/stat: unreadable")
	}
	st.cpu[curr] = c
	st.list.read(v, curr, st.cfg.flags)
	return 0
}

// cpuLine is the "cpu" line of the view's /proc/stat: the host's file in host mode; in
// container mode the rendered line's numbers (user, system, idle = C x uptime - busy).
func cpuLine(v *cgview.View, u cgview.Uptime) (cpuSample, bool) {
	if v.Container() {
		c := v.CPU()
		if t := c.HostTicks; c.HostFallback && t != nil {
			// No readable cpu.stat/cpuacct.stat: the host's line, as the warning says.
			return cpuSample{user: t[0], nice: t[1], sys: t[2], idle: t[3], iowait: t[4], hardirq: t[5], softirq: t[6], steal: t[7]}, true
		}
		s := cpuSample{user: c.UserTicks, sys: c.SystemTicks}
		if capTicks := uint64(c.Capacity * float64(u.Centis)); capTicks > s.user+s.sys {
			s.idle = capTicks - s.user - s.sys
		}
		return s, true
	}
	b, err := v.ProcFile("stat")
	if err != nil {
		return cpuSample{}, false
	}
	var s cpuSample
	for text := string(b); text != ""; {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		if !strings.HasPrefix(line, "cpu ") {
			continue
		}
		f := strings.Fields(line[4:])
		p := []*uint64{&s.user, &s.nice, &s.sys, &s.idle, &s.iowait, &s.hardirq, &s.softirq, &s.steal}
		for i := 0; i < len(p) && i < len(f); i++ {
			x, err := strconv.ParseUint(f[i], 10, 64)
			if err != nil {
				break
			}
			*p[i] = x
		}
		break
	}
	return s, true
}

func (st *state) loop(v *cgview.View, stderr io.Writer) int {
	cfg := st.cfg
	curr := 1
	skip := cfg.flags&fOmitSinceBoot != 0 && cfg.interval > 0
	count := cfg.count
	start := time.Now()
	var tick int64
	var sigint chan os.Signal
	if count != 1 {
		// sysstat catches SIGINT while it waits: the report in progress ends (JSON closed
		// properly), exit status 0.
		sigint = make(chan os.Signal, 1)
		signal.Notify(sigint, os.Interrupt)
		defer signal.Stop(sigint)
	}
	for {
		code, signalled := st.sampleOrSignal(v, curr, stderr, sigint)
		if signalled {
			// SIGINT while a read blocks (a hung FUSE /proc file): the sample is dropped and
			// the run ends as sysstat's handler ends it (JSON closed, status 0).
			break
		}
		if code != 0 {
			st.o.w.Flush()
			return code
		}
		st.writeStats(curr, now().In(cli.Local()), skip)
		if !skip && count > 0 {
			count--
		}
		if count != 0 {
			curr ^= 1
			st.o.w.Flush()
			tick++
			if wait(start, time.Duration(tick)*time.Duration(cfg.interval)*time.Second, sigint) {
				count = 0
			}
			if count != 0 && cfg.flags&fJSON != 0 && !skip {
				st.o.s(",")
			}
			skip = false
			nv, err := cgview.Open(cfg.k.ViewOptions(st.prog, io.Discard))
			if err == nil {
				v = nv
			}
		}
		st.o.s("\n")
		if count == 0 {
			break
		}
	}
	if cfg.flags&fJSON != 0 {
		st.o.s("\t\t\t]\n\t\t}\n\t]\n}}\n")
	}
	return 0
}

// sampleOrSignal is st.sample, given up when SIGINT arrives first (true; never with a nil
// sigint, the single report's case).
func (st *state) sampleOrSignal(v *cgview.View, curr int, stderr io.Writer, sigint <-chan os.Signal) (int, bool) {
	if sigint == nil {
		return st.sample(v, curr, stderr), false
	}
	done := make(chan int, 1)
	go func() { done <- st.sample(v, curr, stderr) }()
	select {
	case code := <-done:
		return code, false
	case <-sigint:
		return 0, true
	}
}

// The clock hooks, replaced by the clock-step tests. now is the wall clock of the banner's
// date and the -t timestamps, never of an interval (rates divide by the uptime's delta). wait
// blocks until offset after start, or until a signal arrives on stop (true then): start is a
// time.Now reading, whose monotonic part time.Until uses, so a wall-clock step moves no
// sample.
var (
	now  = time.Now
	wait = func(start time.Time, offset time.Duration, stop <-chan os.Signal) bool {
		timer := time.NewTimer(time.Until(start.Add(offset)))
		select {
		case <-timer.C:
			return false
		case <-stop:
			timer.Stop()
			return true
		}
	}
)

func sValue(prev, cur uint64, itv uint64) float64 {
	return float64(cur-prev) / float64(itv) * 100
}

func spValue(prev, cur uint64, itv uint64) float64 {
	if cur < prev {
		return 0
	}
	return float64(cur-prev) / float64(itv) * 100
}

func (st *state) timestamp(tab int, now time.Time) {
	var ts string
	if st.cfg.flags&fISO != 0 {
		ts = now.Format("2006-01-02T15:04:05-0700")
	} else {
		ts = now.Format("01/02/06 15:04:05")
	}
	if st.cfg.flags&fJSON != 0 {
		st.o.s(tabs(tab) + "\"timestamp\": \"" + ts + "\",\n")
	} else {
		st.o.s(ts + "\n")
	}
}

func (st *state) writeCPU(curr, tab int) {
	p, c := st.cpu[curr^1], st.cpu[curr]
	tot := c.total() - p.total()
	if tot == 0 {
		tot = 1
	}
	idle := 0.0
	if c.idle >= p.idle {
		idle = spValue(p.idle, c.idle, tot)
	}
	vals := []float64{
		spValue(p.user, c.user, tot), spValue(p.nice, c.nice, tot),
		spValue(p.sys+p.softirq+p.hardirq, c.sys+c.softirq+c.hardirq, tot),
		spValue(p.iowait, c.iowait, tot), spValue(p.steal, c.steal, tot), idle,
	}
	o := st.o
	if st.cfg.flags&fJSON != 0 {
		o.s(tabs(tab) + fmt.Sprintf("\"avg-cpu\":  {\"user\": %.2f, \"nice\": %.2f, \"system\": %.2f,"+
			" \"iowait\": %.2f, \"steal\": %.2f, \"idle\": %.2f}", vals[0], vals[1], vals[2], vals[3], vals[4], vals[5]))
		return
	}
	o.s("avg-cpu:  %user   %nice %system %iowait  %steal   %idle\n")
	o.s("       ")
	o.xpc(st.cfg.flags&fUnit != 0, sysstat.XHigh, 7, 2, vals[:5]...)
	o.xpc(st.cfg.flags&fUnit != 0, sysstat.XLow, 7, 2, vals[5])
	o.s("\n\n")
}

func (st *state) diskHeader(tab *int, hpart int) int {
	flags := st.cfg.flags
	var fctr int
	var units, spc string
	switch {
	case flags&fKilobytes != 0:
		fctr, units, spc = 2, "kB", " "
	case flags&fMegabytes != 0:
		fctr, units, spc = 2048, "MB", " "
	case flags&fExtended != 0:
		fctr, units = 1, "sec"
	default:
		fctr, units = 1, "Blk"
	}
	o := st.o
	if flags&fJSON != 0 {
		o.s(tabs(*tab) + "\"disk\": [\n")
		*tab++
		return fctr
	}
	if flags&fPretty == 0 {
		o.s("Device       ")
	}
	if flags&fExtended != 0 {
		if flags&fShort != 0 {
			o.s("      tps     " + spc + units + "/s    rqm/s   await  areq-sz  aqu-sz  %util")
		} else {
			if hpart == 1 || hpart == 0 {
				o.s("     r/s    " + spc + "r" + units + "/s   rrqm/s  %rrqm r_await rareq-sz")
			}
			if hpart == 2 || hpart == 0 {
				o.s("     w/s    " + spc + "w" + units + "/s   wrqm/s  %wrqm w_await wareq-sz")
			}
			if hpart == 3 || hpart == 0 {
				o.s("     d/s    " + spc + "d" + units + "/s   drqm/s  %drqm d_await dareq-sz")
			}
			if hpart == 4 || hpart == 0 {
				o.s("     f/s f_await  aqu-sz  %util")
			}
		}
	} else if flags&fShort != 0 {
		u := spc + units
		o.s("      tps   " + u + "_read/s    " + u + "_w+d/s   " + u + "_read    " + u + "_w+d")
	} else {
		u := spc + units
		o.s("      tps   " + u + "_read/s   " + u + "_wrtn/s   " + u + "_dscd/s   " + u + "_read   " + u + "_wrtn   " + u + "_dscd")
	}
	if flags&fPretty != 0 {
		o.s(" Device")
	}
	o.s("\n")
	return fctr
}

func (st *state) writeStats(curr int, now time.Time, skip bool) {
	flags := st.cfg.flags
	o := st.o
	tab := 4
	if flags&fJSON != 0 && !skip {
		o.s(tabs(tab) + "{\n")
		tab++
	}
	if flags&fTimestamp != 0 && !skip {
		st.timestamp(tab, now)
	}
	if flags&fCPU != 0 && !skip {
		st.writeCPU(curr, tab)
		if flags&fJSON != 0 {
			if flags&fDisk != 0 {
				o.s(",")
			}
			o.s("\n")
		}
	}
	itv := st.uptime[curr] - st.uptime[curr^1]
	if itv == 0 {
		itv = 1
	}
	if flags&fDisk != 0 {
		hl, hh := 0, 0
		if flags&fPretty != 0 && flags&fExtended != 0 && flags&fShort == 0 && flags&fJSON == 0 && flags&fCompact == 0 {
			hl, hh = 1, 4
		}
		next := false
		fctr := 1
		for h := hl; h <= hh; h++ {
			if !skip {
				fctr = st.diskHeader(&tab, h)
			}
			var g *device
			devs := st.list.devs
			for i := 0; ; i++ {
				var d *device
				if i >= len(devs) {
					if g == nil {
						break
					}
					d, g = g, nil // the last group, after its devices
				} else {
					d = devs[i]
					if d.tp >= tGroup {
						d.stats[curr] = ioStats{}
						if g == nil {
							g = d
							continue
						}
						g, d = d, g // show the previous group now
					}
				}
				if !d.exist && d.tp < tGroup {
					continue
				}
				if g != nil && h == hl && d.tp < tGroup {
					g.tp++
					addToGroup(&g.stats[curr], &d.stats[curr], flags&fUnfiltered != 0)
				}
				if flags&fGroupTotalOnly != 0 && g != nil && d.tp < tGroup {
					continue
				}
				ioi, ioj := &d.stats[curr], &d.stats[curr^1]
				if flags&fUnfiltered == 0 && ioi.rdIOs == 0 && ioi.wrIOs == 0 && ioi.dcIOs == 0 && ioi.flIOs == 0 {
					continue
				}
				if flags&fZeroOmit != 0 && ioi.rdIOs == ioj.rdIOs && ioi.wrIOs == ioj.wrIOs &&
					ioi.dcIOs == ioj.dcIOs && ioi.flIOs == ioj.flIOs {
					continue
				}
				var zero ioStats
				if ioi.rdIOs+ioi.wrIOs+ioi.dcIOs+ioi.flIOs < ioj.rdIOs+ioj.wrIOs+ioj.dcIOs+ioj.flIOs &&
					(ioj.rdSectors == 0 || ioi.rdSectors < ioj.rdSectors) &&
					(ioj.wrSectors == 0 || ioi.wrSectors < ioj.wrSectors) &&
					(ioj.dcSectors == 0 || ioi.dcSectors < ioj.dcSectors) {
					ioj = &zero
				}
				name := d.name
				if st.dm != nil {
					if n := st.dm.name(d.major, d.minor); n != "" {
						name = n
					}
				}
				name = strings.ReplaceAll(name, "!", "/")
				if skip {
					continue
				}
				if flags&fJSON != 0 && next {
					o.s(",\n")
				}
				next = true
				if flags&fExtended != 0 {
					st.extStat(itv, fctr, h, d, ioi, ioj, tab, name)
				} else {
					st.basicStat(itv, fctr, ioi, ioj, tab, name)
				}
			}
			if h > 0 && h < hh && !skip {
				o.s("\n")
			}
		}
		if flags&fJSON != 0 && !skip {
			o.s("\n")
			tab--
			o.s(tabs(tab) + "]\n")
		}
	}
	if !skip {
		if flags&fJSON != 0 {
			tab--
			o.s(tabs(tab) + "}")
		} else {
			o.s("\n")
		}
	}
}

// addToGroup adds a device's counters to its group's (compute_device_groups_stats): only a
// device with I/O since boot counts unless devices were named.
func addToGroup(g, d *ioStats, unfiltered bool) {
	if !unfiltered && d.rdIOs == 0 && d.wrIOs == 0 && d.dcIOs == 0 && d.flIOs == 0 {
		return
	}
	g.rdIOs += d.rdIOs
	g.rdMerges += d.rdMerges
	g.rdSectors += d.rdSectors
	g.rdTicks += d.rdTicks
	g.wrIOs += d.wrIOs
	g.wrMerges += d.wrMerges
	g.wrSectors += d.wrSectors
	g.wrTicks += d.wrTicks
	g.dcIOs += d.dcIOs
	g.dcMerges += d.dcMerges
	g.dcSectors += d.dcSectors
	g.dcTicks += d.dcTicks
	g.flIOs += d.flIOs
	g.flTicks += d.flTicks
	g.iosPgr += d.iosPgr
	g.totTicks += d.totTicks
	g.rqTicks += d.rqTicks
}

func (st *state) basicStat(itv uint64, fctr int, ioi, ioj *ioStats, tab int, name string) {
	flags := st.cfg.flags
	o := st.o
	rdSec := ioi.rdSectors - ioj.rdSectors
	if ioi.rdSectors < ioj.rdSectors && ioj.rdSectors <= 0xffffffff {
		rdSec &= 0xffffffff
	}
	wrSec := ioi.wrSectors - ioj.wrSectors
	if ioi.wrSectors < ioj.wrSectors && ioj.wrSectors <= 0xffffffff {
		wrSec &= 0xffffffff
	}
	dcSec := ioi.dcSectors - ioj.dcSectors
	if ioi.dcSectors < ioj.dcSectors && ioj.dcSectors <= 0xffffffff {
		dcSec &= 0xffffffff
	}
	tps := sValue(ioj.rdIOs+ioj.wrIOs+ioj.dcIOs, ioi.rdIOs+ioi.wrIOs+ioi.dcIOs, itv)
	f := uint64(fctr)
	if flags&fJSON != 0 {
		var u string
		switch {
		case flags&fKilobytes != 0:
			u = "kB"
		case flags&fMegabytes != 0:
			u = "MB"
		default:
			u = "Blk"
		}
		ff := float64(fctr)
		o.s(tabs(tab) + fmt.Sprintf("{\"disk_device\": \"%s\", \"tps\": %.2f, ", name, tps))
		o.s(fmt.Sprintf("\"%s_read/s\": %.2f, \"%s_wrtn/s\": %.2f, \"%s_dscd/s\": %.2f, "+
			"\"%s_read\": %d, \"%s_wrtn\": %d, \"%s_dscd\": %d}",
			u, sValue(ioj.rdSectors, ioi.rdSectors, itv)/ff, u, sValue(ioj.wrSectors, ioi.wrSectors, itv)/ff,
			u, sValue(ioj.dcSectors, ioi.dcSectors, itv)/ff, u, rdSec/f, u, wrSec/f, u, dcSec/f))
		return
	}
	human := flags&fUnit != 0
	if flags&fPretty == 0 {
		o.item(name, true)
	}
	r := sValue(ioj.rdSectors, ioi.rdSectors, itv)
	w := sValue(ioj.wrSectors, ioi.wrSectors, itv)
	d := sValue(ioj.dcSectors, ioi.dcSectors, itv)
	if !human {
		r /= float64(fctr)
		w /= float64(fctr)
		d /= float64(fctr)
	}
	o.f(noUnit, 8, 2, tps)
	unit := noUnit
	if human {
		unit = unitSect
		f = 1
	}
	if flags&fShort != 0 {
		o.f(unit, 12, 2, r, w+d)
		if human {
			o.u64(unit, 10, rdSec, wrSec+dcSec)
		} else {
			o.u64(unit, 10, rdSec/f, (wrSec+dcSec)/f)
		}
	} else {
		o.f(unit, 12, 2, r, w, d)
		o.u64(unit, 10, rdSec/f, wrSec/f, dcSec/f)
	}
	if flags&fPretty != 0 {
		o.item(name, false)
	}
	o.s("\n")
}

func (st *state) extStat(itv uint64, fctr int, hpart int, d *device, ioi, ioj *ioStats, tab int, name string) {
	flags := st.cfg.flags
	o := st.o
	if d.tp == tGroup {
		return // a group without devices
	}
	n := 1.0
	if d.tp > tGroup {
		n = float64(d.tp - tGroup)
	}
	short := flags&fShort != 0
	// 12.7 prints 0 for a rate whose counter went backwards and computes an await or a
	// request size only when the I/O count grew; before, the unsigned differences.
	clamp := st.cfg.ver == profile.Sysstat12_7
	sv := func(prev, cur uint64) float64 {
		if clamp && cur < prev {
			return 0
		}
		return sValue(prev, cur, itv)
	}
	grew := func(prev, cur uint64) bool { return cur > prev || !clamp && cur != prev }
	var util, await, arqsz float64
	if hpart == 4 || hpart == 0 || short {
		nrIOs := float64((ioi.rdIOs + ioi.wrIOs + ioi.dcIOs) - (ioj.rdIOs + ioj.wrIOs + ioj.dcIOs))
		if !clamp || ioi.totTicks >= ioj.totTicks {
			util = float64(ioi.totTicks-ioj.totTicks) / float64(itv) * 100
		}
		if grew(ioj.rdIOs+ioj.wrIOs+ioj.dcIOs, ioi.rdIOs+ioi.wrIOs+ioi.dcIOs) {
			await = (float64(ioi.rdTicks-ioj.rdTicks) + float64(ioi.wrTicks-ioj.wrTicks) + float64(ioi.dcTicks-ioj.dcTicks)) / nrIOs
			arqsz = (float64(ioi.rdSectors-ioj.rdSectors) + float64(ioi.wrSectors-ioj.wrSectors) + float64(ioi.dcSectors-ioj.dcSectors)) / nrIOs
		}
	}
	rsec := sv(ioj.rdSectors, ioi.rdSectors)
	wsec := sv(ioj.wrSectors, ioi.wrSectors)
	dsec := sv(ioj.dcSectors, ioi.dcSectors)
	var sectors float64
	var rrqm, wrqm, drqm, rAwait, wAwait, dAwait, fAwait, rarq, warq, darq float64
	pct := func(merges, ios uint64) float64 {
		if merges+ios == 0 {
			return 0
		}
		return float64(merges) / float64(merges+ios) * 100
	}
	if short {
		sectors = rsec + wsec + dsec
	} else {
		if hpart == 1 || hpart == 0 {
			rrqm = pct(ioi.rdMerges-ioj.rdMerges, ioi.rdIOs-ioj.rdIOs)
			if grew(ioj.rdIOs, ioi.rdIOs) {
				rAwait = float64(ioi.rdTicks-ioj.rdTicks) / float64(ioi.rdIOs-ioj.rdIOs)
				rarq = float64(ioi.rdSectors-ioj.rdSectors) / float64(ioi.rdIOs-ioj.rdIOs)
			}
		}
		if hpart == 2 || hpart == 0 {
			wrqm = pct(ioi.wrMerges-ioj.wrMerges, ioi.wrIOs-ioj.wrIOs)
			if grew(ioj.wrIOs, ioi.wrIOs) {
				wAwait = float64(ioi.wrTicks-ioj.wrTicks) / float64(ioi.wrIOs-ioj.wrIOs)
				warq = float64(ioi.wrSectors-ioj.wrSectors) / float64(ioi.wrIOs-ioj.wrIOs)
			}
		}
		if hpart == 3 || hpart == 0 {
			drqm = pct(ioi.dcMerges-ioj.dcMerges, ioi.dcIOs-ioj.dcIOs)
			if grew(ioj.dcIOs, ioi.dcIOs) {
				dAwait = float64(ioi.dcTicks-ioj.dcTicks) / float64(ioi.dcIOs-ioj.dcIOs)
				darq = float64(ioi.dcSectors-ioj.dcSectors) / float64(ioi.dcIOs-ioj.dcIOs)
			}
		}
		if hpart == 4 || hpart == 0 {
			if grew(ioj.flIOs, ioi.flIOs) {
				fAwait = float64(ioi.flTicks-ioj.flTicks) / float64(ioi.flIOs-ioj.flIOs)
			}
		}
	}
	var aqu float64
	if !clamp || ioi.rqTicks >= ioj.rqTicks {
		aqu = float64(ioi.rqTicks-ioj.rqTicks) / float64(itv) * 100 / 1000
	}
	ff := float64(fctr)
	if flags&fJSON != 0 {
		o.s(tabs(tab) + "{\"disk_device\": \"" + name + "\", ")
		if short {
			u := "sec/s"
			if flags&fMegabytes != 0 {
				u = "MB/s"
			} else if flags&fKilobytes != 0 {
				u = "kB/s"
			}
			o.s(fmt.Sprintf("\"tps\": %.2f, \"%s\": %.2f, \"rqm/s\": %.2f, \"await\": %.2f, \"areq-sz\": %.2f, \"aqu-sz\": %.2f, ",
				sv(ioj.rdIOs+ioj.wrIOs+ioj.dcIOs, ioi.rdIOs+ioi.wrIOs+ioi.dcIOs), u, sectors/ff,
				sv(ioj.rdMerges+ioj.wrMerges+ioj.dcMerges, ioi.rdMerges+ioi.wrMerges+ioi.dcMerges),
				await, arqsz/2, aqu))
		} else {
			o.s(fmt.Sprintf("\"r/s\": %.2f, \"w/s\": %.2f, \"d/s\": %.2f, \"f/s\": %.2f, ",
				sv(ioj.rdIOs, ioi.rdIOs), sv(ioj.wrIOs, ioi.wrIOs),
				sv(ioj.dcIOs, ioi.dcIOs), sv(ioj.flIOs, ioi.flIOs)))
			u := "sec"
			if flags&fMegabytes != 0 {
				u = "MB"
			} else if flags&fKilobytes != 0 {
				u = "kB"
			}
			o.s(fmt.Sprintf("\"r%s/s\": %.2f, \"w%s/s\": %.2f, \"d%s/s\": %.2f, ", u, rsec/ff, u, wsec/ff, u, dsec/ff))
			o.s(fmt.Sprintf("\"rrqm/s\": %.2f, \"wrqm/s\": %.2f, \"drqm/s\": %.2f, "+
				"\"rrqm\": %.2f, \"wrqm\": %.2f, \"drqm\": %.2f, "+
				"\"r_await\": %.2f, \"w_await\": %.2f, \"d_await\": %.2f, \"f_await\": %.2f, "+
				"\"rareq-sz\": %.2f, \"wareq-sz\": %.2f, \"dareq-sz\": %.2f, "+
				"\"aqu-sz\": %.2f, ",
				sv(ioj.rdMerges, ioi.rdMerges), sv(ioj.wrMerges, ioi.wrMerges),
				sv(ioj.dcMerges, ioi.dcMerges), rrqm, wrqm, drqm,
				rAwait, wAwait, dAwait, fAwait, rarq/2, warq/2, darq/2, aqu))
		}
		o.s(fmt.Sprintf("\"util\": %.2f}", util/10.0/n))
		return
	}
	human := flags&fUnit != 0
	if flags&fPretty == 0 {
		o.item(name, true)
	}
	sUnit, kUnit := noUnit, noUnit
	if human {
		sUnit, kUnit = unitSect, unitKB
	}
	div := func(x float64) float64 {
		if human {
			return x
		}
		return x / ff
	}
	if short {
		o.f(noUnit, 8, 2, sv(ioj.rdIOs+ioj.wrIOs+ioj.dcIOs, ioi.rdIOs+ioi.wrIOs+ioi.dcIOs))
		o.f(sUnit, 9, 2, div(sectors))
		o.f(noUnit, 8, 2, sv(ioj.rdMerges+ioj.wrMerges+ioj.dcMerges, ioi.rdMerges+ioi.wrMerges+ioi.dcMerges))
		o.f(noUnit, 7, 2, await)
		o.f(kUnit, 8, 2, arqsz/2)
		o.f(noUnit, 7, 2, aqu)
		o.xpc(human, sysstat.XHigh, 6, 2, util/10.0/n)
	} else {
		if hpart == 1 || hpart == 0 {
			o.f(noUnit, 7, 2, sv(ioj.rdIOs, ioi.rdIOs))
			o.f(sUnit, 9, 2, div(rsec))
			o.f(noUnit, 8, 2, sv(ioj.rdMerges, ioi.rdMerges))
			o.xpc(human, sysstat.XLow0, 6, 2, rrqm)
			o.f(noUnit, 7, 2, rAwait)
			o.f(kUnit, 8, 2, rarq/2)
		}
		if hpart == 2 || hpart == 0 {
			o.f(noUnit, 7, 2, sv(ioj.wrIOs, ioi.wrIOs))
			o.f(sUnit, 9, 2, div(wsec))
			o.f(noUnit, 8, 2, sv(ioj.wrMerges, ioi.wrMerges))
			o.xpc(human, sysstat.XLow0, 6, 2, wrqm)
			o.f(noUnit, 7, 2, wAwait)
			o.f(kUnit, 8, 2, warq/2)
		}
		if hpart == 3 || hpart == 0 {
			o.f(noUnit, 7, 2, sv(ioj.dcIOs, ioi.dcIOs))
			o.f(sUnit, 9, 2, div(dsec))
			o.f(noUnit, 8, 2, sv(ioj.dcMerges, ioi.dcMerges))
			o.xpc(human, sysstat.XLow0, 6, 2, drqm)
			o.f(noUnit, 7, 2, dAwait)
			o.f(kUnit, 8, 2, darq/2)
		}
		if hpart == 4 || hpart == 0 {
			o.f(noUnit, 7, 2, sv(ioj.flIOs, ioi.flIOs))
			o.f(noUnit, 7, 2, fAwait)
			o.f(noUnit, 7, 2, aqu)
			o.xpc(human, sysstat.XHigh, 6, 2, util/10.0/n)
		}
	}
	if flags&fPretty != 0 {
		o.item(name, false)
	}
	o.s("\n")
}
