package df

import (
	"strings"

	"github.com/cgprocps/cgprocps/internal/cnum"
)

// mountEntry is one line of /proc/self/mountinfo as coreutils' mount list keeps it.
type mountEntry struct {
	devname string // the mount source ("/dev/vda", "tmpfs")
	dir     string // the mount point
	root    string // the root of the mount within its filesystem (bind mounts: a sub-path)
	fstype  string
	dev     uint64 // st_dev of the filesystem (major:minor of the line)
	dummy   bool   // a pseudo filesystem (proc, sysfs, ...): hidden without -a
	remote  bool   // a network filesystem: hidden with -l
	super   string // the super options, raw (overlay's upperdir=...)

	devUnusable bool // get_point found its mount point on another device (C: me_dev = -2)
}

// parseMountinfo reads mountinfo text as gnulib's read_file_system_list does on Linux: each
// line is "ID PARENT MAJ:MIN ROOT TARGET OPTIONS [OPTIONAL...] - TYPE SOURCE SUPEROPTS";
// lines it cannot split are skipped, octal escapes (\040) are decoded.
func parseMountinfo(b []byte) []mountEntry {
	var out []mountEntry
	text := string(b)
	for len(text) > 0 {
		var line string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i+1], text[i+1:]
		} else {
			line, text = text, ""
		}
		if me, ok := parseMountLine(line); ok {
			out = append(out, me)
		}
	}
	return out
}

// scanUint is sscanf's %u from index i (see cnum.Strtoul): the value as an unsigned int, the
// index after the digits and whether there was a digit.
func scanUint(s string, i int) (uint32, int, bool) {
	v, n, _ := cnum.Strtoul(s[i:], 10)
	if n == 0 {
		return 0, i, false
	}
	return uint32(v), i + n, true
}

func skipSpace(s string, i int) int {
	for i < len(s) && cnum.IsSpace(s[i]) {
		i++
	}
	return i
}

func parseMountLine(line string) (mountEntry, bool) {
	if i := strings.IndexByte(line, 0); i >= 0 {
		line = line[:i] // the C code sees a string ending at the first NUL
	}
	var ok bool
	i := 0
	if _, i, ok = scanUint(line, i); !ok {
		return mountEntry{}, false
	}
	i = skipSpace(line, i)
	if _, i, ok = scanUint(line, i); !ok {
		return mountEntry{}, false
	}
	i = skipSpace(line, i)
	var maj, min uint32
	if maj, i, ok = scanUint(line, i); !ok {
		return mountEntry{}, false
	}
	if i >= len(line) || line[i] != ':' {
		return mountEntry{}, false
	}
	if min, i, ok = scanUint(line, i+1); !ok {
		return mountEntry{}, false
	}
	i = skipSpace(line, i)
	rest := line[i:]
	root, rest, ok := strings.Cut(rest, " ")
	if !ok {
		return mountEntry{}, false
	}
	target, rest, ok := strings.Cut(rest, " ")
	if !ok {
		return mountEntry{}, false
	}
	d := strings.Index(rest, " - ")
	if d < 0 {
		return mountEntry{}, false
	}
	rest = rest[d+3:]
	fstype, rest, ok := strings.Cut(rest, " ")
	if !ok {
		return mountEntry{}, false
	}
	source, super, ok := strings.Cut(rest, " ")
	if !ok {
		return mountEntry{}, false
	}
	me := mountEntry{
		super:   strings.TrimRight(super, "\n"),
		devname: unescapeOctal(source),
		dir:     unescapeOctal(target),
		root:    unescapeOctal(root),
		fstype:  unescapeOctal(fstype),
		dev:     mkdev(maj, min),
	}
	me.dummy = isDummy(me.fstype)
	me.remote = isRemote(me.devname, me.fstype)
	return me, true
}

// mkdev is glibc's makedev.
func mkdev(maj, min uint32) uint64 {
	M, m := uint64(maj), uint64(min)
	return (M&0xfffff000)<<32 | (M&0xfff)<<8 | (m&0xffffff00)<<12 | m&0xff
}

// unescapeOctal decodes \ooo escapes (first digit 0-3) as the kernel writes them for space,
// tab, newline and backslash; a decoded NUL ends the string, as it does in C.
func unescapeOctal(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) &&
			s[i+1] >= '0' && s[i+1] <= '3' &&
			s[i+2] >= '0' && s[i+2] <= '7' &&
			s[i+3] >= '0' && s[i+3] <= '7' {
			c := (s[i+1]-'0')*64 + (s[i+2]-'0')*8 + (s[i+3] - '0')
			if c == 0 {
				break
			}
			b.WriteByte(c)
			i += 3
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// isDummy: the pseudo filesystem types coreutils hides without -a.
func isDummy(t string) bool {
	switch t {
	case "autofs", "proc", "subfs", "debugfs", "devpts", "fusectl", "fuse.portal", "mqueue",
		"rpc_pipefs", "sysfs", "devfs", "kernfs", "ignore", "none":
		return true
	}
	return false
}

// isRemote: the network filesystems -l hides (a ':' in the source, //server shares of the SMB
// family, the cluster types, autofs's "-hosts").
func isRemote(name, t string) bool {
	if strings.IndexByte(name, ':') >= 0 {
		return true
	}
	if len(name) >= 2 && name[0] == '/' && name[1] == '/' && (t == "smbfs" || t == "smb3" || t == "cifs") {
		return true
	}
	switch t {
	case "acfs", "afs", "coda", "auristorfs", "fhgfs", "gpfs", "ibrix", "ocfs2", "vxfs":
		return true
	}
	return name == "-hosts"
}

// isRemote832 is isRemote as coreutils 8.32 decides it: by type only afs and auristorfs;
// the others of isRemote (acfs, coda, fhgfs, gpfs, ibrix, ocfs2, vxfs) came with 9.0's gnulib
// (8.32's binary holds none of their names).
func isRemote832(name, t string) bool {
	switch t {
	case "acfs", "coda", "fhgfs", "gpfs", "ibrix", "ocfs2", "vxfs":
		return strings.IndexByte(name, ':') >= 0 || name == "-hosts"
	}
	return isRemote(name, t)
}
