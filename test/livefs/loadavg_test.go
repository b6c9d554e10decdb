package livefs

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The server samples the load of each container it serves (no loadavgd): two idle groups
// are read, sampled once (all averages 0), then a busy loop starts in one; three samples
// later its 1-minute load has risen toward 1 as the kernel's does (1-(1884/2048)^3 = 0.22)
// and its 15-minute load barely (0.02), where the instantaneous count would say 1.00 for all
// three; the idle group stays at 0. Each group has its state file where loadavgd writes it.
func TestLoadSampledPerContainer(t *testing.T) {
	state := t.TempDir()
	t.Setenv("CGPROCPS_STATE_DIR", state)
	m := mount(t)
	busy := newGroup(t, "load-busy", 256<<20, 0, "0-1")
	idle := newGroup(t, "load-idle", 256<<20, 0, "0-1")
	busy.anchor(t)
	idle.anchor(t)
	read := func(g *group) [3]float64 {
		t.Helper()
		f := strings.Fields(g.run(t, `cat "$1"`, m.dir+"/proc/loadavg"))
		var l [3]float64
		for i := range l {
			l[i], _ = strconv.ParseFloat(f[i], 64)
		}
		return l
	}
	read(busy)
	read(idle)
	for start := time.Now(); ; time.Sleep(100 * time.Millisecond) {
		if st, _ := filepath.Glob(filepath.Join(state, "loadavg-*")); len(st) == 2 {
			break
		}
		if time.Since(start) > 10*time.Second {
			t.Fatal("no state file 10 s after the first reads")
		}
	}
	loop := busy.cmd("exec sh -c 'while :; do :; done'")
	if err := loop.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { loop.Process.Kill(); loop.Wait() })
	time.Sleep(15 * time.Second)
	b, i := read(busy), read(idle)
	t.Logf("busy %v, idle %v", b, i)
	if b[0] < 0.1 || b[0] > 0.6 || b[2] > 0.1 || b[0] <= b[1] || b[1] < b[2] {
		t.Errorf("busy group's load %v, want the 1-minute one about 0.2, above the 5- and 15-minute ones", b)
	}
	if i[0] > 0.4 || i[2] > 0.4 {
		t.Errorf("idle group's load %v, want about 0", i)
	}
	states, _ := filepath.Glob(filepath.Join(state, "loadavg-*"))
	var names []string
	for _, s := range states {
		c, _ := os.ReadFile(s)
		names = append(names, strings.Fields(string(c))[len(strings.Fields(string(c)))-1])
	}
	got := strings.Join(names, " ")
	if len(states) != 2 || !strings.Contains(got, busy.name) || !strings.Contains(got, idle.name) {
		t.Errorf("state files %v: %s", states, got)
	}
}

// A server killed with kill -9 does not end the sampling: the next one takes over the
// cgroups whose state files are fresh, with no read after the kill, and steps on from the
// state (a busy loop's 1-minute load keeps rising from the dead server's averages).
func TestLoadSamplingSurvivesServer(t *testing.T) {
	state := t.TempDir()
	t.Setenv("CGPROCPS_STATE_DIR", state)
	m := mount(t)
	sup := m.cmd.Process.Pid
	srv := server(t, sup, 0)
	g := newGroup(t, "load-restart", 256<<20, 0, "0-1")
	g.anchor(t)
	g.run(t, `cat "$1" >/dev/null`, m.dir+"/proc/loadavg")
	var file string
	for start := time.Now(); file == ""; time.Sleep(100 * time.Millisecond) {
		if st, _ := filepath.Glob(filepath.Join(state, "loadavg-*")); len(st) == 1 {
			file = st[0]
		}
		if time.Since(start) > 10*time.Second {
			t.Fatal("no state file 10 s after the first read")
		}
	}
	loop := g.cmd("exec sh -c 'while :; do :; done'")
	if err := loop.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { loop.Process.Kill(); loop.Wait() })
	syscall.Kill(srv, syscall.SIGKILL)
	server(t, sup, srv)
	time.Sleep(12 * time.Second)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b))
	ms, _ := strconv.ParseInt(f[2], 10, 64)
	one, _ := strconv.ParseUint(f[3], 10, 64)
	age := time.Since(time.UnixMilli(ms))
	t.Logf("state 12 s after the kill: %q, %v old", b, age.Round(time.Millisecond))
	// Two or three samples of one busy thread from 0: 1-min 0.15-0.22 (307-450 fixed point).
	if age > 6*time.Second || one < 200 || one > 700 {
		t.Errorf("state %q, %v old: not sampled on by the new server", b, age)
	}
}
