package sysstat

import (
	"os"
	"testing"

	"github.com/cgprocps/cgprocps/internal/profile"
)

func TestColorsFromEnv(t *testing.T) {
	for _, tc := range []struct {
		env, sgr string
		tty, on  bool
		high     string
	}{
		{"", "", false, false, ""},
		{"", "", true, true, "\x1b[31;1m"},
		{"never", "", true, false, ""},
		{"always", "", false, true, "\x1b[31;1m"},
		{"auto", "", false, false, ""},
		{"auto", "", true, true, "\x1b[31;1m"},
		{"always", "H=32:M=1:bad:X=1:H=33;1", false, true, "\x1b[33;1m"},
		{"always", "H=12345678", false, true, "\x1b[31;1m"},
	} {
		unset(t, "S_COLORS", tc.env)
		unset(t, "S_COLORS_SGR", tc.sgr)
		c, on := ColorsFromEnv(tc.tty)
		if on != tc.on || c.High != tc.high {
			t.Errorf("S_COLORS=%q S_COLORS_SGR=%q tty=%v: on %v high %q, want %v %q", tc.env, tc.sgr, tc.tty, on, c.High, tc.on, tc.high)
		}
	}
}

// unset sets name to v, or unsets it when v is empty (restored after the test).
func unset(t *testing.T, name, v string) {
	t.Setenv(name, v) // restored after the test
	if v == "" {
		os.Unsetenv(name)
	}
}

// 12.7 reads S_COLORS_SGR's W and X as M's and H's other names; 12.6 and 12.5 ignore them.
func TestColorsFromEnvFor(t *testing.T) {
	unset(t, "S_COLORS", "always")
	unset(t, "S_COLORS_SGR", "X=33:W=36;1:Z=2")
	for _, tc := range []struct {
		ver       profile.Sysstat
		high, low string
	}{
		{profile.Sysstat12_5, "\x1b[31;1m", "\x1b[35;1m"},
		{profile.Sysstat12_6, "\x1b[31;1m", "\x1b[35;1m"},
		{profile.Sysstat12_7, "\x1b[33m", "\x1b[36;1m"},
	} {
		c, on := ColorsFromEnvFor(tc.ver, false)
		if !on || c.High != tc.high || c.Low != tc.low || c.Zero != "\x1b[2m" {
			t.Errorf("%s: %+q", tc.ver, c)
		}
	}
}
