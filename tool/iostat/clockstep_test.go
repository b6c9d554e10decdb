package iostat

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/internal/cli"
	"github.com/cgprocps/cgprocps/internal/clocktest"
)

var stampRe = regexp.MustCompile(`(?m)^\d\d/\d\d/\d\d \d\d:\d\d:\d\d$`)

// A wall-clock step (an hour back, then an hour forward) after the first report of
// `iostat -t 1 3` and `iostat -x -t 1 3` moves only the timestamps: the interval reports'
// figures are counter deltas over the uptime's delta, and the counters advance by known
// amounts per second of (monotonic) sleep (internal/clocktest). Container mode: %user
// %system %idle = 40 10 50 (the cgroup busy half its capacity), the device's kB_read/s and
// kB_wrtn/s 4096 and 2048 (its blkio/io.stat bytes), r/s w/s 32 16, no times (a cgroup counts
// none). Host mode: 30 20 50 and the host's diskstats line: the same traffic, r_await 2 ms,
// w_await 5 ms, aqu-sz 0.14, %util 25.
func TestClockStep(t *testing.T) {
	clocktest.Each(t, func(t *testing.T, m *clocktest.Machine, c clocktest.Case) {
		t.Setenv("S_TIME_FORMAT", "")
		os.Unsetenv("S_TIME_FORMAT")
		oldWait, oldNow := wait, now
		t.Cleanup(func() { wait, now = oldWait, oldNow })

		cpu := "40.00 0.00 10.00 0.00 0.00 50.00" // %user %nice %system %iowait %steal %idle
		// Device tps kB_read/s kB_wrtn/s kB_dscd/s kB_read kB_wrtn kB_dscd
		basic := m.Device + " 48.00 4096.00 2048.00 0.00 4096 2048 0"
		// Device r/s rkB/s rrqm/s %rrqm r_await rareq-sz w/s wkB/s wrqm/s %wrqm w_await
		// wareq-sz d/s dkB/s drqm/s %drqm d_await dareq-sz f/s f_await aqu-sz %util
		ext := m.Device + " 32.00 4096.00 0.00 0.00 0.00 128.00 16.00 2048.00 0.00 0.00 0.00 128.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00"
		if c.Host {
			cpu = "30.00 0.00 20.00 0.00 0.00 50.00"
			ext = m.Device + " 32.00 4096.00 0.00 0.00 2.00 128.00 16.00 2048.00 0.00 0.00 5.00 128.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 0.14 25.00"
		}
		for _, run := range []struct {
			args []string
			dev  string
		}{{[]string{"-t", "1", "3"}, basic}, {[]string{"-x", "-t", "1", "3"}, ext}} {
			clk := clocktest.NewClock(t, m, c.Step, 1)
			now = clk.Now
			wait = func(_ time.Time, offset time.Duration, _ <-chan os.Signal) bool {
				clk.Sleep(offset - clk.Elapsed()) // the schedule is monotonic: 1 s each
				return false
			}
			var o, e bytes.Buffer
			if code := Main("iostat", c.Args(run.args...), &o, &e); code != 0 || e.Len() != 0 {
				t.Fatalf("%v: exit %d: %s", run.args, code, e.String())
			}
			out := o.String()
			if bad := clocktest.BadFigure(out); bad != "" {
				t.Errorf("%v: a negative, wrapped or undefined figure %q after a clock step:\n%s", run.args, bad, out)
			}
			if !strings.Contains(out, "\t"+clocktest.Start.In(cli.Local()).Format("01/02/06")+" \t") {
				t.Errorf("%v: the banner's date is not the clock's:\n%s", run.args, out)
			}
			stamps := stampRe.FindAllStringIndex(out, -1)
			if len(stamps) != 3 {
				t.Fatalf("%v: %d timestamps, want 3:\n%s", run.args, len(stamps), out)
			}
			for i, at := range stamps {
				want := clocktest.Start.Add(time.Duration(i) * time.Second)
				if i > 0 {
					want = want.Add(c.Step)
				}
				if got, w := out[at[0]:at[1]], want.In(cli.Local()).Format("01/02/06 15:04:05"); got != w {
					t.Errorf("%v: report %d at %s, want %s (the stepped wall clock)", run.args, i+1, got, w)
				}
				if i == 0 {
					continue // since boot
				}
				end := len(out)
				if i+1 < len(stamps) {
					end = stamps[i+1][0]
				}
				report := strings.Split(out[at[1]:end], "\n")
				var gotCPU, gotDev string
				for j, line := range report {
					if strings.HasPrefix(line, "avg-cpu:") && j+1 < len(report) {
						gotCPU = strings.Join(strings.Fields(report[j+1]), " ")
					}
					if f := strings.Fields(line); len(f) > 0 && f[0] == m.Device {
						gotDev = strings.Join(f, " ")
					}
				}
				if gotCPU != cpu {
					t.Errorf("%v: report %d: avg-cpu %q, want %q", run.args, i+1, gotCPU, cpu)
				}
				if gotDev != run.dev {
					t.Errorf("%v: report %d: device line\n%q, want\n%q", run.args, i+1, gotDev, run.dev)
				}
			}
			if clk.Sleeps() != 2 || clk.Elapsed() != 2*time.Second {
				t.Errorf("%v: %d sleeps over %v, want 2 over 2 s", run.args, clk.Sleeps(), clk.Elapsed())
			}
		}
	})
}
