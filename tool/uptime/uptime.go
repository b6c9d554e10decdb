// Package uptime is the cgroup-aware uptime: procps-ng's uptime, byte for byte, over the
// uptime and load of the container (or of the host); the release is the version profile's
// (internal/profile: 4.0.2 by default, 3.3.17 or 4.0.4).
//
// Where each number comes from: FormatDefault/FormatPretty/FormatSince → cgview.Uptime
// (seconds) and cgview.LoadAverages; the user count → the host's utmp file; the clock →
// time.Now in the local zone (TZ).
package uptime

import (
	"io"
	"time"

	"github.com/cgprocps/cgprocps/internal/cgview"
	"github.com/cgprocps/cgprocps/internal/cli"
	"github.com/cgprocps/cgprocps/internal/getopt"
	"github.com/cgprocps/cgprocps/internal/profile"
	"github.com/cgprocps/cgprocps/internal/version"
)

const shortOpts = "phsV"

// longOpts is the original's table, in its order.
var longOpts = []getopt.Option{
	{Name: "pretty", Val: 'p'},
	{Name: "help", Val: 'h'},
	{Name: "since", Val: 's'},
	{Name: "version", Val: 'V'},
}

const helpText = `
Usage:
 %s [options]

Show how long this container (or the host) has been running, the number of
logged-in users and the load averages, in the layout of procps-ng's uptime.

Options:
 -p, --pretty   show only the time up, in words
 -s, --since    show the time it started, YYYY-MM-DD HH:MM:SS
     --json     print the report as one JSON object
 -h, --help     print this help and exit
 -V, --version  print the version and exit
`

func usage(w io.Writer, prog string) {
	for i := 0; i+1 < len(helpText); i++ {
		if helpText[i] == '%' && helpText[i+1] == 's' {
			io.WriteString(w, helpText[:i]+prog+helpText[i+2:]+cli.ContainerHelp)
			return
		}
	}
}

// Main runs uptime with argv0 as invoked and the arguments after it, as the release of the
// profile in force (profile.Current); it returns the exit status.
func Main(argv0 string, args []string, stdout, stderr io.Writer) int {
	return MainProfile(profile.Current(stderr).Profile, argv0, args, stdout, stderr)
}

// MainProfile runs uptime as the procps-ng release of profile pr (3.3.17, 4.0.2 and 4.0.4
// take the same options).
func MainProfile(pr profile.Profile, argv0 string, args []string, stdout, stderr io.Writer) int {
	ver := pr.Procps
	prog := cli.ProgName(argv0)
	usageTo := func(w io.Writer) { usage(w, prog) }
	pretty, jsonOut := false, false
	var k cli.Container
	p := cli.NewParser(argv0, args, shortOpts, parserOpts(), stderr)
	for {
		c := p.Next()
		if c == getopt.Done {
			break
		}
		switch c {
		case 'p':
			pretty = true
		case optJSON:
			jsonOut = true
		case 'h':
			usage(stdout, prog)
			return 0
		case 's':
			// The original prints at once and ignores the rest of the line; only the container
			// options that follow still choose the view.
			p.Opterr = false
			for c := p.Next(); c != getopt.Done; c = p.Next() {
				if _, err := k.Handle(c, p.Optarg); err != nil {
					return cli.Error(stderr, prog, err.Error())
				}
			}
			return since(stdout, stderr, prog, k.ViewOptions(prog, stderr), ver)
		case 'V':
			io.WriteString(stdout, version.Line("uptime", ver.Original())+"\n")
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
	v := cli.Open(k.ViewOptions(prog, stderr), stderr)
	if v == nil {
		return 1
	}
	up, err := v.Uptime()
	if err != nil {
		return cli.Error(stderr, prog, "Cannot get system uptime: "+err.Error())
	}
	if pretty && !jsonOut {
		stdout.Write([]byte(FormatPrettyFor(ver, up.Seconds()) + "\n"))
		return 0
	}
	now := time.Unix(time.Now().Unix(), 0).In(cli.Local())
	load, err := v.LoadAverages()
	if err != nil {
		return cli.Error(stderr, prog, "Cannot get load average: "+err.Error())
	}
	if jsonOut {
		stdout.Write(AppendJSON(nil, Report{Container: v.Container(), Now: now.Unix(), UpCentis: up.Centis,
			Users: countUsersFor(ver), Load: load.Hundredths, LoadSampled: load.Sampled}))
		return 0
	}
	line := FormatDefaultFor(ver, now, up.Seconds(), countUsersFor(ver), [3]float64{load.Avg(0), load.Avg(1), load.Avg(2)})
	stdout.Write([]byte(line + "\n"))
	return 0
}

// since prints the -s line.
func since(stdout, stderr io.Writer, prog string, vo cgview.Options, ver profile.Procps) int {
	v := cli.Open(vo, stderr)
	if v == nil {
		return 1
	}
	up, err := v.Uptime()
	if err != nil {
		return cli.Error(stderr, prog, "Cannot get system uptime: "+err.Error())
	}
	if ver == profile.Procps3_3_17 && cInt(up.Seconds()) == 0 {
		// 3.3.17 takes uptime()'s (int) result 0 (under a second up) for a failure.
		return cli.Error(stderr, prog, "uptime")
	}
	stdout.Write([]byte(FormatSinceFor(ver, time.Now().In(cli.Local()), up.Seconds()) + "\n"))
	return 0
}
