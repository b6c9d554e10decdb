package df

import (
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/test/roots"
)

// TestDFVsRealRoots is the profile matrix of df (docs/profiles.md): a column per Debian root
// of test/roots, the root's own df (its coreutils release, with its C library and C.UTF-8
// locale) and ours under the root's detected profile, side by side in the private mount
// namespace of the Root* tests: the option lines, operands, block sizes, environment settings
// and bad input of this package,
// stdout, exit status and first stderr line byte for byte. A root that cannot be built
// skips its column with the reason.
func TestDFVsRealRoots(t *testing.T) {
	var cases []nsCase
	for _, a := range optionCases {
		cases = append(cases, c(a...))
	}
	for _, a := range badInputCases {
		cases = append(cases, c(a...))
	}
	for _, a := range operandCases {
		cases = append(cases, c(a...))
	}
	for _, b := range append(blockSizes, "1R", "1Q", "1RB", "1Qi", "R", "Q") {
		cases = append(cases, c("-B", b), c("--output=size,avail", "-B", b), c("-P", "-B", b))
	}
	for _, env := range append(envCases, []string{"DF_BLOCK_SIZE=1R"}, []string{"BLOCK_SIZE=Q"}) {
		for _, a := range [][]string{{}, {"-P"}, {"-i"}, {"--output=size,avail"}, {"-h"}, {"--total", "/data"}, {"--output=x"}} {
			cases = append(cases, nsCase{env: env, args: a})
		}
	}
	for _, s := range roots.Suites {
		t.Run(s.Suite, func(t *testing.T) {
			r := roots.Need(t, s.Suite)
			compareInRootFrom(t, r.Dir, r.Profile.String(), "", remoteBinds, "", cases)
		})
	}
}

// remoteBinds adds bind mounts of remote-looking sources (server:/path, an SMB share):
// duplicates of remote mounts, shown by -a and hidden by -l.
const remoteBinds = `
mkdir -p "$M/remote2" "$M/rdeep/x" "$M/smb" "$M/smb2"
mount --bind "$M/remote" "$M/remote2"
mount --bind "$M/remote" "$M/rdeep/x"
mount -t tmpfs -o size=2m //srv/share "$M/smb"
mount --bind "$M/smb" "$M/smb2"
`

// TestDFPathRoots: bad input and operand errors with df run by its path (/usr/bin/df), as
// a script calls it: the name error messages carry differs between releases (9.7's error()
// drops the directory, getopt's messages and "Try" keep it).
func TestDFPathRoots(t *testing.T) {
	var cases []nsCase
	for _, a := range badInputCases {
		cases = append(cases, c(a...))
	}
	for _, a := range [][]string{{"/mnt/nonexistent"}, {"/mnt/nonexistent", "/mnt/a"}, {"-B", "1R"}} {
		cases = append(cases, c(a...))
	}
	cases = append(cases, nsCase{env: []string{"DF_BLOCK_SIZE=x"}}, nsCase{env: []string{"LC_ALL=C"}, args: []string{"--output=x"}})
	for _, s := range roots.Suites {
		t.Run(s.Suite, func(t *testing.T) {
			r := roots.Need(t, s.Suite)
			compareInRootFrom(t, r.Dir, r.Profile.String(), "/usr/bin/df", "", "", cases)
		})
	}
}

// TestDFTerminalRoots: TestRootTerminal's listings through a pty (UTF-8 and C), a column
// per root.
func TestDFTerminalRoots(t *testing.T) {
	for _, s := range roots.Suites {
		t.Run(s.Suite, func(t *testing.T) {
			r := roots.Need(t, s.Suite)
			compareTerminal(t, r.Dir, r.Profile.String())
		})
	}
}

// TestDFVersionRoots: -V/--version name the root's coreutils release in force.
func TestDFVersionRoots(t *testing.T) {
	for _, s := range roots.Suites {
		t.Run(s.Suite, func(t *testing.T) {
			r := roots.Need(t, s.Suite)
			real := runAs(t, "/usr/sbin/chroot", nil, r.Dir, "/usr/bin/df", "--version")
			line, _, _ := strings.Cut(real.stdout, "\n")
			rel := strings.TrimPrefix(line, "df (GNU coreutils) ")
			for _, opt := range []string{"--version", "--vers"} {
				got := runAs(t, ours(t), []string{"CGPROCPS_PROFILE=" + r.Profile.String()}, opt)
				if want := "df from GNU coreutils " + rel + " ("; got.code != 0 || !strings.HasPrefix(got.stdout, want) {
					t.Errorf("df %s under %s: %q (exit %d), want %q…", opt, r.Profile, got.stdout, got.code, want)
				}
			}
		})
	}
}
