package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/profile"
	"github.com/cgprocps/cgprocps/internal/testcapture"
)

func runMain(argv ...string) (string, string, int) {
	var o, e bytes.Buffer
	code := dispatch(argv, &o, &e)
	return o.String(), e.String(), code
}

func TestDispatch(t *testing.T) {
	// by the name it is invoked as (a symlink), with any folder in front
	out, _, code := runMain("/usr/local/bin/vmstat", "-V")
	if code != 0 || !strings.HasPrefix(out, "vmstat from procps-ng") {
		t.Errorf("argv0 dispatch: %d %q", code, out)
	}
	// by the first argument (iostat's usage error: sysstat's "Usage: iostat [ options ]...")
	_, errOut, code := runMain("cgprocps", "iostat", "-q")
	if code != 1 || !strings.HasPrefix(errOut, "Usage: iostat [ options ]") {
		t.Errorf("argument dispatch: %d %q", code, errOut)
	}
	// unknown
	_, errOut, code = runMain("cgprocps", "nosuch")
	if code != 1 || !strings.HasPrefix(errOut, "cgprocps: unknown tool or command 'nosuch'\n") {
		t.Errorf("unknown: %d %q", code, errOut)
	}
	_, _, code = runMain("cgprocps")
	if code != 1 {
		t.Errorf("no arguments: exit %d", code)
	}
}

func TestListAndVersion(t *testing.T) {
	out, _, code := runMain("cgprocps", "--list")
	if code != 0 || out != "free\nuptime\ntop\nvmstat\niostat\nsar\ndf\n" {
		t.Errorf("--list: %d %q", code, out)
	}
	out, _, code = runMain("cgprocps", "--version")
	if code != 0 || !strings.HasPrefix(out, "cgprocps ") || !strings.Contains(out, "procps-ng 4.0.2") {
		t.Errorf("--version: %d %q", code, out)
	}
	t.Setenv("CGPROCPS_PROFILE", "debian13")
	if out, _, _ = runMain("cgprocps", "--version"); !strings.Contains(out, "df from GNU coreutils 9.7)") {
		t.Errorf("--version under debian13: %q", out)
	}
}

func TestInstall(t *testing.T) {
	dir := t.TempDir()
	image := t.TempDir() // the profile is recorded under it, not in this machine's /etc
	if _, e, code := runMain("cgprocps", "--install", "--image", image, dir); code != 0 {
		t.Fatalf("--install: %d %s", code, e)
	}
	self, _ := os.Executable()
	self, _ = filepath.EvalSymlinks(self)
	for _, tool := range Tools {
		target, err := os.Readlink(filepath.Join(dir, tool.Name))
		if err != nil || target != self {
			t.Errorf("%s -> %q (%v), want %s", tool.Name, target, err, self)
		}
	}
	// again without -f: refuses per existing file, exit 1; with -f: replaces
	os.Remove(filepath.Join(dir, "free"))
	os.WriteFile(filepath.Join(dir, "free"), []byte("old"), 0o755)
	_, e, code := runMain("cgprocps", "--install", "--no-profile", dir)
	if code != 1 || !strings.Contains(e, "exists (use -f to replace it)") {
		t.Errorf("no -f: %d %q", code, e)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "free")); string(b) != "old" {
		t.Error("replaced a file without -f")
	}
	if _, e, code := runMain("cgprocps", "--install", "-f", "--no-profile", dir); code != 0 {
		t.Fatalf("-f: %d %s", code, e)
	}
	if target, _ := os.Readlink(filepath.Join(dir, "free")); target != self {
		t.Errorf("-f did not replace free: %q", target)
	}
	for _, bad := range [][]string{{"--install"}, {"--install", filepath.Join(dir, "nope")}, {"--install", "-x", dir}, {"--install", dir, dir},
		{"--install", "-f", "--image", image, "--profile", "debian10", dir}} {
		if _, _, code := runMain(append([]string{"cgprocps"}, bad...)...); code != 1 {
			t.Errorf("%v: exit %d, want 1", bad, code)
		}
	}
}

// TestInstallRecordsProfile: --install writes the image's profile once (from its dpkg
// records), keeps an existing file, and writes --profile's when given; the tools then read it.
func TestInstallRecordsProfile(t *testing.T) {
	dir, image := t.TempDir(), t.TempDir()
	os.MkdirAll(filepath.Join(image, "var/lib/dpkg"), 0o755)
	os.WriteFile(filepath.Join(image, "var/lib/dpkg/status"), []byte("Package: procps\nStatus: install ok installed\nVersion: 2:4.0.4-9\n\n"+
		"Package: sysstat\nStatus: install ok installed\nVersion: 12.7.5-2\n\nPackage: coreutils\nStatus: install ok installed\nVersion: 9.7-3\n"), 0o644)
	file := filepath.Join(image, "etc/cgprocps/profile")
	read := func() profile.Profile {
		b, err := os.ReadFile(file)
		p, perr := profile.Parse(string(b))
		if err != nil || perr != nil {
			t.Fatalf("%s: %v %v", file, err, perr)
		}
		return p
	}
	out, e, code := runMain("cgprocps", "--install", "--image", image, dir)
	debian13, _ := profile.Distro("debian13")
	if code != 0 || read() != debian13 || !strings.Contains(out, "dpkg: procps 2:4.0.4-9, sysstat 12.7.5-2, coreutils 9.7-3") {
		t.Errorf("--install: %d %q %q: %v", code, out, e, read())
	}
	out, _, code = runMain("cgprocps", "--install", "-f", "--image", image, dir)
	if code != 0 || !strings.Contains(out, "kept") || read() != debian13 {
		t.Errorf("again: %d %q", code, out)
	}
	_, e, code = runMain("cgprocps", "--install", "-f", "--image", image, "--profile", "procps=3.3.17", dir)
	if code != 0 || read() != (profile.Profile{Procps: profile.Procps3_3_17}) {
		t.Errorf("--profile: %d %q %v", code, e, read())
	}
}

// TestRecordProfile: --record-profile (the packages' postinst) writes the detected profile
// when there is none, rewrites it while it is still what it last wrote (an upgrade after a
// distribution upgrade follows the new releases), and keeps a file changed by hand or
// written by --install.
func TestRecordProfile(t *testing.T) {
	image := t.TempDir()
	os.MkdirAll(filepath.Join(image, "var/lib/dpkg"), 0o755)
	status := func(procps, coreutils string) {
		os.WriteFile(filepath.Join(image, "var/lib/dpkg/status"), []byte("Package: procps\nStatus: install ok installed\nVersion: "+procps+"\n\n"+
			"Package: coreutils\nStatus: install ok installed\nVersion: "+coreutils+"\n"), 0o644)
	}
	file := filepath.Join(image, "etc/cgprocps/profile")
	read := func() profile.Profile {
		t.Helper()
		b, err := os.ReadFile(file)
		p, perr := profile.Parse(string(b))
		if err != nil || perr != nil {
			t.Fatalf("%s: %v %v", file, err, perr)
		}
		return p
	}
	status("2:4.0.2-3", "9.1-1")
	if out, e, code := runMain("cgprocps", "--record-profile", "--image", image); code != 0 || read().Procps != profile.Procps4_0_2 || read().Coreutils != profile.Coreutils9_1 {
		t.Fatalf("first: %d %q %q %v", code, out, e, read())
	}
	if b, _ := os.ReadFile(filepath.Join(image, RecordState)); len(b) == 0 {
		t.Errorf("no copy in %s", RecordState)
	}
	// The image moves to trixie's packages: the untouched file follows.
	status("2:4.0.4-9", "9.7-3")
	if out, _, code := runMain("cgprocps", "--record-profile", "--image", image); code != 0 || read().Procps != profile.Procps4_0_4 || read().Coreutils != profile.Coreutils9_7 {
		t.Errorf("upgrade: %d %q %v", code, out, read())
	}
	// Changed by hand: kept, whatever the records say.
	os.WriteFile(file, []byte("debian11\n"), 0o644)
	status("2:4.0.2-3", "9.1-1")
	if out, _, code := runMain("cgprocps", "--record-profile", "--image", image); code != 0 || !strings.Contains(out, "kept") || read().Procps != profile.Procps3_3_17 {
		t.Errorf("hand-written: %d %q %v", code, out, read())
	}
	// Absent again: written.
	os.Remove(file)
	if _, _, code := runMain("cgprocps", "--record-profile", "--image", image, "--profile", "coreutils=9.7"); code != 0 || read().Coreutils != profile.Coreutils9_7 {
		t.Errorf("--profile: %d %v", code, read())
	}
	for _, bad := range [][]string{{"--record-profile", "x"}, {"--record-profile", "--image"}, {"--record-profile", "--image", t.TempDir(), "--profile", "debian10"}} {
		if _, _, code := runMain(append([]string{"cgprocps"}, bad...)...); code != 1 {
			t.Errorf("%v: exit %d, want 1", bad, code)
		}
	}
}

func TestProcfsCommand(t *testing.T) {
	fx := testcapture.Path(t, "v2-512m-1.5cpu")
	t.Setenv("CGPROCPS_ROOT", fx)
	dir := t.TempDir()
	if _, e, code := runMain("cgprocps", "procfs", dir); code != 0 {
		t.Fatalf("procfs: %d %s", code, e)
	}
	for _, f := range []string{"proc/meminfo", "proc/stat", "proc/uptime", "proc/loadavg", "proc/cpuinfo", "proc/swaps", "sys/devices/system/cpu/online", "sys/devices/system/cpu/uevent", "sys/devices/system/cpu/cpu1"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "proc/meminfo")); !strings.HasPrefix(string(b), "MemTotal:         524288 kB\n") {
		t.Errorf("meminfo: %.40q", b)
	}
	// --host writes the host's files unchanged
	hostDir := t.TempDir()
	if _, e, code := runMain("cgprocps", "procfs", "--host", hostDir); code != 0 {
		t.Fatalf("procfs --host: %d %s", code, e)
	}
	want, _ := os.ReadFile(filepath.Join(fx, "proc/meminfo"))
	if got, _ := os.ReadFile(filepath.Join(hostDir, "proc/meminfo")); !bytes.Equal(got, want) {
		t.Error("--host meminfo is not the host's file")
	}
	for _, bad := range [][]string{{"procfs"}, {"procfs", "a", "b"}, {"procfs", "--pid", "x", dir}, {"procfs", "--cgroup", "/nope", dir}} {
		if _, _, code := runMain(append([]string{"cgprocps"}, bad...)...); code != 1 {
			t.Errorf("%v: exit %d, want 1", bad, code)
		}
	}
}
