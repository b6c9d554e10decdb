package rawsys

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestFstatat(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "f")
	if err := os.WriteFile(f, []byte("12345"), 0o644); err != nil {
		t.Fatal(err)
	}
	l := filepath.Join(dir, "l")
	if err := os.Symlink("f", l); err != nil {
		t.Fatal(err)
	}
	var st syscall.Stat_t
	if err := Fstatat(l, &st, 0); err != nil || st.Size != 5 || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		t.Errorf("follow: %v size %d mode %o", err, st.Size, st.Mode)
	}
	if err := Fstatat(l, &st, AtSymlinkNoFollow); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFLNK {
		t.Errorf("nofollow: %v mode %o", err, st.Mode)
	}
	if err := Fstatat(filepath.Join(dir, "missing"), &st, 0); err != syscall.ENOENT {
		t.Errorf("missing: %v", err)
	}
}
