package cgview

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// Resolving --container-id ID: the cgroup folder a container runtime made for a container,
// found by walking a mounted hierarchy (under the root, so fixtures work) and reading the
// container ID out of each folder name. The layouts recognised:
//
//	Docker, cgroupfs driver     /docker/<id>
//	Docker, systemd driver      /system.slice/docker-<id>.scope
//	containerd/CRI, cgroupfs    /kubepods/pod<uid>/<id>, /kubepods/besteffort/pod<uid>/<id>
//	containerd/CRI, systemd     /kubepods.slice/kubepods-burstable.slice/
//	                            kubepods-burstable-pod<uid>.slice/cri-containerd-<id>.scope
//	CRI-O, systemd              .../crio-<id>.scope
//	Podman, systemd             /machine.slice/libpod-<id>.scope,
//	                            /user.slice/user-1000.slice/user@1000.service/user.slice/libpod-<id>.scope
//	Podman, cgroupfs            /libpod_parent/libpod-<id>
//	runc, systemd / cgroupfs    /system.slice/runc-<id>.scope, /<id> (any name, exact match only)
//
// A folder named <prefix>-<id>[.scope] with a runtime prefix yields <id>; a bare folder name
// yields an ID when it is a hex string of 12 or more digits (Docker, containerd and Podman
// IDs are 64) or when it is exactly the ID asked for (runc takes any name). Conmon's scopes
// (libpod-conmon-<id>, crio-conmon-<id>) are the monitor, not the container, and are skipped.

// runtimePrefixes are the folder-name prefixes runtimes put before a container ID.
var runtimePrefixes = []string{"docker-", "cri-containerd-", "containerd-", "crio-", "libpod-", "runc-"}

// Walk bounds: a host has hundreds of cgroups, not a hundred thousand; the bounds only stop a
// pathological tree from stalling a tool.
const (
	maxIDWalkDepth = 16
	maxIDWalkDirs  = 200000
)

// containerIDOf returns the container ID a cgroup folder name carries, if any, and whether it
// came from a runtime pattern (false: a bare hex name).
func containerIDOf(name string) (string, bool) {
	base, unit := strings.CutSuffix(name, ".scope")
	for _, p := range runtimePrefixes {
		rest, ok := strings.CutPrefix(base, p)
		if !ok || rest == "" {
			continue
		}
		if strings.HasPrefix(rest, "conmon-") || rest == "conmon" {
			return "", false
		}
		return rest, true
	}
	if !unit && len(base) >= 12 && isHex(base) {
		return base, false
	}
	return "", false
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return s != ""
}

// notContainer reports whether a folder name is never a container's: a systemd unit (slices,
// services, ...) or a runtime's parent folder, so a bare exact-name match skips it.
func notContainer(name string) bool {
	switch name {
	case "docker", "kubepods", "besteffort", "burstable", "guaranteed", "libpod_parent", "lxc", "machine", "user":
		return true
	}
	for _, s := range []string{".slice", ".service", ".mount", ".socket", ".swap", ".scope"} {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// idMatch is one folder whose name carries a matching container ID.
type idMatch struct {
	id    string
	path  string // hierarchy path
	depth int
}

// validContainerID checks the form of an --container-id value (before any walk).
func validContainerID(id string) error {
	if id == "" {
		return fmt.Errorf("--container-id: empty container ID")
	}
	if strings.ContainsAny(id, "/\x00") || id == "." || id == ".." {
		return fmt.Errorf("container %s: not a container ID", id)
	}
	return nil
}

// resolveContainerID returns the hierarchy path of the cgroup of container id (full ID or
// unique prefix). Hierarchies are walked in order: v1 memory, the other v1 controllers the
// suite reads, cgroup2; the first that holds a match decides.
func (v *View) resolveContainerID(id string) (string, error) {
	if err := validContainerID(id); err != nil {
		return "", err
	}
	mi, err := v.fs.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return "", fmt.Errorf("/proc/self/mountinfo: %w", unwrapPathErr(err))
	}
	mounts, err := parseMountinfoFiltered(mi, func(t string) bool { return t == "cgroup" || t == "cgroup2" })
	if err != nil {
		return "", fmt.Errorf("/proc/self/mountinfo: %w", err)
	}
	if len(mounts) == 0 {
		return "", fmt.Errorf("no cgroup filesystem is mounted")
	}
	for _, m := range idWalkOrder(mounts) {
		matches := v.walkContainerIDs(m, id)
		if len(matches) == 0 {
			continue
		}
		return pickContainer(id, matches)
	}
	return "", fmt.Errorf("container %s: no such container", id)
}

// idWalkOrder lists one mount per hierarchy, in the order they are searched.
func idWalkOrder(mounts []mountInfo) []mountInfo {
	rank := func(m mountInfo) int {
		switch {
		case m.FSType == "cgroup" && hasOpt(m.SuperOpts, "memory"):
			return 0
		case m.FSType == "cgroup" && (hasOpt(m.SuperOpts, "cpu") || hasOpt(m.SuperOpts, "cpuacct")):
			return 1
		case m.FSType == "cgroup" && (hasOpt(m.SuperOpts, "cpuset") || hasOpt(m.SuperOpts, "pids") || hasOpt(m.SuperOpts, "blkio")):
			return 2
		case m.FSType == "cgroup2":
			return 3
		}
		return 4 // name=systemd and other v1 hierarchies without a controller the suite reads
	}
	var out []mountInfo
	seen := map[string]int{} // hierarchy key -> index in out
	for _, m := range mounts {
		key := m.FSType + ":" + m.SuperOpts
		if m.FSType == "cgroup2" {
			key = "cgroup2"
		}
		if i, ok := seen[key]; ok {
			// Of two mounts of one hierarchy, the one with the shorter root sees more; then
			// the one under /sys/fs/cgroup.
			o := out[i]
			if len(m.Root) < len(o.Root) || len(m.Root) == len(o.Root) && strings.HasPrefix(m.MountPoint, "/sys/fs/cgroup") && !strings.HasPrefix(o.MountPoint, "/sys/fs/cgroup") {
				out[i] = m
			}
			continue
		}
		seen[key] = len(out)
		out = append(out, m)
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return out
}

// walkContainerIDs walks the hierarchy mounted at m and returns the folders whose container
// ID starts with id (or whose name is exactly id).
func (v *View) walkContainerIDs(m mountInfo, id string) []idMatch {
	type dir struct {
		rel   string // below the mount point, "" for the mount point itself
		depth int
	}
	mp := path.Clean(m.MountPoint)
	var out []idMatch
	queue := []dir{{"", 0}}
	visited := 0
	for len(queue) > 0 && visited < maxIDWalkDirs {
		d := queue[0]
		queue = queue[1:]
		visited++
		subs, err := v.fs.Subdirs(mp + d.rel)
		if err != nil {
			continue
		}
		sort.Strings(subs)
		for _, name := range subs {
			rel := d.rel + "/" + name
			cid, _ := containerIDOf(name)
			switch {
			case cid != "" && strings.HasPrefix(cid, id):
			case name == id && !notContainer(name):
				cid = name
			default:
				cid = ""
			}
			if cid != "" {
				out = append(out, idMatch{id: cid, path: path.Join(m.Root, rel), depth: d.depth + 1})
			}
			if d.depth+1 < maxIDWalkDepth {
				queue = append(queue, dir{rel, d.depth + 1})
			}
		}
	}
	return out
}

// pickContainer chooses among the matches of one hierarchy: an exact ID beats prefixes; one
// ID only, else the prefix is ambiguous; of one ID's folders the shallowest (a container's own
// sub-groups carry no ID, but a nested runtime's may repeat it).
func pickContainer(id string, matches []idMatch) (string, error) {
	var exact []idMatch
	for _, m := range matches {
		if m.id == id {
			exact = append(exact, m)
		}
	}
	if len(exact) > 0 {
		matches = exact
	}
	ids := map[string]bool{}
	var names []string
	for _, m := range matches {
		if !ids[m.id] {
			ids[m.id] = true
			names = append(names, m.id)
		}
	}
	if len(names) > 1 {
		sort.Strings(names)
		short := make([]string, 0, 3)
		for _, n := range names {
			if len(short) == 3 {
				break
			}
			if len(n) > 12 && isHex(n) {
				n = n[:12]
			}
			short = append(short, n)
		}
		more := ""
		if len(names) > len(short) {
			more = fmt.Sprintf(" and %d more", len(names)-len(short))
		}
		return "", fmt.Errorf("container %s: ambiguous ID prefix, matches %s%s", id, strings.Join(short, ", "), more)
	}
	sort.SliceStable(matches, func(i, j int) bool { return matches[i].depth < matches[j].depth })
	if len(matches) > 1 && matches[1].depth == matches[0].depth {
		return "", fmt.Errorf("container %s: found in several cgroups (%s, %s)", id, matches[0].path, matches[1].path)
	}
	return matches[0].path, nil
}
