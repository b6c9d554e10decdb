package cgview

import "math"

// initialCgroupNS is the inode of the initial cgroup namespace.
const initialCgroupNS = "cgroup:[4026531835]"

// detectContainer applies SEMANTICS.md "Container mode or host mode": a memory, memory.high,
// swap or CPU quota limit, or a cpuset narrower than the host's, anywhere in the ancestry; or
// the hierarchy mounted as runtimes mount it (a private cgroup namespace, or read-only).
func (v *View) detectContainer() bool {
	if v.memoryLimited() {
		return true
	}
	if !math.IsInf(v.quotaCPUs(), 1) {
		return true
	}
	if v.cpusetNarrower() {
		return true
	}
	for _, h := range v.cg.all {
		if h.ReadOnly && !h.Missing {
			return true
		}
	}
	// The cgroup-namespace test needs the /proc/self/ns/cgroup link; where it is missing
	// (fixtures) the limits alone decide. Only the caller's own namespace counts.
	if v.opt.Cgroup == "" && v.opt.PID == 0 {
		if l, err := v.fs.readlink("/proc/self/ns/cgroup"); err == nil && l != initialCgroupNS {
			return true
		}
	}
	return false
}
