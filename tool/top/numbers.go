package top

import (
	"math"

	"github.com/cgprocps/cgprocps/internal/cnum"
)

// The original's number readers (mkfloat, sscanf %d, strtoul), built on cnum's C readers.

func isSpace(c byte) bool { return cnum.IsSpace(c) }

// parseWhole is mkfloat(str, &num, 1): strtol(str, &end, 0) of the whole string, below
// INT_MAX as a float.
func parseWhole(s string) (float32, bool) {
	v, n, _ := cnum.Strtol(s, 0)
	if n == 0 || n != len(s) {
		return 0, false
	}
	f := float32(v)
	if !(f < math.MaxInt32) {
		return f, false
	}
	return f, true
}

// parseFloat is mkfloat(str, &num, 0): strtof of the whole string, retried once with the
// first unread '.' or ',' swapped for the other (either decimal separator works), below
// INT_MAX.
func parseFloat(s string) (float32, bool) {
	f, n := cnum.Strtof(s)
	if n < len(s) {
		b := []byte(s)
		switch b[n] {
		case '.':
			b[n] = ','
		case ',':
			b[n] = '.'
		}
		f, n = cnum.Strtof(string(b))
	}
	if n == 0 || n != len(s) || !(f < math.MaxInt32) {
		return f, false
	}
	return f, true
}

// scanInt is sscanf(s, "%d"): leading white space, a sign, digits, the value truncated to an
// int. glibc converts with strtol and stores the result without looking at errno, so a value
// outside the range of long is LONG_MAX or LONG_MIN truncated: -1 or 0, and still a success
// (real `top -p 99999999999999999999` monitors pid -1: an empty task list).
func scanInt(s string) (int, bool) {
	v, end, _ := cnum.Strtol(s, 10)
	if end == 0 {
		return 0, false
	}
	return int(int32(v)), true
}

// parseUID is (uid_t)strtoul(s, &end, 0) over the whole string: strtoul wraps a '-' modulo
// 2^64 and saturates past 2^64-1, then the value is truncated to 32 bits
// ("0x8000000000000001" is uid 1, "-1" and "18446744073709551617" are 4294967295).
func parseUID(s string) (uint32, bool) {
	v, n, _ := cnum.Strtoul(s, 0)
	if n == 0 || n != len(s) {
		return 0, false
	}
	return uint32(v), true
}
