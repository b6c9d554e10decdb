package robust

import (
	"bytes"
	"regexp"

	"github.com/cgprocps/cgprocps/tool/vmstat"
)

// vmstat over the mutated captures: the default report (stat, vmstat, meminfo, uptime, the
// cgroup's memory.stat and CPU files, the processes' stat and status files), -s, and the disk
// summary (diskstats, /sys/block).
func init() {
	tools = append(tools,
		tool{"vmstat", func(a string, args []string, o, e *bytes.Buffer) int { return vmstat.Main(a, nil, o, e) },
			regexp.MustCompile(`^procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----\n r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st\n( *\d+){17}\n$`)},
		tool{"vmstat", func(a string, args []string, o, e *bytes.Buffer) int { return vmstat.Main(a, []string{"-s"}, o, e) },
			regexp.MustCompile(`^( +\d+ K [a-z ]+\n){10}( +\d+ [a-zA-Z -]+\n){18}$`)},
		tool{"vmstat", func(a string, args []string, o, e *bytes.Buffer) int { return vmstat.Main(a, []string{"-D"}, o, e) },
			regexp.MustCompile(`^( +\d+ [a-zA-Z ]+\n){13}$`)},
	)
	extraTargets = append(extraTargets, func(rel, base string) bool {
		return rel == "proc/vmstat" || rel == "proc/diskstats" || base == "status" ||
			base == "io.stat" || base == "blkio.throttle.io_service_bytes_recursive" ||
			base == "blkio.throttle.io_serviced_recursive"
	})
}
