// Package iostat will hold the cgroup-aware iostat; its issue has not landed yet.
package iostat

import (
	"fmt"
	"io"
	"path/filepath"
)

// Main runs iostat with argv0 as invoked and the arguments after it; it returns the exit status.
func Main(argv0 string, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintf(stderr, "%s: not yet implemented in cgprocps\n", filepath.Base(argv0))
	return 1
}
