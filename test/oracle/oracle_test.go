package oracle

import (
	"os"
	"os/exec"
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

// TestProcrefLayouts: DIR/proc/X over /proc/X and DIR/sys/Y over /sys/Y; a rendered cpu folder
// (with uevent) replaces the machine's whole; files with no target are skipped; -p gives the
// command PID 1 of its own namespace; and the machine's files are untouched afterwards.
func TestProcrefLayouts(t *testing.T) {
	p := Need(t)
	dir := t.TempDir()
	files := map[string]string{
		"proc/meminfo":                         "MemTotal:       2000 kB\n",
		"proc/no-such-file":                    "x\n",
		"sys/devices/system/cpu/online":        "0-6\n",
		"sys/devices/system/cpu/uevent":        "",
		"sys/devices/system/cpu/cpu6/.keep":    "",
		"sys/block/no-such-disk/stat":          "1 2 3\n",
		"sys/kernel/mm/transparent_hugepage/x": "",
	}
	for name, text := range files {
		f := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(f), 0o755)
		if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, errs, code := Run(t, dir, "sh", "-c", "cat /proc/meminfo /sys/devices/system/cpu/online; ls /sys/devices/system/cpu; test -e /proc/no-such-file || echo skipped")
	if want := "MemTotal:       2000 kB\n0-6\ncpu6\nonline\nuevent\nskipped\n"; out != want || errs != "" || code != 0 {
		t.Errorf("over %s: %q, %q, %d; want %q", dir, out, errs, code, want)
	}
	c := exec.Command(p, "-p", dir, "sh", "-c", "echo $$; cat /proc/meminfo")
	if b, err := c.Output(); err != nil || string(b) != "1\nMemTotal:       2000 kB\n" {
		t.Errorf("-p: %q, %v", b, err)
	}
	for _, name := range []string{"proc/meminfo", "sys/devices/system/cpu/online"} {
		if b, err := os.ReadFile("/" + name); err != nil || string(b) == files[name] {
			t.Errorf("the machine's /%s after procref: %q, %v", name, b, err)
		}
	}
	c = exec.Command(p, dir)
	if err := c.Run(); err == nil || c.ProcessState.ExitCode() != 2 {
		t.Errorf("no command: %v, want exit status 2", err)
	}
}
