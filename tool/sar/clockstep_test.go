package sar

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/internal/cli"
	"github.com/cgprocps/cgprocps/internal/clocktest"
)

// A wall-clock step between samples (an NTP correction, a manual date -s) changes only the
// time column: intervals and rates come from the kernel's uptime, so nothing goes negative or
// wraps, and the Average rows still follow. Over a frozen capture (this test's first part)
// every interval is empty; the second part runs over a copy whose counters advance by known
// amounts per second of sleep (internal/clocktest) and checks the rates.
func TestClockStep(t *testing.T) {
	t.Setenv("CGPROCPS_ROOT", fixture(t))
	fastClock(t)
	steps := 0
	base := sleep
	sleep = func(d time.Duration) {
		base(d)
		steps++
		if steps == 1 {
			base(-time.Hour) // the clock steps back an hour after the first interval
		}
	}
	out, errs, code := runMain("-u", "-q", "-r", "1", "3")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "\n14:05:10 ") || !strings.Contains(out, "\n13:05:11 ") || !strings.Contains(out, "\n13:05:13 ") {
		t.Errorf("want the time column to follow the stepped clock (14:05:10, then 13:05:11 to 13:05:13):\n%s", out)
	}
	if regexp.MustCompile(`\s-\d|1844674407|-nan|inf`).MatchString(out) {
		t.Errorf("a negative, wrapped or undefined figure after a clock step:\n%s", out)
	}
	if n := strings.Count(out, "\nAverage:"); n != 6 {
		t.Errorf("%d Average lines, want 6 (a header and a row per report):\n%s", n, out)
	}
}

// `sar -u -B -b -d -p 1 3` over a capture whose counters advance, the wall clock stepping an
// hour back or forward after the first interval: every row and the Average row hold the
// injected rates. Container mode: %user %system %idle = 40 10 50 (the cgroup busy half its
// capacity), the device's 32 reads and 16 writes of 4096 and 2048 kB per second (its blkio /
// io.stat counters), no times. Host mode: 30 20 50 and the host's diskstats line with await
// 3 ms, aqu-sz 0.14, %util 25. The rows' time column follows the stepped clock.
func TestClockStepRates(t *testing.T) {
	clocktest.Each(t, func(t *testing.T, m *clocktest.Machine, c clocktest.Case) {
		t.Setenv("S_TIME_FORMAT", "")
		clk := clocktest.NewClock(t, m, c.Step, 1)
		oldSleep, oldNow := sleep, now
		sleep, now = clk.Sleep, clk.Now
		t.Cleanup(func() { sleep, now = oldSleep, oldNow })

		out, errs, code := runMain(c.Args("-u", "-B", "-b", "-d", "-p", "1", "3")...)
		if code != 0 || errs != "" {
			t.Fatalf("exit %d: %s", code, errs)
		}
		if bad := clocktest.BadFigure(out); bad != "" {
			t.Errorf("a negative, wrapped or undefined figure %q after a clock step:\n%s", bad, out)
		}
		// The figures after the time column, by report.
		want := map[string]string{
			"cpu":  "all 40.00 0.00 10.00 0.00 0.00 50.00",               // CPU %user %nice %system %iowait %steal %idle
			"io":   "48.00 32.00 16.00 0.00 8192.00 4096.00 0.00",        // tps rtps wtps dtps bread/s bwrtn/s bdscd/s
			"disk": "48.00 4096.00 2048.00 0.00 128.00 0.00 0.00 0.00",   // tps rkB/s wkB/s dkB/s areq-sz aqu-sz await %util
			"page": "4096.00 2048.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00", // pgpgin/s pgpgout/s fault/s ... %vmeff
		}
		if c.Host {
			want["cpu"] = "all 30.00 0.00 20.00 0.00 0.00 50.00"
			want["disk"] = "48.00 4096.00 2048.00 0.00 128.00 0.14 3.00 25.00"
		}
		devNames := map[string]bool{m.Device: true, fmt.Sprintf("dev%d-%d", m.Major, m.Minor): true}
		stamps := map[string]bool{"Average:": true}
		for i := 1; i <= 3; i++ {
			stamps[clocktest.Start.Add(time.Duration(i)*time.Second+c.Step).In(cli.Local()).Format("15:04:05")] = true
		}
		rows := map[string]int{}
		kind := ""
		for _, line := range strings.Split(out, "\n")[1:] {
			f := strings.Fields(line)
			switch {
			case len(f) < 2:
				continue
			case f[1] == "CPU":
				kind = "cpu"
				continue
			case f[1] == "pgpgin/s":
				kind = "page"
				continue
			case f[len(f)-1] == "DEV":
				kind = "disk"
				continue
			case f[2] == "rtps":
				kind = "io"
				continue
			}
			if !stamps[f[0]] {
				t.Errorf("row %q: want the stepped wall clock's time", line)
			}
			rest := strings.Join(f[1:], " ")
			if kind == "disk" {
				name := f[len(f)-1]
				rest = strings.Join(f[1:len(f)-1], " ")
				if !devNames[name] {
					if strings.Trim(rest, "0. ") != "" {
						t.Errorf("row %q: traffic on a device that had none", line)
					}
					continue
				}
			}
			if rest != want[kind] {
				t.Errorf("%s row %q:\n got %q\nwant %q", kind, line, rest, want[kind])
			}
			rows[kind]++
		}
		for kind := range want {
			if rows[kind] != 4 {
				t.Errorf("%d %s rows, want 3 and an Average:\n%s", rows[kind], kind, out)
			}
		}
		if strings.Count(out, "\n"+clocktest.Start.In(cli.Local()).Format("15:04:05")+" ") != 4 {
			t.Errorf("want the 4 first headers at the start's time:\n%s", out)
		}
	})
}
