package cgview

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// VMStat is a /proc/vmstat: "name value" lines in the kernel's order.
type VMStat struct {
	Names  []string
	Values []uint64
	index  map[string]int
}

// Get returns counter name and whether the file has it.
func (s *VMStat) Get(name string) (uint64, bool) {
	if s == nil {
		return 0, false
	}
	if i, ok := s.index[name]; ok {
		return s.Values[i], true
	}
	return 0, false
}

// Value returns counter name, 0 when absent.
func (s *VMStat) Value(name string) uint64 {
	x, _ := s.Get(name)
	return x
}

// Set changes counter name, or appends it.
func (s *VMStat) Set(name string, x uint64) {
	if i, ok := s.index[name]; ok {
		s.Values[i] = x
		return
	}
	if s.index == nil {
		s.index = map[string]int{}
	}
	s.index[name] = len(s.Names)
	s.Names = append(s.Names, name)
	s.Values = append(s.Values, x)
}

// Render prints the counters as the kernel prints /proc/vmstat.
func (s *VMStat) Render() []byte {
	var b []byte
	for i, n := range s.Names {
		b = append(b, n...)
		b = append(b, ' ')
		b = strconv.AppendUint(b, s.Values[i], 10)
		b = append(b, '\n')
	}
	return b
}

// ParseVMStat parses /proc/vmstat. Malformed lines are skipped; text with no valid line is an
// error.
func ParseVMStat(b []byte) (*VMStat, error) {
	s := &VMStat{}
	bad := 0
	for text := string(b); text != ""; {
		var line string
		line, text = cutLine(text)
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) != 2 {
			bad++
			continue
		}
		x, err := strconv.ParseUint(f[1], 10, 64)
		if err != nil {
			bad++
			continue
		}
		s.Set(f[0], x)
	}
	if len(s.Names) == 0 && bad > 0 {
		return nil, errors.New("malformed vmstat")
	}
	return s, nil
}

// VMStat returns the /proc/vmstat view: the host's file in host mode; in container mode the
// cgroup's paging, swap and block I/O counters in the host's layout (vmstat_container.go).
func (v *View) VMStat() (*VMStat, error) {
	b, err := v.fs.ReadFile("/proc/vmstat")
	if err != nil {
		return nil, fmt.Errorf("/proc/vmstat: %w", unwrapPathErr(err))
	}
	s, err := ParseVMStat(b)
	if err != nil || !v.container || v.cg == nil {
		return s, err
	}
	return v.containerVMStat(s), nil
}
