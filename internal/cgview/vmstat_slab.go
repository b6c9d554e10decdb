package cgview

import "fmt"

// Slabinfo returns /proc/slabinfo as the kernel wrote it (read through the root). It is the
// host's file in container mode too: the kernel keeps no per-cgroup slab caches list a tool
// could show (memory.stat's slab totals are in the meminfo view), so vmstat -m shows the file
// as it is (docs/semantics.md "What stays the host's").
func (v *View) Slabinfo() ([]byte, error) {
	b, err := v.fs.ReadFile("/proc/slabinfo")
	if err != nil {
		return nil, fmt.Errorf("/proc/slabinfo: %w", unwrapPathErr(err))
	}
	return b, nil
}
