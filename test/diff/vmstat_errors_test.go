package diff

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/profile"
	"github.com/cgprocps/cgprocps/tool/vmstat"
)

// vmstatRoot is a CGPROCPS_ROOT holding a copy of this machine's files vmstat reads, so a
// command line that succeeds prints a report on both sides (the real vmstat reads the live
// files; only the exit status, the first stderr line and whether stdout is empty are compared).
func vmstatRoot(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for _, d := range []string{"proc", "sys/block"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"stat", "vmstat", "meminfo", "uptime", "diskstats", "slabinfo"} {
		b, err := os.ReadFile("/proc/" + f)
		if err != nil {
			continue // slabinfo needs root: the -m cases then fail on both sides
		}
		if err := os.WriteFile(filepath.Join(root, "proc", f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ents, _ := os.ReadDir("/sys/block")
	for _, e := range ents {
		os.MkdirAll(filepath.Join(root, "sys/block", e.Name()), 0o755)
	}
	return root
}

func TestVmstatErrorsVsReal(t *testing.T) {
	const bin = "/usr/bin/vmstat"
	needReal(t, bin)
	disk := ""
	if b, err := os.ReadFile("/proc/diskstats"); err == nil {
		if f := strings.Fields(string(b)); len(f) > 3 {
			disk = f[2]
		}
	}
	cases := [][]string{
		{"-x"}, {"--foo"}, {"--foo=bar"}, {"-S"}, {"-S", "x"}, {"-S", ""}, {"-Sx"}, {"-S", "q", "-x"},
		{"--unit"}, {"--unit=q"}, {"--unit="}, {"--un=z"}, {"-p"}, {"--partition"}, {"-p", "nosuchdev"},
		{"-p", "/dev/nosuchdev"}, {"--partition=nosuch"}, {"0"}, {"-1"}, {"--", "-1"}, {"--", "0"},
		{"a"}, {"1x"}, {" 1x"}, {""}, {"1", ""}, {"1", "x"}, {"1", "1", "1"}, {"1", "1", "x"},
		{"4294967296"}, {"99999999999999999999"}, {"--", "-99999999999999999999"}, {"0x10"},
		{"99999999999999999999x"}, {"1", "99999999999999999999 "},
		{"-d", "-s"}, {"-d", "-D"}, {"-m", "-s"}, {"-s", "-p", "x"}, {"-D", "-d"}, {"-x", "-f"},
		{"-x", "-V"}, {"--help=1"}, {"--version=1"}, {"--s"}, {"--d"}, {"--di"}, {"--x"}, {"-"},
		{"--active=1"}, {"-S", "m", "-d", "-m"}, {"4294967296", "x"},
		// these succeed
		{"-a", "-f"}, {"-f", "-x"}, {"-f", "x", "y", "z"}, {"-V"}, {"-V", "-x"}, {"-h"}, {"--help"}, {"--he"},
		{"--st"}, {"--stats"}, {"--disk"}, {"--disk-"}, {"--w"}, {"--t"}, {"--n"}, {"--o"}, {"--u", "m"},
		{"--unit=kilo"}, {"-S", "Mx"}, {"-Sb"}, {"-SB"}, {"1", "0"}, {"-y", "1", "0"}, {"-n", "1", "1"},
		{"-s", "1", "1"}, {"-d", "1", "0"}, {"-d", "-n", "1", "0"}, {"-D"}, {"1", "1"},
		{"-s", "-S", "k"}, {"-m"}, {"-m", "-n", "1", "0"}, {"-a", "-w", "-t", "-n", "1", "1"},
		{"--", "1", "1"}, {"+1", " 1"},
	}
	if disk != "" {
		cases = append(cases, []string{"-p", disk}, []string{"-p", "/dev/" + disk}, []string{"-p", disk, "1", "0"},
			[]string{"--partition=" + disk, "-d"})
	}
	compareErrorsIn(t, vmstatRoot(t), bin, func(a string, args []string, o, e *bytes.Buffer) int {
		return vmstat.Main(a, args, o, e)
	}, cases)
}

// TestVmstatErrorsVsRealRoots is the error matrix over the Debian roots (compareErrorsRoots):
// the command lines that fail, or print -V/--help, before any file is read (the roots' vmstat
// reads the machine's files, ours the fake root's), plus what one release accepts and another
// does not (3.3.17: no -y/--no-first).
func TestVmstatErrorsVsRealRoots(t *testing.T) {
	cases := [][]string{
		{"-x"}, {"--foo"}, {"--foo=bar"}, {"-S"}, {"-S", "x"}, {"-S", ""}, {"-Sx"}, {"-S", "q", "-x"},
		{"--unit"}, {"--unit=q"}, {"--unit="}, {"--un=z"}, {"-p"}, {"--partition"}, {"0"}, {"-1"},
		{"--", "-1"}, {"--", "0"}, {"a"}, {"1x"}, {" 1x"}, {""}, {"1", ""}, {"1", "x"}, {"1", "1", "x"},
		{"4294967296"}, {"99999999999999999999"}, {"0x10"}, {"-x", "-f"}, {"-x", "-V"}, {"--help=1"},
		{"--version=1"}, {"--s"}, {"--d"}, {"--x"}, {"--active=1"}, {"4294967296", "x"},
		{"-y", "0"}, {"-y", "-x"}, {"--no-first", "x"}, {"--no", "x"}, {"-ay", "a"},
		// these succeed
		{"-V"}, {"-V", "-x"}, {"-h"}, {"--help"}, {"--he"},
	}
	compareErrorsRoots(t, "/usr/bin/vmstat", func(p profile.Profile, a string, args []string, o, e *bytes.Buffer) int {
		return vmstat.MainProfile(p, a, args, o, e)
	}, cases)
}
