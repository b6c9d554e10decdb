package e2e

// TestContainerIDRunc: `free --container-id ID` on the host, for a live runc container laid
// out as Docker's cgroupfs driver lays one out (/<parent>/<64-hex id>, the runc container
// named by that id), prints what the container's own `free -b` prints: the memory limit as the
// Mem total and the memory+swap headroom as the Swap total; by the full ID and by a 12-digit
// prefix, the same totals as `--cgroup /<parent>/<id>`; an unknown ID is a one-line error with
// status 1. The parent folder is named cgprocps-e2e-PID-RAND so that runc_v1_test.go's sweep
// removes what a killed run leaves behind.

import (
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
	runc := lookRunc(t)
	if _, err := os.Stat("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes"); err != nil {
		t.Skip("e2e: not a cgroup v1 host with swap accounting (no /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes)")
	}
	bin := binary(t)
	sweepStale(t, runc)

	parent := containerName()
	id := randHex(32) // 64 hex digits, as Docker's IDs
	cgPath := "/" + parent + "/" + id
	dir := t.TempDir()
	bdl := newBundle(t, dir, map[string]string{bin: "cgprocps"})
	bdl.writeConfig(t, cgPath, []string{"/cgprocps", "uptime", "-p"}, nil)
	// Registered before start's own cleanup so that it runs after it (the container's
	// folders first, then the parent's).
	t.Cleanup(func() {
		if left := removeGroup(parent); len(left) > 0 {
			t.Errorf("cleanup: cgroup folders left behind: %v", left)
		}
	})
	initLog, err := os.Create(filepath.Join(dir, "init.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer initLog.Close()
	bdl.start(t, runc, id, false, initLog, initLog)
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

// TestContainerIDV2VM: on a real cgroup v2 kernel (test/v2vm), a group laid out as
// containerd's CRI plugin lays out a Kubernetes container with the systemd driver
// (kubepods-burstable-pod<uid>.slice/cri-containerd-<id>.scope, the 384M limit and the CPU
// quota on the pod's slice, none on the container's scope) and a sibling container whose ID
// shares its first four digits. `free -b --container-id` with a 12-digit prefix and with the
// full ID prints the totals the group's own `free -b` prints (the pod's limit); the shared
// 4-digit prefix is the ambiguity error; an unknown ID the not-found error; `uptime -p
// --container-id` the group's age.
func TestContainerIDV2VM(t *testing.T) {
	requireE2E(t)
	id := "5eed" + randHex(30)
	sibling := "5eed" + randHex(30)
	pod := "kubepods-burstable-pod0f1e2d3c_aaaa_bbbb_cccc_0123456789ab.slice"
	script := fmt.Sprintf(`#!/bin/sh
O=$V2VM_OUT
r() { local name=$1; shift; "$@" >"$O/$name.stdout" 2>"$O/$name.stderr"; echo $? >"$O/$name.rc"; }
mkdir "$V2VM_CGROUP/../cri-containerd-%[2]s.scope" "$V2VM_CGROUP/../cri-containerd-%[2]s.scope/container"
r own cgprocps free -b
r prefix cgprocps free -b --container-id %[3]s
r full cgprocps free -b --container-id %[1]s
r ambiguous cgprocps free --container-id 5eed
r missing cgprocps free --container-id ffffffffffff
r uptime cgprocps uptime -p --container-id %[3]s
rmdir "$V2VM_CGROUP/../cri-containerd-%[2]s.scope/container" "$V2VM_CGROUP/../cri-containerd-%[2]s.scope"
echo e2e-script-done
`, id, sibling, id[:12])
	v2vm, sh, vmBin, out := v2vmRig(t, "e2e-id.sh", script)
	r := run(170*time.Second, v2vm,
		"--timeout", "150",
		"--group", pod+"/cri-containerd-"+id+".scope",
		"--parent-set", "memory.max=384M",
		"--parent-set", "cpu.max=50000 100000",
		"--memory-max", "max",
		"--cpu-max", "max",
		"--out", out,
		sh, vmBin)
	t.Logf("v2vm ran in %v", r.dur.Round(time.Millisecond))
	if r.err != nil || !strings.Contains(r.stdout, "e2e-script-done") {
		t.Fatalf("rig: v2vm run failed:\n%s", r)
	}
	own := outResult(out, "own", "cgprocps free -b")
	wantMem, wantSwap, err := freeTotals(own.stdout)
	if own.err != nil || err != nil || wantMem != 402653184 {
		t.Fatalf("the group's own free -b: Mem total %d (%v), want 402653184 (the pod's 384M)\n%s", wantMem, err, own)
	}
	for _, name := range []string{"prefix", "full"} {
		res := outResult(out, name, "cgprocps free -b --container-id ...")
		mem, swap, err := freeTotals(res.stdout)
		if res.err != nil || err != nil || mem != wantMem || swap != wantSwap {
			t.Errorf("%s: totals %d/%d (%v), want %d/%d as the group's own free -b\n%s", name, mem, swap, err, wantMem, wantSwap, res)
		}
	}
	amb := outResult(out, "ambiguous", "cgprocps free --container-id 5eed")
	short := []string{id[:12], sibling[:12]}
	if short[1] < short[0] {
		short[0], short[1] = short[1], short[0]
	}
	if want := "free: container 5eed: ambiguous ID prefix, matches " + short[0] + ", " + short[1] + "\n"; amb.stderr != want || amb.err == nil {
		t.Errorf("ambiguous prefix: want %q and status 1\n%s", want, amb)
	}
	if miss := outResult(out, "missing", "cgprocps free --container-id ffffffffffff"); miss.stderr != "free: container ffffffffffff: no such container\n" || miss.err == nil {
		t.Errorf("unknown ID:\n%s", miss)
	}
	if up := outResult(out, "uptime", "cgprocps uptime -p --container-id"); up.err != nil || up.stdout != "up 0 minutes\n" && up.stdout != "up 1 minute\n" {
		t.Errorf("uptime -p --container-id: want the group's age\n%s", up)
	}
}
