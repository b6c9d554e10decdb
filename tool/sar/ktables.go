package sar

import (
	"github.com/cgprocps/cgprocps/internal/cgview"
)

// -v (kernel tables) and -H (huge pages).
//
// -v reads /proc/sys/fs/dentry-state, file-nr, inode-state and /proc/sys/kernel/pty/nr as
// sysstat's read_kernel_tables does. These are the kernel's global tables: no cgroup or
// namespace scopes them, so container mode prints the host's values (through the root, as
// every read).
//
// -H reads HugePages_Total, _Free, _Rsvd, _Surp and Hugepagesize from the view's meminfo
// (read_meminfo_huge): in container mode the container's meminfo, whose HugePages_* lines are
// the host's (docs/semantics.md "Memory": no per-cgroup meaning).

// readKTables fills dentunusd, file-nr, inode-nr and pty-nr (out has 4 slots).
func readKTables(v *cgview.View, out []uint64) {
	read := func(p string) string {
		b, err := v.FS().ReadFile(p)
		if err != nil {
			return ""
		}
		return string(b)
	}
	ktables(read("/proc/sys/fs/dentry-state"), read("/proc/sys/fs/file-nr"),
		read("/proc/sys/fs/inode-state"), read("/proc/sys/kernel/pty/nr"), out)
}

// ktables is read_kernel_tables over the four texts: dentry-state's second number; file-nr's
// first minus its second, inode-state's likewise (0 unless both read); pty/nr's number.
func ktables(dentry, filenr, inode, pty string, out []uint64) {
	two := func(s string) (uint64, uint64, int) {
		a, rest, ok := scanNum(s)
		if !ok {
			return 0, 0, 0
		}
		b, _, ok := scanNum(rest)
		if !ok {
			return a, 0, 1
		}
		return a, b, 2
	}
	if _, b, n := two(dentry); n == 2 {
		out[0] = b
	}
	if a, b, n := two(filenr); n == 2 {
		out[1] = a - b
	}
	if a, b, n := two(inode); n == 2 {
		out[2] = a - b
	}
	if x, _, ok := scanNum(pty); ok {
		out[3] = x
	}
}

// hugeFromMeminfo fills total, free, reserved and surplus huge pages in kB (counts times
// Hugepagesize, as sysstat).
func hugeFromMeminfo(m *cgview.Meminfo, out []uint64) {
	sz := m.Value(cgview.MemHugepagesize)
	out[0] = m.Value(cgview.MemHugePagesTotal) * sz
	out[1] = m.Value(cgview.MemHugePagesFree) * sz
	out[2] = m.Value(cgview.MemHugePagesRsvd) * sz
	out[3] = m.Value(cgview.MemHugePagesSurp) * sz
}

var hdrHuge = []string{"kbhugfree", "kbhugused", "%hugused", "kbhugrsvd", "kbhugsurp"}

// printHuge is print_huge_stats (avg: the means of the printed samples).
func (d *display) printHuge(curr *Sample, dish, avg bool, tsPrev, tsCurr string) {
	if dish {
		d.hdr(tsPrev, hdrHuge, 0)
	}
	p := &d.p
	unit := d.memUnit()
	p.padLeft(tsCurr, 11)
	if !avg {
		tl, fr := snmpAt(curr, snHuge), snmpAt(curr, snHuge+1)
		p.u(unit, fr, tl-fr)
		pct := 0.0
		if tl != 0 {
			pct = float64(tl-fr) / float64(tl) * 100
		}
		p.pc(pct)
		p.u(unit, snmpAt(curr, snHuge+2), snmpAt(curr, snHuge+3))
	} else {
		n := float64(d.avgCount)
		tl, fr := float64(d.aSnmp[snHuge])/n, float64(d.aSnmp[snHuge+1])/n
		p.f(unit, 0, fr, tl-fr)
		pct := 0.0
		if d.aSnmp[snHuge] != 0 {
			pct = (tl - fr) / tl * 100
		}
		p.pc(pct)
		p.f(unit, 0, float64(d.aSnmp[snHuge+2])/n, float64(d.aSnmp[snHuge+3])/n)
	}
	p.str("\n")
}
