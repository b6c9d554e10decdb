package e2e

// TestRuncCgroupV1 proves, in a real OCI container on this cgroup v1 host, what a user of
// `docker run -m 512m --memory-swap 768m --cpus 1.5` gets from the static binary:
//
//   - the rootfs holds nothing but the binary (plus empty proc, sys, dev, tmp, out, run): it needs
//     no libc, no shell, no /etc;
//   - `cgprocps free -b` shows the memory limit as the Mem total (536870912) and
//     min(memory+swap − memory, host SwapTotal) as the Swap total;
//   - `cgprocps uptime -p` shows the container's age (`up 0 minutes`), not the host's, both when
//     run as the container's PID 1 and when exec'd next to it;
//   - `cgprocps procfs /out/...` renders a view with MemTotal 524288 kB and
//     `sys/devices/system/cpu/online` = `0-1` (1.5 CPUs shown as 2), with every file procfs owes;
//   - the real procps `free -b`, run on the host over that view (test/oracle/procref),
//     prints the container's totals, the same totals as the in-container run, and the same text
//     as an in-container `free -b` run between two renderings (procfs A, free -b, procfs B; one
//     retry round when neither view matches byte for byte). Memory always moves a little
//     between two processes in the group (each is charged for itself), so without a
//     byte-for-byte match the layout and totals must still be identical and the moving columns
//     within moveTolerance (check_test.go).
//
// The container: `runc create` (init = `cgprocps uptime -p`, held by runc until `runc start`),
// `runc exec` for every other command (as `docker exec` does), then `runc start`, and always
// `runc delete -f` plus removal of its cgroups, also when the test fails. Names:
// cgprocps-e2e-<test pid>-<random>; stale ones of dead test processes are removed first.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

const (
	v1MemLimit  = 536870912 // 512 MiB
	v1MemswLim  = 805306368 // 768 MiB memory+swap
	v1CPUQuota  = 150000
	v1CPUPeriod = 100000
	namePrefix  = "cgprocps-e2e-"
)

// Minimal OCI runtime-spec types: only the fields this test writes.
type ociSpec struct {
	OCIVersion string     `json:"ociVersion"`
	Process    ociProcess `json:"process"`
	Root       ociRoot    `json:"root"`
	Hostname   string     `json:"hostname"`
	Mounts     []ociMount `json:"mounts"`
	Linux      ociLinux   `json:"linux"`
}

type ociProcess struct {
	Terminal        bool     `json:"terminal"`
	User            ociUser  `json:"user"`
	Args            []string `json:"args"`
	Env             []string `json:"env"`
	Cwd             string   `json:"cwd"`
	Capabilities    ociCaps  `json:"capabilities"`
	NoNewPrivileges bool     `json:"noNewPrivileges"`
}

type ociUser struct {
	UID uint32 `json:"uid"`
	GID uint32 `json:"gid"`
}

type ociCaps struct {
	Bounding  []string `json:"bounding"`
	Effective []string `json:"effective"`
	Permitted []string `json:"permitted"`
}

type ociRoot struct {
	Path     string `json:"path"`
	Readonly bool   `json:"readonly"`
}

type ociMount struct {
	Destination string   `json:"destination"`
	Type        string   `json:"type"`
	Source      string   `json:"source"`
	Options     []string `json:"options,omitempty"`
}

type ociLinux struct {
	Resources     ociResources   `json:"resources"`
	CgroupsPath   string         `json:"cgroupsPath"`
	Namespaces    []ociNamespace `json:"namespaces"`
	MaskedPaths   []string       `json:"maskedPaths"`
	ReadonlyPaths []string       `json:"readonlyPaths"`
}

type ociResources struct {
	Devices []ociDevice `json:"devices"`
	Memory  ociMemory   `json:"memory"`
	CPU     ociCPU      `json:"cpu"`
}

type ociDevice struct {
	Allow  bool   `json:"allow"`
	Access string `json:"access"`
}

type ociMemory struct {
	Limit int64 `json:"limit"`
	Swap  int64 `json:"swap"` // memory+swap, as Docker's --memory-swap
}

type ociCPU struct {
	Quota  int64  `json:"quota"`
	Period uint64 `json:"period"`
}

type ociNamespace struct {
	Type string `json:"type"`
}

// dockerCaps is Docker's default capability set.
var dockerCaps = []string{
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
	"CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
	"CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
}

func containerSpec(cgroupsPath, outDir string, args []string) ociSpec {
	return ociSpec{
		OCIVersion: "1.0.2",
		Process: ociProcess{
			Args: args,
			Env:  []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
			Cwd:  "/",
			Capabilities: ociCaps{
				Bounding: dockerCaps, Effective: dockerCaps, Permitted: dockerCaps,
			},
			NoNewPrivileges: true,
		},
		Root:     ociRoot{Path: "rootfs"},
		Hostname: "cgprocps-e2e",
		Mounts: []ociMount{
			{Destination: "/proc", Type: "proc", Source: "proc", Options: []string{"nosuid", "noexec", "nodev"}},
			{Destination: "/dev", Type: "tmpfs", Source: "tmpfs", Options: []string{"nosuid", "strictatime", "mode=755", "size=65536k"}},
			{Destination: "/dev/pts", Type: "devpts", Source: "devpts", Options: []string{"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}},
			{Destination: "/dev/shm", Type: "tmpfs", Source: "shm", Options: []string{"nosuid", "noexec", "nodev", "mode=1777", "size=65536k"}},
			{Destination: "/dev/mqueue", Type: "mqueue", Source: "mqueue", Options: []string{"nosuid", "noexec", "nodev"}},
			{Destination: "/sys", Type: "sysfs", Source: "sysfs", Options: []string{"nosuid", "noexec", "nodev", "ro"}},
			// As Docker on cgroup v1: each hierarchy bind-mounted read-only at its own
			// /sys/fs/cgroup/<controller>, rooted at the container's group.
			{Destination: "/sys/fs/cgroup", Type: "cgroup", Source: "cgroup", Options: []string{"nosuid", "noexec", "nodev", "relatime", "ro"}},
			{Destination: "/out", Type: "bind", Source: outDir, Options: []string{"rbind", "rw"}},
		},
		Linux: ociLinux{
			Resources: ociResources{
				Devices: []ociDevice{{Allow: false, Access: "rwm"}},
				Memory:  ociMemory{Limit: v1MemLimit, Swap: v1MemswLim},
				CPU:     ociCPU{Quota: v1CPUQuota, Period: v1CPUPeriod},
			},
			CgroupsPath: cgroupsPath,
			Namespaces: []ociNamespace{
				{Type: "pid"}, {Type: "network"}, {Type: "ipc"}, {Type: "uts"}, {Type: "mount"},
			},
			MaskedPaths: []string{
				"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
				"/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi",
			},
			ReadonlyPaths: []string{
				"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
			},
		},
	}
}

// cgroupV1Dirs lists /sys/fs/cgroup/<hierarchy>/<name> for every mounted hierarchy (v1 and
// the hybrid layout's unified one, where runc also makes a group) where it exists.
func cgroupV1Dirs(name string) []string {
	var dirs []string
	ents, _ := os.ReadDir("/sys/fs/cgroup")
	for _, e := range ents {
		d := filepath.Join("/sys/fs/cgroup", e.Name(), name)
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			dirs = append(dirs, d)
		}
	}
	return dirs
}

// ownerAlive tells whether the test process whose PID is in name (cgprocps-e2e-PID-RAND)
// still runs; names that do not parse count as alive (left alone).
func ownerAlive(name string) bool {
	rest := strings.TrimPrefix(name, namePrefix)
	pidStr, _, ok := strings.Cut(rest, "-")
	if !ok {
		return true
	}
	pid, err := strconv.Atoi(pidStr)
	if err != nil {
		return true
	}
	_, err = os.Stat(fmt.Sprintf("/proc/%d", pid))
	return err == nil
}

// removeGroup ends the processes left in our own group name (they can only be this test's),
// then removes its folder in every hierarchy. It returns what could not be removed.
func removeGroup(name string) []string {
	var left []string
	for _, d := range cgroupV1Dirs(name) {
		for try := 0; try < 50; try++ {
			b, _ := os.ReadFile(filepath.Join(d, "cgroup.procs"))
			for _, f := range strings.Fields(string(b)) {
				if pid, err := strconv.Atoi(f); err == nil && pid > 1 {
					_ = syscallKill(pid)
				}
			}
			if err := os.Remove(d); err == nil || os.IsNotExist(err) {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		if _, err := os.Stat(d); err == nil {
			left = append(left, d)
		}
	}
	return left
}

// deleteContainer runs runc delete -f and removes the container's cgroups.
func deleteContainer(t *testing.T, runc, id string) {
	t.Helper()
	if r := run(30*time.Second, runc, "state", id); r.err == nil {
		if r := run(30*time.Second, runc, "delete", "-f", id); r.err != nil {
			t.Errorf("cleanup: %s", r)
		}
	}
	if r := run(10*time.Second, runc, "state", id); r.err == nil {
		t.Errorf("cleanup: container %s still exists after runc delete -f", id)
	}
	if left := removeGroup(id); len(left) > 0 {
		t.Errorf("cleanup: cgroup folders left behind: %v", left)
	}
}

// sweepStale removes containers and cgroups named cgprocps-e2e-PID-* of test processes that
// no longer run (a test binary killed by -timeout never runs its cleanups).
func sweepStale(t *testing.T, runc string) {
	t.Helper()
	r := run(30*time.Second, runc, "list", "-q")
	if r.err == nil {
		for _, id := range strings.Fields(r.stdout) {
			if strings.HasPrefix(id, namePrefix) && !ownerAlive(id) {
				t.Logf("removing stale container %s", id)
				run(30*time.Second, runc, "delete", "-f", id)
			}
		}
	}
	ents, _ := os.ReadDir("/sys/fs/cgroup")
	for _, h := range ents {
		subs, _ := os.ReadDir(filepath.Join("/sys/fs/cgroup", h.Name()))
		for _, s := range subs {
			if s.IsDir() && strings.HasPrefix(s.Name(), namePrefix) && !ownerAlive(s.Name()) {
				t.Logf("removing stale cgroup %s", s.Name())
				removeGroup(s.Name())
			}
		}
	}
}

type runcState struct {
	Status string `json:"status"`
	Pid    int    `json:"pid"`
}

func containerState(runc, id string) (runcState, error) {
	var st runcState
	r := run(30*time.Second, runc, "state", id)
	if r.err != nil {
		return st, fmt.Errorf("%s", r)
	}
	err := json.Unmarshal([]byte(r.stdout), &st)
	return st, err
}

func TestRuncCgroupV1(t *testing.T) {
	requireE2E(t)
	runc := lookRunc(t)
	if _, err := os.Stat("/sys/fs/cgroup/memory/memory.limit_in_bytes"); err != nil {
		t.Skip("e2e: not a cgroup v1 host (no /sys/fs/cgroup/memory/memory.limit_in_bytes)")
	}
	if _, err := os.Stat("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes"); err != nil {
		t.Skip("e2e: cgroup v1 swap accounting is off (no memory.memsw.limit_in_bytes); the swap limit cannot be set")
	}
	bin := binary(t)
	start := time.Now()
	defer func() { t.Logf("TestRuncCgroupV1 took %v", time.Since(start).Round(time.Millisecond)) }()

	sweepStale(t, runc)

	// ---- bundle: rootfs with the binary only, config.json, host folder for /out
	id := containerName()
	dir := t.TempDir()
	bdl := newBundle(t, dir, map[string]string{bin: "cgprocps"})
	outDir := bdl.out
	bdl.writeConfig(t, "/"+id, []string{"/cgprocps", "uptime", "-p"}, nil)

	// ---- create: init (PID 1 of its own PID namespace) waits for runc start
	initOut, err := os.Create(filepath.Join(dir, "init.stdout"))
	if err != nil {
		t.Fatal(err)
	}
	defer initOut.Close()
	initErr, err := os.Create(filepath.Join(dir, "init.stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer initErr.Close()
	bdl.start(t, runc, id, false, initOut, initErr)
	created := time.Now()
	t.Logf("container %s created (cgroup /%s)", id, id)

	inCtr := func(args ...string) result {
		return run(60*time.Second, runc, append([]string{"exec", id, "/cgprocps"}, args...)...)
	}

	// ---- rig check: the binary runs in the container
	if r := inCtr("--list"); r.err != nil || !strings.Contains(r.stdout, "free\n") {
		t.Fatalf("rig: the binary does not run in the container:\n%s", r)
	}

	// ---- everything the container says, as early as possible (its age is what uptime shows)
	upExec := inCtr("uptime", "-p")
	free1 := inCtr("free", "-b")
	rounds := []*freeRound{newFreeRound(inCtr, outDir, 1)}

	// Real free over the views, now: a retry round needs the container before runc start.
	procref, noProcref := findProcref(t)
	if procref != "" {
		rounds[0].compare(procref)
		if r := rounds[0]; !r.match && r.ok() && r.oracleErr == "" {
			rounds = append(rounds, newFreeRound(inCtr, outDir, 2))
			rounds[1].compare(procref)
		}
	}

	// ---- the load average: without a sampler all three averages are the instantaneous count of
	// running threads, the reading uptime itself included (>= 1.00); with `cgprocps loadavgd`
	// running in the container, its sample (it leaves itself out: 0.00 in this idle container).
	loadNoSampler := inCtr("uptime")
	// Detached, it keeps whatever output it is given open: /dev/null, not run()'s pipes.
	if err := command(t.Context(), runc, "exec", "-d", "--env", "CGPROCPS_STATE_DIR=/tmp", id, "/cgprocps", "loadavgd").Run(); err != nil {
		t.Errorf("runc exec -d ... loadavgd: %v", err)
	}
	var loadSampled result
	for deadline := time.Now().Add(10 * time.Second); ; {
		loadSampled = run(30*time.Second, runc, "exec", "--env", "CGPROCPS_STATE_DIR=/tmp", id, "/cgprocps", "uptime")
		if strings.Contains(loadSampled.stdout, "load average: 0.00, 0.00, 0.00") || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	stateFiles, _ := filepath.Glob(filepath.Join(bdl.rootfs, "tmp", "loadavg-*"))

	// ---- start the init: PID 1 runs `cgprocps uptime -p` and exits
	var upInit string
	if r := run(30*time.Second, runc, "start", id); r.err != nil {
		t.Errorf("runc start:\n%s", r)
	} else {
		deadline := time.Now().Add(20 * time.Second)
		for {
			st, err := containerState(runc, id)
			if err != nil || st.Status == "stopped" {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("container init still %s 20 s after runc start", st.Status)
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		o, _ := os.ReadFile(initOut.Name())
		e, _ := os.ReadFile(initErr.Name())
		upInit = string(o)
		if len(e) > 0 {
			t.Logf("init (cgprocps uptime -p as PID 1) stderr: %s", e)
		}
	}
	age := time.Since(created)
	hostUp := run(10*time.Second, "uptime", "-p")
	hostSecs := hostUptime(t)
	t.Logf("container age when its init ran: %v", age.Round(time.Millisecond))

	hostSwapKB, err := meminfoKB("/proc/meminfo", "SwapTotal")
	if err != nil {
		t.Fatal(err)
	}
	wantSwap := min(uint64(v1MemswLim-v1MemLimit), hostSwapKB*1024)

	t.Run("free", func(t *testing.T) {
		checkFreeTotals(t, free1, v1MemLimit, wantSwap,
			fmt.Sprintf("min(memsw %d - mem %d, host SwapTotal %d kB)", v1MemswLim, v1MemLimit, hostSwapKB))
	})

	t.Run("uptime", func(t *testing.T) {
		const want = "up 0 minutes\n"
		if upExec.err != nil {
			t.Errorf("cgprocps uptime -p (runc exec) failed:\n%s", upExec)
		} else if upExec.stdout != want {
			t.Errorf("cgprocps uptime -p (runc exec) = %q, want %q", upExec.stdout, want)
		}
		if upInit != want {
			t.Errorf("cgprocps uptime -p as the container's PID 1 (%v after create) = %q, want %q",
				age.Round(time.Millisecond), upInit, want)
		}
		if hostUp.err != nil {
			t.Logf("host uptime -p: %s", hostUp)
		} else if hostSecs >= 60 && upExec.stdout == hostUp.stdout {
			t.Errorf("container uptime %q equals the host's (host up %.0f s): the host's uptime leaks", upExec.stdout, hostSecs)
		}
	})

	t.Run("loadavg", func(t *testing.T) {
		fallback := regexp.MustCompile(`load average: ([1-9]\d*)\.00, ([1-9]\d*)\.00, ([1-9]\d*)\.00\n$`)
		if m := fallback.FindStringSubmatch(loadNoSampler.stdout); m == nil || m[1] != m[2] || m[2] != m[3] {
			t.Errorf("no sampler: want the instantaneous count (>= 1, itself) three times, got %q (%v)", loadNoSampler.stdout, loadNoSampler.err)
		}
		if !strings.Contains(loadSampled.stdout, "load average: 0.00, 0.00, 0.00") {
			t.Errorf("with loadavgd running: want its sample 0.00 three times, got %q (%v)", loadSampled.stdout, loadSampled.err)
		}
		if len(stateFiles) != 1 {
			t.Errorf("want one sampler state file in the container's /tmp, found %v", stateFiles)
		}
	})

	t.Run("procfs", func(t *testing.T) {
		checkRenderedView(t, rounds[0].procfsA, rounds[0].viewA, v1MemLimit)
	})

	t.Run("oracle", func(t *testing.T) {
		if procref == "" {
			t.Skip("e2e: " + noProcref)
		}
		checkOracle(t, free1, rounds, v1MemLimit, wantSwap)
	})
}

func syscallKill(pid int) error {
	p, err := os.FindProcess(pid)
	if err != nil {
		return err
	}
	return p.Kill()
}
