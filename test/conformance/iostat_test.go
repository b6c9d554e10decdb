package conformance

import (
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/test/oracle"
)

// iostatCase is one command line, with the environment it runs under.
type iostatCase struct {
	env  []string
	args []string
}

// iostatCases cover every report form: the default, CPU and device reports, the units, human
// and pretty layouts, extended and short reports, partitions (-p), device operands, JSON,
// timestamps, colours, decimal places, and the interval forms (over a static capture the
// second report's deltas are 0 on both sides).
var iostatCases = []iostatCase{
	{nil, nil}, {nil, []string{"-c"}}, {nil, []string{"-d"}}, {nil, []string{"-x"}},
	{nil, []string{"-k"}}, {nil, []string{"-m"}}, {nil, []string{"-h"}}, {nil, []string{"-z"}},
	{nil, []string{"-p", "ALL"}}, {nil, []string{"-p"}}, {nil, []string{"-xp", "ALL"}}, {nil, []string{"-p", "vda"}},
	{nil, []string{"-N"}}, {nil, []string{"-o", "JSON"}}, {nil, []string{"-x", "-o", "JSON"}},
	{nil, []string{"-xs", "-o", "JSON"}}, {nil, []string{"-s", "-o", "JSON", "-m"}}, {nil, []string{"-c", "-o", "JSON"}},
	{nil, []string{"-s"}}, {nil, []string{"-xs"}}, {nil, []string{"-xh"}}, {nil, []string{"-xh", "--compact"}},
	{nil, []string{"--human"}}, {nil, []string{"--pretty"}}, {nil, []string{"-x", "--human"}},
	{nil, []string{"--dec=0"}}, {nil, []string{"--dec=1", "-x"}}, {nil, []string{"-h", "--dec=0"}},
	{nil, []string{"vda"}}, {nil, []string{"-x", "vda", "zram0"}}, {nil, []string{"-d", "nosuchdev"}},
	{nil, []string{"-dz", "vda", "zram0"}}, {nil, []string{"-t"}}, {nil, []string{"-t", "-o", "JSON"}},
	{[]string{"S_TIME_FORMAT=ISO"}, []string{"-t"}}, {[]string{"S_TIME_FORMAT=ISO"}, []string{"-o", "JSON"}},
	{[]string{"POSIXLY_CORRECT=1"}, nil}, {[]string{"POSIXLY_CORRECT=1"}, []string{"-x"}},
	{[]string{"S_COLORS=always"}, []string{"-x"}}, {[]string{"S_COLORS=always"}, []string{"-h"}},
	{[]string{"S_COLORS=always", "S_COLORS_SGR=H=31:M=35:Z=2:N=1;4:I=33"}, nil},
	{nil, []string{"-d", "1", "2"}}, {nil, []string{"-y", "-x", "1", "1"}}, {nil, []string{"-c", "-o", "JSON", "1", "2"}},
}

var (
	iostatClock = regexp.MustCompile(`(?m)^\d\d/\d\d/\d\d \d\d:\d\d:\d\d$`)
	iostatISO   = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}`)
	iostatJSON  = regexp.MustCompile(`"timestamp": "\d\d/\d\d/\d\d \d\d:\d\d:\d\d"`)
)

// maskIostatTime hides the -t clock (the two runs may straddle a second); the banner's date
// is kept.
func maskIostatTime(s string) string {
	s = iostatClock.ReplaceAllString(s, "MM/DD/YY HH:MM:SS")
	s = iostatJSON.ReplaceAllString(s, `"timestamp": "MM/DD/YY HH:MM:SS"`)
	return iostatISO.ReplaceAllString(s, "YYYY-MM-DDTHH:MM:SS+ZZZZ")
}

// sameBlockDevices reports whether the capture's /sys/block lists the devices of this
// machine's: the oracle binds files over the live /sys, so with the ALL operand (every device,
// idle ones included) the real iostat lists this machine's devices.
func sameBlockDevices(t *testing.T, capture string) bool {
	list := func(d string) string {
		ents, _ := os.ReadDir(d)
		var n []string
		for _, e := range ents {
			n = append(n, e.Name())
		}
		sort.Strings(n)
		return strings.Join(n, " ")
	}
	return list(filepath.Join(capture, "sys/block")) == list("/sys/block")
}

// hideMachineDevices gives the view a zero stat file for every block device of this machine
// that the captured machine did not have: procref binds files over this machine's /sys and
// cannot remove its folders, so without them the real iostat would list this machine's busy
// devices (loop devices of a neighbour's test, say). In a real container procfs writes zeros
// for every device of its own machine; only a capture from another machine needs this.
func hideMachineDevices(t *testing.T, view string) {
	t.Helper()
	ents, _ := os.ReadDir("/sys/block")
	zeros := strings.TrimSuffix(strings.Repeat("       0 ", 17), " ") + "\n"
	for _, e := range ents {
		d := filepath.Join(view, "sys", "block", e.Name())
		if _, err := os.Stat(d); err == nil {
			continue
		}
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "stat"), []byte(zeros), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestIostatOverCaptures is a matrix (profiles_test.go): in each Debian root's column our
// iostat with the root's profile against the root's real iostat (sysstat 12.5.2, 12.6.1,
// 12.7.5) over every capture and command line; -V names the column's release.
func TestIostatOverCaptures(t *testing.T) {
	procref := oracle.Need(t)
	matrix(t, func(t *testing.T, col column) {
		for _, c := range captures(t) {
			t.Run(filepath.Base(c), func(t *testing.T) {
				view := render(t, c)
				hideMachineDevices(t, view)
				cases := iostatCases
				if sameBlockDevices(t, c) {
					cases = append(cases, iostatCase{nil, []string{"ALL"}}, iostatCase{nil, []string{"-x", "ALL"}})
				}
				n := 0
				for _, tc := range cases {
					ours := run(t, append(col.env(c), tc.env...), filepath.Join(bin(t), "iostat"), tc.args...)
					ref := run(t, tc.env, procref, col.procref(view, append([]string{"iostat"}, tc.args...)...)...)
					ours.stdout, ref.stdout = maskIostatTime(ours.stdout), maskIostatTime(ref.stdout)
					what := col.name + " " + strings.Join(tc.env, " ") + " iostat " + strings.Join(tc.args, " ")
					if diff(t, what, ours, ref) {
						n++
					}
					first := func(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }
					if o, r := strings.Replace(first(ours.stderr), bin(t)+"/", "", 1), first(ref.stderr); ours.code != 0 && o != r {
						t.Errorf("%s: first line of stderr %q, sysstat's %q", what, o, r)
					}
					if ours.code == 0 && ours.stderr != "" {
						t.Errorf("iostat %v warned: %s", tc.args, ours.stderr)
					}
				}
				t.Logf("%d of %d command lines identical", n, len(cases))
			})
		}
		ours := run(t, col.env(""), filepath.Join(bin(t), "iostat"), "-V")
		if want := "iostat from sysstat " + col.profile.Sysstat.String() + " (cgprocps "; !strings.HasPrefix(ours.stdout, want) {
			t.Errorf("iostat -V: %q, want %q...", ours.stdout, want)
		}
	})
}

// The device figures of a real machine move between two runs: compare every line but the
// device rows byte for byte (banner, avg-cpu header, device header), the avg-cpu values
// within a few hundredths, and the device rows by name and column count; the counters since
// boot of a disk are monotonic, so the second run's (the original's) are >= ours.
func TestIostatHostMode(t *testing.T) {
	if _, err := os.Stat("/usr/bin/iostat"); err != nil {
		t.Skip("/usr/bin/iostat missing: apt-get install sysstat")
	}
	for _, args := range [][]string{{}, {"-x"}, {"-d"}, {"-c"}, {"-h"}, {"-p", "ALL"}, {"-o", "JSON"}, {"-xz"}, {"-m", "-s"}, {"ALL"}, {"-g", "all", "-x"}, {"-g", "all", "-dH"}} {
		var ours, ref result
		for try := 0; try < 5; try++ {
			ours = run(t, nil, filepath.Join(bin(t), "iostat"), append([]string{"--host"}, args...)...)
			ref = run(t, nil, "/usr/bin/iostat", args...)
			if ours.stdout == ref.stdout {
				break
			}
		}
		if ours.stdout == ref.stdout && ours.code == ref.code {
			continue
		}
		ol, rl := strings.Split(ours.stdout, "\n"), strings.Split(ref.stdout, "\n")
		if len(ol) != len(rl) || ours.code != ref.code {
			diff(t, "iostat --host "+strings.Join(args, " "), ours, ref)
			continue
		}
		for i := range ol {
			if ol[i] == rl[i] {
				continue
			}
			of, rf := strings.Fields(ol[i]), strings.Fields(rl[i])
			if len(of) != len(rf) || len(of) == 0 || of[0] != rf[0] && of[len(of)-1] != rf[len(rf)-1] {
				t.Errorf("iostat --host %v line %d: ours %q, sysstat %q", args, i, ol[i], rl[i])
			}
		}
	}
}

// TestIostatHostPartitions: partitions (`-p DEV`, a partition named as an operand) on a loop
// device of our own with one MBR partition, in host mode against /usr/bin/iostat. Needs root
// and losetup; the loop device is detached at the end.
func TestIostatHostPartitions(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root (losetup)")
	}
	if _, err := os.Stat("/usr/bin/iostat"); err != nil {
		t.Skip("/usr/bin/iostat missing")
	}
	losetup, err := exec.LookPath("losetup")
	if err != nil {
		t.Skip("losetup missing")
	}
	img := filepath.Join(t.TempDir(), "disk.img")
	f, err := os.Create(img)
	if err != nil {
		t.Fatal(err)
	}
	// An MBR with one Linux partition from sector 2048 to the end of 16 MiB.
	mbr := make([]byte, 512)
	e := mbr[446:]
	e[4] = 0x83
	binary.LittleEndian.PutUint32(e[8:], 2048)
	binary.LittleEndian.PutUint32(e[12:], 16<<11-2048)
	mbr[510], mbr[511] = 0x55, 0xaa
	f.Write(mbr)
	f.Truncate(16 << 20)
	f.Close()
	out, err := exec.Command(losetup, "-P", "-f", "--show", img).Output()
	if err != nil {
		t.Skipf("losetup -P: %v", err)
	}
	loop := strings.TrimSpace(string(out))
	t.Cleanup(func() { exec.Command(losetup, "-d", loop).Run() })
	dev := filepath.Base(loop)
	part := dev + "p1"
	for i := 0; i < 100; i++ {
		if _, err := os.Stat("/sys/block/" + dev + "/" + part + "/stat"); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := os.Stat("/sys/block/" + dev + "/" + part + "/stat"); err != nil {
		t.Skipf("no partition %s appeared (a kernel without CONFIG_MSDOS_PARTITION, as this VM's)", part)
	}
	// Some I/O on the partition, so that its counters are not all zero.
	if b, err := exec.Command("dd", "if=/dev/"+part, "of=/dev/null", "bs=4k", "count=16", "iflag=direct").CombinedOutput(); err != nil {
		t.Logf("dd: %v %s", err, b)
	}
	for _, args := range [][]string{{"-d", "-p", dev}, {"-x", "-p", dev}, {"-d", part}, {"-dx", part, dev},
		{"-d", "-p", dev + ",vda"}, {"-h", "-p", dev}, {"-o", "JSON", "-d", "-p", dev}} {
		var ours, ref result
		for try := 0; try < 5; try++ {
			ours = run(t, nil, filepath.Join(bin(t), "iostat"), append([]string{"--host"}, args...)...)
			ref = run(t, nil, "/usr/bin/iostat", args...)
			if ours.stdout == ref.stdout {
				break
			}
		}
		if !strings.Contains(ref.stdout, part) {
			t.Errorf("iostat %v does not show %s:\n%s", args, part, ref.stdout)
		}
		diff(t, "iostat --host "+strings.Join(args, " "), ours, ref)
	}
}
