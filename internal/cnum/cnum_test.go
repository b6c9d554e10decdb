package cnum

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// cases are glibc 2.36's answers (Debian 12, x86-64), printed by a C program calling
// strtol(s, &end, 0), strtol(s, &end, 10), strtoul(s, &end, 0), strtoul(s, &end, 10) (each
// value, end - s and errno == ERANGE) and atol(s).
var cases = []struct {
	s         string
	l0        int64
	l0end     int
	l0erange  bool
	l10       int64
	l10end    int
	l10erange bool
	u0        uint64
	u0end     int
	u0erange  bool
	u10       uint64
	u10end    int
	u10erange bool
	atol      int64
}{
	{"1", 1, 1, false, 1, 1, false, 1, 1, false, 1, 1, false, 1},
	{" +42", 42, 4, false, 42, 4, false, 42, 4, false, 42, 4, false, 42},
	{"-17", -17, 3, false, -17, 3, false, 18446744073709551599, 3, false, 18446744073709551599, 3, false, -17},
	{"0x1f", 31, 4, false, 0, 1, false, 31, 4, false, 0, 1, false, 0},
	{"0X1F", 31, 4, false, 0, 1, false, 31, 4, false, 0, 1, false, 0},
	{"0x", 0, 1, false, 0, 1, false, 0, 1, false, 0, 1, false, 0},
	{"0xg", 0, 1, false, 0, 1, false, 0, 1, false, 0, 1, false, 0},
	{"-0x10", -16, 5, false, 0, 2, false, 18446744073709551600, 5, false, 0, 2, false, 0},
	{"010", 8, 3, false, 10, 3, false, 8, 3, false, 10, 3, false, 10},
	{"08", 0, 1, false, 8, 2, false, 0, 1, false, 8, 2, false, 8},
	{"09", 0, 1, false, 9, 2, false, 0, 1, false, 9, 2, false, 9},
	{"0", 0, 1, false, 0, 1, false, 0, 1, false, 0, 1, false, 0},
	{"-0", 0, 2, false, 0, 2, false, 0, 2, false, 0, 2, false, 0},
	{"  \t\n\u000b\f\r7", 7, 8, false, 7, 8, false, 7, 8, false, 7, 8, false, 7},
	{"+", 0, 0, false, 0, 0, false, 0, 0, false, 0, 0, false, 0},
	{"-", 0, 0, false, 0, 0, false, 0, 0, false, 0, 0, false, 0},
	{"", 0, 0, false, 0, 0, false, 0, 0, false, 0, 0, false, 0},
	{" ", 0, 0, false, 0, 0, false, 0, 0, false, 0, 0, false, 0},
	{"x", 0, 0, false, 0, 0, false, 0, 0, false, 0, 0, false, 0},
	{"12abc", 12, 2, false, 12, 2, false, 12, 2, false, 12, 2, false, 12},
	{"9223372036854775807", 9223372036854775807, 19, false, 9223372036854775807, 19, false, 9223372036854775807, 19, false, 9223372036854775807, 19, false, 9223372036854775807},
	{"9223372036854775808", 9223372036854775807, 19, true, 9223372036854775807, 19, true, 9223372036854775808, 19, false, 9223372036854775808, 19, false, 9223372036854775807},
	{"-9223372036854775808", -9223372036854775808, 20, false, -9223372036854775808, 20, false, 9223372036854775808, 20, false, 9223372036854775808, 20, false, -9223372036854775808},
	{"-9223372036854775809", -9223372036854775808, 20, true, -9223372036854775808, 20, true, 9223372036854775807, 20, false, 9223372036854775807, 20, false, -9223372036854775808},
	{"18446744073709551615", 9223372036854775807, 20, true, 9223372036854775807, 20, true, 18446744073709551615, 20, false, 18446744073709551615, 20, false, 9223372036854775807},
	{"18446744073709551616", 9223372036854775807, 20, true, 9223372036854775807, 20, true, 18446744073709551615, 20, true, 18446744073709551615, 20, true, 9223372036854775807},
	{"-1", -1, 2, false, -1, 2, false, 18446744073709551615, 2, false, 18446744073709551615, 2, false, -1},
	{"-18446744073709551615", -9223372036854775808, 21, true, -9223372036854775808, 21, true, 1, 21, false, 1, 21, false, -9223372036854775808},
	{"-18446744073709551616", -9223372036854775808, 21, true, -9223372036854775808, 21, true, 18446744073709551615, 21, true, 18446744073709551615, 21, true, -9223372036854775808},
	{"0x7fffffffffffffff", 9223372036854775807, 18, false, 0, 1, false, 9223372036854775807, 18, false, 0, 1, false, 0},
	{"0x8000000000000001", 9223372036854775807, 18, true, 0, 1, false, 9223372036854775809, 18, false, 0, 1, false, 0},
	{"-0x8000000000000001", -9223372036854775808, 19, true, 0, 2, false, 9223372036854775807, 19, false, 0, 2, false, 0},
	{"0xffffffffffffffff", 9223372036854775807, 18, true, 0, 1, false, 18446744073709551615, 18, false, 0, 1, false, 0},
	{"0x10000000000000000", 9223372036854775807, 19, true, 0, 1, false, 18446744073709551615, 19, true, 0, 1, false, 0},
	{"0777777777777777777777", 9223372036854775807, 22, false, 9223372036854775807, 22, true, 9223372036854775807, 22, false, 18446744073709551615, 22, true, 9223372036854775807},
	{"01777777777777777777777", 9223372036854775807, 23, true, 9223372036854775807, 23, true, 18446744073709551615, 23, false, 18446744073709551615, 23, true, 9223372036854775807},
	{"02000000000000000000000", 9223372036854775807, 23, true, 9223372036854775807, 23, true, 18446744073709551615, 23, true, 18446744073709551615, 23, true, 9223372036854775807},
	{"99999999999999999999x", 9223372036854775807, 20, true, 9223372036854775807, 20, true, 18446744073709551615, 20, true, 18446744073709551615, 20, true, 9223372036854775807},
	{"1 2", 1, 1, false, 1, 1, false, 1, 1, false, 1, 1, false, 1},
	{"+-1", 0, 0, false, 0, 0, false, 0, 0, false, 0, 0, false, 0},
	{"00x10", 0, 2, false, 0, 2, false, 0, 2, false, 0, 2, false, 0},
	{"0x0x1", 0, 3, false, 0, 1, false, 0, 3, false, 0, 1, false, 0},
	{"0xAbC", 2748, 5, false, 0, 1, false, 2748, 5, false, 0, 1, false, 0},
	{"zz", 0, 0, false, 0, 0, false, 0, 0, false, 0, 0, false, 0},
}

func TestIntegers(t *testing.T) {
	for _, c := range cases {
		if v, end, er := Strtol(c.s, 0); v != c.l0 || end != c.l0end || er != c.l0erange {
			t.Errorf("Strtol(%q, 0) = %d, %d, %v; C: %d, %d, %v", c.s, v, end, er, c.l0, c.l0end, c.l0erange)
		}
		if v, end, er := Strtol(c.s, 10); v != c.l10 || end != c.l10end || er != c.l10erange {
			t.Errorf("Strtol(%q, 10) = %d, %d, %v; C: %d, %d, %v", c.s, v, end, er, c.l10, c.l10end, c.l10erange)
		}
		if v, end, er := Strtoul(c.s, 0); v != c.u0 || end != c.u0end || er != c.u0erange {
			t.Errorf("Strtoul(%q, 0) = %d, %d, %v; C: %d, %d, %v", c.s, v, end, er, c.u0, c.u0end, c.u0erange)
		}
		if v, end, er := Strtoul(c.s, 10); v != c.u10 || end != c.u10end || er != c.u10erange {
			t.Errorf("Strtoul(%q, 10) = %d, %d, %v; C: %d, %d, %v", c.s, v, end, er, c.u10, c.u10end, c.u10erange)
		}
		if v := Atol(c.s); v != c.atol {
			t.Errorf("Atol(%q) = %d; C: %d", c.s, v, c.atol)
		}
	}
	// Base 16 takes the "0x" prefix too; other bases read their own digits.
	for _, c := range []struct {
		s    string
		base int
		v    int64
		end  int
	}{{"0x1f", 16, 31, 4}, {"1f", 16, 31, 2}, {"0x", 16, 0, 1}, {"101", 2, 5, 3}, {"z", 36, 35, 1}, {"777", 8, 511, 3}, {"8", 8, 0, 0}} {
		if v, end, _ := Strtol(c.s, c.base); v != c.v || end != c.end {
			t.Errorf("Strtol(%q, %d) = %d, %d; want %d, %d", c.s, c.base, v, end, c.v, c.end)
		}
	}
}

func TestAllDigits(t *testing.T) {
	for s, want := range map[string]bool{"": true, "0123456789": true, "1 ": false, "-1": false, "１": false, "1x": false} {
		if AllDigits(s) != want {
			t.Errorf("AllDigits(%q) = %v", s, !want)
		}
	}
}

func TestStrtof(t *testing.T) {
	// glibc's strtof, printed with %a, end - s.
	for _, c := range []struct {
		s   string
		f   float32
		end int
	}{
		{"1", 1, 1}, {"0.5", 0.5, 3}, {".5", 0.5, 2}, {"5.", 5, 2}, {".", 0, 0}, {"-.5", -0.5, 3},
		{"+.5e-3", 0x1.0624dep-11, 6}, {"1e", 1, 1}, {"1e+", 1, 1}, {"1e5x", 100000, 3},
		{"inf", float32(math.Inf(1)), 3}, {"-INFINITY", float32(math.Inf(-1)), 9},
		{"infinit", float32(math.Inf(1)), 3}, {"1e40", float32(math.Inf(1)), 4},
		{"-1e40", float32(math.Inf(-1)), 5}, {"1e-50", 0, 5}, {"0,5", 0, 1},
		{"99999999999999999999", 0x1.5af1d8p+66, 20}, {" 12,13", 12, 3}, {"x", 0, 0},
	} {
		f, end := Strtof(c.s)
		if f != c.f || end != c.end {
			t.Errorf("Strtof(%q) = %v, %d; C: %v, %d", c.s, f, end, c.f, c.end)
		}
	}
	if f, end := Strtof("nan"); f == f || end != 3 {
		t.Errorf("Strtof(nan) = %v, %d", f, end)
	}
	// The documented differences from glibc, which reads 8 (end 5) and nan (end 8).
	if f, end := Strtof("0x1p3"); f != 0 || end != 1 {
		t.Errorf("Strtof(0x1p3) = %v, %d; want the leading 0", f, end)
	}
	if _, end := Strtof("nan(123)"); end != 3 {
		t.Errorf("Strtof(nan(123)) end %d, want 3", end)
	}
}

func TestStrtolOrErr(t *testing.T) {
	for _, tc := range []struct {
		in, stale string
		n         int64
		err       string
		ok        bool
	}{
		{"5", "", 5, "", true}, {" +5", "", 5, "", true}, {"-3", "", -3, "", true},
		{"5x", "", 0, "", false}, {"x", "", 0, "", false}, {"0x5", "", 0, "", false},
		{"", "X", 0, "X", false}, {"99999999999999999999", "", 0, ERANGE, false},
		{"9223372036854775807", "", 9223372036854775807, "", true},
		{"-9223372036854775808", "", -9223372036854775808, "", true},
		{"-9223372036854775809", "", 0, ERANGE, false},
		{"99999999999999999999x", "", 0, ERANGE, false}, {" -99999999999999999999 ", "", 0, ERANGE, false},
	} {
		n, e, ok := StrtolOrErr(tc.in, tc.stale)
		if n != tc.n || e != tc.err || ok != tc.ok {
			t.Errorf("StrtolOrErr(%q, %q) = %d, %q, %v; want %d, %q, %v", tc.in, tc.stale, n, e, ok, tc.n, tc.err, tc.ok)
		}
	}
}

func TestStartupErrno(t *testing.T) {
	for _, tc := range []struct {
		all, lang, want string
	}{{"C", "de_DE.UTF-8", ""}, {"", "de_DE.UTF-8", ENOENT}, {"", "POSIX", ""}, {"en_US.UTF-8", "", ENOENT}} {
		t.Setenv("LC_ALL", tc.all)
		t.Setenv("LANG", tc.lang)
		if got := StartupErrno(); got != tc.want {
			t.Errorf("LC_ALL=%q LANG=%q: %q, want %q", tc.all, tc.lang, got, tc.want)
		}
	}
}

func TestStrtodNolOrErr(t *testing.T) {
	for _, tc := range []struct {
		in      string
		num     float64
		errText string
		ok      bool
	}{
		{"1", 1, "", true}, {"0.5", 0.5, "", true}, {"0,5", 0.5, "", true}, {" +2.25", 2.25, "", true},
		{"-1", -1, "", true}, {".", 0, "", true}, {"-", 0, "", true}, {"0.000001", 0.000001, "", true},
		{"", 0, "", false}, {"abc", 0, EINVAL, false}, {"1x", 0, EINVAL, false}, {"1e9", 0, EINVAL, false},
		{"1.5x", 0, "", false}, {"1.2.3", 0, "", false},
	} {
		num, errText, ok := StrtodNolOrErr(tc.in)
		if ok != tc.ok || errText != tc.errText || (ok && math.Abs(num-tc.num) > 1e-15) {
			t.Errorf("StrtodNolOrErr(%q) = %v, %q, %v; want %v, %q, %v", tc.in, num, errText, ok, tc.num, tc.errText, tc.ok)
		}
	}
	// The C arithmetic: "0.1" is 1 * 0.1 rather than the nearest double to 0.1 (the same here),
	// and the integer digits are weighted by a multiplier grown from 0.1, so "3" is 3 * 1.0000000000000002.
	if n, _, _ := StrtodNolOrErr("3"); n != 3*float64(0.1*10) {
		t.Errorf("3 = %v", n)
	}
}

// FuzzReaders checks what must hold for every input: end within s, strtol and strtoul ending
// at the same place, the values agreeing with Go's parsers where no range error happened, and
// the wrappers agreeing with the readers they are built on.
func FuzzReaders(f *testing.F) {
	for _, c := range cases {
		f.Add(c.s)
	}
	for _, s := range []string{"1.5", "0,5", "nan", "+.5e-3", "1e40", "-INFINITY", "0x1p3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, base := range []int{0, 8, 10, 16, 36} {
			l, lend, ler := Strtol(s, base)
			u, uend, uer := Strtoul(s, base)
			if lend != uend || lend < 0 || lend > len(s) {
				t.Fatalf("%q base %d: ends %d %d", s, base, lend, uend)
			}
			if lend == 0 && (l != 0 || u != 0 || ler || uer) {
				t.Fatalf("%q base %d: nothing read but %d %d %v %v", s, base, l, u, ler, uer)
			}
			if lend == 0 {
				continue
			}
			text := strings.TrimLeft(s[:lend], " \t\n\v\f\r")
			b := base
			if base == 0 || base == 16 {
				b = 0 // Go reads the 0x and (for 0) the 0 prefixes as C does here
				if base == 16 && !strings.Contains(strings.ToLower(text), "x") {
					b = 16
				}
			}
			if base == 0 && strings.ContainsAny(text, "oObB_") {
				continue // Go's own prefixes and separators: not C's
			}
			want, err := strconv.ParseInt(text, b, 64)
			if (err != nil) != ler || !ler && want != l {
				t.Fatalf("Strtol(%q, %d) = %d %v; Go %d %v", s, base, l, ler, want, err)
			}
			if !ler && !uer && uint64(l) != u {
				t.Fatalf("%q base %d: strtol %d, strtoul %d", s, base, l, u)
			}
		}
		if v, _, _ := Strtol(s, 10); Atol(s) != v {
			t.Fatalf("Atol(%q)", s)
		}
		if _, end := Strtof(s); end < 0 || end > len(s) {
			t.Fatalf("Strtof(%q) end %d", s, end)
		}
		n, errText, ok := StrtolOrErr(s, "stale")
		v, end, er := Strtol(s, 10)
		if ok != (s != "" && end == len(s) && !er) || ok && (n != v || errText != "") || s != "" && er != (errText == ERANGE) {
			t.Fatalf("StrtolOrErr(%q) = %d %q %v", s, n, errText, ok)
		}
		if num, errText, ok := StrtodNolOrErr(s); !ok && num != 0 || ok && errText != "" || errText != "" && errText != EINVAL {
			t.Fatalf("StrtodNolOrErr(%q) = %v %q %v", s, num, errText, ok)
		}
	})
}
