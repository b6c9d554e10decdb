// Package df is cgprocps' df: GNU coreutils' df of the profile's release (8.32, 9.1 or 9.7,
// docs/profiles.md), byte for byte, with optional
// container-aware additions (docs/df.md).
//
// Where each printed number comes from: a table row (table.go) ← getDevT (the row rules of
// coreutils' get_dev) ← statfs of the mount point (sys.go) ← the mount list
// (mountinfo.go, /proc/self/mountinfo). Numbers are formatted by formatHuman (human.go).
package df

import (
	"bufio"
	"io"
	"os"
	"strings"
	"syscall"

	"github.com/cgprocps/cgprocps/internal/cli"
	"github.com/cgprocps/cgprocps/internal/getopt"
	"github.com/cgprocps/cgprocps/internal/machine"
	"github.com/cgprocps/cgprocps/internal/profile"
	"github.com/cgprocps/cgprocps/internal/version"
)

// Codes of the long options without a short letter (coreutils uses CHAR_MAX+1...).
const (
	optNoSync = 0x80 + iota
	optSync
	optTotal
	optOutput
	optHelp
	optVersion
	optHideFiles
	optNoHideFiles
	optEphemeral
)

const shortOpts = "aB:iF:hHklmPTt:vx:"

// longOpts is the original's table in its order (the order of an ambiguity message's
// possibilities), then this suite's df options (marked Ext like the container options).
var longOpts = []getopt.Option{
	{Name: "all", Val: 'a'},
	{Name: "block-size", HasArg: getopt.RequiredArgument, Val: 'B'},
	{Name: "inodes", Val: 'i'},
	{Name: "human-readable", Val: 'h'},
	{Name: "si", Val: 'H'},
	{Name: "local", Val: 'l'},
	{Name: "output", HasArg: getopt.OptionalArgument, Val: optOutput},
	{Name: "portability", Val: 'P'},
	{Name: "print-type", Val: 'T'},
	{Name: "sync", Val: optSync},
	{Name: "no-sync", Val: optNoSync},
	{Name: "total", Val: optTotal},
	{Name: "type", HasArg: getopt.RequiredArgument, Val: 't'},
	{Name: "exclude-type", HasArg: getopt.RequiredArgument, Val: 'x'},
	{Name: "help", Val: optHelp},
	{Name: "version", Val: optVersion},
	{Name: "hide-file-mounts", Val: optHideFiles, Ext: true},
	{Name: "show-file-mounts", Val: optNoHideFiles, Ext: true},
	{Name: "ephemeral-limit", HasArg: getopt.RequiredArgument, Val: optEphemeral, Ext: true},
}

const helpText = `Usage: %s [OPTION]... [FILE]...
Show the size, use and free space of the filesystem that holds each FILE, or of
every mounted filesystem, in the layout of GNU coreutils' df.

An option that takes a value needs it in its short form as in its long form.
  -a, --all             also list pseudo, duplicate and inaccessible filesystems
  -B, --block-size=SIZE  count sizes in units of SIZE (e.g. -BM: 1048576 bytes)
  -h, --human-readable  pick a unit per value, powers of 1024 (e.g. 1023M)
  -H, --si              pick a unit per value, powers of 1000 (e.g. 1.1G)
  -i, --inodes          list inodes instead of blocks
  -k                    the same as --block-size=1K
  -l, --local           only local filesystems
      --no-sync         do not call sync first (the default)
      --output[=FIELD_LIST]  print the columns in FIELD_LIST (all without a list)
  -P, --portability     print in the POSIX layout
      --sync            call sync before reading the sizes
      --total           add a row with the sums
      --json            print each row as one JSON object, sizes in bytes
  -t, --type=TYPE       only filesystems of type TYPE
  -T, --print-type      add the filesystem type column
  -x, --exclude-type=TYPE   leave out filesystems of type TYPE
  -v                    accepted and ignored
      --help            print this help and exit
      --version         print the version and exit

SIZE is an integer with an optional unit: K M G T P E Z Y (powers of 1024) or
KB MB GB ... (powers of 1000); KiB MiB ... are the same as K M. Without -B the
unit comes from DF_BLOCK_SIZE, BLOCK_SIZE or BLOCKSIZE (which also accept
human-readable and si), else 1024 bytes (512 with POSIXLY_CORRECT).

FIELD_LIST is a comma-separated list of: source fstype itotal iused iavail
ipcent size used avail pcent file target.

Container additions (off unless asked for; see docs/df.md):
      --hide-file-mounts  leave out single-file bind mounts (/etc/hosts and the
                          like, which show the host's disk); also
                          CGPROCPS_DF=hide-file-mounts
      --show-file-mounts  list them (the default; overrides CGPROCPS_DF)
      --ephemeral-limit=SIZE  show the root (/) as a Kubernetes ephemeral-storage
                          limit of SIZE (5Gi, 500M, or bytes); also
                          CGPROCPS_DF_EPHEMERAL_LIMIT=SIZE. Used is measured from
                          the host side (--pid, --cgroup, --container-id), "-"
                          inside the container
`

// dfContainerHelp is cli.ContainerHelp adapted to what the options mean for df.
const dfContainerHelp = `
Container options:
     --host              the coreutils output (df's numbers never depend on a cgroup)
     --container         accepted; the same output (this mount namespace's mounts)
     --cgroup PATH       list the mounts of a process of that cgroup (its mount namespace)
     --pid PID           list the mounts of process PID's mount namespace
     --container-id ID   list the mounts a container sees (a process of its cgroup), by
                         its Docker, containerd/CRI, Podman or runc ID (or a unique prefix)
 CGPROCPS_ROOT=DIR reads DIR/proc/self/mountinfo as the mount table; sizes still come
 from statfs of the real paths.
`

func usage(w io.Writer, prog string) {
	io.WriteString(w, strings.Replace(helpText, "%s", prog, 1)+dfContainerHelp)
}

// Options is a parsed command line.
type Options struct {
	Version     profile.Coreutils // the coreutils release reproduced
	showAll     bool
	showLocal   bool
	outOpts     int    // formatHuman options
	blockSize   uint64 // output block size
	haveOutOpts bool   // a unit option was given (human_output_opts != -1)
	posix       bool
	headerMode  int
	printType   bool
	total       bool
	sync        bool
	selectTypes []string
	excludeTyps []string
	columns     []*field
	fieldUsed   [numFields]bool
	hideFiles   bool
	json        bool   // --json
	jsonView    string // --json's "view": "container" or "host"

	ephemeralLimit uint64 // Kubernetes ephemeral-storage limit in bytes (0: none)
}

const (
	modeDefault = iota
	modeInodes
	modeHuman
	modePOSIX
	modeOutput
)

func tryHelp(w io.Writer, prog string) int {
	io.WriteString(w, "Try '"+prog+" --help' for more information.\n")
	return 1
}

// Main runs df with argv0 as invoked and the arguments after it, as the coreutils release of
// the profile in force (profile.Current); it returns the exit status.
func Main(argv0 string, args []string, stdout, stderr io.Writer) int {
	return MainProfile(profile.Current(stderr).Profile, argv0, args, stdout, stderr)
}

// MainProfile runs df as the coreutils release of profile pr.
func MainProfile(pr profile.Profile, argv0 string, args []string, stdout, stderr io.Writer) int {
	return runMain(pr.Coreutils, argv0, args, stdout, stderr, nil)
}

// runMain is MainProfile with its statfs calls answered from snap when snap is not nil
// (sysfs.snap).
func runMain(ver profile.Coreutils, argv0 string, args []string, stdout, stderr io.Writer, snap statfsSnapshot) int {
	// coreutils' program_name is argv[0] as invoked (set_program_name keeps the directory).
	prog := argv0
	// errProg names df in error() messages: program_name in 8.32 and 9.1; 9.7's gnulib error()
	// prints getprogname(), the name without its directory. getopt's messages and "Try
	// '... --help'" keep argv[0] in all three.
	errProg := prog
	if ver == profile.Coreutils9_7 {
		errProg = prog[strings.LastIndexByte(prog, '/')+1:]
	}
	utf := utf8Locale()
	o := Options{Version: ver}
	var k cli.Container
	hideSet := false
	errf := func(msg string) { io.WriteString(stderr, errProg+": "+msg+"\n") }
	mutex := func(a string) int {
		errf("options " + a + " and --output are mutually exclusive")
		return tryHelp(stderr, prog)
	}

	p := cli.NewParser(argv0, args, shortOpts, parserOpts(), stderr)
	for {
		c := p.Next()
		if c == getopt.Done {
			break
		}
		switch c {
		case 'a':
			o.showAll = true
		case 'B':
			opts, bs, e := humanOptions(p.Optarg, true, o.blockSize)
			if e != longintOK {
				name := "-B"
				if p.LongIndex >= 0 {
					name = "--block-size"
				}
				switch {
				case e&longintInvalid != 0:
					errf("invalid " + name + " argument '" + p.Optarg + "'")
				case e&longintInvalidSuffix != 0:
					errf("invalid suffix in " + name + " argument '" + p.Optarg + "'")
				default:
					errf(name + " argument '" + p.Optarg + "' too large")
				}
				return 1
			}
			o.outOpts, o.blockSize, o.haveOutOpts = opts, bs, true
		case 'i':
			if o.headerMode == modeOutput {
				return mutex("-i")
			}
			o.headerMode = modeInodes
		case 'h':
			o.outOpts, o.blockSize, o.haveOutOpts = hAutoscale|hSI|hBase1024, 1, true
		case 'H':
			o.outOpts, o.blockSize, o.haveOutOpts = hAutoscale|hSI, 1, true
		case 'k':
			o.outOpts, o.blockSize, o.haveOutOpts = 0, 1024, true
		case 'm':
			o.outOpts, o.blockSize, o.haveOutOpts = 0, 1024*1024, true
		case 'l':
			o.showLocal = true
		case 'T':
			if o.headerMode == modeOutput {
				return mutex("-T")
			}
			o.printType = true
		case 'P':
			if o.headerMode == modeOutput {
				return mutex("-P")
			}
			o.posix = true
		case optSync:
			o.sync = true
		case optNoSync:
			o.sync = false
		case 'F', 't':
			o.selectTypes = append(o.selectTypes, p.Optarg)
		case 'v':
		case 'x':
			o.excludeTyps = append(o.excludeTyps, p.Optarg)
		case optOutput:
			if o.headerMode == modeInodes {
				return mutex("-i")
			}
			if o.posix && o.headerMode == modeDefault {
				return mutex("-P")
			}
			if o.printType {
				return mutex("-T")
			}
			o.headerMode = modeOutput
			if p.HasOptarg {
				if msg := o.decodeOutput(p.Optarg, utf); msg != "" {
					errf(msg)
					return tryHelp(stderr, prog)
				}
			}
		case optTotal:
			o.total = true
		case optJSON:
			o.json = true
		case optHideFiles:
			o.hideFiles, hideSet = true, true
		case optNoHideFiles:
			o.hideFiles, hideSet = false, true
		case optEphemeral:
			n, ok := parseQuantity(p.Optarg)
			if !ok {
				errf("invalid --ephemeral-limit argument '" + p.Optarg + "'")
				return 1
			}
			o.ephemeralLimit = n
		case optHelp:
			usage(stdout, prog)
			return 0
		case optVersion:
			io.WriteString(stdout, version.Line("df", ver.Original())+"\n")
			return 0
		default:
			handled, err := k.Handle(c, p.Optarg)
			if err != nil {
				errf(err.Error())
				return 1
			}
			if !handled {
				return tryHelp(stderr, prog)
			}
		}
	}
	if !hideSet {
		o.hideFiles = envHideFiles()
	}
	if v, ok := os.LookupEnv("CGPROCPS_DF_EPHEMERAL_LIMIT"); ok && o.ephemeralLimit == 0 && v != "" {
		n, ok := parseQuantity(v)
		if !ok {
			errf("invalid CGPROCPS_DF_EPHEMERAL_LIMIT '" + v + "'")
			return 1
		}
		o.ephemeralLimit = n
	}

	if !o.haveOutOpts {
		if o.posix {
			o.outOpts = 0
			o.blockSize = 1024
			if _, ok := os.LookupEnv("POSIXLY_CORRECT"); ok {
				o.blockSize = 512
			}
		} else {
			spec, has := os.LookupEnv("DF_BLOCK_SIZE")
			o.outOpts, o.blockSize, _ = humanOptions(spec, has, 0)
		}
	}
	if o.json {
		o.jsonColumns()
		o.jsonView = jsonView(k, prog)
	}
	switch {
	case o.headerMode == modeInodes || o.headerMode == modeOutput:
	case o.outOpts&hAutoscale != 0:
		o.headerMode = modeHuman
	case o.posix:
		o.headerMode = modePOSIX
	}

	// The same type both selected and excluded: an error per selected type (the C code
	// walks its lists, which are in reverse order of the options).
	bad := false
	for i := len(o.selectTypes) - 1; i >= 0; i-- {
		for j := len(o.excludeTyps) - 1; j >= 0; j-- {
			if o.selectTypes[i] == o.excludeTyps[j] {
				errf("file system type " + quote(o.selectTypes[i], utf) + " both selected and excluded")
				bad = true
				break
			}
		}
	}
	if bad {
		return 1
	}

	src, err := openSource(k, errProg, stderr)
	if err != nil {
		return 1
	}
	src.sys.snap = snap
	d := &run{o: o, sys: src.sys, utf: utf, prog: errProg, stderr: stderr}
	return d.main(p.Operands(), src, stdout)
}

// envHideFiles reads CGPROCPS_DF, a comma-separated list of this suite's df additions.
func envHideFiles() bool {
	on := false
	for _, w := range strings.Split(os.Getenv("CGPROCPS_DF"), ",") {
		switch strings.TrimSpace(w) {
		case "hide-file-mounts", "all":
			on = true
		case "show-file-mounts", "none", "coreutils":
			on = false
		}
	}
	return on
}

// source is where the mount table and the files come from.
type source struct {
	mountinfo string // the mountinfo file to read
	sys       sysfs
}

// openSource picks the mount table: this process's (re-rooted by CGPROCPS_ROOT), or that of
// the process --pid names (or the first process of the cgroup of --cgroup or --container-id,
// which the cgroup view resolves and lists), read through /proc/PID.
func openSource(k cli.Container, prog string, stderr io.Writer) (source, error) {
	root := os.Getenv("CGPROCPS_ROOT")
	if root == "/" {
		root = ""
	}
	s := source{mountinfo: root + "/proc/self/mountinfo"}
	pid := k.PID
	if k.Cgroup != "" || k.ContainerID != "" {
		v := cli.Open(k.ViewOptions(prog, stderr), stderr)
		if v == nil {
			return s, os.ErrNotExist
		}
		if p := v.Procs(); p != nil && len(p.PIDs) > 0 {
			pid = p.PIDs[0]
		} else {
			msg := "--cgroup " + k.Cgroup + ": no process in that cgroup"
			if k.Cgroup == "" {
				msg = "--container-id " + k.ContainerID + ": no process in that container"
			}
			io.WriteString(stderr, prog+": "+msg+"\n")
			return s, os.ErrNotExist
		}
	}
	if pid > 0 {
		dir := root + "/proc/" + itoa(pid)
		var st syscall.Stat_t
		if err := machine.Host.Stat(dir, &st); err != nil {
			io.WriteString(stderr, prog+": "+cli.NoProcess(pid).Error()+"\n")
			return s, err
		}
		s.mountinfo = dir + "/mountinfo"
		s.sys.prefix = dir + "/root"
	}
	return s, nil
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// run is one df invocation's state (coreutils keeps it in globals).
type run struct {
	o          Options
	sys        sysfs
	utf        bool
	prog       string
	stderr     io.Writer
	mounts     []*mountEntry
	devs       *devTable // the duplicate filter's device table (kept with -a)
	showListed bool
	processed  bool
	status     int
	t          table
	grand      fsUsage
}

func (d *run) errorf(msg string) {
	io.WriteString(d.stderr, d.prog+": "+msg+"\n")
}

func (d *run) main(operands []string, src source, stdout io.Writer) int {
	type opStat struct {
		name string
		dev  uint64
		mode uint32
		ok   bool
	}
	var ops []opStat
	if len(operands) > 0 {
		for _, name := range operands {
			dev, mode, err := d.sys.automountStat(name)
			if err != nil {
				d.errorf(quotef(name, d.utf) + ": " + strerror(err))
				d.status = 1
				ops = append(ops, opStat{name: name})
				continue
			}
			ops = append(ops, opStat{name: name, dev: dev, mode: mode, ok: true})
		}
	}

	b, err := machine.Host.ReadFile(src.mountinfo)
	if err != nil {
		fail := len(operands) == 0 || d.o.showAll || d.o.showLocal || d.o.selectTypes != nil || d.o.excludeTyps != nil
		msg := "cannot read table of mounted file systems: " + strerror(unwrapErrno(err))
		if !fail {
			d.errorf("Warning: " + msg)
		} else {
			d.errorf(msg)
			return 1
		}
	}
	for _, me := range parseMountinfo(b) {
		me := me
		if d.o.Version == profile.Coreutils8_32 {
			me.remote = isRemote832(me.devname, me.fstype)
		}
		d.mounts = append(d.mounts, &me)
	}

	if d.o.sync {
		syscall.Sync()
	}
	d.grand.blocksize = 1
	d.t.init(&d.o)
	d.t.tty = machine.IsTerminalFile(stdout)
	d.t.header(&d.o)

	if ops != nil {
		d.showListed = true
		for _, op := range ops {
			if op.ok {
				d.getEntry(op.name, op.dev, op.mode)
			}
		}
	} else {
		d.getAllEntries()
	}

	if d.processed {
		if d.o.total {
			target := "total"
			if d.o.fieldUsed[fSource] {
				target = "-"
			}
			g := d.grand
			d.getDevT("total", target, "", "", "", false, false, false, &g, false, nil)
		}
		w := bufio.NewWriterSize(stdout, 8192)
		if d.o.json {
			d.writeJSON(w)
		} else {
			d.t.print(w)
		}
		if err := w.Flush(); err != nil {
			d.errorf("write error: " + strerror(unwrapErrno(err)))
			return 1
		}
	} else if d.status == 0 {
		d.errorf("no file systems processed")
		return 1
	}
	return d.status
}

func unwrapErrno(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func (d *run) selected(fstype string, known bool) bool {
	if d.o.selectTypes == nil || !known {
		return true
	}
	for _, t := range d.o.selectTypes {
		if t == fstype {
			return true
		}
	}
	return false
}

func (d *run) excluded(fstype string, known bool) bool {
	if d.o.excludeTyps == nil || !known {
		return false
	}
	for _, t := range d.o.excludeTyps {
		if t == fstype {
			return true
		}
	}
	return false
}
