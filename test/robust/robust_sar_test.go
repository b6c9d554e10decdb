package robust

import (
	"bytes"
	"regexp"

	"github.com/cgprocps/cgprocps/tool/sar"
)

// sar runs every report it has (-A) with interval 0: the statistics since boot, one sample
// and no sleep, which reads every file an interval's sample reads.
func init() {
	tools = append(tools, tool{"sar",
		func(a string, _ []string, o, e *bytes.Buffer) int { return sar.Main(a, []string{"-A", "0"}, o, e) },
		regexp.MustCompile(`^Linux [^\n]+\t\(\d+ CPU\)\n(\n\d\d:\d\d:\d\d [^\n]+\n(\d\d:\d\d:\d\d [^\n]+\n)+)+$`)})
}
