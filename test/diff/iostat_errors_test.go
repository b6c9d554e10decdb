package diff

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"

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
	cases := [][]string{
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
	}
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

func versionOf(s string) string {
	_, v, _ := strings.Cut(s, "(cgprocps ")
	return v
}
