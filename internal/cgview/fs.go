package cgview

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
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

// unroot maps a path under the root back to the machine path it stands for.
func (f fsys) unroot(p string) string {
	if f.root == "/" || f.root == "" {
		return p
	}
	rel, err := filepath.Rel(f.root, p)
	if err != nil || strings.HasPrefix(rel, "..") {
		return p
	}
	return "/" + rel
}

// maxFile bounds what one read takes from a file: no kernel file the suite reads comes near
// it, and a huge or endless file (a fixture gone wrong, a FIFO) cannot exhaust memory.
const maxFile = 16 << 20

var errTooLarge = errors.New("file too large")

// read returns the contents of machine path p (read through the root).
func (f fsys) read(p string) ([]byte, error) {
	fh, err := os.Open(f.path(p))
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	buf := make([]byte, 0, 4096)
	for {
		if len(buf) == cap(buf) {
			if len(buf) >= maxFile {
				return nil, errTooLarge
			}
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := fh.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// exists reports whether machine path p exists under the root.
func (f fsys) exists(p string) bool {
	_, err := os.Stat(f.path(p))
	return err == nil
}

// isDir reports whether machine path p is a directory under the root.
func (f fsys) isDir(p string) bool {
	st, err := os.Stat(f.path(p))
	return err == nil && st.IsDir()
}

// readDirNames lists the names in directory p.
func (f fsys) readDirNames(p string) ([]string, error) {
	fh, err := os.Open(f.path(p))
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return fh.Readdirnames(-1)
}

// readlink reads the symlink at machine path p.
func (f fsys) readlink(p string) (string, error) {
	return os.Readlink(f.path(p))
}
