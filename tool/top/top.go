// Package top is the cgroup-aware top: procps-ng 4.0.2's top (Debian build, original
// defaults, no rc file), byte for byte in batch mode, over the container's view: the
// subtree's processes, the container's CPU capacity, memory and uptime.
//
// A frame is a pure function of two snapshots and the settings (Render), so the
// interactive screen reuses it.
package top

import (
	"bufio"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/internal/cli"
	"github.com/cgprocps/cgprocps/internal/getopt"
	"github.com/cgprocps/cgprocps/internal/machine"
	"github.com/cgprocps/cgprocps/internal/version"
	"github.com/cgprocps/cgprocps/tool/free"
	"github.com/cgprocps/cgprocps/tool/uptime"
)

const shortOpts = "bcd:E:e:Hhin:Oo:p:SsU:u:Vw::1"

var longOpts = []getopt.Option{
	{Name: "batch-mode", Val: 'b'},
	{Name: "cmdline-toggle", Val: 'c'},
	{Name: "delay", HasArg: getopt.RequiredArgument, Val: 'd'},
	{Name: "scale-summary-mem", HasArg: getopt.RequiredArgument, Val: 'E'},
	{Name: "scale-task-mem", HasArg: getopt.RequiredArgument, Val: 'e'},
	{Name: "threads-show", Val: 'H'},
	{Name: "help", Val: 'h'},
	{Name: "idle-toggle", Val: 'i'},
	{Name: "iterations", HasArg: getopt.RequiredArgument, Val: 'n'},
	{Name: "list-fields", Val: 'O'},
	{Name: "sort-override", HasArg: getopt.RequiredArgument, Val: 'o'},
	{Name: "pid", HasArg: getopt.RequiredArgument, Val: 'p'},
	{Name: "accum-time-toggle", Val: 'S'},
	{Name: "secure-mode", Val: 's'},
	{Name: "filter-any-user", HasArg: getopt.RequiredArgument, Val: 'U'},
	{Name: "filter-only-euser", HasArg: getopt.RequiredArgument, Val: 'u'},
	{Name: "version", Val: 'V'},
	{Name: "width", HasArg: getopt.OptionalArgument, Val: 'w'},
	{Name: "single-cpu-toggle", Val: '1'},
}

const helpText = `
Usage:
  %s [options]

Show the processes of this container (or of the host) and its CPU, memory and
load figures, in the layout of procps-ng's top.

Options:
 -b, --batch-mode            print frames as text (no terminal control)
 -c, --cmdline-toggle        show command lines instead of command names
 -d, --delay=SECS[.TENTHS]   seconds between frames (default 3.0)
 -E, --scale-summary-mem=k|m|g|t|p|e   unit of the memory lines (default m)
 -e, --scale-task-mem=k|m|g|t|p        unit of the task memory columns (default k)
 -H, --threads-show          one row per thread
 -i, --idle-toggle           hide tasks that used no CPU since the last frame
 -n, --iterations=N          print N frames, then exit
 -O, --list-fields           list the field names and exit
 -o, --sort-override=FIELD   sort by FIELD (+FIELD high to low, -FIELD low to high)
 -p, --pid=PID[,PID...]      only these processes (up to 20)
 -S, --accum-time-toggle     TIME+ includes the time of dead children
 -s, --secure-mode           refuse -d and the interactive commands that change things
 -U, --filter-any-user=USER  only tasks with USER as any of their user IDs
 -u, --filter-only-euser=USER  only tasks with USER as their effective user
 -w, --width[=COLUMNS]       width of the batch output (COLUMNS or 512 without a value)
 -1, --single-cpu-toggle     one line per CPU instead of the %%Cpu(s) line

 -h, --help                  print this help and exit
 -V, --version               print the version and exit
`

// runOpts are the options that are not Settings.
type runOpts struct {
	batch bool
	loops int // 0: forever
}

// Main runs top with argv0 as invoked and the arguments after it; it returns the exit status.
func Main(argv0 string, args []string, stdout, stderr io.Writer) int {
	prog := cli.ProgName(argv0)
	s := DefaultSettings()
	s.prog = prog
	var ro runOpts
	var k cli.Container
	fail := func(msg string) int { return cli.Error(stderr, prog, msg) }
	rc, rcErr := readRC(prog, s)
	if rcErr != nil {
		return fail(rcErr.Error())
	}
	s.rc = rc
	delaySet := false
	var delay float32
	var userLookupView *cgview.View
	lookup := func(name string) (uint32, bool) {
		if userLookupView == nil {
			userLookupView, _ = cgview.Open(cgview.Options{Mode: cgview.ModeHost, Warn: io.Discard})
		}
		if userLookupView != nil {
			if uid, ok := userLookupView.LookupUser(name); ok {
				return uid, true
			}
		}
		// Under CGPROCPS_ROOT without an etc/passwd: the machine's users, as the original
		// (which asks the system) finds them.
		if mv, err := cgview.Open(cgview.Options{Root: "/", Mode: cgview.ModeHost, Warn: io.Discard}); err == nil {
			return mv.LookupUser(name)
		}
		return 0, false
	}

	p := cli.NewParser(argv0, args, shortOpts, longOpts, stderr)
	argv := func() []string { return p.Args() }
	for {
		c := p.Next()
		if c == getopt.Done {
			break
		}
		if handled, err := k.Handle(c, p.Optarg); handled {
			if err != nil {
				return fail(err.Error())
			}
			continue
		}
		// The original plugs "gaps" of getopt: a value in the next word, after '=' or an
		// empty one.
		var cp *string
		if p.HasOptarg {
			v := p.Optarg
			cp = &v
		}
		if cp == nil && p.Optind < len(argv()) && !strings.HasPrefix(argv()[p.Optind], "-") {
			v := argv()[p.Optind]
			p.Optind++
			cp = &v
		}
		if cp != nil {
			v := strings.TrimPrefix(*cp, "=")
			if v == "" {
				if p.Optind >= len(argv()) {
					return fail("-" + string(rune(c)) + " argument missing")
				}
				v = argv()[p.Optind]
				p.Optind++
			}
			cp = &v
		}
		arg := ""
		if cp != nil {
			arg = *cp
		}
		switch c {
		case '1':
			s.CPUSummary = !s.CPUSummary
			s.ShowStates = true
		case 'b':
			ro.batch = true
		case 'c':
			s.Cmdline = !s.Cmdline
		case 'd':
			f, ok := parseFloat(arg)
			if !ok {
				return fail("bad delay interval '" + arg + "'")
			}
			if f < 0 {
				return fail("-d requires positive argument")
			}
			delay, delaySet = f, true
			continue
		case 'E':
			i := strings.IndexByte("kmgtpe", lower(arg))
			if i < 0 || len(arg) > 1 {
				return fail("bad memory scaling arg '" + arg + "'")
			}
			s.SummScale = i
			continue
		case 'e':
			i := strings.IndexByte("kmgtp", lower(arg))
			if i < 0 || len(arg) > 1 {
				return fail("bad memory scaling arg '" + arg + "'")
			}
			s.TaskScale = i
			continue
		case 'H':
			s.Threads = true
		case 'h':
			io.WriteString(stdout, strings.Replace(strings.Replace(helpText, "%s", prog, 1), "%%", "%", 1)+cli.ContainerHelpOwnPID)
			return 0
		case 'i':
			s.ShowIdle = !s.ShowIdle
			s.MaxTasks = 0
		case 'n':
			n, ok := parseWhole(arg)
			if !ok || n < 1 {
				return fail("bad iterations argument '" + arg + "'")
			}
			ro.loops = int(n)
			continue
		case 'O':
			for _, n := range fieldNames {
				io.WriteString(stdout, n+"\n")
			}
			return 0
		case 'o':
			name := arg
			if strings.HasPrefix(name, "+") {
				s.SortHigh = true
				name = name[1:]
			} else if strings.HasPrefix(name, "-") {
				s.SortHigh = false
				name = name[1:]
			}
			i := fieldIndex(name)
			if i < 0 {
				return fail("unrecognized field name '" + name + "'")
			}
			s.SortField = i
			continue
		case 'p':
			if s.UserType != 0 {
				return fail("conflicting process selections (U/p/u)")
			}
			if msg := addPIDs(s, arg); msg != "" {
				return fail(msg)
			}
			continue
		case 'S':
			s.Cumulative = !s.Cumulative
		case 's':
			s.Secure = true
		case 'U', 'u':
			if len(s.PIDs) > 0 || s.UserType != 0 {
				return fail("conflicting process selections (U/p/u)")
			}
			if err := s.Keyu(byte(c), arg, lookup); err != nil {
				return fail(err.Error())
			}
			continue
		case 'V':
			io.WriteString(stdout, version.Line(prog, version.Procps)+"\n")
			return 0
		case 'w':
			w := -1
			if cp != nil {
				n, ok := parseWhole(arg)
				if !ok || n < 3 || n > 512 {
					return fail("bad width arg '" + arg + "'")
				}
				w = int(n)
			}
			s.WidthMode = w
			continue
		default:
			// getopt printed its message; the original then exits with status 0, after an
			// empty line in batch mode.
			if ro.batch {
				io.WriteString(stdout, "\n")
			}
			return 0
		}
		if cp != nil {
			return fail("unknown option '" + *cp + "'")
		}
	}
	if ops := p.Operands(); len(ops) > 0 {
		return fail("unknown option '" + ops[0] + "'")
	}
	if delaySet {
		if s.Secure {
			return fail("-d disallowed in \"secure\" mode")
		}
		s.Delay = delay
	}
	s.Finish()
	if !ro.batch {
		if !machine.IsTerminal(0) {
			return fail("failed tty get")
		}
		return interactive(stdout, stderr, prog, k.ViewOptions(prog, stderr), s, ro)
	}
	return batch(stdout, stderr, prog, k.ViewOptions(prog, stderr), s, ro)
}

// ttyColumns is the width of the terminal on fd (0: not a terminal).
func ttyColumns(fd int) int {
	cols, rows, err := machine.WinSize(fd)
	if err != nil || rows == 0 {
		return 0
	}
	return cols
}

func lower(s string) byte {
	if s == "" {
		return 0
	}
	c := s[0]
	if c >= 'A' && c <= 'Z' {
		c += 'a' - 'A'
	}
	return c
}

// addPIDs adds -p's comma-separated PIDs (the original's checks and messages).
func addPIDs(s *Settings, cp string) string {
	for {
		if len(s.PIDs) >= 20 {
			return "pid limit (20) exceeded"
		}
		pid, ok := scanInt(cp)
		if !ok || strings.ContainsAny(cp, "+-.") {
			return "bad pid '" + cp + "'"
		}
		if pid == 0 {
			pid = os.Getpid()
		}
		dup := false
		for _, q := range s.PIDs {
			if q == pid {
				dup = true
			}
		}
		if !dup {
			s.PIDs = append(s.PIDs, pid)
		}
		i := strings.IndexByte(cp, ',')
		if i < 0 {
			break
		}
		cp = cp[i+1:]
		if cp == "" {
			break
		}
	}
	return ""
}

// widthFor is the batch screen width: -w N, -w alone (COLUMNS or 512), else COLUMNS (as
// ncurses' terminfo honours it) or 80.
func widthFor(s *Settings) (width, height int) {
	envInt := func(name string) int {
		v := os.Getenv(name)
		if v == "" {
			return 0
		}
		n, err := strconv.ParseInt(v, 0, 64)
		if err != nil || n <= 0 || n > 0x7fffffff {
			return 0
		}
		return int(n)
	}
	width = 80
	if c := envInt("COLUMNS"); c > 0 {
		width = c
	}
	if c := ttyColumns(1); c > 0 {
		width = c // the terminal's own size wins, as the original asks it last
	}
	if width > 512 {
		width = 512
	}
	switch {
	case s.WidthMode > 0:
		width = s.WidthMode
	case s.WidthMode < 0:
		width = envInt("COLUMNS")
		if width == 0 {
			width = 512
		}
		if width > 512 {
			width = 512
		}
		if r := envInt("LINES"); r > 0 {
			height = max(r, 3)
		}
	}
	return width, height
}

// ReadSnapshot reads one frame's figures from a fresh view; a priming read (the one before
// the first frame, which only gives the rates their start) reads the CPU counters, the uptime
// and the tasks only. Exported for the conformance tests, which render frames with settings
// the command line cannot give (the t/m graphs of an rc file).
func ReadSnapshot(v *cgview.View, s *Settings, priming bool) (*Snapshot, error) {
	snap := &Snapshot{PIDWidth: 5, Container: v.Container()}
	t := now()
	snap.Now = time.Unix(t.Unix(), 0).In(cli.Local())
	// The tasks first: their stat files are also the census the container's uptime comes from.
	snap.Tasks = v.Tasks(cgview.TaskOptions{Threads: s.Threads, Cmdline: s.Cmdline || s.SortField == fCMD, Only: s.PIDs,
		TicksOnly: priming})
	if up, err := v.Uptime(); err == nil {
		snap.Uptime = up.Seconds()
	}
	if b, err := v.StatCPULines(); err == nil {
		snap.CPU, snap.PerCPU = parseStatCPU(b)
	}
	if _, hide := os.LookupEnv("LIBPROC_HIDE_KERNEL"); hide {
		// procps's library skips kthreadd and its children (the kernel threads)
		kept := snap.Tasks[:0]
		for _, t := range snap.Tasks {
			if t.PPID != 2 && t.PID != 2 {
				kept = append(kept, t)
			}
		}
		snap.Tasks = kept
	}
	if priming {
		return snap, nil
	}
	if l, err := v.LoadAverages(); err == nil {
		snap.Load = [3]float64{l.Avg(0), l.Avg(1), l.Avg(2)}
	}
	snap.Users = countUsers()
	m, err := v.Meminfo()
	if err != nil {
		return nil, err
	}
	snap.Mem = free.Compute(m)
	if b, err := v.FS().ReadRecord("/proc/sys/kernel/pid_max"); err == nil {
		if n := len(strings.TrimSpace(string(b))); n > 5 {
			snap.PIDWidth = n
		}
	}
	return snap, nil
}

func countUsers() int {
	b, err := machine.Host.ReadFile(uptime.UtmpFile) // the machine's logins, not a capture's
	if err != nil {
		return 0
	}
	return uptime.CountUsers(b)
}

// parseStatCPU reads the cpu and cpuN lines of /proc/stat.
func parseStatCPU(b []byte) (CPUTicks, []CPUTicks) {
	var all CPUTicks
	var per []CPUTicks
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "cpu") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		var t CPUTicks
		for i := 0; i < 10 && i+1 < len(f); i++ {
			t[i], _ = strconv.ParseUint(f[i+1], 10, 64)
		}
		if f[0] == "cpu" {
			all = t
		} else if _, err := strconv.Atoi(f[0][3:]); err == nil {
			per = append(per, t)
		}
	}
	return all, per
}

// PrimingDelay is the original's pause between its first two task reads (LIB_USLEEP); tests
// that run top thousands of times set it to 0.
var PrimingDelay = 150 * time.Millisecond

// now is the wall clock of the header's time (never of an interval: rates divide by the
// uptime's delta); sleep is the batch loop's pause. The clock-step tests replace both.
var (
	now   = time.Now
	sleep = time.Sleep
)

// batch prints ro.loops frames (forever when 0), every s.Delay seconds.
func batch(stdout, stderr io.Writer, prog string, vo cgview.Options, s *Settings, ro runOpts) int {
	// top catches SIGPIPE and ends with status 0 when its reader goes (`top -b | head`): the
	// write then fails with EPIPE instead of killing the process, and the frame loop returns 0.
	signal.Ignore(syscall.SIGPIPE)
	out := bufio.NewWriterSize(stdout, 32768)
	// top's sig_endpgm: SIGINT, SIGTERM, SIGQUIT, SIGUSR1, SIGUSR2 and SIGALRM end a batch run
	// with status 0 (SIGHUP is ignored in batch mode), also while a frame's read blocks (a
	// hung FUSE /proc file: internal/machine's reads leave this goroutine free to run).
	var outMu sync.Mutex // held while a frame is written
	frames := 0
	ends := make(chan os.Signal, 1)
	signal.Notify(ends, syscall.SIGINT, syscall.SIGTERM, syscall.SIGQUIT, syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGALRM)
	signal.Ignore(syscall.SIGHUP)
	done := make(chan struct{})
	defer func() { signal.Stop(ends); close(done) }()
	go func() {
		select {
		case <-ends:
		case <-done:
			return
		}
		outMu.Lock()
		if frames > 0 {
			out.WriteString("\n")
		}
		out.Flush()
		exit(0)
	}()
	width, height := widthFor(s)
	// The original reads the CPU counters at start-up and the tasks once before a short
	// pause: the first frame's rates cover that interval.
	v := cli.Open(vo, stderr)
	if v == nil {
		return 1
	}
	vo.Warn = io.Discard
	prev, err := ReadSnapshot(v, s, true)
	if err != nil {
		return cli.Error(stderr, prog, "Unable to create meminfo structure: "+err.Error())
	}
	sleep(PrimingDelay)
	for frame := 0; ; frame++ {
		v := cli.Open(vo, stderr)
		if v == nil {
			out.Flush()
			return 1
		}
		cur, err := ReadSnapshot(v, s, false)
		if err != nil {
			out.Flush()
			return cli.Error(stderr, prog, "Unable to create meminfo structure: "+err.Error())
		}
		outMu.Lock()
		if frame > 0 {
			out.WriteString("\n\n")
		}
		out.Write(Render(cur, prev, s, width, height))
		frames++
		err = out.Flush()
		outMu.Unlock()
		if err != nil {
			return 0
		}
		prev = cur
		if ro.loops > 0 && frame+1 >= ro.loops {
			break
		}
		sleep(delayDuration(s.Delay))
	}
	outMu.Lock()
	out.WriteString("\n")
	out.Flush()
	outMu.Unlock()
	return 0
}

// exit ends the process from the batch loop's signal handler.
var exit = os.Exit

func delayDuration(d float32) time.Duration {
	sec := int64(d)
	ns := int64((d - float32(sec)) * 1e9)
	return time.Duration(sec)*time.Second + time.Duration(ns)
}
