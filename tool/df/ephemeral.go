package df

import (
	"strings"
	"syscall"

	"github.com/cgprocps/cgprocps/internal/machine"
)

// Kubernetes ephemeral storage (docs/df.md): with a limit given, the row of the container's
// root ("/") shows Size = the limit, Used = what the container wrote (its overlay's upper
// directory, when this df can read it: the host-side --pid/--cgroup views), Avail = the
// smaller of the filesystem's free space and what the limit leaves. Where the usage cannot be
// measured (inside the container the writable layer is indistinguishable from the image) Used
// and Use% are "-", df's own mark for an unknown value, and Avail is bounded by the limit.

// parseQuantity reads a size as Kubernetes writes one (a plain byte count as the downward
// API gives it with divisor 1, or a quantity: 5Gi, 500Mi, 2G, 1500M, 1e9) or as df's -B does
// (5G, 5GB, 5GiB).
func parseQuantity(s string) (uint64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if i := strings.IndexAny(s, "eE"); i > 0 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
		m, ok1 := parseDigits(s[:i])
		e, ok2 := parseDigits(s[i+1:])
		if !ok1 || !ok2 || e > 19 || m == 0 {
			return 0, false
		}
		for ; e > 0; e-- {
			if m > ^uint64(0)/10 {
				return 0, false
			}
			m *= 10
		}
		return m, true
	}
	for suffix, mult := range map[string]uint64{
		"Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30, "Ti": 1 << 40, "Pi": 1 << 50, "Ei": 1 << 60,
		"k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18,
	} {
		if strings.HasSuffix(s, suffix) {
			n, ok := parseDigits(strings.TrimSuffix(s, suffix))
			if !ok || n == 0 || n > ^uint64(0)/mult {
				return 0, false
			}
			return n * mult, true
		}
	}
	v, _, _, err := xstrtoumax(s)
	if err != longintOK || v == 0 {
		return 0, false
	}
	return v, true
}

func parseDigits(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' || v > (^uint64(0)-uint64(s[i]-'0'))/10 {
			return 0, false
		}
		v = v*10 + uint64(s[i]-'0')
	}
	return v, true
}

// upperDir is an overlay mount's upperdir option (the host path of its writable layer).
func upperDir(me *mountEntry) string {
	if !strings.HasPrefix(me.fstype, "overlay") {
		return ""
	}
	for _, o := range splitOptions(me.super) {
		if v, ok := strings.CutPrefix(o, "upperdir="); ok {
			return unescapeOctal(v)
		}
	}
	return ""
}

// splitOptions splits super options at commas that overlay did not escape ("\,").
func splitOptions(s string) []string {
	var out []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == ',':
			b.WriteByte(',')
			i++
		case s[i] == ',':
			out = append(out, b.String())
			b.Reset()
		default:
			b.WriteByte(s[i])
		}
	}
	return append(out, b.String())
}

// diskUsage is du's count of a tree: allocated bytes (st_blocks × 512), each inode once,
// not crossing into other filesystems; unreadable parts count as nothing, as du goes on.
func diskUsage(root string) (uint64, bool) {
	var st syscall.Stat_t
	if err := machine.Host.Lstat(root, &st); err != nil {
		return 0, false
	}
	dev := st.Dev
	seen := map[[2]uint64]bool{}
	total := uint64(st.Blocks) * 512
	var walk func(dir string)
	walk = func(dir string) {
		machine.Host.ReadDir(dir, func(name string, _ byte) {
			p := dir + "/" + name
			var s syscall.Stat_t
			if machine.Host.Lstat(p, &s) != nil || s.Dev != dev {
				return // a folder on another filesystem is not entered, nor counted
			}
			isDir := s.Mode&syscall.S_IFMT == syscall.S_IFDIR
			if s.Nlink > 1 && !isDir {
				k := [2]uint64{uint64(s.Dev), s.Ino}
				if seen[k] {
					return
				}
				seen[k] = true
			}
			total += uint64(s.Blocks) * 512
			if isDir {
				walk(p)
			}
		})
	}
	if st.Mode&syscall.S_IFMT == syscall.S_IFDIR {
		walk(root)
	}
	return total, true
}

// ephemeralUsage applies the limit to the usage of the root row: the usage turned into
// bytes (block size 1).
func (d *run) ephemeralUsage(me *mountEntry, u fsUsage) fsUsage {
	limit := d.o.ephemeralLimit
	bs := u.blocksize
	availBytes := u.bavail * bs
	if u.bavailNeg || (bs != 0 && availBytes/bs != u.bavail) {
		availBytes = 0
	}
	out := fsUsage{blocksize: 1, blocks: limit, files: u.files, ffree: u.ffree}
	used, ok := uint64(0), false
	if up := upperDir(me); up != "" && d.sys.prefix != "" {
		// Host side: the upper directory is a path of our own mount namespace.
		used, ok = diskUsage(up)
	}
	if !ok {
		out.bfree = ^uint64(0) // unknown: Used and Use% print "-"
		out.bavail = min(availBytes, limit)
		return out
	}
	left := uint64(0)
	if used < limit {
		left = limit - used
	}
	out.bfree = left
	out.bavail = min(availBytes, left)
	return out
}
