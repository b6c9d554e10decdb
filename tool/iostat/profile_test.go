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
