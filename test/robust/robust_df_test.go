package robust

import (
	"bytes"
	"regexp"

	"github.com/cgprocps/cgprocps/tool/df"
)

// df reads the capture's proc/self/mountinfo (already among the targets) as its mount
// table; sizes come from statfs of the machine's own paths, so a mount point the machine
// lacks is skipped as coreutils skips it. A mutated table must give a well-formed listing or
// one clear error ("df: no file systems processed", "df: cannot read table ...").
func init() {
	tools = append(tools, tool{"df",
		func(a string, args []string, o, e *bytes.Buffer) int { return df.Main(a, args, o, e) },
		regexp.MustCompile(`^Filesystem +1K-blocks +Used +Available +Use% +Mounted on\n([^\n]* +(\d+|-) +(\d+|-) +(\d+|-) +(\d+%|-) [^\n]*\n)*$`)})
}
