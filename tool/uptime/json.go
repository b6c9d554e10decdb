package uptime

import (
	"strconv"

	"github.com/cgprocps/cgprocps/internal/getopt"
)

// --json: one object in the versioned schema docs/schema/uptime-1.json (docs/json.md). Not an
// option of the original; it takes precedence over -p (-s still prints at once, as the
// original's -s does).

const optJSON = 0x200

// JSONSchema names the schema and version of the --json output.
const JSONSchema = "cgprocps.uptime/1"

// parserOpts returns the original's table plus the suite's own long options (marked Ext, so that
// abbreviations keep the original's meaning and ambiguities). It is built per command line, not at
// package initialisation, which every tool of the multicall binary would pay for.
func parserOpts() []getopt.Option {
	return append(longOpts[:len(longOpts):len(longOpts)], getopt.Option{Name: "json", Val: optJSON, Ext: true})
}

// Report is what --json prints.
type Report struct {
	Container   bool
	Now         int64  // Unix seconds
	UpCentis    uint64 // time up, 1/100 s
	Users       int
	Load        [3]uint64 // hundredths
	LoadSampled bool
}

// AppendJSON appends r as one JSON object and a newline.
func AppendJSON(b []byte, r Report) []byte {
	view := "host"
	if r.Container {
		view = "container"
	}
	b = append(b, `{"schema":"`+JSONSchema+`","tool":"uptime","view":"`+view+`","time":`...)
	b = strconv.AppendInt(b, r.Now, 10)
	b = append(b, `,"uptime_seconds":`...)
	b = appendHundredths(b, r.UpCentis)
	b = append(b, `,"since":`...)
	b = strconv.AppendInt(b, r.Now-int64((r.UpCentis+99)/100), 10)
	b = append(b, `,"users":`...)
	b = strconv.AppendInt(b, int64(r.Users), 10)
	b = append(b, `,"load":[`...)
	for i, h := range r.Load {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendHundredths(b, h)
	}
	b = append(b, `],"load_sampled":`...)
	b = strconv.AppendBool(b, r.LoadSampled)
	return append(b, "}\n"...)
}

// appendHundredths appends n/100 with two decimals ("12.05").
func appendHundredths(b []byte, n uint64) []byte {
	b = strconv.AppendUint(b, n/100, 10)
	b = append(b, '.', byte('0'+n%100/10), byte('0'+n%10))
	return b
}
