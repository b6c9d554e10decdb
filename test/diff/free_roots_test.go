package diff

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/cgprocps/cgprocps/test/oracle"
	"github.com/cgprocps/cgprocps/test/roots"
	"github.com/cgprocps/cgprocps/tool/free"
)

// rootFreeArgs are the option sets of the profile matrix: freeSets' and the ones a release
// adds or lacks (-v is refused by 3.3.17, -L taken by 4.0.4 only).
func rootFreeArgs() []string {
	var args []string
	for _, s := range freeSets {
		args = append(args, s.args)
	}
	return append(args, "-L", "-hL", "--si -hL", "-b -L", "-L -c 2 -s 0.001", "--line --tebi", "-k -m")
}

// TestFreeVsRealRoots is TestFreeFormatVsReal's whole-tool half as a matrix: in each Debian
// root (test/roots) the root's real free runs over every generated and captured meminfo
// (procref -r), and free.MainProfile with the root's profile must print the same bytes and
// exit status. A root that cannot be built skips its column.
func TestFreeVsRealRoots(t *testing.T) {
	oracle.Need(t)
	cases := freeCases(t)
	args := rootFreeArgs()
	var script strings.Builder
	for _, a := range args {
		fmt.Fprintf(&script, "free %s 2>/dev/null; echo \"%s$?\"\n", a, marker)
	}
	// 3.3.17 estimates the available memory from vm.min_free_kbytes when meminfo gives none:
	// the real free reads this machine's (procref binds meminfo only), ours the root's copy.
	minFree, err := os.ReadFile("/proc/sys/vm/min_free_kbytes")
	if err != nil {
		t.Fatal(err)
	}
	base := t.TempDir()
	for i, c := range cases {
		vm := filepath.Join(base, "root"+strconv.Itoa(i), "proc", "sys", "vm")
		if err := os.MkdirAll(vm, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(vm, "min_free_kbytes"), minFree, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, d := range []string{strconv.Itoa(i), filepath.Join("root"+strconv.Itoa(i), "proc")} {
			if err := os.MkdirAll(filepath.Join(base, d), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(base, d, "meminfo"), c.text, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, s := range roots.Suites {
		t.Run(s.Suite, func(t *testing.T) {
			r := roots.Need(t, s.Suite)
			outs := make([][]string, len(cases))
			codes := make([][]int, len(cases))
			var wg sync.WaitGroup
			sem := make(chan struct{}, 2*runtime.NumCPU())
			for i := range cases {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					sem <- struct{}{}
					defer func() { <-sem }()
					out, _, _ := oracle.RunRootEnv(t, []string{"LC_ALL=C"}, r.Dir, filepath.Join(base, strconv.Itoa(i)), "sh", "-c", script.String())
					outs[i], codes[i] = splitBatch(out)
				}(i)
			}
			wg.Wait()
			compared, failed := 0, 0
			for i, c := range cases {
				if len(outs[i]) != len(args) {
					t.Errorf("%s: %d outputs from the batch, want %d", c.name, len(outs[i]), len(args))
					continue
				}
				t.Setenv("CGPROCPS_ROOT", filepath.Join(base, "root"+strconv.Itoa(i)))
				for j, a := range args {
					var out, errb bytes.Buffer
					code := free.MainProfile(r.Profile, "free", append([]string{"--host"}, strings.Fields(a)...), &out, &errb)
					compared++
					if code != codes[i][j] || out.String() != outs[i][j] {
						failed++
						if failed <= 8 {
							t.Errorf("%s, %s free %s: real exit %d, ours %d\nmeminfo:\n%s\nreal:\n%s\nours:\n%s",
								c.name, s.Suite, a, codes[i][j], code, c.text, outs[i][j], out.String())
						}
					}
				}
			}
			t.Logf("%s: %d meminfo files x %d option sets: %d comparisons, %d differences", s.Suite, len(cases), len(args), compared, failed)
			if compared < 1000 {
				t.Errorf("only %d comparisons", compared)
			}
		})
	}
}
