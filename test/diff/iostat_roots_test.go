package diff

import (
	"io"
	"os/exec"
	"testing"

	"github.com/cgprocps/cgprocps/internal/profile"
	"github.com/cgprocps/cgprocps/test/oracle"
	"github.com/cgprocps/cgprocps/test/roots"
	"github.com/cgprocps/cgprocps/tool/iostat"
)

// TestIostatFormulasVsRealRoots is TestIostatFormulasVsReal as a matrix (test/roots): in each
// Debian root the root's real iostat (sysstat 12.5.2, 12.6.1, 12.7.5) under procref -r over
// the synthetic machine against ours with the root's profile, byte for byte: 12.7's
// colours by direction past every threshold, 12.5's refusal of --compact.
func TestIostatFormulasVsRealRoots(t *testing.T) {
	procref := oracle.Need(t)
	root := synthIostatRoot(t)
	for _, s := range roots.Suites {
		t.Run(s.Suite, func(t *testing.T) {
			r := roots.Need(t, s.Suite)
			iostatFormulas(t, root, func(args []string) *exec.Cmd {
				return exec.Command(procref, append([]string{"-r", r.Dir, root, "iostat"}, args...)...)
			}, func(a string, args []string, o, e io.Writer) int {
				return iostat.MainProfile(profile.Profile{Sysstat: r.Profile.Sysstat}, a, args, o, e)
			})
		})
	}
}
