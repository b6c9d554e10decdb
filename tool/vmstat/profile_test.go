package vmstat

import (
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/profile"
)

// The values are what the real vmstat of Debian 11/12/13 printed over crafted views.
func TestReleaseDifferences(t *testing.T) {
	// 4.0.4: first-line cs = ctxt / all ticks, truncated (2600/1000 -> 2, 1999/1000 -> 1).
	for _, c := range []struct{ ctxt, want uint64 }{{2600, 2}, {1999, 1}, {5000, 5}} {
		s := sample{st: procStat{User: 1000, Ctxt: c.ctxt}, uptime: 1}
		if r := firstRestFor(profile.Procps4_0_4, s, 1024, 4); uint64(r[5]) != c.want {
			t.Errorf("4.0.4 cs of %d: %d, want %d", c.ctxt, r[5], c.want)
		}
	}
	// Headers: gu in 4.0.4's narrow layout, none in 3.3.17's wide one.
	h := string(appendHeader(nil, config{ver: profile.Procps4_0_4}))
	if !strings.HasSuffix(h, " st gu\n") || !strings.Contains(h, "-------cpu-------\n") {
		t.Errorf("4.0.4 header %q", h)
	}
	if h := string(appendHeader(nil, config{ver: profile.Procps3_3_17, wide: true})); !strings.HasSuffix(h, "  st\n") {
		t.Errorf("3.3.17 wide header %q", h)
	}
	// 3.3.17's used memory and wrapping used swap.
	m := memVals{Total: 1000, Free: 300, Buffers: 50, CachedAll: 120, SwapTotal: 100, SwapFree: 200}
	if r := m.forRelease(profile.Procps3_3_17); r.Used != 530 || r.SwapUsed != ^uint64(99) {
		t.Errorf("3.3.17 mem %+v", r)
	}
	// r: 3.3.17 and 4.0.4 do not count vmstat itself.
	for ver, want := range map[profile.Procps]string{profile.Procps3_3_17: " 1", profile.Procps4_0_2: " 2", profile.Procps4_0_4: " 1"} {
		line := string(appendLine(nil, config{ver: ver, unit: 1024}, sample{st: procStat{Running: 2}}, [12]uint32{}, ""))
		if !strings.HasPrefix(line, want+" ") {
			t.Errorf("%v: %q", ver, line)
		}
	}
}
