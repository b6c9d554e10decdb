package df

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/jsonschema"
	"github.com/cgprocps/cgprocps/internal/profile"
	"github.com/cgprocps/cgprocps/internal/testcapture"
)

// dfJSON is docs/schema/df-1.json's document.
type dfJSON struct {
	Schema, Tool, View, Source string
	Fstype, Target, File       *string
	Total                      *bool

	RawSize   *int64 `json:"size"`
	RawUsed   *int64 `json:"used"`
	RawAvail  *int64 `json:"avail"`
	RawUse    *int64 `json:"use_percent"`
	RawItotal *int64 `json:"itotal"`
	RawIused  *int64 `json:"iused"`
	RawIavail *int64 `json:"iavail"`
	RawIuse   *int64 `json:"iuse_percent"`
}

func runDf(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := Main("df", args, &out, &errb); code != 0 {
		t.Fatalf("df %v: exit %d: %s", args, code, errb.String())
	}
	return out.String()
}

// textRow is one row of `df -B1 --output` (every field): the texts and the 8 numbers (nil
// for "-") in the JSON's order size used avail use% itotal iused iavail iuse%.
type textRow struct {
	source, fstype, file, target string
	nums                         [8]*int64
}

func parseOutput(t *testing.T, text string) []textRow {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	var rows []textRow
	for _, l := range lines[1:] {
		f := strings.Fields(l)
		if len(f) < 12 {
			t.Fatalf("short row %q", l)
		}
		num := func(s string) *int64 {
			n, err := strconv.ParseInt(strings.TrimSuffix(s, "%"), 10, 64)
			if err != nil {
				if s != "-" {
					t.Fatalf("%q in %q", s, l)
				}
				return nil
			}
			return &n
		}
		// source fstype itotal iused iavail ipcent size used avail pcent file target
		rows = append(rows, textRow{source: f[0], fstype: f[1], file: f[10], target: strings.Join(f[11:], " "),
			nums: [8]*int64{num(f[6]), num(f[7]), num(f[8]), num(f[9]), num(f[2]), num(f[3]), num(f[4]), num(f[5])}})
	}
	return rows
}

func parseJSONLines(t *testing.T, schema []byte, out string) []dfJSON {
	t.Helper()
	var docs []dfJSON
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		problems, err := jsonschema.Validate(schema, []byte(l))
		if err != nil {
			t.Fatalf("%v\n%s", err, l)
		}
		for _, p := range problems {
			t.Errorf("schema: %s\n%s", p, l)
		}
		var j dfJSON
		if err := json.Unmarshal([]byte(l), &j); err != nil {
			t.Fatal(err)
		}
		if j.Schema != JSONSchema || j.Tool != "df" || j.Total == nil || j.Fstype == nil && !*j.Total {
			t.Errorf("bad object %s", l)
		}
		docs = append(docs, j)
	}
	return docs
}

func str(p *string) string {
	if p == nil {
		return "<null>"
	}
	return *p
}

// compare checks the JSON rows against the text rows: the same texts and numbers.
func compare(t *testing.T, js []dfJSON, text []textRow, total, operands bool) {
	t.Helper()
	if len(js) != len(text) {
		t.Fatalf("%d JSON rows, %d text rows", len(js), len(text))
	}
	for i, j := range js {
		b := text[i]
		isTotal := total && i == len(js)-1
		if *j.Total != isTotal {
			t.Errorf("row %d: total %v, want %v", i, *j.Total, isTotal)
		}
		wantFstype, wantTarget, wantFile := b.fstype, b.target, b.file
		if isTotal {
			wantFstype, wantTarget, wantFile = "<null>", "<null>", "<null>"
		} else if !operands {
			wantFile = "<null>"
		}
		if j.Source != b.source || str(j.Fstype) != wantFstype || str(j.Target) != wantTarget || str(j.File) != wantFile {
			t.Errorf("row %d: JSON %q %q %q %q, text %q %q %q %q", i, j.Source, str(j.Fstype), str(j.Target), str(j.File),
				b.source, wantFstype, wantTarget, wantFile)
		}
		got := [8]*int64{j.RawSize, j.RawUsed, j.RawAvail, j.RawUse, j.RawItotal, j.RawIused, j.RawIavail, j.RawIuse}
		for k := range got {
			want := b.nums[k]
			if (got[k] == nil) != (want == nil) {
				t.Errorf("row %d (%s) field %d: JSON %v, text %v", i, b.target, k, got[k], want)
				continue
			}
			if got[k] != nil && *got[k] != *want {
				t.Errorf("row %d (%s) field %d: JSON %d, text %d", i, b.target, k, *got[k], *want)
			}
		}
	}
}

// runDfSnap is runDf with df's statfs calls answered from snap (the first call for a path
// fills it): runs sharing snap see the same usage, whatever else writes to the filesystems.
func runDfSnap(t *testing.T, snap statfsSnapshot, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := runMain(profile.Coreutils9_1, "df", args, &out, &errb, snap); code != 0 {
		t.Fatalf("df %v: exit %d: %s", args, code, errb.String())
	}
	return out.String()
}

// useShm writes 1 MiB to a file in /dev/shm (removed at the test's end), when /dev/shm is there.
func useShm(t *testing.T) {
	t.Helper()
	if _, err := os.Stat("/dev/shm"); err != nil {
		return
	}
	f, err := os.CreateTemp("/dev/shm", "cgprocps-df-test-")
	if err != nil {
		return
	}
	t.Cleanup(func() { os.Remove(f.Name()) })
	_, err = f.Write(make([]byte, 1<<20))
	if err := errors.Join(err, f.Close()); err != nil {
		t.Fatal(err)
	}
}

// On this machine: each --json row validates against docs/schema/df-1.json and carries the
// texts and numbers of `df -B1 --output` with the same selection (the unit options -h, -i,
// -B change nothing). Both runs see one statfs snapshot of each filesystem, so the numbers
// must be equal even though /dev/shm's usage changes between them.
func TestJSONMatchesText(t *testing.T) {
	schema, err := os.ReadFile("../../docs/schema/df-1.json")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("CGPROCPS_ROOT", "")
	for _, tc := range []struct {
		name     string
		text     []string
		js       []string
		total    bool
		operands bool
	}{
		{"all", []string{"-B1", "--output"}, []string{"--json"}, false, false},
		{"total-h-i", []string{"-B1", "--output", "--total"}, []string{"-h", "--json", "-i", "--total"}, true, false},
		{"files-B", []string{"-B1", "--output", "--total", "/", "/proc"}, []string{"-BM", "--json", "--total", "/", "/proc"}, true, true},
		{"a", []string{"-B1", "--output", "-a"}, []string{"--json", "-a", "-T"}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			snap := statfsSnapshot{}
			text := parseOutput(t, runDfSnap(t, snap, tc.text...))
			useShm(t) // what a test running beside this one does
			js := parseJSONLines(t, schema, runDfSnap(t, snap, tc.js...))
			if len(snap) == 0 {
				t.Fatal("no statfs call went through the snapshot")
			}
			compare(t, js, text, tc.total, tc.operands)
			for _, j := range js {
				if j.View != "host" && j.View != "container" {
					t.Errorf("view %q", j.View)
				}
			}
		})
	}
}

// A capture's mount table (CGPROCPS_ROOT) gives the capture's rows and the container view.
func TestJSONView(t *testing.T) {
	dir := testcapture.Path(t, "v2-512m-1.5cpu")
	t.Setenv("CGPROCPS_ROOT", dir)
	out := runDf(t, "--json", "/")
	if !strings.Contains(out, `"view":"container"`) {
		t.Errorf("want the container view: %s", out)
	}
}
