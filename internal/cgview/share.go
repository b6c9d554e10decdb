package cgview

// Accessors for the live view (internal/livefs), which keeps views between reads.

// ProcsDir is the cgroup folder (machine path) whose subtree's threads the view counts: what
// a load sampler samples (Options.Cgroup) and names its state after. "" without a hierarchy.
func (v *View) ProcsDir() string {
	if v.cg == nil || v.cg.procs == nil {
		return ""
	}
	return v.cg.procs.Dir
}

// PressureDir is the view's cgroup2 folder (machine path), where its pressure files are,
// when its memory controller is there (a cgroup v2 host); "" otherwise: on v1, and on a
// hybrid host, whose cgroup2 folder of a process is not the cgroup its limits come from.
func (v *View) PressureDir() string {
	if v.cg == nil || v.cg.v2 == nil || v.cg.memory != v.cg.v2 {
		return ""
	}
	return v.cg.v2.Dir
}

// Reopen is a new view of v's cgroup that reads every file afresh: what Open with v's
// options returns while the cgroup's hierarchies, /proc/PID/cgroup and the cgroup namespace
// are unchanged, without finding them again (mountinfo, /proc/PID/cgroup). The mode is
// decided again from the limits (ModeAuto), which the rendering then reuses. For a server
// keeping the result of Open for a while (internal/livefs); v itself is left untouched, so
// Reopen may be called from several goroutines while v is not used otherwise.
func (v *View) Reopen() *View {
	n := &View{fs: v.fs, opt: v.opt, cg: v.cg, container: v.container, ns: v.ns}
	if n.cg != nil && n.opt.Mode == ModeAuto {
		n.container = n.detectContainer()
	}
	return n
}
