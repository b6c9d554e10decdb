package cgview

import (
	"sync"
)

// hostFiles caches the host's /proc and /sys files a view reads.
type hostFiles struct {
	meminfoOnce sync.Once
	meminfo     *Meminfo
	meminfoErr  error

	onlineOnce sync.Once
	online     []int

	statOnce sync.Once
	stat     hostStat
	statRaw  []byte
}

// hostMeminfo returns the host's /proc/meminfo.
func (v *View) hostMeminfo() (*Meminfo, error) {
	h := &v.host
	h.meminfoOnce.Do(func() {
		b, err := v.fs.ReadRecord("/proc/meminfo")
		if err != nil {
			h.meminfoErr = err
			return
		}
		m, ok := ParseMeminfo(b)
		if !ok {
			v.warn("/proc/meminfo", "/proc/meminfo: no MemTotal line")
		}
		h.meminfo = m
	})
	return h.meminfo, h.meminfoErr
}

// hostStatFile returns the parsed and raw host /proc/stat.
func (v *View) hostStatFile() (hostStat, []byte) {
	h := &v.host
	h.statOnce.Do(func() {
		b, err := v.fs.ReadFile("/proc/stat")
		if err != nil {
			v.warn("/proc/stat", "/proc/stat: "+unwrapPathErr(err).Error())
			return
		}
		h.statRaw = b
		h.stat = parseHostStat(b)
	})
	return h.stat, h.statRaw
}

// hostOnline returns the host's online CPUs (sys/devices/system/cpu/online, else the cpuN
// lines of /proc/stat, else CPU 0).
func (v *View) hostOnline() []int {
	h := &v.host
	h.onlineOnce.Do(func() {
		if b, err := v.fs.ReadFile("/sys/devices/system/cpu/online"); err == nil {
			if cpus, err := parseCPUList(b); err == nil && len(cpus) > 0 {
				h.online = cpus
				return
			}
		}
		st, _ := v.hostStatFile()
		n := st.CPUs
		if n < 1 {
			n = 1
		}
		for i := 0; i < n; i++ {
			h.online = append(h.online, i)
		}
	})
	return h.online
}
