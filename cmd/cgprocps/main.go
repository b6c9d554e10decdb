// Command cgprocps is the multicall binary: it runs free, uptime, top, vmstat, iostat, sar or
// df by the name it is invoked as (a symlink) or by its first argument, and holds the suite's
// own commands (procfs, loadavgd, --install, --list, --version).
package main

import (
	"os"

	_ "github.com/cgprocps/cgprocps/internal/bigstack" // first: one stack growth, at start-up

	"github.com/cgprocps/cgprocps/internal/multicall"
)

func main() {
	os.Exit(multicall.Main(os.Args, os.Stdout, os.Stderr))
}
