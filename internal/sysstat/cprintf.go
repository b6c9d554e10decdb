package sysstat

import "strconv"

// Printer appends numbers as sysstat 12.6.1's cprintf_f, cprintf_u64, cprintf_pc and
// cprintf_unit (common.c) print them, for iostat and sar alike.
type Printer struct {
	Colors Colors // the zero value: no colours
	Dec    int    // --dec=N (0, 1 or 2); -1 when not given
}

// Unit numbers of AppendUnit, as sysstat counts them (UNIT_SECTOR, UNIT_BYTE, UNIT_KILOBYTE);
// NoUnit prints the plain number.
const (
	NoUnit     = -1
	UnitSector = 0
	UnitByte   = 1
	UnitKB     = 2
)

const unitLetters = "sBkMGTP?"

// appendFixed is printf(" %*.*f", wi, wd, x).
func appendFixed(b []byte, wi, wd int, x float64) []byte {
	s := strconv.FormatFloat(x, 'f', wd, 64)
	b = append(b, ' ')
	for i := len(s); i < wi; i++ {
		b = append(b, ' ')
	}
	return append(b, s...)
}

// AppendUnit is cprintf_unit: x (in unit; sectors are halved to kB first) divided by 1024
// until below it, as " %*.*f" in wi-1 columns (wi at least 4) with one decimal (none with
// --dec=0), then the unit's letter (s B k M G T P, '?' past them) after the Normal colour.
func (p Printer) AppendUnit(b []byte, unit, wi int, x float64) []byte {
	if wi < 4 {
		wi = 4
	}
	if unit == UnitSector {
		x /= 2
		unit = UnitKB
	}
	for x >= 1024 {
		x /= 1024
		unit++
	}
	wd := 1
	if p.Dec == 0 {
		wd = 0
	}
	b = appendFixed(b, wi-1, wd, x)
	b = append(b, p.Colors.Normal...)
	if unit >= len(unitLetters) {
		unit = len(unitLetters) - 1
	}
	return append(b, unitLetters[unit])
}

// AppendF is cprintf_f: each value as " %*.*f" (width wi, wd decimals, --dec replacing a
// non-zero wd), or in units with unit >= 0 (AppendUnit). A value that prints as zero (|x|
// below 0.005 with 2 decimals or 0.05 with 1, |x| <= 0.5 with none) takes the Zero colour,
// any other NonZero.
func (p Printer) AppendF(b []byte, unit, wi, wd int, vals ...float64) []byte {
	if wd > 0 && p.Dec >= 0 {
		wd = p.Dec
	}
	lim := 0.005
	if wd == 1 {
		lim = 0.05
	}
	for _, x := range vals {
		if wd > 0 && x < lim && x > -lim || wd == 0 && x <= 0.5 && x >= -0.5 {
			b = append(b, p.Colors.Zero...)
		} else {
			b = append(b, p.Colors.NonZero...)
		}
		if unit < 0 {
			b = appendFixed(b, wi, wd, x)
			b = append(b, p.Colors.Normal...)
		} else {
			b = p.AppendUnit(b, unit, wi, x)
		}
	}
	return b
}

// AppendU64 is cprintf_u64: each value as " %*llu", or in units with unit >= 0; 0 takes the
// Zero colour, any other NonZero.
func (p Printer) AppendU64(b []byte, unit, wi int, vals ...uint64) []byte {
	for _, x := range vals {
		if x == 0 {
			b = append(b, p.Colors.Zero...)
		} else {
			b = append(b, p.Colors.NonZero...)
		}
		if unit < 0 {
			s := strconv.FormatUint(x, 10)
			b = append(b, ' ')
			for i := len(s); i < wi; i++ {
				b = append(b, ' ')
			}
			b = append(b, s...)
			b = append(b, p.Colors.Normal...)
		} else {
			b = p.AppendUnit(b, unit, wi, float64(x))
		}
	}
	return b
}

// AppendPC is cprintf_pc: each percentage as " %*.*f" (--dec replacing a non-zero wd), or in
// human mode as " %*.*f%%" one column and (from 2) one decimal narrower, the width being at
// least 4 first. Colours: High from 75, Low from 50, Zero for what prints as zero (as
// AppendF), NonZero otherwise.
func (p Printer) AppendPC(b []byte, human bool, wi, wd int, vals ...float64) []byte {
	return p.appendPercents(b, human, byValue, wi, wd, vals)
}

// Directions of a percentage for AppendXPC (sysstat 12.7's cprintf_xpc): which end of the
// scale is bad.
const (
	XHigh = 1 // high is bad: >= 90 High ("extreme"), >= 75 Low ("warn")
	XLow  = 2 // low is bad: <= 10 High, <= 25 Low
	XLow0 = 3 // as XLow, but a value printed as zero is Zero's
)

// byValue is cprintf_pc's colouring (AppendPC): High from 75, Low from 50.
const byValue = 0

// AppendXPC is sysstat 12.7's cprintf_xpc: AppendPC with the colour chosen by the direction
// xtrem (XHigh, XLow, XLow0) against the thresholds 90, 75, 25 and 10; High is the
// "extreme" colour and Low the "warn" one.
func (p Printer) AppendXPC(b []byte, human bool, xtrem, wi, wd int, vals ...float64) []byte {
	return p.appendPercents(b, human, xtrem, wi, wd, vals)
}

// appendPercents is AppendPC's and AppendXPC's layout, the colour chosen by xtrem (byValue
// or a direction).
func (p Printer) appendPercents(b []byte, human bool, xtrem, wi, wd int, vals []float64) []byte {
	if wd > 0 && p.Dec >= 0 {
		wd = p.Dec
	}
	if human {
		if wi < 4 {
			wi = 4
		}
		wi--
		if wd > 1 {
			wd--
		}
	}
	lim := 0.005
	if wd == 1 {
		lim = 0.05
	}
	for _, x := range vals {
		switch {
		case xtrem == byValue && x >= 75, xtrem == XHigh && x >= 90:
			b = append(b, p.Colors.High...)
		case xtrem == byValue && x >= 50, xtrem == XHigh && x >= 75:
			b = append(b, p.Colors.Low...)
		case xtrem == XLow && x <= 10, xtrem == XLow0 && x <= 10 && x >= lim:
			b = append(b, p.Colors.High...)
		case xtrem == XLow && x <= 25, xtrem == XLow0 && x <= 25 && x >= lim:
			b = append(b, p.Colors.Low...)
		case wd > 0 && x < lim || wd == 0 && x <= 0.5:
			b = append(b, p.Colors.Zero...)
		default:
			b = append(b, p.Colors.NonZero...)
		}
		b = appendFixed(b, wi, wd, x)
		b = append(b, p.Colors.Normal...)
		if human {
			b = append(b, '%')
		}
	}
	return b
}
