package diff

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

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

// TestIostatBackwardsVsRealRoots: counters that go backwards between two reports (12.7 prints
// 0 for such a rate and an await only when the I/O count grew; before, unsigned differences).
// Both iostats run `... 1 2` over the synthetic machine at once; half a second in, every
// device's stat file is rewritten in place with some counters lower and others higher, and
// the uptime moves one second. The second report must be the same bytes.
func TestIostatBackwardsVsRealRoots(t *testing.T) {
	procref := oracle.Need(t)
	for _, s := range roots.Suites {
		t.Run(s.Suite, func(t *testing.T) {
			r := roots.Need(t, s.Suite)
			for _, args := range [][]string{{"-x", "1", "2"}, {"-xs", "1", "2"}, {"-x", "-o", "JSON", "1", "2"}, {"-d", "1", "2"}, {"-xh", "1", "2"}} {
				// The rewrite must fall between both processes' two samples: on a loaded
				// machine one may start late, so up to three tries.
				for try := 0; ; try++ {
					root := synthIostatRoot(t)
					devs, _ := os.ReadDir(filepath.Join(root, "sys/block"))
					cmd := exec.Command(procref, append([]string{"-r", r.Dir, root, "iostat"}, args...)...)
					cmd.Env = append(os.Environ(), "LC_ALL=C", "TZ=UTC")
					var ro, re bytes.Buffer
					cmd.Stdout, cmd.Stderr = &ro, &re
					t.Setenv("LC_ALL", "C")
					t.Setenv("TZ", "UTC")
					t.Setenv("CGPROCPS_ROOT", root)
					var o, e bytes.Buffer
					done := make(chan int)
					if err := cmd.Start(); err != nil {
						t.Fatal(err)
					}
					go func() {
						done <- iostat.MainProfile(profile.Profile{Sysstat: r.Profile.Sysstat}, "iostat", append([]string{"--host"}, args...), &o, &e)
					}()
					time.Sleep(500 * time.Millisecond)
					// Reads fall, writes rise (the sum of I/Os rises: no re-registration), queue
					// and busy ticks fall; a second device with every I/O count lower but its
					// sectors higher.
					stats := []string{
						"12345000 234000 987000000 4567000 2345999 345999 8765999999 3456999 12 5678000 9876000 34567 89 12345999 4567 23456 7890",
						"2 0 30 0 0 0 0 0 0 100000500 1999999 0 0 0 0 0 0",
					}
					for i, d := range devs {
						if i < len(stats) {
							if err := os.WriteFile(filepath.Join(root, "sys/block", d.Name(), "stat"), []byte(stats[i]+"\n"), 0o644); err != nil {
								t.Fatal(err)
							}
						}
					}
					os.WriteFile(filepath.Join(root, "proc/uptime"), []byte("123457.78 200002.00\n"), 0o644)
					code := <-done
					werr := cmd.Wait()
					if werr != nil || code != 0 {
						t.Fatalf("%v: real %v %s, ours exit %d %s", args, werr, re.String(), code, e.String())
					}
					if o.String() != ro.String() && try < 2 {
						continue
					}
					if o.String() != ro.String() {
						t.Errorf("%s iostat %v:\n--- ours\n%s--- sysstat\n%s", s.Suite, args, o.String(), ro.String())
					}
					break
				}
			}
		})
	}
}
