package cgview

// Uptime is the /proc/uptime view, kept in hundredths of a second exactly as the file prints
// them (the kernel and the renderer truncate), so a tool that uses these values prints what the
// original prints over the rendered file.
type Uptime struct {
	Centis uint64 // uptime, 1/100 s
	// IdleCentis is the idle time summed over the (container's) CPUs, 1/100 s; the
	// container's only from View.UptimeWithIdle.
	IdleCentis uint64
	// HostFallback is true in container mode when no process of the cgroup could be found and
	// the host's uptime is shown instead (one warning says so).
	HostFallback bool

	containerIdle bool // IdleCentis still to be computed for the container
}

// Seconds is the uptime as a C program gets it from strtod of the file's text.
func (u Uptime) Seconds() float64 { return float64(u.Centis) / 100 }

// IdleSeconds is the idle field as strtod reads it.
func (u Uptime) IdleSeconds() float64 { return float64(u.IdleCentis) / 100 }

// Averages are the three load averages of /proc/loadavg.
type Averages struct {
	// Hundredths are the three averages times 100 as the file prints them ("0.22" is 22).
	Hundredths [3]uint64
	// Sampled is true when the averages come from a fresh sampler state (or the host's file);
	// false in container mode means the instantaneous R+D count stands for all three
	// (docs/semantics.md "Load average").
	Sampled bool
}

// Avg returns average i (0: 1 min, 1: 5 min, 2: 15 min) as strtod reads the file's text.
func (a Averages) Avg(i int) float64 { return float64(a.Hundredths[i]) / 100 }

// LoadAvg is the /proc/loadavg view.
type LoadAvg struct {
	Averages
	Running int // runnable threads (the 4th field's numerator)
	Total   int // all threads (its denominator)
	LastPID int // 5th field: the host's last PID, or in container mode the highest thread ID
}

// CPU is the container's CPU capacity and accumulated usage.
type CPU struct {
	// Capacity C: usable CPUs, possibly fractional (min of cpuset size and quota/period over
	// the cgroup and its ancestors). In host mode, the host's online CPU count.
	Capacity float64
	// N = ceil(C): the CPU count shown (cpuinfo, cpu/online, per-CPU lines).
	N int
	// CPUs are the host CPU numbers of the cpuset, in order (at least N of them when known).
	CPUs []int
	// HostCPUs is the host's online CPU count.
	HostCPUs int
	// UserTicks, SystemTicks: the cgroup's busy time in USER_HZ ticks since it was created.
	UserTicks, SystemTicks uint64
	// QuotaLimited is true when a CFS quota (not the cpuset) decides Capacity.
	QuotaLimited bool
	// HostFallback is true when the usage files could not be read: the CPU lines are the
	// host's (HostTicks), as the warning says, and the ticks above are 0.
	HostFallback bool
	// HostTicks is the host's "cpu" line when HostFallback (user nice system idle iowait irq
	// softirq steal guest guest_nice); nil when the host's /proc/stat has none.
	HostTicks []uint64
}

// Task is one thread (or, where a tree has no task/ folder, one process) of the subtree.
type Task struct {
	PID, TID  int
	State     byte   // R, S, D, ...
	StartTime uint64 // field 22, ticks after boot
	Ctxt      uint64 // voluntary + nonvoluntary context switches (0 when unknown)

	dir string // its /proc folder (machine path), for reading its status later
}

// Procs is the process/thread census of the cgroup subtree.
type Procs struct {
	PIDs    []int  // processes (thread-group leaders) of the subtree, ascending
	Tasks   []Task // their threads (empty in a processes-only census)
	Start   uint64 // earliest start time (ticks after boot) among the processes; 0 = none found
	HasInit bool   // a process of the subtree is PID 1 of its namespace (PID 1 visible)
	MaxTID  int
	Running int // threads in state R
	Blocked int // threads in state D
	CtxtSum uint64

	level censusLevel // what was read: processes only, threads, threads with their ctxt
	stats []pidStat   // /proc/PID/stat of each of PIDs
}

// censusLevel says how much of the subtree a census reads.
type censusLevel int

const (
	censusProcesses censusLevel = iota + 1 // /proc/PID/stat of each process (start times)
	censusThreads                          // and every thread's state
	censusCtxt                             // and every thread's context switches
)
