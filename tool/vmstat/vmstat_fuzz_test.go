package vmstat

import (
	"strconv"
	"strings"
	"testing"
)

func FuzzParseStat(f *testing.F) {
	for _, s := range []string{
		"cpu  1 2 3 4 5 6 7 8 9 10\nintr 5 0\nctxt 6\nbtime 7\nprocesses 8\nprocs_running 1\nprocs_blocked 0\n",
		"cpu 1 2 3 4 5 6 7 8\n", "cpu -1 +2 3 4 5 6 7 8 9 10 11\n", "intr 1\n", "cpu\nintr ", "cpu 1 2 3 4 5 6 7 8\nctxt -",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, ok := parseStat(b)
		if !ok {
			return
		}
		// A parsed file renders back to the same numbers.
		var r strings.Builder
		r.WriteString("cpu")
		for _, x := range []uint64{s.User, s.Nice, s.System, s.Idle, s.IOWait, s.IRQ, s.SoftIRQ, s.Steal, s.Guest, s.GuestNice} {
			r.WriteString(" " + strconv.FormatUint(x, 10))
		}
		r.WriteString("\nintr " + strconv.FormatUint(s.Intr, 10) + "\nctxt " + strconv.FormatUint(s.Ctxt, 10) +
			"\nbtime " + strconv.FormatUint(s.BTime, 10) + "\nprocesses " + strconv.FormatUint(s.Processes, 10) +
			"\nprocs_running " + strconv.FormatUint(s.Running, 10) + "\nprocs_blocked " + strconv.FormatUint(s.Blocked, 10) + "\n")
		s2, ok := parseStat([]byte(r.String()))
		if !ok || s2 != s {
			t.Fatalf("%+v -> %+v", s, s2)
		}
		// The report arithmetic never panics on any values (division by a zero Div or delay).
		firstRest(sample{st: s, uptime: 0}, 1, 4)
		var ls loopState
		ls.intervalRest(sample{st: s2}, sample{st: s}, 1, 1000000, 4)
		ls.intervalRest(sample{st: s}, sample{}, 4294967295, 1, 4)
	})
}

func FuzzParseSlabinfo(f *testing.F) {
	for _, s := range []string{
		"slabinfo - version: 2.1\n# name\nkmalloc-8 10 20 8 512 1 : tunables 0 0 0 : slabdata 1 1 0\n",
		"slabinfo - version: 2.0\n", "slabinfo - version: 3.1\n", "slabinfo - version: 2.x\n",
		"slabinfo - version: 2.1\nx -1 2 3 4 5 : tunables 0 0 0 : slabdata 1 1 0\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, ok := parseSlabinfo(b)
		if !ok {
			return
		}
		for i := 1; i < len(s); i++ {
			if s[i-1].Name > s[i].Name {
				t.Fatalf("not sorted: %q > %q", s[i-1].Name, s[i].Name)
			}
		}
		for _, x := range s {
			if x.Name == "" || len(x.Name) > 128 {
				t.Fatalf("name %q", x.Name)
			}
		}
	})
}
