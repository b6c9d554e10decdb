package diff

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/internal/cli"
	"github.com/cgprocps/cgprocps/test/oracle"
	"github.com/cgprocps/cgprocps/tool/uptime"
)

// upValues are uptimes in hundredths of a second: the edges of the default and -p formats
// (a minute, an hour, a day, a week, a 365-day year, a decade, INT_MAX) and random ones.
func upValues() []uint64 {
	v := []uint64{0, 5999, 6000, 6050, 6100, 11900, 359999, 360000, 360050, 366000, 390000, 720000,
		725999, 726000, 8639900, 8640000, 8640001, 9000000, 9042000, 17280000, 60480000, 60480100,
		3153600000, 3153600100, 31536000000, 31536000100, 94608000100, 214748364700, 214748364800,
		400000000000}
	r := rand.New(rand.NewPCG(7, 11))
	for i := 0; i < 30; i++ {
		v = append(v, r.Uint64N(uint64(1)<<uint(r.IntN(38)+1)))
	}
	return v
}

var zones = []string{"UTC", "Asia/Tokyo", "America/New_York", "JST-9", "CET-1CEST,M3.5.0,M10.5.0/3",
	"<+0330>-3:30", "Australia/Lord_Howe", "", ":Europe/Berlin", "EST5EDT"}

func hundredths(h uint64) string {
	return fmt.Sprintf("%d.%02d", h/100, h%100)
}

// TestUptimeFormatVsReal runs the real uptime, uptime -p and uptime -s over generated
// /proc/uptime and /proc/loadavg files under various TZ values and compares our formatters'
// lines, clock included (ours computed at the instants just before and just after the real
// run; the real line must equal one of them).
func TestUptimeFormatVsReal(t *testing.T) {
	oracle.Need(t)
	users := uptime.CountUsers(readOrNil(uptime.UtmpFile))
	r := rand.New(rand.NewPCG(3, 5))
	base := t.TempDir()
	compared := 0
	for i, up := range upValues() {
		loads := [3]uint64{r.Uint64N(100), r.Uint64N(100000), r.Uint64N(1000)}
		if i%4 == 0 {
			loads = [3]uint64{0, 1, 99999}
		}
		dir := filepath.Join(base, strconv.Itoa(i))
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, "uptime"), []byte(hundredths(up)+" 1234.56\n"), 0o644)
		os.WriteFile(filepath.Join(dir, "loadavg"), []byte(fmt.Sprintf("%s %s %s 1/100 4242\n",
			hundredths(loads[0]), hundredths(loads[1]), hundredths(loads[2]))), 0o644)
		tz := zones[i%len(zones)]
		loc := cli.LocationFor(tz, true)
		upSecs := float64(up) / 100
		avgs := [3]float64{float64(loads[0]) / 100, float64(loads[1]) / 100, float64(loads[2]) / 100}

		before := time.Now()
		out, errs, code := oracle.RunEnv(t, []string{"TZ=" + tz, "LC_ALL=C"}, dir, "sh", "-c",
			"uptime; uptime -p; uptime -s")
		after := time.Now()
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if code != 0 || len(lines) != 3 {
			t.Errorf("up %s TZ=%q: exit %d, %q, stderr %q", hundredths(up), tz, code, out, errs)
			continue
		}
		compared += 3
		def := func(now time.Time) string {
			return uptime.FormatDefault(time.Unix(now.Unix(), 0).In(loc), upSecs, users, avgs)
		}
		if lines[0] != def(before) && lines[0] != def(after) {
			t.Errorf("up %s TZ=%q: default\nreal %q\nours %q", hundredths(up), tz, lines[0], def(after))
		}
		if p := uptime.FormatPretty(upSecs); lines[1] != p {
			t.Errorf("up %s: -p\nreal %q\nours %q", hundredths(up), lines[1], p)
		}
		s1, s2 := uptime.FormatSince(before.In(loc), upSecs), uptime.FormatSince(after.In(loc), upSecs)
		if lines[2] != s1 && lines[2] != s2 {
			t.Errorf("up %s TZ=%q: -s\nreal %q\nours %q or %q", hundredths(up), tz, lines[2], s1, s2)
		}
	}
	t.Logf("%d lines compared", compared)
}

func readOrNil(path string) []byte {
	b, _ := os.ReadFile(path)
	return b
}

// utmpFile builds a utmp file: records of every ut_type, with and without a user name, some
// with junk in the upper byte of ut_type, and sometimes a partial record at the end.
func utmpFile(r *rand.Rand) []byte {
	var b []byte
	n := r.IntN(20)
	for i := 0; i < n; i++ {
		rec := make([]byte, 384)
		typ := uint16(r.IntN(10))
		if r.IntN(2) == 0 {
			typ = 7 // USER_PROCESS
		}
		if r.IntN(8) == 0 {
			typ |= 0x100
		}
		binary.NativeEndian.PutUint16(rec[0:], typ)
		binary.NativeEndian.PutUint32(rec[4:], uint32(1000+i))
		copy(rec[8:], "pts/"+strconv.Itoa(i))
		if r.IntN(4) != 0 {
			name := "user" + strconv.Itoa(i)
			if r.IntN(5) == 0 {
				name = strings.Repeat("x", 32) // fills ut_user, no terminating NUL
			}
			copy(rec[44:76], name)
		}
		copy(rec[76:], "host.example")
		b = append(b, rec...)
	}
	if r.IntN(3) == 0 {
		b = append(b, make([]byte, r.IntN(383)+1)...)
		b[len(b)-1] = 7
	}
	return b
}

// TestUptimeUsersVsReal puts generated utmp files at /run/utmp (/var/run/utmp) of a private
// mount namespace and compares the real uptime's user count with CountUsers.
func TestUptimeUsersVsReal(t *testing.T) {
	oracle.Need(t)
	needReal(t, "/usr/bin/uptime")
	if fi, err := os.Lstat("/var/run"); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Skip("/var/run is not a symlink to /run here")
	}
	r := rand.New(rand.NewPCG(1, 2))
	var counts []int
	for i := 0; i < 12; i++ {
		data := utmpFile(r)
		c := exec.Command("unshare", "--mount", "--propagation", "private", "sh", "-c",
			"mount -t tmpfs tmpfs /run && cat > /run/utmp && uptime")
		c.Stdin = bytes.NewReader(data)
		out, err := c.CombinedOutput()
		if err != nil {
			t.Fatalf("unshare: %v: %s", err, out)
		}
		want := uptime.CountUsers(data)
		word := "user"
		if want > 1 {
			word = "users"
		}
		counts = append(counts, want)
		if frag := fmt.Sprintf(", %2d %s,  load average", want, word); !strings.Contains(string(out), frag) {
			t.Errorf("utmp %d (%d bytes): real %q, ours counts %d", i, len(data), out, want)
		}
	}
	t.Logf("user counts compared: %v", counts)
}
