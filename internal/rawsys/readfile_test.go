package rawsys

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 4095, 4096, 4097, 100000} {
		want := bytes.Repeat([]byte("0123456789abcdef"), n/16+1)[:n]
		p := filepath.Join(dir, "f")
		if err := os.WriteFile(p, want, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := ReadFile(p)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%d bytes: got %d bytes, %v", n, len(got), err)
		}
	}
	if _, err := ReadFile(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) || err != syscall.ENOENT {
		t.Fatalf("missing file: %v", err)
	}
	if _, err := ReadFile(dir); err != syscall.EISDIR {
		t.Fatalf("a directory: %v", err)
	}
	// A kernel file (a read returns less than asked before the end).
	if b, err := ReadFile("/proc/self/mountinfo"); err == nil {
		o, _ := os.ReadFile("/proc/self/mountinfo")
		if !bytes.Equal(b, o) {
			t.Fatalf("mountinfo differs from os.ReadFile's")
		}
	}
}
