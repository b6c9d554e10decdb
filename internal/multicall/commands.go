package multicall

import (
	"fmt"
	"io"
)

func procfsMain(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "cgprocps: procfs: not yet implemented")
	return 1
}

func loadavgdMain(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "cgprocps: loadavgd: not yet implemented")
	return 1
}
