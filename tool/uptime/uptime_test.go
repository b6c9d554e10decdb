package uptime

import (
	"bytes"
	"encoding/binary"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/internal/version"
)

// Every expected line below is what the real uptime 4.0.2 printed over an uptime file with
// that value (procref DIR uptime / uptime -p), the clock cut off.
var upCases = []struct {
	up           float64
	tail, pretty string
}{
	{0, " up 0 min,", "up 0 minutes"},
	{59.99, " up 0 min,", "up 0 minutes"},
	{60, " up 1 min,", "up "},
	{60.5, " up 1 min,", "up 1 minute"},
	{119, " up 1 min,", "up 1 minute"},
	{3599.99, " up 59 min,", "up 59 minutes"},
	{3600, " up  1:00,", "up 60 minutes"},
	{3600.5, " up  1:00,", "up 1 hour, 0 minutes"},
	{3660, " up  1:01,", "up 1 hour"},
	{3900, " up  1:05,", "up 1 hour, 5 minutes"},
	{7200, " up  2:00,", "up 2 hours, 0 minutes"},
	{7259.99, " up  2:00,", "up 2 hours, 0 minutes"},
	{7260, " up  2:01,", "up 2 hours"},
	{86399, " up 23:59,", "up 23 hours, 59 minutes"},
	{86400, " up 1 day, 0 min,", "up 24 hours, 0 minutes"},
	{86400.01, " up 1 day, 0 min,", "up 1 day, 0 minutes"},
	{90000, " up 1 day,  1:00,", "up 1 day, 60 minutes"},
	{90420, " up 1 day,  1:07,", "up 1 day, 1 hour, 7 minutes"},
	{172800, " up 2 days, 0 min,", "up 2 days, 0 minutes"},
	{604801, " up 7 days, 0 min,", "up 1 week, 0 minutes"},
	{31536000, " up 365 days, 0 min,", "up 52 weeks, 24 hours, 0 minutes"},
	{31536001, " up 365 days, 0 min,", "up 1 year, 0 minutes"},
	{315360001, " up 3650 days, 0 min,", "up 1 decade, 0 minutes"},
	{946080001, " up 10950 days, 0 min,", "up 3 decades, 0 minutes"},
	{2147483647, " up 24855 days,  3:14,", "up 6 decades, 8 years, 5 weeks, 3 hours, 14 minutes"},
	// beyond INT_MAX the C (int) conversion yields INT_MIN
	{4000000000, " up -24855 day, -3:-14,",
		"up -6 decade, -68 year, -3550 week, -24855 day, -596523 hour, -35791394 minutes"},
}

func TestFormatDefault(t *testing.T) {
	now := time.Date(2026, 11, 22, 9, 5, 7, 0, time.UTC)
	for _, tc := range upCases {
		got := FormatDefault(now, tc.up, 0, [3]float64{0.12, 3.45, 10})
		want := " 09:05:07" + tc.tail + "  0 user,  load average: 0.12, 3.45, 10.00"
		if got != want {
			t.Errorf("up %v:\n got %q\nwant %q", tc.up, got, want)
		}
	}
}

func TestFormatPretty(t *testing.T) {
	for _, tc := range upCases {
		if got := FormatPretty(tc.up); got != tc.pretty {
			t.Errorf("up %v: got %q, want %q", tc.up, got, tc.pretty)
		}
	}
}

func TestFormatDefaultUsersAndLoads(t *testing.T) {
	now := time.Date(2026, 1, 2, 23, 59, 59, 0, time.UTC)
	tests := []struct {
		users int
		loads [3]float64
		want  string
	}{
		{0, [3]float64{0, 0, 0}, " 23:59:59 up  1:05,  0 user,  load average: 0.00, 0.00, 0.00"},
		{1, [3]float64{1.5, 99.99, 100}, " 23:59:59 up  1:05,  1 user,  load average: 1.50, 99.99, 100.00"},
		{2, [3]float64{1000, 12345.67, 0.01}, " 23:59:59 up  1:05,  2 users,  load average: 1000.00, 12345.67, 0.01"},
		{12, [3]float64{0.285, 0.125, 6.25}, " 23:59:59 up  1:05, 12 users,  load average: 0.28, 0.12, 6.25"},
	}
	for _, tc := range tests {
		if got := FormatDefault(now, 3900, tc.users, tc.loads); got != tc.want {
			t.Errorf("got  %q\nwant %q", got, tc.want)
		}
	}
}

func TestFormatSince(t *testing.T) {
	base := time.Date(2026, 11, 22, 21, 0, 0, 0, time.UTC)
	tests := []struct {
		now  time.Time
		up   float64
		want string
	}{
		{base, 3600, "2026-11-22 20:00:00"},
		{base.Add(300 * time.Millisecond), 0.9, "2026-11-22 20:59:59"}, // 20:59:59.4 rounds down
		{base.Add(700 * time.Millisecond), 0.1, "2026-11-22 21:00:01"}, // 21:00:00.6 rounds up
		{base.Add(400 * time.Millisecond), 0, "2026-11-22 21:00:00"},
		{base.Add(600 * time.Millisecond), 0, "2026-11-22 21:00:01"},
		{base.Add(600*time.Millisecond + 999*time.Nanosecond), 0, "2026-11-22 21:00:01"}, // microseconds only
		{base, 86400*365 + 0.5, "2025-11-22 21:00:00"},
		{time.Date(2026, 3, 1, 0, 0, 0, 0, time.FixedZone("JST", 9*3600)), 1, "2026-02-28 23:59:59"},
	}
	for _, tc := range tests {
		if got := FormatSince(tc.now, tc.up); got != tc.want {
			t.Errorf("now %v up %v: got %q, want %q", tc.now, tc.up, got, tc.want)
		}
	}
}

func utmpRecord(typ int16, user string) []byte {
	r := make([]byte, utmpSize)
	binary.NativeEndian.PutUint16(r[0:], uint16(typ))
	copy(r[utmpUserOff:utmpUserOff+utmpUserSize], user)
	return r
}

func TestCountUsers(t *testing.T) {
	var b []byte
	b = append(b, utmpRecord(2, "reboot")...) // BOOT_TIME
	b = append(b, utmpRecord(7, "alice")...)  // USER_PROCESS
	b = append(b, utmpRecord(6, "LOGIN")...)  // LOGIN_PROCESS
	b = append(b, utmpRecord(7, "")...)       // USER_PROCESS without a name: not counted
	b = append(b, utmpRecord(8, "bob")...)    // DEAD_PROCESS
	b = append(b, utmpRecord(7, "bob")...)
	if got := CountUsers(b); got != 2 {
		t.Errorf("CountUsers = %d, want 2", got)
	}
	// a partial record at the end is not read
	if got := CountUsers(append(b, utmpRecord(7, "carol")[:200]...)); got != 2 {
		t.Errorf("CountUsers with partial record = %d, want 2", got)
	}
	if got := countUsers(t.TempDir() + "/missing"); got != 0 {
		t.Errorf("missing file: %d users", got)
	}
	path := t.TempDir() + "/utmp"
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := countUsers(path); got != 2 {
		t.Errorf("countUsers(file) = %d, want 2", got)
	}
}

func TestMainErrors(t *testing.T) {
	tests := []struct {
		args  []string
		first string
	}{
		{[]string{"foo"}, ""},
		{[]string{"-x"}, "uptime: invalid option -- 'x'"},
		{[]string{"--foo"}, "uptime: unrecognized option '--foo'"},
		{[]string{"--pr=1"}, "uptime: option '--pretty' doesn't allow an argument"},
		{[]string{"--since="}, "uptime: option '--since' doesn't allow an argument"},
		{[]string{"-p", "foo"}, ""},
		{[]string{"-px"}, "uptime: invalid option -- 'x'"},
		{[]string{"--", "foo"}, ""},
		{[]string{"--host", "--container"}, "uptime: --host and --container cannot be used together"},
		{[]string{"--container-id="}, "uptime: --container-id: empty container ID"},
	}
	for _, tc := range tests {
		var out, errb bytes.Buffer
		code := Main("uptime", tc.args, &out, &errb)
		first, _, _ := strings.Cut(errb.String(), "\n")
		if code != 1 || first != tc.first || out.Len() != 0 {
			t.Errorf("uptime %q: exit %d, first stderr line %q, stdout %q; want 1, %q", tc.args, code, first, out.String(), tc.first)
		}
	}
}

func TestMainVersionHelp(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-V", "foo"}, version.Line("uptime", version.Procps) + "\n"},
		{[]string{"--v"}, version.Line("uptime", version.Procps) + "\n"},
	}
	for _, tc := range tests {
		var out, errb bytes.Buffer
		if code := Main("uptime", tc.args, &out, &errb); code != 0 || out.String() != tc.want {
			t.Errorf("%q: exit %d, %q", tc.args, code, out.String())
		}
	}
	for _, args := range [][]string{{"-h", "foo"}, {"--h"}, {"--help"}} {
		var out, errb bytes.Buffer
		code := Main("/usr/bin/uptime", args, &out, &errb)
		if code != 0 || !strings.HasPrefix(out.String(), "\nUsage:\n uptime [options]\n") {
			t.Errorf("%q: exit %d, %q", args, code, out.String())
		}
		for _, opt := range []string{"--pretty", "--since", "--help", "--version", "--host", "--container", "--cgroup", "--pid"} {
			if !strings.Contains(out.String(), opt) {
				t.Errorf("help lacks %s", opt)
			}
		}
	}
}

// TestMainOverFixture runs Main end to end over a fixture root in host mode.
func TestMainOverFixture(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(dir+"/proc", 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(dir+"/proc/uptime", []byte("90420.37 100.00\n"), 0o644)
	os.WriteFile(dir+"/proc/loadavg", []byte("0.12 3.45 10.00 1/100 200\n"), 0o644)
	t.Setenv("CGPROCPS_ROOT", dir)
	var out, errb bytes.Buffer
	code := Main("uptime", []string{"--host", "-p"}, &out, &errb)
	if strings.Contains(errb.String(), "not implemented") {
		t.Skip("cgview readers not implemented yet")
	}
	if code != 0 || out.String() != "up 1 day, 1 hour, 7 minutes\n" {
		t.Errorf("-p: exit %d, %q, stderr %q", code, out.String(), errb.String())
	}
	out.Reset()
	code = Main("uptime", []string{"--host"}, &out, &errb)
	got := out.String()
	users := countUsers(UtmpFile) // the host's logins, whatever the root
	want := " up 1 day,  1:07,  0 user,  load average: 0.12, 3.45, 10.00\n"
	if users > 0 {
		want = strings.Replace(FormatDefault(time.Time{}, 90420, users, [3]float64{0.12, 3.45, 10}), " 00:00:00", "", 1) + "\n"
	}
	if code != 0 || len(got) < 9 || got[9:] != want {
		t.Errorf("default: exit %d, %q, stderr %q", code, got, errb.String())
	}
}
