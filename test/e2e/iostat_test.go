package e2e

// TestRuncIostatV1 proves, in a real OCI container on this cgroup v1 host, that `cgprocps
// iostat` shows the container's own disk traffic and nothing else:
//
//   - the container has a never-binding blkio throttle rule (100 GiB/s read and write) on the
//     disk under its rootfs: on blk-mq kernels the v1 blkio.throttle.* counters count only
//     then (docs/iostat.md);
//   - 64 MiB written with `dd oflag=direct conv=fsync` (a static busybox in the rootfs) grow
//     iostat's kB_wrtn by 64 MiB within 5 %, and 64 MiB read back with `iflag=direct` grow
//     kB_read by 64 MiB within 5 %;
//   - 64 MiB written and read with O_DIRECT by a process outside the container, on the same
//     disk, do not show: kB_read and kB_wrtn move by less than 5 % of that;
//   - the real sysstat iostat over the view rendered in the container (procref) prints the
//     same kB_read and kB_wrtn.

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

const ioMiB = 64

// diskOf returns the whole disk (MAJ:MIN and name) holding the filesystem of path.
func diskOf(t *testing.T, path string) (maj, min uint32, name string) {
	t.Helper()
	var st syscall.Stat_t
	if err := syscall.Stat(path, &st); err != nil {
		t.Fatal(err)
	}
	maj, min = uint32((st.Dev>>8)&0xfff), uint32((st.Dev&0xff)|((st.Dev>>12)&0xfff00))
	dir := fmt.Sprintf("/sys/dev/block/%d:%d", maj, min)
	if _, err := os.Stat(filepath.Join(dir, "partition")); err == nil {
		dir = filepath.Join(dir, "..")
		b, err := os.ReadFile(filepath.Join(dir, "dev"))
		if err != nil {
			t.Skipf("e2e: cannot find the disk of %s: %v", path, err)
		}
		fmt.Sscanf(strings.TrimSpace(string(b)), "%d:%d", &maj, &min)
	}
	b, err := os.ReadFile(filepath.Join(dir, "uevent"))
	if err != nil {
		t.Skipf("e2e: the filesystem of %s is not on a block device (%d:%d)", path, maj, min)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "DEVNAME="); ok {
			name = v
		}
	}
	if name == "" {
		t.Skipf("e2e: no DEVNAME for %d:%d", maj, min)
	}
	return maj, min, name
}

// kbReadWritten parses `iostat -d -k DEV`'s row of dev: kB_read and kB_wrtn.
func kbReadWritten(t *testing.T, r result, dev string) (rd, wr uint64, ok bool) {
	t.Helper()
	if r.err != nil {
		t.Errorf("iostat failed:\n%s", r)
		return 0, 0, false
	}
	for _, l := range strings.Split(r.stdout, "\n") {
		f := strings.Fields(l)
		if len(f) == 8 && f[0] == dev {
			rd, err1 := strconv.ParseUint(f[5], 10, 64)
			wr, err2 := strconv.ParseUint(f[6], 10, 64)
			if err1 == nil && err2 == nil {
				return rd, wr, true
			}
		}
	}
	t.Errorf("no %s row in:\n%s", dev, r)
	return 0, 0, false
}

func within5(got, want uint64) bool {
	d := float64(got) - float64(want)
	return d >= -0.05*float64(want) && d <= 0.05*float64(want)
}

func TestRuncIostatV1(t *testing.T) {
	requireE2E(t)
	runc := lookRunc(t)
	if _, err := os.Stat("/sys/fs/cgroup/blkio/blkio.throttle.io_service_bytes"); err != nil {
		t.Skip("e2e: no cgroup v1 blkio hierarchy")
	}
	busybox := "/usr/bin/busybox"
	if err := checkStatic(busybox); err != nil {
		t.Skipf("e2e: a static busybox is needed for dd in the container: %v", err)
	}
	bin := binary(t)
	sweepStale(t, runc)

	id := containerName()
	dir := t.TempDir()
	bdl := newBundle(t, dir, map[string]string{bin: "cgprocps", busybox: "busybox"})
	maj, min, dev := diskOf(t, bdl.rootfs)
	t.Logf("rootfs on %s (%d:%d)", dev, maj, min)

	// The spec of the v1 test, plus the never-binding throttle rule (OCI linux.resources.blockIO).
	bdl.writeConfig(t, "/"+id, []string{"/cgprocps", "uptime", "-p"}, func(m map[string]any) {
		rule := []map[string]any{{"major": maj, "minor": min, "rate": uint64(100) << 30}}
		m["linux"].(map[string]any)["resources"].(map[string]any)["blockIO"] = map[string]any{
			"throttleReadBpsDevice": rule, "throttleWriteBpsDevice": rule,
		}
	})
	initLog, err := os.Create(filepath.Join(dir, "init.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer initLog.Close()
	bdl.start(t, runc, id, false, initLog, initLog)
	inCtr := func(args ...string) result {
		return run(120*time.Second, runc, append([]string{"exec", id}, args...)...)
	}
	iostat := func() result { return inCtr("/cgprocps", "iostat", "-d", "-k", dev) }
	size := fmt.Sprint(ioMiB)
	const want = ioMiB * 1024

	rd0, wr0, ok0 := kbReadWritten(t, iostat(), dev)
	if r := inCtr("/busybox", "dd", "if=/dev/zero", "of=/tmp/io.dat", "bs=1M", "count="+size, "oflag=direct", "conv=fsync"); r.err != nil {
		t.Fatalf("dd write in the container:\n%s", r)
	}
	rd1, wr1, ok1 := kbReadWritten(t, iostat(), dev)
	if r := inCtr("/busybox", "dd", "if=/tmp/io.dat", "of=/dev/null", "bs=1M", "iflag=direct"); r.err != nil {
		t.Fatalf("dd read in the container:\n%s", r)
	}
	rd2, wr2, ok2 := kbReadWritten(t, iostat(), dev)

	// Traffic from outside the container, on the same disk.
	outside := filepath.Join(dir, "outside.dat")
	if r := run(120*time.Second, busybox, "dd", "if=/dev/zero", "of="+outside, "bs=1M", "count="+size, "oflag=direct", "conv=fsync"); r.err != nil {
		t.Fatalf("dd write outside:\n%s", r)
	}
	if r := run(120*time.Second, busybox, "dd", "if="+outside, "of=/dev/null", "bs=1M", "iflag=direct"); r.err != nil {
		t.Fatalf("dd read outside:\n%s", r)
	}
	rd3, wr3, ok3 := kbReadWritten(t, iostat(), dev)
	if !(ok0 && ok1 && ok2 && ok3) {
		return
	}
	t.Logf("kB_read %d %d %d %d, kB_wrtn %d %d %d %d", rd0, rd1, rd2, rd3, wr0, wr1, wr2, wr3)
	if !within5(wr1-wr0, want) {
		t.Errorf("64 MiB written in the container: kB_wrtn grew by %d, want %d within 5 %%", wr1-wr0, want)
	}
	if !within5(rd2-rd1, want) {
		t.Errorf("64 MiB read in the container: kB_read grew by %d, want %d within 5 %%", rd2-rd1, want)
	}
	if wr3-wr2 > want/20 || rd3-rd2 > want/20 {
		t.Errorf("64 MiB written and read outside the container show in it: kB_read +%d, kB_wrtn +%d", rd3-rd2, wr3-wr2)
	}

	// sar -d: 64 MiB written during one 4 s interval show as wkB/s × the interval.
	{
		script := fmt.Sprintf("/cgprocps sar -d -p 4 1 >/tmp/sar.out 2>&1 & sleep 1; "+
			"/busybox dd if=/dev/zero of=/tmp/sar.dat bs=1M count=%s oflag=direct conv=fsync 2>/dev/null; wait; cat /tmp/sar.out", size)
		r := inCtr("/busybox", "sh", "-c", script)
		var wkb float64
		found := false
		for _, l := range strings.Split(r.stdout, "\n") {
			f := strings.Fields(l)
			if len(f) == 10 && f[0] == "Average:" && f[9] == dev {
				if _, err := fmt.Sscan(f[3], &wkb); err == nil {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("sar -d -p 4 1 in the container: no Average: row for %s\n%s", dev, r)
		} else if got := uint64(wkb * 4); !within5(got, want) {
			t.Errorf("64 MiB written during sar's 4 s interval: wkB/s %.2f × 4 = %d kB, want %d within 5 %%\n%s", wkb, got, want, r.stdout)
		} else {
			t.Logf("sar -d: wkB/s %.2f over 4 s = %d kB", wkb, got)
		}
	}

	// The real iostat over the view rendered in the container: the same totals.
	procref, why := findProcref(t)
	if procref == "" {
		t.Skip("e2e: " + why)
	}
	// Each command run in the container may read a few pages of its binary from the disk
	// (charged to the container): the rendered totals lie between ours just before and just
	// after the rendering.
	before := inCtr("/cgprocps", "iostat", "-d", "-k", dev)
	if r := inCtr("/cgprocps", "procfs", "/out/view"); r.err != nil {
		t.Fatalf("procfs in the container:\n%s", r)
	}
	after := inCtr("/cgprocps", "iostat", "-d", "-k", dev)
	ref := run(60*time.Second, procref, filepath.Join(bdl.out, "view"), "iostat", "-d", "-k", dev)
	brd, bwr, _ := kbReadWritten(t, before, dev)
	ard, awr, _ := kbReadWritten(t, after, dev)
	rrd, rwr, _ := kbReadWritten(t, ref, dev)
	if rrd < brd || rrd > ard || rwr < bwr || rwr > awr {
		t.Errorf("sysstat over the rendered view: kB_read %d, kB_wrtn %d; ours before/after %d-%d, %d-%d\n%s\n%s\n%s", rrd, rwr, brd, ard, bwr, awr, ref, before, after)
	}
}

// v2IostatScript runs in the VM inside the limited group: iostat of the data disk before and
// after 64 MiB written and read there with O_DIRECT, then after the same from a process moved
// to the root cgroup, then a procfs rendering for the real iostat on the host.
const v2IostatScript = `#!/bin/sh
O=$V2VM_OUT
D=${V2VM_DISK:-/mnt/disk}
r() { local name=$1; shift; "$@" >"$O/$name.stdout" 2>"$O/$name.stderr"; echo $? >"$O/$name.rc"; }
dev=$(awk -v d="$D" '$2==d {print $1}' /proc/mounts)
dev=${dev#/dev/}
echo "$dev" >"$O/dev"
r io0 cgprocps iostat -d -k "$dev"
r ddw busybox dd if=/dev/zero of="$D/in.dat" bs=1M count=64 oflag=direct conv=fsync
r io1 cgprocps iostat -d -k "$dev"
r ddr busybox dd if="$D/in.dat" of=/dev/null bs=1M iflag=direct
r io2 cgprocps iostat -d -k "$dev"
r outside sh -c 'echo $$ >/sys/fs/cgroup/cgroup.procs && busybox dd if=/dev/zero of="$1/out.dat" bs=1M count=64 oflag=direct conv=fsync && busybox dd if="$1/out.dat" of=/dev/null bs=1M iflag=direct' sh "$D"
r io3 cgprocps iostat -d -k "$dev"
r procfs cgprocps procfs "$O/view"
r io4 cgprocps iostat -d -k "$dev"
cgprocps sar -d -p 10 1 >"$O/sar.stdout" 2>"$O/sar.stderr" & S=$!
sleep 1
busybox dd if=/dev/zero of="$D/sar.dat" bs=1M count=64 oflag=direct conv=fsync 2>/dev/null
wait $S
cat /proc/self/cgroup >"$O/cgroup"
echo e2e-script-done
`

func TestV2VMIostat(t *testing.T) {
	requireE2E(t)
	v2vm, script, vmBin, out := v2vmRig(t, "iostat.sh", v2IostatScript)
	r := run(200*time.Second, v2vm, "--timeout", "180", "--memory-max", "512M", "--out", out, script, vmBin)
	t.Logf("v2vm ran in %v", r.dur.Round(time.Millisecond))
	if r.err != nil || !strings.Contains(r.stdout, "e2e-script-done") {
		t.Fatalf("rig: v2vm run failed:\n%s\n%s", r, r.stderr)
	}
	devb, _ := os.ReadFile(filepath.Join(out, "dev"))
	dev := strings.TrimSpace(string(devb))
	if dev == "" {
		t.Fatal("rig: no data disk in the VM")
	}
	for _, n := range []string{"ddw", "ddr", "outside"} {
		if res := outResult(out, n, n); res.err != nil {
			t.Fatalf("dd in the VM:\n%s", res)
		}
	}
	var rd, wr [5]uint64
	for i := range rd {
		var ok bool
		if rd[i], wr[i], ok = kbReadWritten(t, outResult(out, fmt.Sprintf("io%d", i), "cgprocps iostat -d -k "+dev), dev); !ok {
			return
		}
	}
	t.Logf("%s: kB_read %v, kB_wrtn %v", dev, rd, wr)
	const want = ioMiB * 1024
	if !within5(wr[1]-wr[0], want) {
		t.Errorf("64 MiB written in the group: kB_wrtn grew by %d, want %d within 5 %%", wr[1]-wr[0], want)
	}
	if !within5(rd[2]-rd[1], want) {
		t.Errorf("64 MiB read in the group: kB_read grew by %d, want %d within 5 %%", rd[2]-rd[1], want)
	}
	if wr[3]-wr[2] > want/20 || rd[3]-rd[2] > want/20 {
		t.Errorf("64 MiB written and read outside the group show in it: kB_read +%d, kB_wrtn +%d", rd[3]-rd[2], wr[3]-wr[2])
	}
	// sar -d: 64 MiB written during one 10 s interval show as wkB/s × the interval.
	sarOut, _ := os.ReadFile(filepath.Join(out, "sar.stdout"))
	var wkb float64
	found := false
	for _, l := range strings.Split(string(sarOut), "\n") {
		if f := strings.Fields(l); len(f) == 10 && f[0] == "Average:" && f[9] == dev {
			_, err := fmt.Sscan(f[3], &wkb)
			found = err == nil
		}
	}
	if got := uint64(wkb * 10); !found || !within5(got, want) {
		t.Errorf("64 MiB written during sar -d's 10 s interval in the group: wkB/s %.2f × 10 = %d kB, want %d within 5 %%\n%s", wkb, got, want, sarOut)
	}
	// The real iostat over the rendered view prints the same totals, where this machine has a
	// device of that name to bind the rendered stat file over.
	procref, why := findProcref(t)
	if procref == "" {
		t.Skip("e2e: " + why)
	}
	if _, err := os.Stat("/sys/block/" + dev); err != nil {
		t.Skipf("e2e: this machine has no %s for the oracle to bind the rendered file over", dev)
	}
	ref := run(60*time.Second, procref, filepath.Join(out, "view"), "iostat", "-d", "-k", dev)
	rrd, rwr, ok := kbReadWritten(t, ref, dev)
	if ok && (rrd < rd[3] || rrd > rd[4] || rwr < wr[3] || rwr > wr[4]) {
		t.Errorf("sysstat over the rendered view: kB_read %d, kB_wrtn %d; ours before/after %d-%d, %d-%d", rrd, rwr, rd[3], rd[4], wr[3], wr[4])
	}
}
