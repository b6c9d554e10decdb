package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/internal/getopt"
)

func TestProgName(t *testing.T) {
	for in, want := range map[string]string{
		"free":                "free",
		"/usr/local/bin/free": "free",
		"./uptime":            "uptime",
		"/usr/bin/":           "",
	} {
		if got := ProgName(in); got != want {
			t.Errorf("ProgName(%q) = %q, want %q", in, got, want)
		}
	}
}

// parse runs a parser with the container options over args and feeds every option to a
// Container, as a tool's loop does.
func parse(args ...string) (Container, string, error) {
	var errb bytes.Buffer
	p := NewParser("/bin/free", args, "h", []getopt.Option{{Name: "help", Val: 'h'}, {Name: "human", Val: 'H'}}, &errb)
	var k Container
	for c := p.Next(); c != getopt.Done; c = p.Next() {
		if c == 'h' || c == 'H' {
			continue
		}
		handled, err := k.Handle(c, p.Optarg)
		if err != nil {
			return k, errb.String(), err
		}
		if !handled {
			return k, errb.String(), nil
		}
	}
	return k, errb.String(), nil
}

func TestContainerOptions(t *testing.T) {
	tests := []struct {
		args   []string
		want   Container
		err    string
		stderr string
	}{
		{[]string{"--host"}, Container{Host: true}, "", ""},
		{[]string{"--ho"}, Container{Host: true}, "", ""},
		{[]string{"--container", "-h"}, Container{Container: true}, "", ""},
		{[]string{"--cgroup", "/a/b"}, Container{Cgroup: "/a/b"}, "", ""},
		{[]string{"--cg=/sys/fs/cgroup/x"}, Container{Cgroup: "/sys/fs/cgroup/x"}, "", ""},
		{[]string{"--pid", "42"}, Container{PID: 42}, "", ""},
		{[]string{"--pid=1"}, Container{PID: 1}, "", ""},
		{[]string{"--host", "--container"}, Container{Host: true}, "--host and --container cannot be used together", ""},
		{[]string{"--container", "--host"}, Container{Container: true}, "--host and --container cannot be used together", ""},
		{[]string{"--pid", "x"}, Container{}, "--pid: invalid process ID 'x'", ""},
		{[]string{"--pid", "0"}, Container{}, "--pid: invalid process ID '0'", ""},
		{[]string{"--pid", "-3"}, Container{}, "--pid: invalid process ID '-3'", ""},
		{[]string{"--pid", "99999999999"}, Container{}, "--pid: invalid process ID '99999999999'", ""},
		{[]string{"--cgroup="}, Container{}, "--cgroup: empty cgroup path", ""},
		{[]string{"--pid", "5", "--cgroup", "/x"}, Container{PID: 5}, "--cgroup and --pid cannot be used together", ""},
		{[]string{"--container-id", "abc"}, Container{ContainerID: "abc"}, "", ""},
		{[]string{"--container-id="}, Container{}, "--container-id: empty container ID", ""},
		{[]string{"--container-id", "abc", "--cgroup", "/x"}, Container{ContainerID: "abc"}, "--cgroup and --container-id cannot be used together", ""},
		{[]string{"--cgroup", "/x", "--container-id", "abc"}, Container{Cgroup: "/x"}, "--cgroup and --container-id cannot be used together", ""},
		{[]string{"--container-id", "abc", "--pid", "3"}, Container{ContainerID: "abc"}, "--pid and --container-id cannot be used together", ""},
		{[]string{"--pid", "3", "--container-id", "abc"}, Container{PID: 3}, "--pid and --container-id cannot be used together", ""},
		{[]string{"--host", "--container-id", "abc"}, Container{Host: true, ContainerID: "abc"}, "", ""},
		{[]string{"--pid"}, Container{}, "", "/bin/free: option '--pid' requires an argument\n"},
		{[]string{"--cont"}, Container{}, "", "/bin/free: option '--cont' is ambiguous; possibilities: '--container' '--container-id'\n"},
		// the original's own prefixes keep their meaning and their ambiguity
		{[]string{"--h"}, Container{}, "", "/bin/free: option '--h' is ambiguous; possibilities: '--help' '--human'\n"},
	}
	for _, tc := range tests {
		k, stderr, err := parse(tc.args...)
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if k != tc.want || gotErr != tc.err || stderr != tc.stderr {
			t.Errorf("%q: got %+v, err %q, stderr %q; want %+v, %q, %q", tc.args, k, gotErr, stderr, tc.want, tc.err, tc.stderr)
		}
	}
}

func TestViewOptions(t *testing.T) {
	var w bytes.Buffer
	tests := []struct {
		k    Container
		want cgview.Options
	}{
		{Container{}, cgview.Options{Mode: cgview.ModeAuto, Prog: "free", Warn: &w}},
		{Container{Host: true}, cgview.Options{Mode: cgview.ModeHost, Prog: "free", Warn: &w}},
		{Container{Container: true, Cgroup: "/a"}, cgview.Options{Mode: cgview.ModeContainer, Cgroup: "/a", Prog: "free", Warn: &w}},
		{Container{PID: 7}, cgview.Options{PID: 7, Prog: "free", Warn: &w}},
		{Container{ContainerID: "3f2a"}, cgview.Options{ContainerID: "3f2a", Prog: "free", Warn: &w}},
	}
	for _, tc := range tests {
		if got := tc.k.ViewOptions("free", &w); got != tc.want {
			t.Errorf("%+v: got %+v, want %+v", tc.k, got, tc.want)
		}
	}
}

func TestOpenError(t *testing.T) {
	var errb bytes.Buffer
	v := Open(cgview.Options{Root: t.TempDir(), Cgroup: "/no/such/cgroup", Prog: "free", Warn: &errb}, &errb)
	if v != nil {
		t.Fatalf("Open of a missing cgroup succeeded")
	}
	if !strings.HasPrefix(errb.String(), "free: ") || strings.Count(errb.String(), "\n") != 1 {
		t.Errorf("stderr %q, want one line starting with 'free: '", errb.String())
	}
}

func TestPosixlyCorrect(t *testing.T) {
	t.Setenv("POSIXLY_CORRECT", "")
	p := NewParser("free", []string{"x", "--host"}, "h", nil, nil)
	if c := p.Next(); c != getopt.Done || len(p.Operands()) != 2 {
		t.Errorf("POSIXLY_CORRECT (empty) did not stop at the operand: %d %q", c, p.Operands())
	}
}

func TestRuleLocation(t *testing.T) {
	at := time.Unix(1790000000, 0) // 2026-09-21 14:13:20 UTC; `TZ=... date -d @1790000000`
	tests := []struct {
		tz, want string
	}{
		{"JST-9", "2026-09-21 23:13:20 JST"},
		{"EST5EDT,M3.2.0,M11.1.0", "2026-09-21 10:13:20 EDT"},
		{"<+0330>-3:30", "2026-09-21 17:43:20 +0330"},
		{"CET-1CEST,M3.5.0,M10.5.0/3", "2026-09-21 16:13:20 CEST"},
	}
	for _, tc := range tests {
		loc := RuleLocation(tc.tz)
		if loc == nil {
			t.Errorf("%s: no location", tc.tz)
			continue
		}
		if got := at.In(loc).Format("2006-01-02 15:04:05 MST"); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.tz, got, tc.want)
		}
	}
	if loc := RuleLocation("garbage!!"); loc != nil {
		t.Errorf("garbage rule gave a location")
	}
}

// TestWord: the sysstat-style entry takes the container options by their full names only,
// in getopt's two spellings, with getopt's messages for a missing or unwanted value and
// Handle's for the rest.
func TestWord(t *testing.T) {
	tests := []struct {
		args []string
		n    int // words used
		want Container
		err  string
	}{
		{[]string{"--host"}, 1, Container{Host: true}, ""},
		{[]string{"--container", "x"}, 1, Container{Container: true}, ""},
		{[]string{"--cgroup", "/a", "1"}, 2, Container{Cgroup: "/a"}, ""},
		{[]string{"--cgroup=/a", "1"}, 1, Container{Cgroup: "/a"}, ""},
		{[]string{"--pid", "-3"}, 2, Container{}, "--pid: invalid process ID '-3'"},
		{[]string{"--pid=7"}, 1, Container{PID: 7}, ""},
		{[]string{"--pid="}, 1, Container{}, "--pid: invalid process ID ''"},
		{[]string{"--container-id", "3f2a"}, 2, Container{ContainerID: "3f2a"}, ""},
		{[]string{"--container-id="}, 1, Container{}, "--container-id: empty container ID"},
		{[]string{"--pid"}, 1, Container{}, "option '--pid' requires an argument"},
		{[]string{"--container-id"}, 1, Container{}, "option '--container-id' requires an argument"},
		{[]string{"--host=1"}, 1, Container{}, "option '--host' doesn't allow an argument"},
		// not container options: abbreviations, other words, one dash
		{[]string{"--ho"}, 0, Container{}, ""},
		{[]string{"--cg", "/a"}, 0, Container{}, ""},
		{[]string{"--hosts"}, 0, Container{}, ""},
		{[]string{"-host"}, 0, Container{}, ""},
		{[]string{"--"}, 0, Container{}, ""},
		{[]string{"host"}, 0, Container{}, ""},
	}
	for _, tc := range tests {
		var k Container
		n, err := k.Word(tc.args, 0)
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if n != tc.n || k != tc.want || gotErr != tc.err {
			t.Errorf("%q: %d words, %+v, err %q; want %d, %+v, %q", tc.args, n, k, gotErr, tc.n, tc.want, tc.err)
		}
	}
	// In order, as getopt tools meet them: the second option of a conflicting pair fails.
	var k Container
	args := []string{"--host", "--pid", "5", "--cgroup=/x"}
	i := 0
	var err error
	for i < len(args) && err == nil {
		var n int
		n, err = k.Word(args, i)
		i += n
	}
	if err == nil || err.Error() != "--cgroup and --pid cannot be used together" || i != 4 {
		t.Errorf("conflict: %v after %d words", err, i)
	}
}

// TestContainerHelpOwnPID: top's block has every container option but --pid, and says why.
func TestContainerHelpOwnPID(t *testing.T) {
	for _, name := range []string{"--host ", "--container ", "--cgroup PATH", "--container-id ID"} {
		if !strings.Contains(ContainerHelpOwnPID, "     "+name) || !strings.Contains(ContainerHelp, "     "+name) {
			t.Errorf("%s missing", name)
		}
	}
	if strings.Contains(ContainerHelpOwnPID, "--pid PID") || !strings.Contains(ContainerHelp, "--pid PID") {
		t.Errorf("--pid lines wrong:\n%s\n%s", ContainerHelp, ContainerHelpOwnPID)
	}
}
