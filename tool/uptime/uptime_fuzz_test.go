package uptime

import (
	"math"
	"strings"
	"testing"
	"time"
)

// FuzzCountUsers: any utmp file counts without a panic, at most one user per record.
func FuzzCountUsers(f *testing.F) {
	f.Add(make([]byte, 384))
	f.Add(append(make([]byte, 384), 7, 0, 0, 0))
	rec := make([]byte, 384)
	rec[0] = 7
	copy(rec[44:], "root")
	f.Add(rec)
	f.Fuzz(func(t *testing.T, b []byte) {
		if n := CountUsers(b); n < 0 || n > len(b)/384 {
			t.Fatalf("%d users in %d bytes", n, len(b))
		}
	})
}

// FuzzFormat: every uptime and load value formats without a panic, on one line.
func FuzzFormat(f *testing.F) {
	for _, up := range []float64{0, 59.99, 60, 3600, 86400, 1e9, 3e9, -1} {
		f.Add(up, 0.5, 3)
	}
	f.Fuzz(func(t *testing.T, up, load float64, users int) {
		if math.IsNaN(up) || math.IsInf(up, 0) || math.IsNaN(load) || math.IsInf(load, 0) {
			t.Skip() // strtod of /proc/uptime never yields these
		}
		now := time.Unix(1_800_000_000, 0).UTC()
		for _, s := range []string{FormatDefault(now, up, users, [3]float64{load, load, load}), FormatPretty(up), FormatSince(now, up)} {
			if strings.Count(s, "\n") > 1 {
				t.Fatalf("more than one line: %q", s)
			}
		}
	})
}
