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

// sar -F and -y over a malformed mount table (/proc/self/mounts under CGPROCPS_ROOT) and
// serial file (/proc/tty/driver/serial): the captures carry neither, so each capture copy
// gets stand-ins, then mutated; container mode and --host both run. Sizes come from statvfs
// of the real paths.
func TestSarFSOverMutatedMounts(t *testing.T) {
	if testing.Short() {
		t.Skip("the bad-input suite is skipped in -short mode")
	}
	fixtures, _ := filepath.Abs("../../../shared/fixtures")
	captures, err := mutate.Captures(fixtures)
	if err != nil || len(captures) == 0 {
		t.Skipf("shared fixtures not found: %v", err)
	}
	mounts, err := os.ReadFile("/proc/self/mounts")
	if err != nil {
		mounts = []byte("/dev/vda / ext4 rw,relatime 0 0\nproc /proc proc rw 0 0\n")
	}
	serial := []byte("serinfo:1.0 driver revision:\n0: uart:16550A port:000003F8 irq:4 tx:218 rx:3 fe:1 RTS\n" +
		"1: uart:unknown port:000002F8 irq:3\n")
	report := regexp.MustCompile(`^Linux [^\n]+\t\(\d+ CPU\)\n(\n\d\d:\d\d:\d\d [^\n]+\n(\d\d:\d\d:\d\d [^\n]+\n)+)+$`)
	base := t.TempDir()
	cases := 0
	for _, capture := range captures {
		root := filepath.Join(base, filepath.Base(capture))
		if err := mutate.CopyTree(capture, root); err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{filepath.Join(root, "proc", "self", "mounts"): mounts,
			filepath.Join(root, "proc", "tty", "driver", "serial"): serial}
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
					args := []string{"-u", "-F", "-y", "0"}
					if host {
						args = append([]string{"--host"}, args...)
					}
					tl := tool{"sar", func(a string, _ []string, o, e *bytes.Buffer) int { return sar.Main(a, args, o, e) }, report}
					cases++
					check(t, fmt.Sprintf("%s %s %s host=%v: sar -F -y", filepath.Base(capture), filepath.Base(p), m.Name, host), tl)
				}
				if err := mutate.Restore(p, orig); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	t.Logf("%d sar -F -y runs over mutated mount tables and serial files", cases)
}
