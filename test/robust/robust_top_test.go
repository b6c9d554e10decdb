package robust

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/cgprocps/cgprocps/tool/top"
)

// top: two batch frames (every mutated file read twice), with its per-process files and the
// user database mutated too.
func init() {
	top.PrimingDelay = 0
	frame := `top - \d\d:\d\d:\d\d up [^\n]*, +\d+ users?, +load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d\n` +
		`Tasks: +\d+ total, +\d+ running, +\d+ sleeping, +\d+ stopped, +\d+ zombie\n` +
		`%Cpu\(s\):[ \d.]{5} us,[ \d.]{5} sy,[ \d.]{5} ni,[ \d.]{5} id,[ \d.]{5} wa,[ \d.]{5} hi,[ \d.]{5} si,[ \d.]{5} st \n` +
		`MiB Mem : [ \d.+]{9}total, [ \d.+]{9}free, [ \d.+]{9}used, [ \d.+]{9}buff/cache     \n` +
		`MiB Swap: [ \d.+]{9}total, [ \d.+]{9}free, [ \d.+]{9}used\. [ \d.+]{9}avail Mem \n` +
		`\n +PID USER +PR +NI +VIRT +RES +SHR S +%CPU +%MEM +TIME\+ COMMAND` +
		`(\n +\d+ \S+ +(-?\d+|rt) +-?\d+ +[\d.mgtp?]+ +[\d.mgtp?]+ +[\d.mgtp?]+ [A-Za-z] +[\d.?]+ +([\d.?]+|-?nan|inf) +[\d:.,dwh+?]+ ?.*)*`
	tools = append(tools, tool{"top", func(a string, args []string, o, e *bytes.Buffer) int {
		return top.Main(a, append([]string{"-b", "-n", "2", "-d", "0"}, args...), o, e)
	}, regexp.MustCompile(`^` + frame + `\n\n` + frame + `\n$`)})
	extraTargets = append(extraTargets, func(rel, base string) bool {
		return strings.HasPrefix(rel, "proc/") && (base == "status" || base == "statm" || base == "cmdline") ||
			rel == "etc/passwd"
	})
}
