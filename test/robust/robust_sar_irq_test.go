package robust

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/cgprocps/cgprocps/internal/mutate"
	"github.com/cgprocps/cgprocps/tool/sar"
)

// sar -I and -n SOFT over malformed /proc/interrupts and /proc/net/softnet_stat: the captures
// carry neither, so each capture copy gets this machine's files (or small stand-ins), which are
// then mutated; container mode (the cpuset projection) and --host both run.
func TestSarIRQSoftOverMutatedFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("the bad-input suite is skipped in -short mode")
	}
	fixtures, _ := filepath.Abs("../../../shared/fixtures")
	captures, err := mutate.Captures(fixtures)
	if err != nil || len(captures) == 0 {
		t.Skipf("shared fixtures not found: %v", err)
	}
	irq, err := os.ReadFile("/proc/interrupts")
	if err != nil {
		irq = []byte("           CPU0       CPU1\n  0:         10         20   IO-APIC   2-edge      timer\nERR:          0\n")
	}
	soft, err := os.ReadFile("/proc/net/softnet_stat")
	if err != nil {
		soft = []byte("000000fe 00000000 00000001 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000\n")
	}
	report := regexp.MustCompile(`^Linux [^\n]+\t\(\d+ CPU\)\n(\n\d\d:\d\d:\d\d [^\n]+\n(\d\d:\d\d:\d\d [^\n]+\n)+)+$`)
	base := t.TempDir()
	cases := 0
	for _, capture := range captures {
		root := filepath.Join(base, filepath.Base(capture))
		if err := mutate.CopyTree(capture, root); err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{filepath.Join(root, "proc", "interrupts"): irq, filepath.Join(root, "proc", "net", "softnet_stat"): soft}
		for p, b := range files {
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Setenv("CGPROCPS_ROOT", root)
		for p, orig := range files {
			for _, m := range mutate.All {
				if err := m.Apply(p, orig); err != nil {
					t.Fatal(err)
				}
				for _, host := range []bool{false, true} {
					args := []string{"-u", "-I", "ALL", "-n", "SOFT", "-P", "ALL", "0"}
					if host {
						args = append([]string{"--host"}, args...)
					}
					tl := tool{"sar", func(a string, _ []string, o, e *bytes.Buffer) int { return sar.Main(a, args, o, e) }, report}
					cases++
					rel, _ := filepath.Rel(root, p)
					check(t, fmt.Sprintf("%s %s %s host=%v: sar -I/-n SOFT", filepath.Base(capture), rel, m.Name, host), tl)
				}
				if err := mutate.Restore(p, orig); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	t.Logf("%d sar -I/-n SOFT runs over mutated files", cases)
}
