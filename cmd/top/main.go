// Command top is the cgroup-aware top as a single binary (the multicall cgprocps holds it too).
package main

import (
	"os"

	_ "github.com/cgprocps/cgprocps/internal/bigstack" // first: one stack growth, at start-up

	"github.com/cgprocps/cgprocps/tool/top"
)

func main() {
	os.Exit(top.Main(os.Args[0], os.Args[1:], os.Stdout, os.Stderr))
}
