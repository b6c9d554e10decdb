package iostat

import (
	"bufio"
	"strings"

	"github.com/cgprocps/cgprocps/internal/profile"
	"github.com/cgprocps/cgprocps/internal/sysstat"
)

// colors are sysstat's colours (S_COLORS, S_COLORS_SGR); the zero value prints none.
type colors = sysstat.Colors

// initColors: release ver's colours, none when they are off.
func initColors(ver profile.Sysstat, tty bool) colors {
	c, _ := sysstat.ColorsFromEnvFor(ver, tty)
	return c
}

// Units of cprintf_unit.
const (
	noUnit   = sysstat.NoUnit
	unitSect = sysstat.UnitSector
	unitKB   = sysstat.UnitKB
)

// out is the report writer with sysstat's cprintf_* helpers (sysstat.Printer).
type out struct {
	ver     profile.Sysstat // 12.7 colours percentages by their direction (xpc)
	w       *bufio.Writer
	c       colors
	dplaces int
	buf     []byte
}

func (o *out) s(s string) { o.w.WriteString(s) }

func (o *out) printer() sysstat.Printer { return sysstat.Printer{Colors: o.c, Dec: o.dplaces} }

func (o *out) flush(b []byte) {
	o.w.Write(b)
	o.buf = b[:0]
}

// unit is cprintf_unit.
func (o *out) unit(unit, wi int, x float64) { o.flush(o.printer().AppendUnit(o.buf, unit, wi, x)) }

// f is cprintf_f.
func (o *out) f(unit, wi, wd int, vals ...float64) {
	o.flush(o.printer().AppendF(o.buf, unit, wi, wd, vals...))
}

// u64 is cprintf_u64.
func (o *out) u64(unit, wi int, vals ...uint64) {
	o.flush(o.printer().AppendU64(o.buf, unit, wi, vals...))
}

// pc is cprintf_pc.
func (o *out) pc(human bool, wi, wd int, vals ...float64) {
	o.flush(o.printer().AppendPC(o.buf, human, wi, wd, vals...))
}

// xpc is the percentages of a report: cprintf_pc before 12.7; from 12.7 cprintf_xpc, the
// colour chosen by which end of the scale is bad (xtrem: sysstat.XHigh, XLow, XLow0).
func (o *out) xpc(human bool, xtrem, wi, wd int, vals ...float64) {
	if o.ver == profile.Sysstat12_7 {
		o.flush(o.printer().AppendXPC(o.buf, human, xtrem, wi, wd, vals...))
		return
	}
	o.pc(human, wi, wd, vals...)
}

// item is cprintf_in for a string.
func (o *out) item(name string, pad bool) {
	o.s(o.c.Item)
	if pad {
		o.s(name)
		for i := len(name); i < 13; i++ {
			o.w.WriteByte(' ')
		}
	} else {
		o.s(" " + name)
	}
	o.s(o.c.Normal)
}

func tabs(n int) string { return strings.Repeat("\t", n) }
