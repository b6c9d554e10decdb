package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/internal/cli"
	"github.com/cgprocps/cgprocps/internal/getopt"
)

// The suite's own commands parse like the tools: getopt_long with the container options of
// internal/cli (--host, --container, --cgroup PATH, --pid PID).

func procfsUsage(w io.Writer) {
	io.WriteString(w, "Usage: cgprocps procfs [--host|--container] [--cgroup PATH|--pid PID] [--interval DURATION] DIR\n")
}

const optInterval = 0x200

// procfsMain: cgprocps procfs [--host|--container|--cgroup P|--pid N] [--interval D] DIR
// writes the view once, or, with --interval, again every D (a Go duration, "2s", or
// seconds, "0.5") until SIGINT or SIGTERM. Each file is replaced through a rename, so a
// reader never sees one half written.
func procfsMain(args []string, stdout, stderr io.Writer) int {
	const prog = "cgprocps procfs"
	var k cli.Container
	var interval time.Duration
	p := cli.NewParser(prog, args, "", []getopt.Option{
		{Name: "interval", HasArg: getopt.RequiredArgument, Val: optInterval},
	}, stderr)
	for c := p.Next(); c != getopt.Done; c = p.Next() {
		if c == optInterval {
			d, err := parseInterval(p.Optarg)
			if err != nil {
				return cli.Error(stderr, prog, "invalid interval '"+p.Optarg+"'")
			}
			interval = d
			continue
		}
		if status := k.Other(c, p.Optarg, prog, stderr, procfsUsage); status >= 0 {
			return status
		}
	}
	if len(p.Operands()) != 1 {
		procfsUsage(stderr)
		return 1
	}
	o := k.ViewOptions(prog, stderr)
	write := func() int {
		v := cli.Open(o, stderr)
		if v == nil {
			return 1
		}
		if err := v.WriteProcfs(p.Operands()[0]); err != nil {
			return cli.Error(stderr, prog, err.Error())
		}
		return 0
	}
	if status := write(); status != 0 || interval == 0 {
		return status
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return 0
		case <-t.C:
			// A new View each time: a View reads each file once and keeps it.
			if status := write(); status != 0 {
				return status
			}
		}
	}
}

// parseInterval reads a positive Go duration ("500ms", "2s") or a number of seconds ("0.5").
func parseInterval(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != f || f > 1e9 {
			return 0, err
		}
		d = time.Duration(f * float64(time.Second))
	}
	if d <= 0 {
		return 0, strconv.ErrRange
	}
	return d, nil
}

func loadavgdUsage(w io.Writer) {
	io.WriteString(w, "Usage: cgprocps loadavgd [--state-dir DIR] [--once] [--cgroup PATH|--pid PID]\n")
}

const (
	optStateDir = 0x100 + iota
	optOnce
)

// loadavgdMain: cgprocps loadavgd [--state-dir DIR] [--once] [--cgroup P|--pid N]
// samples the cgroup's R+D threads every 5 s into the load state file (foreground).
func loadavgdMain(args []string, stdout, stderr io.Writer) int {
	const prog = "cgprocps loadavgd"
	var k cli.Container
	once, stateDir := false, ""
	p := cli.NewParser(prog, args, "", []getopt.Option{
		{Name: "state-dir", HasArg: getopt.RequiredArgument, Val: optStateDir},
		{Name: "once", Val: optOnce},
	}, stderr)
	for c := p.Next(); c != getopt.Done; c = p.Next() {
		switch c {
		case optStateDir:
			stateDir = p.Optarg
		case optOnce:
			once = true
		default:
			if status := k.Other(c, p.Optarg, prog, stderr, loadavgdUsage); status >= 0 {
				return status
			}
		}
	}
	if !cli.NoOperands(p, stderr, loadavgdUsage) {
		return 1
	}
	o := k.ViewOptions(prog, stderr)
	o.Mode = cgview.ModeContainer
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := cgview.RunSampler(ctx, o, stateDir, once); err != nil {
		return cli.Error(stderr, prog, err.Error())
	}
	return 0
}

// fsMain: cgprocps fs [--foreground] MOUNTPOINT runs cgprocps-fs from beside this executable
// (found without os/exec, whose initialisation every tool would pay). The FUSE server is a
// binary of its own so that go-fuse's initialisation does not run in every tool
// (docs/decisions.md, docs/livefs.md).
func fsMain(args []string, stderr io.Writer) int {
	const name = "cgprocps-fs"
	var path string
	if self, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(self), name)
		if _, err := os.Stat(p); err == nil {
			path = p
		}
	}
	if path == "" {
		return cli.Error(stderr, "cgprocps fs", "the live view is served by "+name+", which is not installed beside cgprocps")
	}
	err := syscall.Exec(path, append([]string{name}, args...), os.Environ())
	return cli.Error(stderr, "cgprocps fs", path+": "+err.Error())
}
