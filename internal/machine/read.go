package machine

import (
	"errors"
	"io/fs"
	"sync"
	"syscall"
)

// MaxFile bounds what one read takes from a file: no kernel file the suite reads comes near
// it, and a huge or endless file (a capture gone wrong, a FIFO) cannot exhaust memory.
const MaxFile = 16 << 20

// ErrTooLarge is the error of a file longer than the bound.
var ErrTooLarge = errors.New("file too large")

// ReadFile returns the contents of machine path p. Only a read of 0 bytes is the end: a
// seq_file returns about one page per read whatever the buffer (/proc/slabinfo, a long
// mountinfo or vmstat read short long before their end), so a file costs open, two reads,
// close. Errors are *fs.PathError naming p.
func (f *FS) ReadFile(p string) ([]byte, error) { return f.readFile(p, false, MaxFile) }

// ReadFileLimit is ReadFile with another bound than MaxFile, for a file of the running
// system that may be larger (glibc's locale archive).
func (f *FS) ReadFileLimit(p string, limit int) ([]byte, error) { return f.readFile(p, false, limit) }

// ReadRecord reads a file the kernel produces whole in one read (a single seq_file record:
// /proc/PID/stat, statm, status, /proc/PID/cgroup, meminfo, uptime, loadavg, a cgroup's limit
// files): a read shorter than the free buffer is its end, which saves the second, empty read
// per file (top and a census read thousands; every tool reads a few at start-up). Not for
// files of many records (mountinfo, diskstats, slabinfo, cgroup.procs), which come a page at
// a time. A regular file (a capture under CGPROCPS_ROOT) reads short only at its end.
func (f *FS) ReadRecord(p string) ([]byte, error) { return f.readFile(p, true, MaxFile) }

func (f *FS) readFile(p string, record bool, limit int) ([]byte, error) {
	fd, err := f.open(p, syscall.O_NOCTTY)
	if err != nil {
		return nil, err
	}
	defer closeFD(fd)
	// Read into one reused buffer and return an exact-size copy: a fresh 8 KiB buffer per
	// file would touch new pages, and page faults are a large part of a short tool's run.
	// The buffer is taken out while the file is read, not locked for the read's length: a
	// read that blocks (a FIFO, a hung FUSE server) must not stall the other goroutines'
	// reads (the live view's requests, a signal handler's).
	buf := takeScratch()
	defer func() { putScratch(buf) }() // the buffer as grown
	for {
		if len(buf) == cap(buf) {
			if len(buf) >= limit {
				return nil, &fs.PathError{Op: "read", Path: p, Err: ErrTooLarge}
			}
			buf = append(buf, 0)[:len(buf)]
		}
		free := buf[len(buf):cap(buf)]
		n, err := syscall.Read(fd, free)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: p, Err: err}
		}
		if n > 0 {
			buf = buf[:len(buf)+n]
		}
		if n <= 0 || record && n < len(free) {
			break
		}
	}
	return append([]byte(nil), buf...), nil
}

// scratch is the read buffer readFile reuses (8 KiB, made on first use: not at package
// initialisation, which every tool of the multicall binary pays for). A reader takes it out
// (nil while taken: a concurrent reader makes its own) and puts it back.
var (
	scratchMu sync.Mutex
	scratch   []byte
)

func takeScratch() []byte {
	scratchMu.Lock()
	b := scratch
	scratch = nil
	scratchMu.Unlock()
	if b == nil {
		b = make([]byte, 0, 8192)
	}
	return b[:0]
}

func putScratch(b []byte) {
	if cap(b) > 64<<10 {
		return // keep a grown buffer for the next large file, within reason
	}
	scratchMu.Lock()
	scratch = b[:0]
	scratchMu.Unlock()
}

// open opens machine path p read-only and close-on-exec, plus flags. Not os.Open: that
// registers every file with the runtime's poller (an epoll_ctl on open and on close, and the
// poller's own creation on the first), as costly as the read itself on small kernel files.
func (f *FS) open(p string, flags int) (int, error) {
	for {
		fd, err := syscall.Open(f.Path(p), syscall.O_RDONLY|syscall.O_CLOEXEC|flags, 0)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return -1, &fs.PathError{Op: "open", Path: p, Err: err}
		}
		return fd, nil
	}
}

// Open opens machine path p read-only (close-on-exec, plus flags) and returns the
// descriptor, for the one caller that needs the open itself (df: the open triggers an
// automount). Close it with Close.
func (f *FS) Open(p string, flags int) (int, error) { return f.open(p, flags) }

// Fstat is fstat of an open descriptor.
func Fstat(fd int, st *syscall.Stat_t) error {
	for {
		err := syscall.Fstat(fd, st)
		if err != syscall.EINTR {
			return err
		}
	}
}

// Close closes a descriptor of Open.
func Close(fd int) { closeFD(fd) }

// closeFD closes fd: a blocking call like the reads (a FUSE file's close waits for the
// daemon's flush); EINTR is not retried, the descriptor is gone either way on Linux.
func closeFD(fd int) { syscall.Close(fd) }
