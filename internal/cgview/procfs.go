package cgview

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// The renderer of /proc-format files: `cgprocps procfs DIR` writes the view as files ready to
// bind-mount over /proc and /sys (the layout test/oracle/procref takes). In host mode it writes the
// host's files unchanged. The numbers are those the tools print: both come from the View.

// ProcFile renders one /proc file of the view by its name under /proc ("meminfo", "stat",
// "uptime", "loadavg", "cpuinfo", "swaps").
func (v *View) ProcFile(name string) ([]byte, error) {
	if !v.container {
		b, err := v.fs.ReadFile("/proc/" + name)
		if err != nil {
			return nil, fmt.Errorf("/proc/%s: %w", name, unwrapPathErr(err))
		}
		return b, nil
	}
	switch name {
	case "meminfo":
		m, err := v.Meminfo()
		if err != nil {
			return nil, fmt.Errorf("/proc/meminfo: %w", unwrapPathErr(err))
		}
		return m.Render(), nil
	case "uptime":
		u, err := v.UptimeWithIdle()
		if err != nil {
			return nil, err
		}
		return u.Render(), nil
	case "loadavg":
		l, err := v.LoadAvg()
		if err != nil {
			return nil, err
		}
		return l.Render(), nil
	case "stat":
		return v.renderStat()
	case "cpuinfo":
		b, err := v.fs.ReadFile("/proc/cpuinfo")
		if err != nil {
			return nil, fmt.Errorf("/proc/cpuinfo: %w", unwrapPathErr(err))
		}
		c := v.CPU()
		return renderCPUInfo(b, c.CPUs, c.N), nil
	case "swaps":
		m, err := v.Meminfo()
		if err != nil {
			return nil, fmt.Errorf("/proc/meminfo: %w", unwrapPathErr(err))
		}
		total := m.Value(MemSwapTotal)
		return renderSwaps(total, total-min(total, m.Value(MemSwapFree))), nil
	case "vmstat":
		s, err := v.VMStat()
		if err != nil {
			return nil, err
		}
		return s.Render(), nil
	case "diskstats":
		return renderDiskstats(v)
	}
	return nil, fmt.Errorf("no rendering for /proc/%s", name)
}

// ProcFiles are the /proc files WriteProcfs writes (in container mode ProcFile renders each;
// in host mode it copies the host's file whatever its name). A literal and a switch rather
// than a table filled by each file's init: package initialisation runs in every tool of the
// multicall binary (docs/decisions.md).
var ProcFiles = []string{"meminfo", "stat", "uptime", "loadavg", "cpuinfo", "swaps", "diskstats", "vmstat"}

// sysWriters write files under DIR/sys for WriteProcfs, after the CPU folder. A writer gets
// the output folder DIR, not DIR/sys; it runs in host mode too.
func sysWriters() []func(v *View, dir string) error {
	return []func(v *View, dir string) error{writeSysBlock, writeIRQ}
}

// WriteProcfs writes DIR/proc/<file> for ProcFiles and the CPU folder
// DIR/sys/devices/system/cpu/{online,uevent,cpu0..cpuN-1}. A file the host itself lacks is
// skipped with a warning; the first write error ends it.
func (v *View) WriteProcfs(dir string) error {
	procDir := filepath.Join(dir, "proc")
	cpuDir := filepath.Join(dir, "sys", "devices", "system", "cpu")
	for _, d := range []string{procDir, cpuDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	for _, name := range ProcFiles {
		b, err := v.ProcFile(name)
		if err != nil {
			v.warn(err.Error(), err.Error()+"; not written")
			continue
		}
		if err := writeFileAtomic(filepath.Join(procDir, name), b); err != nil {
			return err
		}
	}
	c := v.CPU()
	if err := writeFileAtomic(filepath.Join(cpuDir, "online"), v.CPUOnline()); err != nil {
		return err
	}
	// An empty uevent marks the folder as whole (procref then binds it over
	// /sys/devices/system/cpu, as LXCFS's folder is bound).
	if err := writeFileAtomic(filepath.Join(cpuDir, "uevent"), nil); err != nil {
		return err
	}
	// cpu0..cpuN-1: sysstat counts these folders for its "(N CPU)" banner. Stale ones of an
	// earlier, larger view are removed.
	entries, _ := os.ReadDir(cpuDir)
	for _, e := range entries {
		if n, ok := cpuIndex(e.Name()); ok && n >= c.N && e.IsDir() {
			os.RemoveAll(filepath.Join(cpuDir, e.Name()))
		}
	}
	for i := 0; i < c.N; i++ {
		if err := os.MkdirAll(filepath.Join(cpuDir, "cpu"+strconv.Itoa(i)), 0o755); err != nil {
			return err
		}
	}
	for _, w := range sysWriters() {
		if err := w(v, dir); err != nil {
			return err
		}
	}
	return nil
}

// CPUOnline renders /sys/devices/system/cpu/online: "0-N-1" for the view's N CPUs in
// container mode, the host's file in host mode (the range when it is unreadable).
func (v *View) CPUOnline() []byte {
	if !v.container {
		if b, err := v.fs.ReadFile("/sys/devices/system/cpu/online"); err == nil {
			return b
		}
	}
	return []byte(formatCPURange(v.CPU().N) + "\n")
}

func cpuIndex(name string) (int, bool) {
	if !strings.HasPrefix(name, "cpu") {
		return 0, false
	}
	n, err := strconv.Atoi(name[3:])
	return n, err == nil && n >= 0
}

// writeFileAtomic replaces the file at p through a temporary file and a rename, so a reader
// never sees it half written.
func writeFileAtomic(p string, b []byte) error {
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}

// renderStat renders the container's /proc/stat (docs/semantics.md "Rendered /proc/stat,
// cpuinfo and CPU folder": per-CPU lines, ticks and the process counters).
func (v *View) renderStat() ([]byte, error) {
	hs, raw := v.hostStatFile()
	if raw == nil {
		return nil, fmt.Errorf("/proc/stat: unreadable")
	}
	var b bytes.Buffer
	if err := v.writeCPULines(&b); err != nil {
		return nil, err
	}
	p := v.ProcsWithCtxt()
	var running, blocked, processes int
	var ctxt uint64
	if p != nil {
		running, blocked, ctxt = p.Running, p.Blocked, p.CtxtSum
		processes = len(p.Tasks)
		if p.HasInit {
			processes = p.MaxTID
		}
	}
	fmt.Fprintf(&b, "intr 0\nctxt %d\nbtime %d\nprocesses %d\nprocs_running %d\nprocs_blocked %d\n",
		ctxt, hs.BTime, processes, running, blocked)
	b.WriteString("softirq 0 0 0 0 0 0 0 0 0 0 0\n")
	return b.Bytes(), nil
}

// writeCPULines writes the container's cpu and cpu0..cpuN-1 lines of /proc/stat
// (docs/semantics.md "Rendered /proc/stat, cpuinfo and CPU folder": idle = capacity × uptime
// − busy, split per CPU by weight).
func (v *View) writeCPULines(b *bytes.Buffer) error {
	c := v.CPU()
	u, err := v.Uptime()
	if err != nil {
		return err
	}
	if c.HostFallback && c.HostTicks != nil {
		writeHostCPULines(b, c)
		return nil
	}
	user, system := c.UserTicks, c.SystemTicks
	idle := uint64(0)
	if capacity := uint64(c.Capacity * float64(u.Centis)); capacity > user+system {
		idle = capacity - user - system
	}
	writeCPULine(b, "cpu ", user, system, idle)
	us := splitTicks(user, c.Capacity, c.N)
	ss := splitTicks(system, c.Capacity, c.N)
	is := splitTicks(idle, c.Capacity, c.N)
	for i := 0; i < c.N; i++ {
		writeCPULine(b, "cpu"+strconv.Itoa(i), us[i], ss[i], is[i])
	}
	return nil
}

// writeHostCPULines writes the host's cpu line as it is and splits each of its fields over the
// container's N CPU lines, as writeCPULines splits the container's: the accounting files could
// not be read, and the warning said the host's values are shown (docs/semantics.md).
func writeHostCPULines(b *bytes.Buffer, c CPU) {
	line := func(label string, f []uint64) {
		b.WriteString(label)
		for _, x := range f {
			b.WriteByte(' ')
			b.WriteString(strconv.FormatUint(x, 10))
		}
		b.WriteByte('\n')
	}
	line("cpu ", c.HostTicks)
	split := make([][]uint64, len(c.HostTicks))
	for j, x := range c.HostTicks {
		split[j] = splitTicks(x, c.Capacity, c.N)
	}
	f := make([]uint64, len(c.HostTicks))
	for i := 0; i < c.N; i++ {
		for j := range f {
			f[j] = split[j][i]
		}
		line("cpu"+strconv.Itoa(i), f)
	}
}

func writeCPULine(b *bytes.Buffer, label string, user, system, idle uint64) {
	fmt.Fprintf(b, "%s %d 0 %d %d 0 0 0 0 0 0\n", label, user, system, idle)
}

// splitTicks splits total over n CPUs weighted 1 each, the last one frac(c) when c is
// fractional; every share is floored and the last takes the remainder.
func splitTicks(total uint64, c float64, n int) []uint64 {
	out := make([]uint64, n)
	if n == 0 {
		return out
	}
	var sum uint64
	for i := 0; i < n-1; i++ {
		out[i] = uint64(float64(total) / c)
		sum += out[i]
	}
	if sum > total {
		sum = total
	}
	out[n-1] = total - sum
	return out
}

// renderCPUInfo keeps the host's blocks of the first n CPUs of cpus, renumbered from 0, with
// siblings and cpu cores set to n.
func renderCPUInfo(host []byte, cpus []int, n int) []byte {
	blocks := strings.Split(strings.TrimRight(string(host), "\n"), "\n\n")
	byCPU := map[int]string{}
	var tail []string
	for _, blk := range blocks {
		num := -1
		for _, line := range strings.Split(blk, "\n") {
			k, val, ok := strings.Cut(line, ":")
			if ok && strings.TrimSpace(k) == "processor" {
				if x, err := strconv.Atoi(strings.TrimSpace(val)); err == nil {
					num = x
				}
				break
			}
		}
		if num < 0 {
			tail = append(tail, blk)
			continue
		}
		byCPU[num] = blk
	}
	var out strings.Builder
	idx := 0
	for _, cpu := range cpus {
		if idx >= n {
			break
		}
		blk, ok := byCPU[cpu]
		if !ok {
			continue
		}
		for _, line := range strings.Split(blk, "\n") {
			k, _, ok := strings.Cut(line, ":")
			switch strings.TrimSpace(k) {
			case "processor":
				if ok {
					line = k + ": " + strconv.Itoa(idx)
				}
			case "siblings", "cpu cores":
				if ok {
					line = k + ": " + strconv.Itoa(n)
				}
			}
			out.WriteString(line)
			out.WriteByte('\n')
		}
		out.WriteByte('\n')
		idx++
	}
	for _, blk := range tail {
		out.WriteString(blk)
		out.WriteString("\n\n")
	}
	return []byte(out.String())
}

// renderSwaps writes /proc/swaps as the kernel's swap_show lays it out: one "none" file line
// when total > 0 (sizes in kB).
func renderSwaps(total, used uint64) []byte {
	b := []byte("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n")
	if total == 0 {
		return b
	}
	name := "none"
	b = append(b, name...)
	b = append(b, strings.Repeat(" ", 40-len(name))...)
	b = append(b, "file\t\t"...)
	b = strconv.AppendUint(b, total, 10)
	b = append(b, '\t')
	if total < 10000000 {
		b = append(b, '\t')
	}
	b = strconv.AppendUint(b, used, 10)
	b = append(b, '\t')
	if used < 10000000 {
		b = append(b, '\t')
	}
	b = append(b, "0\n"...)
	return b
}
