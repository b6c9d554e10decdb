package sar

import (
	"strings"
	"syscall"

	"github.com/cgprocps/cgprocps/internal/machine"
)

// sar -F [MOUNT]: filesystem statistics (docs/sar.md). The mount table is read as sysstat
// 12.6.1's read_filesystem reads /etc/mtab; each kept mount point is measured with statvfs.

// FSStat is one filesystem of a sample: sizes in bytes, inode counts.
type FSStat struct {
	Name, Mount           string // the source (device) and the mount point, 127 bytes at most
	Blocks, Bfree, Bavail uint64
	Files, Ffree          uint64
}

// fsFlags: what -F shows (sysstat's AO_F_FILESYSTEM, AO_F_MOUNT opt_flags).
const (
	fsByName  = 1 // -F: the FILESYSTEM column
	fsByMount = 2 // -F MOUNT: the MOUNTPOINT column
)

const (
	mtabLine = 511 // fgets with sysstat's 512-byte buffer
	maxFSLen = 128 // MAX_FS_LEN
)

// vfsStat is what statvfs gives sysstat for one mount point.
type vfsStat struct {
	Blocks, Bfree, Bavail, Files, Ffree, Frsize uint64
}

// statvfs is glibc's statvfs over statfs(2) (f_frsize, else f_bsize); tests replace it.
var statvfs = func(path string) (vfsStat, bool) {
	var st syscall.Statfs_t
	if machine.Host.Statfs(path, &st) != nil { // the real path (under CGPROCPS_ROOT's /proc/PID/root for --pid)
		return vfsStat{}, false
	}
	fr := uint64(st.Frsize)
	if fr == 0 {
		fr = uint64(st.Bsize)
	}
	return vfsStat{Blocks: st.Blocks, Bfree: st.Bfree, Bavail: st.Bavail, Files: st.Files, Ffree: st.Ffree, Frsize: fr}, true
}

// scanToken is sscanf's "%Ns": leading white space skipped, then at most max non-space bytes;
// false when nothing is left (sscanf leaves its target as it was).
func scanToken(s string, max int) (string, bool) {
	isSpace := func(c byte) bool { return c == ' ' || c >= '\t' && c <= '\r' }
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	j := i
	for j < len(s) && j-i < max && !isSpace(s[j]) {
		j++
	}
	if j == i {
		return "", false
	}
	return s[i:j], true
}

// oct2chr decodes \ooo codes (first digit 0-3) as sysstat does; a decoded NUL ends the string.
func oct2chr(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	b := []byte(s)
	for i := 0; i < len(b)-3; i++ {
		if b[i] == '\\' && b[i+1] >= '0' && b[i+1] <= '3' && b[i+2] >= '0' && b[i+2] <= '7' && b[i+3] >= '0' && b[i+3] <= '7' {
			b[i] = (b[i+1]-'0')*64 + (b[i+2]-'0')*8 + (b[i+3] - '0')
			b = append(b[:i+1], b[i+4:]...)
		}
	}
	if k := strings.IndexByte(string(b), 0); k >= 0 {
		b = b[:k]
	}
	return string(b)
}

// mtabEntry is one mount line sysstat considers: the source and the decoded mount point.
type mtabEntry struct{ name, mount string }

// parseMtab lists the lines of a mounts file that read_filesystem measures, in order: those
// whose first 511 bytes (a fgets piece; the rest of a longer line is skipped) start with '/',
// have two spaces, and whose type is not autofs. As in C, a field sscanf cannot read keeps
// the previous line's value.
func parseMtab(b []byte) []mtabEntry {
	var out []mtabEntry
	var typ, name, mount string
	text := string(b)
	for text != "" {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i+1], text[i+1:]
		} else {
			text = ""
		}
		// fgets pieces: the first is processed, the others skipped.
		if len(line) > mtabLine {
			line = line[:mtabLine]
		}
		if k := strings.IndexByte(line, 0); k >= 0 {
			line = line[:k]
		}
		if line == "" || line[0] != '/' {
			continue
		}
		pos := strings.IndexByte(line, ' ')
		if pos < 0 {
			continue
		}
		pos2 := strings.IndexByte(line[pos+1:], ' ')
		if pos2 < 0 {
			continue
		}
		pos2 += pos + 1
		if t, ok := scanToken(line[pos2+1:], 127); ok {
			typ = t
		}
		if typ == "autofs" {
			continue
		}
		if t, ok := scanToken(line, 127); ok {
			name = t
		}
		if t, ok := scanToken(line[pos+1:], 255); ok {
			mount = t
		}
		mount = oct2chr(mount) // in place, as C: a kept value is decoded again
		out = append(out, mtabEntry{name: name, mount: mount})
	}
	return out
}

// readFS fills s.FS (read_filesystem: duplicates of a source dropped) and s.FSCount
// (get_filesystem_nr, the count sadc sizes the activity with: every measured line).
//
// prefix (another process's /proc/PID/root, or "") goes before each mount point measured.
func readFS(s *Sample, mounts []byte, prefix string) {
	s.FS = []FSStat{}
	for _, e := range parseMtab(mounts) {
		st, ok := statvfs(prefix + e.mount)
		if !ok || st.Blocks == 0 {
			continue
		}
		s.FSCount++
		dup := false
		for _, x := range s.FS {
			if x.Name == e.name {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		m := e.mount
		if len(m) > maxFSLen-1 {
			m = m[:maxFSLen-1]
		}
		s.FS = append(s.FS, FSStat{Name: e.name, Mount: m,
			Blocks: st.Blocks * st.Frsize, Bfree: st.Bfree * st.Frsize, Bavail: st.Bavail * st.Frsize,
			Files: st.Files, Ffree: st.Ffree})
	}
}

var (
	hdrFS      = []string{"FILESYSTEM", "MBfsfree", "MBfsused", "%fsused", "%ufsused", "Ifree", "Iused", "%Iused"}
	hdrFSMount = []string{"MOUNTPOINT", "MBfsfree", "MBfsused", "%fsused", "%ufsused", "Ifree", "Iused", "%Iused"}
)

func (d *display) fsLabel(f *FSStat) string {
	if d.o.fsFlags&fsByMount != 0 {
		return f.Mount
	}
	return f.Name
}

func (d *display) fsListed(name string) bool {
	if d.o.fsList == nil {
		return true
	}
	for _, x := range d.o.fsList {
		if x == name {
			return true
		}
	}
	return false
}

// printFS is print_filesystem_stats (avg: the Summary: rows, each filesystem's last values,
// in the order first seen, the reference sample's list first).
func (d *display) printFS(prev, curr *Sample, dish, avg bool, tsPrev, tsCurr string) {
	if len(curr.FS) == 0 {
		return // sysstat prints an activity only when the sample has items
	}
	if !avg && !d.fsSeeded {
		d.fsSeeded = true
		d.fsSum = append([]FSStat(nil), prev.FS...)
	}
	p := &d.p
	list := curr.FS
	if avg {
		list = d.fsSum
		tsPrev, tsCurr = "Summary:", "Summary:"
	}
	if dish || d.o.zeroOmit {
		h := hdrFS
		if d.o.fsFlags&fsByMount != 0 {
			h = hdrFSMount
		}
		d.hdr(tsPrev, h, -1)
	}
	unit := noUnit
	if d.o.human {
		unit = unitByte
	}
	for i := range list {
		c := &list[i]
		name := d.fsLabel(c)
		if !d.fsListed(name) {
			continue
		}
		show := !d.o.zeroOmit || avg || d.sinceBoot
		if !show {
			show = true
			for _, q := range prev.FS {
				if q.Name == c.Name {
					show = q.Blocks != c.Blocks || q.Bfree != c.Bfree || q.Bavail != c.Bavail ||
						q.Files != c.Files || q.Ffree != c.Ffree
					break
				}
			}
		}
		if show {
			p.padLeft(tsCurr, 11)
			if unit < 0 {
				p.f(unit, 0, float64(c.Bfree)/1024/1024, float64(c.Blocks-c.Bfree)/1024/1024)
			} else {
				p.f(unit, 0, float64(c.Bfree), float64(c.Blocks-c.Bfree))
			}
			pf, pu, pi := 0.0, 0.0, 0.0
			if c.Blocks != 0 {
				pf = float64(c.Blocks-c.Bfree) / float64(c.Blocks) * 100
				pu = float64(c.Blocks-c.Bavail) / float64(c.Blocks) * 100
			}
			p.pc(pf, pu)
			p.u(noUnit, c.Ffree, c.Files-c.Ffree)
			if c.Files != 0 {
				pi = float64(c.Files-c.Ffree) / float64(c.Files) * 100
			}
			p.pc(pi)
			p.str(p.c.Item)
			p.str(" " + name + "\n")
			p.normal()
		}
		if !avg {
			d.fsKeep(*c)
		}
	}
}

// fsKeep saves a printed sample's filesystem in the Summary list.
func (d *display) fsKeep(c FSStat) {
	for i := range d.fsSum {
		if d.fsSum[i].Name == c.Name {
			d.fsSum[i] = c
			return
		}
	}
	d.fsSum = append(d.fsSum, c)
}

// fsOutputs is the number of outputs -F counts for the header repetition (sysstat counts
// each opt_flags bit of a multiple-output activity).
func (o *options) fsOutputs() int {
	n := 0
	if o.fsFlags&fsByName != 0 {
		n++
	}
	if o.fsFlags&fsByMount != 0 {
		n++
	}
	return n
}

// addFSItem is add_list_item for --fs=: names of 128 bytes or more refused, duplicates once.
func (o *options) addFSItem(name string) {
	if len(name) >= maxFSLen {
		return
	}
	for _, x := range o.fsList {
		if x == name {
			return
		}
	}
	o.fsList = append(o.fsList, name)
}

// encodeFS appends the -F data (a later addition to the v1 sample, after the -I/SOFT data):
// FSCount, then the filesystems (name, mount point, five values).
func encodeFS(e *enc, s *Sample) {
	e.u(uint64(s.FSCount))
	e.u(uint64(len(s.FS)))
	for _, f := range s.FS {
		e.s(f.Name)
		e.s(f.Mount)
		for _, x := range []uint64{f.Blocks, f.Bfree, f.Bavail, f.Files, f.Ffree} {
			e.u(x)
		}
	}
}

func decodeFS(d *dec, s *Sample) {
	cnt := d.u()
	if cnt > 1<<31 {
		d.bad = true
		return
	}
	s.FSCount = int(cnt)
	n := d.count(7)
	s.FS = make([]FSStat, n)
	for i := range s.FS {
		f := &s.FS[i]
		f.Name, f.Mount = d.s(), d.s()
		if len(f.Name) >= maxFSLen || len(f.Mount) >= maxFSLen {
			d.bad = true
			return
		}
		f.Blocks, f.Bfree, f.Bavail, f.Files, f.Ffree = d.u(), d.u(), d.u(), d.u(), d.u()
	}
}
