package cgview

import "fmt"

// Slabinfo returns /proc/slabinfo as the kernel wrote it (read through the root). It is the
// host's file in container mode too: the kernel keeps no per-cgroup slab caches list a tool
// could show (memory.stat's slab totals are in the meminfo view), and CLI.md has vmstat -m
// show the file as it is.
func (v *View) Slabinfo() ([]byte, error) {
	b, err := v.fs.ReadFile("/proc/slabinfo")
	if err != nil {
		return nil, fmt.Errorf("/proc/slabinfo: %w", unwrapPathErr(err))
	}
	return b, nil
}
