package profile

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Detect finds the profile of the image under root ("/" for this one): the versions dpkg
// records for procps, sysstat and coreutils (root/var/lib/dpkg/status), each mapped to the
// nearest profile release; a family dpkg does not record (an rpm image, or sysstat not
// installed) takes its release from the distribution of root/etc/os-release (Distros), else
// the default's. how says what decided, for the config file's comment.
func Detect(root string) (p Profile, how string) {
	found := map[string]string{}
	if b, err := os.ReadFile(filepath.Join(root, "var/lib/dpkg/status")); err == nil {
		found = dpkgVersions(string(b), "procps", "sysstat", "coreutils")
	}
	base, distro := Default, ""
	if b, err := os.ReadFile(filepath.Join(root, "etc/os-release")); err == nil {
		if d, ok := osRelease(string(b)); ok {
			base = d.Profile
			distro = d.Name
		}
	}
	p = base
	var parts []string
	if v, ok := found["procps"]; ok {
		p.Procps = procpsFor(v)
		parts = append(parts, "procps "+v)
	}
	if v, ok := found["sysstat"]; ok {
		p.Sysstat = sysstatFor(v)
		parts = append(parts, "sysstat "+v)
	}
	if v, ok := found["coreutils"]; ok {
		p.Coreutils = coreutilsFor(v)
		parts = append(parts, "coreutils "+v)
	}
	switch {
	case len(parts) == 3:
		how = "dpkg: " + strings.Join(parts, ", ")
	case len(parts) > 0 && distro != "":
		how = "dpkg: " + strings.Join(parts, ", ") + "; the rest from /etc/os-release: " + distro
	case len(parts) > 0:
		how = "dpkg: " + strings.Join(parts, ", ") + "; the rest the default's"
	case distro != "":
		how = "/etc/os-release: " + distro
	default:
		how = "no package records and no known /etc/os-release: the default"
	}
	return p, how
}

// dpkgVersions returns the Version of each named package dpkg's status file records as
// installed ("install ok installed").
func dpkgVersions(status string, names ...string) map[string]string {
	out := map[string]string{}
	for _, stanza := range strings.Split(status, "\n\n") {
		var pkg, ver, state string
		for _, line := range strings.Split(stanza, "\n") {
			k, v, ok := strings.Cut(line, ":")
			if !ok || strings.HasPrefix(line, " ") {
				continue
			}
			v = strings.TrimSpace(v)
			switch k {
			case "Package":
				pkg = v
			case "Version":
				ver = v
			case "Status":
				state = v
			}
		}
		if state != "install ok installed" || ver == "" {
			continue
		}
		for _, n := range names {
			if pkg == n {
				out[n] = ver
			}
		}
	}
	return out
}

// upstream is the upstream numbers of a Debian version: "2:4.0.2-3" → [4 0 2].
func upstream(v string) []int {
	if i := strings.IndexByte(v, ':'); i >= 0 {
		v = v[i+1:]
	}
	if i := strings.LastIndexByte(v, '-'); i >= 0 {
		v = v[:i]
	}
	var nums []int
	for _, f := range strings.Split(v, ".") {
		end := 0
		for end < len(f) && f[end] >= '0' && f[end] <= '9' {
			end++
		}
		n, err := strconv.Atoi(f[:end])
		if err != nil {
			break
		}
		nums = append(nums, n)
		if end < len(f) {
			break
		}
	}
	return nums
}

// less reports whether version a sorts before b (missing numbers are 0).
func less(a []int, b ...int) bool {
	for i := range b {
		x := 0
		if i < len(a) {
			x = a[i]
		}
		if x != b[i] {
			return x < b[i]
		}
	}
	return false
}

func procpsFor(v string) Procps {
	n := upstream(v)
	switch {
	case less(n, 4):
		return Procps3_3_17
	case less(n, 4, 0, 4):
		return Procps4_0_2
	}
	return Procps4_0_4
}

func sysstatFor(v string) Sysstat {
	n := upstream(v)
	switch {
	case less(n, 12, 6):
		return Sysstat12_5
	case less(n, 12, 7):
		return Sysstat12_6
	}
	return Sysstat12_7
}

func coreutilsFor(v string) Coreutils {
	n := upstream(v)
	switch {
	case less(n, 9):
		return Coreutils8_32
	case less(n, 9, 5):
		return Coreutils9_1
	}
	return Coreutils9_7
}

// osRelease maps an os-release file's ID (or ID_LIKE) and VERSION_ID to a Distros entry:
// debian 11-13, ubuntu 22.04 and 24.04, and the RHEL 9 family (rhel, rocky, almalinux,
// centos, ol).
func osRelease(text string) (d struct {
	Name    string
	Profile Profile
}, ok bool) {
	kv := map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok {
			kv[k] = strings.Trim(v, `"'`)
		}
	}
	id, ver := kv["ID"], kv["VERSION_ID"]
	major, _, _ := strings.Cut(ver, ".")
	var name string
	switch id {
	case "debian":
		name = "debian" + major
	case "ubuntu":
		name = "ubuntu" + ver
	case "rhel", "rocky", "almalinux", "centos", "ol":
		name = "rhel" + major
	default:
		if strings.Contains(" "+kv["ID_LIKE"]+" ", " rhel ") {
			name = "rhel" + major
		}
	}
	p, ok := Distro(name)
	if !ok {
		return d, false
	}
	d.Name, d.Profile = name, p
	return d, true
}

// ConfigText is the config file --install writes: a comment naming how the profile was
// found, then the profile.
func ConfigText(p Profile, how string) string {
	return "# cgprocps version profile (docs/profiles.md), found by cgprocps (--install or the package) from " + how + "\n" +
		"# CGPROCPS_PROFILE overrides it; edit or remove this file to choose another.\n" +
		p.String() + "\n"
}
