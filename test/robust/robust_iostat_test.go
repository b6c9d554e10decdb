package robust

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/cgprocps/cgprocps/tool/iostat"
)

func init() {
	tools = append(tools, tool{"iostat",
		func(a string, args []string, o, e *bytes.Buffer) int { return iostat.Main(a, args, o, e) },
		regexp.MustCompile(`^\S+ \S+ \(\S*\) \t\d\d/\d\d/\d\d \t_\S+_\t\(\d+ CPU\)\n\n` +
			`avg-cpu:  %user   %nice %system %iowait  %steal   %idle\n       ( +\d+\.\d\d){6}\n\n` +
			`Device +tps +kB_read/s +kB_wrtn/s +kB_dscd/s +kB_read +kB_wrtn +kB_dscd\n` +
			`(\S+ +\d+\.\d\d( +\d+\.\d\d){3}( +\d+){3}\n)*\n\n$`)})
	// iostat reads the cgroup's I/O accounting and the block devices' files.
	extraTargets = append(extraTargets, func(rel, base string) bool {
		return strings.HasPrefix(rel, "sys/fs/cgroup/") && (base == "io.stat" || strings.HasPrefix(base, "blkio.throttle.io_serv")) ||
			strings.HasPrefix(rel, "sys/block/") && (base == "stat" || base == "dev") ||
			strings.HasPrefix(rel, "sys/dev/block/")
	})
}
