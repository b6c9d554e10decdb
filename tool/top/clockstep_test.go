package top

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/internal/cli"
	"github.com/cgprocps/cgprocps/internal/clocktest"
)

var frameRe = regexp.MustCompile(`(?m)^top - `)

var cpuLineRe = regexp.MustCompile(`(?m)^%Cpu\(s\): *(\S+) us, *(\S+) sy, *(\S+) ni, *(\S+) id, *(\S+) wa, *(\S+) hi, *(\S+) si, *(\S+) st`)

// A wall-clock step (an hour back, then an hour forward) after the first frame of
// `top -b -n 3 -d 1` moves only the header's clock: the %Cpu(s) line of the later frames
// comes from the tick deltas of the kernel's counters, which advance by known amounts per
// second of sleep (internal/clocktest): 40.0 us 10.0 sy 50.0 id in container mode (the cgroup
// busy half its capacity, 4:1 user:system), 30.0 us 20.0 sy 50.0 id in host mode; and one
// task's %CPU, its tick delta over the uptime's delta, is the cgroup's busy rate (50*C). The
// first frame covers the priming pause (150 ms) and is only checked for sane figures.
func TestClockStep(t *testing.T) {
	clocktest.Each(t, func(t *testing.T, m *clocktest.Machine, c clocktest.Case) {
		clk := clocktest.NewClock(t, m, c.Step, 2) // sleep 1 is the priming pause
		oldSleep, oldNow := sleep, now
		sleep, now = clk.Sleep, clk.Now
		t.Cleanup(func() { sleep, now = oldSleep, oldNow })

		var o, e bytes.Buffer
		if code := Main("top", c.Args("-b", "-n", "3", "-d", "1"), &o, &e); code != 0 || e.Len() != 0 {
			t.Fatalf("exit %d: %s", code, e.String())
		}
		out := o.String()
		frames := frameRe.Split(out, -1)[1:]
		if len(frames) != 3 || !strings.HasPrefix(out, "top - ") {
			t.Fatalf("%d frames, want 3:\n%s", len(frames), out)
		}
		want := []string{"40.0", "10.0", "0.0", "50.0", "0.0", "0.0", "0.0", "0.0"}
		if c.Host {
			want = []string{"30.0", "20.0", "0.0", "50.0", "0.0", "0.0", "0.0", "0.0"}
		}
		clock := []time.Time{clocktest.Start, clocktest.Start.Add(time.Second + c.Step), clocktest.Start.Add(2*time.Second + c.Step)}
		for i, f := range frames {
			header := strings.Join(strings.SplitN(f, "\n", 6)[:5], "\n") // the summary area
			if bad := clocktest.BadFigure(header); bad != "" {
				t.Errorf("frame %d: a negative, wrapped or undefined figure %q after a clock step:\n%s", i+1, bad, header)
			}
			if hm := clock[i].In(cli.Local()).Format("15:04:05"); !strings.HasPrefix(f, hm+" up ") {
				t.Errorf("frame %d: header %q, want the stepped wall clock %s", i+1, strings.SplitN(f, "\n", 2)[0], hm)
			}
			cpu := cpuLineRe.FindStringSubmatch(header)
			if cpu == nil {
				t.Fatalf("frame %d: no %%Cpu(s) line:\n%s", i+1, header)
			}
			if i == 0 {
				continue // the priming interval
			}
			if got := strings.Join(cpu[1:], " "); got != strings.Join(want, " ") {
				t.Errorf("frame %d: %%Cpu(s) us sy ni id wa hi si st = %s, want %s\n%s", i+1, got, strings.Join(want, " "), header)
			}
		}
		// The task rows: the one process whose ticks advance at the cgroup's busy rate shows
		// 50*C %CPU over the uptime's interval (Irix mode); the others 0.0.
		task := strconv.FormatFloat(50*m.Capacity, 'f', 1, 64)
		for i, f := range frames[1:] {
			_, rows, _ := strings.Cut(f, "COMMAND\n")
			busy := 0
			for _, row := range strings.Split(strings.TrimSpace(rows), "\n") {
				fields := strings.Fields(row)
				if len(fields) < 12 {
					t.Fatalf("frame %d: task row %q", i+2, row)
				}
				switch fields[8] {
				case task:
					busy++
				case "0.0":
				default:
					t.Errorf("frame %d: %%CPU %s, want %s or 0.0: %q", i+2, fields[8], task, row)
				}
			}
			if busy != 1 {
				t.Errorf("frame %d: %d tasks at %s %%CPU, want 1:\n%s", i+2, busy, task, f)
			}
		}
		if clk.Sleeps() != 3 || clk.Elapsed() != 2*time.Second+PrimingDelay {
			t.Errorf("%d sleeps over %v, want the priming pause and 2 s", clk.Sleeps(), clk.Elapsed())
		}
	})
}
