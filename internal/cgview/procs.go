package cgview

import (
	"path"
	"sort"
	"strconv"
	"strings"
)

// Processes: docs/semantics.md "Processes and threads".

// maxSubtreeDirs bounds the cgroup folders walked for one census (a runaway tree or a
// symlink loop in a fixture cannot hang a tool).
const maxSubtreeDirs = 100000

// subtreePIDs lists the PIDs in cgroup.procs of the cgroup and all its descendants.
func (v *View) subtreePIDs() ([]int, bool) {
	h := v.cg.procs
	if h == nil || h.Missing {
		return nil, false
	}
	seen := map[int]bool{}
	var pids []int
	stack := []string{h.Dir}
	readAny := false
	for n := 0; len(stack) > 0 && n < maxSubtreeDirs; n++ {
		d := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if b, ok, err := v.cgFile(d, "cgroup.procs"); ok && err == nil {
			readAny = true
			for _, f := range strings.Fields(string(b)) {
				if p, err := strconv.Atoi(f); err == nil && p > 0 && !seen[p] {
					seen[p] = true
					pids = append(pids, p)
				}
			}
		}
		subs, err := v.fs.Subdirs(d)
		if err != nil {
			continue
		}
		for _, name := range subs {
			stack = append(stack, path.Join(d, name))
		}
	}
	sort.Ints(pids)
	return pids, readAny
}

// Procs returns the census of the cgroup subtree's processes and threads (nil when the
// hierarchy cannot be read). Context switches are read only by ProcsWithCtxt.
func (v *View) Procs() *Procs { return v.census(censusThreads) }

// ProcsWithCtxt is Procs plus each thread's context switches (for the rendered ctxt).
func (v *View) ProcsWithCtxt() *Procs { return v.census(censusCtxt) }

// census returns a census that read at least level. A census is upgraded in place: a
// processes-only one (uptime's) gains the threads, and those their context switches, without
// walking the cgroup or reading a file twice.
func (v *View) census(level censusLevel) *Procs {
	if v.cg == nil {
		return nil
	}
	if v.procs == nil {
		v.procs = v.readProcesses()
	}
	p := v.procs
	if p.level == 0 {
		return nil // the hierarchy could not be read
	}
	if level >= censusThreads && p.level < censusThreads {
		v.readThreads(p)
	}
	if level >= censusCtxt && p.level < censusCtxt {
		v.readCtxt(p)
	}
	return p
}

// readProcesses reads /proc/PID/stat of every process of the subtree.
func (v *View) readProcesses() *Procs {
	pids, ok := v.subtreePIDs()
	if !ok {
		return &Procs{} // level 0
	}
	p := &Procs{level: censusProcesses}
	for _, pid := range pids {
		b, err := v.fs.ReadRecord("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			continue // exited since it was listed
		}
		st, err := parsePidStat(b)
		if err != nil {
			continue
		}
		p.PIDs = append(p.PIDs, pid)
		p.stats = append(p.stats, st)
		if pid == 1 {
			p.HasInit = true
		}
		if p.Start == 0 || st.StartTime < p.Start {
			p.Start = st.StartTime
		}
	}
	return p
}

// readThreads adds every thread of the census's processes (a process without a task/ folder,
// as in older captures, counts once by its own state).
func (v *View) readThreads(p *Procs) {
	for i, pid := range p.PIDs {
		base := "/proc/" + strconv.Itoa(pid)
		if st := p.stats[i]; st.Threads == 1 {
			// A single-threaded process: its one thread is the leader, whose state the
			// process's own stat already gave (no task/ listing, no second stat read).
			p.add(Task{PID: pid, TID: pid, State: st.State, StartTime: st.StartTime, dir: base})
			continue
		}
		tids, err := v.fs.DirNames(base + "/task")
		if err != nil || len(tids) == 0 {
			st := p.stats[i]
			p.add(Task{PID: pid, TID: pid, State: st.State, StartTime: st.StartTime, dir: base})
			continue
		}
		for _, name := range tids {
			tid, err := strconv.Atoi(name)
			if err != nil {
				continue
			}
			tdir := base + "/task/" + name
			if tid == pid {
				// The leader: /proc/PID/stat, read for the census, is its stat.
				st := p.stats[i]
				p.add(Task{PID: pid, TID: tid, State: st.State, StartTime: st.StartTime, dir: tdir})
				continue
			}
			tb, err := v.fs.ReadRecord(tdir + "/stat")
			if err != nil {
				continue
			}
			ts, err := parsePidStat(tb)
			if err != nil {
				continue
			}
			p.add(Task{PID: pid, TID: tid, State: ts.State, StartTime: ts.StartTime, dir: tdir})
		}
	}
	sort.Slice(p.Tasks, func(i, j int) bool { return p.Tasks[i].TID < p.Tasks[j].TID })
	p.level = censusThreads
}

// readCtxt adds each thread's voluntary + nonvoluntary context switches.
func (v *View) readCtxt(p *Procs) {
	p.CtxtSum = 0
	for i := range p.Tasks {
		t := &p.Tasks[i]
		if sb, err := v.fs.ReadRecord(t.dir + "/status"); err == nil {
			t.Ctxt, _ = parseStatusCtxt(sb)
		}
		p.CtxtSum += t.Ctxt
	}
	p.level = censusCtxt
}

func (p *Procs) add(t Task) {
	p.Tasks = append(p.Tasks, t)
	switch t.State {
	case 'R':
		p.Running++
	case 'D':
		p.Blocked++
	}
	if t.TID > p.MaxTID {
		p.MaxTID = t.TID
	}
	p.CtxtSum += t.Ctxt
}
