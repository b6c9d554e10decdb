package conformance

// The version-profile matrix (docs/profiles.md) for free and uptime: one column per Debian
// root of test/roots (Debian 11, 12, 13: procps-ng 3.3.17, 4.0.2, 4.0.4). In each column
// our tool runs with that root's profile (CGPROCPS_PROFILE, what profile.Detect finds in the
// root) over a capture, and the root's real tool runs chrooted over the view we render from
// it (procref -r, oracle.RunRoot's runner); stdout and the exit status must be the same
// bytes, and for a failed run the first line of stderr too (the usage text after it is our
// own). A root that cannot be built here skips its column with the reason.

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/mutate"
	"github.com/cgprocps/cgprocps/internal/profile"
	"github.com/cgprocps/cgprocps/test/oracle"
	"github.com/cgprocps/cgprocps/test/roots"
)

// freeOptions run in every column: 4.0.2's set, the options one release has and another
// lacks (-v, -L/--line), the ambiguities those change (--l, --li), and error cases.
var freeOptions = [][]string{
	{}, {"-b"}, {"-k"}, {"-m"}, {"-g"}, {"--tebi"}, {"--pebi"}, {"--kilo"}, {"--mega"}, {"--giga"},
	{"--tera"}, {"--peta"}, {"-h"}, {"-h", "--si"}, {"--si"}, {"-w"}, {"-t"}, {"-l"}, {"-v"},
	{"-hw"}, {"-hltvw"}, {"-b", "-w", "-t"}, {"--human", "--wide", "--total", "--lohi", "--committed"},
	{"-m", "--si"}, {"--giga", "-w"}, {"--tot", "--wi"}, {"-s", "0.01", "-c", "3"}, {"-c", "2", "-s", "0,01", "-h"},
	{"-s0.01", "-c2", "-t"},
	{"-hlt"}, {"-h", "-w", "--si"}, {"-k", "--si"}, {"--tera", "-h"}, {"-b", "--si", "-h"},
	{"-L"}, {"--line"}, {"-hL"}, {"-L", "--si", "-h"}, {"-wltL"}, {"-L", "-c", "2", "-s", "0.01"}, {"-L", "-g"},
	{"--l"}, {"--li"}, {"--c"}, {"-k", "-m"}, {"--kilo", "--mebi"}, {"-x"}, {"extra"}, {"-s", "0"}, {"-c", "0"},
}

// column is one column of the matrix: a Debian root's tools, or this machine's own.
type column struct {
	name    string
	profile profile.Profile
	root    string // "": this machine's tools
}

// env is the environment our tool runs with in the column.
func (c column) env(capture string) []string {
	return []string{"CGPROCPS_ROOT=" + capture, "CGPROCPS_PROFILE=" + c.profile.String()}
}

// procref is the procref arguments that run the column's cmd over view.
func (c column) procref(view string, cmd ...string) []string {
	if c.root == "" {
		return append([]string{view}, cmd...)
	}
	return append([]string{"-r", c.root, view}, cmd...)
}

// matrix runs f in a subtest per column: one per Debian root (a root that cannot be built
// skips its subtest with the reason); when none can be built (no network, no debootstrap),
// this machine's tools with the profile profile.Detect finds here, so that the suite still
// compares something.
func matrix(t *testing.T, f func(t *testing.T, c column)) {
	ran := false
	for _, s := range roots.Suites {
		t.Run(s.Suite, func(t *testing.T) {
			r := roots.Need(t, s.Suite)
			ran = true
			f(t, column{s.Suite, r.Profile, r.Dir})
		})
	}
	if !ran {
		p, how := profile.Detect("/")
		t.Run("host", func(t *testing.T) {
			t.Logf("no Debian root here: this machine's tools, profile %s (%s)", p, how)
			f(t, column{"host", p, ""})
		})
	}
}

// diffRoot is diff, and for a failed run the first line of stderr (the tool's name as the
// original prints it: our binary's folder removed).
func diffRoot(t *testing.T, what string, ours, ref result) {
	t.Helper()
	if !diff(t, what, ours, ref) || ours.code == 0 {
		return
	}
	first := func(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }
	if o, r := strings.TrimPrefix(first(ours.stderr), bin(t)+"/"), first(ref.stderr); o != r {
		t.Errorf("%s: first line of stderr differs:\n ours:   %q\n procps: %q", what, o, r)
	}
}

func TestFreeOverCaptures(t *testing.T) {
	procref := oracle.Need(t)
	matrix(t, func(t *testing.T, col column) {
		for _, c := range captures(t) {
			view := render(t, c)
			for _, opts := range freeOptions {
				ours := run(t, col.env(c), filepath.Join(bin(t), "free"), opts...)
				ref := run(t, nil, procref, col.procref(view, append([]string{"free"}, opts...)...)...)
				diffRoot(t, fmt.Sprintf("%s free %s over %s", col.name, strings.Join(opts, " "), filepath.Base(c)), ours, ref)
				if ours.code == 0 && ours.stderr != "" {
					t.Errorf("free %v warned: %s", opts, ours.stderr)
				}
			}
		}
		// -V names the profile's release.
		ours := run(t, col.env(""), filepath.Join(bin(t), "free"), "-V")
		if want := "free from procps-ng " + col.profile.Procps.String() + " ("; !strings.HasPrefix(ours.stdout, want) {
			t.Errorf("free -V: %q, want %q...", ours.stdout, want)
		}
	})
}

// withHostUptime copies a capture's proc/ and sys/ and sets the host's uptime, so the
// container's age (host uptime - start of its oldest process) takes the value wanted.
func withHostUptime(t *testing.T, capture string, containerSecs float64) string {
	t.Helper()
	dst := t.TempDir()
	if err := mutate.CopyTree(capture, dst); err != nil {
		t.Fatal(err)
	}
	// The container's start: what our own procfs says its uptime is, subtracted from the host's.
	view := render(t, capture)
	var ourUp, hostUp, idle float64
	b, _ := os.ReadFile(filepath.Join(view, "proc/uptime"))
	fmt.Sscan(string(b), &ourUp)
	b, _ = os.ReadFile(filepath.Join(capture, "proc/uptime"))
	fmt.Sscan(string(b), &hostUp, &idle)
	start := hostUp - ourUp
	if err := os.WriteFile(filepath.Join(dst, "proc/uptime"), []byte(fmt.Sprintf("%.2f %.2f\n", start+containerSecs, idle)), 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

// uptimeAges are container ages that take every branch of the default and -p formats of the
// three releases (3.3.17's weeks modulo 52 and years modulo 10 among them).
var uptimeAges = []float64{0.5, 59, 59.9, 60, 61, 119, 3599, 3600, 3601, 3660, 7230, 86399, 86400, 86461, 90061,
	2*86400 + 3600*5 + 60*7, 7 * 86400, 8*86400 + 1, 14*86400 + 60, 364 * 86400, 365 * 86400, 366 * 86400,
	2*365*86400 + 3*86400, 3653*86400 + 3600, 3650 * 86400, 3650*86400 + 366*86400}

var (
	clock           = regexp.MustCompile(`^ \d\d:\d\d:\d\d up `)
	commUsed        = regexp.MustCompile(`(?m)^(Comm: +\S+) +\S+ +\S+$`)
	usersWord       = regexp.MustCompile(`\d+ users?,`)
	cgprocpsVersion = regexp.MustCompile(` \(cgprocps [^)]*\)`)
)

func TestUptimeOverCaptures(t *testing.T) {
	procref := oracle.Need(t)
	// The host's login records count in our runs and not in the roots' (a chroot has its own
	// /run/utmp): with users logged in here the count is masked, and said.
	maskUsers := false
	if b, err := os.ReadFile("/var/run/utmp"); err == nil && len(b) > 0 {
		maskUsers = true
	}
	matrix(t, func(t *testing.T, col column) {
		if maskUsers {
			t.Log("/var/run/utmp is not empty here: the user count is masked")
		}
		for _, c := range captures(t) {
			dirs := []string{c}
			if strings.HasSuffix(c, "v2-512m-1.5cpu") || strings.HasSuffix(c, "v1-512m-1.5cpu") {
				for _, a := range uptimeAges {
					dirs = append(dirs, withHostUptime(t, c, a))
				}
			}
			for _, dir := range dirs {
				view := render(t, dir)
				for _, opts := range [][]string{{}, {"-p"}, {"--pretty"}, {"-s"}, {"--since"}, {"-V"}, {"-x"}, {"x"}, {"-ps"}} {
					what := fmt.Sprintf("%s uptime %s over %s", col.name, strings.Join(opts, " "), dir)
					for try := 0; ; try++ {
						ours := run(t, col.env(dir), filepath.Join(bin(t), "uptime"), opts...)
						ref := run(t, nil, procref, col.procref(view, append([]string{"uptime"}, opts...)...)...)
						for _, x := range []*result{&ours, &ref} {
							x.stdout = clock.ReplaceAllString(x.stdout, " HH:MM:SS up ")
							if maskUsers {
								x.stdout = usersWord.ReplaceAllString(x.stdout, "N users,")
							}
						}
						// Ours names cgprocps after the release (-V): compare without it.
						ours.stdout = cgprocpsVersion.ReplaceAllString(ours.stdout, "")
						// -s and the clock may straddle a second between the two runs: again,
						// up to four tries (a loaded machine); then -s may differ by the one
						// second that passed between the two processes, no more.
						if ours.stdout != ref.stdout && try < 3 {
							continue
						}
						if ours.stdout != ref.stdout && len(opts) == 1 && strings.Contains("-s --since -ps", opts[0]) &&
							oneSecondApart(ref.stdout, ours.stdout) {
							t.Logf("%s: %q vs %q after 4 tries (the clock moved)", what, ours.stdout, ref.stdout)
							break
						}
						diffRoot(t, what, ours, ref)
						break
					}
				}
			}
		}
	})
}

// usersSetup makes a private /run (a tmpfs) holding a utmp file with a USER_PROCESS record
// per name of $USERS, /run/systemd/system when $SYSTEMD is set (systemd runs: sd_booted) and,
// when $SESSIONS is set, logind's session files (ID:CLASS each, with the .ref FIFO logind
// keeps beside them), then runs its arguments: for our tool in a private
// mount namespace (procref) and for the root's tool in its chroot alike.
const usersSetup = `set -e
mount -t tmpfs tmpfs /run
rec() { printf '\007\000'; head -c 42 /dev/zero; printf %s "$1"; head -c $((340 - ${#1})) /dev/zero; }
: >/run/utmp
for u in $USERS; do rec "$u" >>/run/utmp; done
[ -z "$SYSTEMD" ] || mkdir -p /run/systemd/system
if [ -n "$SESSIONS" ]; then
  mkdir -p /run/systemd/sessions
  for s in $SESSIONS; do
    printf 'UID=1000\nCLASS=%s\n' "${s#*:}" >/run/systemd/sessions/${s%%:*}
    mkfifo /run/systemd/sessions/${s%%:*}.ref
  done
fi
exec "$@"`

// TestUptimeUsers: the user count and its word, from utmp and from logind's sessions, in each
// column ("0 users" but "0 user" in 4.0.2; Debian 13's 4.0.4 counts logind's user sessions
// when systemd runs and there are sessions).
func TestUptimeUsers(t *testing.T) {
	procref := oracle.Need(t)
	capture := captures(t)[0]
	matrix(t, func(t *testing.T, col column) {
		view := render(t, capture)
		for _, c := range []struct{ users, sessions, systemd string }{
			{"", "", ""}, {"alice", "", ""}, {"alice bob", "", ""}, {"alice bob carol", "1:user", ""},
			{"alice", "", "1"}, {"alice bob carol", "1:user", "1"}, {"alice", "1:user 2:greeter 3:user-early 4:user", "1"},
			{"alice bob", "4:greeter", "1"}, {"", "c1:user", "1"}, {"", "c1:user c2:user", ""},
		} {
			env := []string{"USERS=" + c.users, "SESSIONS=" + c.sessions, "SYSTEMD=" + c.systemd}
			for try := 0; ; try++ {
				ours := run(t, append(col.env(capture), env...), procref, view, "sh", "-c", usersSetup, "sh", filepath.Join(bin(t), "uptime"))
				ref := run(t, env, procref, col.procref(view, "sh", "-c", usersSetup, "sh", "uptime")...)
				ours.stdout = clock.ReplaceAllString(ours.stdout, " HH:MM:SS up ")
				ref.stdout = clock.ReplaceAllString(ref.stdout, " HH:MM:SS up ")
				if ours.stdout != ref.stdout && try < 3 {
					continue
				}
				diff(t, fmt.Sprintf("%s uptime, utmp users %q, sessions %q, systemd %q", col.name, c.users, c.sessions, c.systemd), ours, ref)
				break
			}
		}
	})
}
