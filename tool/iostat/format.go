package iostat

import (
	"bufio"
	"strings"

	"github.com/cgprocps/cgprocps/internal/sysstat"
)

// colors are sysstat's colours (S_COLORS, S_COLORS_SGR); the zero value prints none.
type colors = sysstat.Colors

// initColors: sysstat's colours, none when they are off.
func initColors(tty bool) colors {
	c, _ := sysstat.ColorsFromEnv(tty)
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
