package uptime

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/internal/profile"
)

func TestFormatDefaultPerRelease(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	loads := [3]float64{0.5, 1, 2}
	for _, c := range []struct {
		v     profile.Procps
		up    float64
		users int
		want  string
	}{
		{profile.Procps4_0_2, 60, 0, " 03:04:05 up 1 min,  0 user,  load average: 0.50, 1.00, 2.00"},
		{profile.Procps3_3_17, 60, 0, " 03:04:05 up 1 min,  0 users,  load average: 0.50, 1.00, 2.00"},
		{profile.Procps4_0_4, 60, 0, " 03:04:05 up 1 min,  0 users,  load average: 0.50, 1.00, 2.00"},
		{profile.Procps4_0_4, 86400, 1, " 03:04:05 up 1 day, 0 min,  1 user,  load average: 0.50, 1.00, 2.00"},
		// (int) of a huge uptime is INT_MIN: a negative day count, "days" but in 4.0.2.
		{profile.Procps4_0_2, 1e300, 2, " 03:04:05 up -24855 day, -3:-14,  2 users,  load average: 0.50, 1.00, 2.00"},
		{profile.Procps3_3_17, 1e300, 2, " 03:04:05 up -24855 days, -3:-14,  2 users,  load average: 0.50, 1.00, 2.00"},
	} {
		if got := FormatDefaultFor(c.v, now, c.up, c.users, loads); got != c.want {
			t.Errorf("%v up %v users %d:\n got %q\nwant %q", c.v, c.up, c.users, got, c.want)
		}
	}
}

func TestFormatPretty3317(t *testing.T) {
	const day = 86400
	for up, want := range map[float64]string{
		0.5:              "up 0 minutes",
		60:               "up 1 minute",
		3600:             "up 1 hour",
		364 * day:        "up ", // weeks modulo 52, days modulo 7: nothing left to print
		365 * day:        "up 1 year, 1 day",
		366 * day:        "up 1 year, 2 days",
		3650*day + 3600:  "up 1 decade, 1 week, 3 days, 1 hour", // 365-day years, 52-week years
		11*365*day + 120: "up 1 decade, 1 year, 1 week, 4 days, 2 minutes",
	} {
		if got := FormatPrettyFor(profile.Procps3_3_17, up); got != want {
			t.Errorf("3.3.17 -p of %v: %q, want %q", up, got, want)
		}
	}
}

// 4.0.4 truncates the start time where 3.3.17 and 4.0.2 round it.
func TestFormatSincePerRelease(t *testing.T) {
	now := time.Date(2026, 11, 22, 21, 0, 0, 700_000_000, time.UTC)
	if got := FormatSinceFor(profile.Procps4_0_2, now, 0.1); got != "2026-11-22 21:00:01" {
		t.Errorf("4.0.2: %q", got)
	}
	if got := FormatSinceFor(profile.Procps3_3_17, now, 0.1); got != "2026-11-22 21:00:01" {
		t.Errorf("3.3.17: %q", got)
	}
	if got := FormatSinceFor(profile.Procps4_0_4, now, 0.1); got != "2026-11-22 21:00:00" {
		t.Errorf("4.0.4: %q", got)
	}
}

func TestCountSessions(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"1": "UID=1000\nCLASS=user\n", "2": "CLASS=greeter\n", "3": "CLASS=user-early\n", ".4": "CLASS=user\n",
		"5~": "CLASS=user\n", "6": "UID=0\n",
	} {
		os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)
	}
	syscall.Mkfifo(filepath.Join(dir, "1.ref"), 0o600)
	os.Mkdir(filepath.Join(dir, "7"), 0o755)
	if n, ok := countSessions(dir); n != 2 || !ok {
		t.Errorf("countSessions = %d, %v; want 2, true", n, ok)
	}
	if n, ok := countSessions(filepath.Join(dir, "none")); n != 0 || ok {
		t.Errorf("no folder: %d, %v", n, ok)
	}
	empty := t.TempDir()
	if _, ok := countSessions(empty); ok {
		t.Error("an empty folder lists sessions")
	}
}

func TestMainVersionPerRelease(t *testing.T) {
	for _, v := range []profile.Procps{profile.Procps3_3_17, profile.Procps4_0_2, profile.Procps4_0_4} {
		var out, errb bytes.Buffer
		MainProfile(profile.Profile{Procps: v}, "uptime", []string{"-V"}, &out, &errb)
		if want := "uptime from procps-ng " + v.String() + " (cgprocps "; !strings.HasPrefix(out.String(), want) {
			t.Errorf("-V: %q, want %q...", out.String(), want)
		}
	}
}
