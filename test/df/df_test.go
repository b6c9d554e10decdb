// Package df compares cgprocps' df with the installed GNU coreutils 9.1 /usr/bin/df, byte for
// byte: stdout, the first stderr line and the exit status, for many option combinations,
// environment variables and operands on the machine's own mounts, and (as root, with
// unshare) on tmpfs, bind, single-file bind and duplicate mounts made in a private mount
// namespace where both tools run side by side.
//
// Filesystems in use change between two runs (the root disk of a busy machine): a case whose
// outputs differ is run again, up to ten times, before it counts as a failure.
package df

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cgprocps/cgprocps/test/oracle"
)

const realDF = "/usr/bin/df"

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

// ours builds cmd/df once and returns its path.
func ours(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		root, err := oracle.RepoRoot()
		if err != nil {
			buildErr = err
			return
		}
		binDir, buildErr = os.MkdirTemp("", "cgprocps-df-test-")
		if buildErr != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(binDir, "df"), "./cmd/df")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return filepath.Join(binDir, "df")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

func needReal(t *testing.T) {
	t.Helper()
	out, err := exec.Command(realDF, "--version").Output()
	if err != nil || !strings.Contains(string(out), "coreutils) 9.1") {
		t.Skipf("%s is not GNU coreutils 9.1 (%v)", realDF, err)
	}
}

type result struct {
	stdout, stderr string
	code           int
}

// firstLine is what byte-for-byte covers of stderr: the first line (docs/architecture.md).
func (r result) firstLine() string {
	l, _, _ := strings.Cut(r.stderr, "\n")
	return l
}

// runAs runs path with argv[0] "df" (both tools then name themselves alike), in a C.UTF-8
// locale unless env says otherwise.
func runAs(t *testing.T, path string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(path, args...)
	cmd.Args[0] = "df"
	cmd.Dir = "/"
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8"}
	cmd.Env = append(cmd.Env, env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", path, args, err)
	}
	return result{o.String(), e.String(), code}
}

// same runs both tools (again, up to ten times, while they differ) and reports a difference.
func same(t *testing.T, env []string, args ...string) bool {
	t.Helper()
	our := ours(t)
	var a, b result
	for try := 0; try < 10; try++ {
		a = runAs(t, our, env, args...)
		b = runAs(t, realDF, env, args...)
		if a.stdout == b.stdout && a.firstLine() == b.firstLine() && a.code == b.code {
			return true
		}
	}
	t.Errorf("df %q (env %q) differs:\n--- ours (exit %d)\n%s%s--- coreutils (exit %d)\n%s%s",
		args, env, a.code, a.stdout, a.stderr, b.code, b.stdout, b.stderr)
	return false
}

// optionCases are command lines over the machine's own mounts.
var optionCases = [][]string{
	{}, {"-a"}, {"-h"}, {"-H"}, {"-T"}, {"-i"}, {"-k"}, {"-m"}, {"-l"}, {"-P"}, {"-v"},
	{"--all"}, {"--human-readable"}, {"--si"}, {"--inodes"}, {"--local"}, {"--portability"},
	{"--print-type"}, {"--sync"}, {"--no-sync"}, {"--total"},
	{"-hT"}, {"-hi"}, {"-Hi"}, {"-iT"}, {"-PT"}, {"-Ph"}, {"-PH"}, {"-P", "-B", "1M"},
	{"-ahT"}, {"-a", "--total"}, {"-h", "--total"}, {"-i", "--total"}, {"-T", "--total"},
	{"-P", "--total"}, {"-al"}, {"-aT", "-BK"},
	{"-t", "tmpfs"}, {"-x", "tmpfs"}, {"-x", "tmpfs", "-x", "devtmpfs"}, {"-t", "tmpfs", "-t", "ext4"},
	{"--type=tmpfs"}, {"--exclude-type=tmpfs"}, {"-F", "tmpfs"}, {"-a", "-t", "cgroup"},
	{"-a", "-t", "proc"}, {"-t", "proc"}, {"-at", "devpts"},
	{"--output"}, {"--output", "-a"}, {"--output", "--total"}, {"--output", "-h"},
	{"--output=source"}, {"--output=fstype"}, {"--output=size"}, {"--output=used"},
	{"--output=avail"}, {"--output=pcent"}, {"--output=itotal"}, {"--output=iused"},
	{"--output=iavail"}, {"--output=ipcent"}, {"--output=target"}, {"--output=file"},
	{"--output=target,source"}, {"--output=file,target", "--total"}, {"--output=size,used", "--total"},
	{"--output=source,fstype,itotal,iused,iavail,ipcent,size,used,avail,pcent,file,target"},
	{"--output=pcent,ipcent", "-h"}, {"--output=size", "-BM"}, {"--output=size", "-B1000"},
	{"--output=source", "--output=target"}, {"--output", "--output=size"},
	{"--tot"}, {"--hu"}, {"--in"}, {"--al"}, {"--ou=size"}, {"--po"}, {"--pr"},
	{"-h", "-k"}, {"-k", "-h"}, {"-BM", "-h"}, {"-h", "-BM"}, {"-H", "-m"},
	{"--", "/"}, {"-h", "--", "/dev/shm"},
}

// blockSizes are -B values: numbers, units, SI and IEC suffixes, bases, grouping.
var blockSizes = []string{
	"1", "2", "3", "7", "10", "100", "512", "1000", "1023", "1024", "1025", "3000", "4096",
	"5000", "4097", "65536", "1000000", "1048576", "99999", "123456789",
	"K", "M", "G", "T", "P", "E", "KB", "MB", "GB", "TB", "PB", "EB", "KiB", "MiB", "GiB", "TiB",
	"k", "m", "g", "t", "kB", "mB", "1K", "2K", "1M", "3M", "1G", "1T", "1KB", "2MB", "1MiB", "10MiB",
	"1kD", "1MD", "0x400", "0x10", "010", "'1K", "'1000", "'M", "'1", "human-readable", "si", "h",
	"hum", "s", " 5K", "+5K", "2E", "8E", "15E", "1P", "1PB", "1EB", "1E",
}

// TestHost: a few command lines on the machine's own mounts (numbers on a busy disk change
// between runs: the retries absorb that); the full matrix runs in the chroot of
// namespace_test.go, where nothing changes.
func TestHost(t *testing.T) {
	needReal(t)
	for _, args := range [][]string{
		{}, {"-a"}, {"-hT"}, {"-i"}, {"--output"}, {"--total"}, {"-P", "-BM"}, {"-l"},
		{"/", "/dev"}, {"/proc", "/sys"}, {"/dev/null"}, {"/nonexistent", "/dev"},
		{"-t", "tmpfs", "-t", "devtmpfs"}, {"-x", "tmpfs"},
	} {
		same(t, nil, args...)
	}
}

// TestBadInput: the first stderr line and the exit status of wrong command lines.
func TestBadInput(t *testing.T) {
	needReal(t)
	for _, args := range badInputCases {
		same(t, nil, args...)
	}
}

// badInputCases are wrong command lines (also run in the chroot).
var badInputCases = [][]string{
	{"-z"}, {"--foo"}, {"--p"}, {"--s"}, {"-B"}, {"-t"}, {"-x"}, {"--block-size"},
	{"-B", "x"}, {"-B", "5x"}, {"-B", "0"}, {"-B", "0x"}, {"-B", ""}, {"-B", "-1"},
	{"-B", "Ki"}, {"-B", "1Ki"}, {"-B", "1e"}, {"-B", "1Y"}, {"-B", "1Z"}, {"-B", "16E"},
	{"-B", "99999999999999999999999"}, {"--block-size=x"}, {"--block-size=1Y"},
	{"--block-size=5q"}, {"-B", "1KBx"}, {"-B", "'"}, {"-B", "1 "},
	{"--output=foo"}, {"--output=source,source"}, {"--output="}, {"--output=,source"},
	{"--output=size,Size"}, {"--output=source,"},
	{"-i", "--output"}, {"--output", "-i"}, {"--output", "-P"}, {"-P", "--output"},
	{"-T", "--output"}, {"--output", "-T"}, {"-Pi", "--output"},
	{"-t", "x", "-x", "x"}, {"-t", "a", "-t", "b", "-x", "b", "-x", "a"},
	{"-x", "tmpfs", "-x", "devtmpfs", "-x", "ext4"}, {"-t", "nosuchfs"}, {"-t", "cgroup"},
	{"--all=1"}, {"--total=yes"}, {"-hz"},
}

// TestWriteError: a full stdout is an error with the errno text, as coreutils' close_stdout.
func TestWriteError(t *testing.T) {
	needReal(t)
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	defer full.Close()
	run := func(path string) (string, int) {
		cmd := exec.Command(path, "/dev")
		cmd.Args[0] = "df"
		cmd.Env = []string{"LC_ALL=C.UTF-8"}
		var e bytes.Buffer
		cmd.Stdout, cmd.Stderr = full, &e
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		return e.String(), code
	}
	a, ac := run(ours(t))
	b, bc := run(realDF)
	if a != b || ac != bc {
		t.Errorf("stdout on /dev/full: ours %q exit %d, coreutils %q exit %d", a, ac, b, bc)
	}
}

// TestCgroupView: --cgroup of this test's own cgroup lists the mount namespace of its first
// process, this one's here: coreutils' listing (retried while the busy disk moves).
func TestCgroupView(t *testing.T) {
	needReal(t)
	b, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		t.Skip(err)
	}
	path, unified := "", ""
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.SplitN(l, ":", 3)
		switch {
		case len(f) != 3:
		case f[1] == "memory":
			path = f[2]
		case f[0] == "0" && f[1] == "":
			unified = f[2]
		}
	}
	if path == "" {
		path = unified
	}
	if path == "/" {
		t.Skip("this test runs in the root cgroup: its first process may be in another mount namespace")
	}
	if path == "" {
		t.Skip("no memory or unified cgroup line")
	}
	for try := 0; try < 10; try++ {
		a := runAs(t, ours(t), nil, "--cgroup", path, "-x", "ext4")
		r := runAs(t, realDF, nil, "-x", "ext4")
		if a.code != 0 && strings.Contains(a.stderr, "cannot") {
			t.Skipf("--cgroup %s: %s", path, a.stderr)
		}
		if a == r {
			return
		}
		if try == 9 {
			t.Errorf("--cgroup %s:\n--- ours\n%s%s--- coreutils\n%s", path, a.stdout, a.stderr, r.stdout)
		}
	}
}
