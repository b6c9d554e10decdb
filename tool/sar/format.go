package sar

import (
	"os"
	"strings"
	"time"

	"github.com/cgprocps/cgprocps/internal/machine"
	"github.com/cgprocps/cgprocps/internal/sysstat"
)

// Number formatting as sysstat's cprintf_* helpers print (colours never: see docs/sar.md).

type printer struct {
	b     []byte
	human bool
	dec   int    // --dec, -1 when not given
	c     colors // the zero value: no colours
}

// colors are sysstat's SGR strings (S_COLORS, S_COLORS_SGR).
type colors = sysstat.Colors

// colorsFromEnv: sysstat's colours (S_COLORS, S_COLORS_SGR), none when they are off.
func colorsFromEnv(tty bool) colors {
	c, _ := sysstat.ColorsFromEnv(tty)
	return c
}

func (p *printer) sp() sysstat.Printer { return sysstat.Printer{Colors: p.c, Dec: p.dec} }

func (p *printer) normal() { p.b = append(p.b, p.c.Normal...) }

// itemName prints an item (CPU "all", a CPU number, a device) in the item colour with the
// format " %*s" (w > 0) or " %s" (w == 0).
func (p *printer) itemName(s string, w int) {
	p.b = append(p.b, p.c.Item...)
	p.b = append(p.b, ' ')
	p.pad(s, w)
	p.normal()
}

func (p *printer) pad(s string, w int) {
	for i := len(s); i < w; i++ {
		p.b = append(p.b, ' ')
	}
	p.b = append(p.b, s...)
}

// padLeft writes s left-aligned in w columns (%-Ns).
func (p *printer) padLeft(s string, w int) {
	p.b = append(p.b, s...)
	for i := len(s); i < w; i++ {
		p.b = append(p.b, ' ')
	}
}

func (p *printer) str(s string) { p.b = append(p.b, s...) }

// item prints " %*s".
func (p *printer) item(s string, w int) {
	p.b = append(p.b, ' ')
	p.pad(s, w)
}

// f prints values " %9.Nf" (unit < 0) or in units (cprintf_f).
func (p *printer) f(unit, wd int, vals ...float64) { p.b = p.sp().AppendF(p.b, unit, 9, wd, vals...) }

// u prints instant integers " %9llu" or in units (cprintf_u64).
func (p *printer) u(unit int, vals ...uint64) { p.b = p.sp().AppendU64(p.b, unit, 9, vals...) }

// pc prints percentages (cprintf_pc): " %9.2f", or " %8.1f%%" in human mode.
func (p *printer) pc(vals ...float64) { p.b = p.sp().AppendPC(p.b, p.human, 9, 2, vals...) }

// Units as sysstat counts them: 0 sectors, 1 bytes, 2 kB.
const (
	unitByte     = sysstat.UnitByte
	unitKilobyte = sysstat.UnitKB
	noUnit       = sysstat.NoUnit
)

// timeFormat decides how times print: S_TIME_FORMAT=ISO gives %H:%M:%S and %Y-%m-%d; else
// the LC_TIME locale's %X and %x, which cgprocps knows for C/POSIX and the en_US family
// (12-hour clock with AM/PM, 4-digit year).
type timeFormat struct {
	iso     bool
	twelveH bool
}

func timeFormatFromEnv() timeFormat {
	if os.Getenv("S_TIME_FORMAT") == "ISO" {
		return timeFormat{iso: true}
	}
	loc := ""
	for _, k := range []string{"LC_ALL", "LC_TIME", "LANG"} {
		if v := os.Getenv(k); v != "" {
			loc = v
			break
		}
	}
	return timeFormat{twelveH: strings.HasPrefix(loc, "en_US") && localeInstalled(loc)}
}

// localeInstalled reports whether glibc could load locale name (setlocale falls back to C
// otherwise): a compiled locale folder or the locale archive naming it.
func localeInstalled(name string) bool {
	cands := []string{name}
	if base, cs, ok := strings.Cut(name, "."); ok {
		norm := strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(cs, "-", ""), "_", ""))
		cands = append(cands, base+"."+norm)
	}
	for _, c := range cands {
		if machine.Host.IsDir("/usr/lib/locale/" + c) {
			return true
		}
	}
	b, err := machine.Host.ReadFileLimit("/usr/lib/locale/locale-archive", 1<<30)
	if err != nil {
		return false
	}
	for _, c := range cands {
		if strings.Contains(string(b), c+"\x00") {
			return true
		}
	}
	return false
}

// clock is %X (or %H:%M:%S).
func (tf timeFormat) clock(t time.Time) string {
	if tf.twelveH {
		return t.Format("03:04:05 PM")
	}
	return t.Format("15:04:05")
}

// date is %x (or %Y-%m-%d).
func (tf timeFormat) date(t time.Time) string {
	switch {
	case tf.iso:
		return t.Format("2006-01-02")
	case tf.twelveH:
		return t.Format("01/02/2006")
	}
	return t.Format("01/02/06")
}
