package top

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/internal/testcapture"
	"github.com/cgprocps/cgprocps/test/oracle"
)

// The t/m bar graphs, which only an rc file (or a key) turns on in the original: real top
// with an rc file that sets graph_cpus/graph_mems, under procref -p over the rendered view of
// each capture, against Render of the same capture with the same settings (summary lines
// but Tasks, clock masked).

var rcClock = regexp.MustCompile(`(?m)^top - \d\d:\d\d:\d\d `)

func summaryOf(out string) string {
	out = rcClock.ReplaceAllString(out, "top - HH:MM:SS ")
	var keep []string
	for _, l := range strings.Split(out, "\n") {
		if l == "" {
			break
		}
		if !strings.HasPrefix(l, "Tasks:") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

func TestGraphsVsReal(t *testing.T) {
	if testing.Short() {
		t.Skip("567 runs of the real top: skipped in -short mode")
	}
	procref := oracle.Need(t)
	captures := testcapture.All(t)
	rcFile, err := os.ReadFile("testdata/toprc") // what procps top 4.0.2 writes with W after t and m
	if err != nil {
		t.Fatal(err)
	}
	compared := 0
	for _, capture := range captures {
		view := t.TempDir()
		v, err := cgview.Open(cgview.Options{Root: capture, Warn: os.Stderr})
		if err != nil {
			t.Fatal(err)
		}
		if err := v.WriteProcfs(view); err != nil {
			t.Fatal(err)
		}
		for _, gc := range []string{"0", "1", "2"} {
			for _, gm := range []string{"0", "1", "2"} {
				for _, c := range []struct {
					du    string
					extra []string
				}{{"0", nil}, {"0", []string{"-1"}}, {"1", []string{"-1"}}, {"0", []string{"-w", "60"}}, {"1", []string{"-1", "-w", "200"}},
					{"0", []string{"-1", "-w", "200"}}, {"0", []string{"-w", "140"}}, {"0", []string{"-E", "k"}}, {"1", []string{"-1", "-w", "40"}}} {
					extra := c.extra
					home := t.TempDir()
					rc := strings.NewReplacer("GC", gc, "GM", gm, "DU", c.du).Replace(string(rcFile))
					os.MkdirAll(filepath.Join(home, ".config", "procps"), 0o755)
					os.WriteFile(filepath.Join(home, ".config", "procps", "toprc"), []byte(rc), 0o644)
					args := append([]string{"-p", view, "top", "-b", "-n", "1"}, extra...)
					cmd := exec.Command(procref, args...)
					cmd.Env = append(os.Environ(), "HOME="+home, "COLUMNS=", "LINES=", "LC_ALL=C", "TZ=UTC")
					out, err := cmd.Output()
					if err != nil {
						t.Fatalf("procref %v: %v", args, err)
					}
					// ours: the same capture, the same settings
					s := DefaultSettings()
					s.GraphCPU, s.GraphMem = int(gc[0]-'0'), int(gm[0]-'0')
					width := 80
					for i := 0; i < len(extra); i++ {
						switch extra[i] {
						case "-1":
							s.Key1()
						case "-w":
							i++
							n, _ := parseWhole(extra[i])
							width = int(n)
						case "-E":
							i++
							s.SummScale = strings.IndexByte("kmgtpe", extra[i][0])
						}
					}
					s.DoubleUp = int(c.du[0] - '0')
					s.Finish()
					t.Setenv("TZ", "UTC")
					vv, _ := cgview.Open(cgview.Options{Root: capture, Warn: os.Stderr})
					prev, err := readSnapshot(vv, s, true)
					if err != nil {
						t.Fatal(err)
					}
					vv, _ = cgview.Open(cgview.Options{Root: capture, Warn: os.Stderr})
					cur, err := readSnapshot(vv, s, false)
					if err != nil {
						t.Fatal(err)
					}
					o, r := summaryOf(string(Render(cur, prev, s, width, 0))), summaryOf(string(out))
					compared++
					if o != r {
						t.Errorf("%s graph_cpus=%s graph_mems=%s double_up=%s %v:\n--- ours\n%s\n--- procps\n%s", filepath.Base(capture), gc, gm, c.du, extra, o, r)
					}
				}
			}
		}
	}
	t.Logf("%d summaries compared", compared)
}
