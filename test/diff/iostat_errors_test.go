package diff

import (
	"bytes"
	"io"
	"os/exec"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/test/oracle"
	"github.com/cgprocps/cgprocps/test/roots"
	"github.com/cgprocps/cgprocps/tool/iostat"
)

// iostat's own parser (exact words, grouped letters, optional following words) against the
// real sysstat 12.6.1 iostat: the exit status, the first line of stderr and whether stdout is
// empty must agree. The runs that succeed print a report of this machine (ours with --host).
func TestIostatErrorsVsReal(t *testing.T) {
	const bin = "/usr/bin/iostat"
	out, err := exec.Command(bin, "-V").Output()
	if err != nil {
		t.Skipf("%s not usable: %v", bin, err)
	}
	if !strings.Contains(string(out), "12.6.1") {
		t.Skipf("%s is not sysstat 12.6.1: %q", bin, out)
	}
	cases := iostatErrorCases
	for _, args := range cases {
		real := runReal(t, bin, args)
		var o, e bytes.Buffer
		a := append([]string{"--host"}, args...)
		if len(args) > 0 && strings.HasPrefix(args[0], "--container") || len(args) > 0 && args[0] == "--pid" || len(args) > 0 && args[0] == "--cgroup" {
			a = args // the container options' own errors
		}
		code := iostat.Main(bin, a, &o, &e)
		ours := cmdResult{o.String(), e.String(), code}
		isOurs := len(args) > 0 && strings.HasPrefix(args[0], "--") && (args[0] == "--container" || args[0] == "--pid" || args[0] == "--cgroup")
		if isOurs {
			// Options sysstat lacks: sysstat prints its usage; ours say what is wrong, exit 1.
			if real.exit != 1 || ours.exit != 1 || !strings.HasPrefix(ours.firstErr(), "iostat: ") {
				t.Errorf("%q: real exit %d, ours exit %d %q", args, real.exit, ours.exit, ours.firstErr())
			}
			continue
		}
		if ours.exit != real.exit || ours.firstErr() != real.firstErr() || (ours.stdout == "") != (real.stdout == "") {
			t.Errorf("%q:\n real: exit %d, stderr %q, stdout %d bytes\n ours: exit %d, stderr %q, stdout %d bytes",
				args, real.exit, real.firstErr(), len(real.stdout), ours.exit, ours.firstErr(), len(ours.stdout))
		}
		if len(args) > 0 && strings.Contains(args[0], "V") && real.exit == 0 && ours.stdout != "iostat from sysstat 12.6.1 (cgprocps "+versionOf(ours.stdout) {
			t.Errorf("%q: version %q", args, ours.stdout)
		}
	}
	t.Logf("%d command lines compared", len(cases))
}

// iostatErrorCases are the command lines of the error tests: usage errors, then lines that
// succeed, then what one release takes and another rejects (--compact from 12.6; --dec= with
// a non-digit, atoi's 0 before 12.7).
var iostatErrorCases = [][]string{
	// usage errors
	{"-q"}, {"--foo"}, {"--hum"}, {"--human=1"}, {"--pretty=x"}, {"--Human"}, {"-k", "-m"}, {"-mk"}, {"-km"},
	{"-o"}, {"-o", "json"}, {"-o", "XML"}, {"-o", "-x"}, {"--dec=3"}, {"--dec=10"}, {"--dec"}, {"--dec="},
	{"1", "0"}, {"0", "2"}, {"1", "2", "3"}, {"1", "-1"}, {"-qV"}, {"-xq"}, {"-x", "-q"}, {"--"}, {"--help=1"},
	{"-g"}, {"-H"}, {"-H", "-x"}, {"-j"}, {"-j", "foo"}, {"-f"}, {"+f"}, {"-f", "/nonexistent"},
	{"+f", "/nonexistent"}, {"-x", "-o"}, {"-c", "-dk", "-m"}, {"-y-"}, {"-p", "ALL", "1", "2", "x", "3"},
	{"--container", "--host"}, {"--pid", "x"}, {"--cgroup"},
	// these succeed
	{"-V"}, {"-xV"}, {"-V", "-q"}, {"-"}, {"-x"}, {"-c"}, {"-d"}, {"--dec=x"}, {"--dec=0"}, {"-p"},
	{"-p", "-x"}, {"-p", "0"}, {"-p", "ALL"}, {"-p", "vda,ALL"}, {"nosuchdev"}, {"ALL"}, {"0"}, {"-y"},
	{"-o", "JSON"}, {"-g", "grp"}, {"-g", "grp", "-H"}, {"-h"}, {"-s"}, {"-N"}, {"-t"}, {"-z"}, {""},
	// the releases differ
	{"--compact"}, {"-x", "--compact"}, {"--compact", "-h"}, {"--compac"}, {"--dec=y"}, {"--dec=-"}, {"--dec=x", "-x"},
}

// TestIostatErrorsVsRealRoots is TestIostatErrorsVsReal as a matrix (test/roots): in each
// Debian root the root's real iostat (sysstat 12.5.2, 12.6.1, 12.7.5; procref -r over no file
// of ours, so both read this machine) against MainProfile with the root's profile: exit
// status, first line of stderr, whether stdout is empty, and -V's release.
func TestIostatErrorsVsRealRoots(t *testing.T) {
	oracle.Need(t)
	empty := t.TempDir()
	const bin = "/usr/bin/iostat"
	for _, s := range roots.Suites {
		t.Run(s.Suite, func(t *testing.T) {
			r := roots.Need(t, s.Suite)
			n := 0
			for _, args := range iostatErrorCases {
				if len(args) > 0 && (args[0] == "--container" || args[0] == "--pid" || args[0] == "--cgroup") {
					continue // our options, TestIostatErrorsVsReal's
				}
				n++
				out, errs, code := oracle.RunRoot(t, r.Dir, empty, append([]string{bin}, args...)...)
				real := cmdResult{out, errs, code}
				var o, e bytes.Buffer
				code = iostat.MainProfile(r.Profile, bin, append([]string{"--host"}, args...), &o, &e)
				ours := cmdResult{o.String(), e.String(), code}
				if ours.exit != real.exit || ours.firstErr() != real.firstErr() || (ours.stdout == "") != (real.stdout == "") {
					t.Errorf("%s %q:\n real: exit %d, stderr %q, stdout %d bytes\n ours: exit %d, stderr %q, stdout %d bytes",
						s.Suite, args, real.exit, real.firstErr(), len(real.stdout), ours.exit, ours.firstErr(), len(ours.stdout))
				}
				if len(args) > 0 && strings.Contains(args[0], "V") && real.exit == 0 {
					if want := "iostat from sysstat " + r.Profile.Sysstat.String() + " (cgprocps "; !strings.Contains(ours.stdout, want) {
						t.Errorf("%s %q: version %q, want %q", s.Suite, args, ours.stdout, want)
					}
					if !strings.Contains(real.stdout, "sysstat version "+r.Profile.Sysstat.String()+"\n") {
						t.Errorf("%s %q: the root's iostat says %q", s.Suite, args, real.stdout)
					}
				}
			}
			// The variables 12.7's -V prints before its version, in its order.
			t.Setenv("S_TIME_FORMAT", "ISO")
			t.Setenv("S_COLORS", "never")
			t.Setenv("POSIXLY_CORRECT", "1")
			out, _, _ := oracle.RunRoot(t, r.Dir, empty, bin, "-V")
			var o bytes.Buffer
			iostat.MainProfile(r.Profile, bin, []string{"-V"}, &o, io.Discard)
			realEnv, _, _ := strings.Cut(out, "sysstat version ")
			ourEnv, _, _ := strings.Cut(o.String(), "iostat from sysstat ")
			if realEnv != ourEnv {
				t.Errorf("%s -V: lines before the version %q, the root's %q", s.Suite, ourEnv, realEnv)
			}
			t.Logf("%s: %d command lines compared", s.Suite, n)
		})
	}
}

func versionOf(s string) string {
	_, v, _ := strings.Cut(s, "(cgprocps ")
	return v
}
