package cgview

import (
	"math"
)

// CPU: docs/semantics.md "CPU capacity and busy time".

// CPU returns the CPU capacity and the accumulated busy time. In host mode Capacity is the
// host's online CPU count and the ticks are 0 (host-mode files are the host's own, unchanged).
func (v *View) CPU() CPU {
	v.cpuOnce.Do(func() {
		c := &CPU{}
		online := v.hostOnline()
		c.HostCPUs = len(online)
		if !v.container || v.cg == nil {
			c.Capacity = float64(len(online))
			c.N = len(online)
			c.CPUs = online
			v.cpu = c
			return
		}
		cpus := intersect(v.cpusetCPUs(), online)
		if len(cpus) == 0 {
			cpus = online
		}
		c.CPUs = cpus
		c.Capacity = float64(len(cpus))
		if q := v.quotaCPUs(); q < c.Capacity {
			c.Capacity = q
			c.QuotaLimited = true
		}
		if c.Capacity <= 0 {
			// A zero quota is nonsense (the kernel refuses quotas below 1 ms); show one CPU's
			// worth of nothing rather than divide by zero.
			c.Capacity = 0.01
		}
		c.N = int(math.Ceil(c.Capacity - 1e-9))
		if c.N < 1 {
			c.N = 1
		}
		if c.N > len(cpus) {
			c.N = len(cpus)
		}
		c.UserTicks, c.SystemTicks, c.HostFallback = v.busyTicks()
		if c.HostFallback {
			// The warning said "showing the host's values": the CPU lines are the host's,
			// so the percentages are the host's (docs/semantics.md).
			st, _ := v.hostStatFile()
			c.HostTicks = st.CPU
		}
		v.cpu = c
	})
	return *v.cpu
}

// busyTicks reads the cgroup's user and system time in USER_HZ ticks: v2 cpu.stat
// user_usec/system_usec * 100 / 10^6 (floored), v1 cpuacct.stat as is. fallback: the files
// could not be read (one warning said so) and the host's CPU times are shown.
func (v *View) busyTicks() (user, system uint64, fallback bool) {
	h := v.cg.acct
	if h == nil || h.Missing {
		v.warn("cpuacct", "no cpu accounting for the cgroup; showing the host's values")
		return 0, 0, true
	}
	if h.V2 {
		m, ok := v.accountingKV(h, "cpu.stat")
		if !ok {
			return 0, 0, true
		}
		return m["user_usec"] / 10000, m["system_usec"] / 10000, false
	}
	m, ok := v.accountingKV(h, "cpuacct.stat")
	if !ok {
		return 0, 0, true
	}
	return m["user"], m["system"], false
}

// cpusetNarrower reports whether the cpuset holds fewer CPUs than the host has online.
func (v *View) cpusetNarrower() bool {
	cpus := v.cpusetCPUs()
	if cpus == nil {
		return false
	}
	online := v.hostOnline()
	return len(intersect(cpus, online)) < len(online)
}

// intersect returns the elements of a that are in b, in a's order.
func intersect(a, b []int) []int {
	in := make(map[int]bool, len(b))
	for _, x := range b {
		in[x] = true
	}
	var out []int
	for _, x := range a {
		if in[x] {
			out = append(out, x)
		}
	}
	return out
}
