package top

import (
	"math"
	"strconv"
	"strings"
)

// The original's number readers (mkfloat, sscanf %d, strtoul), with C's rules.

func isSpace(c byte) bool { return c == ' ' || c >= '\t' && c <= '\r' }

// strtolPrefix returns the value of the longest prefix of s that strtol(s, &end, 0) reads,
// and the length read (0: nothing read). Overflow saturates as strtol does.
func strtolPrefix(s string) (int64, int) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	base := uint64(10)
	start := i
	if i+1 < len(s) && s[i] == '0' && (s[i+1] == 'x' || s[i+1] == 'X') && i+2 < len(s) && digitVal(s[i+2]) < 16 {
		base = 16
		i += 2
		start = i
	} else if i < len(s) && s[i] == '0' {
		base = 8
	}
	var v uint64
	over := false
	j := i
	for j < len(s) && digitVal(s[j]) < int(base) {
		d := uint64(digitVal(s[j]))
		if v > (math.MaxUint64-d)/base {
			over = true
		} else {
			v = v*base + d
		}
		j++
	}
	if j == start {
		if base == 16 { // "0x" with no hex digit: the "0" was read
			return 0, start - 1
		}
		return 0, 0
	}
	if neg {
		if over || v > 1<<63 {
			return math.MinInt64, j
		}
		return -int64(v), j
	}
	if over || v > math.MaxInt64 {
		return math.MaxInt64, j
	}
	return int64(v), j
}

func digitVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return 99
}

// parseWhole is mkfloat(str, &num, 1): strtol of the whole string, below INT_MAX as a float.
func parseWhole(s string) (float32, bool) {
	v, n := strtolPrefix(s)
	if n == 0 || n != len(s) {
		return 0, false
	}
	f := float32(v)
	if !(f < math.MaxInt32) {
		return f, false
	}
	return f, true
}

// strtofPrefix returns the value of the longest prefix strtof reads (decimal and the inf
// and nan words; hexadecimal floats are read as their leading "0").
func strtofPrefix(s string) (float32, int) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	start := i
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	rest := strings.ToLower(s[i:])
	switch {
	case strings.HasPrefix(rest, "infinity"):
		i += 8
		f, _ := strconv.ParseFloat(s[start:i], 32)
		return float32(f), i
	case strings.HasPrefix(rest, "inf"):
		i += 3
		f, _ := strconv.ParseFloat(s[start:i], 32)
		return float32(f), i
	case strings.HasPrefix(rest, "nan"):
		i += 3
		return float32(math.NaN()), i
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return 0, 0
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k > j {
			i = k
		}
	}
	text := s[start:i]
	if strings.HasSuffix(text, ".") {
		text += "0"
	}
	f, err := strconv.ParseFloat(strings.Replace(text, "+.", "+0.", 1), 32)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return float32(f), i // ±Inf or 0, as strtof gives
		}
		f2, err2 := strconv.ParseFloat("0"+strings.TrimLeft(text, "+-"), 32)
		if err2 != nil {
			return 0, 0
		}
		if strings.HasPrefix(text, "-") {
			f2 = -f2
		}
		f = f2
	}
	return float32(f), i
}

// parseFloat is mkfloat(str, &num, 0): strtof of the whole string, retried once with the
// first unread '.' or ',' swapped for the other (either decimal separator works), below
// INT_MAX.
func parseFloat(s string) (float32, bool) {
	f, n := strtofPrefix(s)
	if n < len(s) {
		b := []byte(s)
		switch b[n] {
		case '.':
			b[n] = ','
		case ',':
			b[n] = '.'
		}
		f, n = strtofPrefix(string(b))
	}
	if n == 0 || n != len(s) || !(f < math.MaxInt32) {
		return f, false
	}
	return f, true
}

// scanInt is sscanf(s, "%d"): leading white space, a sign, digits.
func scanInt(s string) (int, bool) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	j := i
	if j < len(s) && (s[j] == '+' || s[j] == '-') {
		j++
	}
	k := j
	for k < len(s) && s[k] >= '0' && s[k] <= '9' {
		k++
	}
	if k == j {
		return 0, false
	}
	v, err := strconv.ParseInt(s[i:k], 10, 64)
	if err != nil {
		return 0, false // out of range
	}
	return int(int32(v)), true
}

// parseUID is strtoul(s, &end, 0) over the whole string, as a uid_t.
func parseUID(s string) (uint32, bool) {
	v, n := strtolPrefix(s)
	if n == 0 || n != len(s) {
		return 0, false
	}
	return uint32(v), true
}
