package sar

import (
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/cgprocps/cgprocps/internal/machine"
)

// sysstat.ioconf: the table sysstat 12.6.1 names a disk by when /sys/dev/block has no link
// for its MAJ:MIN (ioconf.c's ioc_init and ioc_name, read for their rules). Each line is
// either a full record
//
//	MAJOR:NAME:CTRL:CTRLNO:DISK:DCOUNT:PART:PCOUNT:DESCRIPTION
//
// or an indirect one, MAJOR:BASEMAJOR:CTRLNO[:DESCRIPTION], which names MAJOR with BASEMAJOR's
// rules and its own controller number; CTRL "x" makes the full record an exception for one
// minor (CTRLNO) of a major already described.

// ioconfPaths are where the table is looked for, the first that opens: sysstat's default
// (/etc/sysconfig), Debian's (/etc/sysstat), each under the machine root, then sysstat's
// LOCAL_IOCONF, sysstat.ioconf in the working directory.
var ioconfPaths = []string{"/etc/sysconfig/sysstat.ioconf", "/etc/sysstat/sysstat.ioconf"}

const (
	iocMaxBlkdev = 511
	iocMaxMinor  = 1<<20 - 1
)

type iocBlk struct {
	name, cfmt, dpre, ppre string
	alpha                  bool // DISK "a": letters (a..z, aa...), else decimal
	ctrlExplicit           bool
	dcount, pcount         uint64
	ext                    bool
	extMinor               uint64
	extName                string
}

type iocEntry struct {
	blk       *iocBlk
	ctrlno    uint64
	basemajor uint64
}

type ioconf struct {
	ent   [iocMaxBlkdev + 1]*iocEntry
	refnr [iocMaxBlkdev + 1]uint64
}

var (
	ioconfMu    sync.Mutex
	ioconfCache = map[string]*ioconf{}
)

// loadIoconf returns the table for the machine root (parsed once), nil when there is none
// or it holds no full record (sysstat then names by devM-N).
func loadIoconf(m *machine.FS) *ioconf {
	ioconfMu.Lock()
	defer ioconfMu.Unlock()
	root := m.Root()
	if c, ok := ioconfCache[root]; ok {
		return c
	}
	var b []byte
	var err error
	for _, p := range ioconfPaths {
		if b, err = m.ReadFile(p); err == nil {
			break
		}
	}
	if err != nil {
		// sysstat's last resort, in the working folder: the user's file, not the machine's.
		b, err = os.ReadFile("sysstat.ioconf")
	}
	var c *ioconf
	if err == nil {
		c = parseIoconf(string(b))
	}
	ioconfCache[root] = c
	return c
}

// scanner reads a line as sscanf does with %u, %s, %[^:] and literal ':'.
type scanner struct{ s string }

func (r *scanner) u() (uint64, bool) {
	r.s = strings.TrimLeft(r.s, " \t\n\r\v\f")
	i := 0
	for i < len(r.s) && r.s[i] >= '0' && r.s[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, false
	}
	v, err := strconv.ParseUint(r.s[:i], 10, 32)
	if err != nil {
		v = 1<<32 - 1
	}
	r.s = r.s[i:]
	return v, true
}

func (r *scanner) colon() bool {
	if strings.HasPrefix(r.s, ":") {
		r.s = r.s[1:]
		return true
	}
	return false
}

func (r *scanner) field() (string, bool) { // %[^:]
	i := strings.IndexByte(r.s, ':')
	if i < 0 {
		i = len(r.s)
	}
	if i == 0 {
		return "", false
	}
	f := r.s[:i]
	r.s = r.s[i:]
	return f, true
}

func (r *scanner) word() bool { // %s
	r.s = strings.TrimLeft(r.s, " \t\n\r\v\f")
	return r.s != ""
}

// indirect scans "%u:%u:%u:%s" and returns how many conversions succeeded.
func (r scanner) indirect() (n int, major, base, ctrl uint64) {
	var ok bool
	if major, ok = r.u(); !ok {
		return 0, 0, 0, 0
	}
	if !r.colon() {
		return 1, major, 0, 0
	}
	if base, ok = r.u(); !ok {
		return 1, major, 0, 0
	}
	if !r.colon() {
		return 2, major, base, 0
	}
	if ctrl, ok = r.u(); !ok {
		return 2, major, base, 0
	}
	if !r.colon() || !r.word() {
		return 3, major, base, ctrl
	}
	return 4, major, base, ctrl
}

// full scans "%u:%[^:]:%[^:]:%u:%[^:]:%u:%[^:]:%u:%s"; ok when all 9 convert.
func (r scanner) full() (major uint64, name, cfmt string, ctrl uint64, dfmt string, dcount uint64, pfmt string, pcount uint64, ok bool) {
	if major, ok = r.u(); !ok || !r.colon() {
		return
	}
	if name, ok = r.field(); !ok || !r.colon() {
		ok = false
		return
	}
	if cfmt, ok = r.field(); !ok || !r.colon() {
		ok = false
		return
	}
	if ctrl, ok = r.u(); !ok || !r.colon() {
		ok = false
		return
	}
	if dfmt, ok = r.field(); !ok || !r.colon() {
		ok = false
		return
	}
	if dcount, ok = r.u(); !ok || !r.colon() {
		ok = false
		return
	}
	if pfmt, ok = r.field(); !ok || !r.colon() {
		ok = false
		return
	}
	if pcount, ok = r.u(); !ok || !r.colon() {
		ok = false
		return
	}
	ok = r.word()
	return
}

// parseIoconf is ioc_init over the file's text (sysstat's warnings about bad lines are not
// printed; those lines are skipped as there).
func parseIoconf(text string) *ioconf {
	c := &ioconf{}
	count := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		if line == "" || line[0] == '#' || line[0] == '\n' {
			continue
		}
		r := scanner{line}
		if n, major, base, ctrl := r.indirect(); n == 3 || n == 4 {
			if base == 0 || base > iocMaxBlkdev || major > iocMaxBlkdev || c.ent[base] == nil {
				continue
			}
			c.refnr[base]++
			c.ent[major] = &iocEntry{blk: c.ent[base].blk, ctrlno: ctrl, basemajor: base}
			continue
		}
		major, name, cfmt, ctrl, dfmt, dcount, pfmt, pcount, ok := r.full()
		if !ok || major == 0 || major >= iocMaxBlkdev {
			continue
		}
		if cfmt[0] == 'x' {
			if e := c.ent[major]; e != nil && !e.blk.ext {
				e.blk.ext, e.blk.extMinor, e.blk.extName = true, ctrl, name
			}
			continue
		}
		b := &iocBlk{name: name, dcount: dcount, pcount: pcount}
		if cfmt[0] == '*' {
			b.cfmt = name
		} else {
			b.cfmt, b.ctrlExplicit = name+cfmt, true
		}
		switch dfmt[0] {
		case 'a':
			b.alpha = true
		case '%':
			b.dpre = dfmt[1:]
		case 'd':
		default:
			continue // sysstat has no converter for it (and would crash naming such a disk)
		}
		if pfmt[0] != '*' {
			b.ppre = pfmt
		}
		c.ent[major] = &iocEntry{blk: b, ctrlno: ctrl, basemajor: major}
		count++
	}
	if count == 0 {
		return nil
	}
	return c
}

// ito26 is sysstat's base-26 disk letters: 0 a, 25 z, 26 aa.
func ito26(n uint64) string {
	const syms = "zabcdefghijklmnopqrstuvwxy"
	var out []byte
	for v := n + 1; v > 0; {
		j := v % 26
		out = append([]byte{syms[j]}, out...)
		v /= 26
		if j == 0 {
			v--
		}
	}
	return string(out)
}

// name is ioc_name: the table's name for MAJ:MIN, "" when it has none.
func (c *ioconf) name(major, minor uint64) string {
	if c == nil || major > iocMaxBlkdev || minor > iocMaxMinor {
		return ""
	}
	e := c.ent[major]
	if e == nil || e.blk.pcount == 0 || minor&0xff >= e.blk.dcount*e.blk.pcount {
		return "" // sysstat's "nodev"
	}
	b := e.blk
	if b.ext && b.extMinor == minor {
		return b.extName
	}
	base := e.ctrlno * b.dcount
	if minor >= 256 {
		base += b.dcount * (c.refnr[e.basemajor] + 1) * (minor >> 8)
	}
	offset := (minor & 0xff) / b.pcount
	if !b.ctrlExplicit {
		offset += base
	}
	name := b.cfmt
	if b.ctrlExplicit {
		name += strconv.FormatUint(e.ctrlno, 10)
	}
	if b.alpha {
		name += b.dpre + ito26(offset)
	} else {
		name += b.dpre + strconv.FormatUint(offset, 10)
	}
	if minor%b.pcount != 0 {
		name += b.ppre + strconv.FormatUint(minor%b.pcount, 10)
	}
	if name == "nodev" {
		return ""
	}
	return name
}

// dmNamer gives -p's names of device-mapper disks (sysstat's get_device_name with
// disp_devmap_name): the entry of /dev/mapper whose device number is MAJ:MIN, for the
// device-mapper major of /proc/devices (both under the machine root). Not found: "" (the
// disk keeps its name). sysstat exits 4 when /dev/mapper cannot be opened; here the name is
// kept instead.
type dmNamer struct {
	fs     *machine.FS
	loaded bool
	major  uint32
	names  map[[2]uint32]string
}

func (m *dmNamer) name(major, minor uint32) string {
	if !m.loaded {
		m.loaded = true
		m.major = ^uint32(0)
		if b, err := m.fs.ReadFile("/proc/devices"); err == nil {
			for _, line := range strings.Split(string(b), "\n") {
				if strings.Contains(line, "device-mapper") {
					if n, ok := (&scanner{line}).u(); ok {
						m.major = uint32(n)
					}
				}
			}
		}
	}
	if major != m.major {
		return ""
	}
	if m.names == nil {
		m.names = map[[2]uint32]string{}
		const dir = "/dev/mapper"
		if ents, err := m.fs.DirNames(dir); err == nil { // directory order: the first match wins, as readdir
			for _, e := range ents {
				var st syscall.Stat_t
				if m.fs.Stat(dir+"/"+e, &st) != nil {
					continue
				}
				dev := uint64(st.Rdev)
				k := [2]uint32{uint32((dev>>8)&0xfff | (dev>>32)&0xfffff000), uint32(dev&0xff | (dev>>12)&0xffffff00)}
				if _, dup := m.names[k]; !dup {
					m.names[k] = e
				}
			}
		}
	}
	return m.names[[2]uint32{major, minor}]
}

// machineFS reads the machine under CGPROCPS_ROOT (else /), as cgview decides it.
func machineFS() *machine.FS {
	if r := os.Getenv("CGPROCPS_ROOT"); r != "" {
		return machine.New(r)
	}
	return machine.New("/")
}
