package cgview

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Disks in container mode: docs/semantics.md "Disks". The cgroup's per-device counters come from
// v2 io.stat or v1 blkio.throttle.io_service_bytes(_recursive) and io_serviced(_recursive);
// each touched device becomes a /proc/diskstats line with reads/writes/discards completed,
// sectors = bytes/512, and merges, in-flight and times 0. The rendered /sys/block/<dev>/stat
// of every block device holds the cgroup's counters for a touched device and zeros for the
// others, so the host's counters never show through.

// devNum is a block device number, MAJ:MIN.
type devNum struct{ Major, Minor uint32 }

func (d devNum) String() string { return fmt.Sprintf("%d:%d", d.Major, d.Minor) }

// ioCounters are one device's counters in a cgroup, in bytes and operations.
type ioCounters struct {
	RBytes, WBytes, RIOs, WIOs, DBytes, DIOs uint64
}

func (c ioCounters) zero() bool {
	return c.RBytes|c.WBytes|c.RIOs|c.WIOs|c.DBytes|c.DIOs == 0
}

// parseDevNum parses "MAJ:MIN".
func parseDevNum(s string) (devNum, bool) {
	a, b, ok := strings.Cut(s, ":")
	if !ok {
		return devNum{}, false
	}
	maj, err1 := strconv.ParseUint(a, 10, 32)
	min, err2 := strconv.ParseUint(b, 10, 32)
	if err1 != nil || err2 != nil {
		return devNum{}, false
	}
	return devNum{uint32(maj), uint32(min)}, true
}

// parseIOStat parses a v2 io.stat: lines "MAJ:MIN key=value ...". Keys other than the six
// byte/operation counters (e.g. cost.*, the iocost and latency extras) are ignored; a
// malformed line is skipped, and text with no valid line is an error (empty is no devices).
func parseIOStat(b []byte) (map[devNum]ioCounters, error) {
	out := map[devNum]ioCounters{}
	bad := 0
	for text := string(b); text != ""; {
		var line string
		line, text = cutLine(text)
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		d, ok := parseDevNum(f[0])
		if !ok {
			bad++
			continue
		}
		c := out[d]
		for _, kv := range f[1:] {
			k, val, ok := strings.Cut(kv, "=")
			if !ok {
				continue
			}
			x, err := strconv.ParseUint(val, 10, 64)
			if err != nil {
				continue
			}
			switch k {
			case "rbytes":
				c.RBytes = x
			case "wbytes":
				c.WBytes = x
			case "rios":
				c.RIOs = x
			case "wios":
				c.WIOs = x
			case "dbytes":
				c.DBytes = x
			case "dios":
				c.DIOs = x
			}
		}
		out[d] = c
	}
	if len(out) == 0 && bad > 0 {
		return nil, errors.New("no readable device line")
	}
	return out, nil
}

// blkioOps are the Read, Write and Discard values of one device in a v1 blkio file.
type blkioOps struct{ Read, Write, Discard uint64 }

// parseBlkio parses a v1 blkio.throttle.io_service_bytes or io_serviced file: lines
// "MAJ:MIN Op value" (Op: Read, Write, Sync, Async, Discard, Total) and a last "Total value".
func parseBlkio(b []byte) (map[devNum]blkioOps, error) {
	out := map[devNum]blkioOps{}
	bad := 0
	for text := string(b); text != ""; {
		var line string
		line, text = cutLine(text)
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) == 2 && f[0] == "Total" {
			continue
		}
		if len(f) != 3 {
			bad++
			continue
		}
		d, ok := parseDevNum(f[0])
		x, err := strconv.ParseUint(f[2], 10, 64)
		if !ok || err != nil {
			bad++
			continue
		}
		o := out[d]
		switch f[1] {
		case "Read":
			o.Read = x
		case "Write":
			o.Write = x
		case "Discard":
			o.Discard = x
		}
		out[d] = o
	}
	if len(out) == 0 && bad > 0 {
		return nil, errors.New("no readable device line")
	}
	return out, nil
}

// parseUeventDevname returns DEVNAME of a sysfs uevent file ("" when absent).
func parseUeventDevname(b []byte) string {
	for text := string(b); text != ""; {
		var line string
		line, text = cutLine(text)
		if v, ok := strings.CutPrefix(line, "DEVNAME="); ok {
			v = strings.TrimSpace(v)
			if v == "" || v == "." || v == ".." || strings.ContainsAny(v, " \t") {
				return ""
			}
			// Devices with a slash in their name (cciss/c0d0) appear as cciss!c0d0 in sysfs
			// and /proc/diskstats.
			return strings.ReplaceAll(v, "/", "!")
		}
	}
	return ""
}

// parseBlockStat parses a sysfs block stat file (the diskstats counters without the
// major, minor and name columns). Fewer than 4 numbers is an error.
func parseBlockStat(b []byte) (DiskStat, error) {
	var d DiskStat
	f := strings.Fields(string(b))
	if len(f) > 17 {
		f = f[:17]
	}
	n := 0
	for _, s := range f {
		if _, err := strconv.ParseUint(s, 10, 64); err != nil {
			break
		}
		n++
	}
	if n < 4 {
		return d, errors.New("malformed block stat")
	}
	if n < 11 {
		// A partition of an old kernel: reads, read sectors, writes, write sectors.
		x := make([]uint64, 4)
		for i := range x {
			x[i], _ = strconv.ParseUint(f[i], 10, 64)
		}
		d.ReadIOs, d.ReadSectors, d.WriteIOs, d.WriteSectors = x[0], x[1], x[2], x[3]
		d.NFields = 4
		return d, nil
	}
	d.NFields = n
	for i, p := range d.counters() {
		*p, _ = strconv.ParseUint(f[i], 10, 64)
	}
	return d, nil
}

// AppendSysfsStat appends the counters as the kernel's sysfs stat file prints them: each
// number right-aligned in 8 columns, separated by one space, NFields of them (4 for an old
// partition line).
func (d *DiskStat) AppendSysfsStat(b []byte) []byte {
	var vals []uint64
	if d.NFields == 4 {
		vals = []uint64{d.ReadIOs, d.ReadSectors, d.WriteIOs, d.WriteSectors}
	} else {
		for _, p := range d.counters() {
			vals = append(vals, *p)
		}
	}
	for i, x := range vals {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, fmt.Sprintf("%8d", x)...)
	}
	return append(b, '\n')
}

// diskCache holds what the disk methods read once per View.
type diskCache struct {
	once     sync.Once
	counters map[devNum]ioCounters // the cgroup's, touched devices only
	ok       bool                  // false: no cgroup accounting, host values
	nfields  int                   // counters per line of the host's diskstats

	namesOnce sync.Once
	names     map[devNum]string // from /sys/block/*/dev and /sys/block/*/*/dev
}

// blkioHier returns the hierarchy that holds the cgroup's I/O accounting: the v1 blkio
// hierarchy where one is mounted, else the cgroup2 one.
func (v *View) blkioHier() *hier {
	if v.cg == nil {
		return nil
	}
	for _, h := range v.cg.all {
		if h.V2 {
			continue
		}
		for _, c := range h.Controllers {
			if c == "blkio" {
				return h
			}
		}
	}
	return v.cg.v2
}

// diskCounters reads the cgroup's per-device counters once. ok false: the accounting file is
// missing or unreadable (one warning said so) and the host's values are shown.
func (v *View) diskCounters() (map[devNum]ioCounters, bool) {
	c := &v.disk
	c.once.Do(func() {
		h := v.blkioHier()
		if h == nil {
			return
		}
		if h.V2 {
			b, ok := v.accountingFile(h, "io.stat")
			if !ok {
				return
			}
			m, err := parseIOStat(b)
			if err != nil {
				p := path.Join(h.Dir, "io.stat")
				v.warn(p, p+": "+err.Error()+"; showing the host's values")
				return
			}
			c.counters, c.ok = m, true
			return
		}
		bytesM, ok1 := v.blkioFile(h, "blkio.throttle.io_service_bytes")
		if !ok1 {
			return
		}
		opsM, ok2 := v.blkioFile(h, "blkio.throttle.io_serviced")
		if !ok2 {
			return
		}
		m := map[devNum]ioCounters{}
		for d, b := range bytesM {
			x := m[d]
			x.RBytes, x.WBytes, x.DBytes = b.Read, b.Write, b.Discard
			m[d] = x
		}
		for d, o := range opsM {
			x := m[d]
			x.RIOs, x.WIOs, x.DIOs = o.Read, o.Write, o.Discard
			m[d] = x
		}
		c.counters, c.ok = m, true
	})
	return c.counters, c.ok
}

// blkioFile reads NAME_recursive, else NAME (older kernels have no recursive files), through
// accountingFile's warning rules.
func (v *View) blkioFile(h *hier, name string) (map[devNum]blkioOps, bool) {
	b, ok, err := v.cgFile(h.Dir, name+"_recursive")
	if err != nil || !ok || h.Missing {
		if b, ok = v.accountingFile(h, name); !ok {
			return nil, false
		}
	} else {
		name += "_recursive"
	}
	m, perr := parseBlkio(b)
	if perr != nil {
		p := path.Join(h.Dir, name)
		v.warn(p, p+": "+perr.Error()+"; showing the host's values")
		return nil, false
	}
	return m, true
}

// hostDiskNFields is the number of counters of the host's diskstats lines (17 when unknown).
func (v *View) hostDiskNFields(host []DiskStat) int {
	n := 0
	for _, d := range host {
		n = max(n, d.NFields)
	}
	if n == 0 {
		return 17
	}
	return n
}

// devName names a device: /sys/dev/block/MAJ:MIN/uevent's DEVNAME, else the /sys/block/*/dev
// (or partition dev) file holding MAJ:MIN, else sysstat's "devMAJ-MIN".
func (v *View) devName(d devNum) string {
	if b, err := v.fs.ReadFile("/sys/dev/block/" + d.String() + "/uevent"); err == nil {
		if n := parseUeventDevname(b); n != "" {
			return n
		}
	}
	c := &v.disk
	c.namesOnce.Do(func() {
		c.names = map[devNum]string{}
		for _, dev := range v.BlockDevices() {
			if n, ok := v.sysDevNum("/sys/block/" + dev + "/dev"); ok {
				c.names[n] = dev
			}
			for _, part := range v.BlockPartitions(dev) {
				if n, ok := v.sysDevNum("/sys/block/" + dev + "/" + part + "/dev"); ok {
					c.names[n] = part
				}
			}
		}
	})
	if n, ok := c.names[d]; ok {
		return n
	}
	return fmt.Sprintf("dev%d-%d", d.Major, d.Minor)
}

func (v *View) sysDevNum(p string) (devNum, bool) {
	b, err := v.fs.ReadFile(p)
	if err != nil {
		return devNum{}, false
	}
	return parseDevNum(strings.TrimSpace(string(b)))
}

// containerDiskstats is the container's /proc/diskstats: the touched devices, in the host
// file's order (devices the host file lacks after them, by number), NFields as the host's.
func (v *View) containerDiskstats() ([]DiskStat, error) {
	hb, herr := v.fs.ReadFile("/proc/diskstats")
	var host []DiskStat
	if herr == nil {
		host, _ = parseDiskstats(hb)
	}
	m, ok := v.diskCounters()
	if !ok {
		if herr != nil {
			return nil, fmt.Errorf("/proc/diskstats: %w", unwrapPathErr(herr))
		}
		return parseDiskstats(hb)
	}
	nf := v.hostDiskNFields(host)
	var out []DiskStat
	seen := map[devNum]bool{}
	add := func(d devNum, name string) {
		c := m[d]
		if c.zero() || seen[d] {
			return
		}
		seen[d] = true
		out = append(out, containerDiskStat(d, name, c, nf))
	}
	for _, h := range host {
		add(devNum{h.Major, h.Minor}, h.Name)
	}
	var rest []devNum
	for d := range m {
		if !seen[d] && !m[d].zero() {
			rest = append(rest, d)
		}
	}
	sort.Slice(rest, func(i, j int) bool {
		if rest[i].Major != rest[j].Major {
			return rest[i].Major < rest[j].Major
		}
		return rest[i].Minor < rest[j].Minor
	})
	for _, d := range rest {
		add(d, v.devName(d))
	}
	return out, nil
}

func containerDiskStat(d devNum, name string, c ioCounters, nf int) DiskStat {
	return DiskStat{Major: d.Major, Minor: d.Minor, Name: name,
		ReadIOs: c.RIOs, ReadSectors: c.RBytes / 512,
		WriteIOs: c.WIOs, WriteSectors: c.WBytes / 512,
		DiscardIOs: c.DIOs, DiscardSectors: c.DBytes / 512,
		NFields: nf}
}

// BlockDevicesDirOrder returns the names under /sys/block in the directory's own order (the
// order readdir gives, which sysstat keeps when device groups are defined).
func (v *View) BlockDevicesDirOrder() []string {
	names, err := v.fs.DirNames("/sys/block")
	if err != nil {
		return nil
	}
	return names
}

// BlockPartitions lists the partitions of whole device dev: the subfolders of
// /sys/block/<dev> that hold a stat file, sorted.
func (v *View) BlockPartitions(dev string) []string {
	if !validDevName(dev) {
		return nil
	}
	dirs, err := v.fs.Subdirs("/sys/block/" + dev)
	if err != nil {
		return nil
	}
	var out []string
	for _, d := range dirs {
		if v.fs.Exists("/sys/block/" + dev + "/" + d + "/stat") {
			out = append(out, d)
		}
	}
	sort.Strings(out)
	return out
}

func validDevName(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.Contains(s, "/")
}

// BlockStat returns the counters of /sys/block/<dev>/stat, or of <dev>/<part>/stat when part
// is not empty, as the view shows them: the host's file in host mode (and when the cgroup's
// accounting is unreadable); in container mode the cgroup's counters for a device it touched
// and zeros for the others (NFields as the host's file). An error means no such device.
func (v *View) BlockStat(dev, part string) (DiskStat, error) {
	p := "/sys/block/" + dev
	if !validDevName(dev) || part != "" && !validDevName(part) {
		return DiskStat{}, fmt.Errorf("%s: no such device", p)
	}
	if part != "" {
		p += "/" + part
	}
	b, err := v.fs.ReadRecord(p + "/stat") // a sysfs attribute: whole in one read
	if err != nil {
		return DiskStat{}, fmt.Errorf("%s/stat: %w", p, unwrapPathErr(err))
	}
	hs, err := parseBlockStat(b)
	if err != nil {
		return DiskStat{}, fmt.Errorf("%s/stat: %w", p, err)
	}
	if !v.container {
		return hs, nil
	}
	m, ok := v.diskCounters()
	if !ok {
		return hs, nil
	}
	out := DiskStat{NFields: hs.NFields}
	if d, ok := v.sysDevNum(p + "/dev"); ok {
		if c, ok := m[d]; ok && part == "" {
			out = containerDiskStat(d, "", c, hs.NFields)
			if hs.NFields == 4 {
				out.NFields = 11
			}
		}
		out.Major, out.Minor = d.Major, d.Minor
	}
	return out, nil
}

// writeSysBlock writes DIR/sys/block/<dev>/{stat,dev} for every block device, and
// <dev>/<part>/{stat,dev} for its partitions: in container mode the view's counters (zeros
// for what the cgroup did not touch); in host mode copies of the host's files.
func writeSysBlock(v *View, dir string) error {
	for _, dev := range v.BlockDevices() {
		if !validDevName(dev) {
			continue
		}
		if err := v.writeBlockDir(dir, dev, ""); err != nil {
			return err
		}
		for _, part := range v.BlockPartitions(dev) {
			if err := v.writeBlockDir(dir, dev, part); err != nil {
				return err
			}
		}
	}
	return nil
}

func (v *View) writeBlockDir(dir, dev, part string) error {
	rel := filepath.Join("sys", "block", dev, part)
	src := "/" + filepath.ToSlash(rel)
	var stat []byte
	if v.container {
		d, err := v.BlockStat(dev, part)
		if err != nil {
			return nil // no stat file: not a device iostat would read
		}
		stat = d.AppendSysfsStat(nil)
	} else {
		b, err := v.fs.ReadFile(src + "/stat")
		if err != nil {
			return nil
		}
		stat = b
	}
	out := filepath.Join(dir, rel)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(out, "stat"), stat); err != nil {
		return err
	}
	if b, err := v.fs.ReadFile(src + "/dev"); err == nil {
		if err := writeFileAtomic(filepath.Join(out, "dev"), b); err != nil {
			return err
		}
		// sys/dev/block/MAJ:MIN -> ../../block/<dev>[/<part>]: sysstat's sar names a device
		// by that link's last element; without it a real tool under the rendered view would
		// read the machine's own /sys/dev (another machine's devices, or none).
		if mm := strings.TrimSpace(string(b)); validMajMin(mm) {
			if err := writeLinkAtomic(filepath.Join(dir, "sys", "dev", "block", mm),
				filepath.Join("..", "..", "block", dev, part)); err != nil {
				return err
			}
		}
	}
	return nil
}

// validMajMin reports whether s is "MAJ:MIN" in decimal.
func validMajMin(s string) bool {
	a, b, ok := strings.Cut(s, ":")
	if !ok || a == "" || b == "" {
		return false
	}
	for _, c := range a + b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// writeLinkAtomic makes (or replaces) the symlink p -> target, its folder first.
func writeLinkAtomic(p, target string) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp := p + ".tmp"
	os.Remove(tmp)
	if err := os.Symlink(target, tmp); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}

func renderDiskstats(v *View) ([]byte, error) {
	ds, err := v.Diskstats()
	if err != nil {
		return nil, err
	}
	var b []byte
	for i := range ds {
		b = ds[i].AppendLine(b)
	}
	return b, nil
}
