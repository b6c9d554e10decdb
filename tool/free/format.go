package free

import (
	"io"
	"strconv"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/internal/profile"
)

// Unit exponents, as procps's args.exponent: 0 is the default (KiB, or kB with --si), 1 bytes,
// 2..6 kilo/kibi .. peta/pebi.
const (
	ExpDefault = iota
	ExpBytes
	ExpKilo
	ExpMega
	ExpGiga
	ExpTera
	ExpPeta
)

// Options are the report options of free (the ones that change what is printed).
type Options struct {
	Exponent  int  // ExpDefault .. ExpPeta
	SI        bool // powers of 1000 (--si, --kilo .. --peta)
	Human     bool // -h: a unit per cell
	Wide      bool // -w: buffers and cache apart
	LoHi      bool // -l: Low: and High: rows
	Total     bool // -t: Total: row
	Committed bool // -v: Comm: row
	JSON      bool // --json: JSON objects instead of the table (json.go)
	Line      bool // -L (procps 4.0.4): one line per report

	// Version is the procps-ng release reproduced (the profile in force; the zero value is
	// 4.0.2): it changes the arithmetic of used (Compute), the cells of -h and of the
	// default unit with --si (ScaleSize) and the options accepted.
	Version profile.Procps
}

// Values are the numbers free prints, in KiB, computed from /proc/meminfo as procps's
// library (library/meminfo.c of 4.0.2) computes them: unsigned 64-bit arithmetic that wraps.
type Values struct {
	MemTotal, MemUsed, MemFree, Shared, Buffers, Cache, Available uint64
	LowTotal, LowUsed, LowFree                                    uint64
	HighTotal, HighUsed, HighFree                                 uint64
	SwapTotal, SwapUsed, SwapFree                                 uint64
	CommitLimit, CommittedAS                                      uint64
}

// Compute derives the printed values from a meminfo view as procps-ng 4.0.2 does (ComputeFor
// the default profile). Missing fields count as 0.
func Compute(m *cgview.Meminfo) Values {
	return ComputeFor(m, profile.Procps4_0_2)
}

// ComputeFor derives the printed values as release ver does. 4.0.2 and 4.0.4: used is total -
// available, the used of Low:, High: and Swap: 0 when free exceeds total. 3.3.17 (its
// proc/sysinfo.c): used is total - free - buff/cache (total - free when that is negative), and
// the other used values are unsigned differences that wrap.
func ComputeFor(m *cgview.Meminfo, ver profile.Procps) Values {
	memTotal := m.Value(cgview.MemTotal)
	memFree := m.Value(cgview.MemFree)
	avail := m.Value(cgview.MemAvailable)
	// A missing or zero MemAvailable falls back to MemFree; so does one above MemTotal
	// (lxc-style distorted views).
	if avail == 0 {
		avail = memFree
	}
	if avail > memTotal {
		avail = memFree
	}
	// used is a signed difference; when negative, MemTotal - MemFree (which may wrap).
	used := memTotal - avail
	if int64(used) < 0 {
		used = memTotal - memFree
	}
	v := Values{
		MemTotal:    memTotal,
		MemUsed:     used,
		MemFree:     memFree,
		Shared:      m.Value(cgview.MemShmem),
		Buffers:     m.Value(cgview.MemBuffers),
		Cache:       m.Value(cgview.MemCached) + m.Value(cgview.MemSReclaimable),
		Available:   avail,
		HighTotal:   m.Value(cgview.MemHighTotal),
		HighFree:    m.Value(cgview.MemHighFree),
		LowTotal:    m.Value(cgview.MemLowTotal),
		LowFree:     m.Value(cgview.MemLowFree),
		SwapTotal:   m.Value(cgview.MemSwapTotal),
		SwapFree:    m.Value(cgview.MemSwapFree),
		CommitLimit: m.Value(cgview.MemCommitLimit),
		CommittedAS: m.Value(cgview.MemCommittedAS),
	}
	if v.HighFree < v.HighTotal {
		v.HighUsed = v.HighTotal - v.HighFree
	}
	// 64-bit kernels have no LowTotal: low memory is all memory.
	if v.LowTotal == 0 {
		v.LowTotal, v.LowFree = memTotal, memFree
	}
	if v.LowFree < v.LowTotal {
		v.LowUsed = v.LowTotal - v.LowFree
	}
	if v.SwapFree < v.SwapTotal {
		v.SwapUsed = v.SwapTotal - v.SwapFree
	}
	if ver == profile.Procps3_3_17 {
		used := int64(memTotal - memFree - v.Cache - v.Buffers)
		if used < 0 {
			used = int64(memTotal - memFree)
		}
		v.MemUsed = uint64(used)
		v.LowUsed = v.LowTotal - v.LowFree
		v.HighUsed = v.HighTotal - v.HighFree
		v.SwapUsed = v.SwapTotal - v.SwapFree
	}
	return v
}

const (
	headerNormal = "               total        used        free      shared  buff/cache   available\n"
	headerWide   = "               total        used        free      shared     buffers       cache   available\n"
)

// Format writes one report (header and rows, no trailing blank line) for meminfo m.
func Format(w io.Writer, m *cgview.Meminfo, o Options) error {
	_, err := w.Write(AppendReport(nil, Compute(m), o))
	return err
}

// AppendReport appends one report of v to b.
func AppendReport(b []byte, v Values, o Options) []byte {
	if o.Line && o.Version == profile.Procps4_0_4 {
		return appendLine(b, v, o)
	}
	if o.Wide {
		b = append(b, headerWide...)
	} else {
		b = append(b, headerNormal...)
	}
	b = row(b, "Mem:", o, v.MemTotal, v.MemUsed, v.MemFree, v.Shared)
	if o.Wide {
		b = cell(b, v.Buffers, o)
		b = cell(b, v.Cache, o)
	} else {
		b = cell(b, v.Buffers+v.Cache, o)
	}
	b = cell(b, v.Available, o)
	b = append(b, '\n')
	if o.LoHi {
		b = append(row(b, "Low:", o, v.LowTotal, v.LowUsed, v.LowFree), '\n')
		b = append(row(b, "High:", o, v.HighTotal, v.HighUsed, v.HighFree), '\n')
	}
	b = append(row(b, "Swap:", o, v.SwapTotal, v.SwapUsed, v.SwapFree), '\n')
	if o.Total {
		b = append(row(b, "Total:", o, v.MemTotal+v.SwapTotal, v.MemUsed+v.SwapUsed, v.MemFree+v.SwapFree), '\n')
	}
	if o.Committed {
		b = append(row(b, "Comm:", o, v.CommitLimit, v.CommittedAS, v.CommitLimit-v.CommittedAS), '\n')
	}
	return b
}

// appendLine appends the -L report: four labelled cells on one line, each label then a
// space and the cell as %11s, then a space.
func appendLine(b []byte, v Values, o Options) []byte {
	for _, c := range []struct {
		label string
		kib   uint64
	}{{"SwapUse", v.SwapUsed}, {"CachUse", v.Buffers + v.Cache}, {" MemUse", v.MemUsed}, {"MemFree", v.MemFree}} {
		b = append(b, c.label...)
		b = append(b, ' ')
		b = pad(b, ScaleSize(c.kib, o), 11)
		b = append(b, ' ')
	}
	return append(b, '\n')
}

// row appends a label padded to 9 columns, the first value as %11s and the others as " %11s".
func row(b []byte, label string, o Options, first uint64, rest ...uint64) []byte {
	b = append(b, label...)
	for i := len(label); i < 9; i++ {
		b = append(b, ' ')
	}
	b = pad(b, ScaleSize(first, o), 11)
	for _, x := range rest {
		b = cell(b, x, o)
	}
	return b
}

func cell(b []byte, kib uint64, o Options) []byte {
	b = append(b, ' ')
	return pad(b, ScaleSize(kib, o), 11)
}

func pad(b []byte, s string, width int) []byte {
	for i := len(s); i < width; i++ {
		b = append(b, ' ')
	}
	return append(b, s...)
}

// power is procps's power(): base**expo in double, base an unsigned int.
func power(base uint32, expo int) float64 {
	r := 1.0
	for ; expo > 0; expo-- {
		r = float64(base) * r
	}
	return r
}

// cLong is C's (long) conversion of a double as x86-64 does it (cvttsd2si): truncation, and
// LONG_MIN for NaN or out-of-range values.
func cLong(d float64) int64 {
	if d != d || d >= 9223372036854775808.0 || d < -9223372036854775808.0 {
		return -1 << 63
	}
	return int64(d)
}

// ScaleSize formats kib as free's scale_size does: bytes = kib*1024 as a (wrapping, signed)
// long long; fixed units truncate; -h keeps one decimal of the float-rounded value while it
// fits in 4 characters plus the unit, else the truncated integer.
func ScaleSize(kib uint64, o Options) string {
	if o.Version == profile.Procps3_3_17 {
		return scaleSize3317(kib, o)
	}
	bytes := int64(kib * 1024)
	base := uint32(1024)
	if o.SI {
		base = 1000
	}
	if !o.Human {
		switch o.Exponent {
		case ExpDefault:
			return strconv.FormatInt(bytes/int64(base), 10)
		case ExpBytes:
			return strconv.FormatInt(bytes, 10)
		default:
			return strconv.FormatInt(cLong(float64(bytes)/power(base, o.Exponent-1)), 10)
		}
	}
	s := strconv.FormatInt(bytes, 10) + "B"
	if len(s) <= 4 {
		return s
	}
	const units = "KMGTP"
	for i := 1; i <= len(units); i++ {
		d := float64(bytes) / power(base, i)
		letter := units[i-1 : i]
		suffix, limit := letter+"i", 5
		if o.SI {
			suffix, limit = letter, 4
		}
		s = strconv.FormatFloat(float64(float32(d)), 'f', 1, 64) + suffix
		if len(s) <= limit {
			return s
		}
		s = strconv.FormatInt(cLong(d), 10) + suffix
		if len(s) <= limit {
			return s
		}
	}
	return s
}

// scaleSize3317 is procps-ng 3.3.17's scale_size: the default unit is the KiB value whatever
// --si says; a fixed unit divides kib*1024.0 (a double) and truncates; -h tries "<n>B" in 4
// characters, then from K up "%.1f" and "%ld" of (float)(kib/1024 in whole MiB * base /
// base**(i-2)) with the suffix "Xi" (5 characters) or, with --si, "X" (4 characters): a
// value under 1 MiB shows as 0.0Ki, and --si counts in 1024s yet prints SI letters.
func scaleSize3317(kib uint64, o Options) string {
	base := float32(1024)
	if o.SI {
		base = 1000
	}
	if !o.Human {
		switch o.Exponent {
		case ExpDefault:
			return strconv.FormatInt(int64(kib), 10)
		case ExpBytes:
			return strconv.FormatInt(int64(kib)*1024, 10)
		}
		return strconv.FormatInt(cLong(float64(kib)*1024.0/power(uint32(base), o.Exponent-1)), 10)
	}
	s := strconv.FormatInt(int64(kib)*1024, 10) + "B"
	if len(s) <= 4 {
		return s
	}
	const units = "KMGTP"
	for i := 2; i <= 6; i++ {
		d := float64(float32(kib/1024)*base) / power(uint32(base), i-2)
		suffix, limit := units[i-2:i-1]+"i", 5
		if o.SI {
			suffix, limit = units[i-2:i-1], 4
		}
		s = strconv.FormatFloat(float64(float32(d)), 'f', 1, 64) + suffix
		if len(s) <= limit {
			return s
		}
		s = strconv.FormatInt(cLong(d), 10) + suffix
		if len(s) <= limit {
			return s
		}
	}
	return s
}

// needsEstimate3317 reports whether 3.3.17 estimates the available memory itself: when
// MemAvailable, after the lxc fix (above MemTotal: MemFree), is 0.
func needsEstimate3317(m *cgview.Meminfo) bool {
	avail := m.Value(cgview.MemAvailable)
	if avail > m.Value(cgview.MemTotal) {
		avail = m.Value(cgview.MemFree)
	}
	return avail == 0
}

// estimate3317 is 3.3.17's estimate of the available memory (kernels before 3.14) from
// vm.min_free_kbytes: free - low watermark (5/4 of min_free) + the file LRU pages less
// min(half of them, watermark) + SReclaimable less min(half of it, watermark), in unsigned
// arithmetic that wraps, read as signed; 0 when negative.
func estimate3317(m *cgview.Meminfo, minFree uint64) uint64 {
	low := minFree * 5 / 4
	file := m.Value(cgview.MemInactiveFile) + m.Value(cgview.MemActiveFile)
	slab := m.Value(cgview.MemSReclaimable)
	avail := int64(m.Value(cgview.MemFree) - low + file - min(file/2, low) + slab - min(slab/2, low))
	if avail < 0 {
		return 0
	}
	return uint64(avail)
}
