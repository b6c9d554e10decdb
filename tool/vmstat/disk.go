package vmstat

import (
	"bufio"
	"io"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/internal/cli"
	"github.com/cgprocps/cgprocps/internal/profile"
)

// The disk reports (-d, -D, -p) over the view's /proc/diskstats: a "disk" is a name listed in
// /sys/block (every line is one when /sys/block cannot be listed), as procps's library
// classifies them; lines keep the file's order.

const (
	diskHeader     = "disk- ------------reads------------ ------------writes----------- -----IO------"
	diskWideHeader = "disk- -------------------reads------------------- -------------------writes------------------ ------IO-------"
)

var (
	diskWidths     = []int{5, 6, 6, 7, 7, 6, 6, 7, 7, 6, 6}
	diskWideWidths = []int{5, 9, 9, 11, 11, 9, 9, 11, 11, 7, 7}
)

// readDisks returns the view's diskstats and which of its lines are disks.
func readDisks(v *cgview.View) ([]cgview.DiskStat, []bool, bool) {
	ds, err := v.Diskstats()
	if err != nil {
		return nil, nil, false
	}
	names := v.BlockDevices()
	set := make(map[string]bool, len(names))
	for _, n := range names {
		set[n] = true
	}
	isDisk := make([]bool, len(ds))
	for i, d := range ds {
		isDisk[i] = len(names) == 0 || set[d.Name]
	}
	return ds, isDisk, true
}

func appendDiskHeader(b []byte, c config) []byte {
	widths := diskWidths
	if c.wide {
		b = append(b, diskWideHeader...)
		widths = diskWideWidths
	} else {
		b = append(b, diskHeader...)
	}
	if c.timestamp {
		b = append(b, tsHeader...)
	}
	b = append(b, '\n')
	for i, n := range []string{" ", "total", "merged", "sectors", "ms", "total", "merged", "sectors", "ms", "cur", "sec"} {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendPad(b, n, widths[i])
	}
	if c.timestamp {
		b = zoneField(b)
	}
	return append(b, '\n')
}

func runDisk(stdout, stderr io.Writer, prog string, k cli.Container, c config) int {
	out := bufio.NewWriterSize(stdout, 4096)
	w := newViewer(k, prog, stderr)
	widths := diskWidths
	if c.wide {
		widths = diskWideWidths
	}
	var b []byte
	if c.oneHeader {
		b = appendDiskHeader(b, c)
	}
	for i := uint64(0); c.infinite || i < c.updates; i++ {
		v := w.open()
		if v == nil {
			out.Write(b)
			out.Flush()
			return 1
		}
		ds, isDisk, ok := readDisks(v)
		if !ok {
			out.Write(b)
			return fail(out, stderr, prog, "Unable to create diskstat structure")
		}
		ts := ""
		if c.timestamp {
			ts = timestampNow()
		}
		for j, d := range ds {
			if !isDisk[j] {
				continue
			}
			if !c.oneHeader && uint64(j)%c.height == 0 {
				b = appendDiskHeader(b, c)
			}
			b = appendLeft(b, d.Name, widths[0])
			for n, x := range []uint64{d.ReadIOs, d.ReadMerges, d.ReadSectors, d.ReadTicks,
				d.WriteIOs, d.WriteMerges, d.WriteSectors, d.WriteTicks} {
				b = append(b, ' ')
				b = appendNum(b, x, widths[n+1])
			}
			b = append(b, ' ')
			b = appendInt(b, int64(int32(d.InFlight)/1000), widths[9])
			b = append(b, ' ')
			b = appendNum(b, d.IOTicks/1000, widths[10])
			if c.timestamp {
				b = append(b, ' ')
				b = append(b, ts...)
			}
			b = append(b, '\n')
		}
		out.Write(b)
		b = b[:0]
		if out.Flush() != nil {
			return 1
		}
		if c.infinite || i+1 < c.updates {
			sleepSeconds(c.delay)
		}
	}
	out.Write(b) // the -n header of a zero count
	out.Flush()
	return 0
}

func runDiskSum(stdout, stderr io.Writer, prog string, k cli.Container, c config) int {
	v := newViewer(k, prog, stderr).open()
	if v == nil {
		return 1
	}
	ds, isDisk, ok := readDisks(v)
	if !ok {
		return cli.Error(stderr, prog, "Unable to create diskstat structure")
	}
	var disks, parts int64
	var sum [11]uint64
	for j, d := range ds {
		if !isDisk[j] {
			parts++
			continue
		}
		disks++
		for n, x := range []uint64{d.ReadIOs, d.ReadMerges, d.ReadSectors, d.ReadTicks,
			d.WriteIOs, d.WriteMerges, d.WriteSectors, d.WriteTicks} {
			sum[n] += x
		}
		sum[8] += uint64(int64(int32(d.InFlight) / 1000))
		sum[9] += d.IOTicks / 1000
		sum[10] += d.TimeInQueue / 1000
	}
	labels := []string{"total reads", "merged reads", "read sectors", "milli reading",
		"writes", "merged writes", "written sectors", "milli writing", "inprogress IO",
		"milli spent IO", "milli weighted IO"}
	b := appendInt(nil, disks, 13)
	if c.ver == profile.Procps3_3_17 {
		// 3.3.17: a blank after the two counts, no weighted line
		b = append(b, " disks \n"...)
		b = appendInt(b, parts, 13)
		b = append(b, " partitions \n"...)
		labels = labels[:10]
	} else {
		b = append(b, " disks\n"...)
		b = appendInt(b, parts, 13)
		b = append(b, " partitions\n"...)
	}
	for n, text := range labels {
		b = appendNum(b, sum[n], 13)
		b = append(b, ' ')
		b = append(b, text...)
		b = append(b, '\n')
	}
	stdout.Write(b)
	return 0
}

func runPartition(stdout, stderr io.Writer, prog string, k cli.Container, c config) int {
	out := bufio.NewWriterSize(stdout, 4096)
	w := newViewer(k, prog, stderr)
	find := func() (cgview.DiskStat, string) {
		v := w.open()
		if v == nil {
			return cgview.DiskStat{}, "-"
		}
		if c.ver == profile.Procps3_3_17 {
			// 3.3.17 looks among the partitions only (not the disks)
			ds, isDisk, ok := readDisks(v)
			if ok {
				for j, d := range ds {
					if !isDisk[j] && d.Name == c.partition {
						return d, ""
					}
				}
			}
			return cgview.DiskStat{}, "partition was not found"
		}
		ds, err := v.Diskstats()
		if err != nil {
			return cgview.DiskStat{}, "Unable to create diskstat structure"
		}
		for _, d := range ds {
			if d.Name == c.partition {
				return d, ""
			}
		}
		return cgview.DiskStat{}, "Disk/Partition " + c.partition + " not found"
	}
	d, msg := find()
	switch msg {
	case "":
	case "-":
		return 1
	case "partition was not found": // 3.3.17: on stdout, exit 0
		io.WriteString(stdout, msg+"\n")
		return 0
	default:
		return cli.Error(stderr, prog, msg)
	}
	b := appendLeft(nil, c.partition, 10)
	b = append(b, ' ')
	b = appendPad(b, "reads", 10)
	b = append(b, "  "...)
	b = appendPad(b, "read sectors", 16)
	b = append(b, "  "...)
	b = appendPad(b, "writes", 10)
	b = append(b, "  "...)
	b = appendPad(b, "requested writes", 16)
	b = append(b, '\n')
	for i := uint64(0); c.infinite || i < c.updates; i++ {
		if i > 0 {
			if d, msg = find(); msg != "" {
				out.Write(b)
				if msg == "-" {
					out.Flush()
					return 1
				}
				return fail(out, stderr, prog, msg)
			}
		}
		b = appendNum(b, d.ReadIOs, 21)
		b = append(b, "  "...)
		b = appendNum(b, d.ReadSectors, 16)
		b = append(b, "  "...)
		b = appendNum(b, d.WriteIOs, 10)
		b = append(b, "  "...)
		b = appendNum(b, d.WriteSectors, 16)
		b = append(b, '\n')
		out.Write(b)
		b = b[:0]
		if out.Flush() != nil {
			return 1
		}
		if c.infinite || i+1 < c.updates {
			sleepSeconds(c.delay)
		}
	}
	out.Write(b)
	out.Flush()
	return 0
}
