package uptime

import (
	"strconv"
	"time"

	"github.com/cgprocps/cgprocps/internal/profile"
)

// cInt is C's (int) conversion of a double as x86-64 does it (cvttsd2si, 32-bit): truncation
// toward zero, INT_MIN for NaN and out-of-range values.
func cInt(d float64) int32 {
	if d != d || d >= 2147483648.0 || d <= -2147483649.0 {
		return -1 << 31
	}
	return int32(d)
}

func appendPad2(b []byte, n int, pad byte) []byte {
	if n >= 0 && n < 10 {
		b = append(b, pad)
	}
	return strconv.AppendInt(b, int64(n), 10)
}

// FormatDefault is the default line (also top's first line) without its newline:
// " HH:MM:SS up [D day(s), ]{H:MM|M min}, N user(s),  load average: L1, L5, L15".
// now is the wall clock (its location gives the local time), up the uptime in seconds as
// strtod read it, users the utmp count, loads the three averages.
func FormatDefault(now time.Time, up float64, users int, loads [3]float64) string {
	return FormatDefaultFor(profile.Procps4_0_2, now, up, users, loads)
}

// FormatDefaultFor is the default line of release ver. 4.0.2 says "days" and "users" only
// above 1 ("0 user"); 3.3.17 and Debian 13's 4.0.4 (which carries 4.0.5's fix) for any count
// but 1 ("0 users").
func FormatDefaultFor(ver profile.Procps, now time.Time, up float64, users int, loads [3]float64) string {
	not1 := ver != profile.Procps4_0_2
	b := make([]byte, 0, 80)
	b = append(b, ' ')
	b = appendClock(b, now)
	b = append(b, " up "...)

	secs := cInt(up)
	days := secs / 86400
	hours := (secs / 3600) % 24
	minutes := (secs / 60) % 60
	if days != 0 {
		b = strconv.AppendInt(b, int64(days), 10)
		if days > 1 || not1 && days != 1 {
			b = append(b, " days, "...)
		} else {
			b = append(b, " day, "...)
		}
	}
	if hours != 0 {
		b = appendPad2(b, int(hours), ' ')
		b = append(b, ':')
		b = appendPad2(b, int(minutes), '0')
		b = append(b, ", "...)
	} else {
		b = strconv.AppendInt(b, int64(minutes), 10)
		b = append(b, " min, "...)
	}
	b = appendPad2(b, users, ' ')
	if users > 1 || not1 && users != 1 {
		b = append(b, " users,  load average: "...)
	} else {
		b = append(b, " user,  load average: "...)
	}
	for i, l := range loads {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = strconv.AppendFloat(b, l, 'f', 2, 64)
	}
	return string(b)
}

// Seconds in the -p units (C int arithmetic: 365-day years, 10-year decades).
const (
	minute = 60
	hour   = 60 * minute
	day    = 24 * hour
	week   = 7 * day
	year   = 365 * day
	decade = 10 * year
)

// FormatPretty is the -p line without its newline: "up " and the decades, years, weeks,
// days, hours and minutes, each taken only while the seconds left are strictly greater than
// the unit; minutes are printed when non-zero or when less than a minute is left.
func FormatPretty(up float64) string {
	return FormatPrettyFor(profile.Procps4_0_2, up)
}

// FormatPrettyFor is the -p line of release ver; 3.3.17's is formatPretty3317; Debian 13's
// 4.0.4 says "days" for any count of days but 1.
func FormatPrettyFor(ver profile.Procps, up float64) string {
	if ver == profile.Procps3_3_17 {
		return formatPretty3317(up)
	}
	secs := up
	// take removes as many units as (int)secs holds, with C's 32-bit int arithmetic.
	take := func(unit int32) int32 {
		if !(secs > float64(unit)) {
			return 0
		}
		n := cInt(secs) / unit
		secs -= float64(n * unit) // wraps like the C int product
		return n
	}
	parts := []struct {
		n              int32
		single, plural string
	}{
		{take(decade), "decade", "decades"},
		{take(year), "year", "years"},
		{take(week), "week", "weeks"},
		{take(day), "day", "days"},
		{take(hour), "hour", "hours"},
	}
	minutes := take(minute)

	b := make([]byte, 0, 64)
	b = append(b, "up "...)
	comma := false
	for _, p := range parts {
		if p.n == 0 {
			continue
		}
		if comma {
			b = append(b, ", "...)
		}
		b = strconv.AppendInt(b, int64(p.n), 10)
		if p.n > 1 || ver == profile.Procps4_0_4 && p.single == "day" && p.n != 1 {
			b = append(b, ' ')
			b = append(b, p.plural...)
		} else {
			b = append(b, ' ')
			b = append(b, p.single...)
		}
		comma = true
	}
	if minutes != 0 || secs < 60 {
		b = appendMinutes(b, comma, minutes)
	}
	return string(b)
}

// appendMinutes appends "[, ]N minute(s)", the last part of uptime -p in every release.
func appendMinutes(b []byte, comma bool, minutes int32) []byte {
	if comma {
		b = append(b, ", "...)
	}
	b = strconv.AppendInt(b, int64(minutes), 10)
	if minutes != 1 {
		return append(b, " minutes"...)
	}
	return append(b, " minute"...)
}

// appendClock appends t's wall-clock time as "%02d:%02d:%02d".
func appendClock(b []byte, t time.Time) []byte {
	b = appendPad2(b, t.Hour(), '0')
	b = append(b, ':')
	b = appendPad2(b, t.Minute(), '0')
	b = append(b, ':')
	return appendPad2(b, t.Second(), '0')
}

// FormatSince is the -s line without its newline: the boot time now - up, rounded to the
// second as (time_t)(now - up + 0.5), in now's location, "YYYY-MM-DD HH:MM:SS".
func FormatSince(now time.Time, up float64) string {
	return FormatSinceFor(profile.Procps4_0_2, now, up)
}

// FormatSinceFor is the -s line of release ver: 3.3.17 and 4.0.2 round as FormatSince; 4.0.4
// truncates (time_t)(now/1e6 - up), now being tv_sec*1e6 + tv_usec.
func FormatSinceFor(ver profile.Procps, now time.Time, up float64) string {
	usec := now.Nanosecond() / 1000
	var since int64
	if ver == profile.Procps4_0_4 {
		n := float64(now.Unix())*1000000.0 + float64(usec)
		since = int64(n/1000000.0 - up)
	} else {
		n := float64(now.Unix()) + float64(usec)/1000000.0
		since = int64((n - up) + 0.5)
	}
	t := time.Unix(since, 0).In(now.Location())
	b := make([]byte, 0, 20)
	y := t.Year()
	if y >= 0 && y < 1000 {
		for d := 1000; d > 1 && y < d; d /= 10 {
			b = append(b, '0')
		}
	}
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, '-')
	b = appendPad2(b, int(t.Month()), '0')
	b = append(b, '-')
	b = appendPad2(b, t.Day(), '0')
	b = append(b, ' ')
	b = appendClock(b, t)
	return string(b)
}

// formatPretty3317 is 3.3.17's -p line: from (int)up, decades (10*365 days), years modulo 10,
// weeks modulo 52, days modulo 7, hours modulo 24 and minutes modulo 60, each shown when not
// 0 ("s" above 1); the minutes also when up is under 60 s ("minutes" unless 1).
func formatPretty3317(up float64) string {
	secs := cInt(up)
	parts := []struct {
		n              int32
		single, plural string
	}{
		{secs / decade, "decade", "decades"},
		{secs / year % 10, "year", "years"},
		{secs / week % 52, "week", "weeks"},
		{secs / day % 7, "day", "days"},
		{secs / hour % 24, "hour", "hours"},
	}
	minutes := secs / minute % 60
	b := make([]byte, 0, 64)
	b = append(b, "up "...)
	comma := false
	for _, p := range parts {
		if p.n == 0 {
			continue
		}
		if comma {
			b = append(b, ", "...)
		}
		b = strconv.AppendInt(b, int64(p.n), 10)
		b = append(b, ' ')
		if p.n > 1 {
			b = append(b, p.plural...)
		} else {
			b = append(b, p.single...)
		}
		comma = true
	}
	if minutes != 0 || up < 60 {
		b = appendMinutes(b, comma, minutes)
	}
	return string(b)
}
