package vmstat

import (
	"strconv"
	"time"

	"github.com/cgprocps/cgprocps/internal/getopt"
	"github.com/cgprocps/cgprocps/internal/profile"
)

// --json: one object per report line (JSON Lines) in the versioned schema
// docs/schema/vmstat-1.json (docs/json.md). Not an option of the original. Memory is in
// bytes whatever -S says; si/so are KiB/s and bi/bo blocks (KiB)/s, computed as the text
// line's default columns are. Only the default report: -s -d -D -p -f -m refuse it.

const optJSON = 0x200

// JSONSchema names the schema and version of the --json output.
const JSONSchema = "cgprocps.vmstat/1"

// errJSONMode is the message for --json with another report than the default one.
const errJSONMode = "--json works with the default report only"

// parserOpts returns the original's table plus the suite's own long options (marked Ext, so that
// abbreviations keep the original's meaning and ambiguities). It is built per command line, not at
// package initialisation, which every tool of the multicall binary would pay for.
func parserOpts() []getopt.Option { return parserOptsFor(profile.Procps4_0_2) }

// parserOptsFor is parserOpts for release ver.
func parserOptsFor(ver profile.Procps) []getopt.Option {
	return append(longOptsFor(ver), getopt.Option{Name: "json", Val: optJSON, Ext: true})
}

// appendJSON appends one report line as a JSON object and a newline: s is the sample the line
// shows, rest its columns as firstRest/intervalRest computed them with the KiB unit.
func appendJSON(b []byte, container, active bool, s sample, rest [12]uint32, now time.Time) []byte {
	view := "host"
	if container {
		view = "container"
	}
	b = append(b, `{"schema":"`+JSONSchema+`","tool":"vmstat","view":"`+view+`","time":`...)
	b = strconv.AppendInt(b, now.Unix(), 10)
	b = append(b, `,"procs":{"r":`...)
	b = strconv.AppendUint(b, s.st.Running, 10)
	b = append(b, `,"b":`...)
	b = strconv.AppendUint(b, s.st.Blocked, 10)
	m := s.mem
	b = append(b, `},"memory":{"swpd":`...)
	b = strconv.AppendUint(b, m.SwapUsed*1024, 10)
	b = append(b, `,"free":`...)
	b = strconv.AppendUint(b, m.Free*1024, 10)
	if active {
		b = append(b, `,"inact":`...)
		b = strconv.AppendUint(b, m.Inactive*1024, 10)
		b = append(b, `,"active":`...)
		b = strconv.AppendUint(b, m.Active*1024, 10)
	} else {
		b = append(b, `,"buff":`...)
		b = strconv.AppendUint(b, m.Buffers*1024, 10)
		b = append(b, `,"cache":`...)
		b = strconv.AppendUint(b, m.CachedAll*1024, 10)
	}
	names := [...]string{`},"swap":{"si":`, `,"so":`, `},"io":{"bi":`, `,"bo":`, `},"system":{"in":`, `,"cs":`,
		`},"cpu":{"us":`, `,"sy":`, `,"id":`, `,"wa":`, `,"st":`}
	for i, n := range names {
		b = append(b, n...)
		b = strconv.AppendUint(b, uint64(rest[i]), 10)
	}
	return append(b, "}}\n"...)
}
