// Package free is the cgroup-aware free: procps-ng's free, byte for byte, over the memory view
// of the container (or of the host); the release is the version profile's (internal/profile:
// 4.0.2 by default, 3.3.17 or 4.0.4).
//
// Where each number comes from: Format → Compute (the arithmetic of procps's meminfo
// library) → cgview.Meminfo (the container's /proc/meminfo view).
package free

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"strings"
	"time"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/internal/cli"
	"github.com/cgprocps/cgprocps/internal/cnum"
	"github.com/cgprocps/cgprocps/internal/getopt"
	"github.com/cgprocps/cgprocps/internal/profile"
	"github.com/cgprocps/cgprocps/internal/version"
)

// Codes of the long options without a short letter (procps uses CHAR_MAX+1...).
const (
	optSI = 0x80 + iota
	optKilo
	optMega
	optGiga
	optTera
	optPeta
	optTebi
	optPebi
	optHelp
)

// shortOpts is 4.0.2's; shortOptsFor gives each release's.
const shortOpts = "bkmghltvc:ws:V"

func shortOptsFor(ver profile.Procps) string {
	switch ver {
	case profile.Procps3_3_17:
		return "bkmghltc:ws:V" // no -v (--committed came with 4.0.0)
	case profile.Procps4_0_4:
		return "bkmghlLtvc:ws:V"
	}
	return shortOpts
}

// longOpts is the original's table, in its order (the order of "possibilities" in the
// ambiguity message).
var longOpts = []getopt.Option{
	{Name: "bytes", Val: 'b'},
	{Name: "kilo", Val: optKilo},
	{Name: "mega", Val: optMega},
	{Name: "giga", Val: optGiga},
	{Name: "tera", Val: optTera},
	{Name: "peta", Val: optPeta},
	{Name: "kibi", Val: 'k'},
	{Name: "mebi", Val: 'm'},
	{Name: "gibi", Val: 'g'},
	{Name: "tebi", Val: optTebi},
	{Name: "pebi", Val: optPebi},
	{Name: "human", Val: 'h'},
	{Name: "si", Val: optSI},
	{Name: "lohi", Val: 'l'},
	{Name: "total", Val: 't'},
	{Name: "committed", Val: 'v'},
	{Name: "seconds", HasArg: getopt.RequiredArgument, Val: 's'},
	{Name: "count", HasArg: getopt.RequiredArgument, Val: 'c'},
	{Name: "wide", Val: 'w'},
	{Name: "help", Val: optHelp},
	{Name: "version", Val: 'V'},
}

// longOptsFor is release ver's table: 3.3.17 has no "committed", 4.0.4 has "line" after
// "lohi".
func longOptsFor(ver profile.Procps) []getopt.Option {
	var t []getopt.Option
	for _, o := range longOpts {
		if o.Name == "committed" && ver == profile.Procps3_3_17 {
			continue
		}
		t = append(t, o)
		if o.Name == "lohi" && ver == profile.Procps4_0_4 {
			t = append(t, getopt.Option{Name: "line", Val: 'L'})
		}
	}
	return t
}

const helpText = `
Usage:
 %s [options]

Show the amount of free and used memory (RAM and swap) of this container, or of
the host, in the layout of procps-ng's free.

Units (one at most; the default is kibibytes):
 -b, --bytes         bytes
 -k, --kibi          kibibytes (1024 bytes)
 -m, --mebi          mebibytes
 -g, --gibi          gibibytes
     --tebi          tebibytes
     --pebi          pebibytes
     --kilo          kilobytes (1000 bytes); also sets --si
     --mega          megabytes
     --giga          gigabytes
     --tera          terabytes
     --peta          petabytes
 -h, --human         pick a unit for each value (B, Ki, Mi, Gi, Ti, Pi)
     --si            count in powers of 1000 instead of 1024

Report:
 -w, --wide          show buffers and cache in two columns
 -l, --lohi          add the Low: and High: memory rows
 -t, --total         add a Total: row (memory plus swap)
 -v, --committed     add a Comm: row (commit limit, committed, left)
 -s N, --seconds N   repeat every N seconds (N may have a fraction: 0.5 or 0,5)
 -c N, --count N     print N reports, then exit (one second apart unless -s)
     --json          print each report as one JSON object, sizes in bytes

     --help          print this help and exit
 -V, --version       print the version and exit
`

// repeat is the -s/-c state, kept as the C program keeps it.
type repeat struct {
	on       bool    // FREE_REPEAT
	counted  bool    // FREE_REPEATCOUNT
	interval float32 // microseconds
	counter  int32
}

const (
	helpCommitted = " -v, --committed     add a Comm: row (commit limit, committed, left)\n"
	helpLohi      = " -l, --lohi          add the Low: and High: memory rows\n"
	helpLine      = " -L, --line          print used swap, cache, used and free memory on one line\n"
)

// helpFor is helpText with release ver's options: 3.3.17 has no -v, 4.0.4 adds -L.
func helpFor(ver profile.Procps) string {
	switch ver {
	case profile.Procps3_3_17:
		return strings.Replace(helpText, helpCommitted, "", 1)
	case profile.Procps4_0_4:
		return strings.Replace(helpText, helpLohi, helpLohi+helpLine, 1)
	}
	return helpText
}

func usage(w io.Writer, prog string, ver profile.Procps) {
	io.WriteString(w, expandProg(helpFor(ver), prog)+cli.ContainerHelp)
}

func expandProg(s, prog string) string {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '%' && s[i+1] == 's' {
			return s[:i] + prog + s[i+2:]
		}
	}
	return s
}

// Main runs free with argv0 as invoked and the arguments after it, as the release of the
// profile in force (profile.Current); it returns the exit status.
func Main(argv0 string, args []string, stdout, stderr io.Writer) int {
	return MainProfile(profile.Current(stderr).Profile, argv0, args, stdout, stderr)
}

// MainProfile runs free as the procps-ng release of profile p.
func MainProfile(pr profile.Profile, argv0 string, args []string, stdout, stderr io.Writer) int {
	ver := pr.Procps
	prog := cli.ProgName(argv0)
	usageTo := func(w io.Writer) { usage(w, prog, ver) }
	o := Options{Version: ver}
	rep := repeat{interval: 1000000}
	unitSet := false
	errnoCleared := false // errno was set to 0 since start-up (cnum.StartupErrno no longer shows)
	var k cli.Container

	setUnit := func(exp int, si bool) bool {
		if unitSet {
			if ver == profile.Procps3_3_17 {
				cli.Error(stderr, prog, "Multiple unit options doesn't make sense.")
			} else {
				cli.Error(stderr, prog, "Multiple unit options don't make sense.")
			}
			return false
		}
		unitSet = true
		o.Exponent = exp
		if si {
			o.SI = true
		}
		return true
	}

	p := cli.NewParser(argv0, args, shortOptsFor(ver), parserOptsFor(ver), stderr)
	for {
		c := p.Next()
		if c == getopt.Done {
			break
		}
		switch c {
		case 'b':
			if !setUnit(ExpBytes, false) {
				return 1
			}
		case 'k', 'm', 'g', optTebi, optPebi:
			if !setUnit(binaryExponent(c), false) {
				return 1
			}
		case optKilo, optMega, optGiga, optTera, optPeta:
			if !setUnit(ExpKilo+c-optKilo, true) {
				return 1
			}
		case 'h':
			o.Human = true
		case optSI:
			o.SI = true
		case 'l':
			o.LoHi = true
		case 'L':
			o.Line = true
		case 't':
			o.Total = true
		case 'v':
			o.Committed = true
		case 'w':
			o.Wide = true
		case optJSON:
			o.JSON = true
		case 's':
			rep.on = true
			errnoCleared = true // free sets errno = 0 here
			usec, errText, ok := parseSeconds(p.Optarg)
			if !ok {
				return cli.Error(stderr, prog, withErrno("seconds argument failed: '"+p.Optarg+"'", errText))
			}
			rep.interval = usec
			if usec < 1 {
				return cli.Error(stderr, prog, "seconds argument `"+p.Optarg+"' is not positive number")
			}
		case 'c':
			rep.on, rep.counted = true, true
			stale := "" // only an empty value shows start-up's errno: read the environment then
			if p.Optarg == "" && !errnoCleared {
				stale = cnum.StartupErrno()
			}
			n, errText, ok := parseCount(p.Optarg, stale)
			if p.Optarg != "" {
				errnoCleared = true // strtol_or_err sets errno = 0
			}
			if !ok {
				return cli.Error(stderr, prog, withErrno("failed to parse count argument: '"+p.Optarg+"'", errText))
			}
			if n < 1 {
				return cli.Error(stderr, prog, withErrno("failed to parse count argument: '"+p.Optarg+"'", cnum.ERANGE))
			}
			rep.counter = n
		case optHelp:
			usage(stdout, prog, ver)
			return 0
		case 'V':
			io.WriteString(stdout, version.Line("free", ver.Original())+"\n")
			return 0
		default:
			if status := k.Other(c, p.Optarg, prog, stderr, usageTo); status >= 0 {
				return status
			}
		}
	}
	if !cli.NoOperands(p, stderr, usageTo) {
		return 1
	}
	return run(stdout, stderr, prog, k.ViewOptions(prog, stderr), o, rep)
}

// binaryExponent maps -k -m -g --tebi --pebi to their exponent.
func binaryExponent(c int) int {
	switch c {
	case 'k':
		return ExpKilo
	case 'm':
		return ExpMega
	case 'g':
		return ExpGiga
	case optTebi:
		return ExpTera
	}
	return ExpPeta
}

func withErrno(msg, errText string) string {
	if errText == "" {
		return msg
	}
	return msg + ": " + errText
}

// minFreeFile is the sysctl 3.3.17 reads to estimate the available memory.
const minFreeFile = "/proc/sys/vm/min_free_kbytes"

// badOpen3317 is what 3.3.17's library prints (then exits 102) when it cannot open a /proc file.
const badOpen3317 = "Error: /proc must be mounted\n" +
	"  To mount /proc at boot you need an /etc/fstab line like:\n" +
	"      proc   /proc   proc    defaults\n" +
	"  In the meantime, run \"mount proc /proc -t proc\"\n"

// run prints the reports: one, or one per interval (count times with -c).
func run(stdout, stderr io.Writer, prog string, vo cgview.Options, o Options, rep repeat) int {
	out := bufio.NewWriterSize(stdout, 4096)
	var buf []byte
	for {
		// A fresh view per report (a View caches what it read); its warnings were shown with
		// the first report and are not repeated.
		v := cli.Open(vo, stderr)
		if v == nil {
			out.Flush()
			return 1
		}
		vo.Warn = io.Discard
		m, err := v.Meminfo()
		if err != nil {
			out.Flush()
			if errors.Is(err, fs.ErrNotExist) {
				return cli.Error(stderr, prog, "Memory information file /proc/meminfo does not exist")
			}
			return cli.Error(stderr, prog, "Unable to create meminfo structure: "+err.Error())
		}
		vals := ComputeFor(m, o.Version)
		if o.Version == profile.Procps3_3_17 && needsEstimate3317(m) {
			b, err := v.FS().ReadFile(minFreeFile)
			if err != nil {
				out.Flush()
				io.WriteString(stderr, badOpen3317)
				return 102
			}
			n, _, _ := cnum.Strtoul(string(b), 10)
			vals.Available = estimate3317(m, n)
		}
		if o.JSON {
			buf = AppendJSON(buf[:0], vals, v.Container())
		} else {
			buf = AppendReport(buf[:0], vals, o)
		}
		out.Write(buf)
		if err := out.Flush(); err != nil {
			return cli.Error(stderr, prog, "write error")
		}
		if rep.counted {
			rep.counter--
			if rep.counter < 1 {
				return 0
			}
		}
		if !rep.on {
			return 0
		}
		if !o.JSON && !(o.Line && o.Version == profile.Procps4_0_4) { // -L: no blank line
			out.WriteByte('\n')
		}
		time.Sleep(sleepDuration(rep.interval))
	}
}
