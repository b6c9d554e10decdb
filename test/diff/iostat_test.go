package diff

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/test/oracle"
	"github.com/cgprocps/cgprocps/tool/iostat"
)

// synthIostatRoot is a machine with large, varied counters on this machine's block devices
// (the oracle binds files over the live /sys, so the names must be this machine's): every
// formula of the extended report (awaits, request sizes, merge percentages, queue size,
// utilisation up to the colour thresholds), the human units up to T and the CPU columns that
// are 0 in a container (nice, iowait, steal, irq).
func synthIostatRoot(t *testing.T) string {
	t.Helper()
	devs, err := os.ReadDir("/sys/block")
	if err != nil || len(devs) == 0 {
		t.Skip("no /sys/block on this machine")
	}
	root := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("proc/uptime", "123456.78 200000.00\n")
	write("proc/stat", "cpu  100000 5000 30000 900000 4000 300 200 100 0 0\ncpu0 50000 2500 15000 450000 2000 150 100 50 0 0\n"+
		"intr 0\nctxt 1\nbtime 1700000000\nprocesses 10\nprocs_running 1\nprocs_blocked 0\n")
	cpus, _ := os.ReadDir("/sys/devices/system/cpu")
	n := 0
	for _, c := range cpus {
		if regexp.MustCompile(`^cpu\d+$`).MatchString(c.Name()) {
			n++
		}
	}
	write("sys/devices/system/cpu/online", fmt.Sprintf("0-%d\n", n-1))
	write("sys/devices/system/cpu/uevent", "")
	for i := 0; i < n; i++ {
		os.MkdirAll(filepath.Join(root, fmt.Sprintf("sys/devices/system/cpu/cpu%d", i)), 0o755)
	}
	counters := [][]uint64{
		{12345678, 234567, 987654321, 4567890, 2345678, 345678, 8765432109, 3456789, 12, 5678901, 9876543, 34567, 89, 12345678, 4567, 23456, 7890},
		{3, 0, 24, 1, 0, 0, 0, 0, 0, 100000000, 2000000, 0, 0, 0, 0, 0, 0},
		{77, 5, 600, 9, 11, 2, 88, 4, 1, 74074068, 500, 0, 0, 0, 0, 2, 1},
		{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
	}
	var diskstats strings.Builder
	for i, d := range devs {
		c := counters[min(i, len(counters)-1)]
		var f []string
		for _, x := range c {
			f = append(f, fmt.Sprintf("%8d", x))
		}
		write("sys/block/"+d.Name()+"/stat", strings.Join(f, " ")+"\n")
		dev, _ := os.ReadFile(filepath.Join("/sys/block", d.Name(), "dev"))
		write("sys/block/"+d.Name()+"/dev", string(dev))
		var maj, mn int
		fmt.Sscanf(string(dev), "%d:%d", &maj, &mn)
		fmt.Fprintf(&diskstats, "%4d %7d %s", maj, mn, d.Name())
		for _, x := range c {
			fmt.Fprintf(&diskstats, " %d", x)
		}
		diskstats.WriteString("\n")
	}
	write("proc/diskstats", diskstats.String())
	return root
}

// iostatFormulaCases are the command lines of TestIostatFormulasVsReal and its matrix.
var iostatFormulaCases = []struct {
	env  []string
	args []string
}{
	{nil, nil}, {nil, []string{"-x"}}, {nil, []string{"-h"}}, {nil, []string{"-xh"}}, {nil, []string{"-m"}},
	{nil, []string{"-xs"}}, {nil, []string{"-s", "-h"}}, {nil, []string{"-x", "--human"}}, {nil, []string{"-xm"}},
	{nil, []string{"-p", "ALL"}}, {nil, []string{"-x", "-p", "ALL"}}, {nil, []string{"-o", "JSON"}},
	{nil, []string{"-x", "-o", "JSON"}}, {nil, []string{"-xs", "-o", "JSON"}}, {nil, []string{"--dec=0", "-x"}},
	{nil, []string{"--dec=1", "-h"}}, {nil, []string{"-x", "--dec=0", "--human"}}, {nil, []string{"-c", "-h"}},
	// Groups (-g) list devices in readdir order, which differs between the synthetic folder
	// and the sysfs the oracle binds over: named devices keep the order here.
	{nil, []string{"ALL"}}, {nil, []string{"-xh", "--compact"}}, {nil, []string{"-g", "grp", "-x", "loop0", "loop1"}},
	{nil, []string{"-g", "grp", "-H", "loop0", "loop2"}}, {[]string{"POSIXLY_CORRECT=1"}, []string{"-x"}},
	{[]string{"POSIXLY_CORRECT=1"}, nil}, {[]string{"S_COLORS=always"}, []string{"-x"}},
	{[]string{"S_COLORS=always"}, []string{"-xh"}}, {[]string{"S_COLORS=always"}, []string{"-h", "--dec=0"}},
	{[]string{"S_COLORS=always", "S_COLORS_SGR=H=7:M=4:Z=0:N=1;33:I=35:X=1:H=toolong1"}, []string{"-x"}},
	{nil, []string{"-x", "1", "2"}},
}

// TestIostatFormulasVsReal: ours in host mode over the synthetic machine against the real
// iostat under procref over the same files, byte for byte.
func TestIostatFormulasVsReal(t *testing.T) {
	procref := oracle.Need(t)
	if _, err := exec.LookPath("iostat"); err != nil {
		t.Skip("sysstat iostat not installed")
	}
	root := synthIostatRoot(t)
	iostatFormulas(t, root, func(args []string) *exec.Cmd {
		return exec.Command(procref, append([]string{root, "iostat"}, args...)...)
	}, iostat.Main)
}

// iostatFormulas runs iostatFormulaCases with real (the original's command) and main (ours,
// in host mode over root): stdout and the exit status must be the same.
func iostatFormulas(t *testing.T, root string, real func([]string) *exec.Cmd, main func(string, []string, io.Writer, io.Writer) int) {
	for _, tc := range iostatFormulaCases {
		cmd := real(tc.args)
		cmd.Env = append(append(os.Environ(), "LC_ALL=C", "TZ=UTC"), tc.env...)
		var ro, re bytes.Buffer
		cmd.Stdout, cmd.Stderr = &ro, &re
		realCode := 0
		if err := cmd.Run(); err != nil {
			ee, ok := err.(*exec.ExitError)
			if !ok {
				t.Fatalf("real iostat %v: %v\n%s", tc.args, err, re.String())
			}
			realCode = ee.ExitCode()
		}
		for _, kv := range append([]string{"LC_ALL=C", "TZ=UTC", "CGPROCPS_ROOT=" + root}, tc.env...) {
			k, v, _ := strings.Cut(kv, "=")
			t.Setenv(k, v)
		}
		var o, e bytes.Buffer
		code := main("iostat", append([]string{"--host"}, tc.args...), &o, &e)
		for _, kv := range tc.env {
			k, _, _ := strings.Cut(kv, "=")
			os.Unsetenv(k)
		}
		if code != realCode || o.String() != ro.String() {
			t.Errorf("%v iostat %v: exit %d, real %d\n--- ours\n%s--- sysstat\n%s--- stderr %s", tc.env, tc.args, code, realCode, o.String(), ro.String(), e.String())
		}
	}
	t.Logf("%d command lines compared", len(iostatFormulaCases))
}
