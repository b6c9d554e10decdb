package sar

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/cgprocps/cgprocps/test/oracle"
)

// nameDisks are MAJ:MIN numbers with no /sys/dev/block link on the machines we run on, and
// the names sysstat.ioconf gives them (sysstat 12.6.1's table, as Debian installs it).
var nameDisks = []struct {
	major, minor int
	want         string
}{
	{8, 0, "sda"}, {65, 16, "sdr"}, {104, 16, "cciss/c0d1"}, {3, 64, "hdb"}, {48, 8, "rd/c0d1"},
	{9, 3, "md3"}, {202, 32, "xvdc"}, {1, 250, "initrd"}, {250, 0, "dev250-0"}, {8, 300, "sdiy12"},
}

// writeNameRoots writes two samples of the disks above (and of 104:32, whose only name is a
// /sys/dev/block link to cciss!c0d2) under dir/root1 and dir/root2, with the machine's
// sysstat.ioconf copied in.
func writeNameRoots(t *testing.T, dir, ioconfFile string) {
	t.Helper()
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var s1, s2 strings.Builder
	for i, d := range nameDisks {
		k := fmt.Sprintf("kdisk%d", i)
		fmt.Fprintf(&s1, "%4d %7d %s 100 0 800 50 200 0 1600 90 0 120 140 0 0 0 0\n", d.major, d.minor, k)
		fmt.Fprintf(&s2, "%4d %7d %s 130 0 1040 65 260 0 2080 117 0 156 182 0 0 0 0\n", d.major, d.minor, k)
		write("root1/sys/block/"+k+"/stat", "0\n")
	}
	fmt.Fprintf(&s1, "%4d %7d %s 100 0 800 50 200 0 1600 90 0 120 140 0 0 0 0\n", 104, 32, "cciss!c0d2")
	fmt.Fprintf(&s2, "%4d %7d %s 130 0 1040 65 260 0 2080 117 0 156 182 0 0 0 0\n", 104, 32, "cciss!c0d2")
	write("root1/sys/block/cciss!c0d2/stat", "0\n")
	write("root1/proc/diskstats", s1.String())
	write("root2/proc/diskstats", s2.String())
	write("root1/proc/uptime", "1000.00 1900.00\n")
	write("root2/proc/uptime", "1003.00 1905.00\n")
	b, err := os.ReadFile(ioconfFile)
	if err != nil {
		t.Fatal(err)
	}
	write("root1/etc/sysstat/sysstat.ioconf", string(b))
	if err := os.MkdirAll(filepath.Join(dir, "root1/sys/dev/block"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../../devices/pci0000:00/cciss!c0d2", filepath.Join(dir, "root1/sys/dev/block/104:32")); err != nil {
		t.Fatal(err)
	}
}

// sar -d names a disk as sysstat 12.6.1 does: the /sys/dev/block link's last element, else
// the sysstat.ioconf table's name, else devMAJ-MIN, a '!' printed as '/'; the same with -p
// (the name goes last). The ioconf names and figures are checked against the real sadc and
// sar -f over the same files (the real tools cannot see a /sys/dev/block link we add, so the
// link's name is checked against sysstat's rule only).
func TestDiskNamesMatchSysstat(t *testing.T) {
	const ioconfFile = "/etc/sysstat/sysstat.ioconf"
	if _, err := os.Stat(ioconfFile); err != nil {
		t.Skip("sysstat's sysstat.ioconf is not installed")
	}
	dir := t.TempDir()
	writeNameRoots(t, dir, ioconfFile)
	rootsIn(t, dir, 1, "root1", "root2")
	for _, pretty := range []bool{false, true} {
		args := []string{"--host", "-d", "1", "1"}
		if pretty {
			args = append(args, "-p")
		}
		out, errs, code := runMain(args...)
		if code != 0 || errs != "" {
			t.Fatalf("exit %d: %s", code, errs)
		}
		for _, d := range append(nameDisks, struct {
			major, minor int
			want         string
		}{104, 32, "cciss/c0d2"}) {
			found := false
			for _, line := range strings.Split(out, "\n") {
				f := strings.Fields(line)
				if len(f) == 10 && f[0] != "Average:" && (!pretty && f[1] == d.want || pretty && f[9] == d.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("-p %v: no row named %q for %d:%d:\n%s", pretty, d.want, d.major, d.minor, out)
			}
		}
	}
}

// The same names and figures as the real sysstat 12.6.1: sadc samples the two states through
// the oracle, sar -d [-p] -f reads its file.
func TestDiskNamesOracle(t *testing.T) {
	const ioconfFile = "/etc/sysstat/sysstat.ioconf"
	const sadc = "/usr/lib/sysstat/sadc"
	for _, p := range []string{ioconfFile, sadc} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("%s is not installed", p)
		}
	}
	if _, err := exec.LookPath("sar"); err != nil {
		t.Skip("sysstat's sar is not installed")
	}
	oracle.Need(t)
	dir := t.TempDir()
	writeNameRoots(t, dir, ioconfFile)
	// The real tools see the files only: no link, and the host's own sysstat.ioconf.
	for _, r := range []string{"root1", "root2"} {
		os.RemoveAll(filepath.Join(dir, r, "sys"))
		os.RemoveAll(filepath.Join(dir, r, "etc"))
	}
	sa := filepath.Join(dir, "sa")
	for _, r := range []string{"root1", "root2"} {
		if _, errs, code := oracle.Run(t, filepath.Join(dir, r), sadc, "-S", "XDISK", "1", "1", sa); code != 0 {
			t.Fatalf("sadc over %s: exit %d: %s", r, code, errs)
		}
	}
	// Ours: the same files, the link removed (104:32 is then named by the table too).
	ours := t.TempDir()
	writeNameRoots(t, ours, ioconfFile)
	os.RemoveAll(filepath.Join(ours, "root1/sys/dev"))
	for _, pretty := range []bool{false, true} {
		args := []string{"-d", "-f", sa}
		if pretty {
			args = append(args, "-p")
		}
		c := exec.Command("sar", args...)
		c.Env = append(os.Environ(), "LC_ALL=C", "S_COLORS=never")
		ref, err := c.Output()
		if err != nil {
			t.Fatalf("sar %v: %v", args, err)
		}
		rootsIn(t, ours, 1, "root1", "root2")
		mine := []string{"--host", "-d", "1", "1"}
		if pretty {
			mine = append(mine, "-p")
		}
		out, errs, code := runMain(mine...)
		if code != 0 || errs != "" {
			t.Fatalf("exit %d: %s", code, errs)
		}
		want, got := devRows(string(ref)), devRows(out)
		if want == "" || got != want {
			t.Errorf("-p %v: our sar -d:\n%s\nsysstat 12.6.1 (sadc + sar -f over the same files):\n%s", pretty, got, want)
		}
	}
}

// With -p (sysstat's disp_devmap_name), a disk of the device-mapper major of /proc/devices is
// named by its /dev/mapper entry; without -p by its usual name (the /sys/dev/block link).
// This machine has no device-mapper disk for the real sar to name: sysstat's rule only.
func TestDiskDeviceMapperNames(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("root1/proc/diskstats", " 253       3 dm-3 100 0 800 50 200 0 1600 90 0 120 140 0 0 0 0\n")
	write("root2/proc/diskstats", " 253       3 dm-3 130 0 1040 65 260 0 2080 117 0 156 182 0 0 0 0\n")
	write("root1/proc/uptime", "1000.00 1900.00\n")
	write("root2/proc/uptime", "1003.00 1905.00\n")
	write("root1/proc/devices", "Character devices:\n  1 mem\n\nBlock devices:\n253 device-mapper\n254 virtblk\n")
	write("root1/sys/block/dm-3/stat", "0\n")
	if err := os.MkdirAll(filepath.Join(dir, "root1/sys/dev/block"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../../devices/virtual/block/dm-3", filepath.Join(dir, "root1/sys/dev/block/253:3")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		name string
		last bool
	}{{[]string{"-d"}, "dm-3", false}, {[]string{"-d", "-p"}, "vg-data", true}} {
		rootsIn(t, dir, 1, "root1", "root2")
		mapper := filepath.Join(os.Getenv("CGPROCPS_ROOT"), "dev/mapper")
		if err := os.MkdirAll(mapper, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(mapper, "control"), nil, 0o644); err != nil {
			t.Fatal(err) // not a block device: skipped
		}
		if err := syscall.Mknod(filepath.Join(mapper, "vg-data"), syscall.S_IFBLK|0o600, 253<<8|3); err != nil {
			t.Skipf("cannot make a device node here: %v", err)
		}
		out, errs, code := runMain(append([]string{"--host"}, append(tc.args, "1", "1")...)...)
		if code != 0 || errs != "" {
			t.Fatalf("exit %d: %s", code, errs)
		}
		found := false
		for _, line := range strings.Split(out, "\n") {
			f := strings.Fields(line)
			if len(f) == 10 && (!tc.last && f[1] == tc.name || tc.last && f[9] == tc.name) {
				found = true
			}
		}
		if !found {
			t.Errorf("sar %v: no row named %q:\n%s", tc.args, tc.name, out)
		}
	}
}
