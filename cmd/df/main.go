// Command df is the cgroup-aware df as a single binary (the multicall cgprocps holds it too).
package main

import (
	"os"

	_ "github.com/cgprocps/cgprocps/internal/bigstack" // first: one stack growth, at start-up

	"github.com/cgprocps/cgprocps/tool/df"
)

func main() {
	os.Exit(df.Main(os.Args[0], os.Args[1:], os.Stdout, os.Stderr))
}
