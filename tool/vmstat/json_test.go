package vmstat

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/jsonschema"
	"github.com/cgprocps/cgprocps/internal/testcapture"
)

// vmstatJSON is docs/schema/vmstat-1.json's document (pointers: absent fields stay nil).
type vmstatJSON struct {
	Schema, Tool, View string
	Time               *int64
	Procs              struct{ R, B *uint64 }
	Memory             struct{ Swpd, Free, Buff, Cache, Inact, Active *uint64 }
	Swap               struct{ Si, So *uint64 }
	IO                 struct{ Bi, Bo *uint64 }
	System             struct{ In, Cs *uint64 }
	CPU                struct{ Us, Sy, Id, Wa, St *uint64 }
}

func runVmstat(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := Main("vmstat", args, &out, &errb); code != 0 {
		t.Fatalf("vmstat %v: exit %d: %s", args, code, errb.String())
	}
	return out.String()
}

// textLines returns the numbers of each data line of a text report (header lines skipped).
func textLines(t *testing.T, text string) [][]uint64 {
	t.Helper()
	var rows [][]uint64
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || f[0] == "r" || strings.HasPrefix(f[0], "procs") {
			continue
		}
		var nums []uint64
		for _, s := range f[:17] {
			n, err := strconv.ParseUint(s, 10, 64)
			if err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			nums = append(nums, n)
		}
		rows = append(rows, nums)
	}
	return rows
}

// checkLine validates one --json line and compares it with the text line's 17 numbers (memory
// in KiB there, bytes in JSON).
func checkLine(t *testing.T, schema []byte, line string, text []uint64, active bool, wantView string) {
	t.Helper()
	problems, err := jsonschema.Validate(schema, []byte(line))
	if err != nil {
		t.Fatalf("%v\n%s", err, line)
	}
	for _, p := range problems {
		t.Errorf("schema: %s\n%s", p, line)
	}
	var j vmstatJSON
	if err := json.Unmarshal([]byte(line), &j); err != nil {
		t.Fatal(err)
	}
	if j.View != wantView || j.Time == nil || *j.Time <= 0 {
		t.Errorf("view %q (want %q), time %v", j.View, wantView, j.Time)
	}
	m := j.Memory
	mid1, mid2 := m.Buff, m.Cache
	if active {
		mid1, mid2 = m.Inact, m.Active
		if m.Buff != nil || m.Cache != nil {
			t.Errorf("-a: buff/cache present: %s", line)
		}
	} else if m.Inact != nil || m.Active != nil {
		t.Errorf("inact/active present without -a: %s", line)
	}
	kib := func(p *uint64) *uint64 {
		if p == nil || *p%1024 != 0 {
			return nil
		}
		x := *p / 1024
		return &x
	}
	got := []*uint64{j.Procs.R, j.Procs.B, kib(m.Swpd), kib(m.Free), kib(mid1), kib(mid2),
		j.Swap.Si, j.Swap.So, j.IO.Bi, j.IO.Bo, j.System.In, j.System.Cs,
		j.CPU.Us, j.CPU.Sy, j.CPU.Id, j.CPU.Wa, j.CPU.St}
	for i, p := range got {
		if p == nil || *p != text[i] {
			t.Errorf("field %d: JSON %v, text %d\n%s", i, p, text[i], line)
		}
	}
}

func captureDirs(t *testing.T) []string {
	return testcapture.All(t)
}

// Over every capture (container mode, static files): each --json line validates against
// docs/schema/vmstat-1.json and carries the numbers of the text line of the same settings;
// with delay count, one object per line (sleep replaced).
func TestJSONMatchesText(t *testing.T) {
	schema, err := os.ReadFile("../../docs/schema/vmstat-1.json")
	if err != nil {
		t.Fatal(err)
	}
	old := sleepSeconds
	sleepSeconds = func(uint64) {}
	defer func() { sleepSeconds = old }()
	for _, dir := range captureDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Setenv("CGPROCPS_ROOT", dir)
			for _, args := range [][]string{nil, {"-a"}, {"1", "3"}, {"-a", "-y", "1", "2"}} {
				active := len(args) > 0 && args[0] == "-a"
				text := textLines(t, runVmstat(t, args...))
				// -S and -w change nothing in the JSON.
				js := runVmstat(t, append([]string{"--json", "-S", "m", "-w"}, args...)...)
				lines := strings.Split(strings.TrimSuffix(js, "\n"), "\n")
				if len(lines) != len(text) || len(text) == 0 {
					t.Fatalf("%v: %d JSON lines, %d text lines:\n%s", args, len(lines), len(text), js)
				}
				for i, l := range lines {
					checkLine(t, schema, l, text[i], active, "container")
				}
			}
		})
	}
}

// --json with another report than the default: one line, exit 1.
func TestJSONOtherModes(t *testing.T) {
	for _, args := range [][]string{{"-s"}, {"-d"}, {"-D"}, {"-p", "sda"}, {"-m"}, {"-f"}, {"-f", "--json"}} {
		var out, errb bytes.Buffer
		code := Main("vmstat", append([]string{"--json"}, args...), &out, &errb)
		if code != 1 || out.Len() != 0 || errb.String() != "vmstat: --json works with the default report only\n" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out.String(), errb.String())
		}
	}
}
