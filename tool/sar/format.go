package sar

import (
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/cgprocps/cgprocps/internal/sysstat"
)

// Number formatting as sysstat's cprintf_* helpers print (colours never: see docs/sar.md).

type printer struct {
	b     []byte
	human bool
	dec   int     // --dec, -1 when not given
	c     *colors // nil: no colours
}

// colors are sysstat's SGR strings (S_COLORS, S_COLORS_SGR).
type colors struct {
	high, low, zero, num, item, normal string
}

// colorsFromEnv: sysstat's colours (S_COLORS, S_COLORS_SGR), nil when they are off.
func colorsFromEnv(tty bool) *colors {
	c, on := sysstat.ColorsFromEnv(tty)
	if !on {
		return nil
	}
	return &colors{high: c.High, low: c.Low, zero: c.Zero, num: c.NonZero, item: c.Item, normal: c.Normal}
}

func (p *printer) color(s string) {
	if p.c != nil {
		p.b = append(p.b, s...)
	}
}

func (p *printer) normal() {
	if p.c != nil {
		p.b = append(p.b, p.c.normal...)
	}
}

// itemName prints an item (CPU "all", a CPU number, a device) in the item colour with the
// format " %*s" (w > 0) or " %s" (w == 0).
func (p *printer) itemName(s string, w int) {
	if p.c != nil {
		p.b = append(p.b, p.c.item...)
	}
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
func (p *printer) f(unit, wd int, vals ...float64) {
	if wd > 0 && p.dec >= 0 {
		wd = p.dec
	}
	lim := 0.005
	if wd == 1 {
		lim = 0.05
	}
	for _, v := range vals {
		if p.c != nil {
			if (wd > 0 && v < lim && v > -lim) || (wd == 0 && v <= 0.5 && v >= -0.5) {
				p.color(p.c.zero)
			} else {
				p.color(p.c.num)
			}
		}
		if unit < 0 {
			p.b = append(p.b, ' ')
			p.pad(strconv.FormatFloat(v, 'f', wd, 64), 9)
			p.normal()
		} else {
			p.unit(unit, 9, v)
		}
	}
}

// u prints instant integers " %9llu" or in units (cprintf_u64).
func (p *printer) u(unit int, vals ...uint64) {
	for _, v := range vals {
		if p.c != nil {
			if v == 0 {
				p.color(p.c.zero)
			} else {
				p.color(p.c.num)
			}
		}
		if unit < 0 {
			p.b = append(p.b, ' ')
			p.pad(strconv.FormatUint(v, 10), 9)
			p.normal()
		} else {
			p.unit(unit, 9, float64(v))
		}
	}
}

// pc prints percentages (cprintf_pc): " %9.2f", or " %8.1f%%" in human mode.
func (p *printer) pc(vals ...float64) {
	wi, wd := 9, 2
	if p.dec >= 0 {
		wd = p.dec
	}
	if p.human {
		wi--
		if wd > 1 {
			wd--
		}
	}
	lim := 0.005
	if wd == 1 {
		lim = 0.05
	}
	for _, v := range vals {
		if p.c != nil {
			switch {
			case v >= 75:
				p.color(p.c.high)
			case v >= 50:
				p.color(p.c.low)
			case (wd > 0 && v < lim) || (wd == 0 && v <= 0.5):
				p.color(p.c.zero)
			default:
				p.color(p.c.num)
			}
		}
		p.b = append(p.b, ' ')
		p.pad(strconv.FormatFloat(v, 'f', wd, 64), wi)
		p.normal()
		if p.human {
			p.b = append(p.b, '%')
		}
	}
}

const unitLetters = "sBkMGTP?"

// Units as sysstat counts them: 0 sectors, 1 bytes, 2 kB.
const (
	unitByte     = 1
	unitKilobyte = 2
	noUnit       = -1
)

func (p *printer) unit(unit, wi int, v float64) {
	if wi < 4 {
		wi = 4
	}
	if unit == 0 {
		v /= 2
		unit = 2
	}
	for v >= 1024 {
		v /= 1024
		unit++
	}
	d := 1
	if p.dec == 0 {
		d = 0
	}
	p.b = append(p.b, ' ')
	p.pad(strconv.FormatFloat(v, 'f', d, 64), wi-1)
	p.normal()
	if unit >= len(unitLetters) {
		unit = len(unitLetters) - 1
	}
	p.b = append(p.b, unitLetters[unit])
}

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
		if st, err := os.Stat("/usr/lib/locale/" + c); err == nil && st.IsDir() {
			return true
		}
	}
	b, err := os.ReadFile("/usr/lib/locale/locale-archive")
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
