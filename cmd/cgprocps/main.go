// Command cgprocps is the multicall binary: it runs free, uptime, top, vmstat, iostat, sar or
// df by the name it is invoked as (a symlink) or by its first argument, and holds the suite's
// own commands (procfs, loadavgd, man, completion, --install, --list, --version): the
// dispatcher is multicall.go, the commands commands.go, man.go and completion.go.
package main

import (
	"os"

	_ "github.com/cgprocps/cgprocps/internal/bigstack" // first: one stack growth, at start-up
)

func main() {
	os.Exit(dispatch(os.Args, os.Stdout, os.Stderr))
}
