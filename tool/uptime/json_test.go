package uptime

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cgprocps/cgprocps/internal/jsonschema"
	"github.com/cgprocps/cgprocps/internal/testcapture"
)

type uptimeJSON struct {
	Schema, Tool, View string
	Time               int64
	UptimeSeconds      json.Number `json:"uptime_seconds"`
	Since              int64
	Users              int
	Load               []json.Number
	LoadSampled        bool `json:"load_sampled"`
}

func runUptime(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := Main("uptime", args, &out, &errb); code != 0 {
		t.Fatalf("uptime %v: exit %d: %s", args, code, errb.String())
	}
	return out.String()
}

// Over every capture (container mode) and the machine (--host): uptime --json validates
// against docs/schema/uptime-1.json and carries the numbers of the text reports: the load
// averages and users of the default line, the time up of -p, the start of -s (to the second).
func TestJSONMatchesText(t *testing.T) {
	schema, err := os.ReadFile("../../docs/schema/uptime-1.json")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TZ", "UTC")
	dirs := testcapture.All(t)
	cases := map[string][]string{"host": {"--host"}}
	for _, d := range dirs {
		cases[d] = nil
	}
	for dir, extra := range cases {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			wantView := "host"
			if dir != "host" {
				t.Setenv("CGPROCPS_ROOT", dir)
				wantView = "container"
			}
			line := runUptime(t, append([]string{"--json", "-p"}, extra...)...)
			text := runUptime(t, extra...)
			pretty := runUptime(t, append([]string{"-p"}, extra...)...)
			since := runUptime(t, append(append([]string{}, extra...), "-s")...)
			if strings.Count(line, "\n") != 1 {
				t.Fatalf("want one line:\n%s", line)
			}
			problems, err := jsonschema.Validate(schema, []byte(line))
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				t.Errorf("schema: %s\n%s", p, line)
			}
			var j uptimeJSON
			if err := json.Unmarshal([]byte(line), &j); err != nil {
				t.Fatal(err)
			}
			if j.View != wantView {
				t.Errorf("view %q, want %q", j.View, wantView)
			}
			// load average: a, b, c
			_, la, ok := strings.Cut(strings.TrimSpace(text), "load average: ")
			if got := strings.Join([]string{j.Load[0].String(), j.Load[1].String(), j.Load[2].String()}, ", "); !ok || la != got {
				t.Errorf("JSON load %s, text %q", got, text)
			}
			// "N user," or "N users," (procps: the plural above one)
			m := regexp.MustCompile(`  (\d+) users?,  load`).FindStringSubmatch(text)
			if m == nil || m[1] != strconv.Itoa(j.Users) {
				t.Errorf("JSON users %d, text %q", j.Users, text)
			}
			up, err := strconv.ParseFloat(j.UptimeSeconds.String(), 64)
			if err != nil {
				t.Fatal(err)
			}
			if p := FormatPretty(up); p+"\n" != pretty {
				t.Errorf("JSON uptime_seconds %v reads %q, uptime -p says %q", up, p, pretty)
			}
			st, err := time.ParseInLocation("2006-01-02 15:04:05", strings.TrimSpace(since), time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			if d := st.Unix() - j.Since; d < -2 || d > 2 {
				t.Errorf("JSON since %d, uptime -s %q (%d): %d s apart", j.Since, since, st.Unix(), d)
			}
			if d := j.Time - time.Now().Unix(); d < -60 || d > 1 {
				t.Errorf("JSON time %d is not now", j.Time)
			}
		})
	}
}

func TestAppendJSON(t *testing.T) {
	got := string(AppendJSON(nil, Report{Container: true, Now: 1700000000, UpCentis: 12345, Users: 2, Load: [3]uint64{5, 100, 1234}, LoadSampled: true}))
	want := `{"schema":"cgprocps.uptime/1","tool":"uptime","view":"container","time":1700000000,"uptime_seconds":123.45,"since":1699999876,"users":2,"load":[0.05,1.00,12.34],"load_sampled":true}` + "\n"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
