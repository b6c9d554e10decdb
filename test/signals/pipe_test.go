// Package signals checks how the tools end when their reader goes away (issue 6): with
// `| head`, free, vmstat, iostat and sar die of SIGPIPE on their next write, quietly (status
// 141), and top catches it and exits 0; ours must end the same way as each original, never
// hang or print an error.
package signals

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/test/oracle"
)

func build(t *testing.T) string {
	t.Helper()
	root, err := oracle.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "cgprocps")
	cmd := exec.Command("go", "build", "-o", out, "./cmd/cgprocps")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	return out
}

// pipeStatus runs `cmd | head -n lines` under bash and returns the status of cmd and its
// stderr.
func pipeStatus(t *testing.T, cmd string, lines int) (status, stderr string) {
	t.Helper()
	dir := t.TempDir()
	errf := filepath.Join(dir, "err")
	script := cmd + " 2>" + errf + " | head -n " + string(rune('0'+lines)) + " >/dev/null; echo ${PIPESTATUS[0]}"
	c := exec.Command("bash", "-c", script)
	done := make(chan struct{})
	var out []byte
	var err error
	go func() { out, err = c.Output(); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		c.Process.Kill()
		t.Fatalf("%s | head hangs", cmd)
	}
	if err != nil {
		t.Fatalf("%s: %v", script, err)
	}
	e, _ := os.ReadFile(errf)
	return strings.TrimSpace(string(out)), string(e)
}

func TestPipeClosed(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not installed")
	}
	bin := build(t)
	for _, tc := range []struct {
		tool, args, orig, want string
		lines                  int
	}{
		{"free", "-s 0.2", "/usr/bin/free", "141", 1},
		{"vmstat", "1", "/usr/bin/vmstat", "141", 3},
		{"top", "-b -d 0.3", "/usr/bin/top", "0", 1},
		{"iostat", "-c 1", "/usr/bin/iostat", "141", 3},
		{"sar", "-u 1", "/usr/bin/sar", "141", 4},
	} {
		t.Run(tc.tool, func(t *testing.T) {
			ours, oursErr := pipeStatus(t, bin+" "+tc.tool+" "+tc.args, tc.lines)
			if ours != tc.want || oursErr != "" {
				t.Errorf("%s %s | head -n %d: status %s, stderr %q; want %s and nothing on stderr", tc.tool, tc.args, tc.lines, ours, oursErr, tc.want)
			}
			if _, err := os.Stat(tc.orig); err != nil {
				return
			}
			// The original, the same way: the expectation above is its behaviour.
			if orig, origErr := pipeStatus(t, tc.orig+" "+tc.args, tc.lines); orig != tc.want || origErr != "" {
				t.Errorf("the original %s: status %s, stderr %q; the test expects %s", tc.orig, orig, origErr, tc.want)
			}
		})
	}
}
