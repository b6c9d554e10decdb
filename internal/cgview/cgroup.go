package cgview

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path"
)

// unwrapPathErr drops the path from an *fs.PathError (the caller names the file itself).
func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// cgFile reads file name of cgroup folder dir. ok is false when the file is missing; err is
// set for any other failure (unreadable, too large).
func (v *View) cgFile(dir, name string) (b []byte, ok bool, err error) {
	return v.cgFileRead(dir, name, false)
}

// cgSetting is cgFile for a file of one value or line (limits, quotas, cpusets), which the
// kernel hands out whole: one read, not a second that returns nothing (machine's ReadRecord).
func (v *View) cgSetting(dir, name string) (b []byte, ok bool, err error) {
	return v.cgFileRead(dir, name, true)
}

func (v *View) cgFileRead(dir, name string, record bool) (b []byte, ok bool, err error) {
	if record {
		b, err = v.fs.ReadRecord(path.Join(dir, name))
	} else {
		b, err = v.fs.ReadFile(path.Join(dir, name))
	}
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, false, nil
		}
		return nil, false, unwrapPathErr(err)
	}
	return b, true, nil
}

// limitChain returns the minimum of a limit file over the cgroup and its ancestors. Missing
// files are "no limit" silently; malformed or unreadable ones are skipped with one warning.
// Each chain is read once per View: the mode decision and the numbers see the same limits.
func (v *View) limitChain(h *hier, name string) limit {
	if h == nil {
		return limit{}
	}
	v.memoMu.Lock()
	for _, m := range v.limits {
		if m.dir == h.Dir && m.name == name {
			v.memoMu.Unlock()
			return m.l
		}
	}
	v.memoMu.Unlock()
	var l limit
	for _, d := range h.limitDirs() {
		b, ok, err := v.cgSetting(d, name)
		if err == nil && ok {
			var x limit
			if x, err = parseLimit(b); err == nil {
				l = minLimit(l, x)
			}
		}
		if err != nil {
			p := path.Join(d, name)
			v.warn(p, p+": "+err.Error()+"; ignoring this limit")
		}
	}
	v.memoMu.Lock()
	v.limits = append(v.limits, limitMemo{h.Dir, name, l})
	v.memoMu.Unlock()
	return l
}

// limitMemo is one chain limitChain has read (a View reads a handful: a slice, not a map).
type limitMemo struct {
	dir, name string
	l         limit
}

// accountingFile reads an accounting file a number needs (memory.current, memory.stat,
// cpu.stat, cpuacct.*): missing, unreadable or unparsable ones warn once, naming the file,
// and the caller shows the host's number.
func (v *View) accountingFile(h *hier, name string) ([]byte, bool) {
	if h == nil || h.Missing {
		return nil, false
	}
	b, ok, err := v.cgFile(h.Dir, name)
	p := path.Join(h.Dir, name)
	switch {
	case err != nil:
		v.warn(p, p+": "+err.Error()+"; showing the host's values")
		return nil, false
	case !ok:
		v.warn(p, p+": missing; showing the host's values")
		return nil, false
	}
	return b, true
}

// accountingUint reads a one-number accounting file.
func (v *View) accountingUint(h *hier, name string) (uint64, bool) {
	b, ok := v.accountingFile(h, name)
	if !ok {
		return 0, false
	}
	x, err := parseUint(b)
	if err != nil {
		p := path.Join(h.Dir, name)
		v.warn(p, p+": "+err.Error()+"; showing the host's values")
		return 0, false
	}
	return x, true
}

// accountingKV reads a key-value accounting file.
func (v *View) accountingKV(h *hier, name string) (map[string]uint64, bool) {
	b, ok := v.accountingFile(h, name)
	if !ok {
		return nil, false
	}
	m, ok := parseKV(b)
	if !ok {
		p := path.Join(h.Dir, name)
		v.warn(p, p+": no readable values; showing the host's values")
		return nil, false
	}
	return m, true
}

// quotaCPUs returns the minimum quota/period over the cgroup and its ancestors, +Inf when
// there is none (read once per View).
func (v *View) quotaCPUs() float64 {
	v.quotaOnce.Do(func() { v.quota = v.readQuotaCPUs() })
	return v.quota
}

func (v *View) readQuotaCPUs() float64 {
	c := math.Inf(1)
	h := v.cg.cpu
	if h == nil {
		return c
	}
	for _, d := range h.limitDirs() {
		if h.V2 {
			b, ok, err := v.cgSetting(d, "cpu.max")
			if err != nil || !ok {
				continue
			}
			m, err := parseCPUMax(b)
			if err != nil {
				v.warn(d+"/cpu.max", path.Join(d, "cpu.max")+": "+err.Error()+"; ignoring this limit")
				continue
			}
			if m.Set {
				c = math.Min(c, float64(m.Quota)/float64(m.Period))
			}
			continue
		}
		qb, ok, err := v.cgSetting(d, "cpu.cfs_quota_us")
		if err != nil || !ok {
			continue
		}
		q, err := parseInt(qb)
		if err != nil {
			v.warn(d+"/cpu.cfs_quota_us", path.Join(d, "cpu.cfs_quota_us")+": "+err.Error()+"; ignoring this limit")
			continue
		}
		if q <= 0 {
			continue
		}
		period := uint64(100000)
		if pb, ok, _ := v.cgSetting(d, "cpu.cfs_period_us"); ok {
			if p, err := parseUint(pb); err == nil && p > 0 {
				period = p
			}
		}
		c = math.Min(c, float64(q)/float64(period))
	}
	return c
}

// cpusetCPUs returns the CPUs of the cgroup's cpuset (v2 cpuset.cpus.effective, v1
// cpuset.cpus, walking up while a folder's list is empty or missing); nil when unknown (read
// once per View).
func (v *View) cpusetCPUs() []int {
	v.cpusetOnce.Do(func() { v.cpuset = v.readCpusetCPUs() })
	return v.cpuset
}

func (v *View) readCpusetCPUs() []int {
	h := v.cg.cpuset
	if h == nil {
		return nil
	}
	names := []string{"cpuset.cpus"}
	if h.V2 {
		names = []string{"cpuset.cpus.effective", "cpuset.cpus"}
	}
	for _, d := range h.limitDirs() {
		for _, name := range names {
			b, ok, err := v.cgSetting(d, name)
			if err != nil || !ok {
				continue
			}
			cpus, err := parseCPUList(b)
			if err != nil {
				v.warn(d+"/"+name, path.Join(d, name)+": "+err.Error()+"; ignoring it")
				continue
			}
			if len(cpus) > 0 {
				return cpus
			}
		}
	}
	return nil
}
