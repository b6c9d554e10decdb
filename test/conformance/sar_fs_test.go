package conformance

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// sar -F against the real sar. Filesystem counters move on a live machine, so both sars run
// chrooted on a tmpfs in a private mount namespace: the mount table they see (mounts
// outside the root are not listed in /proc/self/mounts) holds only tmpfs mounts the test
// makes, which nothing writes during the runs, so every number is frozen.

// sarFSRoot makes $R: both sars (the real one with sadc and its libraries), /proc, /sys,
// /dev, /etc/mtab, and the measured mounts under /mnt.
const sarFSRoot = `
set -e
mount -t tmpfs -o size=64m chroot "$R"
mkdir -p "$R/ours" "$R/ref" "$R/usr/lib/sysstat" "$R/proc" "$R/sys" "$R/dev" "$R/etc" "$R/mnt" "$R/out"
cp /usr/bin/sar "$R/ref/sar"
cp /usr/lib/sysstat/sadc "$R/usr/lib/sysstat/sadc"
cp "$OURS" "$R/ours/sar"
for l in $(ldd /usr/bin/sar /usr/lib/sysstat/sadc | grep -o '/[^ :]*' | grep -v '^/usr/bin/sar$\|^/usr/lib/sysstat/sadc$'); do cp --parents -L "$l" "$R/"; done
[ -e /lib64/ld-linux-x86-64.so.2 ] && { mkdir -p "$R/lib64"; cp -L /lib64/ld-linux-x86-64.so.2 "$R/lib64/"; }
ln -s /proc/self/mounts "$R/etc/mtab"
mount -t proc proc "$R/proc"
mount --rbind /sys "$R/sys"
mount --bind /dev "$R/dev"
M="$R/mnt"
mkdir -p "$M/a" "$M/b" "$M/dup" "$M/sp ace" "$M/p" "$M/empty" "$M/nolead"
mount -t tmpfs -o size=3m,nr_inodes=100 /dev/fakeA "$M/a"
dd if=/dev/zero of="$M/a/blob" bs=1k count=1500 status=none
touch "$M/a/f1" "$M/a/f2" "$M/a/f3"
mount -t tmpfs -o size=700m,nr_inodes=123457 /dev/fakeB "$M/b"
dd if=/dev/zero of="$M/b/blob" bs=1M count=37 status=none
mount -t tmpfs -o size=1m /dev/fakeA "$M/dup"
mount -t tmpfs -o size=2m "/src with space" "$M/sp ace"
mount -t proc /proc-like "$M/p"
mount -t tmpfs -o size=5g /dev/empty "$M/empty"
mount -t tmpfs -o size=1m nolead "$M/nolead"
long="$M/$(printf 'l%.0s' $(seq 1 140))"
mkdir -p "$long"
mount -t tmpfs -o size=4m "/dev/$(printf 'd%.0s' $(seq 1 135))" "$long"
`

// sarFSCompare runs every case of $CASES (a line of arguments) with both sars chrooted in
// $R, writing $OUT/N.ours and $OUT/N.ref: stdout, the exit status, the first stderr line.
// A case starting with "@" records with -o first (both: "1 2") and reads the file back.
const sarFSCompare = `
set +e
n=0
while IFS= read -r line; do
  for side in ours ref; do
    if [ "${line#@}" != "$line" ]; then
      rm -f "$R/out/$side"
      env -i PATH=/$side LC_ALL=C S_COLORS=never "$CHROOT" "$R" sar -o /out/$side 1 2 >/dev/null 2>&1
      eval "set -- ${line#@}"
      env -i PATH=/$side LC_ALL=C S_COLORS=never "$CHROOT" "$R" sar -f /out/$side "$@" >"$OUT/$n.$side" 2>"$OUT/$n.$side.err"
    else
      eval "set -- $line"
      env -i PATH=/$side LC_ALL=C S_COLORS=never "$CHROOT" "$R" sar "$@" >"$OUT/$n.$side" 2>"$OUT/$n.$side.err"
    fi
    echo "exit $?" >>"$OUT/$n.$side"
    head -n1 "$OUT/$n.$side.err" >>"$OUT/$n.$side"
  done
  n=$((n+1))
done <"$CASES"
`

func needSarNamespace(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root for a private mount namespace and chroot")
	}
	for _, p := range []string{"unshare", "bash", "chroot", "ldd"} {
		if _, err := exec.LookPath(p); err != nil {
			t.Skipf("%s not found", p)
		}
	}
	if _, err := os.Stat("/usr/lib/sysstat/sadc"); err != nil {
		t.Skip("needs sysstat's sar and sadc")
	}
	if out, err := exec.Command("/usr/bin/sar", "-V").CombinedOutput(); err != nil || !strings.Contains(string(out), "12.6.1") {
		t.Skip("needs sysstat 12.6.1's sar")
	}
}

// sarFSRun runs the cases in the chroot and returns ours and the reference per case.
func sarFSRun(t *testing.T, cases []string) (ours, ref []string) {
	t.Helper()
	return sarChrootRun(t, "", cases)
}

// sarChrootRun is sarFSRun with extra set-up code (run after sarFSRoot, $R and $M set).
func sarChrootRun(t *testing.T, extra string, cases []string) (ours, ref []string) {
	t.Helper()
	needSarNamespace(t)
	out := t.TempDir()
	casesFile := filepath.Join(out, "cases")
	if err := os.WriteFile(casesFile, []byte(strings.Join(cases, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base := t.TempDir()
	r := filepath.Join(base, "root")
	if err := os.Mkdir(r, 0o755); err != nil {
		t.Fatal(err)
	}
	chroot, _ := exec.LookPath("chroot")
	code := "trap 'umount -R -l \"$R\" 2>/dev/null' EXIT\n" + sarFSRoot + extra + sarFSCompare
	cmd := exec.Command("unshare", "-m", "--propagation", "private", "bash", "-c", code)
	cmd.Env = append(os.Environ(), "R="+r, "OURS="+filepath.Join(bin(t), "sar"), "OUT="+out, "CASES="+casesFile,
		"CHROOT="+chroot)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("namespace script: %v\n%s", err, b)
	}
	for i := range cases {
		a, err1 := os.ReadFile(filepath.Join(out, strconv.Itoa(i)+".ours"))
		b, err2 := os.ReadFile(filepath.Join(out, strconv.Itoa(i)+".ref"))
		if err1 != nil || err2 != nil {
			t.Fatalf("case %d %q: results missing: %v %v", i, cases[i], err1, err2)
		}
		ours = append(ours, maskSarTimes(string(a)))
		ref = append(ref, maskSarTimes(string(b)))
	}
	return ours, ref
}

// TestSarFSFrozen: -F in every form, live (since boot and "1 2") and read back from each
// sar's own recording, byte for byte.
func TestSarFSFrozen(t *testing.T) {
	var cases []string
	for _, opts := range []string{"-F", "-F MOUNT", "-h -F", "-h -F MOUNT", "--dec=0 -F", "--dec=1 -F MOUNT",
		"--human -F", "-p -F", "-z -F", "-z -F MOUNT", "--fs=/dev/fakeA,/dev/empty -F", "-F MOUNT --fs=/mnt/b,/mnt/sp\\ ace",
		"--fs=nothing -F", "-F -F MOUNT", "-F MOUNT -F", "-FMOUNT", "-Fz"} {
		for _, tail := range []string{"0", "1 2"} {
			cases = append(cases, opts+" "+tail)
		}
	}
	for _, opts := range []string{"-F", "-F MOUNT", "-h -F", "--dec=2 -F MOUNT", "-z -F", "--fs=/dev/fakeB -F", "-F -F MOUNT"} {
		cases = append(cases, "@"+opts)
	}
	ours, ref := sarFSRun(t, cases)
	n := 0
	for i := range cases {
		if ours[i] != ref[i] {
			t.Errorf("sar %s differs\n--- ours\n%s--- sysstat\n%s", cases[i], ours[i], ref[i])
			continue
		}
		if !strings.Contains(ours[i], "exit 0") && cases[i] != "--fs=nothing -F 0" {
			t.Logf("sar %s: %s", cases[i], ours[i])
		}
		n++
	}
	if !strings.Contains(ours[1], "/dev/fakeB") || !strings.Contains(ours[1], "Summary:") {
		t.Errorf("-F 1 2 shows no filesystem or no Summary:\n%s", ours[1])
	}
	t.Logf("%d -F runs byte-identical", n)
}

// TestSarFSInA: the filesystem and TTY blocks of -A (their rows, and their places: TTY
// between -q and -d, filesystems after -n SOFT).
func TestSarFSInA(t *testing.T) {
	cases := []string{"-A 0", "-A 1 1", "-A -F MOUNT 1 1", "-F MOUNT -A 1 1"}
	ours, ref := sarFSRun(t, cases)
	pick := func(s string) (fs []string, order []string) {
		for _, b := range sarBlocks(s) {
			first := strings.SplitN(b, "\n", 2)[0]
			switch {
			case strings.Contains(first, "MBfsfree"):
				fs = append(fs, b)
				order = append(order, "FS")
			case strings.Contains(first, "rcvin/s"):
				fs = append(fs, b)
				order = append(order, "TTY")
			case strings.Contains(first, "ldavg-1"), strings.Contains(first, "areq-sz"):
				order = append(order, strings.Fields(first)[1])
			case strings.Contains(first, "total/s"), strings.Contains(first, "idgm6/s"):
				order = append(order, strings.Fields(first)[1])
			}
		}
		return
	}
	for i, c := range cases {
		of, oo := pick(ours[i])
		rf, ro := pick(ref[i])
		if len(of) == 0 {
			t.Errorf("sar %s: no filesystem block:\n%s", c, ours[i])
		}
		// The real -A has reports ours has not (TTY, NFS, power, PSI) after the filesystems:
		// compare the filesystem blocks (the last one of ours ends the output).
		for k := range rf {
			rf[k] = strings.SplitN(rf[k], "\n\n", 2)[0]
		}
		for k := range of {
			of[k] = strings.TrimSuffix(strings.SplitN(of[k], "\nexit ", 2)[0], "\n")
			rf[k] = strings.TrimSuffix(strings.SplitN(rf[k], "\nexit ", 2)[0], "\n")
		}
		if strings.Join(of, "\n\n") != strings.Join(rf, "\n\n") || strings.Join(oo, " ") != strings.Join(ro, " ") {
			t.Errorf("sar %s: filesystem blocks differ\n--- ours (%v)\n%s\n--- sysstat (%v)\n%s", c, oo,
				strings.Join(of, "\n\n"), ro, strings.Join(rf, "\n\n"))
		}
	}
}

// sarTTYFile is a /proc/tty/driver/serial with the kernel's line forms: a line with all
// counters, one with tx and rx only, an unknown UART (no counters: not a line for sysstat).
// The counters are small so that the since-boot rates do not change between the two runs.
const sarTTYFile = `serinfo:1.0 driver revision:
0: uart:16550A port:000003F8 irq:4 tx:218 rx:3 RTS|CTS|DTR|DSR|CD
1: uart:16550A port:000002F8 irq:3 tx:50 rx:30 fe:2 pe:1 brk:7 oe:3 RTS|DTR
2: uart:unknown port:000003E8 irq:4
3: uart:16550A port:000002E8 irq:3 tx:0 rx:0 CTS
`

// TestSarTTYFrozen: -y over a synthetic serial file bound over /proc/tty/driver/serial in
// the chroot of TestSarFSFrozen, byte for byte (rates since boot, then frozen: 0.00).
func TestSarTTYFrozen(t *testing.T) {
	extra := "printf '%s' \"$TTYFILE\" > \"$R/serial\"\nmount --bind \"$R/serial\" \"$R/proc/tty/driver/serial\"\n"
	t.Setenv("TTYFILE", sarTTYFile)
	var cases []string
	for _, opts := range []string{"-y", "-z -y", "--dec=1 -y", "-h -y", "-y -F MOUNT", "-y -p"} {
		for _, tail := range []string{"0", "1 2"} {
			cases = append(cases, opts+" "+tail)
		}
	}
	cases = append(cases, "@-y", "@-z -y", "@-y -F")
	ours, ref := sarChrootRun(t, extra, cases)
	n := 0
	for i := range cases {
		if ours[i] != ref[i] {
			t.Errorf("sar %s differs\n--- ours\n%s--- sysstat\n%s", cases[i], ours[i], ref[i])
			continue
		}
		n++
	}
	if !strings.Contains(ours[0], "TTY") || !strings.Contains(ours[0], "      1 ") {
		t.Errorf("-y 0 shows no serial line:\n%s", ours[0])
	}
	t.Logf("%d -y runs byte-identical", n)
}

// TestSarFSHostLayout: -F and -y on this machine beside the real sar (its mount table and
// serial lines), digits masked: the busy root disk moves between the two runs.
func TestSarFSHostLayout(t *testing.T) {
	if out, err := exec.Command("/usr/bin/sar", "-V").CombinedOutput(); err != nil || !strings.Contains(string(out), "12.6.1") {
		t.Skip("needs sysstat 12.6.1's sar")
	}
	sar := filepath.Join(bin(t), "sar")
	digits := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return '9'
			}
			return r
		}, s)
	}
	for _, args := range [][]string{{"-F", "0"}, {"-F", "MOUNT", "0"}, {"-h", "-F", "0"}, {"-y", "0"}} {
		ours := run(t, []string{"S_COLORS=never"}, sar, append([]string{"--host"}, args...)...)
		ref := run(t, []string{"S_COLORS=never"}, "/usr/bin/sar", args...)
		if ours.code != ref.code || digits(ours.stdout) != digits(ref.stdout) {
			t.Errorf("sar %q: layout differs\n--- ours (%d)\n%s--- sysstat (%d)\n%s", args, ours.code, ours.stdout, ref.code, ref.stdout)
		}
	}
}

// TestSarFSOtherNamespace: --pid and --cgroup show another process's mount table measured
// through its root: ours from outside vs the real sar run inside that namespace (nsenter),
// both on the namespace's own tmpfs mounts (--fs= keeps the machine's busy disk out).
func TestSarFSOtherNamespace(t *testing.T) {
	needSarNamespace(t)
	if _, err := exec.LookPath("nsenter"); err != nil {
		t.Skip("needs nsenter")
	}
	dir := t.TempDir()
	ready := filepath.Join(dir, "ready")
	script := `mkdir -p /mnt/ns-a "/mnt/ns b" && mount -t tmpfs -o size=3m,nr_inodes=77 /dev/fakeNS /mnt/ns-a &&
mount -t tmpfs -o size=9m "/dev/fake NS2" "/mnt/ns b" && dd if=/dev/zero of=/mnt/ns-a/f bs=1k count=700 status=none &&
touch "$READY" && exec sleep 60`
	cmd := exec.Command("unshare", "-m", "--propagation", "private", "sh", "-c", script)
	cmd.Env = append(os.Environ(), "READY="+ready)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	for i := 0; i < 200; i++ {
		if _, err := os.Stat(ready); err == nil {
			break
		}
		if out, _ := exec.Command("sleep", "0.05").CombinedOutput(); len(out) > 0 {
			break
		}
	}
	pid := strconv.Itoa(cmd.Process.Pid)
	sar := filepath.Join(bin(t), "sar")
	n := 0
	for _, args := range [][]string{{"-F", "0"}, {"-F", "MOUNT", "0"}, {"-F", "1", "2"}} {
		fs := []string{"--fs=/dev/fakeNS,/dev/fake\\040NS2"}
		if args[1] == "MOUNT" {
			fs = []string{"--fs=/mnt/ns-a,/mnt/ns b"}
		}
		all := append(fs, args...)
		ref := run(t, []string{"S_COLORS=never"}, "nsenter", append([]string{"-t", pid, "-m", "/usr/bin/sar"}, all...)...)
		ours := run(t, []string{"S_COLORS=never"}, sar, append([]string{"--host", "--pid", pid}, all...)...)
		ours.stdout, ref.stdout = maskSarTimes(ours.stdout), maskSarTimes(ref.stdout)
		if !strings.Contains(ref.stdout, "/ns") && !strings.Contains(ref.stdout, "NS") {
			t.Fatalf("the namespace's mounts are missing from the real sar's output:\n%s", ref.stdout)
		}
		if diff(t, "sar --pid "+strings.Join(all, " "), ours, ref) {
			n++
		}
	}
	t.Logf("%d --pid runs byte-identical", n)
}
