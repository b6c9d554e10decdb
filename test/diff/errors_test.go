package diff

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/tool/free"
	"github.com/cgprocps/cgprocps/tool/uptime"
)

type cmdResult struct {
	stdout, stderr string
	exit           int
}

func (r cmdResult) firstErr() string {
	line, _, _ := strings.Cut(r.stderr, "\n")
	return line
}

// runReal runs a real binary with argv0 = its path and the test's environment.
func runReal(t *testing.T, bin string, args []string) cmdResult {
	t.Helper()
	c := exec.Command(bin, args...)
	c.Stdin = nil
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	err := c.Run()
	var ee *exec.ExitError
	r := cmdResult{stdout: out.String(), stderr: errb.String()}
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.exit = ee.ExitCode()
	default:
		t.Fatalf("%s %q: %v", bin, args, err)
	}
	return r
}

// needReal skips unless bin is there and is procps-ng 4.0.2.
func needReal(t *testing.T, bin string) {
	t.Helper()
	out, err := exec.Command(bin, "-V").Output()
	if err != nil {
		t.Skipf("%s not usable: %v", bin, err)
	}
	if !strings.Contains(string(out), "procps-ng 4.0.2") {
		t.Skipf("%s is not procps-ng 4.0.2: %q", bin, out)
	}
}

// envs are the environments each case runs in: the C locale, and a UTF-8 locale (where
// glibc's setlocale leaves errno at ENOENT, which free's "-c ”" message shows).
var envs = []struct {
	name string
	set  map[string]string // "" value: unset
}{
	{"C", map[string]string{"LC_ALL": "C", "LANG": "", "POSIXLY_CORRECT": ""}},
	{"C.UTF-8", map[string]string{"LC_ALL": "", "LANG": "C.UTF-8", "POSIXLY_CORRECT": ""}},
	{"POSIXLY_CORRECT", map[string]string{"LC_ALL": "C", "LANG": "", "POSIXLY_CORRECT": "1"}},
}

func setEnv(t *testing.T, set map[string]string) {
	for k, v := range set {
		t.Setenv(k, v) // restores at the end of the test
		if v == "" {
			os.Unsetenv(k)
		}
	}
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "LC_") && k != "LC_ALL" {
			t.Setenv(k, "")
			os.Unsetenv(k)
		}
	}
}

// fakeRoot is a CGPROCPS_ROOT for the runs that get as far as printing a report.
func fakeRoot(t *testing.T) string {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "proc"), 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"meminfo": "MemTotal: 1000 kB\nMemFree: 500 kB\n",
		"uptime":  "3900.00 100.00\n",
		"loadavg": "0.10 0.20 0.30 1/10 100\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(root, "proc", name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// compareErrors runs each command line with the real binary and with main: the exit status,
// the first line of stderr and whether stdout is empty must agree. main reads fakeRoot.
func compareErrors(t *testing.T, bin string, main func(string, []string, *bytes.Buffer, *bytes.Buffer) int, cases [][]string) {
	needReal(t, bin)
	compareErrorsIn(t, fakeRoot(t), bin, main, cases)
}

// compareErrorsIn is compareErrors with main reading root (CGPROCPS_ROOT); a succeeding line
// with -V must print the real version line followed by " (cgprocps ".
func compareErrorsIn(t *testing.T, root, bin string, main func(string, []string, *bytes.Buffer, *bytes.Buffer) int, cases [][]string) {
	compareErrorsWith(t, root, bin, func(args []string) cmdResult { return runReal(t, bin, args) }, main, cases)
}

// compareErrorsWith is compareErrorsIn with the real tool run by real.
func compareErrorsWith(t *testing.T, root, bin string, real func([]string) cmdResult, main func(string, []string, *bytes.Buffer, *bytes.Buffer) int, cases [][]string) {
	compared := 0
	for _, env := range envs {
		t.Run(env.name, func(t *testing.T) {
			setEnv(t, env.set)
			t.Setenv("CGPROCPS_ROOT", root)
			for _, args := range cases {
				real := real(args)
				var out, errb bytes.Buffer
				// --host first: it consumes nothing, and lets a run that succeeds print the
				// report of the fake root without looking for cgroups.
				code := main(bin, append([]string{"--host"}, args...), &out, &errb)
				ours := cmdResult{out.String(), errb.String(), code}
				compared++
				if ours.exit != real.exit || ours.firstErr() != real.firstErr() || (ours.stdout == "") != (real.stdout == "") {
					t.Errorf("%s %q:\n real: exit %d, stderr %q, stdout %d bytes\n ours: exit %d, stderr %q, stdout %d bytes",
						bin, args, real.exit, real.firstErr(), len(real.stdout), ours.exit, ours.firstErr(), len(ours.stdout))
				}
				if real.exit == 0 && strings.Contains(strings.Join(args, " "), "-V") &&
					!strings.HasPrefix(ours.stdout, strings.TrimSpace(real.stdout)+" (cgprocps ") {
					t.Errorf("%q: version %q, real %q", args, ours.stdout, real.stdout)
				}
			}
		})
	}
	t.Logf("%d command lines compared", compared)
}

func TestFreeErrorsVsReal(t *testing.T) {
	compareErrors(t, "/usr/bin/free", func(a string, args []string, o, e *bytes.Buffer) int {
		return free.Main(a, args, o, e)
	}, freeErrorCases)
}

var freeErrorCases = [][]string{
	{"foo"}, {"-x"}, {"--foo"}, {"--foo=bar"}, {"-s"}, {"--seconds"}, {"--sec"}, {"--s"}, {"--s=1"},
	{"--help=1"}, {"--hel=1"}, {"--version=1"}, {"-s", "0"}, {"-s", "-1"}, {"-s", "abc"}, {"-s", "1x"},
	{"-s", ""}, {"-s", "-0"}, {"-s", "+"}, {"-s", "."}, {"-s", "1e-7"}, {"-s", "0.0000001"}, {"-s", "inf"},
	{"-s", "nan"}, {"-s", "0x10"}, {"-s", "1.5x"}, {"-s", "1.2.3"}, {"-s", "1,2,3"}, {"--seconds="},
	{"-c", "0"}, {"-c", "x"}, {"-c", "1x"}, {"-c", ""}, {"-c", "-1"}, {"-c", "2147483648"},
	{"-c", "99999999999999999999"}, {"-c", "99999999999999999999x"}, {"-c", "0x5"}, {"-c", " "}, {"--count="},
	{"-m", "-g"}, {"-m", "--mega"}, {"--kilo", "--peta"}, {"-b", "-k"}, {"--tebi", "--pebi"},
	{"-x", "-V"}, {"--c"}, {"--co=2"}, {"--t"}, {"--p"}, {"--h"}, {"--=x"}, {"-hx"}, {"-sx"}, {"-:"},
	{"-"}, {"-- foo"}, {"--", "foo"}, {"-h", "foo", "-x"}, {"foo", "-x"}, {"-c", "1", "foo"},
	{"-w", "--help=x"}, {"-s", "0", "-x"}, {"-x", "-s", "0"}, {"-g", "-s", "0", "-m"},
	// these succeed
	{"--tot"}, {"--si", "-k"}, {"-V", "foo"}, {"--vers"}, {"-c", "1"}, {"-c", " 1"}, {"-c", "+1"},
	{"-c", "4294967297"}, {"-s", ",5", "-c", "1"}, {"-s", " 2", "-c", "1"}, {"--", "-h"}, {"--"},
	{"-h", "--si", "-ltvw"}, {"--help"},
}

func TestUptimeErrorsVsReal(t *testing.T) {
	compareErrors(t, "/usr/bin/uptime", func(a string, args []string, o, e *bytes.Buffer) int {
		return uptime.Main(a, args, o, e)
	}, uptimeErrorCases)
}

var uptimeErrorCases = [][]string{
	{"foo"}, {"-x"}, {"--foo"}, {"--pr=1"}, {"--s=1"}, {"--since="}, {"--help="}, {"-p", "foo"},
	{"-px"}, {"-c"}, {"-"}, {"--", "foo"}, {"-x", "-V"}, {"--x"}, {"--=1"},
	// these succeed
	{"--p"}, {"-s", "foo"}, {"foo", "-s"}, {"-s", "-x"}, {"-V", "foo"}, {"-h", "foo"}, {"--h"}, {"--v"},
	{"-ps"}, {"-sp"}, {"--"}, {"-p"}, {"--pretty"}, {"-s"},
}
