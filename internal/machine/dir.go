package machine

import (
	"bytes"
	"io/fs"
	"syscall"
)

// ReadDir calls fn with each entry of directory p and its getdents64 type (syscall.DT_*),
// "." and ".." left out. Not os.ReadDir: no poller registration and no FileInfo (tools list
// a folder per process).
func (f *FS) ReadDir(p string, fn func(name string, typ byte)) error {
	fd, err := f.open(p, syscall.O_DIRECTORY)
	if err != nil {
		return err
	}
	defer closeFD(fd)
	var buf [8192]byte
	for {
		n, err := syscall.Getdents(fd, buf[:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return &fs.PathError{Op: "readdirent", Path: p, Err: err}
		}
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

// DirNames lists the names in directory p (not "." and "..") in the directory's order.
func (f *FS) DirNames(p string) ([]string, error) {
	var names []string
	err := f.ReadDir(p, func(name string, _ byte) { names = append(names, name) })
	return names, err
}

// Subdirs lists the subfolders of directory p, by the type getdents reports (no stat per
// entry; an entry of unknown type is checked with a stat, which follows links).
func (f *FS) Subdirs(p string) ([]string, error) {
	var dirs []string
	err := f.ReadDir(p, func(name string, typ byte) {
		if typ == syscall.DT_DIR || typ == syscall.DT_UNKNOWN && f.IsDir(p+"/"+name) {
			dirs = append(dirs, name)
		}
	})
	return dirs, err
}
