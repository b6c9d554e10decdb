// Package oracle runs the real procps/sysstat tools over a directory of /proc files, through
// test/oracle/procref (a private mount namespace with DIR's files bound over /proc and /sys),
// for differential tests: the real tool's bytes are the expected bytes.
//
// procref needs root and a working unshare(1); where either is missing the calling test is
// skipped with the reason.
package oracle

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

var (
	once   sync.Once
	path   string
	whyNot string
)

// RepoRoot is the directory holding go.mod, found by walking up from the working directory.
func RepoRoot() (string, error) {
	d, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		p := filepath.Dir(d)
		if p == d {
			return "", errors.New("go.mod not found above the working directory")
		}
		d = p
	}
}

// Procref returns the path of procref, the repository's runner (test/oracle/procref), or ""
// and why it cannot be used here.
func Procref() (string, string) {
	once.Do(func() {
		root, err := RepoRoot()
		if err != nil {
			whyNot = err.Error()
			return
		}
		p := filepath.Join(root, "test", "oracle", "procref")
		if _, err := os.Stat(p); err != nil {
			whyNot = "procref not found at " + p
			return
		}
		if os.Geteuid() != 0 {
			whyNot = "procref needs root (mount namespaces and bind mounts)"
			return
		}
		for _, tool := range []string{"unshare", "mount"} {
			if _, err := exec.LookPath(tool); err != nil {
				whyNot = tool + "(1) not found (util-linux)"
				return
			}
		}
		if out, err := exec.Command("unshare", "--mount", "--propagation", "private", "true").CombinedOutput(); err != nil {
			whyNot = "unshare --mount does not work here: " + string(bytes.TrimSpace(out))
			return
		}
		path = p
	})
	return path, whyNot
}

// Need returns procref's path or skips t with the reason.
func Need(t testing.TB) string {
	t.Helper()
	p, why := Procref()
	if p == "" {
		t.Skip("oracle unavailable: " + why)
	}
	return p
}

// Run runs `procref DIR CMD...` and returns what the command printed and its exit status
// (-1, with the test marked failed, when procref cannot be started). The environment is the
// test's own. Safe to call from several goroutines once Need has passed.
func Run(t testing.TB, dir string, cmd ...string) (stdout, stderr string, exit int) {
	t.Helper()
	return RunEnv(t, nil, dir, cmd...)
}

// RunEnv is Run with env (KEY=VALUE entries) added to the test's environment.
func RunEnv(t testing.TB, env []string, dir string, cmd ...string) (stdout, stderr string, exit int) {
	t.Helper()
	return procref(t, env, append([]string{dir}, cmd...))
}

// procref runs procref with args, env added to the test's environment.
func procref(t testing.TB, env []string, args []string) (stdout, stderr string, exit int) {
	t.Helper()
	p := Need(t)
	c := exec.Command(p, args...)
	if env != nil {
		c.Env = append(os.Environ(), env...)
	}
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	err := c.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		exit = ee.ExitCode()
	default:
		// Errorf, not Fatalf: callers may run the oracle from several goroutines.
		t.Errorf("procref %q: %v", args, err)
		exit = -1
	}
	return out.String(), errb.String(), exit
}

// RunRoot runs `procref -r ROOT DIR CMD...`: CMD is the tool of the Debian root ROOT
// (test/roots), chrooted there, over DIR's files; what it printed and its exit status, as Run.
func RunRoot(t testing.TB, root, dir string, cmd ...string) (stdout, stderr string, exit int) {
	t.Helper()
	return procref(t, nil, append([]string{"-r", root, dir}, cmd...))
}

// RunRootEnv is RunRoot with env (KEY=VALUE entries) added to the test's environment.
func RunRootEnv(t testing.TB, env []string, root, dir string, cmd ...string) (stdout, stderr string, exit int) {
	t.Helper()
	return procref(t, env, append([]string{"-r", root, dir}, cmd...))
}
