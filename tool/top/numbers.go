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
// int. A value outside the range of long fails here, where glibc stores (int)LONG_MAX or
// (int)LONG_MIN (-1 or 0) and succeeds: kept as it was.
func scanInt(s string) (int, bool) {
	v, end, erange := cnum.Strtol(s, 10)
	if end == 0 || erange {
		return 0, false
	}
	return int(int32(v)), true
}

// parseUID is (uid_t)strtoul(s, &end, 0) over the whole string. It reads with strtol, whose
// value differs from strtoul's only for magnitudes of 2^63 and more (strtol saturates, strtoul
// wraps: "0x8000000000000001" is uid 1 for top, 4294967295 here): kept as it was.
func parseUID(s string) (uint32, bool) {
	v, n, _ := cnum.Strtol(s, 0)
	if n == 0 || n != len(s) {
		return 0, false
	}
	return uint32(v), true
}
