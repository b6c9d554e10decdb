package free

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/profile"
	"github.com/cgprocps/cgprocps/internal/toolinfo"
)

var releases = []profile.Procps{profile.Procps3_3_17, profile.Procps4_0_2, profile.Procps4_0_4}

// Each release's --help describes exactly its getopt tables.
func TestHelpMatchesOptionsPerRelease(t *testing.T) {
	for _, v := range releases {
		for _, p := range toolinfo.CheckOptions(toolinfo.ParseHelp(helpFor(v)), shortOptsFor(v), parserOptsFor(v)) {
			t.Errorf("%v: %s", v, p)
		}
	}
	if strings.Contains(helpFor(profile.Procps3_3_17), "--committed") || !strings.Contains(helpFor(profile.Procps4_0_4), "--line") {
		t.Error("3.3.17's help names --committed or 4.0.4's lacks --line")
	}
}

func TestComputeFor3317(t *testing.T) {
	text := "MemTotal: 1000 kB\nMemFree: 300 kB\nMemAvailable: 600 kB\nBuffers: 50 kB\nCached: 100 kB\nSReclaimable: 20 kB\n" +
		"SwapTotal: 100 kB\nSwapFree: 200 kB\nLowTotal: 800 kB\nLowFree: 900 kB\n"
	v := ComputeFor(meminfo(t, text), profile.Procps3_3_17)
	// used = 1000 - 300 - 120 - 50; the other used values wrap.
	if v.MemUsed != 530 || v.SwapUsed != ^uint64(99) || v.LowUsed != ^uint64(99) {
		t.Errorf("3.3.17: %+v", v)
	}
	if v := ComputeFor(meminfo(t, text), profile.Procps4_0_4); v.MemUsed != 400 || v.SwapUsed != 0 || v.LowUsed != 0 {
		t.Errorf("4.0.4: %+v", v)
	}
	// total - free - cache below 0: total - free.
	if v := ComputeFor(meminfo(t, "MemTotal: 1000 kB\nMemFree: 900 kB\nCached: 500 kB\n"), profile.Procps3_3_17); v.MemUsed != 100 {
		t.Errorf("3.3.17 negative used: %d", v.MemUsed)
	}
}

// The expected cells are what the real free 3.3.17 (Debian 11) printed for these values.
func TestScaleSize3317(t *testing.T) {
	old := Options{Version: profile.Procps3_3_17}
	for _, c := range []struct {
		kib  uint64
		o    func(Options) Options
		want string
	}{
		{20492, func(o Options) Options { o.Human = true; return o }, "20Mi"},
		{524288, func(o Options) Options { o.Human = true; return o }, "512Mi"},
		{524288, func(o Options) Options { o.Human, o.SI = true, true; return o }, "512M"}, // 1024s, SI letter
		{160850, func(o Options) Options { o.Human, o.SI = true, true; return o }, "157M"},
		{500, func(o Options) Options { o.Human = true; return o }, "0.0Ki"}, // under a MiB
		{0, func(o Options) Options { o.Human = true; return o }, "0B"},
		{524288, func(o Options) Options { o.SI = true; return o }, "524288"}, // default unit ignores --si
		{524288, func(o Options) Options { o.Exponent, o.SI = ExpMega, true; return o }, "536"},
		{524288, func(o Options) Options { o.Exponent = ExpBytes; return o }, "536870912"},
	} {
		if got := ScaleSize(c.kib, c.o(old)); got != c.want {
			t.Errorf("ScaleSize(%d, %+v) = %q, want %q", c.kib, c.o(old), got, c.want)
		}
	}
	// 4.0.2 and 4.0.4 differ there.
	if got := ScaleSize(524288, Options{Human: true, SI: true, Version: profile.Procps4_0_4}); got != "536M" {
		t.Errorf("4.0.4 -h --si: %q", got)
	}
}

// -L (4.0.4): one line per report, the real free's bytes; no blank line between reports.
func TestLine404(t *testing.T) {
	v := Values{MemTotal: 524288, MemUsed: 303694, MemFree: 145772, Buffers: 0, Cache: 160850, SwapTotal: 262144}
	want := "SwapUse           0 CachUse      160850  MemUse      303694 MemFree      145772 \n"
	if got := string(AppendReport(nil, v, Options{Line: true, Version: profile.Procps4_0_4})); got != want {
		t.Errorf("-L:\n%q\nwant\n%q", got, want)
	}
	dir := t.TempDir()
	os.MkdirAll(dir+"/proc", 0o755)
	os.WriteFile(dir+"/proc/meminfo", []byte("MemTotal: 1000 kB\nMemFree: 400 kB\nMemAvailable: 500 kB\n"), 0o644)
	t.Setenv("CGPROCPS_ROOT", dir)
	var out, errb bytes.Buffer
	pr := profile.Profile{Procps: profile.Procps4_0_4}
	line := "SwapUse           0 CachUse           0  MemUse         500 MemFree         400 \n"
	if code := MainProfile(pr, "free", []string{"--host", "-L", "-c", "2", "-s", "0.01"}, &out, &errb); code != 0 || out.String() != line+line {
		t.Errorf("-L -c 2: exit %d, %q, %q", code, out.String(), errb.String())
	}
}

// Options one release has and another lacks; -V names the release.
func TestMainPerRelease(t *testing.T) {
	for _, c := range []struct {
		v    profile.Procps
		args []string
		code int
		err  string
	}{
		{profile.Procps3_3_17, []string{"-v"}, 1, "free: invalid option -- 'v'\n"},
		{profile.Procps3_3_17, []string{"--committed"}, 1, "free: unrecognized option '--committed'\n"},
		{profile.Procps3_3_17, []string{"-k", "-m"}, 1, "free: Multiple unit options doesn't make sense.\n"},
		{profile.Procps4_0_2, []string{"-k", "-m"}, 1, "free: Multiple unit options don't make sense.\n"},
		{profile.Procps4_0_2, []string{"-L"}, 1, "free: invalid option -- 'L'\n"},
		{profile.Procps4_0_4, []string{"--l"}, 1, "free: option '--l' is ambiguous; possibilities: '--lohi' '--line'\n"},
	} {
		var out, errb bytes.Buffer
		code := MainProfile(profile.Profile{Procps: c.v}, "free", c.args, &out, &errb)
		if first, _, _ := strings.Cut(errb.String(), "\n"); code != c.code || first+"\n" != c.err {
			t.Errorf("%v free %v: exit %d, stderr %q", c.v, c.args, code, errb.String())
		}
	}
	for _, v := range releases {
		var out, errb bytes.Buffer
		MainProfile(profile.Profile{Procps: v}, "free", []string{"-V"}, &out, &errb)
		if want := "free from procps-ng " + v.String() + " (cgprocps "; !strings.HasPrefix(out.String(), want) {
			t.Errorf("-V: %q, want %q...", out.String(), want)
		}
	}
}

// 3.3.17 without MemAvailable estimates it from vm.min_free_kbytes, and exits 102 with its
// library's message when that file cannot be opened.
func TestEstimate3317(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(dir+"/proc/sys/vm", 0o755)
	os.WriteFile(dir+"/proc/meminfo", []byte("MemTotal: 10000 kB\nMemFree: 3000 kB\nActive(file): 2000 kB\nInactive(file): 1000 kB\nSReclaimable: 400 kB\n"), 0o644)
	t.Setenv("CGPROCPS_ROOT", dir)
	pr := profile.Profile{Procps: profile.Procps3_3_17}
	var out, errb bytes.Buffer
	if code := MainProfile(pr, "free", []string{"--host"}, &out, &errb); code != 102 || !strings.HasPrefix(errb.String(), "Error: /proc must be mounted\n") {
		t.Errorf("no min_free_kbytes: exit %d, %q", code, errb.String())
	}
	os.WriteFile(dir+"/proc/sys/vm/min_free_kbytes", []byte("800\n"), 0o644)
	out.Reset()
	// low watermark 1000: 3000 - 1000 + 3000 - min(1500, 1000) + 400 - min(200, 1000) = 4200.
	if code := MainProfile(pr, "free", []string{"--host"}, &out, &errb); code != 0 || !strings.HasSuffix(strings.Split(out.String(), "\n")[1], " 4200") {
		t.Errorf("estimate: exit %d, %q", code, out.String())
	}
}
