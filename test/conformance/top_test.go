package conformance

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/test/oracle"
)

// top: the summary lines over every capture (our top with CGPROCPS_ROOT=capture against the
// real top under procref -p over `cgprocps procfs` of it), except the Tasks line, which counts
// live processes (procref cannot add /proc/PID folders). The task area and the Tasks line
// are compared on live processes below (docs/architecture.md "Conventions every tool follows").

var topClock = regexp.MustCompile(`(?m)^top - \d\d:\d\d:\d\d `)

var topSummaryOptions = [][]string{
	{}, {"-E", "k"}, {"-E", "g"}, {"-E", "t"}, {"-E", "p"}, {"-E", "e"}, {"-E", "M"}, {"-1"},
	{"-1", "-w", "200"}, {"-1", "-w", "512"}, {"-w", "60"}, {"-w", "40", "-E", "k"}, {"-w", "3"},
	{"-w"}, {"-H"}, {"-1", "-E", "k", "-w", "300"}, {"-1", "-1"}, {"-n", "3", "-d", "0.05"},
	{"-n", "2", "-d", "0", "-1", "-w", "200"}, {"-s"}, {"-c", "-i", "-S"},
}

// topSummary keeps what the oracle can check: the summary lines but Tasks, clock masked.
func topSummary(out string) string {
	out = topClock.ReplaceAllString(out, "top - HH:MM:SS ")
	var keep []string
	inSummary := true
	for _, l := range strings.SplitAfter(out, "\n") {
		switch {
		case strings.HasPrefix(l, "top - "):
			inSummary = true
		case l == "\n" || l == "":
			inSummary = false
		}
		if !inSummary || strings.HasPrefix(l, "Tasks:") || strings.HasPrefix(l, "Threads:") {
			continue
		}
		keep = append(keep, l)
	}
	return strings.Join(keep, "")
}

func TestTopSummaryOverCaptures(t *testing.T) {
	procref := oracle.Need(t)
	home := t.TempDir() // no rc file
	env := []string{"HOME=" + home, "COLUMNS=", "LINES="}
	compared := 0
	for _, c := range captures(t) {
		t.Run(filepath.Base(c), func(t *testing.T) {
			view := render(t, c)
			for _, opts := range topSummaryOptions {
				args := append([]string{"-b", "-n", "1"}, opts...)
				for try := 0; ; try++ {
					ours := run(t, append(env, "CGPROCPS_ROOT="+c), filepath.Join(bin(t), "top"), args...)
					ref := run(t, env, procref, append([]string{"-p", view, "top"}, args...)...)
					if ref.code != 0 || ours.code != 0 {
						t.Fatalf("top %v: exit ours %d (%s), procps %d (%s)", args, ours.code, ours.stderr, ref.code, ref.stderr)
					}
					o, r := topSummary(ours.stdout), topSummary(ref.stdout)
					if o == "" {
						t.Fatalf("top %v printed no summary:\n%s", args, ours.stdout)
					}
					if o != r && try == 0 {
						continue // a second may have passed between the runs (uptime's minutes)
					}
					compared++
					diff(t, "top "+strings.Join(args, " ")+" summary", result{stdout: o}, result{stdout: r})
					if ours.stderr != "" {
						t.Errorf("top %v warned: %s", args, ours.stderr)
					}
					break
				}
			}
		})
	}
	t.Logf("%d summaries compared", compared)
}

// liveGroup is a cgroup of our own (v1 pids controller, or v2) holding a few sleeping
// processes of different kinds; stop removes both.
type liveGroup struct {
	dir  string
	cmds []*exec.Cmd
}

func cgroupRoot(t *testing.T) string {
	t.Helper()
	for _, d := range []string{"/sys/fs/cgroup/pids", "/sys/fs/cgroup/memory", "/sys/fs/cgroup"} {
		if _, err := os.Stat(filepath.Join(d, "cgroup.procs")); err == nil {
			return d
		}
	}
	t.Skip("no writable cgroup hierarchy")
	return ""
}

func startGroup(t *testing.T) *liveGroup {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to create a cgroup")
	}
	g := &liveGroup{dir: filepath.Join(cgroupRoot(t), fmt.Sprintf("cgprocps-test-%d", rand.Int63()))}
	if err := os.Mkdir(g.dir, 0o755); err != nil {
		t.Skipf("cannot create a cgroup: %v", err)
	}
	t.Cleanup(g.stop)
	tmp := t.TempDir()
	// A command name with spaces and parentheses (the stat parser's hard case).
	weird := filepath.Join(tmp, "wé ird) (xyzé\u00e9")
	if b, err := os.ReadFile("/bin/sleep"); err == nil {
		os.WriteFile(weird, b, 0o755)
	}
	// Each runs "join the group, then exec": its children are born inside.
	join := `echo $$ > "$0/cgroup.procs" && exec "$@"`
	cmds := [][]string{
		{"sleep", "300"},
		{"nice", "-n", "7", "sleep", "301"},
		{"sh", "-c", "sleep 0 & exec sleep 302"}, // (its zombie child leaves cgroup.procs)
		{weird, "303"},
	}
	if _, err := exec.LookPath("setpriv"); err == nil {
		cmds = append(cmds, []string{"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sleep", "305"})
	}
	if py, err := exec.LookPath("python3"); err == nil {
		cmds = append(cmds, []string{py, "-c", "import threading,time\nfor i in range(3): threading.Thread(target=time.sleep,args=(306,)).start()\ntime.sleep(306)"})
		// A long command line with empty words, control characters, UTF-8 and a final space.
		cmds = append(cmds, []string{py, "-c", "import time; time.sleep(304)", "with", "a", "long", "command", "line", "that", "goes", "on", "and", "on", "", "x\ny\tz\x01\xc3\xa9 "})
	}
	for _, c := range cmds {
		cmd := exec.Command("sh", append([]string{"-c", join, g.dir}, c...)...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		g.cmds = append(g.cmds, cmd)
	}
	// Wait until every process joined and exec'd (and the zombie exists).
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if pids := g.pids(); len(pids) >= len(cmds)+1 && !g.anyShell() {
			time.Sleep(200 * time.Millisecond)
			return g
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the group did not settle: %v", g.pids())
	return nil
}

func (g *liveGroup) pids() []string {
	b, _ := os.ReadFile(filepath.Join(g.dir, "cgroup.procs"))
	return strings.Fields(string(b))
}

// anyShell: a wrapper shell has not exec'd yet.
func (g *liveGroup) anyShell() bool {
	for _, c := range g.cmds {
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", c.Process.Pid))
		if strings.TrimSpace(string(b)) == "sh" && !strings.Contains(readCmdline(c.Process.Pid), "sleep 0 &") {
			return true
		}
	}
	return false
}

func readCmdline(pid int) string {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	return string(b)
}

func (g *liveGroup) stop() {
	for _, c := range g.cmds {
		c.Process.Kill()
		c.Wait()
	}
	for i := 0; i < 50; i++ {
		for _, p := range g.pids() {
			if n, err := strconv.Atoi(p); err == nil {
				if pr, err := os.FindProcess(n); err == nil {
					pr.Kill()
				}
			}
		}
		if os.Remove(g.dir) == nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// maskColumns blanks the %CPU and TIME+ cells of a task row (they depend on the moment);
// the spans come from the last header kept.
func maskColumns(l string, kept []string) string {
	hdr := ""
	for i := len(kept) - 1; i >= 0; i-- {
		if strings.HasPrefix(strings.TrimSpace(kept[i]), "PID ") {
			hdr = kept[i]
			break
		}
	}
	if hdr == "" {
		return l // the header itself
	}
	b := []byte(l)
	for _, col := range []struct {
		name  string
		width int
	}{{"%CPU", 5}, {"TIME+", 9}} {
		if i := strings.Index(hdr, col.name); i >= 0 {
			end := i + len(col.name)
			for j := end - col.width; j < end && j < len(b); j++ {
				b[j] = '#'
			}
		}
	}
	return string(b)
}

// taskPart is, frame by frame, the Tasks line and the task area (header and rows).
func taskPart(out string) string {
	var keep []string
	area := false
	for _, l := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(l, "Tasks:") || strings.HasPrefix(l, "Threads:"):
			keep = append(keep, l)
		case strings.HasPrefix(strings.TrimSpace(l), "PID "):
			area = true
		case l == "":
			area = false
		}
		if area {
			keep = append(keep, maskColumns(l, keep))
		}
	}
	return strings.Join(keep, "\n")
}

var topTaskOptions = [][]string{
	{}, {"-c"}, {"-H"}, {"-H", "-c"}, {"-H", "-o", "PID"}, {"-e", "m"}, {"-e", "g"}, {"-e", "p"}, {"-o", "%MEM"},
	{"-o", "RES"}, {"-o", "-PID"}, {"-o", "COMMAND"}, {"-o", "COMMAND", "-c"}, {"-o", "USER"},
	{"-o", "NI"}, {"-o", "PR"}, {"-o", "VIRT"}, {"-o", "SHR"}, {"-o", "S"}, {"-o", "TIME+"},
	{"-o", "PPID"}, {"-o", "nTH"}, {"-o", "+UID"}, {"-w", "200", "-c"}, {"-w", "512", "-c"},
	{"-w", "40"}, {"-w", "70"}, {"-w", "20"}, {"-S"}, {"-1"}, {"-i"}, {"-n", "2", "-d", "0.1", "-o", "PID"},
}

func TestTopTaskAreaLive(t *testing.T) {
	if _, err := os.Stat("/usr/bin/top"); err != nil {
		t.Skip("no /usr/bin/top")
	}
	g := startGroup(t)
	pids := strings.Join(g.pids(), ",")
	home := t.TempDir()
	env := []string{"HOME=" + home, "COLUMNS=", "LINES="}
	compared := 0
	for _, opts := range topTaskOptions {
		args := append([]string{"-b", "-n", "1"}, opts...)
		for try := 0; ; try++ {
			ours := run(t, env, filepath.Join(bin(t), "top"), append(append([]string{}, args...), "--container", "--cgroup", g.dir)...)
			ref := run(t, env, "/usr/bin/top", append(append([]string{}, args...), "-p", pids)...)
			if len(opts) > 0 && opts[0] == "-H" {
				// and host mode with -p over the same processes
				host := run(t, env, filepath.Join(bin(t), "top"), append(append([]string{}, args...), "--host", "-p", pids)...)
				if h := taskPart(host.stdout); h != taskPart(ref.stdout) && try >= 2 {
					t.Errorf("top --host %v -p task area differs\n--- ours\n%s\n--- procps\n%s", args, h, taskPart(ref.stdout))
				} else if h != taskPart(ref.stdout) {
					continue
				}
			}
			if ours.code != 0 || ref.code != 0 {
				t.Fatalf("top %v: exit ours %d (%s), procps %d (%s)", args, ours.code, ours.stderr, ref.code, ref.stderr)
			}
			o, r := taskPart(ours.stdout), taskPart(ref.stdout)
			if o != r && try < 2 {
				continue // a process touched its memory between the runs
			}
			compared++
			if o != r {
				t.Errorf("top %v task area differs\n--- ours\n%s\n--- procps\n%s", args, o, r)
			}
			break
		}
	}
	// A UTF-8 locale: command names and lines keep their UTF-8 and count it as columns.
	for _, opts := range [][]string{{"-o", "PID"}, {"-c", "-o", "PID"}, {"-c", "-w", "60", "-o", "PID"}} {
		args := append([]string{"-b", "-n", "1"}, opts...)
		utf := func(name string, args ...string) string {
			cmd := exec.Command(name, args...)
			cmd.Env = append(os.Environ(), "HOME="+home, "COLUMNS=", "LINES=", "LC_ALL=C.UTF-8", "TZ=UTC")
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("%s %v: %v", name, args, err)
			}
			return taskPart(string(out))
		}
		for try := 0; ; try++ {
			o := utf(filepath.Join(bin(t), "top"), append(append([]string{}, args...), "--container", "--cgroup", g.dir)...)
			r := utf("/usr/bin/top", append(append([]string{}, args...), "-p", pids)...)
			if o != r && try < 2 {
				continue
			}
			compared++
			if o != r {
				t.Errorf("LC_ALL=C.UTF-8 top %v task area differs\n--- ours\n%s\n--- procps\n%s", args, o, r)
			}
			break
		}
	}
	// Host mode with user filters: the machine's processes of user nobody (the group's
	// setpriv sleeper, and whatever else runs as nobody), rows only.
	rowsOnly := func(out string) string {
		part := taskPart(out)
		var keep []string
		for _, l := range strings.Split(part, "\n") {
			if !strings.HasPrefix(l, "Tasks:") {
				keep = append(keep, l)
			}
		}
		return strings.Join(keep, "\n")
	}
	for _, opts := range [][]string{{"-u", "nobody"}, {"-U", "65534"}, {"-u", "nobody", "-c", "-o", "PID"}, {"-U", "!root", "-o", "PID"}} {
		args := append([]string{"-b", "-n", "1"}, opts...)
		for try := 0; ; try++ {
			ours := run(t, env, filepath.Join(bin(t), "top"), append(append([]string{}, args...), "--host")...)
			ref := run(t, env, "/usr/bin/top", args...)
			o, r := rowsOnly(ours.stdout), rowsOnly(ref.stdout)
			if o != r && try < 2 {
				continue
			}
			compared++
			if o != r {
				t.Errorf("top --host %v rows differ\n--- ours\n%s\n--- procps\n%s", args, o, r)
			}
			break
		}
	}
	t.Logf("%d task areas compared over %d processes", compared, len(g.pids()))
}
