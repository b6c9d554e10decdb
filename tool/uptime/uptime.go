// Package uptime is the cgroup-aware uptime (work in progress).
package uptime

import (
	"fmt"
	"io"
	"path/filepath"
)

// Main runs uptime with argv0 as invoked and the arguments after it; it returns the exit status.
func Main(argv0 string, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintf(stderr, "%s: not yet implemented in cgprocps\n", filepath.Base(argv0))
	return 1
}
