// Package testcapture locates the machine captures the tests run over: the repository's
// testdata/captures/<name> (each one machine as a process in a limited cgroup saw it; a
// CGPROCPS_ROOT), and, for the suites that run over every capture, the v1-* and v2-* folders
// of $CGPROCPS_EXTRA_CAPTURES as well.
//
// The repository's captures are part of it: a missing one fails the test, it never skips.
package testcapture

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// ExtraEnv names a folder whose v1-*/v2-* captures All adds to the repository's.
const ExtraEnv = "CGPROCPS_EXTRA_CAPTURES"

// Dir returns the repository's captures folder, testdata/captures beside the go.mod found by
// walking up from the working directory (a package's folder under go test).
func Dir() (string, error) {
	d, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(d, "testdata", "captures"), nil
		}
		up := filepath.Dir(d)
		if up == d {
			return "", errors.New("testcapture: no go.mod above the working directory")
		}
		d = up
	}
}

// Path returns the folder of the repository's capture name ("v2-512m-1.5cpu"), absolute.
func Path(t testing.TB, name string) string {
	t.Helper()
	d, err := Dir()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(d, name)
	if st, err := os.Stat(p); err != nil || !st.IsDir() {
		t.Fatalf("capture %s missing from the repository (%s)", name, d)
	}
	return p
}

// All returns every capture: the repository's v1-* and v2-* folders in name order, then those
// of $CGPROCPS_EXTRA_CAPTURES whose names the repository does not already have.
func All(t testing.TB) []string {
	t.Helper()
	d, err := Dir()
	if err != nil {
		t.Fatal(err)
	}
	out, err := List(d)
	if err != nil || len(out) == 0 {
		t.Fatalf("no captures in %s: %v", d, err)
	}
	if extra := os.Getenv(ExtraEnv); extra != "" {
		more, err := List(extra)
		if err != nil {
			t.Fatalf("%s=%s: %v", ExtraEnv, extra, err)
		}
		have := map[string]bool{}
		for _, c := range out {
			have[filepath.Base(c)] = true
		}
		for _, c := range more {
			if !have[filepath.Base(c)] {
				out = append(out, c)
			}
		}
	}
	return out
}

// List returns the v1-* and v2-* subfolders of dir, absolute, in name order.
func List(dir string) ([]string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if n := e.Name(); e.IsDir() && (strings.HasPrefix(n, "v1-") || strings.HasPrefix(n, "v2-")) {
			out = append(out, filepath.Join(dir, n))
		}
	}
	sort.Strings(out)
	return out, nil
}
