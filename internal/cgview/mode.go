package cgview

import "math"

// initialCgroupNS is the inode of the initial cgroup namespace.
const initialCgroupNS = "cgroup:[4026531835]"

// detectContainer applies docs/semantics.md "Container mode or host mode": a memory, memory.high,
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
	if v.opt.Cgroup == "" && v.opt.PID == 0 && v.cgroupNS() == nsPrivate {
		return true
	}
	return false
}

type nsState int

const (
	nsUnknown nsState = iota + 1 // no /proc/self/ns/cgroup (a capture under CGPROCPS_ROOT)
	nsInitial
	nsPrivate
)

// cgroupNS reads /proc/self/ns/cgroup once.
func (v *View) cgroupNS() nsState {
	if v.ns == 0 {
		v.ns = nsUnknown
		if l, err := v.fs.Readlink("/proc/self/ns/cgroup"); err == nil {
			v.ns = nsPrivate
			if l == initialCgroupNS {
				v.ns = nsInitial
			}
		}
	}
	return v.ns
}

// initialCgroupNS reports whether the caller is known to be in the initial cgroup namespace,
// so that a mount whose root is "/" shows the hierarchy's real root.
func (v *View) initialCgroupNS() bool { return v.cgroupNS() == nsInitial }
