package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/internal/cli"
	"github.com/cgprocps/cgprocps/internal/getopt"
)

// The suite's own commands parse like the tools: getopt_long with the container options of
// internal/cli (--host, --container, --cgroup PATH, --pid PID).

func procfsUsage(w io.Writer) {
	io.WriteString(w, "Usage: cgprocps procfs [--host|--container] [--cgroup PATH|--pid PID] DIR\n")
}

// procfsMain: cgprocps procfs [--host|--container|--cgroup P|--pid N] DIR
func procfsMain(args []string, stdout, stderr io.Writer) int {
	const prog = "cgprocps procfs"
	var k cli.Container
	p := cli.NewParser(prog, args, "", nil, stderr)
	for c := p.Next(); c != getopt.Done; c = p.Next() {
		if status := k.Other(c, p.Optarg, prog, stderr, procfsUsage); status >= 0 {
			return status
		}
	}
	if len(p.Operands()) != 1 {
		procfsUsage(stderr)
		return 1
	}
	v := cli.Open(k.ViewOptions(prog, stderr), stderr)
	if v == nil {
		return 1
	}
	if err := v.WriteProcfs(p.Operands()[0]); err != nil {
		return cli.Error(stderr, prog, err.Error())
	}
	return 0
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
