package conformance

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/test/oracle"
)

// The -n SOCK … UDP6 reports against the real sar. procref cannot present /proc/net (it is
// /proc/self/net: a bind over the procref shell's entry does not reach sadc's), so both run in
// a new network namespace (`unshare -n`) in which a small script made TCP, UDP, ICMP, raw and
// fragmented traffic over lo (v4 and v6) and then holds its sockets: the counters are then
// still. Its /proc/net files are copied into the frozen host folder; our sar reads them with
// CGPROCPS_ROOT, the real sar under procref reads the namespace's own (the same numbers), and
// the check below makes sure they did not move during the runs.

const sarNetTraffic = `
import socket, sys, time, struct
ready = sys.argv[1]
keep = []
def tcp(fam, host):
    l = socket.socket(fam, socket.SOCK_STREAM); l.bind((host, 0)); l.listen(8); keep.append(l)
    c = socket.create_connection(l.getsockname()[:2]); s, _ = l.accept()
    c.sendall(b'x' * 5000); n = 0
    while n < 5000: n += len(s.recv(65536))
    keep.extend([c, s])
    c2 = socket.create_connection(l.getsockname()[:2]); s2, _ = l.accept(); c2.close(); s2.close()
    try: socket.create_connection((host, 1), timeout=2)
    except OSError: pass
def udp(fam, host):
    u = socket.socket(fam, socket.SOCK_DGRAM); u.bind((host, 0)); keep.append(u)
    u.sendto(b'y', u.getsockname()[:2]); u.recv(10)
    u.sendto(b'f' * 4000, u.getsockname()[:2]); u.recv(5000)
    u.sendto(b'z', (host, 9))
def cks(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b)); s = (s >> 16) + (s & 0xffff); s += s >> 16
    return ~s & 0xffff
tcp(socket.AF_INET, '127.0.0.1'); udp(socket.AF_INET, '127.0.0.1')
tcp(socket.AF_INET6, '::1'); udp(socket.AF_INET6, '::1')
r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP); keep.append(r)
p = struct.pack('!BBHHH', 8, 0, 0, 7, 1) + b'ping'
p = p[:2] + struct.pack('!H', cks(p)) + p[4:]
r.sendto(p, ('127.0.0.1', 0))
r6 = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6); keep.append(r6)
r6.sendto(struct.pack('!BBHHH', 128, 0, 0, 7, 1) + b'ping', ('::1', 0))
time.sleep(1)
open(ready, 'w').close()
time.sleep(300)
`

// The script run inside the namespace: traffic, copy of the files, then every command line of
// DIR/cmds (ours and the real sar), outputs in DIR/out, then a second copy of the files.
const sarNetScript = `
set -u
dir=$1 ours=$2 procref=$3
ip link set lo mtu 1500 up || exit 1
python3 "$dir/traffic.py" "$dir/ready" &
py=$!
i=0
while [ ! -e "$dir/ready" ]; do sleep 0.1; i=$((i+1)); [ $i -lt 200 ] || { kill $py; exit 1; }; done
mkdir -p "$dir/proc/net" "$dir/after"
for f in snmp snmp6 sockstat sockstat6 dev; do cp /proc/net/$f "$dir/proc/net/$f"; done
n=0
while IFS= read -r line; do
  n=$((n+1))
  env CGPROCPS_ROOT="$dir" "$ours" --host $line >"$dir/out/$n.ours" 2>"$dir/out/$n.ours.err"; echo $? >"$dir/out/$n.ours.rc"
  env S_COLORS=never "$procref" "$dir" sar $line >"$dir/out/$n.ref" 2>"$dir/out/$n.ref.err"; echo $? >"$dir/out/$n.ref.rc"
done <"$dir/cmds"
env CGPROCPS_ROOT="$dir" "$ours" --host -o "$dir/out/file.ours" 1 2 >/dev/null 2>&1
env S_COLORS=never "$procref" "$dir" sar -o "$dir/out/file.ref" 1 2 >/dev/null 2>&1
for f in snmp snmp6 sockstat sockstat6; do cp /proc/net/$f "$dir/after/$f"; done
kill $py
`

var sarNetOptions = [][]string{
	{"-n", "SOCK"}, {"-n", "IP"}, {"-n", "EIP"}, {"-n", "ICMP"}, {"-n", "EICMP"}, {"-n", "TCP"}, {"-n", "ETCP"},
	{"-n", "UDP"}, {"-n", "SOCK6"}, {"-n", "IP6"}, {"-n", "EIP6"}, {"-n", "ICMP6"}, {"-n", "EICMP6"}, {"-n", "UDP6"},
	{"-n", "SOCK,IP,EIP,ICMP,EICMP,TCP,ETCP,UDP"}, {"-n", "UDP6,EICMP6,ICMP6,EIP6,IP6,SOCK6"},
	{"-n", "DEV,TCP", "-n", "EDEV"}, {"--dec=0", "-n", "IP,SOCK"}, {"-h", "-n", "ICMP6,SOCK6"}, {"-p", "-n", "UDP"},
}

func TestSarNetNamespace(t *testing.T) {
	procref := oracle.Need(t)
	if os.Geteuid() != 0 {
		t.Skip("needs root (unshare -n)")
	}
	for _, p := range []string{"unshare", "ip", "python3"} {
		if _, err := exec.LookPath(p); err != nil {
			t.Skipf("%s not found", p)
		}
	}
	sar := filepath.Join(bin(t), "sar")
	dir := sarFrozenHost(t)
	if err := os.MkdirAll(filepath.Join(dir, "out"), 0o755); err != nil {
		t.Fatal(err)
	}
	// A short uptime, so that the since-boot rates of a few hundred packets are not 0.00.
	if err := os.WriteFile(filepath.Join(dir, "proc/uptime"), []byte("3.00 5.00\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var cmds []string
	for _, opts := range sarNetOptions {
		cmds = append(cmds, strings.Join(opts, " ")+" 0")
	}
	// Over an interval (the counters being still: rates 0.00, the socket counts as they are,
	// headers and Average rows).
	for _, opts := range sarNetOptions[14:18] {
		cmds = append(cmds, strings.Join(opts, " ")+" 1 1", strings.Join(opts, " ")+" 1 2")
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dir, "cmds"), []byte(strings.Join(cmds, "\n")+"\n"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "traffic.py"), []byte(sarNetTraffic), 0o644))
	must(os.WriteFile(filepath.Join(dir, "run.sh"), []byte(sarNetScript), 0o755))
	out, err := exec.Command("unshare", "-n", "--", "sh", filepath.Join(dir, "run.sh"), dir, sar, procref).CombinedOutput()
	if err != nil {
		t.Fatalf("network namespace run: %v\n%s", err, out)
	}
	for _, f := range []string{"snmp", "snmp6", "sockstat", "sockstat6"} {
		a, _ := os.ReadFile(filepath.Join(dir, "proc/net", f))
		b, _ := os.ReadFile(filepath.Join(dir, "after", f))
		if string(a) != string(b) {
			t.Fatalf("/proc/net/%s moved during the runs; the comparison would be unfair\n%s\n%s", f, a, b)
		}
	}
	snmp, _ := os.ReadFile(filepath.Join(dir, "proc/net/snmp"))
	if !strings.Contains(string(snmp), "Tcp:") {
		t.Fatalf("no Tcp line in the namespace's snmp:\n%s", snmp)
	}
	same := 0
	for i, c := range cmds {
		read := func(name string) string {
			b, _ := os.ReadFile(filepath.Join(dir, "out", strconv.Itoa(i+1)+name))
			return string(b)
		}
		code := func(name string) int { n, _ := strconv.Atoi(strings.TrimSpace(read(name))); return n }
		ours := result{maskSarTimes(read(".ours")), read(".ours.err"), code(".ours.rc")}
		ref := result{maskSarTimes(read(".ref")), read(".ref.err"), code(".ref.rc")}
		if ref.stdout == "" || ref.code != 0 {
			t.Errorf("sar %s: the real sar printed nothing (exit %d): %s", c, ref.code, ref.stderr)
			continue
		}
		if diff(t, "netns: sar "+c, ours, ref) {
			same++
		}
	}
	// Real values, not zeros: the traffic shows in the since-boot TCP line (3 s of uptime).
	if b, _ := os.ReadFile(filepath.Join(dir, "out", fmt.Sprint(6)+".ours")); !strings.Contains(string(b), "active/s") ||
		strings.Count(string(b), " 0.00") == 4 {
		t.Errorf("-n TCP 0 shows no traffic:\n%s", b)
	}
	t.Logf("%d of %d runs identical", same, len(cmds))
	// -o then -f: our file and sadc's, recorded side by side in the namespace, read back.
	for _, opts := range [][]string{{"-n", "SOCK,IP,EIP,ICMP,EICMP,TCP,ETCP,UDP"}, {"-n", "SOCK6,IP6,EIP6,ICMP6,EICMP6,UDP6"},
		{"-n", "TCP,SOCK", "-u"}} {
		ours := run(t, nil, sar, append([]string{"-f", filepath.Join(dir, "out/file.ours")}, opts...)...)
		ref := run(t, []string{"S_COLORS=never"}, "/usr/bin/sar", append([]string{"-f", filepath.Join(dir, "out/file.ref")}, opts...)...)
		ours.stdout, ref.stdout = maskSarTimes(ours.stdout), maskSarTimes(ref.stdout)
		if !strings.Contains(ref.stdout, "Average:") {
			t.Errorf("sar -f %v: the real sar read nothing: %s", opts, ref.stderr)
		}
		diff(t, "netns: sar -f "+strings.Join(opts, " "), ours, ref)
	}
}

// -v and -H over the frozen host, with the kernel-table files copied too (procref binds them
// over /proc/sys/...) and a meminfo given huge pages (this VM has none), so that every column
// has a value: byte for byte against the real sar.
func TestSarKTablesHugeFrozenHost(t *testing.T) {
	procref := oracle.Need(t)
	sar := filepath.Join(bin(t), "sar")
	dir := sarFrozenHost(t)
	for _, f := range []string{"sys/fs/dentry-state", "sys/fs/file-nr", "sys/fs/inode-state", "sys/kernel/pty/nr"} {
		b, err := os.ReadFile("/proc/" + f)
		if err != nil {
			t.Skipf("/proc/%s: %v", f, err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, "proc", f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if f == "sys/kernel/pty/nr" {
			b = []byte("7\n")
		}
		if err := os.WriteFile(filepath.Join(dir, "proc", f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mi, err := os.ReadFile(filepath.Join(dir, "proc/meminfo"))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(mi), "\n") {
		for k, v := range map[string]string{"HugePages_Total:": "64", "HugePages_Free:": "21", "HugePages_Rsvd:": "3", "HugePages_Surp:": "1"} {
			if strings.HasPrefix(l, k) {
				l = fmt.Sprintf("%-16s%6s", k, v)
			}
		}
		lines = append(lines, l)
	}
	if err := os.WriteFile(filepath.Join(dir, "proc/meminfo"), []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	same, total := 0, 0
	for _, opts := range [][]string{{"-v"}, {"-H"}, {"-h", "-H"}, {"--dec=0", "-H", "-v"}, {"-v", "-H", "-r", "-q"}} {
		for _, tail := range [][]string{{"0"}, {"1", "2"}} {
			args := append(append([]string{}, opts...), tail...)
			ours := run(t, []string{"CGPROCPS_ROOT=" + dir}, sar, append([]string{"--host"}, args...)...)
			ref := run(t, []string{"S_COLORS=never"}, procref, append([]string{dir, "sar"}, args...)...)
			ours.stdout, ref.stdout = maskSarTimes(ours.stdout), maskSarTimes(ref.stdout)
			total++
			if diff(t, "frozen host: sar "+strings.Join(args, " "), ours, ref) {
				same++
			}
			if strings.Contains(ref.stdout, "kbhugfree") && !strings.Contains(ref.stdout, "88064") &&
				!strings.Contains(ref.stdout, "86.0M") {
				t.Errorf("the huge pages did not show (64-21 pages of 2048 kB used):\n%s", ref.stdout)
			}
		}
	}
	t.Logf("%d of %d runs identical", same, total)
}
