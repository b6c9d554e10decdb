package cgview

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/machine"
)

// memoryStatOf reads the memory.stat of the fixture's cgroup, found by the view's own lookup.
func memoryStatOf(t *testing.T, v *View) map[string]uint64 {
	t.Helper()
	b, err := v.fs.ReadFile(filepath.Join(v.cg.memory.Dir, "memory.stat"))
	if err != nil {
		t.Fatal(err)
	}
	m, _ := parseKV(b)
	return m
}

func TestContainerVMStatOverFixtures(t *testing.T) {
	page := uint64(os.Getpagesize())
	for _, prefix := range []string{"v1-", "v2-"} {
		for _, root := range fixtures(t, prefix) {
			t.Run(filepath.Base(root), func(t *testing.T) {
				v, err := Open(Options{Root: root, Mode: ModeContainer, Warn: io.Discard})
				if err != nil {
					t.Fatal(err)
				}
				s, err := v.VMStat()
				if err != nil {
					t.Fatal(err)
				}
				hb, _ := os.ReadFile(filepath.Join(root, "proc/vmstat"))
				host, _ := ParseVMStat(hb)
				if strings.Join(s.Names, " ") != strings.Join(host.Names, " ") {
					t.Fatal("the container's counters are not the host's names in the host's order")
				}
				ms := memoryStatOf(t, v)
				pre := ""
				if prefix == "v1-" {
					pre = "total_"
				}
				// Events the cgroup counts.
				for _, k := range []string{"pgfault", "pgmajfault", "workingset_refault_anon", "workingset_refault_file"} {
					if want, ok := ms[pre+k]; ok && s.Value(k) != want {
						t.Errorf("%s = %d, memory.stat %s%s = %d", k, s.Value(k), pre, k, want)
					}
				}
				// States, in pages.
				file, anon := "file", "anon"
				if prefix == "v1-" {
					file, anon = "total_cache", "total_rss"
				}
				if s.Value("nr_file_pages") != ms[file]/page || s.Value("nr_anon_pages") != ms[anon]/page {
					t.Errorf("nr_file_pages %d nr_anon_pages %d, memory.stat %s %d %s %d",
						s.Value("nr_file_pages"), s.Value("nr_anon_pages"), file, ms[file], anon, ms[anon])
				}
				m, _ := v.Meminfo()
				if s.Value("nr_free_pages") != m.Value(MemFree)*1024/page {
					t.Errorf("nr_free_pages %d, MemFree %d kB", s.Value("nr_free_pages"), m.Value(MemFree))
				}
				// v1's pgpgin counts charged pages, not KiB read: never taken for pgpgin.
				if prefix == "v1-" && ms["total_pgpgin"] > 0 && s.Value("pgpgin") == ms["total_pgpgin"] {
					t.Error("pgpgin took v1's total_pgpgin")
				}
				// The host's activity is not shown; its dirty thresholds are.
				for _, k := range []string{"numa_hit", "pgalloc_normal", "pgfree", "pgscan_kswapd"} {
					if x, ok := host.Get(k); ok && x > 0 && prefix == "v1-" && s.Value(k) != 0 {
						t.Errorf("%s = %d (host %d), want 0", k, s.Value(k), x)
					}
				}
				if s.Value("numa_hit") != 0 || s.Value("nr_dirty_threshold") != host.Value("nr_dirty_threshold") {
					t.Errorf("numa_hit %d, nr_dirty_threshold %d (host %d)", s.Value("numa_hit"),
						s.Value("nr_dirty_threshold"), host.Value("nr_dirty_threshold"))
				}
				// The rendered file is the same view.
				b, err := v.ProcFile("vmstat")
				if err != nil || string(b) != string(s.Render()) {
					t.Errorf("ProcFile(vmstat) = %q, %v", b, err)
				}
			})
		}
	}
}

// v2 with the swap events newer kernels put in memory.stat: pswpin/pswpout, else swpin/swpout.
func TestContainerVMStatSwapKeys(t *testing.T) {
	host, _ := ParseVMStat([]byte("pswpin 100\npswpout 200\npgfault 5\nnuma_hit 9\n"))
	for _, tc := range []struct {
		stat    string
		in, out uint64
	}{
		{"pgfault 1\npswpin 7\npswpout 8\n", 7, 8},
		{"pgfault 1\nswpin 3\nswpout 4\n", 3, 4},
		{"pgfault 1\n", 0, 0},
	} {
		root := t.TempDir()
		cg := filepath.Join(root, "sys/fs/cgroup")
		os.MkdirAll(filepath.Join(root, "proc/self"), 0o755)
		os.MkdirAll(cg, 0o755)
		os.WriteFile(filepath.Join(root, "proc/self/cgroup"), []byte("0::/\n"), 0o644)
		os.WriteFile(filepath.Join(root, "proc/self/mountinfo"), []byte("30 20 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw\n"), 0o644)
		os.WriteFile(filepath.Join(root, "proc/meminfo"), []byte("MemTotal: 1000 kB\nMemFree: 500 kB\n"), 0o644)
		os.WriteFile(filepath.Join(root, "proc/vmstat"), host.Render(), 0o644)
		os.WriteFile(filepath.Join(cg, "memory.stat"), []byte(tc.stat), 0o644)
		os.WriteFile(filepath.Join(cg, "memory.current"), []byte("4096\n"), 0o644)
		v, err := Open(Options{Root: root, Mode: ModeContainer, Warn: io.Discard})
		if err != nil {
			t.Fatal(err)
		}
		s, err := v.VMStat()
		if err != nil {
			t.Fatal(err)
		}
		if s.Value("pswpin") != tc.in || s.Value("pswpout") != tc.out || s.Value("pgfault") != 1 || s.Value("numa_hit") != 0 {
			t.Errorf("%q: got %s", tc.stat, s.Render())
		}
	}
}

func TestParseVMStat(t *testing.T) {
	s, err := ParseVMStat([]byte("nr_free_pages 12\n\nbad line x\npgpgin 18446744073709551615\nx y\n"))
	if err != nil || s.Value("nr_free_pages") != 12 || s.Value("pgpgin") != 1<<64-1 || len(s.Names) != 2 {
		t.Fatalf("%v %v", s, err)
	}
	if _, err := ParseVMStat([]byte("garbage\n")); err == nil {
		t.Error("garbage parsed")
	}
	if s, err := ParseVMStat(nil); err != nil || len(s.Names) != 0 {
		t.Error("empty file")
	}
}

func FuzzParseVMStat(f *testing.F) {
	for _, s := range []string{"nr_free_pages 1\npgpgin 2\n", "a b c\n", "x -1\n", "pgpgin 18446744073709551616\n", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ParseVMStat(b)
		if err != nil {
			return
		}
		s2, err := ParseVMStat(s.Render())
		if err != nil || len(s2.Names) != len(s.Names) {
			t.Fatalf("render/parse: %v, %d -> %d names", err, len(s.Names), len(s2.Names))
		}
		for i, n := range s.Names {
			if s2.Value(n) != s.Values[i] {
				t.Fatalf("%s: %d -> %d", n, s.Values[i], s2.Value(n))
			}
		}
	})
}

// A seq_file longer than a page reads short long before its end (about 4 KiB a read): the
// whole file must come back.
func TestReadWholeSeqFile(t *testing.T) {
	want, err := os.ReadFile("/proc/slabinfo")
	if err != nil || len(want) < 8192 {
		t.Skip("no /proc/slabinfo of more than 8 KiB here (it needs root)")
	}
	got, err := machine.Host.ReadFile("/proc/slabinfo")
	if err != nil {
		t.Fatal(err)
	}
	// Caches come and go between the two reads: the line counts agree within a few.
	g, w := strings.Count(string(got), "\n"), strings.Count(string(want), "\n")
	if g < w-3 || g > w+3 {
		t.Errorf("read %d lines (%d bytes) of /proc/slabinfo, os.ReadFile %d (%d bytes)", g, len(got), w, len(want))
	}
}
