package free

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

// freeJSON is docs/schema/free-1.json's document.
type freeJSON struct {
	Schema, Tool, View string
	Memory             struct{ Total, Used, Free, Shared, Buffers, Cache, Available uint64 }
	Swap               struct{ Total, Used, Free uint64 }
	Committed          struct{ Limit, Committed uint64 }
}

func runFree(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := Main("free", args, &out, &errb); code != 0 {
		t.Fatalf("free %v: exit %d: %s", args, code, errb.String())
	}
	return out.String()
}

// textRows returns the numbers of free -b -w's Mem: and Swap: rows.
func textRows(t *testing.T, text string) (mem, swap []uint64) {
	t.Helper()
	for _, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || (f[0] != "Mem:" && f[0] != "Swap:") {
			continue
		}
		var nums []uint64
		for _, s := range f[1:] {
			n, err := strconv.ParseUint(s, 10, 64)
			if err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			nums = append(nums, n)
		}
		if f[0] == "Mem:" {
			mem = nums
		} else {
			swap = nums
		}
	}
	if len(mem) != 7 || len(swap) != 3 {
		t.Fatalf("free -b -w: want 7 Mem and 3 Swap numbers:\n%s", text)
	}
	return mem, swap
}

// checkJSON validates one --json line against the schema and compares it with free -b -w -v.
func checkJSON(t *testing.T, line, text string, wantView string) {
	t.Helper()
	schema, err := os.ReadFile("../../docs/schema/free-1.json")
	if err != nil {
		t.Fatal(err)
	}
	problems, err := jsonschema.Validate(schema, []byte(line))
	if err != nil {
		t.Fatalf("%v\n%s", err, line)
	}
	for _, p := range problems {
		t.Errorf("schema: %s\n%s", p, line)
	}
	var j freeJSON
	if err := json.Unmarshal([]byte(line), &j); err != nil {
		t.Fatal(err)
	}
	if j.View != wantView {
		t.Errorf("view %q, want %q", j.View, wantView)
	}
	mem, swap := textRows(t, text)
	m := j.Memory
	if got := []uint64{m.Total, m.Used, m.Free, m.Shared, m.Buffers, m.Cache, m.Available}; !equalNums(got, mem) {
		t.Errorf("JSON memory %v, free -b -w Mem: %v", got, mem)
	}
	if got := []uint64{j.Swap.Total, j.Swap.Used, j.Swap.Free}; !equalNums(got, swap) {
		t.Errorf("JSON swap %v, free -b -w Swap: %v", got, swap)
	}
	// free -v's Comm: row: limit, committed (in bytes with -b).
	for _, l := range strings.Split(text, "\n") {
		if f := strings.Fields(l); len(f) >= 3 && f[0] == "Comm:" {
			if f[1] != strconv.FormatUint(j.Committed.Limit, 10) || f[2] != strconv.FormatUint(j.Committed.Committed, 10) {
				t.Errorf("JSON committed %+v, free -v Comm: %v", j.Committed, f[1:])
			}
		}
	}
}

func equalNums(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Over every capture (container mode) and a host meminfo (--host): the JSON object validates
// against docs/schema/free-1.json and carries the numbers free -b -w -v prints.
func TestJSONMatchesText(t *testing.T) {
	for _, dir := range testcapture.All(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Setenv("CGPROCPS_ROOT", dir)
			text := runFree(t, "-b", "-w", "-v")
			js := runFree(t, "--json")
			if strings.Count(js, "\n") != 1 {
				t.Fatalf("want one line:\n%s", js)
			}
			checkJSON(t, strings.TrimSuffix(js, "\n"), text, "container")
		})
	}
	t.Run("host", func(t *testing.T) {
		dir := t.TempDir()
		b, err := os.ReadFile("testdata/meminfo-example")
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(dir+"/proc", 0o755)
		os.WriteFile(dir+"/proc/meminfo", b, 0o644)
		t.Setenv("CGPROCPS_ROOT", dir)
		text := runFree(t, "--host", "-b", "-w", "-v")
		// -c 2: JSON Lines, no blank line between reports; unit options change nothing.
		js := runFree(t, "--host", "--json", "-m", "-c", "2", "-s", "0.01")
		lines := strings.Split(strings.TrimSuffix(js, "\n"), "\n")
		if len(lines) != 2 {
			t.Fatalf("-c 2: want two lines:\n%s", js)
		}
		for _, l := range lines {
			checkJSON(t, l, text, "host")
		}
	})
}
