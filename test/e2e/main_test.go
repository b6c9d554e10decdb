package e2e

// Shared rig of the end-to-end tests: building the static binary once, locating the repository,
// running commands with a deadline (their whole process group is ended on timeout), parsing
// free's output, and running the real tools over a rendered view with test/oracle/procref.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"debug/elf"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/test/oracle"
)

var (
	workDir string // removed after all tests

	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

func TestMain(m *testing.M) {
	d, err := os.MkdirTemp("", "cgprocps-e2e-build-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	workDir = d
	code := m.Run()
	os.RemoveAll(d)
	os.Exit(code)
}

// requireE2E skips the test unless it may run here: not -short, root.
func requireE2E(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("e2e: skipped in -short mode (boots containers/VMs)")
	}
	if os.Geteuid() != 0 {
		t.Skip("e2e: needs root (creates cgroups, runs runc / procref); run as root, see scripts/install-test-deps")
	}
}

// findProcref returns test/oracle/procref (oracle.Procref), or "" and why it cannot be used.
func findProcref(t *testing.T) (path, why string) {
	t.Helper()
	p, why := oracle.Procref()
	if p == "" {
		return "", "procref oracle not available: " + why
	}
	if _, err := exec.LookPath("free"); err != nil {
		return "", "procps free not installed (scripts/install-test-deps)"
	}
	return p, ""
}

func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return "go" // not on PATH: let exec report it
}

// binary builds the static multicall binary once (CGO_ENABLED=0 go build ./cmd/cgprocps) and
// returns its path. $CGPROCPS_E2E_BINARY names a prebuilt static binary to test instead (a
// release build, say).
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		if p := os.Getenv("CGPROCPS_E2E_BINARY"); p != "" {
			if buildErr = checkStatic(p); buildErr == nil {
				builtBin = p
				t.Logf("testing the prebuilt binary %s ($CGPROCPS_E2E_BINARY)", p)
			}
			return
		}
		root, err := oracle.RepoRoot()
		if err != nil {
			buildErr = err
			return
		}
		out := filepath.Join(workDir, "cgprocps")
		start := time.Now()
		cmd := exec.Command(goTool(), "build", "-o", out, "./cmd/cgprocps")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if b, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("CGO_ENABLED=0 go build ./cmd/cgprocps: %v\n%s", err, b)
			return
		}
		if err := checkStatic(out); err != nil {
			buildErr = err
			return
		}
		builtBin = out
		t.Logf("built %s in %v", out, time.Since(start).Round(time.Millisecond))
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

// checkStatic fails when the ELF file asks for a dynamic loader: the container rootfs holds
// nothing but the binary.
func checkStatic(path string) error {
	f, err := elf.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return fmt.Errorf("%s is dynamically linked (has PT_INTERP)", path)
		}
	}
	return nil
}

// result of one command.
type result struct {
	cmd    string
	stdout string
	stderr string
	err    error
	dur    time.Duration
}

func (r result) String() string {
	s := fmt.Sprintf("$ %s\n", r.cmd)
	if r.stdout != "" {
		s += "stdout:\n" + r.stdout
		if !strings.HasSuffix(r.stdout, "\n") {
			s += "\n"
		}
	}
	if r.stderr != "" {
		s += "stderr:\n" + r.stderr
		if !strings.HasSuffix(r.stderr, "\n") {
			s += "\n"
		}
	}
	if r.err != nil {
		s += fmt.Sprintf("error: %v\n", r.err)
	}
	return s
}

// command prepares name args in its own process group, so that a timeout ends the whole
// group (v2vm's qemu, runc's children) and not only the direct child.
func command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
	}
	cmd.WaitDelay = 10 * time.Second
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	return cmd
}

// run runs name args with a deadline and collects stdout and stderr.
func run(timeout time.Duration, name string, args ...string) result {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := command(ctx, name, args...)
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	start := time.Now()
	err := cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("%v (timeout %v)", err, timeout)
	}
	return result{
		cmd:    strings.Join(append([]string{name}, args...), " "),
		stdout: so.String(), stderr: se.String(), err: err, dur: time.Since(start),
	}
}

func randHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// freeTotals returns the total columns of the Mem: and Swap: lines of `free -b`.
func freeTotals(out string) (mem, swap uint64, err error) {
	var haveMem, haveSwap bool
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		switch f[0] {
		case "Mem:":
			mem, err = strconv.ParseUint(f[1], 10, 64)
			haveMem = err == nil
		case "Swap:":
			swap, err = strconv.ParseUint(f[1], 10, 64)
			haveSwap = err == nil
		}
		if err != nil {
			return 0, 0, fmt.Errorf("bad free line %q: %v", line, err)
		}
	}
	if !haveMem || !haveSwap {
		return 0, 0, fmt.Errorf("no Mem:/Swap: lines in free output %q", out)
	}
	return mem, swap, nil
}

// meminfoKB returns field key (e.g. "MemTotal") of a meminfo file, in kB.
func meminfoKB(path, key string) (uint64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fl := strings.Fields(sc.Text())
		if len(fl) >= 2 && fl[0] == key+":" {
			return strconv.ParseUint(fl[1], 10, 64)
		}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("%s: no %s line", path, key)
}

// hostUptime is the first field of the host's /proc/uptime.
func hostUptime(t *testing.T) float64 {
	t.Helper()
	b, err := os.ReadFile("/proc/uptime")
	if err != nil {
		t.Fatal(err)
	}
	v, err := strconv.ParseFloat(strings.Fields(string(b))[0], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// viewFiles are the files `cgprocps procfs DIR` must write.
var viewFiles = []string{
	"proc/meminfo", "proc/stat", "proc/uptime", "proc/loadavg", "proc/cpuinfo", "proc/swaps",
	"sys/devices/system/cpu/online", "sys/devices/system/cpu/uevent",
}

// checkView checks the rendered view's layout for ncpu shown CPUs and returns problems.
func checkView(dir string, ncpu int) []string {
	var bad []string
	for _, f := range viewFiles {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || !fi.Mode().IsRegular() {
			bad = append(bad, fmt.Sprintf("missing file %s", f))
		}
	}
	for i := 0; i < ncpu+1; i++ {
		fi, err := os.Stat(filepath.Join(dir, "sys/devices/system/cpu", fmt.Sprintf("cpu%d", i)))
		switch {
		case i < ncpu && (err != nil || !fi.IsDir()):
			bad = append(bad, fmt.Sprintf("missing folder sys/devices/system/cpu/cpu%d", i))
		case i == ncpu && err == nil:
			bad = append(bad, fmt.Sprintf("unexpected folder sys/devices/system/cpu/cpu%d (%d CPUs shown)", i, ncpu))
		}
	}
	return bad
}

// oracleFree runs the real procps `free -b` over view with procref.
func oracleFree(procref, view string) result {
	return run(60*time.Second, procref, view, "free", "-b")
}

// lineDiff is a short line-by-line comparison for failure messages.
func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var sb strings.Builder
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			fmt.Fprintf(&sb, "  line %d:\n    got:  %q\n    want: %q\n", i+1, x, y)
		}
	}
	return sb.String()
}

// v2vmRig prepares a run of test/v2vm/v2vm (the test is skipped where qemu is missing): a fresh folder with the script (as name) and the static binary copied as
// cgprocps (v2vm puts each FILE under its own name in /v2vm, on PATH in the guest). It returns
// v2vm's path, the script's, the binary copy's, and the folder's "out" for --out.
func v2vmRig(t *testing.T, name, script string) (v2vm, scriptPath, vmBin, out string) {
	t.Helper()
	root, err := oracle.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	v2vm = filepath.Join(root, "test", "v2vm", "v2vm")
	if _, err := exec.LookPath("qemu-system-x86_64"); err != nil {
		t.Skip("e2e: qemu-system-x86_64 not installed (scripts/install-test-deps runs test/v2vm/v2vm --setup)")
	}
	bin := binary(t)
	dir := t.TempDir()
	out = filepath.Join(dir, "out")
	scriptPath = filepath.Join(dir, name)
	if err := os.WriteFile(scriptPath, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	vmBin = filepath.Join(dir, "cgprocps")
	b, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(vmBin, b, 0o755); err != nil {
		t.Fatal(err)
	}
	return v2vm, scriptPath, vmBin, out
}
