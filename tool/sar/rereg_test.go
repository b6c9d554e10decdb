package sar

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/test/oracle"
)

// writeRereg writes two states of a machine root under dir/root1 and dir/root2: the -d
// device 8:0 unregistered and registered again (every counter lower: sysstat takes its
// previous values as zero) and 250:0 advancing; 3 s of uptime between them.
func writeRereg(t *testing.T, dir string) {
	t.Helper()
	files := map[string]string{
		"root1/proc/diskstats": "   8       0 sdz 1000 0 8000 500 2000 0 16000 900 0 1200 1400 0 0 0 0\n" +
			" 250       0 zzz0 300 0 2400 100 400 0 3200 200 0 300 300 0 0 0 0\n",
		"root2/proc/diskstats": "   8       0 sdz 10 0 80 5 20 0 160 9 0 12 14 0 0 0 0\n" +
			" 250       0 zzz0 310 0 2480 110 410 0 3280 210 0 310 310 0 0 0 0\n",
		"root1/proc/uptime":        "1000.00 1900.00\n",
		"root2/proc/uptime":        "1003.00 1905.00\n",
		"root1/sys/block/sdz/stat": "0\n", "root1/sys/block/zzz0/stat": "0\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// devRows returns the -d rows of out (the time column dropped), one per line.
func devRows(out string) string {
	var rows []string
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) == 10 && f[1] != "DEV" && f[1] != "tps" {
			rows = append(rows, strings.Join(f[2:], " "))
		}
	}
	return strings.Join(rows, "\n")
}

// A disk whose counters all go down between two samples was registered again: sysstat 12.6.1
// (check_disk_reg) takes its previous values as zero instead of wrapping to 5.9e17. The real
// sadc samples the two states through the oracle, the real sar -d reads its file, and our
// live sar over the same two states must print the same figures.
func TestDiskReRegisteredMatchesSysstat(t *testing.T) {
	if _, err := exec.LookPath("sar"); err != nil {
		t.Skip("sysstat's sar is not installed")
	}
	const sadc = "/usr/lib/sysstat/sadc"
	if _, err := os.Stat(sadc); err != nil {
		t.Skip("sysstat's sadc is not installed")
	}
	oracle.Need(t)
	dir := t.TempDir()
	writeRereg(t, dir)
	sa := filepath.Join(dir, "sa")
	for _, r := range []string{"root1", "root2"} {
		if _, errs, code := oracle.Run(t, filepath.Join(dir, r), sadc, "-S", "XDISK", "1", "1", sa); code != 0 {
			t.Fatalf("sadc over %s: exit %d: %s", r, code, errs)
		}
	}
	c := exec.Command("sar", "-d", "-f", sa)
	c.Env = append(os.Environ(), "LC_ALL=C", "S_COLORS=never")
	ref, err := c.Output()
	if err != nil {
		t.Fatalf("sar -d -f: %v", err)
	}

	// Our sar, live over the same two states (testdata/sysstat style: the sleep loads root2).
	rootsIn(t, dir, 1, "root1", "root2")
	out, errs, code := runMain("--host", "-d", "1", "1")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want := devRows(string(ref))
	// The real sar names 8:0 after this machine's /sys/dev/block link; compare the figures.
	strip := func(s string) string {
		var o []string
		for _, l := range strings.Split(s, "\n") {
			if f := strings.Fields(l); len(f) > 0 {
				o = append(o, strings.Join(f[1:], " "))
			}
		}
		return strings.Join(o, "\n")
	}
	if got := devRows(out); strip(got) != strip(want) || want == "" {
		t.Errorf("our sar -d:\n%s\nsysstat 12.6.1 (sadc + sar -f over the same files):\n%s", got, want)
	}
	// 30 I/Os in 3 s from zero, not a wrap to 5.9e17.
	if !strings.Contains(want, "10.00 13.33 26.67 0.00 4.00 0.00 0.47 0.40") {
		t.Errorf("sysstat's figures for the re-registered disk are not the zero-based ones:\n%s", want)
	}
}

// An interface whose -n DEV or -n EDEV counters go down was registered again: sysstat 12.6.1
// (check_net_dev_reg, check_net_edev_reg) takes its previous values as zero, except for a
// byte (packet) counter from above 2^63 going down while its packet (byte) counter goes up,
// an overflow, whose difference is kept. 3 s between the samples.
func TestNetReRegistered(t *testing.T) {
	prev := &Sample{Net: []NetDev{
		{Name: "re0", RxBytes: 100000, RxPackets: 1000, TxBytes: 200000, TxPackets: 2000, RxErrors: 5, TxErrors: 7, RxDropped: 6},
		{Name: "ov0", RxBytes: ^uint64(0) - 99, RxPackets: 1000, TxBytes: 3000, TxPackets: 30},
	}}
	curr := &Sample{Net: []NetDev{
		{Name: "re0", RxBytes: 3072, RxPackets: 30, TxBytes: 6144, TxPackets: 60, RxErrors: 3, TxErrors: 3},
		{Name: "ov0", RxBytes: 3000, RxPackets: 1030, TxBytes: 6072, TxPackets: 60},
	}}
	d := &display{o: &options{}, p: printer{dec: -1}}
	d.printNetDev(prev, curr, 300, false, "t0", "t1")
	d.printNetEdev(prev, curr, 300, false, "t0", "t1")
	want := "" +
		"t1                re0     10.00     20.00      1.00      2.00      0.00      0.00      0.00      0.00\n" +
		"t1                ov0     10.00     10.00      1.01      1.00      0.00      0.00      0.00      0.00\n" +
		"t1                re0      1.00      1.00      0.00      0.00      0.00      0.00      0.00      0.00      0.00\n" +
		"t1                ov0      0.00      0.00      0.00      0.00      0.00      0.00      0.00      0.00      0.00\n"
	if got := string(d.p.b); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
