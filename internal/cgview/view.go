// Package cgview finds the cgroup of a process, reads its cgroup v1 or v2 files and the host's
// /proc files, and yields the container's view of the machine: memory, swap, CPU capacity and
// usage, uptime, load and processes (see docs/architecture.md and
// docs/semantics.md). It also renders that view as /proc-format files
// (procfs.go). It never formats anything for a particular tool.
//
// Every /proc and /sys read goes through internal/machine rooted at CGPROCPS_ROOT (default
// /), so a captured fixture is the machine; FS hands that reader to a tool's collecting code.
package cgview

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/cgprocps/cgprocps/internal/machine"
)

// ModeChoice says how the container/host decision is made.
type ModeChoice int

const (
	// ModeAuto decides by the rules of docs/semantics.md "Container mode or host mode".
	ModeAuto ModeChoice = iota
	// ModeHost forces host mode: every value is the host's file as the kernel wrote it.
	ModeHost
	// ModeContainer forces container mode for the selected cgroup.
	ModeContainer
)

// Options selects the root, the cgroup and the mode of a View.
type Options struct {
	// Root replaces / for every /proc and /sys read. Empty: $CGPROCPS_ROOT, else /.
	Root string
	// Mode forces host or container mode; ModeAuto decides from the cgroup.
	Mode ModeChoice
	// Cgroup, when set, selects another cgroup: a cgroup directory (absolute path to a folder
	// under a cgroup mount, as seen without Root) or a path inside the hierarchy ("/a/b").
	Cgroup string
	// PID, when > 0, selects the cgroup that process is in (/proc/PID/cgroup).
	PID int
	// ContainerID, when set, selects a container's cgroup by its runtime ID (Docker,
	// containerd/CRI, Podman, runc; full ID or unique prefix; containerid.go). Open resolves
	// it to Cgroup; without ModeHost it implies ModeContainer (what the container sees).
	ContainerID string
	// Warn receives warnings, one line each, prefixed with Prog. Nil: os.Stderr.
	Warn io.Writer
	// Prog names the tool in warnings ("free").
	Prog string
}

// View is one process's (or one named cgroup's) view of the machine. Methods compute their
// part on first use and cache it, so a tool pays only for the files it needs.
type View struct {
	fs        *machine.FS
	opt       Options
	cg        *cgroupSet // nil when no cgroup hierarchy could be read
	container bool
	ns        nsState

	warnMu sync.Mutex
	warned map[string]bool

	// Limits read once per View (limitChain, quotaCPUs, cpusetCPUs).
	memoMu     sync.Mutex
	limits     []limitMemo
	quotaOnce  sync.Once
	quota      float64
	cpusetOnce sync.Once
	cpuset     []int

	memOnce sync.Once
	mem     *Meminfo
	memErr  error

	host hostFiles

	cpuOnce sync.Once
	cpu     *CPU

	procs *Procs

	upOnce sync.Once
	up     *Uptime
	upErr  error

	loadOnce sync.Once
	load     *LoadAvg
	loadErr  error

	usersOnce sync.Once
	users     map[uint32]string // uid -> name (tasks.go)

	disk diskCache // disk_cgroup.go
}

// Open finds the cgroup and decides the mode. It fails only for a bad --cgroup, --pid or --container-id
// (the error text is meant for the user: "cgroup /x: no such cgroup"); an unreadable
// hierarchy yields a host-mode view and one warning.
func Open(o Options) (*View, error) {
	if o.Root == "" {
		o.Root = os.Getenv("CGPROCPS_ROOT")
	}
	if o.Root == "" {
		o.Root = "/"
	}
	if o.Warn == nil {
		o.Warn = os.Stderr
	}
	if o.Prog == "" {
		o.Prog = "cgprocps"
	}
	v := &View{fs: machine.New(o.Root), opt: o}
	if o.ContainerID != "" {
		p, err := v.resolveContainerID(o.ContainerID)
		if err != nil {
			return nil, err
		}
		o.Cgroup = p
		if o.Mode == ModeAuto {
			o.Mode = ModeContainer
		}
		v.opt = o
	}
	if o.Mode == ModeHost && o.Cgroup == "" && o.PID == 0 {
		return v, nil // the host's files are all a host-mode view needs
	}
	cg, err := v.findCgroups()
	if err != nil {
		if o.Cgroup != "" || o.PID > 0 {
			return nil, err
		}
		if o.Mode != ModeHost {
			v.warn("cgroup", fmt.Sprintf("cannot read the cgroup hierarchy (%v); showing the host's values", err))
		}
		return v, nil
	}
	v.cg = cg
	switch o.Mode {
	case ModeHost:
		v.container = false
	case ModeContainer:
		v.container = true
	default:
		v.container = v.detectContainer()
	}
	return v, nil
}

// Container reports whether the view is the container's (true) or the host's (false).
func (v *View) Container() bool { return v.container }

// Root is the directory that stands for /.
func (v *View) Root() string { return v.fs.Root() }

// FS is the reader the view reads through (rooted at Root): for a tool's collecting code
// that reads the machine's files as they are in both modes (sar's /proc/net files, iostat's
// /sys/block), never for what the container's view changes.
func (v *View) FS() *machine.FS { return v.fs }

// CgroupPaths lists the cgroup directories the view reads, for diagnostics.
func (v *View) CgroupPaths() []string {
	if v.cg == nil {
		return nil
	}
	return v.cg.describe()
}

// warn prints one warning per key, "prog: text".
func (v *View) warn(key, text string) {
	v.warnMu.Lock()
	defer v.warnMu.Unlock()
	if v.warned == nil {
		v.warned = map[string]bool{}
	}
	if v.warned[key] {
		return
	}
	v.warned[key] = true
	fmt.Fprintf(v.opt.Warn, "%s: %s\n", v.opt.Prog, strings.TrimSpace(text))
}
