package sar

import (
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/cgprocps/cgprocps/internal/cli"
	"github.com/cgprocps/cgprocps/internal/cnum"
)

// reports is a set of sar reports (sysstat's activities), in sysstat's display order.
type reports uint32

const (
	repCPU       reports = 1 << iota // -u, -P
	repPcsw                          // -w
	repSwapping                      // -W
	repPaging                        // -B
	repIO                            // -b
	repMem                           // -r
	repSwap                          // -S
	repQueue                         // -q
	repDisk                          // -d
	repNetDev                        // -n DEV
	repNetEdev                       // -n EDEV
	repNetSock                       // -n SOCK
	repNetIP                         // -n IP
	repNetEIP                        // -n EIP
	repNetICMP                       // -n ICMP
	repNetEICMP                      // -n EICMP
	repNetTCP                        // -n TCP
	repNetETCP                       // -n ETCP
	repNetUDP                        // -n UDP
	repNetSock6                      // -n SOCK6
	repNetIP6                        // -n IP6
	repNetEIP6                       // -n EIP6
	repNetICMP6                      // -n ICMP6
	repNetEICMP6                     // -n EICMP6
	repNetUDP6                       // -n UDP6
	repKTables                       // -v
	repHuge                          // -H
	repIRQ                           // -I
	repSoft                          // -n SOFT
	repFS                            // -F
	repSerial                        // -y

	// repSnmp: the reports of netsnmp.go (sockstat, snmp, snmp6).
	repSnmp = repNetSock | repNetIP | repNetEIP | repNetICMP | repNetEICMP | repNetTCP | repNetETCP | repNetUDP |
		repNetSock6 | repNetIP6 | repNetEIP6 | repNetICMP6 | repNetEICMP6 | repNetUDP6
	// repExtra: the reports whose counters are in Sample.Snmp.
	repExtra = repSnmp | repKTables | repHuge
	repAll   = repCPU | repPcsw | repSwapping | repPaging | repIO | repMem | repSwap | repQueue | repDisk | repNetDev | repNetEdev | repSnmp |
		repKTables | repHuge | repIRQ | repSoft | repFS | repSerial
)

func (r reports) has(x reports) bool { return r&x != 0 }

// netKeyword is the bit of a -n word of netsnmp.go's reports (0 for another word).
func netKeyword(w string) reports {
	switch w {
	case "SOCK":
		return repNetSock
	case "IP":
		return repNetIP
	case "EIP":
		return repNetEIP
	case "ICMP":
		return repNetICMP
	case "EICMP":
		return repNetEICMP
	case "TCP":
		return repNetTCP
	case "ETCP":
		return repNetETCP
	case "UDP":
		return repNetUDP
	case "SOCK6":
		return repNetSock6
	case "IP6":
		return repNetIP6
	case "EIP6":
		return repNetEIP6
	case "ICMP6":
		return repNetICMP6
	case "EICMP6":
		return repNetEICMP6
	case "UDP6":
		return repNetUDP6
	}
	return 0
}

// maxCPUs is sysstat's NR_CPUS (8192, glibc's __CPU_SETSIZE being smaller): -P values must
// be below it.
const maxCPUs = 8192

// options is a parsed sar command line.
type options struct {
	rep         reports
	irqList     []string // -I SUM, --int=: the -I rows to print by name; nil: all
	fsList      []string // --fs=: the -F rows to print by name (or mount point); nil: all
	fsFlags     int      // -F: fsByName, fsByMount
	cpuAll      bool     // -u ALL
	memAll      bool     // -r ALL
	cpus        []bool   // -P bitmap: index 0 is "all", i+1 is CPU i; nil = "all" only
	optionP     bool
	cpusAll     bool // -P ALL (or -A): sysstat sets its whole bitmap, 8200 bits
	optionA     bool
	human       bool // --human (-h)
	pretty      bool // --pretty (-p, -h)
	zeroOmit    bool // -z
	dec         int  // --dec=N, -1 when not given
	interval    int64
	count       int64 // 0: not given
	fromFile    string
	fromSet     bool
	toFile      string
	toSet       bool
	start       *tstamp
	intervalSet bool
	dayOffset   bool
	end         *tstamp
	version     bool
	help        bool
	colors      colors    // the zero value: no colours
	rowsOut     io.Writer // stdout, for the terminal height
	unsupported []string  // options whose reports cgprocps does not have
	container   cli.Container
}

type tstamp struct{ h, m, s int }

// errUsage is sysstat's usage(): "Usage: ..." and exit status 1.
var errUsage = errors.New("usage")

// errVersion ends the parsing at -V.
var errVersion = errors.New("version")

// exitError carries a one-line message and exit status; with prog the message follows
// "sar: " (the program name).
type exitError struct {
	msg  string
	code int
	prog bool
}

func (e *exitError) Error() string { return e.msg }

// atol is C's atol (cnum.Atol) with the guard sar's own digit loop had: a value above
// 4611686018427387909 reads as 2^62. Kept so that the clean-up changed nothing; iostat reads
// its operands with plain cnum.Atol (LONG_MAX, as C). Either way an interval that large
// overflows time.Duration when sar sleeps.
func atol(s string) int64 {
	if n := cnum.Atol(s); n <= 4611686018427387909 {
		return n
	}
	return 1 << 62
}

// parseArgs parses sar's command line as sysstat's own parser does: exact words, options whose
// argument is an optional following word, clustered letters for the plain flags; the
// container options through cli's Word.
func parseArgs(args []string) (*options, error) {
	o := &options{dec: -1, interval: -1}
	dayOffset := false
	next := func(i int) (string, bool) {
		if i < len(args) {
			return args[i], true
		}
		return "", false
	}
	for i := 0; i < len(args); {
		if n, err := o.container.Word(args, i); n > 0 {
			if err != nil {
				return nil, &exitError{msg: err.Error(), code: 1, prog: true}
			}
			i += n
			continue
		}
		a := args[i]
		switch {
		case a == "--sadc":
			// sysstat prints where sadc is and exits; cgprocps has no sadc.
			return nil, &exitError{msg: "sar: cgprocps reads the statistics itself (no sadc)", code: 1}
		case strings.HasPrefix(a, "--fs="):
			for _, t := range strings.Split(a[5:], ",") {
				if t != "" {
					o.addFSItem(t)
				}
			}
			i++
		case strings.HasPrefix(a, "--dev=") || strings.HasPrefix(a, "--iface="):
			o.unsupported = append(o.unsupported, a[:strings.IndexByte(a, '=')])
			i++
		case strings.HasPrefix(a, "--int="):
			o.parseIntList(a[6:])
			i++
		case a == "--help":
			o.help = true
			return o, nil
		case a == "--human":
			o.human = true
			i++
		case a == "--pretty":
			o.pretty = true
			i++
		case strings.HasPrefix(a, "--dec=") && len(a) == 7:
			if a[6] < '0' || a[6] > '2' {
				return nil, errUsage
			}
			o.dec = int(a[6] - '0')
			i++
		case a == "-D":
			i++ // saYYYYMMDD file names: cgprocps never names files itself
		case a == "-P":
			v, ok := next(i + 1)
			if !ok || !o.parseP(v) {
				return nil, errUsage
			}
			o.optionP = true
			i += 2
		case a == "-o":
			if o.toSet {
				return nil, errUsage
			}
			o.toSet = true
			i++
			if v, ok := next(i); ok && !strings.HasPrefix(v, "-") && !cnum.AllDigits(v) {
				o.toFile = v
				i++
			}
		case a == "-f":
			if o.fromSet || dayOffset {
				return nil, errUsage
			}
			o.fromSet = true
			i++
			if v, ok := next(i); ok && !strings.HasPrefix(v, "-") && !cnum.AllDigits(v) {
				o.fromFile = v
				i++
			}
		case a == "-s" || a == "-e":
			t, n, ok := parseTimestamp(args, i+1, a == "-s")
			if !ok {
				return nil, errUsage
			}
			if a == "-s" {
				o.start = t
			} else {
				o.end = t
			}
			i = n
		case a == "-i":
			v, ok := next(i + 1)
			if !ok || !cnum.AllDigits(v) || atol(v) < 1 {
				return nil, errUsage
			}
			o.interval = atol(v) // sysstat's -i sets the same interval
			o.intervalSet = true
			i += 2
		case a == "-m":
			v, ok := next(i + 1)
			if !ok {
				return nil, errUsage
			}
			for _, t := range strings.Split(v, ",") {
				switch t {
				case "CPU", "FAN", "IN", "TEMP", "FREQ", "USB", "ALL":
				case "":
				default:
					return nil, errUsage
				}
			}
			o.unsupported = append(o.unsupported, "-m")
			i += 2
		case a == "-n":
			v, ok := next(i + 1)
			if !ok {
				return nil, errUsage
			}
			for _, t := range strings.Split(v, ",") {
				switch t {
				case "":
				case "DEV":
					o.rep |= repNetDev
				case "EDEV":
					o.rep |= repNetEdev
				case "ALL":
					o.rep |= repNetDev | repNetEdev | repSnmp | repSoft
					o.unsupported = append(o.unsupported, "-n NFS,NFSD,FC (of -n ALL)")
				case "SOCK", "IP", "EIP", "ICMP", "EICMP", "TCP", "ETCP", "UDP",
					"SOCK6", "IP6", "EIP6", "ICMP6", "EICMP6", "UDP6":
					o.rep |= netKeyword(t)
				case "SOFT":
					o.rep |= repSoft
				case "NFS", "NFSD", "FC":
					o.unsupported = append(o.unsupported, "-n "+t)
				default:
					return nil, errUsage
				}
			}
			i += 2
		case a == "-q":
			i++
			v, ok := next(i)
			if !ok {
				o.rep |= repQueue
				break
			}
			good := true
			var sel reports
			var psi bool
			for _, t := range strings.Split(v, ",") {
				switch t {
				case "":
				case "LOAD":
					sel |= repQueue
				case "CPU", "IO", "MEM", "PSI":
					psi = true
				case "ALL":
					sel |= repQueue
					psi = true
				default:
					good = false
				}
				if !good {
					break
				}
			}
			if !good {
				// sysstat keeps what it selected before the bad word, selects the load
				// report and reads the word again as the next argument.
				o.rep |= repQueue | sel
				break
			}
			o.rep |= sel
			if psi {
				o.unsupported = append(o.unsupported, "-q PSI")
			}
			i++
		case len(a) > 1 && len(a) < 4 && a[0] == '-' && cnum.AllDigits(a[1:]):
			if o.fromSet || dayOffset {
				return nil, errUsage
			}
			dayOffset = true
			o.dayOffset = true
			o.unsupported = append(o.unsupported, "-"+a[1:])
			i++
		case strings.HasPrefix(a, "-"):
			n, err := o.parseFlags(args, i)
			if err != nil {
				return nil, err
			}
			i = n + 1
		case o.interval < 0:
			if !cnum.AllDigits(a) {
				return nil, errUsage
			}
			o.interval = atol(a)
			i++
		default:
			if !cnum.AllDigits(a) || o.interval == 0 || o.count != 0 {
				return nil, errUsage
			}
			o.count = atol(a)
			if o.count < 1 {
				return nil, errUsage
			}
			i++
		}
	}
	return o, nil
}

// parseFlags parses a cluster of one-letter options ("-BruW") at args[i]; it returns the
// index of the last argument it used.
func (o *options) parseFlags(args []string, i int) (int, error) {
	a := args[i]
	nextIs := func(j int, words ...string) bool {
		if j != len(a)-1 || i+1 >= len(args) {
			return false
		}
		for _, w := range words {
			if args[i+1] == w {
				return true
			}
		}
		return false
	}
	if len(a) == 1 {
		return i, nil
	}
	for j := 1; j < len(a); j++ {
		switch a[j] {
		case 'A':
			o.optionA = true
			o.rep |= repAll
			o.memAll = true
			o.cpuAll = true
			o.fsFlags = fsByName // sysstat sets -F's flags to FILESYSTEM (a -F MOUNT before is lost)
		case 'B':
			o.rep |= repPaging
		case 'b':
			o.rep |= repIO
		case 'C':
		case 'd':
			o.rep |= repDisk
		case 'F':
			o.rep |= repFS
			if nextIs(j, "MOUNT") {
				o.fsFlags |= fsByMount
				return i + 1, nil
			}
			o.fsFlags |= fsByName
		case 'H':
			o.rep |= repHuge
		case 'h':
			o.human, o.pretty = true, true
		case 'I':
			o.rep |= repIRQ
			if nextIs(j, "ALL", "SUM") {
				if args[i+1] == "SUM" {
					o.addIRQItem("sum")
				}
				return i + 1, nil
			}
		case 'j':
			if i+1 >= len(args) {
				return i, errUsage
			}
			switch strings.ToLower(args[i+1]) {
			case "sid", "id", "label", "path", "uuid", "partuuid":
			default:
				return i, &exitError{msg: "Invalid type of persistent device name", code: 1}
			}
			o.unsupported = append(o.unsupported, "-j")
			return i + 1, nil
		case 'p':
			o.pretty = true
		case 'q':
			o.rep |= repQueue
		case 'r':
			o.rep |= repMem
			if nextIs(j, "ALL") {
				o.memAll = true
				return i + 1, nil
			}
		case 'S':
			o.rep |= repSwap
		case 't':
		case 'u':
			o.rep |= repCPU
			if nextIs(j, "ALL") {
				o.cpuAll = true
				return i + 1, nil
			}
			o.cpuAll = false
		case 'v':
			o.rep |= repKTables
		case 'w':
			o.rep |= repPcsw
		case 'W':
			o.rep |= repSwapping
		case 'y':
			o.rep |= repSerial
		case 'z':
			o.zeroOmit = true
		case 'V':
			o.version = true // sysstat prints its version at once and exits
			return i, errVersion
		default:
			return i, errUsage
		}
	}
	return i, nil
}

// maxIRQs is sysstat's NR_IRQS: the bound of the ranges of --int=.
const maxIRQs = 4096

// addIRQItem is add_list_item for -I: names of 8 bytes or more are refused, duplicates kept once.
func (o *options) addIRQItem(name string) {
	if len(name) >= 8 {
		return
	}
	if o.irqList == nil {
		o.irqList = []string{}
	}
	for _, x := range o.irqList {
		if x == name {
			return
		}
	}
	o.irqList = append(o.irqList, name)
}

// parseIntList is parse_sa_devices for --int=: names, and numbers or ranges of numbers below
// NR_IRQS added one by one.
func (o *options) parseIntList(v string) {
	for _, t := range strings.Split(v, ",") {
		if t == "" {
			continue
		}
		if len(t) <= 16 && strings.Trim(t, "0123456789-") == "" {
			if lo, hi, ok := parseRange(t, maxIRQs); ok {
				for n := lo; n <= hi; n++ {
					o.addIRQItem(strconv.Itoa(n))
				}
				continue
			}
		}
		o.addIRQItem(t)
	}
}

// parseP parses the -P value: ALL, or a list of CPU numbers, ranges ("2-5", "3-") and "all".
func (o *options) parseP(v string) bool {
	if o.cpus == nil {
		o.cpus = make([]bool, maxCPUs+1)
	}
	if v == "ALL" {
		for i := range o.cpus {
			o.cpus[i] = true
		}
		o.cpusAll = true
		return true
	}
	for _, t := range strings.Split(v, ",") {
		if t == "" {
			continue
		}
		if t == "all" {
			o.cpus[0] = true
			continue
		}
		lo, hi, ok := parseRange(t, maxCPUs)
		if !ok {
			return false
		}
		for c := lo; c <= hi; c++ {
			o.cpus[c+1] = true
		}
	}
	return true
}

// parseRange reads "n", "n-m" or "n-" with values below max.
func parseRange(t string, max int) (lo, hi int, ok bool) {
	if len(t) > 15 {
		t = t[:15]
	}
	val := func(s string) (int, bool) {
		if s == "" {
			return -1, true
		}
		if !cnum.AllDigits(s) {
			return 0, false
		}
		n := atol(s)
		if n >= int64(max) {
			return 0, false
		}
		return int(n), true
	}
	if a, b, isRange := strings.Cut(t, "-"); isRange {
		l, ok1 := val(a)
		h, ok2 := val(b)
		if !ok1 || !ok2 || l < 0 {
			return 0, 0, false
		}
		if h < 0 {
			h = max - 1
		}
		if h < l {
			return 0, 0, false
		}
		return l, h, true
	}
	h, ok1 := val(t)
	if !ok1 || h < 0 {
		return 0, 0, false
	}
	return h, h, true
}

// parseTimestamp reads the optional hh:mm or hh:mm:ss word after -s/-e at args[i]; it returns
// the index of the next argument.
func parseTimestamp(args []string, i int, start bool) (*tstamp, int, bool) {
	ts := "08:00:00"
	if !start {
		ts = "18:00:00"
	}
	if i < len(args) {
		switch len(args[i]) {
		case 5:
			ts = args[i] + ":00"
			i++
		case 8:
			ts = args[i]
			i++
		}
	}
	cAtoi := func(s string) int {
		n, neg := 0, false
		k := 0
		for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
			k++
		}
		if k < len(s) && (s[k] == '-' || s[k] == '+') {
			neg = s[k] == '-'
			k++
		}
		for ; k < len(s) && s[k] >= '0' && s[k] <= '9'; k++ {
			n = n*10 + int(s[k]-'0')
			if n > 1<<20 {
				break
			}
		}
		if neg {
			return -n
		}
		return n
	}
	t := &tstamp{h: cAtoi(ts[0:2]), m: cAtoi(ts[3:5]), s: cAtoi(ts[6:8])}
	if t.s < 0 || t.s > 59 || t.m < 0 || t.m > 59 || t.h < 0 || t.h > 23 {
		return nil, i, false
	}
	return t, i, true
}
