package cgview

import (
	"strings"
	"testing"

	"github.com/cgprocps/cgprocps/internal/testcapture"
)

func TestParseTaskStat(t *testing.T) {
	line := "42 (a (b) c) d) R 7 42 42 0 -1 4194304 1 0 0 0 150 25 3 4 -51 -10 6 0 12345 104857600 2560 18446744073709551615 0 0\n"
	s, err := parseTaskStat([]byte(line))
	if err != nil {
		t.Fatal(err)
	}
	want := taskStat{PID: 42, Comm: "a (b) c) d", State: 'R', PPID: 7, UTime: 150, STime: 25, CUTime: 3, CSTime: 4,
		Priority: -51, Nice: -10, NLWP: 6, StartTime: 12345, VSize: 104857600, RSS: 2560}
	if s != want {
		t.Errorf("got %+v\nwant %+v", s, want)
	}
	for _, bad := range []string{"", "1 (x", "x (y) S 1", "1 (x) S 1 2 3", "1 (x) 5 1 1 1 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 5 0 0\n",
		"1 (x) S 1 1 1 0 -1 0 0 0 0 0 z 1 0 0 20 0 1 0 5 0 0\n"} {
		if _, err := parseTaskStat([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestParseTaskStatusAndStatm(t *testing.T) {
	st := parseTaskStatus([]byte("Name:\tx\nUid:\t1000\t1001\t1002\t1003\nVmSize:\t  2920 kB\nVmRSS:\t 1792 kB\nRssAnon:\t 100 kB\nRssFile:\t 1600 kB\nRssShmem:\t 84 kB\n"))
	if !st.HaveUIDs || st.UIDs != [4]uint32{1000, 1001, 1002, 1003} || st.VmSize != 2920 || st.VmRSS != 1792 || st.RssFile+st.RssShmem != 1684 {
		t.Errorf("status: %+v", st)
	}
	if st := parseTaskStatus([]byte("Uid:\t1 2 x 4\nVmSize: kB\n")); st.HaveUIDs || st.HaveVm {
		t.Errorf("bad status accepted: %+v", st)
	}
	if a, b, c, ok := parseStatm([]byte("730 448 421 5 0 98 0\n")); !ok || a != 730 || b != 448 || c != 421 {
		t.Errorf("statm: %d %d %d %v", a, b, c, ok)
	}
	if _, _, _, ok := parseStatm([]byte("1 2\n")); ok {
		t.Error("short statm accepted")
	}
}

func TestParsePasswd(t *testing.T) {
	m := parsePasswd([]byte("root:x:0:0:root:/root:/bin/bash\n+nis::::::\nbad\nnobody:x:65534:65534::/:/bin/false\ntoor:x:0:0::/:/bin/sh\nneg:x:-1:0::/:\n"))
	if m[0] != "root" || m[65534] != "nobody" || len(m) != 2 {
		t.Errorf("passwd: %v", m)
	}
}

// Tasks over a v2 capture: the subtree's processes with the values of their files.
func TestTasksOverCapture(t *testing.T) {
	dir := testcapture.Path(t, "v2-512m-1.5cpu")
	v, _ := openTree(t, dir, Options{})
	ts := v.Tasks(TaskOptions{Cmdline: true})
	if len(ts) != 3 {
		t.Fatalf("%d tasks: %+v", len(ts), ts)
	}
	p := ts[0]
	if p.PID != 161 || p.TID != 161 || p.PPID != 154 || p.State != 'S' || p.UTime != 19 || p.STime != 274 ||
		p.NLWP != 5 || p.StartTime != 477 || p.VirtKB != 1489688 || p.ResKB != 211168 || p.ShrKB != 4+1612 ||
		p.Comm != "v2load" || p.User != "0" || p.Priority != 20 {
		t.Errorf("first task: %+v", p)
	}
	if p.Cmdline == "" {
		t.Error("no command line read")
	}
	threads := v.Tasks(TaskOptions{Threads: true})
	if len(threads) <= len(ts) {
		t.Errorf("%d threads for %d processes", len(threads), len(ts))
	}
	for _, th := range threads {
		if th.PID == 161 && th.TID != 161 && th.EUID != p.EUID {
			t.Errorf("thread %+v", th)
		}
	}
	if only := v.Tasks(TaskOptions{Only: []int{199, 12345}}); len(only) != 1 || only[0].PID != 199 {
		t.Errorf("Only: %+v", only)
	}
}

// A process listed in cgroup.procs whose folder is gone (it exited) is skipped silently;
// the user database comes from ROOT/etc/passwd.
func TestTasksVanishedAndUsers(t *testing.T) {
	files := merge(hostBase(), map[string]string{
		"/proc/self/cgroup":               "0::/c\n",
		"/proc/self/mountinfo":            "30 25 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw\n",
		"/sys/fs/cgroup/c/cgroup.procs":   "5\n6\n7\n",
		"/sys/fs/cgroup/c/memory.max":     "1073741824\n",
		"/sys/fs/cgroup/c/memory.current": "1000\n",
		"/sys/fs/cgroup/c/memory.stat":    "anon 0\nfile 0\n",
		"/sys/fs/cgroup/c/cpu.stat":       "usage_usec 0\nuser_usec 0\nsystem_usec 0\n",
		"/proc/5/stat":                    pidStatLine(5, "a b", "S", 10),
		"/proc/5/status":                  "Uid:\t1000\t1000\t1000\t1000\n",
		"/proc/7/stat":                    "garbage",
		"/etc/passwd":                     "alice:x:1000:1000::/:/bin/sh\n",
	})
	root := writeTree(t, files)
	v, warn := openTree(t, root, Options{})
	ts := v.Tasks(TaskOptions{})
	if len(ts) != 1 || ts[0].PID != 5 || ts[0].User != "alice" || ts[0].Comm != "a b" {
		t.Errorf("tasks: %+v", ts)
	}
	if warn.Len() != 0 {
		t.Errorf("warned: %s", warn.String())
	}
	if uid, ok := v.LookupUser("alice"); !ok || uid != 1000 {
		t.Errorf("LookupUser: %d %v", uid, ok)
	}
	if v.UserName(4242) != "4242" {
		t.Error("unknown uid not numeric")
	}
	// host mode lists every numeric /proc entry
	hv, _ := openTree(t, root, Options{Mode: ModeHost})
	if pids := hv.TaskPIDs(); len(pids) != 2 || pids[0] != 5 || pids[1] != 7 {
		t.Errorf("host pids %v", pids)
	}
}

func FuzzParseTaskStat(f *testing.F) {
	for _, s := range []string{
		"42 (a (b) c) d) R 7 42 42 0 -1 4194304 1 0 0 0 150 25 3 4 -51 -10 6 0 12345 104857600 2560 18446744073709551615 0 0\n",
		"1 (x) S 0 0 0 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 5 1000 10 0 0 0\n", "1 () Z", "(", ")(", "1 (x)) S",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := parseTaskStat(b)
		if err != nil {
			return
		}
		if !isLetter(s.State) || s.PID < 0 {
			t.Fatalf("accepted %+v", s)
		}
		if strings.Count(string(b), "(") == 0 {
			t.Fatal("no command name")
		}
	})
}

func FuzzParseTaskStatus(f *testing.F) {
	for _, s := range []string{"Uid:\t1\t2\t3\t4\nVmSize:\t5 kB\nVmRSS:\t3 kB\nRssFile:\t1 kB\nRssShmem:\t1 kB\n", "Uid:", ":\n:", "VmSize:\t-1 kB\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s := parseTaskStatus(b)
		if s.HaveUIDs && !strings.Contains(string(b), "Uid:") {
			t.Fatal("uids from nowhere")
		}
		parseStatm(b)
		parsePasswd(b)
	})
}
