package cli

import (
	"testing"
	"time"
)

// TestLocationForPathMatchesZoneName: a zone file read by path (TZ=/usr/share/zoneinfo/...)
// keeps the offsets, abbreviations and transitions of the zone of that name.
func TestLocationForPathMatchesZoneName(t *testing.T) {
	for _, name := range []string{"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"} {
		want, err := time.LoadLocation(name)
		if err != nil {
			t.Skipf("no zoneinfo for %s: %v", name, err)
		}
		loc := LocationFor("/usr/share/zoneinfo/"+name, true)
		if loc == time.UTC {
			t.Skipf("/usr/share/zoneinfo/%s not readable", name)
		}
		for sec := int64(0); sec < 4e9; sec += 86400*37 + 3607 {
			u := time.Unix(sec, 0)
			gn, goff := u.In(loc).Zone()
			wn, woff := u.In(want).Zone()
			if gn != wn || goff != woff {
				t.Fatalf("%s at %d: %s %d, want %s %d", name, sec, gn, goff, wn, woff)
			}
		}
	}
}
