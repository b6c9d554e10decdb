package cgview

import (
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
)

// hier is one cgroup hierarchy as the process sees it: where its cgroup's folder is, and the
// mount point above which nothing is visible (the top of the ancestor walk).
type hier struct {
	V2          bool
	Controllers []string // v1 controllers of this hierarchy (superblock options)
	Mount       string   // mount point (machine path)
	MountRoot   string   // the mount's root inside the hierarchy (mountinfo field 4)
	ReadOnly    bool
	CgPath      string // the cgroup's path inside the hierarchy (/proc/PID/cgroup)
	Dir         string // the cgroup's folder (machine path); Mount when not visible
	// rootIsTrue: the mount's root is the hierarchy's real root (the caller is known to be in
	// the initial cgroup namespace), where the kernel allows no limits (limitDirs).
	rootIsTrue bool
	// Missing is true when the cgroup's folder does not exist in this hierarchy (e.g. a
	// --cgroup path present in one v1 controller only); Dir is then the mount point and
	// this hierarchy contributes no limits.
	Missing bool
}

// ancestors returns Dir and its parents up to and including Mount, nearest first.
func (h *hier) ancestors() []string {
	if h.Missing {
		return nil
	}
	out := []string{h.Dir}
	d := h.Dir
	for d != h.Mount && strings.HasPrefix(d, h.Mount+"/") {
		d = path.Dir(d)
		out = append(out, d)
	}
	return out
}

// limitDirs are the ancestors that can carry a limit: all of them but the hierarchy's true
// root (the kernel refuses limits there; v2 has no limit files at the root at all).
func (h *hier) limitDirs() []string {
	a := h.ancestors()
	if len(a) > 0 && a[len(a)-1] == h.Mount && h.rootIsTrue {
		a = a[:len(a)-1]
	}
	return a
}

// cgroupSet maps each controller the suite reads to the hierarchy that holds it.
type cgroupSet struct {
	all    []*hier
	v2     *hier // the cgroup2 hierarchy, if any
	memory *hier
	cpu    *hier // cpu.max / cpu.cfs_quota_us
	acct   *hier // cpu.stat / cpuacct.*
	cpuset *hier
	procs  *hier // where cgroup.procs of the subtree are listed
}

func (c *cgroupSet) describe() []string {
	var out []string
	for _, h := range c.all {
		name := "cgroup2"
		if !h.V2 {
			name = strings.Join(h.Controllers, ",")
		}
		out = append(out, name+": "+h.Dir)
	}
	return out
}

// v1Controller reports whether c is a v1 controller the suite cares about, as mount options
// name them. (A switch, not a map literal: a package-level map is built at start-up by every
// tool of the multicall binary.)
func v1Controller(c string) bool {
	switch c {
	case "memory", "cpu", "cpuacct", "cpuset", "blkio", "pids":
		return true
	}
	return false
}

// findCgroups resolves the cgroup of the process (or of --pid / --cgroup) in every mounted
// hierarchy (docs/semantics.md "Finding the cgroup").
func (v *View) findCgroups() (*cgroupSet, error) {
	mi, err := v.fs.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return nil, fmt.Errorf("/proc/self/mountinfo: %w", unwrapPathErr(err))
	}
	cgMounts, err := parseMountinfoFiltered(mi, func(t string) bool { return t == "cgroup" || t == "cgroup2" })
	if err != nil {
		return nil, fmt.Errorf("/proc/self/mountinfo: %w", err)
	}
	if len(cgMounts) == 0 {
		return nil, fmt.Errorf("no cgroup filesystem is mounted")
	}

	var lines []procCgroupLine
	if v.opt.Cgroup == "" {
		src := "/proc/self/cgroup"
		if v.opt.PID > 0 {
			src = "/proc/" + strconv.Itoa(v.opt.PID) + "/cgroup"
		}
		b, err := v.fs.ReadRecord(src)
		if err != nil {
			if v.opt.PID > 0 {
				return nil, fmt.Errorf("process %d: no such process", v.opt.PID)
			}
			return nil, fmt.Errorf("%s: %w", src, unwrapPathErr(err))
		}
		if lines, err = parseProcCgroup(b); err != nil {
			return nil, fmt.Errorf("%s: %w", src, err)
		}
	} else {
		if lines, err = v.cgroupArgLines(cgMounts); err != nil {
			return nil, err
		}
	}

	set := &cgroupSet{}
	for _, l := range lines {
		if len(l.Controllers) > 0 && !anyV1Controller(l.Controllers) {
			continue // freezer, devices, name=systemd, ...: nothing the suite reads
		}
		var h *hier
		if len(l.Controllers) == 0 {
			h = resolveHier(cgMounts, "cgroup2", nil, l.Path)
		} else {
			h = resolveHier(cgMounts, "cgroup", l.Controllers, l.Path)
		}
		if h == nil {
			continue
		}
		// A folder named by --cgroup may exist in some hierarchies only. The process's own
		// folders exist (a missing one reads as no limits anyway): no stat for them.
		if v.opt.Cgroup != "" && !v.fs.IsDir(h.Dir) {
			h.Missing = true
			h.Dir = h.Mount
		}
		h.rootIsTrue = h.MountRoot == "/" && v.initialCgroupNS()
		set.all = append(set.all, h)
		if h.V2 {
			set.v2 = h
			continue
		}
		for _, c := range h.Controllers {
			switch c {
			case "memory":
				set.memory = h
			case "cpu":
				set.cpu = h
			case "cpuacct":
				set.acct = h
			case "cpuset":
				set.cpuset = h
			}
		}
	}
	if len(set.all) == 0 {
		return nil, fmt.Errorf("no mounted cgroup hierarchy holds this process's cgroup")
	}
	// Controllers without a v1 hierarchy are the v2 hierarchy's (pure v2, or v2 controllers
	// on a hybrid host). A hybrid host's empty cgroup2 gives no files, hence no limits.
	if set.v2 != nil {
		for _, p := range []**hier{&set.memory, &set.cpu, &set.acct, &set.cpuset} {
			if *p == nil {
				*p = set.v2
			}
		}
	}
	// The process list comes from a hierarchy where the cgroup's folder exists, preferring
	// those that hold the controllers the numbers come from (never a hybrid host's empty
	// cgroup2, whose path says nothing about the v1 controllers).
	for _, h := range []*hier{set.cpu, set.acct, set.memory, set.cpuset} {
		if h != nil && !h.Missing {
			set.procs = h
			break
		}
	}
	if set.procs == nil {
		for _, h := range set.all {
			if !h.Missing {
				set.procs = h
				break
			}
		}
	}
	if v.opt.Cgroup != "" && set.procs == nil {
		return nil, fmt.Errorf("cgroup %s: no such cgroup", v.opt.Cgroup)
	}
	// The caller's own folders are listed by the kernel but may still be unreadable (a
	// hierarchy not mounted where mountinfo says, a capture without sys/fs/cgroup): when none
	// of the folders the numbers come from exists, the hierarchy cannot be read at all. One
	// stat in the common case (the first one exists).
	if v.opt.Cgroup == "" {
		seen := false
		for _, h := range []*hier{set.memory, set.cpu, set.acct, set.cpuset, set.procs} {
			if h != nil && v.fs.IsDir(h.Dir) {
				seen = true
				break
			}
		}
		if !seen {
			d := set.all[0].Dir
			if set.memory != nil {
				d = set.memory.Dir
			}
			return nil, fmt.Errorf("%s: missing", d)
		}
	}
	return set, nil
}

func anyV1Controller(ctrls []string) bool {
	for _, c := range ctrls {
		if v1Controller(c) {
			return true
		}
	}
	return false
}

// resolveHier finds the mount of a hierarchy (cgroup2, or the v1 one with exactly these
// controllers among its options) and maps cgPath to a folder. Of several mounts of the same
// hierarchy, the one whose root is the longest prefix of cgPath wins, then one under
// /sys/fs/cgroup.
func resolveHier(mounts []mountInfo, fstype string, ctrls []string, cgPath string) *hier {
	var best *mountInfo
	bestScore := -1
	for i := range mounts {
		m := &mounts[i]
		if m.FSType != fstype {
			continue
		}
		if fstype == "cgroup" && !v1MountMatches(m.SuperOpts, ctrls) {
			continue
		}
		score := 0
		if within(cgPath, m.Root) {
			score = 2 + len(m.Root)*4
		}
		if strings.HasPrefix(m.MountPoint, "/sys/fs/cgroup") {
			score += 2
		}
		if score > bestScore {
			best, bestScore = m, score
		}
	}
	if best == nil {
		return nil
	}
	h := &hier{V2: fstype == "cgroup2", Mount: path.Clean(best.MountPoint), MountRoot: best.Root,
		ReadOnly: best.readOnly(), CgPath: cgPath}
	if !h.V2 {
		for opts := best.SuperOpts; opts != ""; {
			o := opts
			if i := strings.IndexByte(opts, ','); i >= 0 {
				o, opts = opts[:i], opts[i+1:]
			} else {
				opts = ""
			}
			if v1Controller(o) || strings.HasPrefix(o, "name=") {
				h.Controllers = append(h.Controllers, o)
			}
		}
	}
	h.Dir = h.Mount
	if within(cgPath, best.Root) {
		rel := strings.TrimPrefix(cgPath, best.Root)
		h.Dir = path.Join(h.Mount, rel)
	}
	return h
}

// v1MountMatches reports whether a v1 mount's superblock options name exactly the
// controllers of a /proc/PID/cgroup line (co-mounted ones such as cpu,cpuacct included).
func v1MountMatches(superOpts string, ctrls []string) bool {
	for _, c := range ctrls {
		if !hasOpt(superOpts, c) {
			return false
		}
	}
	return len(ctrls) > 0
}

// within reports whether p is root or below it (both hierarchy paths).
func within(p, root string) bool {
	if root == "/" {
		return strings.HasPrefix(p, "/")
	}
	return p == root || strings.HasPrefix(p, root+"/")
}

// cgroupArgLines turns --cgroup PATH into /proc/PID/cgroup-style lines: a folder under a
// cgroup mount names its hierarchy path; anything else is taken as a hierarchy path.
func (v *View) cgroupArgLines(mounts []mountInfo) ([]procCgroupLine, error) {
	arg := v.opt.Cgroup
	cgPath := ""
	if strings.HasPrefix(arg, "/") {
		clean := path.Clean(arg)
		// Longest mount point that holds the folder.
		var hit *mountInfo
		for i := range mounts {
			m := &mounts[i]
			mp := path.Clean(m.MountPoint)
			if (clean == mp || strings.HasPrefix(clean, mp+"/")) && (hit == nil || len(mp) > len(path.Clean(hit.MountPoint))) {
				hit = m
			}
		}
		if hit != nil {
			if !v.fs.IsDir(clean) {
				return nil, fmt.Errorf("cgroup %s: no such cgroup", arg)
			}
			rel := strings.TrimPrefix(clean, path.Clean(hit.MountPoint))
			cgPath = path.Join(hit.Root, "/"+rel)
		}
	}
	if cgPath == "" {
		cgPath = path.Clean("/" + arg)
	}
	// One line per distinct hierarchy.
	var lines []procCgroupLine
	seen := map[string]bool{}
	for _, m := range mounts {
		key := m.FSType
		var ctrls []string
		if m.FSType == "cgroup" {
			for _, o := range strings.Split(m.SuperOpts, ",") {
				if v1Controller(o) || strings.HasPrefix(o, "name=") {
					ctrls = append(ctrls, o)
				}
			}
			if len(ctrls) == 0 {
				continue
			}
			sort.Strings(ctrls)
			key += ":" + strings.Join(ctrls, ",")
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		lines = append(lines, procCgroupLine{Controllers: ctrls, Path: cgPath})
	}
	// The path must exist in at least one hierarchy.
	found := false
	for _, l := range lines {
		fstype := "cgroup2"
		if len(l.Controllers) > 0 {
			fstype = "cgroup"
		}
		if h := resolveHier(mounts, fstype, l.Controllers, l.Path); h != nil && within(l.Path, h.MountRoot) && v.fs.IsDir(h.Dir) {
			found = true
			break
		}
	}
	if !found {
		return nil, fmt.Errorf("cgroup %s: no such cgroup", arg)
	}
	return lines, nil
}
