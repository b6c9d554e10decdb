// Package machine is the one way the tools read the machine: every file under the root
// (CGPROCPS_ROOT, / by default) — whole files, single-record kernel files, directories,
// symbolic links, stat and statfs — and the terminal's state and size. internal/cgview
// reads through it, and so does every tool's collecting code; a tool's formatting code
// never reads.
//
// # Which calls can block
//
// A call that can wait on something outside the kernel goes through syscall.Syscall, which
// tells the scheduler: if it blocks, the runtime hands the processor to another thread and
// the signal-handling goroutine still runs (with GOMAXPROCS=1, which Go 1.25+ derives from a
// 1-CPU cgroup quota, a blocked RawSyscall would freeze the whole program). That is every
// call on a path: open, read, getdents, readlink, fstatat, statfs and close, because /proc
// itself may be a FUSE mount (LXCFS), a file under the root may be a FIFO or a hung NFS
// mount, and the close of a FUSE file waits for the daemon's flush; and setting the terminal
// (TCSETSF drains pending output, which a terminal stopped with ^S holds). Only the terminal
// probes (TCGETS for isatty, TIOCGWINSZ) are raw: they never wait on anything.
// docs/decisions.md ("Reading files") has the start-up figures of both kinds of call.
//
// Reads are bounded (MaxFile) and opened with O_NOCTTY and O_CLOEXEC, so an endless file or
// a terminal device under the root cannot exhaust memory or become the controlling tty.
package machine

import (
	"io/fs"
	"path/filepath"
)

// FS reads the machine under a root directory that stands for /.
type FS struct{ root string }

// Host is the machine as it is (root /): the files of the system the command runs on that a
// capture under CGPROCPS_ROOT does not replace (the zone file, utmp, the locale archive).
var Host = &FS{root: "/"}

// New returns the reader rooted at root ("" is /).
func New(root string) *FS {
	if root == "" {
		root = "/"
	}
	return &FS{root: root}
}

// Root is the directory that stands for / ("/" on the machine itself).
func (f *FS) Root() string { return f.root }

// Rooted reports whether the root is not / (a capture, another process's root).
func (f *FS) Rooted() bool { return f.root != "/" }

// Path maps absolute machine path p to the file that holds it under the root.
func (f *FS) Path(p string) string {
	if f.root == "/" {
		return p
	}
	return filepath.Join(f.root, p)
}

// Errno is the system error inside err (a *fs.PathError of this package), or err.
func Errno(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
