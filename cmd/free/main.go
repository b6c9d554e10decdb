// Command free is the cgroup-aware free as a single binary (the multicall cgprocps holds it too).
package main

import (
	"os"

	_ "github.com/cgprocps/cgprocps/internal/bigstack" // first: one stack growth, at start-up

	"github.com/cgprocps/cgprocps/tool/free"
)

func main() {
	os.Exit(free.Main(os.Args[0], os.Args[1:], os.Stdout, os.Stderr))
}
