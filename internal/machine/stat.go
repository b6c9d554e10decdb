package machine

import (
	"io/fs"
	"syscall"
)

// Stat is stat(2) of machine path p (following symbolic links); errors name p.
func (f *FS) Stat(p string, st *syscall.Stat_t) error {
	for {
		err := syscall.Stat(f.Path(p), st)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return &fs.PathError{Op: "stat", Path: p, Err: err}
		}
		return nil
	}
}

// Lstat is lstat(2) of machine path p (a symbolic link itself).
func (f *FS) Lstat(p string, st *syscall.Stat_t) error {
	for {
		err := syscall.Lstat(f.Path(p), st)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return &fs.PathError{Op: "lstat", Path: p, Err: err}
		}
		return nil
	}
}

// Exists reports whether machine path p exists (stat succeeds).
func (f *FS) Exists(p string) bool {
	var st syscall.Stat_t
	return f.Stat(p, &st) == nil
}

// IsDir reports whether machine path p is a directory (following links).
func (f *FS) IsDir(p string) bool {
	var st syscall.Stat_t
	return f.Stat(p, &st) == nil && st.Mode&syscall.S_IFMT == syscall.S_IFDIR
}

// Statfs is statfs(2) of machine path p. Of every call here the likeliest to block: a hung
// network mount answers statfs only when its server does.
func (f *FS) Statfs(p string, st *syscall.Statfs_t) error {
	for {
		err := syscall.Statfs(f.Path(p), st)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return &fs.PathError{Op: "statfs", Path: p, Err: err}
		}
		return nil
	}
}

// Readlink reads the symbolic link at machine path p.
func (f *FS) Readlink(p string) (string, error) {
	var small [256]byte
	buf := small[:]
	for {
		n, err := syscall.Readlink(f.Path(p), buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return "", &fs.PathError{Op: "readlink", Path: p, Err: err}
		}
		if n < len(buf) {
			return string(buf[:n]), nil
		}
		if len(buf) >= 1<<16 {
			return "", &fs.PathError{Op: "readlink", Path: p, Err: syscall.ENAMETOOLONG}
		}
		buf = make([]byte, 2*len(buf))
	}
}
