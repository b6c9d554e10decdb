package testcapture

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func names(paths []string) string {
	var n []string
	for _, p := range paths {
		n = append(n, filepath.Base(p))
	}
	return strings.Join(n, " ")
}

func TestRepositoryCaptures(t *testing.T) {
	t.Setenv(ExtraEnv, "")
	const want = "v1-256m-0.5cpu-cpuset0 v1-256m-swap v1-512m-1.5cpu v1-512m-1.5cpu-lxcfscfs " +
		"v2-192m-1.5cpu-pressure v2-512m-1.5cpu v2-docker-cgns-256m-1cpu"
	all := All(t)
	if got := names(all); got != want {
		t.Fatalf("All: %s\nwant %s", got, want)
	}
	for _, c := range all {
		if !filepath.IsAbs(c) {
			t.Errorf("%s is not absolute", c)
		}
		for _, f := range []string{"MANIFEST", "proc/meminfo", "proc/self/cgroup"} {
			if _, err := os.Stat(filepath.Join(c, f)); err != nil {
				t.Errorf("%s: %v", filepath.Base(c), err)
			}
		}
	}
	if p := Path(t, "v2-512m-1.5cpu"); p != all[5] {
		t.Errorf("Path = %s, want %s", p, all[5])
	}
}

// An extra folder adds its v1-*/v2-* captures after the repository's, not a name the
// repository has, and nothing else of it.
func TestExtraCaptures(t *testing.T) {
	extra := t.TempDir()
	for _, d := range []string{"v2-new", "v1-512m-1.5cpu", "other", "v3-x"} {
		if err := os.Mkdir(filepath.Join(extra, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(extra, "v1-file"), nil, 0o644)
	t.Setenv(ExtraEnv, extra)
	all := All(t)
	if len(all) != 8 || all[7] != filepath.Join(extra, "v2-new") {
		t.Errorf("All with %s: %s", ExtraEnv, names(all))
	}
}
