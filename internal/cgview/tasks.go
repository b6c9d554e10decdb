package cgview

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

// Per-process details for top's task area (docs/semantics.md "Processes and threads"): every
// process (or thread) of the cgroup subtree in container mode, every /proc entry in host mode.

// TaskInfo is one process or thread as top shows it.
type TaskInfo struct {
	PID   int // thread-group ID
	TID   int // the thread (== PID for a process)
	PPID  int
	State byte

	RUID, EUID, SUID, FUID uint32
	HaveUIDs               bool   // the status file gave the Uid line
	User                   string // effective user name (or the numeric uid)

	Priority, Nice int
	NLWP           int

	VirtKB, ResKB, ShrKB uint64

	UTime, STime, CUTime, CSTime uint64 // ticks
	StartTime                    uint64 // ticks after boot

	Comm    string // the stat command name, as the kernel gives it
	Cmdline string // /proc/PID/cmdline as read (NUL-separated; "" for none: a kernel thread)
}

// Ticks is utime+stime.
func (t *TaskInfo) Ticks() uint64 { return t.UTime + t.STime }

// taskStat is the part of /proc/PID/stat top needs.
type taskStat struct {
	PID                          int
	Comm                         string
	State                        byte
	PPID                         int
	UTime, STime, CUTime, CSTime uint64
	Priority, Nice               int
	NLWP                         int
	StartTime                    uint64
	VSize                        uint64 // bytes
	RSS                          int64  // pages
}

// parseTaskStat reads /proc/PID/stat. The command name may hold spaces and parentheses: it
// ends at the last ')'.
func parseTaskStat(b []byte) (taskStat, error) {
	var s taskStat
	open := bytes.IndexByte(b, '(')
	closeP := bytes.LastIndexByte(b, ')')
	if open <= 0 || closeP < open {
		return s, errors.New("malformed stat")
	}
	pid, err := strconv.Atoi(string(bytes.TrimSpace(b[:open])))
	if err != nil || pid < 0 {
		return s, errors.New("malformed stat pid")
	}
	s.PID = pid
	s.Comm = string(b[open+1 : closeP])
	f := strings.Fields(string(b[closeP+1:]))
	// f[0] is field 3 (state); field N is f[N-3].
	if len(f) < 22 || len(f[0]) != 1 || !isLetter(f[0][0]) {
		return s, errors.New("malformed stat fields")
	}
	s.State = f[0][0]
	u := func(n int) uint64 {
		x, e := strconv.ParseUint(f[n-3], 10, 64)
		if e != nil && err == nil {
			err = e
		}
		return x
	}
	i := func(n int) int64 {
		x, e := strconv.ParseInt(f[n-3], 10, 64)
		if e != nil && err == nil {
			err = e
		}
		return x
	}
	s.PPID = int(i(4))
	s.UTime, s.STime = u(14), u(15)
	s.CUTime, s.CSTime = uint64(i(16)), uint64(i(17))
	s.Priority, s.Nice = int(i(18)), int(i(19))
	s.NLWP = int(i(20))
	s.StartTime = u(22)
	s.VSize = u(23)
	s.RSS = i(24)
	if err != nil {
		return taskStat{}, errors.New("malformed stat number")
	}
	return s, nil
}

// taskStatus is the part of /proc/PID/status top needs (kB values).
type taskStatus struct {
	UIDs                  [4]uint32
	HaveUIDs              bool
	VmSize, VmRSS         uint64
	RssFile, RssShmem     uint64
	HaveVm, HaveRssShared bool
}

func parseTaskStatus(b []byte) taskStatus {
	var s taskStatus
	text := string(b)
	for text != "" {
		var line string
		line, text = cutLine(text)
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch k {
		case "Uid":
			f := strings.Fields(v)
			if len(f) < 4 {
				continue
			}
			var u [4]uint32
			good := true
			for j := 0; j < 4; j++ {
				x, err := strconv.ParseUint(f[j], 10, 32)
				if err != nil {
					good = false
					break
				}
				u[j] = uint32(x)
			}
			if good {
				s.UIDs, s.HaveUIDs = u, true
			}
		case "VmSize", "VmRSS", "RssFile", "RssShmem":
			f := strings.Fields(v)
			if len(f) < 1 {
				continue
			}
			x, err := strconv.ParseUint(f[0], 10, 64)
			if err != nil {
				continue
			}
			switch k {
			case "VmSize":
				s.VmSize, s.HaveVm = x, true
			case "VmRSS":
				s.VmRSS = x
			case "RssFile":
				s.RssFile, s.HaveRssShared = x, true
			case "RssShmem":
				s.RssShmem = x
			}
		}
	}
	return s
}

// parseStatm reads /proc/PID/statm: size, resident and shared, in pages.
func parseStatm(b []byte) (size, resident, shared uint64, ok bool) {
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return 0, 0, 0, false
	}
	var v [3]uint64
	for j := 0; j < 3; j++ {
		x, err := strconv.ParseUint(f[j], 10, 64)
		if err != nil {
			return 0, 0, 0, false
		}
		v[j] = x
	}
	return v[0], v[1], v[2], true
}

// parsePasswd maps uid to name from /etc/passwd text (the first entry of a uid wins, as
// getpwuid's file lookup does).
func parsePasswd(b []byte) map[uint32]string {
	m := map[uint32]string{}
	text := string(b)
	for text != "" {
		var line string
		line, text = cutLine(text)
		f := strings.SplitN(line, ":", 4)
		if len(f) < 4 || f[0] == "" || strings.HasPrefix(f[0], "+") || strings.HasPrefix(f[0], "-") {
			continue
		}
		uid, err := strconv.ParseUint(f[2], 10, 32)
		if err != nil {
			continue
		}
		if _, dup := m[uint32(uid)]; !dup {
			m[uint32(uid)] = f[0]
		}
	}
	return m
}

// userNames is the user database: the machine's /etc/passwd, or ROOT/etc/passwd under
// CGPROCPS_ROOT (a missing one there means numeric uids).
func (v *View) userNames() map[uint32]string {
	v.usersOnce.Do(func() {
		b, err := v.fs.ReadFile("/etc/passwd")
		if err != nil {
			v.users = map[uint32]string{}
			return
		}
		v.users = parsePasswd(b)
	})
	return v.users
}

// UserName is the name of uid (its number when the user database does not know it).
func (v *View) UserName(uid uint32) string {
	if n, ok := v.userNames()[uid]; ok {
		return n
	}
	return strconv.FormatUint(uint64(uid), 10)
}

// LookupUser finds a user by name in the view's user database.
func (v *View) LookupUser(name string) (uint32, bool) {
	for uid, n := range v.userNames() {
		if n == name {
			return uid, true
		}
	}
	return 0, false
}

// TaskPIDs lists the processes top shows: the subtree's in container mode, every numeric
// /proc entry in host mode (or when the hierarchy cannot be read), ascending.
func (v *View) TaskPIDs() []int {
	pids, _ := v.taskPIDs()
	return pids
}

// taskPIDs is TaskPIDs, and whether the list is the cgroup subtree's (container mode).
func (v *View) taskPIDs() ([]int, bool) {
	if v.container && v.cg != nil {
		if pids, ok := v.subtreePIDs(); ok {
			return pids, true
		}
	}
	return v.allPIDs(), false
}

// allPIDs lists the numeric folders of /proc, ascending.
func (v *View) allPIDs() []int {
	names, err := v.fs.DirNames("/proc")
	if err != nil {
		return nil
	}
	var pids []int
	for _, n := range names {
		if n == "" || n[0] < '1' || n[0] > '9' {
			continue
		}
		if p, err := strconv.Atoi(n); err == nil && p > 0 {
			pids = append(pids, p)
		}
	}
	sort.Ints(pids)
	return pids
}

// TaskOptions say what Tasks reads.
type TaskOptions struct {
	Threads bool  // every thread (top -H) instead of every process
	Cmdline bool  // read the command lines (top -c)
	Only    []int // when set, only these PIDs (top -p)
	// TicksOnly reads /proc/PID/stat only (no status, statm, command line): for a priming
	// read whose only use is the CPU ticks the next frame's %CPU is computed against.
	TicksOnly bool
}

// Tasks reads the details of every process (or thread) TaskPIDs lists. A process that
// vanishes between listing and reading is skipped silently.
func (v *View) Tasks(o TaskOptions) []TaskInfo {
	pids, subtree := v.taskPIDs()
	// The subtree's stat files read here are also the process census (the container's start
	// for Uptime, the single-threaded processes' states for the load): keep it, so a top frame
	// reads each stat file once.
	var census *Procs
	if subtree && o.Only == nil && v.procs == nil {
		census = &Procs{level: censusProcesses}
	}
	if o.Only != nil {
		want := map[int]bool{}
		for _, p := range o.Only {
			want[p] = true
		}
		kept := pids[:0:0]
		for _, p := range pids {
			if want[p] {
				kept = append(kept, p)
			}
		}
		pids = kept
	}
	out := make([]TaskInfo, 0, len(pids))
	for _, pid := range pids {
		base := "/proc/" + strconv.Itoa(pid)
		leader, ok := v.readTask(base, pid, pid, o, nil)
		if !ok {
			continue
		}
		if census != nil {
			census.PIDs = append(census.PIDs, pid)
			census.stats = append(census.stats, pidStat{PID: pid, Comm: leader.Comm, State: leader.State,
				StartTime: leader.StartTime, Threads: leader.NLWP})
			if pid == 1 {
				census.HasInit = true
			}
			if census.Start == 0 || leader.StartTime < census.Start {
				census.Start = leader.StartTime
			}
		}
		if !o.Threads {
			out = append(out, leader)
			continue
		}
		tids, err := v.fs.DirNames(base + "/task")
		if err != nil || len(tids) == 0 {
			out = append(out, leader)
			continue
		}
		var ids []int
		for _, n := range tids {
			if t, err := strconv.Atoi(n); err == nil && t > 0 {
				ids = append(ids, t)
			}
		}
		sort.Ints(ids)
		for _, tid := range ids {
			if t, ok := v.readTask(base+"/task/"+strconv.Itoa(tid), pid, tid, o, &leader); ok {
				out = append(out, t)
			}
		}
	}
	if census != nil && v.procs == nil {
		v.procs = census
	}
	return out
}

// readTask reads one process or thread folder. A thread takes its command line from its
// leader.
func (v *View) readTask(dir string, pid, tid int, o TaskOptions, leader *TaskInfo) (TaskInfo, bool) {
	b, err := v.fs.ReadRecord(dir + "/stat")
	if err != nil {
		return TaskInfo{}, false
	}
	st, err := parseTaskStat(b)
	if err != nil {
		return TaskInfo{}, false
	}
	t := TaskInfo{
		PID: pid, TID: tid, PPID: st.PPID, State: st.State,
		Priority: st.Priority, Nice: st.Nice, NLWP: st.NLWP,
		UTime: st.UTime, STime: st.STime, CUTime: st.CUTime, CSTime: st.CSTime,
		StartTime: st.StartTime, Comm: st.Comm,
	}
	if o.TicksOnly {
		return t, true
	}
	var ss taskStatus
	if sb, err := v.fs.ReadRecord(dir + "/status"); err == nil {
		ss = parseTaskStatus(sb)
	}
	if ss.HaveUIDs {
		t.RUID, t.EUID, t.SUID, t.FUID = ss.UIDs[0], ss.UIDs[1], ss.UIDs[2], ss.UIDs[3]
		t.HaveUIDs = true
	} else if leader != nil {
		t.RUID, t.EUID, t.SUID, t.FUID, t.HaveUIDs = leader.RUID, leader.EUID, leader.SUID, leader.FUID, leader.HaveUIDs
	}
	t.User = v.UserName(t.EUID)
	pageKB := uint64(os.Getpagesize() / 1024)
	if mb, err := v.fs.ReadRecord(dir + "/statm"); err == nil {
		if size, res, shr, ok := parseStatm(mb); ok {
			t.VirtKB, t.ResKB, t.ShrKB = size*pageKB, res*pageKB, shr*pageKB
		}
	} else if ss.HaveVm {
		t.VirtKB, t.ResKB, t.ShrKB = ss.VmSize, ss.VmRSS, ss.RssFile+ss.RssShmem
	} else {
		t.VirtKB = st.VSize / 1024
		if st.RSS > 0 {
			t.ResKB = uint64(st.RSS) * pageKB
		}
	}
	if o.Cmdline {
		if leader != nil {
			t.Cmdline = leader.Cmdline
		} else if cb, err := v.fs.ReadFile(dir + "/cmdline"); err == nil {
			t.Cmdline = string(cb)
		}
	}
	return t, true
}

// StatCPULines is the cpu and cpuN lines of the view's /proc/stat (the host's file in host
// mode), without what the rest of the rendered file costs (a context-switch census of every
// thread): what top reads each frame.
func (v *View) StatCPULines() ([]byte, error) {
	if !v.container {
		b, err := v.fs.ReadFile("/proc/stat")
		if err != nil {
			return nil, fmt.Errorf("/proc/stat: %w", unwrapPathErr(err))
		}
		return b, nil
	}
	var b bytes.Buffer
	if err := v.writeCPULines(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
