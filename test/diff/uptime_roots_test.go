package diff

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/internal/cli"
	"github.com/cgprocps/cgprocps/internal/profile"
	"github.com/cgprocps/cgprocps/test/oracle"
	"github.com/cgprocps/cgprocps/test/roots"
	"github.com/cgprocps/cgprocps/tool/uptime"
)

// TestUptimeFormatVsRealRoots is TestUptimeFormatVsReal as a matrix: in each Debian root
// (test/roots) the root's real uptime, uptime -p and uptime -s run over the generated
// /proc/uptime and /proc/loadavg files under various TZ values, and our formatters of the
// root's release (FormatDefaultFor, FormatPrettyFor, FormatSinceFor) must give the same
// lines (the clock and -s at the instants just before or just after the real run). The
// chroot has no utmp: no users. 3.3.17's -s fails under a second up ("uptime: uptime").
func TestUptimeFormatVsRealRoots(t *testing.T) {
	oracle.Need(t)
	for _, s := range roots.Suites {
		t.Run(s.Suite, func(t *testing.T) {
			rt := roots.Need(t, s.Suite)
			ver := rt.Profile.Procps
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
				out, errs, code := oracle.RunRootEnv(t, []string{"TZ=" + tz, "LC_ALL=C"}, rt.Dir, dir, "sh", "-c",
					"uptime; uptime -p; uptime -s 2>&1")
				after := time.Now()
				lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
				if code != 0 && !(ver == profile.Procps3_3_17 && up < 100) || len(lines) != 3 {
					t.Errorf("up %s TZ=%q: exit %d, %q, stderr %q", hundredths(up), tz, code, out, errs)
					continue
				}
				compared += 3
				def := func(now time.Time) string {
					return uptime.FormatDefaultFor(ver, time.Unix(now.Unix(), 0).In(loc), upSecs, 0, avgs)
				}
				if lines[0] != def(before) && lines[0] != def(after) {
					t.Errorf("up %s TZ=%q: default\nreal %q\nours %q", hundredths(up), tz, lines[0], def(after))
				}
				if p := uptime.FormatPrettyFor(ver, upSecs); lines[1] != p {
					t.Errorf("up %s: -p\nreal %q\nours %q", hundredths(up), lines[1], p)
				}
				s1, s2 := uptime.FormatSinceFor(ver, before.In(loc), upSecs), uptime.FormatSinceFor(ver, after.In(loc), upSecs)
				if code != 0 {
					s1, s2 = "uptime: uptime", "uptime: uptime"
				}
				if lines[2] != s1 && lines[2] != s2 {
					t.Errorf("up %s TZ=%q: -s\nreal %q\nours %q or %q", hundredths(up), tz, lines[2], s1, s2)
				}
			}
			t.Logf("%s: %d lines compared", s.Suite, compared)
		})
	}
}
