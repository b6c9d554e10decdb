package df

import (
	"math/big"
	"os"
	"strconv"
	"sync"

	"github.com/cgprocps/cgprocps/internal/cnum"
)

// Option bits of the number formatter (the values gnulib's human.h gives them, so that the
// tables below read like the flags the original combines).
const (
	hCeiling           = 0 // round toward +inf (df's only rounding)
	hRoundNearest      = 1
	hFloor             = 2
	hGroupDigits       = 4   // locale digit grouping (a no-op in the C locale)
	hSuppressPointZero = 8   // autoscale: drop a trailing ".0"
	hAutoscale         = 16  // pick the unit per value
	hBase1024          = 32  // powers of 1024 (else 1000)
	hSpaceBeforeUnit   = 64  // " " before the unit
	hSI                = 128 // append a unit letter
	hB                 = 256 // append "B" (1000s) or "iB" (1024s) after the letter
)

// powerLetters are the unit letters by exponent (kilo is 'k' in base 1000).
const powerLetters = "\x00KMGTPEZY"

const exponentMax = len(powerLetters) - 1

// formatHuman renders n, counted in units of from bytes, in units of to bytes with the
// options above, as gnulib's human_readable does in the C locale: exact integer arithmetic
// where the conversion allows it, else 64-bit-significand floating point (the x86 long double
// the original computes with), rounding up unless asked otherwise.
func formatHuman(n uint64, opts int, from, to uint64) string {
	inexact := opts & (hRoundNearest | hFloor | hCeiling)
	base := uint64(1000)
	if opts&hBase1024 != 0 {
		base = 1024
	}
	exponent := -1
	var amt uint64
	var tenths, rounding int
	var digits string
	integer := false
	if to <= from {
		if from%to == 0 {
			mult := from / to
			amt = n * mult
			if amt/mult == n {
				integer = true
			}
		}
	} else if from != 0 && to%from == 0 {
		div := to / from
		r10 := (n % div) * 10
		r2 := (r10 % div) * 2
		amt = n / div
		tenths = int(r10 / div)
		switch {
		case r2 < div:
			if r2 > 0 {
				rounding = 1
			}
		case div < r2:
			rounding = 3
		default:
			rounding = 2
		}
		integer = true
	}
	if integer {
		frac := ""
		if opts&hAutoscale != 0 {
			exponent = 0
			if base <= amt {
				for {
					r10 := uint32(amt%base)*10 + uint32(tenths)
					r2 := (r10%uint32(base))*2 + uint32(rounding>>1)
					amt /= base
					tenths = int(r10 / uint32(base))
					if r2 < uint32(base) {
						if r2+uint32(rounding) != 0 {
							rounding = 1
						} else {
							rounding = 0
						}
					} else if uint32(base) < r2+uint32(rounding) {
						rounding = 3
					} else {
						rounding = 2
					}
					exponent++
					if !(base <= amt && exponent < exponentMax) {
						break
					}
				}
				if amt < 10 {
					up := false
					if inexact == hRoundNearest {
						up = 2 < rounding+(tenths&1)
					} else {
						up = inexact == hCeiling && 0 < rounding
					}
					if up {
						tenths++
						rounding = 0
						if tenths == 10 {
							amt++
							tenths = 0
						}
					}
					if amt < 10 && (tenths != 0 || opts&hSuppressPointZero == 0) {
						frac = "." + string(rune('0'+tenths))
						tenths, rounding = 0, 0
					}
				}
			}
		}
		up := false
		if inexact == hRoundNearest {
			odd := 0
			if 0 < rounding+int(amt&1) {
				odd = 1
			}
			up = 5 < tenths+odd
		} else {
			up = inexact == hCeiling && 0 < tenths+rounding
		}
		if up {
			amt++
			if opts&hAutoscale != 0 && amt == base && exponent < exponentMax {
				exponent++
				if opts&hSuppressPointZero == 0 {
					frac = ".0" + frac
				}
				amt = 1
			}
		}
		digits = strconv.FormatUint(amt, 10) + frac
	} else {
		var e int
		digits, e = formatHumanFloat(n, opts, inexact, base, from, to)
		if e >= 0 {
			exponent = e
		}
	}
	suffix := ""
	if opts&hSI != 0 {
		if exponent < 0 {
			exponent = 0
			for power := uint64(1); power < to; power *= base {
				exponent++
				if exponent == exponentMax {
					break
				}
			}
		}
		if (exponent != 0 || opts&hB != 0) && opts&hSpaceBeforeUnit != 0 {
			suffix += " "
		}
		if exponent != 0 {
			if opts&hBase1024 == 0 && exponent == 1 {
				suffix += "k"
			} else {
				suffix += powerLetters[exponent : exponent+1]
			}
		}
		if opts&hB != 0 {
			if opts&hBase1024 != 0 && exponent != 0 {
				suffix += "i"
			}
			suffix += "B"
		}
	}
	return digits + suffix
}

// ld is a value of x86's 80-bit long double: a 64-bit significand, round to nearest even.
func ld() *big.Float { return new(big.Float).SetPrec(64).SetMode(big.ToNearestEven) }

// ldUintmaxMax is UINTMAX_MAX as a long double, made on first use (at package level it would
// be made at start-up by every tool of the multicall binary).
var (
	ldMaxOnce    sync.Once
	ldUintmaxMax *big.Float
)

// adjustValue rounds a long double to an integer the way gnulib's adjust_value does: toward
// +inf (ceiling) or -inf (floor) when it is below UINTMAX_MAX, unchanged otherwise (and
// unchanged for round-to-nearest, which printf's %.0f then does).
func adjustValue(inexact int, v *big.Float) *big.Float {
	ldMaxOnce.Do(func() { ldUintmaxMax = ld().SetUint64(^uint64(0)) })
	if inexact != hRoundNearest && v.Cmp(ldUintmaxMax) < 0 {
		u, _ := v.Uint64() // truncation toward zero (v >= 0 here)
		if inexact == hCeiling && ld().SetUint64(u).Cmp(v) != 0 {
			u++
		}
		return ld().SetUint64(u)
	}
	return v
}

// formatHumanFloat is human_readable's floating-point branch: the digits and the exponent it
// chose (-1: none).
func formatHumanFloat(n uint64, opts, inexact int, base, from, to uint64) (string, int) {
	damt := ld().Quo(ld().SetUint64(from), ld().SetUint64(to))
	damt = ld().Mul(ld().SetUint64(n), damt)
	if opts&hAutoscale == 0 {
		return adjustValue(inexact, damt).Text('f', 0), -1
	}
	e := ld().SetUint64(1)
	b := ld().SetUint64(base)
	exponent := 0
	for {
		e = ld().Mul(e, b)
		exponent++
		if !(ld().Mul(e, b).Cmp(damt) <= 0 && exponent < exponentMax) {
			break
		}
	}
	damt = ld().Quo(damt, e)
	buf := adjustValue(inexact, damt).Text('f', 1)
	notB1024 := 0
	if opts&hBase1024 == 0 {
		notB1024 = 1
	}
	if 1+2+notB1024 < len(buf) || (opts&hSuppressPointZero != 0 && buf[len(buf)-1] == '0') {
		t := adjustValue(inexact, ld().Mul(damt, ld().SetUint64(10)))
		buf = ld().Quo(t, ld().SetUint64(10)).Text('f', 0)
	}
	return buf, exponent
}

// strtolErr is gnulib's strtol_error: bits that combine.
type strtolErr int

const (
	longintOK            strtolErr = 0
	longintOverflow      strtolErr = 1
	longintInvalidSuffix strtolErr = 2
	longintInvalid       strtolErr = 4
)

// scale multiplies x by f, saturating: gnulib's bkm_scale.
func scale(x *uint64, f uint64, power int) strtolErr {
	var err strtolErr
	for ; power > 0; power-- {
		if *x != 0 && *x > ^uint64(0)/f {
			*x = ^uint64(0)
			err |= longintOverflow
		} else {
			*x *= f
		}
	}
	return err
}

// xstrtoumax is gnulib's xstrtoumax(s, &end, 0, &val, "eEgGkKmMpPtTyYzZ0") as df calls it:
// the value (set false when the C code leaves *val untouched), the index where the number and
// its suffixes end, and the error bits.
func xstrtoumax(s string) (val uint64, set bool, end int, err strtolErr) {
	const valid = "eEgGkKmMpPtTyYzZ0"
	i := 0
	for i < len(s) && cnum.IsSpace(s[i]) {
		i++
	}
	if i < len(s) && s[i] == '-' {
		return 0, false, 0, longintInvalid
	}
	tmp, end, over := cnum.Strtoul(s, 0) // strtoumax: uintmax_t is 64 bits
	if end == 0 {
		if end < len(s) && indexByte(valid, s[0]) {
			tmp = 1
		} else {
			return 0, false, 0, longintInvalid
		}
	} else if over {
		err = longintOverflow
	}
	if end == len(s) {
		return tmp, true, end, err
	}
	c := s[end]
	if !indexByte(valid, c) {
		return tmp, true, end, err | longintInvalidSuffix
	}
	b := uint64(1024)
	suffixes := 1
	switch c {
	case 'E', 'G', 'g', 'k', 'K', 'M', 'm', 'P', 'T', 't', 'Y', 'Z':
		if end+1 < len(s) {
			switch s[end+1] {
			case 'i':
				if end+2 < len(s) && s[end+2] == 'B' {
					suffixes += 2
				}
			case 'B', 'D':
				b = 1000
				suffixes++
			}
		}
	}
	var o strtolErr
	switch c {
	case 'E':
		o = scale(&tmp, b, 6)
	case 'G', 'g':
		o = scale(&tmp, b, 3)
	case 'k', 'K':
		o = scale(&tmp, b, 1)
	case 'M', 'm':
		o = scale(&tmp, b, 2)
	case 'P':
		o = scale(&tmp, b, 5)
	case 'T', 't':
		o = scale(&tmp, b, 4)
	case 'Y':
		o = scale(&tmp, b, 8)
	case 'Z':
		o = scale(&tmp, b, 7)
	default:
		return tmp, true, end, err | longintInvalidSuffix
	}
	err |= o
	end += suffixes
	if end < len(s) {
		err |= longintInvalidSuffix
	}
	return tmp, true, end, err
}

func indexByte(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}

// argmatchBlockSize is ARGMATCH(spec, {"human-readable", "si"}): 0, 1, or -1 (no match) / -2
// (ambiguous), allowing unambiguous abbreviations.
func argmatchBlockSize(spec string) int {
	args := []string{"human-readable", "si"}
	found := -1
	for i, a := range args {
		if a == spec {
			return i
		}
		if len(spec) <= len(a) && a[:len(spec)] == spec {
			if found == -1 {
				found = i
			} else {
				found = -2
			}
		}
	}
	return found
}

// defaultBlockSize is 512 under POSIXLY_CORRECT, else 1024.
func defaultBlockSize() uint64 {
	if _, ok := os.LookupEnv("POSIXLY_CORRECT"); ok {
		return 512
	}
	return 1024
}

// humanOptions is gnulib's human_options(spec, &opts, &block_size): spec nil-able (hasSpec
// false) falls back to BLOCK_SIZE, then BLOCKSIZE, then the default. bs is the block size
// variable's value before the call (the C code leaves it alone on some errors).
func humanOptions(spec string, hasSpec bool, bs uint64) (opts int, blockSize uint64, err strtolErr) {
	blockSize = bs
	if !hasSpec {
		spec, hasSpec = os.LookupEnv("BLOCK_SIZE")
		if !hasSpec {
			spec, hasSpec = os.LookupEnv("BLOCKSIZE")
		}
	}
	if !hasSpec {
		blockSize = defaultBlockSize()
	} else {
		if len(spec) > 0 && spec[0] == '\'' {
			opts |= hGroupDigits
			spec = spec[1:]
		}
		if i := argmatchBlockSize(spec); i >= 0 {
			if i == 0 {
				opts |= hAutoscale | hSI | hBase1024
			} else {
				opts |= hAutoscale | hSI
			}
			blockSize = 1
		} else {
			v, set, end, e := xstrtoumax(spec)
			if set {
				blockSize = v
			}
			if e != longintOK {
				opts = 0
				if blockSize == 0 {
					blockSize = defaultBlockSize()
					e = longintInvalid
				}
				return opts, blockSize, e
			}
			// No digit before the end of the number: the size was a unit alone ("M", "KiB").
			for j := 0; j <= end; j++ {
				if j < len(spec) && spec[j] >= '0' && spec[j] <= '9' {
					break
				}
				if j == end {
					opts |= hSI
					if spec[end-1] == 'B' {
						opts |= hB
					}
					if spec[end-1] != 'B' || (end >= 2 && spec[end-2] == 'i') {
						opts |= hBase1024
					}
					break
				}
			}
		}
	}
	if blockSize == 0 {
		blockSize = defaultBlockSize()
		err = longintInvalid
	}
	return opts, blockSize, err
}
