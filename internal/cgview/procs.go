package cgview

import (
	"path"
	"sort"
	"strconv"
	"strings"
)

// Processes: SEMANTICS.md "Processes" and the R/D decisions.

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
		subs, err := v.fs.readSubdirs(d)
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

// census returns a census that read at least level, taking (or retaking) it as needed.
func (v *View) census(level censusLevel) *Procs {
	if v.procs == nil || v.procs.level < level {
		if v.cg == nil {
			return nil
		}
		v.procs = v.takeCensus(level)
	}
	if v.procs.level == 0 {
		return nil // the hierarchy could not be read
	}
	return v.procs
}

func (v *View) takeCensus(level censusLevel) *Procs {
	pids, ok := v.subtreePIDs()
	if !ok {
		return &Procs{} // level 0: nothing to retake
	}
	ctxt := level >= censusCtxt
	p := &Procs{level: level}
	for _, pid := range pids {
		base := "/proc/" + strconv.Itoa(pid)
		b, err := v.fs.read(base + "/stat")
		if err != nil {
			continue // exited since it was listed
		}
		st, err := parsePidStat(b)
		if err != nil {
			continue
		}
		p.PIDs = append(p.PIDs, pid)
		if pid == 1 {
			p.HasInit = true
		}
		if p.Start == 0 || st.StartTime < p.Start {
			p.Start = st.StartTime
		}
		if level < censusThreads {
			continue
		}
		tids, err := v.fs.readDirNames(base + "/task")
		if err != nil || len(tids) == 0 {
			t := Task{PID: pid, TID: pid, State: st.State, StartTime: st.StartTime}
			if ctxt {
				if sb, err := v.fs.read(base + "/status"); err == nil {
					t.Ctxt, _ = parseStatusCtxt(sb)
				}
			}
			p.add(t)
			continue
		}
		for _, name := range tids {
			tid, err := strconv.Atoi(name)
			if err != nil {
				continue
			}
			tdir := base + "/task/" + name
			tb, err := v.fs.read(tdir + "/stat")
			if err != nil {
				continue
			}
			ts, err := parsePidStat(tb)
			if err != nil {
				continue
			}
			t := Task{PID: pid, TID: tid, State: ts.State, StartTime: ts.StartTime}
			if ctxt {
				if sb, err := v.fs.read(tdir + "/status"); err == nil {
					t.Ctxt, _ = parseStatusCtxt(sb)
				}
			}
			p.add(t)
		}
	}
	sort.Slice(p.Tasks, func(i, j int) bool { return p.Tasks[i].TID < p.Tasks[j].TID })
	return p
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
