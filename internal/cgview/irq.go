package cgview

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// /proc/interrupts and /proc/net/softnet_stat for sar -I and -n SOFT. No cgroup accounts
// interrupts or softnet work: they are per-CPU host-kernel counters. In container mode the
// view shows the host's counters of the CPUs the container runs on, the first N CPUs of its
// cpuset, renumbered 0..N-1 as the rendered /proc/stat and cpuinfo number them; in host mode
// the files as they are. `cgprocps procfs` writes both when the root has them (writeIRQ,
// listed in procfs.go's sysWriters).

// containerCPUs is the host CPUs the view's CPU i stands for (nil in host mode).
func (v *View) containerCPUs() []int {
	if !v.container {
		return nil
	}
	c := v.CPU()
	cpus := c.CPUs
	if len(cpus) > c.N {
		cpus = cpus[:c.N]
	}
	return cpus
}

// Interrupts is /proc/interrupts as the view shows it (sar -I).
func (v *View) Interrupts() ([]byte, error) {
	b, err := v.fs.ReadFile("/proc/interrupts")
	if err != nil {
		return nil, fmt.Errorf("/proc/interrupts: %w", unwrapPathErr(err))
	}
	if cpus := v.containerCPUs(); cpus != nil {
		b = projectInterrupts(b, cpus)
	}
	return b, nil
}

// Softnet is /proc/net/softnet_stat as the view shows it (sar -n SOFT).
func (v *View) Softnet() ([]byte, error) {
	b, err := v.fs.ReadFile("/proc/net/softnet_stat")
	if err != nil {
		return nil, fmt.Errorf("/proc/net/softnet_stat: %w", unwrapPathErr(err))
	}
	if cpus := v.containerCPUs(); cpus != nil {
		b = projectSoftnet(b, cpus)
	}
	return b, nil
}

// writeIRQ writes DIR/proc/interrupts and DIR/proc/net/softnet_stat when the root has
// them (a capture may not: then nothing, silently).
func writeIRQ(v *View, dir string) error {
	if b, err := v.Interrupts(); err == nil {
		if err := writeFileAtomic(filepath.Join(dir, "proc", "interrupts"), b); err != nil {
			return err
		}
	}
	if b, err := v.Softnet(); err == nil {
		if err := os.MkdirAll(filepath.Join(dir, "proc", "net"), 0o755); err != nil {
			return err
		}
		if err := writeFileAtomic(filepath.Join(dir, "proc", "net", "softnet_stat"), b); err != nil {
			return err
		}
	}
	return nil
}

// projectInterrupts keeps the header and the per-CPU columns of the host CPUs cpus (in
// order) of a /proc/interrupts text, renumbered CPU0..CPUn-1: what a container running on
// those CPUs is shown. The rest of each line (chip, name) is kept.
func projectInterrupts(b []byte, cpus []int) []byte {
	lines := strings.SplitAfter(string(b), "\n")
	var hdr []int // host CPU number of each column
	var out strings.Builder
	pos := map[int]int{}
	for _, line := range lines {
		if hdr == nil {
			if !strings.Contains(line, "CPU") {
				continue
			}
			for _, f := range strings.Fields(line) {
				if n, err := strconv.Atoi(strings.TrimPrefix(f, "CPU")); err == nil && strings.HasPrefix(f, "CPU") {
					pos[n] = len(hdr)
					hdr = append(hdr, n)
				}
			}
			out.WriteString(strings.Repeat(" ", 11))
			for i := range cpus {
				c := "CPU" + strconv.Itoa(i)
				out.WriteString(c + strings.Repeat(" ", max(0, 11-len(c))))
			}
			out.WriteString("\n")
			continue
		}
		colon := strings.IndexByte(line, ':')
		if colon < 0 {
			out.WriteString(line)
			continue
		}
		rest := line[colon+1:]
		var vals []string
		for range hdr {
			f := strings.TrimLeft(rest, " ")
			end := strings.IndexAny(f, " \n")
			if end < 0 {
				end = len(f)
			}
			if end == 0 || !cnumDigits(f[:end]) {
				break
			}
			vals = append(vals, f[:end])
			rest = f[end:]
		}
		out.WriteString(line[:colon+1])
		if len(vals) < len(hdr) {
			// A line with one count (ERR, MIS): the kernel's global counter, kept as is.
			if len(vals) > 0 {
				out.WriteString(" " + strings.Repeat(" ", max(0, 10-len(vals[0]))) + vals[0])
			}
			out.WriteString(rest)
			continue
		}
		for _, c := range cpus {
			v := "0"
			if i, ok := pos[c]; ok {
				v = vals[i]
			}
			out.WriteString(" " + strings.Repeat(" ", max(0, 10-len(v))) + v)
		}
		out.WriteString(rest)
	}
	return []byte(out.String())
}

func cnumDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// projectSoftnet keeps the softnet_stat lines of the host CPUs cpus (in order), renumbered:
// the line whose last-but-two field (cpu_id) names the CPU, or the line's position when the
// file has no CPU numbers.
func projectSoftnet(b []byte, cpus []int) []byte {
	lines := strings.SplitAfter(string(b), "\n")
	byCPU := map[int]string{}
	for i, line := range lines {
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Fields(line)
		id := i
		if len(f) >= 13 {
			if x, err := strconv.ParseUint(f[12], 16, 32); err == nil {
				id = int(x)
			}
		}
		if _, dup := byCPU[id]; !dup {
			byCPU[id] = line
		}
	}
	var out strings.Builder
	for n, c := range cpus {
		line, ok := byCPU[c]
		if !ok {
			continue
		}
		f := strings.Fields(line)
		if len(f) >= 13 {
			f[12] = strconv.FormatUint(uint64(n), 16)
			f[12] = strings.Repeat("0", max(0, 8-len(f[12]))) + f[12]
		}
		out.WriteString(strings.Join(f, " ") + "\n")
	}
	return []byte(out.String())
}
