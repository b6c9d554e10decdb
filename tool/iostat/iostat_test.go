package iostat

import (
	"bufio"
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/profile"
)

func TestParseArgs(t *testing.T) {
	for _, tc := range []struct {
		args     string
		ok       bool
		flags    int
		interval int64
		count    int64
		devs     string
	}{
		{"", true, fCPU | fDisk | fAllDevices | fKilobytes, 0, 1, ""},
		{"-c", true, fCPU | fAllDevices | fKilobytes, 0, 1, ""},
		{"-xz 2 3", true, fCPU | fDisk | fExtended | fZeroOmit | fAllDevices | fKilobytes, 2, 3, ""},
		{"-p sdb,ALL,sda", true, fCPU | fDisk | fEverything | fUnfiltered | fKilobytes, 0, 1, "sdb sda"},
		{"-p 5", true, fCPU | fDisk | fEverything | fAllDevices | fKilobytes, 5, -1, ""},
		{"-d vda ALL", true, fDisk | fUnfiltered | fAllDevices | fKilobytes, 0, 1, "vda"},
		{"-m", true, fCPU | fDisk | fAllDevices | fMegabytes, 0, 1, ""},
		{"-k -m", false, 0, 0, 0, ""},
		{"1 0", false, 0, 0, 0, ""},
		{"0 1", false, 0, 0, 0, ""},
		{"1 2 3", false, 0, 0, 0, ""},
		{"--dec=3", false, 0, 0, 0, ""},
		{"-H", false, 0, 0, 0, ""},
		{"-o xml", false, 0, 0, 0, ""},
		{"99999999999999999999999", true, fCPU | fDisk | fAllDevices | fKilobytes, 1<<63 - 1, -1, ""},
	} {
		var args []string
		if tc.args != "" {
			args = strings.Fields(tc.args)
		}
		t.Setenv("POSIXLY_CORRECT", "")
		os.Unsetenv("POSIXLY_CORRECT")
		c, ok, _ := parseArgs(profile.Sysstat12_6, args)
		if ok != tc.ok {
			t.Errorf("%q: ok %v, want %v", tc.args, ok, tc.ok)
			continue
		}
		if !ok {
			continue
		}
		var devs []string
		for _, d := range c.devs {
			devs = append(devs, d.name)
		}
		if c.flags != tc.flags || c.interval != tc.interval || c.count != tc.count || strings.Join(devs, " ") != tc.devs {
			t.Errorf("%q: flags %#x interval %d count %d devs %v; want %#x %d %d %q", tc.args, c.flags, c.interval, c.count, devs, tc.flags, tc.interval, tc.count, tc.devs)
		}
	}
}

func TestHumanUnits(t *testing.T) {
	var b bytes.Buffer
	o := &out{w: bufio.NewWriter(&b), dplaces: -1}
	o.f(unitSect, 12, 2, 2048) // 1024 kB -> 1.0M
	o.u64(unitSect, 10, 5<<31) // 5 TiB in sectors... /2 kB -> 5.0T
	o.f(unitKB, 8, 2, 0.5)     // kB stays kB
	o.pc(true, 6, 2, 99.96)    // one decimal and a percent sign
	o.u64(noUnit, 10, 123, 0)  // plain integers
	o.w.Flush()
	if got, want := b.String(), "         1.0M       5.0T     0.5k 100.0%        123          0"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func FuzzParseArgs(f *testing.F) {
	for _, s := range []string{"-x 1 2", "-p ALL", "-p sda,sdb -g x -H", "--dec=1 -o JSON", "-f /tmp", "-j ID", "--cgroup /x", "-", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok, _ := parseArgs(profile.Sysstat12_6, strings.Fields(s))
		if ok && c.count == 0 {
			t.Fatalf("%q: count 0 accepted", s)
		}
	})
}
