package main

import (
	"testing"
	"time"
)

func TestParseInterval(t *testing.T) {
	for s, want := range map[string]time.Duration{"2s": 2 * time.Second, "500ms": 500 * time.Millisecond, "0.5": 500 * time.Millisecond, "3": 3 * time.Second} {
		if d, err := parseInterval(s); err != nil || d != want {
			t.Errorf("parseInterval(%q) = %v, %v; want %v", s, d, err, want)
		}
	}
	for _, s := range []string{"", "0", "-1s", "x", "NaN", "1e20", "0s"} {
		if d, err := parseInterval(s); err == nil {
			t.Errorf("parseInterval(%q) = %v, want an error", s, d)
		}
	}
}

func TestProcfsBadInterval(t *testing.T) {
	_, e, code := runMain("cgprocps", "procfs", "--interval", "soon", t.TempDir())
	if code != 1 || e != "cgprocps procfs: invalid interval 'soon'\n" {
		t.Errorf("%d %q", code, e)
	}
}

// cgprocps fs without cgprocps-fs beside the test binary says where it looks.
func TestFsWithoutServer(t *testing.T) {
	_, e, code := runMain("cgprocps", "fs", t.TempDir())
	if code != 1 || e != "cgprocps fs: the live view is served by cgprocps-fs, which is not installed beside cgprocps\n" {
		t.Errorf("%d %q", code, e)
	}
}
