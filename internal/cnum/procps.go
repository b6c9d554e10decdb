package cnum

import (
	"os"
	"strings"
)

// The strerror(3) texts of the errno values these readers report, as glibc words them.
const (
	EINVAL = "Invalid argument"
	ERANGE = "Numerical result out of range"
	ENOENT = "No such file or directory"
)

// StrtolOrErr is procps 4.0.2's strtol_or_err(s, msg) (local/strutils.c) up to the message:
// strtol(s, &end, 10) of the whole string. ok false means procps exits with error(3), and
// errText is the errno text error(3) appends after ": " ("" for none):
//   - s empty: strtol never runs, so errno is whatever was left in it before; the caller
//     passes that as staleErrno (see StartupErrno);
//   - digits out of the range of long: ERANGE, also when bytes follow them
//     ("99999999999999999999x": procps tests errno before the end pointer);
//   - no digit, or bytes after the digits: "" (errno stays 0).
func StrtolOrErr(s, staleErrno string) (n int64, errText string, ok bool) {
	if s == "" {
		return 0, staleErrno, false
	}
	v, end, erange := Strtol(s, 10)
	if erange {
		return 0, ERANGE, false
	}
	if end == 0 || end != len(s) {
		return 0, "", false
	}
	return v, "", true
}

// StartupErrno is the errno text a procps tool still holds when it parses its first number,
// if nothing has set errno to 0 since: glibc's setlocale(LC_ALL, "") leaves ENOENT behind for
// any locale but C/POSIX (a missing message catalog or locale file), and nothing otherwise.
// The locale is the first of LC_ALL (when set and not empty) or, failing that, any LC_* or
// LANG variable that names something but C/POSIX. Only an empty operand of strtol_or_err
// shows it (see StrtolOrErr).
func StartupErrno() string {
	isC := func(v string) bool { return v == "" || v == "C" || v == "POSIX" }
	if v, ok := os.LookupEnv("LC_ALL"); ok && v != "" {
		if isC(v) {
			return ""
		}
		return ENOENT
	}
	for _, kv := range os.Environ() {
		name, val, _ := strings.Cut(kv, "=")
		if (name == "LANG" || strings.HasPrefix(name, "LC_")) && !isC(val) {
			return ENOENT
		}
	}
	return ""
}

// StrtodNolOrErr is procps 4.0.2's strtod_nol_or_err(s, msg) (local/strutils.c) up to the
// message: a locale-independent strtod of the whole string that reads leading white space,
// one sign, decimal digits and at most one radix point written '.' or ',' followed by more
// digits (no exponent, no hex, no inf/nan). "", "." and "-" read as 0 (no digit is needed).
// The digit arithmetic follows the C code step by step (the integer digits are weighted by a
// multiplier grown by 10 per digit, each fraction digit by one shrunk by 10), so the double
// rounds as procps's does. ok false means procps exits with error(3); errText is what
// error(3) appends after ": ":
//   - after the integer digits a byte other than '.' or ',': EINVAL;
//   - s empty, or bytes after the fraction digits: procps appends whatever errno holds; its
//     only caller here (free -s) sets errno = 0 just before, so this returns "".
func StrtodNolOrErr(s string) (num float64, errText string, ok bool) {
	if s == "" {
		return 0, "", false
	}
	i := 0
	for i < len(s) && IsSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		neg = s[i] == '-'
		i++
	}
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	mult := 0.1
	for j := i; j < len(s) && isDigit(s[j]); j++ {
		mult = float64(mult * 10)
	}
	for ; i < len(s) && isDigit(s[i]); i++ {
		num = num + float64(float64(s[i]-'0')*mult)
		mult = float64(mult / 10)
	}
	done := func() (float64, string, bool) {
		if neg {
			num = -num
		}
		return num, "", true
	}
	if i == len(s) {
		return done()
	}
	if s[i] != '.' && s[i] != ',' {
		return 0, EINVAL, false
	}
	i++
	mult = 0.1
	for ; i < len(s) && isDigit(s[i]); i++ {
		num = num + float64(float64(s[i]-'0')*mult)
		mult = float64(mult / 10)
	}
	if i == len(s) {
		return done()
	}
	return 0, "", false
}
