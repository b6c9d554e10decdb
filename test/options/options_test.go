// Package options tests the container options (--host, --container, --cgroup, --pid,
// --container-id) of the seven tools as one table: every tool × every option × {a valid value,
// an unknown container, cgroup or process, a bad value, a missing value}, plus the conflicting
// pairs and the spellings (NAME=VALUE, abbreviations). The built multicall binary
// (`cgprocps TOOL ...`) and each single-tool binary (`cmd/TOOL`) run every row.
//
// What is the same for every tool: a container option's own error (a bad, unknown or
// conflicting value) is one stderr line "TOOL: message", nothing on stdout, exit status 1, in
// the same words; a valid value prints a report and nothing on stderr.
//
// What differs by the family of the tool's parser, and is asserted per family:
//
//   - procps getopt (free, uptime, vmstat): a getopt error (a missing value: "option '--pid'
//     requires an argument"; a value given to --host; an ambiguous prefix) is getopt's line,
//     then the tool's usage (a blank line, "Usage:", ...), exit 1. Unambiguous prefixes of the
//     container options work (--ho, --cg, --pi, --container-i).
//   - top (procps getopt): the same getopt lines, but top ends at a getopt error with status 0
//     after an empty line on stdout in batch mode, as procps top does. --pid is top's own -p
//     (the processes to show), so top has no container --pid: its --pid rows check top's
//     meaning, and the --cgroup/--pid and --pid/--container-id pairs do not conflict there.
//   - coreutils getopt (df): getopt's line, then "Try 'df --help' for more information.",
//     exit 1. df's reports do not depend on the cgroup: every valid row lists the same mounts.
//   - sysstat (iostat, sar: sysstat's hand-written parser): the container options by their
//     full names only (an abbreviation is a usage error, as for sysstat's own long options:
//     "Usage: TOOL [ options ] [ <interval> [ <count> ] ]", exit 1); a missing value or a value
//     given to --host is getopt's wording as one line "TOOL: option ...", exit 1, no usage.
package options

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/cgprocps/cgprocps/internal/testcapture"
	"github.com/cgprocps/cgprocps/test/oracle"
)

type family int

const (
	procps family = iota
	top
	coreutils
	sysstat
)

type tool struct {
	name string
	fam  family
	base []string // arguments before the container options: one quick report
}

var tools = []tool{
	{"free", procps, nil},
	{"uptime", procps, nil},
	{"vmstat", procps, nil},
	{"top", top, []string{"-b", "-n", "1"}},
	{"iostat", sysstat, nil},
	{"sar", sysstat, []string{"0"}}, // the statistics since boot, at once
	{"df", coreutils, []string{"-a", "--output=source,fstype,target"}}, // every row, no sizes: they move
}

// The container IDs of the synthetic root: idA is a copy of the capture's group, idB an empty
// group whose ID shares idA's first four digits.
const (
	idA   = "3f2a9c1b7d4e5f60718293a4b5c6d7e8f9011223344556677889900aabbccdde"
	idB   = "3f2a11d2e3f4a5b6c7d8e9f00112233445566778899aabbccddeeff001122334"
	group = "/system.slice/v2load.service"
)

// kind of outcome a row expects.
type kind int

const (
	ok        kind = iota // exit 0, empty stderr, a report on stdout of view class
	fail                  // a container option's error: exactly "TOOL: msg\n", exit 1
	getoptErr             // getopt's message msg, then the family's follow-up
	usage                 // sysstat's usage, exit 1
)

type outcome struct {
	kind  kind
	msg   string // fail, getoptErr: the message after "TOOL: "
	class string // ok: runs of one tool in one class print the same report (times masked)
}

func okIn(class string) outcome         { return outcome{kind: ok, class: class} }
func failWith(msg string) outcome       { return outcome{kind: fail, msg: msg} }
func getopt(msg string) outcome         { return outcome{kind: getoptErr, msg: msg} }
func sysstatUsage() outcome             { return outcome{kind: usage} }
func (o outcome) String() string        { return fmt.Sprintf("%d %q %q", o.kind, o.msg, o.class) }
func same(o outcome) func(tool) outcome { return func(tool) outcome { return o } }

// getoptOr is a getopt error for the getopt families and other for sysstat's.
func getoptOr(msg string, other outcome) func(tool) outcome {
	return func(t tool) outcome {
		if t.fam == sysstat {
			return other
		}
		return getopt(msg)
	}
}

// missing is a value missing at the end of the line: getopt's message in every family, with
// the family's follow-up (sysstat: that line alone, exit 1).
func missing(name string) func(tool) outcome {
	msg := "option '--" + name + "' requires an argument"
	return getoptOr(msg, failWith(msg))
}

// notTop is want for every tool but top, whose --pid is its own.
func notTop(want outcome, forTop outcome) func(tool) outcome {
	return topOwn(same(want), forTop)
}

// topOwn is want for every tool but top, whose --pid is its own.
func topOwn(want func(tool) outcome, forTop outcome) func(tool) outcome {
	return func(t tool) outcome {
		if t.name == "top" {
			return forTop
		}
		return want(t)
	}
}

type row struct {
	args []string
	want func(tool) outcome
}

func rows() []row {
	c, host := okIn("container"), okIn("host")
	gone := "process 99999: no such process"
	// named is a view the option names (--cgroup, --pid, --container-id): the capture's
	// group; for df, the mounts of its first process, 161.
	named := func(t tool) outcome {
		if t.name == "df" {
			return okIn("mounts of 161")
		}
		return c
	}
	// abbrev is named for the getopt tools; sysstat's parser knows full names only.
	abbrev := func(t tool) outcome {
		if t.fam == sysstat {
			return sysstatUsage()
		}
		return named(t)
	}
	return []row{
		// no container option: this capture is a limited cgroup, so the container's view
		{nil, same(c)},

		// --host
		{[]string{"--host"}, same(host)},
		{[]string{"--host=1"}, getoptOr("option '--host' doesn't allow an argument", failWith("option '--host' doesn't allow an argument"))},
		{[]string{"--ho"}, func(t tool) outcome {
			if t.fam == sysstat {
				return sysstatUsage()
			}
			return host
		}},

		// --container
		{[]string{"--container"}, same(c)},
		{[]string{"--container=x"}, getoptOr("option '--container' doesn't allow an argument", failWith("option '--container' doesn't allow an argument"))},
		{[]string{"--conta"}, getoptOr("option '--conta' is ambiguous; possibilities: '--container' '--container-id'", sysstatUsage())},

		// --cgroup
		{[]string{"--cgroup", group}, named},
		{[]string{"--cgroup=" + group}, named},
		{[]string{"--cgroup", "/sys/fs/cgroup" + group}, named}, // a folder under the mount
		{[]string{"--cg", group}, abbrev},
		{[]string{"--cgroup", "/no/such/group"}, same(failWith("cgroup /no/such/group: no such cgroup"))},
		{[]string{"--cgroup="}, same(failWith("--cgroup: empty cgroup path"))},
		{[]string{"--cgroup"}, missing("cgroup")},

		// --pid (top: its own -p)
		{[]string{"--pid", "161"}, topOwn(named, okIn("top -p 161"))},
		{[]string{"--pid=161"}, topOwn(named, okIn("top -p 161"))},
		{[]string{"--pi", "161"}, topOwn(abbrev, okIn("top -p 161"))},
		{[]string{"--pid", "99999"}, notTop(failWith(gone), okIn("top -p 99999"))},
		{[]string{"--pid", "abc"}, notTop(failWith("--pid: invalid process ID 'abc'"), failWith("bad pid 'abc'"))},
		{[]string{"--pid", "0"}, notTop(failWith("--pid: invalid process ID '0'"), okIn("top -p 0"))},
		{[]string{"--pid=-1"}, notTop(failWith("--pid: invalid process ID '-1'"), failWith("bad pid '-1'"))},
		{[]string{"--pid", "2147483648"}, notTop(failWith("--pid: invalid process ID '2147483648'"), okIn("top -p 2147483648"))},
		{[]string{"--pid"}, missing("pid")},

		// --container-id
		{[]string{"--container-id", idA[:6]}, named},
		{[]string{"--container-id=" + idA}, named},
		{[]string{"--container-i", idA[:12]}, abbrev},
		{[]string{"--host", "--container-id", idA[:6]}, func(t tool) outcome {
			if t.name == "df" {
				return named(t) // the container's mounts: --host changes nothing in df
			}
			return host
		}},
		{[]string{"--container-id", "ffffffffffff"}, same(failWith("container ffffffffffff: no such container"))},
		{[]string{"--container-id", "3f2a"}, same(failWith("container 3f2a: ambiguous ID prefix, matches 3f2a11d2e3f4, 3f2a9c1b7d4e"))},
		{[]string{"--container-id", "a/b"}, same(failWith("container a/b: not a container ID"))},
		{[]string{"--container-id="}, same(failWith("--container-id: empty container ID"))},
		{[]string{"--container-id"}, missing("container-id")},

		// conflicting pairs, reported when the second option comes
		{[]string{"--host", "--container"}, same(failWith("--host and --container cannot be used together"))},
		{[]string{"--container", "--host"}, same(failWith("--host and --container cannot be used together"))},
		{[]string{"--cgroup", group, "--pid", "161"}, notTop(failWith("--cgroup and --pid cannot be used together"), okIn("top -p 161"))},
		{[]string{"--pid", "161", "--cgroup", group}, notTop(failWith("--cgroup and --pid cannot be used together"), okIn("top -p 161"))},
		{[]string{"--cgroup", group, "--container-id", idA[:6]}, same(failWith("--cgroup and --container-id cannot be used together"))},
		{[]string{"--container-id", idA[:6], "--cgroup", group}, same(failWith("--cgroup and --container-id cannot be used together"))},
		{[]string{"--pid", "161", "--container-id", idA[:6]}, notTop(failWith("--pid and --container-id cannot be used together"), okIn("top -p 161"))},
		{[]string{"--container-id", idA[:6], "--pid", "161"}, notTop(failWith("--pid and --container-id cannot be used together"), okIn("top -p 161"))},
		// the first error wins: a bad value before a conflict
		{[]string{"--pid", "x", "--cgroup", group}, notTop(failWith("--pid: invalid process ID 'x'"), failWith("bad pid 'x'"))},
	}
}

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

// binaries builds the multicall binary and the single-tool mains once.
func binaries(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		repo, err := oracle.RepoRoot()
		if err != nil {
			buildErr = err
			return
		}
		binDir, buildErr = os.MkdirTemp("", "cgprocps-options-bin-")
		if buildErr != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", binDir+"/", "./cmd/...")
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// testRoot copies the v2-512m-1.5cpu capture and adds what the rows need: two containers'
// groups (idA a copy of the capture's group, processes 161 198 199; idB empty) and, for df, the
// mount table of process 161 (the capture's, less /tmp: not this process's table) and its
// root (this machine's /).
func testRoot(t *testing.T) string {
	t.Helper()
	src := testcapture.Path(t, "v2-512m-1.5cpu")
	root := t.TempDir()
	copyTree(t, src, root)
	slice := filepath.Join(root, "sys/fs/cgroup/system.slice")
	copyTree(t, filepath.Join(slice, "v2load.service"), filepath.Join(slice, "docker-"+idA+".scope"))
	empty := filepath.Join(slice, "docker-"+idB+".scope")
	must(t, os.MkdirAll(empty, 0o755))
	must(t, os.WriteFile(filepath.Join(empty, "cgroup.procs"), nil, 0o644))
	mi, err := os.ReadFile(filepath.Join(root, "proc/self/mountinfo"))
	must(t, err)
	var keep []string
	for _, l := range strings.SplitAfter(string(mi), "\n") {
		if !strings.Contains(l, " /tmp ") {
			keep = append(keep, l)
		}
	}
	if len(keep) == len(strings.SplitAfter(string(mi), "\n")) {
		t.Fatalf("no /tmp line in the capture's mountinfo:\n%s", mi)
	}
	must(t, os.WriteFile(filepath.Join(root, "proc/161/mountinfo"), []byte(strings.Join(keep, "")), 0o644))
	must(t, os.Symlink("/", filepath.Join(root, "proc/161/root")))
	return root
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		out := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(out, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(out, b, 0o644)
	})
	must(t, err)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

type result struct {
	stdout, stderr string
	exit           int
}

// run runs one tool with argv0 the tool's bare name: through the multicall binary
// (`cgprocps TOOL ARGS`) or the single-tool binary.
func run(t *testing.T, bin, name, root string, multicall bool, args []string) result {
	t.Helper()
	var cmd *exec.Cmd
	if multicall {
		cmd = exec.Command(filepath.Join(bin, "cgprocps"), append([]string{name}, args...)...)
	} else {
		cmd = exec.Command(filepath.Join(bin, name), args...)
		cmd.Args[0] = name
	}
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + root, "CGPROCPS_ROOT=" + root, "LC_ALL=C", "TZ=UTC", "S_COLORS=never", "TERM=dumb"}
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, isExit := err.(*exec.ExitError)
		if !isExit {
			t.Fatalf("%s %q: %v", name, args, err)
		}
		code = ee.ExitCode()
	}
	return result{o.String(), e.String(), code}
}

// check reports how r differs from what w says for tool tl ("" when it does not).
func check(tl tool, w outcome, r result) string {
	p := tl.name
	switch w.kind {
	case ok:
		if r.exit != 0 || r.stderr != "" || r.stdout == "" {
			return fmt.Sprintf("want a report: exit %d, stderr %q, %d bytes on stdout", r.exit, r.stderr, len(r.stdout))
		}
	case fail:
		if want := p + ": " + w.msg + "\n"; r.exit != 1 || r.stderr != want || r.stdout != "" {
			return fmt.Sprintf("want exit 1, stderr %q only: exit %d, stderr %q, stdout %q", want, r.exit, r.stderr, r.stdout)
		}
	case getoptErr:
		line := p + ": " + w.msg + "\n"
		switch tl.fam {
		case procps:
			if r.exit != 1 || !strings.HasPrefix(r.stderr, line+"\nUsage:\n "+p+" ") || r.stdout != "" {
				return fmt.Sprintf("want exit 1, %q then the usage: exit %d, stderr %q, stdout %q", line, r.exit, r.stderr, r.stdout)
			}
		case coreutils:
			if want := line + "Try '" + p + " --help' for more information.\n"; r.exit != 1 || r.stderr != want || r.stdout != "" {
				return fmt.Sprintf("want exit 1, stderr %q: exit %d, stderr %q, stdout %q", want, r.exit, r.stderr, r.stdout)
			}
		case top:
			if r.exit != 0 || r.stderr != line || r.stdout != "\n" {
				return fmt.Sprintf("want exit 0, stderr %q, an empty line on stdout: exit %d, stderr %q, stdout %q", line, r.exit, r.stderr, r.stdout)
			}
		default:
			return "no getopt error in family sysstat"
		}
	case usage:
		want := "Usage: " + p + " [ options ] [ <interval> [ <count> ] ]\n"
		if r.exit != 1 || !strings.HasPrefix(r.stderr, want) || r.stdout != "" {
			return fmt.Sprintf("want sysstat's usage %q, exit 1: exit %d, stderr %q, stdout %q", want, r.exit, r.stderr, r.stdout)
		}
	}
	return ""
}

// clock masks the times of day reports print (uptime's, top's, sar's).
var clock = regexp.MustCompile(`\b\d\d:\d\d:\d\d\b`)

func TestContainerOptionsTable(t *testing.T) {
	bin := binaries(t)
	root := testRoot(t)
	rs := rows()
	runs := 0
	for _, tl := range tools {
		t.Run(tl.name, func(t *testing.T) {
			reports := map[string]string{} // class -> report (first run of the class)
			firstArgs := map[string][]string{}
			for _, rw := range rs {
				w := rw.want(tl)
				args := append(append([]string(nil), tl.base...), rw.args...)
				for _, multi := range []bool{true, false} {
					r := run(t, bin, tl.name, root, multi, args)
					runs++
					how := "cgprocps " + tl.name
					if !multi {
						how = tl.name
					}
					if msg := check(tl, w, r); msg != "" {
						t.Errorf("%s %q: %s", how, args, msg)
						continue
					}
					if w.kind != ok {
						continue
					}
					// Both binaries and every spelling of one view print one report.
					out := clock.ReplaceAllString(r.stdout, "hh:mm:ss")
					prev, seen := reports[w.class]
					switch {
					case !seen:
						reports[w.class], firstArgs[w.class] = out, args
					case out != prev:
						t.Errorf("%s %q: the report differs from that of %q (same view):\n%s\n--- vs ---\n%s", how, args, firstArgs[w.class], out, prev)
					}
				}
			}
			// The options change the view: the host's report is not the container's; df's
			// rows do not depend on a cgroup, but its table is that of the process named.
			h, c := reports["host"], reports["container"]
			switch {
			case h == "" || c == "":
				t.Errorf("no host or container report")
			case tl.name != "df" && h == c:
				t.Errorf("the host's report is the container's:\n%s", h)
			case tl.name == "df" && h != c:
				t.Errorf("df: --host and --container differ:\n%s\n--- vs ---\n%s", h, c)
			case tl.name == "df" && (!strings.Contains(h, " /tmp\n") || strings.Contains(reports["mounts of 161"], " /tmp\n")):
				t.Errorf("df: want /tmp in this process's table only:\n%s\n--- process 161 ---\n%s", h, reports["mounts of 161"])
			}
			if tl.name == "top" && !strings.Contains(reports["top -p 161"], "\n  161 ") {
				t.Errorf("top --pid 161 (top's -p) does not show process 161:\n%s", reports["top -p 161"])
			}
		})
	}
	t.Logf("%d runs (%d rows × %d tools × 2 binaries)", runs, len(rs), len(tools))
}
