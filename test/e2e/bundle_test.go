package e2e

// The runc bundle the v1 container tests share: a rootfs with nothing but static binaries
// (plus empty proc, sys, dev, tmp, out, run), config.json from containerSpec (the limits of
// runc_v1_test.go), a host folder bound at /out, and `runc create` or `runc run -d` with the
// container's removal registered first.

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// bundle is one container's runc bundle.
type bundle struct {
	dir    string // the bundle: config.json and rootfs
	rootfs string
	out    string // the host folder bound at /out in the container
}

// lookRunc returns runc's path (on PATH, else where install-test-deps puts it), or skips.
func lookRunc(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("runc"); err == nil {
		return p
	}
	for _, p := range []string{"/usr/sbin/runc", "/usr/bin/runc", "/usr/local/sbin/runc", "/usr/local/bin/runc"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Skip("e2e: runc not installed (scripts/install-test-deps)")
	return ""
}

// containerName is a fresh cgprocps-e2e-<test pid>-<random> name (sweepStale's pattern).
func containerName() string {
	return fmt.Sprintf("%s%d-%s", namePrefix, os.Getpid(), randHex(4))
}

// newBundle lays out dir/bundle (rootfs with /tmp mode 1777 and files: host path → name in
// the rootfs root, mode 0755) and dir/out.
func newBundle(t *testing.T, dir string, files map[string]string) *bundle {
	t.Helper()
	b := &bundle{dir: filepath.Join(dir, "bundle"), out: filepath.Join(dir, "out")}
	b.rootfs = filepath.Join(b.dir, "rootfs")
	for _, d := range []string{"proc", "sys", "dev", "tmp", "out", "run"} {
		if err := os.MkdirAll(filepath.Join(b.rootfs, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(filepath.Join(b.rootfs, "tmp"), 0o1777); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(b.out, 0o755); err != nil {
		t.Fatal(err)
	}
	for src, dst := range files {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(b.rootfs, dst), data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// writeConfig writes config.json: containerSpec(cgroupsPath, b.out, args), then edit (if not
// nil) over its JSON object for fields ociSpec does not have.
func (b *bundle) writeConfig(t *testing.T, cgroupsPath string, args []string, edit func(spec map[string]any)) {
	t.Helper()
	js, err := json.Marshal(containerSpec(cgroupsPath, b.out, args))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(js, &m); err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(m)
	}
	if js, err = json.MarshalIndent(m, "", "\t"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(b.dir, "config.json"), js, 0o644); err != nil {
		t.Fatal(err)
	}
}

// start registers the container's removal (deleteContainer) as a cleanup, then runs `runc
// create` (detach false: init waits for `runc start`) or `runc run -d` for the bundle. The
// init's stdout and stderr are files (nil: /dev/null), not pipes: it keeps them after runc
// exits (exec.Cmd opens /dev/null itself for nil ones).
func (b *bundle) start(t *testing.T, runc, id string, detach bool, stdout, stderr *os.File) {
	t.Helper()
	t.Cleanup(func() { deleteContainer(t, runc, id) })
	args := []string{"create", "--bundle", b.dir, id}
	if detach {
		args = []string{"run", "-d", "--bundle", b.dir, id}
	}
	cmd := command(t.Context(), runc, args...)
	if stdout != nil {
		cmd.Stdout = stdout
	}
	if stderr != nil {
		cmd.Stderr = stderr
	}
	if err := cmd.Run(); err != nil {
		var e []byte
		if stderr != nil {
			e, _ = os.ReadFile(stderr.Name())
		}
		t.Fatalf("runc %v: %v\n%s", args, err, e)
	}
}
