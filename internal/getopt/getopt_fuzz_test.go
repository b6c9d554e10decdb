package getopt

import (
	"io"
	"strings"
	"testing"
)

// FuzzParse: any argument vector (NUL-separated in the input) parses to an end, without
// a panic, and every operand returned is one of the arguments.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"-hw", "-s1\x00-c\x002", "--seconds=1\x00x", "--s", "--\x00-b", "-", "-c", "--count", "--tot\x00--wi", "-\xff", "--=x", "a\x00-b\x00c"} {
		f.Add(s, false)
	}
	longs := []Option{
		{Name: "bytes", Val: 'b'}, {Name: "seconds", HasArg: RequiredArgument, Val: 's'},
		{Name: "si", Val: 0x80}, {Name: "count", HasArg: RequiredArgument, Val: 'c'},
		{Name: "color", HasArg: OptionalArgument, Val: 0x81}, {Name: "total", Val: 't'},
		{Name: "host", Val: 0x90, Ext: true},
	}
	f.Fuzz(func(t *testing.T, in string, posix bool) {
		args := strings.Split(in, "\x00")
		if len(args) > 64 {
			args = args[:64]
		}
		p := New("prog", args, "bc:s:tw::", longs, io.Discard)
		p.PosixlyCorrect = posix
		for i := 0; ; i++ {
			if i > 4*len(args)+4*len(in)+8 {
				t.Fatalf("no end after %d calls over %q", i, args)
			}
			if p.Next() == Done {
				break
			}
		}
		in2 := map[string]bool{}
		for _, a := range args {
			in2[a] = true
		}
		for _, o := range p.Operands() {
			if !in2[o] {
				t.Fatalf("operand %q is not an argument", o)
			}
		}
	})
}
