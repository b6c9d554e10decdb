package free

import (
	"os"
	"runtime"
	"strings"
	"time"
)

// C strerror texts of the errno values free's messages can carry.
const (
	strEINVAL = "Invalid argument"
	strERANGE = "Numerical result out of range"
	strENOENT = "No such file or directory"
)

func cIsSpace(c byte) bool { return c == ' ' || (c >= '\t' && c <= '\r') }
func cIsDigit(c byte) bool { return c >= '0' && c <= '9' }

// skipSpaceSign skips the leading white space and one sign, as strtod and strtol do: the index
// of what follows, and whether the sign was '-'.
func skipSpaceSign(s string) (i int, neg bool) {
	for i < len(s) && cIsSpace(s[i]) {
		i++
	}
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		neg = s[i] == '-'
		i++
	}
	return i, neg
}

// parseSeconds reads the -s value as procps's strtod_nol_or_err does (digits with '.' or ','
// as the radix, no exponent, no hex, no inf/nan) and returns the delay in microseconds as the
// C float it stores (1000000 * value). ok false: errText is the suffix error(3) adds ("" for
// none). The digit arithmetic follows the C code step by step so that rounding is the same.
func parseSeconds(s string) (usec float32, errText string, ok bool) {
	if s == "" {
		return 0, "", false
	}
	i, neg := skipSpaceSign(s)
	num := 0.0
	mult := 0.1
	for j := i; j < len(s) && cIsDigit(s[j]); j++ {
		mult = float64(mult * 10)
	}
	for ; i < len(s) && cIsDigit(s[i]); i++ {
		num = num + float64(float64(s[i]-'0')*mult)
		mult = float64(mult / 10)
	}
	done := func() (float32, string, bool) {
		if neg {
			num = -num
		}
		return float32(float64(1000000 * num)), "", true
	}
	if i == len(s) {
		return done()
	}
	if s[i] != '.' && s[i] != ',' {
		return 0, strEINVAL, false
	}
	i++
	mult = 0.1
	for ; i < len(s) && cIsDigit(s[i]); i++ {
		num = num + float64(float64(s[i]-'0')*mult)
		mult = float64(mult / 10)
	}
	if i == len(s) {
		return done()
	}
	return 0, "", false
}

// parseCount reads the -c value as strtol_or_err(…, 10) then the int conversion free does.
// ok false: errText is the errno text error(3) appends ("" for none); staleErrno is the errno
// text left over from start-up when the value is empty (strtol never ran).
func parseCount(s, staleErrno string) (n int32, errText string, ok bool) {
	if s == "" {
		return 0, staleErrno, false
	}
	i, neg := skipSpaceSign(s)
	start := i
	var v uint64
	overflow := false
	for ; i < len(s) && cIsDigit(s[i]); i++ {
		d := uint64(s[i] - '0')
		if v > (1<<63)/10 || v*10 > 1<<63-d {
			overflow = true
		} else {
			v = v*10 + d
		}
	}
	if i == start || i != len(s) {
		return 0, "", false // no digits, or junk after them: errno stays 0
	}
	var num int64
	switch {
	case overflow || (!neg && v > 1<<63-1):
		return 0, strERANGE, false
	case neg:
		num = -int64(v) // v <= 1<<63 here: -(1<<63) wraps to itself
	default:
		num = int64(v)
	}
	return int32(num), "", true
}

// startupErrno is what errno holds when free's option loop starts: glibc's setlocale(LC_ALL,
// "") leaves ENOENT behind for any locale but C/POSIX (a missing message catalog or locale
// file), and nothing otherwise. Only an empty -c value shows it.
func startupErrno() string {
	isC := func(v string) bool { return v == "" || v == "C" || v == "POSIX" }
	if v, ok := os.LookupEnv("LC_ALL"); ok && v != "" {
		if isC(v) {
			return ""
		}
		return strENOENT
	}
	for _, kv := range os.Environ() {
		name, val, _ := strings.Cut(kv, "=")
		if (name == "LANG" || strings.HasPrefix(name, "LC_")) && !isC(val) {
			return strENOENT
		}
	}
	return ""
}

// sleepDuration is usleep(repeat_interval): the float converted to useconds_t (32-bit
// unsigned) as the compiler does on this architecture: x86-64 truncates through a 64-bit
// integer (so 5000 s wraps to about 705 s), arm64 saturates.
func sleepDuration(usec float32) time.Duration {
	f := float64(usec)
	var u uint32
	if runtime.GOARCH == "arm64" {
		switch {
		case f != f || f <= 0:
			u = 0
		case f >= 4294967295:
			u = 4294967295
		default:
			u = uint32(f)
		}
	} else {
		if f != f || f >= 9223372036854775808.0 || f < -9223372036854775808.0 {
			u = 0
		} else {
			u = uint32(int64(f))
		}
	}
	return time.Duration(u) * time.Microsecond
}
