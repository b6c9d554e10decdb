// Package cnum reads numbers as the C library does (glibc, C locale, 64-bit long): the
// strtol/strtoul/strtof/atol family that procps, sysstat and coreutils parse their options
// and /proc files with, and procps's own wrappers strtol_or_err and strtod_nol_or_err.
//
// Every function takes a Go string where C takes a NUL-terminated one (a caller that can see
// a NUL cuts the string there first) and reports where C's end pointer would stop as a byte
// index into s.
package cnum

import (
	"math"
	"strconv"
	"strings"
)

// IsSpace is isspace(3) in the C locale: ' ', '\t', '\n', '\v', '\f' and '\r'.
func IsSpace(c byte) bool { return c == ' ' || c >= '\t' && c <= '\r' }

// AllDigits tells whether every byte of s is a decimal digit (isdigit in the C locale), as
// sysstat's loops over an operand check it; true for "".
func AllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// digit is the value of c as a digit of a base up to 36 (letters of either case are 10-35);
// 99 for any other byte.
func digit(c byte) int {
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

// scan is the part glibc's strtol and strtoul share: leading white space (IsSpace), one '+'
// or '-', then for base 0 the prefix ("0x"/"0X" followed by a hex digit: base 16; otherwise a
// leading "0": base 8, the '0' being a digit; otherwise 10), for base 16 an optional "0x"
// followed by a hex digit, then the longest run of digits of the base. It returns the sign,
// the magnitude of the digits (wrapping is not done: over reports that it passed 2^64-1) and
// end, the index after the last digit, or 0 when no digit was read (C's *end = s). A "0x" with
// no hex digit after it reads as the number 0 ending before the 'x', as glibc does.
func scan(s string, base int) (neg bool, mag uint64, over bool, end int) {
	i := 0
	for i < len(s) && IsSpace(s[i]) {
		i++
	}
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	if (base == 0 || base == 16) && i+2 < len(s) && s[i] == '0' && (s[i+1] == 'x' || s[i+1] == 'X') && digit(s[i+2]) < 16 {
		base = 16
		i += 2
	} else if base == 0 {
		base = 10
		if i < len(s) && s[i] == '0' {
			base = 8
		}
	}
	if base < 2 || base > 36 {
		return false, 0, false, 0 // EINVAL in C; no caller passes such a base
	}
	b := uint64(base)
	start := i
	for ; i < len(s) && digit(s[i]) < base; i++ {
		d := uint64(digit(s[i]))
		if mag > (math.MaxUint64-d)/b {
			over = true
		} else {
			mag = mag*b + d
		}
	}
	if i == start {
		return false, 0, false, 0
	}
	return neg, mag, over, i
}

// Strtol is strtol(s, &end, base) (and strtoll, long being 64 bits) for base 0 or 2-36: see
// scan for what it reads. The value saturates at math.MaxInt64 or math.MinInt64 with erange
// true (C's errno = ERANGE) when the digits are out of range; otherwise it is the digits'
// value, negated after a '-'. end is 0 and the value 0 when no digit was read. Trailing bytes
// after the digits are not an error: end says where they start.
func Strtol(s string, base int) (v int64, end int, erange bool) {
	neg, mag, over, end := scan(s, base)
	switch {
	case neg && (over || mag > 1<<63):
		return math.MinInt64, end, true
	case neg:
		return -int64(mag), end, false // mag == 1<<63 wraps to MinInt64, which is right
	case over || mag > math.MaxInt64:
		return math.MaxInt64, end, true
	}
	return int64(mag), end, false
}

// Strtoul is strtoul(s, &end, base) (and strtoull, strtoumax) for base 0 or 2-36: see scan for
// what it reads. Digits past 2^64-1 give math.MaxUint64 with erange true, whatever the sign;
// otherwise a '-' negates the value modulo 2^64 ("-1" is 2^64-1, no error), as C does. end is
// 0 and the value 0 when no digit was read.
//
// sscanf's %u, %lu and %llu read the same way in base 10 (glibc converts the scanned digits
// with strtoul and stores the result, truncated to the width of the target, without looking
// at errno).
func Strtoul(s string, base int) (v uint64, end int, erange bool) {
	neg, mag, over, end := scan(s, base)
	if over {
		return math.MaxUint64, end, true
	}
	if neg {
		mag = -mag
	}
	return mag, end, false
}

// Atol is atol(3): strtol(s, NULL, 10), so leading white space and a sign are read, trailing
// junk is ignored, nothing readable is 0 and out-of-range values saturate at
// math.MaxInt64/math.MinInt64 (glibc's atol is strtol; C leaves overflow undefined).
func Atol(s string) int64 {
	v, _, _ := Strtol(s, 10)
	return v
}

// Strtof is strtof(s, &end) in the C locale, returning the value and end (0 when nothing was
// read). It reads leading white space, one sign, then "inf", "infinity" or "nan" (any case;
// "nan(chars)" is read as its "nan" only, where glibc reads the parenthesis too), or decimal
// digits with at most one '.' (at least one digit in all: ".5" and "5." read) and an optional
// exponent ('e' or 'E', a sign, digits; an 'e' with no digit after it is not read). Hexadecimal floats are read as their leading "0".
// Out of range gives ±Inf or 0 as strtof does (errno is not reported).
func Strtof(s string) (float32, int) {
	i := 0
	for i < len(s) && IsSpace(s[i]) {
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
