package top

import (
	"bytes"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

// fieldNames are the original's field names in its order (top -O, -o NAME and the sort key).
var fieldNames = []string{
	"PID", "PPID", "UID", "USER", "RUID", "RUSER", "SUID", "SUSER", "GID", "GROUP", "PGRP",
	"TTY", "TPGID", "SID", "PR", "NI", "nTH", "P", "%CPU", "TIME", "TIME+", "%MEM", "VIRT",
	"SWAP", "RES", "CODE", "DATA", "SHR", "nMaj", "nMin", "nDRT", "S", "COMMAND", "WCHAN",
	"Flags", "CGROUPS", "SUPGIDS", "SUPGRPS", "TGID", "OOMa", "OOMs", "ENVIRON", "vMj", "vMn",
	"USED", "nsIPC", "nsMNT", "nsNET", "nsPID", "nsUSER", "nsUTS", "LXC", "RSan", "RSfd",
	"RSlk", "RSsh", "CGNAME", "NU", "LOGID", "EXE", "RSS", "PSS", "PSan", "PSfd", "PSsh",
	"USS", "ioR", "ioRop", "ioW", "ioWop", "AGID", "AGNI", "STARTED", "ELAPSED", "%CUU",
	"%CUC", "nsCGROUP", "nsTIME",
}

// Indexes of the fields this top shows or sorts by.
const (
	fPID   = 0
	fPPID  = 1
	fUID   = 2
	fUSER  = 3
	fRUID  = 4
	fRUSER = 5
	fSUID  = 6
	fSUSER = 7
	fPR    = 14
	fNI    = 15
	fNTH   = 16
	fCPU   = 18
	fTIME  = 19
	fTIME2 = 20
	fMEM   = 21
	fVIRT  = 22
	fRES   = 24
	fSHR   = 27
	fS     = 31
	fCMD   = 32
	fTGID  = 38
)

// defaultFields are the columns shown (Debian's original defaults).
var defaultFields = []int{fPID, fUSER, fPR, fNI, fVIRT, fRES, fSHR, fS, fCPU, fMEM, fTIME2, fCMD}

// fieldIndex finds a field by its exact name.
func fieldIndex(name string) int {
	for i, n := range fieldNames {
		if n == name {
			return i
		}
	}
	return -1
}

// fieldWidth is a column's width (-1: the variable COMMAND column); pidWidth is the PID's.
func fieldWidth(f, pidWidth int) int {
	switch f {
	case fPID, fPPID, fTGID:
		return pidWidth
	case fUSER, fRUSER, fSUSER:
		return 8
	case fPR, fNI, fNTH:
		return 3
	case fCPU, fMEM, fUID, fRUID, fSUID:
		return 5
	case fTIME:
		return 6
	case fTIME2:
		return 9
	case fVIRT:
		return 7
	case fRES, fSHR:
		return 6
	case fS:
		return 1
	case fCMD:
		return -1
	}
	return 0
}

// leftAligned: the string columns.
func leftAligned(f int) bool {
	switch f {
	case fUSER, fRUSER, fSUSER, fCMD:
		return true
	}
	return false
}

// justify pads s to width (right- or left-justified, cut to width) and adds the column
// separator, as justify_pad does.
func justify(b []byte, s string, width int, right bool) []byte {
	if len(s) > width {
		s = s[:width]
	}
	pad := width - len(s)
	if right {
		b = appendSpaces(b, pad)
		b = append(b, s...)
	} else {
		b = append(b, s...)
		b = appendSpaces(b, pad)
	}
	return append(b, ' ')
}

func appendSpaces(b []byte, n int) []byte {
	for ; n > 0; n-- {
		b = append(b, ' ')
	}
	return b
}

// justifyText is the original's make_str_utf8: a text cell that counts UTF-8 characters as
// one column each (bytes when s is not valid UTF-8), cut with a '+' when it does not fit.
func justifyText(b []byte, s string, width int, right bool) []byte {
	if !utf8.ValidString(s) {
		return justify(b, truncPlus(s, width), width, right)
	}
	cols := utf8.RuneCountInString(s)
	if cols > width {
		keep := 0
		for i := range s {
			if keep == width-1 {
				s = s[:i]
				break
			}
			keep++
		}
		s += "+"
		cols = width
		if width <= 0 {
			s, cols = "", 0
		}
	}
	delta := len(s) - cols
	return justify(b, s, width+delta, right)
}

// truncPlus cuts s to width with a '+' as its last character when it does not fit.
func truncPlus(s string, width int) string {
	if len(s) <= width {
		return s
	}
	if width <= 0 {
		return ""
	}
	return s[:width-1] + "+"
}

// cfmt is C's printf of a double with %.Nf (and %#.Nf, the same with N > 0): Go prints the
// same digits; infinities and NaNs are spelled as glibc spells them.
func cfmt(x float64, prec int) string {
	switch {
	case math.IsNaN(x):
		if math.Signbit(x) {
			return "-nan"
		}
		return "nan"
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	return strconv.FormatFloat(x, 'f', prec, 64)
}

// scaleMem formats a KiB amount for a task memory column: from unit target on (0 KiB,
// 1 MiB, ...), the first that fits width ("%.0f" for KiB, "%.1f" and a suffix above).
func scaleMem(target int, kb uint64, width int) string {
	num := float32(kb)
	const sfx = "kmgtpe"
	for i := 0; i < 5; i++ {
		if i >= target {
			var s string
			if i == 0 {
				s = cfmt(float64(num), 0)
			} else {
				s = cfmt(float64(num), 1) + sfx[i:i+1]
			}
			if len(s) <= width {
				return s
			}
		}
		num /= 1024
	}
	return "?"
}

// scalePcnt formats a percentage: "%#.1f" when it fits, else "%*.0f", else "?".
func scalePcnt(num float32, width int) string {
	if s := cfmt(float64(num), 1); len(s) <= width {
		return s
	}
	s := cfmt(float64(num), 0)
	if len(s) < width {
		s = strings.Repeat(" ", width-len(s)) + s
	}
	if len(s) <= width {
		return s
	}
	return "?"
}

// scaleTics formats ticks (USER_HZ 100) for TIME+ (target 0) or TIME (target 1).
func scaleTics(tics uint64, width, target int) string {
	nt := tics * 100 / 100
	cent := nt % 100
	nt /= 100
	secs := nt
	nt /= 60
	mins := nt
	nt /= 60
	hour := nt
	nt /= 24
	days := nt
	week := nt / 7
	u := func(x uint64) string { return strconv.FormatUint(x, 10) }
	p2 := func(x uint64) string {
		if x < 10 {
			return "0" + u(x)
		}
		return u(x)
	}
	try := func(s string) bool { return len(s) <= width }
	if target <= 0 && mins < 361 {
		if s := u(mins) + ":" + p2(secs%60) + "." + p2(cent); try(s) {
			return s
		}
	}
	if target <= 1 && mins < 361 {
		if s := u(mins) + ":" + p2(secs%60); try(s) {
			return s
		}
	}
	if target <= 2 && hour < 97 {
		if s := u(hour) + "," + p2(mins%60); try(s) {
			return s
		}
	}
	// (the original's DAY2 case label sits inside the days limit test of DAY1)
	if target <= 3 && days < 15 || target == 4 {
		if target <= 3 {
			if s := u(days) + "d+" + u(hour%24) + "h"; try(s) {
				return s
			}
		}
		if s := u(days) + "d"; try(s) {
			return s
		}
	}
	if target <= 5 {
		if s := u(week) + "w+" + u(days%7) + "d"; try(s) {
			return s
		}
	}
	if s := u(week) + "w"; try(s) {
		return s
	}
	return "?"
}

// utf8Locale tells whether the locale's character set is UTF-8 (LC_ALL, else LC_CTYPE, else
// LANG names it), which changes how procps escapes command names.
func utf8Locale() bool {
	name := os.Getenv("LC_ALL")
	if name == "" {
		name = os.Getenv("LC_CTYPE")
	}
	if name == "" {
		name = os.Getenv("LANG")
	}
	n := strings.ToLower(name)
	return strings.Contains(n, "utf-8") || strings.Contains(n, "utf8")
}

// escapeStr is procps's escape_str: in a UTF-8 locale control characters become '?' (and a
// string that is not valid UTF-8 is escaped as in the C locale); otherwise control
// characters become '.' and bytes above 0x7f '?'.
func escapeStr(s string, utf bool) string {
	if utf && utf8.ValidString(s) {
		if strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) < 0 {
			return s
		}
		b := []byte(s)
		for i, c := range b {
			if c < 0x20 || c == 0x7f {
				b[i] = '?'
			}
		}
		return string(b)
	}
	b := []byte(s)
	for i, c := range b {
		switch {
		case c < 0x20 || c == 0x7f:
			b[i] = '.'
		case c >= 0x80:
			b[i] = '?'
		}
	}
	return string(b)
}

// cmdlineText is the command line as procps's read_unvectored makes it: trailing NULs
// dropped, NULs and newlines in between turned into spaces, a final space dropped.
func cmdlineText(raw string) string {
	b := []byte(raw)
	n := len(b)
	i := n
	for i > 0 && b[i-1] == 0 {
		i--
	}
	for j := 0; j < i; j++ {
		if b[j] == '\n' || b[j] == 0 {
			b[j] = ' '
		}
	}
	if n > 0 && b[n-1] == ' ' {
		b[n-1] = 0
	}
	if k := bytes.IndexByte(b, 0); k >= 0 {
		b = b[:k]
	}
	return string(b)
}
