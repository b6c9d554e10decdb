package sar

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// A wall-clock step between two samples (an NTP correction, a manual date -s) changes only the
// time column: intervals and rates come from the kernel's uptime, so nothing goes negative or
// wraps, and the Average rows still follow.
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
