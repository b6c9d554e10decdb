// Package top will hold the cgroup-aware top; its issue has not landed yet.
package top

import (
	"fmt"
	"io"
	"path/filepath"
)

// Main runs top with argv0 as invoked and the arguments after it; it returns the exit status.
func Main(argv0 string, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintf(stderr, "%s: not yet implemented in cgprocps\n", filepath.Base(argv0))
	return 1
}
