package cli

import (
	"os"
	"testing"
	"time"
)

// TestLocalUnsetIsEtcLocaltime: with TZ unset, Local reads /etc/localtime itself (not through
// time.Local); both give the same zone at every instant.
func TestLocalUnsetIsEtcLocaltime(t *testing.T) {
	if _, set := os.LookupEnv("TZ"); set {
		t.Skip("TZ is set in this environment: time.Local is not /etc/localtime")
	}
	loc := LocationFor("", false)
	for _, sec := range []int64{0, 1e9, 1.7e9, 1.79e9, 2.1e9, 4e9} {
		for _, off := range []int64{0, 86400 * 91, 86400 * 182, 86400 * 273} {
			u := time.Unix(sec+off, 0)
			gn, go_ := u.In(loc).Zone()
			wn, wo := u.In(time.Local).Zone()
			if gn != wn || go_ != wo || u.In(loc).Format(time.DateTime) != u.In(time.Local).Format(time.DateTime) {
				t.Fatalf("%d: %s %d, time.Local %s %d", sec+off, gn, go_, wn, wo)
			}
		}
	}
}

// TestLocationForPathMatchesZoneName: a zone file read by path (what Local does with
// /etc/localtime) keeps the offsets, abbreviations and transitions of the zone of that name.
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
