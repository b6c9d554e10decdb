// Command uptime is the cgroup-aware uptime as a single binary (the multicall cgprocps holds it too).
package main

import (
	"os"

	_ "github.com/cgprocps/cgprocps/internal/bigstack" // first: one stack growth, at start-up

	"github.com/cgprocps/cgprocps/tool/uptime"
)

func main() {
	os.Exit(uptime.Main(os.Args[0], os.Args[1:], os.Stdout, os.Stderr))
}
