package robust

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/cgprocps/cgprocps/internal/mutate"
	"github.com/cgprocps/cgprocps/internal/testcapture"
	"github.com/cgprocps/cgprocps/tool/sar"
)

// sar -I and -n SOFT over malformed /proc/interrupts and /proc/net/softnet_stat: the captures
// carry neither, so each capture copy gets this machine's files (or small stand-ins), which are
// then mutated; container mode (the cpuset projection) and --host both run.
func TestSarIRQSoftOverMutatedFiles(t *testing.T) {
	irq, err := os.ReadFile("/proc/interrupts")
	if err != nil {
		irq = []byte("           CPU0       CPU1\n  0:         10         20   IO-APIC   2-edge      timer\nERR:          0\n")
	}
	soft, err := os.ReadFile("/proc/net/softnet_stat")
	if err != nil {
		soft = []byte("000000fe 00000000 00000001 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000\n")
	}
	sarOverMutatedStandIns(t, "sar -I/-n SOFT", map[string][]byte{"proc/interrupts": irq, "proc/net/softnet_stat": soft},
		[]string{"-u", "-I", "ALL", "-n", "SOFT", "-P", "ALL", "0"})
}

// sarOverMutatedStandIns writes files (paths relative to a capture) into a copy of every
// capture, which carries none of them, then runs sar with args (container mode and --host)
// over each mutation of each file in turn: a report of sar's shape or one clear error.
func sarOverMutatedStandIns(t *testing.T, what string, files map[string][]byte, args []string) {
	if testing.Short() {
		t.Skip("the bad-input suite is skipped in -short mode")
	}
	captures := testcapture.All(t)
	report := regexp.MustCompile(`^Linux [^\n]+\t\(\d+ CPU\)\n(\n\d\d:\d\d:\d\d [^\n]+\n(\d\d:\d\d:\d\d [^\n]+\n)+)+$`)
	base := t.TempDir()
	cases := 0
	for _, capture := range captures {
		root := filepath.Join(base, filepath.Base(capture))
		if err := mutate.CopyTree(capture, root); err != nil {
			t.Fatal(err)
		}
		for rel, b := range files {
			p := filepath.Join(root, rel)
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Setenv("CGPROCPS_ROOT", root)
		for rel, orig := range files {
			p := filepath.Join(root, rel)
			for _, m := range mutate.All {
				if err := m.Apply(p, orig); err != nil {
					t.Fatal(err)
				}
				for _, host := range []bool{false, true} {
					a := args
					if host {
						a = append([]string{"--host"}, args...)
					}
					tl := tool{"sar", func(a0 string, _ []string, o, e *bytes.Buffer) int { return sar.Main(a0, a, o, e) }, report}
					cases++
					check(t, fmt.Sprintf("%s %s %s host=%v: %s", filepath.Base(capture), rel, m.Name, host, what), tl)
				}
				if err := mutate.Restore(p, orig); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	t.Logf("%d %s runs over mutated files", cases, what)
}
