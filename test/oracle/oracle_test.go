package oracle

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRepoRoot(t *testing.T) {
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil || len(b) == 0 {
		t.Fatalf("go.mod at %s: %v", root, err)
	}
}

// TestRun checks the mechanics: DIR's file is what the command sees at /proc/NAME, stdout,
// stderr and the exit status come back apart.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	const text = "MemTotal:       1000 kB\nMemFree:         400 kB\n"
	if err := os.WriteFile(filepath.Join(dir, "meminfo"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := Run(t, dir, "cat", "/proc/meminfo")
	if out != text || errs != "" || code != 0 {
		t.Errorf("cat /proc/meminfo: %q, %q, %d", out, errs, code)
	}
	out, errs, code = Run(t, dir, "sh", "-c", "echo out; echo err >&2; exit 3")
	if out != "out\n" || errs != "err\n" || code != 3 {
		t.Errorf("sh: %q, %q, %d", out, errs, code)
	}
	out, _, code = Run(t, dir, "free")
	want := "               total        used        free      shared  buff/cache   available\n" +
		"Mem:            1000         600         400           0           0         400\n" +
		"Swap:              0           0           0\n"
	if out != want || code != 0 {
		t.Errorf("free over the file:\n%s\nwant:\n%s", out, want)
	}
	out, _, _ = RunEnv(t, []string{"ORACLE_TEST=xyz"}, dir, "sh", "-c", "echo $ORACLE_TEST")
	if out != "xyz\n" {
		t.Errorf("RunEnv: %q", out)
	}
}
