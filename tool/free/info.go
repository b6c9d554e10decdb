package free

import (
	"github.com/cgprocps/cgprocps/internal/toolinfo"
	"github.com/cgprocps/cgprocps/internal/version"
)

// Info describes free for the generated man page and completions: its options and prose are
// read from the --help text, which a test checks against the getopt tables.
func Info() toolinfo.Info {
	return toolinfo.Info{
		Name:        "free",
		Original:    version.Procps,
		Summary:     "show the amount of free and used memory of the container or the host",
		Synopsis:    "[options]",
		Description: toolinfo.HelpDescription(helpText),
		Options:     toolinfo.ParseHelp(helpText),
		Notes: []string{
			"In container mode total is the memory limit (the smallest in the cgroup's ancestry, at most the host's memory) and Swap total the swap the container may use; used, free, shared, buff/cache and available are the cgroup's own (memory.current or memory.usage_in_bytes, and memory.stat).",
		},
	}
}
