package iostat

import (
	"sort"
	"strings"
	"syscall"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/internal/machine"
)

// ioStats are one device's counters as sysstat keeps them (the times and queue counters are
// 32-bit there).
type ioStats struct {
	rdIOs, rdMerges, rdSectors uint64
	rdTicks                    uint32
	wrIOs, wrMerges, wrSectors uint64
	wrTicks                    uint32
	iosPgr, totTicks, rqTicks  uint32
	dcIOs, dcMerges, dcSectors uint64
	dcTicks                    uint32
	flIOs                      uint64
	flTicks                    uint32
}

func fromDiskStat(d cgview.DiskStat) ioStats {
	s := ioStats{rdIOs: d.ReadIOs, rdSectors: d.ReadSectors, wrIOs: d.WriteIOs, wrSectors: d.WriteSectors}
	if d.NFields == 4 {
		return s
	}
	s.rdMerges, s.rdTicks = d.ReadMerges, uint32(d.ReadTicks)
	s.wrMerges, s.wrTicks = d.WriteMerges, uint32(d.WriteTicks)
	s.iosPgr, s.totTicks, s.rqTicks = uint32(d.InFlight), uint32(d.IOTicks), uint32(d.TimeInQueue)
	if d.NFields >= 15 {
		s.dcIOs, s.dcMerges, s.dcSectors, s.dcTicks = d.DiscardIOs, d.DiscardMerges, d.DiscardSectors, uint32(d.DiscardTicks)
	}
	if d.NFields >= 17 {
		s.flIOs, s.flTicks = d.FlushIOs, uint32(d.FlushTicks)
	}
	return s
}

// device is one entry of sysstat's device list.
type device struct {
	name         string
	tp           int
	major, minor uint32
	exist        bool
	stats        [2]ioStats
}

// devList is the ordered device list: alphabetical, except when /proc/diskstats is read
// (-p ALL), where devices keep the file's order.
type devList struct {
	devs    []*device
	ordered bool        // devices found while reading are inserted alphabetically
	fs      *machine.FS // the machine under CGPROCPS_ROOT, for /sys checks
}

// isWholeDevice reports whether /sys/block/<name> exists (sysstat's is_device).
func (l *devList) isWholeDevice(name string) bool {
	var st syscall.Stat_t
	return l.fs.Lstat("/sys/block/"+strings.ReplaceAll(name, "/", "!"), &st) == nil
}

// add finds name in the list or inserts it (sysstat's add_list_device). major 0 means
// unknown: it is looked up with a stat of /dev/<name>.
func (l *devList) add(name string, dtype int, major, minor uint32, ordered bool) *device {
	if len(name) >= 127 {
		return nil
	}
	pos := len(l.devs)
	for i, d := range l.devs {
		c := strings.Compare(d.name, name)
		if c == 0 {
			if dtype == tPartDev && d.tp == tDev {
				d.tp = dtype
			}
			d.exist = true
			return d
		}
		if ordered && c > 0 {
			pos = i
			break
		}
	}
	d := &device{name: name, exist: true}
	if dtype == tGroup {
		d.tp = tGroup
	} else if l.isWholeDevice(name) {
		d.tp = tDev
		if dtype == tPartDev {
			d.tp = tPartDev
		}
	} else {
		d.tp = tPart
	}
	if dtype == tGroup {
	} else if major != 0 {
		d.major, d.minor = major, minor
	} else {
		d.major, d.minor = devNumber(name)
	}
	l.devs = append(l.devs, nil)
	copy(l.devs[pos+1:], l.devs[pos:])
	l.devs[pos] = d
	return d
}

// devNumber is the MAJ:MIN of /dev/<name> (the machine's /dev, as sysstat reads it).
func devNumber(name string) (uint32, uint32) {
	p := name
	if !strings.HasPrefix(p, "/") {
		p = "/dev/" + p
	}
	p = strings.ReplaceAll(p, "!", "/")
	var st syscall.Stat_t
	if err := machine.Host.Stat(p, &st); err != nil {
		return 0, 0
	}
	return uint32((st.Rdev >> 8) & 0xfff), uint32((st.Rdev & 0xff) | ((st.Rdev >> 12) & 0xfff00))
}

// read takes one sample of every device into stats[curr] (sysstat's read_sysfs_dlist_stat
// or, with -p ALL, read_diskstats_stat).
func (l *devList) read(v *cgview.View, curr int, flags int) {
	for _, d := range l.devs {
		d.exist = false
	}
	if flags&fEverything != 0 {
		ds, err := v.Diskstats()
		if err != nil {
			return
		}
		for _, x := range ds {
			if d := l.add(x.Name, 0, x.Major, x.Minor, l.ordered); d != nil {
				d.stats[curr] = fromDiskStat(x)
			}
		}
		return
	}
	// sysstat walks a linked list, where a -p device's partitions join behind it; ranging
	// over a copy visits every device that was listed before, however many join.
	for _, d := range append([]*device(nil), l.devs...) {
		if d.exist {
			continue
		}
		switch d.tp {
		case tPart:
			if s, ok := partitionStat(v, d); ok {
				d.stats[curr] = s
				d.exist = true
			}
		case tDev, tPartDev:
			if st, err := v.BlockStat(d.name, ""); err == nil {
				d.stats[curr] = fromDiskStat(st)
				d.exist = true
			}
			if d.tp == tPartDev {
				for _, part := range v.BlockPartitions(d.name) {
					st, err := v.BlockStat(d.name, part)
					if err != nil {
						continue
					}
					if p := l.add(part, 0, 0, 0, l.ordered); p != nil {
						p.stats[curr] = fromDiskStat(st)
					}
				}
			}
		}
	}
	if flags&fAllDevices != 0 {
		names := v.BlockDevices()
		if !l.ordered {
			names = v.BlockDevicesDirOrder() // appended as read: keep readdir's order
		}
		for _, name := range names {
			st, err := v.BlockStat(name, "")
			if err != nil {
				continue
			}
			if d := l.add(name, 0, 0, 0, l.ordered); d != nil {
				d.stats[curr] = fromDiskStat(st)
			}
		}
	}
}

// partitionStat reads a partition named on the command line: sysstat reads
// /sys/dev/block/MAJ:MIN/stat; the view holds it as /sys/block/<disk>/<part>/stat, where a
// name with a slash (cciss/c0d0p2) has a '!' instead.
func partitionStat(v *cgview.View, d *device) (ioStats, bool) {
	name := strings.ReplaceAll(d.name, "/", "!")
	for _, disk := range v.BlockDevices() {
		for _, part := range v.BlockPartitions(disk) {
			if part != name {
				continue
			}
			st, err := v.BlockStat(disk, part)
			if err != nil {
				return ioStats{}, false
			}
			return fromDiskStat(st), true
		}
	}
	return ioStats{}, false
}

// dmNames maps device-mapper MAJ:MIN to the names under /dev/mapper (-N).
type dmNames struct {
	major uint32
	names map[[2]uint32]string
}

func loadDMNames(f *machine.FS) *dmNames {
	m := &dmNames{major: ^uint32(0)}
	b, err := f.ReadFile("/proc/devices")
	if err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if strings.Contains(line, "device-mapper") {
				var n uint32
				for _, c := range strings.TrimSpace(line) {
					if c < '0' || c > '9' {
						break
					}
					n = n*10 + uint32(c-'0')
				}
				m.major = n
			}
		}
	}
	return m
}

func (m *dmNames) name(major, minor uint32) string {
	if major != m.major {
		return ""
	}
	if m.names == nil {
		m.names = map[[2]uint32]string{}
		ents, _ := machine.Host.DirNames("/dev/mapper")
		sort.Strings(ents)
		for _, e := range ents {
			if e == "control" {
				continue
			}
			maj, min := devNumber("/dev/mapper/" + e)
			if maj != 0 || min != 0 {
				m.names[[2]uint32{maj, min}] = e
			}
		}
	}
	return m.names[[2]uint32{major, minor}]
}
