package sar

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// sysstatRoots copies testdata/sysstat/<roots[0]> to a temporary machine root with cpus
// cpuN folders, sets CGPROCPS_ROOT to it, and makes each sleep load the next root's files,
// as sysstat's TEST build moves its tests/root link (root1, root2...) at each interval.
func sysstatRoots(t *testing.T, cpus int, roots ...string) {
	t.Helper()
	rootsIn(t, filepath.Join("testdata", "sysstat"), cpus, roots...)
}

// rootsIn is sysstatRoots over the roots under base.
func rootsIn(t *testing.T, base string, cpus int, roots ...string) {
	t.Helper()
	dir := t.TempDir()
	load := func(name string) {
		src := filepath.Join(base, name)
		err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			if d.Type()&os.ModeSymlink != 0 {
				target, err := os.Readlink(p)
				if err != nil {
					return err
				}
				if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(rel)), 0o755); err != nil {
					return err
				}
				os.Remove(filepath.Join(dir, rel))
				return os.Symlink(target, filepath.Join(dir, rel))
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(rel)), 0o755); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	load(roots[0])
	for i := 0; i < cpus; i++ {
		if err := os.MkdirAll(filepath.Join(dir, "sys/devices/system/cpu", "cpu"+strconv.Itoa(i)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("CGPROCPS_ROOT", dir)
	t.Setenv("TZ", "UTC")
	t.Setenv("LC_ALL", "C")
	t.Setenv("S_TIME_FORMAT", "")
	os.Unsetenv("S_TIME_FORMAT")
	clock := time.Unix(0, 0)
	next := 1
	oldSleep, oldNow := sleep, now
	t.Cleanup(func() { sleep, now = oldSleep, oldNow })
	now = func() time.Time { return clock }
	sleep = func(d time.Duration) {
		clock = clock.Add(d)
		if next < len(roots) {
			load(roots[next])
			next++
		}
	}
}

// sysstatExpected is sysstat's own output for one of its test cases, without the banner
// line (uname differs).
func sysstatExpected(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "sysstat", name))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(b), "\n")
	return rest
}

var sarRowTime = regexp.MustCompile(`(?m)^\d\d:\d\d:\d\d `)

// TestSysstatSuiteCPUOffline runs sysstat 12.6.1's own CPU offline/online test cases (live
// sar over fake roots where CPUs' lines leave /proc/stat and come back) and compares
// everything below the banner with what sysstat printed there: an offline CPU's counters
// are carried forward, so a CPU that comes back is shown against its last values, and "all"
// and the Average rows count it.
func TestSysstatSuiteCPUOffline(t *testing.T) {
	for _, tc := range []struct {
		expected string
		roots    []string
	}{
		{"expected.sar-cpu8onoff", []string{"root1", "root2", "root3", "root4"}},
		{"expected.sar-cpu8off", []string{"root2", "root3", "root4", "root5"}},
		{"expected.sar-cpu6off", []string{"root3", "root4", "root5", "root6"}},
	} {
		t.Run(tc.expected, func(t *testing.T) {
			sysstatRoots(t, 9, tc.roots...)
			out, errs, code := runMain("--host", "-P", "ALL", "-u", "-n", "SOFT", "2", "3")
			if code != 0 || errs != "" {
				t.Fatalf("exit %d: %s", code, errs)
			}
			_, got, _ := strings.Cut(out, "\n")
			if want := sysstatExpected(t, tc.expected); got != want {
				t.Errorf("sar -P ALL -u -n SOFT 2 3:\n%s\nsysstat 12.6.1 printed:\n%s", got, want)
			}
		})
	}
}
