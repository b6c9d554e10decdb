// Package vmstat is the cgroup-aware vmstat: procps-ng 4.0.2's vmstat, byte for byte, over the
// container's view (or the host's), with the two 4.0.2 bugs that 4.0.3 fixed left out (see
// docs/vmstat.md).
//
// Every number is computed from the values the rendered /proc/stat, /proc/vmstat,
// /proc/meminfo and /proc/uptime of the view carry, so real vmstat run over `cgprocps procfs`
// prints the same bytes: r/b, in/cs and the CPU columns from the stat view (container ticks,
// idle = capacity - busy), memory from the meminfo view, si/so/bi/bo from the vmstat view.
package vmstat

import (
	"io"
	"strconv"
	"strings"

	"github.com/cgprocps/cgprocps/internal/cli"
	"github.com/cgprocps/cgprocps/internal/cnum"
	"github.com/cgprocps/cgprocps/internal/getopt"
	"github.com/cgprocps/cgprocps/internal/machine"
	"github.com/cgprocps/cgprocps/internal/profile"
	"github.com/cgprocps/cgprocps/internal/version"
)

// Report modes (statMode bits of the original).
const (
	modeVM        = 0
	modeDisk      = 0x01
	modeSum       = 0x02
	modeSlab      = 0x04
	modePartition = 0x08
	modeDiskSum   = 0x10
)

const shortOpts = "afmnsdDp:S:wthVy"

// shortOptsFor is release ver's option string: 3.3.17 has no -y.
func shortOptsFor(ver profile.Procps) string {
	if ver == profile.Procps3_3_17 {
		return "afmnsdDp:S:wthV"
	}
	return shortOpts
}

// longOptsFor is release ver's table: 3.3.17 has no "no-first".
func longOptsFor(ver profile.Procps) []getopt.Option {
	if ver == profile.Procps3_3_17 {
		return longOpts[: len(longOpts)-1 : len(longOpts)-1]
	}
	return longOpts[:len(longOpts):len(longOpts)]
}

// longOpts is the original's table, in its order.
var longOpts = []getopt.Option{
	{Name: "active", Val: 'a'},
	{Name: "forks", Val: 'f'},
	{Name: "slabs", Val: 'm'},
	{Name: "one-header", Val: 'n'},
	{Name: "stats", Val: 's'},
	{Name: "disk", Val: 'd'},
	{Name: "disk-sum", Val: 'D'},
	{Name: "partition", HasArg: getopt.RequiredArgument, Val: 'p'},
	{Name: "unit", HasArg: getopt.RequiredArgument, Val: 'S'},
	{Name: "wide", Val: 'w'},
	{Name: "timestamp", Val: 't'},
	{Name: "help", Val: 'h'},
	{Name: "version", Val: 'V'},
	{Name: "no-first", Val: 'y'},
}

const helpText = `
Usage:
 %s [options] [delay [count]]

Report processes, memory, paging, block I/O and CPU activity of this container (or of the
host) in the layout of procps-ng's vmstat. With a delay, print a line every delay seconds
(count lines in all); the first line covers the time since the container (host) started.

Options:
 -a, --active           show inactive/active memory instead of buffers/cache
 -f, --forks            print the number of forks since start and exit (options after
                        it are not read: put container options before it)
 -m, --slabs            show the kernel's slab caches (/proc/slabinfo)
 -n, --one-header       print the header only once
 -s, --stats            print a table of counters and exit
 -d, --disk             per-disk statistics
 -D, --disk-sum         summary of the disk statistics
 -p, --partition <dev>  statistics of one partition (or disk)
 -S, --unit <char>      memory unit: k (1000), K (1024, default), m (10^6), M (2^20)
 -w, --wide             wide columns
 -t, --timestamp        append the date and time to each line
 -y, --no-first         skip the first line (the one since start)
     --json             print each line as one JSON object (default report only)

 -h, --help             print this help and exit
 -V, --version          print the version and exit
`

// config is the parsed command line.
type config struct {
	mode      int
	active    bool // -a
	wide      bool // -w
	noFirst   bool // -y
	timestamp bool // -t
	oneHeader bool // -n
	partition string
	unit      uint64 // dataUnit
	unitName  string // szDataUnit
	delay     uint64 // sleep_time (seconds)
	infinite  bool
	updates   uint64 // num_updates
	height    uint64
	json      bool // --json
	ver       profile.Procps
}

const noFirstHelp = " -y, --no-first         skip the first line (the one since start)\n"

// helpFor is release ver's help: 3.3.17 has no -y.
func helpFor(ver profile.Procps) string {
	if ver == profile.Procps3_3_17 {
		return strings.Replace(helpText, noFirstHelp, "", 1)
	}
	return helpText
}

func usage(w io.Writer, prog string, ver profile.Procps) {
	io.WriteString(w, strings.Replace(helpFor(ver), "%s", prog, 1)+cli.ContainerHelp)
}

// Main runs vmstat with argv0 as invoked and the arguments after it, as the procps-ng release of
// the profile in force (profile.Current); it returns the exit status.
func Main(argv0 string, args []string, stdout, stderr io.Writer) int {
	return MainProfile(profile.Current(stderr).Profile, argv0, args, stdout, stderr)
}

// MainProfile runs vmstat as the procps-ng release of profile pr.
func MainProfile(pr profile.Profile, argv0 string, args []string, stdout, stderr io.Writer) int {
	prog := cli.ProgName(argv0)
	ver := pr.Procps
	usageTo := func(w io.Writer) { usage(w, prog, ver) }
	c := config{unit: 1024, unitName: "K", delay: 1, updates: 1, ver: ver}
	var k cli.Container
	forks := false

	p := cli.NewParser(argv0, args, shortOptsFor(ver), parserOptsFor(ver), stderr)
	for !forks {
		o := p.Next()
		if o == getopt.Done {
			break
		}
		switch o {
		case 'V':
			io.WriteString(stdout, version.Line("vmstat", ver.Original())+"\n")
			return 0
		case 'h':
			usage(stdout, prog, ver)
			return 0
		case 'd':
			c.mode |= modeDisk
		case 'a':
			c.active = true
		case 'f':
			// The original prints the forks as soon as it sees -f: later options and the
			// operands are never looked at. Container options come first to count.
			forks = true
		case 'm':
			c.mode |= modeSlab
		case 'D':
			c.mode |= modeDiskSum
		case 'n':
			c.oneHeader = true
		case 'p':
			c.mode |= modePartition
			c.partition = strings.TrimPrefix(p.Optarg, "/dev/")
		case 'S':
			var ch byte
			if p.Optarg != "" {
				ch = p.Optarg[0]
			}
			switch ch {
			case 'b', 'B':
				c.unit = 1
			case 'k':
				c.unit = 1000
			case 'K':
				c.unit = 1024
			case 'm':
				c.unit = 1000000
			case 'M':
				c.unit = 1048576
			default:
				return cli.Error(stderr, prog, "-S requires k, K, m or M (default is KiB)")
			}
			c.unitName = string(ch)
		case 's':
			c.mode |= modeSum
		case 'w':
			c.wide = true
		case 't':
			c.timestamp = true
		case 'y':
			c.noFirst = true
		case optJSON:
			c.json = true
		default:
			if status := k.Other(o, p.Optarg, prog, stderr, usageTo); status >= 0 {
				return status
			}
		}
	}
	if forks && c.json {
		return cli.Error(stderr, prog, errJSONMode)
	}
	if forks {
		return runForks(stdout, stderr, prog, k)
	}

	ops := p.Operands()
	errnoCleared := false
	if len(ops) > 0 {
		n, errText, ok := cnum.StrtolOrErr(ops[0], cnum.StartupErrno())
		errnoCleared = true
		if !ok {
			return cli.Error(stderr, prog, withErrno("failed to parse argument: '"+ops[0]+"'", errText))
		}
		if n < 1 {
			return cli.Error(stderr, prog, "delay must be positive integer")
		}
		if n > 1<<32-1 {
			return cli.Error(stderr, prog, "too large delay value")
		}
		c.delay = uint64(n)
		c.infinite = true
		ops = ops[1:]
	}
	c.updates = 1
	if len(ops) > 0 {
		stale := ""
		if !errnoCleared {
			stale = cnum.StartupErrno()
		}
		n, errText, ok := cnum.StrtolOrErr(ops[0], stale)
		if !ok {
			return cli.Error(stderr, prog, withErrno("failed to parse argument: '"+ops[0]+"'", errText))
		}
		c.updates = uint64(n)
		c.infinite = false
		ops = ops[1:]
	}
	if len(ops) > 0 {
		usageTo(stderr)
		return 1
	}
	if !c.oneHeader {
		h := int64(termRows()) - 3
		c.height = 22
		if h > 0 {
			c.height = uint64(h)
		}
	}
	if c.json && c.mode != modeVM {
		return cli.Error(stderr, prog, errJSONMode)
	}
	switch c.mode {
	case modeVM:
		return runVM(stdout, stderr, prog, k, c)
	case modeSum:
		return runSum(stdout, stderr, prog, k, c)
	case modeDisk:
		return runDisk(stdout, stderr, prog, k, c)
	case modePartition:
		return runPartition(stdout, stderr, prog, k, c)
	case modeSlab:
		return runSlab(stdout, stderr, prog, k, c)
	case modeDiskSum:
		return runDiskSum(stdout, stderr, prog, k, c)
	}
	usageTo(stderr)
	return 1
}

func withErrno(msg, errText string) string {
	if errText == "" {
		return msg
	}
	return msg + ": " + errText
}

// appendPad appends s right-aligned in width columns (printf "%*s").
func appendPad(b []byte, s string, width int) []byte {
	for i := len(s); i < width; i++ {
		b = append(b, ' ')
	}
	return append(b, s...)
}

// appendLeft appends s left-aligned in width columns (printf "%-*s").
func appendLeft(b []byte, s string, width int) []byte {
	b = append(b, s...)
	for i := len(s); i < width; i++ {
		b = append(b, ' ')
	}
	return b
}

func appendNum(b []byte, x uint64, width int) []byte {
	return appendPad(b, strconv.FormatUint(x, 10), width)
}

func appendInt(b []byte, x int64, width int) []byte {
	return appendPad(b, strconv.FormatInt(x, 10), width)
}

// termRows is the original's winhi(): the terminal's rows of stdout, else 24.
func termRows() int {
	if _, rows, err := machine.WinSize(1); err == nil && rows > 0 {
		return rows
	}
	return 24
}
