// Command free is the cgroup-aware free as a single binary (the multicall cgprocps holds it too).
package main

import (
	"os"

	"github.com/cgprocps/cgprocps/tool/free"
)

func main() {
	os.Exit(free.Main(os.Args[0], os.Args[1:], os.Stdout, os.Stderr))
}
