package cgview

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Pure parsers of the kernel files cgview reads. Each takes the file's bytes and never
// panics on any input (fuzzed in parse_fuzz_test.go).

var errEmpty = errors.New("empty file")

// v1Unlimited is the smallest value v1 memory limits treat as "no limit" (docs/semantics.md:
// anything at or above 2^62; the kernel prints 9223372036854771712).
const v1Unlimited = uint64(1) << 62

// procCgroupLine is one line of /proc/PID/cgroup: "ID:controllers:path".
type procCgroupLine struct {
	ID          string
	Controllers []string // empty for the v2 line "0::/path"
	Path        string
}

func parseProcCgroup(b []byte) ([]procCgroupLine, error) {
	out := make([]procCgroupLine, 0, 16)
	text := string(b)
	for len(text) > 0 {
		var line string
		line, text = cutLine(text)
		if line == "" {
			continue
		}
		i := strings.IndexByte(line, ':')
		if i < 0 {
			return nil, fmt.Errorf("malformed line %q", line)
		}
		j := strings.IndexByte(line[i+1:], ':')
		if j < 0 {
			return nil, fmt.Errorf("malformed line %q", line)
		}
		j += i + 1
		l := procCgroupLine{ID: line[:i], Path: line[j+1:]}
		for ctl := line[i+1 : j]; ctl != ""; {
			k := strings.IndexByte(ctl, ',')
			if k < 0 {
				l.Controllers = append(l.Controllers, ctl)
				break
			}
			l.Controllers = append(l.Controllers, ctl[:k])
			ctl = ctl[k+1:]
		}
		if !strings.HasPrefix(l.Path, "/") {
			return nil, fmt.Errorf("malformed path in %q", line)
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		return nil, errEmpty
	}
	return out, nil
}

// mountInfo is the part of a /proc/self/mountinfo line cgview needs.
type mountInfo struct {
	Root       string // the mount's root within its filesystem (field 4)
	MountPoint string // field 5
	Options    string // per-mount options (field 6), e.g. "ro,nosuid"
	FSType     string // after the " - " separator
	Source     string
	SuperOpts  string // superblock options, e.g. "rw,memory" or "rw,cpu,cpuacct"
}

// readOnly reports whether the mount is read-only.
func (m mountInfo) readOnly() bool { return hasOpt(m.Options, "ro") }

// hasOpt reports whether the comma-separated list opts holds o (no allocation: it runs for
// every mount and controller at every tool's start).
func hasOpt(opts, o string) bool {
	for len(opts) > 0 {
		i := strings.IndexByte(opts, ',')
		if i < 0 {
			return opts == o
		}
		if opts[:i] == o {
			return true
		}
		opts = opts[i+1:]
	}
	return false
}

func parseMountinfo(b []byte) ([]mountInfo, error) { return parseMountinfoFiltered(b, nil) }

// parseMountinfoFiltered keeps only the mounts whose filesystem type keep accepts (all when
// keep is nil); other lines are skipped before they are split, which matters at start-up.
func parseMountinfoFiltered(b []byte, keep func(fstype string) bool) ([]mountInfo, error) {
	out := make([]mountInfo, 0, 16) // a host's cgroup mounts without growing the slice
	text := string(b)
	seen := false
	for len(text) > 0 {
		var line string
		line, text = cutLine(text)
		sep := strings.Index(line, " - ")
		if sep < 0 {
			continue // not a line we understand; the others still count
		}
		if keep != nil {
			// Most lines are not asked for: test the filesystem type (the first field after
			// the separator) before splitting the line.
			if fstype, two, ok := firstField(line[sep+3:]); ok && !keep(fstype) {
				if two {
					seen = true // a mount line, just not one asked for
				}
				continue
			}
		}
		post := strings.Fields(line[sep+3:])
		if len(post) < 2 {
			continue
		}
		if keep != nil && !keep(post[0]) {
			seen = true // a mount line, just not one asked for
			continue
		}
		f := strings.Fields(line[:sep])
		if len(f) < 6 {
			continue
		}
		seen = true
		m := mountInfo{
			Root:       unescapeMount(f[3]),
			MountPoint: unescapeMount(f[4]),
			Options:    f[5],
			FSType:     post[0],
			Source:     post[1],
		}
		if len(post) > 2 {
			m.SuperOpts = post[2]
		}
		out = append(out, m)
	}
	if !seen {
		return nil, errEmpty
	}
	return out, nil
}

// firstField returns the first field of s as strings.Fields splits it, and whether a second
// field follows; ok is false when s is not plain ASCII (the caller then splits it itself).
func firstField(s string) (first string, two, ok bool) {
	i := 0
	for i < len(s) && asciiSpace(s[i]) {
		i++
	}
	j := i
	for j < len(s) && !asciiSpace(s[j]) {
		if s[j] >= 0x80 {
			return "", false, false
		}
		j++
	}
	if i == j {
		return "", false, false
	}
	for k := j; k < len(s); k++ {
		if s[k] >= 0x80 {
			return "", false, false
		}
		if !asciiSpace(s[k]) {
			two = true
		}
	}
	return s[i:j], two, true
}

// asciiSpace is unicode.IsSpace for an ASCII byte (what strings.Fields splits on).
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// unescapeMount undoes the kernel's octal escapes (\040 for space, \011, \012, \134).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(v))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// limit is a cgroup limit value: Set false means "no limit" (max, v1 unlimited, missing).
type limit struct {
	Set   bool
	Value uint64
}

func minLimit(a, b limit) limit {
	switch {
	case !a.Set:
		return b
	case !b.Set:
		return a
	case b.Value < a.Value:
		return b
	}
	return a
}

// parseLimit reads a one-value limit file: a number, "max", or (v1) -1 or a value at or
// above 2^62 meaning unlimited.
func parseLimit(b []byte) (limit, error) {
	s := string(bytes.TrimSpace(b))
	if s == "" {
		return limit{}, errEmpty
	}
	if s == "max" || s == "-1" {
		return limit{}, nil
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return limit{}, fmt.Errorf("not a number: %q", trimForMsg(s))
	}
	if v >= v1Unlimited {
		return limit{}, nil
	}
	return limit{Set: true, Value: v}, nil
}

// parseUint reads a file holding one unsigned number.
func parseUint(b []byte) (uint64, error) {
	s := string(bytes.TrimSpace(b))
	if s == "" {
		return 0, errEmpty
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("not a number: %q", trimForMsg(s))
	}
	return v, nil
}

// parseInt reads a file holding one signed number (v1 cpu.cfs_quota_us is -1 for none).
func parseInt(b []byte) (int64, error) {
	s := string(bytes.TrimSpace(b))
	if s == "" {
		return 0, errEmpty
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("not a number: %q", trimForMsg(s))
	}
	return v, nil
}

// parseKV reads "key value" lines (memory.stat, cpu.stat, cpuacct.stat). Keys are exact:
// "file" is not "file_mapped". Lines that are not "key number" are skipped; ok is false
// when no line could be read.
func parseKV(b []byte) (map[string]uint64, bool) {
	m := make(map[string]uint64, 64)
	for len(b) > 0 {
		var line []byte
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			line, b = b, nil
		}
		sp := bytes.IndexByte(line, ' ')
		if sp <= 0 {
			continue
		}
		v, err := strconv.ParseUint(string(bytes.TrimSpace(line[sp+1:])), 10, 64)
		if err != nil {
			continue
		}
		m[string(line[:sp])] = v
	}
	return m, len(m) > 0
}

// cpuMax is a v2 cpu.max: "QUOTA PERIOD" or "max PERIOD".
type cpuMax struct {
	Set           bool // false: "max"
	Quota, Period uint64
}

func parseCPUMax(b []byte) (cpuMax, error) {
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return cpuMax{}, errEmpty
	}
	period := uint64(100000)
	if len(f) > 1 {
		p, err := strconv.ParseUint(f[1], 10, 64)
		if err != nil || p == 0 {
			return cpuMax{}, fmt.Errorf("bad period %q", trimForMsg(f[1]))
		}
		period = p
	}
	if f[0] == "max" {
		return cpuMax{Period: period}, nil
	}
	q, err := strconv.ParseUint(f[0], 10, 64)
	if err != nil {
		return cpuMax{}, fmt.Errorf("bad quota %q", trimForMsg(f[0]))
	}
	return cpuMax{Set: true, Quota: q, Period: period}, nil
}

// parseCPUList reads a kernel CPU list ("0-3,5,7-8"). An empty list is valid (no CPUs).
func parseCPUList(b []byte) ([]int, error) {
	s := strings.TrimSpace(string(b))
	if s == "" {
		return nil, nil
	}
	var out []int
	for _, part := range strings.Split(s, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(lo)
		if err != nil || a < 0 {
			return nil, fmt.Errorf("bad CPU list %q", trimForMsg(s))
		}
		z := a
		if isRange {
			z, err = strconv.Atoi(hi)
			if err != nil || z < a {
				return nil, fmt.Errorf("bad CPU list %q", trimForMsg(s))
			}
		}
		if z-a > 1<<16 || len(out) > 1<<16 {
			return nil, fmt.Errorf("CPU list too long %q", trimForMsg(s))
		}
		for c := a; c <= z; c++ {
			out = append(out, c)
		}
	}
	return out, nil
}

// formatCPURange writes 0..n-1 as the kernel does: "0" or "0-(n-1)".
func formatCPURange(n int) string {
	if n <= 1 {
		return "0"
	}
	return "0-" + strconv.Itoa(n-1)
}

// pidStat is what cgview needs from /proc/PID/stat.
type pidStat struct {
	PID       int
	Comm      string
	State     byte
	StartTime uint64 // field 22
	Threads   int    // field 20, num_threads (0 when unreadable)
}

// parsePidStat reads /proc/PID/stat; the command name may hold spaces and parentheses, so the
// fields after it are found from the last ')'.
func parsePidStat(b []byte) (pidStat, error) {
	var s pidStat
	open := bytes.IndexByte(b, '(')
	closeP := bytes.LastIndexByte(b, ')')
	if open <= 0 || closeP < open {
		return s, errors.New("malformed stat")
	}
	pid, err := strconv.Atoi(string(bytes.TrimSpace(b[:open])))
	if err != nil {
		return s, errors.New("malformed stat pid")
	}
	s.PID = pid
	s.Comm = string(b[open+1 : closeP])
	rest := strings.Fields(string(b[closeP+1:]))
	// rest[0] is field 3 (state); field 22 is rest[19].
	if len(rest) < 20 || len(rest[0]) != 1 || !isLetter(rest[0][0]) {
		return s, errors.New("malformed stat fields") // states are letters: R S D Z T t X I ...
	}
	s.State = rest[0][0]
	st, err := strconv.ParseUint(rest[19], 10, 64)
	if err != nil {
		return s, errors.New("malformed stat starttime")
	}
	s.StartTime = st
	if n, err := strconv.Atoi(rest[17]); err == nil && n > 0 {
		s.Threads = n
	}
	return s, nil
}

// parseStatusCtxt returns voluntary + nonvoluntary context switches from /proc/PID/status.
func parseStatusCtxt(b []byte) (uint64, bool) {
	var sum uint64
	found := false
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || (k != "voluntary_ctxt_switches" && k != "nonvoluntary_ctxt_switches") {
			continue
		}
		n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
		if err != nil {
			continue
		}
		sum += n
		found = true
	}
	return sum, found
}

// parseUptime reads /proc/uptime ("123.45 678.90") in hundredths of a second, as printed.
func parseUptime(b []byte) (up, idle uint64, err error) {
	f := strings.Fields(string(b))
	if len(f) < 1 {
		return 0, 0, errEmpty
	}
	up, err = parseCentis(f[0])
	if err != nil {
		return 0, 0, err
	}
	if len(f) > 1 {
		idle, err = parseCentis(f[1])
		if err != nil {
			return 0, 0, err
		}
	}
	return up, idle, nil
}

// parseCentis reads a non-negative decimal with up to two fractional digits (more are
// truncated) as hundredths.
func parseCentis(s string) (uint64, error) {
	ip, fp, _ := strings.Cut(s, ".")
	i, err := strconv.ParseUint(ip, 10, 64)
	if err != nil || i > math.MaxUint64/100-1 {
		return 0, fmt.Errorf("bad number %q", trimForMsg(s))
	}
	var frac uint64
	for k := 0; k < 2; k++ {
		frac *= 10
		if k < len(fp) {
			c := fp[k]
			if c < '0' || c > '9' {
				return 0, fmt.Errorf("bad number %q", trimForMsg(s))
			}
			frac += uint64(c - '0')
		}
	}
	return i*100 + frac, nil
}

// loadavgFile is /proc/loadavg: "0.79 0.18 0.06 3/74 594".
type loadavgFile struct {
	Hundredths     [3]uint64
	Running, Total int
	LastPID        int
}

func parseLoadavg(b []byte) (loadavgFile, error) {
	var l loadavgFile
	f := strings.Fields(string(b))
	if len(f) < 5 {
		return l, errors.New("malformed loadavg")
	}
	for i := 0; i < 3; i++ {
		v, err := parseCentis(f[i])
		if err != nil {
			return l, err
		}
		l.Hundredths[i] = v
	}
	r, t, ok := strings.Cut(f[3], "/")
	var err1, err2, err3 error
	l.Running, err1 = strconv.Atoi(r)
	l.Total, err2 = strconv.Atoi(t)
	l.LastPID, err3 = strconv.Atoi(f[4])
	if !ok || err1 != nil || err2 != nil || err3 != nil {
		return l, errors.New("malformed loadavg")
	}
	return l, nil
}

// hostStat is what cgview needs from the host's /proc/stat.
type hostStat struct {
	BTime uint64
	CPUs  int // number of cpuN lines
	// CPU is the "cpu" line's fields (user nice system idle iowait irq softirq steal guest
	// guest_nice; fields the kernel does not print are 0); nil when the line is missing.
	CPU []uint64
}

func parseHostStat(b []byte) hostStat {
	var h hostStat
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "cpu") && len(line) > 3 && line[3] >= '0' && line[3] <= '9':
			h.CPUs++
		case strings.HasPrefix(line, "cpu "):
			h.CPU = make([]uint64, 10)
			for i, f := range strings.Fields(line[4:]) {
				if i < len(h.CPU) {
					h.CPU[i], _ = strconv.ParseUint(f, 10, 64)
				}
			}
		case strings.HasPrefix(line, "btime "):
			h.BTime, _ = strconv.ParseUint(strings.TrimSpace(line[6:]), 10, 64)
		}
	}
	return h
}

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }

// cutLine splits text at its first newline: the line without it, and the rest.
func cutLine(text string) (line, rest string) {
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		return text[:i], text[i+1:]
	}
	return text, ""
}

func trimForMsg(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}
