package diff

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/cgprocps/cgprocps/internal/profile"
	"github.com/cgprocps/cgprocps/test/oracle"
	"github.com/cgprocps/cgprocps/test/roots"
	"github.com/cgprocps/cgprocps/tool/free"
	"github.com/cgprocps/cgprocps/tool/uptime"
)

// compareErrorsRoots is compareErrors as a matrix: in each Debian root (test/roots) the
// root's real tool (procref -r, over no file of ours) against main with the root's profile.
func compareErrorsRoots(t *testing.T, bin string, main func(profile.Profile, string, []string, *bytes.Buffer, *bytes.Buffer) int, cases [][]string) {
	oracle.Need(t)
	empty := t.TempDir()
	for _, s := range roots.Suites {
		t.Run(s.Suite, func(t *testing.T) {
			r := roots.Need(t, s.Suite)
			real := func(args []string) cmdResult {
				out, errs, code := oracle.RunRoot(t, r.Dir, empty, append([]string{bin}, args...)...)
				return cmdResult{out, errs, code}
			}
			// fakeRoot's meminfo has no MemAvailable: 3.3.17 estimates it from min_free_kbytes.
			fake := fakeRoot(t)
			os.MkdirAll(filepath.Join(fake, "proc/sys/vm"), 0o755)
			os.WriteFile(filepath.Join(fake, "proc/sys/vm/min_free_kbytes"), []byte("67584\n"), 0o644)
			compareErrorsWith(t, fake, bin, real, func(a string, args []string, o, e *bytes.Buffer) int {
				return main(r.Profile, a, args, o, e)
			}, cases)
		})
	}
}

func TestFreeErrorsVsRealRoots(t *testing.T) {
	cases := append(freeErrorCases, [][]string{
		{"-v"}, {"--committed"}, {"--com"}, {"-L"}, {"--line"}, {"--li"}, {"--l"}, {"-Lx"}, {"-L", "foo"}, {"-vL"},
	}...)
	compareErrorsRoots(t, "/usr/bin/free", func(p profile.Profile, a string, args []string, o, e *bytes.Buffer) int {
		return free.MainProfile(p, a, args, o, e)
	}, cases)
}

func TestUptimeErrorsVsRealRoots(t *testing.T) {
	compareErrorsRoots(t, "/usr/bin/uptime", func(p profile.Profile, a string, args []string, o, e *bytes.Buffer) int {
		return uptime.MainProfile(p, a, args, o, e)
	}, uptimeErrorCases)
}
