package cgview

// Memory: docs/semantics.md "Memory" and "Swap".

// memKeys names the memory files and memory.stat keys of one hierarchy version.
type memKeys struct {
	usage, stat                                            string // files
	file, shmem, anon, mapped, dirty, writeback, anonTHP   string
	activeAnon, inactiveAnon, activeFile, inactiveFile     string
	unevictable, swapcached                                string
	slab, slabReclaimable, slabUnreclaimable, kernelStack  string
	pagetables, percpu, zswap, zswapped, fileTHP, shmemTHP string
	secPagetables                                          string
}

var v2Keys = memKeys{
	usage: "memory.current", stat: "memory.stat",
	file: "file", shmem: "shmem", anon: "anon", mapped: "file_mapped", dirty: "file_dirty",
	writeback: "file_writeback", anonTHP: "anon_thp",
	activeAnon: "active_anon", inactiveAnon: "inactive_anon", activeFile: "active_file",
	inactiveFile: "inactive_file", unevictable: "unevictable", swapcached: "swapcached",
	slab: "slab", slabReclaimable: "slab_reclaimable", slabUnreclaimable: "slab_unreclaimable",
	kernelStack: "kernel_stack", pagetables: "pagetables", percpu: "percpu", zswap: "zswap",
	zswapped: "zswapped", fileTHP: "file_thp", shmemTHP: "shmem_thp", secPagetables: "sec_pagetables",
}

// v1 uses the hierarchical total_* lines; keys v1 lacks are empty (the field is 0).
var v1Keys = memKeys{
	usage: "memory.usage_in_bytes", stat: "memory.stat",
	file: "total_cache", shmem: "total_shmem", anon: "total_rss", mapped: "total_mapped_file",
	dirty: "total_dirty", writeback: "total_writeback", anonTHP: "total_rss_huge",
	activeAnon: "total_active_anon", inactiveAnon: "total_inactive_anon",
	activeFile: "total_active_file", inactiveFile: "total_inactive_file",
	unevictable: "total_unevictable", swapcached: "total_swapcached",
}

// Meminfo returns the /proc/meminfo view (the host's file in host mode). The error is
// non-nil only when even the host's /proc/meminfo cannot be read.
func (v *View) Meminfo() (*Meminfo, error) {
	v.memOnce.Do(func() {
		host, err := v.hostMeminfo()
		if err != nil {
			v.memErr = err
			return
		}
		if !v.container || v.cg == nil || v.cg.memory == nil {
			v.mem = host
			return
		}
		v.mem = v.containerMeminfo(host)
	})
	return v.mem, v.memErr
}

func (v *View) containerMeminfo(host *Meminfo) *Meminfo {
	h := v.cg.memory
	keys := v1Keys
	if h.V2 {
		keys = v2Keys
	}
	m := host.clone()
	hostTotal := host.Value(MemTotal)

	// Limit L: minimum over the cgroup and its ancestors; v1 also has the kernel's own
	// ancestor minimum in memory.stat (it sees above a bind-mounted or namespaced root).
	var L limit
	var stat map[string]uint64
	var statOK bool
	if h.V2 {
		L = v.limitChain(h, "memory.max")
	} else {
		L = v.limitChain(h, "memory.limit_in_bytes")
	}
	stat, statOK = v.accountingKV(h, keys.stat)
	if !h.V2 && statOK {
		if x, ok := stat["hierarchical_memory_limit"]; ok && x < v1Unlimited {
			L = minLimit(L, limit{Set: true, Value: x})
		}
	}
	total := hostTotal
	if L.Set && L.Value/1024 < total {
		total = L.Value / 1024
	}
	m.Set(MemTotal, total)

	usage, usageOK := v.accountingUint(h, keys.usage)
	var free uint64
	if usageOK {
		if u := usage / 1024; u < total {
			free = total - u
		}
	} else {
		free = min(host.Value(MemFree), total)
	}
	m.Set(MemFree, free)
	m.Set(MemBuffers, 0)

	get := func(k string) uint64 {
		if k == "" || !statOK {
			return 0
		}
		return stat[k]
	}
	if statOK {
		kb := func(k string) uint64 { return get(k) / 1024 }
		m.Set(MemCached, kb(keys.file))
		m.Set(MemSwapCached, kb(keys.swapcached))
		m.Set(MemActive, (get(keys.activeAnon)+get(keys.activeFile))/1024)
		m.Set(MemInactive, (get(keys.inactiveAnon)+get(keys.inactiveFile))/1024)
		m.Set(MemActiveAnon, kb(keys.activeAnon))
		m.Set(MemInactiveAnon, kb(keys.inactiveAnon))
		m.Set(MemActiveFile, kb(keys.activeFile))
		m.Set(MemInactiveFile, kb(keys.inactiveFile))
		m.Set(MemUnevictable, kb(keys.unevictable))
		m.Set(MemZswap, kb(keys.zswap))
		m.Set(MemZswapped, kb(keys.zswapped))
		m.Set(MemDirty, kb(keys.dirty))
		m.Set(MemWriteback, kb(keys.writeback))
		m.Set(MemAnonPages, kb(keys.anon))
		m.Set(MemMapped, kb(keys.mapped))
		m.Set(MemShmem, kb(keys.shmem))
		m.Set(MemKReclaimable, kb(keys.slabReclaimable))
		m.Set(MemSlab, kb(keys.slab))
		m.Set(MemSReclaimable, kb(keys.slabReclaimable))
		m.Set(MemSUnreclaim, kb(keys.slabUnreclaimable))
		m.Set(MemKernelStack, kb(keys.kernelStack))
		m.Set(MemPageTables, kb(keys.pagetables))
		m.Set(MemSecPageTables, kb(keys.secPagetables))
		m.Set(MemPercpu, kb(keys.percpu))
		m.Set(MemAnonHugePages, kb(keys.anonTHP))
		m.Set(MemShmemHugePages, kb(keys.shmemTHP))
		m.Set(MemFileHugePages, kb(keys.fileTHP))
	} else {
		// The host's values, but never above the container's total.
		for _, k := range []MemKey{MemCached, MemActive, MemInactive, MemActiveAnon, MemInactiveAnon,
			MemActiveFile, MemInactiveFile, MemAnonPages, MemMapped, MemShmem, MemSlab, MemSReclaimable,
			MemSUnreclaim, MemKReclaimable} {
			if x, ok := m.Get(k); ok && x > total {
				m.Set(k, total)
			}
		}
	}

	// MemAvailable = min(MemTotal, MemFree + reclaimable); reclaimable summed in bytes.
	var avail uint64
	switch {
	case statOK:
		reclaimable := get(keys.activeFile) + get(keys.inactiveFile) + get(keys.slabReclaimable)
		avail = min(total, free+reclaimable/1024)
		high := limit{}
		if h.V2 {
			high = v.limitChain(h, "memory.high")
		}
		if usageOK && high.Set && (!L.Set || high.Value < L.Value) {
			capB := uint64(0)
			if high.Value+reclaimable > usage {
				capB = high.Value + reclaimable - usage
			}
			avail = min(avail, capB/1024)
		}
	default:
		// No memory.stat: the host's estimate, never above the container's total.
		hostAvail, ok := host.Get(MemAvailable)
		if !ok {
			hostAvail = free
		}
		avail = min(hostAvail, total)
	}
	m.Set(MemAvailable, avail)

	v.containerSwap(m, host, h, L, usage, usageOK, stat, statOK)
	return m
}

// containerSwap sets SwapTotal and SwapFree (docs/semantics.md "Swap").
func (v *View) containerSwap(m, host *Meminfo, h *hier, L limit, usage uint64, usageOK bool, stat map[string]uint64, statOK bool) {
	hostSwap := host.Value(MemSwapTotal)
	if hostSwap == 0 {
		m.Set(MemSwapTotal, 0)
		m.Set(MemSwapFree, 0)
		return
	}
	var totalB uint64 // SwapTotal in bytes, capped by the host's
	var usedB uint64
	hostSwapB := hostSwap * 1024
	if h.V2 {
		sw := v.limitChain(h, "memory.swap.max")
		totalB = hostSwapB
		if sw.Set && sw.Value < totalB {
			totalB = sw.Value
		}
		cur, ok, err := v.cgFile(h.Dir, "memory.swap.current")
		if ok && err == nil {
			usedB, err = parseUint(cur)
		}
		if err != nil {
			// Unreadable or unparsable: one warning, and the host's swap use against the
			// container's SwapTotal, as for memory.current (docs/semantics.md "Swap").
			p := h.Dir + "/memory.swap.current"
			v.warn(p, p+": "+err.Error()+"; showing the host's values")
			total := totalB / 1024
			m.Set(MemSwapTotal, total)
			m.Set(MemSwapFree, min(host.Value(MemSwapFree), total))
			return
		}
		if !ok && !sw.Set {
			// No swap accounting and no limit: the host's swap.
			m.Set(MemSwapTotal, hostSwap)
			m.Set(MemSwapFree, host.Value(MemSwapFree))
			return
		}
	} else {
		if _, ok, _ := v.cgFile(h.Dir, "memory.memsw.limit_in_bytes"); !ok {
			// Swap accounting off: the host's swap values (documented, not warned).
			m.Set(MemSwapTotal, hostSwap)
			m.Set(MemSwapFree, host.Value(MemSwapFree))
			return
		}
		memsw := v.limitChain(h, "memory.memsw.limit_in_bytes")
		if statOK {
			if x, ok := stat["hierarchical_memsw_limit"]; ok && x < v1Unlimited {
				memsw = minLimit(memsw, limit{Set: true, Value: x})
			}
		}
		switch {
		case !memsw.Set:
			totalB = hostSwapB
		case !L.Set || memsw.Value <= L.Value:
			totalB = 0
		default:
			totalB = min(memsw.Value-L.Value, hostSwapB)
		}
		if sb, ok, _ := v.cgFile(h.Dir, "memory.swappiness"); ok {
			if x, err := parseUint(sb); err == nil && x == 0 {
				totalB = 0
			}
		}
		if mu, ok, err := v.cgFile(h.Dir, "memory.memsw.usage_in_bytes"); ok && err == nil && usageOK {
			if x, err := parseUint(mu); err == nil && x > usage {
				usedB = x - usage
			}
		}
	}
	total := totalB / 1024
	used := usedB / 1024
	free := uint64(0)
	if used < total {
		free = total - used
	}
	m.Set(MemSwapTotal, total)
	m.Set(MemSwapFree, free)
}

// memoryLimited reports whether a memory, memory.high or swap limit is set in the ancestry
// (container-mode trigger).
func (v *View) memoryLimited() bool {
	h := v.cg.memory
	if h == nil || h.Missing {
		return false
	}
	if h.V2 {
		return v.limitChain(h, "memory.max").Set || v.limitChain(h, "memory.high").Set ||
			v.limitChain(h, "memory.swap.max").Set
	}
	// The kernel keeps memory.memsw.limit_in_bytes >= memory.limit_in_bytes, so an unlimited
	// memory chain has an unlimited memsw chain: one chain decides.
	if v.limitChain(h, "memory.limit_in_bytes").Set {
		return true
	}
	// An ancestor's limit the chain cannot see (a cgroup namespace, a bind-mounted v1 root)
	// still shows in memory.stat's hierarchical_memory_limit, and so in MemTotal: it counts
	// too. Read silently here: container mode reads memory.stat again and warns. Where the
	// whole chain is visible (the true root) it can add nothing, and is not read.
	if h.rootIsTrue {
		return false
	}
	if b, ok, err := v.cgFile(h.Dir, "memory.stat"); ok && err == nil {
		if stat, ok := parseKV(b); ok {
			if x, ok := stat["hierarchical_memory_limit"]; ok && x < v1Unlimited {
				return true
			}
		}
	}
	return false
}
