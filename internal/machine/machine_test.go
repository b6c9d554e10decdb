package machine

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	f := New(dir)
	for _, n := range []int{0, 1, 4095, 4096, 8191, 8192, 8193, 100000} {
		want := bytes.Repeat([]byte("0123456789abcdef"), n/16+1)[:n]
		if err := os.WriteFile(filepath.Join(dir, "f"), want, 0o644); err != nil {
			t.Fatal(err)
		}
		for name, read := range map[string]func(string) ([]byte, error){"ReadFile": f.ReadFile, "ReadRecord": f.ReadRecord} {
			got, err := read("/f")
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("%s, %d bytes: got %d bytes, %v", name, n, len(got), err)
			}
		}
		// The same file through Host, by its full path.
		if got, err := Host.ReadFile(filepath.Join(dir, "f")); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("Host.ReadFile, %d bytes: got %d bytes, %v", n, len(got), err)
		}
	}
	_, err := f.ReadFile("/missing")
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Path != "/missing" || Errno(err) != syscall.ENOENT {
		t.Fatalf("missing file: %#v", err)
	}
	if _, err := f.ReadFile("/"); Errno(err) != syscall.EISDIR {
		t.Fatalf("a directory: %v", err)
	}
	if _, err := f.ReadFileLimit("/f", 50000); Errno(err) != ErrTooLarge {
		t.Fatalf("past the bound: %v", err)
	}
	// Kernel files: mountinfo comes a page at a time (a read returns less than asked long
	// before the end), meminfo whole in one read.
	for _, p := range []string{"/proc/self/mountinfo", "/proc/meminfo"} {
		b, err := Host.ReadFile(p)
		o, _ := os.ReadFile(p)
		if err != nil || len(b) == 0 || strings.Count(string(b), "\n") != strings.Count(string(o), "\n") {
			t.Fatalf("%s: %d lines, os.ReadFile %d (%v)", p, strings.Count(string(b), "\n"), strings.Count(string(o), "\n"), err)
		}
	}
	if b, err := Host.ReadRecord("/proc/self/stat"); err != nil || !bytes.HasSuffix(b, []byte("\n")) {
		t.Fatalf("ReadRecord /proc/self/stat: %q %v", b, err)
	}
}

func TestStat(t *testing.T) {
	dir := t.TempDir()
	f := New(dir)
	if err := os.WriteFile(filepath.Join(dir, "f"), []byte("12345"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("f", filepath.Join(dir, "l")); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(dir, "d"), 0o755)
	os.Symlink("d", filepath.Join(dir, "ld"))
	var st syscall.Stat_t
	if err := f.Stat("/l", &st); err != nil || st.Size != 5 || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		t.Errorf("Stat follows: %v size %d mode %o", err, st.Size, st.Mode)
	}
	if err := f.Lstat("/l", &st); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFLNK {
		t.Errorf("Lstat: %v mode %o", err, st.Mode)
	}
	if err := f.Stat("/missing", &st); Errno(err) != syscall.ENOENT {
		t.Errorf("missing: %v", err)
	}
	if !f.Exists("/f") || f.Exists("/missing") || !f.IsDir("/d") || !f.IsDir("/ld") || f.IsDir("/f") {
		t.Error("Exists/IsDir")
	}
	if l, err := f.Readlink("/l"); err != nil || l != "f" {
		t.Errorf("Readlink: %q %v", l, err)
	}
	long := strings.Repeat("x/", 300) + "end" // past the first buffer
	os.Symlink(long, filepath.Join(dir, "long"))
	if l, err := f.Readlink("/long"); err != nil || l != long {
		t.Errorf("Readlink of a long link: %d bytes, %v", len(l), err)
	}
	var sf syscall.Statfs_t
	if err := f.Statfs("/d", &sf); err != nil || sf.Blocks == 0 && sf.Files == 0 && sf.Type == 0 {
		t.Errorf("Statfs: %v %+v", err, sf)
	}
	if err := f.Statfs("/missing", &sf); Errno(err) != syscall.ENOENT {
		t.Errorf("Statfs missing: %v", err)
	}
	fd, err := f.Open("/f", syscall.O_NOCTTY|syscall.O_NONBLOCK)
	if err != nil {
		t.Fatal(err)
	}
	if err := Fstat(fd, &st); err != nil || st.Size != 5 {
		t.Errorf("Fstat: %v %d", err, st.Size)
	}
	Close(fd)
}

func TestPath(t *testing.T) {
	if p := New("").Path("/proc/meminfo"); p != "/proc/meminfo" || New("").Rooted() {
		t.Errorf("unrooted: %q", p)
	}
	if p := New("/x/y/").Path("/proc/meminfo"); p != "/x/y/proc/meminfo" || !New("/x").Rooted() {
		t.Errorf("rooted: %q", p)
	}
}

func TestTerminalOffTerminal(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if IsTerminal(int(r.Fd())) || IsTerminalFile(w) || IsTerminalFile(&bytes.Buffer{}) {
		t.Error("a pipe or a buffer taken for a terminal")
	}
	if _, _, err := WinSizeOf(w); err != syscall.ENOTTY {
		t.Errorf("WinSizeOf a pipe: %v", err)
	}
	if _, err := Termios(int(r.Fd())); err != syscall.ENOTTY {
		t.Errorf("Termios of a pipe: %v", err)
	}
}
