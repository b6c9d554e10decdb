package iostat

import (
	"bufio"
	"strconv"
	"strings"

	"github.com/cgprocps/cgprocps/internal/sysstat"
)

// Colours, as sysstat's init_colors sets them.
type colors struct {
	percentHigh, percentLow, zero, nonzero, item, normal string
}

// initColors: sysstat's colours (S_COLORS, S_COLORS_SGR), none when they are off.
func initColors(tty bool) colors {
	c, on := sysstat.ColorsFromEnv(tty)
	if !on {
		return colors{}
	}
	return colors{percentHigh: c.High, percentLow: c.Low, zero: c.Zero, nonzero: c.NonZero, item: c.Item, normal: c.Normal}
}

// Units of cprintf_unit.
const (
	noUnit   = -1
	unitSect = 0
	unitKB   = 2
)

var unitLetters = []byte{'s', 'B', 'k', 'M', 'G', 'T', 'P', '?'}

// out is the report writer with sysstat's cprintf_* helpers.
type out struct {
	w       *bufio.Writer
	c       colors
	dplaces int
}

func (o *out) s(s string) { o.w.WriteString(s) }

// fixed writes " %*.*f".
func (o *out) fixed(wi, wd int, x float64) {
	s := strconv.FormatFloat(x, 'f', wd, 64)
	o.w.WriteByte(' ')
	for i := len(s); i < wi; i++ {
		o.w.WriteByte(' ')
	}
	o.w.WriteString(s)
}

func (o *out) unit(unit, wi int, x float64) {
	if wi < 4 {
		wi = 4
	}
	if unit == unitSect {
		x /= 2
		unit = unitKB
	}
	for x >= 1024 {
		x /= 1024
		unit++
	}
	wd := 1
	if o.dplaces == 0 {
		wd = 0
	}
	o.fixed(wi-1, wd, x)
	o.s(o.c.normal)
	if unit >= len(unitLetters) {
		unit = len(unitLetters) - 1
	}
	o.w.WriteByte(unitLetters[unit])
}

// f is cprintf_f.
func (o *out) f(unit, wi, wd int, vals ...float64) {
	if wd > 0 && o.dplaces >= 0 {
		wd = o.dplaces
	}
	lim := 0.005
	if wd == 1 {
		lim = 0.05
	}
	for _, x := range vals {
		if wd > 0 && x < lim && x > -lim || wd == 0 && x <= 0.5 && x >= -0.5 {
			o.s(o.c.zero)
		} else {
			o.s(o.c.nonzero)
		}
		if unit < 0 {
			o.fixed(wi, wd, x)
			o.s(o.c.normal)
		} else {
			o.unit(unit, wi, x)
		}
	}
}

// u64 is cprintf_u64.
func (o *out) u64(unit, wi int, vals ...uint64) {
	for _, x := range vals {
		if x == 0 {
			o.s(o.c.zero)
		} else {
			o.s(o.c.nonzero)
		}
		if unit < 0 {
			s := strconv.FormatUint(x, 10)
			o.w.WriteByte(' ')
			for i := len(s); i < wi; i++ {
				o.w.WriteByte(' ')
			}
			o.s(s)
			o.s(o.c.normal)
		} else {
			o.unit(unit, wi, float64(x))
		}
	}
}

// pc is cprintf_pc.
func (o *out) pc(human bool, wi, wd int, vals ...float64) {
	if wd > 0 && o.dplaces >= 0 {
		wd = o.dplaces
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
		case x >= 75:
			o.s(o.c.percentHigh)
		case x >= 50:
			o.s(o.c.percentLow)
		case wd > 0 && x < lim || wd == 0 && x <= 0.5:
			o.s(o.c.zero)
		default:
			o.s(o.c.nonzero)
		}
		o.fixed(wi, wd, x)
		o.s(o.c.normal)
		if human {
			o.w.WriteByte('%')
		}
	}
}

// item is cprintf_in for a string.
func (o *out) item(name string, pad bool) {
	o.s(o.c.item)
	if pad {
		o.s(name)
		for i := len(name); i < 13; i++ {
			o.w.WriteByte(' ')
		}
	} else {
		o.s(" " + name)
	}
	o.s(o.c.normal)
}

func tabs(n int) string { return strings.Repeat("\t", n) }
