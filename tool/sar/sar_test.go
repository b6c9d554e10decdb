package sar

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/internal/testcapture"
)

func fixture(t *testing.T) string {
	t.Helper()
	return testcapture.Path(t, "v1-512m-1.5cpu")
}

// fastClock replaces the sleep between samples with a step of the sample clock.
func fastClock(t *testing.T) {
	t.Helper()
	clock := time.Date(2026, 11, 22, 14, 5, 10, 0, time.UTC)
	oldSleep, oldNow := sleep, now
	sleep = func(d time.Duration) { clock = clock.Add(d) }
	now = func() time.Time { return clock }
	t.Cleanup(func() { sleep, now = oldSleep, oldNow })
	t.Setenv("TZ", "UTC")
	t.Setenv("LC_ALL", "C")
	t.Setenv("S_TIME_FORMAT", "")
}

func runMain(args ...string) (string, string, int) {
	var o, e bytes.Buffer
	code := Main("sar", args, &o, &e)
	return o.String(), e.String(), code
}

// Over a frozen capture every interval is zero: -q and -r repeat the capture's values, the
// header shows once (one report, one item) and the Average rows follow directly.
func TestLiveLoopLayout(t *testing.T) {
	t.Setenv("CGPROCPS_ROOT", fixture(t))
	fastClock(t)
	out, errs, code := runMain("-q", "2", "3")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(out, "\n")
	want := []*regexp.Regexp{
		regexp.MustCompile(`^Linux .* \t11/22/26 \t_.*_\t\(2 CPU\)$`),
		regexp.MustCompile(`^$`),
		regexp.MustCompile(`^14:05:10      runq-sz  plist-sz   ldavg-1   ldavg-5  ldavg-15   blocked$`),
		regexp.MustCompile(`^14:05:12 +\d+ +\d+ +\d+\.\d\d +\d+\.\d\d +\d+\.\d\d +\d+$`),
		regexp.MustCompile(`^14:05:14 `),
		regexp.MustCompile(`^14:05:16 `),
		regexp.MustCompile(`^Average: `),
		regexp.MustCompile(`^$`),
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), out)
	}
	for i, re := range want {
		if !re.MatchString(lines[i]) {
			t.Errorf("line %d %q does not match %s", i, lines[i], re)
		}
	}
	// Several reports: a header before every sample and before the Average block.
	out, _, _ = runMain("-u", "-q", "1", "2")
	if n := strings.Count(out, "runq-sz"); n != 3 {
		t.Errorf("-u -q: %d queue headers, want 3:\n%s", n, out)
	}
}

func TestISOAndTwelveHour(t *testing.T) {
	t.Setenv("CGPROCPS_ROOT", fixture(t))
	fastClock(t)
	t.Setenv("S_TIME_FORMAT", "ISO")
	out, _, _ := runMain("-u", "1", "1")
	if !strings.Contains(out, "\t2026-11-22 \t") || !strings.Contains(out, "\n14:05:11        all") {
		t.Errorf("ISO:\n%s", out)
	}
	tf := timeFormat{twelveH: true}
	ts := time.Date(2026, 11, 22, 14, 3, 19, 0, time.UTC)
	if got := tf.clock(ts); got != "02:03:19 PM" {
		t.Errorf("12-hour clock %q", got)
	}
	if got := tf.date(ts); got != "11/22/2026" {
		t.Errorf("en_US date %q", got)
	}
}

// -o records every sample; -f reads them back and prints what the live run printed.
func TestRecordAndReadBack(t *testing.T) {
	t.Setenv("CGPROCPS_ROOT", fixture(t))
	fastClock(t)
	file := filepath.Join(t.TempDir(), "sa")
	live, errs, code := runMain("-o", file, "-r", "1", "3")
	if code != 0 || errs != "" {
		t.Fatalf("-o: exit %d: %s", code, errs)
	}
	back, errs, code := runMain("-f", file, "-r")
	if code != 0 || errs != "" {
		t.Fatalf("-f: exit %d: %s", code, errs)
	}
	if back != live {
		t.Errorf("-f differs from the live run\n--- live\n%s--- -f\n%s", live, back)
	}
	h, err := readHistory(file)
	if err != nil || len(h.samples) != 4 || h.partial || h.corrupt {
		t.Fatalf("history: %v %+v", err, h)
	}
	// -s/-e bounds: from the second sample on.
	back, _, _ = runMain("-f", file, "-q", "-s", "14:05:11")
	if strings.Contains(back, "14:05:10") || !strings.Contains(back, "14:05:13") {
		t.Errorf("-s 14:05:11:\n%s", back)
	}
	// Every report reads back from a recording (-o records them all).
	back, errs, code = runMain("-f", file, "-A")
	if code != 0 || !strings.Contains(back, "kbswpfree") || !strings.Contains(back, "%usr") {
		t.Errorf("-f -A: exit %d %s\n%s", code, errs, back)
	}
}

// A writer killed while it records leaves whole frames and at most one partial frame at
// the end: -f reads every whole record and warns once.
func TestTruncatedRecording(t *testing.T) {
	t.Setenv("CGPROCPS_ROOT", fixture(t))
	fastClock(t)
	file := filepath.Join(t.TempDir(), "sa")
	if _, errs, code := runMain("-o", file, "-u", "1", "5"); code != 0 {
		t.Fatalf("-o: %s", errs)
	}
	full, _ := os.ReadFile(file)
	whole, _ := parseHistory(full)
	for cut := len(fileMagic) + 1; cut < len(full); cut += 7 {
		h, err := parseHistory(full[:cut])
		if err != nil {
			continue // cut inside the header frame: nothing to show
		}
		if h.corrupt {
			t.Fatalf("cut at %d: reported as damaged", cut)
		}
		for i, s := range h.samples {
			if s.Time != whole.samples[i].Time || s.Uptime != whole.samples[i].Uptime {
				t.Fatalf("cut at %d: sample %d changed", cut, i)
			}
		}
	}
	os.WriteFile(file, full[:len(full)-3], 0o644)
	out, errs, code := runMain("-f", file)
	if code != 0 || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "incomplete") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	if n := strings.Count(out, "     all "); n != 5 { // 4 intervals of the 5 whole samples, and Average
		t.Errorf("%d rows:\n%s", n, out)
	}
}

// The real thing: a `sar -o` process killed with SIGKILL while it records.
func TestKilledRecorder(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a recorder for a few seconds")
	}
	exe := filepath.Join(t.TempDir(), "cgprocps")
	build := exec.Command("go", "build", "-o", exe, "github.com/cgprocps/cgprocps/cmd/cgprocps")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	file := filepath.Join(t.TempDir(), "sa")
	cmd := exec.Command(exe, "sar", "--host", "-o", file, "1")
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2500 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	h, err := readHistory(file)
	if err != nil || h.corrupt || len(h.samples) < 2 {
		t.Fatalf("after SIGKILL: %v, %d samples, corrupt %v", err, len(h.samples), h != nil && h.corrupt)
	}
	out, errs, code := runMain("-f", file, "-u")
	if code != 0 || strings.Count(out, "     all ") != len(h.samples) { // rows + Average
		t.Errorf("exit %d %s\n%s", code, errs, out)
	}
}

func TestOptionWords(t *testing.T) {
	for _, c := range []struct {
		args []string
		ok   bool
	}{
		{[]string{"-u", "ALL", "1"}, true}, {[]string{"-uALL"}, false}, {[]string{"-ru", "ALL", "1"}, true},
		{[]string{"-P", "0-1,all", "1"}, true}, {[]string{"-P", "1-", "1"}, true}, {[]string{"-P", "-1"}, false},
		{[]string{"--human", "--pretty", "1"}, true}, {[]string{"--pretty=1"}, false}, {[]string{"-q", "LOAD", "1"}, true},
	} {
		_, err := parseArgs(c.args)
		if (err == nil) != c.ok {
			t.Errorf("%q: err %v", c.args, err)
		}
	}
	o, _ := parseArgs([]string{"-q", "1", "2"})
	if o.interval != 1 || o.count != 2 || !o.rep.has(repQueue) {
		t.Errorf("-q 1 2: %+v", o)
	}
}

// SIGINT ends a run without a count: an empty line (sysstat's handler prints it over the
// terminal's "^C"), then the Average rows of the samples so far.
func TestInterrupt(t *testing.T) {
	t.Setenv("CGPROCPS_ROOT", fixture(t))
	fastClock(t)
	calls := 0
	stepped := sleep
	sleep = func(d time.Duration) {
		calls++
		if calls == 3 {
			syscall.Kill(os.Getpid(), syscall.SIGINT)
			select {} // the signal ends the wait
		}
		stepped(d)
	}
	out, errs, code := runMain("-q", "1")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !regexp.MustCompile(`\n14:05:12 [^\n]+\n\nAverage: [^\n]+\n$`).MatchString(out) {
		t.Errorf("after SIGINT:\n%s", out)
	}
}
