package cgview

import (
	"strings"
	"testing"
)

// --container-id over cgroup trees laid out as Docker, containerd/CRI, CRI-O, Podman and runc
// lay them out, on cgroup v2, v1 and hybrid hosts.

const (
	idA = "3f2a9c1b7d4e5f60718293a4b5c6d7e8f9011223344556677889900aabbccdde"
	idB = "3f2a11d2e3f4a5b6c7d8e9f00112233445566778899aabbccddeeff001122334"
	idC = "c0ffee00112233445566778899aabbccddeeff00112233445566778899aabbcc"
)

const v2Mounts = "20 1 0:20 / /proc rw - proc proc rw\n" +
	"30 1 0:30 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw\n"

func TestContainerIDOf(t *testing.T) {
	for name, want := range map[string]string{
		"docker-" + idA + ".scope":                idA,
		"cri-containerd-" + idA + ".scope":        idA,
		"crio-" + idA + ".scope":                  idA,
		"libpod-" + idA + ".scope":                idA,
		"libpod-" + idA:                           idA,
		"runc-mybox.scope":                        "mybox",
		idA:                                       idA,
		"0123456789ab":                            "0123456789ab",
		"0123456789a":                             "", // too short for a bare hex ID
		"libpod-conmon-" + idA + ".scope":         "", // the monitor, not the container
		"crio-conmon-" + idA + ".scope":           "",
		"system.slice":                            "",
		"kubepods-burstable-pod1234.slice":        "",
		"pod0f1e2d3c-aaaa-bbbb-cccc-0123456789ab": "",
		"init.scope":                              "",
		"docker.service":                          "",
		"ABCDEF0123456789":                        "", // runtimes write lower-case hex
		"docker-":                                 "",
		idA + ".scope":                            "",
		"user@1000.service":                       "",
		"libpod_parent":                           "",
		"session-3.scope":                         "",
		"cri-containerd-x.scope":                  "x",
		"containerd-" + idA[:12]:                  idA[:12],
	} {
		got, _ := containerIDOf(name)
		if got != want {
			t.Errorf("containerIDOf(%q) = %q, want %q", name, got, want)
		}
	}
}

// v2 layouts: one tree per runtime, each with idA's cgroup (a 256 MiB limit) among others.
func TestContainerIDLayoutsV2(t *testing.T) {
	cg := "/sys/fs/cgroup"
	layouts := []struct {
		name string
		path string // idA's hierarchy path
		more []string
	}{
		{"docker cgroupfs", "/docker/" + idA, []string{"/docker/" + idC}},
		{"docker systemd", "/system.slice/docker-" + idA + ".scope", []string{"/system.slice/docker-" + idC + ".scope", "/system.slice/docker.service", "/system.slice/containerd.service"}},
		{"cri systemd", "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0f1e2d3c_aaaa_bbbb_cccc_0123456789ab.slice/cri-containerd-" + idA + ".scope",
			[]string{"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0f1e2d3c_aaaa_bbbb_cccc_0123456789ab.slice/cri-containerd-" + idC + ".scope"}},
		{"cri cgroupfs guaranteed", "/kubepods/pod0f1e2d3c-aaaa-bbbb-cccc-0123456789ab/" + idA, []string{"/kubepods/pod0f1e2d3c-aaaa-bbbb-cccc-0123456789ab/" + idC}},
		{"cri cgroupfs besteffort", "/kubepods/besteffort/pod0f1e2d3c-aaaa-bbbb-cccc-0123456789ab/" + idA, []string{"/kubepods/burstable/pod11111111-2222-3333-4444-555555555555/" + idC}},
		{"crio systemd", "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod0f1e2d3c_aaaa.slice/crio-" + idA + ".scope",
			[]string{"/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod0f1e2d3c_aaaa.slice/crio-conmon-" + idA + ".scope"}},
		{"podman systemd", "/machine.slice/libpod-" + idA + ".scope", []string{"/machine.slice/libpod-conmon-" + idA + ".scope", "/machine.slice/libpod-" + idC + ".scope"}},
		{"podman rootless", "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + idA + ".scope",
			[]string{"/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-conmon-" + idA + ".scope", "/user.slice/user-1000.slice/session-2.scope"}},
		{"podman cgroupfs", "/libpod_parent/libpod-" + idA, []string{"/libpod_parent/conmon", "/libpod_parent/libpod-" + idC}},
		{"runc systemd", "/system.slice/runc-" + idA + ".scope", nil},
	}
	for _, l := range layouts {
		t.Run(l.name, func(t *testing.T) {
			tree := merge(hostBase(), map[string]string{
				"/proc/self/mountinfo":                           v2Mounts,
				"/proc/self/cgroup":                              "0::/user.slice/user-0.slice/session-1.scope\n",
				cg + "/user.slice/user-0.slice/session-1.scope/": "",
				cg + l.path + "/memory.max":                      "268435456\n",
				cg + l.path + "/memory.current":                  "104857600\n",
				cg + l.path + "/memory.stat":                     "anon 52428800\nfile 52428800\nshmem 0\nactive_file 20971520\ninactive_file 31457280\n",
				cg + l.path + "/cgroup.procs":                    "",
				cg + l.path + "/container/":                      "", // podman's and systemd's sub-groups: no ID
			})
			for _, p := range l.more {
				tree[cg+p+"/"] = ""
			}
			root := writeTree(t, tree)
			for _, q := range []string{idA, idA[:12], idA[:5]} {
				v, warn := openTree(t, root, Options{ContainerID: q})
				if v.opt.Cgroup != l.path {
					t.Errorf("%s: resolved to %q, want %q", q, v.opt.Cgroup, l.path)
				}
				if !v.Container() {
					t.Errorf("%s: want container mode", q)
				}
				checkFields(t, mustMem(t, v), map[MemKey]uint64{MemTotal: 262144, MemFree: 262144 - 102400})
				if warn.Len() != 0 {
					t.Errorf("%s: warnings: %s", q, warn)
				}
			}
			// --host with an ID: the host's numbers (the ID is still checked).
			v, _ := openTree(t, root, Options{ContainerID: idA[:12], Mode: ModeHost})
			if v.Container() {
				t.Error("--host --container-id: want host mode")
			}
			checkFields(t, mustMem(t, v), map[MemKey]uint64{MemTotal: 16384000})
		})
	}
}

func TestContainerIDErrors(t *testing.T) {
	cg := "/sys/fs/cgroup"
	root := writeTree(t, merge(hostBase(), map[string]string{
		"/proc/self/mountinfo":                         v2Mounts,
		"/proc/self/cgroup":                            "0::/\n",
		cg + "/system.slice/docker-" + idA + ".scope/": "",
		cg + "/system.slice/docker-" + idB + ".scope/": "",
		cg + "/system.slice/docker-" + idC + ".scope/": "",
		cg + "/system.slice/docker.service/":           "",
		cg + "/docker/":                                "",
		cg + "/mybox/":                                 "",
		cg + "/twice/a/0123456789abcdef/":              "",
		cg + "/twice/b/0123456789abcdef/":              "",
	}))
	for _, tc := range []struct{ id, err, path string }{
		{"3f2a", "container 3f2a: ambiguous ID prefix, matches 3f2a11d2e3f4, 3f2a9c1b7d4e", ""},
		{"3f2a9", "", "/system.slice/docker-" + idA + ".scope"},
		{"3f2a1", "", "/system.slice/docker-" + idB + ".scope"},
		{"c0f", "", "/system.slice/docker-" + idC + ".scope"},
		{"deadbeef", "container deadbeef: no such container", ""},
		{idA + "0", "container " + idA + "0: no such container", ""},
		{"mybox", "", "/mybox"},                           // runc: any name, exact
		{"mybo", "container mybo: no such container", ""}, // not hex: no prefix match on bare names
		{"docker", "container docker: no such container", ""},
		{"docker.service", "container docker.service: no such container", ""},
		{"system.slice", "container system.slice: no such container", ""},
		{"a/b", "container a/b: not a container ID", ""},
		{"..", "container ..: not a container ID", ""},
		{"0123456789ab", "container 0123456789ab: found in several cgroups (/twice/a/0123456789abcdef, /twice/b/0123456789abcdef)", ""},
	} {
		v, err := Open(Options{Root: root, ContainerID: tc.id, Warn: new(strings.Builder)})
		switch {
		case tc.err != "":
			if err == nil || err.Error() != tc.err {
				t.Errorf("%s: err %v, want %q", tc.id, err, tc.err)
			}
		case err != nil:
			t.Errorf("%s: %v", tc.id, err)
		case v.opt.Cgroup != tc.path:
			t.Errorf("%s: resolved to %q, want %q", tc.id, v.opt.Cgroup, tc.path)
		}
	}
	// More than three matches: three are named.
	tree := map[string]string{"/proc/self/mountinfo": v2Mounts}
	for _, c := range []string{"1", "2", "3", "4", "5"} {
		tree[cg+"/docker/ab"+c+"000000000000/"] = ""
	}
	_, err := Open(Options{Root: writeTree(t, tree), ContainerID: "ab"})
	if want := "container ab: ambiguous ID prefix, matches ab1000000000, ab2000000000, ab3000000000 and 2 more"; err == nil || err.Error() != want {
		t.Errorf("five matches: %v, want %q", err, want)
	}
	// No cgroup hierarchy at all.
	_, err = Open(Options{Root: writeTree(t, map[string]string{"/proc/self/mountinfo": "20 1 0:20 / /proc rw - proc proc rw\n"}), ContainerID: "ab"})
	if err == nil || err.Error() != "no cgroup filesystem is mounted" {
		t.Errorf("no hierarchy: %v", err)
	}
}

// v1 (co-mounted cpu,cpuacct) and hybrid: Docker's cgroupfs driver makes the folder in every
// controller; the memory hierarchy is searched first, and the limits of every controller apply.
func TestContainerIDV1Hybrid(t *testing.T) {
	cg := "/sys/fs/cgroup"
	d := "/docker/" + idA
	tree := merge(hostBase(), map[string]string{
		"/proc/self/mountinfo":                                 v1MountsComounted,
		"/proc/self/cgroup":                                    "4:memory:/user.slice\n3:cpuset:/\n2:cpu,cpuacct:/user.slice\n0::/user.slice\n",
		cg + "/memory/memory.limit_in_bytes":                   "9223372036854771712\n",
		cg + "/memory" + d + "/memory.limit_in_bytes":          "536870912\n",
		cg + "/memory" + d + "/memory.usage_in_bytes":          "104857600\n",
		cg + "/memory" + d + "/memory.stat":                    "total_cache 0\ntotal_rss 104857600\n",
		cg + "/memory/docker/" + idC + "/":                     "",
		cg + "/cpu,cpuacct" + d + "/cpu.cfs_quota_us":          "150000\n",
		cg + "/cpu,cpuacct" + d + "/cpu.cfs_period_us":         "100000\n",
		cg + "/cpu,cpuacct" + d + "/cpuacct.stat":              "user 10\nsystem 5\n",
		cg + "/cpu,cpuacct" + d + "/cgroup.procs":              "",
		cg + "/cpuset" + d + "/cpuset.cpus":                    "0-3\n",
		cg + "/unified/system.slice/docker-" + idB + ".scope/": "", // only in cgroup2: found after v1
	})
	root := writeTree(t, tree)
	v, warn := openTree(t, root, Options{ContainerID: idA[:8]})
	if v.opt.Cgroup != d {
		t.Fatalf("resolved to %q, want %q", v.opt.Cgroup, d)
	}
	checkFields(t, mustMem(t, v), map[MemKey]uint64{MemTotal: 524288, MemFree: 524288 - 102400})
	if c := v.CPU(); c.Capacity != 1.5 || c.UserTicks != 10 {
		t.Errorf("capacity %v user ticks %d, want 1.5 10", c.Capacity, c.UserTicks)
	}
	if warn.Len() != 0 {
		t.Errorf("warnings: %s", warn)
	}
	// A container only the unified hierarchy holds.
	v, _ = openTree(t, root, Options{ContainerID: "3f2a1"})
	if want := "/system.slice/docker-" + idB + ".scope"; v.opt.Cgroup != want {
		t.Errorf("unified only: resolved to %q, want %q", v.opt.Cgroup, want)
	}
}

// Inside a container with a cgroup namespace, or with Docker's v1 bind mounts, the mount's
// root is not the hierarchy's: the resolved path is the hierarchy path (root + folder).
func TestContainerIDMountRoot(t *testing.T) {
	tree := merge(hostBase(), map[string]string{
		"/proc/self/mountinfo": "20 1 0:20 / /proc rw - proc proc rw\n" +
			"31 30 0:31 /kubepods/podx /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory\n",
		"/proc/self/cgroup": "3:memory:/kubepods/podx/" + idC + "\n",
		"/sys/fs/cgroup/memory/" + idA + "/memory.limit_in_bytes": "268435456\n",
		"/sys/fs/cgroup/memory/" + idC + "/":                      "",
	})
	v, _ := openTree(t, writeTree(t, tree), Options{ContainerID: idA[:12]})
	if want := "/kubepods/podx/" + idA; v.opt.Cgroup != want {
		t.Errorf("resolved to %q, want %q", v.opt.Cgroup, want)
	}
	checkFields(t, mustMem(t, v), map[MemKey]uint64{MemTotal: 262144})
}

func TestIDWalkOrder(t *testing.T) {
	ms, err := parseMountinfoFiltered([]byte("36 1 0:32 /docker /mnt/memory rw - cgroup cgroup rw,memory\n"+v1MountsComounted+
		"35 30 0:35 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd\n"),
		func(t string) bool { return t == "cgroup" || t == "cgroup2" })
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range idWalkOrder(ms) {
		got = append(got, m.MountPoint)
	}
	want := "/sys/fs/cgroup/memory /sys/fs/cgroup/cpu,cpuacct /sys/fs/cgroup/cpuset /sys/fs/cgroup/unified /sys/fs/cgroup/systemd"
	if strings.Join(got, " ") != want {
		t.Errorf("walk order %v, want %s", got, want)
	}
}

func FuzzContainerIDOf(f *testing.F) {
	for _, s := range []string{"docker-" + idA + ".scope", "libpod-conmon-x.scope", idA, "runc-.scope", "crio-", ".scope"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		id, _ := containerIDOf(name)
		if id != "" && !strings.Contains(name, id) {
			t.Errorf("containerIDOf(%q) = %q, not part of the name", name, id)
		}
		if strings.HasPrefix(id, "conmon-") || id == "conmon" {
			t.Errorf("containerIDOf(%q) = %q: a conmon scope", name, id)
		}
	})
}
