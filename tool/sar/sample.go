package sar

import (
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/internal/machine"
)

// CPUStat is one cpu line of /proc/stat (USER_HZ ticks).
type CPUStat struct {
	User, Nice, Sys, Idle, IOWait, IRQ, Soft, Steal, Guest, GuestNice uint64
}

func (c CPUStat) total() uint64 {
	return c.User + c.Nice + c.Sys + c.Idle + c.IOWait + c.IRQ + c.Steal + c.Soft
}

// Disk is one /proc/diskstats line as sar -d keeps it.
type Disk struct {
	Major, Minor                uint32
	Name                        string // the name sar prints (from /sys/dev/block)
	IOs, RdSect, WrSect, DcSect uint64
	RdTicks, WrTicks, DcTicks   uint64
	TotTicks, RqTicks           uint64
}

// NetDev is one /proc/net/dev line with the interface's speed (Mb/s) and duplex.
type NetDev struct {
	Name                                        string
	RxBytes, RxPackets, RxCompressed, Multicast uint64
	TxBytes, TxPackets, TxCompressed            uint64
	RxErrors, RxDropped, RxFIFO, RxFrame        uint64
	TxErrors, TxDropped, TxFIFO, Collisions     uint64
	TxCarrier                                   uint64
	Speed                                       uint64
	Duplex                                      uint8 // 0 unknown, 1 full, 2 half
}

// Sample is everything one sar sample holds: what a record of the -o file stores.
type Sample struct {
	Time   int64  // seconds since the epoch, when the sample was taken
	Uptime uint64 // /proc/uptime in 1/100 s

	CPU []CPUStat // index 0: the "cpu" line; i+1: cpu i (zero when the line is missing)

	Processes, Ctxt uint64 // /proc/stat

	PswpIn, PswpOut                                               uint64 // /proc/vmstat
	PgpgIn, PgpgOut, Fault, MajFault, PgFree, ScanK, ScanD, Steal uint64

	IO, RIO, WIO, DIO, RBlk, WBlk, DBlk uint64 // sums over real disks

	// Memory, kB.
	MemFree, Avail, MemTotal, Buffers, Cached, Commit, Active, Inact, Dirty uint64
	AnonPages, Slab, KStack, PageTables, VmallocUsed                        uint64
	SwapFree, SwapTotal, SwapCached                                         uint64

	RunQ, PList, Load1, Load5, Load15, Blocked uint64

	Disks []Disk
	Net   []NetDev

	// IRQ: the -I rows (row 0 "sum"), IRQNR the CPU columns sysstat records (0: none read).
	IRQ   []IRQRow
	IRQNR int
	// Soft: /proc/net/softnet_stat by CPU (index c+1; 0 unused), SoftNR the online count
	// sysstat records (0: nothing read).
	Soft   []SoftCPU
	SoftNR int

	// Snmp: the counters of the -n SOCK … UDP6 reports (netsnmp.go), nSnmp of them; nil in a
	// recording made before they existed.
	Snmp []uint64

	// FS: the -F filesystems (fs.go); nil when not read. FSCount: the mount lines measured
	// (duplicates included), sysstat's item count for the activity.
	FS      []FSStat
	FSCount int

	// Serial: the -y lines (serial.go); nil when not read.
	Serial []Serial
}

// Header is what the banner needs; the -o file stores it once.
type Header struct {
	Sysname, Release, Nodename, Machine string
	NCPU                                int   // the "(N CPU)" count
	Time                                int64 // the first sample's time
}

// collector takes samples from fresh cgview Views.
type collector struct {
	vo    cgview.Options
	warn  io.Writer
	first bool
	now   func() time.Time
	want  reports // what to read ("all" for -o)
	ncpu  int
	nrIRQ int // sysstat's nr2 for -I: the interrupts counted at the first sample + 1
	// fsPID: -F of another process (--pid, or the first process of --cgroup or
	// --container-id): its mount table, each mount point measured through /proc/PID/root.
	// 0: this process's; -1: not decided yet.
	fsPID int
}

// sample opens a View and reads one sample. The first View's warnings go to the
// tool's stderr; later ones are discarded so a warning shows once.
func (c *collector) sample() (*Sample, *cgview.View, error) {
	vo := c.vo
	if !c.first {
		vo.Warn = io.Discard
	}
	c.first = false
	v, err := cgview.Open(vo)
	if err != nil {
		return nil, nil, err
	}
	s := &Sample{Time: c.now().Unix()}
	if u, err := v.Uptime(); err == nil {
		s.Uptime = u.Centis
	}
	if c.ncpu == 0 {
		c.ncpu = bannerCPUs(v)
	}
	if stat, err := v.ProcFile("stat"); err == nil {
		parseStat(s, stat, c.ncpu)
	}
	if c.want.has(repMem | repSwap) {
		if m, err := v.Meminfo(); err == nil {
			s.MemFree, s.Avail, s.MemTotal = m.Value(cgview.MemFree), m.Value(cgview.MemAvailable), m.Value(cgview.MemTotal)
			s.Buffers, s.Cached, s.Commit = m.Value(cgview.MemBuffers), m.Value(cgview.MemCached), m.Value(cgview.MemCommittedAS)
			s.Active, s.Inact, s.Dirty = m.Value(cgview.MemActive), m.Value(cgview.MemInactive), m.Value(cgview.MemDirty)
			s.AnonPages, s.Slab, s.KStack = m.Value(cgview.MemAnonPages), m.Value(cgview.MemSlab), m.Value(cgview.MemKernelStack)
			s.PageTables, s.VmallocUsed = m.Value(cgview.MemPageTables), m.Value(cgview.MemVmallocUsed)
			s.SwapFree, s.SwapTotal, s.SwapCached = m.Value(cgview.MemSwapFree), m.Value(cgview.MemSwapTotal), m.Value(cgview.MemSwapCached)
		}
	}
	if c.want.has(repQueue) {
		if l, err := v.LoadAvg(); err == nil {
			if l.Running > 0 {
				s.RunQ = uint64(l.Running - 1) // sar does not count its own reader
			}
			s.PList = uint64(max(l.Total, 0))
			s.Load1, s.Load5, s.Load15 = l.Hundredths[0], l.Hundredths[1], l.Hundredths[2]
		}
	}
	if c.want.has(repSwapping | repPaging) {
		if vm, err := v.VMStat(); err == nil {
			s.PswpIn, s.PswpOut = vm.Value("pswpin"), vm.Value("pswpout")
			s.PgpgIn, s.PgpgOut = vm.Value("pgpgin"), vm.Value("pgpgout")
			s.Fault, s.MajFault, s.PgFree = vm.Value("pgfault"), vm.Value("pgmajfault"), vm.Value("pgfree")
			for i, n := range vm.Names {
				switch {
				case strings.HasPrefix(n, "pgscan_kswapd"):
					s.ScanK += vm.Values[i]
				case strings.HasPrefix(n, "pgscan_direct"):
					s.ScanD += vm.Values[i]
				case strings.HasPrefix(n, "pgsteal_"):
					s.Steal += vm.Values[i]
				}
			}
		}
	}
	if c.want.has(repIO | repDisk) {
		if ds, err := v.Diskstats(); err == nil {
			collectDisks(s, v, ds, c.want.has(repIO), c.want.has(repDisk))
		}
	}
	if c.want.has(repNetDev | repNetEdev) {
		if b, err := v.FS().ReadFile("/proc/net/dev"); err == nil {
			s.Net = parseNetDev(b)
			for i := range s.Net {
				readIfInfo(v, &s.Net[i])
			}
		}
	}
	if c.want.has(repIRQ) {
		c.readIRQ(s, v)
	}
	if c.want.has(repSoft) {
		c.readSoft(s, v)
	}
	if c.want.has(repFS) {
		s.FS = []FSStat{}
		if c.fsPID < 0 {
			c.fsPID = 0
			if c.vo.PID > 0 {
				c.fsPID = c.vo.PID
			} else if c.vo.Cgroup != "" || c.vo.ContainerID != "" {
				if p := v.Procs(); p != nil && len(p.PIDs) > 0 {
					c.fsPID = p.PIDs[0]
				}
			}
		}
		if c.fsPID > 0 {
			// /proc/PID/mounts: sar -F of another process's mount namespace (--pid, --cgroup).
			if b, err := v.FS().ReadFile("/proc/" + strconv.Itoa(c.fsPID) + "/mounts"); err == nil {
				root := strings.TrimRight(v.Root(), "/") // CGPROCPS_ROOT, as df's --pid
				readFS(s, b, root+"/proc/"+strconv.Itoa(c.fsPID)+"/root")
			}
		} else if b, err := v.FS().ReadFile("/proc/self/mounts"); err == nil {
			// sysstat reads /etc/mtab, on Debian /proc/self/mounts: this process's mount
			// namespace, inside a container already the container's, in both modes. Sizes are
			// measured on the real paths (statvfs), as df does.
			readFS(s, b, "")
		}
	}
	if c.want.has(repSerial) {
		s.Serial = []Serial{}
		// Serial lines are the host kernel's, scoped by no cgroup or namespace: as they are.
		if b, err := v.FS().ReadFile("/proc/tty/driver/serial"); err == nil {
			s.Serial = parseSerial(b)
		}
	}
	if c.want.has(repExtra) {
		s.Snmp = make([]uint64, nSnmp)
	}
	if c.want.has(repKTables) {
		readKTables(v, s.Snmp[snKT:snKT+4])
	}
	if c.want.has(repHuge) {
		if m, err := v.Meminfo(); err == nil {
			hugeFromMeminfo(m, s.Snmp[snHuge:snHuge+4])
		}
	}
	if c.want.has(repSnmp) {
		for _, f := range []struct {
			path  string
			parse func([]byte, []uint64)
		}{{"/proc/net/sockstat", parseSockstat}, {"/proc/net/snmp", parseSNMP},
			{"/proc/net/sockstat6", parseSockstat6}, {"/proc/net/snmp6", parseSNMP6}} {
			if b, err := v.FS().ReadFile(f.path); err == nil {
				f.parse(b, s.Snmp)
			}
		}
	}
	return s, v, nil
}

// bannerCPUs is the "(N CPU)" count: the container's N, or as sysstat counts the host's
// cpuN folders (the /proc/stat cpu lines when /sys has none).
func bannerCPUs(v *cgview.View) int {
	if v.Container() {
		return v.CPU().N
	}
	if n := cpuDirs(v.FS()); n > 0 {
		return n
	}
	return v.CPU().N
}

// cpuDirs counts the cpuN folders of /sys/devices/system/cpu, as sysstat counts them for
// its "(N CPU)" banner; 0 when the folder cannot be read.
func cpuDirs(f *machine.FS) int {
	names, err := f.Subdirs("/sys/devices/system/cpu")
	if err != nil {
		return 0
	}
	n := 0
	for _, name := range names {
		if len(name) > 3 && strings.HasPrefix(name, "cpu") && name[3] >= '0' && name[3] <= '9' {
			n++
		}
	}
	return n
}

// parseStat reads the cpu lines (first ncpu per-CPU ones), ctxt, processes and procs_blocked
// of a /proc/stat text, as sysstat's sscanf-based reader does (missing fields are 0).
func parseStat(s *Sample, b []byte, ncpu int) {
	s.CPU = make([]CPUStat, ncpu+1)
	for text := string(b); text != ""; {
		var line string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			line, text = text, ""
		}
		switch {
		case strings.HasPrefix(line, "cpu "):
			s.CPU[0] = cpuFields(strings.Fields(line[4:]))
		case strings.HasPrefix(line, "cpu"):
			f := strings.Fields(line[3:])
			if len(f) == 0 {
				continue
			}
			n, err := strconv.Atoi(f[0])
			if err != nil || n < 0 || n+1 >= len(s.CPU) {
				continue
			}
			s.CPU[n+1] = cpuFields(f[1:])
		case strings.HasPrefix(line, "ctxt "):
			s.Ctxt = firstUint(line[5:])
		case strings.HasPrefix(line, "processes "):
			s.Processes = firstUint(line[10:])
		case strings.HasPrefix(line, "procs_blocked "):
			s.Blocked = firstUint(line[14:])
		}
	}
}

func cpuFields(f []string) CPUStat {
	var v [10]uint64
	for i := 0; i < len(f) && i < 10; i++ {
		x, err := strconv.ParseUint(f[i], 10, 64)
		if err != nil {
			break // sscanf stops at the first field it cannot convert
		}
		v[i] = x
	}
	return CPUStat{User: v[0], Nice: v[1], Sys: v[2], Idle: v[3], IOWait: v[4], IRQ: v[5], Soft: v[6], Steal: v[7], Guest: v[8], GuestNice: v[9]}
}

func firstUint(s string) uint64 {
	f := strings.Fields(s)
	if len(f) == 0 {
		return 0
	}
	x, _ := strconv.ParseUint(f[0], 10, 64)
	return x
}

// collectDisks fills the -b sums (devices with /sys/block/NAME/device) and the -d list
// (whole devices, /sys/block/NAME, with some I/O since boot).
func collectDisks(s *Sample, v *cgview.View, ds []cgview.DiskStat, io, disk bool) {
	for _, d := range ds {
		name := strings.ReplaceAll(d.Name, "/", "!")
		if io && v.FS().Exists("/sys/block/"+name+"/device") {
			s.IO += d.ReadIOs + d.WriteIOs + d.DiscardIOs
			s.RIO += d.ReadIOs
			s.WIO += d.WriteIOs
			s.DIO += d.DiscardIOs
			s.RBlk += d.ReadSectors
			s.WBlk += d.WriteSectors
			s.DBlk += d.DiscardSectors
		}
		if !disk || d.ReadIOs+d.WriteIOs+d.DiscardIOs == 0 || !v.FS().Exists("/sys/block/"+name) {
			continue
		}
		s.Disks = append(s.Disks, Disk{
			Major: d.Major, Minor: d.Minor, Name: devName(v, d),
			IOs:    d.ReadIOs + d.WriteIOs + d.DiscardIOs,
			RdSect: d.ReadSectors, WrSect: d.WriteSectors, DcSect: d.DiscardSectors,
			RdTicks: d.ReadTicks, WrTicks: d.WriteTicks, DcTicks: d.DiscardTicks,
			TotTicks: d.IOTicks, RqTicks: d.TimeInQueue,
		})
	}
}

// devName is the name sysstat gives MAJ:MIN (get_devname): the last element of the
// /sys/dev/block link, else the name sysstat.ioconf gives it (ioconf.go), else
// "devMAJ-MIN"; a '!' in it (cciss!c0d0) is printed as '/'. In container mode, where no link
// exists under the root (a capture), the name cgview resolved for the device
// (docs/semantics.md "Disks": uevent DEVNAME, else the sys/block/*/dev holding MAJ:MIN),
// which is also what the rendered view's links say.
func devName(v *cgview.View, d cgview.DiskStat) string {
	return strings.ReplaceAll(rawDevName(v, d), "!", "/")
}

func rawDevName(v *cgview.View, d cgview.DiskStat) string {
	major, minor := d.Major, d.Minor
	mm := strconv.FormatUint(uint64(major), 10) + ":" + strconv.FormatUint(uint64(minor), 10)
	if t, err := v.FS().Readlink("/sys/dev/block/" + mm); err == nil {
		if i := strings.LastIndexByte(strings.TrimRight(t, "/"), '/'); i >= 0 {
			t = strings.TrimRight(t, "/")[i+1:]
		}
		if t != "" {
			return t
		}
	}
	if v.Container() && d.Name != "" {
		return d.Name
	}
	if n := loadIoconf(v.FS()).name(uint64(major), uint64(minor)); n != "" {
		return n
	}
	return "dev" + strconv.FormatUint(uint64(major), 10) + "-" + strconv.FormatUint(uint64(minor), 10)
}

// parseNetDev parses /proc/net/dev: every line with a ':' is an interface, in file order.
func parseNetDev(b []byte) []NetDev {
	var out []NetDev
	for _, line := range strings.Split(string(b), "\n") {
		i := strings.IndexByte(line, ':')
		if i < 0 {
			continue
		}
		name := strings.TrimSpace(line[:i])
		if f := strings.Fields(name); len(f) > 0 {
			name = f[0]
		}
		if len(name) > 15 {
			name = name[:15]
		}
		var v [16]uint64
		for j, f := range strings.Fields(line[i+1:]) {
			if j >= 16 {
				break
			}
			x, err := strconv.ParseUint(f, 10, 64)
			if err != nil {
				break
			}
			v[j] = x
		}
		out = append(out, NetDev{Name: name,
			RxBytes: v[0], RxPackets: v[1], RxErrors: v[2], RxDropped: v[3], RxFIFO: v[4], RxFrame: v[5],
			RxCompressed: v[6], Multicast: v[7],
			TxBytes: v[8], TxPackets: v[9], TxErrors: v[10], TxDropped: v[11], TxFIFO: v[12],
			Collisions: v[13], TxCarrier: v[14], TxCompressed: v[15]})
	}
	return out
}

// readIfInfo reads /sys/class/net/IF/duplex and speed as sysstat does (speed only with a
// known duplex).
func readIfInfo(v *cgview.View, n *NetDev) {
	b, err := v.FS().ReadFile("/sys/class/net/" + n.Name + "/duplex")
	if err != nil {
		return
	}
	switch strings.TrimSpace(string(b)) {
	case "full":
		n.Duplex = 1
	case "half":
		n.Duplex = 2
	default:
		return
	}
	b, err = v.FS().ReadFile("/sys/class/net/" + n.Name + "/speed")
	if err != nil {
		return
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return
	}
	x, err := strconv.ParseUint(f[0], 10, 32)
	if err == nil {
		n.Speed = x
	}
}
