package iostat

import (
	"bufio"
	"bytes"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/profile"
)

var releases = []profile.Sysstat{profile.Sysstat12_5, profile.Sysstat12_6, profile.Sysstat12_7}

// What each release accepts (test/diff's TestIostatErrorsVsRealRoots checks it against the
// real ones): --compact from 12.6, --dec= with a non-digit (atoi's 0) before 12.7.
func TestParseArgsProfiles(t *testing.T) {
	for _, tc := range []struct {
		args string
		ok   [3]bool // 12.5, 12.6, 12.7
	}{
		{"--compact", [3]bool{false, true, true}},
		{"-x --compact -h", [3]bool{false, true, true}},
		{"--dec=x", [3]bool{true, true, false}},
		{"--dec=-", [3]bool{true, true, false}},
		{"--dec=2", [3]bool{true, true, true}},
		{"--dec=3", [3]bool{false, false, false}},
		{"-x --pretty --human", [3]bool{true, true, true}},
	} {
		for i, ver := range releases {
			c, ok, msg := parseArgs(ver, strings.Fields(tc.args))
			if ok != tc.ok[i] || !ok && msg != "" {
				t.Errorf("%s %q: ok %v %q, want %v", ver, tc.args, ok, msg, tc.ok[i])
			}
			if ok && c.ver != ver {
				t.Errorf("%s %q: config's release %s", ver, tc.args, c.ver)
			}
		}
	}
}

// The usage text names --compact from 12.6 on.
func TestUsageProfiles(t *testing.T) {
	for _, ver := range releases {
		var o, e bytes.Buffer
		if code := MainProfile(profile.Profile{Sysstat: ver}, "iostat", []string{"-q"}, &o, &e); code != 1 || o.Len() != 0 {
			t.Errorf("%s: exit %d, stdout %q", ver, code, o.String())
		}
		if has := strings.Contains(e.String(), "[ --compact ] [ --dec="); has != (ver != profile.Sysstat12_5) {
			t.Errorf("%s: usage %q", ver, e.String())
		}
	}
}

// -V names the release; 12.7 first prints the variables it reads that are set.
func TestVersionProfiles(t *testing.T) {
	t.Setenv("S_COLORS", "never")
	t.Setenv("S_TIME_FORMAT", "ISO")
	for _, ver := range releases {
		var o, e bytes.Buffer
		if code := MainProfile(profile.Profile{Sysstat: ver}, "/usr/bin/iostat", []string{"-V"}, &o, &e); code != 0 || e.Len() != 0 {
			t.Fatalf("%s: exit %d, stderr %q", ver, code, e.String())
		}
		want := "iostat from sysstat " + ver.String() + " (cgprocps "
		if ver == profile.Sysstat12_7 {
			want = "S_COLORS=never\nS_TIME_FORMAT=ISO\n" + want
		}
		if !strings.HasPrefix(o.String(), want) {
			t.Errorf("%s: %q, want %q...", ver, o.String(), want)
		}
	}
}

// 12.7 colours the CPU percentages by direction: %idle is bad when low, the others when high;
// 12.6 and 12.5 by value alone (High from 75, Low from 50).
func TestCPUColoursProfiles(t *testing.T) {
	for _, tc := range []struct {
		ver       profile.Sysstat
		user, idl uint64
		want      string
	}{
		{profile.Sysstat12_6, 20, 80, "<N>   20.00<0><Z>    0.00<0><Z>    0.00<0><Z>    0.00<0><Z>    0.00<0><H>   80.00<0>"},
		{profile.Sysstat12_5, 20, 80, "<N>   20.00<0><Z>    0.00<0><Z>    0.00<0><Z>    0.00<0><Z>    0.00<0><H>   80.00<0>"},
		{profile.Sysstat12_7, 20, 80, "<N>   20.00<0><Z>    0.00<0><Z>    0.00<0><Z>    0.00<0><Z>    0.00<0><N>   80.00<0>"},
		{profile.Sysstat12_6, 92, 8, "<H>   92.00<0><Z>    0.00<0><Z>    0.00<0><Z>    0.00<0><Z>    0.00<0><N>    8.00<0>"},
		{profile.Sysstat12_7, 92, 8, "<H>   92.00<0><Z>    0.00<0><Z>    0.00<0><Z>    0.00<0><Z>    0.00<0><H>    8.00<0>"},
		{profile.Sysstat12_7, 80, 20, "<L>   80.00<0><Z>    0.00<0><Z>    0.00<0><Z>    0.00<0><Z>    0.00<0><L>   20.00<0>"},
	} {
		var b bytes.Buffer
		st := &state{cfg: config{ver: tc.ver, flags: fCPU}}
		st.o = &out{ver: tc.ver, w: bufio.NewWriter(&b), dplaces: -1,
			c: colors{High: "<H>", Low: "<L>", Zero: "<Z>", NonZero: "<N>", Normal: "<0>"}}
		st.cpu[1] = cpuSample{user: tc.user, idle: tc.idl}
		st.writeCPU(1, 0)
		st.o.w.Flush()
		if got := b.String(); !strings.Contains(got, "\n       "+tc.want+"\n") {
			t.Errorf("%s: %q, want the line %q", tc.ver, got, tc.want)
		}
	}
}

// A device whose reads fell and writes rose between two reports: 12.7 prints 0 for r/s,
// rkB/s, rrqm/s, aqu-sz and %util and no r_await; 12.6 the unsigned differences.
func TestBackwardsProfiles(t *testing.T) {
	prev := ioStats{rdIOs: 1000, rdMerges: 10, rdSectors: 8000, rdTicks: 500, wrIOs: 10, wrSectors: 80, wrTicks: 5, totTicks: 900, rqTicks: 900}
	cur := ioStats{rdIOs: 900, rdMerges: 5, rdSectors: 7000, rdTicks: 400, wrIOs: 110, wrSectors: 880, wrTicks: 105, totTicks: 800, rqTicks: 800}
	fields := func(ver profile.Sysstat) []string {
		var b bytes.Buffer
		st := &state{cfg: config{ver: ver, flags: fExtended | fKilobytes}}
		st.o = &out{ver: ver, w: bufio.NewWriter(&b), dplaces: -1}
		st.extStat(100, 2, 0, &device{name: "vda", tp: tDev}, &cur, &prev, 0, "vda")
		st.o.w.Flush()
		return strings.Fields(b.String())
	}
	old, now := fields(profile.Sysstat12_6), fields(profile.Sysstat12_7)
	if len(old) != 23 || len(now) != 23 {
		t.Fatalf("%q\n%q", old, now)
	}
	// vda r/s rkB/s rrqm/s %rrqm r_await rareq-sz w/s wkB/s wrqm/s %wrqm w_await wareq-sz
	// d/s dkB/s drqm/s %drqm d_await dareq-sz f/s f_await aqu-sz %util; %rrqm is the unsigned
	// ratio in both.
	want := "vda 0.00 0.00 0.00 100.00 0.00 0.00 100.00 400.00 0.00 0.00 1.00 4.00 " +
		"0.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00"
	if got := strings.Join(now, " "); got != want {
		t.Errorf("12.7: %q\n want %q", got, want)
	}
	for _, i := range []int{1, 2, 3, 6, 21, 22} { // r/s rkB/s rrqm/s rareq-sz aqu-sz %util
		if old[i] == "0.00" {
			t.Errorf("12.6 column %d: %q", i, old[i])
		}
	}
}
