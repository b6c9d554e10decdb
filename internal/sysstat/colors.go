// Package sysstat holds what sysstat's iostat and sar share beyond their reports.
package sysstat

import (
	"os"
	"strings"

	"github.com/cgprocps/cgprocps/internal/profile"
)

// Colors are the SGR sequences sysstat's init_colors sets: High and Low for percentages over
// their thresholds, Zero and NonZero for numbers, Item for device and interface names, Normal
// to reset.
type Colors struct {
	High, Low, Zero, NonZero, Item, Normal string
}

// ColorsFromEnv decides colours as sysstat does: on when S_COLORS is "always", or unset or
// anything but "never" with stdout a terminal (tty); S_COLORS_SGR then overrides single codes
// ("H=31;1:M=35;1:Z=34;22:N=34;1:I=32;22", malformed entries ignored). ok is false when
// colours are off.
func ColorsFromEnv(tty bool) (c Colors, ok bool) { return colorsFromEnv(false, tty) }

// ColorsFromEnvFor is ColorsFromEnv as release ver reads S_COLORS_SGR: 12.7 also takes W
// (the "warn" colour, M's other name, kept in Low) and X (the "extreme" colour, H's other
// name, kept in High).
func ColorsFromEnvFor(ver profile.Sysstat, tty bool) (c Colors, ok bool) {
	return colorsFromEnv(ver == profile.Sysstat12_7, tty)
}

func colorsFromEnv(wx bool, tty bool) (c Colors, ok bool) {
	e, set := os.LookupEnv("S_COLORS")
	if !set && !tty || set && (e == "never" || e != "always" && !tty) {
		return Colors{}, false
	}
	c = Colors{High: "\x1b[31;1m", Low: "\x1b[35;1m", Zero: "\x1b[34;22m", NonZero: "\x1b[34;1m",
		Item: "\x1b[32;22m", Normal: "\x1b[0m"}
	sgr, set := os.LookupEnv("S_COLORS_SGR")
	if !set {
		return c, true
	}
	for _, p := range strings.Split(sgr, ":") {
		if len(p) > 7 || len(p) < 3 || p[1] != '=' || strings.Trim(p[2:], ";0123456789") != "" {
			continue
		}
		code := "\x1b[" + p[2:] + "m"
		switch {
		case p[0] == 'H' || wx && p[0] == 'X':
			c.High = code
		case p[0] == 'M' || wx && p[0] == 'W':
			c.Low = code
		case p[0] == 'Z':
			c.Zero = code
		case p[0] == 'N':
			c.NonZero = code
		case p[0] == 'I':
			c.Item = code
		}
	}
	return c, true
}
