package cgview

import (
	"strconv"
	"strings"
)

// MemLine is one line of /proc/meminfo: "Name:   value kB" (Unit true) or "Name:  value"
// (HugePages_* counts, Unit false). Value is in kB when Unit is true.
type MemLine struct {
	Name  string
	Value uint64
	Unit  bool
	// raw is the host's line as read (without newline); Render keeps it verbatim while the
	// value is unchanged, so host-valued fields print exactly as the kernel printed them.
	raw     string
	changed bool
}

// Meminfo is a /proc/meminfo in the host's line order: the host's file in host mode, the
// container's view (docs/semantics.md "Memory") in container mode.
type Meminfo struct {
	Lines []MemLine
	index map[string]int
}

// MemKey is a /proc/meminfo field the suite reads or sets. The set is closed: a field is one
// of the constants below, so a misspelt field does not compile (a string key would read 0).
// Fields outside the set are still parsed, kept and rendered in their place.
type MemKey uint8

// The fields, named "Mem" and the kernel's label without its punctuation ("Active(anon)" is
// MemActiveAnon), or the label itself when it starts with "Mem".
const (
	MemTotal MemKey = iota
	MemFree
	MemAvailable
	MemBuffers
	MemCached
	MemSwapCached
	MemActive
	MemInactive
	MemActiveAnon
	MemInactiveAnon
	MemActiveFile
	MemInactiveFile
	MemUnevictable
	MemHighTotal
	MemHighFree
	MemLowTotal
	MemLowFree
	MemSwapTotal
	MemSwapFree
	MemZswap
	MemZswapped
	MemDirty
	MemWriteback
	MemAnonPages
	MemMapped
	MemShmem
	MemKReclaimable
	MemSlab
	MemSReclaimable
	MemSUnreclaim
	MemKernelStack
	MemPageTables
	MemSecPageTables
	MemCommitLimit
	MemCommittedAS
	MemVmallocUsed
	MemPercpu
	MemAnonHugePages
	MemShmemHugePages
	MemFileHugePages
	MemHugePagesTotal
	MemHugePagesFree
	MemHugePagesRsvd
	MemHugePagesSurp
	MemHugepagesize
	numMemKeys
)

// memKeyNames are the kernel's labels (meminfo_test.go checks each against real meminfo
// files and against its constant's name).
var memKeyNames = [numMemKeys]string{
	MemTotal:          "MemTotal",
	MemFree:           "MemFree",
	MemAvailable:      "MemAvailable",
	MemBuffers:        "Buffers",
	MemCached:         "Cached",
	MemSwapCached:     "SwapCached",
	MemActive:         "Active",
	MemInactive:       "Inactive",
	MemActiveAnon:     "Active(anon)",
	MemInactiveAnon:   "Inactive(anon)",
	MemActiveFile:     "Active(file)",
	MemInactiveFile:   "Inactive(file)",
	MemUnevictable:    "Unevictable",
	MemHighTotal:      "HighTotal",
	MemHighFree:       "HighFree",
	MemLowTotal:       "LowTotal",
	MemLowFree:        "LowFree",
	MemSwapTotal:      "SwapTotal",
	MemSwapFree:       "SwapFree",
	MemZswap:          "Zswap",
	MemZswapped:       "Zswapped",
	MemDirty:          "Dirty",
	MemWriteback:      "Writeback",
	MemAnonPages:      "AnonPages",
	MemMapped:         "Mapped",
	MemShmem:          "Shmem",
	MemKReclaimable:   "KReclaimable",
	MemSlab:           "Slab",
	MemSReclaimable:   "SReclaimable",
	MemSUnreclaim:     "SUnreclaim",
	MemKernelStack:    "KernelStack",
	MemPageTables:     "PageTables",
	MemSecPageTables:  "SecPageTables",
	MemCommitLimit:    "CommitLimit",
	MemCommittedAS:    "Committed_AS",
	MemVmallocUsed:    "VmallocUsed",
	MemPercpu:         "Percpu",
	MemAnonHugePages:  "AnonHugePages",
	MemShmemHugePages: "ShmemHugePages",
	MemFileHugePages:  "FileHugePages",
	MemHugePagesTotal: "HugePages_Total",
	MemHugePagesFree:  "HugePages_Free",
	MemHugePagesRsvd:  "HugePages_Rsvd",
	MemHugePagesSurp:  "HugePages_Surp",
	MemHugepagesize:   "Hugepagesize",
}

// String is the field's label in /proc/meminfo ("Active(anon)").
func (k MemKey) String() string { return memKeyNames[k] }

// Get returns the value of field k (kB for kB fields) and whether the field exists.
func (m *Meminfo) Get(k MemKey) (uint64, bool) { return m.lookup(memKeyNames[k]) }

// Value returns the value of field k, 0 when absent.
func (m *Meminfo) Value(k MemKey) uint64 {
	v, _ := m.lookup(memKeyNames[k])
	return v
}

// lookup returns the value of the field labelled name and whether it exists.
func (m *Meminfo) lookup(name string) (uint64, bool) {
	if m == nil {
		return 0, false
	}
	if i, ok := m.index[name]; ok {
		return m.Lines[i].Value, true
	}
	return 0, false
}

// Set changes the value of field k (kB), or appends it as a kB field when the file has none.
func (m *Meminfo) Set(k MemKey, kb uint64) {
	name := memKeyNames[k]
	if i, ok := m.index[name]; ok {
		if m.Lines[i].Value != kb {
			m.Lines[i].Value = kb
			m.Lines[i].changed = true
		}
		return
	}
	if m.index == nil {
		m.index = map[string]int{}
	}
	m.index[name] = len(m.Lines)
	m.Lines = append(m.Lines, MemLine{Name: name, Value: kb, Unit: true, changed: true})
}

// clone returns an independent copy.
func (m *Meminfo) clone() *Meminfo {
	c := &Meminfo{Lines: append([]MemLine(nil), m.Lines...), index: make(map[string]int, len(m.index))}
	for k, v := range m.index {
		c.index[k] = v
	}
	return c
}

// ParseMeminfo parses /proc/meminfo. Lines it cannot read are skipped; it never fails on
// content, only reports whether MemTotal was found.
func ParseMeminfo(b []byte) (*Meminfo, bool) {
	// One string for the whole file: names and raw lines are substrings of it.
	text := string(b)
	n := strings.Count(text, "\n") + 1
	m := &Meminfo{Lines: make([]MemLine, 0, n), index: make(map[string]int, n)}
	for len(text) > 0 {
		var line string
		line, text = cutLine(text)
		colon := strings.IndexByte(line, ':')
		if colon <= 0 {
			continue
		}
		name := strings.TrimSpace(line[:colon])
		rest := strings.TrimLeft(line[colon+1:], " \t")
		end := strings.IndexAny(rest, " \t")
		num, unitPart := rest, ""
		if end >= 0 {
			num, unitPart = rest[:end], strings.TrimSpace(rest[end:])
		}
		if name == "" || num == "" {
			continue
		}
		val, err := strconv.ParseUint(num, 10, 64)
		if err != nil {
			continue
		}
		unit := unitPart == "kB" || strings.HasPrefix(unitPart, "kB ") || strings.HasPrefix(unitPart, "kB\t")
		if _, dup := m.index[name]; dup {
			continue
		}
		m.index[name] = len(m.Lines)
		m.Lines = append(m.Lines, MemLine{Name: name, Value: val, Unit: unit, raw: line})
	}
	_, ok := m.index[memKeyNames[MemTotal]]
	return m, ok
}

// Render writes the file in the kernel's layout: unchanged lines verbatim, changed ones as
// the kernel prints them (label padded to 16 columns, value to 8, " kB").
func (m *Meminfo) Render() []byte {
	var b []byte
	for _, l := range m.Lines {
		if !l.changed && l.raw != "" {
			b = append(b, l.raw...)
			b = append(b, '\n')
			continue
		}
		b = appendMemLine(b, l)
	}
	return b
}

func appendMemLine(b []byte, l MemLine) []byte {
	label := l.Name + ":"
	num := strconv.FormatUint(l.Value, 10)
	width := 8
	if len(label) < 16 {
		b = append(b, label...)
		for i := len(label); i < 16; i++ {
			b = append(b, ' ')
		}
	} else {
		b = append(b, label...)
		b = append(b, ' ')
		width = 24 - len(label) - 1
	}
	for i := len(num); i < width; i++ {
		b = append(b, ' ')
	}
	b = append(b, num...)
	if l.Unit {
		b = append(b, " kB"...)
	}
	return append(b, '\n')
}
