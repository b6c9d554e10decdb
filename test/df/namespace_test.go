package df

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The namespace tests build a small machine of their own: in a private mount namespace
// (unshare -m), a tmpfs root $R holding both binaries (coreutils' df with its C library, ours
// static), /proc, /dev, a read-only ext4 image on a loop device, and the mounts of the cases
// under /mnt. Both tools run chrooted there, so the mount table they see holds only those
// mounts and no number changes between the two runs (the machine's own busy disk is not in
// it): every comparison is exact on the first try.

// needNamespace skips unless the test can make a private mount namespace and chroot.
func needNamespace(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root for a private mount namespace")
	}
	for _, p := range []string{"unshare", "bash", "chroot"} {
		if _, err := exec.LookPath(p); err != nil {
			t.Skipf("%s not found", p)
		}
	}
	if out, err := exec.Command("unshare", "-m", "--propagation", "private", "true").CombinedOutput(); err != nil {
		t.Skipf("unshare -m does not work here: %v %s", err, out)
	}
}

// rootScript makes $R from the tools of $SRC (empty: this machine; else a Debian root of
// test/roots, whose df and C library are copied). The loop-mounted ext4 image is optional (mkfs.ext4 and a free loop
// device); without it the cases still run on the tmpfs mounts.
const rootScript = `
set -e
mount -t tmpfs -o size=64m,nr_inodes=5000 chroot "$R"
mkdir -p "$R/ref" "$R/ours" "$R/lib/x86_64-linux-gnu" "$R/lib64" "$R/proc" "$R/dev" "$R/mnt" "$R/data" "$R/usr/lib/locale" "$R/tmp"
cp "$SRC/usr/bin/df" "$R/ref/df"
cp "$OURS" "$R/ours/df"
cp -L "$SRC/lib/x86_64-linux-gnu/libc.so.6" "$SRC/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" "$R/lib/x86_64-linux-gnu/"
ln -s /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$R/lib64/ld-linux-x86-64.so.2"
for l in "$SRC"/usr/lib/locale/C.utf8 "$SRC"/usr/lib/locale/C.UTF-8; do if [ -d "$l" ]; then cp -r "$l" "$R/usr/lib/locale/"; fi; done
mount -t proc proc "$R/proc"
mount --bind /dev "$R/dev"
if command -v mkfs.ext4 >/dev/null && truncate -s 16M "$R/tmp/img" && mkfs.ext4 -q -F -N 256 "$R/tmp/img" 2>/dev/null &&
   mount -o loop,ro "$R/tmp/img" "$R/data" 2>/dev/null; then :; fi
M="$R/mnt"
mkdir -p "$M/a" "$M/b" "$M/c" "$M/sub" "$M/sp ace" "$M/ta	b" "$M/uuid" "$M/dup/deeper" "$M/links" "$M/hostdisk"
mount -t tmpfs -o size=3m,nr_inodes=100 small "$M/a"
mount --bind "$M/a" "$M/b"
echo hi > "$M/file"; touch "$M/c/hosts" "$M/c/hostname" "$M/c/resolv.conf"
mount -t tmpfs -o size=5m hostdisk "$M/hostdisk"
echo x >"$M/hostdisk/hosts"; echo y >"$M/hostdisk/hostname"
mount --bind "$M/hostdisk/hosts" "$M/c/hosts"
mount --bind "$M/hostdisk/hostname" "$M/c/hostname"
umount "$M/hostdisk"
mount --bind "$M/file" "$M/c/resolv.conf"
mkdir -p "$M/a/x"; mount --bind "$M/a/x" "$M/sub"
mount -t tmpfs -o size=1m "we ird" "$M/sp ace"
mount -t tmpfs -o size=1m tabbed "$M/ta	b"
mkdir -p "$M/links/target"
ln -s /mnt/links/target "$M/links/12345678-abcd-ef01-2345-6789abcdef01"
mount -t tmpfs -o size=2m /mnt/links/12345678-abcd-ef01-2345-6789abcdef01 "$M/uuid"
dd if=/dev/zero of="$M/a/blob" bs=1k count=1500 status=none
mount -t tmpfs -o size=2m over "$M/b"
mount --bind "$M/a" "$M/dup/deeper"
mkdir -p "$M/remote"; mount -t tmpfs -o size=1m server:/export "$M/remote"
mkdir -p "$M/mq"; mount -t mqueue mqueue "$M/mq"
for n in 'a\xffb' 'c\xc2\x85d' 'x\xe2\x80\xa8y' '\xc3\xa9' '\xe4\xb8\xad\xe6\x96\x87'; do
  d="$M/names/$(printf "$n")"; mkdir -p "$d"; mount -t tmpfs -o size=1m "s$(printf "$n")" "$d"
done
`

// What each part of rootScript stands for:
//   a          a small tmpfs with a 1.5 MB file (Use% rounding, inodes of a 100-inode fs)
//   b          a bind mount of a, then over-mounted by another tmpfs ("over")
//   sub        a bind mount of a sub-folder of a (a duplicate device with a deeper root)
//   dup/deeper a second bind mount of a at a longer path (the duplicate filter keeps a)
//   c/hosts, c/hostname  single-file bind mounts of a tmpfs that is then unmounted, as the
//              host's disk behind Docker's /etc/hosts is invisible in a container
//   c/resolv.conf  a single-file bind mount of the root's own tmpfs
//   sp ace, ta<TAB>b  a space in the source and target, a tab in the target
//   uuid       a source shaped like a /dev/disk/by-uuid link (df prints where it points)
//   remote     a source with ':' (remote: hidden by -l)
//   mq         a dummy type (mqueue: shown only by -a)
//   /data      a read-only ext4 image (4 KiB blocks, reserved blocks: Avail < Size - Used)
//   names/*    an invalid UTF-8 byte, a C1 control, U+2028, a Latin letter, CJK (width 2)

// compareScript runs every case of $CASES (each ended by a NUL, as arguments may hold
// newlines: shell-quoted environment, a \x1f, shell-quoted arguments) with both tools
// chrooted in $R, writing $OUT/N.ours and
// $OUT/N.ref: stdout, the exit status, then the first stderr line.
const compareScript = `
set +e
n=0
while IFS=$'\x1f' read -r -d '' envpart argpart; do
  eval "envs=($envpart)"
  eval "set -- $argpart"
  for side in ours ref; do
    prof=(); [ "$side" = ours ] && [ -n "$OURS_PROFILE" ] && prof=(CGPROCPS_PROFILE="$OURS_PROFILE")
    cmd=df
    if [ -n "$ARGV0" ]; then mkdir -p "$R${ARGV0%/*}"; : >>"$R$ARGV0"; mount --bind "$R/$side/df" "$R$ARGV0"; cmd=$ARGV0; fi
    env -i PATH=/$side LC_ALL=C.UTF-8 "${prof[@]}" "${envs[@]}" "$CHROOT" $CHROOT_OPTS "$R" "$cmd" "$@" >"$OUT/$n.$side" 2>"$OUT/$n.$side.err"
    echo "exit $?" >>"$OUT/$n.$side"
    if [ -n "$ARGV0" ]; then umount "$R$ARGV0"; fi
    head -n1 "$OUT/$n.$side.err" >>"$OUT/$n.$side"
  done
  n=$((n+1))
done <"$CASES"
`

func shellQuote(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}

type nsCase struct {
	env  []string
	args []string
}

func c(args ...string) nsCase { return nsCase{args: args} }

// compareInRoot makes the chroot (plus extra setup, run after rootScript with $R and $M
// set) and compares both tools on every case.
func compareInRoot(t *testing.T, extra string, cases []nsCase) {
	t.Helper()
	compareInRootAs(t, extra, "", cases)
}

// compareInRootAs is compareInRoot with options for chroot(1) (--userspec=UID:GID).
func compareInRootAs(t *testing.T, extra, chrootOpts string, cases []nsCase) {
	t.Helper()
	if testing.Short() && len(cases) > 100 {
		t.Skipf("%d cases: skipped in -short mode", len(cases))
	}
	needReal(t)
	compareInRootFrom(t, "", "", "", extra, chrootOpts, cases)
}

// compareInRootFrom is compareInRootAs with src's df and C library as the reference (src
// "": this machine's), ours under the profile prof ("": none set), and both run as argv0
// (a path in the chroot where each is bind-mounted in turn; "": df found in PATH).
func compareInRootFrom(t *testing.T, src, prof, argv0, extra, chrootOpts string, cases []nsCase) {
	t.Helper()
	needNamespace(t)
	out := t.TempDir()
	var b strings.Builder
	for _, k := range cases {
		b.WriteString(shellQuote(k.env) + "\x1f" + shellQuote(k.args) + "\x00")
	}
	casesFile := filepath.Join(out, "cases")
	if err := os.WriteFile(casesFile, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	chroot, _ := exec.LookPath("chroot")
	runScript(t, map[string]string{"OUT": out, "CASES": casesFile, "CHROOT": chroot, "CHROOT_OPTS": chrootOpts,
		"SRC": src, "OURS_PROFILE": prof, "ARGV0": argv0}, rootScript+extra+compareScript)
	for i, k := range cases {
		a, err1 := os.ReadFile(filepath.Join(out, strconv.Itoa(i)+".ours"))
		r, err2 := os.ReadFile(filepath.Join(out, strconv.Itoa(i)+".ref"))
		if err1 != nil || err2 != nil {
			t.Fatalf("case %d %q: results missing: %v %v", i, k.args, err1, err2)
		}
		if string(a) != string(r) {
			t.Errorf("df %q (env %q) differs from %s/usr/bin/df:\n--- ours\n%s--- coreutils\n%s", k.args, k.env, src, a, r)
		}
	}
	t.Logf("%d cases compared", len(cases))
}

// runScript runs bash code in a private mount namespace with $R a fresh folder, $OURS our
// binary and the given variables.
func runScript(t *testing.T, vars map[string]string, code string) {
	t.Helper()
	base := t.TempDir()
	r := filepath.Join(base, "root")
	if err := os.Mkdir(r, 0o755); err != nil {
		t.Fatal(err)
	}
	// Unmount everything on the way out: the loop device of /data detaches (autoclear) as
	// soon as its filesystem is released, not whenever the namespace is torn down.
	// (Not for the scripts that leave a process running in $R: they unmount /data first.)
	if vars["KEEP"] == "" {
		code = "trap 'umount -R -l \"$R\" 2>/dev/null' EXIT\n" + code
	}
	cmd := exec.Command("unshare", "-m", "--propagation", "private", "bash", "-c", code)
	cmd.Env = append(os.Environ(), "R="+r, "OURS="+ours(t), "LC_ALL=C.UTF-8")
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("namespace script: %v\n%s", err, out)
	}
}

// TestRootOptions: every option, alone and combined, over the chroot's whole mount table.
func TestRootOptions(t *testing.T) {
	var cases []nsCase
	for _, a := range optionCases {
		cases = append(cases, c(a...))
	}
	for _, a := range [][]string{
		{"-x", "ext4"}, {"-t", "ext4"}, {"-t", "mqueue"}, {"-a", "-t", "mqueue"}, {"-l", "-a"},
		{"-a", "-l", "--total"}, {"-t", "tmpfs", "-x", "ext4"}, {"-a", "-x", "proc", "-x", "devtmpfs"},
		{"-hl"}, {"--total", "-l"}, {"-aTi"}, {"-aPT"},
	} {
		cases = append(cases, c(a...))
	}
	compareInRoot(t, "", cases)
}

// TestRootBlockSizes: -B with every kind of size, in each layout, with --total.
func TestRootBlockSizes(t *testing.T) {
	var cases []nsCase
	for _, b := range blockSizes {
		cases = append(cases,
			c("-B", b), c("--block-size="+b, "-a"), c("-i", "-B", b), c("-P", "-B", b),
			c("--output=size,used,avail,itotal", "-B", b), c("--total", "-B", b),
			c("-B", b, "-T", "/data", "/mnt/a"))
	}
	compareInRoot(t, "", cases)
}

// envCases are settings of DF_BLOCK_SIZE, BLOCK_SIZE, BLOCKSIZE, POSIXLY_CORRECT and the
// locale.
var envCases = [][]string{
	{"DF_BLOCK_SIZE=1M"}, {"DF_BLOCK_SIZE=human-readable"}, {"DF_BLOCK_SIZE=si"},
	{"DF_BLOCK_SIZE=KB"}, {"DF_BLOCK_SIZE='1K"}, {"DF_BLOCK_SIZE=x"}, {"DF_BLOCK_SIZE=5x"},
	{"DF_BLOCK_SIZE=-5"}, {"DF_BLOCK_SIZE="}, {"DF_BLOCK_SIZE=0"}, {"DF_BLOCK_SIZE=1Ki"},
	{"DF_BLOCK_SIZE=99999999999999999999999"}, {"DF_BLOCK_SIZE=16E"}, {"DF_BLOCK_SIZE=hum"},
	{"BLOCK_SIZE=human-readable"}, {"BLOCK_SIZE=1000"}, {"BLOCK_SIZE=MiB"},
	{"BLOCKSIZE=si"}, {"BLOCKSIZE=4096"}, {"BLOCK_SIZE=2", "BLOCKSIZE=3"},
	{"DF_BLOCK_SIZE=1", "BLOCK_SIZE=2"}, {"POSIXLY_CORRECT=1"}, {"POSIXLY_CORRECT="},
	{"POSIXLY_CORRECT=1", "DF_BLOCK_SIZE=1M"}, {"POSIXLY_CORRECT=1", "BLOCK_SIZE=h"},
	{"LC_ALL=C"}, {"LC_ALL=POSIX"},
}

// TestRootEnvironment: DF_BLOCK_SIZE, BLOCK_SIZE, BLOCKSIZE, POSIXLY_CORRECT and the locale.
func TestRootEnvironment(t *testing.T) {
	var cases []nsCase
	for _, env := range envCases {
		for _, a := range [][]string{{}, {"-P"}, {"-k"}, {"-i"}, {"--output=size,avail"}, {"-h"},
			{"-P", "-h"}, {"--total", "/data"}, {"-t", "x", "-x", "x"}, {"--output=x"}, {"/mnt/a b"}} {
			cases = append(cases, nsCase{env: env, args: a})
		}
	}
	// POSIXLY_CORRECT also stops option parsing at the first operand.
	cases = append(cases, nsCase{env: []string{"POSIXLY_CORRECT=1"}, args: []string{"/mnt/a", "-h"}})
	compareInRoot(t, "", cases)
}

// operandCases are file and device operands of the chroot's mounts.
var operandCases = [][]string{
	{"/"}, {"/mnt"}, {"/mnt/a"}, {"/mnt/a/blob"}, {"/mnt/a/x"}, {"/mnt/b"}, {"/mnt/sub"},
	{"/mnt/dup/deeper"}, {"/mnt/c/hosts"}, {"/mnt/c/hostname"}, {"/mnt/c/resolv.conf"},
	{"/mnt/sp ace"}, {"/mnt/ta\tb"}, {"/mnt/uuid"}, {"/mnt/remote"}, {"/mnt/mq"}, {"/proc"},
	{"/proc/self"}, {"/dev"}, {"/dev/null"}, {"/data"}, {"/data/lost+found"}, {"/ref/df"},
	{"/mnt/nonexistent"}, {"/mnt/nonexistent", "/mnt/a"}, {"/mnt/file/x"}, {"mnt/a"},
	{"/mnt/links/12345678-abcd-ef01-2345-6789abcdef01"}, {"-a", "/mnt/b"}, {"-l", "/mnt/remote"},
	{"--output=source,target,file", "/mnt/c/hosts", "/mnt/sub", "/mnt/b", "/mnt/dup/deeper"},
	{"--output", "/mnt/a", "/data", "/proc"}, {"--total", "/mnt/a", "/mnt/b", "/mnt/sub"},
	{"-i", "/mnt/a", "/mnt/sub"}, {"-hT", "/mnt/c/hosts"}, {"-t", "tmpfs", "/mnt/c/hosts"},
	{"-x", "tmpfs", "/mnt/c/hosts"}, {"-x", "proc", "/proc"}, {"--total", "/proc"},
	{"-T", "/proc", "/mnt/mq", "/dev"}, {"/mnt/a", "/mnt/a", "/mnt/a"},
	{"a b"}, {"a:b"}, {"it's"}, {"/mnt/c"}, {"\n\n"}, {"a\n\tb"}, {"\x01"}, {"a\x7fb"},
	{"é x"}, {"\xc3"}, {"it's$x"}, {"#x"}, {"x#"}, {"{"}, {"a=b"}, {"~"}, {"a~"},
}

// TestRootOperands: file and device operands: bind, over-mounted, duplicate, single-file
// and dummy mounts, missing files, the fields that name the operand.
func TestRootOperands(t *testing.T) {
	var cases []nsCase
	for _, a := range operandCases {
		cases = append(cases, c(a...))
	}
	// Device operands: the loop device of /data (when the image is mounted) and a device no
	// mount comes from.
	cases = append(cases, c("/dev/null", "/dev/zero"))
	compareInRoot(t, "", cases)
}

// TestRootLoopDevice: a device operand (the loop device /data is mounted from).
func TestRootLoopDevice(t *testing.T) {
	needReal(t)
	needNamespace(t)
	var cases []nsCase
	for i := 0; i < 8; i++ {
		d := "/dev/loop" + strconv.Itoa(i)
		cases = append(cases, c(d), c("-T", d, "/data"), c("--output=source,file,target", d))
	}
	compareInRoot(t, "", cases)
}

// TestRootBadInput: error lines and exit status inside the chroot (operand errors included).
func TestRootBadInput(t *testing.T) {
	var cases []nsCase
	for _, a := range badInputCases {
		cases = append(cases, c(a...))
	}
	compareInRoot(t, "", cases)
}

// TestRootManyMounts: 200 more mounts (every tenth a bind mount of /mnt/a: duplicates).
func TestRootManyMounts(t *testing.T) {
	extra := `
for i in $(seq 1 200); do
  mkdir -p "$M/many/$i"
  if [ $((i % 10)) -eq 0 ]; then mount --bind "$M/a" "$M/many/$i"; else mount -t tmpfs -o size=$((i * 64))k "t$i" "$M/many/$i"; fi
done
`
	compareInRoot(t, extra, []nsCase{c(), c("-a"), c("-h"), c("-i"), c("-T", "--total"), c("--output"), c("-H", "-x", "ext4")})
}

// TestHideFileMounts: --hide-file-mounts (and CGPROCPS_DF) print coreutils' listing without
// the single-file bind mount's row, and without letting it stand for its device.
func TestHideFileMounts(t *testing.T) {
	needReal(t)
	needNamespace(t)
	out := t.TempDir()
	chroot, _ := exec.LookPath("chroot")
	code := rootScript + `
run() { env -i PATH=/$1 LC_ALL=C.UTF-8 "${@:3}" "$CHROOT" "$R" df $2; }
run ref "-a" >"$OUT/ref-a"
run ref "" >"$OUT/ref"
run ours "--hide-file-mounts" >"$OUT/hide"
run ours "" CGPROCPS_DF=hide-file-mounts >"$OUT/env"
run ours "--show-file-mounts" CGPROCPS_DF=hide-file-mounts >"$OUT/show"
run ours "--hide-file-mounts /mnt/c/hosts" >"$OUT/operand"
`
	runScript(t, map[string]string{"OUT": out, "CHROOT": chroot}, code)
	read := func(n string) string {
		b, err := os.ReadFile(filepath.Join(out, n))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	ref, hide := read("ref"), read("hide")
	if !strings.Contains(ref, " /mnt/c/hosts\n") || !strings.Contains(read("ref-a"), " /mnt/c/resolv.conf\n") {
		t.Fatalf("coreutils does not list the file mounts; the setup is wrong:\n%s", ref)
	}
	if strings.Contains(hide, "/mnt/c/") {
		t.Errorf("--hide-file-mounts still lists a file mount:\n%s", hide)
	}
	if got := read("env"); got != hide {
		t.Errorf("CGPROCPS_DF=hide-file-mounts differs from --hide-file-mounts:\n%s\n%s", got, hide)
	}
	if got := read("show"); got != ref {
		t.Errorf("--show-file-mounts is not coreutils' listing:\n%s\n%s", got, ref)
	}
	if got := read("operand"); !strings.Contains(got, " /mnt/c/hosts\n") {
		t.Errorf("a file operand must still be reported:\n%s", got)
	}
	var kept []string
	for _, l := range strings.Split(ref, "\n") {
		if !strings.HasSuffix(l, " /mnt/c/hosts") {
			kept = append(kept, l)
		}
	}
	if norm(strings.Join(kept, "\n")) != norm(hide) {
		t.Errorf("hiding changed other rows:\n--- coreutils\n%s--- hidden\n%s", ref, hide)
	}
}

// norm squeezes runs of spaces (hiding a row may narrow a column).
func norm(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		b.WriteString(strings.Join(strings.Fields(l), " "))
		b.WriteByte('\n')
	}
	return b.String()
}

// TestPidView: --pid PID lists the mount namespace and root of another process (here a
// sleep chrooted in the test's root, in its private namespace), seen from outside: the same
// bytes as coreutils' df run inside that root.
func TestPidView(t *testing.T) {
	needReal(t)
	needNamespace(t)
	out := t.TempDir()
	chroot, _ := exec.LookPath("chroot")
	code := rootScript + `
umount "$R/data" 2>/dev/null || true
cp /bin/sleep "$R/ref/sleep"
for a in "" "-a" "-hT" "-i" "--output" "/mnt/links/12345678-abcd-ef01-2345-6789abcdef01" "/mnt/c/hosts"; do
  env -i PATH=/ref LC_ALL=C.UTF-8 "$CHROOT" "$R" df $a >>"$OUT/ref"
done
env -i PATH=/ref "$CHROOT" "$R" sleep 120 </dev/null >/dev/null 2>&1 &
pid=$!
# Wait until it is sleep itself, chrooted (env and chroot come first under that PID).
for i in $(seq 1 200); do case "$(readlink /proc/$pid/exe)" in */ref/sleep) break;; esac; sleep 0.02; done
echo $pid >"$OUT/pid"
`
	runScript(t, map[string]string{"OUT": out, "CHROOT": chroot, "KEEP": "1"}, code)
	pidText, err := os.ReadFile(filepath.Join(out, "pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid := strings.TrimSpace(string(pidText))
	defer exec.Command("kill", pid).Run()
	var got strings.Builder
	for _, a := range [][]string{{}, {"-a"}, {"-hT"}, {"-i"}, {"--output"},
		{"/mnt/links/12345678-abcd-ef01-2345-6789abcdef01"}, {"/mnt/c/hosts"}} {
		r := runAs(t, ours(t), nil, append([]string{"--pid", pid}, a...)...)
		if r.code != 0 || r.stderr != "" {
			t.Errorf("--pid %s %q: exit %d, %s", pid, a, r.code, r.stderr)
		}
		got.WriteString(r.stdout)
	}
	if ref, _ := os.ReadFile(filepath.Join(out, "ref")); got.String() != string(ref) {
		t.Errorf("--pid view differs:\n--- ours\n%s--- coreutils inside\n%s", got.String(), ref)
	}
}

// TestRootHidden: mounts the listing cannot reach: a mount point buried under a later
// over-mount (stat fails: skipped, or "-" with -a), and a device whose only mount point is
// over-mounted ("cannot access ...: over-mounted by another device").
func TestRootHidden(t *testing.T) {
	extra := `
mkdir -p "$M/gone/x"; mount -t tmpfs -o size=1m buried "$M/gone/x"; mount -t tmpfs -o size=1m cover "$M/gone"
if mountpoint -q "$R/data"; then mount -t tmpfs -o size=1m overdata "$R/data"; fi
`
	var cases []nsCase
	for _, a := range [][]string{{}, {"-a"}, {"-a", "--total"}, {"-aT"}, {"-ai"}, {"--output", "-a"},
		{"/mnt/gone"}, {"/data"}, {"-a", "/data"}} {
		cases = append(cases, c(a...))
	}
	for i := 0; i < 4; i++ {
		d := "/dev/loop" + strconv.Itoa(i)
		cases = append(cases, c(d), c(d, "/mnt/a"))
	}
	compareInRoot(t, extra, cases)
}

// TestRootTerminal: on a terminal (script(1) gives both tools a pty) coreutils replaces
// invalid sequences and control characters with '?' before aligning; in the C locale bytes
// are columns.
func TestRootTerminal(t *testing.T) {
	needReal(t)
	compareTerminal(t, "", "")
}

// compareTerminal is TestRootTerminal with src's df (src "": this machine's) and ours under
// the profile prof ("": none set).
func compareTerminal(t *testing.T, src, prof string) {
	t.Helper()
	needNamespace(t)
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("script(1) not found")
	}
	out := t.TempDir()
	chroot, _ := exec.LookPath("chroot")
	code := rootScript + `
set +e
n=0
for L in C.UTF-8 C; do for a in "" "-T" "--output=target,source" "-a"; do
  for side in ours ref; do
    p=; [ "$side" = ours ] && [ -n "$OURS_PROFILE" ] && p=CGPROCPS_PROFILE=$OURS_PROFILE
    "$SCRIPT" -qc "env -i PATH=/$side LC_ALL=$L $p $CHROOT $R df $a" /dev/null >"$OUT/$n.$side"
  done
  n=$((n+1))
done; done
`
	runScript(t, map[string]string{"OUT": out, "CHROOT": chroot, "SCRIPT": script, "SRC": src, "OURS_PROFILE": prof}, code)
	for i := 0; i < 8; i++ {
		a, err1 := os.ReadFile(filepath.Join(out, strconv.Itoa(i)+".ours"))
		r, err2 := os.ReadFile(filepath.Join(out, strconv.Itoa(i)+".ref"))
		if err1 != nil || err2 != nil {
			t.Fatalf("case %d: results missing", i)
		}
		if !strings.Contains(string(r), "Filesystem") {
			t.Fatalf("case %d: no listing from coreutils: %q", i, r)
		}
		if string(a) != string(r) {
			t.Errorf("terminal case %d differs:\n--- ours\n%q\n--- coreutils\n%q", i, a, r)
		}
	}
}

// TestEphemeralLimit: --ephemeral-limit inside a container (Used unknown: "-", Avail bounded
// by the limit) and from the host side through --pid on an overlay root, where Used is the
// upper directory's usage as du counts it.
func TestEphemeralLimit(t *testing.T) {
	needReal(t)
	needNamespace(t)
	out := t.TempDir()
	chroot, _ := exec.LookPath("chroot")
	code := rootScript + `
umount "$R/data" 2>/dev/null || true
cp /bin/sleep "$R/ref/sleep"
env -i PATH=/ours LC_ALL=C.UTF-8 "$CHROOT" "$R" df --ephemeral-limit=5Mi / >"$OUT/inside"
env -i PATH=/ours LC_ALL=C.UTF-8 CGPROCPS_DF_EPHEMERAL_LIMIT=5242880 "$CHROOT" "$R" df / >"$OUT/inside-env"
L="$(dirname "$R")/layers"  # a plain folder: the upper directory is visible from outside, as a runtime's is from the host
mkdir -p "$L/upper" "$L/work" "$L/merged"
mount -t overlay overlay -o "lowerdir=$R,upperdir=$L/upper,workdir=$L/work" "$L/merged"
mount -t proc proc "$L/merged/proc"
dd if=/dev/zero of="$L/merged/tmp/written" bs=1k count=1500 status=none
du -sk "$L/upper" | cut -f1 >"$OUT/du"
env -i PATH=/ref "$CHROOT" "$L/merged" sleep 120 </dev/null >/dev/null 2>&1 &
pid=$!
# Wait until it is sleep itself, chrooted (env and chroot come first under that PID).
for i in $(seq 1 200); do case "$(readlink /proc/$pid/exe)" in */ref/sleep) break;; esac; sleep 0.02; done
echo $pid >"$OUT/pid"
`
	runScript(t, map[string]string{"OUT": out, "CHROOT": chroot, "KEEP": "1"}, code)
	read := func(n string) string {
		b, err := os.ReadFile(filepath.Join(out, n))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	pid := strings.TrimSpace(read("pid"))
	defer exec.Command("kill", pid).Run()
	inside := read("inside")
	if f := strings.Fields(lastLine(inside)); len(f) != 6 || f[1] != "5120" || f[2] != "-" || f[3] != "5120" || f[4] != "-" || f[5] != "/" {
		t.Errorf("inside: want the root as 5120 - 5120 - /:\n%s", inside)
	}
	if got := read("inside-env"); got != inside {
		t.Errorf("CGPROCPS_DF_EPHEMERAL_LIMIT differs from --ephemeral-limit:\n%s\n%s", got, inside)
	}
	r := runAs(t, ours(t), nil, "--pid", pid, "--ephemeral-limit=5Mi", "/")
	f := strings.Fields(lastLine(r.stdout))
	du := strings.TrimSpace(read("du"))
	if r.code != 0 || len(f) != 6 || f[0] != "overlay" || f[1] != "5120" || f[2] != du || f[5] != "/" {
		t.Fatalf("--pid on an overlay root: want overlay 5120 %s ... /, got exit %d:\n%s%s", du, r.code, r.stdout, r.stderr)
	}
	used, _ := strconv.Atoi(du)
	avail, _ := strconv.Atoi(f[3])
	if avail > 5120-used+1 || avail < 5120-used-1 {
		t.Errorf("Avail %d, want about %d (limit - used)", avail, 5120-used)
	}
	pct, _ := strconv.Atoi(strings.TrimSuffix(f[4], "%"))
	if want := (used*100 + (used + avail) - 1) / (used + avail); pct != want {
		t.Errorf("Use%% %d, want %d", pct, want)
	}
}

func lastLine(s string) string {
	s = strings.TrimRight(s, "\n")
	return s[strings.LastIndexByte(s, '\n')+1:]
}

// TestRootUnprivileged: as an unprivileged user, mount points and files under a folder it
// cannot search: skipped in listings, "-" with -a, "Permission denied" as operands.
func TestRootUnprivileged(t *testing.T) {
	extra := `
mkdir -p "$M/secret/inner"; mount -t tmpfs -o size=1m inner "$M/secret/inner"
touch "$M/secret/file"; chmod 700 "$M/secret"
chmod 755 "$R" "$R/ref" "$R/ours" "$R/mnt"
`
	var cases []nsCase
	for _, a := range [][]string{{}, {"-a"}, {"-aT"}, {"-a", "--total"}, {"-ai"}, {"--output", "-a"},
		{"/mnt/secret/inner"}, {"/mnt/secret/file"}, {"/mnt/secret"}, {"/mnt/secret/file", "/mnt/a"},
		{"-t", "tmpfs"}, {"-a", "-t", "tmpfs"}, {"-a", "-x", "tmpfs"}} {
		cases = append(cases, c(a...))
	}
	compareInRootAs(t, extra, "--userspec=65534:65534", cases)
}
