package env

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// fast makes this test binary read the environment as a tool does (not through package os).
func fast(t *testing.T) {
	t.Helper()
	once.Do(load)
	useOS, envs = false, runtimeEnvs()
	t.Cleanup(func() { useOS = true })
}

func TestTestBinaryReadsThroughOS(t *testing.T) {
	once.Do(load)
	if !useOS {
		t.Fatalf("a test binary (%s) must read through package os", os.Args[0])
	}
	t.Setenv("CGPROCPS_ENV_TEST", "x")
	if v, ok := Lookup("CGPROCPS_ENV_TEST"); !ok || v != "x" {
		t.Fatalf("Lookup after t.Setenv: %q %v", v, ok)
	}
}

// TestMatchesOS: for every name of this process's environment and a few others, Lookup and
// Environ answer what package os answers (the environment is not changed in this test).
func TestMatchesOS(t *testing.T) {
	fast(t)
	names := []string{"", "=", "CGPROCPS_SURELY_UNSET", "PATH=", "PAT"}
	for _, kv := range os.Environ() {
		if n, _, ok := strings.Cut(kv, "="); ok {
			names = append(names, n)
		}
	}
	for _, n := range names {
		v, ok := Lookup(n)
		wv, wok := os.LookupEnv(n)
		if v != wv || ok != wok {
			t.Errorf("Lookup(%q) = %q %v, os: %q %v", n, v, ok, wv, wok)
		}
		if Get(n) != os.Getenv(n) {
			t.Errorf("Get(%q) = %q, os: %q", n, Get(n), os.Getenv(n))
		}
	}
	if got, want := Environ(), os.Environ(); !slices.Equal(got, want) {
		t.Errorf("Environ:\n%q\nos:\n%q", got, want)
	}
}

// TestDuplicatesAndOddEntries runs this test binary again with an environment holding a name
// twice, an entry without '=' and an empty value, and compares with package syscall there.
func TestDuplicatesAndOddEntries(t *testing.T) {
	if os.Getenv("CGPROCPS_ENV_CHILD") == "1" {
		fast(t)
		var b strings.Builder
		for _, n := range []string{"DUP", "EMPTY", "NOEQ", "X"} {
			v, ok := Lookup(n)
			wv, wok := syscall.Getenv(n)
			if v != wv || ok != wok {
				b.WriteString("Lookup(" + n + ") = " + v + ", syscall " + wv + "\n")
			}
		}
		if got, want := Environ(), syscall.Environ(); !slices.Equal(got, want) {
			b.WriteString("Environ differs: " + strings.Join(got, "|") + " vs " + strings.Join(want, "|") + "\n")
		}
		if b.Len() > 0 {
			t.Fatal(b.String())
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestDuplicatesAndOddEntries$")
	cmd.Env = []string{"CGPROCPS_ENV_CHILD=1", "DUP=first", "NOEQ", "EMPTY=", "DUP=second", "X=a=b"}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
}
