package df

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/cgprocps/cgprocps/internal/machine"
)

// fsUsage is gnulib's struct fs_usage: what statvfs says, in blocks of blocksize bytes.
type fsUsage struct {
	blocksize  uint64
	blocks     uint64
	bfree      uint64
	bavail     uint64
	bavailNeg  bool // the top bit of f_bavail is set (a negative count)
	files      uint64
	ffree      uint64
	fromStatfs bool
}

// unknownUsage is the placeholder row of an inaccessible filesystem under -a.
var unknownUsage = fsUsage{blocksize: ^uint64(0), blocks: ^uint64(0), bfree: ^uint64(0), bavail: ^uint64(0), files: ^uint64(0), ffree: ^uint64(0)}

// sysfs is where df's stat and statfs calls go: the machine's paths, or those of another
// process's root (--pid: /proc/PID/root) prefixed to every path.
type sysfs struct {
	prefix string
	// snap, when not nil, keeps each path's first statfs result and answers later calls for
	// that path with it: runs that share it see one snapshot of the filesystems' usage (the
	// tests compare --json with the text report this way). nil in the tools.
	snap statfsSnapshot
}

// statfsSnapshot is the statfs results of the paths asked so far.
type statfsSnapshot map[string]statfsResult

type statfsResult struct {
	u   fsUsage
	err error
}

func (s sysfs) path(p string) string {
	if s.prefix == "" {
		return p
	}
	if r, ok := s.resolveIn(p); ok {
		p = r
	}
	return s.prefix + "/" + strings.TrimLeft(p, "/")
}

// resolveIn resolves the symbolic links of absolute path p inside the prefix root (an
// absolute link restarts at that root, not at ours), as the process that owns the root
// would see it; false when a component is missing.
func (s sysfs) resolveIn(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	parts := strings.Split(p, "/")
	resolved := "/"
	links := 0
	for len(parts) > 0 {
		c := parts[0]
		parts = parts[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			resolved = filepath.Dir(resolved)
			continue
		}
		next := filepath.Join(resolved, c)
		full := s.prefix + next
		var st syscall.Stat_t
		if machine.Host.Lstat(full, &st) != nil {
			return "", false
		}
		if st.Mode&syscall.S_IFMT == syscall.S_IFLNK {
			links++
			if links > 40 {
				return "", false
			}
			target, err := machine.Host.Readlink(full)
			if err != nil {
				return "", false
			}
			if strings.HasPrefix(target, "/") {
				resolved = "/"
			}
			parts = append(strings.Split(target, "/"), parts...)
			continue
		}
		resolved = next
	}
	return resolved, true
}

// Every call below goes through internal/machine on the machine's own paths (df measures the
// real mounts; CGPROCPS_ROOT re-roots only the mount table). Errors are the bare errno values
// coreutils' messages are made of.

func (s sysfs) statfs(p string) (fsUsage, error) {
	if s.snap == nil {
		return s.statfsNow(p)
	}
	r, ok := s.snap[p]
	if !ok {
		r.u, r.err = s.statfsNow(p)
		s.snap[p] = r
	}
	return r.u, r.err
}

func (s sysfs) statfsNow(p string) (fsUsage, error) {
	var st syscall.Statfs_t
	if err := machine.Host.Statfs(s.path(p), &st); err != nil {
		return fsUsage{}, machine.Errno(err)
	}
	u := fsUsage{
		blocks: st.Blocks, bfree: st.Bfree, bavail: st.Bavail,
		files: st.Files, ffree: st.Ffree, fromStatfs: true,
	}
	// glibc's statvfs: f_frsize, or f_bsize when the kernel gives none; then gnulib prefers
	// f_frsize over f_bsize the same way.
	u.blocksize = uint64(st.Frsize)
	if u.blocksize == 0 {
		u.blocksize = uint64(st.Bsize)
	}
	u.bavailNeg = u.bavail>>63 != 0
	return u, nil
}

// stat returns st_dev and st_mode of p (following symbolic links).
func (s sysfs) stat(p string) (dev uint64, mode uint32, err error) {
	var st syscall.Stat_t
	if err := machine.Host.Stat(s.path(p), &st); err != nil {
		return 0, 0, machine.Errno(err)
	}
	return uint64(st.Dev), st.Mode, nil
}

// automountStat is coreutils' automount_stat_err: open the operand first (which triggers an
// automount), then stat it; ENOENT and ENOTDIR from the open are final.
func (s sysfs) automountStat(p string) (dev uint64, mode uint32, err error) {
	fd, err := machine.Host.Open(s.path(p), syscall.O_NOCTTY|syscall.O_NONBLOCK)
	if err != nil {
		if err := machine.Errno(err); err == syscall.ENOENT || err == syscall.ENOTDIR {
			return 0, 0, err
		}
		return s.stat(p)
	}
	defer machine.Close(fd)
	var st syscall.Stat_t
	if err := machine.Fstat(fd, &st); err != nil {
		return 0, 0, err
	}
	return uint64(st.Dev), st.Mode, nil
}

// realpath is canonicalize_file_name: the absolute path with every symbolic link resolved,
// or false when some component does not exist.
func (s sysfs) realpath(p string) (string, bool) {
	if s.prefix != "" {
		// Another process's root: relative names count from its root.
		return s.resolveIn(p)
	}
	if !filepath.IsAbs(p) {
		wd, err := os.Getwd()
		if err != nil {
			return "", false
		}
		p = wd + "/" + p
	}
	return s.resolveIn(p) // with no prefix: the machine's own root
}

func isDevice(mode uint32) bool {
	t := mode & syscall.S_IFMT
	return t == syscall.S_IFBLK || t == syscall.S_IFCHR
}

func isDir(mode uint32) bool { return mode&syscall.S_IFMT == syscall.S_IFDIR }

// strerror is glibc's text for the errno values df's messages can carry.
func strerror(err error) string {
	if e, ok := err.(syscall.Errno); ok {
		switch e {
		case syscall.ENOENT:
			return "No such file or directory"
		case syscall.EACCES:
			return "Permission denied"
		case syscall.EPERM:
			return "Operation not permitted"
		case syscall.ENOTDIR:
			return "Not a directory"
		case syscall.ELOOP:
			return "Too many levels of symbolic links"
		case syscall.ENAMETOOLONG:
			return "File name too long"
		case syscall.EIO:
			return "Input/output error"
		case syscall.EOVERFLOW:
			return "Value too large for defined data type"
		case syscall.ESTALE:
			return "Stale file handle"
		case syscall.ENOTCONN:
			return "Transport endpoint is not connected"
		case syscall.ENOSYS:
			return "Function not implemented"
		case syscall.EINVAL:
			return "Invalid argument"
		case syscall.ENODEV:
			return "No such device"
		case syscall.ENXIO:
			return "No such device or address"
		case syscall.EBUSY:
			return "Device or resource busy"
		case syscall.EHOSTDOWN:
			return "Host is down"
		case syscall.ETIMEDOUT:
			return "Connection timed out"
		case syscall.ENOSPC:
			return "No space left on device"
		case syscall.EPIPE:
			return "Broken pipe"
		case syscall.EBADF:
			return "Bad file descriptor"
		}
	}
	s := err.Error()
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		s = string(s[0]-'a'+'A') + s[1:]
	}
	return s
}
