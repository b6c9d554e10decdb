package df

import (
	"bufio"
	"bytes"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/profile"
)

// render lays out the source and target columns of rows as the given release in a UTF-8
// locale or not (stdout not a terminal).
func render(ver profile.Coreutils, utf bool, rows ...[2]string) string {
	o := Options{Version: ver}
	o.headerMode = modeOutput
	o.decodeOutput("source,target", false)
	var t table
	t.init(&o)
	t.utf = utf
	t.header(&o)
	for _, r := range rows {
		t.add([]string{r[0], r[1]})
	}
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	t.print(w)
	w.Flush()
	return b.String()
}

// TestUnprintableCells: the layouts coreutils 9.1 and 9.7 print for cells with a C1 control,
// an invalid byte and (in the C locale) a byte past ASCII, seen from the Debian 12 and 13 df
// in a private mount namespace (test/df's TestDFVsRealRoots runs the same over the roots).
func TestUnprintableCells(t *testing.T) {
	long := strings.Repeat("c", 20)
	rows := [][2]string{{"s" + long + "\u0085d", "/m"}, {"sa\xffb", "/n"}, {"sé", "/o"}}
	for _, k := range []struct {
		ver  profile.Coreutils
		utf  bool
		want string
	}{
		// 9.1: the C1 control counts no column and prints as U+FFFD, cut to the width; the
		// invalid cell counts a column a byte and is printed unpadded.
		{profile.Coreutils9_1, true, "Filesystem             Mounted on\n" +
			"s" + long + "\ufffd /m\n" + "sa\xffb /n\n" + "sé                     /o\n"},
		{profile.Coreutils8_32, true, "Filesystem             Mounted on\n" +
			"s" + long + "\ufffd /m\n" + "sa\xffb /n\n" + "sé                     /o\n"},
		// 9.7: both print as they are, unpadded, and widen no column.
		{profile.Coreutils9_7, true, "Filesystem     Mounted on\n" +
			"s" + long + "\u0085d /m\n" + "sa\xffb /n\n" + "sé             /o\n"},
		// C locale: 9.1 pads bytes; 9.7 prints a cell with a byte past ASCII unpadded.
		{profile.Coreutils9_1, false, "Filesystem               Mounted on\n" +
			"s" + long + "\u0085d /m\n" + "sa\xffb                     /n\n" + "sé                      /o\n"},
		{profile.Coreutils9_7, false, "Filesystem     Mounted on\n" +
			"s" + long + "\u0085d /m\n" + "sa\xffb /n\n" + "sé /o\n"},
	} {
		if got := render(k.ver, k.utf, rows...); got != k.want {
			t.Errorf("%s utf=%v:\n%q\nwant\n%q", k.ver, k.utf, got, k.want)
		}
	}
}

// TestVersionNamesRelease: --version names the release in force.
func TestVersionNamesRelease(t *testing.T) {
	for _, v := range []profile.Coreutils{profile.Coreutils8_32, profile.Coreutils9_1, profile.Coreutils9_7} {
		var out, errb bytes.Buffer
		code := MainProfile(profile.Profile{Coreutils: v}, "df", []string{"--version"}, &out, &errb)
		if want := "df from GNU coreutils " + v.String() + " (cgprocps "; code != 0 || !strings.HasPrefix(out.String(), want) {
			t.Errorf("%s: %q exit %d, want %q…", v, out.String(), code, want)
		}
	}
}

// TestErrorName: run by its path, 9.7 names itself without the directory in error()
// messages; getopt's messages and the "Try" line keep argv[0] (the Debian roots' df agree:
// test/df's TestDFPathRoots).
func TestErrorName(t *testing.T) {
	for _, k := range []struct {
		ver  profile.Coreutils
		args []string
		want string
	}{
		{profile.Coreutils9_1, []string{"-B", "x"}, "/usr/bin/df: invalid -B argument 'x'\n"},
		{profile.Coreutils8_32, []string{"-B", "x"}, "/usr/bin/df: invalid -B argument 'x'\n"},
		{profile.Coreutils9_7, []string{"-B", "x"}, "df: invalid -B argument 'x'\n"},
		{profile.Coreutils9_7, []string{"-i", "--output"}, "df: options -i and --output are mutually exclusive\nTry '/usr/bin/df --help' for more information.\n"},
		{profile.Coreutils9_7, []string{"-z"}, "/usr/bin/df: invalid option -- 'z'\nTry '/usr/bin/df --help' for more information.\n"},
		{profile.Coreutils9_1, []string{"-i", "--output"}, "/usr/bin/df: options -i and --output are mutually exclusive\nTry '/usr/bin/df --help' for more information.\n"},
	} {
		var out, errb bytes.Buffer
		if code := MainProfile(profile.Profile{Coreutils: k.ver}, "/usr/bin/df", k.args, &out, &errb); code != 1 || errb.String() != k.want {
			t.Errorf("%s %q: exit %d %q, want %q", k.ver, k.args, code, errb.String(), k.want)
		}
	}
}

// TestRemote832: 8.32 counts afs and auristorfs as remote by type, not the types 9.0 added.
func TestRemote832(t *testing.T) {
	for _, k := range []struct {
		name, typ  string
		r832, r9_1 bool
	}{
		{"/dev/sdb1", "ocfs2", false, true}, {"gpfs0", "gpfs", false, true}, {"x", "coda", false, true},
		{"vol", "afs", true, true}, {"vol", "auristorfs", true, true}, {"srv:/x", "ocfs2", true, true},
		{"//srv/share", "cifs", true, true}, {"/dev/sda1", "ext4", false, false},
	} {
		if got := isRemote832(k.name, k.typ); got != k.r832 {
			t.Errorf("8.32 %s %s: %v", k.name, k.typ, got)
		}
		if got := isRemote(k.name, k.typ); got != k.r9_1 {
			t.Errorf("9.1 %s %s: %v", k.name, k.typ, got)
		}
	}
}
