// Package mutate damages the files of a copied capture in every way a broken machine can, for
// the bad-input suites (internal/cgview's and test/robust's): missing, empty, "max", garbage,
// negative, 2^64-1, truncated mid-line, and unreadable.
package mutate

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
)

// Mutation rewrites the file at path p, whose original content is orig.
type Mutation struct {
	Name  string
	Apply func(p string, orig []byte) error
}

func write(s string) func(string, []byte) error {
	return func(p string, _ []byte) error { return os.WriteFile(p, []byte(s), 0o644) }
}

// All are the mutations every suite applies. "unreadable" puts a folder in the file's place:
// root reads mode-000 files, so a chmod would not make the read fail for the right reason.
var All = []Mutation{
	{"missing", func(p string, _ []byte) error { return os.Remove(p) }},
	{"empty", write("")},
	{"max", write("max\n")},
	{"garbage", write("\x00\xffgarbage ((( -- ::\n")},
	{"negative", write("-42\n")},
	{"2^64-1", write("18446744073709551615\n")},
	{"truncated", func(p string, orig []byte) error {
		cut := len(orig) / 2
		if i := bytes.IndexByte(orig, '\n'); i > 0 && i < len(orig)-1 {
			cut = i + 1 + (len(orig)-i-1)/2
		}
		return os.WriteFile(p, orig[:cut], 0o644)
	}},
	{"unreadable", func(p string, _ []byte) error {
		if err := os.Remove(p); err != nil {
			return err
		}
		return os.Mkdir(p, 0o755)
	}},
}

// Restore puts the original content back at p, whatever the mutation left there.
func Restore(p string, orig []byte) error {
	os.RemoveAll(p)
	return os.WriteFile(p, orig, 0o644)
}

// CopyTree copies the parts of a capture a view reads (proc/, sys/) from src into dst.
func CopyTree(src, dst string) error {
	for _, top := range []string{"proc", "sys"} {
		err := filepath.WalkDir(filepath.Join(src, top), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			out := filepath.Join(dst, rel)
			if d.IsDir() {
				return os.MkdirAll(out, 0o755)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(out, b, 0o644)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// FastTempDir makes a temporary folder on tmpfs (/dev/shm) where there is one: these suites
// write tens of thousands of files, and file creation costs about 1 ms on some disks. The
// caller removes it.
func FastTempDir() (string, error) {
	if d, err := os.MkdirTemp("/dev/shm", "cgprocps-test-"); err == nil {
		return d, nil
	}
	return os.MkdirTemp("", "cgprocps-test-")
}
