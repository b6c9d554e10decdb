package vmstat

import (
	"strings"

	"github.com/cgprocps/cgprocps/internal/cnum"
)

// procStat is what vmstat takes from /proc/stat, read as procps's stat library reads it: the
// first line's ten tick counters (at least eight), then the first "intr ", "ctxt ", "btime ",
// "processes ", "procs_blocked " and "procs_running " after it (0 when absent).
type procStat struct {
	User, Nice, System, Idle, IOWait, IRQ, SoftIRQ, Steal, Guest, GuestNice uint64

	Intr, Ctxt, BTime, Processes, Running, Blocked uint64
}

// parseStat parses /proc/stat; ok is false when the first line is not a "cpu" line with at
// least eight numbers (the library then fails).
func parseStat(b []byte) (s procStat, ok bool) {
	text := string(b)
	first, rest, _ := strings.Cut(text, "\n")
	if !strings.HasPrefix(first, "cpu") {
		return s, false
	}
	dst := []*uint64{&s.User, &s.Nice, &s.System, &s.Idle, &s.IOWait, &s.IRQ, &s.SoftIRQ,
		&s.Steal, &s.Guest, &s.GuestNice}
	line := first[3:]
	n := 0
	for _, d := range dst {
		x, used, good := scanUint(line)
		if !good {
			break
		}
		*d = x
		line = line[used:]
		n++
	}
	if n < 8 {
		return procStat{}, false
	}
	for _, f := range []struct {
		key string
		dst *uint64
	}{
		{"intr ", &s.Intr}, {"ctxt ", &s.Ctxt}, {"btime ", &s.BTime}, {"processes ", &s.Processes},
		{"procs_blocked ", &s.Blocked}, {"procs_running ", &s.Running},
	} {
		if i := strings.Index(rest, f.key); i >= 0 {
			*f.dst, _, _ = scanUint(rest[i+len(f.key):])
		}
	}
	return s, true
}

// scanUint reads one number as scanf's %llu does (cnum.Strtoul in base 10): the value, the
// bytes used and whether a digit was found.
func scanUint(s string) (uint64, int, bool) {
	x, n, _ := cnum.Strtoul(s, 10)
	return x, n, n > 0
}
