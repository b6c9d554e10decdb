package top_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/internal/testcapture"
	"github.com/cgprocps/cgprocps/test/oracle"
	"github.com/cgprocps/cgprocps/test/tmux"
)

// TestInteractiveOverCaptures: container mode. Our top over each capture
// (CGPROCPS_ROOT) and the real top under procref -p over `cgprocps procfs` of it, both
// interactive in tmux (80x24, TERM=xterm); the summary lines but Tasks (procref cannot add
// the capture's processes, so the task areas differ) are compared after each key that
// changes them, with only the clock masked: the views are static.
func TestInteractiveOverCaptures(t *testing.T) {
	needTop(t)
	procref := oracle.Need(t)
	caps := testcapture.All(t)
	compared := 0
	for _, c := range caps {
		t.Run(filepath.Base(c), func(t *testing.T) {
			view := t.TempDir()
			cmd := exec.Command(cgprocps, "procfs", view)
			cmd.Env = append(os.Environ(), "CGPROCPS_ROOT="+c)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("procfs: %v\n%s", err, out)
			}
			home := t.TempDir()
			env := []string{"TERM=xterm", "HOME=" + home, "XDG_CONFIG_HOME=", "LC_ALL=C", "LANG=C", "COLUMNS=", "LINES=", "TZ=UTC"}
			p := &pair{t: t, home: home}
			p.ours = tmux.Start(t, 80, 24, append(env, "CGPROCPS_ROOT="+c), cgprocps, "top")
			p.real = tmux.Start(t, 80, 24, env, procref, "-p", view, realTop)
			p.ours.WaitFor("load average", "PID USER")
			p.real.WaitFor("load average", "PID USER")
			p.sameSummary("start")
			for _, k := range []string{"1", "t", "t", "t", "t", "m", "m", "m", "m", "1", "E", "E", "E", "E", "E", "E", "Space"} {
				p.both(k)
				p.sync()
				p.sameSummary("key " + k)
			}
			p.both("q")
			p.ours.WaitExit()
			p.real.WaitExit()
			compared += p.compared
		})
	}
	t.Logf("%d summaries compared", compared)
}

var clock = regexp.MustCompile(`^top - (\d\d:\d\d:\d\d)`)

// summary is the screen's summary lines but Tasks/Threads, clock masked.
func summary(screen string) string {
	var keep []string
	for _, l := range strings.Split(screen, "\n") {
		if l == "" || headerRow.MatchString(l) {
			break
		}
		if strings.HasPrefix(l, "Tasks:") || strings.HasPrefix(l, "Threads:") {
			continue
		}
		keep = append(keep, tmux.Mask(l, clock))
	}
	return strings.Join(keep, "\n")
}

func (p *pair) sameSummary(step string) {
	p.t.Helper()
	deadline := time.Now().Add(tmux.Timeout)
	for {
		o, r := summary(p.ours.Capture()), summary(p.real.Capture())
		if o == r && o != "" {
			p.compared++
			return
		}
		if time.Now().After(deadline) {
			p.t.Errorf("after %s the summaries differ (want: real top, got: ours):\n%s", step, tmux.DiffScreens(r, o))
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}
