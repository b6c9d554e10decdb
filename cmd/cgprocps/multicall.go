package main

// The dispatcher: by the name the binary was invoked as (a symlink named free, uptime, ...) or
// by its first argument (cgprocps free -h), and the suite's own commands.

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cgprocps/cgprocps/internal/profile"
	"github.com/cgprocps/cgprocps/internal/version"
	"github.com/cgprocps/cgprocps/tool/df"
	"github.com/cgprocps/cgprocps/tool/free"
	"github.com/cgprocps/cgprocps/tool/iostat"
	"github.com/cgprocps/cgprocps/tool/sar"
	"github.com/cgprocps/cgprocps/tool/top"
	"github.com/cgprocps/cgprocps/tool/uptime"
	"github.com/cgprocps/cgprocps/tool/vmstat"
)

// MainFunc is a tool's entry point: argv0 as invoked, the arguments after it, the exit status.
type MainFunc func(argv0 string, args []string, stdout, stderr io.Writer) int

// Tool is one tool of the suite.
type Tool struct {
	Name string
	Main MainFunc
}

// Tools lists the tools in the order --list prints them.
var Tools = []Tool{
	{"free", free.Main},
	{"uptime", uptime.Main},
	{"top", top.Main},
	{"vmstat", vmstat.Main},
	{"iostat", iostat.Main},
	{"sar", sar.Main},
	{"df", df.Main},
}

// Lookup returns the tool called name.
func Lookup(name string) (Tool, bool) {
	for _, t := range Tools {
		if t.Name == name {
			return t, true
		}
	}
	return Tool{}, false
}

// dispatch runs the multicall binary with the full argv and returns the exit status.
func dispatch(argv []string, stdout, stderr io.Writer) int {
	if len(argv) == 0 {
		argv = []string{"cgprocps"}
	}
	if t, ok := Lookup(filepath.Base(argv[0])); ok {
		return t.Main(argv[0], argv[1:], stdout, stderr)
	}
	args := argv[1:]
	if len(args) == 0 {
		usage(stderr)
		return 1
	}
	if t, ok := Lookup(args[0]); ok {
		return t.Main(args[0], args[1:], stdout, stderr)
	}
	switch args[0] {
	case "--list", "-l":
		for _, t := range Tools {
			fmt.Fprintln(stdout, t.Name)
		}
		return 0
	case "--version", "-V", "version":
		sel := profile.Current(stderr)
		fmt.Fprintf(stdout, "cgprocps %s (free, uptime from %s; top, vmstat from %s; iostat, sar from %s; df from %s)\n",
			version.Version, sel.Procps.Original(), version.Procps, version.Sysstat, sel.Coreutils.Original())
		fmt.Fprintf(stdout, "version profile %s, from %s (docs/profiles.md)\n", sel.Profile, sel.Source)
		return 0
	case "--help", "-h", "help":
		usage(stdout)
		return 0
	case "--install":
		return install(args[1:], stdout, stderr)
	case "--record-profile":
		return recordMain(args[1:], stdout, stderr)
	case "procfs":
		return procfsMain(args[1:], stdout, stderr)
	case "loadavgd":
		return loadavgdMain(args[1:], stdout, stderr)
	case "fs":
		return fsMain(args[1:], stderr)
	case "man":
		return manMain(args[1:], stdout, stderr)
	case "completion":
		return completionMain(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "cgprocps: unknown tool or command '%s'\n", args[0])
	fmt.Fprintf(stderr, "Try 'cgprocps --help' for more information.\n")
	return 1
}

func usage(w io.Writer) {
	names := make([]string, len(Tools))
	for i, t := range Tools {
		names[i] = t.Name
	}
	fmt.Fprintf(w, `Usage:
 cgprocps TOOL [ARGS...]        run a tool (%s)
 TOOL [ARGS...]                 the same, through a symlink named TOOL
 cgprocps --install [-f] DIR    make a symlink per tool in DIR (-f replaces existing files)
                                and record the image's version profile (docs/profiles.md):
                                --profile P (instead of detecting), --image ROOT, --no-profile
 cgprocps --record-profile      record the version profile only, as the packages do: written
                                when absent or as last recorded (--profile P, --image ROOT)
 cgprocps --list                list the tools
 cgprocps procfs [OPTIONS] DIR  write the container's view as DIR/proc/* and DIR/sys/*
 cgprocps loadavgd [OPTIONS]    sample the container's load average (foreground)
 cgprocps fs [-f] DIR           serve the live view at DIR (FUSE; runs cgprocps-fs)
 cgprocps man DIR               write a man page per tool (and cgprocps.1) in DIR
 cgprocps completion SHELL      print the bash, zsh or fish completion script
 cgprocps --version             print the version

Every tool shows the numbers of the container it runs in (its cgroup's limits and usage) in
the exact format of procps-ng, sysstat or coreutils. Every tool also takes:
 --host              print what the original tool prints (host view)
 --container         force the container view
 --cgroup PATH       show the view of another cgroup (a folder or a hierarchy path)
 --pid PID           show the view of the cgroup PID is in
 --container-id ID   show what container ID sees (Docker, containerd/CRI, Podman, runc)
Environment: CGPROCPS_ROOT=DIR reads /proc and /sys under DIR; CGPROCPS_PROFILE=P (such as
debian13, or procps=4.0.4) chooses the releases reproduced, over /etc/cgprocps/profile.
`, strings.Join(names, ", "))
}

// install makes DIR/<tool> -> this executable for every tool, and records the version
// profile of the image (recordProfile).
func install(args []string, stdout, stderr io.Writer) int {
	force := false
	var dir string
	image, chosen, noProfile := "/", "", false
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-f" || a == "--force":
			force = true
		case a == "--no-profile":
			noProfile = true
		case (a == "--profile" || a == "--image") && i+1 < len(args):
			i++
			if a == "--profile" {
				chosen = args[i]
			} else {
				image = args[i]
			}
		case strings.HasPrefix(a, "-") && a != "-":
			fmt.Fprintf(stderr, "cgprocps: --install: unknown option '%s'\n", a)
			return 1
		case dir == "":
			dir = a
		default:
			fmt.Fprintf(stderr, "cgprocps: --install takes one directory\n")
			return 1
		}
	}
	if dir == "" {
		fmt.Fprintf(stderr, "cgprocps: --install needs a directory: cgprocps --install [-f] DIR\n")
		return 1
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "cgprocps: cannot find my own path: %v\n", err)
		return 1
	}
	if abs, err := filepath.EvalSymlinks(self); err == nil {
		self = abs
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "cgprocps: --install: %s: not a directory\n", dir)
		return 1
	}
	status := 0
	for _, t := range Tools {
		link := filepath.Join(dir, t.Name)
		if _, err := os.Lstat(link); err == nil {
			if !force {
				fmt.Fprintf(stderr, "cgprocps: %s exists (use -f to replace it)\n", link)
				status = 1
				continue
			}
			if err := os.Remove(link); err != nil {
				fmt.Fprintf(stderr, "cgprocps: %v\n", err)
				status = 1
				continue
			}
		}
		if err := os.Symlink(self, link); err != nil {
			fmt.Fprintf(stderr, "cgprocps: %v\n", err)
			status = 1
		}
	}
	if !noProfile && !recordProfile(image, chosen, false, stdout, stderr) {
		status = 1
	}
	return status
}

// RecordState is where --record-profile keeps a copy of what it last wrote, under the image:
// the file is its to rewrite only while it still reads so.
const RecordState = "/var/lib/cgprocps/profile"

// recordMain is --record-profile [--image ROOT] [--profile P], the packages' postinst: it
// writes the profile file (detected, or P) when it is absent or still what the last
// --record-profile wrote (so an upgrade follows the image's releases), else keeps it (written
// by hand or by --install), and keeps a copy in RecordState.
func recordMain(args []string, stdout, stderr io.Writer) int {
	image, chosen := "/", ""
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case (a == "--profile" || a == "--image") && i+1 < len(args):
			i++
			if a == "--profile" {
				chosen = args[i]
			} else {
				image = args[i]
			}
		default:
			fmt.Fprintf(stderr, "cgprocps: --record-profile: unknown argument '%s'\n", a)
			return 1
		}
	}
	file := filepath.Join(image, profile.ConfigFile)
	state := filepath.Join(image, RecordState)
	cur, err := os.ReadFile(file)
	if err == nil {
		last, err2 := os.ReadFile(state)
		if err2 != nil || string(last) != string(cur) {
			fmt.Fprintf(stdout, "cgprocps: version profile kept: %s was written by hand or by --install\n", file)
			return 0
		}
	}
	if !recordProfile(image, chosen, true, stdout, stderr) {
		return 1
	}
	text, err := os.ReadFile(file)
	if err == nil {
		if err = os.MkdirAll(filepath.Dir(state), 0o755); err == nil {
			err = os.WriteFile(state, text, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "cgprocps: cannot keep a copy of the version profile: %v\n", err)
		return 1
	}
	return 0
}

// recordProfile writes IMAGE/etc/cgprocps/profile (profile.ConfigFile under image), once:
// the profile chosen (--profile P), else the one profile.Detect finds from the image's
// package records (dpkg) or /etc/os-release. An existing file is kept unless --profile is
// given or replace is set. It reports false on an invalid --profile or a failed write.
func recordProfile(image, chosen string, replace bool, stdout, stderr io.Writer) bool {
	file := filepath.Join(image, profile.ConfigFile)
	var p profile.Profile
	var how string
	if chosen != "" {
		var err error
		if p, err = profile.Parse(chosen); err != nil {
			fmt.Fprintf(stderr, "cgprocps: --install --profile: %v\n", err)
			return false
		}
		how = "--profile " + chosen
	} else {
		if _, err := os.Stat(file); err == nil && !replace {
			fmt.Fprintf(stdout, "cgprocps: version profile kept: %s exists\n", file)
			return true
		}
		p, how = profile.Detect(image)
	}
	err := os.MkdirAll(filepath.Dir(file), 0o755)
	if err == nil {
		err = os.WriteFile(file, []byte(profile.ConfigText(p, how)), 0o644)
	}
	if err != nil {
		fmt.Fprintf(stderr, "cgprocps: cannot record the version profile: %v\n", err)
		return false
	}
	fmt.Fprintf(stdout, "cgprocps: version profile %s (%s) recorded in %s\n", p, how, file)
	return true
}
