package iostat

import (
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cgprocps/cgprocps/internal/cli"
	"github.com/cgprocps/cgprocps/internal/cnum"
	"github.com/cgprocps/cgprocps/internal/profile"
)

// Report flags, as sysstat's iostat names them (I_D_*).
const (
	fCPU = 1 << iota
	fDisk
	fTimestamp
	fExtended
	fEverything // -p ALL or a bare -p: read /proc/diskstats
	fKilobytes
	fUnfiltered // devices named: show them even when idle since boot
	fMegabytes
	fAllDevices // every device of /sys/block
	fPretty
	fOmitSinceBoot
	fJSON
	fDevmapName
	fISO
	fZeroOmit
	fUnit // --human
	fShort
	fCompact
	fGroupDefined
	fGroupTotalOnly
)

// Device types of the device list (T_*).
const (
	tPart = iota
	tDev
	tPartDev
	tGroup // a -g group; its type grows by one per device counted into it
)

// config is a parsed command line.
type config struct {
	ver      profile.Sysstat // the release reproduced
	flags    int
	dplaces  int // --dec, -1 when not given
	interval int64
	count    int64
	devs     []devArg // devices named by operands and -p, in order
	k        cli.Container
	help     bool
	version  bool
	altDir   bool
}

// ordered reports whether a device named now is inserted in alphabetical order.
func (c *config) ordered() bool { return c.flags&(fGroupDefined|fEverything) == 0 }

type devArg struct {
	name    string
	tp      int
	ordered bool // inserted in alphabetical order (no group defined, no -p ALL yet)
	dm      bool // -N came before: a device-mapper registered name stands for its dm-N
}

const helpText = `Usage: %s [ options ] [ <interval> [ <count> ] ] [ <device> [...] | ALL ]

Report CPU and block device I/O statistics of this container (or of the host) in the
layout of sysstat's iostat. In a container the CPU report is measured against the
container's CPU capacity and the device report shows the I/O its cgroup did.

Reports:
 -c                 CPU report only
 -d                 device report only
 -x                 extended device statistics
 -s                 short (narrower) device report
 -p [ <device> [,...] | ALL ]
                    also the partitions of the named devices (ALL: every device
                    and partition of /proc/diskstats)
 <device> ... | ALL only these devices (ALL: every device, idle ones too)

Units and layout:
 -k | -m            kilobytes or megabytes per second
 -h                 human-readable sizes, device name last (--human --pretty)
 --human            sizes with a unit suffix
 --pretty           device name in the last column
 --compact          with -x and --pretty, one table instead of four
 --dec={ 0 | 1 | 2 } decimal places
 -N                 device-mapper names
 -g <group> [ -H ]  add the devices named after it into a group row (-H: only that row)
 -o JSON            JSON output
 -t                 print the time of each report
 -y                 skip the first report (the one since start-up)
 -z                 omit devices without activity in the interval

 interval [count]   repeat every interval seconds, count times
 -V                 print the version and exit
 --help             print this help and exit

Environment: S_COLORS, S_COLORS_SGR, S_TIME_FORMAT=ISO, POSIXLY_CORRECT.
`

func usageLine(w io.Writer, argv0 string, ver profile.Sysstat) {
	compact := "[ --compact ] " // from 12.6
	if ver == profile.Sysstat12_5 {
		compact = ""
	}
	io.WriteString(w, "Usage: "+argv0+" [ options ] [ <interval> [ <count> ] ]\n")
	io.WriteString(w, "Options are:\n"+
		"[ -c ] [ -d ] [ -h ] [ -k | -m ] [ -N ] [ -s ] [ -t ] [ -V ] [ -x ] [ -y ] [ -z ]\n"+
		compact+"[ --dec={ 0 | 1 | 2 } ] [ --human ] [ --pretty ] [ -o JSON ]\n"+
		"[ [ -H ] -g <group_name> ] [ -p [ <device> [,...] | ALL ] ]\n"+
		"[ <device> [...] | ALL ]\n"+
		"Container options: [ --host | --container ]\n"+
		"[ --cgroup <path> | --pid <pid> | --container-id <id> ]\n")
}

// deviceName is sysstat's device_name: the path resolved, "/dev/" dropped, slashes as '!'.
func deviceName(name string) string {
	r, err := filepath.EvalSymlinks(name)
	if err != nil {
		return name
	}
	r, err = filepath.Abs(r)
	if err != nil {
		return name
	}
	r = strings.TrimPrefix(r, "/dev/")
	return strings.ReplaceAll(r, "/", "!")
}

// parseArgs parses as sysstat's iostat does: exact words, grouped single-letter flags, and
// -p's optional following word; the container options through cli's Word. ok is false when
// the command line is wrong: with errMsg empty the usage goes to stderr, else errMsg (exit 1).
func parseArgs(ver profile.Sysstat, args []string) (c config, ok bool, errMsg string) {
	c.ver = ver
	c.dplaces = -1
	c.count = 1
	it := 0
	reportSet := false
	for opt := 0; opt < len(args); {
		if n, err := c.k.Word(args, opt); n > 0 {
			if err != nil {
				return c, false, err.Error()
			}
			opt += n
			continue
		}
		a := args[opt]
		switch {
		case a == "-p":
			opt++
			if opt < len(args) && !cnum.AllDigits(args[opt]) && !strings.HasPrefix(args[opt], "-") {
				c.flags |= fUnfiltered
				for _, t := range strings.Split(args[opt], ",") {
					if t == "" {
						continue
					}
					if t == "ALL" {
						c.flags |= fEverything
					} else {
						c.devs = append(c.devs, devArg{deviceName(t), tPartDev, c.ordered(), c.flags&fDevmapName != 0})
					}
				}
				opt++
			} else {
				c.flags |= fEverything
			}
		case a == "-g":
			opt++
			if opt >= len(args) {
				return c, false, ""
			}
			c.flags |= fGroupDefined
			name := args[opt]
			if len(name) > 126 {
				name = name[:126]
			}
			c.devs = append(c.devs, devArg{" " + name, tGroup, false, false})
			opt++
		case a == "-f" || a == "+f":
			if c.altDir || opt+1 >= len(args) {
				return c, false, ""
			}
			c.altDir = true
			if st, err := os.Stat(args[opt+1]); err != nil || !st.IsDir() {
				return c, false, ""
			}
			return c, false, a + ": alternate sysfs folders are not supported by cgprocps"
		case a == "-j":
			opt++
			if opt >= len(args) || len(args[opt]) >= 19 {
				return c, false, ""
			}
			dir := "/dev/disk/by-" + strings.ToLower(args[opt])
			if st, err := os.Stat(dir); err != nil || !st.IsDir() {
				return c, false, "\x00Invalid type of persistent device name"
			}
			return c, false, "-j: persistent device names are not supported by cgprocps"
		case a == "--human":
			c.flags |= fUnit
			opt++
		case a == "--pretty":
			c.flags |= fPretty
			opt++
		case a == "--compact" && ver != profile.Sysstat12_5: // 12.6's
			c.flags |= fCompact
			opt++
		case strings.HasPrefix(a, "--dec=") && len(a) == 7:
			d := 0
			if a[6] >= '0' && a[6] <= '9' {
				d = int(a[6] - '0')
			} else if ver == profile.Sysstat12_7 {
				return c, false, "" // 12.7 wants a digit; before, atoi's 0
			}
			if d > 2 {
				return c, false, ""
			}
			c.dplaces = d
			opt++
		case a == "-o":
			opt++
			if opt < len(args) && args[opt] == "JSON" {
				c.flags |= fJSON
				opt++
			} else {
				return c, false, ""
			}
		case a == "--help":
			c.help = true
			return c, true, ""
		case strings.HasPrefix(a, "-"):
			for i := 1; i < len(a); i++ {
				switch a[i] {
				case 'c':
					c.flags |= fCPU
					reportSet = true
				case 'd':
					c.flags |= fDisk
					reportSet = true
				case 'h':
					c.flags |= fPretty | fUnit
				case 'H':
					c.flags |= fGroupTotalOnly
				case 'k':
					if c.flags&fMegabytes != 0 {
						return c, false, ""
					}
					c.flags |= fKilobytes
				case 'm':
					if c.flags&fKilobytes != 0 {
						return c, false, ""
					}
					c.flags |= fMegabytes
				case 'N':
					c.flags |= fDevmapName
				case 'p':
					c.flags |= fEverything
				case 's':
					c.flags |= fShort
				case 't':
					c.flags |= fTimestamp
				case 'x':
					c.flags |= fExtended
				case 'y':
					c.flags |= fOmitSinceBoot
				case 'z':
					c.flags |= fZeroOmit
				case 'V':
					c.version = true
					return c, true, ""
				default:
					return c, false, ""
				}
			}
			opt++
		case !cnum.AllDigits(a):
			c.flags |= fUnfiltered
			if a != "ALL" {
				c.devs = append(c.devs, devArg{deviceName(a), tDev, c.ordered(), c.flags&fDevmapName != 0})
			} else {
				c.flags |= fAllDevices
			}
			opt++
		case it == 0:
			c.interval = cnum.Atol(a)
			c.count = -1
			it = 1
			opt++
		case it > 0:
			c.count = cnum.Atol(a)
			if c.count < 1 || c.interval == 0 {
				return c, false, ""
			}
			it = -1
			opt++
		default:
			return c, false, ""
		}
	}
	if c.interval == 0 {
		c.count = 1
	}
	if c.flags&fGroupTotalOnly != 0 && c.flags&fGroupDefined == 0 {
		return c, false, ""
	}
	if !reportSet {
		c.flags |= fCPU | fDisk
	}
	if c.flags&(fEverything|fExtended|fUnfiltered) != 0 {
		c.flags |= fDisk
	}
	if c.flags&fUnfiltered == 0 {
		c.flags |= fAllDevices
	}
	if c.flags&(fKilobytes|fMegabytes) == 0 {
		if _, set := os.LookupEnv("POSIXLY_CORRECT"); !set {
			c.flags |= fKilobytes
		}
	}
	return c, true, ""
}
