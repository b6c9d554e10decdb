package clocktest

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/internal/cgview"
)

type snap struct {
	up              uint64
	user, sys       uint64
	rdSect, wrSect  uint64
	rdIOs, wrIOs    uint64
	pgpgin, pgpgout uint64
	sysRd, sysWr    uint64 // sys/block/DEV/stat
}

func read(t *testing.T, root string, mode cgview.ModeChoice, dev string) snap {
	t.Helper()
	v, err := cgview.Open(cgview.Options{Root: root, Mode: mode, Warn: discard{}})
	if err != nil {
		t.Fatal(err)
	}
	var s snap
	u, err := v.Uptime()
	if err != nil {
		t.Fatal(err)
	}
	s.up = u.Centis
	c := v.CPU()
	s.user, s.sys = c.UserTicks, c.SystemTicks
	ds, err := v.Diskstats()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Name == dev {
			s.rdSect, s.wrSect, s.rdIOs, s.wrIOs = d.ReadSectors, d.WriteSectors, d.ReadIOs, d.WriteIOs
		}
	}
	if st, err := v.BlockStat(dev, ""); err == nil {
		s.sysRd, s.sysWr = st.ReadSectors, st.WriteSectors
	}
	vm, err := v.VMStat()
	if err != nil {
		t.Fatal(err)
	}
	s.pgpgin, s.pgpgout = vm.Value("pgpgin"), vm.Value("pgpgout")
	return s
}

// The rig moves what cgview reads by exactly the documented rates, in both modes: the
// container's uptime, busy ticks (v1 cpuacct.stat, v2 cpu.stat), per-device I/O (v1 blkio, v2
// io.stat) and bi/bo; the host's diskstats and vmstat.
func TestAdvance(t *testing.T) {
	for _, capture := range Captures(t) {
		t.Run(filepath.Base(capture), func(t *testing.T) {
			m := Copy(t, capture)
			c0 := read(t, m.Root, cgview.ModeContainer, m.Device)
			clk := NewClock(t, m, -time.Hour, 1)
			clk.Sleep(150 * time.Millisecond) // a fraction first: later deltas stay exact
			c1 := read(t, m.Root, cgview.ModeContainer, m.Device)
			h1 := read(t, m.Root, cgview.ModeHost, m.Device)
			clk.Sleep(2 * time.Second)
			c2 := read(t, m.Root, cgview.ModeContainer, m.Device)
			h2 := read(t, m.Root, cgview.ModeHost, m.Device)
			if c1.up-c0.up != 15 || c2.up-c1.up != 200 || h2.up-h1.up != 200 {
				t.Errorf("uptime deltas %d %d (host %d), want 15 200 (200)", c1.up-c0.up, c2.up-c1.up, h2.up-h1.up)
			}
			wantUser := uint64(CgroupUserShare*m.Capacity*100+0.5) * 2
			wantSys := uint64(CgroupSystemShare*m.Capacity*100+0.5) * 2
			if c2.user-c1.user != wantUser || c2.sys-c1.sys != wantSys {
				t.Errorf("C=%g: busy tick deltas %d %d over 2 s, want %d %d", m.Capacity, c2.user-c1.user, c2.sys-c1.sys, wantUser, wantSys)
			}
			for name, p := range map[string][2]snap{"container": {c1, c2}, "host": {h1, h2}} {
				a, b := p[0], p[1]
				if b.rdSect-a.rdSect != 2*ReadBytesPerSec/512 || b.wrSect-a.wrSect != 2*WriteBytesPerSec/512 ||
					b.rdIOs-a.rdIOs != 2*ReadIOsPerSec || b.wrIOs-a.wrIOs != 2*WriteIOsPerSec {
					t.Errorf("%s %s: disk deltas %+v -> %+v", name, m.Device, a, b)
				}
				if b.sysRd-a.sysRd != 2*ReadBytesPerSec/512 || b.sysWr-a.sysWr != 2*WriteBytesPerSec/512 {
					t.Errorf("%s: sys/block/%s/stat sector deltas %d %d", name, m.Device, b.sysRd-a.sysRd, b.sysWr-a.sysWr)
				}
				if b.pgpgin-a.pgpgin != 2*ReadBytesPerSec/1024 || b.pgpgout-a.pgpgout != 2*WriteBytesPerSec/1024 {
					t.Errorf("%s: pgpgin/out deltas %d %d", name, b.pgpgin-a.pgpgin, b.pgpgout-a.pgpgout)
				}
			}
			if got := clk.Now(); !got.Equal(Start.Add(2150*time.Millisecond - time.Hour)) {
				t.Errorf("wall clock %v, want an hour back", got)
			}
			if clk.Elapsed() != 2150*time.Millisecond {
				t.Errorf("monotonic %v", clk.Elapsed())
			}
		})
	}
}

func TestBadFigure(t *testing.T) {
	for s, want := range map[string]string{
		"  1  0 4096":                        "",
		"2026-11-22 13:05:11":                "",
		"top - 13:05:11 up 1:02":             "",
		"vda 12.00 -3.50":                    " -3",
		"-1 first":                           "-1",
		"cs 18446744073709551615":            "1844674407",
		"%util -nan":                         "nan",
		"r_await nan":                        "nan",
		"avg inf x":                          "inf",
		"sleep infinity":                     "",
		"%Cpu(s): 40.0 us, 10.0 sy,  0.0 ni": "",
	} {
		if got := BadFigure(s); got != want {
			t.Errorf("BadFigure(%q) = %q, want %q", s, got, want)
		}
	}
}
