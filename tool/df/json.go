package df

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"github.com/cgprocps/cgprocps/internal/cli"
	"github.com/cgprocps/cgprocps/internal/getopt"
)

// --json: one object per printed row (JSON Lines) in the versioned schema
// docs/schema/df-1.json (docs/json.md). Not an option of the original. Sizes are in bytes and
// inodes in inodes whatever -h/-H/-B/-k/-m/-i/-P/-T/--output say: the rows are built as
// `--output` of every field with -B1 builds them, and written as JSON instead of a table.

const optJSON = 0x200

// JSONSchema names the schema and version of the --json output.
const JSONSchema = "cgprocps.df/1"

// parserOpts returns the original's table plus --json (marked Ext, so that abbreviations keep the
// original's meaning and ambiguities). It is built per command line, not at package initialisation,
// which every tool of the multicall binary would pay for.
func parserOpts() []getopt.Option {
	return append(longOpts[:len(longOpts):len(longOpts)], getopt.Option{Name: "json", Val: optJSON, Ext: true})
}

// jsonColumns sets o up so that the table holds every field, in bytes.
func (o *Options) jsonColumns() {
	o.headerMode = modeOutput
	o.columns = nil
	o.fieldUsed = [numFields]bool{}
	o.outOpts, o.blockSize = 0, 1
	o.decodeOutput(allFields, false)
}

// jsonView is "container" when the container options (or their detection) pick a container,
// as for the other tools; df's rows are the same either way (a mount table has no cgroup
// numbers). Warnings and errors of the detection are not shown: the rows do not depend on it.
func jsonView(k cli.Container, prog string) string {
	vo := k.ViewOptions(prog, io.Discard)
	vo.Warn = io.Discard
	if v := cli.Open(vo, io.Discard); v != nil && v.Container() {
		return "container"
	}
	return "host"
}

// writeJSON writes the table's rows (the header skipped) as JSON objects; with --total the
// last row is the total's.
func (d *run) writeJSON(w *bufio.Writer) {
	rows := d.t.rows
	if len(rows) > 0 {
		rows = rows[1:]
	}
	var b []byte
	for n, row := range rows {
		total := d.o.total && n == len(rows)-1
		cell := map[int]string{}
		for i, c := range d.t.cols {
			cell[c.id] = row[i]
		}
		b = append(b[:0], `{"schema":"`+JSONSchema+`","tool":"df","view":"`+d.o.jsonView+`","source":`...)
		b = strconv.AppendQuote(b, cell[fSource])
		b = append(b, `,"fstype":`...)
		b = jsonText(b, cell[fFstype], total)
		b = append(b, `,"target":`...)
		b = jsonText(b, cell[fTarget], total)
		b = append(b, `,"file":`...)
		b = jsonText(b, cell[fFile], total || !d.showListed)
		b = append(b, `,"total":`...)
		b = strconv.AppendBool(b, total)
		for _, f := range []struct {
			name string
			id   int
		}{{"size", fSize}, {"used", fUsed}, {"avail", fAvail}, {"use_percent", fPcent},
			{"itotal", fItotal}, {"iused", fIused}, {"iavail", fIavail}, {"iuse_percent", fIpcent}} {
			b = append(b, `,"`+f.name+`":`...)
			b = jsonNumber(b, strings.TrimSuffix(cell[f.id], "%"))
		}
		b = append(b, "}\n"...)
		w.Write(b)
	}
}

// jsonText appends s as a JSON string, or null when null is set.
func jsonText(b []byte, s string, null bool) []byte {
	if null {
		return append(b, "null"...)
	}
	return strconv.AppendQuote(b, s)
}

// jsonNumber appends a cell that is an integer (maybe negative) as a number, "-" as null.
func jsonNumber(b []byte, s string) []byte {
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return append(b, s...)
	}
	if _, err := strconv.ParseUint(s, 10, 64); err == nil {
		return append(b, s...)
	}
	return append(b, "null"...)
}
