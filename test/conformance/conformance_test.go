// Package conformance is the byte-for-byte differential test of the suite: for every
// capture (cgroup v1 and v2) and every option set, our tool run over the capture
// (CGPROCPS_ROOT=capture) must print exactly what the real procps tool prints when run by
// test/oracle/procref over the view we render from the same capture (cgprocps procfs).
// Host mode is compared with the real tools on this machine directly.
package conformance

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/internal/testcapture"
	"github.com/cgprocps/cgprocps/test/oracle"
)

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

func repoRoot(t *testing.T) string {
	t.Helper()
	d, err := oracle.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// bin builds the static multicall once and returns a folder with free, uptime, ... links.
func bin(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "cgprocps-conf-bin-")
		if buildErr != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(binDir, "cgprocps"), "./cmd/cgprocps")
		cmd.Dir = repoRoot(t)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("build: %v\n%s", err, out)
			return
		}
		for _, tool := range []string{"free", "uptime", "top", "vmstat", "iostat", "sar", "df"} {
			if err := os.Symlink("cgprocps", filepath.Join(binDir, tool)); err != nil {
				buildErr = err
				return
			}
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

func run(t *testing.T, env []string, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(append([]string{}, os.Environ()...), env...)
	cmd.Env = append(cmd.Env, "LC_ALL=C", "TZ=UTC")
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return result{o.String(), e.String(), code}
}

// captures lists the captures (testcapture.All).
func captures(t *testing.T) []string {
	t.Helper()
	return testcapture.All(t)
}

// render writes `cgprocps procfs` of root into a new folder.
func render(t *testing.T, root string) string {
	t.Helper()
	dir := t.TempDir()
	r := run(t, []string{"CGPROCPS_ROOT=" + root}, filepath.Join(bin(t), "cgprocps"), "procfs", dir)
	if r.code != 0 {
		t.Fatalf("procfs: exit %d: %s", r.code, r.stderr)
	}
	if r.stderr != "" {
		t.Errorf("procfs warned on a complete capture: %s", r.stderr)
	}
	return dir
}

// diff compares ours with the oracle's, byte for byte, on stdout and the exit status.
func diff(t *testing.T, what string, ours, ref result) bool {
	t.Helper()
	if ours.stdout == ref.stdout && ours.code == ref.code {
		return true
	}
	t.Errorf("%s differs (exit ours %d, procps %d)\n--- ours\n%s--- procps\n%s--- stderr ours: %s--- stderr procps: %s",
		what, ours.code, ref.code, ours.stdout, ref.stdout, ours.stderr, ref.stderr)
	return false
}

// oneSecondApart reports whether two `uptime -s` outputs are times one second apart.
func oneSecondApart(earlier, later string) bool {
	const layout = "2006-01-02 15:04:05\n"
	a, err1 := time.Parse(layout, earlier)
	b, err2 := time.Parse(layout, later)
	return err1 == nil && err2 == nil && (b.Sub(a) == time.Second || a.Sub(b) == time.Second)
}

// Host mode: exactly what the originals print on this machine.
func TestHostMode(t *testing.T) {
	for _, tc := range []struct {
		orig string
		args []string
	}{
		{"/usr/bin/free", nil}, {"/usr/bin/free", []string{"-h"}}, {"/usr/bin/free", []string{"-wlvt"}},
		{"/usr/bin/free", []string{"-b"}}, {"/usr/bin/uptime", nil}, {"/usr/bin/uptime", []string{"-p"}},
		{"/usr/bin/uptime", []string{"-s"}},
	} {
		if _, err := os.Stat(tc.orig); err != nil {
			t.Skipf("%s missing: scripts/install-test-deps installs procps", tc.orig)
		}
		tool := filepath.Base(tc.orig)
		// Memory moves between two reads of a live machine: retry. On a machine busy writing
		// files (parallel test packages, builds) the page cache moves every few ms, and five
		// tries in a row have all differed (buff/cache by 116 kB): up to 30, 20 ms apart.
		var ours, ref result
		for try := 0; try < 30; try++ {
			if try > 0 {
				time.Sleep(20 * time.Millisecond)
			}
			ours = run(t, nil, filepath.Join(bin(t), tool), append([]string{"--host"}, tc.args...)...)
			ref = run(t, nil, tc.orig, tc.args...)
			ours.stdout = clock.ReplaceAllString(ours.stdout, " HH:MM:SS up ")
			ref.stdout = clock.ReplaceAllString(ref.stdout, " HH:MM:SS up ")
			// Committed_AS counts the reading process's own commit charge, and the Go
			// runtime's writable heap mappings weigh tens of MB there: the Comm: row's used
			// and free columns differ by that, always (docs/semantics.md). Its total is kept.
			ours.stdout = commUsed.ReplaceAllString(ours.stdout, "$1 USED FREE")
			ref.stdout = commUsed.ReplaceAllString(ref.stdout, "$1 USED FREE")
			if ours.stdout == ref.stdout {
				break
			}
		}
		diff(t, tool+" --host "+strings.Join(tc.args, " "), ours, ref)
	}
}
