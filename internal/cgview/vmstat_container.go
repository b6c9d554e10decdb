package cgview

import (
	"os"
	"strings"
)

// The container's /proc/vmstat (issue 3; docs/vmstat.md has the table). Every counter of the
// host's file is kept, in the host's order, and takes one of three values:
//   - the cgroup's own counter where the cgroup has one (memory.stat events and states, the
//     block I/O of Diskstats for pgpgin/pgpgout);
//   - the host's value for the two system-wide dirty thresholds (settings, not activity);
//   - 0 for everything else: host activity a container must not see (numa_*, pgalloc_*,
//     compact_*, ...), as LXCFS's rule "no per-cgroup meaning" would leak it.

// vmstatHostKept are the counters that keep the host's value in container mode: limits of the
// whole machine's page cache, not activity.
func vmstatHostKept(name string) bool {
	return name == "nr_dirty_threshold" || name == "nr_dirty_background_threshold"
}

// v1 memory.stat keys whose same-named /proc/vmstat counter means the same (pages or events).
// pgpgin/pgpgout are NOT among them: v1 counts pages charged to and uncharged from the cgroup
// under those names, /proc/vmstat counts KiB read from and written to block devices.
var v1VMStatEvents = []string{
	"pgfault", "pgmajfault",
	"workingset_refault_anon", "workingset_refault_file", "workingset_refault",
	"workingset_activate_anon", "workingset_activate_file", "workingset_activate",
	"workingset_restore_anon", "workingset_restore_file", "workingset_restore",
	"workingset_nodereclaim",
}

// thpBytes is a PMD-sized huge page (x86-64, arm64 with 4 KiB pages): /proc/vmstat counts the
// *_hugepages states in huge pages.
const thpBytes = 2 << 20

// containerVMStat rewrites the host's counters for the cgroup.
func (v *View) containerVMStat(host *VMStat) *VMStat {
	h := v.cg.memory
	if h == nil || h.Missing {
		return host
	}
	keys := v1Keys
	if h.V2 {
		keys = v2Keys
	}
	stat, ok := v.accountingKV(h, keys.stat)
	if !ok {
		return host // the warning named memory.stat; the host's counters stand
	}
	page := uint64(os.Getpagesize())
	pages := func(k string) uint64 {
		if k == "" {
			return 0
		}
		return stat[k] / page
	}
	src := map[string]uint64{
		"nr_anon_pages":                 pages(keys.anon),
		"nr_mapped":                     pages(keys.mapped),
		"nr_file_pages":                 pages(keys.file),
		"nr_dirty":                      pages(keys.dirty),
		"nr_writeback":                  pages(keys.writeback),
		"nr_shmem":                      pages(keys.shmem),
		"nr_inactive_anon":              pages(keys.inactiveAnon),
		"nr_active_anon":                pages(keys.activeAnon),
		"nr_inactive_file":              pages(keys.inactiveFile),
		"nr_active_file":                pages(keys.activeFile),
		"nr_unevictable":                pages(keys.unevictable),
		"nr_slab_reclaimable":           pages(keys.slabReclaimable),
		"nr_slab_unreclaimable":         pages(keys.slabUnreclaimable),
		"nr_page_table_pages":           pages(keys.pagetables),
		"nr_sec_page_table_pages":       pages(keys.secPagetables),
		"nr_swapcached":                 pages(keys.swapcached),
		"nr_kernel_stack":               stat[keys.kernelStack] / 1024, // kB, as the kernel counts it
		"nr_anon_transparent_hugepages": stat[keys.anonTHP] / thpBytes,
		"nr_file_hugepages":             stat[keys.fileTHP] / thpBytes,
		"nr_shmem_hugepages":            stat[keys.shmemTHP] / thpBytes,
	}
	src["nr_zone_write_pending"] = src["nr_dirty"] + src["nr_writeback"]
	for _, lru := range []string{"inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable"} {
		src["nr_zone_"+lru] = src["nr_"+lru]
	}
	if m, err := v.Meminfo(); err == nil {
		src["nr_free_pages"] = m.Value(MemFree) * 1024 / page
	}

	// Events.
	if h.V2 {
		// v2 names its event counters as /proc/vmstat does (pgfault, pgscan_kswapd,
		// workingset_*, zswpin, thp_*, pgdemote_*, ...): every host name memory.stat also has.
		// State keys never clash (memory.stat's are in bytes and named without "nr_").
		for _, name := range host.Names {
			if x, ok := stat[name]; ok {
				src[name] = x
			}
		}
		for _, k := range []string{"pswpin", "pswpout"} {
			if x, ok := stat[k]; ok {
				src[k] = x
			} else if x, ok := stat[strings.TrimPrefix(k, "p")]; ok {
				src[k] = x // swpin/swpout
			}
		}
	} else {
		for _, name := range v1VMStatEvents {
			if x, ok := stat["total_"+name]; ok {
				src[name] = x
			} else if x, ok := stat[name]; ok {
				src[name] = x
			}
		}
	}

	// Block I/O: pgpgin/pgpgout are KiB read from / written to block devices (vmstat's bi/bo),
	// the cgroup's from its disk view (io.stat / blkio), summed over whole disks.
	in, out := v.diskKiB()
	src["pgpgin"], src["pgpgout"] = in, out

	s := &VMStat{}
	for i, name := range host.Names {
		x, ok := src[name]
		switch {
		case ok:
		case vmstatHostKept(name):
			x = host.Values[i]
		default:
			x = 0
		}
		s.Set(name, x)
	}
	return s
}

// diskKiB sums the sectors read and written over the view's disks (whole disks only, so a
// partition is not counted twice; all lines where /sys/block cannot be listed), in KiB.
func (v *View) diskKiB() (in, out uint64) {
	ds, err := v.Diskstats()
	if err != nil || len(ds) == 0 {
		return 0, 0
	}
	disks := map[string]bool{}
	for _, n := range v.BlockDevices() {
		disks[n] = true
	}
	var rs, ws uint64
	for _, d := range ds {
		if len(disks) > 0 && !disks[d.Name] {
			continue
		}
		rs += d.ReadSectors
		ws += d.WriteSectors
	}
	return rs / 2, ws / 2
}
