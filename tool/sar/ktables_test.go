package sar

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestKTablesParse(t *testing.T) {
	out := make([]uint64, 4)
	ktables("295133\t280000\t45\t0\t12\t0\n", "919\t12\t9223372036854775807\n", "229754\t100\n", "2\n", out)
	if out[0] != 280000 || out[1] != 907 || out[2] != 229654 || out[3] != 2 {
		t.Errorf("ktables: %v", out)
	}
	// One number where sysstat wants two: 0; missing files: 0.
	out = make([]uint64, 4)
	ktables("5", "919", "", "x", out)
	if out[0] != 0 || out[1] != 0 || out[2] != 0 || out[3] != 0 {
		t.Errorf("short ktables: %v", out)
	}
}

// -v and -H record and read back as the live run printed them.
func TestKTablesHugeRecordAndReadBack(t *testing.T) {
	root, _ := filepath.Abs("testdata/netroot")
	t.Setenv("CGPROCPS_ROOT", root)
	fastClock(t)
	file := filepath.Join(t.TempDir(), "sa")
	live, errs, code := runMain("--host", "-o", file, "-v", "1", "3")
	if code != 0 || errs != "" || !strings.Contains(live, "dentunusd") {
		t.Fatalf("-o: exit %d: %s\n%s", code, errs, live)
	}
	back, errs, code := runMain("-f", file, "-v")
	if code != 0 || errs != "" {
		t.Fatalf("-f: exit %d: %s", code, errs)
	}
	fastClock(t)
	again, _, _ := runMain("--host", "-v", "1", "3")
	if back != again {
		t.Errorf("-f -v differs from live\n--- live\n%s--- -f\n%s", again, back)
	}
	back, _, code = runMain("-f", file, "-H", "-h")
	if code != 0 || !strings.Contains(back, "kbhugfree") || strings.Count(back, "\n") != 7 {
		t.Errorf("-f -H -h: exit %d\n%s", code, back)
	}
}
