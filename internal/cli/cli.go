// Package cli holds what every tool's command line shares: the container options (--host,
// --container, --cgroup, --pid, --container-id) appended to the original's option table, the
// getopt parser set up as glibc would set it up, the program names procps uses in messages,
// and opening the cgroup view.
package cli

import (
	"errors"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/internal/getopt"
)

// Values the container options return from getopt (above any byte, away from the originals'
// CHAR_MAX+n codes).
const (
	OptHost = 0x1000 + iota
	OptContainer
	OptCgroup
	OptPID
	OptContainerID
)

// ContainerOptions are the long options every tool adds to its original's table. They are
// marked Ext: an abbreviation reaches them only when it matches none of the original options.
var ContainerOptions = []getopt.Option{
	{Name: "host", HasArg: getopt.NoArgument, Val: OptHost, Ext: true},
	{Name: "container", HasArg: getopt.NoArgument, Val: OptContainer, Ext: true},
	{Name: "cgroup", HasArg: getopt.RequiredArgument, Val: OptCgroup, Ext: true},
	{Name: "pid", HasArg: getopt.RequiredArgument, Val: OptPID, Ext: true},
	{Name: "container-id", HasArg: getopt.RequiredArgument, Val: OptContainerID, Ext: true},
}

// ContainerHelp is the --help block describing the container options (each tool prints it
// after its own options; top prints ContainerHelpOwnPID, df its own wording of the same block).
const ContainerHelp = helpHead + helpPID + helpID + helpAuto

// ContainerHelpOwnPID is ContainerHelp for top, whose original has a --pid of its own (-p,
// the processes to show): there --pid keeps the original's meaning.
const ContainerHelpOwnPID = helpHead + helpID + helpOwnPID + helpAuto

const (
	helpHead = `
Container options:
     --host              show the host's numbers, exactly as the original tool does
     --container         show the numbers of this process's cgroup (the container view)
     --cgroup PATH       show the view of another cgroup (a cgroup folder or a path
                         inside the hierarchy, such as /system.slice/foo.service)
`
	helpPID = `     --pid PID           show the view of the cgroup that process PID is in
`
	helpID = `     --container-id ID   show what a container sees, by its Docker, containerd/CRI,
                         Podman or runc ID (the full ID or a unique prefix)
`
	helpOwnPID = ` --pid is top's own -p (above). For the view of the cgroup process PID is in, give
 --cgroup the path in /proc/PID/cgroup.
`
	helpAuto = ` Without --host or --container the view is chosen automatically: the container's inside
 a limited cgroup, the host's otherwise. CGPROCPS_ROOT=DIR reads /proc and /sys under DIR.
`
)

// ProgName is program_invocation_short_name: what follows the last '/' of argv0.
func ProgName(argv0 string) string {
	if i := strings.LastIndexByte(argv0, '/'); i >= 0 {
		return argv0[i+1:]
	}
	return argv0
}

// NewParser returns a getopt parser over the original's option string and long options with
// the container options appended. Messages name argv0 verbatim, as glibc's do, and
// POSIXLY_CORRECT is honoured as glibc honours it (set, even empty).
func NewParser(argv0 string, args []string, optstring string, longopts []getopt.Option, stderr io.Writer) *getopt.Parser {
	all := make([]getopt.Option, 0, len(longopts)+len(ContainerOptions))
	all = append(all, longopts...)
	all = append(all, ContainerOptions...)
	p := getopt.New(argv0, args, optstring, all, stderr)
	_, p.PosixlyCorrect = os.LookupEnv("POSIXLY_CORRECT")
	return p
}

// Container collects the container options of one command line.
type Container struct {
	Host      bool
	Container bool
	Cgroup    string
	PID       int
	// ContainerID is --container-id's value (resolved by cgview.Open).
	ContainerID string
}

// Handle takes option c (as Next returned it, with its value in optarg) if it is a container
// option, and reports whether it was one. A non-nil error is the one-line message (without
// the program name) a tool prints before exiting with status 1.
func (k *Container) Handle(c int, optarg string) (bool, error) {
	switch c {
	case OptHost:
		if k.Container {
			return true, errors.New("--host and --container cannot be used together")
		}
		k.Host = true
	case OptContainer:
		if k.Host {
			return true, errors.New("--host and --container cannot be used together")
		}
		k.Container = true
	case OptCgroup:
		if optarg == "" {
			return true, errors.New("--cgroup: empty cgroup path")
		}
		if k.PID > 0 {
			return true, errors.New("--cgroup and --pid cannot be used together")
		}
		if k.ContainerID != "" {
			return true, errors.New("--cgroup and --container-id cannot be used together")
		}
		k.Cgroup = optarg
	case OptPID:
		n, err := strconv.ParseUint(optarg, 10, 31)
		if err != nil || n == 0 {
			return true, errors.New("--pid: invalid process ID '" + optarg + "'")
		}
		if k.Cgroup != "" {
			return true, errors.New("--cgroup and --pid cannot be used together")
		}
		if k.ContainerID != "" {
			return true, errors.New("--pid and --container-id cannot be used together")
		}
		k.PID = int(n)
	case OptContainerID:
		if optarg == "" {
			return true, errors.New("--container-id: empty container ID")
		}
		if k.Cgroup != "" {
			return true, errors.New("--cgroup and --container-id cannot be used together")
		}
		if k.PID > 0 {
			return true, errors.New("--pid and --container-id cannot be used together")
		}
		k.ContainerID = optarg
	default:
		return false, nil
	}
	return true, nil
}

// Word is the container options' parser for a tool with sysstat's hand-written parsing
// (iostat, sar: exact words, no getopt). It takes the container option at args[i] if there is
// one, spelled as getopt spells a long option but by its full name only, as sysstat's own long
// options are (--hum is not --human there): --host, --container, --cgroup PATH, --cgroup=PATH,
// --pid PID, --pid=PID, --container-id ID, --container-id=ID. It returns the number of words it
// used (0: args[i] is no container option). A non-nil error is the one-line message (without
// the program name) the tool prints before exiting with status 1: getopt's wording for a
// missing or an unwanted value, else Handle's.
func (k *Container) Word(args []string, i int) (int, error) {
	a := args[i]
	if !strings.HasPrefix(a, "--") {
		return 0, nil
	}
	name, val, hasVal := strings.Cut(a[2:], "=")
	for _, o := range ContainerOptions {
		if o.Name != name {
			continue
		}
		n := 1
		switch {
		case o.HasArg == getopt.NoArgument && hasVal:
			return n, errors.New("option '--" + name + "' doesn't allow an argument")
		case o.HasArg == getopt.RequiredArgument && !hasVal:
			if i+1 >= len(args) {
				return n, errors.New("option '--" + name + "' requires an argument")
			}
			val = args[i+1]
			n = 2
		}
		_, err := k.Handle(o.Val, val)
		return n, err
	}
	return 0, nil
}

// NoProcess is the error for a --pid whose process does not exist (cgview.Open's wording, for
// a tool that looks the process up itself: df).
func NoProcess(pid int) error {
	return errors.New("process " + strconv.Itoa(pid) + ": no such process")
}

// Other takes an option code the tool's own switch did not: a container option, or else a
// usage error (the getopt message is already printed; the tool's usage follows on stderr).
// It returns -1 to go on parsing, or the exit status to return with.
func (k *Container) Other(c int, optarg, prog string, stderr io.Writer, usage func(io.Writer)) int {
	handled, err := k.Handle(c, optarg)
	if err != nil {
		return Error(stderr, prog, err.Error())
	}
	if !handled {
		usage(stderr)
		return 1
	}
	return -1
}

// NoOperands is the check after the option loop of a tool that takes no operands: with any,
// the usage on stderr and false.
func NoOperands(p *getopt.Parser, stderr io.Writer, usage func(io.Writer)) bool {
	if len(p.Operands()) != 0 {
		usage(stderr)
		return false
	}
	return true
}

// ViewOptions turns the collected options into cgview options: warnings go to warn, named
// prog ("free").
func (k *Container) ViewOptions(prog string, warn io.Writer) cgview.Options {
	o := cgview.Options{Cgroup: k.Cgroup, PID: k.PID, ContainerID: k.ContainerID, Prog: prog, Warn: warn}
	switch {
	case k.Host:
		o.Mode = cgview.ModeHost
	case k.Container:
		o.Mode = cgview.ModeContainer
	}
	return o
}

// Open opens the view. On failure it prints "prog: error" on stderr and returns nil: the
// tool then exits with status 1.
func Open(o cgview.Options, stderr io.Writer) *cgview.View {
	v, err := cgview.Open(o)
	if err != nil {
		Error(stderr, o.Prog, err.Error())
		return nil
	}
	return v
}

// Error writes "prog: msg" and a newline, as error(3)/errx(3) do, and returns 1 (the
// status those callers exit with).
func Error(w io.Writer, prog, msg string) int {
	io.WriteString(w, prog+": "+msg+"\n")
	return 1
}
