package cgview

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"unsafe"

	"github.com/cgprocps/cgprocps/internal/rawsys"
)

// fsys reads files under a root directory that stands for /.
type fsys struct{ root string }

// path maps an absolute machine path to the file that holds it under the root.
func (f fsys) path(p string) string {
	if f.root == "/" || f.root == "" {
		return p
	}
	return filepath.Join(f.root, p)
}

// maxFile bounds what one read takes from a file: no kernel file the suite reads comes near
// it, and a huge or endless file (a fixture gone wrong, a FIFO) cannot exhaust memory.
const maxFile = 16 << 20

var errTooLarge = errors.New("file too large")

// read returns the contents of machine path p (read through the root). It uses raw system
// calls, and a tool's start-up time is a feature: os.Open registers every file with the
// runtime's poller (an epoll_ctl on open and on close), as costly as the read itself on these
// small kernel files; and a syscall.Syscall that runs past ~20 us (a mountinfo read can) lets
// the runtime hand the processor to a new OS thread, which costs more than the whole read.
// These are short reads of kernel files by single-goroutine tools; RawSyscall keeps them on
// the calling thread. Only a read of 0 bytes is the end: a seq_file returns about one page
// per read whatever the buffer (/proc/slabinfo, a long mountinfo or vmstat read short long
// before their end), so a file costs open, two reads, close.
func (f fsys) read(p string) ([]byte, error) { return f.readFile(p, false) }

// readRecord reads a file the kernel produces whole in one read (a single seq_file record:
// /proc/PID/stat, statm, status, /proc/PID/cgroup, meminfo, uptime, loadavg, a cgroup's limit
// files): a read shorter than the free buffer is its end, which saves the second, empty read
// per file (top and a census read thousands; every tool reads a few at start-up). Not for
// files of many records (mountinfo, diskstats, slabinfo, cgroup.procs), which come a page at
// a time. A regular file (a capture under CGPROCPS_ROOT) reads short only at its end.
func (f fsys) readRecord(p string) ([]byte, error) { return f.readFile(p, true) }

func (f fsys) readFile(p string, record bool) ([]byte, error) {
	fd, err := f.rawOpen(p, syscall.O_NOCTTY)
	if err != nil {
		return nil, err
	}
	defer syscall.RawSyscall(syscall.SYS_CLOSE, uintptr(fd), 0, 0)
	// Read into one reused buffer and return an exact-size copy: a fresh 8 KiB buffer per
	// file would touch new pages, and page faults are a large part of a short tool's run.
	scratchMu.Lock()
	defer scratchMu.Unlock()
	if scratch == nil {
		scratch = make([]byte, 0, 8192)
	}
	buf := scratch[:0]
	for {
		if len(buf) == cap(buf) {
			if len(buf) >= maxFile {
				return nil, &fs.PathError{Op: "read", Path: p, Err: errTooLarge}
			}
			buf = append(buf, 0)[:len(buf)]
		}
		free := buf[len(buf):cap(buf)]
		r, _, e := syscall.RawSyscall(syscall.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&free[0])), uintptr(len(free)))
		if e == syscall.EINTR {
			continue
		}
		if e != 0 {
			return nil, &fs.PathError{Op: "read", Path: p, Err: e}
		}
		n := int(r)
		if n > 0 {
			buf = buf[:len(buf)+n]
		}
		if n <= 0 || record && n < len(free) {
			break
		}
	}
	if cap(buf) <= 64<<10 {
		scratch = buf[:0] // keep a grown buffer for the next large file, within reason
	}
	return append([]byte(nil), buf...), nil
}

// rawOpen opens machine path p read-only (close-on-exec, plus flags) with a raw openat.
func (f fsys) rawOpen(p string, flags int) (int, error) {
	name, err := syscall.BytePtrFromString(f.path(p))
	if err != nil {
		return -1, &fs.PathError{Op: "open", Path: p, Err: err}
	}
	for {
		r, _, e := syscall.RawSyscall6(syscall.SYS_OPENAT, atFDCWD, uintptr(unsafe.Pointer(name)),
			uintptr(syscall.O_RDONLY|syscall.O_CLOEXEC|flags), 0, 0, 0)
		if e == syscall.EINTR {
			continue
		}
		if e != 0 {
			return -1, &fs.PathError{Op: "open", Path: p, Err: e}
		}
		return int(r), nil
	}
}

// atFDCWD is AT_FDCWD (-100) as a register holds it.
const atFDCWD = ^uintptr(99)

// scratch is the read buffer readFile reuses (8 KiB, made on first use: not at package
// initialisation, which every tool of the multicall binary pays for).
var (
	scratchMu sync.Mutex
	scratch   []byte
)

// isDir reports whether machine path p is a directory under the root (a raw fstatat, like
// the reads: os.Stat builds a FileInfo for one mode bit).
func (f fsys) isDir(p string) bool {
	var st syscall.Stat_t
	for {
		err := rawsys.Fstatat(f.path(p), &st, 0)
		if err != syscall.EINTR {
			return err == nil && st.Mode&syscall.S_IFMT == syscall.S_IFDIR
		}
	}
}

// readDirNames lists the names in directory p (not "." and "..").
func (f fsys) readDirNames(p string) ([]string, error) {
	var names []string
	err := f.readDir(p, func(name string, _ byte) { names = append(names, name) })
	return names, err
}

// readSubdirs lists the subfolders of directory p, by the type getdents reports (no stat per
// entry; an entry of unknown type is checked with a stat).
func (f fsys) readSubdirs(p string) ([]string, error) {
	var dirs []string
	err := f.readDir(p, func(name string, typ byte) {
		if typ == syscall.DT_DIR || typ == syscall.DT_UNKNOWN && f.isDir(p+"/"+name) {
			dirs = append(dirs, name)
		}
	})
	return dirs, err
}

// readDir calls fn with each entry of directory p and its getdents64 type, reading with raw
// system calls like read (no poller registration: tools list a folder per process).
func (f fsys) readDir(p string, fn func(name string, typ byte)) error {
	fd, err := f.rawOpen(p, syscall.O_DIRECTORY)
	if err != nil {
		return err
	}
	defer syscall.RawSyscall(syscall.SYS_CLOSE, uintptr(fd), 0, 0)
	var buf [8192]byte
	for {
		r, _, e := syscall.RawSyscall(syscall.SYS_GETDENTS64, uintptr(fd), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)))
		if e == syscall.EINTR {
			continue
		}
		if e != 0 {
			return &fs.PathError{Op: "readdirent", Path: p, Err: e}
		}
		n := int(r)
		if n <= 0 {
			return nil
		}
		// struct linux_dirent64 { u64 ino; s64 off; u16 reclen; u8 type; char name[]; }
		for off := 0; off+19 <= n; {
			reclen := int(buf[off+16]) | int(buf[off+17])<<8
			if reclen < 19 || off+reclen > n {
				return &fs.PathError{Op: "readdirent", Path: p, Err: syscall.EINVAL}
			}
			typ := buf[off+18]
			nameb := buf[off+19 : off+reclen]
			if i := bytes.IndexByte(nameb, 0); i >= 0 {
				nameb = nameb[:i]
			}
			if s := string(nameb); s != "." && s != ".." {
				fn(s, typ)
			}
			off += reclen
		}
	}
}

// readlink reads the symlink at machine path p (into a stack buffer: the links cgview reads
// are short, such as "cgroup:[4026531835]").
func (f fsys) readlink(p string) (string, error) {
	var buf [256]byte
	n, err := syscall.Readlink(f.path(p), buf[:])
	if err != nil {
		return "", err
	}
	if n >= len(buf) {
		return os.Readlink(f.path(p))
	}
	return string(buf[:n]), nil
}
