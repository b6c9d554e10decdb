package diff

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/tool/sar"
)

// sar's bad command lines: the first stderr line and the exit status of our sar.Main against
// sysstat 12.6.1's sar (argv0 the same path: sysstat's usage line names argv[0] verbatim).
// Only cases that end before any sampling are here (they run in a few milliseconds).

func needSysstat(t *testing.T) string {
	t.Helper()
	const bin = "/usr/bin/sar"
	out, err := exec.Command(bin, "-V").CombinedOutput()
	if err != nil {
		t.Skipf("%s not usable: %v", bin, err)
	}
	if !strings.Contains(string(out), "12.6.1") {
		t.Skipf("%s is not sysstat 12.6.1: %q", bin, out)
	}
	return bin
}

func TestSarErrorsMatchSysstat(t *testing.T) {
	bin := needSysstat(t)
	t.Setenv("LC_ALL", "C")
	t.Setenv("S_COLORS", "never")
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk")
	if err := os.WriteFile(junk, []byte("not a data file\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := [][]string{
		{"-x"}, {"-Q", "1", "1"}, {"--hum", "1", "1"}, {"--human=1"}, {"-u", "1", "0"}, {"-u", "0", "3"},
		{"-P"}, {"-P", "9999", "1", "1"}, {"-P", "8192", "1"}, {"-P", "5000-8192", "1"}, {"-P", "8191", "-f", "x"}, {"-P", "x", "1"}, {"-P", "3-1", "1"}, {"-n"}, {"-n", "FOO", "1"},
		{"-n", "DEV,BAR", "1"}, {"-q", "FOO", "1", "1"}, {"-m", "FOO", "1"}, {"-m"},
		{"-f", filepath.Join(dir, "missing")}, {"-f", junk}, {"-s", "10:00", "1", "1"},
		{"-s", "25:00", "1"}, {"-e", "10:61"}, {"-i", "0", "1"}, {"-i", "x"}, {"-i", "5", "1", "1"},
		{"1", "2", "3"}, {"abc"}, {"1", "abc"}, {"-r", "ALL", "ALL", "1", "1"},
		{"-u", "-f", junk, "-o", filepath.Join(dir, "y")}, {"--dec=3", "1", "1"}, {"--dec=11", "1"},
		{"-j", "FOO", "1", "1"}, {"-j"}, {"-o", filepath.Join(dir, "z")}, {"-o", filepath.Join(dir, "z"), "0"},
		{"-f", junk, "0"}, {"-1", "-f", junk}, {"-o", filepath.Join(dir, "z"), "-1", "1"},
		{"-uZ", "1"}, {"-", "1", "1"},
		// -I takes SUM or ALL only (a list is --int=); -n SOFT in lists.
		{"-I", "0,1,LOC", "1", "1"}, {"-I", "SUM,ALL", "1"}, {"-n", "SOFT,BAR", "1"}, {"-I", "SUM", "ALL", "1"},
		{"-I", "-f", junk}, {"-n", "SOFT", "-f", junk}, {"--int=1-5", "-I", "-f", filepath.Join(dir, "missing")},
		// -F takes MOUNT only as the next word after a final F; --fs needs its =.
		{"-Fu", "MOUNT", "1", "1"}, {"-F", "MOUNT", "MOUNT", "1"}, {"--fs", "1", "1"}, {"-F", "1", "0"},
		{"-F", "MOUNTX", "1"}, {"-F", "-o"}, {"-F", "-f", junk}, {"--fs=/x", "-F", "-f", filepath.Join(dir, "missing")},
	}
	for _, args := range cases {
		ref := runReal(t, bin, args)
		var out, errb bytes.Buffer
		code := sar.Main(bin, args, &out, &errb)
		ours := cmdResult{stdout: out.String(), stderr: errb.String(), exit: code}
		if ours.firstErr() != ref.firstErr() || ours.exit != ref.exit {
			t.Errorf("sar %q:\n ours    %d %q\n sysstat %d %q", args, ours.exit, ours.firstErr(), ref.exit, ref.firstErr())
		}
	}
}
