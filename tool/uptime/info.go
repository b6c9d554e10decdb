package uptime

import (
	"github.com/cgprocps/cgprocps/internal/toolinfo"
	"github.com/cgprocps/cgprocps/internal/version"
)

// Info describes uptime for the generated man page and completions: its options and prose are
// read from the --help text, which a test checks against the getopt tables.
func Info() toolinfo.Info {
	return toolinfo.Info{
		Name:        "uptime",
		Original:    version.Procps,
		Summary:     "show how long the container or the host has been running, and its load",
		Synopsis:    "[options]",
		Description: toolinfo.HelpDescription(helpText),
		Options:     toolinfo.ParseHelp(helpText),
		Notes: []string{
			"In container mode the time up is the age of the container (since its oldest process started), the users are the host's logged-in users, and the load averages are the container's: from the cgprocps loadavgd sampler when it runs, else the number of the container's running threads.",
		},
	}
}
