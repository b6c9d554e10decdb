package vmstat

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/internal/cli"
	"github.com/cgprocps/cgprocps/internal/clocktest"
)

// A wall-clock step (an hour back, then an hour forward) after the first interval of
// `vmstat -t 1 3` moves only the timestamp column: the interval lines' figures come from the
// kernel's counters, which advance by known amounts per second of sleep (internal/clocktest).
// Container mode: us sy id = 40 10 50 (the cgroup is busy half its capacity, 4:1 user:system),
// bi bo = 4096 2048 (the cgroup's blkio/io.stat bytes), in cs = 0 (no interrupts, and the
// capture's threads do not switch). Host mode: us sy id = 30 20 50, bi bo = 4096 2048 (the
// host's pgpgin/pgpgout), in cs = 1000 2000.
func TestClockStep(t *testing.T) {
	clocktest.Each(t, func(t *testing.T, m *clocktest.Machine, c clocktest.Case) {
		clk := clocktest.NewClock(t, m, c.Step, 1)
		oldSleep, oldNow := sleepSeconds, now
		sleepSeconds = func(n uint64) { clk.Sleep(time.Duration(n) * time.Second) }
		now = clk.Now
		t.Cleanup(func() { sleepSeconds, now = oldSleep, oldNow })

		var o, e bytes.Buffer
		if code := Main("vmstat", c.Args("-t", "1", "3"), &o, &e); code != 0 || e.Len() != 0 {
			t.Fatalf("exit %d: %s", code, e.String())
		}
		out := o.String()
		if bad := clocktest.BadFigure(out); bad != "" {
			t.Errorf("a negative, wrapped or undefined figure %q after a clock step:\n%s", bad, out)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != 5 {
			t.Fatalf("%d lines, want 2 header lines and 3 samples:\n%s", len(lines), out)
		}
		want := "0 0 4096 2048 0 0 40 10 50 0 0" // si so bi bo in cs us sy id wa st
		if c.Host {
			want = "0 0 4096 2048 1000 2000 30 20 50 0 0"
		}
		stamps := []time.Time{clocktest.Start, clocktest.Start.Add(time.Second + c.Step), clocktest.Start.Add(2*time.Second + c.Step)}
		for i, line := range lines[2:] {
			f := strings.Fields(line)
			if len(f) != 19 {
				t.Fatalf("line %q: %d fields, want 19", line, len(f))
			}
			if ts, want := f[17]+" "+f[18], stamps[i].In(cli.Local()).Format("2006-01-02 15:04:05"); ts != want {
				t.Errorf("sample %d: timestamp %s, want %s (the stepped wall clock)", i+1, ts, want)
			}
			if i == 0 {
				continue // since boot
			}
			if got := strings.Join(f[6:17], " "); got != want {
				t.Errorf("interval %d: si so bi bo in cs us sy id wa st = %s, want %s\n%s", i, got, want, out)
			}
		}
		if clk.Sleeps() != 2 {
			t.Errorf("%d sleeps, want 2", clk.Sleeps())
		}
	})
}
