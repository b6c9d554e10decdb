package e2e

// TestV2VMPod proves, on a real cgroup v2 kernel (a throwaway VM booted by
// test/v2vm/v2vm, one boot for everything), what a container of a Kubernetes pod gets from
// the static binary when the limits sit on the pod's group and the container's own group is
// unlimited (group pod/ctr: pod has memory.max 512M, memory.swap.max 256M, cpu.max
// "150000 100000"; ctr has max everywhere; the VM has 512M of zram swap):
//
//   - `cgprocps free -b` shows the pod's limit as the Mem total (536870912: the minimum over
//     the ancestors, not the container's `max`) and the pod's swap limit as the Swap total
//     (268435456 = min(256M, the VM's 512M of swap));
//   - `cgprocps uptime -p` shows the group's age (`up 0 minutes`, or `up 1 minute` on a slow
//     emulated boot), not the VM's;
//   - `cgprocps procfs` renders a complete view with `sys/devices/system/cpu/online` = `0-1`
//     (1.5 CPUs from the pod's cpu.max shown as 2) and MemTotal 524288 kB;
//   - the real procps `free -b`, run on the host over the view copied back from the VM
//     (test/oracle/procref), prints the pod's totals, the same totals as the in-VM run,
//     and the same text as a `free -b` run between two renderings (procfs, free -b, procfs; two
//     such rounds, so the retry needs no second boot): byte for byte when memory held still,
//     else same layout and totals with the moving columns within moveTolerance (check_test.go).

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const (
	v2PodMem  = 536870912 // 512M on the pod's group
	v2PodSwap = 268435456 // 256M memory.swap.max on the pod's group
	v2VMSwap  = "512M"    // zram swap of the VM
)

// v2Script runs in the VM inside pod/ctr; every command's stdout, stderr and status go to
// files under $V2VM_OUT (the console mixes streams and strips CRs).
const v2Script = `#!/bin/sh
O=$V2VM_OUT
r() { local name=$1; shift; "$@" >"$O/$name.stdout" 2>"$O/$name.stderr"; echo $? >"$O/$name.rc"; }
r uptime cgprocps uptime -p
r free cgprocps free -b
for n in 1 2; do
  r procfs$n-a cgprocps procfs "$O/view$n-a"
  r free$n cgprocps free -b
  r procfs$n-b cgprocps procfs "$O/view$n-b"
done
r list cgprocps --list
{
  echo "cgroup: $(cat /proc/self/cgroup)"
  for f in memory.max memory.swap.max cpu.max; do
    echo "$f: pod=$(cat "$V2VM_CGROUP/../$f") ctr=$(cat "$V2VM_CGROUP/$f")"
  done
  grep -E '^(MemTotal|SwapTotal):' /proc/meminfo
  echo "vm uptime: $(cat /proc/uptime)"
} >"$O/diag.txt" 2>&1
echo e2e-script-done
`

// outResult reads the result of `r NAME CMD...` of v2Script.
func outResult(out, name, cmd string) result {
	so, _ := os.ReadFile(filepath.Join(out, name+".stdout"))
	se, _ := os.ReadFile(filepath.Join(out, name+".stderr"))
	rc, err := os.ReadFile(filepath.Join(out, name+".rc"))
	r := result{cmd: "(in the VM) " + cmd, stdout: string(so), stderr: string(se)}
	switch {
	case err != nil:
		r.err = fmt.Errorf("no status: %v", err)
	case strings.TrimSpace(string(rc)) != "0":
		r.err = fmt.Errorf("exit status %s", strings.TrimSpace(string(rc)))
	}
	return r
}

func TestV2VMPod(t *testing.T) {
	requireE2E(t)
	v2vm, script, vmBin, out := v2vmRig(t, "e2e.sh", v2Script)
	start := time.Now()
	defer func() { t.Logf("TestV2VMPod took %v", time.Since(start).Round(time.Millisecond)) }()

	r := run(170*time.Second, v2vm,
		"--timeout", "150",
		"--swap", v2VMSwap,
		"--group", "pod/ctr",
		"--parent-set", "memory.max=512M",
		"--parent-set", "memory.swap.max=256M",
		"--parent-set", "cpu.max=150000 100000",
		"--memory-max", "max",
		"--cpu-max", "max",
		"--out", out,
		script, vmBin)
	t.Logf("v2vm ran in %v; its summary:\n%s", r.dur.Round(time.Millisecond), r.stderr)
	if r.err != nil || !strings.Contains(r.stdout, "e2e-script-done") {
		t.Fatalf("rig: v2vm run failed:\n%s", r)
	}
	if diag, err := os.ReadFile(filepath.Join(out, "diag.txt")); err == nil {
		t.Logf("in the VM:\n%s", diag)
	}
	if l := outResult(out, "list", "cgprocps --list"); l.err != nil || !strings.Contains(l.stdout, "free\n") {
		t.Fatalf("rig: the binary does not run in the VM:\n%s", l)
	}

	upt := outResult(out, "uptime", "cgprocps uptime -p")
	free1 := outResult(out, "free", "cgprocps free -b")
	var rounds []*freeRound
	for n := 1; n <= 2; n++ {
		rounds = append(rounds, &freeRound{
			n:       n,
			viewA:   filepath.Join(out, fmt.Sprintf("view%d-a", n)),
			viewB:   filepath.Join(out, fmt.Sprintf("view%d-b", n)),
			procfsA: outResult(out, fmt.Sprintf("procfs%d-a", n), fmt.Sprintf("cgprocps procfs $V2VM_OUT/view%d-a", n)),
			free:    outResult(out, fmt.Sprintf("free%d", n), "cgprocps free -b"),
			procfsB: outResult(out, fmt.Sprintf("procfs%d-b", n), fmt.Sprintf("cgprocps procfs $V2VM_OUT/view%d-b", n)),
		})
	}

	t.Run("free", func(t *testing.T) {
		checkFreeTotals(t, free1, v2PodMem, v2PodSwap, "the pod's memory.swap.max (VM swap "+v2VMSwap+")")
	})

	t.Run("uptime", func(t *testing.T) {
		if upt.err != nil {
			t.Fatalf("cgprocps uptime -p failed in the VM:\n%s", upt)
		}
		if upt.stdout != "up 0 minutes\n" && upt.stdout != "up 1 minute\n" {
			t.Errorf("cgprocps uptime -p = %q, want \"up 0 minutes\\n\" (or \"up 1 minute\\n\"): the group is seconds old", upt.stdout)
		}
	})

	t.Run("procfs", func(t *testing.T) {
		checkRenderedView(t, rounds[0].procfsA, rounds[0].viewA, v2PodMem)
	})

	t.Run("oracle", func(t *testing.T) {
		procref, why := findProcref(t)
		if procref == "" {
			t.Skip("e2e: " + why)
		}
		for _, r := range rounds {
			r.compare(procref)
		}
		checkOracle(t, free1, rounds, v2PodMem, v2PodSwap)
	})
}
