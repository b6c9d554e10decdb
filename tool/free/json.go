package free

import (
	"strconv"

	"github.com/cgprocps/cgprocps/internal/getopt"
	"github.com/cgprocps/cgprocps/internal/profile"
)

// --json: one object per report in the versioned schema docs/schema/free-1.json (docs/json.md),
// sizes in bytes whatever the unit options say. Not an option of the original.

const optJSON = 0x200

// JSONSchema names the schema and version of the --json output.
const JSONSchema = "cgprocps.free/1"

// parserOpts returns the original's table plus the suite's own long options (marked Ext, so that
// abbreviations keep the original's meaning and ambiguities). It is built per command line, not at
// package initialisation, which every tool of the multicall binary would pay for.
func parserOpts() []getopt.Option {
	return parserOptsFor(profile.Procps4_0_2)
}

// parserOptsFor is release ver's long options and --json.
func parserOptsFor(ver profile.Procps) []getopt.Option {
	return append(longOptsFor(ver), getopt.Option{Name: "json", Val: optJSON, Ext: true})
}

// AppendJSON appends the report v as one JSON object and a newline; container says whose
// numbers they are.
func AppendJSON(b []byte, v Values, container bool) []byte {
	view := "host"
	if container {
		view = "container"
	}
	b = append(b, `{"schema":"`+JSONSchema+`","tool":"free","view":"`+view+`","memory":{`...)
	b = jsonField(b, "total", v.MemTotal, false)
	b = jsonField(b, "used", v.MemUsed, true)
	b = jsonField(b, "free", v.MemFree, true)
	b = jsonField(b, "shared", v.Shared, true)
	b = jsonField(b, "buffers", v.Buffers, true)
	b = jsonField(b, "cache", v.Cache, true)
	b = jsonField(b, "available", v.Available, true)
	b = append(b, `},"swap":{`...)
	b = jsonField(b, "total", v.SwapTotal, false)
	b = jsonField(b, "used", v.SwapUsed, true)
	b = jsonField(b, "free", v.SwapFree, true)
	b = append(b, `},"committed":{`...)
	b = jsonField(b, "limit", v.CommitLimit, false)
	b = jsonField(b, "committed", v.CommittedAS, true)
	return append(b, "}}\n"...)
}

// jsonField appends "name":bytes, the value given in KiB.
func jsonField(b []byte, name string, kib uint64, comma bool) []byte {
	if comma {
		b = append(b, ',')
	}
	b = append(b, '"')
	b = append(b, name...)
	b = append(b, `":`...)
	return strconv.AppendUint(b, kib*1024, 10)
}
