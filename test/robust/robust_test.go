// Package robust runs the tools themselves over broken machines: every capture with
// each cgroup and /proc file it holds in turn missing, empty, "max", garbage, negative,
// 2^64-1, truncated or unreadable (internal/mutate). Each run must end with exit status 0 and
// a report, or 1 and a clear "TOOL: ..." line; never a panic, and warnings are one line each,
// never repeated.
package robust

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/mutate"
	"github.com/cgprocps/cgprocps/internal/testcapture"
	"github.com/cgprocps/cgprocps/tool/free"
	"github.com/cgprocps/cgprocps/tool/uptime"
)

type tool struct {
	name   string
	main   func(string, []string, *bytes.Buffer, *bytes.Buffer) int
	report *regexp.Regexp // what a successful stdout looks like
}

// tools are the tools run over every mutation. Each later tool appends itself in an init of its
// own file (robust_<tool>_test.go), with any files it reads beyond these to extraTargets.
var tools = []tool{
	{"free", func(a string, args []string, o, e *bytes.Buffer) int { return free.Main(a, args, o, e) },
		regexp.MustCompile(`^ +total +used +free +shared +buff/cache +available\nMem: +\d+ +\d+ +\d+ +\d+ +\d+ +\d+\nSwap: +\d+ +\d+ +\d+\n$`)},
	{"uptime", func(a string, args []string, o, e *bytes.Buffer) int { return uptime.Main(a, args, o, e) },
		regexp.MustCompile(`^ \d\d:\d\d:\d\d up .*, +\d+ users?, +load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d\n$`)},
}

// extraTargets say which further files of a capture (by path relative to it, and base name)
// are mutated, for tools that read more than free and uptime.
var extraTargets []func(rel, base string) bool

// targets lists the files of a capture the tools depend on: /proc's top-level files and the
// processes' stat files, and the cgroup files of memory, CPU and the process lists.
func targets(root string) []string {
	var out []string
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || !info.Mode().IsRegular() {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		base := filepath.Base(p)
		switch {
		case strings.HasPrefix(rel, "proc/") && strings.Count(rel, "/") == 1,
			strings.HasPrefix(rel, "proc/self/"),
			strings.HasPrefix(rel, "proc/") && base == "stat",
			rel == "sys/devices/system/cpu/online",
			strings.HasPrefix(rel, "sys/fs/cgroup/") && (strings.HasPrefix(base, "memory.") ||
				strings.HasPrefix(base, "cpu") || base == "cgroup.procs"):
			out = append(out, p)
		default:
			for _, extra := range extraTargets {
				if extra(rel, base) {
					out = append(out, p)
					break
				}
			}
		}
		return nil
	})
	return out
}

func TestToolsOverMutatedCaptures(t *testing.T) {
	if testing.Short() {
		t.Skip("the bad-input suite is skipped in -short mode")
	}
	captures := testcapture.All(t)
	base, err := mutate.FastTempDir()
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(base)
	cases := 0
	for _, capture := range captures {
		root := filepath.Join(base, filepath.Base(capture))
		if err := mutate.CopyTree(capture, root); err != nil {
			t.Fatal(err)
		}
		t.Setenv("CGPROCPS_ROOT", root)
		files := targets(root)
		if len(files) < 20 {
			t.Fatalf("%s: only %d files to mutate", filepath.Base(capture), len(files))
		}
		for _, p := range files {
			orig, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel(root, p)
			for _, m := range mutate.All {
				if err := m.Apply(p, orig); err != nil {
					t.Fatal(err)
				}
				for _, tl := range tools {
					cases++
					check(t, fmt.Sprintf("%s %s %s: %s", filepath.Base(capture), rel, m.Name, tl.name), tl)
				}
				if err := mutate.Restore(p, orig); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	t.Logf("%d tool runs over mutated captures", cases)
}

func check(t *testing.T, name string, tl tool) {
	t.Helper()
	var o, e bytes.Buffer
	code := -1
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("%s: panic: %v", name, r)
			}
		}()
		code = tl.main(tl.name, nil, &o, &e)
	}()
	switch code {
	case 0:
		if !tl.report.MatchString(o.String()) {
			t.Errorf("%s: exit 0 but the report is malformed:\n%s", name, o.String())
		}
	case 1:
		if !strings.HasPrefix(e.String(), tl.name+": ") {
			t.Errorf("%s: exit 1 without a clear message: %q", name, e.String())
		}
	default:
		t.Errorf("%s: exit status %d", name, code)
	}
	seen := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSuffix(e.String(), "\n"), "\n") {
		if l == "" {
			continue
		}
		if !strings.HasPrefix(l, tl.name+": ") {
			t.Errorf("%s: stderr line without the tool's name: %q", name, l)
		}
		if seen[l] {
			t.Errorf("%s: warning repeated: %q", name, l)
		}
		seen[l] = true
	}
}
