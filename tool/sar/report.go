package sar

import (
	"strconv"
	"time"
)

// The reports: sysstat 12.6.1's pr_stats.c arithmetic and layout (docs/sar.md).

// Header lines (after the time column), by report.
var (
	hdrCPU     = []string{"CPU", "%user", "%nice", "%system", "%iowait", "%steal", "%idle"}
	hdrCPUAll  = []string{"CPU", "%usr", "%nice", "%sys", "%iowait", "%steal", "%irq", "%soft", "%guest", "%gnice", "%idle"}
	hdrPcsw    = []string{"proc/s", "cswch/s"}
	hdrSwpg    = []string{"pswpin/s", "pswpout/s"}
	hdrPaging  = []string{"pgpgin/s", "pgpgout/s", "fault/s", "majflt/s", "pgfree/s", "pgscank/s", "pgscand/s", "pgsteal/s", "%vmeff"}
	hdrIO      = []string{"tps", "rtps", "wtps", "dtps", "bread/s", "bwrtn/s", "bdscd/s"}
	hdrMem     = []string{"kbmemfree", "kbavail", "kbmemused", "%memused", "kbbuffers", "kbcached", "kbcommit", "%commit", "kbactive", "kbinact", "kbdirty"}
	hdrMemAll  = []string{"kbanonpg", "kbslab", "kbkstack", "kbpgtbl", "kbvmused"}
	hdrSwap    = []string{"kbswpfree", "kbswpused", "%swpused", "kbswpcad", "%swpcad"}
	hdrQueue   = []string{"runq-sz", "plist-sz", "ldavg-1", "ldavg-5", "ldavg-15", "blocked"}
	hdrDisk    = []string{"DEV", "tps", "rkB/s", "wkB/s", "dkB/s", "areq-sz", "aqu-sz", "await", "%util"}
	hdrNetDev  = []string{"IFACE", "rxpck/s", "txpck/s", "rxkB/s", "txkB/s", "rxcmp/s", "txcmp/s", "rxmcst/s", "%ifutil"}
	hdrNetEdev = []string{"IFACE", "rxerr/s", "txerr/s", "coll/s", "rxdrop/s", "txdrop/s", "txcarr/s", "rxfram/s", "rxfifo/s", "txfifo/s"}
)

// sval is sysstat's S_VALUE: (n - m) / itv * 100 on unsigned counters.
func sval(m, n, itv uint64) float64 { return float64(n-m) / float64(itv) * 100 }

// spval is ll_sp_value: 0 when the counter went backwards.
func spval(m, n, itv uint64) float64 {
	if n < m {
		return 0
	}
	return float64(n-m) / float64(itv) * 100
}

// itvOf is get_interval: the uptime delta in 1/100 s, at least 1.
func itvOf(prev, curr *Sample) uint64 {
	itv := curr.Uptime - prev.Uptime
	if itv == 0 {
		itv = 1
	}
	return itv
}

// display holds what the printing needs across samples.
type display struct {
	dm   *dmNamer // -p's device-mapper names, read at the first -d row
	o    *options
	tf   timeFormat
	p    printer
	ncpu int

	sinceBoot bool
	// Running sums for the memory and queue averages (sysstat's static avg_* counters).
	avgCount                                                       uint64
	aFree, aBuf, aCached, aCommit, aActive, aInact, aDirty, aAvail uint64
	aAnon, aSlab, aKStack, aPgTbl, aVmUsed                         uint64
	aSwFree, aSwTotal, aSwCached                                   uint64
	aRunQ, aPList, aL1, aL5, aL15, aBlocked                        uint64
	aSnmp                                                          [nSnmp]uint64 // SOCK, SOCK6
	irqIni, softIni                                                int           // sysstat's nr_ini of -I and -n SOFT (0: not set yet)
	softBlg                                                        []uint64      // -n SOFT: sums of the printed blg_len, by row
	fsSum                                                          []FSStat      // -F: the Summary: list
	fsSeeded                                                       bool
}

func (d *display) stamp(s *Sample) string {
	return d.tf.clock(time.Unix(s.Time, 0).In(localZone()))
}

// hdr prints "\n%-11s" and the fields: the item column " %*s" with width iw (0: like the
// others), or last when pretty (iw < 0), the others " %9s".
func (d *display) hdr(ts string, fields []string, iw int) {
	p := &d.p
	p.str("\n")
	p.padLeft(ts, 11)
	last := ""
	for i, f := range fields {
		switch {
		case i == 0 && iw > 0:
			p.item(f, iw)
		case i == 0 && iw < 0:
			last = f
		default:
			p.item(f, 9)
		}
	}
	if last != "" {
		p.str(" " + last)
	}
	p.str("\n")
}

// cpuSelected reports whether row i (0 "all", i+1 CPU i) is selected by -P.
func (d *display) cpuSelected(i int) bool {
	if d.o.cpus == nil {
		return i == 0
	}
	return i < len(d.o.cpus) && d.o.cpus[i]
}

// cpuInterval is get_per_cpu_interval; it may lower prev's idle/iowait as sysstat does.
func cpuInterval(c CPUStat, p *CPUStat) uint64 {
	var ishift uint64
	if c.User-c.Guest < p.User-p.Guest {
		ishift += (p.User - p.Guest) - (c.User - c.Guest)
	}
	if c.Nice-c.GuestNice < p.Nice-p.GuestNice {
		ishift += (p.Nice - p.GuestNice) - (c.Nice - c.GuestNice)
	}
	const near = ^uint64(0) - 0x7ffff
	if c.IOWait < p.IOWait && p.IOWait < near {
		if c.Idle > p.Idle || p.Idle >= near {
			p.IOWait = c.IOWait
		} else {
			p.IOWait = 0
		}
	}
	if c.Idle < p.Idle && p.Idle < near {
		p.Idle = 0
	}
	return c.User + c.Nice + c.Sys + c.IOWait + c.Idle + c.Steal + c.IRQ + c.Soft -
		(p.User + p.Nice + p.Sys + p.IOWait + p.Idle + p.Steal + p.IRQ + p.Soft) + ishift
}

func cpuAt(s *Sample, i int) CPUStat {
	if i < len(s.CPU) {
		return s.CPU[i]
	}
	return CPUStat{}
}

// printCPU is print_cpu_stats.
func (d *display) printCPU(prev, curr *Sample, dish bool, tsPrev, tsCurr string) {
	p := &d.p
	fields := hdrCPU
	if d.o.cpuAll {
		fields = hdrCPUAll
	}
	if dish {
		d.hdr(tsPrev, fields, 7)
	}
	nr := d.ncpu + 1
	cur := make([]CPUStat, nr)
	prv := make([]CPUStat, nr)
	offline := make([]bool, nr)
	var deltot uint64
	for i := 1; i < nr; i++ {
		cur[i], prv[i] = cpuAt(curr, i), cpuAt(prev, i)
		if cur[i].total() == 0 {
			// Offline (its line left /proc/stat): carry its last counters forward in the
			// sample itself, as sysstat does, so that the next interval and the Average
			// rows still have them when it comes back.
			cur[i] = prv[i]
			if i < len(curr.CPU) {
				curr.CPU[i] = prv[i]
			}
			offline[i] = true
		}
		if prv[i].total() == 0 && !d.sinceBoot {
			offline[i] = true
			continue
		}
		deltot += cpuInterval(cur[i], &prv[i])
		for _, pr := range [][2]*CPUStat{{&cur[0], &cur[i]}, {&prv[0], &prv[i]}} {
			a, x := pr[0], pr[1]
			a.User += x.User
			a.Nice += x.Nice
			a.Sys += x.Sys
			a.Idle += x.Idle
			a.IOWait += x.IOWait
			a.IRQ += x.IRQ
			a.Steal += x.Steal
			a.Soft += x.Soft
			a.Guest += x.Guest
			a.GuestNice += x.GuestNice
		}
	}
	for i := 0; i < nr; i++ {
		if !d.cpuSelected(i) || offline[i] {
			continue
		}
		c, q := cur[i], prv[i]
		p.padLeft(tsCurr, 11)
		if i == 0 {
			p.itemName("    all", 0)
			if deltot == 0 {
				deltot = 1
			}
		} else {
			p.itemName(strconv.Itoa(i-1), 7)
			deltot = cpuInterval(c, &q)
			if deltot == 0 {
				p.pc(0, 0, 0, 0, 0)
				if d.o.cpuAll {
					p.pc(0, 0, 0, 0, 100)
				} else {
					p.pc(100)
				}
				p.str("\n")
				continue
			}
		}
		idle := 0.0
		if c.Idle >= q.Idle {
			idle = spval(q.Idle, c.Idle, deltot)
		}
		if !d.o.cpuAll {
			p.pc(spval(q.User, c.User, deltot), spval(q.Nice, c.Nice, deltot),
				spval(q.Sys+q.IRQ+q.Soft, c.Sys+c.IRQ+c.Soft, deltot),
				spval(q.IOWait, c.IOWait, deltot), spval(q.Steal, c.Steal, deltot), idle)
		} else {
			usr, nice := 0.0, 0.0
			if c.User-c.Guest >= q.User-q.Guest {
				usr = spval(q.User-q.Guest, c.User-c.Guest, deltot)
			}
			if c.Nice-c.GuestNice >= q.Nice-q.GuestNice {
				nice = spval(q.Nice-q.GuestNice, c.Nice-c.GuestNice, deltot)
			}
			p.pc(usr, nice, spval(q.Sys, c.Sys, deltot), spval(q.IOWait, c.IOWait, deltot),
				spval(q.Steal, c.Steal, deltot), spval(q.IRQ, c.IRQ, deltot), spval(q.Soft, c.Soft, deltot),
				spval(q.Guest, c.Guest, deltot), spval(q.GuestNice, c.GuestNice, deltot), idle)
		}
		p.str("\n")
	}
}

func (d *display) printPcsw(prev, curr *Sample, itv uint64, dish bool, tsPrev, tsCurr string) {
	if dish {
		d.hdr(tsPrev, hdrPcsw, 0)
	}
	d.p.padLeft(tsCurr, 11)
	d.p.f(noUnit, 2, sval(prev.Processes, curr.Processes, itv), sval(prev.Ctxt, curr.Ctxt, itv))
	d.p.str("\n")
}

func (d *display) printSwapping(prev, curr *Sample, itv uint64, dish bool, tsPrev, tsCurr string) {
	if dish {
		d.hdr(tsPrev, hdrSwpg, 0)
	}
	d.p.padLeft(tsCurr, 11)
	d.p.f(noUnit, 2, sval(prev.PswpIn, curr.PswpIn, itv), sval(prev.PswpOut, curr.PswpOut, itv))
	d.p.str("\n")
}

func (d *display) printPaging(prev, curr *Sample, itv uint64, dish bool, tsPrev, tsCurr string) {
	if dish {
		d.hdr(tsPrev, hdrPaging, 0)
	}
	p := &d.p
	p.padLeft(tsCurr, 11)
	p.f(noUnit, 2, sval(prev.PgpgIn, curr.PgpgIn, itv), sval(prev.PgpgOut, curr.PgpgOut, itv),
		sval(prev.Fault, curr.Fault, itv), sval(prev.MajFault, curr.MajFault, itv),
		sval(prev.PgFree, curr.PgFree, itv), sval(prev.ScanK, curr.ScanK, itv),
		sval(prev.ScanD, curr.ScanD, itv), sval(prev.Steal, curr.Steal, itv))
	scans := curr.ScanK + curr.ScanD - prev.ScanK - prev.ScanD
	eff := 0.0
	if scans != 0 {
		eff = float64(curr.Steal-prev.Steal) / float64(scans) * 100
	}
	p.pc(eff)
	p.str("\n")
}

func (d *display) printIO(prev, curr *Sample, itv uint64, dish bool, tsPrev, tsCurr string) {
	if dish {
		d.hdr(tsPrev, hdrIO, 0)
	}
	p := &d.p
	p.padLeft(tsCurr, 11)
	v := func(m, n uint64) float64 {
		if n < m {
			return 0
		}
		return sval(m, n, itv)
	}
	p.f(noUnit, 2, v(prev.IO, curr.IO), v(prev.RIO, curr.RIO), v(prev.WIO, curr.WIO), v(prev.DIO, curr.DIO),
		v(prev.RBlk, curr.RBlk), v(prev.WBlk, curr.WBlk), v(prev.DBlk, curr.DBlk))
	p.str("\n")
}

func (d *display) memUnit() int {
	if d.o.human {
		return unitKilobyte
	}
	return noUnit
}

// printMem prints the -r part of print_memory_stats (avg: the Average: row).
func (d *display) printMem(curr *Sample, dish, avg bool, tsPrev, tsCurr string) {
	p := &d.p
	unit := d.memUnit()
	if dish {
		f := hdrMem
		if d.o.memAll {
			f = append(append([]string{}, hdrMem...), hdrMemAll...)
		}
		d.hdr(tsPrev, f, 0)
	}
	p.padLeft(tsCurr, 11)
	s := curr
	if !avg {
		noused := s.MemFree + s.Buffers + s.Cached + s.Slab
		if noused > s.MemTotal {
			noused = s.MemTotal
		}
		p.u(unit, s.MemFree, s.Avail, s.MemTotal-noused)
		pct := 0.0
		if s.MemTotal != 0 {
			pct = float64(s.MemTotal-noused) / float64(s.MemTotal) * 100
		}
		p.pc(pct)
		p.u(unit, s.Buffers, s.Cached, s.Commit)
		pct = 0
		if s.MemTotal+s.SwapTotal != 0 {
			pct = float64(s.Commit) / float64(s.MemTotal+s.SwapTotal) * 100
		}
		p.pc(pct)
		p.u(unit, s.Active, s.Inact, s.Dirty)
		if d.o.memAll {
			p.u(unit, s.AnonPages, s.Slab, s.KStack, s.PageTables, s.VmallocUsed)
		}
	} else {
		n := d.avgCount
		fn := float64(n)
		noused := d.aFree + d.aBuf + d.aCached + d.aSlab
		p.f(unit, 0, float64(d.aFree)/fn, float64(d.aAvail)/fn, float64(s.MemTotal)-float64(noused)/fn)
		pct := 0.0
		if s.MemTotal != 0 {
			pct = (float64(s.MemTotal) - float64(noused/n)) / float64(s.MemTotal) * 100
		}
		p.pc(pct)
		p.f(unit, 0, float64(d.aBuf)/fn, float64(d.aCached)/fn, float64(d.aCommit)/fn)
		pct = 0
		if s.MemTotal+s.SwapTotal != 0 {
			pct = float64(d.aCommit/n) / float64(s.MemTotal+s.SwapTotal) * 100
		}
		p.pc(pct)
		p.f(unit, 0, float64(d.aActive)/fn, float64(d.aInact)/fn, float64(d.aDirty)/fn)
		if d.o.memAll {
			p.f(unit, 0, float64(d.aAnon)/fn, float64(d.aSlab)/fn, float64(d.aKStack)/fn,
				float64(d.aPgTbl)/fn, float64(d.aVmUsed)/fn)
		}
	}
	p.str("\n")
}

// printSwap prints the -S part of print_memory_stats.
func (d *display) printSwap(curr *Sample, dish, avg bool, tsPrev, tsCurr string) {
	p := &d.p
	unit := d.memUnit()
	if dish {
		d.hdr(tsPrev, hdrSwap, 0)
	}
	p.padLeft(tsCurr, 11)
	s := curr
	if !avg {
		p.u(unit, s.SwapFree, s.SwapTotal-s.SwapFree)
		pct := 0.0
		if s.SwapTotal != 0 {
			pct = float64(s.SwapTotal-s.SwapFree) / float64(s.SwapTotal) * 100
		}
		p.pc(pct)
		p.u(unit, s.SwapCached)
		pct = 0
		if s.SwapTotal-s.SwapFree != 0 {
			pct = float64(s.SwapCached) / float64(s.SwapTotal-s.SwapFree) * 100
		}
		p.pc(pct)
	} else {
		fn := float64(d.avgCount)
		free, total, cached := float64(d.aSwFree)/fn, float64(d.aSwTotal)/fn, float64(d.aSwCached)/fn
		p.f(unit, 0, free, total-free)
		pct := 0.0
		if d.aSwTotal != 0 {
			pct = (total - free) / total * 100
		}
		p.pc(pct)
		p.f(unit, 0, cached)
		pct = 0
		if d.aSwTotal != d.aSwFree {
			pct = cached / (total - free) * 100
		}
		p.pc(pct)
	}
	p.str("\n")
}

func (d *display) printQueue(curr *Sample, dish, avg bool, tsPrev, tsCurr string) {
	p := &d.p
	if dish {
		d.hdr(tsPrev, hdrQueue, 0)
	}
	p.padLeft(tsCurr, 11)
	s := curr
	if !avg {
		p.u(noUnit, s.RunQ, s.PList)
		p.f(noUnit, 2, float64(s.Load1)/100, float64(s.Load5)/100, float64(s.Load15)/100)
		p.u(noUnit, s.Blocked)
	} else {
		fn := float64(d.avgCount)
		p.f(noUnit, 0, float64(d.aRunQ)/fn, float64(d.aPList)/fn)
		p.f(noUnit, 2, float64(d.aL1)/(fn*100), float64(d.aL5)/(fn*100), float64(d.aL15)/(fn*100))
		p.f(noUnit, 0, float64(d.aBlocked)/fn)
	}
	p.str("\n")
}

// accumulate adds a printed sample to the memory and queue averages.
func (d *display) accumulate(s *Sample) {
	d.avgCount++
	d.aFree += s.MemFree
	d.aBuf += s.Buffers
	d.aCached += s.Cached
	d.aCommit += s.Commit
	d.aActive += s.Active
	d.aInact += s.Inact
	d.aDirty += s.Dirty
	d.aAvail += s.Avail
	d.aAnon += s.AnonPages
	d.aSlab += s.Slab
	d.aKStack += s.KStack
	d.aPgTbl += s.PageTables
	d.aVmUsed += s.VmallocUsed
	d.aSwFree += s.SwapFree
	d.aSwTotal += s.SwapTotal
	d.aSwCached += s.SwapCached
	d.aRunQ += s.RunQ
	d.aPList += s.PList
	d.aL1 += s.Load1
	d.aL5 += s.Load5
	d.aL15 += s.Load15
	d.aBlocked += s.Blocked
	for k := range d.aSnmp {
		d.aSnmp[k] += snmpAt(s, k)
	}
}

func (d *display) printDisk(prev, curr *Sample, itv uint64, dish bool, tsPrev, tsCurr string) {
	p := &d.p
	iw := 0
	if d.o.pretty {
		iw = -1
	}
	if dish || d.o.zeroOmit {
		d.hdr(tsPrev, hdrDisk, iw)
	}
	unit := noUnit
	if d.o.human {
		unit = unitKilobyte
	}
	for _, c := range curr.Disks {
		name := c.Name
		if d.o.pretty {
			if d.dm == nil {
				d.dm = &dmNamer{fs: machineFS()}
			}
			if n := d.dm.name(c.Major, c.Minor); n != "" {
				name = n
			}
		}
		var q Disk
		if !d.sinceBoot {
			for _, x := range prev.Disks {
				if x.Major == c.Major && x.Minor == c.Minor {
					q = x
					break
				}
			}
			if diskReRegistered(c, q) {
				q = Disk{} // a new device under the same number: its counters start from zero
			}
		}
		if d.o.zeroOmit && q.IOs == c.IOs && q.RdSect == c.RdSect && q.WrSect == c.WrSect && q.DcSect == c.DcSect &&
			q.RdTicks == c.RdTicks && q.WrTicks == c.WrTicks && q.DcTicks == c.DcTicks && q.TotTicks == c.TotTicks && q.RqTicks == c.RqTicks {
			continue
		}
		util := sval(q.TotTicks, c.TotTicks, itv)
		await, arqsz := 0.0, 0.0
		if n := c.IOs - q.IOs; n != 0 {
			await = float64((c.RdTicks-q.RdTicks)+(c.WrTicks-q.WrTicks)+(c.DcTicks-q.DcTicks)) / float64(n)
			arqsz = float64((c.RdSect-q.RdSect)+(c.WrSect-q.WrSect)+(c.DcSect-q.DcSect)) / float64(n)
		}
		p.padLeft(tsCurr, 11)
		if !d.o.pretty {
			p.itemName(name, 9)
		}
		p.f(noUnit, 2, sval(q.IOs, c.IOs, itv))
		p.f(unit, 2, sval(q.RdSect, c.RdSect, itv)/2, sval(q.WrSect, c.WrSect, itv)/2, sval(q.DcSect, c.DcSect, itv)/2)
		p.f(unit, 2, arqsz/2)
		p.f(noUnit, 2, sval(q.RqTicks, c.RqTicks, itv)/1000.0, await)
		p.pc(util / 10.0)
		if d.o.pretty {
			p.itemName(name, 0)
		}
		p.str("\n")
	}
}

// diskReRegistered is sysstat's check_disk_reg: when the I/O count and every sector count
// that was not zero have all gone down, the device was unregistered and a new one registered
// under the same MAJ:MIN, so its previous values count as zero. Fewer counters going down is
// taken as a counter wrapping, and the difference is kept.
func diskReRegistered(c, q Disk) bool {
	return c.IOs < q.IOs && (q.RdSect == 0 || c.RdSect < q.RdSect) &&
		(q.WrSect == 0 || c.WrSect < q.WrSect) && (q.DcSect == 0 || c.DcSect < q.DcSect)
}

// netReRegistered is sysstat's check_net_dev_reg: any -n DEV counter going down means the
// interface was unregistered and registered again (previous values count as zero), unless
// bytes went down while packets went up (or the reverse) from more than 2^63: a counter
// that overflowed.
func netReRegistered(c, q NetDev) bool {
	if c.RxPackets >= q.RxPackets && c.TxPackets >= q.TxPackets && c.RxBytes >= q.RxBytes && c.TxBytes >= q.TxBytes &&
		c.RxCompressed >= q.RxCompressed && c.TxCompressed >= q.TxCompressed && c.Multicast >= q.Multicast {
		return false
	}
	const half = ^uint64(0) >> 1
	overflow := c.RxBytes < q.RxBytes && c.RxPackets > q.RxPackets && q.RxBytes > half ||
		c.TxBytes < q.TxBytes && c.TxPackets > q.TxPackets && q.TxBytes > half ||
		c.RxPackets < q.RxPackets && c.RxBytes > q.RxBytes && q.RxPackets > half ||
		c.TxPackets < q.TxPackets && c.TxBytes > q.TxBytes && q.TxPackets > half
	return !overflow
}

// netEdevReRegistered is sysstat's check_net_edev_reg: any -n EDEV counter it checks going
// down (all but rxerr/s) means the interface was registered again.
func netEdevReRegistered(c, q NetDev) bool {
	return c.TxErrors < q.TxErrors || c.Collisions < q.Collisions || c.RxDropped < q.RxDropped ||
		c.TxDropped < q.TxDropped || c.TxCarrier < q.TxCarrier || c.RxFrame < q.RxFrame ||
		c.RxFIFO < q.RxFIFO || c.TxFIFO < q.TxFIFO
}

func findNet(list []NetDev, name string) NetDev {
	for _, x := range list {
		if x.Name == name {
			return x
		}
	}
	return NetDev{}
}

func (d *display) printNetDev(prev, curr *Sample, itv uint64, dish bool, tsPrev, tsCurr string) {
	p := &d.p
	iw := 0
	if d.o.pretty {
		iw = -1
	}
	if dish || d.o.zeroOmit {
		d.hdr(tsPrev, hdrNetDev, iw)
	}
	unit := noUnit
	if d.o.human {
		unit = unitByte
	}
	for _, c := range curr.Net {
		var q NetDev
		if !d.sinceBoot {
			q = findNet(prev.Net, c.Name)
			if netReRegistered(c, q) {
				q = NetDev{}
			}
		}
		if d.o.zeroOmit && q.RxBytes == c.RxBytes && q.RxPackets == c.RxPackets && q.RxCompressed == c.RxCompressed &&
			q.Multicast == c.Multicast && q.TxBytes == c.TxBytes && q.TxPackets == c.TxPackets && q.TxCompressed == c.TxCompressed {
			continue
		}
		p.padLeft(tsCurr, 11)
		if !d.o.pretty {
			p.itemName(c.Name, 9)
		}
		rx, tx := sval(q.RxBytes, c.RxBytes, itv), sval(q.TxBytes, c.TxBytes, itv)
		p.f(noUnit, 2, sval(q.RxPackets, c.RxPackets, itv), sval(q.TxPackets, c.TxPackets, itv))
		if unit < 0 {
			p.f(unit, 2, rx/1024, tx/1024)
		} else {
			p.f(unit, 2, rx, tx)
		}
		p.f(noUnit, 2, sval(q.RxCompressed, c.RxCompressed, itv), sval(q.TxCompressed, c.TxCompressed, itv),
			sval(q.Multicast, c.Multicast, itv))
		util := 0.0
		if c.Speed != 0 {
			speed := float64(c.Speed * 1000000)
			switch {
			case c.Duplex == 1 && rx > tx:
				util = rx * 800 / speed
			case c.Duplex == 1:
				util = tx * 800 / speed
			default:
				util = (rx + tx) * 800 / speed
			}
		}
		p.pc(util)
		if d.o.pretty {
			p.itemName(c.Name, 0)
		}
		p.str("\n")
	}
}

func (d *display) printNetEdev(prev, curr *Sample, itv uint64, dish bool, tsPrev, tsCurr string) {
	p := &d.p
	iw := 0
	if d.o.pretty {
		iw = -1
	}
	if dish || d.o.zeroOmit {
		d.hdr(tsPrev, hdrNetEdev, iw)
	}
	for _, c := range curr.Net {
		var q NetDev
		if !d.sinceBoot {
			q = findNet(prev.Net, c.Name)
			if netEdevReRegistered(c, q) {
				q = NetDev{}
			}
		}
		if d.o.zeroOmit && q.RxErrors == c.RxErrors && q.TxErrors == c.TxErrors && q.Collisions == c.Collisions &&
			q.RxDropped == c.RxDropped && q.TxDropped == c.TxDropped && q.TxCarrier == c.TxCarrier &&
			q.RxFrame == c.RxFrame && q.RxFIFO == c.RxFIFO && q.TxFIFO == c.TxFIFO {
			continue
		}
		p.padLeft(tsCurr, 11)
		if !d.o.pretty {
			p.itemName(c.Name, 9)
		}
		p.f(noUnit, 2, sval(q.RxErrors, c.RxErrors, itv), sval(q.TxErrors, c.TxErrors, itv),
			sval(q.Collisions, c.Collisions, itv), sval(q.RxDropped, c.RxDropped, itv),
			sval(q.TxDropped, c.TxDropped, itv), sval(q.TxCarrier, c.TxCarrier, itv),
			sval(q.RxFrame, c.RxFrame, itv), sval(q.RxFIFO, c.RxFIFO, itv), sval(q.TxFIFO, c.TxFIFO, itv))
		if d.o.pretty {
			p.itemName(c.Name, 0)
		}
		p.str("\n")
	}
}

// order lists the reports in sysstat's activity order; memory is two outputs (-r, -S).
var order = []reports{repCPU, repPcsw, repIRQ, repSwapping, repPaging, repIO, repMem, repSwap, repHuge, repKTables, repQueue, repSerial, repDisk,
	repNetDev, repNetEdev, repNetSock, repNetIP, repNetEIP, repNetICMP, repNetEICMP, repNetTCP, repNetETCP, repNetUDP,
	repNetSock6, repNetIP6, repNetEIP6, repNetICMP6, repNetEICMP6, repNetUDP6, repSoft, repFS}

// snmpAt is counter k of s (0 when s has none: the since-boot reference).
func snmpAt(s *Sample, k int) uint64 {
	if k < len(s.Snmp) {
		return s.Snmp[k]
	}
	return 0
}

// printSnmp prints one report of netsnmp.go: rates (S_VALUE, 2 decimals) or, for SOCK and
// SOCK6, the instantaneous counts and their means.
func (d *display) printSnmp(nr *netRep, prev, curr *Sample, itv uint64, dish, avg bool, tsPrev, tsCurr string) {
	if dish {
		d.hdr(tsPrev, nr.hdr, 0)
	}
	p := &d.p
	p.padLeft(tsCurr, 11)
	for k := nr.first; k < nr.first+len(nr.hdr); k++ {
		switch {
		case nr.inst && avg:
			p.f(noUnit, 0, float64(d.aSnmp[k])/float64(d.avgCount))
		case nr.inst:
			p.u(noUnit, snmpAt(curr, k))
		default:
			p.f(noUnit, 2, sval(snmpAt(prev, k), snmpAt(curr, k), itv))
		}
	}
	p.str("\n")
}

// printOne prints report r for the interval prev..curr (avg: the Average: rows, prev being
// the first sample).
func (d *display) printOne(r reports, prev, curr *Sample, dish, avg bool, tsPrev, tsCurr string) {
	itv := itvOf(prev, curr)
	if d.sinceBoot {
		itv = curr.Uptime
		if itv == 0 {
			itv = 1
		}
	}
	switch r {
	case repCPU:
		d.printCPU(prev, curr, dish, tsPrev, tsCurr)
	case repPcsw:
		d.printPcsw(prev, curr, itv, dish, tsPrev, tsCurr)
	case repSwapping:
		d.printSwapping(prev, curr, itv, dish, tsPrev, tsCurr)
	case repPaging:
		d.printPaging(prev, curr, itv, dish, tsPrev, tsCurr)
	case repIO:
		d.printIO(prev, curr, itv, dish, tsPrev, tsCurr)
	case repMem:
		d.printMem(curr, dish, avg, tsPrev, tsCurr)
	case repSwap:
		d.printSwap(curr, dish, avg, tsPrev, tsCurr)
	case repQueue:
		d.printQueue(curr, dish, avg, tsPrev, tsCurr)
	case repDisk:
		d.printDisk(prev, curr, itv, dish, tsPrev, tsCurr)
	case repNetDev:
		d.printNetDev(prev, curr, itv, dish, tsPrev, tsCurr)
	case repNetEdev:
		d.printNetEdev(prev, curr, itv, dish, tsPrev, tsCurr)
	case repHuge:
		d.printHuge(curr, dish, avg, tsPrev, tsCurr)
	case repIRQ:
		d.printIRQ(prev, curr, itv, tsPrev, tsCurr)
	case repSoft:
		d.printSoft(prev, curr, itv, dish, avg, tsPrev, tsCurr)
	case repFS:
		d.printFS(prev, curr, dish, avg, tsPrev, tsCurr)
	case repSerial:
		d.printSerial(prev, curr, itv, dish, tsPrev, tsCurr)
	default:
		if nr := netRepOf(r); nr != nil {
			d.printSnmp(nr, prev, curr, itv, dish, avg, tsPrev, tsCurr)
		}
	}
}

// banner is the report header line.
func banner(h *Header, tf timeFormat) string {
	return "Linux " + h.Release + " (" + h.Nodename + ") \t" + tf.date(time.Unix(h.Time, 0).In(localZone())) +
		" \t_" + h.Machine + "_\t(" + strconv.Itoa(h.NCPU) + " CPU)\n"
}
