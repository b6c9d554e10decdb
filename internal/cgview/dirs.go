package cgview

// ProcsDir is the cgroup folder (machine path) whose subtree's threads the view counts: what
// a load sampler samples (Options.Cgroup) and names its state after. "" without a hierarchy.
func (v *View) ProcsDir() string {
	if v.cg == nil || v.cg.procs == nil {
		return ""
	}
	return v.cg.procs.Dir
}

// V2Dir is the view's cgroup2 folder (machine path), where its pressure files are; "" on a
// machine without a cgroup2 hierarchy.
func (v *View) V2Dir() string {
	if v.cg == nil || v.cg.v2 == nil {
		return ""
	}
	return v.cg.v2.Dir
}
