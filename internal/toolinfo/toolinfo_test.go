package toolinfo

import (
	"reflect"
	"testing"

	"github.com/cgprocps/cgprocps/internal/getopt"
)

const sample = `
Usage:
 %s [options]

Show things, in the layout
of the original.

Second paragraph.

Units (one at most):
 -b, --bytes         bytes
 -s N, --seconds N   repeat every N seconds,
                     continued here
     --tebi          tebibytes
 Not an option, less indented.
Report:
 -h                  short only
     --cgroup PATH   a value
     --when=WHEN     attached value
`

func TestParseHelp(t *testing.T) {
	got := ParseHelp(sample)
	want := []Opt{
		{Short: "b", Long: "bytes", Help: "bytes", Group: "Units"},
		{Short: "s", Long: "seconds", Arg: "N", Help: "repeat every N seconds, continued here", Group: "Units"},
		{Long: "tebi", Help: "tebibytes", Group: "Units"},
		{Short: "h", Help: "short only", Group: "Report"},
		{Long: "cgroup", Arg: "PATH", Help: "a value", Group: "Report"},
		{Long: "when", Arg: "WHEN", Help: "attached value", Group: "Report"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseHelp:\n got %+v\nwant %+v", got, want)
	}
	if d := HelpDescription(sample); d != "Show things, in the layout of the original.\n\nSecond paragraph." {
		t.Errorf("HelpDescription = %q", d)
	}
}

func TestCheckOptions(t *testing.T) {
	opts := ParseHelp(sample)
	long := []getopt.Option{
		{Name: "bytes"}, {Name: "seconds", HasArg: getopt.RequiredArgument}, {Name: "tebi"},
		{Name: "cgroup", HasArg: getopt.RequiredArgument}, {Name: "when", HasArg: getopt.RequiredArgument},
	}
	if p := CheckOptions(opts, "bs:h", long); len(p) != 0 {
		t.Errorf("consistent tables: %v", p)
	}
	long[2] = getopt.Option{Name: "pebi"}
	p := CheckOptions(opts, "bsx", long)
	want := map[string]bool{
		"--pebi is not in the help":                                   true,
		"the help names --tebi, which the table lacks":                true,
		"-s: the help and the option string disagree on its argument": true,
		"-x is not in the help":                                       true,
		"the help names -h, which the option string lacks":            true,
	}
	if len(p) != len(want) {
		t.Errorf("problems %q", p)
	}
	for _, s := range p {
		if !want[s] {
			t.Errorf("unexpected problem %q", s)
		}
	}
}

func FuzzParseHelp(f *testing.F) {
	f.Add(sample)
	f.Add(" -s N, --seconds=N  x\n   y\n--a b  c\n -x,  \n")
	f.Fuzz(func(t *testing.T, text string) {
		for _, o := range ParseHelp(text) {
			if o.Short == "" && o.Long == "" {
				t.Errorf("an option without a name: %+v", o)
			}
			if len(o.Short) > 1 {
				t.Errorf("short option %q of more than one byte", o.Short)
			}
		}
		HelpDescription(text)
	})
}
