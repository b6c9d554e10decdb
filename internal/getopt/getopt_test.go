package getopt

import (
	"fmt"
	"strings"
	"testing"
)

// freeLong is procps-ng 4.0.2 free's table (codes as in the C enum: CHAR_MAX+1...).
var freeLong = []Option{
	{Name: "bytes", Val: 'b'},
	{Name: "kilo", Val: 129},
	{Name: "mega", Val: 130},
	{Name: "giga", Val: 131},
	{Name: "tera", Val: 132},
	{Name: "peta", Val: 133},
	{Name: "kibi", Val: 'k'},
	{Name: "mebi", Val: 'm'},
	{Name: "gibi", Val: 'g'},
	{Name: "tebi", Val: 134},
	{Name: "pebi", Val: 135},
	{Name: "human", Val: 'h'},
	{Name: "si", Val: 128},
	{Name: "lohi", Val: 'l'},
	{Name: "total", Val: 't'},
	{Name: "committed", Val: 'v'},
	{Name: "seconds", HasArg: RequiredArgument, Val: 's'},
	{Name: "count", HasArg: RequiredArgument, Val: 'c'},
	{Name: "wide", Val: 'w'},
	{Name: "help", Val: 136},
	{Name: "version", Val: 'V'},
	// the suite's own options, as internal/cli appends them
	{Name: "host", Val: 0x1000, Ext: true},
	{Name: "container", Val: 0x1001, Ext: true},
	{Name: "cgroup", HasArg: RequiredArgument, Val: 0x1002, Ext: true},
	{Name: "pid", HasArg: RequiredArgument, Val: 0x1003, Ext: true},
	{Name: "container-id", HasArg: RequiredArgument, Val: 0x1004, Ext: true},
}

const freeShort = "bkmghltvc:ws:V"

// optLong is a table with optional arguments and a duplicate (same Val and kind: not ambiguous).
var optLong = []Option{
	{Name: "color", HasArg: OptionalArgument, Val: 'C'},
	{Name: "colour", HasArg: OptionalArgument, Val: 'C'},
	{Name: "verbose", Val: 'v'},
	{Name: "file", HasArg: RequiredArgument, Val: 'f'},
}

// trace runs a whole scan and renders every event, the errors and the operands.
func trace(argv0 string, args []string, short string, long []Option, posix bool) (string, string) {
	var errb strings.Builder
	p := New(argv0, args, short, long, &errb)
	p.PosixlyCorrect = posix
	var ev []string
	for i := 0; i < 100; i++ {
		c := p.Next()
		if c == Done {
			break
		}
		name := string(rune(c))
		if c >= 128 || c < 32 {
			name = fmt.Sprint(c)
		}
		if p.LongIndex >= 0 {
			name = "--" + long[p.LongIndex].Name
		}
		switch {
		case c == Error:
			name = fmt.Sprintf("?(%d)", p.Optopt)
		case c == MissingArg:
			name = fmt.Sprintf(":(%c)", p.Optopt)
		case p.HasOptarg:
			name += "=" + p.Optarg
		}
		ev = append(ev, name)
	}
	ev = append(ev, "|", strings.Join(p.Operands(), " "))
	return strings.Join(ev, " "), errb.String()
}

func TestNext(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		short  string
		long   []Option
		posix  bool
		events string
		stderr string
	}{
		{"cluster", []string{"-hw", "-t"}, freeShort, freeLong, false, "h w t | ", ""},
		{"attached value", []string{"-s1"}, freeShort, freeLong, false, "s=1 | ", ""},
		{"separate value", []string{"-s", "1", "-c", "2"}, freeShort, freeLong, false, "s=1 c=2 | ", ""},
		{"value ends cluster", []string{"-hs5w"}, freeShort, freeLong, false, "h s=5w | ", ""},
		{"value is next word even if dash", []string{"-s", "-h"}, freeShort, freeLong, false, "s=-h | ", ""},
		{"long with =", []string{"--seconds=1"}, freeShort, freeLong, false, "--seconds=1 | ", ""},
		{"long separate", []string{"--seconds", "1"}, freeShort, freeLong, false, "--seconds=1 | ", ""},
		{"long empty value", []string{"--seconds="}, freeShort, freeLong, false, "--seconds= | ", ""},
		{"prefix", []string{"--tot", "--hu", "--w"}, freeShort, freeLong, false, "--total --human --wide | ", ""},
		{"exact beats prefix", []string{"--si"}, freeShort, freeLong, false, "--si | ", ""},
		{"invalid short", []string{"-x"}, freeShort, freeLong, false, "?(120) | ",
			"free: invalid option -- 'x'\n"},
		{"invalid in cluster continues", []string{"-hxw"}, freeShort, freeLong, false, "h ?(120) w | ",
			"free: invalid option -- 'x'\n"},
		{"colon is never an option", []string{"-:"}, freeShort, freeLong, false, "?(58) | ",
			"free: invalid option -- ':'\n"},
		{"raw byte", []string{"-\xc3"}, freeShort, freeLong, false, "?(195) | ",
			"free: invalid option -- '\xc3'\n"},
		{"missing short value", []string{"-h", "-s"}, freeShort, freeLong, false, "h ?(115) | ",
			"free: option requires an argument -- 's'\n"},
		{"unrecognized long", []string{"--foo"}, freeShort, freeLong, false, "?(0) | ",
			"free: unrecognized option '--foo'\n"},
		{"unrecognized long keeps value", []string{"--foo=bar"}, freeShort, freeLong, false, "?(0) | ",
			"free: unrecognized option '--foo=bar'\n"},
		{"missing long value", []string{"--seconds"}, freeShort, freeLong, false, "?(115) | ",
			"free: option '--seconds' requires an argument\n"},
		{"missing long value via prefix", []string{"--sec"}, freeShort, freeLong, false, "?(115) | ",
			"free: option '--seconds' requires an argument\n"},
		{"no argument allowed", []string{"--help=1"}, freeShort, freeLong, false, "?(136) | ",
			"free: option '--help' doesn't allow an argument\n"},
		{"no argument allowed via prefix", []string{"--hel=1"}, freeShort, freeLong, false, "?(136) | ",
			"free: option '--help' doesn't allow an argument\n"},
		{"ambiguous in table order", []string{"--s"}, freeShort, freeLong, false, "?(0) | ",
			"free: option '--s' is ambiguous; possibilities: '--si' '--seconds'\n"},
		{"ambiguous keeps value", []string{"--s=1"}, freeShort, freeLong, false, "?(0) | ",
			"free: option '--s=1' is ambiguous; possibilities: '--si' '--seconds'\n"},
		{"ambiguous three", []string{"--t"}, freeShort, freeLong, false, "?(0) | ",
			"free: option '--t' is ambiguous; possibilities: '--tera' '--tebi' '--total'\n"},
		{"ext options stay out of original ambiguity", []string{"--c"}, freeShort, freeLong, false, "?(0) | ",
			"free: option '--c' is ambiguous; possibilities: '--committed' '--count'\n"},
		{"ext options stay out of original prefix", []string{"--h"}, freeShort, freeLong, false, "?(0) | ",
			"free: option '--h' is ambiguous; possibilities: '--human' '--help'\n"},
		{"ext prefix when no original matches", []string{"--ho", "--cg=/a", "--pi", "7"}, freeShort, freeLong, false,
			"--host --cgroup=/a --pid=7 | ", ""},
		{"ext exact", []string{"--container"}, freeShort, freeLong, false, "--container | ", ""},
		{"ext ambiguous among themselves", []string{"--cont"}, freeShort, freeLong, false, "?(0) | ",
			"free: option '--cont' is ambiguous; possibilities: '--container' '--container-id'\n"},
		{"empty name", []string{"--=x"}, "a", []Option{{Name: "aa", Val: 'a'}, {Name: "bb", Val: 'b'}}, false, "?(0) | ",
			"free: option '--=x' is ambiguous; possibilities: '--aa' '--bb'\n"},
		{"same option twice is not ambiguous", []string{"--col", "--colo=never"}, "C::vf:", optLong, false,
			"--color --color=never | ", ""},
		{"optional long never takes next word", []string{"--color", "always"}, "C::vf:", optLong, false,
			"--color | always", ""},
		{"optional short attached", []string{"-Calways", "-C", "x"}, "C::vf:", optLong, false,
			"C=always C | x", ""},
		{"optional short in cluster", []string{"-vC"}, "C::vf:", optLong, false, "v C | ", ""},
		{"permutation", []string{"a", "-h", "b", "-s", "1", "c"}, freeShort, freeLong, false, "h s=1 | a b c", ""},
		{"double dash ends options", []string{"-h", "--", "-w", "x"}, freeShort, freeLong, false, "h | -w x", ""},
		{"double dash after operands", []string{"a", "-h", "--", "-w"}, freeShort, freeLong, false, "h | a -w", ""},
		{"single dash is an operand", []string{"-", "-h"}, freeShort, freeLong, false, "h | -", ""},
		{"posixly correct stops", []string{"a", "-h"}, freeShort, freeLong, true, "| a -h", ""},
		{"plus stops", []string{"-w", "a", "-h"}, "+" + freeShort, freeLong, false, "w | a -h", ""},
		{"minus returns operands in order", []string{"a", "-h", "b"}, "-" + freeShort, freeLong, false,
			"1=a h 1=b | ", ""},
		{"colon silences and reports missing", []string{"-x", "-s"}, ":" + freeShort, freeLong, false,
			"?(120) :(s) | ", ""},
		{"colon long missing", []string{"--seconds"}, ":" + freeShort, freeLong, false, ":(s) | ", ""},
		{"no long table: --x is short options", []string{"--x"}, "-x", nil, false, "?(45) x | ",
			"free: invalid option -- '-'\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ev, errs := trace("free", tc.args, tc.short, tc.long, tc.posix)
			if ev != tc.events {
				t.Errorf("events\n got %q\nwant %q", ev, tc.events)
			}
			if errs != tc.stderr {
				t.Errorf("stderr\n got %q\nwant %q", errs, tc.stderr)
			}
		})
	}
}

func TestProgIsArgv0Verbatim(t *testing.T) {
	_, errs := trace("/usr/local/bin/free", []string{"-x"}, freeShort, freeLong, false)
	if want := "/usr/local/bin/free: invalid option -- 'x'\n"; errs != want {
		t.Errorf("got %q, want %q", errs, want)
	}
}

func TestOpterrFalse(t *testing.T) {
	var errb strings.Builder
	p := New("free", []string{"-x", "--foo"}, freeShort, freeLong, &errb)
	p.Opterr = false
	if c := p.Next(); c != Error {
		t.Fatalf("got %d, want Error", c)
	}
	if c := p.Next(); c != Error {
		t.Fatalf("got %d, want Error", c)
	}
	if errb.Len() != 0 {
		t.Errorf("messages written with Opterr false: %q", errb.String())
	}
}

func TestArgsPermutedInPlace(t *testing.T) {
	p := New("free", []string{"x", "-h", "y", "-w"}, freeShort, freeLong, nil)
	for p.Next() != Done {
	}
	if got := strings.Join(p.Args(), " "); got != "free -h -w x y" {
		t.Errorf("argv after scan = %q", got)
	}
	if p.Optind != 3 {
		t.Errorf("optind = %d, want 3", p.Optind)
	}
}
