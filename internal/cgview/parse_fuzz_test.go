package cgview

import (
	"strings"
	"testing"
)

// Fuzz targets for every parser of a kernel file. Run one with
//   go test ./internal/cgview -run '^$' -fuzz FuzzParsePidStat -fuzztime 30s
// The seeds below (and testdata/fuzz/, when a run finds something) run in every `go test`.

func FuzzParseProcCgroup(f *testing.F) {
	for _, s := range []string{"0::/\n", "4:memory:/a/b\n2:cpu,cpuacct:/x\n0::/y\n", "1:name=systemd:/\n", "::", "x", "0::relative\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		lines, err := parseProcCgroup(b)
		if err == nil && len(lines) == 0 {
			t.Fatal("no error and no lines")
		}
		for _, l := range lines {
			if len(l.Path) == 0 || l.Path[0] != '/' {
				t.Fatalf("accepted a relative path %q", l.Path)
			}
		}
	})
}

func FuzzParseMountinfo(f *testing.F) {
	for _, s := range []string{
		"28 23 0:24 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw\n",
		"31 30 0:31 /docker/abc /sys/fs/cgroup/cpu,cpuacct ro - cgroup cgroup rw,cpu,cpuacct\n",
		"1 1 0:1 /a\\040b /mnt\\134x rw shared:1 master:2 - ext4 /dev/vda rw\n",
		"1 1 0:1 / / rw -\n", "- - -", "\\", "1 2 3 \\04 \\0401 rw - x y z\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ms, err := parseMountinfo(b)
		if err == nil && len(ms) == 0 {
			t.Fatal("no error and no mounts")
		}
		for _, m := range ms {
			_ = m.readOnly()
		}
	})
}

func FuzzParseMeminfo(f *testing.F) {
	for _, s := range []string{testHostMeminfo, "MemTotal: 1 kB\n", "HugePages_Total:   5\n", ":\n", "MemTotal: 18446744073709551615 kB\n", "MemTotal: -1 kB"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, _ := ParseMeminfo(b)
		out := m.Render()
		m2, _ := ParseMeminfo(out)
		if len(m2.Lines) != len(m.Lines) {
			t.Fatalf("render/parse lost lines: %d -> %d", len(m.Lines), len(m2.Lines))
		}
		for _, l := range m.Lines {
			if got, _ := m2.lookup(l.Name); got != l.Value {
				t.Fatalf("%s: %d -> %d", l.Name, l.Value, got)
			}
		}
	})
}

func FuzzParseLimit(f *testing.F) {
	for _, s := range []string{"max\n", "-1\n", "536870912\n", "9223372036854771712\n", "18446744073709551615", "", "garbage", "1e9"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := parseLimit(b)
		if err == nil && l.Set && l.Value >= v1Unlimited {
			t.Fatalf("unlimited value %d taken as a limit", l.Value)
		}
		_, _ = parseUint(b)
		_, _ = parseInt(b)
	})
}

func FuzzParseKV(f *testing.F) {
	for _, s := range []string{"anon 1\nfile 2\nfile_mapped 3\n", "user 1201\nsystem 48\n", "x\n", "a b c\n", " 1\n", "k 18446744073709551616\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, ok := parseKV(b)
		if ok != (len(m) > 0) {
			t.Fatal("ok disagrees with the map")
		}
	})
}

func FuzzParseCPUMaxAndList(f *testing.F) {
	for _, s := range []string{"max 100000\n", "150000 100000\n", "50000\n", "0-3,5,7-8\n", "", "3-1", "0-4294967295", "1,,2", "a-b"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if m, err := parseCPUMax(b); err == nil && m.Period == 0 {
			t.Fatal("zero period accepted")
		}
		cpus, err := parseCPUList(b)
		if err == nil && len(cpus) > 1<<17 {
			t.Fatalf("%d CPUs", len(cpus))
		}
	})
}

func FuzzParsePidStat(f *testing.F) {
	for _, s := range []string{
		pidStatLine(1, "init", "S", 12),
		pidStatLine(7, "a) (b) c", "R", 99),
		pidStatLine(8, "", "D", 0),
		"1 (x) S", "(", ")", "1 () R 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 -5",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := parsePidStat(b)
		if err == nil && s.State == 0 {
			t.Fatal("no state")
		}
		_, _ = parseStatusCtxt(b)
	})
}

func FuzzParseUptimeLoadavg(f *testing.F) {
	for _, s := range []string{"1497.02 2370.55\n", "0.79 0.18 0.06 3/74 594\n", "1.5\n", ".5 .5", "1.999 2", "-1 2", "99999999999999999999.99 0"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if up, idle, err := parseUptime(b); err == nil {
			u := Uptime{Centis: up, IdleCentis: idle}
			back, backIdle, err := parseUptime(u.Render())
			if err != nil || back != up || backIdle != idle {
				t.Fatalf("uptime round trip %d %d -> %d %d %v", up, idle, back, backIdle, err)
			}
		}
		if l, err := parseLoadavg(b); err == nil {
			_ = LoadAvg{Averages: Averages{Hundredths: l.Hundredths}, Running: l.Running, Total: l.Total, LastPID: l.LastPID}.Render()
		}
		_ = parseHostStat(b)
		_, _ = ParseLoadState(b)
	})
}

// FuzzFirstField checks the mountinfo filter's field scan against strings.Fields.
func FuzzFirstField(f *testing.F) {
	for _, s := range []string{"cgroup2 cgroup2 rw", "  ext4\t/dev/vda rw", "x", "", "   ", "a\vb", "caf\u00e9 x", "a\u0085b c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		first, two, ok := firstField(s)
		if !ok {
			return
		}
		w := strings.Fields(s)
		if len(w) == 0 || w[0] != first || two != (len(w) >= 2) {
			t.Fatalf("firstField(%q) = %q, %v; strings.Fields: %q", s, first, two, w)
		}
	})
}

// FuzzMountinfoFilter checks the filtered parse against the plain one it replaced (which
// split every line before testing its type): same mounts, same error.
func FuzzMountinfoFilter(f *testing.F) {
	f.Add([]byte("28 23 0:24 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw\n22 1 0:2 / / rw - ext4 /dev/vda rw\n"))
	f.Add([]byte("1 1 0:1 / / rw - proc\n"))
	f.Add([]byte("1 - ext4 x\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		keep := func(t string) bool { return t == "cgroup" || t == "cgroup2" }
		got, gerr := parseMountinfoFiltered(b, keep)
		want, werr := splitFirstMountinfo(b, keep)
		if (gerr == nil) != (werr == nil) {
			t.Fatalf("error %v, want %v", gerr, werr)
		}
		if len(got) != len(want) {
			t.Fatalf("%d mounts, want %d", len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("mount %d: %+v, want %+v", i, got[i], want[i])
			}
		}
	})
}

// splitFirstMountinfo is parseMountinfoFiltered as it was before the type test moved ahead of
// the split.
func splitFirstMountinfo(b []byte, keep func(fstype string) bool) ([]mountInfo, error) {
	var out []mountInfo
	text := string(b)
	seen := false
	for len(text) > 0 {
		var line string
		line, text = cutLine(text)
		sep := strings.Index(line, " - ")
		if sep < 0 {
			continue
		}
		post := strings.Fields(line[sep+3:])
		if len(post) < 2 {
			continue
		}
		if !keep(post[0]) {
			seen = true
			continue
		}
		f := strings.Fields(line[:sep])
		if len(f) < 6 {
			continue
		}
		seen = true
		m := mountInfo{Root: unescapeMount(f[3]), MountPoint: unescapeMount(f[4]), Options: f[5], FSType: post[0], Source: post[1]}
		if len(post) > 2 {
			m.SuperOpts = post[2]
		}
		out = append(out, m)
	}
	if !seen {
		return nil, errEmpty
	}
	return out, nil
}
