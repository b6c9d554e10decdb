package cgview

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// DiskStat is one line of /proc/diskstats, as numbers (the kernel's Documentation/admin-guide/
// iostats.rst field order).
type DiskStat struct {
	Major, Minor uint32
	Name         string

	ReadIOs, ReadMerges, ReadSectors, ReadTicks     uint64 // fields 1-4 (ticks in ms)
	WriteIOs, WriteMerges, WriteSectors, WriteTicks uint64 // fields 5-8
	InFlight, IOTicks, TimeInQueue                  uint64 // fields 9-11
	DiscardIOs, DiscardMerges, DiscardSectors       uint64 // fields 12-14 (kernel 4.18+)
	DiscardTicks                                    uint64 // field 15
	FlushIOs, FlushTicks                            uint64 // fields 16-17 (kernel 5.5+)

	// NFields is how many counters the line had (11, 15 or 17): readers such as iostat print
	// discard and flush columns only when the kernel gives them.
	NFields int
}

// counters returns the DiskStat's counters in file order, NFields of them.
func (d *DiskStat) counters() []*uint64 {
	all := []*uint64{&d.ReadIOs, &d.ReadMerges, &d.ReadSectors, &d.ReadTicks,
		&d.WriteIOs, &d.WriteMerges, &d.WriteSectors, &d.WriteTicks,
		&d.InFlight, &d.IOTicks, &d.TimeInQueue,
		&d.DiscardIOs, &d.DiscardMerges, &d.DiscardSectors, &d.DiscardTicks,
		&d.FlushIOs, &d.FlushTicks}
	n := d.NFields
	if n > len(all) {
		n = len(all)
	}
	return all[:n]
}

// AppendLine appends the DiskStat as the kernel prints its /proc/diskstats line
// ("%4d %7d %s %lu ..."), NFields counters.
func (d *DiskStat) AppendLine(b []byte) []byte {
	b = append(b, fmt.Sprintf("%4d %7d %s", d.Major, d.Minor, d.Name)...)
	for _, c := range d.counters() {
		b = append(b, ' ')
		b = strconv.AppendUint(b, *c, 10)
	}
	return append(b, '\n')
}

// parseDiskstats parses /proc/diskstats. Lines with fewer than the 11 classic counters, or
// with a non-number where a number belongs, are skipped; an input with no valid line and some
// text is an error (a malformed file), an empty one is no devices.
func parseDiskstats(b []byte) ([]DiskStat, error) {
	var out []DiskStat
	bad := 0
	for text := string(b); text != ""; {
		var line string
		line, text = cutLine(text)
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) < 3+11 {
			bad++
			continue
		}
		maj, err1 := strconv.ParseUint(f[0], 10, 32)
		min, err2 := strconv.ParseUint(f[1], 10, 32)
		if err1 != nil || err2 != nil {
			bad++
			continue
		}
		d := DiskStat{Major: uint32(maj), Minor: uint32(min), Name: f[2]}
		n := len(f) - 3
		if n > 17 {
			n = 17
		}
		d.NFields = n
		ok := true
		for i, p := range d.counters() {
			x, err := strconv.ParseUint(f[3+i], 10, 64)
			if err != nil {
				ok = false
				break
			}
			*p = x
		}
		if !ok {
			bad++
			continue
		}
		out = append(out, d)
	}
	if len(out) == 0 && bad > 0 {
		return nil, errors.New("malformed diskstats")
	}
	return out, nil
}

// Diskstats returns the /proc/diskstats view: in host mode the host's file; in container mode
// the devices the cgroup has touched, from io.stat (v2) or blkio.throttle.* (v1), per
// docs/semantics.md "Disks" (disk_cgroup.go). Without readable cgroup accounting (one warning)
// the container view shows the host's file.
func (v *View) Diskstats() ([]DiskStat, error) {
	if v.container {
		return v.containerDiskstats()
	}
	b, err := v.fs.ReadFile("/proc/diskstats")
	if err != nil {
		return nil, fmt.Errorf("/proc/diskstats: %w", unwrapPathErr(err))
	}
	return parseDiskstats(b)
}

// BlockDevices returns the names of the folders under /sys/block (whole disks, not
// partitions), sorted. In container mode too this is the host's list: the rendered
// sys/block holds every device (zeros for those the cgroup has not touched).
func (v *View) BlockDevices() []string {
	names, err := v.fs.DirNames("/sys/block")
	if err != nil {
		return nil
	}
	sort.Strings(names)
	return names
}
