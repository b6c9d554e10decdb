// Package version holds the suite's version and the original releases each tool matches.
package version

// Version is the cgprocps version; release builds set it with
// -ldflags "-X github.com/cgprocps/cgprocps/internal/version.Version=1.2.3".
var Version = "0.1.0-dev"

// Original release each tool reproduces, for -V lines such as
// "free from procps-ng 4.0.2 (cgprocps 0.1.0)".
const (
	Procps    = "procps-ng 4.0.2"
	Sysstat   = "sysstat 12.6.1"
	Coreutils = "GNU coreutils 9.1"
)

// Line is the one-line -V text: "<tool> from <original> (cgprocps <version>)".
func Line(tool, original string) string {
	return tool + " from " + original + " (cgprocps " + Version + ")"
}
