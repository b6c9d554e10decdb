package roots

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/profile"
	"github.com/cgprocps/cgprocps/test/oracle"
)

// TestRoots: each root is there with its real procps and sysstat, dpkg-query's versions are
// recorded, and the profile Detect finds in it is its release's (the distribution shorthand),
// and the root's free runs chrooted by the oracle and names that procps release.
func TestRoots(t *testing.T) {
	for _, s := range Suites {
		t.Run(s.Suite, func(t *testing.T) {
			r := Need(t, s.Suite)
			for _, f := range []string{"usr/bin/free", "usr/bin/uptime", "usr/bin/iostat", "bin/df"} {
				if _, err := os.Stat(filepath.Join(r.Dir, f)); err != nil {
					t.Errorf("%s: %v", f, err)
				}
			}
			for _, p := range []string{"procps", "sysstat", "coreutils"} {
				if r.Versions[p] == "" {
					t.Errorf("no recorded version of %s: %v", p, r.Versions)
				}
			}
			want, _ := profile.Distro(s.Distro)
			if r.Profile != want {
				t.Errorf("Detect(%s) = %v (%s); want %s's %v", r.Dir, r.Profile, r.How, s.Distro, want)
			}
			t.Logf("%s: procps %s, sysstat %s, coreutils %s: profile %v", s.Suite, r.Versions["procps"],
				r.Versions["sysstat"], r.Versions["coreutils"], r.Profile)
			oracle.Need(t)
			out, errs, code := oracle.RunRoot(t, r.Dir, t.TempDir(), "free", "-V")
			if code != 0 || !strings.Contains(out, "procps-ng "+r.Profile.Procps.String()) {
				t.Errorf("free -V in the %s root: %q, %q, exit %d", s.Suite, out, errs, code)
			}
		})
	}
}
