package cli

import (
	"encoding/binary"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/cgprocps/cgprocps/internal/machine"
)

var (
	localOnce sync.Once
	localLoc  *time.Location
)

// Local is the time zone glibc's localtime uses for this process's TZ: see LocationFor.
func Local() *time.Location {
	localOnce.Do(func() {
		tz, set := os.LookupEnv("TZ")
		localLoc = LocationFor(tz, set)
	})
	return localLoc
}

// LocationFor is the zone glibc applies for TZ=tz (set false: TZ unset, /etc/localtime, which
// time.Local is then): a zone file by name or path (a leading ':' dropped), else a POSIX rule
// such as "JST-9" or "CET-1CEST,M3.5.0,M10.5.0/3" (which Go's time package alone would treat
// as UTC), else UTC.
func LocationFor(tz string, set bool) *time.Location {
	if !set {
		return time.Local
	}
	tz = strings.TrimPrefix(tz, ":")
	if tz == "" {
		return time.UTC
	}
	if strings.HasPrefix(tz, "/") {
		b, err := machine.Host.ReadFile(tz)
		if err != nil {
			return time.UTC
		}
		loc, err := time.LoadLocationFromTZData(tz, b)
		if err != nil {
			return time.UTC
		}
		return loc
	}
	if tz != "Local" { // Go's name for its own local zone, not a zone file
		if loc, err := time.LoadLocation(tz); err == nil {
			return loc
		}
	}
	if loc := RuleLocation(tz); loc != nil {
		return loc
	}
	return time.UTC
}

// RuleLocation returns a location that follows the POSIX TZ rule string tz, or nil when Go
// cannot parse it. It wraps the rule in a minimal TZif (version 2) image whose footer is the
// rule, the way zic writes it for times past the last transition.
func RuleLocation(tz string) *time.Location {
	if strings.ContainsAny(tz, "\n") {
		return nil
	}
	be := binary.BigEndian
	header := func(b []byte, timecnt, typecnt, charcnt uint32) []byte {
		b = append(b, "TZif2"...)
		b = append(b, make([]byte, 15)...)
		for _, n := range []uint32{0, 0, 0, timecnt, typecnt, charcnt} {
			b = be.AppendUint32(b, n)
		}
		return b
	}
	// version 1 block: no transitions, one type (UTC).
	b := header(nil, 0, 1, 4)
	b = be.AppendUint32(b, 0)
	b = append(b, 0, 0)
	b = append(b, "UTC\x00"...)
	// version 2 block: one transition far in the past, so every real time follows the rule.
	b = header(b, 1, 1, 4)
	b = be.AppendUint64(b, uint64(1)<<63) // -2^63: before any time
	b = append(b, 0)
	b = be.AppendUint32(b, 0)
	b = append(b, 0, 0)
	b = append(b, "UTC\x00"...)
	b = append(b, '\n')
	b = append(b, tz...)
	b = append(b, '\n')
	loc, err := time.LoadLocationFromTZData(tz, b)
	if err != nil {
		return nil
	}
	// A rule Go cannot parse leaves the location on the UTC fallback type.
	if name, off := time.Date(2001, 1, 1, 0, 0, 0, 0, loc).Zone(); name == "UTC" && off == 0 && !strings.HasPrefix(tz, "UTC") {
		if name2, off2 := time.Date(2001, 7, 1, 0, 0, 0, 0, loc).Zone(); name2 == "UTC" && off2 == 0 {
			return nil
		}
	}
	return loc
}
