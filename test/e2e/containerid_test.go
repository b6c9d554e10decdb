package e2e

// TestContainerIDRunc: `free --container-id ID` on the host, for a live runc container laid
// out as Docker's cgroupfs driver lays one out (/<parent>/<64-hex id>, the runc container
// named by that id), prints what the container's own `free -b` prints: the memory limit as the
// Mem total and the memory+swap headroom as the Swap total; by the full ID and by a 12-digit
// prefix, the same totals as `--cgroup /<parent>/<id>`; an unknown ID is a one-line error with
// status 1. The parent folder is named cgprocps-e2e-PID-RAND so that runc_v1_test.go's sweep
// removes what a killed run leaves behind.

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestContainerIDRunc(t *testing.T) {
	requireE2E(t)
	runc, err := exec.LookPath("runc")
	if err != nil {
		t.Skip("e2e: runc not installed (scripts/install-test-deps)")
	}
	if _, err := os.Stat("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes"); err != nil {
		t.Skip("e2e: not a cgroup v1 host with swap accounting (no /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes)")
	}
	bin := binary(t)
	sweepStale(t, runc)

	parent := fmt.Sprintf("%s%d-%s", namePrefix, os.Getpid(), randHex(4))
	id := randHex(32) // 64 hex digits, as Docker's IDs
	cgPath := "/" + parent + "/" + id
	dir := t.TempDir()
	bundle := filepath.Join(dir, "bundle")
	rootfs := filepath.Join(bundle, "rootfs")
	outDir := filepath.Join(dir, "out")
	for _, d := range []string{"proc", "sys", "dev", "tmp", "out", "run"} {
		if err := os.MkdirAll(filepath.Join(rootfs, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(rootfs, "cgprocps"), b, 0o755); err != nil {
		t.Fatal(err)
	}
	js, err := json.MarshalIndent(containerSpec(cgPath, outDir, []string{"/cgprocps", "uptime", "-p"}), "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bundle, "config.json"), js, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		deleteContainer(t, runc, id) // removes the container's own folders
		if left := removeGroup(parent); len(left) > 0 {
			t.Errorf("cleanup: cgroup folders left behind: %v", left)
		}
	})
	initLog, err := os.Create(filepath.Join(dir, "init.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer initLog.Close()
	cmd := command(t.Context(), runc, "create", "--bundle", bundle, id)
	cmd.Stdout, cmd.Stderr = initLog, initLog
	if err := cmd.Run(); err != nil {
		e, _ := os.ReadFile(initLog.Name())
		t.Fatalf("runc create: %v\n%s", err, e)
	}
	t.Logf("container %s created (cgroup %s)", id, cgPath)

	hostSwapKB, err := meminfoKB("/proc/meminfo", "SwapTotal")
	if err != nil {
		t.Fatal(err)
	}
	inside := run(60*time.Second, runc, "exec", id, "/cgprocps", "free", "-b")
	checkFreeTotals(t, inside, v1MemLimit, min(v1MemswLim-v1MemLimit, hostSwapKB*1024), "min(memory+swap limit - memory limit, host SwapTotal)")
	wantMem, wantSwap, err := freeTotals(inside.stdout)
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"free", "-b", "--container-id", id},
		{"free", "-b", "--container-id", id[:12]},
		{"free", "-b", "--container-id=" + id[:12], "--container"},
		{"free", "-b", "--cgroup", cgPath},
	} {
		r := run(30*time.Second, bin, args...)
		if r.err != nil {
			t.Errorf("host: %s", r)
			continue
		}
		mem, swap, err := freeTotals(r.stdout)
		if err != nil || mem != wantMem || swap != wantSwap {
			t.Errorf("host %v: totals %d/%d (%v), want %d/%d as inside the container\n%s", args, mem, swap, err, wantMem, wantSwap, r)
		}
	}
	// uptime --container-id: the container's age, not the host's.
	if r := run(30*time.Second, bin, "uptime", "-p", "--container-id", id[:12]); r.err != nil || !strings.HasPrefix(r.stdout, "up 0 minutes") && !strings.HasPrefix(r.stdout, "up 1 minute") {
		t.Errorf("host uptime -p --container-id: want the container's age (up 0 minutes)\n%s", r)
	}
	// --host with the ID: the host's own free.
	if r := run(30*time.Second, bin, "free", "-b", "--host", "--container-id", id); r.err != nil {
		t.Errorf("%s", r)
	} else if mem, _, _ := freeTotals(r.stdout); mem == wantMem {
		t.Errorf("--host --container-id: Mem total %d is the container's, want the host's", mem)
	}
	// Unknown ID: one line, status 1.
	bad := "ffffffffffff" + id[12:20]
	r := run(30*time.Second, bin, "free", "--container-id", bad)
	var ee *exec.ExitError
	if want := "free: container " + bad + ": no such container\n"; r.stderr != want || r.stdout != "" || !errorsAs(r.err, &ee) || ee.ExitCode() != 1 {
		t.Errorf("unknown ID: want %q and status 1\n%s", want, r)
	}
}

func errorsAs(err error, ee **exec.ExitError) bool {
	e, ok := err.(*exec.ExitError)
	if ok {
		*ee = e
	}
	return ok
}
